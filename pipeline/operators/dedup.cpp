#include "pipeline/operators/dedup.hpp"

#include <algorithm>

namespace chaintwin::pipeline {

namespace {
// Message ids and content keys live in one set: tag them so an id never collides with an equal content hash.
constexpr std::uint64_t kIdTag = 0x9e37'79b9'7f4a'7c15ull;
}  // namespace

bool Deduplicator::first_time(std::uint64_t message_id, std::uint64_t content_key, std::int64_t arrival_ns) {
  forget_before(arrival_ns - config_.horizon_ns);
  const std::uint64_t id_key = message_id == 0 ? 0 : (message_id * kIdTag) ^ 1;
  const bool seen_id = id_key != 0 && seen_.contains(id_key);
  const bool seen_content = content_key != 0 && seen_.contains(content_key);
  if (seen_id || seen_content) {
    ++duplicates_;
    return false;
  }
  remember(id_key, arrival_ns);
  remember(content_key, arrival_ns);
  while (seen_.size() > config_.max_entries && !order_.empty()) {
    seen_.erase(order_.front().key);
    order_.pop_front();
  }
  return true;
}

bool Deduplicator::remember(std::uint64_t key, std::int64_t arrival_ns) {
  if (key == 0 || !seen_.insert(key).second) return false;
  // Arrival clocks of different partitions interleave: keep the deque ordered by never going back in time.
  const std::int64_t at = order_.empty() ? arrival_ns : std::max(arrival_ns, order_.back().arrival_ns);
  order_.push_back({at, key});
  return true;
}

void Deduplicator::forget_before(std::int64_t arrival_ns) {
  while (!order_.empty() && order_.front().arrival_ns < arrival_ns) {
    seen_.erase(order_.front().key);
    order_.pop_front();
  }
}

void Deduplicator::save(CheckpointWriter& out) const {
  out.put<std::uint64_t>(duplicates_);
  out.put<std::uint64_t>(order_.size());
  for (const Entry& e : order_) {
    out.put(e.arrival_ns);
    out.put(e.key);
  }
}

void Deduplicator::load(CheckpointReader& in) {
  duplicates_ = in.get<std::uint64_t>();
  const std::uint64_t n = in.get_count(16);
  seen_.clear();
  order_.clear();
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto at = in.get<std::int64_t>();
    const auto key = in.get<std::uint64_t>();
    order_.push_back({at, key});
    seen_.insert(key);
  }
}

}  // namespace chaintwin::pipeline
