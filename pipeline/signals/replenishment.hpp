#pragma once
// Replenishment signals per SKU-location, from the published stock positions, what is on order (OrderBook) and
// the sensed demand (DemandSensing).
//
// With d the sensed demand (units per day), L the destination's learned order lead time (days; `default_lead_time`
// before one is learned) and R the review period:
//   reorder point  s = d (L + R) + z sqrt(d (L + R))   (Poisson demand over the lead time and review, z = 1.65)
//   order-up-to    S = s + d order_days
// When the inventory position (on hand + on order) falls to s or below, one signal suggests S - position units; the
// next needs the position back above s first. Locations without sensed demand (DCs, unsold SKUs) raise none.

#include <cstdint>
#include <map>
#include <vector>

#include "pipeline/operators/checkpoint_io.hpp"
#include "pipeline/signals/demand_sensing.hpp"
#include "pipeline/signals/order_book.hpp"
#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct ReplenishmentConfig {
  double review_days = 1.0;
  double safety_factor = 1.65;
  double order_days = 3.0;
  double default_lead_time_days = 2.0;
  double min_daily_demand = 0.05;  // below: too little demand sensed to plan on
};

class Replenishment {
 public:
  explicit Replenishment(ReplenishmentConfig config = {}) : config_(config) {}

  // The on-hand of a SKU-location at `as_of_ns` (a published stock position; an older tick than one already seen
  // is ignored), checked against the reorder point.
  void position(LocationIndex location, SkuIndex sku, std::int64_t as_of_ns, std::int64_t on_hand,
                const DemandSensing& demand, const OrderBook& orders, std::int64_t watermark_ns,
                std::vector<ReplenishmentSignal>& out);

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Key {
    std::int64_t as_of_ns = INT64_MIN;
    std::uint8_t armed = 1;  // the position was above the reorder point since the last signal
  };
  ReplenishmentConfig config_;
  std::map<std::uint64_t, Key> keys_;
};

}  // namespace chaintwin::pipeline
