// EPCIS 2.0 documents (chaintwin.epcis): RFID reads at DC and store docks, cold-room sensor reports.
#include <cmath>
#include <limits>
#include <vector>

#include "pipeline/decode/decode_support.hpp"

namespace chaintwin::pipeline::detail {

namespace {

enum DocumentSlot : std::uint8_t { kDocType, kCreationDate, kBody };
constexpr Member kDocumentMembers[] = {
    {"type", kDocType, JsonType::kString},
    {"creationDate", kCreationDate, JsonType::kString, false, true},
    {"epcisBody", kBody, JsonType::kNested},
};
enum BodySlot : std::uint8_t { kEventList };
constexpr Member kBodyMembers[] = {{"eventList", kEventList, JsonType::kNested}};

enum EventSlot : std::uint8_t {
  kType, kEventId, kEventTime, kTimeZoneOffset, kRecordTime, kQuantityList, kAction, kBizStep, kDisposition,
  kReadPoint, kBizLocation, kBizTransactionList, kDestinationList, kSensorElementList,
};
// The members read; the others (epcList, parentID, childEPCs, childQuantityList, sourceList, ...) are valid and
// skipped: the pallet's SSCC adds nothing the desadv transaction does not say.
constexpr Member kEventMembers[] = {
    {"type", kType, JsonType::kString},
    {"eventID", kEventId, JsonType::kString, false, true},
    {"eventTime", kEventTime, JsonType::kString, false, true},
    {"eventTimeZoneOffset", kTimeZoneOffset, JsonType::kString},
    {"recordTime", kRecordTime, JsonType::kString, false, true},
    {"quantityList", kQuantityList, JsonType::kNested},
    {"action", kAction, JsonType::kString},
    {"bizStep", kBizStep, JsonType::kString},
    {"disposition", kDisposition, JsonType::kString},
    {"readPoint", kReadPoint, JsonType::kNested},
    {"bizLocation", kBizLocation, JsonType::kNested},
    {"bizTransactionList", kBizTransactionList, JsonType::kNested},
    {"destinationList", kDestinationList, JsonType::kNested},
    {"sensorElementList", kSensorElementList, JsonType::kNested},
};
enum IdSlot : std::uint8_t { kId };
constexpr Member kIdMembers[] = {{"id", kId, JsonType::kString}};
enum QuantitySlot : std::uint8_t { kEpcClass, kQuantity, kUom };
constexpr Member kQuantityMembers[] = {
    {"epcClass", kEpcClass, JsonType::kString},
    {"quantity", kQuantity, JsonType::kNumber},
    {"uom", kUom, JsonType::kString},
};
enum TransactionSlot : std::uint8_t { kTransactionType, kTransaction };
constexpr Member kTransactionMembers[] = {
    {"type", kTransactionType, JsonType::kString},
    {"bizTransaction", kTransaction, JsonType::kString},
};
enum DestinationSlot : std::uint8_t { kDestinationType, kDestination };
constexpr Member kDestinationMembers[] = {
    {"type", kDestinationType, JsonType::kString},
    {"destination", kDestination, JsonType::kString},
};
enum SensorElementSlot : std::uint8_t { kSensorReport };
constexpr Member kSensorElementMembers[] = {{"sensorReport", kSensorReport, JsonType::kNested}};
enum ReportSlot : std::uint8_t { kReportType, kValue, kMeanValue, kReportUom, kException };
constexpr Member kReportMembers[] = {
    {"type", kReportType, JsonType::kString},
    {"value", kValue, JsonType::kNumber},
    {"meanValue", kMeanValue, JsonType::kNumber},
    {"uom", kReportUom, JsonType::kString},
    {"exception", kException, JsonType::kString},
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What one event says, gathered before emitting: its bizStep may come after its quantities.
struct EventFacts {
  std::vector<std::pair<SkuIndex, std::int64_t>> quantities;
  LocationIndex read_point = kUnknown;
  LocationIndex biz_location = kUnknown;
  LocationIndex destination = kUnknown;
  bool has_shipment = false;
  std::uint64_t shipment = 0;
  bool has_temperature = false;
  double celsius = kNaN;
  double humidity = kNaN;
  bool alarm = false;

  void reset() {
    quantities.clear();
    read_point = biz_location = destination = kUnknown;
    has_shipment = has_temperature = alarm = false;
    shipment = 0;
    celsius = humidity = kNaN;
  }
};

struct Scratch {
  EventFacts facts;
  std::vector<std::string_view> excluded;
  Scalars event, inner, report;
};

// An object {"id": <SGLN>} -> the location.
bool read_sgln(Context& ctx, od::value& value, std::string_view field, LocationIndex& location, Scalars& s) {
  return with_object(value, field, ctx.error, [&](od::object& object) {
    if (!read_object(object, kIdMembers, s, ctx.error, kSkipNested)) return false;
    if (!s.has(kId)) return fail(ctx.error, "field '", field, ".id' is missing");
    return ctx.location(&MasterData::location_by_sgln, s.text[kId], field, location);
  });
}

bool read_quantities(Context& ctx, od::value& value, Scratch& x) {
  return for_each_object(value, "quantityList", ctx.error, [&](od::object& object) {
    Scalars& q = x.inner;
    if (!read_object(object, kQuantityMembers, q, ctx.error, kSkipNested)) return false;
    if (!check_required(kQuantityMembers, q, slots({kEpcClass, kQuantity}), ctx.error, "quantityList.")) return false;
    const auto units = whole_units(q.number[kQuantity]);
    if (!units || (q.has(kUom) && q.text[kUom] != "EA"))
      return fail(ctx.error, "quantity of '", q.text[kEpcClass], "' is not a whole number of units");
    SkuIndex sku = kUnknown;
    if (!ctx.product(&MasterData::product_by_epc_class, q.text[kEpcClass], "quantityList.epcClass", sku)) return false;
    x.facts.quantities.emplace_back(sku, *units);
    return true;
  });
}

// The desadv (ASN) transaction names the shipment: "urn:epcglobal:cbv:bt:<GLN>:SH12".
bool read_transactions(Context& ctx, od::value& value, Scratch& x) {
  return for_each_object(value, "bizTransactionList", ctx.error, [&](od::object& object) {
    Scalars& t = x.inner;
    if (!read_object(object, kTransactionMembers, t, ctx.error, kSkipNested)) return false;
    if (!check_required(kTransactionMembers, t, slots({kTransaction}), ctx.error, "bizTransactionList.")) return false;
    bool uri = false;
    if (cbv_word(t.text[kTransactionType], uri) == "desadv") {
      const std::string_view urn = t.text[kTransaction];
      x.facts.has_shipment = true;
      x.facts.shipment = entity_of(urn.substr(urn.rfind(':') + 1));
    }
    ctx.v2 = ctx.v2 || uri;
    return true;
  });
}

bool read_destinations(Context& ctx, od::value& value, Scratch& x) {
  return for_each_object(value, "destinationList", ctx.error, [&](od::object& object) {
    Scalars& d = x.inner;
    if (!read_object(object, kDestinationMembers, d, ctx.error, kSkipNested)) return false;
    if (!check_required(kDestinationMembers, d, slots({kDestination}), ctx.error, "destinationList.")) return false;
    bool uri = false;
    if (cbv_word(d.text[kDestinationType], uri) != "location") return true;
    ctx.v2 = ctx.v2 || uri;
    return ctx.location(&MasterData::location_by_sgln, d.text[kDestination], "destinationList.destination",
                        x.facts.destination);
  });
}

bool read_sensor_elements(Context& ctx, od::value& value, Scratch& x) {
  return for_each_object(value, "sensorElementList", ctx.error, [&](od::object& element) {
    auto reports = [&](int, od::value& list) {
      return for_each_object(list, "sensorReport", ctx.error, [&](od::object& object) {
        Scalars& r = x.report;
        if (!read_object(object, kReportMembers, r, ctx.error, kSkipNested)) return false;
        if (!check_required(kReportMembers, r, slots({kReportType}), ctx.error, "sensorReport.")) return false;
        const bool has_value = r.has(kValue) || r.has(kMeanValue);
        const double reading = r.has(kValue) ? r.number[kValue] : r.number[kMeanValue];
        if (r.text[kReportType] == "Temperature" && has_value) {
          const std::string_view uom = r.text[kReportUom];
          if (uom != "CEL" && uom != "FAH") return fail(ctx.error, "temperature in unknown unit '", uom, "'");
          x.facts.has_temperature = true;
          x.facts.celsius = uom == "FAH" ? (reading - 32.0) * 5.0 / 9.0 : reading;
          x.facts.alarm = x.facts.alarm || r.text[kException] == "ALARM_CONDITION";
        } else if (r.text[kReportType] == "RelativeHumidity" && has_value) {
          x.facts.humidity = reading;
        }
        return true;
      });
    };
    return read_object(element, kSensorElementMembers, x.inner, ctx.error, reports);
  });
}

// The cold room a logger watches, from its key "<site>/<class>-logger": 1 chilled, 2 frozen, 0 not said.
std::uint8_t logger_class(std::string_view key) {
  if (key.find("/chilled-") != std::string_view::npos) return 1;
  if (key.find("/frozen-") != std::string_view::npos) return 2;
  return 0;
}

// The events one EPCIS event gives, by its business step.
bool emit(Context& ctx, const Scalars& e, const EventFacts& f, std::int64_t time) {
  bool uri = false;
  const std::string_view step = cbv_word(e.text[kBizStep], uri);
  ctx.v2 = ctx.v2 || uri;
  const LocationIndex where = f.biz_location != kUnknown ? f.biz_location : f.read_point;
  if (where == kUnknown) return fail(ctx.error, "epcis_", step, ": neither bizLocation nor readPoint");
  auto shipment_status = [&](ShipmentStatus status) {
    if (!f.has_shipment) return;  // the desadv transaction was left out: the shipment is not named
    DecodedEvent& s = ctx.add(Signal::kShipmentStatus, time);
    s.entity = f.shipment;
    s.status = static_cast<std::uint8_t>(status);
    s.location = where;
    s.other_location = f.destination;
  };
  auto stock = [&](std::int64_t sign) {
    for (const auto& [sku, units] : f.quantities) {
      DecodedEvent& d = ctx.add(Signal::kStockDelta, time);
      d.location = where;
      d.sku = sku;
      d.quantity = sign * units;
    }
  };
  if (step == "arriving") {
    shipment_status(ShipmentStatus::kArrived);
  } else if (step == "unloading") {
    shipment_status(ShipmentStatus::kUnloaded);
  } else if (step == "receiving") {
    shipment_status(ShipmentStatus::kReceived);  // counted in; the stock moves when it is put away
  } else if (step == "storing") {
    stock(+1);
    shipment_status(ShipmentStatus::kReceived);
  } else if (step == "picking") {
    stock(-1);
  } else if (step == "shipping") {
    shipment_status(ShipmentStatus::kDispatched);
  } else if (step == "sensor_reporting") {
    if (!f.has_temperature) return true;
    DecodedEvent& t = ctx.add(Signal::kTemperature, time);
    t.location = where;
    t.status = logger_class(ctx.key);
    t.value_a = f.celsius;
    t.value_b = f.humidity;
    t.status_b = f.alarm ? 1 : 0;
  } else if (step != "loading") {  // loading (onto the pallet): the shipping event that follows says it left
    return fail(ctx.error, "unknown bizStep '", e.text[kBizStep], "'");
  }
  return true;
}

bool read_event(Context& ctx, od::object& object, Scratch& x) {
  x.facts.reset();
  Scalars& e = x.event;
  auto nested = [&](int slot, od::value& value) {
    switch (slot) {
      case kQuantityList: return read_quantities(ctx, value, x);
      case kReadPoint: return read_sgln(ctx, value, "readPoint", x.facts.read_point, x.inner);
      case kBizLocation: return read_sgln(ctx, value, "bizLocation", x.facts.biz_location, x.inner);
      case kBizTransactionList: return read_transactions(ctx, value, x);
      case kDestinationList: return read_destinations(ctx, value, x);
      case kSensorElementList: return read_sensor_elements(ctx, value, x);
      default: return true;
    }
  };
  e.excluded_tokens = &x.excluded;
  if (!read_object(object, kEventMembers, e, ctx.error, nested)) return false;
  if (!check_required(kEventMembers, e, slots({kType, kEventTime, kTimeZoneOffset}), ctx.error)) return false;
  const std::string_view type = e.text[kType];
  if (type == "TransformationEvent" || type == "AssociationEvent") return true;  // nothing the pipeline tracks
  if (type != "ObjectEvent" && type != "AggregationEvent") return fail(ctx.error, "unknown event type '", type, "'");
  if (!check_required(kEventMembers, e, slots({kAction}), ctx.error)) return false;
  const auto time = parse_iso8601(e.text[kEventTime]);
  if (!time) return fail(ctx.error, "field 'eventTime' is not an ISO-8601 time");
  if (ctx.out.stated_time_ns == 0) ctx.out.stated_time_ns = *time;
  // Without its bizStep an event does not say what happened (receiving and picking read alike): nothing to emit.
  if (!e.has(kBizStep)) return true;
  return emit(ctx, e, x.facts, *time);
}

// The key of the content without what a re-read changes (eventID, eventTime, creationDate, recordTime): the same
// tags read again at the same portal and step have the same key.
std::uint64_t content_key(std::string_view payload, const std::vector<std::string_view>& excluded) {
  std::uint64_t key = 0;
  const char* from = payload.data();
  for (std::string_view token : excluded) {
    key = hash_bytes(std::string_view(from, static_cast<std::size_t>(token.data() - from)), key);
    from = token.data() + token.size();
  }
  return hash_bytes(std::string_view(from, static_cast<std::size_t>(payload.data() + payload.size() - from)), key);
}

}  // namespace

bool decode_epcis(Context& ctx, od::document& document, std::string_view payload) {
  thread_local Scratch x;
  x.excluded.clear();
  Scalars doc, body;
  doc.excluded_tokens = &x.excluded;
  auto read_body = [&](int, od::value& value) {
    return with_object(value, "epcisBody", ctx.error, [&](od::object& object) {
      auto read_events = [&](int, od::value& list) {
        return for_each_object(list, "eventList", ctx.error, [&](od::object& event) { return read_event(ctx, event, x); });
      };
      if (!read_object(object, kBodyMembers, body, ctx.error, read_events)) return false;
      return check_required(kBodyMembers, body, slots({kEventList}), ctx.error, "epcisBody.");
    });
  };
  if (!read_document(document, kDocumentMembers, doc, ctx.error, read_body)) return false;
  if (!check_required(kDocumentMembers, doc, slots({kBody}), ctx.error)) return false;
  if (doc.has(kDocType) && doc.text[kDocType] != "EPCISDocument")
    return fail(ctx.error, "not an EPCISDocument (type '", doc.text[kDocType], "')");
  ctx.out.content_key = content_key(payload, x.excluded);
  return true;
}

}  // namespace chaintwin::pipeline::detail
