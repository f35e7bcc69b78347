// The M/M/c dock against Erlang C. Tolerance: 20 independent replications (each long, with warm-up) give a
// Student-t 99.9% confidence interval per quantity; theory must fall inside it. The interval must also be narrow
// (a few percent of the theoretical value) so that the check has the power to catch a real error.
#include "sim/models/mmc_dock.hpp"

#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/replication.hpp"
#include "sim/core/statistics.hpp"
#include "sim/models/queueing_theory.hpp"

namespace chaintwin::sim {
namespace {

struct Setting {
  std::int64_t doors;
  double lambda;  // trucks per hour
  double mu;      // unloads per hour per door
  std::int64_t horizon_hours;
  double max_relative_half_width;
};

void PrintTo(const Setting& s, std::ostream* os) { *os << "c=" << s.doors << " lambda=" << s.lambda << " mu=" << s.mu; }

class ErlangC : public ::testing::TestWithParam<Setting> {};

INSTANTIATE_TEST_SUITE_P(
    Docks, ErlangC,
    ::testing::Values(Setting{1, 0.5, 1.0, 40'000, 0.05},    // M/M/1, rho 0.5
                      Setting{10, 7.0, 1.0, 20'000, 0.05},   // many doors, rho 0.7
                      Setting{4, 3.6, 1.0, 40'000, 0.08},    // rho 0.9
                      Setting{2, 1.9, 1.0, 100'000, 0.12}),  // rho 0.95: long correlated busy periods
    [](const auto& param_info) {
      // snprintf rather than string concatenation: g++ 12 at -O3 raises a false -Wrestrict on the latter.
      char name[32];
      std::snprintf(name, sizeof name, "c%lld_rho%d", static_cast<long long>(param_info.param.doors),
                    static_cast<int>(param_info.param.lambda / (param_info.param.doors * param_info.param.mu) * 100));
      return std::string(name);
    });

TEST_P(ErlangC, WaitProbabilityMeanWaitAndQueueLengthMatchTheory) {
  const Setting s = GetParam();
  const auto theory = theory::mmc_steady_state(s.doors, s.lambda, s.mu);
  models::MmcDockConfig config;
  config.doors = s.doors;
  config.arrivals_per_hour = s.lambda;
  config.unloads_per_hour = s.mu;
  config.horizon = hours(s.horizon_hours);
  config.warm_up = hours(s.horizon_hours / 10);

  const auto runs = run_replications(
      {.replications = 20, .master_seed = 2026, .threads = 0, .on_progress = {}},
      [&](std::size_t, const RandomStreams& streams) { return models::run_mmc_dock(config, streams); });
  std::vector<double> p_wait, wq, lq, utilisation;
  for (const auto& r : runs) {
    p_wait.push_back(r.probability_wait());
    wq.push_back(r.wait_hours.mean());
    lq.push_back(r.mean_queue_length);
    utilisation.push_back(r.door_utilisation);
  }
  const struct {
    const char* name;
    std::vector<double>& xs;
    double expected;
  } checks[] = {{"P(wait)", p_wait, theory.probability_wait},
                {"Wq", wq, theory.mean_wait_in_queue},
                {"Lq", lq, theory.mean_queue_length},
                {"utilisation", utilisation, theory.utilisation}};
  for (const auto& check : checks) {
    const auto ci = student_t_interval(check.xs, 0.999);
    EXPECT_TRUE(ci.contains(check.expected)) << check.name << ": theory " << check.expected << " outside 99.9% CI ["
                                             << ci.lower() << ", " << ci.upper() << "]";
    EXPECT_LT(ci.half_width, s.max_relative_half_width * check.expected)
        << check.name << ": CI half-width " << ci.half_width << " too wide to test anything";
  }
}

TEST(ErlangCFormula, KnownValues) {
  // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda).
  const auto m1 = theory::mmc_steady_state(1, 0.5, 1.0);
  EXPECT_DOUBLE_EQ(m1.probability_wait, 0.5);
  EXPECT_DOUBLE_EQ(m1.mean_wait_in_queue, 1.0);
  // c = 4, a = 3.6 Erlangs, by the direct sum: P0^-1 = 1 + 3.6 + 6.48 + 7.776 + 6.9984 / 0.1 = 88.84,
  // C = 69.984 / 88.84.
  const auto m4 = theory::mmc_steady_state(4, 3.6, 1.0);
  EXPECT_NEAR(m4.probability_wait, 69.984 / 88.84, 1e-12);
  EXPECT_NEAR(m4.mean_wait_in_queue, 69.984 / 88.84 / 0.4, 1e-12);
  EXPECT_THROW(theory::mmc_steady_state(2, 2.0, 1.0), std::invalid_argument);
}

TEST(MmcDock, SameSeedSameTrajectoryOnBothQueues) {
  models::MmcDockConfig config;
  config.horizon = days(200);
  const RandomStreams streams(99, 0);
  const auto ladder = models::run_mmc_dock(config, streams, QueueKind::kLadder);
  const auto again = models::run_mmc_dock(config, streams, QueueKind::kLadder);
  const auto heap = models::run_mmc_dock(config, streams, QueueKind::kQuaternaryHeap);
  EXPECT_EQ(ladder.trajectory_hash, again.trajectory_hash);
  EXPECT_EQ(ladder.trajectory_hash, heap.trajectory_hash);
  EXPECT_EQ(ladder.trucks_served, heap.trucks_served);
  EXPECT_DOUBLE_EQ(ladder.wait_hours.mean(), heap.wait_hours.mean());
  const auto other = models::run_mmc_dock(config, RandomStreams(100, 0));
  EXPECT_NE(ladder.trajectory_hash, other.trajectory_hash);
}

}  // namespace
}  // namespace chaintwin::sim
