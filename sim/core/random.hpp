#pragma once
// Random numbers that are the same on every machine, and streams that are keyed, not counted.
//
// Portability. The std:: distributions are unusable for reproducible runs: their algorithms are
// implementation-defined, so libstdc++, libc++ and MSVC give different numbers from the same engine. Every
// algorithm here is ours and fixed: engine, seeding, stream hashing and each distribution's sequence of draws and
// arithmetic. The only outside dependency is the C library's log, exp, pow and cos (sqrt is exact by IEEE 754).
// glibc uses the same implementations on x86-64 and arm64 and they are accurate to about half an ulp, but they
// are not guaranteed correctly rounded and x86-64 glibc picks FMA variants at run time, so a last-bit difference
// between machines is possible, though rare; the golden-value tests detect one. The build uses -ffp-contract=off,
// so the compiler never fuses a*b+c into an FMA in our own code.
//
// Streams. A stream's seed is a hash of its key (master seed, replication, entity, purpose) and of nothing
// else: the same key gives the same numbers whatever else the model contains and however many streams were made
// before it. That is what common random numbers need: a what-if scenario that adds a warehouse leaves the demand
// stream of every existing customer untouched, so the difference between baseline and scenario is the change,
// not noise.
//
// Each distribution consumes a documented number of draws; never pass two draws as arguments of one call, whose
// evaluation order is unspecified.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chaintwin::sim {

// SplitMix64 (Steele, Lea & Flood 2014): advances the state by the golden-ratio increment and returns the mixed
// value. Used to expand one 64-bit seed into engine state.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// xoshiro256++ 1.0 (Blackman & Vigna 2019): 256-bit state, period 2^256 - 1, passes BigCrush, and costs a few
// adds, xors, shifts and rotates per number.
class RandomStream {
 public:
  // Expands the seed with SplitMix64; its outputs for distinct counters are distinct, so the state is never zero.
  explicit RandomStream(std::uint64_t seed) {
    for (std::uint64_t& word : s_) word = splitmix64(seed);
  }
  // An exact engine state, as in the reference implementation; throws std::invalid_argument for all zeros.
  static RandomStream from_state(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // The top 53 bits: every value is a multiple of 2^-53 in [0, 1).
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // In (0, 1]: safe to take the log of.
  double uniform01_open() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0, without modulo bias (Lemire 2019): the rejection that makes it exact is taken with
  // probability below n / 2^64 and costs a division only then.
  std::uint64_t below(std::uint64_t n) {
    __extension__ typedef unsigned __int128 U128;  // __extension__: -Wpedantic rejects __int128 otherwise
    U128 m = static_cast<U128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
      while (low < threshold) {
        m = static_cast<U128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  RandomStream() = default;
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<std::uint64_t, 4> s_{};
};

// The identity of a stream. An entity is named by a string or by a number; the two never share a seed. A number
// must be given as std::uint64_t: an int literal selects neither alternative.
struct StreamKey {
  std::uint64_t master_seed = 0;
  std::uint64_t replication = 0;
  std::variant<std::string, std::uint64_t> entity;
  std::string purpose;

  // FNV-1a 64 over master seed, replication (8 bytes each, little-endian), an entity kind byte, the entity
  // (length-prefixed bytes or 8 bytes) and the length-prefixed purpose, then one SplitMix64 step. Length
  // prefixes keep ("ab", "c") and ("a", "bc") apart. Fixed forever: changing it changes every model's numbers.
  std::uint64_t seed() const;
  friend bool operator==(const StreamKey&, const StreamKey&) = default;
};

// The streams of one replication of one experiment.
class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t master_seed, std::uint64_t replication = 0)
      : master_seed_(master_seed), replication_(replication) {}

  std::uint64_t master_seed() const { return master_seed_; }
  std::uint64_t replication() const { return replication_; }

  // Equal to RandomStream(StreamKey{master_seed(), replication(), entity, purpose}.seed()), without allocating.
  RandomStream stream(std::string_view entity, std::string_view purpose) const;
  RandomStream stream(std::uint64_t entity_id, std::string_view purpose) const;

 private:
  std::uint64_t master_seed_;
  std::uint64_t replication_;
};

// Box-Muller with both uniforms drawn on every call and the second variate discarded: a fixed two draws per
// number keeps streams aligned between scenarios, which a cached spare or a polar rejection loop would not.
inline double standard_normal(RandomStream& rs) {
  const double u1 = rs.uniform01_open();
  const double u2 = rs.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Continuous uniform on [a, b]; one draw. b can be reached only through rounding.
class Uniform {
 public:
  Uniform(double a, double b);
  double operator()(RandomStream& rs) const { return a_ + width_ * rs.uniform01(); }

 private:
  double a_;
  double width_;
};

// Integers in [lo, hi], both inclusive; one draw, or more on a (rare) rejection.
class UniformInt {
 public:
  UniformInt(std::int64_t lo, std::int64_t hi);
  std::int64_t operator()(RandomStream& rs) const {
    // Modular unsigned arithmetic covers ranges wider than int64; a range of 0 means all 2^64 values.
    const std::uint64_t offset = range_ == 0 ? rs.next_u64() : rs.below(range_);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo_) + offset);
  }

