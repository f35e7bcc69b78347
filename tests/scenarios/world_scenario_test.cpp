// World scenarios: the shipped examples load and say what their comments say, an explicit network is built as
// written (with the mode profiles' defaults), `extends:` merges files and keeps each problem in its own file, and
// every kind of mistake is reported at its file:line:column with its field path.
#include "scenarios/world_scenario.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network/geo.hpp"
#include "network/routing.hpp"

namespace chaintwin::scenarios {
namespace {

namespace fs = std::filesystem;
using network::SiteKind;
using world::DisruptionKind;

const std::string kSourceDir = CHAINTWIN_SOURCE_DIR;
const std::string kExamples = kSourceDir + "/scenarios/examples/";

std::string line_column(const std::string& text, std::size_t pos) {
  const std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  const std::size_t column = line_start == std::string::npos || pos == 0 ? pos : pos - line_start - 1;
  return std::to_string(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n') + 1) + ":" +
         std::to_string(column + 1);
}

// "line:column" (1-based) of the nth occurrence of marker in text, searching after the first `after` when given:
// expected positions follow the text instead of being counted by hand.
std::string at(const std::string& text, const std::string& marker, const std::string& after = "", int nth = 1) {
  std::size_t pos = after.empty() ? 0 : text.find(after);
  if (pos == std::string::npos) pos = text.size();
  for (int i = 0; i < nth && pos != std::string::npos; ++i) pos = text.find(marker, i == 0 ? pos : pos + 1);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "marker '" << marker << "' not in the text";
    return "?";
  }
  return line_column(text, pos);
}

// "line:column" just past prefix: where the value written after it starts.
std::string value_after(const std::string& text, const std::string& prefix) {
  const std::size_t pos = text.find(prefix);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "prefix '" << prefix << "' not in the text";
    return "?";
  }
  return line_column(text, pos + prefix.size());
}

// text with the first occurrence of from replaced by to.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

std::vector<std::string> lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(d.to_string());
  return out;
}

// Loads text that must fail and returns its diagnostics as printed.
std::vector<std::string> errors(const std::string& text, const std::string& file = "w.yaml") {
  const auto r = load_world_scenario_text(text, file);
  EXPECT_FALSE(r.ok()) << "expected errors for:\n" << text;
  return lines(r.diagnostics());
}

LoadedWorldScenario load_ok(const std::string& text, const std::string& file = "w.yaml") {
  auto r = load_world_scenario_text(text, file);
  EXPECT_TRUE(r.ok()) << to_string(r.diagnostics());
  if (!r.ok()) return {};
  return std::move(r.value());
}

// A scratch directory for files that name one another, removed afterwards.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) : path_(fs::path(testing::TempDir()) / ("chaintwin_" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// A small explicit network; tests append blocks to it.
const std::string kExplicit = R"(scenario: {name: explicit}
network:
  sites:
    - {name: SUP, kind: supplier, lat: 41.88, lon: -87.63, region: north, dock_doors: 6}
    - {name: PORT, kind: port, lat: 40.7, lon: -74.0, region: east}
    - {name: DC, kind: dc, lat: 41.5, lon: -81.7, region: north, dock_doors: 30, storage_pallets: 20000,
       throughput_units_per_day: 150000, trucks: 4}
    - {name: S1, kind: store, lat: 42.33, lon: -83.05, region: north}
    - {name: S2, kind: store, lat: 39.96, lon: -83.0, region: south}
  lanes:
    - {from: SUP, to: DC}
    - {from: PORT, to: DC, mode: rail}
    - {from: DC, to: S1, distance_km: 300}
    - {from: DC, to: S2, transit_hours: 5, transit_sigma: 0, cost_per_shipment: 10, cost_per_unit: 0.5}
  skus:
    - {name: APPLE}
    - {name: MILK, temperature: chilled, unit_value: 3, unit_volume_m3: 0.001, unit_weight_kg: 1.03}
  assortment:
    - {site: SUP, skus: all}
    - {site: DC, skus: [APPLE, MILK]}
    - {site: S1, skus: [APPLE]}
    - {site: S2, skus: [APPLE, MILK]}
)";

std::size_t count_kind(const network::Network& n, SiteKind kind) {
  return static_cast<std::size_t>(
      std::count_if(n.sites().begin(), n.sites().end(), [&](const network::Site& s) { return s.kind == kind; }));
}

std::size_t total_trucks(const network::Network& n) {
  std::size_t trucks = 0;
  for (const network::Site& s : n.sites()) trucks += s.capacity.trucks;
  return trucks;
}

LoadedWorldScenario load_example(const std::string& name) {
  auto r = load_world_scenario(kExamples + name);
  EXPECT_TRUE(r.ok()) << to_string(r.diagnostics());
  if (!r.ok()) return {};
  return std::move(r.value());
}

const network::Site& site_named(const network::Network& n, const std::string& name) {
  return n.site(n.find_site(name).value());
}

// ---------------------------------------------------------------------------------------------------------------
// The shipped examples

TEST(WorldScenario, BaselineExampleIsSmallAndQuick) {
  const LoadedWorldScenario s = load_example("baseline.yaml");
  EXPECT_EQ(s.scenario.name, "baseline");
  EXPECT_EQ(s.scenario.replications, 10u);
  EXPECT_EQ(s.scenario.horizon, sim::days(90));
  EXPECT_EQ(s.scenario.warm_up, sim::days(14));
  EXPECT_EQ(count_kind(s.network, SiteKind::kSupplier), 10u);
  EXPECT_EQ(count_kind(s.network, SiteKind::kPort), 2u);
  EXPECT_EQ(count_kind(s.network, SiteKind::kDistributionCenter), 3u);
  EXPECT_EQ(count_kind(s.network, SiteKind::kStore), 24u);
  EXPECT_EQ(s.network.skus().size(), 150u);
  EXPECT_EQ(total_trucks(s.network), 40u);
  EXPECT_TRUE(s.world.disruptions.empty());
  EXPECT_EQ(s.world.dc_policy.order_days, 7.0);
  EXPECT_EQ(s.world.demand.stockout, world::StockoutMode::kLostSales);
  EXPECT_TRUE(s.history.rows.empty());
  EXPECT_EQ(s.file, kExamples + "baseline.yaml");
}

