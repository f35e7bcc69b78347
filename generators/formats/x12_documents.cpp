#include "generators/formats/x12_documents.hpp"

#include <array>
#include <charconv>
#include <initializer_list>
#include <stdexcept>

namespace chaintwin::formats::x12 {
namespace {

constexpr std::uint32_t elements(std::initializer_list<int> positions) {
  std::uint32_t mask = 0;
  for (int p : positions) mask |= 1u << p;
  return mask;
}

constexpr auto M = Requirement::kMandatory;
constexpr auto O = Requirement::kOptional;

// The profile: what this library writes, and what it calls required (partners' implementation guides are stricter
// than the standard in places, e.g. AT705/AT706 required).
constexpr SegmentSpec kSpec850[] = {
    {"ST", M, "", elements({1, 2}), "01 850, 02 control number"},
    {"BEG", M, "", elements({1, 2, 3, 5}), "01 purpose (00), 02 type (SA), 03 PO number, 05 PO date CCYYMMDD"},
    {"REF", O, "", elements({1, 2}), "01 qualifier (IA vendor number, DP department), 02 id"},
    {"DTM", O, "", elements({1, 2}), "01 002 delivery requested, 02 date CCYYMMDD"},
    {"N1", O, "N1", elements({1}), "01 entity (BY, ST, SE), 02 name, 03 id qualifier (92), 04 id"},
    {"PO1", M, "PO1", elements({1, 2, 3}),
     "01 line number, 02 quantity, 03 unit (EA), 04 unit price, 06 UP, 07 UPC, 08 VN, 09 vendor part"},
    {"CTT", O, "", elements({1}), "01 number of PO1 lines, 02 hash total of quantities"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};

constexpr SegmentSpec kSpec855[] = {
    {"ST", M, "", elements({1, 2}), "01 855, 02 control number"},
    {"BAK", M, "", elements({1, 2, 3, 4}),
     "01 purpose (00), 02 ack type (AC, AD, RJ), 03 PO number, 04 PO date, 08 seller order number, 09 ack date"},
    {"PO1", M, "PO1", elements({1, 2, 3}), "as ordered: 01 line, 02 qty, 03 unit, 04 price, 06 UP, 07 UPC, 08 VN, 09"},
    {"ACK", O, "PO1", elements({1}),
     "01 line status (IA, IB, IC, IQ, IR, DR), 02 committed qty, 03 unit, 04 068 (ship date), 05 date"},
    {"CTT", O, "", elements({1}), "01 number of PO1 lines"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};

constexpr SegmentSpec kSpec856[] = {
    {"ST", M, "", elements({1, 2}), "01 856, 02 control number"},
    {"BSN", M, "", elements({1, 2, 3, 4}), "01 purpose (00), 02 shipment id, 03 date, 04 time HHMM, 05 0001"},
    {"HL", M, "HL", elements({1, 3}), "01 id, 02 parent id, 03 level: S shipment, O order, P pack, I item"},
    {"TD1", O, "HL/S", elements({1, 2}), "01 packaging (CTN25), 02 lading qty, 06 G, 07 gross weight, 08 unit (LB)"},
    {"TD5", O, "HL/S", elements({2, 3}), "02 2 (SCAC), 03 SCAC, 04 method M (v2: J), 12 service level (v2 only)"},
    {"REF", O, "HL/S", elements({1, 2}), "01 BM, 02 bill of lading number"},
    {"DTM", O, "HL/S", elements({1, 2}), "01 011 shipped / 017 estimated delivery, 02 date"},
    {"N1", O, "HL/S", elements({1}), "01 ST ship-to / SF ship-from, 02 name, 03 id qualifier, 04 id"},
    {"PRF", O, "HL/O", elements({1}), "01 PO number, 04 PO date"},
    {"MAN", O, "HL/P", elements({1, 2}), "01 GM, 02 SSCC-18"},
    {"LIN", O, "HL/I", elements({2, 3}), "02 UP, 03 UPC, 04 VN, 05 vendor part"},
    {"SN1", O, "HL/I", elements({2, 3}), "02 quantity shipped, 03 unit"},
    {"CTT", O, "", elements({1}), "01 number of HL segments"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};

// v2 differs only by K1; the rows are repeated rather than spliced so that each table reads as written.
constexpr SegmentSpec kSpec214[] = {
    {"ST", M, "", elements({1, 2}), "01 214, 02 control number"},
    {"B10", M, "", elements({1, 2, 3}), "01 carrier PRO, 02 shipper's shipment id, 03 SCAC"},
    {"L11", O, "", elements({1, 2}), "01 reference id, 02 qualifier (PO, BM; v2 adds BN booking)"},
    {"LX", O, "LX", elements({1}), "01 sequence 1, 2, ..."},
    {"AT7", O, "LX", elements({1, 2, 5, 6}),
     "01 status, 02 reason, 05 date CCYYMMDD, 06 time HHMM (0000 unknown), 07 time code (LT, UT, CT, ...)"},
    {"MS1", O, "LX", elements({1, 2}), "01 city, 02 state, 03 country"},
    {"MS2", O, "LX", elements({1, 2}), "01 SCAC, 02 equipment number"},
    {"AT8", O, "LX", elements({1, 2, 3}), "01 G, 02 L (pounds) / K, 03 weight, 04 lading quantity"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};
constexpr SegmentSpec kSpec214V2[] = {
    {"ST", M, "", elements({1, 2}), "01 214, 02 control number"},
    {"B10", M, "", elements({1, 2, 3}), "01 carrier PRO, 02 shipper's shipment id, 03 SCAC"},
    {"L11", O, "", elements({1, 2}), "01 reference id, 02 qualifier (PO, BM; v2 adds BN booking)"},
    {"LX", O, "LX", elements({1}), "01 sequence 1, 2, ..."},
    {"AT7", O, "LX", elements({1, 2, 5, 6}),
     "01 status, 02 reason, 05 date CCYYMMDD, 06 time HHMM (0000 unknown), 07 time code (LT, UT, CT, ...)"},
    {"MS1", O, "LX", elements({1, 2}), "01 city, 02 state, 03 country"},
    {"MS2", O, "LX", elements({1, 2}), "01 SCAC, 02 equipment number"},
    {"K1", O, "LX", elements({1}), "01 free-form remark (v2)"},
    {"AT8", O, "LX", elements({1, 2, 3}), "01 G, 02 L (pounds) / K, 03 weight, 04 lading quantity"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};

constexpr SegmentSpec kSpec846[] = {
    {"ST", M, "", elements({1, 2}), "01 846, 02 control number"},
    {"BIA", M, "", elements({1, 2, 3, 4}), "01 purpose (00), 02 report type (DD), 03 report id, 04 date, 05 time"},
    {"N1", O, "", elements({1}), "01 WH, 02 name, 03 id qualifier, 04 id"},
    {"LIN", M, "LIN", elements({2, 3}), "02 UP, 03 UPC, 04 VN, 05 vendor part"},
    {"QTY", O, "LIN", elements({1, 2}), "01 17 on hand / 33 available for sale, 02 quantity, 03 unit"},
    {"CTT", O, "", elements({1}), "01 number of LIN"},
    {"SE", M, "", elements({1, 2}), "01 segments ST..SE, 02 control number"},
};

// An integer as elements want it, without allocating; lives until the end of the full expression that uses it.
class Num {
 public:
  explicit Num(std::int64_t value) {
    const auto result = std::to_chars(buffer_.data(), buffer_.data() + buffer_.size(), value);
    length_ = static_cast<std::size_t>(result.ptr - buffer_.data());
  }
  operator std::string_view() const { return {buffer_.data(), length_}; }  // implicit: used inside element lists

 private:
  std::array<char, 24> buffer_{};
  std::size_t length_ = 0;
};

// 1250 -> "12.50", 1200 -> "12" (X12 R type: the decimal point only when needed).
std::string price_text(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string s = negative ? "-" : "";
  s += std::to_string(magnitude / 100);
  if (magnitude % 100 != 0) {
    s.push_back('.');
    s.push_back(static_cast<char>('0' + magnitude % 100 / 10));
    s.push_back(static_cast<char>('0' + magnitude % 10));
  }
  return s;
}

// Writes segments through the builder, applying the caller's omissions (missing-field noise).
class SegmentWriter {
 public:
  SegmentWriter(InterchangeBuilder& builder, const WriteOptions& options) : builder_(builder), options_(options) {}

  void operator()(std::string_view tag, std::initializer_list<std::string_view> values) {
    if (options_.omit.empty()) {
      builder_.segment(tag, values);
      return;
    }
    if (omitted(tag)) return;
    if (values.size() > kMaxElements) throw std::logic_error("x12: too many elements for SegmentWriter");
    std::array<std::string_view, kMaxElements> copy{};
    std::size_t position = 0;
    for (std::string_view v : values) {
      ++position;
      copy[position - 1] = omitted(designator(tag, position)) ? std::string_view{} : v;
    }
    builder_.segment(tag, std::span<const std::string_view>(copy.data(), position));
  }

  SchemaVersion version() const { return builder_.version(); }

 private:
  static constexpr std::size_t kMaxElements = 16;

  static std::string designator(std::string_view tag, std::size_t position) {
    std::string name(tag);
    name.push_back(static_cast<char>('0' + position / 10));
    name.push_back(static_cast<char>('0' + position % 10));
    return name;
  }
  bool omitted(std::string_view name) const {
    for (const std::string& o : options_.omit)
      if (o == name) return true;
    return false;
  }

  InterchangeBuilder& builder_;
  const WriteOptions& options_;
};

std::string_view qualifier_if(const std::string& value, std::string_view qualifier) {
  return value.empty() ? std::string_view{} : qualifier;
}

void write_party(SegmentWriter& w, const Party& p) {
  w("N1", {p.entity_code, p.name, qualifier_if(p.id, p.id_qualifier), p.id});
}

void write_po1(SegmentWriter& w, const PurchaseOrderLine& line) {
  w("PO1", {line.line_number, Num(line.quantity), line.unit, price_text(line.unit_price_cents), "",
            qualifier_if(line.upc, "UP"), line.upc, qualifier_if(line.vendor_part, "VN"), line.vendor_part});
}

ProductIds read_ids(const Segment& s, std::size_t first_qualifier) {
  ProductIds ids;
  for (std::size_t q = first_qualifier; q + 1 <= s.element_count(); q += 2) {
    if (s.element(q) == "UP") ids.upc = s.element(q + 1);
    if (s.element(q) == "VN") ids.vendor_part = s.element(q + 1);
  }
  return ids;
}

std::optional<CivilDateTime> date_of(std::string_view ccyymmdd) { return parse_date_time(ccyymmdd); }

PurchaseOrderLineRead read_po1(const Segment& s) {
  return {s.element(1), parse_integer(s.element(2)), s.element(3), parse_cents(s.element(4)), read_ids(s, 6)};
}

bool is_set(const TransactionView& t, TransactionSet set) { return t.id() == transaction_set_id(set); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Specs and checks.

std::span<const SegmentSpec> segments(TransactionSet set, SchemaVersion version) {
  switch (set) {
    case TransactionSet::kPurchaseOrder850:
      return kSpec850;
    case TransactionSet::kPurchaseOrderAck855:
      return kSpec855;
    case TransactionSet::kShipNotice856:
      return kSpec856;
    case TransactionSet::kShipmentStatus214:
      return version == SchemaVersion::kV2 ? std::span<const SegmentSpec>(kSpec214V2) : kSpec214;
    case TransactionSet::kInventoryAdvice846:
      return kSpec846;
  }
  return {};
}

const SegmentSpec* find_segment_spec(TransactionSet set, SchemaVersion version, std::string_view tag) {
  for (const SegmentSpec& spec : segments(set, version))
    if (spec.tag == tag) return &spec;
  return nullptr;
}

std::vector<Problem> check_transaction(const TransactionView& transaction, SchemaVersion version) {
  std::vector<Problem> problems;
  const auto set = transaction_set_from_id(transaction.id());
  if (!set) return problems;
  const std::size_t where_missing = transaction.segments.empty() ? 0 : transaction.segments.front().index();
  for (const SegmentSpec& spec : segments(*set, version))
    if (spec.is_mandatory() && !transaction.first(spec.tag))
      problems.push_back({ProblemKind::kMissingSegment, std::string(spec.tag), where_missing,
                          std::string(spec.tag) + " (required in " + std::string(transaction.id()) + ")", "none"});
  for (const Segment& s : transaction.segments) {
    const SegmentSpec* spec = find_segment_spec(*set, version, s.tag());
    if (!spec) continue;
    for (std::size_t position = 1; position < 32; ++position) {
      if (spec->element_mandatory(position) && s.element(position).empty()) {
        std::string name(s.tag());
        name.push_back(static_cast<char>('0' + position / 10));
        name.push_back(static_cast<char>('0' + position % 10));
        problems.push_back({ProblemKind::kEmptyElement, name, s.index(), "a value", "empty"});
      }
    }
  }
  return problems;
}

std::string_view time_code_text(TimeCode code) {
  switch (code) {
    case TimeCode::kLocal:
      return "LT";
    case TimeCode::kUniversal:
      return "UT";
    case TimeCode::kEastern:
      return "ET";
    case TimeCode::kCentral:
      return "CT";
    case TimeCode::kMountain:
      return "MT";
    case TimeCode::kPacific:
      return "PT";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------------------------
// Writers.

void write(InterchangeBuilder& builder, const PurchaseOrder& po, std::uint32_t control_number,
           const WriteOptions& options) {
  const int tz = po.utc_offset_minutes;
  builder.begin_transaction(TransactionSet::kPurchaseOrder850, control_number, options.st02_digits);
  SegmentWriter w(builder, options);
  w("BEG", {po.purpose, po.order_type, po.po_number, "", format_ccyymmdd(po.ordered_at, tz)});
  for (const Reference& r : po.references) w("REF", {r.qualifier, r.id});
  if (po.requested_delivery) w("DTM", {"002", format_ccyymmdd(*po.requested_delivery, tz)});
  for (const Party& p : po.parties) write_party(w, p);
  std::int64_t hash_total = 0;
  for (const PurchaseOrderLine& line : po.lines) {
    write_po1(w, line);
    hash_total += line.quantity;
  }
  w("CTT", {Num(static_cast<std::int64_t>(po.lines.size())), Num(hash_total)});
  builder.end_transaction();
}

void write(InterchangeBuilder& builder, const PurchaseOrderAck& ack, std::uint32_t control_number,
           const WriteOptions& options) {
  const int tz = ack.utc_offset_minutes;
  builder.begin_transaction(TransactionSet::kPurchaseOrderAck855, control_number, options.st02_digits);
  SegmentWriter w(builder, options);
  w("BAK", {ack.purpose, ack.ack_type, ack.po_number, format_ccyymmdd(ack.po_date, tz), "", "", "",
            ack.seller_order_number, format_ccyymmdd(ack.acknowledged_at, tz)});
  for (const AckLine& line : ack.lines) {
    write_po1(w, line.line);
    const std::string ship_date = line.committed_ship ? format_ccyymmdd(*line.committed_ship, tz) : std::string{};
    w("ACK", {line.status, Num(line.committed_quantity), line.line.unit, line.committed_ship ? "068" : "", ship_date});
  }
  w("CTT", {Num(static_cast<std::int64_t>(ack.lines.size()))});
  builder.end_transaction();
}

void write(InterchangeBuilder& builder, const ShipNotice& asn, std::uint32_t control_number,
           const WriteOptions& options) {
  const int tz = asn.utc_offset_minutes;
  const bool v2 = builder.version() == SchemaVersion::kV2;
  builder.begin_transaction(TransactionSet::kShipNotice856, control_number, options.st02_digits);
  SegmentWriter w(builder, options);
  w("BSN", {"00", asn.shipment_id, format_ccyymmdd(asn.created_at, tz), format_hhmm(asn.created_at, tz), "0001"});
  std::int64_t hl = 1;
  w("HL", {Num(hl), "", "S"});
  w("TD1", {asn.packaging_code, Num(asn.lading_quantity), "", "", "", "G", Num(asn.gross_weight), asn.weight_unit});
  if (v2) {
    w("TD5", {"", "2", asn.carrier_scac, "J", "", "", "", "", "", "", "", asn.service_level});
  } else {
    w("TD5", {"", "2", asn.carrier_scac, "M"});
  }
  w("REF", {"BM", asn.bill_of_lading});
  w("DTM", {"011", format_ccyymmdd(asn.shipped_at, tz)});
  if (asn.estimated_delivery) w("DTM", {"017", format_ccyymmdd(*asn.estimated_delivery, tz)});
  write_party(w, asn.ship_to);
  if (asn.ship_from) write_party(w, *asn.ship_from);
  for (const AsnOrder& order : asn.orders) {
    const std::int64_t order_hl = ++hl;
    w("HL", {Num(order_hl), "1", "O"});
    w("PRF", {order.po_number, "", "", order.po_date ? format_ccyymmdd(*order.po_date, tz) : std::string{}});
    for (const AsnPack& pack : order.packs) {
      const std::int64_t pack_hl = ++hl;
      w("HL", {Num(pack_hl), Num(order_hl), "P"});
      w("MAN", {"GM", pack.sscc});
      for (const AsnItem& item : pack.items) {
        w("HL", {Num(++hl), Num(pack_hl), "I"});
        w("LIN", {"", qualifier_if(item.upc, "UP"), item.upc, qualifier_if(item.vendor_part, "VN"), item.vendor_part});
        w("SN1", {"", Num(item.quantity), item.unit});
      }
    }
  }
  w("CTT", {Num(hl)});
  builder.end_transaction();
}

void write(InterchangeBuilder& builder, const ShipmentStatus& status, std::uint32_t control_number,
           const WriteOptions& options) {
  const bool v2 = builder.version() == SchemaVersion::kV2;
  builder.begin_transaction(TransactionSet::kShipmentStatus214, control_number, options.st02_digits);
  SegmentWriter w(builder, options);
  w("B10", {status.carrier_pro, status.shipment_id, status.carrier_scac});
  for (const Reference& r : status.references) w("L11", {r.id, r.qualifier});
  if (v2 && !status.booking_number.empty()) w("L11", {status.booking_number, "BN"});
  std::int64_t sequence = 0;
  for (const StatusEvent& e : status.events) {
    w("LX", {Num(++sequence)});
    const std::string time = e.time_unknown ? std::string("0000") : format_hhmm(e.at, e.clock_offset_minutes);
    w("AT7", {e.status_code, e.reason_code, "", "", format_ccyymmdd(e.at, e.clock_offset_minutes), time,
              time_code_text(e.time_code)});
    if (e.location) w("MS1", {e.location->city, e.location->state, e.location->country});
    if (!status.equipment_number.empty()) w("MS2", {status.carrier_scac, status.equipment_number});
    if (v2 && !e.remark.empty()) w("K1", {e.remark});
    if (status.weight)
      w("AT8", {status.weight->qualifier, status.weight->unit, Num(status.weight->weight),
                Num(status.weight->lading_quantity)});
  }
  builder.end_transaction();
}

void write(InterchangeBuilder& builder, const InventoryAdvice& advice, std::uint32_t control_number,
           const WriteOptions& options) {
  const int tz = advice.utc_offset_minutes;
  builder.begin_transaction(TransactionSet::kInventoryAdvice846, control_number, options.st02_digits);
  SegmentWriter w(builder, options);
  w("BIA", {advice.purpose, advice.report_type, advice.report_id, format_ccyymmdd(advice.as_of, tz),
            format_hhmm(advice.as_of, tz)});
  if (advice.location) write_party(w, *advice.location);
  for (const InventoryItem& item : advice.items) {
    w("LIN", {"", qualifier_if(item.upc, "UP"), item.upc, qualifier_if(item.vendor_part, "VN"), item.vendor_part});
    w("QTY", {"17", Num(item.on_hand), item.unit});
    if (item.available) w("QTY", {"33", Num(*item.available), item.unit});
  }
  w("CTT", {Num(static_cast<std::int64_t>(advice.items.size()))});
  builder.end_transaction();
}

// ---------------------------------------------------------------------------------------------------------------
// Readers.

std::optional<std::int64_t> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const auto magnitude = parse_number(text);
  if (!magnitude) return std::nullopt;
  const auto value = static_cast<std::int64_t>(*magnitude);  // at most 18 digits: fits
  return negative ? -value : value;
}

std::optional<std::int64_t> parse_cents(std::string_view text) {
  const std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 2)) return std::nullopt;
  bool negative = false;
  if (!whole.empty() && whole[0] == '-') {
    negative = true;
    whole.remove_prefix(1);
  }
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.empty()) whole = "0";  // ".5" is a valid R value
  const auto units = parse_number(whole);
  if (!units || whole.size() > 16) return std::nullopt;
  std::int64_t cents = static_cast<std::int64_t>(*units) * 100;
  if (!fraction.empty()) {
    const auto f = parse_number(fraction);
    if (!f) return std::nullopt;
    cents += static_cast<std::int64_t>(fraction.size() == 1 ? *f * 10 : *f);
  }
  return negative ? -cents : cents;
}

std::optional<PurchaseOrderRead> read_purchase_order(const TransactionView& t) {
  if (!is_set(t, TransactionSet::kPurchaseOrder850)) return std::nullopt;
  PurchaseOrderRead po;
  for (const Segment& s : t.segments) {
    const std::string_view tag = s.tag();
    if (tag == "BEG") {
      po.purpose = s.element(1);
      po.order_type = s.element(2);
      po.po_number = s.element(3);
      po.ordered_on = date_of(s.element(5));
    } else if (tag == "REF") {
      po.references.emplace_back(s.element(1), s.element(2));
    } else if (tag == "DTM" && s.element(1) == "002") {
      po.requested_delivery = date_of(s.element(2));
    } else if (tag == "N1") {
      po.party_codes.push_back(s.element(1));
    } else if (tag == "PO1") {
      po.lines.push_back(read_po1(s));
    } else if (tag == "CTT") {
      po.line_count = parse_integer(s.element(1));
    }
  }
  return po;
}

std::optional<PurchaseOrderAckRead> read_purchase_order_ack(const TransactionView& t) {
  if (!is_set(t, TransactionSet::kPurchaseOrderAck855)) return std::nullopt;
  PurchaseOrderAckRead ack;
  for (const Segment& s : t.segments) {
    const std::string_view tag = s.tag();
    if (tag == "BAK") {
      ack.ack_type = s.element(2);
      ack.po_number = s.element(3);
      ack.po_date = date_of(s.element(4));
      ack.seller_order_number = s.element(8);
      ack.acknowledged_on = date_of(s.element(9));
    } else if (tag == "PO1") {
      ack.lines.push_back({read_po1(s), {}, std::nullopt, std::nullopt});
    } else if (tag == "ACK" && !ack.lines.empty()) {
      AckLineRead& line = ack.lines.back();
      line.status = s.element(1);
      line.committed_quantity = parse_integer(s.element(2));
      if (s.element(4) == "068") line.committed_ship = date_of(s.element(5));
    }
  }
  return ack;
}

std::optional<ShipNoticeRead> read_ship_notice(const TransactionView& t) {
  if (!is_set(t, TransactionSet::kShipNotice856)) return std::nullopt;
  ShipNoticeRead asn;
  std::string_view po_number, sscc;
  for (const Segment& s : t.segments) {
    const std::string_view tag = s.tag();
    if (tag == "BSN") {
      asn.shipment_id = s.element(2);
      asn.created = parse_date_time(s.element(3), s.element(4));
    } else if (tag == "HL") {
      ++asn.hierarchical_levels;
      if (s.element(3) == "O") po_number = sscc = {};
      if (s.element(3) == "P") sscc = {};
    } else if (tag == "TD1") {
      asn.lading_quantity = parse_integer(s.element(2));
      asn.gross_weight = parse_integer(s.element(7));
    } else if (tag == "TD5") {
      asn.carrier_scac = s.element(3);
      asn.transport_method = s.element(4);
      asn.service_level = s.element(12);
    } else if (tag == "REF" && s.element(1) == "BM") {
      asn.bill_of_lading = s.element(2);
    } else if (tag == "DTM" && s.element(1) == "011") {
      asn.shipped_on = date_of(s.element(2));
    } else if (tag == "N1" && s.element(1) == "ST") {
      asn.ship_to_id = s.element(4);
    } else if (tag == "PRF") {
      po_number = s.element(1);
      asn.po_numbers.push_back(po_number);
    } else if (tag == "MAN" && s.element(1) == "GM") {
      sscc = s.element(2);
      asn.ssccs.push_back(sscc);
    } else if (tag == "LIN") {
      asn.lines.push_back({po_number, sscc, read_ids(s, 2), std::nullopt, {}});
    } else if (tag == "SN1" && !asn.lines.empty()) {
      asn.lines.back().quantity = parse_integer(s.element(2));
      asn.lines.back().unit = s.element(3);
    } else if (tag == "CTT") {
      asn.ctt_count = parse_integer(s.element(1));
    }
  }
  return asn;
}

std::optional<ShipmentStatusRead> read_shipment_status(const TransactionView& t) {
  if (!is_set(t, TransactionSet::kShipmentStatus214)) return std::nullopt;
  ShipmentStatusRead status;
  for (const Segment& s : t.segments) {
    const std::string_view tag = s.tag();
    if (tag == "B10") {
      status.carrier_pro = s.element(1);
      status.shipment_id = s.element(2);
      status.carrier_scac = s.element(3);
    } else if (tag == "L11" && status.events.empty()) {
      status.references.emplace_back(s.element(2), s.element(1));
    } else if (tag == "AT7") {
      // Keyed on AT7 rather than LX, so that an omitted LX does not merge two statuses.
      StatusEventRead e;
      e.status_code = s.element(1);
      e.reason_code = s.element(2);
      e.date = s.element(5);
      e.time = s.element(6);
      e.time_code = s.element(7);
      e.written_time = parse_date_time(e.date, e.time);
      status.events.push_back(e);
    } else if (tag == "MS1" && !status.events.empty()) {
      status.events.back().city = s.element(1);
      status.events.back().state = s.element(2);
      status.events.back().country = s.element(3);
    } else if (tag == "MS2") {
      status.equipment_number = s.element(2);
    } else if (tag == "K1" && !status.events.empty()) {
      status.events.back().remark = s.element(1);
    } else if (tag == "AT8") {
      status.weight = parse_integer(s.element(3));
    }
  }
  return status;
}

std::optional<InventoryAdviceRead> read_inventory_advice(const TransactionView& t) {
  if (!is_set(t, TransactionSet::kInventoryAdvice846)) return std::nullopt;
  InventoryAdviceRead advice;
  for (const Segment& s : t.segments) {
    const std::string_view tag = s.tag();
    if (tag == "BIA") {
      advice.report_type = s.element(2);
      advice.report_id = s.element(3);
      advice.as_of = parse_date_time(s.element(4), s.element(5));
    } else if (tag == "N1") {
      advice.location_id = s.element(4);
    } else if (tag == "LIN") {
      advice.items.push_back({read_ids(s, 2), std::nullopt, std::nullopt, {}});
    } else if (tag == "QTY" && !advice.items.empty()) {
      InventoryItemRead& item = advice.items.back();
      if (s.element(1) == "17") item.on_hand = parse_integer(s.element(2));
      if (s.element(1) == "33") item.available = parse_integer(s.element(2));
      item.unit = s.element(3);
    } else if (tag == "CTT") {
      advice.item_count = parse_integer(s.element(1));
    }
  }
  return advice;
}

}  // namespace chaintwin::formats::x12
