#include "generators/formats/epcis.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <string>

#include "generators/formats/sha256.hpp"
#include "generators/formats/time_format.hpp"

namespace chaintwin::formats {

namespace {

constexpr FieldSpec kObjectFields[] = {
    {"type", true},          {"eventID", false},      {"eventTime", true},         {"eventTimeZoneOffset", true},
    {"recordTime", false},   {"epcList", false},      {"quantityList", false},     {"action", true},
    {"bizStep", false},      {"disposition", false},  {"readPoint", false},        {"bizLocation", false},
    {"bizTransactionList", false}, {"sourceList", false}, {"destinationList", false}, {"sensorElementList", false},
};
constexpr FieldSpec kAggregationFields[] = {
    {"type", true},        {"eventID", false},     {"eventTime", true},     {"eventTimeZoneOffset", true},
    {"recordTime", false}, {"parentID", false},    {"childEPCs", false},    {"childQuantityList", false},
    {"action", true},      {"bizStep", false},     {"disposition", false},  {"readPoint", false},
    {"bizLocation", false}, {"bizTransactionList", false}, {"sourceList", false}, {"destinationList", false},
    {"sensorElementList", false},
};
constexpr FieldSpec kTransformationFields[] = {
    {"type", true},           {"eventID", false},           {"eventTime", true},
    {"eventTimeZoneOffset", true}, {"recordTime", false},   {"inputEPCList", false},
    {"inputQuantityList", false},  {"outputEPCList", false}, {"outputQuantityList", false},
    {"transformationID", false},   {"bizStep", false},       {"disposition", false},
    {"readPoint", false},          {"bizLocation", false},   {"bizTransactionList", false},
    {"sourceList", false},         {"destinationList", false}, {"sensorElementList", false},
};

// How an event is being written: standalone (own @context), inside a document, or as the canonical hash input.
enum class Mode : std::uint8_t { kStandalone, kInDocument, kCanonical };

// v2 writes CBV words as GS1 Web Vocabulary URIs; the bare word is the same in both.
void cbv_value(JsonWriter& w, std::string_view web_vocabulary_prefix, std::string_view word, bool v2) {
  if (!v2) {
    w.value(word);
    return;
  }
  w.begin_string();
  w.out() += "https://ref.gs1.org/cbv/";
  w.out() += web_vocabulary_prefix;
  append_json_escaped(w.out(), word);
  w.end_string();
}

void time_value(JsonWriter& w, std::int64_t unix_ns) {
  w.begin_string();
  append_iso8601_utc(w.out(), unix_ns);
  w.end_string();
}

void uri_list(JsonWriter& w, std::string_view name, std::span<const std::string_view> uris) {
  w.key(name).begin_array();
  for (std::string_view uri : uris) w.value(uri);
  w.end_array();
}

void quantity_list(JsonWriter& w, std::string_view name, std::span<const EpcisQuantity> quantities) {
  w.key(name).begin_array();
  for (const EpcisQuantity& q : quantities) {
    w.begin_object().key("epcClass").value(q.epc_class).key("quantity").value_trimmed(q.quantity, 3);
    if (!q.uom.empty()) w.key("uom").value(q.uom);
    w.end_object();
  }
  w.end_array();
}

void source_dest_list(JsonWriter& w, std::string_view name, std::string_view member,
                      std::span<const EpcisSourceDest> entries, bool v2) {
  w.key(name).begin_array();
  for (const EpcisSourceDest& entry : entries) {
    w.begin_object().key("type");
    cbv_value(w, "SDT-", entry.type, v2);
    w.key(member).value(entry.id).end_object();
  }
  w.end_array();
}

void sensor_element_list(JsonWriter& w, std::span<const EpcisSensorElement> elements) {
  w.key("sensorElementList").begin_array();
  for (const EpcisSensorElement& element : elements) {
    w.begin_object();
    const EpcisSensorMetadata& m = element.metadata;
    if (m.time_ns || m.start_time_ns || m.end_time_ns || !m.device_id.empty()) {
      w.key("sensorMetadata").begin_object();
      if (m.time_ns) time_value(w.key("time"), *m.time_ns);
      if (m.start_time_ns) time_value(w.key("startTime"), *m.start_time_ns);
      if (m.end_time_ns) time_value(w.key("endTime"), *m.end_time_ns);
      if (!m.device_id.empty()) w.key("deviceID").value(m.device_id);
      w.end_object();
    }
    w.key("sensorReport").begin_array();
    for (const EpcisSensorReport& r : element.reports) {
      w.begin_object().key("type").value(r.type);
      if (r.time_ns) time_value(w.key("time"), *r.time_ns);
      if (r.value) w.key("value").value_fixed(*r.value, r.decimals);
      if (r.min_value) w.key("minValue").value_fixed(*r.min_value, r.decimals);
      if (r.max_value) w.key("maxValue").value_fixed(*r.max_value, r.decimals);
      if (r.mean_value) w.key("meanValue").value_fixed(*r.mean_value, r.decimals);
      if (!r.uom.empty()) w.key("uom").value(r.uom);
      if (!r.exception.empty()) w.key("exception").value(r.exception);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
}

void write_event(JsonWriter& w, const EpcisEvent& e, const WriteOptions& options, Mode mode) {
  const bool v2 = options.v2();
  const bool canonical = mode == Mode::kCanonical;
  const int offset = canonical ? 0 : e.time_zone_offset_minutes;
  w.begin_object();
  if (mode == Mode::kStandalone) w.key("@context").begin_array().value(kEpcisContextUrl).end_array();
  if (options.writes("type")) w.key("type").value(to_string(e.type));
  if (!canonical && options.writes("eventID")) {
    w.key("eventID");
    if (!e.event_id.empty()) {
      w.value(e.event_id);
    } else {
      w.begin_string();
      append_epcis_event_id(w.out(), e);
      w.end_string();
    }
  }
  if (options.writes("eventTime")) {
    w.key("eventTime").begin_string();
    append_iso8601(w.out(), e.event_time_ns, offset, Fraction::kMillis,
                   canonical ? ZoneSuffix::kZulu : ZoneSuffix::kOffset);
    w.end_string();
  }
  if (options.writes("eventTimeZoneOffset")) {
    w.key("eventTimeZoneOffset").begin_string();
    append_utc_offset(w.out(), e.time_zone_offset_minutes);
    w.end_string();
  }
  if (e.record_time_ns && !canonical && options.writes("recordTime")) time_value(w.key("recordTime"), *e.record_time_ns);

  switch (e.type) {
    case EpcisEventType::kObject:
      // The schema wants epcList or quantityList (or sensor data with a readPoint): an empty epcList is the
      // neutral way to say "no identified instances".
      if ((!e.epc_list.empty() || e.quantity_list.empty()) && options.writes("epcList")) {
        uri_list(w, "epcList", e.epc_list);
      }
      if (!e.quantity_list.empty() && options.writes("quantityList")) {
        quantity_list(w, "quantityList", e.quantity_list);
      }
      break;
    case EpcisEventType::kAggregation:
      if (!e.parent_id.empty() && options.writes("parentID")) w.key("parentID").value(e.parent_id);
      if ((!e.child_epcs.empty() || e.child_quantity_list.empty()) && options.writes("childEPCs")) {
        uri_list(w, "childEPCs", e.child_epcs);
      }
      if (!e.child_quantity_list.empty() && options.writes("childQuantityList")) {
        quantity_list(w, "childQuantityList", e.child_quantity_list);
      }
      break;
    case EpcisEventType::kTransformation:
      if (!e.input_epc_list.empty() && options.writes("inputEPCList")) {
        uri_list(w, "inputEPCList", e.input_epc_list);
      }
      if (!e.input_quantity_list.empty() && options.writes("inputQuantityList")) {
        quantity_list(w, "inputQuantityList", e.input_quantity_list);
      }
      if (!e.output_epc_list.empty() && options.writes("outputEPCList")) {
        uri_list(w, "outputEPCList", e.output_epc_list);
      }
      if (!e.output_quantity_list.empty() && options.writes("outputQuantityList")) {
        quantity_list(w, "outputQuantityList", e.output_quantity_list);
      }
      if (!e.transformation_id.empty() && options.writes("transformationID")) {
        w.key("transformationID").value(e.transformation_id);
      }
      break;
  }
  if (e.type != EpcisEventType::kTransformation && options.writes("action")) {
    w.key("action").value(to_string(e.action));
  }
  if (!e.biz_step.empty() && options.writes("bizStep")) cbv_value(w.key("bizStep"), "BizStep-", e.biz_step, v2);
  if (!e.disposition.empty() && options.writes("disposition")) {
    cbv_value(w.key("disposition"), "Disp-", e.disposition, v2);
  }
  if (!e.read_point.empty() && options.writes("readPoint")) {
    w.key("readPoint").begin_object().key("id").value(e.read_point).end_object();
  }
  if (!e.biz_location.empty() && options.writes("bizLocation")) {
    w.key("bizLocation").begin_object().key("id").value(e.biz_location).end_object();
  }
  if (!e.biz_transactions.empty() && options.writes("bizTransactionList")) {
    w.key("bizTransactionList").begin_array();
    for (const EpcisBizTransaction& t : e.biz_transactions) {
      w.begin_object();
      if (!t.type.empty()) cbv_value(w.key("type"), "BTT-", t.type, v2);
      w.key("bizTransaction").value(t.id).end_object();
    }
    w.end_array();
  }
  if (!e.sources.empty() && options.writes("sourceList")) {
    source_dest_list(w, "sourceList", "source", e.sources, v2);
  }
  if (!e.destinations.empty() && options.writes("destinationList")) {
    source_dest_list(w, "destinationList", "destination", e.destinations, v2);
  }
  if (!e.sensor_elements.empty() && options.writes("sensorElementList")) sensor_element_list(w, e.sensor_elements);
  w.end_object();
}

void append_digits(std::string& out, std::uint64_t value, std::size_t width) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  for (auto digits = static_cast<std::size_t>(result.ptr - buffer); digits < width; ++digits) out += '0';
  out.append(buffer, result.ptr);
}

}  // namespace

std::span<const FieldSpec> fields(EpcisEventType type) {
  switch (type) {
    case EpcisEventType::kObject: return kObjectFields;
    case EpcisEventType::kAggregation: return kAggregationFields;
    case EpcisEventType::kTransformation: return kTransformationFields;
  }
  return {};
}

std::string_view to_string(EpcisEventType type) {
  switch (type) {
    case EpcisEventType::kObject: return "ObjectEvent";
    case EpcisEventType::kAggregation: return "AggregationEvent";
    case EpcisEventType::kTransformation: return "TransformationEvent";
  }
  return "ObjectEvent";
}

std::string_view to_string(EpcisAction action) {
  switch (action) {
    case EpcisAction::kAdd: return "ADD";
    case EpcisAction::kObserve: return "OBSERVE";
    case EpcisAction::kDelete: return "DELETE";
  }
  return "OBSERVE";
}

void append_epcis_canonical(std::string& out, const EpcisEvent& event) {
  JsonWriter w(out);
  write_event(w, event, WriteOptions{}, Mode::kCanonical);
}

void append_epcis_event_id(std::string& out, const EpcisEvent& event) {
  // Build the canonical form at the end of `out` itself, hash it, cut it off: no temporary string.
  const std::size_t mark = out.size();
  append_epcis_canonical(out, event);
  const Sha256Digest digest = sha256(std::string_view(out).substr(mark));
  out.resize(mark);
  out += "ni:///sha-256;";
  append_hex(out, digest);
  out += "?ver=CBV2.0";
}

void write_epcis_event(std::string& out, const EpcisEvent& event, const WriteOptions& options) {
  JsonWriter w(out);
  write_event(w, event, options, Mode::kStandalone);
}

void write_epcis_document(std::string& out, std::span<const EpcisEvent> events, std::int64_t creation_time_ns,
                          const WriteOptions& options) {
  JsonWriter w(out);
  w.begin_object();
  w.key("@context").begin_array().value(kEpcisContextUrl).end_array();
  w.key("type").value("EPCISDocument");
  w.key("schemaVersion").value("2.0");
  w.key("creationDate").begin_string();
  append_iso8601_utc(out, creation_time_ns, Fraction::kNone);
  w.end_string();
  w.key("epcisBody").begin_object().key("eventList").begin_array();
  for (const EpcisEvent& event : events) write_event(w, event, options, Mode::kInDocument);
  w.end_array().end_object().end_object();
}

void append_sgln(std::string& out, std::string_view company_prefix, std::string_view location_ref,
                 std::string_view extension) {
  out += "urn:epc:id:sgln:";
  out += company_prefix;
  out += '.';
  out += location_ref;
  out += '.';
  out += extension;
}

void append_sscc(std::string& out, std::string_view company_prefix, std::uint64_t serial, unsigned extension_digit) {
  assert(company_prefix.size() >= 6 && company_prefix.size() <= 12 && extension_digit <= 9);
  const std::size_t serial_digits = 16 - company_prefix.size();
  assert(std::to_string(serial).size() <= serial_digits);
  out += "urn:epc:id:sscc:";
  out += company_prefix;
  out += '.';
  out += static_cast<char>('0' + extension_digit);
  append_digits(out, serial, serial_digits);
}

void append_sgtin(std::string& out, std::string_view company_prefix, std::string_view item_ref,
                  std::string_view serial) {
  out += "urn:epc:id:sgtin:";
  out += company_prefix;
  out += '.';
  out += item_ref;
  out += '.';
  out += serial;
}

void append_lgtin(std::string& out, std::string_view company_prefix, std::string_view item_ref, std::string_view lot) {
  out += "urn:epc:class:lgtin:";
  out += company_prefix;
  out += '.';
  out += item_ref;
  out += '.';
  out += lot;
}

void append_giai(std::string& out, std::string_view company_prefix, std::string_view asset_ref) {
  out += "urn:epc:id:giai:";
  out += company_prefix;
  out += '.';
  out += asset_ref;
}

void append_biz_transaction_urn(std::string& out, std::string_view issuer_gln, std::string_view id) {
  out += "urn:epcglobal:cbv:bt:";
  out += issuer_gln;
  out += ':';
  out += id;
}

}  // namespace chaintwin::formats
