// How fast the generators turn a world's facts into messages, against the world that produces the facts, in one
// process: the same scenario run twice, once alone and once with every message written (into a counter, no sink).
//
//   build/release/bench/stream_throughput [--scenario scenarios/examples/baseline.yaml] [--days 30]
//
// Prints facts and messages per second of CPU time and the ratio of the two runs' CPU times: what streaming adds
// to simulating. Never pass/fail.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "generators/stream_generator.hpp"
#include "scenarios/world_scenario.hpp"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chaintwin;
  std::string scenario = "scenarios/examples/baseline.yaml";
  double days = 30.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scenario") scenario = argv[i + 1];
    else if (flag == "--days") days = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: stream_throughput [--scenario FILE] [--days D]\n");
      return 2;
    }
  }
  auto loaded = scenarios::load_world_scenario(scenario);
  if (!loaded) {
    for (const auto& d : loaded.diagnostics()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return 2;
  }
  const auto& s = loaded.value();
  const sim::SimTime horizon = sim::from_days(days);
  const sim::RandomStreams streams(s.scenario.seed, 0);

  double world_cpu = 0.0;
  {
    const double t0 = cpu_seconds();
    world::World w(s.network, s.world, streams, horizon);
    for (sim::SimTime t = sim::hours(1); t <= horizon; t = t + sim::hours(1)) w.run_until(t);
    world_cpu = cpu_seconds() - t0;
  }
  std::uint64_t messages = 0, bytes = 0, facts = 0;
  double both_cpu = 0.0;
  {
    const double t0 = cpu_seconds();
    world::World w(s.network, s.world, streams, horizon);
    generators::StreamGenerator gen(w, s.streams, streams);
    auto count = [&](const generators::OutgoingMessage& m) {
      ++messages;
      bytes += m.payload.size();
    };
    for (sim::SimTime t = sim::hours(1); t <= horizon; t = t + sim::hours(1)) {
      w.run_until(t);
      gen.advance(t, count);
    }
    gen.finish(count);
    both_cpu = cpu_seconds() - t0;
    facts = gen.counters().facts;
  }
  const double gen_cpu = both_cpu - world_cpu;
  std::printf("RESULT scenario=%s days=%g facts=%llu messages=%llu payload_mb=%.1f\n", s.scenario.name.c_str(), days,
              static_cast<unsigned long long>(facts), static_cast<unsigned long long>(messages),
              static_cast<double>(bytes) / 1e6);
  std::printf("RESULT world_cpu_s=%.3f world_and_streams_cpu_s=%.3f generator_cpu_s=%.3f\n", world_cpu, both_cpu,
              gen_cpu);
  std::printf("RESULT messages_per_generator_cpu_s=%.0f facts_per_generator_cpu_s=%.0f mb_per_s=%.1f\n",
              static_cast<double>(messages) / gen_cpu, static_cast<double>(facts) / gen_cpu,
              static_cast<double>(bytes) / 1e6 / gen_cpu);
  std::printf("RATIO streaming_costs_x_world=%.2f\n", gen_cpu / world_cpu);
  return 0;
}
