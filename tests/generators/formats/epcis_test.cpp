#include "generators/formats/epcis.hpp"

#include <gtest/gtest.h>

#include "generators/formats/sha256.hpp"
#include "tests/generators/formats/epcis_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

using testing::get_double;
using testing::get_string;

TEST(Epcis, ObjectEventFieldsHaveTheRightTypesAndValues) {
  std::string json;
  write_epcis_event(json, testing::full_object_event());
  auto doc = testing::parse(json);
  ASSERT_TRUE(doc->ok);
  const auto& root = doc->root;
  EXPECT_EQ(get_string(root, "@context/0"), kEpcisContextUrl);
  EXPECT_EQ(get_string(root, "type"), "ObjectEvent");
  EXPECT_EQ(get_string(root, "eventTime"), "2025-03-21T15:30:12.000+01:00");
  EXPECT_EQ(get_string(root, "eventTimeZoneOffset"), "+01:00");
  EXPECT_EQ(get_string(root, "recordTime"), "2025-03-21T14:30:14.000Z");
  EXPECT_EQ(get_string(root, "action"), "OBSERVE");
  EXPECT_EQ(get_string(root, "bizStep"), "receiving");
  EXPECT_EQ(get_string(root, "disposition"), "in_progress");
  EXPECT_EQ(get_string(root, "readPoint/id"), "urn:epc:id:sgln:4012345.00011.DOCK03");
  EXPECT_EQ(get_string(root, "bizLocation/id"), "urn:epc:id:sgln:4012345.00011.0");
  EXPECT_EQ(get_string(root, "epcList/0"), "urn:epc:id:sscc:4012345.0000001234");
  EXPECT_EQ(get_double(root, "quantityList/0/quantity"), 24.0);
  EXPECT_FALSE(testing::has(root, "quantityList/0/uom"));
  EXPECT_EQ(get_double(root, "quantityList/1/quantity"), 200.5);
  EXPECT_EQ(get_string(root, "quantityList/1/uom"), "KGM");
  EXPECT_EQ(get_string(root, "bizTransactionList/0/type"), "desadv");
  EXPECT_EQ(get_string(root, "sourceList/0/type"), "owning_party");
  EXPECT_EQ(get_string(root, "destinationList/0/destination"), "urn:epc:id:sgln:4012345.00014.0");
  EXPECT_EQ(get_string(root, "sensorElementList/0/sensorMetadata/startTime"), "2025-03-20T08:00:00.000Z");
  EXPECT_EQ(get_string(root, "sensorElementList/0/sensorMetadata/deviceID"), "urn:epc:id:giai:4012345.TL0042");
  EXPECT_EQ(get_double(root, "sensorElementList/0/sensorReport/0/maxValue"), 8.6);
  EXPECT_EQ(get_string(root, "sensorElementList/0/sensorReport/0/exception"), "ALARM_CONDITION");
  EXPECT_EQ(get_double(root, "sensorElementList/0/sensorReport/1/value"), 61.0);
  EXPECT_FALSE(testing::has(root, "sensorElementList/0/sensorReport/1/minValue"));
  // eventID: the hash of the canonical form.
  std::string canonical;
  append_epcis_canonical(canonical, testing::full_object_event());
  std::string expected_id = "ni:///sha-256;";
  append_hex(expected_id, sha256(canonical));
  expected_id += "?ver=CBV2.0";
  EXPECT_EQ(get_string(root, "eventID"), expected_id);
  EXPECT_EQ(canonical.find("eventID"), std::string::npos);
  EXPECT_NE(canonical.find("\"eventTime\":\"2025-03-21T14:30:12.000Z\""), std::string::npos) << canonical;
}

TEST(Epcis, FieldContractOfEveryEventType) {
  const std::pair<EpcisEventType, EpcisEvent> cases[] = {
      {EpcisEventType::kObject, testing::full_object_event()},
      {EpcisEventType::kAggregation, testing::full_aggregation_event()},
      {EpcisEventType::kTransformation, testing::full_transformation_event()},
  };
  for (const auto& [type, event] : cases) {
    SCOPED_TRACE(to_string(type));
    testing::check_field_contract(fields(type), [&event](std::string& out, const WriteOptions& options) {
      write_epcis_event(out, event, options);
    });
  }
}

TEST(Epcis, EventIdDependsOnContentNotOnNoiseOptions) {
  EpcisEvent a = testing::full_object_event();
  std::string id_a, id_b, id_c;
  append_epcis_event_id(id_a, a);
  std::string json_v2;
  const std::string_view omit[] = {"bizStep"};
  write_epcis_event(json_v2, a, WriteOptions{SchemaVersion::kV2, omit});
  auto doc = testing::parse(json_v2);
  EXPECT_EQ(get_string(doc->root, "eventID"), id_a);
  EpcisEvent b = a;
  b.event_time_ns += kNanosPerMilli;
  append_epcis_event_id(id_b, b);
  EXPECT_NE(id_a, id_b);
  // The offset is content too: the same instant read at another site's offset is another event.
  EpcisEvent c = a;
  c.time_zone_offset_minutes = 0;
  append_epcis_event_id(id_c, c);
  EXPECT_NE(id_a, id_c) << "offset is part of the content (eventTimeZoneOffset)";
  EXPECT_EQ(id_a.size(), std::string("ni:///sha-256;?ver=CBV2.0").size() + 64);
}