TEST(WorldScenario, WhatIfExamplesChangeOnlyTheirNameAndDisruptions) {
  const LoadedWorldScenario base = load_example("baseline.yaml");
  for (const char* name :
       {"port_closure.yaml", "supplier_delay.yaml", "demand_spike.yaml", "cold_chain_failure.yaml"}) {
    SCOPED_TRACE(name);
    const LoadedWorldScenario s = load_example(name);
    EXPECT_NE(s.scenario.name, base.scenario.name);
    EXPECT_EQ(s.scenario.seed, base.scenario.seed);  // common random numbers
    EXPECT_EQ(s.scenario.replications, base.scenario.replications);
    EXPECT_EQ(s.scenario.horizon, base.scenario.horizon);
    EXPECT_EQ(s.scenario.warm_up, base.scenario.warm_up);
    EXPECT_EQ(network::fingerprint(s.network), network::fingerprint(base.network));
    EXPECT_EQ(s.world.demand.day_of_week, base.world.demand.day_of_week);
    EXPECT_EQ(s.world.store_policy.order_days, base.world.store_policy.order_days);
    EXPECT_FALSE(s.world.disruptions.empty());
    for (const world::DisruptionConfig& d : s.world.disruptions) {
      EXPECT_GE(d.start, base.scenario.warm_up);  // strikes after the warm-up, so the statistics see it
      EXPECT_LT(d.start + d.duration, base.scenario.horizon);
      EXPECT_EQ(d.rate_per_year, 0.0);
    }
  }
}

