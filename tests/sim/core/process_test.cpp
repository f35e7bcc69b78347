#include "sim/core/process.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/container.hpp"
#include "sim/core/resource.hpp"
#include "sim/core/signal.hpp"

namespace chaintwin::sim {
namespace {

using Log = std::vector<std::string>;

void note(Log& log, const Simulation& sim, const std::string& what) {
  log.push_back(std::to_string(sim.now() / minutes(1)) + ":" + what);
}

Process sleeper(Simulation& sim, Log& log, std::string name, SimTime d) {
  note(log, sim, name + " start");
  co_await delay(sim, d);
  note(log, sim, name + " woke");
  co_await delay(sim, d);
  note(log, sim, name + " done");
}

TEST(Process, DelaysAdvanceTimeAndInterleaveWithOtherProcesses) {
  Simulation sim;
  Log log;
  sim.start(sleeper(sim, log, "a", minutes(10)));
  sim.start(sleeper(sim, log, "b", minutes(15)));
  sim.run();
  EXPECT_EQ(log, (Log{"0:a start", "0:b start", "10:a woke", "15:b woke", "20:a done", "30:b done"}));
}

TEST(Process, ProcessStartsAfterEventsAlreadyDueNow) {
  Simulation sim;
  Log log;
  sim.schedule(SimTime::zero(), [&] { note(log, sim, "event"); });
  sim.start(sleeper(sim, log, "p", minutes(1)));
  sim.run();
  EXPECT_EQ(log.front(), "0:event");
}

Process truck(Simulation& sim, Resource& doors, Log& log, std::string name, SimTime unload) {
  co_await doors.acquire();
  note(log, sim, name + " docks");
  co_await delay(sim, unload);
  doors.release();
  note(log, sim, name + " leaves");
}

TEST(Resource, QueuesFirstComeFirstServedAndHandsUnitsOver) {
  Simulation sim;
  Resource doors(sim, 2);
  Log log;
  sim.start(truck(sim, doors, log, "t1", minutes(30)));
  sim.start(truck(sim, doors, log, "t2", minutes(10)));
  sim.start(truck(sim, doors, log, "t3", minutes(5)));
  sim.start(truck(sim, doors, log, "t4", minutes(5)));
  sim.run_until(minutes(1));
  EXPECT_EQ(doors.in_use(), 2);
  EXPECT_EQ(doors.queue_length(), 2u);
  sim.run();
  EXPECT_EQ(log, (Log{"0:t1 docks", "0:t2 docks", "10:t2 leaves", "10:t3 docks", "15:t3 leaves", "15:t4 docks",
                      "20:t4 leaves", "30:t1 leaves"}));
  EXPECT_EQ(doors.in_use(), 0);
}

TEST(Resource, CallbackStyleAcquireAndBadUse) {
  Simulation sim;
  Resource berth(sim, 1);
  std::vector<std::int64_t> granted;
  for (int i = 0; i < 3; ++i)
    berth.acquire([&] {
      granted.push_back(sim.now() / hours(1));
      sim.schedule(hours(2), [&] { berth.release(); });
    });
  sim.run();
  EXPECT_EQ(granted, (std::vector<std::int64_t>{0, 2, 4}));
  EXPECT_THROW(berth.release(), std::logic_error);
  EXPECT_THROW(Resource(sim, 0), std::invalid_argument);
}

Process picker(Simulation& sim, Container& stock, Log& log, std::string name, std::int64_t units) {
  co_await stock.get(units);
  note(log, sim, name + " got " + std::to_string(units));
}

Process replenisher(Simulation& sim, Container& stock, std::int64_t units, SimTime every, int times) {
  for (int i = 0; i < times; ++i) {
    co_await delay(sim, every);
    co_await stock.put(units);
  }
}

TEST(Container, GettersWaitInOrderAndAreServedAsStockArrives) {
  Simulation sim;
  Container stock(sim, 100, 5);
  Log log;
  sim.start(picker(sim, stock, log, "big", 30));
  sim.start(picker(sim, stock, log, "small", 3));  // must not overtake "big"
  sim.start(replenisher(sim, stock, 20, minutes(10), 2));
  sim.run();
  EXPECT_EQ(log, (Log{"20:big got 30", "20:small got 3"}));
  EXPECT_EQ(stock.level(), 12);
}

Process filler(Simulation& sim, Container& tank, Log& log, std::int64_t units) {
  co_await tank.put(units);
  note(log, sim, "put " + std::to_string(units));
}

TEST(Container, PuttersWaitForRoom) {
  Simulation sim;
  Container yard(sim, 10, 8);
  Log log;
  sim.start(filler(sim, yard, log, 5));
  sim.schedule(minutes(7), [&] { EXPECT_TRUE(yard.try_get(4)); });
  sim.run();
  EXPECT_EQ(log, (Log{"7:put 5"}));
  EXPECT_EQ(yard.level(), 9);
  EXPECT_FALSE(yard.try_put(2));
  EXPECT_THROW(yard.get(11), std::invalid_argument);
  EXPECT_THROW(Container(sim, 5, 6), std::invalid_argument);
}

Process waiter(Simulation& sim, Signal& signal, Log& log, std::string name) {
  co_await signal.wait();
  note(log, sim, name + " notified");
}

TEST(Signal, NotifyAllWakesWaitersInOrderAndIsNotRemembered) {
  Simulation sim;
  Signal ready(sim);
  Log log;
  sim.start(waiter(sim, ready, log, "a"));
  sim.start(waiter(sim, ready, log, "b"));
  sim.schedule(minutes(5), [&] { ready.notify_all(); });
  sim.schedule(minutes(6), [&] { ready.notify_all(); });  // nobody waits: lost, by design
  sim.schedule(minutes(7), [&] { sim.start(waiter(sim, ready, log, "c")); });
  sim.schedule(minutes(9), [&] { ready.notify_one(); });
  sim.run();
  EXPECT_EQ(log, (Log{"5:a notified", "5:b notified", "9:c notified"}));
}

struct Tracker {
  int* alive;
  explicit Tracker(int* a) : alive(a) { ++*alive; }
  ~Tracker() { --*alive; }
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;
};

Process forever(Simulation& sim, Signal& never, int* alive) {
  Tracker t(alive);
  co_await delay(sim, hours(1));
  co_await never.wait();
}

TEST(Process, SuspendedProcessesAreDestroyedWithTheSimulation) {
  int alive = 0;
  {
    Simulation sim;
    Signal never(sim);
    sim.start(forever(sim, never, &alive));  // ends suspended on a signal
    sim.start(forever(sim, never, &alive));
    sim.run_until(minutes(30));  // these two end suspended in a delay
    EXPECT_EQ(alive, 2);
    sim.run();
    EXPECT_EQ(alive, 2);
    sim.start(forever(sim, never, &alive));  // never even started running
  }
  EXPECT_EQ(alive, 0);
  {
    Simulation sim;
    Signal never(sim);
    auto p = forever(sim, never, &alive);  // created, never handed to the simulation
  }
  EXPECT_EQ(alive, 0);
}

struct DoorGuard {
  Resource& doors;
  ~DoorGuard() { doors.release(); }
};

Process guarded_holder(Simulation& sim, Resource& doors) {
  co_await doors.acquire();
  DoorGuard guard{doors};
  co_await delay(sim, hours(10));
}

Process plain_waiter(Resource& doors) {
  co_await doors.acquire();
  doors.release();
}

TEST(Process, TeardownWithAGuardThatReleasesAResourceIsSafe) {
  // The resource is declared before the simulation, so it outlives the frames the simulation destroys; the
  // guard's release() schedules the waiter while the simulation is being torn down.
  Simulation* raw = nullptr;
  {
    auto sim = std::make_unique<Simulation>();
    raw = sim.get();
    Resource doors(*raw, 1);
    sim->start(guarded_holder(*sim, doors));
    sim->start(plain_waiter(doors));
    sim->run_until(hours(1));
    EXPECT_EQ(doors.queue_length(), 1u);
    sim.reset();
  }
  SUCCEED();
}

Process failing(Simulation& sim) {
  co_await delay(sim, minutes(1));
  throw std::runtime_error("model bug");
}

TEST(Process, ExceptionInAProcessReachesTheCallerOfRunAndOthersCarryOn) {
  Simulation sim;
  Log log;
  sim.start(failing(sim));
  sim.start(sleeper(sim, log, "s", minutes(2)));
  EXPECT_THROW(sim.run(), std::runtime_error);
  sim.run();
  EXPECT_EQ(log, (Log{"0:s start", "2:s woke", "4:s done"}));
  EXPECT_EQ(sim.pending_events(), 0u);
}

}  // namespace
}  // namespace chaintwin::sim
