// The M/M/c receiving dock (sim/models/mmc_dock) as a benchmark: trucks served per second of wall time, written
// the way a model author would write it (coroutine processes and a Resource).
//
//   mmc [--servers 4] [--arrival-rate 3.6] [--service-rate 1.0] [--trucks 2000000]
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "bench/bench_args.hpp"
#include "sim/models/mmc_dock.hpp"

int main(int argc, char** argv) {
  using namespace chaintwin::sim;
  const chaintwin::bench::Args args(argc, argv);
  models::MmcDockConfig config;
  config.doors = static_cast<std::int64_t>(args.number("servers", 4));
  config.arrivals_per_hour = args.number("arrival-rate", 3.6);
  config.unloads_per_hour = args.number("service-rate", 1.0);
  config.max_trucks = static_cast<std::uint64_t>(args.number("trucks", 2e6));
  config.horizon = SimTime::max();
  config.warm_up = SimTime::zero();
  if (config.doors < 1 || config.arrivals_per_hour >= static_cast<double>(config.doors) * config.unloads_per_hour) {
    std::fprintf(stderr, "mmc: need --servers >= 1 and arrival rate below servers x service rate\n");
    return 2;
  }
  // Simulated time is int64 nanoseconds (~292 years): the trucks must all arrive well within it.
  const double years_needed = static_cast<double>(config.max_trucks) / config.arrivals_per_hour / 8766.0;
  if (years_needed > 250.0) {
    std::fprintf(stderr,
                 "mmc: %.0f trucks at %.3g per hour need ~%.0f simulated years, beyond the clock's ~292; "
                 "raise --arrival-rate (and --service-rate) or lower --trucks\n",
                 static_cast<double>(config.max_trucks), config.arrivals_per_hour, years_needed);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = models::run_mmc_dock(config, RandomStreams(1));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "RESULT model=mmc impl=chaintwin servers=%lld trucks=%llu events=%llu seconds=%.3f trucks_per_s=%.0f "
      "events_per_s=%.0f mean_wait_h=%.4f p_wait=%.4f\n",
      static_cast<long long>(config.doors), static_cast<unsigned long long>(r.trucks_served),
      static_cast<unsigned long long>(r.events), s, static_cast<double>(r.trucks_served) / s,
      static_cast<double>(r.events) / s, r.wait_hours.mean(), r.probability_wait());
  return 0;
}
