// KPIs of hand-written ledgers over the tiny network, each checked against values worked out by hand.
#include "analysis/kpis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/analysis/tiny_world.hpp"

namespace chaintwin::analysis {
namespace {

using testing::h;
using testing::kApple;
using testing::kBread;
using testing::kDc;
using testing::kStoreA;
using testing::kStoreB;
using testing::kSupplier;
using world::OrderKind;
using world::OrderState;
using world::ShipmentState;
using world::StockReason;

// Integrals are exact (integer unit x ns), so values equal the hand computation up to the final division.
constexpr double kTight = 1e-12;

KpiOptions window(sim::SimTime warm_up, sim::SimTime horizon,
                  world::StockoutMode mode = world::StockoutMode::kLostSales) {
  KpiOptions options;
  options.warm_up = warm_up;
  options.horizon = horizon;
  options.stockout = mode;
  options.promise_window = h(24);
  options.holding_rate_per_year = 0.25;
  return options;
}

class Kpis : public ::testing::Test {
 protected:
  WorldKpis compute(const KpiOptions& options) const { return compute_kpis(ledger_, network_, options); }
  // A customer at a store, served from its shelf at once as far as it goes: the demand row is also the sale (the
  // stock table has no row for it).
  void customer(sim::SimTime t, network::SiteId store, network::SkuId sku, std::uint32_t requested,
                std::uint32_t filled) {
    ledger_.demand(t, store, sku, requested, filled);
  }

