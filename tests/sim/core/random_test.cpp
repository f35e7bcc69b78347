// Random streams and distributions: reproducibility, golden values that pin every algorithm, and statistical
// checks of each distribution against theory.
//
// Statistical tolerances: with n draws the sample mean has standard error sqrt(var / n) and the sample variance
// sqrt((mu4 - var^2) / n), mu4 being the fourth central moment; each check allows 5 standard errors, a false alarm
// probability of about 6e-7 under the normal approximation. Goodness-of-fit tests use the chi-square quantile for
// p = 0.001. All seeds are fixed, so the outcomes never change from run to run.
#include "sim/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <gtest/gtest.h>

#include "sim/core/portable_math.hpp"

namespace chaintwin::sim {
namespace {

constexpr int kDraws = 200'000;

std::vector<std::uint64_t> first_u64(RandomStream rs, int count) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < count; ++i) out.push_back(rs.next_u64());
  return out;
}

// The first five draws of a distribution from its own golden stream.
template <class Distribution>
auto golden_draws(const Distribution& dist, std::string_view purpose) {
  RandomStream rs = RandomStreams(20240601, 3).stream("golden", purpose);
  std::vector<decltype(dist(rs))> out;
  for (int i = 0; i < 5; ++i) out.push_back(dist(rs));
  return out;
}

struct Moments {
  double mean;
  double variance;
};

// Welford's update: no cancellation even when the mean is large relative to the spread.
template <class Draw>
Moments sample_moments(Draw draw) {
  double mean = 0.0;
  double m2 = 0.0;
  for (int i = 1; i <= kDraws; ++i) {
    const double x = static_cast<double>(draw());
    const double delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
  }
  return {mean, m2 / (kDraws - 1)};
}

template <class Distribution>
void expect_moments(const Distribution& dist, std::string_view purpose, double mean, double variance, double mu4) {
  RandomStream rs = RandomStreams(7).stream("moments", purpose);
  const Moments m = sample_moments([&] { return dist(rs); });
  EXPECT_NEAR(m.mean, mean, 5.0 * std::sqrt(variance / kDraws)) << purpose;
  EXPECT_NEAR(m.variance, variance, 5.0 * std::sqrt((mu4 - variance * variance) / kDraws)) << purpose;
}

double chi_square_critical(std::size_t degrees_of_freedom) {
  return boost::math::quantile(boost::math::chi_squared(static_cast<double>(degrees_of_freedom)), 0.999);
}

// Pearson's statistic of observed counts against expected probabilities; every expected count must be >= 5.
double chi_square(const std::vector<double>& observed, const std::vector<double>& probability) {
  double n = 0.0;
  for (const double count : observed) n += count;
  double stat = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double expected = probability[i] * n;
    EXPECT_GE(expected, 5.0) << "bin " << i;
    stat += (observed[i] - expected) * (observed[i] - expected) / expected;
  }
  return stat;
}

// ---- engine and streams ----

TEST(RandomStream, MatchesXoshiro256PlusPlusReference) {
  // Output of the authors' xoshiro256plusplus.c from state {1, 2, 3, 4}.
  const std::vector<std::uint64_t> expected = {41943041u,
                                               58720359u,
                                               3588806011781223u,
                                               3591011842654386u,
                                               9228616714210784205u,
                                               9973669472204895162u,
                                               14011001112246962877u,
                                               12406186145184390807u,
                                               15849039046786891736u,
                                               10450023813501588000u};
  EXPECT_EQ(first_u64(RandomStream::from_state({1, 2, 3, 4}), 10), expected);
}

TEST(RandomStream, SplitMix64MatchesReference) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafu);
  EXPECT_EQ(splitmix64(state), 0x6e789e6aa1b965f4u);
  EXPECT_EQ(splitmix64(state), 0x06c45d188009454fu);
}

TEST(RandomStream, RejectsAllZeroState) { EXPECT_THROW(RandomStream::from_state({0, 0, 0, 0}), std::invalid_argument); }