 private:
  std::int64_t lo_;
  std::uint64_t range_;
};

// Inverse transform, -mean * log(u) with u in (0, 1]; one draw.
class Exponential {
 public:
  explicit Exponential(double mean);
  double operator()(RandomStream& rs) const { return -mean_ * std::log(rs.uniform01_open()); }

 private:
  double mean_;
};

// Two draws (see standard_normal). stddev 0 is allowed: a fixed value that still consumes its draws.
class Normal {
 public:
  Normal(double mean, double stddev);
  double operator()(RandomStream& rs) const { return mean_ + stddev_ * standard_normal(rs); }

 private:
  double mean_;
  double stddev_;
};

// exp(N(mu, sigma^2)); two draws. Process times are usually known by their median or by mean and coefficient of
// variation, hence the factories.
class LogNormal {
 public:
  LogNormal(double mu, double sigma);
  static LogNormal from_median(double median, double sigma);
  static LogNormal from_mean_cv(double mean, double cv);

  double mu() const { return mu_; }
  double sigma() const { return sigma_; }
  double operator()(RandomStream& rs) const { return std::exp(mu_ + sigma_ * standard_normal(rs)); }

 private:
  double mu_;
  double sigma_;
};

// Marsaglia & Tsang (2000) squeeze-rejection: a normal and a uniform per candidate, 3.0 to 3.15 draws per number
// for shape >= 1. For shape < 1, a Gamma(shape + 1) variate times u^(1/shape): one draw more.
class Gamma {
 public:
  Gamma(double shape, double scale);
  double operator()(RandomStream& rs) const;

 private:
  double scale_;
  double d_;
  double c_;
  double inv_shape_;  // 0 when shape >= 1: no boost
};

// Inverse CDF; one draw.
class Triangular {
 public:
  Triangular(double min, double mode, double max);
  double operator()(RandomStream& rs) const {
    const double u = rs.uniform01();
    if (u < mode_cdf_) return min_ + std::sqrt(u * left_);
    return max_ - std::sqrt((1.0 - u) * right_);
  }

 private:
  double min_;
  double max_;
  double mode_cdf_;
  double left_;   // (max - min) * (mode - min)
  double right_;  // (max - min) * (max - mode)
};

// Mean below 10: inversion by sequential search, one draw and about mean + 1 steps. From 10 on: PTRS
// transformed rejection (Hoermann 1993), two draws per candidate and 2.25 to 2.7 draws per number at any mean,
// using our own log-factorial rather than lgamma, which writes the global signgam and is not thread-safe.
class Poisson {
 public:
  explicit Poisson(double mean);  // 0 <= mean <= 1e15, which keeps every intermediate far inside int64
  std::int64_t operator()(RandomStream& rs) const;

 private:
  double mean_;
  double exp_neg_mean_;
  double log_mean_;
  double a_;
  double b_;
  double log_inv_alpha_;
  double vr_;
};

// One draw.
class Bernoulli {
 public:
  explicit Bernoulli(double p);
  bool operator()(RandomStream& rs) const { return rs.uniform01() < p_; }

 private:
  double p_;
};

// Index i with probability weights[i] / sum, by Walker's alias method in Vose's construction: O(n) build, then
// below(n) and one uniform per number whatever n is. Zero weights are allowed and never drawn.
class Discrete {
 public:
  explicit Discrete(std::vector<double> weights);
  std::size_t size() const { return prob_.size(); }
  std::size_t operator()(RandomStream& rs) const {
    const auto i = static_cast<std::size_t>(rs.below(prob_.size()));
    return rs.uniform01() < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<std::size_t> alias_;
};

// Continuous resampling of observed data: a uniform position among the sorted samples, interpolated linearly
// between adjacent order statistics, so values stay within [min, max] and ties are kept. One draw.
class Empirical {
 public:
  explicit Empirical(std::vector<double> samples);
  double operator()(RandomStream& rs) const {
    const std::size_t n = sorted_.size();
    if (n == 1) return sorted_[0];
    const double position = rs.uniform01() * static_cast<double>(n - 1);
    auto i = static_cast<std::size_t>(position);
    if (i > n - 2) i = n - 2;  // guards the last interval against rounding of position up to n - 1
    const double fraction = position - static_cast<double>(i);
    return sorted_[i] + fraction * (sorted_[i + 1] - sorted_[i]);
  }

 private:
  std::vector<double> sorted_;
};

}  // namespace chaintwin::sim
