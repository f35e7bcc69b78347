#include "pipeline/signals/order_book.hpp"

#include <algorithm>

namespace chaintwin::pipeline {

namespace {

constexpr std::int64_t kDayNs = 24ll * 3600 * 1'000'000'000;
constexpr std::int64_t kMaxLineUnits = 1'000'000'000'000;

// The order statuses move through, in order; cancelled ends an order at any point.
int rank_of(OrderStatus s) { return static_cast<int>(s); }

}  // namespace

void OrderBook::count_on_order(const Order& o, std::int64_t sign) {
  if (!o.open() || o.destination == kUnknown) return;
  for (const Line& line : o.lines) {
    auto it = on_order_.try_emplace(key_of(o.destination, line.sku), 0).first;
    it->second += sign * line.quantity;
    if (it->second == 0) on_order_.erase(it);
  }
}

void OrderBook::apply(const DecodedEvent& e) {
  if (e.event_time_ns >= next_sweep_ns_) forget_old(e.event_time_ns);
  if (e.signal == Signal::kShipmentStatus) {
    auto [it, created] = shipments_.try_emplace(e.entity);
    Shipment& s = it->second;
    s.last_ns = std::max(s.last_ns, e.event_time_ns);
    const auto status = static_cast<ShipmentStatus>(e.status);
    switch (status) {
      case ShipmentStatus::kDispatched:
        if (s.origin == kUnknown) s.origin = e.location;
        if (s.destination == kUnknown) s.destination = e.other_location;
        break;
      case ShipmentStatus::kInTransit:
      case ShipmentStatus::kCustomsHold:
        if (e.location == kUnknown) break;
        if (s.origin != kUnknown && s.destination != kUnknown) routes_.emplace(s.origin, s.destination, e.location);
        if (e.location != s.terminal) {
          s.terminal = e.location;
          s.terminal_reports = 0;
        }
        if (status == ShipmentStatus::kInTransit && s.terminal_reports < 2) ++s.terminal_reports;
        break;
      default:
        s.arrived = 1;
        break;
    }
    return;
  }
  if (e.signal != Signal::kOrderStatus && e.signal != Signal::kOrderLine) return;
  const OrderRef ref{e.entity, static_cast<OrderKind>(e.status_b)};
  auto [it, created] = orders_.try_emplace(ref);
  Order& o = it->second;
  if (created) o.created_ns = e.event_time_ns;
  count_on_order(o, -1);
  if (e.signal == Signal::kOrderStatus) {
    if (e.location != kUnknown) o.destination = e.location;
    if (e.other_location != kUnknown) o.source = e.other_location;
    const auto status = static_cast<OrderStatus>(e.status);
    if (o.open() && (status == OrderStatus::kCancelled || rank_of(status) > rank_of(o.status))) {
      o.status = status;
      if (status == OrderStatus::kShipped) o.shipped_ns = e.event_time_ns;
      if (!o.open()) {
        o.closed_ns = e.event_time_ns;
        if (status == OrderStatus::kDelivered && o.destination != kUnknown) {
          const double days = (static_cast<double>(e.event_time_ns) - static_cast<double>(o.created_ns)) /
                              static_cast<double>(kDayNs);
          auto [lt, first] = lead_time_days_.try_emplace(o.destination, days);
          if (!first) lt->second += config_.lead_time_smoothing * (days - lt->second);
        }
      }
    }
  } else {
    // Committed when stated, else ordered; absurd quantities are left out rather than overflow the sums.
    const std::int64_t quantity =
        e.value_a >= 0.0 && e.value_a <= kMaxLineUnits ? static_cast<std::int64_t>(e.value_a) : e.quantity;
    if (quantity >= 0 && quantity <= kMaxLineUnits && e.sku != kUnknown) {
      auto at = std::lower_bound(o.lines.begin(), o.lines.end(), e.sku,
                                 [](const Line& l, SkuIndex s) { return l.sku < s; });
      if (at == o.lines.end() || at->sku != e.sku) at = o.lines.insert(at, Line{e.sku, 0});
      at->quantity = quantity;
    }
  }
  count_on_order(o, +1);
}

void OrderBook::forget_old(std::int64_t now_ns) {
  if (now_ns > INT64_MAX - kDayNs || now_ns < INT64_MIN + config_.closed_retention_ns ||
      now_ns < INT64_MIN + config_.shipment_retention_ns)
    return;  // not a time of this world
  next_sweep_ns_ = now_ns + kDayNs;
  std::erase_if(orders_, [&](const auto& entry) {
    const Order& o = entry.second;
    return !o.open() && o.closed_ns < now_ns - config_.closed_retention_ns;
  });
  std::erase_if(shipments_,
                [&](const auto& entry) { return entry.second.last_ns < now_ns - config_.shipment_retention_ns; });
}

std::map<std::pair<LocationIndex, LocationIndex>, std::int64_t> OrderBook::shipments_bound_for(
    LocationIndex port) const {
  std::map<std::pair<LocationIndex, LocationIndex>, std::int64_t> out;
  for (const auto& [id, s] : shipments_) {
    if (s.arrived || s.origin == kUnknown || s.destination == kUnknown) continue;
    const bool at_port = s.terminal == port && s.terminal_reports < 2;
    const bool before_any_terminal = s.terminal == kUnknown && routes_via(s.origin, s.destination, port);
    if (at_port || before_any_terminal) ++out[{s.origin, s.destination}];
  }
  return out;
}

std::int64_t OrderBook::on_order(LocationIndex destination, SkuIndex sku) const {
  const auto it = on_order_.find(key_of(destination, sku));
  return it == on_order_.end() ? 0 : it->second;
}

double OrderBook::lead_time_days(LocationIndex destination, double fallback) const {
  const auto it = lead_time_days_.find(destination);
  return it == lead_time_days_.end() ? fallback : it->second;
}

void OrderBook::save(CheckpointWriter& out) const {
  out.put(next_sweep_ns_);
  out.put<std::uint64_t>(orders_.size());
  for (const auto& [ref, o] : orders_) {
    out.put(ref.number);
    out.put(ref.kind);
    out.put(o.status);
    out.put(o.source);
    out.put(o.destination);
    out.put(o.created_ns);
    out.put(o.shipped_ns);
    out.put(o.closed_ns);
    out.put_vector(o.lines);
  }
  out.put<std::uint64_t>(shipments_.size());
  for (const auto& [id, s] : shipments_) {
    out.put(id);
    out.put(s);
  }
  out.put<std::uint64_t>(routes_.size());
  for (const auto& [origin, destination, terminal] : routes_) {
    out.put(origin);
    out.put(destination);
    out.put(terminal);
  }
  out.put<std::uint64_t>(lead_time_days_.size());
  for (const auto& [destination, days] : lead_time_days_) {
    out.put(destination);
    out.put(days);
  }
}

void OrderBook::load(CheckpointReader& in) {
  next_sweep_ns_ = in.get<std::int64_t>();
  orders_.clear();
  on_order_.clear();
  const std::uint64_t n = in.get_count(50);
  for (std::uint64_t i = 0; i < n; ++i) {
    OrderRef ref;
    ref.number = in.get<std::uint64_t>();
    ref.kind = in.get<OrderKind>();
    Order& o = orders_[ref];
    o.status = in.get<OrderStatus>();
    o.source = in.get<LocationIndex>();
    o.destination = in.get<LocationIndex>();
    o.created_ns = in.get<std::int64_t>();
    o.shipped_ns = in.get<std::int64_t>();
    o.closed_ns = in.get<std::int64_t>();
    o.lines = in.get_vector<Line>();
    count_on_order(o, +1);
  }
  shipments_.clear();
  const std::uint64_t shipments = in.get_count(8 + sizeof(Shipment));
  for (std::uint64_t i = 0; i < shipments; ++i) {
    const auto id = in.get<std::uint64_t>();
    shipments_[id] = in.get<Shipment>();
  }
  routes_.clear();
  const std::uint64_t routes = in.get_count(12);
  for (std::uint64_t i = 0; i < routes; ++i) {
    const auto origin = in.get<LocationIndex>();
    const auto destination = in.get<LocationIndex>();
    routes_.emplace(origin, destination, in.get<LocationIndex>());
  }
  lead_time_days_.clear();
  const std::uint64_t destinations = in.get_count(12);
  for (std::uint64_t i = 0; i < destinations; ++i) {
    const auto destination = in.get<LocationIndex>();
    lead_time_days_[destination] = in.get<double>();
  }
}

}  // namespace chaintwin::pipeline