TEST(RandomStream, UniformsStayInTheirIntervals) {
  RandomStream rs(99);
  for (int i = 0; i < 100'000; ++i) {
    const double closed = rs.uniform01();
    ASSERT_GE(closed, 0.0);
    ASSERT_LT(closed, 1.0);
    const double open = rs.uniform01_open();
    ASSERT_GT(open, 0.0);
    ASSERT_LE(open, 1.0);
  }
}

TEST(RandomStreams, SameKeyGivesSameSequence) {
  EXPECT_EQ(first_u64(RandomStreams(5, 1).stream("dc-east", "picking"), 100),
            first_u64(RandomStreams(5, 1).stream("dc-east", "picking"), 100));
  EXPECT_EQ(first_u64(RandomStreams(5, 1).stream(12, "picking"), 100),
            first_u64(RandomStreams(5, 1).stream(12, "picking"), 100));
}

TEST(RandomStreams, EveryPartOfTheKeyChangesTheSequence) {
  const auto base = first_u64(RandomStreams(5, 1).stream("dc-east", "picking"), 4);
  EXPECT_NE(first_u64(RandomStreams(6, 1).stream("dc-east", "picking"), 4), base);
  EXPECT_NE(first_u64(RandomStreams(5, 2).stream("dc-east", "picking"), 4), base);
  EXPECT_NE(first_u64(RandomStreams(5, 1).stream("dc-west", "picking"), 4), base);
  EXPECT_NE(first_u64(RandomStreams(5, 1).stream("dc-east", "packing"), 4), base);
  EXPECT_NE(first_u64(RandomStreams(5, 1).stream(1, "picking"), 4),
            first_u64(RandomStreams(5, 1).stream(2, "picking"), 4));
  // A numbered entity never shares a stream with a named one, even one spelling the same number.
  EXPECT_NE(first_u64(RandomStreams(5, 1).stream(42, "picking"), 4),
            first_u64(RandomStreams(5, 1).stream("42", "picking"), 4));
}

TEST(RandomStreams, FieldBoundariesAreUnambiguous) {
  const RandomStreams streams(5);
  EXPECT_NE(first_u64(streams.stream("ab", "c"), 4), first_u64(streams.stream("a", "bc"), 4));
  EXPECT_NE(first_u64(streams.stream("", "abc"), 4), first_u64(streams.stream("abc", ""), 4));
}

TEST(RandomStreams, StreamDoesNotDependOnOtherStreams) {
  const auto alone = first_u64(RandomStreams(11).stream("supplier-3", "lead-time"), 50);
  const RandomStreams crowded(11);
  for (std::uint64_t e = 0; e < 100; ++e) {
    RandomStream other = crowded.stream(e, "demand");
    for (int i = 0; i < 10; ++i) other.next_u64();
  }
  EXPECT_EQ(first_u64(crowded.stream("supplier-3", "lead-time"), 50), alone);
}

TEST(RandomStreams, StreamKeySeedIsTheStreamsSeed) {
  const RandomStreams streams(20240601, 3);
  const StreamKey named{20240601, 3, "customer-17", "demand"};
  const StreamKey numbered{20240601, 3, std::uint64_t{17}, "demand"};
  EXPECT_EQ(first_u64(RandomStream(named.seed()), 8), first_u64(streams.stream("customer-17", "demand"), 8));
  EXPECT_EQ(first_u64(RandomStream(numbered.seed()), 8), first_u64(streams.stream(17, "demand"), 8));
  EXPECT_EQ(named.seed(), 0x849e16aa1d7f2ddfu);
}

// ---- golden values: any change to engine, seeding, hashing or a distribution's algorithm shows up here ----

TEST(RandomGolden, NextU64) {
  const RandomStreams streams(20240601, 3);
  EXPECT_EQ(
      first_u64(streams.stream("customer-17", "demand"), 4),
      (std::vector<std::uint64_t>{0x3f038de70767e952u, 0x34bc8f196ce8e7fdu, 0x9006a64a1e06067cu, 0x96c9f51a70196fc6u}));
  EXPECT_EQ(first_u64(streams.stream(17, "demand"), 2),
            (std::vector<std::uint64_t>{0x40ae38280f34b538u, 0x06af536b23392f9cu}));
}

