// The synthetic generator: deterministic, faithful to its knobs, connected, with plausible assortments, stable
// under a change of store count, and fast and compact at national scale.
#include "network/generator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "network/routing.hpp"

namespace chaintwin::network {
namespace {

std::size_t count_kind(const Network& n, SiteKind kind) {
  return static_cast<std::size_t>(
      std::count_if(n.sites().begin(), n.sites().end(), [&](const Site& s) { return s.kind == kind; }));
}

GeneratorConfig small_config() {
  GeneratorConfig c;
  c.suppliers = 12;
  c.ports = 3;
  c.dcs = 5;
  c.stores = 150;
  c.trucks = 333;
  c.skus = 1'500;
  c.min_skus_per_store = 100;
  c.max_skus_per_store = 300;
  c.seed = 42;
  return c;
}

TEST(Generator, SameSeedSameNetworkByteForByte) {
  const Network a = generate_network(small_config());
  const Network b = generate_network(small_config());
  EXPECT_EQ(fingerprint(a), fingerprint(b));
  GeneratorConfig other = small_config();
  other.seed = 43;
  EXPECT_NE(fingerprint(generate_network(other)), fingerprint(a));
}

TEST(Generator, CountsMatchTheKnobsAndTheNetworkIsValid) {
  const GeneratorConfig c = small_config();
  const Network n = generate_network(c);
  const std::vector<std::string> problems = n.validate();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(count_kind(n, SiteKind::kSupplier), c.suppliers);
  EXPECT_EQ(count_kind(n, SiteKind::kPort), c.ports);
  EXPECT_EQ(count_kind(n, SiteKind::kDistributionCenter), c.dcs);
  EXPECT_EQ(count_kind(n, SiteKind::kStore), c.stores);
  EXPECT_EQ(n.skus().size(), c.skus);
  std::uint64_t trucks = 0;
  for (const Site& s : n.sites()) {
    trucks += s.capacity.trucks;
    if (s.kind != SiteKind::kDistributionCenter) {
      EXPECT_EQ(s.capacity.trucks, 0u) << s.name;
    }
  }
  EXPECT_EQ(trucks, c.trucks);
  EXPECT_EQ(n.find_site("STORE-00001"), SiteId(c.suppliers + c.ports + c.dcs));
  EXPECT_EQ(n.find_sku("SKU-000001"), SkuId(0));
}

TEST(Generator, PlausibleGeography) {
  const GeneratorConfig c = small_config();
  const Network n = generate_network(c);
  for (const Site& s : n.sites()) {
    if (s.kind == SiteKind::kStore || s.kind == SiteKind::kDistributionCenter || s.kind == SiteKind::kPort) {
      EXPECT_TRUE(c.region.contains(s.location)) << s.name;
    }
    if (s.kind == SiteKind::kPort) {  // on a coastal edge
      EXPECT_LE(std::min(s.location.lon_deg - c.region.min_lon_deg, c.region.max_lon_deg - s.location.lon_deg), 0.5);
    }
  }
  // Stores cluster: the median distance to the nearest other store is far below what a uniform scatter over the
  // box (about 300 km between 150 points over the US) would give.
  std::vector<double> nearest;
  for (const Site& a : n.sites()) {
    if (a.kind != SiteKind::kStore) continue;
    double best = INFINITY;
    for (const Site& b : n.sites()) {
      if (b.kind == SiteKind::kStore && b.id != a.id) best = std::min(best, haversine_km(a.location, b.location));
    }
    nearest.push_back(best);
  }
  std::nth_element(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(nearest.size() / 2), nearest.end());
  EXPECT_LT(nearest[nearest.size() / 2], 60.0);
}

TEST(Generator, EveryStoreIsReachableFromEverySupplier) {
  const Network n = generate_network(small_config());
  const Router router(n, RouteMetric::kExpectedTransitHours);
  for (const Site& supplier : n.sites()) {
    if (supplier.kind != SiteKind::kSupplier) continue;
    const std::vector<double> d = router.distances_from(supplier.id);
    for (const Site& store : n.sites()) {
      if (store.kind == SiteKind::kStore) {
        ASSERT_TRUE(std::isfinite(d[store.id.index()])) << supplier.name << " -> " << store.name;
      }
    }
  }
}

TEST(Generator, AssortmentsFollowTheKnobsAndDcsCoverTheirStores) {
  const GeneratorConfig c = small_config();
  const Network n = generate_network(c);
  const Assortment& a = n.assortment();
  ASSERT_EQ(a.site_count(), n.sites().size());
  std::size_t supplied = 0;
  for (const Site& s : n.sites()) {
    const auto row = a.skus_at(s.id);
    if (s.kind == SiteKind::kStore) {
      EXPECT_GE(row.size(), c.min_skus_per_store) << s.name;
      EXPECT_LE(row.size(), c.max_skus_per_store) << s.name;
    }
    if (s.kind == SiteKind::kPort) {
      EXPECT_TRUE(row.empty());
    }
    if (s.kind == SiteKind::kSupplier) supplied += row.size();
  }
  EXPECT_EQ(supplied, c.skus);  // each SKU has exactly one supplier
  // A DC carries everything its stores carry.
  for (const Lane& l : n.lanes()) {
    if (n.site(l.to).kind != SiteKind::kStore) continue;
    EXPECT_EQ(n.site(l.from).kind, SiteKind::kDistributionCenter);
    for (const SkuId k : a.skus_at(l.to)) ASSERT_TRUE(a.carries(l.from, k)) << n.site(l.from).name;
  }
  // Popularity is skewed: the most carried SKU is in far more stores than the median one.
  std::vector<std::size_t> stores_per_sku(c.skus, 0);
  for (const Site& s : n.sites()) {
    if (s.kind == SiteKind::kStore) {
      for (const SkuId k : a.skus_at(s.id)) ++stores_per_sku[k.index()];
    }
  }
  std::sort(stores_per_sku.begin(), stores_per_sku.end());
  EXPECT_GT(stores_per_sku.back(), 4 * stores_per_sku[c.skus / 2]);
}

TEST(Generator, TemperatureSharesAndSkuAttributes) {
  GeneratorConfig c = small_config();
  c.skus = 4'000;
  c.chilled_share = 0.2;
  c.frozen_share = 0.1;
  const Network n = generate_network(c);
  std::size_t chilled = 0;
  std::size_t frozen = 0;
  for (const Sku& k : n.skus()) {
    chilled += k.temperature == TemperatureClass::kChilled ? 1 : 0;
    frozen += k.temperature == TemperatureClass::kFrozen ? 1 : 0;
    EXPECT_GT(k.unit_volume_m3, 0.0);
    EXPECT_GT(k.unit_weight_kg, 0.0);
  }
  // Binomial standard deviations: 0.0063 and 0.0047; 4 of them.
  EXPECT_NEAR(static_cast<double>(chilled) / c.skus, 0.2, 0.026);
  EXPECT_NEAR(static_cast<double>(frozen) / c.skus, 0.1, 0.019);
}

// Stores draw from their own streams: adding stores leaves everything else, and the first stores, unchanged
// (with the number of population centres fixed; by default it grows with the stores).
TEST(Generator, MoreStoresLeaveTheRestAlone) {
  GeneratorConfig c = small_config();
  c.population_centres = 6;
  const Network before = generate_network(c);
  c.stores += 40;
  const Network after = generate_network(c);
  const std::size_t first_store = c.suppliers + c.ports + c.dcs;
  for (std::size_t i = 0; i < before.sites().size(); ++i) {
    const Site& a = before.sites()[i];
    const Site& b = after.sites()[i];
    ASSERT_EQ(a.name, b.name);
    EXPECT_EQ(a.location, b.location) << a.name;
    if (i >= first_store) {
      const auto ra = before.assortment().skus_at(a.id);
      const auto rb = after.assortment().skus_at(b.id);
      EXPECT_TRUE(std::equal(ra.begin(), ra.end(), rb.begin(), rb.end())) << a.name;
    }
  }
  for (std::size_t k = 0; k < before.skus().size(); ++k) {
    EXPECT_EQ(before.skus()[k].unit_volume_m3, after.skus()[k].unit_volume_m3);
  }
}

TEST(Generator, FullAssortmentsAndTinyNetworks) {
  GeneratorConfig c;
  c.suppliers = 1;
  c.ports = 0;
  c.dcs = 1;
  c.stores = 3;
  c.trucks = 2;
  c.skus = 40;
  c.min_skus_per_store = 40;  // every SKU: the draws by popularity stall on rare SKUs, the sweep completes them
  c.max_skus_per_store = 40;
  const Network n = generate_network(c);
  EXPECT_TRUE(n.validate().empty());
  for (const Site& s : n.sites()) {
    if (s.kind == SiteKind::kStore) {
      EXPECT_EQ(n.assortment().skus_at(s.id).size(), 40u);
    }
  }
  c.stores = 0;  // DCs with no stores still get the trucks, evenly
  const Network empty = generate_network(c);
  EXPECT_EQ(empty.site(SiteId(1)).capacity.trucks, 2u);
}

TEST(Generator, RejectsInconsistentKnobsWithTheirNames) {
  const auto message = [](GeneratorConfig c) {
    try {
      generate_network(c);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  GeneratorConfig c = small_config();
  c.max_skus_per_store = c.skus + 1;
  EXPECT_NE(message(c).find("max_skus_per_store <= skus"), std::string::npos) << message(c);
  c = small_config();
  c.dcs = 0;
  EXPECT_NE(message(c).find("dcs must be >= 1"), std::string::npos);
  c = small_config();
  c.chilled_share = 0.7;
  c.frozen_share = 0.4;
  EXPECT_NE(message(c).find("sum <= 1"), std::string::npos);
  c = small_config();
  c.region = Region{"inland", 10.0, 20.0, 30.0, 40.0, false, false};
  EXPECT_NE(message(c).find("no coast"), std::string::npos);
  c.ports = 0;
  EXPECT_EQ(message(c), "no exception");  // explicit bounds work when nothing needs a coast
}

// 50 DCs, 2,000 stores, 5,000 trucks, 10,000 SKUs: over a million SKU-locations. Reports time and memory (timings
// are never asserted); asserts the size and that the network is compact.
TEST(Generator, NationalScale) {
  GeneratorConfig c;
  c.suppliers = 200;
  c.ports = 6;
  c.dcs = 50;
  c.stores = 2'000;
  c.trucks = 5'000;
  c.skus = 10'000;
  c.min_skus_per_store = 300;
  c.max_skus_per_store = 800;
  const auto start = std::chrono::steady_clock::now();
  const Network n = generate_network(c);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t sku_locations = n.assortment().size();
  const double bytes_per = static_cast<double>(n.memory_bytes()) / static_cast<double>(sku_locations);
  std::cout << "national network: " << n.sites().size() << " sites, " << n.lanes().size() << " lanes, "
            << n.skus().size() << " SKUs, " << sku_locations << " SKU-locations; generated in " << seconds << " s; "
            << n.memory_bytes() << " bytes, " << bytes_per << " bytes per SKU-location\n";
  RecordProperty("seconds", std::to_string(seconds));
  RecordProperty("bytes_per_sku_location", std::to_string(bytes_per));
  EXPECT_GE(sku_locations, 1'000'000u);
  EXPECT_LT(bytes_per, 8.0);
  EXPECT_TRUE(n.validate().empty());
}

}  // namespace
}  // namespace chaintwin::network
