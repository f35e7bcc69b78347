#pragma once
// What the reference pipeline makes of one record: the facts it reports, in the pipeline's own vocabulary, or the
// reason it goes to the dead-letter topic. Decoding reads only the record (topic, key, headers, payload) and the
// master data published on the master topic: never the simulator's truth.
//
// One message gives zero or more DecodedEvents: a receipt with three lines gives three stock deltas; an EPCIS
// receiving event gives one delta per quantity element. Identifiers (names, GLNs, SGLNs, GTINs, UPCs, LGTIN classes,
// EDI party codes) are resolved through the master data to dense indices (LocationIndex, SkuIndex).

#include <cstdint>
#include <string>
#include <vector>

namespace chaintwin::pipeline {

using LocationIndex = std::uint32_t;  // index into MasterData::locations()
using SkuIndex = std::uint32_t;       // index into MasterData::products()
inline constexpr std::uint32_t kUnknown = 0xffff'ffffu;

// The kind of fact a decoded event reports. The comment lists the fields it sets.
enum class Signal : std::uint8_t {
  kStockDelta,     // location, sku, quantity (signed units): put away (+), picked (-), sold (-), adjusted (+-)
  kStockCount,     // location, sku, quantity: units on hand as counted at event_time (EDI 846)
  kDemand,         // location (store), sku, quantity: a walk-in sale (units taken) or a web order (units ordered);
                   // entity: hash of the receipt's or order's id (a collection receipt carries its web order's id)
  kShipmentStatus, // entity (shipment number), status (ShipmentStatus), location (where), other_location (to),
                   // status_b 1 if the time is an estimate (EDI 214: AT706 0000, or a local time without MS1)
  kOrderStatus,    // entity (order number), status (OrderStatus), status_b (OrderKind), location (destination),
                   // other_location (source), time_b_ns (promised or requested delivery; 0 if not stated)
  kOrderLine,      // entity (order number), status_b (OrderKind), sku, quantity (ordered; -1 if not stated), value_a
                   // (committed; -1 if not stated)
  kVehiclePosition,// entity (vehicle number), value_a lat, value_b lon, value_c speed km/h, status 1 valid / 0 not
  kGeofence,       // entity (vehicle number), location (kUnknown until the master data has geofences), status (1
                   // enter, 0 exit)
  kTemperature,    // location, status (temperature class: 1 chilled, 2 frozen), value_a degrees Celsius as written,
                   // value_b relative humidity (% or NaN), status_b 1 if the sender flagged an alarm
  kSupplierStatus, // location (supplier), sku (kUnknown: every SKU it supplies), value_a available quantity (NaN if
                   // not stated), value_b lead time days (NaN if not stated)
  kPortStatus,     // location (port), status (1 closed, 0 open)
  kPortCongestion, // location (port), value_a vessels at anchor, value_b average wait hours
  kWeatherAlert,   // entity (hash of the region or area text), status (1 start, 0 end), value_a severity (0..4)
  kEquipment,      // location (DC), entity (metric alias or hash of its name), value_a value
};
inline constexpr std::size_t kSignalCount = 14;

enum class ShipmentStatus : std::uint8_t {
  kDispatched,   // left its origin (EPCIS shipping, 214 AF, ERP fulfilment shipped, 856)
  kInTransit,    // passed a terminal or port (214 X4/P1)
  kCustomsHold,  // 214 SD
  kArrived,      // at the destination's gate (EPCIS arriving, 214 X1)
  kUnloaded,     // EPCIS unloading, 214 D1
  kReceived,     // counted in (EPCIS receiving) or put away (EPCIS storing, ERP fulfilment delivered)
};
enum class OrderStatus : std::uint8_t { kCreated, kConfirmed, kShipped, kDelivered, kCancelled };
enum class OrderKind : std::uint8_t { kReplenishment, kPurchase };

struct DecodedEvent {
  Signal signal = Signal::kStockDelta;
  std::uint8_t status = 0;
  std::uint8_t status_b = 0;
  std::int64_t event_time_ns = 0;  // the time the message states for the fact (the sender's clock), Unix ns
  LocationIndex location = kUnknown;
  LocationIndex other_location = kUnknown;
  SkuIndex sku = kUnknown;
  std::int64_t quantity = 0;
  std::uint64_t entity = 0;
  double value_a = 0.0;
  double value_b = 0.0;
  double value_c = 0.0;
  std::int64_t time_b_ns = 0;
};

// Everything the pipeline keeps from one record. `error` non-empty: the record goes to the dead-letter topic with
// its original bytes and this reason, and `events` is empty.
struct DecodedMessage {
  std::vector<DecodedEvent> events;
  std::uint64_t message_id = 0;    // the message-id header, 0 if absent
  std::uint64_t content_key = 0;   // identity of the content for deduplication beyond the id: EPCIS, the event
                                   // without its eventID; EDI, sender and ISA13 control number; others, the payload
  std::int64_t stated_time_ns = 0; // EPCIS: the first event's eventTime, which the content key leaves out (0: none)
  std::uint8_t schema_version = 1; // from the schema-version header or the payload
  std::string error;               // why it cannot be used: "<source>: <what is wrong>"
};

}  // namespace chaintwin::pipeline
