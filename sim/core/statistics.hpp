#pragma once
// Output statistics of a run and across replications.
//
// Tally        observations (waits, lead times): count, mean, variance (Welford, stable), min, max, and exact
//              quantiles when asked to keep the samples.
// TimeWeighted a piecewise-constant quantity (queue length, stock level): its time average over the run.
// student_t_interval  the confidence interval of a mean across independent replications.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/core/time.hpp"

namespace chaintwin::sim {

class Tally {
 public:
  enum class Quantiles { kNone, kExact };
  explicit Tally(Quantiles quantiles = Quantiles::kNone) : keep_samples_(quantiles == Quantiles::kExact) {}

  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
    if (keep_samples_) {
      samples_.push_back(x);
      sorted_ = false;
    }
  }
  // Merges another tally (Chan et al.'s parallel update), e.g. batches from several entities.
  void merge(const Tally& other);

  std::uint64_t count() const { return n_; }
  double mean() const { return n_ > 0 ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  // Sample variance (n - 1 in the denominator).
  double variance() const {
    return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::numeric_limits<double>::quiet_NaN();
  }
  double stddev() const;
  double min() const { return n_ > 0 ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const { return n_ > 0 ? max_ : std::numeric_limits<double>::quiet_NaN(); }
  // The p-quantile (0 <= p <= 1) by linear interpolation between order statistics (type 7, as R and numpy do).
  // Throws std::logic_error if the tally was not built with Quantiles::kExact.
  double quantile(double p) const;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  bool keep_samples_;
  mutable std::vector<double> samples_;  // sorted lazily by quantile()
  mutable bool sorted_ = true;
};

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = SimTime::zero(), double initial = 0.0)
      : last_(start), start_(start), value_(initial), min_(initial), max_(initial) {}
  // The quantity changes to `value` at time t (t never decreases). Inline: models call it on every state change.
  void update(SimTime t, double value) {
    if (t < last_) [[unlikely]]
      throw_time_went_backwards();
    area_ += value_ * (t - last_).to_seconds();
    last_ = t;
    value_ = value;
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }
  // Restarts the average at t, keeping the current value (end of a warm-up period).
  void reset(SimTime t);
  // Time average over [start, t].
  double mean(SimTime t) const;
  double current() const { return value_; }
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  [[noreturn]] static void throw_time_went_backwards();

  SimTime last_;
  SimTime start_;
  double value_;
  double area_ = 0.0;  // integral of value over [start, last] in value x seconds
  double min_;
  double max_;
};

struct ConfidenceInterval {
  double mean = 0.0;
  double half_width = 0.0;  // infinite for fewer than two observations
  double level = 0.95;
  std::size_t n = 0;
  double lower() const { return mean - half_width; }
  double upper() const { return mean + half_width; }
  bool contains(double x) const { return lower() <= x && x <= upper(); }
};

// Student-t interval for the mean of independent, identically distributed observations (one per replication).
ConfidenceInterval student_t_interval(std::span<const double> observations, double level = 0.95);
// The two-sided Student-t critical value t_{1-(1-level)/2, dof}.
double student_t_critical(double level, std::size_t degrees_of_freedom);

}  // namespace chaintwin::sim
