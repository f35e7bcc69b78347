#include "pipeline/operators/watermarks.hpp"

#include <algorithm>

namespace chaintwin::pipeline {

std::size_t Watermarks::add_partition(std::string name, std::int64_t out_of_orderness_ns) {
  slots_.push_back({std::move(name), out_of_orderness_ns});
  return slots_.size() - 1;
}

void Watermarks::observe(std::size_t slot, std::int64_t max_event_ns, std::int64_t arrival_ns, std::int64_t now_ns) {
  Slot& s = slots_[slot];
  s.at_end = false;
  s.last_seen_ns = std::max(s.last_seen_ns, now_ns);
  if (max_event_ns != kNoTime) s.max_event_ns = std::max(s.max_event_ns, std::min(max_event_ns, arrival_ns));
}

void Watermarks::set_at_end(std::size_t slot, bool at_end) { slots_[slot].at_end = at_end; }

bool Watermarks::finished() const {
  return stream_end_ns_ != kNoTime &&
         std::all_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.at_end; });
}

std::vector<std::string> Watermarks::holding_back(std::int64_t now_ns) const {
  std::vector<std::string> names;
  for (const Slot& s : slots_)
    if (!s.at_end || (s.last_seen_ns != kNoTime && now_ns - s.last_seen_ns <= config_.idle_timeout_ns))
      names.push_back(s.name);
  return names;
}

std::int64_t Watermarks::update(std::int64_t now_ns) {
  if (finished()) {
    watermark_ = std::max(watermark_, stream_end_ns_);
    return watermark_;
  }
  std::int64_t least = std::numeric_limits<std::int64_t>::max();
  bool any_busy = false;
  for (const Slot& s : slots_) {
    const bool idle = s.at_end && (s.last_seen_ns == kNoTime || now_ns - s.last_seen_ns > config_.idle_timeout_ns);
    if (idle) continue;
    if (s.max_event_ns == kNoTime) return watermark_;  // a busy partition that has not shown an event holds all back
    any_busy = true;
    least = std::min(least, s.max_event_ns - s.bound_ns);
  }
  if (any_busy) watermark_ = std::max(watermark_, least);
  return watermark_;
}

void Watermarks::save(CheckpointWriter& out) const {
  out.put<std::uint64_t>(slots_.size());
  // The idleness clock is not saved: a restarted pipeline has seen nothing yet.
  for (const Slot& s : slots_) out.put(s.max_event_ns);
  out.put(stream_end_ns_);
  out.put(watermark_);
}

void Watermarks::load(CheckpointReader& in) {
  if (in.get<std::uint64_t>() != slots_.size())
    throw CheckpointError("checkpoint has a different set of input partitions");
  for (Slot& s : slots_) {
    s.max_event_ns = in.get<std::int64_t>();
    s.last_seen_ns = kNoTime;
    s.at_end = false;
  }
  stream_end_ns_ = in.get<std::int64_t>();
  watermark_ = in.get<std::int64_t>();
}

}  // namespace chaintwin::pipeline
