#pragma once
// ANSI X12 transaction sets as the testbed's partners send them: 850 purchase order, 855 PO acknowledgement,
// 856 advance ship notice, 214 carrier shipment status, 846 inventory advice.
//
// Each set has plain structs (what the caller fills from simulated facts), a writer that appends one ST..SE to an
// InterchangeBuilder, a reader that takes a parsed transaction back to values (for tests and the stream processor),
// and a segment specification: the segments written, required or optional in this profile, the elements each must
// carry. Writers hold no randomness: the caller picks the noise (WriteOptions, time-code fields) and the writer applies
// it. docs/x12.md shows one interchange per set exactly as written.
//
// Schema drift (SchemaVersion::kV2, taken from the builder): 005010 envelope for every set, plus
//   214: each status may carry a K1 remark; a booking number is sent as L11 qualifier BN.
//   856: TD504 transport method `J` (motor) replaces `M` (motor, common carrier), and TD512 carries a service level.
// 850, 855 and 846 change only in the envelope.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generators/formats/x12.hpp"

namespace chaintwin::formats::x12 {

// ---------------------------------------------------------------------------------------------------------------
// Segment specifications.

enum class Requirement : std::uint8_t { kMandatory, kOptional };

struct SegmentSpec {
  std::string_view tag;
  Requirement requirement;
  std::string_view loop;             // "" in the header/summary, else the loop it repeats in ("PO1", "HL/I")
  std::uint32_t mandatory_elements;  // bit n set: element n must not be empty (this profile's rule)
  std::string_view content;          // what the writer puts in it
  bool is_mandatory() const { return requirement == Requirement::kMandatory; }
  bool element_mandatory(std::size_t position) const {
    return position < 32 && (mandatory_elements >> position & 1u) != 0;
  }
};

// The segments of `set` in the order written (ST and SE included).
std::span<const SegmentSpec> segments(TransactionSet set, SchemaVersion version = SchemaVersion::kV1);
// The spec of `tag` in `set` (first match), or null.
const SegmentSpec* find_segment_spec(TransactionSet set, SchemaVersion version, std::string_view tag);

// Checks a parsed transaction against its spec: required segments present, mandatory elements non-empty. Empty for
// transaction sets this library does not know. Noise (omissions, `L11**BM`) shows here, not in parse().
std::vector<Problem> check_transaction(const TransactionView& transaction, SchemaVersion version = SchemaVersion::kV1);

// ---------------------------------------------------------------------------------------------------------------
// Writing.

struct WriteOptions {
  // Missing-field noise: segment tags ("REF", "MS2") to leave out, or elements by X12 reference designator ("AT707",
  // "TD503") to write empty. Omitting ST or SE is ignored: the envelope stays sound. Required ones may be named too
  // (the "missing required field" noise); check_transaction() then reports them.
  std::vector<std::string> omit;
  int st02_digits = 4;  // ST02/SE02 zero padding
};

struct Party {
  std::string entity_code;          // N101: ST ship-to, SF ship-from, BY buyer, SE selling party, WH warehouse
  std::string name;                 // N102
  std::string id_qualifier = "92";  // N103: 92 assigned by buyer, 1 DUNS, UL GLN
  std::string id;                   // N104
};

struct Reference {
  std::string qualifier;  // REF01/L1102: PO, BM bill of lading, IA vendor number, CN PRO, BN booking
  std::string id;         // an empty id reproduces the real quirk `L11**BM`
};

// 850 ----------------------------------------------------------------------------------------------------------
struct PurchaseOrderLine {
  std::string line_number;            // PO101
  std::int64_t quantity = 0;          // PO102
  std::string unit = "EA";            // PO103
  std::int64_t unit_price_cents = 0;  // PO104, written as 12.50
  std::string upc;                    // PO106 UP / PO107
  std::string vendor_part;            // PO108 VN / PO109 (omitted when empty)
};

struct PurchaseOrder {
  std::string po_number;                      // BEG03
  EpochNs ordered_at = 0;                     // BEG05
  int utc_offset_minutes = 0;                 // buyer's clock for every date of the document
  std::string purpose = "00";                 // BEG01: 00 original, 01 cancellation, 05 replace
  std::string order_type = "SA";              // BEG02: SA stand-alone
  std::vector<Reference> references;          // REF
  std::optional<EpochNs> requested_delivery;  // DTM*002
  std::vector<Party> parties;                 // N1
  std::vector<PurchaseOrderLine> lines;
};

// 855 ----------------------------------------------------------------------------------------------------------
struct AckLine {
  PurchaseOrderLine line;  // PO1 as ordered
  // ACK01: IA accepted, IB backordered, IC accepted with changes, IQ quantity changed, IR rejected, DR date rescheduled
  std::string status = "IA";
  std::int64_t committed_quantity = 0;    // ACK02 (unit: the line's)
  std::optional<EpochNs> committed_ship;  // ACK04 068 / ACK05
};

struct PurchaseOrderAck {
  std::string purpose = "00";       // BAK01
  std::string ack_type = "AC";      // BAK02: AC with detail and change, AD with detail no change, RJ rejected
  std::string po_number;            // BAK03
  EpochNs po_date = 0;              // BAK04
  std::string seller_order_number;  // BAK08
  EpochNs acknowledged_at = 0;      // BAK09
  int utc_offset_minutes = 0;
  std::vector<AckLine> lines;
};

// 856 ----------------------------------------------------------------------------------------------------------
struct AsnItem {
  std::string upc;            // LIN02 UP / LIN03
  std::string vendor_part;    // LIN04 VN / LIN05 (omitted when empty)
  std::int64_t quantity = 0;  // SN102
  std::string unit = "EA";    // SN103
};
struct AsnPack {
  std::string sscc;  // MAN*GM: 18-digit SSCC
  std::vector<AsnItem> items;
};
struct AsnOrder {
  std::string po_number;           // PRF01
  std::optional<EpochNs> po_date;  // PRF04
  std::vector<AsnPack> packs;
};

struct ShipNotice {
  std::string shipment_id;  // BSN02
  EpochNs created_at = 0;   // BSN03/BSN04
  int utc_offset_minutes = 0;
  std::string packaging_code = "CTN25";       // TD101
  std::int64_t lading_quantity = 0;           // TD102
  std::int64_t gross_weight = 0;              // TD107
  std::string weight_unit = "LB";             // TD108
  std::string carrier_scac;                   // TD503
  std::string service_level = "CG";           // TD512, written in v2 only
  std::string bill_of_lading;                 // REF*BM
  EpochNs shipped_at = 0;                     // DTM*011
  std::optional<EpochNs> estimated_delivery;  // DTM*017
  Party ship_to{"ST", "", "92", ""};
  std::optional<Party> ship_from;  // N1*SF
  std::vector<AsnOrder> orders;
};

// 214 ----------------------------------------------------------------------------------------------------------
// AT707 time code: the label. The clock the time is actually written in is a separate field, so a caller can write a
// UTC time labelled LT (wrong time basis noise) or the reverse.
enum class TimeCode : std::uint8_t { kLocal, kUniversal, kEastern, kCentral, kMountain, kPacific };
std::string_view time_code_text(TimeCode code);  // LT UT ET CT MT PT

struct Location {
  std::string city;            // MS101
  std::string state;           // MS102
  std::string country = "US";  // MS103
};

struct StatusEvent {
  // AT701: X3 arrived pickup, AF departed pickup, X6 en route, X1 arrived delivery, D1 completed unloading,
  // CD departed delivery, AG estimated delivery, SD delayed, A9 damaged, AH attempted delivery, P1/X4 terminal
  std::string status_code;
  // AT702: NS normal, AH driver related, AI mechanical breakdown, AO weather, B1 consignee closed
  std::string reason_code = "NS";
  EpochNs at = 0;                         // AT705/AT706
  int clock_offset_minutes = 0;           // the clock AT705/AT706 are written in
  TimeCode time_code = TimeCode::kLocal;  // AT707 label
  bool time_unknown = false;              // AT706 written 0000 (a real quirk for "time not known")
  std::optional<Location> location;       // MS1
  std::string remark;                     // K1 (v2 only)
};

struct Weight {
  std::string qualifier = "G";       // AT801 gross
  std::string unit = "L";            // AT802 L pounds, K kilograms
  std::int64_t weight = 0;           // AT803
  std::int64_t lading_quantity = 0;  // AT804
};

struct ShipmentStatus {
  std::string carrier_pro;            // B1001
  std::string shipment_id;            // B1002 (shipper's)
  std::string carrier_scac;           // B1003
  std::vector<Reference> references;  // L11 (id, qualifier) in the header
  std::string booking_number;         // L11*...*BN, v2 only
  std::string equipment_number;       // MS2 in each LX loop (omitted when empty)
  std::optional<Weight> weight;       // AT8 in each LX loop
  std::vector<StatusEvent> events;    // one LX loop each; several may share a time
};

// 846 ----------------------------------------------------------------------------------------------------------
struct InventoryItem {
  std::string upc;                        // LIN UP
  std::string vendor_part;                // LIN VN (omitted when empty)
  std::int64_t on_hand = 0;               // QTY*17
  std::optional<std::int64_t> available;  // QTY*33
  std::string unit = "EA";
};

struct InventoryAdvice {
  std::string purpose = "00";      // BIA01
  std::string report_type = "DD";  // BIA02: DD distributor inventory report, MM manufacturer, SI seller
  std::string report_id;           // BIA03
  EpochNs as_of = 0;               // BIA04/BIA05
  int utc_offset_minutes = 0;
  std::optional<Party> location;  // N1*WH
  std::vector<InventoryItem> items;
};

// Writers: one ST..SE each, in the builder's open group (its GS01 must match). ST02 = SE02 = `control_number`.
void write(InterchangeBuilder& builder, const PurchaseOrder& document, std::uint32_t control_number,
           const WriteOptions& options = {});
void write(InterchangeBuilder& builder, const PurchaseOrderAck& document, std::uint32_t control_number,
           const WriteOptions& options = {});
void write(InterchangeBuilder& builder, const ShipNotice& document, std::uint32_t control_number,
           const WriteOptions& options = {});
void write(InterchangeBuilder& builder, const ShipmentStatus& document, std::uint32_t control_number,
           const WriteOptions& options = {});
void write(InterchangeBuilder& builder, const InventoryAdvice& document, std::uint32_t control_number,
           const WriteOptions& options = {});

constexpr TransactionSet transaction_set_of(const PurchaseOrder&) { return TransactionSet::kPurchaseOrder850; }
constexpr TransactionSet transaction_set_of(const PurchaseOrderAck&) { return TransactionSet::kPurchaseOrderAck855; }
constexpr TransactionSet transaction_set_of(const ShipNotice&) { return TransactionSet::kShipNotice856; }
constexpr TransactionSet transaction_set_of(const ShipmentStatus&) { return TransactionSet::kShipmentStatus214; }
constexpr TransactionSet transaction_set_of(const InventoryAdvice&) { return TransactionSet::kInventoryAdvice846; }

// One interchange holding one group holding `document`: the common case. group.set is taken from the document.
template <class Document>
std::string write_interchange(const InterchangeHeader& header, GroupHeader group, const Document& document,
                              std::uint32_t transaction_control_number, const WriteOptions& options = {}) {
  std::string out;
  InterchangeBuilder builder(out, header);
  group.set = transaction_set_of(document);
  builder.begin_group(group);
  write(builder, document, transaction_control_number, options);
  builder.end_group();
  builder.finish();
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading back. Views point into the parsed bytes. Readers are lenient (noise is expected): a missing or malformed
// value reads as empty / nullopt. nullopt only when ST01 is not the set asked for.

struct ProductIds {
  std::string_view upc;          // qualifier UP
  std::string_view vendor_part;  // qualifier VN
};

struct PurchaseOrderLineRead {
  std::string_view line_number;
  std::optional<std::int64_t> quantity;
  std::string_view unit;
  std::optional<std::int64_t> unit_price_cents;
  ProductIds ids;
};

struct PurchaseOrderRead {
  std::string_view purpose, order_type, po_number;
  std::optional<CivilDateTime> ordered_on;
  std::vector<std::pair<std::string_view, std::string_view>> references;  // (qualifier, id)
  std::optional<CivilDateTime> requested_delivery;
  std::vector<std::string_view> party_codes;  // N101 of each N1
  std::vector<PurchaseOrderLineRead> lines;
  std::optional<std::int64_t> line_count;  // CTT01
};

struct AckLineRead {
  PurchaseOrderLineRead line;
  std::string_view status;
  std::optional<std::int64_t> committed_quantity;
  std::optional<CivilDateTime> committed_ship;
};

struct PurchaseOrderAckRead {
  std::string_view ack_type, po_number, seller_order_number;
  std::optional<CivilDateTime> po_date, acknowledged_on;
  std::vector<AckLineRead> lines;
};

struct ShipNoticeLineRead {
  std::string_view po_number;  // of the enclosing order HL
  std::string_view sscc;       // of the enclosing pack HL
  ProductIds ids;
  std::optional<std::int64_t> quantity;
  std::string_view unit;
};

struct ShipNoticeRead {
  std::string_view shipment_id;
  std::optional<CivilDateTime> created;  // BSN03 + BSN04
  std::string_view carrier_scac, transport_method, service_level, bill_of_lading;
  std::optional<CivilDateTime> shipped_on;  // DTM*011
  std::optional<std::int64_t> lading_quantity, gross_weight;
  std::string_view ship_to_id;
  std::size_t hierarchical_levels = 0;    // HL segments
  std::optional<std::int64_t> ctt_count;  // CTT01
  std::vector<std::string_view> po_numbers;
  std::vector<std::string_view> ssccs;
  std::vector<ShipNoticeLineRead> lines;
};

struct StatusEventRead {
  std::string_view status_code, reason_code;
  std::string_view date, time, time_code;     // as written: "20250321", "0840", "CT"
  std::optional<CivilDateTime> written_time;  // date + time on the clock the time code names
  std::string_view city, state, country;
  std::string_view remark;
};

struct ShipmentStatusRead {
  std::string_view carrier_pro, shipment_id, carrier_scac;
  std::vector<std::pair<std::string_view, std::string_view>> references;  // (qualifier, id)
  std::string_view equipment_number;
  std::optional<std::int64_t> weight;
  std::vector<StatusEventRead> events;
};

struct InventoryItemRead {
  ProductIds ids;
  std::optional<std::int64_t> on_hand, available;
  std::string_view unit;
};

struct InventoryAdviceRead {
  std::string_view report_type, report_id;
  std::optional<CivilDateTime> as_of;
  std::string_view location_id;
  std::vector<InventoryItemRead> items;
  std::optional<std::int64_t> item_count;
};

std::optional<PurchaseOrderRead> read_purchase_order(const TransactionView& transaction);
std::optional<PurchaseOrderAckRead> read_purchase_order_ack(const TransactionView& transaction);
std::optional<ShipNoticeRead> read_ship_notice(const TransactionView& transaction);
std::optional<ShipmentStatusRead> read_shipment_status(const TransactionView& transaction);
std::optional<InventoryAdviceRead> read_inventory_advice(const TransactionView& transaction);

// "12.50" -> 1250, "12" -> 1200, "12.5" -> 1250; nullopt for anything else (more than 2 decimals included).
std::optional<std::int64_t> parse_cents(std::string_view text);
// Optional sign and digits, at most 18.
std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace chaintwin::formats::x12
