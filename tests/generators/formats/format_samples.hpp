// A complete message of every kind (every optional field set), shared by the format tests and the docs check.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "generators/formats/ais.hpp"
#include "generators/formats/business.hpp"
#include "generators/formats/sparkplug.hpp"
#include "generators/formats/telematics.hpp"
#include "generators/formats/time_format.hpp"
#include "tests/generators/formats/epcis_samples.hpp"

namespace chaintwin::formats::testing {

inline const std::int64_t kSampleTime = unix_ns_from_civil(2025, 3, 21, 14, 30, 12);

inline GpsPosition full_position() {
  GpsPosition p;
  p.device_id = 1042;
  p.protocol = "teltonika";
  p.server_time_ns = kSampleTime + 2 * kNanosPerSecond;
  p.device_time_ns = kSampleTime + 250 * kNanosPerMilli;
  p.fix_time_ns = kSampleTime - kNanosPerSecond;
  p.valid = true;
  p.outdated = true;
  p.latitude = 48.3816321;
  p.longitude = -123.3954;
  p.altitude_m = 41.26;
  p.speed_knots = 38.876;
  p.course_deg = 224.04;
  p.accuracy_m = 4.9;
  p.satellites = 11;
  p.ignition = true;
  p.motion = true;
  p.odometer_m = 1234567.8;
  p.hdop = 0.86;
  p.rssi = 4;
  return p;
}

inline GpsEvent full_gps_event() { return {GpsEventType::kGeofenceExit, 1042, kSampleTime, 77, 9001}; }

inline AisVesselPosition full_vessel() {
  AisVesselPosition p;
  p.mmsi = 371798000;
  p.base_time_ns = kSampleTime + 400 * kNanosPerMilli;
  p.latitude = 48.3816333;
  p.longitude = -123.3953833;
  p.sog_knots = 12.3;
  p.cog_degrees = 224.0;
  p.heading = 215;
  p.vessel_name = "OCEAN \"STAR\"";
  p.imo = "IMO9321483";
  p.call_sign = "3FZA7";
  p.vessel_type = 70;
  p.nav_status = 0;
  p.transceiver_class = 'A';
  return p;
}

inline const SparkplugMetric kDockMetrics[] = {
    {"Dock03/DoorOpen", 1, kSampleTime - 50 * kNanosPerMilli, SparkplugDataType::kBoolean, true, 3},
    {"Dock03/CycleCount", 2, kSampleTime - 50 * kNanosPerMilli, SparkplugDataType::kInt64, std::int64_t{18233}, 3},
    {"Conveyor1/Speed", 3, kSampleTime - 40 * kNanosPerMilli, SparkplugDataType::kDouble, 1.2345, 2},
    {"Dock03/State", 4, kSampleTime - 30 * kNanosPerMilli, SparkplugDataType::kString, std::string_view("OPEN"), 3},
};

inline const OrderLine kOrderLines[] = {{"100234", "04012345123456", 24, "EA"}, {"100871", "04012345987654", 6.5, "KGM"}};
inline const SalesLine kSalesLines[] = {{"100234", "04012345123456", 2, 1.99, 0.0},
                                        {"100871", "04012345987654", 0.732, 12.49, 1.5}};
inline const ConfirmationLine kConfirmationLines[] = {
    {1, "100234", 480, 400, unix_ns_from_civil(2025, 3, 26)}, {2, "100871", 120, 120, unix_ns_from_civil(2025, 3, 27)}};

inline OrderEvent full_order_event() {
  return {"msg-7f3a91", OrderStatus::kShipped, kSampleTime, "RO-0004412", "STORE_REPLENISHMENT", "DC14", "S0412",
          unix_ns_from_civil(2025, 3, 23), "SHP0088412", "ABCD", kOrderLines, "URGENT"};
}
inline InventoryAdjustment full_adjustment() {
  return {"msg-7f3a92", kSampleTime, "ADJ-20250321-0007", "S0412", "100871", "04012345987654", "L2503-11", -12, "EA",
          AdjustmentReason::kSpoilage};
}
inline PoStatusUpdate full_po_status() {
  return {"msg-7f3a93", kSampleTime, "4500021354", "SUP-0042", PoStatus::kPartiallyReceived, "DC14",
          unix_ns_from_civil(2025, 3, 24)};
}
inline FulfillmentUpdate full_fulfillment() {
  return {"msg-7f3a94", kSampleTime, "FF-88120",  "WEB-1002931", "S0412", FulfillmentStatus::kShipped,
          "UPSN",       "1Z999AA10123456784",      kOrderLines,   unix_ns_from_civil(2025, 3, 23)};
}
inline PosTransaction full_pos() {
  return {"S0412-03-20250321-0193", "S0412", "03", kSampleTime, 60, "EUR", kSalesLines, 11.62, "CARD"};
}
inline WebOrder full_web_order() {
  return {"WEB-1002931", SalesChannel::kApp, "c-5d1e0f77", kSampleTime, "EUR", FulfillmentMethod::kClickAndCollect,
          "S0412",       "10115",            kSalesLines, 11.62};
}
inline SupplierOrderConfirmation full_confirmation() {
  return {"msg-7f3a95", "SUP-0042", "4500021354", kSampleTime, kConfirmationLines};
}
inline SupplierLeadTimeChange full_lead_time_change() {
  return {"msg-7f3a96", "SUP-0042", "100234", 9, 12, unix_ns_from_civil(2025, 4, 1), kSampleTime,
          "Raw material shortage"};
}
inline SupplierOutOfStock full_out_of_stock() {
  return {"msg-7f3a97", "SUP-0042", "100871", 0, unix_ns_from_civil(2025, 4, 10), kSampleTime};
}
inline WeatherAlert full_weather_alert() {
  return {"urn:oid:2.49.0.1.840.0.2025.03.21.143012", "Winter Storm Warning", AlertSeverity::kSevere, "US-TN-W",
          "Shelby; Fayette; Tipton",                  kSampleTime,
          kSampleTime + 6 * 3600 * kNanosPerSecond,   kSampleTime + 36 * 3600 * kNanosPerSecond,
          "Winter Storm Warning until Sunday 02:30 UTC"};
}
inline PortStatus full_port_status() {
  return {"msg-7f3a98", PortStatusEvent::kClosed, "USLAX", "Los Angeles", "WEATHER", kSampleTime,
          kSampleTime + 48 * 3600 * kNanosPerSecond};
}
inline PortCongestion full_port_congestion() {
  return {"msg-7f3a99", "CNSHA", kSampleTime, 37, 36.5, "HIGH"};
}

using SampleWriter = std::function<void(std::string&, const WriteOptions&)>;
struct Sample {
  std::string name;
  std::span<const FieldSpec> fields;
  SampleWriter write;
};

// Every JSON message kind, complete.
inline std::vector<Sample> all_json_samples() {
  std::vector<Sample> samples;
  const std::pair<EpcisEventType, EpcisEvent> epcis[] = {
      {EpcisEventType::kObject, full_object_event()},
      {EpcisEventType::kAggregation, full_aggregation_event()},
      {EpcisEventType::kTransformation, full_transformation_event()},
  };
  for (const auto& [type, event] : epcis) {
    samples.push_back({"epcis " + std::string(to_string(type)), fields(type),
                       [e = event](std::string& out, const WriteOptions& o) { write_epcis_event(out, e, o); }});
  }
  samples.push_back({"telematics position", fields(TelematicsMessage::kPosition),
                     [](std::string& out, const WriteOptions& o) { write_gps_position(out, full_position(), o); }});
  samples.push_back({"telematics event", fields(TelematicsMessage::kEvent),
                     [](std::string& out, const WriteOptions& o) { write_gps_event(out, full_gps_event(), o); }});
  samples.push_back({"ais vessel position", fields(AisMessage::kVesselPositionJson),
                     [](std::string& out, const WriteOptions& o) { write_ais_position_json(out, full_vessel(), o); }});
  for (auto type : {SparkplugMessageType::kNBirth, SparkplugMessageType::kDBirth, SparkplugMessageType::kDData,
                    SparkplugMessageType::kNDeath}) {
    samples.push_back({"sparkplug " + std::string(to_string(type)), fields(type),
                       [type](std::string& out, const WriteOptions& o) {
                         write_sparkplug_payload(out, type, {kSampleTime, kDockMetrics, 42}, o);
                       }});
  }
  auto business = [&samples](std::string name, BusinessMessage kind, SampleWriter write) {
    samples.push_back({std::move(name), fields(kind), std::move(write)});
  };
  business("order event", BusinessMessage::kOrderEvent,
           [](std::string& out, const WriteOptions& o) { write_order_event(out, full_order_event(), o); });
  business("inventory adjustment", BusinessMessage::kInventoryAdjustment,
           [](std::string& out, const WriteOptions& o) { write_inventory_adjustment(out, full_adjustment(), o); });
  business("po status", BusinessMessage::kPoStatus,
           [](std::string& out, const WriteOptions& o) { write_po_status(out, full_po_status(), o); });
  business("fulfillment", BusinessMessage::kFulfillment,
           [](std::string& out, const WriteOptions& o) { write_fulfillment(out, full_fulfillment(), o); });
  business("pos transaction", BusinessMessage::kPosTransaction,
           [](std::string& out, const WriteOptions& o) { write_pos_transaction(out, full_pos(), o); });
  business("web order", BusinessMessage::kWebOrder,
           [](std::string& out, const WriteOptions& o) { write_web_order(out, full_web_order(), o); });
  business("supplier order confirmation", BusinessMessage::kSupplierOrderConfirmation,
           [](std::string& out, const WriteOptions& o) { write_supplier_confirmation(out, full_confirmation(), o); });
  business("supplier lead-time change", BusinessMessage::kSupplierLeadTimeChange,
           [](std::string& out, const WriteOptions& o) {
             write_supplier_lead_time_change(out, full_lead_time_change(), o);
           });
  business("supplier out of stock", BusinessMessage::kSupplierOutOfStock,
           [](std::string& out, const WriteOptions& o) { write_supplier_out_of_stock(out, full_out_of_stock(), o); });
  business("weather alert", BusinessMessage::kWeatherAlert,
           [](std::string& out, const WriteOptions& o) { write_weather_alert(out, full_weather_alert(), o); });
  business("port status", BusinessMessage::kPortStatus,
           [](std::string& out, const WriteOptions& o) { write_port_status(out, full_port_status(), o); });
  business("port congestion", BusinessMessage::kPortCongestion,
           [](std::string& out, const WriteOptions& o) { write_port_congestion(out, full_port_congestion(), o); });
  return samples;
}

}  // namespace chaintwin::formats::testing
