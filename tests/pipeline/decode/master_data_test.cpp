// MasterData: every identifier the messages use resolves to its location or product; bad records are rejected
// with a reason and change nothing.
#include "pipeline/decode/master_data.hpp"

#include <gtest/gtest.h>

#include "test_master.hpp"

namespace chaintwin::pipeline {
namespace {

using namespace testing;

TEST(MasterData, ResolvesEveryLocationIdentifier) {
  const MasterData master = test_master();
  ASSERT_EQ(master.locations().size(), 4u);
  EXPECT_EQ(master.location_by_name("STORE-00014"), kStore);
  EXPECT_EQ(master.location_by_sgln("urn:epc:id:sgln:0614141.00014.0"), kStore);
  EXPECT_EQ(master.location_by_sgln("urn:epc:id:sgln:0614141.00014.DOCK"), kStore);  // a read point of it
  EXPECT_EQ(master.location_by_sgln("urn:epc:id:sgln:0614141.00003.COLD"), kDc);
  EXPECT_EQ(master.location_by_edi_code("0007"), kSupplier);
  EXPECT_EQ(master.location_by_x12_id("DC003"), kDc);
  EXPECT_EQ(master.location_by_x12_id("DC003          "), kDc);  // as ISA06 pads it
  EXPECT_EQ(master.location_by_scac("CHAA"), kSupplier);
  EXPECT_EQ(master.location_by_locode("US001"), kPort);
  EXPECT_EQ(master.locations()[kStore].utc_offset_minutes, -360);
  EXPECT_EQ(master.locations()[kPort].kind, LocationKind::kPort);
}

TEST(MasterData, ResolvesEveryProductIdentifier) {
  const MasterData master = test_master();
  EXPECT_EQ(master.product_by_name("SKU-000103"), kSku103);
  EXPECT_EQ(master.product_by_gtin("00614140001027"), kSku102);
  EXPECT_EQ(master.product_by_gtin("0614140001027"), kSku102);  // EAN-13 form of the same GTIN
  EXPECT_EQ(master.product_by_upc("614140001034"), kSku103);
  EXPECT_EQ(master.product_by_epc_class("urn:epc:class:lgtin:0614141.000102.0"), kSku102);
  EXPECT_EQ(master.product_by_epc_class("urn:epc:class:lgtin:0614141.000102.LOT42"), kSku102);  // any lot
  EXPECT_EQ(master.products()[kSku102].temperature, TemperatureClass::kChilled);
}

TEST(MasterData, UnknownIdentifiersAreUnknown) {
  const MasterData master = test_master();
  EXPECT_EQ(master.location_by_name("DC-999"), kUnknown);
  EXPECT_EQ(master.location_by_sgln("urn:epc:id:sgln:0614141.00099.0"), kUnknown);
  EXPECT_EQ(master.location_by_sgln(""), kUnknown);
  EXPECT_EQ(master.location_by_edi_code(""), kUnknown);
  EXPECT_EQ(master.location_by_locode("US002"), kUnknown);
  EXPECT_EQ(master.product_by_gtin("0061414000102x"), kUnknown);
  EXPECT_EQ(master.product_by_upc("00614140001027"), kUnknown);  // a GTIN-14 is not a UPC
  EXPECT_EQ(master.product_by_epc_class("urn:epc:class:lgtin:0614141.000199.0"), kUnknown);
}

TEST(MasterData, KeepsOpeningStockAndTheStreamEnd) {
  MasterData master = test_master();
  const std::string part1 =
      R"({"type":"opening_stock","locationId":"DC-003","asOf":"2025-03-03T00:00:00.000Z","part":1,"parts":2,"lines":[{"sku":"SKU-000102","quantityOnHand":40},{"sku":"SKU-000103","quantityOnHand":7}]})";
  const std::string part2 =
      R"({"type":"opening_stock","locationId":"DC-003","asOf":"2025-03-03T00:00:00.000Z","part":2,"parts":2,"lines":[]})";
  EXPECT_EQ(master.add(part1), "");
  EXPECT_EQ(master.add(part2), "");
  EXPECT_EQ(master.add(part1), "");  // read again: already counted
  ASSERT_EQ(master.opening_stock().size(), 2u);
  EXPECT_EQ(master.opening_stock()[0].location, kDc);
  EXPECT_EQ(master.opening_stock()[0].sku, kSku102);
  EXPECT_EQ(master.opening_stock()[0].quantity, 40);
  EXPECT_EQ(master.opening_as_of_ns(), 1'740'960'000'000'000'000);
  EXPECT_FALSE(master.stream_end_ns());
  EXPECT_EQ(master.add(R"({"type":"stream_end","at":"2025-03-17T00:00:00.000Z","messages":1234})"), "");
  EXPECT_EQ(master.stream_end_ns(), 1'742'169'600'000'000'000);
  EXPECT_EQ(master.stream_messages(), 1234u);
}

TEST(MasterData, ARecordReadAgainUpdatesInPlace) {
  MasterData master = test_master();
  EXPECT_EQ(master.add(kMasterRecords[1]), "");
  EXPECT_EQ(master.add(kMasterRecords[4]), "");
  EXPECT_EQ(master.locations().size(), 4u);
  EXPECT_EQ(master.products().size(), 2u);
  EXPECT_EQ(master.location_by_name("STORE-00014"), kStore);
}

TEST(MasterData, BadRecordsGiveAReasonAndChangeNothing) {
  MasterData master = test_master();
  const std::pair<std::string_view, std::string_view> bad[] = {
      {"{not json", "master: not valid JSON"},
      {"not json", "master: not a JSON object"},
      {R"([1,2])", "master: not a JSON object"},
      {R"({"locationId":"X"})", "master: missing required field 'type'"},
      {R"({"type":"location","kind":"DC"})", "master: location: missing required field 'locationId'"},
      {R"({"type":"location","locationId":"X","kind":"MOON"})", "master: location 'X': unknown kind 'MOON'"},
      {R"({"type":"location","locationId":"X","kind":"DC","sgln":"urn:epc:id:sgln:0614141.00003.0"})",
       "master: location 'X': identifier 'urn:epc:id:sgln:0614141.00003' already names 'DC-003'"},
      {R"({"type":"location","locationId":7,"kind":"DC"})", "master: field 'locationId' has the wrong type"},
      {R"({"type":"product","sku":"S","gtin":"12ab"})", "master: product 'S': gtin '12ab' is not a GTIN"},
      {R"({"type":"opening_stock","locationId":"DC-003","lines":[{"sku":"NOPE","quantityOnHand":1}]})",
       "master: opening_stock: unknown product 'NOPE'"},
      {R"({"type":"opening_stock","locationId":"DC-003","lines":[{"sku":"SKU-000102"}]})",
       "master: missing required field 'lines.quantityOnHand'"},
      {R"({"type":"planet"})", "master: unknown record type 'planet'"},
      {R"({"type":"location","locationId":"X","kind":"DC"} trailing)", "master: not valid JSON"},
  };
  for (const auto& [payload, reason] : bad) {
    const std::string got = master.add(payload);
    EXPECT_EQ(got.substr(0, reason.size()), reason) << payload;
  }
  EXPECT_EQ(master.locations().size(), 4u);
  EXPECT_EQ(master.products().size(), 2u);
  EXPECT_TRUE(master.opening_stock().empty());
  EXPECT_EQ(master.location_by_name("X"), kUnknown);
}

}  // namespace
}  // namespace chaintwin::pipeline
