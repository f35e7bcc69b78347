#pragma once
// World scenarios: one YAML file describing a whole supply-chain world (its network, demand, inventory policies,
// facilities, suppliers, ports, fleet, disruptions and outputs), loaded into a network::Network and a
// world::WorldConfig ready to simulate.
//
// Top-level blocks: `scenario:` (ScenarioBase, required); `network:` (required), either `generate:` (the synthetic
// generator's knobs) or an explicit network (`sites:`, `lanes:`, `skus:`, `assortment:`); then `demand:`,
// `store_policy:`, `dc_policy:`, `dc:`, `supplier:`, `port:`, `fleet:`, `disruptions:`, `cost:`, `outputs:`,
// `streams:` and `expectations:` (scenarios/expectation.hpp).
// `extends: other.yaml` loads that file first and merges this one over it (read_extended_document), which is how
// what-if scenarios are written: the baseline plus their changes.
//
// Loading reports every problem, each at file:line:column with its field path and never by throwing: what the
// schema finds (unknown fields with the closest name, wrong types, out-of-range values), names that refer to no
// site, region or SKU of the network (or to a site of the wrong kind), Network::validate() problems (at the
// `network:` block), and the problems of a demand replay CSV (at their own file:line:column).
//
// Cost: binding is linear in the file; a generated network costs what network::generate_network costs (about
// 0.15 s for a national one); each name is one hash lookup, plus a pass over the names for a suggestion when
// it is unknown.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generators/config.hpp"
#include "network/generator.hpp"
#include "network/network.hpp"
#include "scenarios/diagnostic.hpp"
#include "scenarios/expectation.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/schema.hpp"
#include "sim/world/config.hpp"
#include "sim/world/demand_history.hpp"

