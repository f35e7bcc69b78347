// Transaction-set writers and readers: round trips, noise options, v2 drift, the segment specs, and the samples of
// docs/x12.md.

#include "generators/formats/x12_documents.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generators/formats/x12.hpp"
#include "tests/generators/formats/x12_samples.hpp"
#include "tests/generators/formats/x12_test_support.hpp"

namespace chaintwin::formats::x12 {
namespace {

using samples::at_utc;

using testing::has_no_problems;
using testing::messages;

// Parses, checks the envelope and every transaction against its spec, and returns the interchange.
Interchange parse_clean(const std::string& bytes, SchemaVersion version = SchemaVersion::kV1) {
  Interchange x = parse(bytes);
  EXPECT_TRUE(has_no_problems(x)) << bytes;
  for (const TransactionView* t : x.transactions())
    EXPECT_TRUE(check_transaction(*t, version).empty())
        << ::testing::PrintToString(messages(check_transaction(*t, version))) << "\n"
        << bytes;
  return x;
}
// The interchange would point into a destroyed temporary.
Interchange parse_clean(std::string&& bytes, SchemaVersion version = SchemaVersion::kV1) = delete;

CivilDateTime day_of(EpochNs t, int offset) {
  CivilDateTime c = civil_time(t, offset);
  c.hour = c.minute = c.second = 0;
  return c;
}

TEST(X12Documents, PurchaseOrderRoundTrips) {
  const PurchaseOrder po = samples::purchase_order();
  const std::string bytes = write_interchange(samples::header(1), samples::group(1), po, 1);
  EXPECT_NE(bytes.find("GS*PO*"), std::string::npos);
  EXPECT_NE(bytes.find("PO1*1*24*EA*12.50**UP*012345678905*VN*SKU-4411~PO1*2*12*CA*48**UP*012345678912~"),
            std::string::npos)
      << bytes;
  const Interchange x = parse_clean(bytes);
  ASSERT_EQ(x.transactions().size(), 1u);
  const auto read = read_purchase_order(*x.transactions()[0]);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->po_number, po.po_number);
  EXPECT_EQ(read->purpose, "00");
  EXPECT_EQ(read->order_type, "SA");
  EXPECT_EQ(read->ordered_on, day_of(po.ordered_at, po.utc_offset_minutes));
  EXPECT_EQ(read->requested_delivery, day_of(*po.requested_delivery, po.utc_offset_minutes));
  ASSERT_EQ(read->references.size(), 1u);
  EXPECT_EQ(read->references[0].second, "V001234");
  EXPECT_EQ(read->party_codes, (std::vector<std::string_view>{"BY", "ST"}));
  ASSERT_EQ(read->lines.size(), po.lines.size());
  for (std::size_t i = 0; i < po.lines.size(); ++i) {
    EXPECT_EQ(read->lines[i].line_number, po.lines[i].line_number);
    EXPECT_EQ(read->lines[i].quantity, po.lines[i].quantity);
    EXPECT_EQ(read->lines[i].unit, po.lines[i].unit);
    EXPECT_EQ(read->lines[i].unit_price_cents, po.lines[i].unit_price_cents);
    EXPECT_EQ(read->lines[i].ids.upc, po.lines[i].upc);
    EXPECT_EQ(read->lines[i].ids.vendor_part, po.lines[i].vendor_part);
  }
  EXPECT_EQ(read->line_count, 2);
  EXPECT_FALSE(read_ship_notice(*x.transactions()[0]));  // readers refuse other sets
}

TEST(X12Documents, PurchaseOrderAckRoundTrips) {
  const PurchaseOrderAck ack = samples::purchase_order_ack();
  const std::string bytes = write_interchange(samples::header(2), samples::group(2), ack, 1);
  const Interchange x = parse_clean(bytes);
  EXPECT_EQ(x.groups()[0].functional_id(), "PR");
  const auto read = read_purchase_order_ack(*x.transactions()[0]);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->po_number, ack.po_number);
  EXPECT_EQ(read->ack_type, "AC");
  EXPECT_EQ(read->seller_order_number, ack.seller_order_number);
  EXPECT_EQ(read->po_date, day_of(ack.po_date, ack.utc_offset_minutes));
  EXPECT_EQ(read->acknowledged_on, day_of(ack.acknowledged_at, ack.utc_offset_minutes));
  ASSERT_EQ(read->lines.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read->lines[i].line.quantity, ack.lines[i].line.quantity);
    EXPECT_EQ(read->lines[i].status, ack.lines[i].status);
    EXPECT_EQ(read->lines[i].committed_quantity, ack.lines[i].committed_quantity);
    EXPECT_EQ(read->lines[i].committed_ship, day_of(*ack.lines[i].committed_ship, ack.utc_offset_minutes));
  }
}

