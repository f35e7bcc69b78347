#pragma once
// Simulated time: an integer count of nanoseconds since the start of the run.
//
// Integer time makes event order exact and runs bit-for-bit reproducible: no rounding ever decides which of two
// events comes first. int64 nanoseconds cover +-292 years, far beyond any supply-chain horizon.

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>

namespace chaintwin::sim {

class SimTime {
 public:
  using Rep = std::int64_t;

  constexpr SimTime() = default;
  static constexpr SimTime from_ns(Rep ns) { return SimTime(ns); }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<Rep>::max()); }

  constexpr Rep ns() const { return ns_; }
  // For reports and statistics only; the engine never computes with floating-point time.
  constexpr double to_seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double to_hours() const { return static_cast<double>(ns_) / 3.6e12; }
  constexpr double to_days() const { return static_cast<double>(ns_) / 8.64e13; }

  constexpr SimTime& operator+=(SimTime d) {
    ns_ += d.ns_;
    return *this;
  }
  constexpr SimTime& operator-=(SimTime d) {
    ns_ -= d.ns_;
    return *this;
  }
  friend constexpr SimTime operator+(SimTime a, SimTime b) { return SimTime(a.ns_ + b.ns_); }
  friend constexpr SimTime operator-(SimTime a, SimTime b) { return SimTime(a.ns_ - b.ns_); }
  friend constexpr SimTime operator*(SimTime a, Rep k) { return SimTime(a.ns_ * k); }
  friend constexpr SimTime operator*(Rep k, SimTime a) { return SimTime(a.ns_ * k); }
  friend constexpr Rep operator/(SimTime a, SimTime b) { return a.ns_ / b.ns_; }
  friend constexpr auto operator<=>(SimTime, SimTime) = default;

 private:
  constexpr explicit SimTime(Rep ns) : ns_(ns) {}
  Rep ns_ = 0;
};

constexpr SimTime nanoseconds(std::int64_t n) { return SimTime::from_ns(n); }
constexpr SimTime microseconds(std::int64_t n) { return SimTime::from_ns(n * 1'000); }
constexpr SimTime milliseconds(std::int64_t n) { return SimTime::from_ns(n * 1'000'000); }
constexpr SimTime seconds(std::int64_t n) { return SimTime::from_ns(n * 1'000'000'000); }
constexpr SimTime minutes(std::int64_t n) { return seconds(n * 60); }
constexpr SimTime hours(std::int64_t n) { return seconds(n * 3'600); }
constexpr SimTime days(std::int64_t n) { return seconds(n * 86'400); }
// hours(1.5) would silently truncate to one hour: fractional durations go through from_hours() and friends.
template <std::floating_point T>
SimTime nanoseconds(T) = delete;
template <std::floating_point T>
SimTime microseconds(T) = delete;
template <std::floating_point T>
SimTime milliseconds(T) = delete;
template <std::floating_point T>
SimTime seconds(T) = delete;
template <std::floating_point T>
SimTime minutes(T) = delete;
template <std::floating_point T>
SimTime hours(T) = delete;
template <std::floating_point T>
SimTime days(T) = delete;

// Converts a duration drawn from a distribution (in the given unit) to integer time, rounding half up to the
// nanosecond. This is the one place floating-point values enter the clock; negative or NaN inputs clamp to zero,
// values beyond the clock's range to SimTime::max(). Inline and free of libm calls: every sampled delay comes here.
constexpr SimTime from_scaled(double value, double ns_per_unit) {
  const double ns = value * ns_per_unit;
  if (!(ns > 0.0)) return SimTime::zero();  // also catches NaN
  if (ns >= 9.2e18) return SimTime::max();
  auto whole = static_cast<SimTime::Rep>(ns);
  if (ns - static_cast<double>(whole) >= 0.5) ++whole;
  return SimTime::from_ns(whole);
}
constexpr SimTime from_seconds(double s) { return from_scaled(s, 1e9); }
constexpr SimTime from_hours(double h) { return from_scaled(h, 3.6e12); }
constexpr SimTime from_days(double d) { return from_scaled(d, 8.64e13); }

// "3d 04:05:06.789" style: days, then hh:mm:ss with milliseconds when not whole.
std::string to_string(SimTime t);
std::ostream& operator<<(std::ostream& os, SimTime t);

}  // namespace chaintwin::sim
