// GS1 EPCIS 2.0 JSON-LD events and documents (RFID reads, aggregations, cold-chain sensor reports).
//
// The event structs hold views (string_view, span): whatever they point to must outlive the write call. Writers
// append compact JSON that validates against GS1's EPCIS 2.0 JSON Schema unless the caller omits a field the schema
// requires (noise, on purpose). Cost: one pass over the fields, plus a SHA-256 over a canonical form when the event
// carries no eventID (about 2x the plain write).
//
// Schema drift (v2): CBV vocabulary values (bizStep, disposition, bizTransaction type, source/destination type)
// are written as GS1 Web Vocabulary URIs ("https://ref.gs1.org/cbv/BizStep-receiving") instead of bare words, as a
// capture application upgraded to full JSON-LD might. Still valid EPCIS 2.0; a consumer matching bare words breaks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats {

enum class EpcisEventType : std::uint8_t { kObject, kAggregation, kTransformation };
enum class EpcisAction : std::uint8_t { kAdd, kObserve, kDelete };

struct EpcisQuantity {
  std::string_view epc_class;  // e.g. urn:epc:class:lgtin:4012345.012345.LOT42
  double quantity = 0;         // written with up to 3 decimals, trailing zeros trimmed
  std::string_view uom{};      // UN/ECE rec 20 code (KGM, LTR); empty = a count of instances
};

struct EpcisBizTransaction {
  std::string_view type;  // bol, desadv, inv, po, poc, prodorder, recadv, rma (empty = untyped)
  std::string_view id;    // URI, e.g. urn:epcglobal:cbv:bt:4012345000009:ASN0088412
};

struct EpcisSourceDest {
  std::string_view type;  // owning_party, possessing_party, location
  std::string_view id;    // SGLN URN
};

struct EpcisSensorReport {
  std::string_view type;  // Temperature, RelativeHumidity, ...
  // The values as the device reports them (unit mistakes are the caller's: pass 46.4 with uom "FAH").
  std::optional<double> value{};
  std::optional<double> min_value{};
  std::optional<double> max_value{};
  std::optional<double> mean_value{};
  std::string_view uom{};                  // CEL, FAH, P1 (percent), ...
  std::string_view exception{};            // ALARM_CONDITION, ERROR_CONDITION or empty
  std::optional<std::int64_t> time_ns{};   // Unix ns of this reading, if it has its own
  int decimals = 2;
};

struct EpcisSensorMetadata {
  // Unix ns as the device's clock says (device time, not true time: clock errors are the caller's input).
  std::optional<std::int64_t> time_ns{};
  std::optional<std::int64_t> start_time_ns{};
  std::optional<std::int64_t> end_time_ns{};
  std::string_view device_id{};  // GIAI URN of the logger
};

struct EpcisSensorElement {
  EpcisSensorMetadata metadata{};
  std::span<const EpcisSensorReport> reports{};  // at least one
};

struct EpcisEvent {
  EpcisEventType type = EpcisEventType::kObject;
  std::int64_t event_time_ns = 0;  // Unix ns, as the reader's clock says
  int time_zone_offset_minutes = 0;  // of the read point's site; eventTime is written in that local time
  std::optional<std::int64_t> record_time_ns{};  // set by a repository, never by a device
  EpcisAction action = EpcisAction::kObserve;  // not written for TransformationEvent
  std::string_view biz_step{};     // bare CBV word: receiving, shipping, ...
  std::string_view disposition{};  // bare CBV word: in_progress, in_transit, ...
  std::string_view read_point{};   // SGLN URN
  std::string_view biz_location{}; // SGLN URN
  // ObjectEvent
  std::span<const std::string_view> epc_list{};
  std::span<const EpcisQuantity> quantity_list{};
  // AggregationEvent
  std::string_view parent_id{};  // SSCC URN
  std::span<const std::string_view> child_epcs{};
  std::span<const EpcisQuantity> child_quantity_list{};
  // TransformationEvent
  std::span<const std::string_view> input_epc_list{};
  std::span<const EpcisQuantity> input_quantity_list{};
  std::span<const std::string_view> output_epc_list{};
  std::span<const EpcisQuantity> output_quantity_list{};
  std::string_view transformation_id{};
  // All types
  std::span<const EpcisBizTransaction> biz_transactions{};
  std::span<const EpcisSourceDest> sources{};
  std::span<const EpcisSourceDest> destinations{};
  std::span<const EpcisSensorElement> sensor_elements{};
  // Empty: computed as ni:///sha-256;<hex of SHA-256(canonical form)>?ver=CBV2.0 (see append_epcis_canonical).
  // A caller re-sending the same read passes the same id; a duplicate read with a fresh id is a new string here.
  std::string_view event_id{};
};

inline constexpr std::string_view kEpcisContextUrl = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

// Fields of an event type in write order. Nested lists (sensor reports, quantities) are not omittable one by one.
std::span<const FieldSpec> fields(EpcisEventType type);
std::string_view to_string(EpcisEventType type);  // "ObjectEvent", ...
std::string_view to_string(EpcisAction action);   // "OBSERVE", ...

// One event as a standalone JSON-LD object (with its own @context, as EPCIS 2.0 requires outside a document).
void write_epcis_event(std::string& out, const EpcisEvent& event, const WriteOptions& options = {});
// An EPCISDocument: @context, type, schemaVersion "2.0", creationDate (UTC), epcisBody.eventList.
// `options` applies to every event of the list (and omit names are event field names).
void write_epcis_document(std::string& out, std::span<const EpcisEvent> events, std::int64_t creation_time_ns,
                          const WriteOptions& options = {});

// The canonical form hashed into the eventID: the event's JSON written in v1 with all fields, no eventID and no
// @context, eventTime in UTC. Equal event content gives equal bytes, whatever the options of the actual write.
// (This is chaintwin's own canonical form, simpler than GS1's CBV 2.0 event hash algorithm.)
void append_epcis_canonical(std::string& out, const EpcisEvent& event);
// "ni:///sha-256;<64 hex>?ver=CBV2.0" over append_epcis_canonical.
void append_epcis_event_id(std::string& out, const EpcisEvent& event);

// ---- Identifier helpers (EPC Tag Data Standard URNs). company_prefix: GS1 company prefix digits ----
// urn:epc:id:sgln:<prefix>.<locationRef>.<extension>; extension "0" = the location itself (e.g. "DOCK03" for a door).
void append_sgln(std::string& out, std::string_view company_prefix, std::string_view location_ref,
                 std::string_view extension = "0");
// urn:epc:id:sscc:<prefix>.<serialRef>: serialRef = extension digit + serial, zero-padded to 17 - len(prefix) digits.
void append_sscc(std::string& out, std::string_view company_prefix, std::uint64_t serial, unsigned extension_digit = 0);
// urn:epc:id:sgtin:<prefix>.<itemRef>.<serial> (one item) and urn:epc:class:lgtin:<prefix>.<itemRef>.<lot> (a lot).
// item_ref includes the indicator digit first, as the TDS encodes it.
void append_sgtin(std::string& out, std::string_view company_prefix, std::string_view item_ref, std::string_view serial);
void append_lgtin(std::string& out, std::string_view company_prefix, std::string_view item_ref, std::string_view lot);
// urn:epc:id:giai:<prefix>.<assetRef> (a logger, a reader, a vehicle).
void append_giai(std::string& out, std::string_view company_prefix, std::string_view asset_ref);
// urn:epcglobal:cbv:bt:<GLN of the issuer>:<id> (bizTransaction id).
void append_biz_transaction_urn(std::string& out, std::string_view issuer_gln, std::string_view id);

}  // namespace chaintwin::formats
