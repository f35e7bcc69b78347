#include "pipeline/operators/stock_positions.hpp"

#include <map>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kMinute = 60ll * 1'000'000'000;

DecodedEvent delta(LocationIndex l, SkuIndex s, std::int64_t q, std::int64_t t) {
  DecodedEvent e;
  e.signal = Signal::kStockDelta;
  e.location = l;
  e.sku = s;
  e.quantity = q;
  e.event_time_ns = t;
  return e;
}

DecodedEvent count(LocationIndex l, SkuIndex s, std::int64_t q, std::int64_t t) {
  DecodedEvent e = delta(l, s, q, t);
  e.signal = Signal::kStockCount;
  return e;
}

// The latest revision of every (location, sku, tick) published: what a reader of the topic knows in the end.
using View = std::map<std::tuple<LocationIndex, SkuIndex, std::int64_t>, std::pair<std::int64_t, std::uint32_t>>;
void fold(View& view, const std::vector<PositionUpdate>& updates) {
  for (const auto& u : updates) {
    auto& slot = view[{u.location, u.sku, u.as_of_ns}];
    if (slot.second <= u.revision) slot = {u.on_hand, u.revision};
  }
}
// Position at `t` from the view: the record at the latest tick at or before t.
std::int64_t at(const View& view, LocationIndex l, SkuIndex s, std::int64_t t) {
  std::int64_t value = 0;
  for (const auto& [k, v] : view)
    if (std::get<0>(k) == l && std::get<1>(k) == s && std::get<2>(k) <= t) value = v.first;
  return value;
}

TEST(StockPositions, PublishesChangedPositionsWhenTheWatermarkPassesTheirTick) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 2, 10, 0);
  p.apply(delta(1, 2, -3, 30'000'000'000), {}, out);  // 30 s: tick 1 min
  p.apply(delta(1, 2, +5, 3 * kMinute), {}, out);     // exactly on tick 3
  EXPECT_TRUE(out.empty());
  p.opening(4, 4, 9, 0);  // untouched by any event: published at its own tick, however far the watermark jumps
  p.advance(kMinute + 5, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].location, 1u);  // both openings at tick 0, then the change at tick 1
  EXPECT_EQ(out[0].as_of_ns, 0);
  EXPECT_EQ(out[0].on_hand, 10);
  EXPECT_EQ(out[1].location, 4u);
  EXPECT_EQ(out[1].as_of_ns, 0);
  EXPECT_EQ(out[1].on_hand, 9);
  EXPECT_EQ(out[2].as_of_ns, kMinute);
  EXPECT_EQ(out[2].on_hand, 7);
  out.clear();
  p.advance(3 * kMinute, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].as_of_ns, 3 * kMinute);
  EXPECT_EQ(out[0].on_hand, 12);
  EXPECT_EQ(p.on_hand(1, 2), 12);
}

TEST(StockPositions, ALateDeltaCorrectsEveryRecordFromItsTickOn) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 1, 10, 0);
  p.apply(delta(1, 1, -1, 1 * kMinute), {}, out);
  p.apply(delta(1, 1, -1, 5 * kMinute), {}, out);
  p.advance(10 * kMinute, out);
  out.clear();
  p.apply(delta(1, 1, -4, 3 * kMinute), {}, out);  // late: ticks 0, 1, 5 published
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].as_of_ns, 3 * kMinute);  // a new record at its own tick
  EXPECT_EQ(out[0].on_hand, 5);
  EXPECT_EQ(out[0].revision, 0u);
  EXPECT_EQ(out[1].as_of_ns, 5 * kMinute);
  EXPECT_EQ(out[1].on_hand, 4);
  EXPECT_EQ(out[1].revision, 1u);
  EXPECT_EQ(p.on_hand(1, 1), 4);
  EXPECT_EQ(p.counters().late, 1u);
}

