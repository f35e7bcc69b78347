// The JSON sources other than EPCIS: what each kind becomes, schema v2 decoding to the same events, local times,
// and the dead-letter reasons. Also the time and duration parsers every JSON decoder uses.
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/decode/decode_support.hpp"
#include "pipeline/decode/decoder.hpp"
#include "test_master.hpp"

namespace chaintwin::pipeline {
namespace {

using namespace testing;

constexpr std::int64_t kMarch21 = 1'742'515'200'000'000'000;  // 2025-03-21T00:00:00Z
constexpr std::int64_t kHourNs = 3'600'000'000'000;

TEST(TimeParsing, Iso8601WithOffsetsZuluNoZoneAndDates) {
  using detail::parse_iso8601;
  EXPECT_EQ(parse_iso8601("2025-03-21T00:00:00Z"), kMarch21);
  EXPECT_EQ(parse_iso8601("2025-03-21T00:00:00.000Z"), kMarch21);
  EXPECT_EQ(parse_iso8601("2025-03-21T01:30:00.000+01:30"), kMarch21);
  EXPECT_EQ(parse_iso8601("2025-03-20T19:00:00.000-05:00"), kMarch21);  // the evening before, in Eastern time
  EXPECT_EQ(parse_iso8601("2025-03-21T00:00:00"), kMarch21);            // no zone: UTC
  EXPECT_EQ(parse_iso8601("2025-03-21"), kMarch21);
  EXPECT_EQ(parse_iso8601("2025-03-21T00:00:00.250+00:00"), kMarch21 + 250'000'000);
  EXPECT_EQ(parse_iso8601("2024-02-29T12:00:00Z"), 1'709'208'000'000'000'000);
  for (const char* bad : {"", "2025-03-21T", "2025-02-30", "2025-13-01", "2025-03-21T24:00:00Z", "2025-03-21 00:00:00",
                          "2025-03-21T00:00:00+0100", "2025-03-21T00:00:00.Z", "2025-03-21T00:00:00Zjunk", "garbage", "0025-03-21", "9999-12-31T00:00:00Z"})
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
}

TEST(TimeParsing, Durations) {
  EXPECT_EQ(detail::parse_duration_hours("P12D"), 288.0);
  EXPECT_EQ(detail::parse_duration_hours("PT36H30M"), 36.5);
  EXPECT_EQ(detail::parse_duration_hours("P1DT2H"), 26.0);
  for (const char* bad : {"", "P", "PT", "12D", "P12", "PT5D", "P1H"}) EXPECT_FALSE(detail::parse_duration_hours(bad)) << bad;
}

TEST(TimeParsing, EntitiesAreTheNumbersOfIds) {
  EXPECT_EQ(detail::entity_of("SH12"), 12u);
  EXPECT_EQ(detail::entity_of("PO48"), 48u);
  EXPECT_EQ(detail::entity_of("F7"), 7u);
  EXPECT_EQ(detail::entity_of("RO-0004412"), detail::hash_bytes("RO-0004412"));  // not letters then digits
}

class JsonDecoders : public ::testing::Test {
 protected:
  MasterData master = test_master();
  Decoder decoder{master};
  DecodedMessage decode(InputSource source, std::string payload, std::string key = {}, std::string version = "1") {
    return decoder.decode(source, record(std::move(payload), std::move(key), std::move(version)));
  }
};

constexpr const char* kReceipt =
    R"({"transactionId":"T77","storeId":"STORE-00014","registerId":"R2","channel":"STORE","businessDate":"2025-03-20","transactionTime":"2025-03-20T18:00:00.000-06:00","currency":"USD","lines":[{"lineNumber":1,"sku":"SKU-000102","gtin":"00614140001027","quantity":2,"unitPrice":3.34,"discountAmount":0.00}],"totalAmount":6.68,"tenderType":"CARD"})";

TEST_F(JsonDecoders, AWalkInReceiptIsASaleAndDemandInUtc) {
  const DecodedMessage m = decode(InputSource::kPos, kReceipt);
  ASSERT_EQ(m.error, "");
  EXPECT_EQ(m.message_id, 42u);
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].signal, Signal::kStockDelta);
  EXPECT_EQ(m.events[0].location, kStore);
  EXPECT_EQ(m.events[0].sku, kSku102);
  EXPECT_EQ(m.events[0].quantity, -2);
  EXPECT_EQ(m.events[0].event_time_ns, kMarch21);  // 18:00 at -06:00
  EXPECT_EQ(m.events[1].signal, Signal::kDemand);
  EXPECT_EQ(m.events[1].quantity, 2);
  EXPECT_EQ(m.events[1].entity, detail::hash_bytes("T77"));
}

