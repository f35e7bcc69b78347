// X12: the 214's time bases (local at the MS1 place, UTC, named zones) and its two quirks, 846 counts, 850 and
// 856, envelope faults, and the content key of a re-sent interchange.
#include <gtest/gtest.h>

#include "generators/formats/x12.hpp"
#include "generators/formats/x12_documents.hpp"
#include "pipeline/decode/decoder.hpp"
#include "test_master.hpp"

namespace chaintwin::pipeline {
namespace {

using namespace testing;
namespace x12 = formats::x12;

constexpr std::int64_t kMarch21 = 1'742'515'200'000'000'000;  // 2025-03-21T00:00:00Z
constexpr std::int64_t kMinuteNs = 60'000'000'000;
constexpr std::int64_t kHourNs = 60 * kMinuteNs;
constexpr std::int64_t kArrival = kMarch21 + 14 * kHourNs;  // 08:00 at the store (-06:00)

template <class Document>
std::string interchange(const Document& document, std::string sender, std::string receiver, std::int64_t prepared,
                        std::uint32_t control = 7, x12::SchemaVersion version = x12::SchemaVersion::kV1) {
  x12::InterchangeHeader h;
  h.sender_id = std::move(sender);
  h.receiver_id = std::move(receiver);
  h.prepared_at = prepared;
  h.control_number = control;
  h.version = version;
  x12::GroupHeader g;
  g.application_sender = h.sender_id;
  g.application_receiver = h.receiver_id;
  g.prepared_at = prepared;
  g.control_number = control;
  return x12::write_interchange(h, g, document, 1);
}

// A carrier's X1 (arrived) at the store, written on `clock` minutes east of UTC and labelled `code`.
std::string arrival(int clock, x12::TimeCode code, std::int64_t prepared = kArrival, bool with_place = true,
                    bool unknown_time = false, std::string status = "X1") {
  x12::ShipmentStatus s;
  s.carrier_scac = "COAA";
  s.carrier_pro = "PRO12";
  s.shipment_id = "SH12";
  s.references = {{"PO", "PO36"}};
  x12::StatusEvent e;
  e.status_code = std::move(status);
  e.at = kArrival;
  e.clock_offset_minutes = clock;
  e.time_code = code;
  e.time_unknown = unknown_time;
  if (with_place) e.location = x12::Location{"STORE00014", "US", "US"};
  s.events.push_back(e);
  return interchange(s, "COAA", "CHAINTWIN", prepared);
}

class X12Decoder : public ::testing::Test {
 protected:
  MasterData master = test_master();
  Decoder decoder{master};
  DecodedMessage decode(std::string payload, std::string key = "carrier/DC-003", std::string version = "1") {
    return decoder.decode(InputSource::kEdi, record(std::move(payload), std::move(key), std::move(version)));
  }
  // The one event of a 214 that must decode.
  DecodedEvent status(const std::string& payload) {
    const DecodedMessage m = decode(payload);
    EXPECT_EQ(m.error, "");
    EXPECT_EQ(m.events.size(), 1u);
    return m.events.empty() ? DecodedEvent{} : m.events[0];
  }
};

TEST_F(X12Decoder, LocalTimeIsTheMs1PlacesClock) {
  const DecodedEvent e = status(arrival(-360, x12::TimeCode::kLocal));
  EXPECT_EQ(e.signal, Signal::kShipmentStatus);
  EXPECT_EQ(e.entity, 12u);
  EXPECT_EQ(e.status, static_cast<std::uint8_t>(ShipmentStatus::kArrived));
  EXPECT_EQ(e.location, kStore);
  EXPECT_EQ(e.event_time_ns, kArrival);
  EXPECT_EQ(e.status_b, 0);
}

TEST_F(X12Decoder, UtcAndNamedZonesAreTheirOwnClocks) {
  EXPECT_EQ(status(arrival(0, x12::TimeCode::kUniversal)).event_time_ns, kArrival);
  EXPECT_EQ(status(arrival(-360, x12::TimeCode::kCentral)).event_time_ns, kArrival);
  EXPECT_EQ(status(arrival(-480, x12::TimeCode::kPacific)).event_time_ns, kArrival);
}

TEST_F(X12Decoder, AUtcTimeCodedLocalIsRepaired) {
  // 14:00 written, labelled local: read at -06:00 that is 20:00 UTC, after the interchange was prepared.
  EXPECT_EQ(status(arrival(0, x12::TimeCode::kLocal)).event_time_ns, kArrival);
}

TEST_F(X12Decoder, AnUnknownTimeIsThePreparationTimeFlagged) {
  const DecodedEvent e = status(arrival(-360, x12::TimeCode::kLocal, kArrival + 2 * kHourNs, true, true));
  EXPECT_EQ(e.event_time_ns, kArrival + 2 * kHourNs);
  EXPECT_EQ(e.status_b, 1);
  // A local time without its place is on an unknown clock: the same estimate.
  const DecodedEvent nowhere = status(arrival(-360, x12::TimeCode::kLocal, kArrival + kHourNs, false));
  EXPECT_EQ(nowhere.event_time_ns, kArrival + kHourNs);
  EXPECT_EQ(nowhere.location, kUnknown);
  EXPECT_EQ(nowhere.status_b, 1);
}

TEST_F(X12Decoder, EnvelopeAndDocumentFaultsGoToTheDeadLetter) {
  EXPECT_EQ(decode(arrival(-360, x12::TimeCode::kLocal, kArrival, true, false, "ZZ")).error,
            "edi: 214: unknown AT701 status 'ZZ'");
  std::string bad_count = arrival(-360, x12::TimeCode::kLocal);
  bad_count.replace(bad_count.find("SE*7*"), 5, "SE*8*");
  EXPECT_EQ(decode(bad_count).error.substr(0, 10), "edi: SE01 ");
  std::string no_b10 = arrival(-360, x12::TimeCode::kLocal);
  no_b10.erase(no_b10.find("B10*"), std::string("B10*PRO12*SH12*COAA~").size());
  no_b10.replace(no_b10.find("SE*7*"), 5, "SE*6*");
  EXPECT_EQ(decode(no_b10).error.substr(0, 13), "edi: 214: B10");
  std::string unknown_place = arrival(-360, x12::TimeCode::kLocal);
  unknown_place.replace(unknown_place.find("STORE00014"), 10, "STORE99999");
  EXPECT_EQ(decode(unknown_place).error, "edi: unknown location 'STORE99999' in '214 MS101'");
  EXPECT_EQ(decode("not x12").error.substr(0, 5), "edi: ");
}

TEST_F(X12Decoder, AReSentInterchangeHasTheSameKey) {
  const std::string once = arrival(-360, x12::TimeCode::kLocal);
  EXPECT_EQ(decode(once).content_key, decode(once).content_key);
  x12::ShipmentStatus other;
  other.carrier_scac = "COAA";
  other.shipment_id = "SH13";
  other.carrier_pro = "PRO13";
  EXPECT_NE(decode(interchange(other, "COAA", "CHAINTWIN", kArrival, 8)).content_key, decode(once).content_key);
  EXPECT_NE(decode(interchange(other, "CDAA", "CHAINTWIN", kArrival, 7)).content_key, decode(once).content_key);
}

TEST_F(X12Decoder, InventoryAdviceCountsAtTheWarehouse) {
  x12::InventoryAdvice advice;
  advice.report_id = "INV3-18";
  advice.as_of = kMarch21;
  advice.utc_offset_minutes = -300;
  advice.location = x12::Party{"WH", "DC-003", "92", "0003"};
  advice.items = {{"614140001027", "", 40, {}, "EA"}, {"614140001034", "", 0, {}, "EA"}};
  const DecodedMessage m = decode(interchange(advice, "CHAINTWIN", "PLANNING", kMarch21), "buyer/DC-003");
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].signal, Signal::kStockCount);
  EXPECT_EQ(m.events[0].location, kDc);
  EXPECT_EQ(m.events[0].sku, kSku102);
  EXPECT_EQ(m.events[0].quantity, 40);
  EXPECT_EQ(m.events[0].event_time_ns, kMarch21);  // 19:00 the day before, at -05:00
  advice.location.reset();                         // without N1*WH the key names the warehouse
  const DecodedMessage keyed = decode(interchange(advice, "CHAINTWIN", "PLANNING", kMarch21), "buyer/DC-003");
  ASSERT_EQ(keyed.error, "");
  EXPECT_EQ(keyed.events.at(0).location, kDc);
}

