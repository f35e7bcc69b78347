#pragma once
// Pacing: when each message should be sent on the wall clock, and how late it really was.
//
// Every message has an intended send time derived from its simulated due time (never from when the generator got
// round to it), so a generator that falls behind shows as send delay instead of hiding the latency downstream
// (coordinated omission). Modes:
// - as fast as possible: the intended time is the moment the message is ready; send delay measures the sink;
// - real time x speedup: intended = start + (due - first due) / speedup;
// - target rate: the i-th message is intended at the time the rate schedule (a staircase of (events/s, seconds)
//   steps; the last step holds) has released i messages, whatever their simulated times.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "generators/histogram.hpp"

namespace chaintwin::generators {

enum class PaceMode : std::uint8_t { kAsFastAsPossible, kRealTime, kRate };

struct RateStep {
  double events_per_s = 0.0;
  double seconds = 0.0;  // how long the step lasts; the last one holds for ever
};

struct PacingConfig {
  PaceMode mode = PaceMode::kAsFastAsPossible;
  double speedup = 1.0;         // kRealTime: simulated seconds per wall second
  std::vector<RateStep> steps;  // kRate: a staircase, e.g. {{10'000, 30}, {20'000, 30}, {50'000, 60}}
  // A message later than this past its intended time counts as behind; a run with more than 1% behind says so.
  std::chrono::nanoseconds behind_threshold = std::chrono::milliseconds(100);
};
// Parses "afap", "realtime:SPEEDUP" or "rate:EPS[@SECONDS],EPS[@SECONDS]..." (an empty string is an error).
// Returns an error message, or "" when `text` was understood.
std::string parse_pacing(const std::string& text, PacingConfig& config);

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Pacer(PacingConfig config);

  // The wall time the next message, due at simulated `due_ns`, is intended to go out; waits until then.
  Clock::time_point wait_for_turn(std::int64_t due_ns);
  // Records that the message intended at `intended` was handed to the sink now.
  void sent(Clock::time_point intended);
  // Unix ms of a steady-clock instant (for the Kafka timestamp of the intended send time).
  std::int64_t unix_ms(Clock::time_point t) const;

  const LogLinearHistogram& send_delay() const { return delay_; }
  std::uint64_t behind() const { return behind_; }
  bool fell_behind() const { return delay_.count() > 0 && behind_ * 100 > delay_.count(); }
  std::string summary() const;  // one line: count, p50/p99/max send delay, and whether it fell behind

 private:
  Clock::time_point rate_time(std::uint64_t index) const;
  PacingConfig config_;
  Clock::time_point start_;
  std::chrono::system_clock::time_point start_wall_;
  bool started_ = false;
  std::int64_t first_due_ns_ = 0;
  std::uint64_t index_ = 0;
  LogLinearHistogram delay_;
  std::uint64_t behind_ = 0;
};

}  // namespace chaintwin::generators
