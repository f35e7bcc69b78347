// Expectations in a world scenario: the block loads with each metric's position, every mistake is reported at its
// file:line:column with its field path, and what-ifs inherit or replace their baseline's list.
#include "scenarios/expectation.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scenarios/world_scenario.hpp"

namespace chaintwin::scenarios {
namespace {

const std::string kExamples = std::string(CHAINTWIN_SOURCE_DIR) + "/scenarios/examples/";

// The baseline (its network and run) plus the given expectations block, as if written next to it.
std::string with_baseline(const std::string& expectations) {
  return "extends: baseline.yaml\nscenario: {name: checked}\n" + expectations;
}

Result<LoadedWorldScenario> load(const std::string& text) {
  return load_world_scenario_text(text, kExamples + "checked.yaml");
}

// The diagnostics of text that must fail, as printed, with the examples directory left out of the file names.
std::vector<std::string> errors(const std::string& text) {
  const auto r = load(text);
  EXPECT_FALSE(r.ok()) << text;
  std::vector<std::string> out;
  for (Diagnostic d : r.diagnostics()) {
    if (d.file.starts_with(kExamples)) d.file.erase(0, kExamples.size());
    out.push_back(d.to_string());
  }
  return out;
}

TEST(Expectations, LoadWithTheirBoundsAndPositions) {
  const auto r = load(with_baseline(
      "expectations:\n"
      "  - {metric: kpi.fill_rate_units, at_least: 0.95}\n"
      "  - metric: latency.p99_ms\n"
      "    at_most: 250\n"));
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const std::vector<Expectation>& e = r.value().expectations;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].metric, "kpi.fill_rate_units");
  EXPECT_EQ(e[0].at_least, 0.95);
  EXPECT_FALSE(e[0].at_most);
  EXPECT_EQ(e[1].metric, "latency.p99_ms");
  EXPECT_EQ(e[1].at_most, 250.0);
  EXPECT_FALSE(e[1].at_least);
  EXPECT_EQ(e[0].file, kExamples + "checked.yaml");
  EXPECT_EQ(e[0].line, 4);
  EXPECT_EQ(e[0].column, 14);
  EXPECT_EQ(e[1].line, 5);
  EXPECT_EQ(e[1].column, 13);
}

TEST(Expectations, AbsentMeansNone) {
  const auto r = load_world_scenario(kExamples + "baseline.yaml");
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  EXPECT_TRUE(r.value().expectations.empty());
}

TEST(Expectations, EveryMistakeIsReportedWhereItIs) {
  const std::vector<std::string> got = errors(with_baseline(
      "expectations:\n"
      "  - {metric: kpi.fill_rate_units, at_least: 0.95, at_most: 1}\n"  // line 4: both bounds
      "  - {metric: kpi.fill_rate_units}\n"                               // line 5: no bound
      "  - {metric: Kpi.Fill-Rate, at_least: 1}\n"                        // line 6: not a metric name
      "  - {at_least: 1}\n"                                               // line 7: no metric
      "  - {metric: kpi.sold_units, at_mots: 1}\n"                        // line 8: a misspelt bound
      "  - {metric: kpi.sold_units, at_most: lots}\n"                     // line 9: not a number
      "  - {metric: fill_rate, at_most: 1}\n"));                          // line 10: no family
  const std::vector<std::string> expected = {
      "checked.yaml:4:45: field 'expectations[0].at_least': give either at_most or at_least, not both",
      "checked.yaml:5:14: field 'expectations[1].metric': give a bound: at_most: X or at_least: X",
      "checked.yaml:6:14: field 'expectations[2].metric': expected a dotted lower-case name such as "
      "'kpi.fill_rate_units' (at least two segments of a-z, 0-9 and _, each starting with a letter), got "
      "'Kpi.Fill-Rate'",
      "checked.yaml:7:5: field 'expectations[3].metric': missing required field 'metric' (dotted lower-case name: "
      "`kpi.<KPI name>` from `chaintwin run` (see `docs/outputs.md`), or a metric of `chaintwin score` "
      "(`stock_position.*`, `alerts.*`, `latency.*`, `outputs.*`, `pipeline.*`, `demand_signals.*`, "
      "`disruption_impacts.*`, `replenishment_signals.*`))",
      "checked.yaml:8:30: field 'expectations[4].at_mots': unknown field 'at_mots'; did you mean 'at_most'? (valid "
      "fields: 'metric', 'at_most', 'at_least')",
      "checked.yaml:9:39: field 'expectations[5].at_most': expected a number (the metric's), got 'lots'",
      "checked.yaml:10:14: field 'expectations[6].metric': expected a dotted lower-case name such as "
      "'kpi.fill_rate_units' (at least two segments of a-z, 0-9 and _, each starting with a letter), got "
      "'fill_rate'",
  };
  EXPECT_EQ(got, expected);
}

TEST(Expectations, MustBeAList) {
  EXPECT_EQ(errors(with_baseline("expectations: {metric: kpi.sold_units, at_least: 1}\n")),
            std::vector<std::string>{"checked.yaml:3:15: field 'expectations': expected a list, got a mapping"});
}

TEST(Expectations, WhatIfsInheritThemOrReplaceThem) {
  const auto ci = load_world_scenario(kExamples + "baseline_ci.yaml");
  ASSERT_TRUE(ci.ok()) << to_string(ci.diagnostics());
  ASSERT_FALSE(ci.value().expectations.empty());
  EXPECT_EQ(ci.value().expectations[0].metric, "kpi.fill_rate_units");

  const std::string inherit = "extends: baseline_ci.yaml\nscenario: {name: spike}\n";
  const auto inherited = load_world_scenario_text(inherit, kExamples + "spike.yaml");
  ASSERT_TRUE(inherited.ok()) << to_string(inherited.diagnostics());
  EXPECT_EQ(inherited.value().expectations.size(), ci.value().expectations.size());
  EXPECT_EQ(inherited.value().expectations[0].file, kExamples + "baseline_ci.yaml");  // where it is written

  const auto replaced = load_world_scenario_text(inherit + "expectations: [{metric: kpi.sold_units, at_least: 1}]\n",
                                                 kExamples + "spike.yaml");
  ASSERT_TRUE(replaced.ok()) << to_string(replaced.diagnostics());
  ASSERT_EQ(replaced.value().expectations.size(), 1u);
  EXPECT_EQ(replaced.value().expectations[0].metric, "kpi.sold_units");
}

TEST(Expectations, MetricNamesAreDottedLowerCase) {
  for (const char* good : {"kpi.fill_rate_units", "alerts.shipment_delay.recall", "latency.p99_ms", "a.b2_c"})
    EXPECT_TRUE(is_metric_name(good)) << good;
  for (const char* bad : {"", "kpi", "kpi.", ".kpi", "kpi..x", "Kpi.x", "kpi.2x", "kpi._x", "kpi.fill-rate", "kpi x.y"})
    EXPECT_FALSE(is_metric_name(bad)) << bad;
}

}  // namespace
}  // namespace chaintwin::scenarios
