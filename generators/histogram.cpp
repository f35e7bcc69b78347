#include "generators/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace chaintwin::generators {

// Values below 128 have a bucket each; above, each power of two [2^m, 2^(m+1)) has 128 equal buckets (so [128, 256)
// still has one per value).
std::size_t LogLinearHistogram::index_of(std::int64_t value) {
  const auto v = static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0));
  if (v < kSub) return static_cast<std::size_t>(v);
  const int msb = 63 - std::countl_zero(v);
  const int shift = msb - kSubBits;
  return static_cast<std::size_t>(shift + 1) * kSub + static_cast<std::size_t>((v >> shift) - kSub);
}

std::int64_t LogLinearHistogram::lower_edge(std::size_t index) {
  if (index < kSub) return static_cast<std::int64_t>(index);
  const std::size_t shift = index / kSub - 1;
  const std::uint64_t sub = index % kSub + kSub;
  return static_cast<std::int64_t>(sub << shift);
}

std::int64_t LogLinearHistogram::upper_edge(std::size_t index) {
  if (index < kSub) return static_cast<std::int64_t>(index);
  const std::size_t shift = index / kSub - 1;
  const std::uint64_t sub = index % kSub + kSub;
  return static_cast<std::int64_t>(((sub + 1) << shift) - 1);
}

void LogLinearHistogram::record(std::int64_t value) {
  value = std::max<std::int64_t>(value, 0);
  ++counts_[index_of(value)];
  ++count_;
  max_ = std::max(max_, value);
  sum_ += static_cast<double>(value);
}

void LogLinearHistogram::merge(const LogLinearHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double LogLinearHistogram::standard_deviation() const {
  if (count_ == 0) return 0.0;
  const double m = mean();
  double squares = 0.0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const double midpoint = (static_cast<double>(lower_edge(i)) + static_cast<double>(upper_edge(i))) / 2.0;
    squares += static_cast<double>(counts_[i]) * (midpoint - m) * (midpoint - m);
  }
  return std::sqrt(squares / static_cast<double>(count_));
}

std::int64_t LogLinearHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return std::min(upper_edge(i), max_);
  }
  return max_;
}

HistogramSummary LogLinearHistogram::summary() const {
  return {count_, mean(), quantile(0.5), quantile(0.9), quantile(0.99), quantile(0.999), max_};
}

std::vector<std::pair<std::int64_t, std::uint64_t>> LogLinearHistogram::buckets() const {
  std::vector<std::pair<std::int64_t, std::uint64_t>> out;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i] > 0) out.emplace_back(upper_edge(i), counts_[i]);
  return out;
}

// HdrHistogram's percentile iterator, step for step (AbstractHistogram.outputPercentileDistribution with its
// PercentileIterator), so that the same data gives the same lines: the level to report starts at 0%; a bucket
// reports every level its cumulative percentage reaches, at its upper edge, and each report moves the level on by
// 100 / (ticks x 2^(floor(log2(100 / (100 - level))) + 1)), i.e. `ticks` steps per halving of the distance to 100%.
// The last non-empty bucket reports once, then once more at 100%.
std::string LogLinearHistogram::percentile_distribution(const PercentileDistributionFormat& format) const {
  const double scale = format.value_unit_scaling;
  const int decimals = format.value_decimals;
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
  out += line;
  double level = 0.0;  // percent
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts_.size() && cumulative < count_; ++i) {
    if (counts_[i] == 0) continue;
    cumulative += counts_[i];
    const double value = static_cast<double>(upper_edge(i)) / scale;
    const unsigned long long total = cumulative;
    while (100.0 * static_cast<double>(cumulative) / static_cast<double>(count_) >= level) {
      std::snprintf(line, sizeof line, "%12.*f %2.12f %10llu %14.2f\n", decimals, value, level / 100.0, total,
                    1.0 / (1.0 - level / 100.0));
      out += line;
      const auto halvings = static_cast<std::int64_t>(std::log(100.0 / (100.0 - level)) / std::log(2.0)) + 1;
      level += 100.0 / (static_cast<double>(format.ticks_per_half_distance) *
                        static_cast<double>(static_cast<std::int64_t>(std::pow(2.0, static_cast<double>(halvings)))));
      if (cumulative == count_) {
        std::snprintf(line, sizeof line, "%12.*f %2.12f %10llu\n", decimals, value, 1.0, total);
        out += line;
        break;
      }
    }
  }
  std::snprintf(line, sizeof line, "#[Mean    = %12.*f, StdDeviation   = %12.*f]\n", decimals, mean() / scale, decimals,
                standard_deviation() / scale);
  out += line;
  std::snprintf(line, sizeof line, "#[Max     = %12.*f, Total count    = %12llu]\n", decimals,
                static_cast<double>(max_) / scale, static_cast<unsigned long long>(count_));
  out += line;
  std::snprintf(line, sizeof line, "#[Buckets = %12d, SubBuckets     = %12d]\n", kHdrBucketCount, kHdrSubBucketCount);
  out += line;
  return out;
}

}  // namespace chaintwin::generators
