#include "sim/world/ledger.hpp"

#include "sim/core/memory.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace chaintwin::world {
namespace {

template <class T>
std::uint32_t checked_u32(std::size_t n, const char* what) {
  if (n >= kNone) throw std::length_error(std::string("ledger: too many ") + what + " for 32-bit ids");
  return static_cast<std::uint32_t>(n);
}

template <class... Columns>
std::size_t used_bytes(const Columns&... columns) {
  return (... + (columns.size() * sizeof(typename Columns::value_type)));
}

template <class... Columns>
void reserve_all(std::size_t rows, Columns&... columns) {
  (sim::reserve_huge(columns, rows), ...);
}

template <class... Columns>
void shrink(Columns&... columns) {
  (columns.shrink_to_fit(), ...);
}

class Fnv {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ p[i]) * 0x100000001b3ULL;
  }
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>);
    bytes(&v, sizeof v);
  }
  void value(float v) { value(std::bit_cast<std::uint32_t>(v)); }
  template <class T>
  void column(const std::vector<T>& c) {
    value(c.size());
    if constexpr (std::is_same_v<T, float>) {
      for (float v : c) value(v);
    } else {
      static_assert(std::has_unique_object_representations_v<T> || std::is_enum_v<T>);
      bytes(c.data(), c.size() * sizeof(T));
    }
  }
  std::uint64_t result() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string_view to_string(FactTable table) {
  switch (table) {
    case FactTable::kStock: return "stock";
    case FactTable::kDemand: return "demand";
    case FactTable::kBackorderFills: return "backorder_fills";
    case FactTable::kOrderEvents: return "order_events";
    case FactTable::kShipmentEvents: return "shipment_events";
    case FactTable::kPositions: return "positions";
    case FactTable::kTemperatures: return "temperatures";
    case FactTable::kDisruptions: return "disruptions";
  }
  return "?";
}

std::string_view to_string(StockReason reason) {
  switch (reason) {
    case StockReason::kInitial: return "initial";
    case StockReason::kReceived: return "received";
    case StockReason::kSold: return "sold";
    case StockReason::kPicked: return "picked";
    case StockReason::kSpoiled: return "spoiled";
  }
  return "?";
}

std::string_view to_string(OrderKind kind) {
  return kind == OrderKind::kReplenishment ? "replenishment" : "purchase";
}

std::string_view to_string(OrderState state) {
  switch (state) {
    case OrderState::kCreated: return "created";
    case OrderState::kConfirmed: return "confirmed";
    case OrderState::kShipped: return "shipped";
    case OrderState::kDelivered: return "delivered";
  }
  return "?";
}

std::string_view to_string(ShipmentState state) {
  switch (state) {
    case ShipmentState::kDispatched: return "dispatched";
    case ShipmentState::kLegArrived: return "leg_arrived";
    case ShipmentState::kLegDeparted: return "leg_departed";
    case ShipmentState::kBerthed: return "berthed";
    case ShipmentState::kCustomsHold: return "customs_hold";
    case ShipmentState::kCustomsRelease: return "customs_release";
    case ShipmentState::kArrived: return "arrived";
    case ShipmentState::kUnloaded: return "unloaded";
    case ShipmentState::kReceived: return "received";
    case ShipmentState::kDocked: return "docked";
  }
  return "?";
}

std::string_view to_string(VehicleStatus status) {
  switch (status) {
    case VehicleStatus::kMoving: return "moving";
    case VehicleStatus::kStopped: return "stopped";
    case VehicleStatus::kBrokenDown: return "broken_down";
  }
  return "?";
}

FactId Ledger::stock(sim::SimTime t, SiteId site, SkuId sku, std::int32_t delta, StockReason reason,
                     std::uint32_t ref) {
  const std::size_t row = stock_.time.size();
  stock_.time.push_back(t.ns());
  stock_.site.push_back(site);
  stock_.sku.push_back(sku);
  stock_.delta.push_back(delta);
  stock_.reason.push_back(reason);
  stock_.ref.push_back(ref);
  stock_.demand_rows_before.push_back(static_cast<std::uint32_t>(demand_.time.size()));
  return FactId::make(FactTable::kStock, row);
}

