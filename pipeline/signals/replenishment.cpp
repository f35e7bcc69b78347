#include "pipeline/signals/replenishment.hpp"

#include <cmath>

namespace chaintwin::pipeline {

void Replenishment::position(LocationIndex location, SkuIndex sku, std::int64_t as_of_ns, std::int64_t on_hand,
                             const DemandSensing& demand, const OrderBook& orders, std::int64_t watermark_ns,
                             std::vector<ReplenishmentSignal>& out) {
  Key& k = keys_[(std::uint64_t{location} << 32) | sku];
  if (as_of_ns < k.as_of_ns) return;
  k.as_of_ns = as_of_ns;
  const double daily = demand.units_per_day(location, sku);
  if (daily < config_.min_daily_demand) return;
  const double lead_time = orders.lead_time_days(location, config_.default_lead_time_days);
  const double cover = daily * (lead_time + config_.review_days);
  if (!(cover >= 0.0 && cover < 1e12)) return;  // no plan in such numbers (and none would fit an integer)
  const auto reorder_point = static_cast<std::int64_t>(std::ceil(cover + config_.safety_factor * std::sqrt(cover)));
  const std::int64_t on_order = orders.on_order(location, sku);
  const std::int64_t position = on_hand + on_order;
  if (position > reorder_point) {
    k.armed = 1;
    return;
  }
  if (!k.armed) return;
  k.armed = 0;
  ReplenishmentSignal s;
  s.location = location;
  s.sku = sku;
  s.at_ns = as_of_ns;
  s.detected_at_ns = watermark_ns;
  s.on_hand = on_hand;
  s.on_order = on_order;
  s.reorder_point = reorder_point;
  s.daily_demand = daily;
  s.lead_time_days = lead_time;
  const auto order_up_to =
      reorder_point + static_cast<std::int64_t>(std::ceil(daily * config_.order_days));
  s.suggested_quantity = order_up_to - position;
  out.push_back(s);
}

void Replenishment::save(CheckpointWriter& out) const {
  out.put<std::uint64_t>(keys_.size());
  for (const auto& [key, k] : keys_) {
    out.put(key);
    out.put(k.as_of_ns);
    out.put(k.armed);
  }
}

void Replenishment::load(CheckpointReader& in) {
  keys_.clear();
  const std::uint64_t n = in.get_count(17);
  for (std::uint64_t i = 0; i < n; ++i) {
    Key& k = keys_[in.get<std::uint64_t>()];
    k.as_of_ns = in.get<std::int64_t>();
    k.armed = in.get<std::uint8_t>();
  }
}

}  // namespace chaintwin::pipeline