TEST(Epcis, CallerEventIdIsWrittenAsIs) {
  EpcisEvent e = testing::full_object_event();
  e.event_id = "ni:///sha-256;00?ver=CBV2.0";
  std::string json;
  write_epcis_event(json, e);
  EXPECT_EQ(get_string(testing::parse(json)->root, "eventID"), "ni:///sha-256;00?ver=CBV2.0");
}

TEST(Epcis, V2WritesWebVocabularyUris) {
  std::string json;
  write_epcis_event(json, testing::full_object_event(), WriteOptions{SchemaVersion::kV2});
  auto doc = testing::parse(json);
  EXPECT_EQ(get_string(doc->root, "bizStep"), "https://ref.gs1.org/cbv/BizStep-receiving");
  EXPECT_EQ(get_string(doc->root, "disposition"), "https://ref.gs1.org/cbv/Disp-in_progress");
  EXPECT_EQ(get_string(doc->root, "bizTransactionList/0/type"), "https://ref.gs1.org/cbv/BTT-desadv");
  EXPECT_EQ(get_string(doc->root, "sourceList/0/type"), "https://ref.gs1.org/cbv/SDT-owning_party");
}

TEST(Epcis, TransformationEventHasNoAction) {
  std::string json;
  write_epcis_event(json, testing::full_transformation_event());
  auto doc = testing::parse(json);
  EXPECT_FALSE(testing::has(doc->root, "action"));
  EXPECT_EQ(get_string(doc->root, "outputEPCList/0"), "urn:epc:id:sgtin:4012345.077889.1001");
}

TEST(Epcis, DocumentWrapsEventsWithoutTheirOwnContext) {
  const EpcisEvent events[] = {testing::full_object_event(), testing::full_aggregation_event()};
  std::string json;
  write_epcis_document(json, events, unix_ns_from_civil(2025, 3, 21, 14, 31, 5));
  auto doc = testing::parse(json);
  ASSERT_TRUE(doc->ok);
  EXPECT_EQ(get_string(doc->root, "type"), "EPCISDocument");
  EXPECT_EQ(get_string(doc->root, "schemaVersion"), "2.0");
  EXPECT_EQ(get_string(doc->root, "creationDate"), "2025-03-21T14:31:05Z");
  EXPECT_EQ(get_string(doc->root, "epcisBody/eventList/1/type"), "AggregationEvent");
  EXPECT_EQ(get_string(doc->root, "epcisBody/eventList/1/parentID"), "urn:epc:id:sscc:4012345.0000001234");
  EXPECT_FALSE(testing::has(doc->root, "epcisBody/eventList/0/@context"));
}

TEST(Epcis, ObjectEventWithoutInstancesWritesAnEmptyEpcList) {
  EpcisEvent e = testing::full_object_event();
  e.epc_list = {};
  e.quantity_list = {};
  std::string json;
  write_epcis_event(json, e);
  simdjson::dom::array list;
  ASSERT_FALSE(testing::parse(json)->root.at_pointer("/epcList").get(list));
}

TEST(EpcisIdentifiers, TagDataStandardUrns) {
  std::string out;
  append_sgln(out, "4012345", "00011", "DOCK03");
  out += ' ';
  append_sgln(out, "4012345", "00011");
  out += ' ';
  append_sscc(out, "4012345", 1234);
  out += ' ';
  append_sscc(out, "0614141", 123456789, 1);
  out += ' ';
  append_sgtin(out, "0614141", "107346", "2017");
  out += ' ';
  append_lgtin(out, "4012345", "012345", "998877");
  out += ' ';
  append_giai(out, "4012345", "TL0042");
  out += ' ';
  append_biz_transaction_urn(out, "4012345000009", "ASN0088412");
  EXPECT_EQ(out,
            "urn:epc:id:sgln:4012345.00011.DOCK03 urn:epc:id:sgln:4012345.00011.0 "
            "urn:epc:id:sscc:4012345.0000001234 urn:epc:id:sscc:0614141.1123456789 "
            "urn:epc:id:sgtin:0614141.107346.2017 urn:epc:class:lgtin:4012345.012345.998877 "
            "urn:epc:id:giai:4012345.TL0042 urn:epcglobal:cbv:bt:4012345000009:ASN0088412");
}

}  // namespace
}  // namespace chaintwin::formats
