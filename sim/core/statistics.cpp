#include "sim/core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace chaintwin::sim {

void Tally::merge(const Tally& other) {
  if (&other == this) {  // a.merge(a): merge a copy, or the sample insert would read what it writes
    const Tally copy = other;
    merge(copy);
    return;
  }
  if (other.n_ == 0) return;
  if (keep_samples_ && !other.keep_samples_)
    throw std::logic_error("Tally::merge: this tally keeps samples for quantiles but the other does not");
  if (n_ == 0) {
    const bool keep = keep_samples_;
    *this = other;
    keep_samples_ = keep;
    if (!keep_samples_) samples_.clear();
    return;
  }
  const double n_a = static_cast<double>(n_);
  const double n_b = static_cast<double>(other.n_);
  const double delta = other.mean_ - mean_;
  const double n = n_a + n_b;
  mean_ += delta * n_b / n;
  m2_ += other.m2_ + delta * delta * n_a * n_b / n;
  n_ += other.n_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  if (keep_samples_) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
    sorted_ = false;
  }
}

double Tally::stddev() const { return std::sqrt(variance()); }

double Tally::quantile(double p) const {
  if (!keep_samples_) throw std::logic_error("Tally::quantile needs a tally built with Tally::Quantiles::kExact");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile probability must be in [0, 1]");
  if (samples_.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const double h = p * static_cast<double>(samples_.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, samples_.size() - 1);
  return samples_[lo] + (h - static_cast<double>(lo)) * (samples_[hi] - samples_[lo]);
}

void TimeWeighted::throw_time_went_backwards() {
  throw std::invalid_argument("TimeWeighted::update: time went backwards");
}

void TimeWeighted::reset(SimTime t) {
  update(t, value_);
  start_ = t;
  area_ = 0.0;
  min_ = max_ = value_;
}

double TimeWeighted::mean(SimTime t) const {
  if (t < last_) throw std::invalid_argument("TimeWeighted::mean: time before the last update");
  const double span = (t - start_).to_seconds();
  if (span <= 0.0) return value_;
  return (area_ + value_ * (t - last_).to_seconds()) / span;
}

double student_t_critical(double level, std::size_t degrees_of_freedom) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("confidence level must be in (0, 1)");
  if (degrees_of_freedom == 0) return std::numeric_limits<double>::infinity();
  const boost::math::students_t dist(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(dist, 1.0 - (1.0 - level) / 2.0);
}

ConfidenceInterval student_t_interval(std::span<const double> observations, double level) {
  ConfidenceInterval ci;
  ci.level = level;
  ci.n = observations.size();
  Tally tally;
  for (double x : observations) tally.add(x);
  ci.mean = tally.mean();
  ci.half_width = ci.n < 2
                      ? std::numeric_limits<double>::infinity()
                      : student_t_critical(level, ci.n - 1) * tally.stddev() / std::sqrt(static_cast<double>(ci.n));
  return ci;
}

}  // namespace chaintwin::sim
