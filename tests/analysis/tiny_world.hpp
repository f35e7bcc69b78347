#pragma once
// Test helper: a five-site network and hand-written ledgers over it, small enough to compute every KPI by hand.
//
//   Supplier --sea--> Port --road--> DC --road--> Store-A (apple, bread)
//                                        \--road--> Store-B (apple)
// SKUs: apple (unit value 10), bread (unit value 2). The DC carries both; supplier and port carry nothing.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "network/network.hpp"
#include "sim/core/time.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis::testing {

inline constexpr network::SiteId kSupplier{0};
inline constexpr network::SiteId kPort{1};
inline constexpr network::SiteId kDc{2};
inline constexpr network::SiteId kStoreA{3};
inline constexpr network::SiteId kStoreB{4};
inline constexpr network::SkuId kApple{0};
inline constexpr network::SkuId kBread{1};
// Lanes, in the order added, with their costs (per shipment, per unit).
inline constexpr std::uint32_t kSupplierToPort = 0;  // 500, 0.1
inline constexpr std::uint32_t kPortToDc = 1;        // 80, 0.2
inline constexpr std::uint32_t kDcToStoreA = 2;      // 20, 0.5
inline constexpr std::uint32_t kDcToStoreB = 3;      // 30, 0.25

inline network::Network tiny_network() {
  using namespace network;
  Network net;
  const auto add_site = [&](std::string name, SiteKind kind, LatLon where) {
    Site site;
    site.name = std::move(name);
    site.kind = kind;
    site.location = where;
    return net.add_site(site);
  };
  add_site("Supplier", SiteKind::kSupplier, {31.2, 121.5});
  add_site("Port", SiteKind::kPort, {51.9, 4.1});
  add_site("DC", SiteKind::kDistributionCenter, {51.5, 5.5});
  add_site("Store-A", SiteKind::kStore, {51.4, 5.4});
  add_site("Store-B", SiteKind::kStore, {51.6, 5.6});
  const auto add_lane = [&](SiteId from, SiteId to, TransportMode mode, double per_shipment, double per_unit) {
    Lane lane = make_lane(from, to, mode, 100.0);
    lane.cost_per_shipment = per_shipment;
    lane.cost_per_unit = per_unit;
    net.add_lane(lane);
  };
  add_lane(kSupplier, kPort, TransportMode::kSea, 500.0, 0.1);
  add_lane(kPort, kDc, TransportMode::kRoad, 80.0, 0.2);
  add_lane(kDc, kStoreA, TransportMode::kRoad, 20.0, 0.5);
  add_lane(kDc, kStoreB, TransportMode::kRoad, 30.0, 0.25);
  const auto add_sku = [&](std::string name, double value) {
    Sku sku;
    sku.name = std::move(name);
    sku.unit_volume_m3 = 0.001;
    sku.unit_weight_kg = 0.5;
    sku.unit_value = value;
    net.add_sku(sku);
  };
  add_sku("apple", 10.0);
  add_sku("bread", 2.0);
  Assortment assortment;
  const std::vector<SkuId> none, both = {kBread, kApple}, apple = {kApple};
  assortment.append_site(none);   // supplier
  assortment.append_site(none);   // port
  assortment.append_site(both);   // DC
  assortment.append_site(both);   // Store-A
  assortment.append_site(apple);  // Store-B
  net.set_assortment(std::move(assortment));
  return net;
}

inline sim::SimTime h(std::int64_t hours) { return sim::hours(hours); }

// A balanced ledger with goods flowing supplier -> DC -> stores and customers buying, over 240 hours:
//   s0: supplier -> DC, 100 apple, dispatched 30h (sea), leg at the port 80h-100h, received 130h (purchase order 0)
//   s1: DC -> Store-A, 20 apple + 10 bread, picked 140h, dispatched 141h, received 150h (replenishment order 1)
//   s2: DC -> Store-B, 10 apple, picked 200h, dispatched 201h, received 233h (replenishment order 2)
// Store-A sells `extra_sale` + 2 apples at 160h (a customer asking for 2 more than that gets them all).
inline world::Ledger flow_ledger(std::uint32_t extra_sale = 0) {
  using world::OrderKind, world::OrderState, world::ShipmentState, world::StockReason;
  world::Ledger ledger;
  const world::OrderLine apple100[] = {{kApple, 100}}, store_a[] = {{kApple, 20}, {kBread, 10}},
                         apple10[] = {{kApple, 10}};
  ledger.new_order({OrderKind::kPurchase, kSupplier, kDc, h(20), h(140), 0, 0}, apple100);
  ledger.new_order({OrderKind::kReplenishment, kDc, kStoreA, h(130), h(150), 0, 0}, store_a);
  ledger.new_order({OrderKind::kReplenishment, kDc, kStoreB, h(190), h(230), 0, 0}, apple10);
  ledger.new_shipment({0, kSupplier, kDc, network::TransportMode::kSea, world::kNone, 0, 0}, apple100);
  ledger.new_shipment({1, kDc, kStoreA, network::TransportMode::kRoad, world::kNone, 0, 0}, store_a);
  ledger.new_shipment({2, kDc, kStoreB, network::TransportMode::kRoad, world::kNone, 0, 0}, apple10);

  ledger.stock(h(0), kDc, kApple, 50, StockReason::kInitial, world::kNone);
  ledger.stock(h(0), kDc, kBread, 10, StockReason::kInitial, world::kNone);
  ledger.stock(h(130), kDc, kApple, 100, StockReason::kReceived, 0);
  ledger.stock(h(140), kDc, kApple, -20, StockReason::kPicked, 1);
  ledger.stock(h(140), kDc, kBread, -10, StockReason::kPicked, 1);
  ledger.stock(h(150), kStoreA, kApple, 20, StockReason::kReceived, 1);
  ledger.stock(h(150), kStoreA, kBread, 10, StockReason::kReceived, 1);
  ledger.demand(h(160), kStoreA, kApple, 2 + extra_sale, 2 + extra_sale);  // sold at once: no stock row
  ledger.stock(h(200), kDc, kApple, -10, StockReason::kPicked, 2);
  ledger.stock(h(233), kStoreB, kApple, 10, StockReason::kReceived, 2);

  ledger.order_event(h(20), 0, OrderState::kCreated, 100);
  ledger.order_event(h(130), 0, OrderState::kDelivered, 100);
  ledger.order_event(h(130), 1, OrderState::kCreated, 30);
  ledger.order_event(h(150), 1, OrderState::kDelivered, 30);
  ledger.order_event(h(190), 2, OrderState::kCreated, 10);
  ledger.order_event(h(233), 2, OrderState::kDelivered, 10);

  ledger.shipment_event(h(30), 0, ShipmentState::kDispatched, kSupplier, kSupplierToPort);
  ledger.shipment_event(h(80), 0, ShipmentState::kLegArrived, kPort, world::kNone);
  ledger.shipment_event(h(100), 0, ShipmentState::kLegDeparted, kPort, kPortToDc);
  ledger.shipment_event(h(130), 0, ShipmentState::kReceived, kDc, world::kNone);
  ledger.shipment_event(h(141), 1, ShipmentState::kDispatched, kDc, kDcToStoreA);
  ledger.shipment_event(h(150), 1, ShipmentState::kReceived, kStoreA, world::kNone);
  ledger.shipment_event(h(201), 2, ShipmentState::kDispatched, kDc, kDcToStoreB);
  ledger.shipment_event(h(233), 2, ShipmentState::kReceived, kStoreB, world::kNone);
  return ledger;
}

}  // namespace chaintwin::analysis::testing