TEST_F(JsonDecoders, ACollectedWebOrderMovesStockButIsNoNewDemand) {
  std::string receipt = kReceipt;
  receipt.replace(receipt.find("\"T77\""), 5, "\"W9\"");
  receipt.replace(receipt.find("\"R2\""), 4, "\"COLLECT\"");
  const DecodedMessage m = decode(InputSource::kPos, receipt);
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 1u);
  EXPECT_EQ(m.events[0].signal, Signal::kStockDelta);
  const DecodedMessage web = decode(
      InputSource::kPos,
      R"({"orderId":"W9","channel":"WEB","customerId":"C0","placedAt":"2025-03-21T00:00:00.000Z","currency":"USD","fulfillmentMethod":"CLICK_AND_COLLECT","fulfillmentLocationId":"STORE-00014","lines":[{"lineNumber":1,"sku":"SKU-000102","quantity":3,"unitPrice":3.34}],"totalAmount":10.02})");
  ASSERT_EQ(web.error, "");
  ASSERT_EQ(web.events.size(), 1u);
  EXPECT_EQ(web.events[0].signal, Signal::kDemand);
  EXPECT_EQ(web.events[0].quantity, 3);  // units ordered
  EXPECT_EQ(web.events[0].entity, detail::hash_bytes("W9"));
}

TEST_F(JsonDecoders, SchemaV2ReceiptDecodesTheSame) {
  std::string v2 = kReceipt;
  v2.replace(v2.find("\"unitPrice\":3.34"), 16, "\"unitPriceMinor\":334");
  const DecodedMessage a = decode(InputSource::kPos, kReceipt);
  const DecodedMessage b = decode(InputSource::kPos, v2, {}, "");  // no header: the payload tells the version
  ASSERT_EQ(b.error, "");
  EXPECT_EQ(b.schema_version, 2);
  ASSERT_EQ(b.events.size(), a.events.size());
  EXPECT_EQ(b.events[0].quantity, a.events[0].quantity);
  EXPECT_NE(b.content_key, a.content_key);
}

TEST_F(JsonDecoders, DeadLetterReasons) {
  std::string no_store = kReceipt;
  no_store.erase(no_store.find("\"storeId\""), std::string("\"storeId\":\"STORE-00014\",").size());
  std::string unknown_sku = kReceipt;
  unknown_sku.replace(unknown_sku.find("SKU-000102"), 10, "SKU-999999");
  std::string no_line_sku = kReceipt;
  no_line_sku.erase(no_line_sku.find("\"sku\""), std::string("\"sku\":\"SKU-000102\",").size());
  std::string text_quantity = kReceipt;
  text_quantity.replace(text_quantity.find("\"quantity\":2"), 12, "\"quantity\":\"2\"");
  const std::pair<std::string, std::string> cases[] = {
      {no_store, "pos: missing required field 'storeId'"},
      {unknown_sku, "pos: unknown product 'SKU-999999' in 'lines.sku'"},
      {no_line_sku, "pos: missing required field 'lines.sku'"},
      {text_quantity, "pos: field 'quantity' has the wrong type"},
      {"{\"channel\":\"FAX\"}", "pos: unknown channel 'FAX'"},
      {kReceipt + std::string("}"), "pos: not valid JSON (bytes after the object)"},
      {"[]", "pos: not a JSON object"},
  };
  for (const auto& [payload, reason] : cases) {
    const DecodedMessage m = decode(InputSource::kPos, payload);
    EXPECT_EQ(m.error, reason) << payload;
    EXPECT_TRUE(m.events.empty());
  }
}