TEST(RandomGolden, Distributions) {
  using D = std::vector<double>;
  using I = std::vector<std::int64_t>;
  EXPECT_EQ(
      golden_draws([](RandomStream& rs) { return rs.uniform01(); }, "uniform01"),
      (D{0.38376251506140568, 0.81386414421572817, 0.30476617256995431, 0.42512334323092793, 0.68231008623401013}));
  EXPECT_EQ(
      golden_draws([](RandomStream& rs) { return rs.uniform01_open(); }, "uniform01_open"),
      (D{0.79423072247788051, 0.088946021524233809, 0.80757301663376235, 0.74441654394888346, 0.30103462225233457}));
  EXPECT_EQ(golden_draws([](RandomStream& rs) { return rs.below(1000); }, "below"),
            (std::vector<std::uint64_t>{186, 386, 49, 815, 282}));
  EXPECT_EQ(golden_draws(Uniform(2, 5), "Uniform"),
            (D{3.9674024949324624, 4.1218504286865478, 2.0554344097862418, 3.2953601733630657, 3.7107976256051987}));
  EXPECT_EQ(golden_draws(UniformInt(-3, 9), "UniformInt"), (I{6, 7, 0, -3, 2}));
  EXPECT_EQ(golden_draws(Exponential(2.5), "Exponential"),
            (D{1.0753255295323749, 0.083651213017842743, 1.0377742364347373, 0.73733772122424646, 2.0611687663206406}));
  EXPECT_EQ(golden_draws(Normal(10, 2), "Normal"),
            (D{8.7078088829588882, 9.6080640500681032, 10.774461264176393, 5.7766685046469179, 14.171299537324717}));
  EXPECT_EQ(golden_draws(LogNormal(0.2, 0.5), "LogNormal"),
            (D{1.3472116397605274, 1.8395913182739141, 2.7061399171032381, 1.4856212075651962, 0.80155315563090157}));
  EXPECT_EQ(golden_draws(Gamma(2.5, 1.5), "Gamma"),
            (D{2.5403436430133102, 2.868560680120094, 1.8095219234929574, 1.5665459052357513, 4.8413873697758856}));
  EXPECT_EQ(
      golden_draws(Gamma(0.4, 2), "GammaSmallShape"),
      (D{0.13431465022140451, 0.1910144642848455, 0.0028404587479636378, 0.092270381015624223, 0.041370893022235858}));
  EXPECT_EQ(golden_draws(Triangular(1, 2, 5), "Triangular"),
            (D{3.8381242623944942, 4.3304415920878245, 2.3520163529741396, 3.9114032300749737, 2.0981514708762674}));
  EXPECT_EQ(golden_draws(Poisson(3.5), "PoissonSmall"), (I{6, 2, 5, 1, 2}));
  EXPECT_EQ(golden_draws(Poisson(40), "PoissonLarge"), (I{30, 46, 41, 43, 45}));
  EXPECT_EQ(golden_draws(Bernoulli(0.3), "Bernoulli"), (std::vector<bool>{true, true, true, false, true}));
  EXPECT_EQ(golden_draws(Discrete({1, 2, 3, 0, 4}), "Discrete"), (std::vector<std::size_t>{0, 4, 2, 4, 4}));
  EXPECT_EQ(golden_draws(Empirical({3, 1, 4, 1, 5, 9, 2, 6}), "Empirical"),
            (D{1, 3.6712235146873295, 5.8919957078722422, 1.3191166809381523, 1.5904065838213248}));
}

