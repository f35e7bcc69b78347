#pragma once
// The signal operators' output topics and their records: a contract like pipeline/runtime/outputs.hpp's, so a
// third-party pipeline writing these topics is scored the same way (analysis/scoring/signals/).
//
//   demand signals         key "<locationId>/<sku>" ("<locationId>/*" for the store's whole assortment)
//     {"locationId":"STORE-00014","sku":"SKU-000102","windowStart":"...","windowEnd":"...","direction":"UP",
//      "observedLines":14,"observedUnits":17,"expectedLines":4.2,"tailProbability":1.2e-05,"detectedAt":"..."}
//     customers (receipt lines) in [windowStart, windowEnd) against the sensed forecast; sku "" for the store.
//   disruption impacts     key "<locationId>" (the supplier or port)
//     {"cause":"SUPPLIER_OUTAGE","locationId":"SUP-0007","at":"...","detectedAt":"...","value":null,
//      "orders":["PO48","PO51"],"skus":["SKU-000122"],"unitsAtRisk":140}
//   replenishment signals  key "<locationId>/<sku>"
//     {"locationId":"STORE-00014","sku":"SKU-000102","at":"...","detectedAt":"...","onHand":3,"onOrder":0,
//      "reorderPoint":6,"dailyDemand":1.9,"leadTimeDays":1.4,"suggestedQuantity":9}
//
// Operators work on dense indices; to_record() names things through the master data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/decode/master_data.hpp"

namespace chaintwin::pipeline {

struct SignalTopics {
  std::string demand_signals = "chaintwin.demand-signals";
  std::string disruption_impacts = "chaintwin.disruption-impacts";
  std::string replenishment_signals = "chaintwin.replenishment-signals";
};

enum class DemandDirection : std::uint8_t { kUp, kDown };
std::string_view to_string(DemandDirection direction);

enum class ImpactCause : std::uint8_t { kSupplierOutage, kSupplierLeadTime, kPortClosed, kPortCongestion };
std::string_view to_string(ImpactCause cause);

// ---- What the operators emit (indices) ----

struct DemandSignal {
  LocationIndex store = kUnknown;
  SkuIndex sku = kUnknown;  // kUnknown: every SKU of the store together
  std::int64_t window_start_ns = 0;
  std::int64_t window_end_ns = 0;
  DemandDirection direction = DemandDirection::kUp;
  std::int64_t observed_lines = 0;  // customers who bought (receipt lines, web order lines)
  std::int64_t observed_units = 0;
  double expected_lines = 0.0;
  double tail_probability = 1.0;  // P(X >= observed) for UP, P(X <= observed) for DOWN, X ~ Poisson(expected)
  std::int64_t detected_at_ns = 0;  // the watermark that closed the window
};

struct OrderRef {
  std::uint64_t number = 0;  // the decoder's entity: the digits of "PO48" / "RO7"
  OrderKind kind = OrderKind::kPurchase;
  friend auto operator<=>(const OrderRef&, const OrderRef&) = default;
};

struct DisruptionImpact {
  ImpactCause cause = ImpactCause::kSupplierOutage;
  LocationIndex location = kUnknown;  // the supplier or port
  std::int64_t at_ns = 0;             // the event's time
  std::int64_t detected_at_ns = 0;    // the watermark it was processed at
  double value = 0.0;                 // lead time days (lead-time change), average wait hours (congestion); else NaN
  std::vector<OrderRef> orders;       // ascending
  std::vector<SkuIndex> skus;         // ascending
  std::int64_t units_at_risk = 0;
};

struct ReplenishmentSignal {
  LocationIndex location = kUnknown;
  SkuIndex sku = kUnknown;
  std::int64_t at_ns = 0;           // the change of position that crossed the reorder point
  std::int64_t detected_at_ns = 0;  // the watermark it was processed at
  std::int64_t on_hand = 0;
  std::int64_t on_order = 0;
  std::int64_t reorder_point = 0;
  double daily_demand = 0.0;
  double lead_time_days = 0.0;
  std::int64_t suggested_quantity = 0;
};

// ---- The records of the topics (names) ----

struct DemandSignalRecord {
  std::string location;
  std::string sku;  // empty: the store's whole assortment
  std::int64_t window_start_unix_ns = 0;
  std::int64_t window_end_unix_ns = 0;
  DemandDirection direction = DemandDirection::kUp;
  std::int64_t observed_lines = 0;
  std::int64_t observed_units = 0;
  double expected_lines = 0.0;
  double tail_probability = 1.0;
  std::int64_t detected_at_unix_ns = 0;
};

struct DisruptionImpactRecord {
  ImpactCause cause = ImpactCause::kSupplierOutage;
  std::string location;
  std::int64_t at_unix_ns = 0;
  std::int64_t detected_at_unix_ns = 0;
  double value = 0.0;  // NaN: none (written null)
  std::vector<std::string> orders;
  std::vector<std::string> skus;
  std::int64_t units_at_risk = 0;
};

struct ReplenishmentSignalRecord {
  std::string location;
  std::string sku;
  std::int64_t at_unix_ns = 0;
  std::int64_t detected_at_unix_ns = 0;
  std::int64_t on_hand = 0;
  std::int64_t on_order = 0;
  std::int64_t reorder_point = 0;
  double daily_demand = 0.0;
  double lead_time_days = 0.0;
  std::int64_t suggested_quantity = 0;
};

// "PO48" for a purchase order, "RO7" for a store replenishment order: the ids the streams use.
std::string order_name(const OrderRef& order);

DemandSignalRecord to_record(const DemandSignal& s, const MasterData& master);
DisruptionImpactRecord to_record(const DisruptionImpact& s, const MasterData& master);
ReplenishmentSignalRecord to_record(const ReplenishmentSignal& s, const MasterData& master);

// The record's key on its topic.
std::string record_key(const DemandSignalRecord& r);
std::string record_key(const DisruptionImpactRecord& r);
std::string record_key(const ReplenishmentSignalRecord& r);

void append_demand_signal_json(std::string& out, const DemandSignalRecord& r);
void append_disruption_impact_json(std::string& out, const DisruptionImpactRecord& r);
void append_replenishment_signal_json(std::string& out, const ReplenishmentSignalRecord& r);
// Parse a record; on failure, nullopt and a reason in `error`.
std::optional<DemandSignalRecord> parse_demand_signal(std::string_view json, std::string& error);
std::optional<DisruptionImpactRecord> parse_disruption_impact(std::string_view json, std::string& error);
std::optional<ReplenishmentSignalRecord> parse_replenishment_signal(std::string_view json, std::string& error);

}  // namespace chaintwin::pipeline
