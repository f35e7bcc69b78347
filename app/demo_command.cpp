#include "app/demo_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "analysis/mmc_dock_results.hpp"
#include "app/progress.hpp"
#include "scenarios/scenario.hpp"
#include "sim/core/replication.hpp"
#include "sim/core/statistics.hpp"
#include "sim/models/mmc_dock.hpp"
#include "sim/models/queueing_theory.hpp"

namespace chaintwin::app {

void add_demo_command(CLI::App& app, DemoOptions& o) {
  auto* cmd = app.add_subcommand("demo",
                                 "Run the discrete-event kernel on an M/M/c receiving dock and compare "
                                 "it with queueing theory (Erlang C)");
  cmd->add_option("scenario", o.scenario,
                  "Scenario file (YAML, e.g. scenarios/examples/mmc_dock.yaml); replaces the model flags below");
  cmd->add_option("--doors", o.doors, "Dock doors (c)")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--arrivals-per-hour", o.arrivals_per_hour, "Truck arrival rate (lambda)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--unloads-per-hour", o.unloads_per_hour, "Unloading rate of one door (mu)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--days", o.days, "Simulated days per replication (the first 10% are warm-up)")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  cmd->add_option("--replications", o.replications, "Independent replications")
      ->check(CLI::Range(2, 100000))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Master seed")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Worker threads (0: one per core)")->capture_default_str();
  cmd->add_option("--output", o.output, "HDF5 results file (layout: docs/outputs.md); empty to skip")
      ->capture_default_str();
}

namespace {

// Fills the options from a scenario file; prints every problem in it and returns false if there is any.
bool apply_scenario(DemoOptions& o) {
  const auto loaded = scenarios::load_file(o.scenario, scenarios::dock_scenario_schema());
  if (!loaded) {
    for (const auto& d : loaded.diagnostics()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    std::fprintf(stderr, "chaintwin demo: %s has %zu problem(s); nothing was run or written\n", o.scenario.c_str(),
                 loaded.diagnostics().size());
    return false;
  }
  const auto& s = loaded.value();
  o.doors = s.dock.doors;
  o.arrivals_per_hour = s.dock.arrivals_per_hour;
  o.unloads_per_hour = s.dock.unloads_per_hour;
  o.days = s.scenario.horizon.to_days();
  o.warm_up_days = s.scenario.warm_up.to_days();
  o.replications = s.scenario.replications;
  o.seed = s.scenario.seed;
  if (s.scenario.threads != 0) o.threads = s.scenario.threads;
  return true;
}

}  // namespace

int run_demo(DemoOptions o) {
  if (!o.scenario.empty() && !apply_scenario(o)) return 2;
  const double rho = o.arrivals_per_hour / (static_cast<double>(o.doors) * o.unloads_per_hour);
  if (rho >= 1.0) {
    std::fprintf(stderr,
                 "chaintwin demo: the dock is overloaded (utilisation %.3f >= 1): queues grow without "
                 "bound and Erlang C has no answer; add doors or lower --arrivals-per-hour\n",
                 rho);
    return 2;
  }
  const auto theory = sim::theory::mmc_steady_state(o.doors, o.arrivals_per_hour, o.unloads_per_hour);
  sim::models::MmcDockConfig config;
  config.doors = o.doors;
  config.arrivals_per_hour = o.arrivals_per_hour;
  config.unloads_per_hour = o.unloads_per_hour;
  config.horizon = sim::from_days(o.days);
  config.warm_up = sim::from_days(o.warm_up_days >= 0 ? o.warm_up_days : o.days / 10);

  std::printf(
      "M/M/c receiving dock: %lld doors, %.3g trucks/h arriving, %.3g unloads/h per door "
      "(utilisation %.1f%%)\n%zu replications of %.0f days, seed %llu\n\n",
      static_cast<long long>(o.doors), o.arrivals_per_hour, o.unloads_per_hour, 100 * rho, o.replications, o.days,
      static_cast<unsigned long long>(o.seed));
  std::fflush(stdout);

  Progress progress("replications", o.replications);
  const auto start = std::chrono::steady_clock::now();
  const auto runs = sim::run_replications(
      {.replications = o.replications,
       .master_seed = o.seed,
       .threads = o.threads,
       .on_progress = [&](std::size_t done, std::size_t) { progress.update(done); }},
      [&](std::size_t, const sim::RandomStreams& streams) { return sim::models::run_mmc_dock(config, streams); });
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::uint64_t events = 0, trucks = 0, hash = 0;
  for (const auto& r : runs) {
    events += r.events;
    trucks += r.trucks_served;
    hash = hash * 31 + r.trajectory_hash;
  }
  std::printf("%-28s %12s %26s %12s\n", "quantity", "Erlang C", "simulated (95% CI)", "theory in CI");
  for (const auto& row : sim::models::summarise_mmc_dock(runs, theory, 0.95)) {
    char sim_text[64];
    std::snprintf(sim_text, sizeof sim_text, "%.4f +- %.4f", row.interval.mean, row.interval.half_width);
    std::printf("%-28s %12.4f %26s %12s\n", row.label, row.theory, sim_text,
                row.interval.contains(row.theory) ? "yes" : "no");
  }
  std::printf(
      "\n%llu trucks unloaded, %llu events in %.2f s wall (%.1f M events/s over all threads)\n"
      "trajectory fingerprint %016llx (same seed, same fingerprint, whatever --threads)\n",
      static_cast<unsigned long long>(trucks), static_cast<unsigned long long>(events), wall,
      static_cast<double>(events) / wall / 1e6, static_cast<unsigned long long>(hash));
  if (!o.output.empty()) {
    const std::filesystem::path path(o.output);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    analysis::write_mmc_dock_results(path, config, o.seed, runs, theory);
    std::printf("results: %s\n", o.output.c_str());
  }
  return 0;
}

}  // namespace chaintwin::app
