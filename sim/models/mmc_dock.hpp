#pragma once
// The M/M/c receiving dock: trucks arrive as a Poisson process, queue FIFO for one of c dock doors, and unload
// for an exponential time. The smallest model with a closed-form answer (Erlang C), so it validates the kernel
// (tests), measures it against SimPy (bench/) and shows it working (`chaintwin demo`).

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"
#include "sim/core/statistics.hpp"
#include "sim/core/time.hpp"
#include "sim/models/queueing_theory.hpp"

namespace chaintwin::sim::models {

struct MmcDockConfig {
  std::int64_t doors = 4;          // c, number of dock doors
  double arrivals_per_hour = 3.6;  // lambda
  double unloads_per_hour = 1.0;   // mu, per door
  SimTime horizon = days(365);     // simulated time to run (ignored when max_trucks is set and reached first)
  SimTime warm_up = days(30);      // statistics cover only trucks arriving after this
  std::uint64_t max_trucks = 0;    // stop after this many trucks have unloaded (0: run to the horizon)
};

struct MmcDockResult {
  std::uint64_t trucks_arrived = 0;   // after warm-up
  std::uint64_t trucks_waited = 0;    // after warm-up: arrived to find every door busy
  std::uint64_t trucks_served = 0;    // in total, warm-up included
  Tally wait_hours;                   // time in queue of trucks that arrived after warm-up and got a door
  double mean_queue_length = 0.0;     // time-average number of trucks queueing, after warm-up
  double door_utilisation = 0.0;      // time-average busy doors / c, after warm-up
  std::uint64_t events = 0;           // events the engine executed
  std::uint64_t trajectory_hash = 0;  // Simulation::trajectory_hash at the end
  double probability_wait() const {
    return trucks_arrived ? static_cast<double>(trucks_waited) / static_cast<double>(trucks_arrived) : 0.0;
  }
};

// One quantity checked against Erlang C, summarised across replications.
struct MmcDockSummaryRow {
  const char* key;              // column name in results files, e.g. "mean_wait_hours"
  const char* label;            // readable name for terminal tables
  const char* unit;             // "1", "h", "trucks"
  double theory;                // Erlang C steady-state value
  std::vector<double> values;   // one per replication
  ConfidenceInterval interval;  // Student-t interval of the mean at the requested level
};

// The quantities the demo, its results file and the tests compare with theory, in one place:
// P(wait), mean wait in queue (hours), mean queue length, door utilisation.
std::vector<MmcDockSummaryRow> summarise_mmc_dock(std::span<const MmcDockResult> replications,
                                                  const theory::MmcSteadyState& theory, double level = 0.95);

// Runs one replication with the streams ("dock", "arrivals") and ("dock", "unloading").
MmcDockResult run_mmc_dock(const MmcDockConfig& config, const RandomStreams& streams,
                           QueueKind queue = QueueKind::kAdaptive);

}  // namespace chaintwin::sim::models