TEST(WorldScenario, PortClosureClosesTheBusiestPort) {
  const LoadedWorldScenario s = load_example("port_closure.yaml");
  ASSERT_EQ(s.world.disruptions.size(), 1u);
  const world::DisruptionConfig& d = s.world.disruptions[0];
  EXPECT_EQ(d.kind, DisruptionKind::kPortClosure);
  EXPECT_EQ(d.duration, sim::days(21));
  ASSERT_EQ(site_named(s.network, d.target).kind, SiteKind::kPort);
  // Busiest: most (supplier SKU, DC carrying it) flows routed through it by expected transit time.
  const network::Network& n = s.network;
  const network::Router router(n, network::RouteMetric::kExpectedTransitHours);
  std::map<std::string, int> flows;
  for (const network::Site& supplier : n.sites()) {
    if (supplier.kind != SiteKind::kSupplier) continue;
    for (const network::Site& dc : n.sites()) {
      if (dc.kind != SiteKind::kDistributionCenter) continue;
      int shared = 0;
      for (const network::SkuId k : n.assortment().skus_at(supplier.id)) shared += n.assortment().carries(dc.id, k);
      const auto route = router.shortest_path(supplier.id, dc.id);
      ASSERT_TRUE(route.has_value());
      for (const network::LaneId l : route->lanes) {
        if (n.site(n.lane(l).to).kind == SiteKind::kPort) flows[n.site(n.lane(l).to).name] += shared;
      }
    }
  }
  ASSERT_EQ(flows.size(), 2u);  // both ports are used, so closing one matters and the other can take over
  const auto busiest =
      std::max_element(flows.begin(), flows.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(busiest->first, d.target);
}

TEST(WorldScenario, SupplierDelayTriplesLeadTimesForThreeWeeks) {
  const LoadedWorldScenario s = load_example("supplier_delay.yaml");
  ASSERT_EQ(s.world.disruptions.size(), 3u);
  for (const world::DisruptionConfig& d : s.world.disruptions) {
    EXPECT_EQ(d.kind, DisruptionKind::kSupplierLeadTime);
    EXPECT_EQ(d.magnitude, 3.0);
    EXPECT_EQ(d.duration, sim::days(21));
    EXPECT_EQ(site_named(s.network, d.target).kind, SiteKind::kSupplier);
  }
}

TEST(WorldScenario, DemandSpikeHitsTheRegionWithTheMostStores) {
  const LoadedWorldScenario s = load_example("demand_spike.yaml");
  ASSERT_EQ(s.world.disruptions.size(), 1u);
  const world::DisruptionConfig& d = s.world.disruptions[0];
  EXPECT_EQ(d.kind, DisruptionKind::kDemandSpike);
  EXPECT_EQ(d.magnitude, 2.5);
  EXPECT_EQ(d.duration, sim::days(14));
  std::map<std::string, int> stores;
  for (const network::Site& site : s.network.sites()) stores[site.region] += site.kind == SiteKind::kStore;
  const auto most =
      std::max_element(stores.begin(), stores.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(most->first, d.target);
}

TEST(WorldScenario, ColdChainFailureStrikesADcWithColdStock) {
  const LoadedWorldScenario s = load_example("cold_chain_failure.yaml");
  ASSERT_EQ(s.world.disruptions.size(), 1u);
  const world::DisruptionConfig& d = s.world.disruptions[0];
  EXPECT_EQ(d.kind, DisruptionKind::kColdRoomFailure);
  EXPECT_EQ(d.duration, sim::hours(12));
  const network::Site& dc = site_named(s.network, d.target);
  ASSERT_EQ(dc.kind, SiteKind::kDistributionCenter);
  int cold = 0;
  for (const network::SkuId k : s.network.assortment().skus_at(dc.id)) {
    cold += s.network.sku(k).temperature != network::TemperatureClass::kAmbient;
  }
  EXPECT_GT(cold, 0);
}

TEST(WorldScenario, NationalExampleIsNationalSized) {
  const LoadedWorldScenario s = load_example("national.yaml");
  EXPECT_GE(count_kind(s.network, SiteKind::kDistributionCenter), 50u);
  EXPECT_EQ(count_kind(s.network, SiteKind::kStore), 2000u);
  EXPECT_EQ(total_trucks(s.network), 5000u);
  EXPECT_EQ(s.network.skus().size(), 10000u);
  EXPECT_GE(s.network.assortment().size(), 1'000'000u);
  EXPECT_EQ(s.scenario.horizon, sim::days(30));
  EXPECT_EQ(s.scenario.replications, 1u);
}

TEST(WorldScenario, BaseStockTheoryExampleIsTheTextbookCase) {
  const LoadedWorldScenario s = load_example("base_stock_theory.yaml");
  const network::Network& n = s.network;
  ASSERT_EQ(n.sites().size(), 2u);
  EXPECT_EQ(n.sites()[0].kind, SiteKind::kSupplier);
  EXPECT_EQ(n.sites()[1].kind, SiteKind::kStore);
  ASSERT_EQ(n.lanes().size(), 1u);
  EXPECT_EQ(n.lanes()[0].transit.median_hours, 24.0);
  EXPECT_EQ(n.lanes()[0].transit.sigma, 0.0);
  ASSERT_EQ(n.skus().size(), 1u);
  EXPECT_TRUE(n.assortment().carries(n.sites()[1].id, n.skus()[0].id));
  const world::WorldConfig& w = s.world;
  ASSERT_EQ(w.demand.sku_rates.size(), 1u);
  EXPECT_EQ(w.demand.sku_rates[0].units_per_day, 4.0);
  EXPECT_EQ(w.demand.store_size_sigma, 0.0);
  EXPECT_EQ(w.demand.intermittent_below_units_per_day, 0.0);
  EXPECT_EQ(w.demand.day_of_week, (std::array<double, 7>{1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(w.demand.stockout, world::StockoutMode::kBackorders);
  EXPECT_EQ(w.store_policy.kind, world::PolicyKind::kBaseStock);
  EXPECT_EQ(w.store_policy.review_period, sim::SimTime::zero());
  EXPECT_EQ(w.store_policy.order_up_to, 16);
  EXPECT_EQ(w.supplier.lead_time, sim::days(2));
  EXPECT_EQ(w.supplier.lead_time_sigma, 0.0);
  EXPECT_EQ(w.supplier.full_fill_probability, 1.0);
  EXPECT_EQ(w.supplier.confirmation_delay, sim::SimTime::zero());
}

// ---------------------------------------------------------------------------------------------------------------
// Explicit networks and defaults

TEST(WorldScenario, ExplicitNetworkIsBuiltAsWritten) {
  const LoadedWorldScenario s = load_ok(kExplicit);
  const network::Network& n = s.network;
  ASSERT_EQ(n.sites().size(), 5u);
  const network::Site& dc = n.sites()[2];
  EXPECT_EQ(dc.name, "DC");
  EXPECT_EQ(dc.kind, SiteKind::kDistributionCenter);
  EXPECT_EQ(dc.location, (network::LatLon{41.5, -81.7}));
  EXPECT_EQ(dc.region, "north");
  EXPECT_EQ(dc.capacity, (network::SiteCapacity{30, 20000, 150000, 4}));
  EXPECT_EQ(dc.hours, network::OpeningHours::always());
  EXPECT_EQ(n.sites()[0].capacity.dock_doors, 6u);
  EXPECT_EQ(n.sites()[3].capacity, network::SiteCapacity{});

  ASSERT_EQ(n.skus().size(), 2u);
  EXPECT_EQ(n.skus()[0].unit_volume_m3, SkuSpec{}.unit_volume_m3);
  EXPECT_EQ(n.skus()[1].temperature, network::TemperatureClass::kChilled);
  EXPECT_EQ(n.skus()[1].unit_value, 3.0);
  EXPECT_EQ(n.skus()[1].unit_weight_kg, 1.03);

  const network::SkuId apple = n.skus()[0].id;
  const network::SkuId milk = n.skus()[1].id;
  EXPECT_EQ(n.assortment().skus_at(n.sites()[0].id).size(), 2u);  // skus: all
  EXPECT_TRUE(n.assortment().skus_at(n.sites()[1].id).empty());   // the port is absent: it carries nothing
  EXPECT_TRUE(n.assortment().carries(n.sites()[3].id, apple));
  EXPECT_FALSE(n.assortment().carries(n.sites()[3].id, milk));
  EXPECT_TRUE(n.assortment().carries(n.sites()[4].id, milk));
  EXPECT_EQ(n.assortment().size(), 7u);
}

TEST(WorldScenario, LanesTakeWhatTheyLeaveOutFromTheModeProfile) {
  const LoadedWorldScenario s = load_ok(kExplicit);
  const network::Network& n = s.network;
  ASSERT_EQ(n.lanes().size(), 4u);
  const auto great_circle = [&](std::size_t from, std::size_t to) {
    return network::haversine_km(n.sites()[from].location, n.sites()[to].location);
  };
  // Nothing given: exactly what network::make_lane derives from the great circle.
  const network::Lane road =
      network::make_lane(n.sites()[0].id, n.sites()[2].id, network::TransportMode::kRoad, great_circle(0, 2));
  const network::Lane& sup_dc = n.lanes()[0];
  EXPECT_EQ(sup_dc.mode, network::TransportMode::kRoad);
  EXPECT_EQ(sup_dc.distance_km, road.distance_km);
  EXPECT_DOUBLE_EQ(sup_dc.distance_km, 1.25 * great_circle(0, 2));  // road circuity
  EXPECT_EQ(sup_dc.transit.median_hours, road.transit.median_hours);
  EXPECT_DOUBLE_EQ(sup_dc.transit.median_hours, 2.0 + sup_dc.distance_km / 50.0);
  EXPECT_EQ(sup_dc.transit.sigma, 0.25);
  EXPECT_EQ(sup_dc.cost_per_shipment, road.cost_per_shipment);
  EXPECT_EQ(sup_dc.cost_per_unit, road.cost_per_unit);

  const network::Lane& rail = n.lanes()[1];
  EXPECT_EQ(rail.mode, network::TransportMode::kRail);
  EXPECT_DOUBLE_EQ(rail.distance_km, 1.2 * great_circle(1, 2));
  EXPECT_DOUBLE_EQ(rail.transit.median_hours, 24.0 + rail.distance_km / 40.0);

  // A given distance is the path length, and transit and costs follow from it.
  const network::Lane& given = n.lanes()[2];
  EXPECT_EQ(given.distance_km, 300.0);
  EXPECT_DOUBLE_EQ(given.transit.median_hours, 2.0 + 300.0 / 50.0);
  EXPECT_DOUBLE_EQ(given.cost_per_shipment, 150.0 + 1.6 * 300.0);
  EXPECT_DOUBLE_EQ(given.cost_per_unit, 0.5 * 300.0 / 1000.0);

  // Given transit, spread and costs replace the profile's; the distance is still the great circle's.
  const network::Lane& overridden = n.lanes()[3];
  EXPECT_DOUBLE_EQ(overridden.distance_km, 1.25 * great_circle(2, 4));
  EXPECT_EQ(overridden.transit.median_hours, 5.0);
  EXPECT_EQ(overridden.transit.sigma, 0.0);
  EXPECT_EQ(overridden.cost_per_shipment, 10.0);
  EXPECT_EQ(overridden.cost_per_unit, 0.5);
  EXPECT_EQ(overridden.from, n.sites()[2].id);
  EXPECT_EQ(overridden.to, n.sites()[4].id);
}

TEST(WorldScenario, AbsentBlocksKeepTheWorldDefaults) {
  const LoadedWorldScenario s = load_ok("scenario: {name: x}\nnetwork:\n  generate: {stores: 10, skus: 500}\n");
  const world::WorldConfig defaults;
  EXPECT_EQ(s.world.demand.median_units_per_day, defaults.demand.median_units_per_day);
  EXPECT_EQ(s.world.demand.day_of_week, defaults.demand.day_of_week);
  EXPECT_EQ(s.world.store_policy.order_days, defaults.store_policy.order_days);
  EXPECT_EQ(s.world.dc_policy.order_days, defaults.dc_policy.order_days);  // 7, not PolicyConfig's 3
  EXPECT_EQ(s.world.dc.pickers, defaults.dc.pickers);
  EXPECT_EQ(s.world.port.berth_time, defaults.port.berth_time);
  EXPECT_EQ(s.world.fleet.truck_capacity_units, defaults.fleet.truck_capacity_units);
  EXPECT_EQ(s.world.output.stock_resolution, defaults.output.stock_resolution);
  EXPECT_EQ(count_kind(s.network, SiteKind::kStore), 10u);

  // A block that is given keeps the defaults of the fields it leaves out, dc_policy's own included.
  const LoadedWorldScenario t = load_ok(
      "scenario: {name: x}\nnetwork: {generate: {stores: 10, skus: 500}}\ndc_policy: {kind: reorder_point}\n"
      "demand: {day_of_week: [1, 1, 1, 1, 1, 0, 0], stockout: backorders}\n");
  EXPECT_EQ(t.world.dc_policy.kind, world::PolicyKind::kReorderPoint);
  EXPECT_EQ(t.world.dc_policy.order_days, defaults.dc_policy.order_days);
  EXPECT_EQ(t.world.demand.day_of_week, (std::array<double, 7>{1, 1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(t.world.demand.stockout, world::StockoutMode::kBackorders);
  EXPECT_EQ(t.world.demand.median_units_per_day, defaults.demand.median_units_per_day);
}

TEST(WorldScenario, EveryBlockAndKindIsReadable) {
  const std::string text = kExplicit + R"(demand:
  promotions:
    - {sku: APPLE, site: S1, region: north, start: 10d, duration: 3d, multiplier: 2}
  sku_rates: [{sku: MILK, units_per_day: 7.5}]
  trend_per_year: 0.05
  annual_amplitude: 0.2
  annual_peak: 340d
store_policy: {kind: periodic_order_up_to, review_period: 7d, safety_factor: 2, order_days: 5}
dc_policy: {kind: base_stock, review_period: 0s, order_up_to: 500, reorder_point: 100, initial_stock_days: 3}
dc: {dock_doors: 12, chilled_setpoint_c: 3, frozen_setpoint_c: -22, spoil_after: 90min}
supplier: {lead_time: 3d, capacity_units_per_day: 5000, partial_fill_mean: 0.5}
port: {berths: 3, sailing_interval: 3d, customs_hold_time: 36h}
fleet: {truck_capacity_units: 1800, breakdowns_per_1000_hours: 2, position_interval: 0s}
cost: {holding_rate_per_year: 0.3}
outputs: {stock_resolution: 6h, stock_series_max_locations: 10}
disruptions:
  - {kind: port_closure, target: PORT}
  - {kind: supplier_lead_time, target: SUP, magnitude: 2}
  - {kind: supplier_outage}
  - {kind: weather, target: east, rate_per_year: 4, duration_sigma: 0.8}
  - {kind: demand_spike, target: south}
  - {kind: demand_spike, target: S1}
  - {kind: demand_spike}
  - {kind: truck_breakdowns}
  - {kind: facility_outage, target: DC}
  - {kind: cold_room_failure, target: DC}
)";
  const LoadedWorldScenario s = load_ok(text);
  const world::WorldConfig& w = s.world;
  ASSERT_EQ(w.demand.promotions.size(), 1u);
  EXPECT_EQ(w.demand.promotions[0].site, "S1");
  EXPECT_EQ(w.demand.promotions[0].start, sim::days(10));
  EXPECT_EQ(w.demand.sku_rates[0].units_per_day, 7.5);
  EXPECT_EQ(w.demand.annual_peak, sim::days(340));
  EXPECT_EQ(w.store_policy.kind, world::PolicyKind::kPeriodicOrderUpTo);
  EXPECT_EQ(w.store_policy.review_period, sim::days(7));
  EXPECT_EQ(w.dc_policy.kind, world::PolicyKind::kBaseStock);
  EXPECT_EQ(w.dc_policy.order_up_to, 500);
  EXPECT_EQ(w.dc_policy.initial_stock_days, 3.0);
  EXPECT_EQ(w.dc.frozen_setpoint_c, -22.0);
  EXPECT_EQ(w.dc.spoil_after, sim::minutes(90));
  EXPECT_EQ(w.supplier.capacity_units_per_day, 5000u);
  EXPECT_EQ(w.port.customs_hold_time, sim::hours(36));
  EXPECT_EQ(w.fleet.truck_capacity_units, 1800u);
  EXPECT_EQ(w.cost.holding_rate_per_year, 0.3);
  EXPECT_EQ(w.output.stock_resolution, sim::hours(6));
  ASSERT_EQ(w.disruptions.size(), 10u);
  const std::vector<DisruptionKind> kinds = {DisruptionKind::kPortClosure,    DisruptionKind::kSupplierLeadTime,
                                             DisruptionKind::kSupplierOutage, DisruptionKind::kWeather,
                                             DisruptionKind::kDemandSpike,    DisruptionKind::kDemandSpike,
                                             DisruptionKind::kDemandSpike,    DisruptionKind::kTruckBreakdowns,
                                             DisruptionKind::kFacilityOutage, DisruptionKind::kColdRoomFailure};
  for (std::size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(w.disruptions[i].kind, kinds[i]) << i;
  EXPECT_EQ(w.disruptions[3].rate_per_year, 4.0);
  EXPECT_EQ(w.disruptions[3].duration_sigma, 0.8);
}

// ---------------------------------------------------------------------------------------------------------------
// Mistakes, each at its file:line:column

TEST(WorldScenario, UnknownFieldsSuggestTheClosest) {
  const std::string text = kExplicit + "demand:\n  median_unit_per_day: 3\nstore_polcy: {kind: min_max}\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 2u) << testing::PrintToString(e);
  EXPECT_NE(e[0].find("w.yaml:" + at(text, "median_unit_per_day") +
                      ": field 'demand.median_unit_per_day': unknown field 'median_unit_per_day'; did you mean "
                      "'median_units_per_day'?"),
            std::string::npos)
      << e[0];
  EXPECT_NE(e[1].find("w.yaml:" + at(text, "store_polcy") +
                      ": field 'store_polcy': unknown field 'store_polcy'; did you mean 'store_policy'?"),
            std::string::npos)
      << e[1];
}

TEST(WorldScenario, WrongTypesAndRangesSayWhatWasExpected) {
  const std::string text = kExplicit +
                           "fleet: {truck_capacity_units: lots}\nsupplier: {full_fill_probability: 1.5}\n"
                           "store_policy: {kind: minmax, order_quantity: 0}\n"
                           "dc: {unload_time: 45}\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 5u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "lots") +
                      ": field 'fleet.truck_capacity_units': expected a non-negative integer (units), got 'lots'");
  EXPECT_EQ(e[1], "w.yaml:" + value_after(text, "full_fill_probability: ") +
                      ": field 'supplier.full_fill_probability': must be between 0 and 1, got 1.5");
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "minmax") +
                      ": field 'store_policy.kind': expected one of 'min_max', 'reorder_point', 'base_stock', "
                      "'periodic_order_up_to', got 'minmax'; did you mean 'min_max'?");
  EXPECT_EQ(e[3], "w.yaml:" + value_after(text, "order_quantity: ") +
                      ": field 'store_policy.order_quantity': must be -1 (computed) or at least 1, got 0");
  EXPECT_NE(e[4].find("w.yaml:" + value_after(text, "unload_time: ") +
                      ": field 'dc.unload_time': expected a duration with a unit"),
            std::string::npos)
      << e[4];
}

TEST(WorldScenario, DayOfWeekNeedsSevenNonNegativeFactors) {
  const std::string base = "scenario: {name: x}\nnetwork: {generate: {stores: 5, skus: 500}}\n";
  std::string text = base + "demand: {day_of_week: [1, 1, 1]}\n";
  EXPECT_EQ(errors(text)[0],
            "w.yaml:3:23: field 'demand.day_of_week': expected a list of exactly 7 numbers "
            "(factor), got 3");
  text = base + "demand: {day_of_week: 1.2}\n";
  EXPECT_EQ(errors(text)[0],
            "w.yaml:3:23: field 'demand.day_of_week': expected a list of exactly 7 numbers "
            "(factor), got '1.2'");
  text = base + "demand: {day_of_week: [1, 1, -0.5, 1, 1, x, 1]}\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 1u) << testing::PrintToString(e);  // the item that is not a number: checks wait for a value
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "x,") + ": field 'demand.day_of_week[5]': expected a number (factor), got 'x'");
  text = base + "demand: {day_of_week: [1, 1, -0.5, 1, 1, -1, 1]}\n";
  const auto negative = errors(text);
  ASSERT_EQ(negative.size(), 2u) << testing::PrintToString(negative);
  EXPECT_EQ(negative[0],
            "w.yaml:" + at(text, "-0.5") + ": field 'demand.day_of_week[2]': must be at least 0, got -0.5");
  EXPECT_EQ(negative[1], "w.yaml:" + at(text, "-1,") + ": field 'demand.day_of_week[5]': must be at least 0, got -1");
  text = base + "demand: {day_of_week: [0, 0, 0, 0, 0, 0, 0]}\n";
  EXPECT_EQ(errors(text)[0],
            "w.yaml:3:23: field 'demand.day_of_week': must not all be 0: demand would stop on every day");
}

TEST(WorldScenario, NetworkNamesAreChecked) {
  std::string text = replaced(kExplicit, "{from: PORT, to: DC", "{from: PORT, to: DCX");
  text = replaced(text, "{site: S1, skus: [APPLE]}", "{site: S1, skus: [APPLE, APPEL]}");
  text = replaced(text, "{site: S2,", "{site: S3,");
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 3u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "DCX") +
                      ": field 'network.lanes[1].to': unknown site 'DCX'; did you mean "
                      "'DC'?");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "APPEL") +
                      ": field 'network.assortment[2].skus[1]': unknown SKU 'APPEL'; did you mean 'APPLE'?");
  EXPECT_EQ(e[2],
            "w.yaml:" + at(text, "S3") + ": field 'network.assortment[3].site': unknown site 'S3'; did you mean 'S1'?");
}

