#pragma once
// A small master topic for the unit tests: a DC, a store, a supplier and a port on different clocks, two products.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pipeline/bus/sink.hpp"
#include "pipeline/decode/master_data.hpp"

namespace chaintwin::pipeline::testing {

inline constexpr std::string_view kMasterRecords[] = {
    R"({"type":"location","locationId":"DC-003","kind":"DC","sgln":"urn:epc:id:sgln:0614141.00003.0","ediCode":"0003","x12Id":"DC003","scac":"CDAA","region":"us/c1","latitude":35.1,"longitude":-75.2,"utcOffsetMinutes":-300})",
    R"({"type":"location","locationId":"STORE-00014","kind":"STORE","sgln":"urn:epc:id:sgln:0614141.00014.0","ediCode":"0014","x12Id":"STORE00014","scac":"COAA","region":"us/c2","latitude":36.0,"longitude":-90.1,"utcOffsetMinutes":-360})",
    R"({"type":"location","locationId":"SUP-0007","kind":"SUPPLIER","sgln":"urn:epc:id:sgln:0614141.00007.0","ediCode":"0007","x12Id":"SUP0007","scac":"CHAA","region":"us/c3","latitude":34.0,"longitude":-118.2,"utcOffsetMinutes":-480})",
    R"({"type":"location","locationId":"PORT-01","kind":"PORT","sgln":"urn:epc:id:sgln:0614141.00001.0","ediCode":"0001","x12Id":"PORT01","scac":"CBAA","locode":"US001","region":"us/c3","latitude":33.7,"longitude":-118.3,"utcOffsetMinutes":-480})",
    R"({"type":"product","sku":"SKU-000102","gtin":"00614140001027","upc":"614140001027","epcClass":"urn:epc:class:lgtin:0614141.000102.0","temperatureClass":"CHILLED","unitValue":3.34})",
    R"({"type":"product","sku":"SKU-000103","gtin":"00614140001034","upc":"614140001034","epcClass":"urn:epc:class:lgtin:0614141.000103.0","temperatureClass":"AMBIENT","unitValue":1.99})",
};
inline constexpr LocationIndex kDc = 0, kStore = 1, kSupplier = 2, kPort = 3;
inline constexpr SkuIndex kSku102 = 0, kSku103 = 1;

inline MasterData test_master() {
  MasterData master;
  for (std::string_view record : kMasterRecords) EXPECT_EQ(master.add(record), "");
  return master;
}

inline bus::OwnedRecord record(std::string payload, std::string key = {}, std::string version = "1") {
  bus::OwnedRecord r;
  r.key = std::move(key);
  r.payload = std::move(payload);
  r.headers = {{"message-id", "42"}, {"schema-version", std::move(version)}};
  return r;
}

}  // namespace chaintwin::pipeline::testing
