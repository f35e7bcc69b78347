#include "sim/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace chaintwin::sim {

namespace {

[[noreturn]] void reject(const char* requirement, double value) {
  char got[64];
  std::snprintf(got, sizeof got, "%.17g", value);
  throw std::invalid_argument(std::string(requirement) + ", got " + got);
}

void require(bool ok, const char* requirement, double value) {
  if (!ok) reject(requirement, value);
}

class Fnv1a {
 public:
  void add_u64(std::uint64_t x) {
    for (int i = 0; i < 64; i += 8) add_byte(static_cast<unsigned char>(x >> i));
  }
  void add_string(std::string_view s) {
    add_u64(s.size());
    for (const char c : s) add_byte(static_cast<unsigned char>(c));
  }
  void add_kind(unsigned char kind) { add_byte(kind); }
  // FNV-1a alone avalanches poorly in its high bits; the SplitMix64 step fixes that.
  std::uint64_t finish() const {
    std::uint64_t state = h_;
    return splitmix64(state);
  }

 private:
  void add_byte(unsigned char b) {
    h_ ^= b;
    h_ *= 0x100000001b3;
  }
  std::uint64_t h_ = 0xcbf29ce484222325;
};

constexpr unsigned char kNamedEntity = 0;
constexpr unsigned char kNumberedEntity = 1;

std::uint64_t key_seed(std::uint64_t master_seed, std::uint64_t replication, std::string_view entity,
                       std::string_view purpose) {
  Fnv1a h;
  h.add_u64(master_seed);
  h.add_u64(replication);
  h.add_kind(kNamedEntity);
  h.add_string(entity);
  h.add_string(purpose);
  return h.finish();
}

std::uint64_t key_seed(std::uint64_t master_seed, std::uint64_t replication, std::uint64_t entity_id,
                       std::string_view purpose) {
  Fnv1a h;
  h.add_u64(master_seed);
  h.add_u64(replication);
  h.add_kind(kNumberedEntity);
  h.add_u64(entity_id);
  h.add_string(purpose);
  return h.finish();
}

// log(k!) for k < 20, correctly rounded (computed once with 40-digit arithmetic).
constexpr std::array<double, 20> kLogFactorial = {0.0,
                                                  0.0,
                                                  0.6931471805599453,
                                                  1.791759469228055,
                                                  3.1780538303479458,
                                                  4.787491742782046,
                                                  6.579251212010101,
                                                  8.525161361065415,
                                                  10.60460290274525,
                                                  12.801827480081469,
                                                  15.104412573075516,
                                                  17.502307845873887,
                                                  19.987214495661885,
                                                  22.552163853123425,
                                                  25.19122118273868,
                                                  27.89927138384089,
                                                  30.671860106080672,
                                                  33.50507345013689,
                                                  36.39544520803305,
                                                  39.339884187199495};

// log(k!) for a whole number k >= 0. From 20 on, Stirling's series for log Gamma(k + 1) to the x^-7 term, whose
// truncation error there is below 1e-15.
double log_factorial(double k) {
  if (k < 20.0) return kLogFactorial[static_cast<std::size_t>(k)];
  const double x = k + 1.0;
  const double r = 1.0 / x;
  const double r2 = r * r;
  const double series = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0))));
  return (x - 0.5) * portable::log(x) - x + 0.9189385332046728 + series;  // 0.918...: log(2 pi) / 2
}

// log(1 + x) for x >= 0 without a log1p: with u = 1 + x rounded, log(u) * x / (u - 1) cancels the rounding of u
// (Goldberg 1991, theorem 4), a few ulps where log(1 + x) alone would lose every digit of a tiny x.
double log1p_nonnegative(double x) {
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  if (std::isinf(u)) return u;
  return portable::log(u) * (x / (u - 1.0));
}

// Marsaglia & Tsang's constants for 256 layers: r, and the common area v = r f(r) + (tail beyond r), for which
// the top layer's area x_1 (1 - f(x_1)) is v as well.
constexpr double kExponentialR = 7.69711747013104972;
constexpr double kExponentialV = 0.0039496598225815571993;  // (r + 1) exp(-r)
constexpr double kNormalR = 3.6541528853610088;
constexpr double kNormalV = 0.00492867323397465535;  // r exp(-r^2 / 2) + sqrt(pi / 2) erfc(r / sqrt(2))