TEST(WorldScenario, DuplicateNamesAndSelfLanesAreReportedWhereWritten) {
  std::string text = replaced(kExplicit, "{name: S2,", "{name: S1,");
  text = replaced(text, "{name: MILK,", "{name: APPLE,");
  text = replaced(text, "{from: SUP, to: DC}", "{from: SUP, to: SUP}");
  const auto e = errors(text);
  ASSERT_GE(e.size(), 3u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "S1", "", 2) +
                      ": field 'network.sites[4].name': duplicate site name 'S1'; first given at network.sites[3]");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "APPLE,") +
                      ": field 'network.skus[1].name': duplicate SKU name 'APPLE'; first given at network.skus[0]");
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "SUP}") +
                      ": field 'network.lanes[0].to': a lane from a site to itself; expected two different sites");
}

TEST(WorldScenario, SiteFieldsAndTheNetworkFormAreChecked) {
  const std::string text =
      "scenario: {name: x}\nnetwork:\n  sites:\n    - {name: A, kind: shop, lat: 95, lon: 0}\n"
      "    - {name: B, kind: store, lat: 1}\n    - {name: C, kind: store, lat: 1, lon: 1, trucks: 3}\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 4u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "shop") +
                      ": field 'network.sites[0].kind': expected one of 'supplier', 'factory', 'port', 'dc', "
                      "'store', got 'shop'");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "95") + ": field 'network.sites[0].lat': must be between -90 and 90, got 95");
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "{name: B") +
                      ": field 'network.sites[1].lon': missing required field 'lon' (longitude, east positive)");
  EXPECT_EQ(e[3], "w.yaml:" + at(text, "3}") + ": field 'network.sites[2].trucks': only a dc has trucks");

  const std::string both =
      "scenario: {name: x}\nnetwork:\n  generate: {stores: 5}\n  sites: [{name: A, kind: store, lat: 1, lon: 1}]\n";
  EXPECT_EQ(errors(both)[0],
            "w.yaml:3:13: field 'network.generate': give either generate: or an explicit network "
            "(sites:, lanes:, skus:, assortment:), not both");
  // Empty lists are no explicit network, but an empty block is no network at all.
  EXPECT_EQ(errors("scenario: {name: x}\nnetwork: {}\n")[0],
            "w.yaml:2:10: field 'network.sites': give generate: or at least one site");
  EXPECT_EQ(errors("scenario: {name: x}\n")[0],
            "w.yaml:1:1: field 'network': missing required field 'network' (the network: generated or explicit)");
}

