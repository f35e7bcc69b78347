#pragma once
// Container: a level of identical units between 0 and a capacity (stock on a shelf, pallets in a yard).
//
//   co_await stock.get(12);   // waits until 12 units are there, then takes them
//   co_await stock.put(40);   // waits until there is room for 40, then adds them
//
// Getters are served strictly in arrival order (a large request at the head is not overtaken by smaller ones
// behind it), and so are putters: the fairness a warehouse's first-come, first-served picking has.

#include <coroutine>
#include <cstdint>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/core/process.hpp"
#include "sim/core/simulation.hpp"

namespace chaintwin::sim {

class Container {
 public:
  static constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max();

  Container(Simulation& sim, std::int64_t capacity = kUnlimited, std::int64_t initial = 0)
      : sim_(sim), capacity_(capacity), level_(initial) {
    if (capacity < 1)
      throw std::invalid_argument("container capacity must be positive, got " + std::to_string(capacity));
    if (initial < 0 || initial > capacity)
      throw std::invalid_argument("container initial level " + std::to_string(initial) + " is outside [0, " +
                                  std::to_string(capacity) + "]");
  }
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;

  class Transfer {
   public:
    Transfer(Container& c, std::int64_t amount, bool is_get) : c_(c), amount_(amount), is_get_(is_get) {}
    bool await_ready() { return is_get_ ? c_.try_get(amount_) : c_.try_put(amount_); }
    void await_suspend(std::coroutine_handle<> h) { (is_get_ ? c_.getters_ : c_.putters_).push_back({amount_, h}); }
    void await_resume() const noexcept {}

   private:
    Container& c_;
    std::int64_t amount_;
    bool is_get_;
  };
  Transfer get(std::int64_t amount) { return Transfer(*this, check(amount, "get"), true); }
  Transfer put(std::int64_t amount) { return Transfer(*this, check(amount, "put"), false); }

  // Immediate forms for callback models: succeed only if nobody is waiting ahead and the amount fits.
  bool try_get(std::int64_t amount) {
    if (!getters_.empty() || amount > level_) return false;
    level_ -= amount;
    serve_putters();
    return true;
  }
  bool try_put(std::int64_t amount) {
    if (!putters_.empty() || amount > capacity_ - level_) return false;
    level_ += amount;
    serve_getters();
    return true;
  }

  std::int64_t level() const noexcept { return level_; }
  std::int64_t capacity() const noexcept { return capacity_; }
  std::size_t waiting_getters() const noexcept { return getters_.size(); }
  std::size_t waiting_putters() const noexcept { return putters_.size(); }

 private:
  struct Waiter {
    std::int64_t amount;
    std::coroutine_handle<> handle;
  };

  std::int64_t check(std::int64_t amount, const char* what) const {
    if (amount < 0 || amount > capacity_)
      throw std::invalid_argument(std::string("container ") + what + " of " + std::to_string(amount) +
                                  " units is outside [0, capacity " + std::to_string(capacity_) + "]");
    return amount;
  }
  // A put can satisfy getters and a get can make room for putters; each served waiter may unblock the other side.
  void serve_getters() {
    bool progress = false;
    while (!getters_.empty() && getters_.front().amount <= level_) {
      level_ -= getters_.front().amount;
      sim_.schedule(SimTime::zero(), Resume{getters_.front().handle});
      getters_.pop_front();
      progress = true;
    }
    if (progress) serve_putters();
  }
  void serve_putters() {
    bool progress = false;
    while (!putters_.empty() && putters_.front().amount <= capacity_ - level_) {
      level_ += putters_.front().amount;
      sim_.schedule(SimTime::zero(), Resume{putters_.front().handle});
      putters_.pop_front();
      progress = true;
    }
    if (progress) serve_getters();
  }

  Simulation& sim_;
  std::int64_t capacity_;
  std::int64_t level_;
  std::deque<Waiter> getters_;
  std::deque<Waiter> putters_;
};

}  // namespace chaintwin::sim
