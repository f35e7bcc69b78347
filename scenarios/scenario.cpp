#include "scenarios/scenario.hpp"

#include <utility>

namespace chaintwin::scenarios {

using network::GeneratorConfig;
using network::Region;
using sim::models::MmcDockConfig;

const Schema<ScenarioBase>& scenario_base_schema() {
  static const Schema<ScenarioBase> schema = [] {
    Schema<ScenarioBase> s("ScenarioBase",
                           "The `scenario:` block of every scenario file: what the run is called and "
                           "how it is replicated.");
    s.field("name", &ScenarioBase::name, "names the run in reports and output files", "").required().non_empty();
    s.field("seed", &ScenarioBase::seed, "master seed of the random streams: same seed, same results", "");
    s.field("replications", &ScenarioBase::replications, "independent replications, for confidence intervals", "count")
        .range(1, 100'000);
    s.field("threads", &ScenarioBase::threads, "worker threads for the replications; 0: one per core", "count")
        .range(0, 1'024);
    s.field("horizon", &ScenarioBase::horizon, "simulated time each replication runs", "").above(sim::SimTime::zero());
    s.field("warm_up", &ScenarioBase::warm_up, "statistics ignore what happens before this", "");
    s.rule("warm_up", "must be shorter than horizon", [](const ScenarioBase& b) { return b.warm_up < b.horizon; });
    return s;
  }();
  return schema;
}

MmcDockConfig dock_config(const DockScenario& s) {
  MmcDockConfig config = s.dock;
  config.horizon = s.scenario.horizon;
  config.warm_up = s.scenario.warm_up;
  return config;
}

const Schema<MmcDockConfig>& mmc_dock_schema() {
  static const Schema<MmcDockConfig> schema = [] {
    Schema<MmcDockConfig> s("MmcDockConfig",
                            "The `dock:` block: an M/M/c receiving dock (Poisson arrivals, FIFO "
                            "queue, exponential unloading), checked against Erlang C.");
    s.field("doors", &MmcDockConfig::doors, "dock doors (c)", "count").range(1, 10'000);
    s.field("arrivals_per_hour", &MmcDockConfig::arrivals_per_hour, "truck arrival rate (lambda)", "per hour")
        .above(0.0);
    s.field("unloads_per_hour", &MmcDockConfig::unloads_per_hour, "unloading rate of one door (mu)", "per hour")
        .above(0.0);
    // Horizon and warm-up are the scenario's (the `scenario:` block), not repeated here.
    s.field("max_trucks", &MmcDockConfig::max_trucks, "stop after this many trucks have unloaded; 0: no limit",
            "count");
    return s;
  }();
  return schema;
}

const Schema<GeneratorConfig>& generator_schema() {
  static const Schema<GeneratorConfig> schema = [] {
    Schema<GeneratorConfig> s("GeneratorConfig",
                              "The `network:` block: knobs of the synthetic network generator "
                              "(see `docs/network.md`).");
    s.field("suppliers", &GeneratorConfig::suppliers, "suppliers, each supplying its own SKUs", "count")
        .range(1, 100'000);
    s.field("ports", &GeneratorConfig::ports, "sea ports on the region's coasts", "count").range(0, 1'000);
    s.field("dcs", &GeneratorConfig::dcs, "distribution centres", "count").range(1, 10'000);
    s.field("stores", &GeneratorConfig::stores, "stores, clustered around population centres", "count")
        .range(0, 1'000'000);
    s.field("trucks", &GeneratorConfig::trucks, "trucks, based at the DCs in proportion to the stores they serve",
            "count")
        .range(0, 1'000'000);
    s.field("skus", &GeneratorConfig::skus, "stock-keeping units in the catalogue", "count").range(1, 10'000'000);
    // Region::named offers no list of its names: these are the names it knows.
    std::vector<std::pair<std::string, Region>> regions;
    for (const char* name : {"us", "eu", "uk"}) regions.emplace_back(name, Region::named(name).value());
    s.choice("region", &GeneratorConfig::region, "the bounding box sites are drawn in", std::move(regions),
             [](const Region& a, const Region& b) { return a.name == b.name; });
    s.field("chilled_share", &GeneratorConfig::chilled_share, "share of SKUs that are chilled", "fraction")
        .range(0.0, 1.0);
    s.field("frozen_share", &GeneratorConfig::frozen_share, "share of SKUs that are frozen", "fraction")
        .range(0.0, 1.0);
    s.field("min_skus_per_store", &GeneratorConfig::min_skus_per_store, "fewest SKUs a store carries", "count")
        .at_least(1u);
    s.field("max_skus_per_store", &GeneratorConfig::max_skus_per_store, "most SKUs a store carries", "count")
        .at_least(1u);
    s.field("import_share", &GeneratorConfig::import_share, "share of suppliers sourcing overseas through the ports",
            "fraction")
        .range(0.0, 1.0);
    s.field("population_centres", &GeneratorConfig::population_centres,
            "cities the stores cluster around; 0: one per 40 stores", "count")
        .range(0, 100'000);
    s.field("popularity_sigma", &GeneratorConfig::popularity_sigma,
            "log-space spread of SKU popularity; 0: all equally popular", "")
        .range(0.0, 10.0);
    s.field("seed", &GeneratorConfig::seed, "seed of the network's random streams", "");
    s.rule("max_skus_per_store", "must be at least min_skus_per_store and at most skus", [](const GeneratorConfig& c) {
      return c.min_skus_per_store <= c.max_skus_per_store && c.max_skus_per_store <= c.skus;
    });
    s.rule("frozen_share", "chilled_share + frozen_share must be at most 1",
           [](const GeneratorConfig& c) { return c.chilled_share + c.frozen_share <= 1.0; });
    return s;
  }();
  return schema;
}

const Schema<DockScenario>& dock_scenario_schema() {
  static const Schema<DockScenario> schema = [] {
    Schema<DockScenario> s("DockScenario", "A scenario file for the M/M/c dock.");
    s.nested("scenario", &DockScenario::scenario, "the run", scenario_base_schema()).required();
    s.nested("dock", &DockScenario::dock, "the dock", mmc_dock_schema());
    return s;
  }();
  return schema;
}

const Schema<NetworkScenario>& network_scenario_schema() {
  static const Schema<NetworkScenario> schema = [] {
    Schema<NetworkScenario> s("NetworkScenario", "A scenario file for a synthetic network.");
    s.nested("scenario", &NetworkScenario::scenario, "the run", scenario_base_schema()).required();
    s.nested("network", &NetworkScenario::network, "the generated network", generator_schema());
    return s;
  }();
  return schema;
}

std::string reference_markdown() {
  std::string md =
      "# Scenario files\n\n"
      "<!-- Generated from the schemas in scenarios/scenario.cpp; tests/scenarios/scenario_test.cpp fails when it is "
      "out "
      "of date. -->\n\n"
      "A scenario is a YAML file: a `scenario:` block, then one block per model. A field left out keeps the default "
      "below; a field marked required must be given. Durations carry their unit: `36h`, `2d`, `90min`, `45s` "
      "(units: w, d, h, min, s, ms, ns; decimals allowed, e.g. `1.5h`). Names of choices are case-sensitive.\n\n"
      "Every problem in a file is reported, one line each, as `file:line:column: field 'path': message`, and "
      "nothing is run.\n\n"
      "Examples: `scenarios/examples/mmc_dock.yaml`, `scenarios/examples/national_network.yaml`.\n\n"
      "## File layouts\n\n";
  md += describe_markdown(dock_scenario_schema()) + "\n";
  md += describe_markdown(network_scenario_schema()) + "\n";
  md += "## Blocks\n\n";
  md += describe_markdown(scenario_base_schema()) + "\n";
  md += describe_markdown(mmc_dock_schema()) + "\n";
  md += describe_markdown(generator_schema());
  return md;
}

}  // namespace chaintwin::scenarios
