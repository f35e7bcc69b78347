// EPCIS: SGLN read points and LGTIN lots resolve, local event times become UTC, v2's Web Vocabulary URIs decode as
// bare words, a re-read shares its original's content key, cold-room loggers report their room.
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/decode/decoder.hpp"
#include "test_master.hpp"

namespace chaintwin::pipeline {
namespace {

using namespace testing;

constexpr std::int64_t kMarch21 = 1'742'515'200'000'000'000;  // 2025-03-21T00:00:00Z

std::string document(std::string_view event) {
  return std::string(
             R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-03-21T00:00:00Z","epcisBody":{"eventList":[)") +
         std::string(event) + "]}}";
}

const std::string kStoring = document(
    R"({"type":"ObjectEvent","eventID":"ni:///sha-256;aa?ver=CBV2.0","eventTime":"2025-03-20T19:00:00.000-05:00","eventTimeZoneOffset":"-05:00","quantityList":[{"epcClass":"urn:epc:class:lgtin:0614141.000102.LOT42","quantity":24},{"epcClass":"urn:epc:class:lgtin:0614141.000103.0","quantity":6}],"action":"OBSERVE","bizStep":"storing","disposition":"sellable_accessible","readPoint":{"id":"urn:epc:id:sgln:0614141.00003.DOCK"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.00003.0"},"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:0614141000005:PO36"},{"type":"desadv","bizTransaction":"urn:epcglobal:cbv:bt:0614141000005:SH12"}]})");

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

class EpcisDecoder : public ::testing::Test {
 protected:
  MasterData master = test_master();
  Decoder decoder{master};
  DecodedMessage decode(const std::string& payload, std::string key = "DC-003/rfid") {
    return decoder.decode(InputSource::kEpcis, record(payload, std::move(key)));
  }
};

TEST_F(EpcisDecoder, StoringPutsEachLotAwayAtTheSiteInUtc) {
  const DecodedMessage m = decode(kStoring);
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 3u);
  EXPECT_EQ(m.events[0].signal, Signal::kStockDelta);
  EXPECT_EQ(m.events[0].location, kDc);
  EXPECT_EQ(m.events[0].sku, kSku102);
  EXPECT_EQ(m.events[0].quantity, 24);
  EXPECT_EQ(m.events[0].event_time_ns, kMarch21);  // 19:00 at -05:00
  EXPECT_EQ(m.events[1].sku, kSku103);
  EXPECT_EQ(m.events[2].signal, Signal::kShipmentStatus);
  EXPECT_EQ(m.events[2].entity, 12u);
  EXPECT_EQ(m.events[2].status, static_cast<std::uint8_t>(ShipmentStatus::kReceived));
}

TEST_F(EpcisDecoder, PickingTakesStockOut) {
  const DecodedMessage m = decode(replaced(replaced(kStoring, "storing", "picking"), "sellable_accessible", "in_progress"));
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].quantity, -24);
  EXPECT_EQ(m.events[1].quantity, -6);
}

TEST_F(EpcisDecoder, WebVocabularyUrisDecodeAsBareWords) {
  std::string v2 = replaced(kStoring, "\"storing\"", "\"https://ref.gs1.org/cbv/BizStep-storing\"");
  v2 = replaced(v2, "\"sellable_accessible\"", "\"https://ref.gs1.org/cbv/Disp-sellable_accessible\"");
  v2 = replaced(v2, "\"desadv\"", "\"https://ref.gs1.org/cbv/BTT-desadv\"");
  const DecodedMessage a = decode(kStoring);
  bus::OwnedRecord r = record(v2, "DC-003/rfid");
  r.headers.pop_back();  // no schema-version header: the payload says v2
  const DecodedMessage b = decoder.decode(InputSource::kEpcis, r);
  ASSERT_EQ(b.error, "");
  EXPECT_EQ(b.schema_version, 2);
  ASSERT_EQ(b.events.size(), a.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(b.events[i].signal, a.events[i].signal);
    EXPECT_EQ(b.events[i].quantity, a.events[i].quantity);
    EXPECT_EQ(b.events[i].entity, a.events[i].entity);
  }
}