// Layer by layer from the bottom: x_{i-1} solves x_i (f(x_{i-1}) - f(x_i)) = v.
template <class Density, class InverseDensity>
detail::Ziggurat make_ziggurat(double r, double v, Density f, InverseDensity f_inverse) {
  constexpr double kTwo53 = 0x1p53;
  detail::Ziggurat z{};
  const double base_width = v / f(r);
  z.layer[0] = {static_cast<std::uint64_t>(r / base_width * kTwo53), base_width / kTwo53};
  z.f[0] = 1.0;
  double x = r;
  for (std::size_t i = z.layer.size() - 1; i >= 1; --i) {
    const double next = i == 1 ? 0.0 : f_inverse(v / x + f(x));
    z.layer[i] = {static_cast<std::uint64_t>(next / x * kTwo53), x / kTwo53};
    z.f[i] = f(x);
    x = next;
  }
  return z;
}

// The sample of a draw the fast path did not accept: a point of the ziggurat, at x = u * scale in layer i.
struct ZigguratPoint {
  std::size_t layer;
  std::uint64_t u;
  double x;
};

ZigguratPoint ziggurat_point(const detail::Ziggurat& z, std::uint64_t bits) {
  const std::size_t i = bits & 0xff;
  const std::uint64_t u = bits >> 11;
  return {i, u, static_cast<double>(u) * z.layer[i].scale};
}

// Tables still zero mean a draw during static initialization from a file that does not include random.hpp,
// before the tables were built; every draw then takes the slow path, which is where this is checked.
void require_built(const detail::Ziggurat& z) {
  if (z.f[0] != 1.0) throw std::logic_error("random: a draw before static initialization built the ziggurat tables");
}

// A point of layer i >= 1 outside its inner rectangle lies under f when a uniform height in the layer does.
bool under_wedge(const detail::Ziggurat& z, std::size_t i, double f_x, RandomStream& rs) {
  return z.f[i] + rs.uniform01() * (z.f[i - 1] - z.f[i]) < f_x;
}

}  // namespace

namespace detail {

Ziggurat make_exponential_ziggurat() {
  return make_ziggurat(
      kExponentialR, kExponentialV, [](double x) { return portable::exp(-x); },
      [](double y) { return -portable::log(y); });
}

Ziggurat make_normal_ziggurat() {
  return make_ziggurat(
      kNormalR, kNormalV, [](double x) { return portable::exp(-0.5 * x * x); },
      [](double y) { return std::sqrt(-2.0 * portable::log(y)); });
}

double standard_exponential_slow(RandomStream& rs, std::uint64_t bits) {
  const Ziggurat& z = kExponentialZiggurat;
  require_built(z);
  double offset = 0.0;  // r for each pass through the tail
  for (;;) {
    const ZigguratPoint p = ziggurat_point(z, bits);
    if (p.u < z.layer[p.layer].inner) return offset + p.x;
    if (p.layer == 0) {
      offset += kExponentialR;
    } else if (under_wedge(z, p.layer, portable::exp(-p.x), rs)) {
      return offset + p.x;
    }
    bits = rs.next_u64();
  }
}

double standard_normal_slow(RandomStream& rs, std::uint64_t bits) {
  const Ziggurat& z = kNormalZiggurat;
  require_built(z);
  for (;;) {
    const ZigguratPoint p = ziggurat_point(z, bits);
    if (p.u < z.layer[p.layer].inner) return with_sign(p.x, bits);
    if (p.layer == 0) {
      // Beyond r: r + t with t = E1 / r accepted when 2 E2 > t^2 has the normal's tail density.
      for (;;) {
        const double t = standard_exponential(rs) / kNormalR;
        const double e = standard_exponential(rs);
        if (e + e > t * t) return with_sign(kNormalR + t, bits);
      }
    }
    if (under_wedge(z, p.layer, portable::exp(-0.5 * p.x * p.x), rs)) return with_sign(p.x, bits);
    bits = rs.next_u64();
  }
}

}  // namespace detail