TEST(X12Documents, ShipNoticeRoundTripsItsHierarchy) {
  const ShipNotice asn = samples::ship_notice();
  const std::string bytes = write_interchange(samples::header(3), samples::group(3), asn, 1);
  const Interchange x = parse_clean(bytes);
  EXPECT_EQ(x.groups()[0].functional_id(), "SH");
  const auto read = read_ship_notice(*x.transactions()[0]);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->shipment_id, asn.shipment_id);
  EXPECT_EQ(read->created, [&] {
    CivilDateTime c = civil_time(asn.created_at, asn.utc_offset_minutes);
    c.second = 0;
    return c;
  }());
  EXPECT_EQ(read->carrier_scac, "ABCD");
  EXPECT_EQ(read->transport_method, "M");
  EXPECT_EQ(read->bill_of_lading, asn.bill_of_lading);
  EXPECT_EQ(read->shipped_on, day_of(asn.shipped_at, asn.utc_offset_minutes));
  EXPECT_EQ(read->ship_to_id, "0014");
  EXPECT_EQ(read->gross_weight, asn.gross_weight);
  // 1 shipment + 2 orders + 3 packs + 4 items.
  EXPECT_EQ(read->hierarchical_levels, 10u);
  EXPECT_EQ(read->ctt_count, 10);
  EXPECT_EQ(read->po_numbers, (std::vector<std::string_view>{"4500021354", "4500021360"}));
  EXPECT_EQ(read->ssccs.size(), 3u);

  std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::string>> written, back;
  for (const AsnOrder& o : asn.orders)
    for (const AsnPack& p : o.packs)
      for (const AsnItem& i : p.items) written.emplace_back(o.po_number, p.sscc, i.upc, i.quantity, i.unit);
  for (const ShipNoticeLineRead& l : read->lines)
    back.emplace_back(l.po_number, l.sscc, l.ids.upc, l.quantity.value_or(-1), l.unit);
  EXPECT_EQ(back, written);

  // HL parents: orders under 1, packs under their order, items under their pack.
  const auto hls = x.transactions()[0]->all("HL");
  ASSERT_EQ(hls.size(), 10u);
  EXPECT_EQ(hls[1]->element(2), "1");
  EXPECT_EQ(hls[2]->element(2), "2");
  EXPECT_EQ(hls[3]->element(2), "3");
  EXPECT_EQ(hls[5]->element(3), "P");
  EXPECT_EQ(hls[5]->element(2), "2");
}

TEST(X12Documents, ShipmentStatusRoundTripsCodesAndTimes) {
  const ShipmentStatus status = samples::shipment_status();
  const std::string bytes = write_interchange(samples::header(4), samples::group(4), status, 1);
  const Interchange x = parse_clean(bytes);
  const auto read = read_shipment_status(*x.transactions()[0]);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->carrier_pro, status.carrier_pro);
  EXPECT_EQ(read->equipment_number, "TRL5531");
  ASSERT_EQ(read->references.size(), 2u);  // v1: no booking number
  ASSERT_EQ(read->events.size(), status.events.size());
  for (std::size_t i = 0; i < status.events.size(); ++i) {
    const StatusEvent& e = status.events[i];
    const StatusEventRead& r = read->events[i];
    EXPECT_EQ(r.status_code, e.status_code);
    EXPECT_EQ(r.reason_code, e.reason_code);
    EXPECT_EQ(r.time_code, "LT");
    EXPECT_EQ(epoch_ns(*r.written_time, e.clock_offset_minutes), e.at);  // sample times are whole minutes
    EXPECT_EQ(r.city, e.location->city);
    EXPECT_TRUE(r.remark.empty());  // K1 is v2 only
  }
}

TEST(X12Documents, InventoryAdviceRoundTrips) {
  const InventoryAdvice advice = samples::inventory_advice();
  const std::string bytes = write_interchange(samples::header(5), samples::group(5), advice, 1);
  const Interchange x = parse_clean(bytes);
  EXPECT_EQ(x.groups()[0].functional_id(), "IB");
  const auto read = read_inventory_advice(*x.transactions()[0]);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->report_id, advice.report_id);
  EXPECT_EQ(read->report_type, "DD");
  EXPECT_EQ(read->location_id, "0014");
  EXPECT_EQ(read->item_count, 2);
  ASSERT_EQ(read->items.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read->items[i].ids.upc, advice.items[i].upc);
    EXPECT_EQ(read->items[i].on_hand, advice.items[i].on_hand);
    EXPECT_EQ(read->items[i].available, advice.items[i].available);
    EXPECT_EQ(read->items[i].unit, advice.items[i].unit);
  }
}

