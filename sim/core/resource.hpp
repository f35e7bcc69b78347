#pragma once
// Resource: `capacity` identical units (dock doors, berths, forklifts) granted first come, first served.
//
//   co_await doors.acquire();   // returns at once if a unit is free and nobody queues, else waits its turn
//   ...
//   doors.release();            // hands the unit straight to the longest waiter, or frees it
//
// A released unit passes to the next waiter, whose process resumes at the same simulated time after the events
// already due then: no waiter can be overtaken by a later arrival.

#include <coroutine>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>

#include "sim/core/action.hpp"
#include "sim/core/process.hpp"
#include "sim/core/simulation.hpp"

namespace chaintwin::sim {

class Resource {
 public:
  Resource(Simulation& sim, std::int64_t capacity) : sim_(sim), capacity_(capacity) {
    if (capacity < 1)
      throw std::invalid_argument("resource capacity must be at least 1, got " + std::to_string(capacity));
  }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  class Acquire {
   public:
    explicit Acquire(Resource& r) : r_(r) {}
    bool await_ready() const noexcept { return r_.try_acquire(); }
    void await_suspend(std::coroutine_handle<> h) { r_.waiters_.emplace_back(Resume{h}); }
    void await_resume() const noexcept {}

   private:
    Resource& r_;
  };
  // For processes: `co_await resource.acquire()`.
  Acquire acquire() { return Acquire(*this); }
  // For callback models: runs `on_granted` once a unit is held (immediately, i.e. at the current time, if one is free).
  void acquire(Action on_granted) {
    if (try_acquire())
      sim_.schedule(SimTime::zero(), std::move(on_granted));
    else
      waiters_.push_back(std::move(on_granted));
  }
  // Takes a unit if one is free and nobody is queueing.
  bool try_acquire() noexcept {
    if (in_use_ < capacity_ && waiters_.empty()) {
      ++in_use_;
      return true;
    }
    return false;
  }
  void release() {
    if (in_use_ == 0) throw std::logic_error("Resource::release without a unit in use");
    if (waiters_.empty()) {
      --in_use_;
      return;
    }
    sim_.schedule(SimTime::zero(), std::move(waiters_.front()));
    waiters_.pop_front();
  }

  std::int64_t capacity() const noexcept { return capacity_; }
  std::int64_t in_use() const noexcept { return in_use_; }
  std::size_t queue_length() const noexcept { return waiters_.size(); }

 private:
  Simulation& sim_;
  std::int64_t capacity_;
  std::int64_t in_use_ = 0;
  std::deque<Action> waiters_;
};

}  // namespace chaintwin::sim
