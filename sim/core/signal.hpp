#pragma once
// Signal: processes wait for something to happen (a truck is ready, a purchase order is confirmed).
//
//   co_await po_confirmed.wait();   // suspends until the next notify
//   po_confirmed.notify_all();      // wakes every process waiting now, in the order they started waiting
//
// A notify with nobody waiting is not remembered: a signal is an edge, not a level. Use a Container or a flag
// checked before waiting for state that must persist.

#include <coroutine>
#include <deque>

#include "sim/core/process.hpp"
#include "sim/core/simulation.hpp"

namespace chaintwin::sim {

class Signal {
 public:
  explicit Signal(Simulation& sim) : sim_(sim) {}
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  class Wait {
   public:
    explicit Wait(Signal& s) : s_(s) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { s_.waiters_.push_back(h); }
    void await_resume() const noexcept {}

   private:
    Signal& s_;
  };
  Wait wait() { return Wait(*this); }

  // Each woken process resumes at the current time, after the events already due now.
  void notify_all() {
    for (auto h : waiters_) sim_.schedule(SimTime::zero(), Resume{h});
    waiters_.clear();
  }
  void notify_one() {
    if (waiters_.empty()) return;
    sim_.schedule(SimTime::zero(), Resume{waiters_.front()});
    waiters_.pop_front();
  }
  std::size_t waiting() const noexcept { return waiters_.size(); }

 private:
  Simulation& sim_;
  std::deque<std::coroutine_handle<>> waiters_;
};

}  // namespace chaintwin::sim
