// EPCIS events used by the EPCIS tests and the docs sample: every field set, pointing at static data.
#pragma once

#include "generators/formats/epcis.hpp"
#include "generators/formats/time_format.hpp"

namespace chaintwin::formats::testing {

inline constexpr std::string_view kSampleEpcs[] = {"urn:epc:id:sscc:4012345.0000001234"};
inline constexpr std::string_view kSampleItems[] = {"urn:epc:id:sgtin:4012345.011122.25",
                                                    "urn:epc:id:sgtin:4012345.011122.26"};
inline constexpr std::string_view kSampleOutputs[] = {"urn:epc:id:sgtin:4012345.077889.1001"};
inline const EpcisQuantity kSampleQuantities[] = {{"urn:epc:class:lgtin:4012345.012345.LOT42", 24, {}},
                                                  {"urn:epc:class:lgtin:4012345.012346.LOT7", 200.5, "KGM"}};
inline constexpr EpcisBizTransaction kSampleTransactions[] = {
    {"desadv", "urn:epcglobal:cbv:bt:4012345000009:ASN0088412"}, {"po", "urn:epcglobal:cbv:bt:4012345000009:PO4500021354"}};
inline constexpr EpcisSourceDest kSampleSources[] = {{"owning_party", "urn:epc:id:pgln:4012345.00000"},
                                                     {"location", "urn:epc:id:sgln:4012345.00011.0"}};
inline constexpr EpcisSourceDest kSampleDestinations[] = {{"location", "urn:epc:id:sgln:4012345.00014.0"}};
inline const EpcisSensorReport kSampleReports[] = {
    {.type = "Temperature", .min_value = 3.1, .max_value = 8.6, .mean_value = 5.2, .uom = "CEL",
     .exception = "ALARM_CONDITION", .decimals = 1},
    {.type = "RelativeHumidity", .value = 61.0, .uom = "P1", .decimals = 1},
};
inline const EpcisSensorElement kSampleSensorElements[] = {
    {{.start_time_ns = unix_ns_from_civil(2025, 3, 20, 8, 0, 0),
      .end_time_ns = unix_ns_from_civil(2025, 3, 21, 14, 25, 0),
      .device_id = "urn:epc:id:giai:4012345.TL0042"},
     kSampleReports}};

inline EpcisEvent full_object_event() {
  EpcisEvent e;
  e.type = EpcisEventType::kObject;
  e.event_time_ns = unix_ns_from_civil(2025, 3, 21, 14, 30, 12);
  e.time_zone_offset_minutes = 60;
  e.record_time_ns = unix_ns_from_civil(2025, 3, 21, 14, 30, 14);
  e.action = EpcisAction::kObserve;
  e.biz_step = "receiving";
  e.disposition = "in_progress";
  e.read_point = "urn:epc:id:sgln:4012345.00011.DOCK03";
  e.biz_location = "urn:epc:id:sgln:4012345.00011.0";
  e.epc_list = kSampleEpcs;
  e.quantity_list = kSampleQuantities;
  e.biz_transactions = kSampleTransactions;
  e.sources = kSampleSources;
  e.destinations = kSampleDestinations;
  e.sensor_elements = kSampleSensorElements;
  return e;
}

inline EpcisEvent full_aggregation_event() {
  EpcisEvent e = full_object_event();
  e.type = EpcisEventType::kAggregation;
  e.action = EpcisAction::kAdd;
  e.biz_step = "packing";
  e.epc_list = {};
  e.quantity_list = {};
  e.parent_id = "urn:epc:id:sscc:4012345.0000001234";
  e.child_epcs = kSampleItems;
  e.child_quantity_list = kSampleQuantities;
  return e;
}

inline EpcisEvent full_transformation_event() {
  EpcisEvent e = full_object_event();
  e.type = EpcisEventType::kTransformation;
  e.biz_step = "repackaging";
  e.epc_list = {};
  e.quantity_list = {};
  e.input_epc_list = kSampleItems;
  e.input_quantity_list = kSampleQuantities;
  e.output_epc_list = kSampleOutputs;
  e.output_quantity_list = kSampleQuantities;
  e.transformation_id = "urn:epc:id:gdti:4012345.00001.7731";
  return e;
}

}  // namespace chaintwin::formats::testing