DemandId Ledger::demand(sim::SimTime t, SiteId site, SkuId sku, std::uint32_t requested, std::uint32_t filled) {
  const DemandId id = checked_u32<DemandId>(demand_.time.size(), "customer demands");
  demand_.time.push_back(t.ns());
  demand_.site.push_back(site);
  demand_.sku.push_back(sku);
  demand_.requested.push_back(requested);
  demand_.filled.push_back(filled);
  return id;
}

void Ledger::append_demands(std::span<const DemandRow> rows) {
  checked_u32<DemandId>(demand_.time.size() + rows.size(), "customer demands");
  for (const DemandRow& r : rows) {
    demand_.time.push_back(r.time);
    demand_.site.push_back(r.site);
    demand_.sku.push_back(r.sku);
    demand_.requested.push_back(r.requested);
    demand_.filled.push_back(r.filled);
  }
  // Stock rows appended since the last batch happened after every demand before their time.
  for (; stock_rows_placed_ < stock_.time.size(); ++stock_rows_placed_) {
    const auto it = std::lower_bound(demand_.time.begin(), demand_.time.end(), stock_.time[stock_rows_placed_]);
    stock_.demand_rows_before[stock_rows_placed_] = static_cast<std::uint32_t>(it - demand_.time.begin());
  }
}

FactId Ledger::backorder_fill(sim::SimTime t, DemandId demand, std::uint32_t quantity) {
  const std::size_t row = backorder_fills_.time.size();
  backorder_fills_.time.push_back(t.ns());
  backorder_fills_.demand.push_back(demand);
  backorder_fills_.quantity.push_back(quantity);
  return FactId::make(FactTable::kBackorderFills, row);
}

OrderId Ledger::new_order(const OrderInfo& info, std::span<const OrderLine> lines) {
  const OrderId id = checked_u32<OrderId>(orders_.size(), "orders");
  OrderInfo stored = info;
  stored.first_line = checked_u32<std::uint32_t>(order_lines_.size(), "order lines");
  stored.line_count = static_cast<std::uint32_t>(lines.size());
  orders_.push_back(stored);
  order_lines_.insert(order_lines_.end(), lines.begin(), lines.end());
  return id;
}

FactId Ledger::order_event(sim::SimTime t, OrderId order, OrderState state, std::uint32_t value) {
  const std::size_t row = order_events_.time.size();
  order_events_.time.push_back(t.ns());
  order_events_.order.push_back(order);
  order_events_.state.push_back(state);
  order_events_.value.push_back(value);
  return FactId::make(FactTable::kOrderEvents, row);
}

ShipmentId Ledger::new_shipment(const ShipmentInfo& info, std::span<const OrderLine> lines) {
  const ShipmentId id = checked_u32<ShipmentId>(shipments_.size(), "shipments");
  ShipmentInfo stored = info;
  stored.first_line = checked_u32<std::uint32_t>(shipment_lines_.size(), "shipment lines");
  stored.line_count = static_cast<std::uint32_t>(lines.size());
  shipments_.push_back(stored);
  shipment_lines_.insert(shipment_lines_.end(), lines.begin(), lines.end());
  return id;
}

FactId Ledger::shipment_event(sim::SimTime t, ShipmentId shipment, ShipmentState state, SiteId site,
                              std::uint32_t lane) {
  const std::size_t row = shipment_events_.time.size();
  shipment_events_.time.push_back(t.ns());
  shipment_events_.shipment.push_back(shipment);
  shipment_events_.state.push_back(state);
  shipment_events_.site.push_back(site);
  shipment_events_.lane.push_back(lane);
  return FactId::make(FactTable::kShipmentEvents, row);
}

VehicleId Ledger::new_vehicle(const VehicleInfo& info) {
  const VehicleId id = checked_u32<VehicleId>(vehicles_.size(), "vehicles");
  vehicles_.push_back(info);
  return id;
}

