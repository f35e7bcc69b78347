#pragma once
// The orders and shipments the streams have told the pipeline about, for the disruption and replenishment
// operators: every purchase and store replenishment order with its status, source, destination and lines; what is
// on order per SKU-location; supplier shipments and the ports they were seen at; order lead times.
//
// Feed it kOrderStatus, kOrderLine and kShipmentStatus events in event-time order. An order's status only moves
// forward (created < confirmed < shipped < delivered; cancelled ends it), so a stale message changes nothing. A
// line's quantity is the committed one when stated, else the ordered one. Closed orders are forgotten after
// `closed_retention_ns`, shipments not heard of for `shipment_retention_ns`.
//
// The streams do not link a shipment to its order (the decoded 214 and 856 carry the shipment only), so ports are
// joined through the lane: a supplier "routes via" a port to a DC once one of its shipments to that DC (named by
// its 856) has a carrier status at that port.

#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"
#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct OrderBookConfig {
  std::int64_t closed_retention_ns = 30ll * 24 * 3600 * 1'000'000'000;
  std::int64_t shipment_retention_ns = 90ll * 24 * 3600 * 1'000'000'000;
  double lead_time_smoothing = 0.2;  // weight of each delivered order in a destination's lead time
};

class OrderBook {
 public:
  struct Line {
    SkuIndex sku = kUnknown;
    std::int64_t quantity = 0;
  };
  struct Order {
    OrderStatus status = OrderStatus::kCreated;
    LocationIndex source = kUnknown;
    LocationIndex destination = kUnknown;
    std::int64_t created_ns = INT64_MIN;  // the first status seen
    std::int64_t shipped_ns = INT64_MIN;  // when it was reported shipped
    std::int64_t closed_ns = INT64_MIN;   // delivered or cancelled
    std::vector<Line> lines;              // ascending SKU
    bool open() const { return status != OrderStatus::kDelivered && status != OrderStatus::kCancelled; }
  };

  explicit OrderBook(OrderBookConfig config = {}) : config_(config) {}

  void apply(const DecodedEvent& event);

  const std::map<OrderRef, Order>& orders() const { return orders_; }
  // Units on open orders bound for a SKU-location.
  std::int64_t on_order(LocationIndex destination, SkuIndex sku) const;
  // A shipment from `origin` to `destination` has been reported at `terminal` (a port, for imports).
  bool routes_via(LocationIndex origin, LocationIndex destination, LocationIndex terminal) const {
    return routes_.count({origin, destination, terminal}) > 0;
  }
  // Shipments at or bound for `port`, per (origin, destination): not arrived, and either at the port (a terminal
  // arrival there, no departure yet) or not at any terminal yet with an origin that routes via the port.
  std::map<std::pair<LocationIndex, LocationIndex>, std::int64_t> shipments_bound_for(LocationIndex port) const;
  // Created to delivered of the destination's orders, days, exponentially weighted; `fallback` before any.
  double lead_time_days(LocationIndex destination, double fallback) const;

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Shipment {
    LocationIndex origin = kUnknown;
    LocationIndex destination = kUnknown;
    LocationIndex terminal = kUnknown;  // the last terminal it was reported at
    std::uint8_t terminal_reports = 0;  // in-transit reports there: 1 arrived (214 X4), 2 departed again (P1)
    std::uint8_t arrived = 0;           // at its destination
    std::int64_t last_ns = 0;
  };
  static std::uint64_t key_of(LocationIndex l, SkuIndex s) { return (std::uint64_t{l} << 32) | s; }
  void count_on_order(const Order& o, std::int64_t sign);
  void forget_old(std::int64_t now_ns);

  OrderBookConfig config_;
  std::map<OrderRef, Order> orders_;
  std::map<std::uint64_t, std::int64_t> on_order_;  // by SKU-location
  std::map<std::uint64_t, Shipment> shipments_;
  std::set<std::tuple<LocationIndex, LocationIndex, LocationIndex>> routes_;  // (origin, destination, terminal)
  std::map<LocationIndex, double> lead_time_days_;
  std::int64_t next_sweep_ns_ = INT64_MIN;
};

}  // namespace chaintwin::pipeline
