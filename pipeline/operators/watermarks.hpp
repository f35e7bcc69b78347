#pragma once
// Event-time watermarks over the input partitions, Flink-style: each partition's watermark is the latest event time
// it has shown minus its source's bounded out-of-orderness; the pipeline's watermark is the least of them, so an
// event is "on time" if it arrives before the watermark passes it, and late otherwise.
//
// Idleness: a quiet partition (an external feed that says nothing for days) must not hold everything back. A
// partition is idle when the consumer has read all it holds (at its end) and nothing has come from it for
// `idle_timeout` on the idleness clock; idle partitions are left out of the minimum. The caller chooses the clock:
// wall time for a live consumer (as Flink's idleness), the records' send times for a replay (deterministic).
//
// The watermark never goes back. At the end of a stream (stream_end seen and every partition read to its end) it
// jumps to the stream's end.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "pipeline/operators/checkpoint_io.hpp"

namespace chaintwin::pipeline {

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

struct WatermarkConfig {
  std::int64_t idle_timeout_ns = 60ll * 1'000'000'000;  // on the idleness clock
};

class Watermarks {
 public:
  explicit Watermarks(WatermarkConfig config = {}) : config_(config) {}

  // A partition to track, with its source's bounded out-of-orderness. Returns its slot.
  std::size_t add_partition(std::string name, std::int64_t out_of_orderness_ns);
  std::size_t partitions() const { return slots_.size(); }

  // A record of `slot`, sent at `arrival_ns`, read at `now_ns` on the idleness clock, reporting events up to
  // `max_event_ns` (kNoTime: none, e.g. a dead letter). Event times later than the arrival are clamped to it: a
  // sender's clock ahead of time says nothing.
  void observe(std::size_t slot, std::int64_t max_event_ns, std::int64_t arrival_ns, std::int64_t now_ns);
  // Whether the consumer has read everything the partition holds for now.
  void set_at_end(std::size_t slot, bool at_end);
  // The stream said it ended at `end_ns`; once every partition is at its end the watermark is end_ns.
  void set_stream_end(std::int64_t end_ns) { stream_end_ns_ = end_ns; }

  // Recomputes and returns the pipeline's watermark at `now_ns` on the idleness clock (kNoTime until every busy
  // partition has shown an event).
  std::int64_t update(std::int64_t now_ns);
  std::int64_t current() const { return watermark_; }
  bool finished() const;  // stream end reached
  // The partitions that hold the watermark back: not yet read to their end, or read to it but not quiet for the
  // idle timeout. For "waiting for ..." messages.
  std::vector<std::string> holding_back(std::int64_t now_ns) const;

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);  // partitions must have been added in the same order

 private:
  struct Slot {
    std::string name;
    std::int64_t bound_ns = 0;
    std::int64_t max_event_ns = kNoTime;
    std::int64_t last_seen_ns = kNoTime;  // idleness clock
    bool at_end = false;
  };
  WatermarkConfig config_;
  std::vector<Slot> slots_;
  std::int64_t stream_end_ns_ = kNoTime;
  std::int64_t watermark_ = kNoTime;
};

}  // namespace chaintwin::pipeline