// Sums of 100000 draws reach the rare paths the first five draws miss: ziggurat wedges and tails, PTRS and Gamma
// rejections, the alias table, below()'s rejection.
template <class Distribution>
double golden_sum(const Distribution& dist, std::string_view purpose) {
  RandomStream rs = RandomStreams(20240601, 3).stream("golden-sum", purpose);
  double sum = 0.0;
  for (int i = 0; i < 100'000; ++i) sum += static_cast<double>(dist(rs));
  return sum;
}

TEST(RandomGolden, LongRunSums) {
  EXPECT_EQ(golden_sum([](RandomStream& rs) { return rs.below(3 * (std::uint64_t{1} << 62)) % 1000; }, "below"),
            50073529.0);
  EXPECT_EQ(golden_sum(Exponential(2.5), "Exponential"), 251369.64844451327);
  EXPECT_EQ(golden_sum(Normal(10, 2), "Normal"), 1000280.6813449851);
  EXPECT_EQ(golden_sum(Gamma(2.5, 1.5), "Gamma"), 374002.58816900535);
  EXPECT_EQ(golden_sum(Gamma(0.4, 2), "GammaSmallShape"), 80341.404108214512);
  EXPECT_EQ(golden_sum(Poisson(3.5), "PoissonSmall"), 350051.0);
  EXPECT_EQ(golden_sum(Poisson(40), "PoissonLarge"), 3997801.0);
  EXPECT_EQ(golden_sum(Poisson(1e6), "PoissonHuge"), 99999750077.0);
  EXPECT_EQ(golden_sum(Discrete({1, 2, 3, 0, 4, 0.5, 7}), "Discrete"), 392615.0);
  EXPECT_EQ(golden_sum(Empirical({3, 1, 4, 1, 5, 9, 2, 6}), "Empirical"), 371148.38236197212);
}

// Streams stay aligned between scenarios only if the engine outputs each draw consumes do not depend on the
// parameters: a fixed number for these.
TEST(RandomDistributions, ConsumeAFixedNumberOfDraws) {
  const auto consumed = [](const auto& dist) {
    RandomStream used(3);
    dist(used);
    const std::uint64_t next = used.next_u64();
    RandomStream reference(3);
    for (int n = 0; n < 8; ++n) {
      if (reference.next_u64() == next) return n;
    }
    return -1;
  };
  EXPECT_EQ(consumed(Uniform(0, 1)), 1);
  EXPECT_EQ(consumed(Triangular(0, 1, 2)), 1);
  EXPECT_EQ(consumed(Poisson(5)), 1);
  EXPECT_EQ(consumed(Bernoulli(0.5)), 1);
  EXPECT_EQ(consumed(Discrete({1, 1, 1})), 2);
  EXPECT_EQ(consumed(Empirical({1, 2, 3})), 1);
}

// The ziggurat's count varies with the numbers drawn, never with the parameters: a scenario with another mean or
// standard deviation draws exactly the baseline's standard variates, rescaled, and leaves the stream where the
// baseline leaves it.
TEST(RandomDistributions, ZigguratDrawsDependOnTheStreamOnly) {
  RandomStream standard(12);
  RandomStream scaled(12);
  const Exponential exp1(1.0), exp7(7.5);
  const Normal n01(0.0, 1.0), n32(3.0, 2.0);
  const LogNormal ln(0.3, 0.8);
  for (int i = 0; i < 100'000; ++i) {
    ASSERT_EQ(exp7(scaled), 7.5 * exp1(standard));
    ASSERT_EQ(n32(scaled), 3.0 + 2.0 * n01(standard));
    ASSERT_EQ(ln(scaled), portable::exp(0.3 + 0.8 * n01(standard)));
  }
  EXPECT_EQ(standard.next_u64(), scaled.next_u64());

  // The fast path takes one draw 97.8% (exponential) and 98.5% (normal) of the time.
  const auto draws_per_number = [](const auto& dist) {
    RandomStream used(13);
    const int n = 100'000;
    for (int i = 0; i < n; ++i) dist(used);
    const std::uint64_t next = used.next_u64();
    RandomStream reference(13);
    long long count = 0;
    while (reference.next_u64() != next) ++count;
    return static_cast<double>(count) / n;
  };
  EXPECT_NEAR(draws_per_number(exp1), 1.034, 0.005);
  EXPECT_NEAR(draws_per_number(n01), 1.022, 0.005);
}

// ---- engine uniformity ----

TEST(RandomStream, BelowSevenIsUnbiased) {
  RandomStream rs(2024);
  std::vector<double> counts(7, 0.0);
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t x = rs.below(7);
    ASSERT_LT(x, 7u);
    counts[x] += 1.0;
  }
  EXPECT_LT(chi_square(counts, std::vector<double>(7, 1.0 / 7.0)), chi_square_critical(6));
}

