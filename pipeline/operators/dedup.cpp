#include "pipeline/operators/dedup.hpp"

#include <algorithm>
#include <cstdlib>

namespace chaintwin::pipeline {

namespace {
// Message ids and content keys live in one set: tag them so an id never collides with an equal content hash.
constexpr std::uint64_t kIdTag = 0x9e37'79b9'7f4a'7c15ull;
}  // namespace

DedupVerdict Deduplicator::check(std::size_t lane_index, std::uint64_t message_id, std::uint64_t content_key,
                                 std::int64_t arrival_ns, std::int64_t event_ns) {
  if (lane_index >= lanes_.size()) lanes_.resize(lane_index + 1);
  Lane& lane = lanes_[lane_index];
  forget_before(lane, arrival_ns - config_.horizon_ns);
  const std::uint64_t id_key = message_id == 0 ? 0 : (message_id * kIdTag) ^ 1;
  const bool seen_id = id_key != 0 && seen_.contains(id_key);
  bool seen_content = false;
  if (content_key != 0) {
    const auto it = seen_.find(content_key);
    seen_content = it != seen_.end() && std::llabs(event_ns - it->second.event_ns) <= config_.content_window_ns;
  }
  if (seen_id || seen_content) {
    ++duplicates_;
    return seen_id ? DedupVerdict::kSameMessageId : DedupVerdict::kSameContent;
  }
  remember(lane, id_key, arrival_ns, event_ns);
  remember(lane, content_key, arrival_ns, event_ns);
  while (seen_.size() > config_.max_entries) forget_oldest();
  return DedupVerdict::kNew;
}

void Deduplicator::remember(Lane& lane, std::uint64_t key, std::int64_t arrival_ns, std::int64_t event_ns) {
  if (key == 0) return;
  // Keep the lane ordered even if a sender's clock steps back.
  const std::int64_t at = lane.empty() ? arrival_ns : std::max(arrival_ns, lane.back().arrival_ns);
  // A content key seen before, outside its window, is remembered again with the new event time.
  seen_.insert_or_assign(key, Seen{at, event_ns});
  lane.push_back({at, key, event_ns});
}

void Deduplicator::forget(const Entry& e) {
  const auto it = seen_.find(e.key);
  if (it != seen_.end() && it->second.arrival_ns == e.arrival_ns && it->second.event_ns == e.event_ns) seen_.erase(it);
}

void Deduplicator::forget_before(Lane& lane, std::int64_t arrival_ns) {
  while (!lane.empty() && lane.front().arrival_ns < arrival_ns) {
    forget(lane.front());
    lane.pop_front();
  }
}

void Deduplicator::forget_oldest() {
  // Only when over the size bound, which the horizon normally keeps far away: a scan of the lanes is cheap enough.
  Lane* oldest = nullptr;
  for (Lane& lane : lanes_) {
    if (!lane.empty() && (oldest == nullptr || lane.front().arrival_ns < oldest->front().arrival_ns)) oldest = &lane;
  }
  if (oldest == nullptr) return;
  forget(oldest->front());
  oldest->pop_front();
}

void Deduplicator::save(CheckpointWriter& out) const {
  out.put<std::uint64_t>(duplicates_);
  out.put<std::uint64_t>(lanes_.size());
  for (const Lane& lane : lanes_) {
    out.put<std::uint64_t>(lane.size());
    for (const Entry& e : lane) {
      out.put(e.arrival_ns);
      out.put(e.key);
      out.put(e.event_ns);
    }
  }
}

void Deduplicator::load(CheckpointReader& in) {
  duplicates_ = in.get<std::uint64_t>();
  seen_.clear();
  lanes_.assign(in.get_count(8), Lane{});
  for (Lane& lane : lanes_) {
    const std::uint64_t n = in.get_count(24);
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto at = in.get<std::int64_t>();
      const auto key = in.get<std::uint64_t>();
      const auto event = in.get<std::int64_t>();
      lane.push_back({at, key, event});
    }
  }
  // The entries in arrival order per lane; a key held by several (remembered again) keeps its latest.
  for (const Lane& lane : lanes_) {
    for (const Entry& e : lane) {
      const auto it = seen_.find(e.key);
      if (it == seen_.end() || it->second.arrival_ns <= e.arrival_ns)
        seen_.insert_or_assign(e.key, Seen{e.arrival_ns, e.event_ns});
    }
  }
}

}  // namespace chaintwin::pipeline
