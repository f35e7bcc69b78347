#pragma once
// Coroutine processes: entity behaviour written as straight-line code that waits.
//
//   Process truck(Simulation& sim, Resource& doors, SimTime unload) {
//     co_await doors.acquire();      // queue FIFO for a dock door
//     co_await delay(sim, unload);   // hold it while unloading
//     doors.release();
//   }
//   sim.start(truck(sim, doors, minutes(40)));
//
// A Process does nothing until Simulation::start(); from then the simulation owns its frame. A process resumes
// only from the engine's event loop, so it sees the same order as callbacks: (time, sequence).
// An exception escaping a process body ends that process and propagates out of Simulation::run(); the engine stays
// consistent, so the caller may report it and run on.
//
// Two lifetime rules, as for any C++ coroutine:
//   - Write processes as functions taking what they use as parameters, not as capturing lambdas: a lambda's
//     captures live in the closure object, which dies at the end of the statement that started the process.
//   - Objects a process's locals touch in their destructors (a guard that releases a Resource) must outlive the
//     Simulation, which destroys still-suspended processes when it is destroyed: declare them before it.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <utility>

#include "sim/core/frame_pool.hpp"
#include "sim/core/simulation.hpp"
#include "sim/core/time.hpp"

namespace chaintwin::sim {

class Process {
 public:
  struct promise_type {
    Simulation::ProcessLink link;

    static void* operator new(std::size_t bytes) { return frame_pool::allocate(bytes); }
    static void operator delete(void* frame, std::size_t bytes) noexcept { frame_pool::deallocate(frame, bytes); }

    Process get_return_object() { return Process(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }  // the frame frees itself when the body ends
    void return_void() noexcept {}
    void unhandled_exception() { throw; }
    ~promise_type() { Simulation::unlink_process(link); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Process& operator=(Process&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();  // never started
  }

 private:
  friend class Simulation;
  explicit Process(Handle h) : handle_(h) {}
  Handle release() { return std::exchange(handle_, {}); }
  Handle handle_;
};

// Resumes a suspended coroutine: the action every awaitable schedules.
struct Resume {
  std::coroutine_handle<> handle;
  void operator()() const { handle.resume(); }
};

// `co_await delay(sim, d)`: suspends for d of simulated time (d == 0 yields to events already due now).
class Delay {
 public:
  Delay(Simulation& sim, SimTime d) : sim_(sim), d_(d) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { sim_.schedule(d_, Resume{h}); }
  void await_resume() const noexcept {}

 private:
  Simulation& sim_;
  SimTime d_;
};
inline Delay delay(Simulation& sim, SimTime d) { return Delay(sim, d); }

}  // namespace chaintwin::sim