// n = 3 * 2^62: multiply-shift without the rejection step would return multiples of 3 half the time instead of a
// third, and the rejection is taken for a quarter of all draws, so this exercises it.
TEST(RandomStream, BelowRejectionRemovesBiasForHugeN) {
  RandomStream rs(2025);
  const std::uint64_t n = 3 * (std::uint64_t{1} << 62);
  std::vector<double> counts(3, 0.0);
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t x = rs.below(n);
    ASSERT_LT(x, n);
    counts[x % 3] += 1.0;
  }
  EXPECT_LT(chi_square(counts, std::vector<double>(3, 1.0 / 3.0)), chi_square_critical(2));
}

TEST(RandomStream, BelowAndUniformIntEdgeCases) {
  RandomStream rs(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rs.below(1), 0u);
  const UniformInt single(-5, -5);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(single(rs), -5);
  const UniformInt full(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  int negative = 0;
  for (int i = 0; i < 1000; ++i) negative += full(rs) < 0 ? 1 : 0;
  EXPECT_GT(negative, 400);  // binomial(1000, 1/2): 400 is 6.3 standard deviations out
  EXPECT_LT(negative, 600);
}

// ---- moments ----

TEST(RandomMoments, Uniform) {
  const double w = 3.0;
  expect_moments(Uniform(2, 5), "Uniform", 3.5, w * w / 12.0, std::pow(w, 4) / 80.0);
}

TEST(RandomMoments, UniformInt) {
  const double n = 13.0;  // -3..9
  expect_moments(UniformInt(-3, 9), "UniformInt", 3.0, (n * n - 1.0) / 12.0,
                 (n * n - 1.0) * (3.0 * n * n - 7.0) / 240.0);
}

TEST(RandomMoments, Exponential) {
  const double m = 2.5;
  expect_moments(Exponential(m), "Exponential", m, m * m, 9.0 * std::pow(m, 4));
}

TEST(RandomMoments, Normal) { expect_moments(Normal(10, 2), "Normal", 10.0, 4.0, 3.0 * 16.0); }

TEST(RandomMoments, LogNormal) {
  const double mu = 0.2;
  const double s2 = 0.25;
  const double variance = std::expm1(s2) * std::exp(2.0 * mu + s2);
  const double kurtosis = std::exp(4.0 * s2) + 2.0 * std::exp(3.0 * s2) + 3.0 * std::exp(2.0 * s2) - 3.0;
  expect_moments(LogNormal(mu, 0.5), "LogNormal", std::exp(mu + s2 / 2.0), variance, kurtosis * variance * variance);
}

TEST(RandomMoments, Gamma) {
  // mu4 = 3 k (k + 2) theta^4: kurtosis 3 + 6 / k.
  for (const auto& [k, theta] : {std::pair{2.5, 1.5}, std::pair{1.0, 2.0}, std::pair{0.4, 2.0}, std::pair{30.0, 0.1}})
    expect_moments(Gamma(k, theta), "Gamma shape " + std::to_string(k), k * theta, k * theta * theta,
                   3.0 * k * (k + 2.0) * std::pow(theta, 4));
}

TEST(RandomMoments, Triangular) {
  const double a = 1.0, c = 2.0, b = 5.0;
  const double variance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
  expect_moments(Triangular(a, c, b), "Triangular", (a + b + c) / 3.0, variance, 2.4 * variance * variance);
}

TEST(RandomMoments, Poisson) {
  for (const double m : {0.5, 3.5, 9.99, 10.0, 40.0, 1e6})
    expect_moments(Poisson(m), "Poisson mean " + std::to_string(m), m, m, m * (1.0 + 3.0 * m));
}

TEST(RandomMoments, Bernoulli) {
  const double p = 0.3, pq = p * (1.0 - p);
  expect_moments(Bernoulli(p), "Bernoulli", p, pq, pq * (1.0 - 3.0 * pq));
}

// Linear interpolation makes the distribution a mixture of uniforms on adjacent order statistics, each of weight
// 1 / (n - 1); its moments follow from those of the segments.
TEST(RandomMoments, Empirical) {
  const std::vector<double> samples = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const double weight = 1.0 / static_cast<double>(sorted.size() - 1);
  double mean = 0.0;
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) mean += weight * (sorted[i] + sorted[i + 1]) / 2.0;
  // E[(X - mean)^j] over a uniform segment [lo, hi] is ((hi - mean)^(j+1) - (lo - mean)^(j+1)) / ((j + 1)(hi - lo)).
  const auto central = [&](int j) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
      const double lo = sorted[i] - mean, hi = sorted[i + 1] - mean;
      sum +=
          weight * (hi == lo ? std::pow(lo, j) : (std::pow(hi, j + 1) - std::pow(lo, j + 1)) / ((j + 1) * (hi - lo)));
    }
    return sum;
  };
  expect_moments(Empirical(samples), "Empirical", mean, central(2), central(4));

  RandomStream rs(4);
  const Empirical single({2.5});
  EXPECT_EQ(single(rs), 2.5);
}

