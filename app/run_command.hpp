#pragma once
// `chaintwin run SCENARIO.yaml`: a world scenario's replications in parallel, a KPI table with confidence
// intervals, the scenario's kpi.* expectations checked (PASS/FAIL table, optional JUnit report, exit status 3 when
// one fails) and an HDF5 results file; `chaintwin compare BASE.yaml WHATIF.yaml`: both with common random numbers
// and the paired differences of every KPI; `chaintwin compare --visibility oracle,batch SCENARIO.yaml`: one
// scenario under each visibility mode, the same way; `chaintwin loop SCENARIO.yaml` (the main job): the closed
// loop, the scenario under batch, streaming (the reference pipeline's view) and oracle visibility, summarised: what
// the pipeline did and how right it was, and the business outcomes of each view.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "scenarios/world_scenario.hpp"

namespace chaintwin::app {

// Flags that override the scenario's `scenario:` block.
struct RunOverrides {
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint32_t> threads;
};

struct RunOptions {
  std::string scenario;
  RunOverrides overrides;
  std::string output;  // HDF5 results; default results/<scenario name>.h5; "" after --no-output
  bool no_output = false;
  std::string junit;  // JUnit XML report of the expectations; none when empty
};

struct CompareOptions {
  std::string baseline;
  std::string what_if;     // or, instead, visibility modes to compare on the baseline
  std::string visibility;  // "oracle,batch": modes to compare (the first is the reference of the differences)
  RunOverrides overrides;
  std::string output_dir = "results";  // one results file per scenario; "" after --no-output
  bool no_output = false;
};

struct LoopOptions {
  std::string scenario;
  RunOverrides overrides;
  std::string output_dir = "results/loop";  // one results file per visibility mode; "" after --no-output
  bool no_output = false;
  // Through Kafka (paced, one replication) instead of in process:
  bool kafka = false;
  std::string brokers;                  // a real cluster; empty: the embedded broker
  std::vector<std::string> properties;  // -X key=value
  std::string pace = "realtime:86400";  // a simulated day a second
  bool external_pipeline = false;       // a third party's pipeline reads the inputs and writes the outputs
  int partitions = 4;                   // per topic on the embedded broker
  double days = 0.0;                    // --kafka: simulated days; 0: the scenario's horizon
  double kafka_days = 14.0;             // without --kafka: days through Kafka after the comparison; 0: none
  std::string bootstrap_file = "results/bootstrap.txt";
};

void add_run_command(CLI::App& app, RunOptions& options);
void add_compare_command(CLI::App& app, CompareOptions& options);
// Exit status: 0 when everything went well, 1 on an error (conservation of units broken: a model bug), 2 for bad
// input, analysis::kExpectationsFailedExitStatus (3) when the run went well but an expectation failed.
int run_world(const RunOptions& options);
// Loads a world scenario and applies the overrides; on problems prints each (file:line:col) and returns nothing.
std::optional<scenarios::LoadedWorldScenario> load_world(const std::string& path, const RunOverrides& overrides,
                                                         const char* command);
int compare_worlds(const CompareOptions& options);
void add_loop_command(CLI::App& app, LoopOptions& options);
int loop_world(const LoopOptions& options);

}  // namespace chaintwin::app