TEST_F(JsonDecoders, GpsZeroAndStaleFixesAreInvalid) {
  const std::string fix =
      R"({"deviceId":100025,"protocol":"teltonika","deviceTime":"2025-03-21T00:00:01.000+00:00","fixTime":"2025-03-21T00:00:00.000+00:00","valid":true,"latitude":29.286547,"longitude":-73.978005,"speed":10.0,"attributes":{"sat":9,"odometer":0}})";
  const DecodedMessage good = decode(InputSource::kGps, fix);
  ASSERT_EQ(good.error, "");
  ASSERT_EQ(good.events.size(), 1u);
  EXPECT_EQ(good.events[0].signal, Signal::kVehiclePosition);
  EXPECT_EQ(good.events[0].entity, 100025u);
  EXPECT_EQ(good.events[0].status, 1);
  EXPECT_EQ(good.events[0].event_time_ns, kMarch21);  // the fix's time
  EXPECT_DOUBLE_EQ(good.events[0].value_c, 18.52);    // knots to km/h
  std::string zero = fix;
  zero.replace(zero.find("29.286547"), 9, "0.000000");
  zero.replace(zero.find("-73.978005"), 10, "0.000000");
  EXPECT_EQ(decode(InputSource::kGps, zero).events.at(0).status, 0);
  std::string stale = fix;
  stale.replace(stale.find("true"), 4, "false");
  EXPECT_EQ(decode(InputSource::kGps, stale).events.at(0).status, 0);
  const DecodedMessage fence = decode(
      InputSource::kGps,
      R"({"type":"geofenceEnter","deviceId":100025,"eventTime":"2025-03-21T00:00:00.000+00:00","geofenceId":15,"positionId":9})");
  ASSERT_EQ(fence.error, "");
  EXPECT_EQ(fence.events.at(0).signal, Signal::kGeofence);
  EXPECT_EQ(fence.events.at(0).status, 1);
  EXPECT_EQ(fence.schema_version, 1);  // the header says so, whatever the payload
}

TEST_F(JsonDecoders, ErpAdjustmentV2ReasonIsStillAWriteOff) {
  const std::string v1 =
      R"({"messageId":"MSG1","eventType":"INVENTORY_ADJUSTED","eventTime":"2025-03-21T00:00:00.000Z","adjustmentId":"ADJ1","locationId":"DC-003","sku":"SKU-000102","quantityDelta":-12,"uom":"EA","reasonCode":"SPOILAGE"})";
  std::string v2 = v1;
  v2.replace(v2.find("SPOILAGE"), 8, "COLD_CHAIN_BREAK");
  for (const std::string& payload : {v1, v2}) {
    const DecodedMessage m = decode(InputSource::kErp, payload);
    ASSERT_EQ(m.error, "");
    ASSERT_EQ(m.events.size(), 1u);
    EXPECT_EQ(m.events[0].signal, Signal::kStockDelta);
    EXPECT_EQ(m.events[0].location, kDc);
    EXPECT_EQ(m.events[0].quantity, -12);
  }
  std::string unknown = v1;
  unknown.replace(unknown.find("SPOILAGE"), 8, "THEFT");
  EXPECT_EQ(decode(InputSource::kErp, unknown).error, "erp: erp_adjustment: unknown reasonCode 'THEFT'");
}

TEST_F(JsonDecoders, ErpOrderGivesItsStatusAndLines) {
  const DecodedMessage m = decode(
      InputSource::kErp,
      R"({"messageId":"MSG1246","eventType":"ORDER_SHIPPED","eventTime":"2025-03-21T00:00:00.000Z","orderId":"RO1","orderType":"STORE_REPLENISHMENT","status":"SHIPPED","shipFromLocationId":"DC-003","shipToLocationId":"STORE-00014","requestedDeliveryDate":"2025-03-22","shipmentId":"SH4","lines":[{"lineNumber":1,"sku":"SKU-000102","quantity":2,"uom":"EA"}]})");
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 2u);
  EXPECT_EQ(m.events[0].signal, Signal::kOrderStatus);
  EXPECT_EQ(m.events[0].entity, 1u);
  EXPECT_EQ(m.events[0].status, static_cast<std::uint8_t>(OrderStatus::kShipped));
  EXPECT_EQ(m.events[0].location, kStore);
  EXPECT_EQ(m.events[0].other_location, kDc);
  EXPECT_EQ(m.events[0].time_b_ns, kMarch21 + 24 * kHourNs);
  EXPECT_EQ(m.events[1].signal, Signal::kOrderLine);
  EXPECT_EQ(m.events[1].quantity, 2);
  EXPECT_EQ(m.events[1].value_a, -1.0);
}

TEST_F(JsonDecoders, SupplierLeadTimeInV2DurationsIsDays) {
  const std::string v1 =
      R"({"messageId":"M","eventType":"LEAD_TIME_CHANGED","supplierId":"SUP-0007","sku":"*","previousLeadTimeDays":5,"leadTimeDays":9,"effectiveDate":"2025-03-21","announcedAt":"2025-03-21T00:00:00.000Z","reason":"capacity"})";
  const std::string v2 =
      R"({"messageId":"M","eventType":"LEAD_TIME_CHANGED","supplierId":"SUP-0007","sku":"*","previousLeadTime":"P5D","leadTime":"P9D","effectiveDate":"2025-03-21","announcedAt":"2025-03-21T00:00:00.000Z","reason":"capacity"})";
  for (const std::string& payload : {v1, v2}) {
    const DecodedMessage m = decode(InputSource::kSupplier, payload, {}, "");
    ASSERT_EQ(m.error, "");
    ASSERT_EQ(m.events.size(), 1u);
    EXPECT_EQ(m.events[0].signal, Signal::kSupplierStatus);
    EXPECT_EQ(m.events[0].location, kSupplier);
    EXPECT_EQ(m.events[0].sku, kUnknown);  // "*": every SKU
    EXPECT_EQ(m.events[0].value_b, 9.0);
    EXPECT_TRUE(std::isnan(m.events[0].value_a));
  }
  EXPECT_EQ(decode(InputSource::kSupplier, v2, {}, "").schema_version, 2);
}