TEST(WorldScenario, DisruptionTargetsMustHaveTheRightKind) {
  const std::string text = kExplicit + R"(disruptions:
  - {kind: port_closure, target: DC}
  - {kind: supplier_outage, target: S1}
  - {kind: weather, target: nort}
  - {kind: weather}
  - {kind: demand_spike, target: SUP}
  - {kind: demand_spike, target: southh}
  - {kind: truck_breakdowns, target: PORT}
  - {kind: facility_outage}
  - {kind: cold_room_failure, target: DX}
  - {kind: port_closure, target: PORTT}
)";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 10u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "DC}", "disruptions:") +
                      ": field 'disruptions[0].target': 'DC' is a dc; a port_closure targets a port (ports: 'PORT')");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "S1}", "disruptions:") +
                      ": field 'disruptions[1].target': 'S1' is a store; a supplier_outage targets a supplier "
                      "(suppliers: 'SUP')");
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "nort}") +
                      ": field 'disruptions[2].target': unknown region 'nort'; did you mean 'north'?");
  EXPECT_EQ(e[3], "w.yaml:" + at(text, "{kind: weather}") +
                      ": field 'disruptions[3].target': a weather needs a target: the region it strikes (regions: "
                      "'east', 'north', 'south')");
  EXPECT_EQ(e[4], "w.yaml:" + at(text, "SUP}", "disruptions:") +
                      ": field 'disruptions[4].target': 'SUP' is a supplier; a demand_spike targets a store or a "
                      "region with stores (stores: 'S1', 'S2')");
  EXPECT_EQ(e[5], "w.yaml:" + at(text, "southh") +
                      ": field 'disruptions[5].target': unknown store or region 'southh'; did you mean 'south'?");
  EXPECT_EQ(e[6], "w.yaml:" + at(text, "PORT}", "disruptions:") +
                      ": field 'disruptions[6].target': 'PORT' is a port; truck_breakdowns target a dc (dcs: 'DC')");
  EXPECT_EQ(e[7], "w.yaml:" + at(text, "{kind: facility_outage}") +
                      ": field 'disruptions[7].target': a facility_outage needs a target: the dc it strikes (dcs: "
                      "'DC')");
  EXPECT_EQ(e[8], "w.yaml:" + at(text, "DX}") + ": field 'disruptions[8].target': unknown dc 'DX'; did you mean 'DC'?");
  EXPECT_EQ(e[9], "w.yaml:" + at(text, "PORTT") +
                      ": field 'disruptions[9].target': unknown port 'PORTT'; did you mean 'PORT'?");
}