TEST(RandomMoments, LogNormalFactories) {
  const LogNormal by_median = LogNormal::from_median(4.0, 0.3);
  EXPECT_DOUBLE_EQ(by_median.mu(), std::log(4.0));
  EXPECT_EQ(by_median.sigma(), 0.3);
  const LogNormal by_mean = LogNormal::from_mean_cv(8.0, 0.5);
  EXPECT_NEAR(std::exp(by_mean.mu() + by_mean.sigma() * by_mean.sigma() / 2.0), 8.0, 1e-12);
  EXPECT_NEAR(std::sqrt(std::expm1(by_mean.sigma() * by_mean.sigma())), 0.5, 1e-12);
  // A small cv keeps its digits: log(1 + cv^2) as log1p would, where the log of the rounded 1 + cv^2 is off by 3e-13.
  EXPECT_NEAR(LogNormal::from_mean_cv(3.0, 1e-4).sigma(), std::sqrt(std::log1p(1e-8)), 1e-18);
  const double variance = 16.0;  // (cv * mean)^2
  const double s2 = by_mean.sigma() * by_mean.sigma();
  const double kurtosis = std::exp(4.0 * s2) + 2.0 * std::exp(3.0 * s2) + 3.0 * std::exp(2.0 * s2) - 3.0;
  expect_moments(by_mean, "LogNormal::from_mean_cv", 8.0, variance, kurtosis * variance * variance);
}

// ---- goodness of fit ----

TEST(RandomFit, DiscreteMatchesWeights) {
  const std::vector<double> weights = {1, 2, 3, 0, 4, 0.5, 7};
  const Discrete dist(weights);
  ASSERT_EQ(dist.size(), weights.size());
  RandomStream rs(31);
  std::vector<double> counts(weights.size(), 0.0);
  for (int i = 0; i < kDraws; ++i) counts[dist(rs)] += 1.0;
  EXPECT_EQ(counts[3], 0.0) << "a zero weight was drawn";
  std::vector<double> observed, probability;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0) continue;
    observed.push_back(counts[i]);
    probability.push_back(weights[i] / 17.5);
  }
  EXPECT_LT(chi_square(observed, probability), chi_square_critical(observed.size() - 1));

  const Discrete one({0.0, 3.0});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(one(rs), 1u);
}

// Counts of draws per bin, bin i being [edges[i - 1], edges[i]) with edges[-1] = -infinity.
template <class Distribution>
std::vector<double> bin_counts(const Distribution& dist, RandomStream rs, int n, const std::vector<double>& edges) {
  std::vector<double> counts(edges.size(), 0.0);
  for (int i = 0; i < n; ++i) {
    const auto bin = std::upper_bound(edges.begin(), edges.end(), dist(rs)) - edges.begin();
    counts[static_cast<std::size_t>(bin)] += 1.0;
  }
  return counts;
}

// Ziggurat constants, from random.cpp: beyond r a variate comes from the tail algorithm.
constexpr double kExponentialR = 7.69711747013104972;
constexpr double kNormalR = 3.6541528853610088;
constexpr int kFitDraws = 1'000'000;
constexpr int kTailDraws = 10'000'000;

