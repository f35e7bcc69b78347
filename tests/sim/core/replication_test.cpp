#include "sim/core/replication.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "sim/core/simulation.hpp"

namespace chaintwin::sim {
namespace {

struct Outcome {
  std::uint64_t hash = 0;
  double sum = 0.0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

// A small stochastic model: a self-scheduling chain with random delays and values.
Outcome chain(std::size_t, const RandomStreams& streams) {
  Simulation sim;
  RandomStream delays = streams.stream("chain", "delays");
  RandomStream values = streams.stream("chain", "values");
  Outcome out;
  const Exponential gap(60.0);
  std::function<void()> step = [&] {
    out.sum += Normal(0.0, 1.0)(values);
    if (sim.events_executed() < 20000) sim.schedule(from_seconds(gap(delays)), step);
  };
  sim.schedule(SimTime::zero(), step);
  sim.run();
  out.hash = sim.trajectory_hash();
  return out;
}

TEST(Replications, ResultsAreIdenticalWhateverTheThreadCount) {
  ReplicationOptions one{.replications = 8, .master_seed = 42, .threads = 1, .on_progress = {}};
  ReplicationOptions two = one;
  two.threads = 2;
  const auto a = run_replications(one, chain);
  const auto b = run_replications(two, chain);
  ASSERT_EQ(a.size(), 8u);
  EXPECT_EQ(a, b);
  // Replications are independent: distinct trajectories.
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_NE(a[i].hash, a[0].hash);
}

TEST(Replications, SameSeedSameResultsOtherSeedOtherResults) {
  ReplicationOptions opts{.replications = 3, .master_seed = 7, .threads = 0, .on_progress = {}};
  const auto a = run_replications(opts, chain);
  EXPECT_EQ(a, run_replications(opts, chain));
  opts.master_seed = 8;
  EXPECT_NE(a, run_replications(opts, chain));
}

TEST(Replications, ReportsProgressOncePerReplication) {
  std::vector<std::size_t> seen;
  ReplicationOptions opts{
      .replications = 5, .master_seed = 1, .threads = 2, .on_progress = [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 5u);
        seen.push_back(done);
      }};
  run_replications(opts, [](std::size_t r, const RandomStreams&) { return r; });
  EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace chaintwin::sim