TEST(WorldScenario, GeneratedNetworkNamesAreCheckedToo) {
  const std::string text =
      "scenario: {name: x, horizon: 30d}\nnetwork: {generate: {stores: 10, dcs: 2, ports: 1, skus: 500}}\n"
      "disruptions:\n  - {kind: port_closure, target: PORT-1}\n  - {kind: facility_outage, target: DC-003}\n"
      "  - {kind: cold_room_failure, target: DC-001, start: 30d}\n"
      "demand:\n  sku_rates: [{sku: SKU-000501}]\n  promotions: [{site: STORE-00004, region: us/c9}]\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 5u) << testing::PrintToString(e);
  // The world blocks come first in the checks: demand, then disruptions.
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "us/c9") +
                      ": field 'demand.promotions[0].region': no store is in region 'us/c9'; did you mean 'us/c1'?");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "SKU-000501") +
                      ": field 'demand.sku_rates[0].sku': unknown SKU 'SKU-000501'; did you mean 'SKU-000001'?")
      << "the first of the SKUs one edit away";
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "PORT-1") +
                      ": field 'disruptions[0].target': unknown port 'PORT-1'; did you mean 'PORT-01'?");
  EXPECT_EQ(e[3], "w.yaml:" + at(text, "DC-003") +
                      ": field 'disruptions[1].target': unknown dc 'DC-003'; did you mean 'DC-001'?");
  EXPECT_EQ(e[4], "w.yaml:" + at(text, "30d}", "cold_room_failure") +
                      ": field 'disruptions[2].start': starts at 30d, at or after the horizon (30d): it would never "
                      "happen");
}

TEST(WorldScenario, PromotionsAndSkuRatesAreChecked) {
  const std::string text = kExplicit + R"(demand:
  promotions:
    - {sku: PEAR, site: DC}
    - {site: S1, region: south}
  sku_rates:
    - {sku: MILK, units_per_day: 2}
    - {sku: MILK, units_per_day: 3}
)";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 4u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "PEAR") +
                      ": field 'demand.promotions[0].sku': unknown SKU 'PEAR' (SKUs: 'APPLE', 'MILK')");
  EXPECT_EQ(e[1], "w.yaml:" + at(text, "DC}", "promotions:") +
                      ": field 'demand.promotions[0].site': 'DC' is a dc; a promotion applies to a store (stores: "
                      "'S1', 'S2')");
  EXPECT_EQ(e[2], "w.yaml:" + at(text, "south}", "promotions:") +
                      ": field 'demand.promotions[1].region': store 'S1' is in region 'north', not 'south': the "
                      "promotion would match nothing");
  EXPECT_EQ(e[3], "w.yaml:" + at(text, "MILK, units_per_day: 3") +
                      ": field 'demand.sku_rates[1].sku': a rate for SKU 'MILK' was already given at "
                      "demand.sku_rates[0]");
}

TEST(WorldScenario, EveryProblemIsReportedAtOnce) {
  const std::string text = kExplicit +
                           "demand: {median_units_per_day: -2, promotions: [{sku: NOPE}]}\n"
                           "dc: {frozen_setpoint_c: 5}\ncost: {holding_rate: 1}\n"
                           "disruptions: [{kind: facility_outage, target: S2}]\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 5u) << testing::PrintToString(e);
  EXPECT_NE(e[0].find("field 'demand.median_units_per_day': must be between 0 and 1000000, got -2"), std::string::npos);
  EXPECT_NE(e[1].find("field 'dc.frozen_setpoint_c': must be between -60 and 0, got 5"), std::string::npos);
  EXPECT_NE(e[2].find("field 'cost.holding_rate': unknown field 'holding_rate'; did you mean 'holding_rate_per_year'?"),
            std::string::npos);
  // The promotions list decoded cleanly, though the block it is in did not: its names are still checked.
  EXPECT_NE(e[3].find("field 'demand.promotions[0].sku': unknown SKU 'NOPE'"), std::string::npos);
  EXPECT_NE(e[4].find("field 'disruptions[0].target': 'S2' is a store; a facility_outage targets a dc"),
            std::string::npos);
}

TEST(WorldScenario, NothingIsCheckedAgainstANetworkThatDidNotLoad) {
  const std::string text =
      "scenario: {name: x}\nnetwork: {generate: {stores: many}}\n"
      "disruptions: [{kind: port_closure, target: NOWHERE}]\n";
  const auto e = errors(text);
  ASSERT_EQ(e.size(), 1u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], "w.yaml:" + at(text, "many") +
                      ": field 'network.generate.stores': expected a non-negative integer (count), got 'many'");
}

// ---------------------------------------------------------------------------------------------------------------
// extends:

