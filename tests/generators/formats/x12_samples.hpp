#pragma once
// Sample documents shared by the X12 tests and by x12_print_samples (which prints the samples of docs/x12.md; a test
// checks that the doc still shows exactly what the writer produces).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "generators/formats/x12.hpp"
#include "generators/formats/x12_documents.hpp"

namespace chaintwin::formats::x12::samples {

// 2025-03-21 14:30 UTC and friends, as epoch nanoseconds.
inline EpochNs at_utc(int year, int month, int day, int hour, int minute) {
  return epoch_ns(CivilDateTime{year, month, day, hour, minute, 0}, 0);
}
inline constexpr int kCentralDaylight = -300;  // CDT, UTC-5 (March 21 2025 is after the DST switch)

inline InterchangeHeader header(std::uint32_t control, SchemaVersion version = SchemaVersion::kV1) {
  InterchangeHeader h;
  h.sender_qualifier = "ZZ";
  h.sender_id = "SUPPLIERCO";
  h.receiver_qualifier = "ZZ";
  h.receiver_id = "ACMERETAIL";
  h.prepared_at = at_utc(2025, 3, 21, 14, 30);
  h.control_number = control;
  h.version = version;
  return h;
}

inline GroupHeader group(std::uint32_t control) {
  GroupHeader g;
  g.application_sender = "SUPPLIERCO";
  g.application_receiver = "ACMERETAIL";
  g.prepared_at = at_utc(2025, 3, 21, 14, 30);
  g.control_number = control;
  return g;
}

inline PurchaseOrder purchase_order() {
  PurchaseOrder po;
  po.po_number = "4500021354";
  po.ordered_at = at_utc(2025, 3, 15, 15, 0);
  po.utc_offset_minutes = kCentralDaylight;
  po.references = {{"IA", "V001234"}};
  po.requested_delivery = at_utc(2025, 3, 22, 15, 0);
  po.parties = {{"BY", "ACME RETAIL", "92", "0001"}, {"ST", "ACME DC 14", "92", "0014"}};
  po.lines = {{"1", 24, "EA", 1250, "012345678905", "SKU-4411"}, {"2", 12, "CA", 4800, "012345678912", ""}};
  return po;
}

inline PurchaseOrderAck purchase_order_ack() {
  PurchaseOrderAck ack;
  ack.po_number = "4500021354";
  ack.po_date = at_utc(2025, 3, 15, 15, 0);
  ack.seller_order_number = "SO-88120";
  ack.acknowledged_at = at_utc(2025, 3, 16, 13, 0);
  ack.utc_offset_minutes = kCentralDaylight;
  const PurchaseOrder po = purchase_order();
  ack.lines = {{po.lines[0], "IA", 24, at_utc(2025, 3, 18, 15, 0)},
               {po.lines[1], "IQ", 10, at_utc(2025, 3, 19, 15, 0)}};
  return ack;
}

// The 856 of docs/reference/event-formats.md section 2, value for value.
inline ShipNotice ship_notice_reference() {
  ShipNotice asn;
  asn.shipment_id = "SHP0088412";
  asn.created_at = at_utc(2025, 3, 20, 21, 5);
  asn.utc_offset_minutes = kCentralDaylight;
  asn.lading_quantity = 24;
  asn.gross_weight = 612;
  asn.carrier_scac = "ABCD";
  asn.bill_of_lading = "BOL7781234";
  asn.shipped_at = at_utc(2025, 3, 20, 21, 0);
  asn.ship_to = {"ST", "ACME DC 14", "92", "0014"};
  asn.orders = {{"4500021354", at_utc(2025, 3, 15, 15, 0), {{"006141411234567890", {{"012345678905", "", 24, "EA"}}}}}};
  return asn;
}

// Two orders, three packs, four items: exercises the HL tree.
inline ShipNotice ship_notice() {
  ShipNotice asn = ship_notice_reference();
  asn.estimated_delivery = at_utc(2025, 3, 22, 15, 0);
  asn.ship_from = Party{"SF", "SUPPLIERCO PLANT 2", "92", "P2"};
  asn.lading_quantity = 3;
  asn.orders = {
      {"4500021354",
       at_utc(2025, 3, 15, 15, 0),
       {{"006141411234567890", {{"012345678905", "SKU-4411", 24, "EA"}, {"012345678912", "", 6, "CA"}}},
        {"006141411234567906", {{"012345678905", "SKU-4411", 12, "EA"}}}}},
      {"4500021360", std::nullopt, {{"006141411234567913", {{"012345678929", "SKU-9002", 40, "EA"}}}}},
  };
  return asn;
}

// The 214 of event-formats.md section 2, value for value.
inline ShipmentStatus shipment_status_reference() {
  ShipmentStatus s;
  s.carrier_pro = "PRO4471023";
  s.shipment_id = "SHP0088412";
  s.carrier_scac = "ABCD";
  s.references = {{"PO", "4500021354"}};
  s.equipment_number = "TRL5531";
  s.weight = Weight{"G", "L", 12450, 24};
  StatusEvent arrived;
  arrived.status_code = "X1";
  arrived.at = at_utc(2025, 3, 21, 13, 40);
  arrived.clock_offset_minutes = kCentralDaylight;
  arrived.time_code = TimeCode::kCentral;
  arrived.location = Location{"MEMPHIS", "TN", "US"};
  s.events = {arrived};
  return s;
}

// A journey: pickup, departure, a weather delay, delivery; locals in CDT labelled LT.
inline ShipmentStatus shipment_status() {
  ShipmentStatus s = shipment_status_reference();
  s.references.push_back({"BM", "BOL7781234"});
  s.booking_number = "BK20250320";
  auto event = [](std::string code, std::string reason, EpochNs at, Location where) {
    StatusEvent e;
    e.status_code = std::move(code);
    e.reason_code = std::move(reason);
    e.at = at;
    e.clock_offset_minutes = kCentralDaylight;
    e.time_code = TimeCode::kLocal;
    e.location = std::move(where);
    return e;
  };
  s.events = {event("X3", "NS", at_utc(2025, 3, 20, 20, 10), {"DALLAS", "TX", "US"}),
              event("AF", "NS", at_utc(2025, 3, 20, 21, 25), {"DALLAS", "TX", "US"}),
              event("SD", "AO", at_utc(2025, 3, 21, 3, 5), {"TEXARKANA", "AR", "US"}),
              event("X1", "NS", at_utc(2025, 3, 21, 13, 40), {"MEMPHIS", "TN", "US"})};
  s.events[2].remark = "ICE ON I-30";
  return s;
}

inline InventoryAdvice inventory_advice() {
  InventoryAdvice a;
  a.report_id = "INV20250321-0014";
  a.as_of = at_utc(2025, 3, 21, 5, 0);
  a.utc_offset_minutes = kCentralDaylight;
  a.location = Party{"WH", "ACME DC 14", "92", "0014"};
  a.items = {{"012345678905", "SKU-4411", 310, 280, "EA"}, {"012345678912", "", 42, std::nullopt, "CA"}};
  return a;
}

// One interchange per transaction set, as docs/x12.md shows them: (title, bytes with a line break after each `~`).
inline std::string one_segment_per_line(const std::string& x12) {
  std::string out;
  for (char c : x12) {
    out.push_back(c);
    if (c == '~') out.push_back('\n');
  }
  return out;
}

inline std::vector<std::pair<std::string, std::string>> documented_samples() {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("850 purchase order", write_interchange(header(1001), group(1001), purchase_order(), 1));
  out.emplace_back("855 purchase order acknowledgement",
                   write_interchange(header(1002), group(1002), purchase_order_ack(), 1));
  out.emplace_back("856 ship notice", write_interchange(header(1003), group(1003), ship_notice(), 1));
  out.emplace_back("214 shipment status", write_interchange(header(1004), group(1004), shipment_status(), 1));
  out.emplace_back("846 inventory advice", write_interchange(header(1005), group(1005), inventory_advice(), 1));
  out.emplace_back("214 shipment status, v2 (005010 envelope, K1, L11*BN)",
                   write_interchange(header(1006, SchemaVersion::kV2), group(1006), shipment_status(), 1));
  out.emplace_back("856 ship notice, v2 (005010 envelope, TD5 J + service level)",
                   write_interchange(header(1007, SchemaVersion::kV2), group(1007), ship_notice_reference(), 1));
  return out;
}

}  // namespace chaintwin::formats::x12::samples
