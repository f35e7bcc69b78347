// LogLinearHistogram: the relative error bound of its buckets, quantiles of a known distribution, merging, and the
// .hgrm text (exact lines for a small case, and read back by a Python reader that parses it as the plotter does).
#include "generators/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::generators {
namespace {

// A deterministic sample of an exponential distribution (mean 2 ms, in ns): the inverse CDF at the midpoints of n
// equal slices of probability, so that its order statistics are the distribution's quantiles.
std::vector<std::int64_t> exponential_sample(std::size_t n) {
  std::vector<std::int64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    values.push_back(static_cast<std::int64_t>(std::llround(-2e6 * std::log(1.0 - u))));
  }
  return values;
}

// The exact value at quantile q of sorted values: the smallest with at least q n values at or below it.
std::int64_t exact_quantile(const std::vector<std::int64_t>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

TEST(LogLinearHistogram, EveryBucketEdgeIsWithinTheRelativeErrorBound) {
  // Values from 1 ns to 10^15 ns (11.6 days), 50 per decade, and both sides of every power of two.
  std::vector<std::int64_t> values;
  for (double v = 1.0; v < 1e15; v *= std::pow(10.0, 1.0 / 50.0)) values.push_back(static_cast<std::int64_t>(v));
  for (int m = 1; m < 62; ++m) {
    values.push_back((std::int64_t{1} << m) - 1);
    values.push_back(std::int64_t{1} << m);
  }
  values.push_back(std::numeric_limits<std::int64_t>::max());
  for (const std::int64_t v : values) {
    LogLinearHistogram h;
    h.record(v);
    const std::int64_t edge = h.buckets().at(0).first;
    EXPECT_GE(edge, v);
    EXPECT_LE(static_cast<double>(edge - v), static_cast<double>(v) * LogLinearHistogram::kRelativeError) << v;
    if (v < 256) {
      EXPECT_EQ(edge, v);  // one bucket per value below 256
    }
  }
}

TEST(LogLinearHistogram, QuantilesOfAnExponentialDistribution) {
  std::vector<std::int64_t> sample = exponential_sample(200'000);
  LogLinearHistogram h;
  for (const std::int64_t v : sample) h.record(v);
  std::sort(sample.begin(), sample.end());
  const HistogramSummary s = h.summary();
  EXPECT_EQ(s.count, 200'000u);
  EXPECT_EQ(s.max, sample.back());  // exact, not a bucket edge
  const std::pair<double, std::int64_t> quantiles[] = {{0.5, s.p50}, {0.9, s.p90}, {0.99, s.p99}, {0.999, s.p999}};
  for (const auto& [q, reported] : quantiles) {
    const std::int64_t exact = exact_quantile(sample, q);
    EXPECT_GE(reported, exact) << q;
    EXPECT_LE(static_cast<double>(reported - exact), static_cast<double>(exact) * LogLinearHistogram::kRelativeError)
        << q;
    EXPECT_NEAR(static_cast<double>(reported), -2e6 * std::log(1.0 - q), -2e6 * std::log(1.0 - q) * 0.01) << q;
  }
  EXPECT_NEAR(s.mean, 2e6, 2e6 * 0.001);
  EXPECT_NEAR(h.standard_deviation(), 2e6, 2e6 * 0.01);  // an exponential's standard deviation is its mean
}

TEST(LogLinearHistogram, MergingHalvesGivesTheWhole) {
  const std::vector<std::int64_t> sample = exponential_sample(10'000);
  LogLinearHistogram whole, odd, even;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    whole.record(sample[i]);
    (i % 2 == 0 ? even : odd).record(sample[i]);
  }
  even.merge(odd);
  EXPECT_EQ(even.buckets(), whole.buckets());
  EXPECT_EQ(even.count(), whole.count());
  EXPECT_EQ(even.max(), whole.max());
  EXPECT_DOUBLE_EQ(even.mean(), whole.mean());
  EXPECT_EQ(even.percentile_distribution(), whole.percentile_distribution());
}

TEST(LogLinearHistogram, EmptyHistogramSummarisesToZeros) {
  const LogLinearHistogram h;
  const HistogramSummary s = h.summary();
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.p999, 0);
  EXPECT_EQ(s.max, 0);
  EXPECT_NE(h.percentile_distribution().find("Total count    =            0]"), std::string::npos);
}

TEST(LogLinearHistogram, PercentileDistributionIsHdrHistogramsText) {
  // What HdrHistogram prints for 25, 50 and 75 (outputPercentileDistribution with a scaling of 1): 10% steps up
  // to 50%, 5% steps up to 75%, the tick each bucket reaches, and the last value again at 100%.
  LogLinearHistogram h;
  for (std::int64_t v : {25, 50, 75}) h.record(v);
  const std::string expected =
      "       Value     Percentile TotalCount 1/(1-Percentile)\n"
      "\n"
      "      25.000 0.000000000000          1           1.00\n"
      "      25.000 0.100000000000          1           1.11\n"
      "      25.000 0.200000000000          1           1.25\n"
      "      25.000 0.300000000000          1           1.43\n"
      "      50.000 0.400000000000          2           1.67\n"
      "      50.000 0.500000000000          2           2.00\n"
      "      50.000 0.550000000000          2           2.22\n"
      "      50.000 0.600000000000          2           2.50\n"
      "      50.000 0.650000000000          2           2.86\n"
      "      75.000 0.700000000000          3           3.33\n"
      "      75.000 1.000000000000          3\n"
      "#[Mean    =       50.000, StdDeviation   =       20.412]\n"
      "#[Max     =       75.000, Total count    =            3]\n"
      "#[Buckets =           56, SubBuckets     =          256]\n";
  EXPECT_EQ(h.percentile_distribution({.value_unit_scaling = 1.0}), expected);
}

TEST(LogLinearHistogram, PercentileDistributionReadsBackAsThePlotterReadsIt) {
  std::vector<std::int64_t> sample = exponential_sample(100'000);
  LogLinearHistogram h;
  for (const std::int64_t v : sample) h.record(v);
  std::sort(sample.begin(), sample.end());
  const std::filesystem::path path = std::filesystem::path(CHAINTWIN_BINARY_DIR) / "exponential.hgrm";
  std::ofstream(path) << h.percentile_distribution();  // ns recorded, ms written
  // The reader checks the layout and that each tick's value is the exact quantile (in ms) within the error bound.
  std::string command = "python3 " CHAINTWIN_SOURCE_DIR "/tests/generators/read_hgrm.py " + path.string() +
                        " --count 100000 --max-ms " + std::to_string(static_cast<double>(sample.back()) / 1e6);
  for (const double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact_ms = static_cast<double>(exact_quantile(sample, q)) / 1e6;
    command += " --tick " + std::to_string(q) + "=" + std::to_string(exact_ms);
  }
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace chaintwin::generators