  network::Network network_ = testing::tiny_network();
  world::Ledger ledger_;
};

TEST_F(Kpis, FillRatesAndLostSalesCountOnlyCustomersAfterTheWarmUp) {
  ledger_.stock(h(0), kStoreA, kApple, 10, StockReason::kInitial, world::kNone);
  customer(h(5), kStoreA, kApple, 3, 3);  // before the warm-up: not counted
  customer(h(20), kStoreA, kApple, 4, 4);
  customer(h(30), kStoreA, kApple, 5, 3);
  customer(h(40), kStoreA, kApple, 2, 0);
  const WorldKpis k = compute(window(h(10), h(100)));
  EXPECT_DOUBLE_EQ(k.demand_units, 11.0);
  EXPECT_DOUBLE_EQ(k.sold_units, 7.0);
  EXPECT_DOUBLE_EQ(k.fill_rate_units, 7.0 / 11.0);
  EXPECT_DOUBLE_EQ(k.fill_rate_orders, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(k.lost_sales_units, 4.0);
  EXPECT_DOUBLE_EQ(k.otif_customer, 1.0 / 3.0);  // lost sales: on time means filled at once
  EXPECT_DOUBLE_EQ(k.backlog_mean_units, 0.0);
  // Over the whole run: 14 requested = 10 sold + 4 lost.
  EXPECT_EQ(k.conservation.demand_requested_units, 14);
  EXPECT_EQ(k.conservation.sold_units, 10);
  EXPECT_EQ(k.conservation.demand_lost_units, 4);
  EXPECT_TRUE(k.conservation.balanced());
}

TEST_F(Kpis, BackordersGiveABacklogAndCustomerOtifWithinThePromiseWindow) {
  // Promise window 24h, window [10h, 110h).
  ledger_.stock(h(0), kStoreA, kApple, 2, StockReason::kInitial, world::kNone);
  customer(h(20), kStoreA, kApple, 5, 2);  // d0: owes 3, due 44h
  customer(h(30), kStoreA, kApple, 4, 0);  // d1: owes 4, due 54h
  ledger_.stock(h(40), kStoreA, kApple, 10, StockReason::kReceived, world::kNone);
  ledger_.backorder_fill(h(40), 0, 3);  // d0 complete at 40h: on time
  ledger_.stock(h(40), kStoreA, kApple, -3, StockReason::kSold, 0);
  ledger_.backorder_fill(h(40), 1, 2);
  ledger_.stock(h(40), kStoreA, kApple, -2, StockReason::kSold, 1);
  ledger_.backorder_fill(h(60), 1, 2);  // d1 complete at 60h: late
  ledger_.stock(h(60), kStoreA, kApple, -2, StockReason::kSold, 1);
  customer(h(70), kStoreA, kApple, 1, 1);  // filled at once: on time
  customer(h(90), kStoreA, kApple, 5, 2);  // owes 3 until the end; due 114h, after the horizon
  const WorldKpis k = compute(window(h(10), h(110), world::StockoutMode::kBackorders));
  // Backlog 3 on [20,30), 7 on [30,40), 2 on [40,60), 0 on [60,90), 3 on [90,110): 200 unit-hours over 100 hours.
  EXPECT_NEAR(k.backlog_mean_units, 2.0, kTight);
  EXPECT_DOUBLE_EQ(k.backlog_end_units, 3.0);
  EXPECT_DOUBLE_EQ(k.lost_sales_units, 0.0);
  EXPECT_DOUBLE_EQ(k.fill_rate_units, 5.0 / 15.0);
  EXPECT_DOUBLE_EQ(k.fill_rate_orders, 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(k.otif_customer, 2.0 / 3.0);  // due in the window: d0 (on time), d1 (late), the walk-in
  EXPECT_EQ(k.conservation.backlog_end_units, 3);
  EXPECT_EQ(k.conservation.demand_lost_units, 0);
  EXPECT_EQ(k.conservation.demand_imbalance_units, 0);  // 15 requested = 12 sold + 3 owed
}

TEST_F(Kpis, StockoutEpisodesTheirDurationsAndShareOfTimeAtStores) {
  // Window [10h, 100h). Store-A apple:
  ledger_.stock(h(0), kStoreA, kApple, 2, StockReason::kInitial, world::kNone);
  ledger_.stock(h(0), kStoreA, kBread, 5, StockReason::kInitial, world::kNone);
  ledger_.stock(h(0), kStoreB, kApple, 1, StockReason::kInitial, world::kNone);
  ledger_.stock(h(0), kDc, kApple, 0, StockReason::kInitial, world::kNone);        // DCs have no stockout episodes
  customer(h(5), kStoreA, kApple, 2, 2);                                           // empty before the warm-up...
  ledger_.stock(h(12), kStoreA, kApple, 3, StockReason::kReceived, world::kNone);  // ...2h of it in the window
  customer(h(20), kStoreA, kApple, 3, 3);                                          // episode 1
  ledger_.stock(h(26), kStoreA, kApple, 1, StockReason::kReceived, world::kNone);  // 6h
  customer(h(30), kStoreA, kApple, 1, 1);  // emptied and refilled at the same instant: no episode
  ledger_.stock(h(30), kStoreA, kApple, 2, StockReason::kReceived, world::kNone);
  customer(h(50), kStoreA, kApple, 2, 2);  // episode 2, open at the horizon: 50h
  customer(h(80), kStoreB, kApple, 1, 1);  // episode 3, open: 20h
  ledger_.stock(h(90), kStoreA, kBread, 1, StockReason::kReceived, world::kNone);
  customer(h(90), kStoreA, kBread, 6, 6);  // received, then emptied at the same instant: episode 4, open: 10h
  const WorldKpis k = compute(window(h(10), h(100)));
  EXPECT_DOUBLE_EQ(k.stockout_episodes, 4.0);
  EXPECT_NEAR(k.stockout_mean_hours, (6.0 + 50.0 + 20.0 + 10.0) / 4.0, kTight);
  // Empty store time: Store-A apple 2 + 6 + 50, bread 10, Store-B apple 20, over 3 SKU-locations x 90h.
  EXPECT_NEAR(k.stockout_time_share, 88.0 / 270.0, kTight);
  // Deliveries in the window found 0 (12h), 0 (26h), 0 (30h, after the customer) and 5 (90h, bread) on the shelf.
  EXPECT_NEAR(k.safety_stock_units, 5.0 / 4.0, kTight);
}

TEST_F(Kpis, NeverStockedShelvesAreOutOfStockButNoEpisode) {
  const WorldKpis k = compute(window(h(0), h(10)));
  EXPECT_DOUBLE_EQ(k.stockout_episodes, 0.0);
  EXPECT_TRUE(std::isnan(k.stockout_mean_hours));
  EXPECT_DOUBLE_EQ(k.stockout_time_share, 1.0);
  EXPECT_TRUE(std::isnan(k.fill_rate_units));  // no demand: undefined, not 0 or 1
  EXPECT_TRUE(std::isnan(k.days_of_supply));
}

TEST_F(Kpis, OnTimeInFullAndLeadTimesOfReplenishmentAndPurchaseOrders) {
  // Window [24h, 240h). Orders: (kind, created, promised, units); delivery (time, units).
  struct Order {
    OrderKind kind;
    std::int64_t created, promised;
    std::uint32_t units;
    std::int64_t delivered;  // -1: never
    std::uint32_t delivered_units;
  };
  const std::vector<Order> orders = {
      {OrderKind::kReplenishment, 30, 60, 10, 55, 10},   // on time in full; lead 25h
      {OrderKind::kReplenishment, 40, 70, 8, 80, 8},     // late; 40h
      {OrderKind::kReplenishment, 50, 90, 6, 85, 4},     // short; 35h
      {OrderKind::kReplenishment, 10, 20, 5, 30, 5},     // due before the window; its delivery is in it: 20h
      {OrderKind::kReplenishment, 200, 300, 5, -1, 0},   // due after the horizon
      {OrderKind::kReplenishment, 100, 150, 5, -1, 0},   // never delivered: not on time
      {OrderKind::kReplenishment, 110, 160, 5, 112, 0},  // closed with nothing (the DC had none): no lead time
      {OrderKind::kPurchase, 24, 144, 100, 120, 100},    // on time in full; 4 days
      {OrderKind::kPurchase, 48, 168, 50, 192, 50},      // late; 6 days
  };
  struct Event {
    std::int64_t t;
    world::OrderId order;
    OrderState state;
    std::uint32_t value;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    const bool purchase = o.kind == OrderKind::kPurchase;
    // Two lines, so "in full" must add them up.
    const world::OrderLine lines[] = {{kApple, o.units - 1}, {kBread, 1}};
    const auto id = ledger_.new_order(
        {o.kind, purchase ? kSupplier : kDc, purchase ? kDc : kStoreA, h(o.created), h(o.promised), 0, 0}, lines);
    events.push_back({o.created, id, OrderState::kCreated, o.units});
    if (o.delivered >= 0) events.push_back({o.delivered, id, OrderState::kDelivered, o.delivered_units});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
  for (const Event& e : events) ledger_.order_event(h(e.t), e.order, e.state, e.value);

  const WorldKpis k = compute(window(h(24), h(240)));
  EXPECT_DOUBLE_EQ(k.otif_replenishment, 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(k.otif_purchase, 1.0 / 2.0);
  EXPECT_NEAR(k.replenishment_lead_time_hours, (25.0 + 40.0 + 35.0 + 20.0) / 4.0, kTight);
  EXPECT_NEAR(k.purchase_lead_time_days, 5.0, kTight);
}

TEST_F(Kpis, BullwhipRatiosOfKnownDailySeries) {
  // Window [1d, 5d12h): four whole days; the half day at the end is left out of the variances.
  const auto at = [](int day, int hour) { return sim::days(day) + h(hour); };
  customer(at(0, 12), kStoreA, kApple, 100, 0);         // before the warm-up
  const std::uint32_t demand[] = {10, 12, 8, 10};       // mean 10, sample variance 8/3
  const std::uint32_t store_orders[] = {0, 20, 0, 20};  // variance 400/3
  const std::uint32_t purchases[] = {40, 0, 0, 0};      // variance 400
  for (int d = 0; d < 4; ++d) {
    // Demand split over two customers, to check that days sum them.
    customer(at(1 + d, 9), kStoreA, kApple, demand[d] / 2, 0);
    customer(at(1 + d, 15), kStoreB, kApple, demand[d] - demand[d] / 2, 0);
    if (store_orders[d] > 0) {
      const world::OrderLine lines[] = {{kApple, store_orders[d]}};
      ledger_.new_order({OrderKind::kReplenishment, kDc, kStoreA, at(1 + d, 10), at(2 + d, 10), 0, 0}, lines);
    }
    if (purchases[d] > 0) {
      const world::OrderLine lines[] = {{kApple, purchases[d] / 4}, {kBread, purchases[d] * 3 / 4}};
      ledger_.new_order({OrderKind::kPurchase, kSupplier, kDc, at(1 + d, 11), at(8 + d, 11), 0, 0}, lines);
    }
  }
  customer(at(5, 2), kStoreA, kApple, 50, 0);  // in the window, in the partial day
  const WorldKpis k = compute(window(sim::days(1), sim::days(5) + h(12)));
  EXPECT_DOUBLE_EQ(k.demand_units, 90.0);
  EXPECT_NEAR(k.bullwhip_replenishment, (400.0 / 3.0) / (8.0 / 3.0), 1e-9);
  EXPECT_NEAR(k.bullwhip_purchase, 400.0 / (8.0 / 3.0), 1e-9);
}

TEST_F(Kpis, BullwhipIsUndefinedWithoutDemandVariance) {
  for (int d = 0; d < 3; ++d) customer(sim::days(d) + h(1), kStoreA, kApple, 4, 0);
  const WorldKpis k = compute(window(h(0), sim::days(3)));
  EXPECT_TRUE(std::isnan(k.bullwhip_purchase));
  EXPECT_TRUE(std::isnan(k.bullwhip_replenishment));
}

TEST_F(Kpis, OnHandDaysOfSupplyAndHoldingCost) {
  // Window [10h, 110h).
  const world::OrderLine apple20[] = {{kApple, 20}};
  ledger_.new_shipment({world::kNone, kDc, kStoreA, network::TransportMode::kRoad, world::kNone, 0, 0}, apple20);
  ledger_.stock(h(0), kDc, kApple, 100, StockReason::kInitial, world::kNone);
  ledger_.stock(h(0), kDc, kBread, 50, StockReason::kInitial, world::kNone);
  ledger_.stock(h(0), kStoreA, kApple, 10, StockReason::kInitial, world::kNone);
  ledger_.stock(h(30), kDc, kApple, -20, StockReason::kPicked, 0);
  ledger_.shipment_event(h(31), 0, ShipmentState::kDispatched, kDc, testing::kDcToStoreA);
  ledger_.stock(h(50), kStoreA, kApple, 20, StockReason::kReceived, 0);
  ledger_.shipment_event(h(50), 0, ShipmentState::kReceived, kStoreA, world::kNone);
  customer(h(60), kStoreA, kApple, 4, 4);
  const WorldKpis k = compute(window(h(10), h(110)));
  // Store-A: 10 on [10,50), 30 on [50,60), 26 on [60,110): 2000 unit-hours.
  EXPECT_NEAR(k.on_hand_stores_units, 20.0, kTight);
  // DC apple: 100 on [10,30), 80 on [30,110): 8400; bread 50 x 100 = 5000.
  EXPECT_NEAR(k.on_hand_dcs_units, 134.0, kTight);
  // 4 units sold in 100 hours.
  EXPECT_NEAR(k.days_of_supply, 154.0 / (4.0 / (100.0 / 24.0)), 1e-9);
  // Apple 10 x (2000 + 8400) + bread 2 x 5000 = 114000 value-hours, 0.25 per year of 8760 hours.
  EXPECT_NEAR(k.holding_cost, 0.25 * 114000.0 / 8760.0, 1e-9);
  EXPECT_NEAR(k.transport_cost, 20.0 + 0.5 * 20.0, kTight);
  EXPECT_TRUE(k.conservation.balanced());
  EXPECT_EQ(k.conservation.on_hand_end_units, 156);
}

TEST_F(Kpis, LittlesLawQuantitiesWhenEveryShipmentIsInsideTheWindow) {
  ledger_ = testing::flow_ledger();
  const WorldKpis k = compute(window(h(24), h(240)));  // 216 hours = 9 days
  // Units x hours in transit: 100 x 100 (s0) + 30 x 9 (s1) + 10 x 32 (s2) = 10590.
  EXPECT_NEAR(k.in_transit_mean_units, 10590.0 / 216.0, kTight);
  EXPECT_NEAR(k.throughput_units_per_day, 140.0 / 9.0, kTight);
  EXPECT_NEAR(k.transit_mean_days, 10590.0 / 140.0 / 24.0, kTight);
  EXPECT_NEAR(k.in_transit_mean_units, k.throughput_units_per_day * k.transit_mean_days, 1e-9);
  // Departures on lanes: s0 sea (500 + 0.1 x 100) then road (80 + 0.2 x 100); s1 20 + 0.5 x 30; s2 30 + 0.25 x 10.
  EXPECT_NEAR(k.transport_cost, 510.0 + 100.0 + 35.0 + 32.5, kTight);
  EXPECT_DOUBLE_EQ(k.otif_purchase, 1.0);
  EXPECT_DOUBLE_EQ(k.otif_replenishment, 0.5);  // order 2 promised 230h, delivered 233h
}

TEST_F(Kpis, ShipmentsStraddlingTheWindowCountOnlyTheirPartInside) {
  ledger_ = testing::flow_ledger();
  // Window [100h, 141h): s0 in transit [100,130) (its road leg departs at 100h); s1 picked at 140h, dispatched at
  // 141h, outside.
  const WorldKpis k = compute(window(h(100), h(141)));
  EXPECT_NEAR(k.in_transit_mean_units, 100.0 * 30.0 / 41.0, kTight);
  EXPECT_NEAR(k.throughput_units_per_day, 100.0 / (41.0 / 24.0), kTight);
  EXPECT_NEAR(k.transit_mean_days, 100.0 / 24.0, kTight);  // the whole transit of what is received
  EXPECT_NEAR(k.transport_cost, 100.0, kTight);
  // At the horizon s1's 30 units are picked, not dispatched: in transit for conservation, which balances.
  EXPECT_EQ(k.conservation.in_transit_end_units, 30);
  EXPECT_EQ(k.conservation.supplier_dispatched_units, 100);
  EXPECT_TRUE(k.conservation.balanced());
}

TEST_F(Kpis, ConservationOfABalancedFlow) {
  ledger_ = testing::flow_ledger(5);
  const Conservation c = compute(window(h(0), h(240))).conservation;
  EXPECT_EQ(c.initial_units, 60);
  EXPECT_EQ(c.supplier_dispatched_units, 100);
  EXPECT_EQ(c.sold_units, 7);
  EXPECT_EQ(c.on_hand_end_units, 153);
  EXPECT_EQ(c.in_transit_end_units, 0);
  EXPECT_EQ(c.imbalance_units, 0);
  EXPECT_EQ(c.demand_requested_units, 7);
  EXPECT_TRUE(c.balanced());
  // Cut at 210h: s2's 10 units are on the road.
  const Conservation cut = compute(window(h(0), h(210))).conservation;
  EXPECT_EQ(cut.in_transit_end_units, 10);
  EXPECT_EQ(cut.on_hand_end_units, 143);
  EXPECT_TRUE(cut.balanced());
}

TEST_F(Kpis, ConservationDetectsUnitsCreatedOrSoldWithoutACustomer) {
  ledger_ = testing::flow_ledger();
  // Store-B puts away 3 units more than s2 carried, and sells 4 units nobody asked for.
  ledger_.stock(h(233), kStoreB, kApple, 3, StockReason::kReceived, 2);
  ledger_.stock(h(235), kStoreB, kApple, -4, StockReason::kSold, world::kNone);
  const Conservation c = compute(window(h(0), h(240))).conservation;
  EXPECT_EQ(c.imbalance_units, -3);  // 3 units appeared from nowhere
  EXPECT_EQ(c.demand_imbalance_units, -4);
  EXPECT_FALSE(c.balanced());
}

TEST_F(Kpis, ConservationDetectsAShipmentThatNeverLeftStock) {
  ledger_ = testing::flow_ledger();
  // A DC shipment dispatched and received without any kPicked row: the store's units come from nowhere.
  const world::OrderLine bread[] = {{kBread, 6}};
  const auto s =
      ledger_.new_shipment({world::kNone, kDc, kStoreA, network::TransportMode::kRoad, world::kNone, 0, 0}, bread);
  ledger_.shipment_event(h(235), s, ShipmentState::kDispatched, kDc, testing::kDcToStoreA);
  ledger_.shipment_event(h(236), s, ShipmentState::kReceived, kStoreA, world::kNone);
  ledger_.stock(h(236), kStoreA, kBread, 6, StockReason::kReceived, s);
  EXPECT_EQ(compute(window(h(0), h(240))).conservation.imbalance_units, -6);
}

TEST_F(Kpis, RejectsLedgersThatContradictTheNetworkAndEmptyWindows) {
  ledger_.stock(h(1), kStoreB, kBread, 4, StockReason::kInitial, world::kNone);  // Store-B carries no bread
  try {
    compute(window(h(0), h(10)));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("stock row 0"), std::string::npos) << message;
    EXPECT_NE(message.find("Store-B"), std::string::npos) << message;
    EXPECT_NE(message.find("bread"), std::string::npos) << message;
  }
  world::Ledger empty;
  EXPECT_THROW(compute_kpis(empty, network_, window(h(10), h(10))), std::invalid_argument);
  world::Ledger overfilled;
  overfilled.demand(h(1), kStoreA, kApple, 2, 3);
  EXPECT_THROW(compute_kpis(overfilled, network_, window(h(0), h(10))), std::invalid_argument);
}

TEST(KpiOptionsFromConfig, TakesHoldingRatePromiseWindowAndStockoutMode) {
  world::WorldConfig config;
  config.cost.holding_rate_per_year = 0.3;
  config.demand.promise_window = h(36);
  config.demand.stockout = world::StockoutMode::kBackorders;
  const KpiOptions options = kpi_options(config, sim::days(7), sim::days(100));
  EXPECT_EQ(options.warm_up, sim::days(7));
  EXPECT_EQ(options.horizon, sim::days(100));
  EXPECT_EQ(options.holding_rate_per_year, 0.3);
  EXPECT_EQ(options.promise_window, h(36));
  EXPECT_EQ(options.stockout, world::StockoutMode::kBackorders);
}

TEST(KpiTable, ListsEveryKpiOnceWithAUnitAndDescription) {
  std::set<std::string_view> names;
  WorldKpis probe;
  double value = 1.0;
  for (const KpiDefinition& kpi : kKpis) {
    names.insert(kpi.name);
    EXPECT_FALSE(kpi.unit.empty()) << kpi.name;
    EXPECT_FALSE(kpi.description.empty()) << kpi.name;
    probe.*kpi.member = value++;
  }
  EXPECT_EQ(names.size(), kKpiCount);
  // Distinct members: each got its own value.
  value = 1.0;
  for (const KpiDefinition& kpi : kKpis) EXPECT_EQ(probe.*kpi.member, value++) << kpi.name;
  std::set<std::string_view> fields;
  for (const ConservationField& field : kConservationFields) fields.insert(field.name);
  EXPECT_EQ(fields.size(), std::size(kConservationFields));
}

TEST(StockSeries, SamplesOnHandOfTheFirstLocationsBySiteThenSku) {
  network::Network network = testing::tiny_network();
  world::Ledger ledger;
  ledger.stock(h(0), kDc, kApple, 100, StockReason::kInitial, world::kNone);
  ledger.stock(h(0), kStoreA, kApple, 5, StockReason::kInitial, world::kNone);
  ledger.stock(h(0), kStoreB, kApple, 7, StockReason::kInitial, world::kNone);  // not among the first 3
  ledger.stock(h(24), kDc, kApple, -20, StockReason::kPicked, 0);               // exactly at a sample: included
  ledger.stock(h(30), kStoreA, kApple, 20, StockReason::kReceived, 0);
  ledger.demand(h(72), kStoreA, kApple, 3, 3);  // a sale at the customer's arrival: the demand row only
  ledger.stock(h(72), kStoreA, kApple, -1, StockReason::kSold, 0);  // a backorder filled: a stock row
  ledger.demand(h(80), kStoreA, kApple, 3, 3);                      // after the horizon

  const StockSeries series = stock_series(ledger, network, h(24), h(72), 3);
  ASSERT_EQ(series.steps, 4u);
  EXPECT_EQ(series.sites, (std::vector<network::SiteId>{kDc, kDc, kStoreA}));
  EXPECT_EQ(series.skus, (std::vector<network::SkuId>{kApple, kBread, kApple}));
  EXPECT_EQ(series.on_hand, (std::vector<double>{100, 0, 5, 80, 0, 5, 80, 0, 25, 80, 0, 21}));
  EXPECT_EQ(series.time_of(3), h(72));
  EXPECT_EQ(series.at(2, 2), 25.0);

  const StockSeries all = stock_series(ledger, network, h(24), h(72), 1000);
  EXPECT_EQ(all.locations(), 5u);  // DC x2, Store-A x2, Store-B x1
  EXPECT_EQ(all.at(0, 4), 7.0);
  EXPECT_EQ(stock_series(ledger, network, sim::SimTime::zero(), h(72), 3).steps, 0u);
}

TEST(Aggregation, MeanAndIntervalPerKpiOverDefinedReplications) {
  std::vector<WorldKpis> runs(3);
  const double fill[] = {0.9, 0.8, 0.85};
  for (std::size_t r = 0; r < 3; ++r) {
    runs[r].fill_rate_units = fill[r];
    runs[r].stockout_mean_hours = 10.0 * static_cast<double>(r + 1);
  }
  runs[1].stockout_mean_hours = std::numeric_limits<double>::quiet_NaN();
  const auto summary = summarise_kpis(runs, 0.95);
  ASSERT_EQ(summary.size(), kKpiCount);
  const auto index = [](double WorldKpis::*member) {
    for (std::size_t i = 0; i < kKpiCount; ++i)
      if (kKpis[i].member == member) return i;
    return kKpiCount;
  };
  const auto expected = sim::student_t_interval(std::vector<double>{0.9, 0.8, 0.85}, 0.95);
  const auto& fill_rate = summary[index(&WorldKpis::fill_rate_units)];
  EXPECT_DOUBLE_EQ(fill_rate.mean, expected.mean);
  EXPECT_DOUBLE_EQ(fill_rate.half_width, expected.half_width);
  EXPECT_EQ(fill_rate.n, 3u);
  const auto& stockout = summary[index(&WorldKpis::stockout_mean_hours)];
  EXPECT_EQ(stockout.n, 2u);  // the NaN replication is left out
  EXPECT_DOUBLE_EQ(stockout.mean, 20.0);
}

TEST(Aggregation, PairedDifferencesOfVariantMinusBaseline) {
  std::vector<WorldKpis> baseline(4), variant(4);
  const double base[] = {0.90, 0.80, 0.85, 0.88}, what_if[] = {0.95, 0.82, 0.90, 0.91};
  for (std::size_t r = 0; r < 4; ++r) {
    baseline[r].fill_rate_units = base[r];
    variant[r].fill_rate_units = what_if[r];
    baseline[r].holding_cost = 100.0 + static_cast<double>(r);
    variant[r].holding_cost = 100.0 + static_cast<double>(r);
  }
  const auto diff = paired_differences(baseline, variant, 0.95);
  ASSERT_EQ(diff.size(), kKpiCount);
  std::vector<double> differences;
  for (std::size_t r = 0; r < 4; ++r) differences.push_back(what_if[r] - base[r]);
  const auto expected = sim::student_t_interval(differences, 0.95);
  for (std::size_t i = 0; i < kKpiCount; ++i) {
    if (kKpis[i].member == &WorldKpis::fill_rate_units) {
      EXPECT_DOUBLE_EQ(diff[i].mean, expected.mean);
      EXPECT_DOUBLE_EQ(diff[i].half_width, expected.half_width);
      EXPECT_GT(diff[i].lower(), 0.0);  // the improvement is significant paired, though the means' CIs overlap
    }
    if (kKpis[i].member == &WorldKpis::holding_cost) {
      EXPECT_EQ(diff[i].mean, 0.0);
      EXPECT_EQ(diff[i].half_width, 0.0);
    }
  }
  EXPECT_THROW(paired_differences(baseline, std::span(variant).first(3)), std::invalid_argument);
}

}  // namespace
}  // namespace chaintwin::analysis

namespace chaintwin::analysis {
namespace {

// Lead times summed in nanoseconds outgrow int64 at national scale (a month of store orders is ~1e21 ns); four
// purchase orders of 90 years each (1.1e19 ns together) do it in a small ledger.
TEST(KpisAtScale, LeadTimeSumsDoNotOverflow) {
  const network::Network network = testing::tiny_network();
  world::Ledger ledger;
  const sim::SimTime year = sim::days(365);
  for (int i = 0; i < 4; ++i) {
    const world::OrderLine lines[] = {{testing::kApple, 10}};
    const sim::SimTime created = sim::days(i);
    const auto id = ledger.new_order(
        {world::OrderKind::kPurchase, testing::kSupplier, testing::kDc, created, created + year * 91, 0, 0}, lines);
    ledger.order_event(created, id, world::OrderState::kCreated, 10);
  }
  for (int i = 0; i < 4; ++i)
    ledger.order_event(sim::days(i) + year * 90, static_cast<world::OrderId>(i), world::OrderState::kDelivered, 10);
  KpiOptions options;
  options.warm_up = sim::SimTime::zero();
  options.horizon = year * 95;
  const WorldKpis kpis = compute_kpis(ledger, network, options);
  EXPECT_NEAR(kpis.purchase_lead_time_days, 90.0 * 365.0, 1e-6);
}

}  // namespace
}  // namespace chaintwin::analysis
