#pragma once
// Deduplication with bounded state: a message is a duplicate if its message id, or its content key (an EPCIS event
// without its eventID, an EDI interchange's sender and control number, a payload hash), was seen within the
// horizon. Ids are forgotten once the arrival clock of the lane (input partition) they came from has moved past them
// by the horizon, or when more than `max_entries` are held (oldest first), so memory stays bounded however long the
// stream. The clock is per lane because partitions are read at different paces (a restarted consumer may read one
// partition's backlog days of simulated time ahead of another's): with one clock for all, what is forgotten, and so
// which late re-sends pass as new, would depend on how the partitions happened to interleave.
//
// A content key matches only a message whose event time is within `content_window_ns` of the one remembered: an
// exact copy or a re-sent interchange states the same times, a re-read comes seconds after the read, but a sensor
// repeating its value or a second identical pick minutes later is a new event (the content key leaves the times out).

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "pipeline/operators/checkpoint_io.hpp"

namespace chaintwin::pipeline {

struct DedupConfig {
  std::int64_t horizon_ns = 48ll * 3600 * 1'000'000'000;  // EDI re-sends come hours later
  std::size_t max_entries = 20'000'000;
  // Re-reads follow the read by seconds (a log-normal delay, median 5 s: 99.9% within 2 minutes).
  std::int64_t content_window_ns = 120ll * 1'000'000'000;
};

// What a message was recognised by: new, or a duplicate by its message id or by its content key.
enum class DedupVerdict : std::uint8_t { kNew, kSameMessageId, kSameContent };

class Deduplicator {
 public:
  explicit Deduplicator(DedupConfig config = {}) : config_(config) {}

  // True the first time (the message is new; remembered), false for a duplicate. Zero keys are ignored. `lane`
  // names the input partition the message was read from; arrival times within a lane do not go back. `event_ns`:
  // the time the message states (its first event's), for the content window.
  bool first_time(std::size_t lane, std::uint64_t message_id, std::uint64_t content_key, std::int64_t arrival_ns,
                  std::int64_t event_ns = 0) {
    return check(lane, message_id, content_key, arrival_ns, event_ns) == DedupVerdict::kNew;
  }
  // The same, saying which key recognised a duplicate (the message id when both did).
  DedupVerdict check(std::size_t lane, std::uint64_t message_id, std::uint64_t content_key, std::int64_t arrival_ns,
                     std::int64_t event_ns = 0);

  std::uint64_t duplicates() const { return duplicates_; }
  std::size_t entries() const { return seen_.size(); }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Entry {
    std::int64_t arrival_ns;
    std::uint64_t key;
    std::int64_t event_ns;
  };
  struct Seen {
    std::int64_t arrival_ns;  // of the lane entry that holds it (a key remembered again has a newer one)
    std::int64_t event_ns;
  };
  using Lane = std::deque<Entry>;  // arrival order, for eviction
  void forget_before(Lane& lane, std::int64_t arrival_ns);
  void remember(Lane& lane, std::uint64_t key, std::int64_t arrival_ns, std::int64_t event_ns);
  void forget(const Entry& e);
  void forget_oldest();

  DedupConfig config_;
  std::unordered_map<std::uint64_t, Seen> seen_;
  std::vector<Lane> lanes_;
  std::uint64_t duplicates_ = 0;
};

}  // namespace chaintwin::pipeline