TEST(X12Documents, MultiGroupMultiTransactionInterchange) {
  std::string bytes;
  InterchangeBuilder b(bytes, samples::header(900));
  GroupHeader g = samples::group(31);
  g.set = TransactionSet::kShipmentStatus214;
  b.begin_group(g);
  for (std::uint32_t st = 1; st <= 3; ++st) {
    ShipmentStatus s = samples::shipment_status();
    s.carrier_pro = "PRO" + std::to_string(st);
    write(b, s, st);
  }
  b.end_group();
  g = samples::group(32);
  g.set = TransactionSet::kPurchaseOrder850;
  b.begin_group(g);
  write(b, samples::purchase_order(), 1);
  b.end_group();
  g = samples::group(33);
  g.set = TransactionSet::kShipNotice856;
  b.begin_group(g);
  write(b, samples::ship_notice(), 7, {.omit = {}, .st02_digits = 9});
  b.end_group();
  b.finish();
  EXPECT_NE(bytes.find("ST*856*000000007~"), std::string::npos);
  EXPECT_NE(bytes.find("GE*3*31~"), std::string::npos);
  EXPECT_NE(bytes.find("IEA*3*000000900~"), std::string::npos);

  const Interchange x = parse_clean(bytes);
  ASSERT_EQ(x.groups().size(), 3u);
  EXPECT_EQ(x.groups()[0].transactions.size(), 3u);
  const auto all = x.transactions();
  ASSERT_EQ(all.size(), 5u);
  for (std::uint32_t st = 0; st < 3; ++st)
    EXPECT_EQ(read_shipment_status(*all[st])->carrier_pro, "PRO" + std::to_string(st + 1));
  EXPECT_EQ(read_purchase_order(*all[3])->lines.size(), 2u);
  EXPECT_EQ(read_ship_notice(*all[4])->lines.size(), 4u);
}

// ---------------------------------------------------------------------------------------------------------------
// Noise.