// 50 equiprobable bins, the last split at r so that the tail, drawn as r + Exp(1), is a bin of its own (455
// expected).
TEST(RandomFit, ExponentialMatchesCdf) {
  std::vector<double> edges;
  for (int i = 1; i < 50; ++i) edges.push_back(-std::log(1.0 - i / 50.0));
  edges.push_back(kExponentialR);
  edges.push_back(std::numeric_limits<double>::infinity());
  std::vector<double> probability;
  double lower = 0.0;
  for (const double upper : edges) {
    probability.push_back(std::exp(-lower) - std::exp(-upper));
    lower = upper;
  }
  const auto observed = bin_counts(Exponential(1.0), RandomStreams(9).stream("fit", "exponential"), kFitDraws, edges);
  EXPECT_LT(chi_square(observed, probability), chi_square_critical(observed.size() - 1));
}

// P(X > 10) = exp(-10): 454 expected among 10^7, standard error 21; deep in the tail, past one r + Exp(1) step.
TEST(RandomFit, ExponentialTail) {
  RandomStream rs = RandomStreams(9).stream("tail", "exponential");
  const Exponential dist(1.0);
  double beyond = 0.0;
  for (int i = 0; i < kTailDraws; ++i) beyond += dist(rs) > 10.0 ? 1.0 : 0.0;
  const double p = std::exp(-10.0);
  EXPECT_NEAR(beyond, p * kTailDraws, 5.0 * std::sqrt(p * (1.0 - p) * kTailDraws));
}

// 50 equiprobable bins, plus splits at -r and r for the two tails (129 expected each).
TEST(RandomFit, NormalMatchesCdf) {
  const boost::math::normal_distribution<double> theory;
  std::vector<double> edges = {-kNormalR, kNormalR, std::numeric_limits<double>::infinity()};
  for (int i = 1; i < 50; ++i) edges.push_back(boost::math::quantile(theory, i / 50.0));
  std::sort(edges.begin(), edges.end());
  std::vector<double> probability;
  double lower_cdf = 0.0;
  for (const double upper : edges) {
    const double upper_cdf = std::isinf(upper) ? 1.0 : boost::math::cdf(theory, upper);
    probability.push_back(upper_cdf - lower_cdf);
    lower_cdf = upper_cdf;
  }
  const auto observed = bin_counts(Normal(0.0, 1.0), RandomStreams(9).stream("fit", "normal"), kFitDraws, edges);
  EXPECT_LT(chi_square(observed, probability), chi_square_critical(observed.size() - 1));
}

// P(|Z| > 4) = 6.3e-5: 633 expected among 10^7, standard error 25; only the tail algorithm reaches there.
TEST(RandomFit, NormalTail) {
  RandomStream rs = RandomStreams(9).stream("tail", "normal");
  const Normal dist(0.0, 1.0);
  double beyond = 0.0;
  for (int i = 0; i < kTailDraws; ++i) beyond += std::fabs(dist(rs)) > 4.0 ? 1.0 : 0.0;
  const double p = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), 4.0));
  EXPECT_NEAR(beyond, p * kTailDraws, 5.0 * std::sqrt(p * (1.0 - p) * kTailDraws));
}

// Bins are the counts lo..hi, each with an expected frequency of at least 5, the tails pooled into the end bins.
void expect_poisson_fit(double mean) {
  const boost::math::poisson_distribution<double> theory(mean);
  const auto expected = [&](std::int64_t k) { return boost::math::pdf(theory, static_cast<double>(k)) * kDraws; };
  std::int64_t lo = 0;
  while (expected(lo) < 5.0) ++lo;
  std::int64_t hi = lo;
  while (expected(hi + 1) >= 5.0) ++hi;
  // Bin 0: k <= lo; bin k - lo: lo < k < hi; last bin: k >= hi.
  std::vector<double> probability;
  probability.push_back(boost::math::cdf(theory, static_cast<double>(lo)));
  for (std::int64_t k = lo + 1; k < hi; ++k) probability.push_back(boost::math::pdf(theory, static_cast<double>(k)));
  probability.push_back(boost::math::cdf(boost::math::complement(theory, static_cast<double>(hi - 1))));

  const Poisson dist(mean);
  RandomStream rs = RandomStreams(8).stream("poisson-fit", std::to_string(mean));
  std::vector<double> observed(probability.size(), 0.0);
  for (int i = 0; i < kDraws; ++i) {
    const std::int64_t k = dist(rs);
    ASSERT_GE(k, 0);
    observed[static_cast<std::size_t>(std::clamp(k, lo, hi) - lo)] += 1.0;
  }
  EXPECT_LT(chi_square(observed, probability), chi_square_critical(observed.size() - 1)) << "mean " << mean;
}