RandomStream RandomStream::from_state(const std::array<std::uint64_t, 4>& state) {
  if (state == std::array<std::uint64_t, 4>{}) throw std::invalid_argument("RandomStream: state must not be all zero");
  RandomStream rs;
  rs.s_ = state;
  return rs;
}

std::uint64_t StreamKey::seed() const {
  return std::visit([this](const auto& e) { return key_seed(master_seed, replication, e, purpose); }, entity);
}

RandomStream RandomStreams::stream(std::string_view entity, std::string_view purpose) const {
  return RandomStream(key_seed(master_seed_, replication_, entity, purpose));
}

RandomStream RandomStreams::stream(std::uint64_t entity_id, std::string_view purpose) const {
  return RandomStream(key_seed(master_seed_, replication_, entity_id, purpose));
}

Uniform::Uniform(double a, double b) : a_(a), width_(b - a) {
  require(std::isfinite(a), "Uniform: a must be finite", a);
  require(std::isfinite(b) && b >= a, "Uniform: b must be finite and >= a", b);
  require(std::isfinite(width_), "Uniform: b - a must be finite", width_);
}

UniformInt::UniformInt(std::int64_t lo, std::int64_t hi)
    : lo_(lo), range_(static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1) {
  if (hi < lo)
    throw std::invalid_argument("UniformInt: hi must be >= lo, got lo " + std::to_string(lo) + ", hi " +
                                std::to_string(hi));
}

Exponential::Exponential(double mean) : mean_(mean) {
  require(std::isfinite(mean) && mean > 0.0, "Exponential: mean must be finite and > 0", mean);
}

Normal::Normal(double mean, double stddev) : mean_(mean), stddev_(stddev) {
  require(std::isfinite(mean), "Normal: mean must be finite", mean);
  require(std::isfinite(stddev) && stddev >= 0.0, "Normal: stddev must be finite and >= 0", stddev);
}

LogNormal::LogNormal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
  require(std::isfinite(mu), "LogNormal: mu must be finite", mu);
  require(std::isfinite(sigma) && sigma >= 0.0, "LogNormal: sigma must be finite and >= 0", sigma);
}

LogNormal LogNormal::from_median(double median, double sigma) {
  require(std::isfinite(median) && median > 0.0, "LogNormal::from_median: median must be finite and > 0", median);
  return LogNormal(portable::log(median), sigma);
}

// mean = exp(mu + sigma^2 / 2) and cv^2 = exp(sigma^2) - 1, solved for mu and sigma.
LogNormal LogNormal::from_mean_cv(double mean, double cv) {
  require(std::isfinite(mean) && mean > 0.0, "LogNormal::from_mean_cv: mean must be finite and > 0", mean);
  require(std::isfinite(cv) && cv >= 0.0, "LogNormal::from_mean_cv: cv must be finite and >= 0", cv);
  const double variance = log1p_nonnegative(cv * cv);
  return LogNormal(portable::log(mean) - 0.5 * variance, std::sqrt(variance));
}

Gamma::Gamma(double shape, double scale) : scale_(scale) {
  require(std::isfinite(shape) && shape > 0.0, "Gamma: shape must be finite and > 0", shape);
  require(std::isfinite(scale) && scale > 0.0, "Gamma: scale must be finite and > 0", scale);
  d_ = (shape < 1.0 ? shape + 1.0 : shape) - 1.0 / 3.0;
  c_ = 1.0 / std::sqrt(9.0 * d_);
  inv_shape_ = shape < 1.0 ? 1.0 / shape : 0.0;
}

double Gamma::operator()(RandomStream& rs) const {
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = standard_normal(rs);
      v = 1.0 + c_ * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rs.uniform01_open();
    const double x2 = x * x;
    // The cheap squeeze accepts about 98% of candidates; the log test decides the rest exactly.
    if (u < 1.0 - 0.0331 * x2 * x2 || portable::log(u) < 0.5 * x2 + d_ * (1.0 - v + portable::log(v))) {
      const double g = d_ * v * scale_;
      if (inv_shape_ == 0.0) return g;
      // u^(1 / shape) = exp(log(u) / shape), and -log(u) is Exp(1).
      return g * portable::exp(-standard_exponential(rs) * inv_shape_);
    }
  }
}

