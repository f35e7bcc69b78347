#pragma once
// Disruption impact: supplier and port events joined with the open orders of the OrderBook, giving the orders and
// SKUs affected and the units at risk.
//
//   supplier outage (kSupplierStatus, available 0)      -> the supplier's open purchase orders not yet shipped
//                                                          (with the named SKU, if the event names one)
//   supplier lead-time change (kSupplierStatus, lead    -> the same, when the lead time rises above the last one
//   time stated)                                           announced (or is the first); a fall is the recovery
//   port closed (kPortStatus 1)                          -> purchase orders shipped and not yet delivered that are
//                                                          at or bound for the port: per (supplier, DC), as many of
//                                                          the most recently shipped as there are shipments of that
//                                                          lane at the port or not yet at any terminal on a lane
//                                                          seen through the port (OrderBook::shipments_bound_for)
//   port congestion (kPortCongestion)                    -> the same set, when the average wait or the vessels at
//                                                          anchor reach the thresholds (once per congested spell)
//
// Units at risk: the affected lines' quantities (committed when stated, else ordered).

#include <cstdint>
#include <map>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"
#include "pipeline/signals/order_book.hpp"
#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct DisruptionImpactConfig {
  double congested_wait_hours = 24.0;
  double congested_vessels_at_anchor = 4.0;
};

class DisruptionImpacts {
 public:
  explicit DisruptionImpacts(DisruptionImpactConfig config = {}) : config_(config) {}

  // A kSupplierStatus, kPortStatus or kPortCongestion event, in event-time order, against the orders as known at
  // its time. Appends an impact when the event starts a disruption.
  void apply(const DecodedEvent& event, const OrderBook& orders, std::int64_t watermark_ns,
             std::vector<DisruptionImpact>& out);

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct PortState {
    std::uint8_t closed = 0;
    std::uint8_t congested = 0;
  };
  DisruptionImpact impact_of_supplier(const DecodedEvent& e, const OrderBook& orders) const;
  DisruptionImpact impact_of_port(const DecodedEvent& e, const OrderBook& orders) const;

  DisruptionImpactConfig config_;
  std::map<LocationIndex, double> lead_time_days_;  // last announced, per supplier
  std::map<LocationIndex, PortState> ports_;
};

}  // namespace chaintwin::pipeline