TEST(WorldScenario, ExtendsMergesMappingsAndReplacesScalarsAndLists) {
  const ScratchDir dir("extends_merge");
  dir.write("base.yaml", R"(scenario: {name: base, seed: 5, replications: 3, horizon: 60d}
network:
  generate: {stores: 12, dcs: 2, skus: 500, seed: 9}
demand:
  median_units_per_day: 3
  day_of_week: [1, 1, 1, 1, 1, 2, 2]
  promotions:
    - {start: 1d}
    - {start: 2d}
disruptions:
  - {kind: truck_breakdowns, magnitude: 2}
  - {kind: supplier_outage}
)");
  const std::string what_if = dir.write("what_if.yaml", R"(extends: base.yaml
scenario: {name: what-if}
network:
  generate: {stores: 14}
demand:
  promotions: [{start: 5d, multiplier: 3}]
disruptions: [{kind: demand_spike, magnitude: 2.5}]
)");
  const auto r = load_world_scenario(what_if);
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const LoadedWorldScenario& s = r.value();
  EXPECT_EQ(s.scenario.name, "what-if");
  EXPECT_EQ(s.scenario.seed, 5u);
  EXPECT_EQ(s.scenario.replications, 3u);
  EXPECT_EQ(s.scenario.horizon, sim::days(60));
  EXPECT_EQ(count_kind(s.network, SiteKind::kStore), 14u);
  EXPECT_EQ(count_kind(s.network, SiteKind::kDistributionCenter), 2u);
  network::GeneratorConfig generated;
  generated.stores = 14;
  generated.dcs = 2;
  generated.skus = 500;
  generated.seed = 9;
  EXPECT_EQ(network::fingerprint(s.network), network::fingerprint(network::generate_network(generated)));
  EXPECT_EQ(s.world.demand.median_units_per_day, 3.0);
  EXPECT_EQ(s.world.demand.day_of_week, (std::array<double, 7>{1, 1, 1, 1, 1, 2, 2}));
  ASSERT_EQ(s.world.demand.promotions.size(), 1u);  // the list is replaced, not appended to or merged
  EXPECT_EQ(s.world.demand.promotions[0].start, sim::days(5));
  EXPECT_EQ(s.world.demand.promotions[0].multiplier, 3.0);
  ASSERT_EQ(s.world.disruptions.size(), 1u);
  EXPECT_EQ(s.world.disruptions[0].kind, DisruptionKind::kDemandSpike);
  EXPECT_EQ(s.file, what_if);

  // An empty list removes what the base had.
  const auto cleared = load_world_scenario_text("extends: base.yaml\ndisruptions: []\n", dir.path("cleared.yaml"));
  ASSERT_TRUE(cleared.ok()) << to_string(cleared.diagnostics());
  EXPECT_TRUE(cleared.value().world.disruptions.empty());
  EXPECT_EQ(cleared.value().scenario.name, "base");
}

TEST(WorldScenario, ExtendsChainsAndPathsAreRelativeToTheFileThatSaysIt) {
  const ScratchDir dir("extends_chain");
  dir.write("common/root.yaml", "scenario: {name: root, seed: 11}\nnetwork: {generate: {stores: 6, skus: 500}}\n");
  dir.write("common/middle.yaml", "extends: root.yaml\nscenario: {replications: 4}\n");
  const std::string leaf = dir.write("leaf/leaf.yaml", "extends: ../common/middle.yaml\nscenario: {name: leaf}\n");
  const auto r = load_world_scenario(leaf);
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  EXPECT_EQ(r.value().scenario.name, "leaf");
  EXPECT_EQ(r.value().scenario.seed, 11u);
  EXPECT_EQ(r.value().scenario.replications, 4u);
  EXPECT_EQ(count_kind(r.value().network, SiteKind::kStore), 6u);
}

TEST(WorldScenario, ProblemsStayInTheFileThatHoldsThem) {
  const ScratchDir dir("extends_positions");
  const std::string base_text =
      "scenario: {name: base}\nnetwork: {generate: {stores: 6, skus: 500, ports: 1}}\n"
      "demand:\n  median_units_per_day: -1\ndisruptions:\n  - {kind: port_closure, target: PORT-09}\n";
  const std::string base = dir.write("base.yaml", base_text);
  const std::string what_if_text =
      "extends: base.yaml\nscenario: {name: w}\nfleet: {truck_capacity: 10}\n"
      "demand: {promotions: [{site: STORE-0001}]}\n";
  const std::string what_if = dir.write("what_if.yaml", what_if_text);
  const auto r = load_world_scenario(what_if);
  ASSERT_FALSE(r.ok());
  const auto e = lines(r.diagnostics());
  ASSERT_EQ(e.size(), 4u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], base + ":" + at(base_text, "-1") +
                      ": field 'demand.median_units_per_day': must be between 0 and 1000000, got -1");
  EXPECT_NE(e[1].find(what_if + ":" + at(what_if_text, "truck_capacity") +
                      ": field 'fleet.truck_capacity': unknown field 'truck_capacity'; did you mean "
                      "'truck_capacity_units'?"),
            std::string::npos)
      << e[1];
  EXPECT_EQ(e[2], what_if + ":" + at(what_if_text, "STORE-0001") +
                      ": field 'demand.promotions[0].site': unknown store 'STORE-0001'; did you mean 'STORE-00001'?");
  EXPECT_EQ(e[3], base + ":" + at(base_text, "PORT-09") +
                      ": field 'disruptions[0].target': unknown port 'PORT-09'; did you mean 'PORT-01'?");
}

