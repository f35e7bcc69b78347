#include "scenarios/scenario.hpp"

#include <utility>

#include "scenarios/expectation.hpp"
#include "scenarios/world_scenario.hpp"

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
                              "Knobs of the synthetic network generator (see `docs/network.md`): the `network:` block "
                              "of a `NetworkScenario`, `network.generate:` of a `WorldScenario`.");
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
      "<!-- Generated from the schemas in scenarios/scenario.cpp and scenarios/world_scenario.cpp; "
      "tests/scenarios/scenario_test.cpp fails when it is out of date. -->\n\n"
      "A scenario is a YAML file: a `scenario:` block, then one block per model. A field left out keeps the default "
      "below; a field marked required must be given. Durations carry their unit: `36h`, `2d`, `90min`, `45s` "
      "(units: w, d, h, min, s, ms, ns; decimals allowed, e.g. `1.5h`). Names of choices are case-sensitive.\n\n"
      "Every problem in a file is reported, one line each, as `file:line:column: field 'path': message`, and "
      "nothing is run.\n\n"
      "Examples in `scenarios/examples/`: `mmc_dock.yaml` (`DockScenario`), `national_network.yaml` "
      "(`NetworkScenario`); world scenarios (`WorldScenario`): `baseline.yaml` and its what-ifs "
      "`port_closure.yaml`, `supplier_delay.yaml`, `demand_spike.yaml`, `cold_chain_failure.yaml`; `national.yaml` "
      "(50 DCs, 2,000 stores, 10,000 SKUs); `base_stock_theory.yaml` (an explicit two-site network whose answers "
      "are known in closed form); `baseline_ci.yaml` (the baseline with `expectations:` for CI).\n\n"
      "## File layouts\n\n";
  md += describe_markdown(dock_scenario_schema()) + "\n";
  md += describe_markdown(network_scenario_schema()) + "\n";
  md += describe_markdown(world_scenario_schema()) + "\n";
  md +=
      "## World scenarios\n\n"
      "A world scenario (`scenarios::load_world_scenario`) describes a whole supply chain: `scenario:` and "
      "`network:` are required; every other block starts from the defaults below, so a file states only what it "
      "changes. Besides the checks in the tables, every name is checked against the network: lane ends, "
      "assortment sites and SKUs, promotion SKUs, stores and regions, SKU rates, disruption targets; "
      "scheduled disruptions and promotions must start before the horizon; `Network::validate()` problems are "
      "reported at the `network:` block.\n\n"
      "### The `network:` block: generated or explicit\n\n"
      "Give exactly one of two forms.\n\n"
      "- `generate:` with the knobs of `GeneratorConfig`: a synthetic network. Its sites are named `SUP-0001`, "
      "`PORT-01`, `DC-001`, `STORE-00001` (numbered from 1, zero-padded) and SKUs `SKU-000001`; suppliers that "
      "import are in region `overseas`, other suppliers and ports in the generator's region (`us`), DCs and stores "
      "in the region of their population centre (`us/c1`, `us/c2`, ...). Disruptions and promotions name these.\n"
      "- An explicit network: `sites:` (`SiteSpec`), `lanes:` (`LaneSpec`), `skus:` (`SkuSpec`) and "
      "`assortment:` (`AssortmentSpec`). A lane's distance, transit time and costs default to what its mode's "
      "profile derives from the great-circle distance between its ends (`docs/network.md`); give any of them to "
      "override it (a given distance also drives the derived transit and costs). A site absent from the "
      "assortment carries nothing; `skus: all` lists every SKU of the network.\n\n"
      "### `extends:` and what-if scenarios\n\n"
      "`extends: baseline.yaml` at the top level (a path relative to the file that says it) loads that file "
      "first, following its own `extends:`, then merges this file over it: mappings merge key by key, at any "
      "depth; scalars and lists replace what they override (a what-if's `disruptions:` list replaces the "
      "baseline's, and `disruptions: []` removes them). A what-if is therefore the baseline plus its changes:\n\n"
      "```yaml\n"
      "extends: baseline.yaml\n"
      "scenario:\n"
      "  name: port-closure       # seed, replications and horizon stay the baseline's\n"
      "disruptions:\n"
      "  - {kind: port_closure, target: PORT-02, start: 30d, duration: 10d}\n"
      "```\n\n"
      "A problem is reported in the file that holds it, at its own line and column, even when another file "
      "extends it. A file that cannot be read or a cycle of files extending one another is reported at the "
      "`extends:` value. The two network forms cannot be mixed through `extends:` either: a file extending a "
      "generated network cannot switch to an explicit one.\n\n"
      "### Disruption targets\n\n"
      "| kind | effect | `target` |\n|---|---|---|\n"
      "| `port_closure` | no berthing | a port (required) |\n"
      "| `supplier_lead_time` | lead times x `magnitude` | a supplier; empty: every supplier |\n"
      "| `supplier_outage` | no production | a supplier; empty: every supplier |\n"
      "| `weather` | transit on lanes touching the region x `magnitude` | a region of some site (required) |\n"
      "| `demand_spike` | demand x `magnitude` | a store, or a region with stores; empty: every store |\n"
      "| `truck_breakdowns` | breakdown rate x `magnitude` | a DC; empty: every DC |\n"
      "| `facility_outage` | no receiving, picking or dispatch | a DC (required) |\n"
      "| `cold_room_failure` | cold rooms warm towards ambient | a DC (required) |\n\n"
      "### Expectations: pass/fail for CI\n\n"
      "`expectations:` lists bounds on measured metrics (`Expectation`). After its KPI table, `chaintwin run` checks "
      "every `kpi.*` expectation against the KPI's mean over the replications (`kpi.fill_rate_units`, "
      "`kpi.stockout_episodes`, ...: every KPI of `docs/outputs.md`), prints a PASS/FAIL table, writes a JUnit XML "
      "report with `--junit FILE`, and exits with status 3 when any expectation fails. A `kpi.` name that is not a "
      "KPI is reported at its position before anything runs (exit status 2); an expectation of another family "
      "(`stock_position.*`, `alerts.*`, `latency.*`, `outputs.*`, `pipeline.*`, `demand_signals.*`, "
      "`disruption_impacts.*`, `replenishment_signals.*`) is left to `chaintwin score`. A what-if "
      "that `extends:` a file with expectations inherits them; its own `expectations:` list replaces them.\n\n"
      "```yaml\n"
      "expectations:\n"
      "  - {metric: kpi.fill_rate_units, at_least: 0.95}\n"
      "  - {metric: kpi.stockout_time_share, at_most: 0.02}\n"
      "```\n\n"
      "### Demand replay CSV\n\n"
      "`demand.replay_csv` names a CSV file (relative to the scenario file that names it) with the header "
      "`day,store,sku,units` (columns in any order) and one row per day, store and SKU: day 0 is the first "
      "simulated day, units the whole units sold. Blank lines and lines starting with `#` are skipped; fields may "
      "be double-quoted. The SKU-locations it names replay its units; the others keep the demand model. Each "
      "problem is reported at the CSV's own line and column: a day or units that is not an integer >= 0, an "
      "unknown store or SKU, a site that is not a store, a store that does not carry the SKU, a repeated (day, "
      "store, sku).\n\n"
      "## Blocks\n\n";
  md += describe_markdown(scenario_base_schema()) + "\n";
  md += describe_markdown(mmc_dock_schema()) + "\n";
  md += describe_markdown(generator_schema()) + "\n";
  md += describe_markdown(network_spec_schema()) + "\n";
  md += describe_markdown(site_spec_schema()) + "\n";
  md += describe_markdown(lane_spec_schema()) + "\n";
  md += describe_markdown(sku_spec_schema()) + "\n";
  md += describe_markdown(assortment_spec_schema()) + "\n";
  md += describe_markdown(demand_schema()) + "\n";
  md += describe_markdown(promotion_schema()) + "\n";
  md += describe_markdown(sku_rate_schema()) + "\n";
  md += describe_markdown(policy_schema()) + "\n";
  md += describe_markdown(dc_schema()) + "\n";
  md += describe_markdown(supplier_schema()) + "\n";
  md += describe_markdown(port_schema()) + "\n";
  md += describe_markdown(fleet_schema()) + "\n";
  md += describe_markdown(disruption_schema()) + "\n";
  md += describe_markdown(cost_schema()) + "\n";
  md += describe_markdown(visibility_schema()) + "\n";
  md += describe_markdown(output_schema()) + "\n";
  md += describe_markdown(streams_schema()) + "\n";
  md += describe_markdown(stream_sources_schema()) + "\n";
  md += describe_markdown(source_schema()) + "\n";
  md += describe_markdown(delay_schema()) + "\n";
  md += describe_markdown(noise_schema()) + "\n";
  md += describe_markdown(schema_drift_schema()) + "\n";
  md += describe_markdown(expectation_schema());
  return md;
}

}  // namespace chaintwin::scenarios
