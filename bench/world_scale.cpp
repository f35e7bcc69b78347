// The supply-chain world at national scale: a generated network simulated for N days on one core, reporting world
// events per second, wall time, and memory per SKU-location; with --doubling, the same again with each count
// doubled in turn (DCs, stores, trucks, SKUs), printing how each figure grows.
//
//   world_scale [--dcs 50] [--stores 2000] [--trucks 5000] [--skus 10000] [--suppliers 200] [--ports 4]
//               [--min-skus 300] [--max-skus 1100] [--days 30] [--seed 1] [--doubling 0|1]
//
// Memory is counted, not guessed: the bytes held by the network, the world's state and the truth ledger (vector
// capacities), divided by SKU-locations; the process's peak resident set is printed beside it.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_args.hpp"
#include "network/generator.hpp"
#include "sim/world/world.hpp"

namespace {

using namespace chaintwin;

struct Figures {
  std::string label;
  std::size_t sku_locations = 0;
  std::uint64_t events = 0;
  double seconds = 0.0;
  double cpu_seconds = 0.0;  // of the simulating thread: what "per core" means on a shared machine
  std::size_t state_bytes = 0, ledger_bytes = 0, network_bytes = 0;
  std::size_t ledger_rows = 0;
  std::uint64_t ledger_hash = 0;  // equal across versions that compute the same world
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Figures run(const std::string& label, const network::GeneratorConfig& g, int days) {
  Figures f;
  f.label = label;
  const network::Network net = network::generate_network(g);
  world::WorldConfig config;
  const sim::SimTime horizon = sim::days(days);
  world::World w(net, config, sim::RandomStreams(g.seed), horizon);
  const double cpu_start = thread_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  w.run_until(horizon, [&](sim::SimTime t) {
    std::fprintf(stderr, "\r  %s: day %d of %d ", label.c_str(), static_cast<int>(t.to_days()), days);
  });
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.cpu_seconds = thread_cpu_seconds() - cpu_start;
  std::fprintf(stderr, "\n");
  f.sku_locations = w.locations().size();
  f.events = w.counters().events;
  f.state_bytes = w.state_bytes();
  f.ledger_bytes = w.ledger().memory_bytes();
  f.network_bytes = net.memory_bytes();
  f.ledger_rows = w.ledger().total_rows();
  f.ledger_hash = w.ledger().hash();
  return f;
}

void print(const Figures& f) {
  const double per_loc = static_cast<double>(f.state_bytes + f.network_bytes) / static_cast<double>(f.sku_locations);
  std::printf(
      "RESULT run=%s sku_locations=%zu events=%llu seconds=%.2f cpu_seconds=%.2f events_per_s=%.0f "
      "events_per_cpu_s=%.0f state_bytes_per_sku_location=%.1f ledger_rows=%zu ledger_mb=%.1f "
      "ledger_bytes_per_row=%.1f ledger_hash=%016llx\n",
      f.label.c_str(), f.sku_locations, static_cast<unsigned long long>(f.events), f.seconds, f.cpu_seconds,
      static_cast<double>(f.events) / f.seconds, static_cast<double>(f.events) / f.cpu_seconds, per_loc, f.ledger_rows, static_cast<double>(f.ledger_bytes) / 1e6,
      static_cast<double>(f.ledger_bytes) / static_cast<double>(f.ledger_rows),
      static_cast<unsigned long long>(f.ledger_hash));
}

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args(argc, argv);
  network::GeneratorConfig g;
  g.dcs = static_cast<std::uint32_t>(args.number("dcs", 50));
  g.stores = static_cast<std::uint32_t>(args.number("stores", 2000));
  g.trucks = static_cast<std::uint32_t>(args.number("trucks", 5000));
  g.skus = static_cast<std::uint32_t>(args.number("skus", 10000));
  g.suppliers = static_cast<std::uint32_t>(args.number("suppliers", 200));
  g.ports = static_cast<std::uint32_t>(args.number("ports", 4));
  g.min_skus_per_store = static_cast<std::uint32_t>(args.number("min-skus", 300));
  g.max_skus_per_store = static_cast<std::uint32_t>(args.number("max-skus", 1100));
  g.seed = static_cast<std::uint64_t>(args.number("seed", 1));
  const int days = static_cast<int>(args.number("days", 30));

  const Figures base = run("base", g, days);
  print(base);
  if (args.number("doubling", 0) != 0) {
    struct Knob {
      const char* name;
      std::uint32_t network::GeneratorConfig::*field;
    };
    for (const Knob k : {Knob{"dcs", &network::GeneratorConfig::dcs}, Knob{"stores", &network::GeneratorConfig::stores},
                         Knob{"trucks", &network::GeneratorConfig::trucks}, Knob{"skus", &network::GeneratorConfig::skus}}) {
      network::GeneratorConfig d = g;
      d.*k.field *= 2;
      const Figures f = run(std::string("2x_") + k.name, d, days);
      print(f);
      std::printf("GROWTH knob=%s sku_locations=x%.2f events=x%.2f cpu_seconds=x%.2f state_bytes=x%.2f "
                  "ledger_bytes=x%.2f\n",
                  k.name, static_cast<double>(f.sku_locations) / base.sku_locations,
                  static_cast<double>(f.events) / base.events, f.cpu_seconds / base.cpu_seconds,
                  static_cast<double>(f.state_bytes + f.network_bytes) / (base.state_bytes + base.network_bytes),
                  static_cast<double>(f.ledger_bytes) / base.ledger_bytes);
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("RESULT peak_rss_mb=%.0f\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
