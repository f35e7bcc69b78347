// Scoring signal records against a hand-made truth: which spikes count as detected and how late, which orders a
// supplier outage really affected, which stock-outs had a signal before them.
#include <gtest/gtest.h>

#include "analysis/scoring/signals/signal_score.hpp"

namespace chaintwin::analysis {
namespace {

constexpr std::int64_t kEpoch = 1'740'960'000'000'000'000;  // 2025-03-03T00:00:00Z
constexpr std::int64_t kHour = 3600ll * 1'000'000'000;
constexpr std::int64_t kDay = 24 * kHour;

struct Truth {
  network::Network net;
  world::WorldConfig config;
  world::Ledger ledger;
  network::SiteId store_a, store_b, supplier, dc;
  network::SkuId sku;
};

// Two stores in two regions, a supplier and a DC; a spike in region "r1" on days 10-12; an outage of the supplier
// on day 20 with one order open and one already shipped; store A sells out on day 15.
std::unique_ptr<Truth> make_truth() {
  auto t = std::make_unique<Truth>();
  auto site = [&](const char* name, network::SiteKind kind, const char* region) {
    network::Site s;
    s.name = name;
    s.kind = kind;
    s.region = region;
    return t->net.add_site(s);
  };
  t->store_a = site("STORE-A", network::SiteKind::kStore, "r1");
  t->store_b = site("STORE-B", network::SiteKind::kStore, "r2");
  t->supplier = site("SUP-1", network::SiteKind::kSupplier, "r2");
  t->dc = site("DC-1", network::SiteKind::kDistributionCenter, "r2");
  network::Sku sku;
  sku.name = "SKU-1";
  t->sku = t->net.add_sku(sku);

  world::DisruptionConfig spike;
  spike.kind = world::DisruptionKind::kDemandSpike;
  spike.target = "r1";
  world::DisruptionConfig outage;
  outage.kind = world::DisruptionKind::kSupplierOutage;
  outage.target = "SUP-1";
  t->config.disruptions = {spike, outage};

  world::Ledger& l = t->ledger;
  l.stock(sim::SimTime::zero(), t->store_a, t->sku, 5, world::StockReason::kInitial, world::kNone);
  const world::OrderLine line{t->sku, 40};
  const auto open = l.new_order({world::OrderKind::kPurchase, t->supplier, t->dc, sim::days(1), sim::days(9), 0, 0},
                                {&line, 1});
  const auto shipped = l.new_order(
      {world::OrderKind::kPurchase, t->supplier, t->dc, sim::days(2), sim::days(9), 0, 0}, {&line, 1});
  l.order_event(sim::days(1), open, world::OrderState::kCreated, 40);
  l.order_event(sim::days(2), shipped, world::OrderState::kCreated, 40);
  l.order_event(sim::days(5), shipped, world::OrderState::kShipped, 0);
  l.disruption(sim::days(10), 0, static_cast<std::uint8_t>(world::DisruptionKind::kDemandSpike), world::kNone,
               world::DisruptionPhase::kStart, 2.5f);
  l.disruption(sim::days(12), 0, static_cast<std::uint8_t>(world::DisruptionKind::kDemandSpike), world::kNone,
               world::DisruptionPhase::kEnd, 2.5f);
  l.demand(sim::days(15), t->store_a, t->sku, 5, 5);
  l.disruption(sim::days(20), 1, static_cast<std::uint8_t>(world::DisruptionKind::kSupplierOutage),
               t->supplier.value(), world::DisruptionPhase::kStart, 1.0f);
  return t;
}

pipeline::DemandSignalRecord up(const char* store, const char* sku, int day, std::int64_t detected) {
  pipeline::DemandSignalRecord r;
  r.location = store;
  r.sku = sku;
  r.window_start_unix_ns = kEpoch + day * kDay;
  r.window_end_unix_ns = r.window_start_unix_ns + kDay;
  r.detected_at_unix_ns = detected;
  return r;
}

SignalScoreOptions options() {
  SignalScoreOptions o;
  o.epoch_unix_ns = kEpoch;
  o.from_unix_ns = kEpoch + 5 * kDay;
  o.until_unix_ns = kEpoch + 30 * kDay;
  return o;
}

TEST(SignalScore, SpikesAreDetectedByOverlappingUpSignalsOfTheirStores) {
  const auto t = make_truth();
  const std::vector<pipeline::DemandSignalRecord> demand = {
      up("STORE-A", "SKU-1", 9, kEpoch + 10 * kDay),               // before the spike: wrong
      up("STORE-A", "", 10, kEpoch + 11 * kDay + 2 * kHour),        // the store's total, on the spike's first day
      up("STORE-A", "SKU-1", 11, kEpoch + 12 * kDay + 2 * kHour),   // later in it
      up("STORE-B", "SKU-1", 10, kEpoch + 11 * kDay + 2 * kHour),   // the other region: wrong
  };
  const SignalScore s = score_signals(t->net, t->config, t->ledger, demand, {}, {}, options());
  EXPECT_EQ(s.demand.spikes, 1u);
  EXPECT_EQ(s.demand.detected, 1u);
  EXPECT_EQ(s.demand.up_signals, 4u);
  EXPECT_EQ(s.demand.up_correct, 2u);
  EXPECT_EQ(s.demand.store_up_correct, 1u);
  EXPECT_DOUBLE_EQ(s.demand.mean_delay_hours, 26.0);
}

TEST(SignalScore, OutageOrdersAreThoseOpenAndNotShippedAtItsStart) {
  const auto t = make_truth();
  pipeline::DisruptionImpactRecord r;
  r.cause = pipeline::ImpactCause::kSupplierOutage;
  r.location = "SUP-1";
  r.at_unix_ns = kEpoch + 20 * kDay;
  r.orders = {"PO0", "PO1"};
  pipeline::DisruptionImpactRecord elsewhere = r;
  elsewhere.location = "DC-1";
  const std::vector<pipeline::DisruptionImpactRecord> impacts = {r, elsewhere};
  const SignalScore s = score_signals(t->net, t->config, t->ledger, {}, impacts, {}, options());
  EXPECT_EQ(s.impacts.disruptions, 1u);
  EXPECT_EQ(s.impacts.detected, 1u);
  EXPECT_EQ(s.impacts.truth_orders, 1u);  // PO1 had shipped
  EXPECT_EQ(s.impacts.listed_orders, 2u);
  EXPECT_EQ(s.impacts.correct_orders, 1u);
  EXPECT_EQ(s.impacts.unmatched_records, 1u);
}

TEST(SignalScore, AStockOutIsSignalledByASignalInTheWeekBeforeIt) {
  const auto t = make_truth();
  pipeline::ReplenishmentSignalRecord r;
  r.location = "STORE-A";
  r.sku = "SKU-1";
  r.at_unix_ns = kEpoch + 14 * kDay;
  std::vector<pipeline::ReplenishmentSignalRecord> signals = {r};
  SignalScore s = score_signals(t->net, t->config, t->ledger, {}, {}, signals, options());
  EXPECT_EQ(s.replenishment.stockouts, 1u);
  EXPECT_EQ(s.replenishment.stockouts_signalled, 1u);
  EXPECT_DOUBLE_EQ(s.replenishment.median_lead_hours, 24.0);
  signals[0].at_unix_ns = kEpoch + 5 * kDay;  // too long before
  s = score_signals(t->net, t->config, t->ledger, {}, {}, signals, options());
  EXPECT_EQ(s.replenishment.stockouts_signalled, 0u);
}

}  // namespace
}  // namespace chaintwin::analysis
