#include "sim/models/mmc_dock.hpp"

#include "sim/core/process.hpp"
#include "sim/core/resource.hpp"

namespace chaintwin::sim::models {

namespace {

struct Dock {
  Simulation& sim;
  const MmcDockConfig& config;
  Resource doors;
  MmcDockResult result;
  TimeWeighted queue_length;
  TimeWeighted busy_doors;
  bool warmed_up = false;

  Dock(Simulation& s, const MmcDockConfig& c) : sim(s), config(c), doors(s, c.doors) {}
};

Process truck(Dock& dock, SimTime unloading) {
  const SimTime arrived = dock.sim.now();
  const bool counted = dock.warmed_up;
  // Doors pass straight from a releasing truck to the next in line, so a queue exists only while every door is
  // busy. Each level is recorded only when it changes.
  const bool must_wait = dock.doors.in_use() == dock.doors.capacity();
  if (counted) {
    ++dock.result.trucks_arrived;
    if (must_wait) ++dock.result.trucks_waited;
  }
  if (must_wait) dock.queue_length.update(arrived, static_cast<double>(dock.doors.queue_length() + 1));
  co_await dock.doors.acquire();
  if (must_wait)
    dock.queue_length.update(dock.sim.now(), static_cast<double>(dock.doors.queue_length()));  // door handed over
  else
    dock.busy_doors.update(dock.sim.now(), static_cast<double>(dock.doors.in_use()));
  if (counted) dock.result.wait_hours.add((dock.sim.now() - arrived).to_hours());
  co_await delay(dock.sim, unloading);
  const bool hand_over = dock.doors.queue_length() > 0;
  dock.doors.release();
  if (!hand_over) dock.busy_doors.update(dock.sim.now(), static_cast<double>(dock.doors.in_use()));
  if (++dock.result.trucks_served == dock.config.max_trucks) dock.sim.stop();
}

Process arrivals(Dock& dock, RandomStream arrival_rng, RandomStream unloading_rng) {
  const Exponential interarrival_hours(1.0 / dock.config.arrivals_per_hour);
  const Exponential unloading_hours(1.0 / dock.config.unloads_per_hour);
  for (;;) {
    co_await delay(dock.sim, from_hours(interarrival_hours(arrival_rng)));
    // Drawn in arrival order from its own stream: truck k unloads for the same time in every scenario variant.
    dock.sim.start(truck(dock, from_hours(unloading_hours(unloading_rng))));
  }
}

}  // namespace

MmcDockResult run_mmc_dock(const MmcDockConfig& config, const RandomStreams& streams, QueueKind queue) {
  Simulation sim(queue);
  Dock dock(sim, config);
  sim.start(arrivals(dock, streams.stream("dock", "arrivals"), streams.stream("dock", "unloading")));
  sim.schedule_at(config.warm_up, [&dock] {
    dock.warmed_up = true;
    dock.queue_length.reset(dock.sim.now());
    dock.busy_doors.reset(dock.sim.now());
  });
  sim.run_until(config.horizon);
  const SimTime end = sim.now();
  dock.result.mean_queue_length = dock.queue_length.mean(end);
  dock.result.door_utilisation = dock.busy_doors.mean(end) / static_cast<double>(config.doors);
  dock.result.events = sim.events_executed();
  dock.result.trajectory_hash = sim.trajectory_hash();
  return dock.result;
}

std::vector<MmcDockSummaryRow> summarise_mmc_dock(std::span<const MmcDockResult> replications,
                                                  const theory::MmcSteadyState& theory, double level) {
  std::vector<MmcDockSummaryRow> rows = {
      {"probability_wait", "P(truck waits for a door)", "1", theory.probability_wait, {}, {}},
      {"mean_wait_hours", "mean wait for a door (h)", "h", theory.mean_wait_in_queue, {}, {}},
      {"mean_queue_length", "mean trucks queueing", "trucks", theory.mean_queue_length, {}, {}},
      {"utilisation", "door utilisation", "1", theory.utilisation, {}, {}},
  };
  for (const auto& r : replications) {
    rows[0].values.push_back(r.probability_wait());
    rows[1].values.push_back(r.wait_hours.mean());
    rows[2].values.push_back(r.mean_queue_length);
    rows[3].values.push_back(r.door_utilisation);
  }
  for (auto& row : rows) row.interval = student_t_interval(row.values, level);
  return rows;
}

}  // namespace chaintwin::sim::models
