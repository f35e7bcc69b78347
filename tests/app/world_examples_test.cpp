// The shipped world scenarios, as `chaintwin run` runs them: each loads, runs and conserves every unit, and the
// baseline's KPIs for its seed are pinned (a golden test: any change to the model's behaviour shows here).
//
// To re-pin after an intended change of behaviour, run with CHAINTWIN_UPDATE_GOLDEN=1 and commit the file with the
// change that explains it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "analysis/kpis.hpp"
#include "scenarios/world_scenario.hpp"
#include "sim/world/world.hpp"

namespace chaintwin {
namespace {

const std::filesystem::path kExamples = CHAINTWIN_SOURCE_DIR "/scenarios/examples";
const std::filesystem::path kGolden = CHAINTWIN_SOURCE_DIR "/tests/app/baseline_golden.txt";

analysis::WorldKpis run_once(const scenarios::LoadedWorldScenario& s, std::uint64_t replication, sim::SimTime horizon) {
  const world::DemandHistory* history = s.history.rows.empty() ? nullptr : &s.history;
  world::World w(s.network, s.world, sim::RandomStreams(s.scenario.seed, replication), horizon, history);
  w.run_until(horizon);
  const sim::SimTime warm_up = std::min(s.scenario.warm_up, sim::SimTime::from_ns(horizon.ns() / 2));
  return analysis::compute_kpis(w.ledger(), s.network, analysis::kpi_options(s.world, warm_up, horizon));
}

TEST(WorldExamples, EveryShippedScenarioConservesEveryUnit) {
  std::size_t worlds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml") continue;
    auto loaded = scenarios::load_world_scenario(entry.path().string());
    if (!loaded) continue;  // the dock and network-only examples are not world scenarios
    const auto& s = loaded.value();
    ++worlds;
    // The national network conserves over its first day as over a month; a day keeps the suite quick.
    const bool national = s.network.assortment().size() > 1'000'000;
    const sim::SimTime horizon = national ? sim::days(1) : s.scenario.horizon;
    const auto kpis = run_once(s, 0, horizon);
    const auto& c = kpis.conservation;
    EXPECT_TRUE(c.balanced()) << entry.path().filename() << ": imbalance " << c.imbalance_units << " units, demand "
                              << c.demand_imbalance_units;
    EXPECT_GT(kpis.demand_units, 0.0) << entry.path().filename();
  }
  EXPECT_GE(worlds, 7u);
}

std::map<std::string, double> read_golden() {
  std::map<std::string, double> values;
  std::ifstream in(kGolden);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, value;
    fields >> name >> value;
    values[name] = value == "nan" ? std::nan("") : std::strtod(value.c_str(), nullptr);
  }
  return values;
}

TEST(WorldExamples, BaselineKpisArePinnedForItsSeed) {
  auto loaded = scenarios::load_world_scenario((kExamples / "baseline.yaml").string());
  ASSERT_TRUE(loaded) << scenarios::to_string(loaded.diagnostics());
  const auto& s = loaded.value();
  std::map<std::string, double> measured;
  for (std::uint64_t r = 0; r < 2; ++r) {
    const auto kpis = run_once(s, r, s.scenario.horizon);
    for (const auto& k : analysis::kKpis) measured[std::string(k.name) + "[" + std::to_string(r) + "]"] = kpis.*k.member;
  }
  if (std::getenv("CHAINTWIN_UPDATE_GOLDEN") != nullptr) {
    std::ofstream out(kGolden);
    out << "# KPIs of scenarios/examples/baseline.yaml, replications 0 and 1 (tests/app/world_examples_test.cpp)\n";
    for (const auto& [name, value] : measured) {
      char text[64];
      std::snprintf(text, sizeof text, "%.17g", value);
      out << name << ' ' << text << '\n';
    }
    GTEST_SKIP() << "wrote " << kGolden;
  }
  const auto golden = read_golden();
  ASSERT_EQ(golden.size(), measured.size()) << "re-pin with CHAINTWIN_UPDATE_GOLDEN=1";
  for (const auto& [name, value] : measured) {
    const auto it = golden.find(name);
    ASSERT_NE(it, golden.end()) << name;
    if (std::isnan(it->second)) {
      EXPECT_TRUE(std::isnan(value)) << name;
    } else {
      // Same seed, same bits on any machine: only the 17-digit text round trip may differ, in the last place.
      EXPECT_NEAR(value, it->second, 1e-12 * std::max(1.0, std::abs(it->second))) << name;
    }
  }
}

}  // namespace
}  // namespace chaintwin
