#pragma once
// Deduplication with bounded state: a message is a duplicate if its message id, or its content key (an EPCIS event
// without its eventID, an EDI interchange's sender and control number, a payload hash), was seen within the
// horizon. Ids are forgotten once the arrival clock has moved past them by the horizon, or when more than
// `max_entries` are held (oldest first), so memory stays bounded however long the stream.

#include <cstdint>
#include <deque>
#include <unordered_set>

#include "pipeline/operators/checkpoint_io.hpp"

namespace chaintwin::pipeline {

struct DedupConfig {
  std::int64_t horizon_ns = 48ll * 3600 * 1'000'000'000;  // EDI re-sends come hours later
  std::size_t max_entries = 20'000'000;
};

class Deduplicator {
 public:
  explicit Deduplicator(DedupConfig config = {}) : config_(config) {}

  // True the first time (the message is new; remembered), false for a duplicate. Zero keys are ignored.
  bool first_time(std::uint64_t message_id, std::uint64_t content_key, std::int64_t arrival_ns);

  std::uint64_t duplicates() const { return duplicates_; }
  std::size_t entries() const { return seen_.size(); }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Entry {
    std::int64_t arrival_ns;
    std::uint64_t key;
  };
  void forget_before(std::int64_t arrival_ns);
  bool remember(std::uint64_t key, std::int64_t arrival_ns);

  DedupConfig config_;
  std::unordered_set<std::uint64_t> seen_;
  std::deque<Entry> order_;  // arrival order, for eviction
  std::uint64_t duplicates_ = 0;
};

}  // namespace chaintwin::pipeline
