#pragma once
// LogLinearHistogram: latencies (or any non-negative integers, ns by convention) in a fixed, HdrHistogram-compatible
// layout, with quantiles, a summary, merging, and HdrHistogram's percentile-distribution text (.hgrm).
//
// Layout and precision. Values below 256 have a bucket each; above, every power of two [2^m, 2^(m+1)) is cut into
// 128 equal buckets. This is exactly HdrHistogram's layout for 2 significant digits over the whole int64 range
// (256 sub-buckets, 56 buckets), so its tools read our output as their own. A value is reported as the upper edge
// of its bucket (HdrHistogram's "highest equivalent value"): never below the true value, and above it by less than
// kRelativeError (1/128, 0.78%) of it. The maximum and the mean are kept exactly, so max is never a bucket edge.
// O(1) record; fixed 57 KiB; quantiles and merges are one pass over the buckets.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace chaintwin::generators {

// What a latency report shows. Values are in the recorded unit (ns); quantiles are bucket upper edges.
struct HistogramSummary {
  std::uint64_t count = 0;
  double mean = 0.0;  // exact
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t p999 = 0;
  std::int64_t max = 0;  // exact
};

// How percentile_distribution() writes the .hgrm text.
struct PercentileDistributionFormat {
  double value_unit_scaling = 1e6;  // recorded values are divided by this: ns recorded, ms written
  int ticks_per_half_distance = 5;  // HdrHistogram's default: 5 lines per halving of the distance to 100%
  // HdrHistogram writes its significant digits (2) here; 3 keeps microseconds when milliseconds are written.
  int value_decimals = 3;
};

class LogLinearHistogram {
 public:
  // The largest relative excess of a reported value (a quantile, a .hgrm line) over the true one.
  static constexpr double kRelativeError = 1.0 / 128.0;

  void record(std::int64_t value);  // negative values count as 0
  // Adds every value `other` recorded, as if they had been recorded here (per-thread histograms into one).
  void merge(const LogLinearHistogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  // From the buckets' midpoints, as HdrHistogram computes it: within the bucket precision.
  double standard_deviation() const;
  // The value at quantile q in [0, 1] (the upper edge of its bucket, capped at the maximum seen); 0 when empty.
  std::int64_t quantile(double q) const;
  HistogramSummary summary() const;
  // Pairs (upper edge of bucket, count) of the non-empty buckets, ascending.
  std::vector<std::pair<std::int64_t, std::uint64_t>> buckets() const;

  // HdrHistogram's outputPercentileDistribution text (a .hgrm file): the header "Value Percentile TotalCount
  // 1/(1-Percentile)", one line per percentile tick (ticks_per_half_distance per halving of the distance to 100%,
  // each at the upper edge of the bucket where the tick falls), a last line at percentile 1 without the fourth
  // column, then the #[Mean, StdDeviation], #[Max, Total count] and #[Buckets, SubBuckets] footer. The HdrHistogram
  // plotter and HistogramLogAnalyzer load it.
  std::string percentile_distribution(const PercentileDistributionFormat& format = {}) const;

 private:
  static constexpr int kSubBits = 7;
  static constexpr std::size_t kSub = std::size_t{1} << kSubBits;  // buckets per power of two
  // HdrHistogram's names for the same layout, written in the .hgrm footer.
  static constexpr int kHdrSubBucketCount = 2 * static_cast<int>(kSub);
  static constexpr int kHdrBucketCount = 63 - kSubBits;
  static std::size_t index_of(std::int64_t value);
  static std::int64_t lower_edge(std::size_t index);
  static std::int64_t upper_edge(std::size_t index);
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>((64 - kSubBits) * kSub, 0);
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
  double sum_ = 0.0;
};

}  // namespace chaintwin::generators
