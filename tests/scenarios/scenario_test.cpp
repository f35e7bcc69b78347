// The real scenario schemas: the examples load, defaults match the structs, errors in nested blocks carry their
// path, and docs/scenarios.md is what the schemas say.
#include "scenarios/scenario.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace chaintwin::scenarios {
namespace {

const std::string kSourceDir = CHAINTWIN_SOURCE_DIR;

TEST(Scenario, DockExampleLoads) {
  const auto r = load_file(kSourceDir + "/scenarios/examples/mmc_dock.yaml", dock_scenario_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  EXPECT_EQ(r.value().scenario.name, "mmc-dock-demo");
  EXPECT_EQ(r.value().scenario.seed, 42u);
  EXPECT_EQ(r.value().scenario.replications, 20u);
  EXPECT_EQ(r.value().scenario.warm_up, sim::days(30));
  EXPECT_EQ(r.value().dock.doors, 4);
  EXPECT_EQ(r.value().dock.arrivals_per_hour, 3.6);
  EXPECT_EQ(dock_config(r.value()).horizon, sim::days(365));
  EXPECT_EQ(dock_config(r.value()).warm_up, sim::days(30));
}

TEST(Scenario, NetworkExampleLoads) {
  const auto r = load_file(kSourceDir + "/scenarios/examples/national_network.yaml", network_scenario_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const network::GeneratorConfig& n = r.value().network;
  EXPECT_EQ(r.value().scenario.horizon, sim::days(90));
  EXPECT_EQ(n.dcs, 50u);
  EXPECT_EQ(n.stores, 2000u);
  EXPECT_EQ(n.skus, 10000u);
  EXPECT_EQ(n.region.name, "us");
  EXPECT_EQ(n.max_skus_per_store, 1100u);
}

TEST(Scenario, AbsentBlocksAndFieldsKeepTheStructDefaults) {
  const auto r = load_text("scenario:\n  name: x\nnetwork:\n  region: eu\n", "s.yaml", network_scenario_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const network::GeneratorConfig defaults;
  const network::GeneratorConfig& n = r.value().network;
  EXPECT_EQ(n.region.name, "eu");
  EXPECT_EQ(n.region.max_lat_deg, network::Region::named("eu")->max_lat_deg);
  EXPECT_EQ(n.stores, defaults.stores);
  EXPECT_EQ(n.chilled_share, defaults.chilled_share);
  EXPECT_EQ(n.seed, defaults.seed);
  EXPECT_EQ(r.value().scenario.horizon, ScenarioBase{}.horizon);

  const auto dock = load_text("scenario: {name: x}\n", "s.yaml", dock_scenario_schema());
  ASSERT_TRUE(dock.ok()) << to_string(dock.diagnostics());
  EXPECT_EQ(dock.value().dock.doors, sim::models::MmcDockConfig{}.doors);
  EXPECT_EQ(dock_config(dock.value()).warm_up, ScenarioBase{}.warm_up);
}

TEST(Scenario, ErrorsInNestedBlocksNameTheirPath) {
  const auto r = load_text(
      "scenario:\n  name: x\n  replications: 0\nnetwork:\n  stors: 10\n  region: usa\n  skus: many\n"
      "  max_skus_per_store: 100\n",
      "s.yaml", network_scenario_schema());
  ASSERT_FALSE(r.ok());
  const auto& d = r.diagnostics();
  ASSERT_EQ(d.size(), 4u) << to_string(d);
  EXPECT_EQ(d[0].to_string(), "s.yaml:3:17: field 'scenario.replications': must be between 1 and 100000, got 0");
  EXPECT_EQ(d[1].path, "network.stors");
  EXPECT_NE(d[1].message.find("did you mean 'stores'?"), std::string::npos);
  EXPECT_EQ(d[2].to_string(),
            "s.yaml:6:11: field 'network.region': expected one of 'us', 'eu', 'uk', got 'usa'; "
            "did you mean 'us'?");
  EXPECT_EQ(d[3].to_string(), "s.yaml:7:9: field 'network.skus': expected a non-negative integer (count), got 'many'");
}

TEST(Scenario, CrossFieldRulesNameTheField) {
  const auto r = load_text("scenario: {name: x, horizon: 10d, warm_up: 10d}\nnetwork:\n  skus: 100\n", "s.yaml",
                           network_scenario_schema());
  ASSERT_FALSE(r.ok());
  const auto& d = r.diagnostics();
  ASSERT_EQ(d.size(), 2u) << to_string(d);
  EXPECT_EQ(d[0].to_string(), "s.yaml:1:44: field 'scenario.warm_up': must be shorter than horizon");
  EXPECT_EQ(d[1].to_string(),
            "s.yaml:3:3: field 'network.max_skus_per_store': must be at least min_skus_per_store and at most skus");
}

TEST(Scenario, MissingScenarioBlockAndName) {
  auto r = load_text("dock: {doors: 2}\n", "s.yaml", dock_scenario_schema());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            "s.yaml:1:1: field 'scenario': missing required field 'scenario' (the run)");
  r = load_text("scenario:\n  seed: 3\n", "s.yaml", dock_scenario_schema());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            "s.yaml:2:3: field 'scenario.name': missing required field 'name' "
            "(names the run in reports and output files)");
}

TEST(Scenario, DocsAreUpToDate) {
  const std::string path = kSourceDir + "/docs/scenarios.md";
  const std::string expected = reference_markdown();
  // CHAINTWIN_UPDATE_DOCS=1 rewrites the page instead of comparing.
  if (const char* update = std::getenv("CHAINTWIN_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::ofstream(path) << expected;
  }
  std::ifstream in(path);
  std::ostringstream actual;
  actual << in.rdbuf();
  EXPECT_EQ(actual.str(), expected) << "docs/scenarios.md disagrees with the schemas in scenarios/scenario.cpp; "
                                       "regenerate it with: CHAINTWIN_UPDATE_DOCS=1 <build>/tests/scenarios/"
                                       "scenarios_test --gtest_filter=Scenario.DocsAreUpToDate";
}

}  // namespace
}  // namespace chaintwin::scenarios
