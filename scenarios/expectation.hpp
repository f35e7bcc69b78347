#pragma once
// Expectations: bounds that a run's measured metrics must meet, written in a scenario's `expectations:` block and
// checked by `chaintwin run` (the kpi.* metrics) and `chaintwin score` (the stream processor's metrics), which
// turn them into a pass/fail table, a JUnit report and an exit status for CI (analysis/expectations.hpp).
//
//   expectations:
//     - {metric: kpi.fill_rate_units, at_least: 0.95}
//     - {metric: latency.p99_ms, at_most: 250}
//
// A metric is named by a dotted lower-case name: a family, then the measure (`kpi.fill_rate_units`,
// `stock_position.mean_abs_error`, `alerts.shipment_delay.recall`). Which names exist is up to the command that
// measures them; the loader checks only their form.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/schema.hpp"

namespace chaintwin::scenarios {

// One item of `expectations:`. Exactly one of at_most and at_least is set (the loader sees to it).
struct Expectation {
  std::string metric;
  std::optional<double> at_most;
  std::optional<double> at_least;
  // Where `metric` is written, so that a command can report a name it does not measure at its position.
  std::string file;
  int line = 0;
  int column = 0;
};

// Segments of a-z, 0-9 and _, each starting with a letter, joined by dots; at least two.
bool is_metric_name(std::string_view name);

const Schema<Expectation>& expectation_schema();
// The `expectations:` list: each item bound by expectation_schema(), with the position of its metric kept.
detail::Decoder<std::vector<Expectation>> expectations_decoder();

}  // namespace chaintwin::scenarios
