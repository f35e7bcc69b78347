#include "pipeline/signals/demand_sensing.hpp"

#include <algorithm>
#include <cmath>

namespace chaintwin::pipeline {

namespace {

constexpr std::int64_t kDayNs = 24ll * 3600 * 1'000'000'000;
constexpr std::int64_t kMaxUnitsPerEvent = 1'000'000'000;
// A week's update of a weekday's network total moves it by at most this factor: a regional spike or an outage
// shifts the weekday profile only slowly.
constexpr double kWeekdayStep = 1.2;

double poisson_term(double mean, std::int64_t k) {
  return std::exp(-mean + static_cast<double>(k) * std::log(mean) - std::lgamma(static_cast<double>(k) + 1.0));
}

}  // namespace

double poisson_upper_tail(double mean, std::int64_t k) {
  if (k <= 0) return 1.0;
  if (mean <= 0.0) return 0.0;
  if (static_cast<double>(k) <= mean) return 1.0 - poisson_lower_tail(mean, k - 1);
  // Terms fall from k on: add them until they no longer count.
  double term = poisson_term(mean, k);
  double sum = 0.0;
  for (std::int64_t i = k; term > sum * 1e-17 && i < k + 100'000; ++i) {
    sum += term;
    term *= mean / static_cast<double>(i + 1);
  }
  return std::min(sum, 1.0);
}

double poisson_lower_tail(double mean, std::int64_t k) {
  if (k < 0) return 0.0;
  if (mean <= 0.0) return 1.0;
  if (static_cast<double>(k) >= mean) return 1.0 - poisson_upper_tail(mean, k + 1);
  // Terms fall from k down to 0.
  double term = poisson_term(mean, k);
  double sum = 0.0;
  for (std::int64_t i = k; i >= 0 && term > sum * 1e-17; --i) {
    sum += term;
    term *= static_cast<double>(i) / mean;
  }
  return std::min(sum, 1.0);
}

std::int64_t DemandSensing::window_of(std::int64_t time_ns) const {
  const std::int64_t w = config_.window_ns;
  return time_ns - (((time_ns % w) + w) % w);
}

int DemandSensing::weekday_of(std::int64_t window_start_ns) const {
  // Day 0 of the Unix epoch was a Thursday; the weekday only matters as one of seven classes.
  const std::int64_t day = window_start_ns / kDayNs - (window_start_ns % kDayNs < 0 ? 1 : 0);
  return static_cast<int>(((day % 7) + 7) % 7);
}

double DemandSensing::weekday_factor(int weekday) const {
  if (config_.window_ns != kDayNs) return 1.0;
  double mean = 0.0;
  for (int d = 0; d < 7; ++d) {
    if (!weekday_seen_[static_cast<std::size_t>(d)]) return 1.0;
    mean += weekday_lines_[static_cast<std::size_t>(d)] / 7.0;
  }
  return mean > 0.0 ? weekday_lines_[static_cast<std::size_t>(weekday)] / mean : 1.0;
}

void DemandSensing::add(const DecodedEvent& e) {
  if (e.signal != Signal::kDemand || e.location == kUnknown || e.sku == kUnknown) return;
  const std::int64_t window = window_of(e.event_time_ns);
  if (next_window_ != INT64_MIN && window < next_window_) {
    ++counters_.late;
    return;
  }
  if (next_window_ == INT64_MIN) next_window_ = window;
  ++counters_.events;
  // Bounded so that no window's sum can overflow, whatever a message claims.
  const std::int64_t units = std::clamp<std::int64_t>(e.quantity, 0, kMaxUnitsPerEvent);
  for (const SkuIndex sku : {e.sku, kUnknown}) {
    auto [it, created] = keys_.try_emplace(key_of(e.location, sku));
    if (created) it->second.first_window = window;
    Count& c = it->second.open[window];
    ++c.lines;
    c.units += units;
  }
}

void DemandSensing::close_until(std::int64_t watermark_ns, std::vector<DemandSignal>& out) {
  if (next_window_ == INT64_MIN || watermark_ns < INT64_MIN + config_.window_ns + config_.allowed_lateness_ns) return;
  // Overflow-safe form of next + window + lateness <= watermark.
  while (next_window_ <= watermark_ns - config_.window_ns - config_.allowed_lateness_ns) {
    close_window(next_window_, watermark_ns, out);
    next_window_ += config_.window_ns;
  }
}

void DemandSensing::close_window(std::int64_t start, std::int64_t watermark_ns, std::vector<DemandSignal>& out) {
  ++counters_.windows_closed;
  const int weekday = weekday_of(start);
  const double factor = weekday_factor(weekday);
  const double ratio = config_.ratio;
  std::int64_t network_lines = 0;
  for (auto& [key, k] : keys_) {
    if (k.first_window > start) continue;
    Count c;
    if (const auto it = k.open.find(start); it != k.open.end()) {
      c = it->second;
      k.open.erase(it);
    }
    const SkuIndex sku = static_cast<SkuIndex>(key);
    if (sku == kUnknown) network_lines += c.lines;
    bool signalled = false;
    if (k.windows_seen >= config_.warm_up_windows) {
      const double expected = k.level_lines * factor;
      DemandSignal s;
      s.store = static_cast<LocationIndex>(key >> 32);
      s.sku = sku;
      s.window_start_ns = start;
      s.window_end_ns = start + config_.window_ns;
      s.observed_lines = c.lines;
      s.observed_units = c.units;
      s.expected_lines = expected;
      s.detected_at_ns = watermark_ns;
      const double observed = static_cast<double>(c.lines);
      if (c.lines >= config_.min_lines_up && observed >= ratio * expected) {
        s.direction = DemandDirection::kUp;
        s.tail_probability = poisson_upper_tail(expected, c.lines);
        signalled = s.tail_probability <= config_.tail_probability;
      } else if (expected >= config_.min_expected_down && observed * ratio <= expected) {
        s.direction = DemandDirection::kDown;
        s.tail_probability = poisson_lower_tail(expected, c.lines);
        signalled = s.tail_probability <= config_.tail_probability;
      }
      if (signalled) {
        ++(s.direction == DemandDirection::kUp ? counters_.signals_up : counters_.signals_down);
        out.push_back(s);
      }
    }
    // Learn: the weekday effect removed; a window that raised a signal moves the level by at most the ratio.
    double lines = static_cast<double>(c.lines) / factor;
    double units = static_cast<double>(c.units) / factor;
    if (k.windows_seen < config_.warm_up_windows) {
      const double n = static_cast<double>(k.windows_seen) + 1.0;
      k.level_lines += (lines - k.level_lines) / n;
      k.level_units += (units - k.level_units) / n;
    } else {
      if (signalled) {
        lines = std::clamp(lines, k.level_lines / ratio, k.level_lines * ratio);
        units = std::clamp(units, k.level_units / ratio, k.level_units * ratio);
      }
      k.level_lines += config_.level_smoothing * (lines - k.level_lines);
      k.level_units += config_.level_smoothing * (units - k.level_units);
    }
    ++k.windows_seen;
  }
  auto& level = weekday_lines_[static_cast<std::size_t>(weekday)];
  auto& seen = weekday_seen_[static_cast<std::size_t>(weekday)];
  const double total = static_cast<double>(network_lines);
  if (!seen) {
    level = total;
    seen = total > 0.0 ? 1 : 0;
  } else {
    level += config_.weekday_smoothing * (std::clamp(total, level / kWeekdayStep, level * kWeekdayStep) - level);
  }
}

double DemandSensing::units_per_day(LocationIndex store, SkuIndex sku) const {
  const auto it = keys_.find(key_of(store, sku));
  if (it == keys_.end() || it->second.windows_seen == 0) return 0.0;
  return it->second.level_units * static_cast<double>(kDayNs) / static_cast<double>(config_.window_ns);
}

void DemandSensing::save(CheckpointWriter& out) const {
  out.put(next_window_);
  out.put(weekday_lines_);
  out.put(weekday_seen_);
  out.put(counters_);
  out.put<std::uint64_t>(keys_.size());
  for (const auto& [key, k] : keys_) {
    out.put(key);
    out.put(k.level_lines);
    out.put(k.level_units);
    out.put(k.windows_seen);
    out.put(k.first_window);
    out.put<std::uint64_t>(k.open.size());
    for (const auto& [window, c] : k.open) {
      out.put(window);
      out.put(c.lines);
      out.put(c.units);
    }
  }
}

void DemandSensing::load(CheckpointReader& in) {
  next_window_ = in.get<std::int64_t>();
  weekday_lines_ = in.get<std::array<double, 7>>();
  weekday_seen_ = in.get<std::array<std::uint8_t, 7>>();
  counters_ = in.get<DemandSensingCounters>();
  keys_.clear();
  const std::uint64_t n = in.get_count(44);
  for (std::uint64_t i = 0; i < n; ++i) {
    Key& k = keys_[in.get<std::uint64_t>()];
    k.level_lines = in.get<double>();
    k.level_units = in.get<double>();
    k.windows_seen = in.get<std::uint32_t>();
    k.first_window = in.get<std::int64_t>();
    const std::uint64_t windows = in.get_count(24);
    for (std::uint64_t j = 0; j < windows; ++j) {
      const auto window = in.get<std::int64_t>();
      Count& c = k.open[window];
      c.lines = in.get<std::int64_t>();
      c.units = in.get<std::int64_t>();
    }
  }
}

}  // namespace chaintwin::pipeline
