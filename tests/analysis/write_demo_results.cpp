// Writes the results of a small `chaintwin demo` run (4 doors, 4 replications of 20 days, seed 7) to argv[1], for
// read_demo_results.py to check with h5py.
#include <cstdio>

#include "analysis/mmc_dock_results.hpp"
#include "analysis/results_file.hpp"
#include "sim/core/replication.hpp"

int main(int argc, char** argv) {
  using namespace chaintwin;
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_demo_results <output.h5>\n");
    return 2;
  }
  sim::models::MmcDockConfig config;
  config.horizon = sim::days(20);
  config.warm_up = sim::days(2);
  sim::ReplicationOptions options;
  options.replications = 4;
  options.master_seed = 7;
  const auto runs = sim::run_replications(options, [&](std::size_t, const sim::RandomStreams& streams) {
    return sim::models::run_mmc_dock(config, streams);
  });
  const auto theory = sim::theory::mmc_steady_state(config.doors, config.arrivals_per_hour, config.unloads_per_hour);
  try {
    analysis::write_mmc_dock_results(argv[1], config, 7, runs, theory);
  } catch (const analysis::ResultsError& e) {
    std::fprintf(stderr, "write_demo_results: %s\n", e.what());
    return 1;
  }
  return 0;
}
