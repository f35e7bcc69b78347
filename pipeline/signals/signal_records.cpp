#include "pipeline/signals/signal_records.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "generators/formats/json_writer.hpp"
#include "generators/formats/time_format.hpp"
#include "pipeline/decode/json_record.hpp"

namespace chaintwin::pipeline {

using namespace json_record;

namespace {

constexpr std::string_view kDirections[] = {"UP", "DOWN"};
constexpr std::string_view kCauses[] = {"SUPPLIER_OUTAGE", "SUPPLIER_LEAD_TIME", "PORT_CLOSED", "PORT_CONGESTION"};

// Six significant digits, shortest form ("1.2e-05", "4.25"): tail probabilities span many decades.
void append_general(formats::JsonWriter& w, double value) {
  if (!std::isfinite(value)) {
    w.null();
    return;
  }
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6).ptr;
  w.raw_value(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

void time_member(formats::JsonWriter& w, std::string_view name, std::int64_t unix_ns) {
  w.key(name).begin_string();
  formats::append_iso8601_utc(w.out(), unix_ns);
  w.end_string();
}

const std::string& location_name(const MasterData& master, LocationIndex location) {
  static const std::string kNoName;
  return location < master.locations().size() ? master.locations()[location].name : kNoName;
}

const std::string& sku_name(const MasterData& master, SkuIndex sku) {
  static const std::string kNoName;
  return sku < master.products().size() ? master.products()[sku].name : kNoName;
}

}  // namespace

std::string_view to_string(DemandDirection direction) { return kDirections[static_cast<std::size_t>(direction)]; }
std::string_view to_string(ImpactCause cause) { return kCauses[static_cast<std::size_t>(cause)]; }

std::string order_name(const OrderRef& order) {
  return (order.kind == OrderKind::kPurchase ? "PO" : "RO") + std::to_string(order.number);
}

DemandSignalRecord to_record(const DemandSignal& s, const MasterData& master) {
  DemandSignalRecord r;
  r.location = location_name(master, s.store);
  if (s.sku != kUnknown) r.sku = sku_name(master, s.sku);
  r.window_start_unix_ns = s.window_start_ns;
  r.window_end_unix_ns = s.window_end_ns;
  r.direction = s.direction;
  r.observed_lines = s.observed_lines;
  r.observed_units = s.observed_units;
  r.expected_lines = s.expected_lines;
  r.tail_probability = s.tail_probability;
  r.detected_at_unix_ns = s.detected_at_ns;
  return r;
}

DisruptionImpactRecord to_record(const DisruptionImpact& s, const MasterData& master) {
  DisruptionImpactRecord r;
  r.cause = s.cause;
  r.location = location_name(master, s.location);
  r.at_unix_ns = s.at_ns;
  r.detected_at_unix_ns = s.detected_at_ns;
  r.value = s.value;
  for (const OrderRef& o : s.orders) r.orders.push_back(order_name(o));
  for (SkuIndex sku : s.skus) r.skus.push_back(sku_name(master, sku));
  r.units_at_risk = s.units_at_risk;
  return r;
}

ReplenishmentSignalRecord to_record(const ReplenishmentSignal& s, const MasterData& master) {
  ReplenishmentSignalRecord r;
  r.location = location_name(master, s.location);
  r.sku = sku_name(master, s.sku);
  r.at_unix_ns = s.at_ns;
  r.detected_at_unix_ns = s.detected_at_ns;
  r.on_hand = s.on_hand;
  r.on_order = s.on_order;
  r.reorder_point = s.reorder_point;
  r.daily_demand = s.daily_demand;
  r.lead_time_days = s.lead_time_days;
  r.suggested_quantity = s.suggested_quantity;
  return r;
}

std::string record_key(const DemandSignalRecord& r) { return r.location + "/" + (r.sku.empty() ? "*" : r.sku); }
std::string record_key(const DisruptionImpactRecord& r) { return r.location; }
std::string record_key(const ReplenishmentSignalRecord& r) { return r.location + "/" + r.sku; }

void append_demand_signal_json(std::string& out, const DemandSignalRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("locationId").value(r.location);
  w.key("sku").value(r.sku);
  time_member(w, "windowStart", r.window_start_unix_ns);
  time_member(w, "windowEnd", r.window_end_unix_ns);
  w.key("direction").value(to_string(r.direction));
  w.key("observedLines").value(r.observed_lines);
  w.key("observedUnits").value(r.observed_units);
  w.key("expectedLines");
  append_general(w, r.expected_lines);
  w.key("tailProbability");
  append_general(w, r.tail_probability);
  time_member(w, "detectedAt", r.detected_at_unix_ns);
  w.end_object();
}

void append_disruption_impact_json(std::string& out, const DisruptionImpactRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("cause").value(to_string(r.cause));
  w.key("locationId").value(r.location);
  time_member(w, "at", r.at_unix_ns);
  time_member(w, "detectedAt", r.detected_at_unix_ns);
  w.key("value");
  append_general(w, r.value);
  w.key("orders").begin_array();
  for (const std::string& o : r.orders) w.value(o);
  w.end_array();
  w.key("skus").begin_array();
  for (const std::string& s : r.skus) w.value(s);
  w.end_array();
  w.key("unitsAtRisk").value(r.units_at_risk);
  w.end_object();
}

void append_replenishment_signal_json(std::string& out, const ReplenishmentSignalRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("locationId").value(r.location);
  w.key("sku").value(r.sku);
  time_member(w, "at", r.at_unix_ns);
  time_member(w, "detectedAt", r.detected_at_unix_ns);
  w.key("onHand").value(r.on_hand);
  w.key("onOrder").value(r.on_order);
  w.key("reorderPoint").value(r.reorder_point);
  w.key("dailyDemand");
  append_general(w, r.daily_demand);
  w.key("leadTimeDays");
  append_general(w, r.lead_time_days);
  w.key("suggestedQuantity").value(r.suggested_quantity);
  w.end_object();
}

std::optional<DemandSignalRecord> parse_demand_signal(std::string_view json, std::string& error) {
  return parse_object<DemandSignalRecord>(json, error, [&](simdjson::ondemand::object& o, DemandSignalRecord& r) {
    return text_field(o, "locationId", r.location, error) && text_field(o, "sku", r.sku, error) &&
           time_field(o, "windowStart", r.window_start_unix_ns, error) &&
           time_field(o, "windowEnd", r.window_end_unix_ns, error) &&
           enum_field(o, "direction", kDirections, r.direction, error) &&
           field(o, "observedLines", r.observed_lines, error) && field(o, "observedUnits", r.observed_units, error) &&
           number_or_null(o, "expectedLines", r.expected_lines, error) &&
           number_or_null(o, "tailProbability", r.tail_probability, error) &&
           time_field(o, "detectedAt", r.detected_at_unix_ns, error);
  });
}

std::optional<DisruptionImpactRecord> parse_disruption_impact(std::string_view json, std::string& error) {
  return parse_object<DisruptionImpactRecord>(
      json, error, [&](simdjson::ondemand::object& o, DisruptionImpactRecord& r) {
        return enum_field(o, "cause", kCauses, r.cause, error) && text_field(o, "locationId", r.location, error) &&
               time_field(o, "at", r.at_unix_ns, error) && time_field(o, "detectedAt", r.detected_at_unix_ns, error) &&
               number_or_null(o, "value", r.value, error) && strings_field(o, "orders", r.orders, error) &&
               strings_field(o, "skus", r.skus, error) && field(o, "unitsAtRisk", r.units_at_risk, error);
      });
}

std::optional<ReplenishmentSignalRecord> parse_replenishment_signal(std::string_view json, std::string& error) {
  return parse_object<ReplenishmentSignalRecord>(
      json, error, [&](simdjson::ondemand::object& o, ReplenishmentSignalRecord& r) {
        return text_field(o, "locationId", r.location, error) && text_field(o, "sku", r.sku, error) &&
               time_field(o, "at", r.at_unix_ns, error) && time_field(o, "detectedAt", r.detected_at_unix_ns, error) &&
               field(o, "onHand", r.on_hand, error) && field(o, "onOrder", r.on_order, error) &&
               field(o, "reorderPoint", r.reorder_point, error) &&
               number_or_null(o, "dailyDemand", r.daily_demand, error) &&
               number_or_null(o, "leadTimeDays", r.lead_time_days, error) &&
               field(o, "suggestedQuantity", r.suggested_quantity, error);
      });
}

}  // namespace chaintwin::pipeline
