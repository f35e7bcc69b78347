#include "sim/core/simulation.hpp"

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::sim {
namespace {

// Every engine test runs over both pending-event sets: they must give the same behaviour.
class SimulationTest : public ::testing::TestWithParam<QueueKind> {};
INSTANTIATE_TEST_SUITE_P(AllQueues, SimulationTest,
                         ::testing::Values(QueueKind::kAdaptive, QueueKind::kLadder, QueueKind::kQuaternaryHeap),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case QueueKind::kLadder:
                               return "Ladder";
                             case QueueKind::kQuaternaryHeap:
                               return "Heap";
                             default:
                               return "Adaptive";
                           }
                         });

TEST_P(SimulationTest, RunsEventsInTimeOrderAndAdvancesTheClock) {
  Simulation sim(GetParam());
  std::vector<std::string> log;
  sim.schedule(hours(2), [&] { log.push_back("b@" + to_string(sim.now())); });
  sim.schedule(hours(1), [&] { log.push_back("a@" + to_string(sim.now())); });
  sim.schedule(hours(3), [&] { log.push_back("c@" + to_string(sim.now())); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"a@0d 01:00:00", "b@0d 02:00:00", "c@0d 03:00:00"}));
  EXPECT_EQ(sim.now(), hours(3));
  EXPECT_EQ(sim.events_executed(), 3u);
  EXPECT_EQ(sim.pending_events(), 0u);
}