TEST(RandomFit, PoissonSmallMean) {
  expect_poisson_fit(0.7);
  expect_poisson_fit(3.5);
}

TEST(RandomFit, PoissonLargeMean) {
  expect_poisson_fit(10.0);
  expect_poisson_fit(40.0);
  expect_poisson_fit(2500.0);
}

TEST(RandomDistributions, ZeroMeanPoissonIsZero) {
  RandomStream rs(6);
  const Poisson none(0.0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(none(rs), 0);
}

// ---- parameter validation ----

TEST(RandomDistributions, InvalidParametersThrow) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Uniform(2, 1), std::invalid_argument);
  EXPECT_THROW(Uniform(0, inf), std::invalid_argument);
  EXPECT_THROW(Uniform(nan, 1), std::invalid_argument);
  EXPECT_THROW(Uniform(-1e308, 1e308), std::invalid_argument);
  EXPECT_THROW(UniformInt(3, 2), std::invalid_argument);
  EXPECT_THROW(Exponential(0), std::invalid_argument);
  EXPECT_THROW(Exponential(-1), std::invalid_argument);
  EXPECT_THROW(Exponential{nan}, std::invalid_argument);
  EXPECT_THROW(Normal(0, -1), std::invalid_argument);
  EXPECT_THROW(Normal(inf, 1), std::invalid_argument);
  EXPECT_THROW(LogNormal(0, -0.1), std::invalid_argument);
  EXPECT_THROW(LogNormal::from_median(0, 1), std::invalid_argument);
  EXPECT_THROW(LogNormal::from_mean_cv(-1, 1), std::invalid_argument);
  EXPECT_THROW(LogNormal::from_mean_cv(1, -1), std::invalid_argument);
  EXPECT_THROW(Gamma(0, 1), std::invalid_argument);
  EXPECT_THROW(Gamma(1, 0), std::invalid_argument);
  EXPECT_THROW(Gamma(nan, 1), std::invalid_argument);
  EXPECT_THROW(Triangular(1, 0, 2), std::invalid_argument);
  EXPECT_THROW(Triangular(1, 3, 2), std::invalid_argument);
  EXPECT_THROW(Triangular(1, 1, 1), std::invalid_argument);
  EXPECT_THROW(Poisson(-1), std::invalid_argument);
  EXPECT_THROW(Poisson{nan}, std::invalid_argument);
  EXPECT_THROW(Poisson(1e16), std::invalid_argument);
  EXPECT_THROW(Bernoulli(-0.1), std::invalid_argument);
  EXPECT_THROW(Bernoulli(1.1), std::invalid_argument);
  EXPECT_THROW(Bernoulli{nan}, std::invalid_argument);
  EXPECT_THROW(Discrete({}), std::invalid_argument);
  EXPECT_THROW(Discrete({0, 0}), std::invalid_argument);
  EXPECT_THROW(Discrete({1, -1}), std::invalid_argument);
  EXPECT_THROW(Discrete({1, nan}), std::invalid_argument);
  EXPECT_THROW(Empirical({}), std::invalid_argument);
  EXPECT_THROW(Empirical({1, inf}), std::invalid_argument);
}

TEST(RandomDistributions, InvalidParameterMessageNamesTheProblem) {
  try {
    Exponential bad(-2);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "Exponential: mean must be finite and > 0, got -2");
  }
}

}  // namespace
}  // namespace chaintwin::sim