TEST(X12Noise, TimeBasisLabelAndClockAreIndependent) {
  const EpochNs t = at_utc(2025, 3, 21, 13, 40);  // 08:40 CDT
  ShipmentStatus s = samples::shipment_status_reference();
  s.events.assign(3, s.events[0]);
  s.events[0].time_code = TimeCode::kLocal;  // honest local
  s.events[0].clock_offset_minutes = samples::kCentralDaylight;
  s.events[1].time_code = TimeCode::kUniversal;  // honest UTC
  s.events[1].clock_offset_minutes = 0;
  s.events[2].time_code = TimeCode::kLocal;  // wrong basis: UTC clock labelled local
  s.events[2].clock_offset_minutes = 0;
  for (StatusEvent& e : s.events) e.at = t;
  const std::string bytes = write_interchange(samples::header(6), samples::group(6), s, 1);
  EXPECT_NE(bytes.find("AT7*X1*NS***20250321*0840*LT~"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("AT7*X1*NS***20250321*1340*UT~"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("AT7*X1*NS***20250321*1340*LT~"), std::string::npos) << bytes;
  const Interchange x = parse_clean(bytes);
  const auto read = read_shipment_status(*x.transactions()[0]);
  ASSERT_EQ(read->events.size(), 3u);
  // A reader trusting the labels: the wrong-basis event lands 5 hours late.
  EXPECT_EQ(epoch_ns(*read->events[0].written_time, samples::kCentralDaylight), t);
  EXPECT_EQ(epoch_ns(*read->events[1].written_time, 0), t);
  EXPECT_EQ(epoch_ns(*read->events[2].written_time, samples::kCentralDaylight) - t, 5LL * 3600 * 1'000'000'000);
}

TEST(X12Noise, UnknownTimeAndRepeatedTimes) {
  ShipmentStatus s = samples::shipment_status();
  s.events[1].time_unknown = true;
  s.events[3].at = s.events[2].at;  // two statuses with the same time
  const std::string bytes = write_interchange(samples::header(7), samples::group(7), s, 1);
  const Interchange x = parse_clean(bytes);
  const auto read = read_shipment_status(*x.transactions()[0]);
  ASSERT_EQ(read->events.size(), 4u);
  EXPECT_EQ(read->events[1].time, "0000");
  EXPECT_EQ(read->events[1].date, format_ccyymmdd(s.events[1].at, samples::kCentralDaylight));
  EXPECT_EQ(read->events[2].written_time, read->events[3].written_time);
  EXPECT_NE(read->events[2].status_code, read->events[3].status_code);
}

TEST(X12Noise, EmptyElementsShowInTheCheckNotInTheEnvelope) {
  ShipmentStatus s = samples::shipment_status();
  s.references = {{"BM", ""}};  // the real `L11**BM`
  const std::string bytes = write_interchange(samples::header(8), samples::group(8), s, 1);
  EXPECT_NE(bytes.find("~L11**BM~"), std::string::npos) << bytes;
  const Interchange x = parse(bytes);
  EXPECT_TRUE(has_no_problems(x));
  const auto problems = check_transaction(*x.transactions()[0]);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kEmptyElement);
  EXPECT_EQ(problems[0].where, "L1101");
  const auto read = read_shipment_status(*x.transactions()[0]);
  ASSERT_EQ(read->references.size(), 1u);
  EXPECT_EQ(read->references[0].first, "BM");
  EXPECT_TRUE(read->references[0].second.empty());
}

TEST(X12Noise, GroupControlNumberPaddingStillValidates) {
  GroupHeader g = samples::group(7);
  g.gs06_digits = 5;
  g.ge02_digits = 3;
  const std::string bytes = write_interchange(samples::header(10), g, samples::shipment_status(), 1);
  EXPECT_NE(bytes.find("*00007*X*004010~"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("~GE*1*007~"), std::string::npos) << bytes;
  EXPECT_TRUE(has_no_problems(parse(bytes)));
}

TEST(X12Noise, OmittedSegmentsAndElementsByName) {
  const WriteOptions optional_gone{.omit = {"MS2", "AT707", "AT8", "CTT"}, .st02_digits = 4};
  const std::string bytes =
      write_interchange(samples::header(11), samples::group(11), samples::shipment_status(), 1, optional_gone);
  EXPECT_EQ(bytes.find("MS2*"), std::string::npos);
  EXPECT_EQ(bytes.find("AT8*"), std::string::npos);
  EXPECT_NE(bytes.find("AT7*X3*NS***20250320*1510~"), std::string::npos) << bytes;  // AT707 dropped
  const Interchange x = parse_clean(bytes);  // SE01 counts what was written; the spec allows all of these
  const auto read = read_shipment_status(*x.transactions()[0]);
  ASSERT_EQ(read->events.size(), 4u);
  EXPECT_TRUE(read->events[0].time_code.empty());
  EXPECT_FALSE(read->weight);

  // Required ones can be omitted too (the rarer noise); the check names them.
  const WriteOptions required_gone{.omit = {"BSN", "SN102"}, .st02_digits = 4};
  const std::string without_required =
      write_interchange(samples::header(12), samples::group(12), samples::ship_notice_reference(), 1, required_gone);
  const Interchange y = parse(without_required);
  EXPECT_TRUE(has_no_problems(y));
  const auto problems = check_transaction(*y.transactions()[0]);
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kMissingSegment);
  EXPECT_EQ(problems[0].where, "BSN");
  EXPECT_EQ(problems[1].kind, ProblemKind::kEmptyElement);
  EXPECT_EQ(problems[1].where, "SN102");
  EXPECT_FALSE(read_ship_notice(*y.transactions()[0])->lines[0].quantity);
}

TEST(X12Noise, ResentInterchangeIsTheSameBytes) {
  const auto once = write_interchange(samples::header(13), samples::group(13), samples::ship_notice(), 1);
  const auto again = write_interchange(samples::header(13), samples::group(13), samples::ship_notice(), 1);
  EXPECT_EQ(once, again);
}

// ---------------------------------------------------------------------------------------------------------------
// v2 schema drift.

TEST(X12Drift, V2ShipmentStatusAddsRemarksAndBookingReference) {
  const ShipmentStatus s = samples::shipment_status();
  const std::string bytes = write_interchange(samples::header(14, SchemaVersion::kV2), samples::group(14), s, 1);
  EXPECT_NE(bytes.find("*^*00501*000000014*"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("*X*005010~"), std::string::npos);
  EXPECT_NE(bytes.find("L11*BK20250320*BN~"), std::string::npos);
  EXPECT_NE(bytes.find("MS2*ABCD*TRL5531~K1*ICE ON I-30~AT8*"), std::string::npos) << bytes;
  const Interchange x = parse_clean(bytes, SchemaVersion::kV2);
  EXPECT_EQ(x.separators().repetition, '^');
  const auto read = read_shipment_status(*x.transactions()[0]);
  EXPECT_EQ(read->events[2].remark, "ICE ON I-30");
  EXPECT_EQ(read->references.back().first, "BN");
  // A v1 consumer's spec does not know K1.
  const auto v1_view = check_transaction(*x.transactions()[0], SchemaVersion::kV1);
  EXPECT_TRUE(v1_view.empty());  // unknown segments are not errors: drift must not break readers
  EXPECT_EQ(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV1, "K1"), nullptr);
  EXPECT_NE(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV2, "K1"), nullptr);
}

TEST(X12Drift, V2ShipNoticeUsesTheNewTransportCode) {
  const std::string bytes = write_interchange(samples::header(15, SchemaVersion::kV2), samples::group(15),
                                              samples::ship_notice_reference(), 1);
  EXPECT_NE(bytes.find("TD5**2*ABCD*J********CG~"), std::string::npos) << bytes;
  const Interchange x = parse_clean(bytes, SchemaVersion::kV2);
  const auto read = read_ship_notice(*x.transactions()[0]);
  EXPECT_EQ(read->transport_method, "J");
  EXPECT_EQ(read->service_level, "CG");
  EXPECT_EQ(read->lines.size(), 1u);
}

// ---------------------------------------------------------------------------------------------------------------
// Specs.

TEST(X12Specs, EverySpecIsFramedByStAndSeAndCoversWhatIsWritten) {
  for (SchemaVersion version : {SchemaVersion::kV1, SchemaVersion::kV2}) {
    for (TransactionSet set : kAllTransactionSets) {
      const auto spec = segments(set, version);
      ASSERT_GE(spec.size(), 3u);
      EXPECT_EQ(spec.front().tag, "ST");
      EXPECT_EQ(spec.back().tag, "SE");
      EXPECT_TRUE(spec.front().is_mandatory());
      EXPECT_TRUE(spec.back().is_mandatory());
    }
    // Every segment any writer emits is in its spec.
    for (const auto& [title, bytes] : samples::documented_samples()) {
      const Interchange x = parse(bytes);
      for (const TransactionView* t : x.transactions()) {
        const auto set = transaction_set_from_id(t->id());
        ASSERT_TRUE(set);
        const SchemaVersion written = x.header()->element(12) == "00501" ? SchemaVersion::kV2 : SchemaVersion::kV1;
        for (const Segment& s : t->segments)
          EXPECT_NE(find_segment_spec(*set, written, s.tag()), nullptr) << title << ": " << s.tag();
      }
    }
  }
  EXPECT_TRUE(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV1, "B10")->is_mandatory());
  EXPECT_FALSE(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV1, "MS2")->is_mandatory());
  EXPECT_TRUE(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV1, "AT7")->element_mandatory(5));
  EXPECT_FALSE(find_segment_spec(TransactionSet::kShipmentStatus214, SchemaVersion::kV1, "AT7")->element_mandatory(7));
}