TEST_P(SimulationTest, SameTimeEventsRunInSchedulingOrderIncludingZeroDelayOnes) {
  Simulation sim(GetParam());
  std::vector<int> order;
  // A and B are pending for t=5 before A runs; A schedules C (zero delay) and D (zero delay): B must run before
  // C and D, because it was scheduled first, even though C and D take the zero-delay fast path.
  sim.schedule(seconds(5), [&] {
    order.push_back(1);
    sim.schedule(SimTime::zero(), [&] {
      order.push_back(3);
      sim.schedule(SimTime::zero(), [&] { order.push_back(5); });
    });
    sim.schedule(SimTime::zero(), [&] { order.push_back(4); });
  });
  sim.schedule(seconds(5), [&] { order.push_back(2); });
  sim.schedule(seconds(6), [&] { order.push_back(6); });
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

TEST_P(SimulationTest, CancelledEventsNeverRunAndCancelReportsWhetherItWorked) {
  Simulation sim(GetParam());
  int ran = 0;
  const EventId keep = sim.schedule(seconds(1), [&] { ran += 1; });
  const EventId drop = sim.schedule(seconds(2), [&] { ran += 100; });
  EventId self;
  self = sim.schedule(seconds(3), [&] { EXPECT_FALSE(sim.cancel(self)); });  // already running
  EXPECT_TRUE(sim.cancel(drop));
  EXPECT_FALSE(sim.cancel(drop));
  EXPECT_FALSE(sim.cancel(EventId{}));
  sim.run();
  EXPECT_EQ(ran, 1);
  EXPECT_FALSE(sim.cancel(keep));
  EXPECT_EQ(sim.events_executed(), 2u);
}

TEST_P(SimulationTest, CancelledActionIsDestroyedAtOnce) {
  Simulation sim(GetParam());
  auto token = std::make_shared<int>(7);
  const EventId id = sim.schedule(days(1), [token] {});
  EXPECT_EQ(token.use_count(), 2);
  sim.cancel(id);
  EXPECT_EQ(token.use_count(), 1);
}

TEST_P(SimulationTest, RunUntilStopsAtTheBoundaryAndResumes) {
  Simulation sim(GetParam());
  std::vector<std::int64_t> seen;
  for (int h = 1; h <= 5; ++h) sim.schedule(hours(h), [&] { seen.push_back(sim.now() / hours(1)); });
  sim.run_until(hours(3));
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(sim.now(), hours(3));
  sim.run_until(hours(10));
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(sim.now(), hours(10));
}

TEST_P(SimulationTest, StopEndsTheRunAfterTheCurrentEvent) {
  Simulation sim(GetParam());
  int count = 0;
  for (int i = 1; i <= 10; ++i)
    sim.schedule(minutes(i), [&] {
      if (++count == 4) sim.stop();
    });
  sim.run();
  EXPECT_EQ(count, 4);
  EXPECT_EQ(sim.pending_events(), 6u);
  sim.run();
  EXPECT_EQ(count, 10);
}

TEST_P(SimulationTest, SchedulingIntoThePastIsRejected) {
  Simulation sim(GetParam());
  sim.schedule(hours(1), [&] { EXPECT_THROW(sim.schedule_at(minutes(30), [] {}), std::invalid_argument); });
  sim.run();
  EXPECT_THROW(sim.schedule(SimTime::zero() - seconds(1), [] {}), std::invalid_argument);
}

TEST_P(SimulationTest, SchedulingBeyondTheEndOfTimeIsRejectedNotWrapped) {
  Simulation sim(GetParam());
  sim.run_until(days(365 * 200));
  EXPECT_THROW(sim.schedule(days(365 * 100), [] {}), std::out_of_range);
  EXPECT_NO_THROW(sim.schedule(days(365 * 90), [] {}));
}

TEST_P(SimulationTest, PendingActionsAreDestroyedWithTheSimulation) {
  auto token = std::make_shared<int>(1);
  {
    Simulation sim(GetParam());
    for (int i = 0; i < 10; ++i) sim.schedule(hours(i + 1), [token] {});
    sim.run_until(hours(3));
    EXPECT_EQ(token.use_count(), 8);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST_P(SimulationTest, LargeCallablesWork) {
  Simulation sim(GetParam());
  std::array<std::int64_t, 16> big{};
  big[15] = 42;
  std::int64_t got = 0;
  sim.schedule(seconds(1), [big, &got] { got = big[15]; });
  sim.run();
  EXPECT_EQ(got, 42);
}

TEST_P(SimulationTest, ZeroDelayEventsLeftByStopKeepTheirPlace) {
  Simulation sim(GetParam());
  std::vector<int> order;
  sim.schedule(hours(1), [&] {
    sim.schedule(SimTime::zero(), [&] { order.push_back(1); });
    sim.stop();
  });
  sim.run();
  EXPECT_TRUE(order.empty());
  sim.schedule(SimTime::zero(), [&] { order.push_back(2); });  // scheduled later, same time: runs after
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_P(SimulationTest, RunUntilBoundAppliesToLeftoverEvents) {
  Simulation sim(GetParam());
  bool late_ran = false;
  sim.schedule(hours(2), [&] {
    sim.schedule(SimTime::zero(), [&] { late_ran = true; });
    sim.stop();
  });
  sim.run();
  EXPECT_EQ(sim.now(), hours(2));
  sim.run_until(hours(2));
  EXPECT_TRUE(late_ran);  // due at 2 h: within the bound
}

struct ThrowingCopy {
  ThrowingCopy() = default;
  ThrowingCopy(const ThrowingCopy&) { throw std::runtime_error("copy failed"); }
  ThrowingCopy(ThrowingCopy&&) noexcept = default;
  void operator()() const {}
};

TEST_P(SimulationTest, ACallableThatFailsToCopyLeavesNoEventBehind) {
  Simulation sim(GetParam());
  const ThrowingCopy f;
  EXPECT_THROW(sim.schedule(hours(1), f), std::runtime_error);
  EXPECT_EQ(sim.pending_events(), 0u);
  int ran = 0;
  sim.schedule(hours(2), [&] { ++ran; });
  sim.run();
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(sim.events_executed(), 1u);
}

TEST_P(SimulationTest, EmptyActionIsRejected) {
  Simulation sim(GetParam());
  EXPECT_THROW(sim.schedule(hours(1), Action{}), std::invalid_argument);
  EXPECT_EQ(sim.pending_events(), 0u);
}

TEST_P(SimulationTest, AThrowingActionStopsTheRunButLeavesTheEngineConsistent) {
  Simulation sim(GetParam());
  std::vector<int> order;
  sim.schedule(hours(1), [&] {
    sim.schedule(hours(1), [&] { order.push_back(2); });
    sim.schedule(SimTime::zero(), [&] { order.push_back(1); });
    throw std::runtime_error("model bug");
  });
  sim.schedule(hours(3), [&] { order.push_back(3); });
  EXPECT_THROW(sim.run(), std::runtime_error);
  EXPECT_EQ(sim.pending_events(), 3u);  // the thrower's slot is free again
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(sim.pending_events(), 0u);
}

// A branching cascade with ties, zero delays and cancellations: both queues must produce the same trajectory.
std::uint64_t cascade_hash(QueueKind kind) {
  Simulation sim(kind);
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::vector<EventId> cancellable;
  std::function<void()> step = [&] {
    const auto r = next();
    if (sim.events_executed() > 200000) return;
    const int children = static_cast<int>(r % 4);  // supercritical: grows until the cap
    for (int c = 0; c < children; ++c) {
      const auto d = next() % 4 == 0 ? SimTime::zero() : nanoseconds(static_cast<std::int64_t>(next() % 1000));
      cancellable.push_back(sim.schedule(d, step));
    }
    if (r % 7 == 0 && !cancellable.empty()) sim.cancel(cancellable[next() % cancellable.size()]);
  };
  for (int i = 0; i < 50; ++i) sim.schedule(nanoseconds(i % 5), step);
  sim.run();
  EXPECT_GT(sim.events_executed(), 100000u);
  return sim.trajectory_hash();
}

TEST(SimulationDeterminism, BothQueuesGiveTheSameTrajectoryAndRepeatsAreIdentical) {
  const auto ladder = cascade_hash(QueueKind::kLadder);
  EXPECT_EQ(ladder, cascade_hash(QueueKind::kLadder));
  EXPECT_EQ(ladder, cascade_hash(QueueKind::kQuaternaryHeap));
  EXPECT_EQ(ladder, cascade_hash(QueueKind::kAdaptive));  // grows past the switch to the ladder and drains back
}

// The adaptive queue moves its entries between heap and ladder as the pending count crosses its thresholds,
// repeatedly, in the middle of same-time bursts and with cancelled entries in flight: the order must not change.
std::vector<std::uint64_t> oscillating_run(QueueKind kind) {
  Simulation sim(kind);
  std::vector<std::uint64_t> order;
  std::vector<EventId> ids;
  for (int wave = 0; wave < 6; ++wave) {
    const std::int64_t base = wave * 1'000'000;
    for (int i = 0; i < 400; ++i) {
      const std::int64_t at = base + (i * 7919) % 1000;
      ids.push_back(sim.schedule_at(nanoseconds(at), [&order, &sim, i] {
        order.push_back(static_cast<std::uint64_t>(sim.now().ns()) * 1000 + static_cast<std::uint64_t>(i));
        if (i % 50 == 0) sim.schedule(SimTime::zero(), [&order] { order.push_back(1); });
      }));
    }
    for (std::size_t k = 0; k < ids.size(); k += 37) sim.cancel(ids[k]);
    sim.run_until(nanoseconds(base + 999'999));
  }
  order.push_back(sim.trajectory_hash());
  return order;
}

TEST(SimulationDeterminism, AdaptiveQueueSwitchingKeepsTheOrder) {
  const auto heap = oscillating_run(QueueKind::kQuaternaryHeap);
  EXPECT_EQ(heap, oscillating_run(QueueKind::kAdaptive));
  EXPECT_EQ(heap, oscillating_run(QueueKind::kLadder));
  EXPECT_GT(heap.size(), 2000u);
}

}  // namespace
}  // namespace chaintwin::sim