TEST_F(X12Decoder, PurchaseOrdersAndShipNotices) {
  x12::PurchaseOrder po;
  po.po_number = "PO36";
  po.ordered_at = kMarch21;
  po.utc_offset_minutes = -300;
  po.requested_delivery = kMarch21 + 5 * 24 * kHourNs;
  po.parties = {{"BY", "CHAINTWIN", "92", "0001"}, {"ST", "DC-003", "92", "0003"}};
  po.lines = {{"1", 30, "EA", 250, "614140001027", ""}};
  const DecodedMessage order = decode(interchange(po, "CHAINTWIN", "SUP0007", kMarch21), "buyer/DC-003");
  ASSERT_EQ(order.error, "");
  ASSERT_EQ(order.events.size(), 2u);
  EXPECT_EQ(order.events[0].signal, Signal::kOrderStatus);
  EXPECT_EQ(order.events[0].entity, 36u);
  EXPECT_EQ(order.events[0].status_b, static_cast<std::uint8_t>(OrderKind::kPurchase));
  EXPECT_EQ(order.events[0].location, kDc);
  EXPECT_EQ(order.events[0].other_location, kSupplier);
  EXPECT_EQ(order.events[0].event_time_ns, kMarch21);
  EXPECT_EQ(order.events[1].signal, Signal::kOrderLine);
  EXPECT_EQ(order.events[1].quantity, 30);

  x12::ShipNotice asn;
  asn.shipment_id = "SH12";
  asn.created_at = kMarch21;
  asn.utc_offset_minutes = -480;
  asn.carrier_scac = "CHAA";
  asn.bill_of_lading = "BOL12";
  asn.shipped_at = kMarch21;
  asn.ship_to = {"ST", "DC-003", "92", "0003"};
  asn.ship_from = x12::Party{"SF", "SUP-0007", "92", "0007"};
  asn.orders = {{"PO36", std::nullopt, {{"006141410000000123", {{"614140001027", "", 30, "EA"}}}}}};
  const DecodedMessage shipped =
      decode(interchange(asn, "SUP0007", "CHAINTWIN", kMarch21, 9, x12::SchemaVersion::kV2), "SUP-0007", "");
  ASSERT_EQ(shipped.error, "");
  EXPECT_EQ(shipped.schema_version, 2);
  ASSERT_EQ(shipped.events.size(), 1u);
  EXPECT_EQ(shipped.events[0].status, static_cast<std::uint8_t>(ShipmentStatus::kDispatched));
  EXPECT_EQ(shipped.events[0].entity, 12u);
  EXPECT_EQ(shipped.events[0].location, kSupplier);
  EXPECT_EQ(shipped.events[0].other_location, kDc);
  EXPECT_EQ(shipped.events[0].event_time_ns, kMarch21);
}

}  // namespace
}  // namespace chaintwin::pipeline
