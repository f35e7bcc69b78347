// PHOLD (Fujimoto 1990) on one processor: a fixed population of pending events; each event, when it runs, sends
// one new event to a uniformly chosen logical process after an exponential delay. It measures the engine itself:
// pending-event set, dispatch and random draws.
//
//   phold [--pending 1000] [--events 20000000] [--queue all|adaptive|ladder|heap|std]
//
// Prints one RESULT line per implementation, and the ratio of each to a plain std::priority_queue loop doing the
// same work in this process (the peer that keeps the figures honest on a noisy machine).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <string>
#include <vector>

#include "bench/bench_args.hpp"
#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"

namespace {

using namespace chaintwin::sim;

constexpr double kMeanDelaySeconds = 1e-3;

struct Phold {
  Simulation sim;
  RandomStream rng;
  Exponential delay{kMeanDelaySeconds};
  std::vector<std::uint32_t> received;  // per logical process
  std::uint64_t target_events;

  Phold(QueueKind kind, std::size_t lps, std::uint64_t events)
      : sim(kind), rng(RandomStreams(1).stream("phold", "all")), received(lps), target_events(events) {}

  struct Arrival {
    Phold* model;
    std::uint32_t lp;
    void operator()() const { model->arrive(lp); }
  };
  void send() {
    const auto lp = static_cast<std::uint32_t>(rng.below(received.size()));
    sim.schedule(from_seconds(delay(rng)), Arrival{this, lp});
  }
  void arrive(std::uint32_t lp) {
    ++received[lp];
    send();
    if (sim.events_executed() == target_events) sim.stop();
  }
};

struct Measurement {
  double seconds;
  std::uint64_t events;
};

Measurement run_engine(QueueKind kind, std::size_t pending, std::uint64_t events) {
  // Warm-up: every initial event turns over once, so the queue reaches its steady shape before timing starts.
  Phold model(kind, pending, pending);
  for (std::size_t i = 0; i < pending; ++i) model.send();
  model.sim.run();
  model.target_events = pending + events;
  const auto start = std::chrono::steady_clock::now();
  model.sim.run();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {s, model.sim.events_executed() - pending};
}

// The peer: the same model with std::priority_queue of (time, sequence, lp) and no engine around it.
Measurement run_std(std::size_t pending, std::uint64_t events) {
  struct Entry {
    std::int64_t time;
    std::uint64_t seq;
    std::uint32_t lp;
    bool operator<(const Entry& o) const { return time > o.time || (time == o.time && seq > o.seq); }
  };
  std::priority_queue<Entry> queue;
  RandomStream rng = RandomStreams(1).stream("phold", "all");
  const Exponential delay(kMeanDelaySeconds);
  std::vector<std::uint32_t> received(pending);
  std::uint64_t seq = 0;
  auto send = [&](std::int64_t now) {
    const auto lp = static_cast<std::uint32_t>(rng.below(pending));
    queue.push({now + from_seconds(delay(rng)).ns(), seq++, lp});
  };
  for (std::size_t i = 0; i < pending; ++i) send(0);
  auto turn = [&](std::uint64_t n) {
    for (std::uint64_t i = 0; i < n; ++i) {
      const Entry e = queue.top();
      queue.pop();
      ++received[e.lp];
      send(e.time);
    }
  };
  turn(pending);
  const auto start = std::chrono::steady_clock::now();
  turn(events);
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), events};
}

void report(const char* impl, std::size_t pending, const Measurement& m, double peer_rate) {
  const double rate = static_cast<double>(m.events) / m.seconds;
  std::printf("RESULT model=phold impl=%s pending=%zu events=%llu seconds=%.3f events_per_s=%.0f", impl, pending,
              static_cast<unsigned long long>(m.events), m.seconds, rate);
  if (peer_rate > 0) std::printf(" vs_std_priority_queue=%.2fx", rate / peer_rate);
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const chaintwin::bench::Args args(argc, argv);
  const auto pending = static_cast<std::size_t>(args.number("pending", 1000));
  const auto events = static_cast<std::uint64_t>(args.number("events", 20e6));
  const std::string which = args.text("queue", "all");
  if (pending < 1 || events < 1) {
    std::fprintf(stderr, "phold: --pending and --events must be at least 1\n");
    return 2;
  }
  const bool all = which == "all";
  double peer = 0;
  if (all || which == "std") {
    const auto m = run_std(pending, events);
    peer = static_cast<double>(m.events) / m.seconds;
    report("std_priority_queue", pending, m, 0);
  }
  if (all || which == "heap") report("heap", pending, run_engine(QueueKind::kQuaternaryHeap, pending, events), peer);
  if (all || which == "ladder") report("ladder", pending, run_engine(QueueKind::kLadder, pending, events), peer);
  if (all || which == "adaptive") report("adaptive", pending, run_engine(QueueKind::kAdaptive, pending, events), peer);
  return 0;
}
