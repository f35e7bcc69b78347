// ANSI X12 interchanges (chaintwin.edi): 850, 855, 856, 214, 846, through generators/formats' X12 parser and
// readers. The envelope is checked (ISA/GS/ST counts and control numbers) and every transaction against its
// profile (required segments, mandatory elements); then each transaction set becomes its events.
#include <algorithm>

#include "generators/formats/x12.hpp"
#include "generators/formats/x12_documents.hpp"
#include "pipeline/decode/decode_support.hpp"

namespace chaintwin::pipeline::detail {

namespace x12 = formats::x12;

namespace {

// One interchange's context: who sent it, to whom, and when each group was prepared.
struct Envelope {
  std::string_view sender;    // ISA06
  std::string_view receiver;  // ISA08
  std::optional<std::int64_t> prepared_ns;  // GS04/GS05 of the group being read, read as UTC (as partners send it)
};

std::optional<std::int64_t> utc_of(const std::optional<x12::CivilDateTime>& civil, int offset_minutes) {
  if (!civil || civil->year < kFirstYear || civil->year > kLastYear) return std::nullopt;
  return x12::epoch_ns(*civil, offset_minutes);
}

int offset_of(const Context& ctx, LocationIndex location) {
  return location == kUnknown ? 0 : ctx.master.locations()[location].utc_offset_minutes;
}

// The N104 id of the first N1 with entity code `entity` (ST ship-to, SF ship-from, WH warehouse).
std::string_view party_id(const x12::TransactionView& t, std::string_view entity) {
  for (const x12::Segment& s : t.segments)
    if (s.tag() == "N1" && s.element(1) == entity) return s.element(4);
  return {};
}

bool product_of_upc(Context& ctx, std::string_view upc, std::string_view where, SkuIndex& sku) {
  if (upc.empty()) return fail(ctx.error, where, ": a line names no UPC");
  return ctx.product(&MasterData::product_by_upc, upc, where, sku);
}

bool require_time(Context& ctx, const std::optional<std::int64_t>& time, std::string_view what, std::int64_t& ns) {
  if (!time) return fail(ctx.error, what, " is not a date and time");
  ns = *time;
  return true;
}

void add_order(Context& ctx, std::int64_t time, std::uint64_t order, OrderStatus status, LocationIndex destination,
               LocationIndex supplier) {
  DecodedEvent& e = ctx.add(Signal::kOrderStatus, time);
  e.entity = order;
  e.status = static_cast<std::uint8_t>(status);
  e.status_b = static_cast<std::uint8_t>(OrderKind::kPurchase);
  e.location = destination;
  e.other_location = supplier;
}

void add_line(Context& ctx, std::int64_t time, std::uint64_t order, SkuIndex sku, std::int64_t ordered,
              double committed) {
  DecodedEvent& e = ctx.add(Signal::kOrderLine, time);
  e.entity = order;
  e.status_b = static_cast<std::uint8_t>(OrderKind::kPurchase);
  e.sku = sku;
  e.quantity = ordered;
  e.value_a = committed;
}

// 850: a DC's purchase order on a supplier (ISA08).
bool purchase_order(Context& ctx, const x12::TransactionView& t, const Envelope& env) {
  const auto po = x12::read_purchase_order(t);
  LocationIndex dc = kUnknown, supplier = kUnknown;
  if (const std::string_view ship_to = party_id(t, "ST"); !ship_to.empty())
    if (!ctx.location(&MasterData::location_by_edi_code, ship_to, "850 N104", dc)) return false;
  if (!ctx.location(&MasterData::location_by_x12_id, env.receiver, "850 ISA08", supplier)) return false;
  std::int64_t time = 0;
  if (!require_time(ctx, env.prepared_ns, "850 GS04/GS05", time)) return false;
  const std::uint64_t order = entity_of(po->po_number);
  add_order(ctx, time, order, OrderStatus::kCreated, dc, supplier);
  ctx.out.events.back().time_b_ns = utc_of(po->requested_delivery, offset_of(ctx, dc)).value_or(0);
  for (const x12::PurchaseOrderLineRead& line : po->lines) {
    SkuIndex sku = kUnknown;
    if (!product_of_upc(ctx, line.ids.upc, "850 PO107", sku)) return false;
    add_line(ctx, time, order, sku, line.quantity.value_or(-1), -1.0);
  }
  return true;
}

// 855: the supplier (ISA06) acknowledges a PO with committed quantities.
bool purchase_order_ack(Context& ctx, const x12::TransactionView& t, const Envelope& env) {
  const auto ack = x12::read_purchase_order_ack(t);
  LocationIndex supplier = kUnknown;
  if (!ctx.location(&MasterData::location_by_x12_id, env.sender, "855 ISA06", supplier)) return false;
  std::int64_t time = 0;
  if (!require_time(ctx, env.prepared_ns, "855 GS04/GS05", time)) return false;
  const std::uint64_t order = entity_of(ack->po_number);
  add_order(ctx, time, order, OrderStatus::kConfirmed, kUnknown, supplier);
  for (const x12::AckLineRead& line : ack->lines) {
    SkuIndex sku = kUnknown;
    if (!product_of_upc(ctx, line.line.ids.upc, "855 PO107", sku)) return false;
    add_line(ctx, time, order, sku, line.line.quantity.value_or(-1),
             line.committed_quantity ? static_cast<double>(*line.committed_quantity) : -1.0);
  }
  return true;
}

// 856: the supplier's advance ship notice, sent at dispatch.
bool ship_notice(Context& ctx, const x12::TransactionView& t, const Envelope& env) {
  const auto asn = x12::read_ship_notice(t);
  LocationIndex supplier = kUnknown, dc = kUnknown;
  const std::string_view ship_from = party_id(t, "SF");
  if (!(ship_from.empty() ? ctx.location(&MasterData::location_by_x12_id, env.sender, "856 ISA06", supplier)
                          : ctx.location(&MasterData::location_by_edi_code, ship_from, "856 N104", supplier)))
    return false;
  if (!asn->ship_to_id.empty() && !ctx.location(&MasterData::location_by_edi_code, asn->ship_to_id, "856 N104", dc))
    return false;
  std::int64_t time = 0;
  if (!require_time(ctx, utc_of(asn->created, offset_of(ctx, supplier)), "856 BSN03/BSN04", time)) return false;
  DecodedEvent& e = ctx.add(Signal::kShipmentStatus, time);
  e.entity = entity_of(asn->shipment_id);
  e.status = static_cast<std::uint8_t>(ShipmentStatus::kDispatched);
  e.location = supplier;
  e.other_location = dc;
  return true;
}

std::optional<ShipmentStatus> status_of_at7(std::string_view code) {
  if (code == "AF") return ShipmentStatus::kDispatched;
  if (code == "X4" || code == "P1") return ShipmentStatus::kInTransit;
  if (code == "SD") return ShipmentStatus::kCustomsHold;
  if (code == "X1") return ShipmentStatus::kArrived;
  if (code == "D1") return ShipmentStatus::kUnloaded;
  return std::nullopt;
}

// AT707 time codes: minutes east of UTC; nullopt for LT (the location's own clock) and unknown codes.
std::optional<int> zone_of(std::string_view code) {
  if (code == "UT" || code == "GM") return 0;
  if (code == "ET") return -300;  // standard time: the testbed's sites keep no daylight saving
  if (code == "CT") return -360;
  if (code == "MT") return -420;
  if (code == "PT") return -480;
  return std::nullopt;
}

// 214: a carrier's status events. AT705/AT706 are read on the clock AT707 names (LT or no code: the local time of
// the MS1 location). The group's preparation time (GS04/GS05, UTC), which no status can follow, repairs three
// quirks: a local reading later than it was written in UTC (time-basis quirk); a time written 0000 (unknown) and a
// local time without MS1 (an unknown clock) take it, flagged as estimates in status_b.
bool shipment_status(Context& ctx, const x12::TransactionView& t, const Envelope& env) {
  const auto status = x12::read_shipment_status(t);
  const std::uint64_t shipment = entity_of(status->shipment_id);
  for (const x12::StatusEventRead& at7 : status->events) {
    const auto state = status_of_at7(at7.status_code);
    if (!state) return fail(ctx.error, "214: unknown AT701 status '", at7.status_code, "'");
    LocationIndex where = kUnknown;
    if (!at7.city.empty() && !ctx.location(&MasterData::location_by_x12_id, at7.city, "214 MS101", where)) return false;
    const bool local = at7.time_code.empty() || at7.time_code == "LT";
    const auto zone = local ? std::optional<int>(offset_of(ctx, where)) : zone_of(at7.time_code);
    if (!zone) return fail(ctx.error, "214: unknown AT707 time code '", at7.time_code, "'");
    std::int64_t time = 0;
    if (!require_time(ctx, utc_of(at7.written_time, *zone), "214 AT705/AT706", time)) return false;
    const bool estimate = env.prepared_ns && (at7.time == "0000" || (local && where == kUnknown));
    if (estimate) {
      time = *env.prepared_ns;
    } else if (local && env.prepared_ns && time > *env.prepared_ns) {
      time = *utc_of(at7.written_time, 0);  // in range: the local reading was
    }
    DecodedEvent& e = ctx.add(Signal::kShipmentStatus, time);
    e.entity = shipment;
    e.status = static_cast<std::uint8_t>(*state);
    e.status_b = estimate ? 1 : 0;
    e.location = where;
  }
  return true;
}

// 846: a DC's on-hand at a time. N1*WH names the DC; without it, the record key ("buyer/<DC>").
bool inventory_advice(Context& ctx, const x12::TransactionView& t) {
  const auto advice = x12::read_inventory_advice(t);
  LocationIndex dc = kUnknown;
  if (!advice->location_id.empty()) {
    if (!ctx.location(&MasterData::location_by_edi_code, advice->location_id, "846 N104", dc)) return false;
  } else if ((dc = ctx.location_of_key()) == kUnknown) {
    return fail(ctx.error, "846: neither N1*WH nor the key names the warehouse");
  }
  std::int64_t time = 0;
  if (!require_time(ctx, utc_of(advice->as_of, offset_of(ctx, dc)), "846 BIA04/BIA05", time)) return false;
  for (const x12::InventoryItemRead& item : advice->items) {
    SkuIndex sku = kUnknown;
    if (!product_of_upc(ctx, item.ids.upc, "846 LIN03", sku)) return false;
    if (!item.on_hand) continue;  // QTY*17 left out: nothing counted
    DecodedEvent& e = ctx.add(Signal::kStockCount, time);
    e.location = dc;
    e.sku = sku;
    e.quantity = *item.on_hand;
  }
  return true;
}

}  // namespace

bool decode_edi(Context& ctx, std::string_view payload) {
  const x12::Interchange interchange = x12::parse(payload);
  if (!interchange.valid()) return fail(ctx.error, interchange.problems().front().message());
  const x12::Segment& isa = *interchange.header();
  Envelope env{without_padding(isa.element(6)), without_padding(isa.element(8)), std::nullopt};
  // Same sender and control number: the same interchange, however often it is sent.
  ctx.out.content_key = hash_bytes(env.sender, x12::parse_number(isa.element(13)).value_or(0));
  const x12::SchemaVersion version = isa.element(12) >= "00501" ? x12::SchemaVersion::kV2 : x12::SchemaVersion::kV1;
  ctx.v2 = version == x12::SchemaVersion::kV2;
  for (const x12::GroupView& group : interchange.groups()) {
    env.prepared_ns = group.header ? utc_of(x12::parse_date_time(group.header->element(4), group.header->element(5)), 0)
                                   : std::nullopt;
    for (const x12::TransactionView& t : group.transactions) {
      if (const auto problems = x12::check_transaction(t, version); !problems.empty())
        return fail(ctx.error, t.id(), ": ", problems.front().message());
      const auto set = x12::transaction_set_from_id(t.id());
      if (!set) return fail(ctx.error, "unknown transaction set '", t.id(), "'");
      bool ok = false;
      switch (*set) {
        case x12::TransactionSet::kPurchaseOrder850: ok = purchase_order(ctx, t, env); break;
        case x12::TransactionSet::kPurchaseOrderAck855: ok = purchase_order_ack(ctx, t, env); break;
        case x12::TransactionSet::kShipNotice856: ok = ship_notice(ctx, t, env); break;
        case x12::TransactionSet::kShipmentStatus214: ok = shipment_status(ctx, t, env); break;
        case x12::TransactionSet::kInventoryAdvice846: ok = inventory_advice(ctx, t); break;
      }
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace chaintwin::pipeline::detail
