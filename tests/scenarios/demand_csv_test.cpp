// Demand history CSV: rows come back sorted and checked against the network, and every bad field is reported at
// its file:line:column with the column's name.
#include "scenarios/demand_csv.hpp"

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::scenarios {
namespace {

using network::SiteId;
using network::SkuId;

// Two stores and a DC; S1 carries A, S2 carries A and B, the DC both.
network::Network small_network() {
  network::Network n;
  const auto site = [&](const char* name, network::SiteKind kind) {
    network::Site s;
    s.name = name;
    s.kind = kind;
    return n.add_site(s);
  };
  site("DC", network::SiteKind::kDistributionCenter);
  site("S1", network::SiteKind::kStore);
  site("S2", network::SiteKind::kStore);
  for (const char* name : {"A", "B"}) {
    network::Sku k;
    k.name = name;
    k.unit_volume_m3 = 0.001;
    k.unit_weight_kg = 1.0;
    n.add_sku(k);
  }
  network::Assortment a;
  const std::vector<SkuId> both{SkuId(0), SkuId(1)};
  const std::vector<SkuId> first{SkuId(0)};
  a.append_site(both);
  a.append_site(first);
  a.append_site(both);
  n.set_assortment(std::move(a));
  return n;
}

std::vector<std::string> errors(const std::string& text) {
  const auto r = parse_demand_history(text, "d.csv", small_network());
  EXPECT_FALSE(r.ok()) << "expected errors for:\n" << text;
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics()) out.push_back(d.to_string());
  return out;
}

TEST(DemandCsv, RowsAreSortedByStoreSkuAndDay) {
  const std::string text =
      "\xEF\xBB\xBF# exported from the POS\r\n"
      "day,store,sku,units\r\n"
      "\r\n"
      "3,S2,B,5\r\n"
      "  # a comment after blank space\n"
      "0, S2 ,A,1\n"
      "1,\"S1\",A,0\n"
      "0,S2,B,7\n"
      "0,S1,\"A\",2\n";
  const auto r = parse_demand_history(text, "d.csv", small_network());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const auto& rows = r.value().rows;
  ASSERT_EQ(rows.size(), 5u);
  const auto row = [](std::uint32_t day, std::uint32_t store, std::uint32_t sku, std::uint32_t units) {
    return std::tuple(day, SiteId(store), SkuId(sku), units);
  };
  const auto as_tuple = [](const world::DemandHistory::Row& x) { return std::tuple(x.day, x.store, x.sku, x.units); };
  EXPECT_EQ(as_tuple(rows[0]), row(0, 1, 0, 2));
  EXPECT_EQ(as_tuple(rows[1]), row(1, 1, 0, 0));
  EXPECT_EQ(as_tuple(rows[2]), row(0, 2, 0, 1));
  EXPECT_EQ(as_tuple(rows[3]), row(0, 2, 1, 7));
  EXPECT_EQ(as_tuple(rows[4]), row(3, 2, 1, 5));
}

TEST(DemandCsv, ColumnsMayComeInAnyOrder) {
  const auto r = parse_demand_history("sku,units,store,day\nB,4,S2,9\n", "d.csv", small_network());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  ASSERT_EQ(r.value().rows.size(), 1u);
  EXPECT_EQ(r.value().rows[0].day, 9u);
  EXPECT_EQ(r.value().rows[0].units, 4u);
  EXPECT_EQ(r.value().rows[0].store, SiteId(2));
  EXPECT_EQ(r.value().rows[0].sku, SkuId(1));
  // A header alone is an empty history.
  const auto empty = parse_demand_history("day,store,sku,units\n", "d.csv", small_network());
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value().rows.empty());
}

