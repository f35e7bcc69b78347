#pragma once
// Demand sensing: customers per store and SKU (and per store over its whole assortment) in windows of event time,
// against a forecast the operator learns from the stream itself, with a demand signal when a window departs from
// it significantly.
//
// Windows are days (UTC, aligned to the Unix epoch) by default. A window is closed when the watermark passes its
// end plus the allowed lateness (2 h: hourly POS uploads, and the daily ones, which arrive just after midnight);
// demand arriving after that is counted late and dropped.
//
// What is counted: customers (receipt lines and web order lines), not units. Customers of a SKU-location arrive as
// a Poisson process, so counts have a Poisson law; units do not (slow movers sell several units per customer).
//
// The forecast of a window: level x weekday factor.
//   - level: per key, customers per window with the weekday effect removed: the mean of the first `warm_up`
//     windows (no signal then), afterwards an exponentially weighted mean (weight `level_smoothing`) whose input
//     is clipped to [level / ratio, level * ratio] in a window that raised a signal, so a spike or a stock-out
//     moves the forecast only slowly;
//   - weekday factor (daily windows only): the network's customers on that weekday (exponentially weighted over
//     weeks) over the mean of the seven; 1 until every weekday has been seen.
// The test, with X ~ Poisson(expected):
//   UP   when observed >= min_lines_up, observed >= ratio * expected and P(X >= observed) <= tail_probability;
//   DOWN when expected >= min_expected_down, observed <= expected / ratio and P(X <= observed) <= tail_probability.
//
// Cost: O(1) per demand event (two map look-ups); closing a window visits every key once, in key order.

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"
#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct DemandSensingConfig {
  std::int64_t window_ns = 24ll * 3600 * 1'000'000'000;
  std::int64_t allowed_lateness_ns = 2ll * 3600 * 1'000'000'000;
  std::uint32_t warm_up_windows = 14;
  double level_smoothing = 0.1;    // about ten windows of memory
  double weekday_smoothing = 0.3;  // per week
  double ratio = 1.5;
  double tail_probability = 1e-5;  // thousands of SKU-locations are tested daily: few false alarms
  std::int64_t min_lines_up = 8;
  double min_expected_down = 8.0;
};

// P(X >= k) and P(X <= k) for X ~ Poisson(mean), summed from k outwards (no cancellation in small tails).
double poisson_upper_tail(double mean, std::int64_t k);
double poisson_lower_tail(double mean, std::int64_t k);

struct DemandSensingCounters {
  std::uint64_t events = 0;          // demand events counted
  std::uint64_t late = 0;            // arrived after their window was closed: dropped
  std::uint64_t windows_closed = 0;
  std::uint64_t signals_up = 0;
  std::uint64_t signals_down = 0;
};

class DemandSensing {
 public:
  explicit DemandSensing(DemandSensingConfig config = {}) : config_(config) {}

  // A kDemand event (others are ignored), in any order.
  void add(const DecodedEvent& event);
  // Closes every window whose end plus the allowed lateness is at or before `watermark_ns`, in window order, and
  // appends its signals (ordered by store, then SKU; the store's total last).
  void close_until(std::int64_t watermark_ns, std::vector<DemandSignal>& out);

  // The sensed demand of a SKU at a store, units per day without the weekday effect; 0 if never seen.
  double units_per_day(LocationIndex store, SkuIndex sku) const;
  std::int64_t next_window_ns() const { return next_window_; }  // the first window not closed yet
  const DemandSensingCounters& counters() const { return counters_; }
  const DemandSensingConfig& config() const { return config_; }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Count {
    std::int64_t lines = 0;
    std::int64_t units = 0;
  };
  struct Key {
    double level_lines = 0.0;  // per window, weekday effect removed
    double level_units = 0.0;
    std::uint32_t windows_seen = 0;
    std::int64_t first_window = 0;
    std::map<std::int64_t, Count> open;  // by window start
  };
  static std::uint64_t key_of(LocationIndex store, SkuIndex sku) { return (std::uint64_t{store} << 32) | sku; }
  std::int64_t window_of(std::int64_t time_ns) const;
  int weekday_of(std::int64_t window_start_ns) const;
  double weekday_factor(int weekday) const;
  void close_window(std::int64_t start, std::int64_t watermark_ns, std::vector<DemandSignal>& out);

  DemandSensingConfig config_;
  std::map<std::uint64_t, Key> keys_;
  std::int64_t next_window_ = INT64_MIN;  // INT64_MIN: no demand seen yet
  std::array<double, 7> weekday_lines_{};  // network customers per weekday, exponentially weighted
  std::array<std::uint8_t, 7> weekday_seen_{};
  DemandSensingCounters counters_;
};

}  // namespace chaintwin::pipeline
