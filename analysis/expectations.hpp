#pragma once
// Expectations checked against measured metrics: the pass/fail verdicts that `chaintwin run` (kpi.*) and
// `chaintwin score` (stock_position.*, alerts.*, latency.*, outputs.*, pipeline.*, demand_signals.*,
// disruption_impacts.*, replenishment_signals.*) print, write as JUnit XML
// (junit_report.hpp) and turn into an exit status for CI. A command measures what it can into a MetricValues map
// and hands it over with the scenario's expectations (scenarios/expectation.hpp); nothing here knows the families.

#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/expectation.hpp"

namespace chaintwin::analysis {

// The exit status of a command whose run went well but missed an expectation (0: all met; 1: error; 2: bad input).
inline constexpr int kExpectationsFailedExitStatus = 3;

// Metric name -> measured value. NaN means measured but undefined (a fill rate without demand), and fails.
using MetricValues = std::map<std::string, double, std::less<>>;

struct ExpectationResult {
  scenarios::Expectation expectation;
  std::optional<double> measured;  // empty: the metric was not measured
  bool passed = false;
  // One line, pass or fail: "kpi.fill_rate_units = 0.912, expected at least 0.95", "latency.p99_ms was not measured".
  std::string reason;
};

// One result per expectation, in their order. A metric absent from `measured`, or NaN, fails; the bound itself passes.
std::vector<ExpectationResult> evaluate_expectations(std::span<const scenarios::Expectation> expectations,
                                                     const MetricValues& measured);
bool all_passed(std::span<const ExpectationResult> results);
// "kpi.fill_rate_units at least 0.95": the same text for the same expectation in every run, so CI tracks it by name.
std::string expectation_name(const scenarios::Expectation& expectation);

// The console table: a PASS or FAIL line per result with its reason, then a verdict naming every failed metric.
std::string expectations_table(std::span<const ExpectationResult> results);

// What `run` and `score` do once they have measured: evaluate, print the table to `out`, write the JUnit report to
// `junit` unless it is empty (the report names its suite chaintwin.<scenario>). Returns 0 when every expectation
// passed, kExpectationsFailedExitStatus otherwise. Throws std::runtime_error when the report cannot be written.
int check_expectations(std::FILE* out, std::string_view scenario, std::span<const scenarios::Expectation> expectations,
                       const MetricValues& measured, const std::filesystem::path& junit);

}  // namespace chaintwin::analysis
