#include "generators/pacing.hpp"

#include <charconv>
#include <cmath>
#include <thread>

namespace chaintwin::generators {

namespace {

bool parse_double(std::string_view text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

}  // namespace

std::string parse_pacing(const std::string& text, PacingConfig& config) {
  const std::string_view t = text;
  if (t == "afap") {
    config.mode = PaceMode::kAsFastAsPossible;
    return "";
  }
  if (t.starts_with("realtime")) {
    config.mode = PaceMode::kRealTime;
    config.speedup = 1.0;
    if (t == "realtime") return "";
    if (t[8] != ':' || !parse_double(t.substr(9), config.speedup) || config.speedup <= 0.0)
      return "expected realtime:SPEEDUP with SPEEDUP > 0, e.g. realtime:60";
    return "";
  }
  if (t.starts_with("rate:")) {
    config.mode = PaceMode::kRate;
    config.steps.clear();
    std::string_view rest = t.substr(5);
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      RateStep step;
      const std::size_t at = item.find('@');
      if (!parse_double(item.substr(0, at), step.events_per_s) || step.events_per_s <= 0.0 ||
          (at != std::string_view::npos && (!parse_double(item.substr(at + 1), step.seconds) || step.seconds <= 0.0)))
        return "expected rate:EVENTS_PER_S[@SECONDS],... with positive numbers, e.g. rate:10000@30,50000";
      config.steps.push_back(step);
    }
    if (config.steps.empty()) return "expected at least one rate, e.g. rate:50000";
    return "";
  }
  return "expected afap, realtime[:SPEEDUP] or rate:EVENTS_PER_S[@SECONDS],...";
}

Pacer::Pacer(PacingConfig config) : config_(std::move(config)) {}

Pacer::Clock::time_point Pacer::rate_time(std::uint64_t index) const {
  // Walk the staircase: each step releases rate x seconds messages; the last step holds.
  double elapsed = 0.0;
  auto remaining = static_cast<double>(index);
  for (std::size_t i = 0; i < config_.steps.size(); ++i) {
    const RateStep& s = config_.steps[i];
    const bool last = i + 1 == config_.steps.size();
    const double released = s.events_per_s * s.seconds;
    if (last || remaining < released) {
      elapsed += remaining / s.events_per_s;
      break;
    }
    remaining -= released;
    elapsed += s.seconds;
  }
  return start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(elapsed * 1e9));
}

Pacer::Clock::time_point Pacer::wait_for_turn(std::int64_t due_ns) {
  if (!started_) {
    started_ = true;
    start_ = Clock::now();
    start_wall_ = std::chrono::system_clock::now();
    first_due_ns_ = due_ns;
  }
  Clock::time_point intended;
  switch (config_.mode) {
    case PaceMode::kAsFastAsPossible: return Clock::now();
    case PaceMode::kRealTime:
      intended = start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(
                              static_cast<double>(due_ns - first_due_ns_) / config_.speedup));
      break;
    case PaceMode::kRate: intended = rate_time(index_++); break;
  }
  // Sleep, never spin: a sleep overshoots by tens of microseconds, which the send-delay histogram records and the
  // next messages (due at absolute times) make up, while spinning on short waits took most of a core at 10-20 k
  // messages/s and starved the Kafka client and embedded broker threads sharing the machine.
  if (intended > Clock::now()) std::this_thread::sleep_until(intended);
  return intended;
}

void Pacer::sent(Clock::time_point intended) {
  const auto delay = Clock::now() - intended;
  delay_.record(std::chrono::duration_cast<std::chrono::nanoseconds>(delay).count());
  if (delay > config_.behind_threshold) ++behind_;
}

std::int64_t Pacer::unix_ms(Clock::time_point t) const {
  if (!started_) return std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  const auto wall = start_wall_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - start_);
  return std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
}

std::string Pacer::summary() const {
  auto ms = [](std::int64_t ns) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<double>(ns) / 1e6,
                                         std::chars_format::fixed, 2);
    return std::string(buf, ec == std::errc() ? end : buf);
  };
  std::string s = "send delay over " + std::to_string(delay_.count()) + " messages: p50 " +
                  ms(delay_.quantile(0.5)) + " ms, p99 " + ms(delay_.quantile(0.99)) + " ms, max " +
                  ms(delay_.max()) + " ms";
  if (fell_behind())
    s += "; the generator FELL BEHIND its pace (" + std::to_string(behind_) + " messages more than " +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(config_.behind_threshold).count()) +
         " ms late)";
  return s;
}

}  // namespace chaintwin::generators