namespace chaintwin::scenarios {

// An explicit network, as written in `network:`. Sites are always open (network::OpeningHours::always()).
struct SiteSpec {
  std::string name;
  network::SiteKind kind = network::SiteKind::kStore;
  double lat = 0.0;  // degrees
  double lon = 0.0;
  std::string region;
  std::uint32_t dock_doors = 0;
  std::uint32_t storage_pallets = 0;
  std::uint32_t throughput_units_per_day = 0;
  std::uint32_t trucks = 0;
};

// What a lane leaves out comes from the mode's network::ModeProfile, as network::make_lane derives it: distance
// from the great circle, transit and costs from the distance (the given one, if any).
struct LaneSpec {
  std::string from;
  std::string to;
  network::TransportMode mode = network::TransportMode::kRoad;
  std::optional<double> distance_km;
  std::optional<double> transit_hours;  // median
  std::optional<double> transit_sigma;
  std::optional<double> cost_per_shipment;
  std::optional<double> cost_per_unit;
};

struct SkuSpec {
  std::string name;
  double unit_volume_m3 = 0.003;  // the generator's median retail unit
  double unit_weight_kg = 1.0;
  network::TemperatureClass temperature = network::TemperatureClass::kAmbient;
  double unit_value = 6.0;
};

// `skus: [a, b]` or `skus: all` (every SKU of the network).
struct SkuSelection {
  bool all = false;
  std::vector<std::string> names;
};

struct AssortmentSpec {
  std::string site;
  SkuSelection skus;
};

struct NetworkSpec {
  std::optional<network::GeneratorConfig> generate;
  std::vector<SiteSpec> sites;
  std::vector<LaneSpec> lanes;
  std::vector<SkuSpec> skus;
  std::vector<AssortmentSpec> assortment;  // a site absent from it carries nothing
};

// A world scenario file as written. Each world block starts from world::WorldConfig's defaults.
// The `streams:` block: what the stream generators emit (generators::StreamsConfig, one block per source).
struct StreamSourcesSpec {
  generators::SourceConfig epcis = of(generators::Source::kEpcis);
  generators::SourceConfig equipment = of(generators::Source::kEquipment);
  generators::SourceConfig gps = of(generators::Source::kGps);
  generators::SourceConfig ais = of(generators::Source::kAis);
  generators::SourceConfig edi = of(generators::Source::kEdi);
  generators::SourceConfig erp = of(generators::Source::kErp);
  generators::SourceConfig pos = of(generators::Source::kPos);
  generators::SourceConfig supplier = of(generators::Source::kSupplier);
  generators::SourceConfig external = of(generators::Source::kExternal);
  static generators::SourceConfig of(generators::Source source) {
    return generators::StreamsConfig::default_sources()[static_cast<std::size_t>(source)];
  }
};
struct StreamsSpec {
  std::string start_date = "2025-03-03";  // the Monday simulated time 0 falls on
  bool noise = true;
  double web_order_share = generators::StreamsConfig{}.web_order_share;
  StreamSourcesSpec sources;
};
// The streams block as the generators' configuration.
generators::StreamsConfig streams_config(const StreamsSpec& s);

struct WorldScenario {
  std::string extends;  // resolved (and removed) before binding: here for the docs
  ScenarioBase scenario;
  NetworkSpec network;
  world::DemandConfig demand = world::WorldConfig{}.demand;
  world::PolicyConfig store_policy = world::WorldConfig{}.store_policy;
  world::PolicyConfig dc_policy = world::WorldConfig{}.dc_policy;
  world::DcConfig dc = world::WorldConfig{}.dc;
  world::SupplierConfig supplier = world::WorldConfig{}.supplier;
  world::PortConfig port = world::WorldConfig{}.port;
  world::FleetConfig fleet = world::WorldConfig{}.fleet;
  std::vector<world::DisruptionConfig> disruptions = world::WorldConfig{}.disruptions;
  world::CostConfig cost = world::WorldConfig{}.cost;
  world::VisibilityConfig visibility = world::WorldConfig{}.visibility;
  world::OutputConfig outputs = world::WorldConfig{}.output;
  StreamsSpec streams;
  std::vector<Expectation> expectations;
};

// The world blocks of a scenario as one WorldConfig.
world::WorldConfig world_config(const WorldScenario& s);

// A loaded world scenario: everything a run needs.
struct LoadedWorldScenario {
  ScenarioBase scenario;
  network::Network network;      // valid: Network::validate() found nothing
  world::WorldConfig world;      // world.demand.replay_csv, when set, is the path resolved against its scenario file
  world::DemandHistory history;  // empty without demand.replay_csv
  std::string file;              // the scenario file, as given
  generators::StreamsConfig streams;  // what `chaintwin stream` emits
  std::vector<Expectation> expectations;  // what `chaintwin run` and `chaintwin score` check
};

// Reads a world scenario file, following `extends:`; reads the files it names and writes nothing.
Result<LoadedWorldScenario> load_world_scenario(const std::string& path);
// The same for text in memory; file names it in diagnostics, and `extends:` and demand.replay_csv paths are
// relative to its directory.
Result<LoadedWorldScenario> load_world_scenario_text(std::string_view text, const std::string& file);

// The schemas, for the reference page (docs/scenarios.md) and for binding parts on their own.
const Schema<WorldScenario>& world_scenario_schema();
const Schema<NetworkSpec>& network_spec_schema();
const Schema<SiteSpec>& site_spec_schema();
const Schema<LaneSpec>& lane_spec_schema();
const Schema<SkuSpec>& sku_spec_schema();
const Schema<AssortmentSpec>& assortment_spec_schema();
const Schema<world::DemandConfig>& demand_schema();
const Schema<world::Promotion>& promotion_schema();
const Schema<world::DemandConfig::SkuRate>& sku_rate_schema();
const Schema<world::PolicyConfig>& policy_schema();
const Schema<world::DcConfig>& dc_schema();
const Schema<world::SupplierConfig>& supplier_schema();
const Schema<world::PortConfig>& port_schema();
const Schema<world::FleetConfig>& fleet_schema();
const Schema<world::DisruptionConfig>& disruption_schema();
const Schema<world::CostConfig>& cost_schema();
const Schema<world::VisibilityConfig>& visibility_schema();
const Schema<world::OutputConfig>& output_schema();
const Schema<StreamsSpec>& streams_schema();
const Schema<StreamSourcesSpec>& stream_sources_schema();
const Schema<generators::SourceConfig>& source_schema();
const Schema<generators::DelayConfig>& delay_schema();
const Schema<generators::NoiseConfig>& noise_schema();
const Schema<generators::SchemaConfig>& schema_drift_schema();

}  // namespace chaintwin::scenarios
