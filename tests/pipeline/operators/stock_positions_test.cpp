#include "pipeline/operators/stock_positions.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include <random>

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
  p.apply(delta(1, 2, +5, 3 * kMinute), {}, out);      // exactly on tick 3
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

TEST(StockPositions, ACountReplacesThePositionAndSupersedesLateDeltasBeforeIt) {
  StockPositions p;
  std::vector<PositionUpdate> out;
  p.opening(1, 1, 10, 0);
  p.apply(delta(1, 1, -2, 2 * kMinute), {}, out);
  p.apply(count(1, 1, 5, 4 * kMinute), {}, out);  // on hand just before 4 min: 5 (3 units went unreported)
  p.apply(delta(1, 1, +1, 4 * kMinute), {}, out);  // at the same instant, after the count
  p.advance(5 * kMinute, out);
  EXPECT_EQ(p.on_hand(1, 1), 6);
  EXPECT_EQ(p.counters().reconciled_units, 3);
  out.clear();
  p.apply(delta(1, 1, -3, 3 * kMinute), {}, out);  // the missing movement, late: the count already includes it
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(p.counters().superseded, 1u);
  EXPECT_EQ(p.on_hand(1, 1), 6);
}

// Whatever the arrival order and watermark schedule, the final view equals the true position at every tick.
TEST(StockPositions, FinalViewMatchesTheTruthWhateverTheArrivalOrder) {
  std::mt19937_64 rng(7);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
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