TEST(WorldScenario, ExtendsCyclesAndMissingFilesAreReportedAtTheExtendsValue) {
  const ScratchDir dir("extends_cycle");
  const std::string a = dir.write("a.yaml", "extends: b.yaml\nscenario: {name: a}\n");
  const std::string b_text = "scenario: {name: b}\nextends: ./a.yaml\n";
  const std::string b = dir.write("b.yaml", b_text);
  auto r = load_world_scenario(a);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1u) << to_string(r.diagnostics());
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            b + ":2:10: field 'extends': extends cycle: " + a + " -> " + b + " -> " + a);

  const std::string self = dir.write("self.yaml", "extends: self.yaml\n");
  r = load_world_scenario(self);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(), self + ":1:10: field 'extends': extends cycle: " + self + " -> " + self);

  const std::string missing = dir.write("missing.yaml", "scenario: {name: m}\nextends: nowhere.yaml\n");
  r = load_world_scenario(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(), missing + ":2:10: field 'extends': cannot extend '" +
                                                dir.path("nowhere.yaml") +
                                                "': cannot open the scenario file: No such file or directory");

  r = load_world_scenario_text("extends: [a.yaml, b.yaml]\n", dir.path("list.yaml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(), dir.path("list.yaml") +
                                                ":1:10: field 'extends': expected the path of the scenario file this "
                                                "one extends, got a list");

  // A YAML syntax error in the extended file is reported in it.
  dir.write("broken.yaml", "scenario: {name: x\n");
  r = load_world_scenario_text("extends: broken.yaml\n", dir.path("uses_broken.yaml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].file, dir.path("broken.yaml"));
  EXPECT_NE(r.diagnostics()[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(WorldScenario, MergeReplacesAllButMappings) {
  const Document base = parse_document("a: {x: 1, y: [1, 2], z: {p: 1}}\nb: 2\nc: [1]\n", "base.yaml");
  const Document over = parse_document("a: {y: [3], z: {q: 2}, w: 4}\nc: {k: 1}\nd: 5\n", "over.yaml");
  ASSERT_TRUE(base.diagnostics.empty() && over.diagnostics.empty());
  const Node merged = merge(base.root, over.root);
  std::vector<std::string> keys;
  for (const Entry& e : merged.entries) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c", "d"}));
  const Node& a = *merged.find("a");
  EXPECT_EQ(a.find("x")->scalar, "1");
  EXPECT_EQ(*a.find("x")->source, "base.yaml");
  ASSERT_EQ(a.find("y")->items.size(), 1u);
  EXPECT_EQ(a.find("y")->items[0].scalar, "3");
  EXPECT_EQ(*a.find("y")->source, "over.yaml");
  EXPECT_EQ(a.find("z")->find("p")->scalar, "1");
  EXPECT_EQ(a.find("z")->find("q")->scalar, "2");
  EXPECT_EQ(a.find("w")->scalar, "4");
  EXPECT_EQ(merged.find("b")->scalar, "2");
  EXPECT_EQ(merged.find("c")->kind, Node::Kind::kMapping);  // a mapping over a list replaces it
  EXPECT_EQ(merged.find("d")->scalar, "5");
  EXPECT_EQ(*merged.source, "over.yaml");
}

// ---------------------------------------------------------------------------------------------------------------
// demand.replay_csv

TEST(WorldScenario, ReplayCsvIsLoadedRelativeToTheFileThatNamesIt) {
  const ScratchDir dir("replay");
  dir.write("data/demand.csv", "day,store,sku,units\n1,S2,MILK,4\n0,S1,APPLE,2\n0,S2,MILK,3\n");
  dir.write("data/base.yaml", kExplicit + "demand: {replay_csv: demand.csv}\n");
  const auto r = load_world_scenario_text("extends: data/base.yaml\nscenario: {name: replay}\n", dir.path("w.yaml"));
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const LoadedWorldScenario& s = r.value();
  EXPECT_EQ(s.world.demand.replay_csv, dir.path("data/demand.csv"));
  ASSERT_EQ(s.history.rows.size(), 3u);
  EXPECT_EQ(s.history.rows[0].store, s.network.find_site("S1"));
  EXPECT_EQ(s.history.rows[1].day, 0u);
  EXPECT_EQ(s.history.rows[1].units, 3u);
  EXPECT_EQ(s.history.rows[2].day, 1u);
}

TEST(WorldScenario, ReplayCsvProblemsAreReportedInTheCsv) {
  const ScratchDir dir("replay_bad");
  const std::string csv = dir.write("demand.csv", "day,store,sku,units\n0,S1,APPLE,2\n0,S9,APPLE,1\n1,S1,MILK,2\n");
  const auto e = lines(
      load_world_scenario_text(kExplicit + "demand: {replay_csv: demand.csv}\n", dir.path("w.yaml")).diagnostics());
  ASSERT_EQ(e.size(), 2u) << testing::PrintToString(e);
  EXPECT_EQ(e[0], csv + ":3:3: field 'store': unknown store 'S9'; did you mean 'S1'?");
  EXPECT_EQ(e[1], csv +
                      ":4:6: field 'sku': store 'S1' does not carry SKU 'MILK' (it is not in the store's "
                      "assortment)");

  const std::string text = kExplicit + "demand: {replay_csv: absent.csv}\n";
  const auto missing = lines(load_world_scenario_text(text, dir.path("w.yaml")).diagnostics());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], dir.path("w.yaml") + ":" + at(text, "absent.csv") +
                            ": field 'demand.replay_csv': cannot open the demand CSV: No such file or directory ('" +
                            dir.path("absent.csv") + "')");
}

}  // namespace
}  // namespace chaintwin::scenarios

// The streams: block of `chaintwin stream`.
namespace chaintwin::scenarios {
namespace {

TEST(WorldScenarioStreams, StreamsBlockSetsSourcesAndItsMistakesArePlaced) {
  const auto s = load_ok(kExplicit + R"(streams:
  start_date: 2025-06-02
  noise: false
  sources:
    gps: {topic: fleet.positions, noise: {gps_sigma_m: 7.5}}
    edi: {enabled: false, delay: {batch_every: 15min}}
)");
  EXPECT_EQ(s.streams.epoch_unix_s, 1'748'822'400);  // 2025-06-02T00:00:00Z
  EXPECT_FALSE(s.streams.noise);
  EXPECT_EQ(s.streams.source(generators::Source::kGps).topic, "fleet.positions");
  EXPECT_DOUBLE_EQ(s.streams.source(generators::Source::kGps).noise.gps_sigma_m, 7.5);
  EXPECT_FALSE(s.streams.source(generators::Source::kEdi).enabled);
  EXPECT_EQ(s.streams.source(generators::Source::kEdi).delay.batch_every, sim::minutes(15));
  // Sources not named keep their own defaults (EDI's hourly batches are not GPS's).
  EXPECT_EQ(s.streams.source(generators::Source::kPos).topic, "chaintwin.pos");
  EXPECT_EQ(s.streams.source(generators::Source::kPos).delay.batch_every, sim::hours(1));

  const auto e = errors(kExplicit + R"(streams:
  start_date: 2025-06-03
  sources:
    gps: {noise: {gps_outlier: 2}}
    pos: {topc: x}
)");
  const std::string all = [&] {
    std::string a;
    for (const auto& line : e) a += line + "\n";
    return a;
  }();
  EXPECT_NE(all.find("streams.start_date"), std::string::npos) << all;
  EXPECT_NE(all.find("is not a Monday"), std::string::npos) << all;
  EXPECT_NE(all.find("streams.sources.gps.noise.gps_outlier"), std::string::npos) << all;
  EXPECT_NE(all.find("did you mean 'topic'"), std::string::npos) << all;
  EXPECT_NE(errors(kExplicit + "streams: {start_date: 2025-02-30}\n").front().find("YYYY-MM-DD"), std::string::npos);
}

}  // namespace
}  // namespace chaintwin::scenarios