FactId Ledger::position(sim::SimTime t, VehicleId vehicle, float lat, float lon, float speed_kmh, float heading_deg,
                        VehicleStatus status) {
  const std::size_t row = positions_.time.size();
  positions_.time.push_back(t.ns());
  positions_.vehicle.push_back(vehicle);
  positions_.lat.push_back(lat);
  positions_.lon.push_back(lon);
  positions_.speed_kmh.push_back(speed_kmh);
  positions_.heading_deg.push_back(heading_deg);
  positions_.status.push_back(status);
  return FactId::make(FactTable::kPositions, row);
}

FactId Ledger::temperature(sim::SimTime t, SiteId site, network::TemperatureClass zone, float celsius) {
  const std::size_t row = temperatures_.time.size();
  temperatures_.time.push_back(t.ns());
  temperatures_.site.push_back(site);
  temperatures_.zone.push_back(zone);
  temperatures_.celsius.push_back(celsius);
  return FactId::make(FactTable::kTemperatures, row);
}

FactId Ledger::disruption(sim::SimTime t, std::uint32_t disruption, std::uint8_t kind, std::uint32_t target,
                          DisruptionPhase phase, float magnitude) {
  const std::size_t row = disruptions_.time.size();
  disruptions_.time.push_back(t.ns());
  disruptions_.disruption.push_back(disruption);
  disruptions_.kind.push_back(kind);
  disruptions_.target.push_back(target);
  disruptions_.phase.push_back(phase);
  disruptions_.magnitude.push_back(magnitude);
  return FactId::make(FactTable::kDisruptions, row);
}

std::size_t Ledger::row_count(FactTable table) const {
  switch (table) {
    case FactTable::kStock: return stock_.time.size();
    case FactTable::kDemand: return demand_.time.size();
    case FactTable::kBackorderFills: return backorder_fills_.time.size();
    case FactTable::kOrderEvents: return order_events_.time.size();
    case FactTable::kShipmentEvents: return shipment_events_.time.size();
    case FactTable::kPositions: return positions_.time.size();
    case FactTable::kTemperatures: return temperatures_.time.size();
    case FactTable::kDisruptions: return disruptions_.time.size();
  }
  return 0;
}

std::size_t Ledger::total_rows() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kFactTableCount; ++i) n += row_count(static_cast<FactTable>(i));
  return n;
}

void Ledger::reserve(FactTable table, std::size_t rows) {
  switch (table) {
    case FactTable::kStock: {
      auto& c = stock_;
      reserve_all(rows, c.time, c.site, c.sku, c.delta, c.reason, c.ref, c.demand_rows_before);
      break;
    }
    case FactTable::kDemand: {
      auto& c = demand_;
      reserve_all(rows, c.time, c.site, c.sku, c.requested, c.filled);
      break;
    }
    case FactTable::kBackorderFills: {
      auto& c = backorder_fills_;
      reserve_all(rows, c.time, c.demand, c.quantity);
      break;
    }
    case FactTable::kOrderEvents: {
      auto& c = order_events_;
      reserve_all(rows, c.time, c.order, c.state, c.value);
      break;
    }
    case FactTable::kShipmentEvents: {
      auto& c = shipment_events_;
      reserve_all(rows, c.time, c.shipment, c.state, c.site, c.lane);
      break;
    }
    case FactTable::kPositions: {
      auto& c = positions_;
      reserve_all(rows, c.time, c.vehicle, c.lat, c.lon, c.speed_kmh, c.heading_deg, c.status);
      break;
    }
    case FactTable::kTemperatures: {
      auto& c = temperatures_;
      reserve_all(rows, c.time, c.site, c.zone, c.celsius);
      break;
    }
    case FactTable::kDisruptions: {
      auto& c = disruptions_;
      reserve_all(rows, c.time, c.disruption, c.kind, c.target, c.phase, c.magnitude);
      break;
    }
  }
}

