// Types, the assortment's compressed rows, name lookup, and validation messages that name what is wrong.
#include "network/network.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::network {
namespace {

Site site(std::string name, SiteKind kind, LatLon location) {
  Site s;
  s.name = std::move(name);
  s.kind = kind;
  s.location = location;
  return s;
}

Sku sku(std::string name) {
  Sku k;
  k.name = std::move(name);
  k.unit_volume_m3 = 0.002;
  k.unit_weight_kg = 1.0;
  k.unit_value = 3.0;
  return k;
}

// Expects exactly one problem, containing every fragment.
void expect_one_problem(const Network& network, const std::vector<std::string>& fragments) {
  const std::vector<std::string> problems = network.validate();
  ASSERT_EQ(problems.size(), 1u) << (problems.empty() ? std::string("no problem") : problems[0]);
  for (const std::string& fragment : fragments) EXPECT_NE(problems[0].find(fragment), std::string::npos) << problems[0];
}

class SmallNetwork : public ::testing::Test {
 protected:
  void SetUp() override {
    dc_ = network_.add_site(site("DC-A", SiteKind::kDistributionCenter, {48.85, 2.35}));
    store_ = network_.add_site(site("Store-1", SiteKind::kStore, {48.90, 2.30}));
    network_.add_lane(make_lane(dc_, store_, TransportMode::kRoad, 7.0));
    network_.add_sku(sku("milk"));
    network_.add_sku(sku("bread"));
  }
  Network network_;
  SiteId dc_;
  SiteId store_;
};

TEST(Ids, AreDenseIndicesAndInvalidByDefault) {
  EXPECT_FALSE(SiteId().valid());
  EXPECT_TRUE(SiteId(0).valid());
  EXPECT_EQ(SiteId(7).index(), 7u);
  EXPECT_LT(LaneId(1), LaneId(2));
  static_assert(sizeof(SkuId) == 4);
}

TEST(Types, NamesOfEnums) {
  EXPECT_EQ(to_string(SiteKind::kDistributionCenter), "dc");
  EXPECT_EQ(to_string(TransportMode::kSea), "sea");
  EXPECT_EQ(to_string(TemperatureClass::kChilled), "chilled");
}

TEST(OpeningHours, WeekdayDaytimeSite) {
  const OpeningHours hours{7 * 60, 22 * 60, 0x1f};  // Monday to Friday, 07:00-22:00
  EXPECT_FALSE(hours.is_open_at(sim::hours(6) + sim::minutes(59)));
  EXPECT_TRUE(hours.is_open_at(sim::hours(7)));
  EXPECT_TRUE(hours.is_open_at(sim::hours(21) + sim::minutes(59)));
  EXPECT_FALSE(hours.is_open_at(sim::hours(22)));
  EXPECT_TRUE(hours.is_open_at(sim::days(4) + sim::hours(12)));   // Friday
  EXPECT_FALSE(hours.is_open_at(sim::days(5) + sim::hours(12)));  // Saturday
  EXPECT_TRUE(hours.is_open_at(sim::days(7) + sim::hours(12)));   // Monday again
  EXPECT_TRUE(OpeningHours::always().is_open_at(sim::days(6) + sim::hours(3)));
}

TEST(Lanes, MadeFromModeProfiles) {
  const Lane road = make_lane(SiteId(0), SiteId(1), TransportMode::kRoad, 100.0);
  const ModeProfile p = default_profile(TransportMode::kRoad);
  EXPECT_DOUBLE_EQ(road.distance_km, 100.0 * p.circuity);
  EXPECT_DOUBLE_EQ(road.transit.median_hours, p.handling_hours + road.distance_km / p.speed_kmh);
  EXPECT_GT(road.transit.mean_hours(), road.transit.median_hours);
  EXPECT_GT(road.cost_per_shipment, 0.0);
  // Over an ocean crossing, sea is slower and cheaper than air.
  const Lane sea = make_lane(SiteId(0), SiteId(1), TransportMode::kSea, 10'000.0);
  const Lane air = make_lane(SiteId(0), SiteId(1), TransportMode::kAir, 10'000.0);
  EXPECT_GT(sea.transit.median_hours, 5 * air.transit.median_hours);
  EXPECT_LT(sea.cost_per_shipment, air.cost_per_shipment);
  // Sampling goes through the project's lognormal: positive, and the same for the same stream.
  sim::RandomStream a(5);
  sim::RandomStream b(5);
  const sim::SimTime t = road.transit.sample(a);
  EXPECT_GT(t, sim::SimTime::zero());
  EXPECT_EQ(t, road.transit.sample(b));
}

TEST(Assortment, RowsAreSortedDeduplicatedAndCompact) {
  Assortment a;
  const std::vector<SkuId> first{SkuId(5), SkuId(1), SkuId(5), SkuId(3)};
  EXPECT_EQ(a.append_site(first), SiteId(0));
  EXPECT_EQ(a.append_site({}), SiteId(1));
  const std::vector<SkuId> third{SkuId(2)};
  a.append_site(third);
  EXPECT_EQ(a.site_count(), 3u);
  EXPECT_EQ(a.size(), 4u);
  const auto row = a.skus_at(SiteId(0));
  EXPECT_EQ(std::vector<SkuId>(row.begin(), row.end()), (std::vector<SkuId>{SkuId(1), SkuId(3), SkuId(5)}));
  EXPECT_TRUE(a.skus_at(SiteId(1)).empty());
  EXPECT_TRUE(a.carries(SiteId(0), SkuId(3)));
  EXPECT_FALSE(a.carries(SiteId(0), SkuId(2)));
  EXPECT_TRUE(a.carries(SiteId(2), SkuId(2)));
  EXPECT_TRUE(a.skus_at(SiteId(3)).empty());  // beyond the last site
}

TEST_F(SmallNetwork, LooksUpByNameAndValidates) {
  EXPECT_EQ(network_.find_site("Store-1"), store_);
  EXPECT_EQ(network_.find_site("nowhere"), std::nullopt);
  EXPECT_EQ(network_.find_sku("bread"), SkuId(1));
  EXPECT_EQ(network_.site(store_).name, "Store-1");
  EXPECT_EQ(network_.lane(LaneId(0)).to, store_);
  EXPECT_TRUE(network_.validate().empty());
  EXPECT_GT(network_.memory_bytes(), sizeof(Network));
}

TEST_F(SmallNetwork, UnknownSite) {
  network_.add_lane(make_lane(dc_, SiteId(9), TransportMode::kRoad, 3.0));
  expect_one_problem(network_, {"lane 1", "'DC-A' -> <unknown>", "unknown destination site id 9", "has 2 sites"});
}

TEST_F(SmallNetwork, LaneToItself) {
  network_.add_lane(make_lane(store_, store_, TransportMode::kRoad, 0.0));
  expect_one_problem(network_, {"lane 1 'Store-1' -> 'Store-1'", "to itself"});
}

TEST_F(SmallNetwork, NegativeDistanceAndBadTransit) {
  Lane lane = make_lane(store_, dc_, TransportMode::kRoad, 3.0);
  lane.distance_km = -4.0;
  network_.add_lane(lane);
  expect_one_problem(network_, {"lane 1 'Store-1' -> 'DC-A'", "distance -4 km", ">= 0"});
  Network other;
  const SiteId a = other.add_site(site("A", SiteKind::kPort, {0, 0}));
  const SiteId b = other.add_site(site("B", SiteKind::kPort, {0, 1}));
  Lane slow = make_lane(a, b, TransportMode::kSea, 100.0);
  slow.transit.median_hours = 0.0;
  other.add_lane(slow);
  expect_one_problem(other, {"median transit 0 h", "> 0"});
}

TEST_F(SmallNetwork, DuplicateNamesAndBadCoordinates) {
  network_.add_site(site("DC-A", SiteKind::kDistributionCenter, {10.0, 10.0}));
  expect_one_problem(network_, {"site 2 'DC-A'", "duplicate name", "site 0"});
  Network other;
  other.add_site(site("Far", SiteKind::kStore, {91.0, 0.0}));
  expect_one_problem(other, {"site 0 'Far'", "latitude 91", "[-90, 90]"});
  Network nan;
  nan.add_site(site("Nowhere", SiteKind::kStore, {0.0, std::numeric_limits<double>::quiet_NaN()}));
  expect_one_problem(nan, {"'Nowhere'", "longitude nan"});
}

TEST_F(SmallNetwork, BadOpeningHours) {
  Site s = site("Night", SiteKind::kStore, {1.0, 1.0});
  s.hours = {22 * 60, 6 * 60, 0x7f};
  network_.add_site(s);
  expect_one_problem(network_, {"'Night'", "opening hours [1320, 360)", "open < close <= 1440"});
}

TEST_F(SmallNetwork, BadSkusAndAssortment) {
  Sku weightless = sku("air");
  weightless.unit_weight_kg = 0.0;
  network_.add_sku(weightless);
  expect_one_problem(network_, {"sku 2 'air'", "unit weight 0 kg"});

  Network other;
  other.add_site(site("A", SiteKind::kStore, {0, 0}));
  other.add_site(site("B", SiteKind::kStore, {0, 1}));
  other.add_sku(sku("milk"));
  Assortment one_row;
  const std::vector<SkuId> unknown{SkuId(4)};
  one_row.append_site(unknown);
  other.set_assortment(std::move(one_row));
  const std::vector<std::string> problems = other.validate();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("1 site rows for 2 sites"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("unknown sku id 4"), std::string::npos) << problems[1];
}

TEST_F(SmallNetwork, ReportsEveryProblemNotJustTheFirst) {
  network_.add_lane(make_lane(dc_, dc_, TransportMode::kRoad, 1.0));
  network_.add_lane(make_lane(SiteId(), store_, TransportMode::kRoad, 1.0));
  const std::vector<std::string> problems = network_.validate();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[1].find("unknown origin site id <invalid>"), std::string::npos) << problems[1];
}

TEST_F(SmallNetwork, FingerprintSeesEveryField) {
  const std::uint64_t before = fingerprint(network_);
  EXPECT_EQ(before, fingerprint(network_));
  SiteCapacity capacity = network_.site(dc_).capacity;
  capacity.trucks += 1;
  network_.set_capacity(dc_, capacity);
  EXPECT_NE(fingerprint(network_), before);
}

}  // namespace
}  // namespace chaintwin::network