Triangular::Triangular(double min, double mode, double max)
    : min_(min),
      max_(max),
      mode_cdf_((mode - min) / (max - min)),
      left_((max - min) * (mode - min)),
      right_((max - min) * (max - mode)) {
  require(std::isfinite(min), "Triangular: min must be finite", min);
  require(std::isfinite(max) && max > min, "Triangular: max must be finite and > min", max);
  require(mode >= min && mode <= max, "Triangular: mode must lie in [min, max]", mode);
  require(std::isfinite(left_) && std::isfinite(right_), "Triangular: (max - min)^2 must be finite", max - min);
}

Poisson::Poisson(double mean)
    : mean_(mean), exp_neg_mean_(portable::exp(-mean)), log_mean_(0.0), a_(0.0), b_(0.0), inv_alpha_(0.0), vr_(0.0) {
  require(mean >= 0.0 && mean <= 1e15, "Poisson: mean must be in [0, 1e15]", mean);
  if (mean >= 10.0) {
    // PTRS constants, Hoermann (1993) table 1.
    log_mean_ = portable::log(mean);
    b_ = 0.931 + 2.53 * std::sqrt(mean);
    a_ = -0.059 + 0.02483 * b_;
    inv_alpha_ = 1.1239 + 1.1328 / (b_ - 3.4);
    vr_ = 0.9277 - 3.6224 / (b_ - 2.0);
  }
}

std::int64_t Poisson::operator()(RandomStream& rs) const {
  if (mean_ < 10.0) {
    const double u = rs.uniform01();
    std::int64_t k = 0;
    double p = exp_neg_mean_;
    double cdf = p;
    while (cdf <= u) {
      ++k;
      p *= mean_ / static_cast<double>(k);
      const double next = cdf + p;
      if (next == cdf) break;  // the sum has saturated just below 1: u is in a tail of probability ~1e-16
      cdf = next;
    }
    return k;
  }
  for (;;) {
    const double u = rs.uniform01() - 0.5;
    // v in (0, 1] keeps log(v) finite.
    const double v = rs.uniform01_open();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a_ / us + b_) * u + mean_ + 0.43);
    if (us >= 0.07 && v <= vr_) return static_cast<std::int64_t>(k);
    // !(k >= 0) also rejects the -infinity of us == 0.
    if (!(k >= 0.0) || (us < 0.013 && v > us)) continue;
    // Hoermann's log(v) + log(1 / alpha) - log(a / us^2 + b) as one logarithm: log is the costly step here.
    if (portable::log(v * inv_alpha_ / (a_ / (us * us) + b_)) <= -mean_ + k * log_mean_ - log_factorial(k))
      return static_cast<std::int64_t>(k);
  }
}

Bernoulli::Bernoulli(double p) : p_(p) { require(p >= 0.0 && p <= 1.0, "Bernoulli: p must be in [0, 1]", p); }

Discrete::Discrete(std::vector<double> weights) {
  if (weights.empty()) throw std::invalid_argument("Discrete: weights must not be empty");
  double sum = 0.0;
  for (const double w : weights) {
    require(std::isfinite(w) && w >= 0.0, "Discrete: every weight must be finite and >= 0", w);
    sum += w;
  }
  require(sum > 0.0 && std::isfinite(sum), "Discrete: the weights must have a finite, positive sum", sum);

  // Vose's construction. The work lists are stacks filled in index order, so the table depends on the weights
  // alone.
  const std::size_t n = weights.size();
  prob_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::size_t> small;
  std::vector<std::size_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    alias_[i] = i;
    scaled[i] = weights[i] * static_cast<double>(n) / sum;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::size_t s = small.back();
    small.pop_back();
    const std::size_t l = large.back();
    large.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;  // this order loses less than scaled[l] - (1 - scaled[s])
    (scaled[l] < 1.0 ? small : large).push_back(l);
  }
  // What is left holds probability 1 up to rounding, and keeps prob 1 and its own index.
}

Empirical::Empirical(std::vector<double> samples) : sorted_(std::move(samples)) {
  if (sorted_.empty()) throw std::invalid_argument("Empirical: samples must not be empty");
  for (const double x : sorted_) require(std::isfinite(x), "Empirical: every sample must be finite", x);
  std::sort(sorted_.begin(), sorted_.end());
}

}  // namespace chaintwin::sim