TEST_F(JsonDecoders, PortFeedsInV1AndV2) {
  const DecodedMessage congestion = decode(
      InputSource::kExternal,
      R"({"messageId":"M","eventType":"PORT_CONGESTION","portCode":"US001","measuredAt":"2025-03-21T00:00:00.000Z","vesselsAtAnchor":3,"averageWaitTime":"PT36H30M","congestionLevel":"HIGH"})");
  ASSERT_EQ(congestion.error, "");
  EXPECT_EQ(congestion.events.at(0).location, kPort);
  EXPECT_EQ(congestion.events.at(0).value_a, 3.0);
  EXPECT_EQ(congestion.events.at(0).value_b, 36.5);
  const DecodedMessage closed = decode(
      InputSource::kExternal,
      R"({"messageId":"M","eventType":"PORT_CLOSED","unlocode":"US001","portName":"PORT-01","reason":"LABOR_ACTION","effectiveFrom":"2025-03-21T00:00:00.000Z"})");
  ASSERT_EQ(closed.error, "");
  EXPECT_EQ(closed.events.at(0).signal, Signal::kPortStatus);
  EXPECT_EQ(closed.events.at(0).status, 1);
  const DecodedMessage end = decode(
      InputSource::kExternal,
      R"({"alertId":"WX1-END","event":"Winter Storm Warning Cancelled","severity":"Severe","regionId":"ALL","areaDesc":"network-wide","sent":"2025-03-21T00:00:05.000Z","onset":"2025-03-21T00:00:00.000Z"})");
  ASSERT_EQ(end.error, "");
  EXPECT_EQ(end.events.at(0).signal, Signal::kWeatherAlert);
  EXPECT_EQ(end.events.at(0).status, 0);
  EXPECT_EQ(end.events.at(0).value_a, 3.0);
  EXPECT_EQ(end.events.at(0).event_time_ns, kMarch21);
  EXPECT_EQ(decode(InputSource::kExternal, R"({"messageId":"M","eventType":"PORT_CLOSED","portCode":"XX999","effectiveFrom":"2025-03-21"})").error,
            "external: unknown location 'XX999' in 'portCode'");
}

TEST_F(JsonDecoders, EquipmentMetricsAreTheirKeysSite) {
  const std::string birth =
      R"({"timestamp":1742515200000,"metrics":[{"name":"Dock/TrucksUnloaded","alias":2,"timestamp":1742515200000,"datatype":"Int64","value":5}],"seq":0})";
  const DecodedMessage m = decode(InputSource::kEquipment, birth, "DC-003/edge", "");
  ASSERT_EQ(m.error, "");
  ASSERT_EQ(m.events.size(), 1u);
  EXPECT_EQ(m.events[0].location, kDc);
  EXPECT_EQ(m.events[0].entity, 2u);
  EXPECT_EQ(m.events[0].value_a, 5.0);
  EXPECT_EQ(m.events[0].event_time_ns, kMarch21);
  EXPECT_EQ(m.schema_version, 2);
  EXPECT_EQ(decode(InputSource::kEquipment, birth, "DC-999/edge").error,
            "equipment: key 'DC-999/edge' names no known site");
}

TEST_F(JsonDecoders, AisSentinelsAreInvalid) {
  const DecodedMessage m = decode(
      InputSource::kAis,
      R"({"MMSI":366000040,"BaseDateTime":"2025-03-21T00:00:00","LAT":91.00000,"LON":181.00000,"SOG":102.3,"VesselName":"CT VESSEL 40"})");
  ASSERT_EQ(m.error, "");
  EXPECT_EQ(m.events.at(0).status, 0);
  EXPECT_TRUE(std::isnan(m.events.at(0).value_c));
  EXPECT_EQ(m.events.at(0).event_time_ns, kMarch21);
}

}  // namespace
}  // namespace chaintwin::pipeline