TEST(DemandCsv, EveryBadFieldIsReportedWithItsColumn) {
  const auto e = errors(
      "day,store,sku,units\n"
      "1.5,S1,A,2\n"            // 2
      "0,S1,A,-3\n"             // 3
      "0,S3,A,1\n"              // 4
      "0,S1,C,1\n"              // 5
      "0,DC,A,1\n"              // 6
      "0,S1,B,1\n"              // 7
      "2,S2,A,1\n"              // 8
      "2,S2,A,4\n"              // 9
      "0,S2,A\n"                // 10
      "0,S2,A,1,9\n"            // 11
      "0,\"S2,A,1\n"            // 12
      "x,S9,Z,y\n"              // 13
      "99999999999,S2,B,1\n");  // 14
  ASSERT_EQ(e.size(), 15u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "d.csv:2:1: field 'day': expected a day number (an integer >= 0), got '1.5'");
  EXPECT_EQ(e[1], "d.csv:3:8: field 'units': must not be negative, got '-3'");
  EXPECT_EQ(e[2], "d.csv:4:3: field 'store': unknown store 'S3'; did you mean 'S1'?");
  EXPECT_EQ(e[3], "d.csv:5:6: field 'sku': unknown SKU 'C'; did you mean 'A'?");
  EXPECT_EQ(e[4], "d.csv:6:3: field 'store': site 'DC' is a dc, not a store");
  EXPECT_EQ(e[5], "d.csv:7:6: field 'sku': store 'S1' does not carry SKU 'B' (it is not in the store's assortment)");
  EXPECT_EQ(e[6], "d.csv:9:1: field 'day': duplicate row: day 2 of store 'S2' and SKU 'A' was already given at line 8");
  EXPECT_EQ(e[7], "d.csv:10:7: field 'units': missing: the row has 3 of the 4 fields (day,store,sku,units)");
  EXPECT_EQ(e[8], "d.csv:11:10: unexpected field '9': the row has 5 fields; expected 4 (day,store,sku,units)");
  EXPECT_EQ(e[9], "d.csv:12:3: field 'store': the quoted field has no closing quote");
  EXPECT_EQ(e[10], "d.csv:13:1: field 'day': expected a day number (an integer >= 0), got 'x'");
  EXPECT_EQ(e[11], "d.csv:13:3: field 'store': unknown store 'S9'; did you mean 'S1'?");
  EXPECT_EQ(e[12], "d.csv:13:6: field 'sku': unknown SKU 'Z'; did you mean 'A'?");
  EXPECT_EQ(e[13], "d.csv:13:8: field 'units': expected a whole number of units (an integer >= 0), got 'y'");
  EXPECT_EQ(e[14], "d.csv:14:1: field 'day': must be at most 4294967295, got '99999999999'");
}

TEST(DemandCsv, HeaderProblemsStopTheRead) {
  auto e = errors("day,stor,sku\n0,S1,A\n");
  ASSERT_EQ(e.size(), 3u) << testing::PrintToString(e);
  EXPECT_EQ(e[0],
            "d.csv:1:5: field 'stor': unknown column 'stor'; did you mean 'store'? (expected the header "
            "'day,store,sku,units')");
  EXPECT_EQ(e[1], "d.csv:1:1: field 'store': missing column 'store' (expected the header 'day,store,sku,units')");
  EXPECT_EQ(e[2], "d.csv:1:1: field 'units': missing column 'units' (expected the header 'day,store,sku,units')");
  e = errors("day,store,sku,units,day\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "d.csv:1:21: field 'day': column given twice; first at column 1 of this line");
  e = errors("# nothing but a comment\n\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "d.csv:1:1: the file has no header; expected 'day,store,sku,units' on its first line");
}

TEST(DemandCsv, MissingFileIsReported) {
  const auto r = load_demand_history("/nonexistent/demand.csv", small_network());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1u);
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            "/nonexistent/demand.csv: cannot open the demand CSV: No such file or directory");
  const auto dir = load_demand_history(testing::TempDir(), small_network());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.diagnostics()[0].message.find("it is a directory"), std::string::npos);
}

}  // namespace
}  // namespace chaintwin::scenarios