TEST(StockPositions, ACountReplacesThePositionAndALateDeltaBeforeItChangesOnlyTheTicksUpToIt) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 1, 10, 0);
  p.apply(delta(1, 1, -2, 2 * kMinute), {}, out);
  p.apply(count(1, 1, 5, 4 * kMinute), {}, out);   // on hand just before 4 min: 5 (3 units went unreported)
  p.apply(delta(1, 1, +1, 4 * kMinute), {}, out);  // at the same instant, after the count
  p.advance(5 * kMinute, out);
  EXPECT_EQ(p.on_hand(1, 1), 6);
  EXPECT_EQ(p.counters().reconciled_units, 3);
  out.clear();
  p.apply(delta(1, 1, -3, 3 * kMinute), {}, out);  // the missing movement, late: the count already includes it
  ASSERT_EQ(out.size(), 1u);                       // tick 3 is new; tick 4 (the count's) does not change
  EXPECT_EQ(out[0].as_of_ns, 3 * kMinute);
  EXPECT_EQ(out[0].on_hand, 5);
  EXPECT_EQ(p.counters().superseded, 1u);
  EXPECT_EQ(p.on_hand(1, 1), 6);
}

// A late count is on hand just before its time: the movements after it in its own tick and in later ticks apply on
// top of it, and a later count still replaces what it says.
TEST(StockPositions, ALateCountLeavesOutTheMovementsAfterIt) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 1, 10, 0);
  p.apply(delta(1, 1, -1, 2 * kMinute + 1), {}, out);   // tick 3
  p.apply(delta(1, 1, -2, 3 * kMinute - 10), {}, out);  // tick 3, after the count below
  p.apply(delta(1, 1, +4, 5 * kMinute), {}, out);       // tick 5
  p.apply(count(1, 1, 20, 7 * kMinute), {}, out);       // tick 7
  p.apply(delta(1, 1, -1, 8 * kMinute), {}, out);       // tick 8
  p.advance(10 * kMinute, out);
  View view;
  fold(view, out);
  out.clear();
  EXPECT_EQ(at(view, 1, 1, 3 * kMinute), 7);
  p.apply(count(1, 1, 6, 3 * kMinute - 20), {}, out);  // 6 on hand just before 2:40: one more unit was lost
  fold(view, out);
  EXPECT_EQ(at(view, 1, 1, 3 * kMinute), 4);   // 6, then -2
  EXPECT_EQ(at(view, 1, 1, 5 * kMinute), 8);   // +4
  EXPECT_EQ(at(view, 1, 1, 7 * kMinute), 20);  // the later count stands
  EXPECT_EQ(at(view, 1, 1, 8 * kMinute), 19);
  EXPECT_EQ(out.size(), 2u);  // ticks 3 and 5 change; 7 and 8 do not
  EXPECT_EQ(p.on_hand(1, 1), 19);
}

