#pragma once
// Random numbers that are the same on every machine, and streams that are keyed, not counted.
//
// Portability. The std:: distributions are unusable for reproducible runs: their algorithms are
// implementation-defined, so libstdc++, libc++ and MSVC give different numbers from the same engine. Everything
// here is ours and fixed: engine, seeding, stream hashing, each distribution's sequence of draws and arithmetic,
// and the transcendental functions as well. log and exp come from sim/core/portable_math.hpp (fdlibm's
// algorithms in plain IEEE arithmetic), not from the C library, whose results can differ in the last bit between
// machines (x86-64 glibc picks FMA variants at run time); sqrt and floor are exact by IEEE 754, and no algorithm
// needs trigonometry. The build uses -ffp-contract=off, so the compiler never fuses a*b+c into an FMA in our
// code: the numbers are bit-identical on any IEEE-754 machine.
//
// Streams. A stream's seed is a hash of its key (master seed, replication, entity, purpose) and of nothing
// else: the same key gives the same numbers whatever else the model contains and however many streams were made
// before it. That is what common random numbers need: a what-if scenario that adds a warehouse leaves the demand
// stream of every existing customer untouched, so the difference between baseline and scenario is the change,
// not noise.
//
// Draws. Each distribution documents how many engine outputs it consumes. Where that number varies (ziggurat,
// rejection), it depends on the numbers drawn and, for Exponential, Normal and LogNormal, never on the
// parameters: a scenario that changes a mean or a standard deviation consumes its streams exactly as the baseline
// does, and each of its variates is the baseline's, rescaled. Never pass two draws as arguments of one call,
// whose evaluation order is unspecified.

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/core/portable_math.hpp"

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

namespace detail {

// A ziggurat (Marsaglia & Tsang 2000): 256 layers of equal area under a decreasing density f on [0, inf). Layer 0
// is the base, the rectangle [0, r] x [0, f(r)] plus the tail beyond r, drawn as one rectangle of the same area;
// layer i >= 1 is the strip [0, x_i] x [f(x_i), f(x_{i-1})], with x_255 = r and x_0 = 0. A point with
// uniform u in [0, 2^53) in layer i sits at x = u * scale; for u < inner, x < x_{i-1} (x < r in the base), where
// the whole layer lies under f, so it is accepted without looking at its height.
struct ZigguratLayer {
  std::uint64_t inner;  // floor(2^53 x_{i-1} / x_i); for the base, floor(2^53 r / width)
  double scale;         // the layer's width / 2^53
};
struct Ziggurat {
  std::array<ZigguratLayer, 256> layer;
  std::array<double, 256> f;  // f(x_i); f[0] = f(0)
};

// Built from portable::exp and portable::log, so the tables are the same bits everywhere, once, during static
// initialization: a function-local static would cost a guard check on every draw. An inline variable is
// initialized before any variable defined after it in the same translation unit, so static initializers that
// draw see the tables built.
Ziggurat make_exponential_ziggurat();
Ziggurat make_normal_ziggurat();
inline const Ziggurat kExponentialZiggurat = make_exponential_ziggurat();
inline const Ziggurat kNormalZiggurat = make_normal_ziggurat();

// The rare cases, out of line: wedge tests, the tail, and new draws after a rejection. bits is the draw the fast
// path rejected.
double standard_exponential_slow(RandomStream& rs, std::uint64_t bits);
double standard_normal_slow(RandomStream& rs, std::uint64_t bits);

// Bit 8 of the draw is the sign; branch-free, since a random branch would be mispredicted half the time.
inline double with_sign(double magnitude, std::uint64_t bits) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(magnitude) | (bits & 0x100) << 55);
}

}  // namespace detail

// Exp(1) by the ziggurat above with f(x) = exp(-x), r = 7.697: from one next_u64, the low 8 bits pick the layer
// and the top 53 bits are the uniform. One draw 97.8% of the time; otherwise a wedge test (one uniform more) or
// the tail, r + Exp(1) since the exponential is memoryless, and new draws after a rejection.
inline double standard_exponential(RandomStream& rs) {
  const std::uint64_t bits = rs.next_u64();
  const detail::ZigguratLayer& layer = detail::kExponentialZiggurat.layer[bits & 0xff];
  const std::uint64_t u = bits >> 11;
  if (u < layer.inner) return static_cast<double>(u) * layer.scale;
  return detail::standard_exponential_slow(rs, bits);
}

// N(0, 1) by the ziggurat of f(x) = exp(-x^2 / 2), r = 3.654, and a random sign: one draw 98.5% of the time;
// otherwise a wedge test, Marsaglia's (1964) tail method with two exponentials per try, and new draws after a
// rejection. Unlike Box-Muller, no trigonometry.
inline double standard_normal(RandomStream& rs) {
  const std::uint64_t bits = rs.next_u64();
  const detail::ZigguratLayer& layer = detail::kNormalZiggurat.layer[bits & 0xff];
  const std::uint64_t u = bits >> 11;
  if (u < layer.inner) return detail::with_sign(static_cast<double>(u) * layer.scale, bits);
  return detail::standard_normal_slow(rs, bits);
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

// mean * standard_exponential: draws as it does.
class Exponential {
 public:
  explicit Exponential(double mean);
  double operator()(RandomStream& rs) const { return mean_ * standard_exponential(rs); }

 private:
  double mean_;
};

// mean + stddev * standard_normal: draws as it does. stddev 0 is allowed: a fixed value that still consumes its
// draws.
class Normal {
 public:
  Normal(double mean, double stddev);
  double operator()(RandomStream& rs) const { return mean_ + stddev_ * standard_normal(rs); }

 private:
  double mean_;
  double stddev_;
};

// exp(N(mu, sigma^2)); draws as standard_normal. Process times are usually known by their median or by mean and
// coefficient of variation, hence the factories.
class LogNormal {
 public:
  LogNormal(double mu, double sigma);
  static LogNormal from_median(double median, double sigma);
  static LogNormal from_mean_cv(double mean, double cv);

  double mu() const { return mu_; }
  double sigma() const { return sigma_; }
  double operator()(RandomStream& rs) const { return portable::exp(mu_ + sigma_ * standard_normal(rs)); }

 private:
  double mu_;
  double sigma_;
};

// Marsaglia & Tsang (2000) squeeze-rejection: a normal and a uniform per candidate, 2.02 to 2.12 draws per number
// for shape >= 1. For shape < 1, a Gamma(shape + 1) variate times u^(1/shape), drawn as exp(-E / shape) with E a
// standard exponential: about one draw more, and neither log nor pow.
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
  double inv_alpha_;
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