std::size_t Ledger::memory_bytes() const {
  const auto& s = stock_;
  const auto& d = demand_;
  const auto& b = backorder_fills_;
  const auto& o = order_events_;
  const auto& e = shipment_events_;
  const auto& p = positions_;
  const auto& t = temperatures_;
  const auto& x = disruptions_;
  return used_bytes(s.time, s.site, s.sku, s.delta, s.reason, s.ref, s.demand_rows_before) +
         used_bytes(d.time, d.site, d.sku, d.requested, d.filled) + used_bytes(b.time, b.demand, b.quantity) +
         used_bytes(o.time, o.order, o.state, o.value) +
         used_bytes(e.time, e.shipment, e.state, e.site, e.lane) +
         used_bytes(p.time, p.vehicle, p.lat, p.lon, p.speed_kmh, p.heading_deg, p.status) +
         used_bytes(t.time, t.site, t.zone, t.celsius) +
         used_bytes(x.time, x.disruption, x.kind, x.target, x.phase, x.magnitude) +
         used_bytes(orders_, order_lines_, shipments_, shipment_lines_, vehicles_);
}

void Ledger::shrink_to_fit() {
  auto& s = stock_;
  auto& d = demand_;
  auto& b = backorder_fills_;
  auto& o = order_events_;
  auto& e = shipment_events_;
  auto& p = positions_;
  auto& t = temperatures_;
  auto& x = disruptions_;
  shrink(s.time, s.site, s.sku, s.delta, s.reason, s.ref, s.demand_rows_before);
  shrink(d.time, d.site, d.sku, d.requested, d.filled);
  shrink(b.time, b.demand, b.quantity);
  shrink(o.time, o.order, o.state, o.value);
  shrink(e.time, e.shipment, e.state, e.site, e.lane);
  shrink(p.time, p.vehicle, p.lat, p.lon, p.speed_kmh, p.heading_deg, p.status);
  shrink(t.time, t.site, t.zone, t.celsius);
  shrink(x.time, x.disruption, x.kind, x.target, x.phase, x.magnitude);
  shrink(orders_, order_lines_, shipments_, shipment_lines_, vehicles_);
}

std::uint64_t Ledger::hash() const {
  Fnv h;
  const auto& s = stock_;
  h.column(s.time), h.column(s.site), h.column(s.sku), h.column(s.delta), h.column(s.reason), h.column(s.ref);
  h.column(s.demand_rows_before);
  const auto& d = demand_;
  h.column(d.time), h.column(d.site), h.column(d.sku), h.column(d.requested), h.column(d.filled);
  const auto& b = backorder_fills_;
  h.column(b.time), h.column(b.demand), h.column(b.quantity);
  const auto& o = order_events_;
  h.column(o.time), h.column(o.order), h.column(o.state), h.column(o.value);
  const auto& e = shipment_events_;
  h.column(e.time), h.column(e.shipment), h.column(e.state), h.column(e.site), h.column(e.lane);
  const auto& p = positions_;
  h.column(p.time), h.column(p.vehicle), h.column(p.lat), h.column(p.lon), h.column(p.speed_kmh);
  h.column(p.heading_deg), h.column(p.status);
  const auto& t = temperatures_;
  h.column(t.time), h.column(t.site), h.column(t.zone), h.column(t.celsius);
  const auto& x = disruptions_;
  h.column(x.time), h.column(x.disruption), h.column(x.kind), h.column(x.target), h.column(x.phase);
  h.column(x.magnitude);
  for (const OrderInfo& i : orders_) {
    h.value(i.kind), h.value(i.source), h.value(i.destination), h.value(i.created.ns()), h.value(i.promised.ns());
    h.value(i.first_line), h.value(i.line_count);
  }
  for (const OrderLine& l : order_lines_) h.value(l.sku), h.value(l.quantity);
  for (const ShipmentInfo& i : shipments_) {
    h.value(i.order), h.value(i.origin), h.value(i.destination), h.value(i.mode), h.value(i.vehicle);
    h.value(i.first_line), h.value(i.line_count);
  }
  for (const OrderLine& l : shipment_lines_) h.value(l.sku), h.value(l.quantity);
  for (const VehicleInfo& v : vehicles_) h.value(v.kind), h.value(v.home);
  return h.result();
}

}  // namespace chaintwin::world
