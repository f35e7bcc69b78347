// Writes the world results of three replications of the tiny hand-written world (tests/analysis/tiny_world.hpp) to
// argv[1], for read_world_results.py to check with h5py.
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "analysis/results_file.hpp"
#include "analysis/world_results.hpp"
#include "tests/analysis/tiny_world.hpp"

int main(int argc, char** argv) {
  using namespace chaintwin;
  using analysis::testing::h;
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_tiny_world_results <output.h5>\n");
    return 2;
  }
  const network::Network network = analysis::testing::tiny_network();
  analysis::WorldRunInfo run;
  run.scenario = "tiny flow";
  run.seed = 7;
  run.kpi.warm_up = h(24);
  run.kpi.horizon = h(240);
  world::OutputConfig output;
  output.stock_resolution = h(24);
  output.stock_series_max_locations = 4;
  std::vector<analysis::WorldReplication> replications;
  for (std::uint32_t r = 0; r < 3; ++r)
    replications.push_back(
        analysis::analyse_replication(analysis::testing::flow_ledger(r), network, run.kpi, output, 100 * (r + 1)));
  try {
    analysis::write_world_results(argv[1], network, run, replications);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_tiny_world_results: %s\n", e.what());
    return 1;
  }
  return 0;
}
