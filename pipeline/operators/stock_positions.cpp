#include "pipeline/operators/stock_positions.hpp"

#include <algorithm>
#include <cstdlib>

namespace chaintwin::pipeline {

std::int64_t StockPositions::tick_of(std::int64_t time_ns) const {
  // Ceiling to the grid (time 0 is a tick): an event at a tick belongs to it.
  const std::int64_t t = config_.tick_ns;
  const std::int64_t q = time_ns / t;
  return (q + (time_ns % t > 0 ? 1 : 0)) * t;
}

void StockPositions::opening(LocationIndex location, SkuIndex sku, std::int64_t quantity, std::int64_t at_ns) {
  opening_tick_ = std::max(opening_tick_, tick_of(at_ns));
  const std::uint64_t key = key_of(location, sku);
  Key& k = keys_[key];
  k.on_hand += quantity;
  k.before_history += quantity;
  unpublished_openings_.push_back(key);
}

void StockPositions::apply(const DecodedEvent& event, const Cause& cause, std::vector<PositionUpdate>& out) {
  const bool is_count = event.signal == Signal::kStockCount;
  if (!is_count && event.signal != Signal::kStockDelta) return;
  const std::uint64_t key = key_of(event.location, event.sku);
  const Pending p{event.event_time_ns, arrivals_++, key, event.quantity, cause, is_count};
  if (published_tick_ == INT64_MIN || tick_of(p.time_ns) > published_tick_) {
    pending_[tick_of(p.time_ns)].push_back(p);
    return;
  }
  ++counters_.late;
  correct(key, keys_[key], p, out);
}

namespace {
// The order events apply in: event time; at one instant a count (on hand just before it) before the movements;
// then arrival.
template <typename A, typename B>
bool applies_before(const A& a, const B& b) {
  if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
  if (static_cast<bool>(a.is_count) != static_cast<bool>(b.is_count)) return static_cast<bool>(a.is_count);
  return a.order < b.order;
}
}  // namespace

void StockPositions::apply_now(std::uint64_t, Key& k, const Pending& p) {
  if (p.is_count) {
    ++counters_.counts;
    counters_.reconciled_units += std::llabs(p.quantity - k.on_hand);
    k.on_hand = p.quantity;
    k.last_count_ns = std::max(k.last_count_ns, p.time_ns);
  } else {
    ++counters_.deltas;
    k.on_hand += p.quantity;
  }
  // On time: every event logged so far is at an earlier tick, so the log stays in applying order.
  k.log.push_back({p.time_ns, p.order, p.quantity, p.is_count ? 1u : 0u});
}

void StockPositions::advance(std::int64_t watermark_ns, std::vector<PositionUpdate>& out) {
  if (watermark_ns == INT64_MIN) return;
  const std::int64_t target = watermark_ns - (((watermark_ns % config_.tick_ns) + config_.tick_ns) % config_.tick_ns);
  if (target <= published_tick_) return;
  // Opening stock of the SKU-locations no event has touched yet, at its own tick (after any event of that tick).
  auto publish_openings = [&] {
    if (unpublished_openings_.empty() || target < opening_tick_) return;
    std::sort(unpublished_openings_.begin(), unpublished_openings_.end());
    unpublished_openings_.erase(std::unique(unpublished_openings_.begin(), unpublished_openings_.end()),
                                unpublished_openings_.end());
    for (std::uint64_t key : unpublished_openings_) {
      Key& k = keys_[key];
      if (k.history.empty()) emit(key, k, opening_tick_, {}, out);
    }
    unpublished_openings_.clear();
  };
  std::vector<std::pair<std::uint64_t, Cause>> changed;
  while (!pending_.empty() && pending_.begin()->first <= target) {
    if (pending_.begin()->first > opening_tick_) publish_openings();
    auto node = pending_.extract(pending_.begin());
    const std::int64_t tick = node.key();
    auto& events = node.mapped();
    // Event time order; at one instant a count (on hand just before it) comes before the movements.
    std::sort(events.begin(), events.end(), [](const Pending& a, const Pending& b) { return applies_before(a, b); });
    changed.clear();
    for (const Pending& p : events) {
      apply_now(p.key, keys_[p.key], p);
      changed.emplace_back(p.key, p.cause);
    }
    // One record per SKU-location, caused by the first-sent of its inputs.
    std::sort(changed.begin(), changed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < changed.size();) {
      Cause cause = changed[i].second;
      std::size_t j = i + 1;
      for (; j < changed.size() && changed[j].first == changed[i].first; ++j) cause.merge(changed[j].second);
      emit(changed[i].first, keys_[changed[i].first], tick, cause, out);
      i = j;
    }
  }
  publish_openings();
  published_tick_ = target;
}

void StockPositions::emit(std::uint64_t key, Key& k, std::int64_t tick, const Cause& cause,
                          std::vector<PositionUpdate>& out) {
  k.history.push_back({tick, k.on_hand, 0});
  out.push_back({static_cast<LocationIndex>(key >> 32), static_cast<SkuIndex>(key), tick, k.on_hand, 0, cause});
  // Records older than the horizon are final: forget them, keeping the value they leave behind.
  while (k.history.size() > 1 && k.history.front().tick < tick - config_.correction_horizon_ns) {
    k.before_history = k.history.front().on_hand;
    k.history_start = k.history.front().tick;
    k.history.pop_front();
  }
  // Final events go in bulk, once they are half the log: amortised O(1) per event.
  if (k.log.size() >= 32 && tick_of(k.log[k.log.size() / 2].time_ns) <= k.history_start) {
    const auto live = std::upper_bound(k.log.begin(), k.log.end(), k.history_start,
                                       [&](std::int64_t t, const Logged& e) { return t < tick_of(e.time_ns); });
    k.log.erase(k.log.begin(), live);
  }
}

void StockPositions::correct(std::uint64_t key, Key& k, const Pending& p, std::vector<PositionUpdate>& out) {
  if (p.is_count) {
    ++counters_.counts;
    k.last_count_ns = std::max(k.last_count_ns, p.time_ns);
  } else {
    ++counters_.deltas;
    if (p.time_ns < k.last_count_ns) ++counters_.superseded;
  }
  const std::int64_t tick = tick_of(p.time_ns);
  if (tick <= k.history_start) {
    // Older than every record still held: those before are final, so the event moves the value they leave behind.
    ++counters_.beyond_horizon;
    if (p.is_count) {
      counters_.reconciled_units += std::llabs(p.quantity - k.before_history);
      k.before_history = p.quantity;
    } else {
      k.before_history += p.quantity;
    }
    recompute(key, k, k.history.front().tick, INT64_MIN, nullptr, out);
    return;
  }
  const Logged logged{p.time_ns, p.order, p.quantity, p.is_count ? 1u : 0u};
  k.log.insert(std::upper_bound(k.log.begin(), k.log.end(), logged,
                                [](const Logged& a, const Logged& b) { return applies_before(a, b); }),
               logged);
  auto at = std::lower_bound(k.history.begin(), k.history.end(), tick,
                             [](const Published& r, std::int64_t t) { return r.tick < t; });
  std::int64_t new_tick = INT64_MIN;
  if (at == k.history.end() || at->tick != tick) {
    const std::int64_t before = at == k.history.begin() ? k.before_history : std::prev(at)->on_hand;
    k.history.insert(at, Published{tick, before, 0});
    new_tick = tick;
  }
  recompute(key, k, tick, new_tick, &p, out);
}

void StockPositions::recompute(std::uint64_t key, Key& k, std::int64_t from_tick, std::int64_t new_tick,
                               const Pending* late, std::vector<PositionUpdate>& out) {
  auto record = std::lower_bound(k.history.begin(), k.history.end(), from_tick,
                                 [](const Published& r, std::int64_t t) { return r.tick < t; });
  std::int64_t running = record == k.history.begin() ? k.before_history : std::prev(record)->on_hand;
  auto event = std::lower_bound(k.log.begin(), k.log.end(), from_tick,
                                [&](const Logged& e, std::int64_t t) { return tick_of(e.time_ns) < t; });
  const Cause cause = late == nullptr ? Cause{} : late->cause;
  for (; record != k.history.end(); ++record) {
    for (; event != k.log.end() && tick_of(event->time_ns) <= record->tick; ++event) {
      if (event->is_count == 0) {
        running += event->quantity;
        continue;
      }
      if (late != nullptr && event->order == late->order)
        counters_.reconciled_units += std::llabs(event->quantity - running);
      running = event->quantity;
    }
    const bool is_new = record->tick == new_tick;
    if (!is_new && record->on_hand == running) continue;
    record->on_hand = running;
    if (!is_new) {
      ++record->revision;
      ++counters_.corrections;
    }
    out.push_back({static_cast<LocationIndex>(key >> 32), static_cast<SkuIndex>(key), record->tick, running,
                   record->revision, cause});
  }
  // Every logged event's tick has a record, so the last record's value is the position.
  k.on_hand = running;
}

std::int64_t StockPositions::on_hand(LocationIndex location, SkuIndex sku) const {
  const auto it = keys_.find(key_of(location, sku));
  return it == keys_.end() ? 0 : it->second.on_hand;
}

void StockPositions::save(CheckpointWriter& out) const {
  out.put(published_tick_);
  out.put(arrivals_);
  out.put(counters_);
  // Keys in ascending order: a restored pipeline replays them in the same order.
  std::vector<std::uint64_t> order;
  order.reserve(keys_.size());
  for (const auto& [key, k] : keys_) order.push_back(key);
  std::sort(order.begin(), order.end());
  out.put<std::uint64_t>(order.size());
  for (std::uint64_t key : order) {
    const Key& k = keys_.at(key);
    out.put(key);
    out.put(k.on_hand);
    out.put(k.before_history);
    out.put(k.history_start);
    out.put(k.last_count_ns);
    out.put_vector(std::vector<Published>(k.history.begin(), k.history.end()));
    out.put_vector(k.log);
  }
  out.put_vector(unpublished_openings_);
  out.put(opening_tick_);
  out.put<std::uint64_t>(pending_.size());
  for (const auto& [tick, events] : pending_) {
    out.put(tick);
    out.put_vector(events);
  }
}

void StockPositions::load(CheckpointReader& in) {
  published_tick_ = in.get<std::int64_t>();
  arrivals_ = in.get<std::uint64_t>();
  counters_ = in.get<StockPositionCounters>();
  keys_.clear();
  const std::uint64_t n = in.get_count(48);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto key = in.get<std::uint64_t>();
    Key& k = keys_[key];
    k.on_hand = in.get<std::int64_t>();
    k.before_history = in.get<std::int64_t>();
    k.history_start = in.get<std::int64_t>();
    k.last_count_ns = in.get<std::int64_t>();
    const auto history = in.get_vector<Published>();
    k.history.assign(history.begin(), history.end());
    k.log = in.get_vector<Logged>();
  }
  unpublished_openings_ = in.get_vector<std::uint64_t>();
  opening_tick_ = in.get<std::int64_t>();
  pending_.clear();
  const std::uint64_t buckets = in.get_count(16);
  for (std::uint64_t i = 0; i < buckets; ++i) {
    const auto tick = in.get<std::int64_t>();
    pending_[tick] = in.get_vector<Pending>();
  }
}

}  // namespace chaintwin::pipeline
