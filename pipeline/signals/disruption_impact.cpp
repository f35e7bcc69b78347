#include "pipeline/signals/disruption_impact.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chaintwin::pipeline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Adds an order's lines (only `sku`'s, unless it is kUnknown) to the impact; false if it has none of them.
bool add_order(DisruptionImpact& impact, const OrderRef& ref, const OrderBook::Order& o, SkuIndex sku) {
  bool any = false;
  for (const OrderBook::Line& line : o.lines) {
    if (sku != kUnknown && line.sku != sku) continue;
    any = true;
    impact.units_at_risk += line.quantity;
    impact.skus.push_back(line.sku);
  }
  // An order whose lines have not been read yet is still affected, with no units known.
  if (any || (sku == kUnknown && o.lines.empty())) {
    impact.orders.push_back(ref);
    return true;
  }
  return false;
}

void finish(DisruptionImpact& impact) {
  std::sort(impact.skus.begin(), impact.skus.end());
  impact.skus.erase(std::unique(impact.skus.begin(), impact.skus.end()), impact.skus.end());
}

}  // namespace

DisruptionImpact DisruptionImpacts::impact_of_supplier(const DecodedEvent& e, const OrderBook& orders) const {
  DisruptionImpact impact;
  impact.location = e.location;
  impact.at_ns = e.event_time_ns;
  for (const auto& [ref, o] : orders.orders()) {
    const bool not_shipped = o.status == OrderStatus::kCreated || o.status == OrderStatus::kConfirmed;
    if (ref.kind == OrderKind::kPurchase && o.source == e.location && not_shipped) add_order(impact, ref, o, e.sku);
  }
  finish(impact);
  return impact;
}

DisruptionImpact DisruptionImpacts::impact_of_port(const DecodedEvent& e, const OrderBook& orders) const {
  DisruptionImpact impact;
  impact.location = e.location;
  impact.at_ns = e.event_time_ns;
  // The streams name a shipment's supplier and DC but not its order: per (supplier, DC), the k shipments at or
  // bound for the port are taken to carry the k orders shipped most recently (shipments pass the port in order).
  const auto bound = orders.shipments_bound_for(e.location);
  std::map<std::pair<LocationIndex, LocationIndex>, std::vector<std::pair<std::int64_t, OrderRef>>> shipped;
  for (const auto& [ref, o] : orders.orders()) {
    if (ref.kind == OrderKind::kPurchase && o.status == OrderStatus::kShipped && bound.count({o.source, o.destination}))
      shipped[{o.source, o.destination}].emplace_back(o.shipped_ns, ref);
  }
  for (auto& [lane, list] : shipped) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a > b; });
    const auto k = static_cast<std::size_t>(std::min<std::int64_t>(bound.at(lane), std::ssize(list)));
    for (std::size_t i = 0; i < k; ++i) add_order(impact, list[i].second, orders.orders().at(list[i].second), kUnknown);
  }
  std::sort(impact.orders.begin(), impact.orders.end());
  finish(impact);
  return impact;
}

void DisruptionImpacts::apply(const DecodedEvent& e, const OrderBook& orders, std::int64_t watermark_ns,
                              std::vector<DisruptionImpact>& out) {
  if (e.location == kUnknown) return;
  auto emit = [&](DisruptionImpact impact, ImpactCause cause, double value) {
    impact.cause = cause;
    impact.value = value;
    impact.detected_at_ns = watermark_ns;
    out.push_back(std::move(impact));
  };
  if (e.signal == Signal::kSupplierStatus) {
    if (std::isfinite(e.value_b)) {
      auto [it, first] = lead_time_days_.try_emplace(e.location, e.value_b);
      const bool rises = first || e.value_b > it->second;
      it->second = e.value_b;
      if (rises) emit(impact_of_supplier(e, orders), ImpactCause::kSupplierLeadTime, e.value_b);
    } else if (e.value_a == 0.0) {
      emit(impact_of_supplier(e, orders), ImpactCause::kSupplierOutage, kNaN);
    }
    return;
  }
  if (e.signal == Signal::kPortStatus) {
    PortState& port = ports_[e.location];
    const bool closing = e.status == 1 && !port.closed;
    port.closed = e.status == 1 ? 1 : 0;
    if (closing) emit(impact_of_port(e, orders), ImpactCause::kPortClosed, kNaN);
    return;
  }
  if (e.signal == Signal::kPortCongestion) {
    PortState& port = ports_[e.location];
    // NaN (not stated) compares false: it never makes a port congested.
    const bool congested =
        e.value_b >= config_.congested_wait_hours || e.value_a >= config_.congested_vessels_at_anchor;
    const bool starts = congested && !port.congested;
    port.congested = congested ? 1 : 0;
    if (starts) emit(impact_of_port(e, orders), ImpactCause::kPortCongestion, e.value_b);
  }
}

void DisruptionImpacts::save(CheckpointWriter& out) const {
  out.put<std::uint64_t>(lead_time_days_.size());
  for (const auto& [supplier, days] : lead_time_days_) {
    out.put(supplier);
    out.put(days);
  }
  out.put<std::uint64_t>(ports_.size());
  for (const auto& [port, state] : ports_) {
    out.put(port);
    out.put(state);
  }
}

void DisruptionImpacts::load(CheckpointReader& in) {
  lead_time_days_.clear();
  const std::uint64_t suppliers = in.get_count(12);
  for (std::uint64_t i = 0; i < suppliers; ++i) {
    const auto supplier = in.get<LocationIndex>();
    lead_time_days_[supplier] = in.get<double>();
  }
  ports_.clear();
  const std::uint64_t ports = in.get_count(6);
  for (std::uint64_t i = 0; i < ports; ++i) {
    const auto port = in.get<LocationIndex>();
    ports_[port] = in.get<PortState>();
  }
}

}  // namespace chaintwin::pipeline