TEST(X12Specs, NumbersParseStrictly) {
  EXPECT_EQ(parse_cents("12.50"), 1250);
  EXPECT_EQ(parse_cents("12.5"), 1250);
  EXPECT_EQ(parse_cents("12"), 1200);
  EXPECT_EQ(parse_cents(".05"), 5);
  EXPECT_EQ(parse_cents("-3.10"), -310);
  EXPECT_FALSE(parse_cents("12.505"));
  EXPECT_FALSE(parse_cents("12."));
  EXPECT_FALSE(parse_cents("1x"));
  EXPECT_FALSE(parse_cents(""));
  EXPECT_FALSE(parse_cents("-"));
  EXPECT_FALSE(parse_cents("."));
  EXPECT_EQ(parse_integer("-24"), -24);
  EXPECT_FALSE(parse_integer("24.0"));
  EXPECT_FALSE(parse_integer("1234567890123456789"));  // 19 digits
  EXPECT_EQ(parse_number("000000777"), 777u);
}

// docs/x12.md shows each sample exactly as the writer produces it.
TEST(X12Docs, SamplesInTheDocAreWhatTheWriterProduces) {
  std::ifstream in(CHAINTWIN_SOURCE_DIR "/docs/x12.md");
  ASSERT_TRUE(in) << "docs/x12.md not found";
  std::stringstream doc;
  doc << in.rdbuf();
  for (const auto& [title, bytes] : samples::documented_samples()) {
    EXPECT_NE(doc.str().find(samples::one_segment_per_line(bytes)), std::string::npos)
        << title << " is stale in docs/x12.md; regenerate with x12_print_samples";
    parse_clean(bytes, bytes.find("*00501*") != std::string::npos ? SchemaVersion::kV2 : SchemaVersion::kV1);
  }
}

}  // namespace
}  // namespace chaintwin::formats::x12