TEST_F(EpcisDecoder, AReReadHasItsOriginalsContentKey) {
  std::string reread = replaced(kStoring, "sha-256;aa", "sha-256;bb");
  reread = replaced(reread, "19:00:00.000", "19:00:04.250");
  reread = replaced(reread, "\"creationDate\":\"2025-03-21T00:00:00Z\"", "\"creationDate\":\"2025-03-21T00:00:04Z\"");
  EXPECT_EQ(decode(reread).content_key, decode(kStoring).content_key);
  EXPECT_NE(decode(replaced(kStoring, "\"quantity\":24", "\"quantity\":25")).content_key, decode(kStoring).content_key);
  EXPECT_NE(decode(replaced(kStoring, "SH12", "SH13")).content_key, decode(kStoring).content_key);
}

TEST_F(EpcisDecoder, ColdRoomLoggersReportTheirRoom) {
  const std::string sensor = document(
      R"({"type":"ObjectEvent","eventID":"ni:///sha-256;cc?ver=CBV2.0","eventTime":"2025-03-20T19:00:00.000-05:00","eventTimeZoneOffset":"-05:00","epcList":[],"action":"OBSERVE","bizStep":"sensor_reporting","readPoint":{"id":"urn:epc:id:sgln:0614141.00003.COLD"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.00003.0"},"sensorElementList":[{"sensorMetadata":{"time":"2025-03-21T00:00:00.000Z","deviceID":"urn:epc:id:giai:0614141.LOG000031"},"sensorReport":[{"type":"Temperature","value":50.0,"uom":"FAH","exception":"ALARM_CONDITION"},{"type":"RelativeHumidity","value":87.2,"uom":"P1"}]}]})");
  const DecodedMessage m = decode(sensor, "DC-003/chilled-logger");
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 1u);
  EXPECT_EQ(m.events[0].signal, Signal::kTemperature);
  EXPECT_EQ(m.events[0].location, kDc);
  EXPECT_EQ(m.events[0].status, 1);  // chilled
  EXPECT_DOUBLE_EQ(m.events[0].value_a, 10.0);
  EXPECT_DOUBLE_EQ(m.events[0].value_b, 87.2);
  EXPECT_EQ(m.events[0].status_b, 1);
  EXPECT_EQ(decode(sensor, "DC-003/frozen-logger").events.at(0).status, 2);
}

TEST_F(EpcisDecoder, WhatGoesToTheDeadLetterAndWhatIsMerelyEmpty) {
  // Without its bizStep an event says nothing usable, and that is no fault.
  const DecodedMessage no_step = decode(replaced(kStoring, "\"bizStep\":\"storing\",", ""));
  EXPECT_EQ(no_step.error, "");
  EXPECT_TRUE(no_step.events.empty());
  const std::pair<std::string, std::string> cases[] = {
      {replaced(kStoring, "\"action\":\"OBSERVE\",", ""), "epcis: missing required field 'action'"},
      {replaced(kStoring, "\"eventTimeZoneOffset\":\"-05:00\",", ""),
       "epcis: missing required field 'eventTimeZoneOffset'"},
      {replaced(kStoring, "storing", "teleporting"), "epcis: unknown bizStep 'teleporting'"},
      {replaced(kStoring, "0614141.00003.DOCK", "0614141.00099.DOCK"),
       "epcis: unknown location 'urn:epc:id:sgln:0614141.00099.DOCK' in 'readPoint'"},
      {replaced(kStoring, "000102.LOT42", "000999.LOT42"),
       "epcis: unknown product 'urn:epc:class:lgtin:0614141.000999.LOT42' in 'quantityList.epcClass'"},
      {replaced(kStoring, "\"quantity\":24", "\"quantity\":2.5"),
       "epcis: quantity of 'urn:epc:class:lgtin:0614141.000102.LOT42' is not a whole number of units"},
      {replaced(kStoring, "2025-03-20T19", "2025-03-20X19"), "epcis: field 'eventTime' is not an ISO-8601 time"},
      {replaced(kStoring, "EPCISDocument", "EPCISQueryDocument"), "epcis: not an EPCISDocument (type 'EPCISQueryDocument')"},
  };
  for (const auto& [payload, reason] : cases) EXPECT_EQ(decode(payload).error, reason);
}

}  // namespace
}  // namespace chaintwin::pipeline
