#pragma once
// The scenario structs the project reads from YAML today, and their schemas.
//
// A scenario file starts with a `scenario:` block (ScenarioBase: name, seed, replications, ...) and then one block
// per model it configures: `dock:` (sim::models::MmcDockConfig) or `network:` (network::GeneratorConfig). World
// scenarios, for the whole supply chain, are in world_scenario.hpp. docs/scenarios.md is generated from all these
// schemas (reference_markdown) and a test keeps it up to date.

#include <cstdint>
#include <string>

#include "network/generator.hpp"
#include "scenarios/schema.hpp"
#include "sim/core/time.hpp"
#include "sim/models/mmc_dock.hpp"

namespace chaintwin::scenarios {

// What every scenario states about its run, whatever it models.
struct ScenarioBase {
  std::string name;        // required: names the run in reports and output files
  std::uint64_t seed = 1;  // master seed of sim::RandomStreams
  std::uint32_t replications = 1;
  std::uint32_t threads = 0;  // 0: one per core
  sim::SimTime horizon = sim::days(365);
  sim::SimTime warm_up = sim::SimTime::zero();
};

// scenarios/examples/mmc_dock.yaml
struct DockScenario {
  ScenarioBase scenario;
  sim::models::MmcDockConfig dock;  // horizon and warm_up come from `scenario`: see dock_config()
};
// The dock model's configuration with the scenario's horizon and warm-up.
sim::models::MmcDockConfig dock_config(const DockScenario& s);

// scenarios/examples/national_network.yaml
struct NetworkScenario {
  ScenarioBase scenario;
  network::GeneratorConfig network;
};

const Schema<ScenarioBase>& scenario_base_schema();
const Schema<sim::models::MmcDockConfig>& mmc_dock_schema();
const Schema<network::GeneratorConfig>& generator_schema();
const Schema<DockScenario>& dock_scenario_schema();
const Schema<NetworkScenario>& network_scenario_schema();

// The whole of docs/scenarios.md.
std::string reference_markdown();

}  // namespace chaintwin::scenarios