// Whatever the arrival order and watermark schedule, the final view equals the true position at every tick.
TEST(StockPositions, FinalViewMatchesTheTruthWhateverTheArrivalOrder) {
  std::mt19937_64 rng(7);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::vector<DecodedEvent> events;
  for (int i = 0; i < 3'000; ++i) {
    const auto l = static_cast<LocationIndex>(uniform(0, 3));
    const auto s = static_cast<SkuIndex>(uniform(0, 4));
    events.push_back(delta(l, s, uniform(-5, 5), uniform(0, 600) * kMinute / 7));
  }
  StockPositions p({.tick_ns = kMinute, .correction_horizon_ns = 1'000 * kMinute});
  View view;
  std::vector<PositionUpdate> out;
  // Arrival: event order plus a random delay of up to 30 minutes; the watermark trails arrivals by 5 minutes.
  std::vector<std::pair<std::int64_t, std::size_t>> arrivals;
  for (std::size_t i = 0; i < events.size(); ++i)
    arrivals.push_back({events[i].event_time_ns + uniform(0, 30) * kMinute, i});
  std::sort(arrivals.begin(), arrivals.end());
  for (const auto& [arrival, i] : arrivals) {
    p.apply(events[i], {}, out);
    p.advance(arrival - 5 * kMinute, out);
    fold(view, out);
    out.clear();
  }
  p.advance(10'000 * kMinute, out);
  fold(view, out);
  EXPECT_GT(p.counters().late, 100u);
  for (LocationIndex l = 0; l <= 3; ++l)
    for (SkuIndex s = 0; s <= 4; ++s)
      for (std::int64_t tick = 0; tick <= 100 * kMinute; tick += kMinute) {
        std::int64_t truth = 0;
        for (const auto& e : events)
          if (e.location == l && e.sku == s && e.event_time_ns <= tick) truth += e.quantity;
        ASSERT_EQ(at(view, l, s, tick), truth) << "location " << l << " sku " << s << " tick " << tick / kMinute;
      }
}

// With counts among the movements, the final view is that of the events applied in event-time order, however they
// arrive and whenever the watermark moves (a live consumer and a replay of the same stream must agree).
TEST(StockPositions, FinalViewWithCountsDoesNotDependOnTheArrivalOrder) {
  std::mt19937_64 rng(11);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::vector<DecodedEvent> events;
  for (int i = 0; i < 2'000; ++i) {
    const auto l = static_cast<LocationIndex>(uniform(0, 2));
    const auto s = static_cast<SkuIndex>(uniform(0, 2));
    // Several events per tick, no two at one instant (two counts at one instant would be ambiguous).
    const std::int64_t t = uniform(0, 3'000) * kMinute / 29 + i;
    events.push_back(uniform(0, 9) == 0 ? count(l, s, uniform(0, 50), t) : delta(l, s, uniform(-5, 5), t));
  }
  auto final_view = [&](std::int64_t max_delay_minutes, std::uint64_t seed) {
    std::mt19937_64 arrival_rng(seed);
    StockPositions p({.tick_ns = kMinute, .correction_horizon_ns = 1'000 * kMinute});
    for (LocationIndex l = 0; l <= 2; ++l)
      for (SkuIndex s = 0; s <= 2; ++s) p.opening(l, s, 25, 0);
    std::vector<std::pair<std::int64_t, std::size_t>> arrivals;
    for (std::size_t i = 0; i < events.size(); ++i)
      arrivals.push_back({events[i].event_time_ns +
                              std::uniform_int_distribution<std::int64_t>(0, max_delay_minutes)(arrival_rng) * kMinute,
                          i});
    std::stable_sort(arrivals.begin(), arrivals.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    View view;
    std::vector<PositionUpdate> out;
    for (const auto& [arrival, i] : arrivals) {
      p.apply(events[i], {}, out);
      p.advance(arrival - 2 * kMinute, out);
    }
    p.advance(10'000 * kMinute, out);
    fold(view, out);
    return std::pair{view, p.counters().late};
  };
  const auto [in_order, none_late] = final_view(0, 1);
  EXPECT_EQ(none_late, 0u);
  for (std::uint64_t seed = 2; seed < 6; ++seed) {
    const auto [shuffled, late] = final_view(60, seed);
    EXPECT_GT(late, 200u);
    for (LocationIndex l = 0; l <= 2; ++l)
      for (SkuIndex s = 0; s <= 2; ++s)
        for (std::int64_t tick = 0; tick <= 110 * kMinute; tick += kMinute)
          ASSERT_EQ(at(shuffled, l, s, tick), at(in_order, l, s, tick))
              << "seed " << seed << " location " << l << " sku " << s << " tick " << tick / kMinute;
  }
}

TEST(StockPositions, CheckpointRestoresStateAndPendingEvents) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 1, 10, 0);
  p.apply(delta(1, 1, -1, 2 * kMinute), {}, out);
  p.advance(kMinute, out);
  p.apply(delta(1, 1, -2, 3 * kMinute), {}, out);  // pending
  CheckpointWriter w;
  p.save(w);
  StockPositions restored;
  CheckpointReader r(w.bytes());
  restored.load(r);
  EXPECT_TRUE(r.at_end());
  std::vector<PositionUpdate> a, b;
  p.advance(5 * kMinute, a);
  restored.advance(5 * kMinute, b);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].as_of_ns, b[i].as_of_ns);
    EXPECT_EQ(a[i].on_hand, b[i].on_hand);
  }
  EXPECT_EQ(restored.on_hand(1, 1), 7);
}

}  // namespace
}  // namespace chaintwin::pipeline
