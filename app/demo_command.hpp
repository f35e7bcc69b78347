#pragma once
// `chaintwin demo`: the kernel at work on the M/M/c receiving dock, checked against Erlang C.

#include <cstddef>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace chaintwin::app {

struct DemoOptions {
  std::string scenario;  // optional YAML file (scenarios/examples/mmc_dock.yaml); its values replace the flags below
  std::int64_t doors = 4;
  double arrivals_per_hour = 3.6;
  double unloads_per_hour = 1.0;
  double days = 2000;
  double warm_up_days = -1;  // negative: the first 10% of the run
  std::size_t replications = 20;
  std::uint64_t seed = 1;
  std::size_t threads = 0;
  std::string output = "results/mmc_dock.h5";  // HDF5 results; empty: write nothing
};

void add_demo_command(CLI::App& app, DemoOptions& options);
int run_demo(DemoOptions options);

}  // namespace chaintwin::app
