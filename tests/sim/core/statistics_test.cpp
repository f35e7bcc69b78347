#include "sim/core/statistics.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::sim {
namespace {

TEST(Tally, MeanVarianceMinMaxAndExactQuantiles) {
  Tally t(Tally::Quantiles::kExact);
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.add(x);
  EXPECT_EQ(t.count(), 8u);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(t.min(), 2.0);
  EXPECT_DOUBLE_EQ(t.max(), 9.0);
  EXPECT_DOUBLE_EQ(t.quantile(0.0), 2.0);
  EXPECT_DOUBLE_EQ(t.quantile(0.5), 4.5);  // numpy.quantile([2,4,4,4,5,5,7,9], 0.5)
  EXPECT_DOUBLE_EQ(t.quantile(0.9), 7.6);  // numpy: 7.6
  EXPECT_DOUBLE_EQ(t.quantile(1.0), 9.0);
  t.add(1.0);  // quantiles stay right after more data
  EXPECT_DOUBLE_EQ(t.quantile(0.0), 1.0);
}

TEST(Tally, WelfordIsStableForLargeOffsets) {
  Tally t;
  for (int i = 0; i < 1000; ++i) t.add(1e9 + (i % 2 == 0 ? 1.0 : -1.0));
  EXPECT_NEAR(t.variance(), 1000.0 / 999.0, 1e-6);
}

TEST(Tally, MergeEqualsAddingEverything) {
  Tally all, a, b;
  for (int i = 0; i < 100; ++i) {
    const double x = std::sin(i) * 10 + i * 0.1;
    all.add(x);
    (i < 37 ? a : b).add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_NEAR(a.mean(), all.mean(), 1e-12);
  EXPECT_NEAR(a.variance(), all.variance(), 1e-10);
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
}

TEST(Tally, EmptyAndMisuse) {
  Tally t;
  EXPECT_TRUE(std::isnan(t.mean()));
  EXPECT_THROW(t.quantile(0.5), std::logic_error);
}

TEST(TimeWeighted, AveragesAPiecewiseConstantQuantity) {
  TimeWeighted level(SimTime::zero(), 10.0);
  level.update(hours(1), 20.0);  // 10 for 1 h
  level.update(hours(4), 0.0);   // 20 for 3 h
  EXPECT_DOUBLE_EQ(level.mean(hours(5)), (10.0 * 1 + 20.0 * 3 + 0.0 * 1) / 5);
  EXPECT_DOUBLE_EQ(level.max(), 20.0);
  EXPECT_DOUBLE_EQ(level.min(), 0.0);
  level.reset(hours(5));  // warm-up ends
  level.update(hours(6), 6.0);
  EXPECT_DOUBLE_EQ(level.mean(hours(7)), 3.0);
  EXPECT_THROW(level.update(hours(2), 1.0), std::invalid_argument);
}

TEST(ConfidenceInterval, StudentTMatchesTables) {
  // t_{0.975, 9} = 2.262157; t_{0.995, 4} = 4.604095 (any statistics table).
  EXPECT_NEAR(student_t_critical(0.95, 9), 2.262157, 1e-6);
  EXPECT_NEAR(student_t_critical(0.99, 4), 4.604095, 1e-6);
  const std::vector<double> xs = {10, 12, 9, 11, 13, 10, 12, 11, 10, 12};
  const auto ci = student_t_interval(xs, 0.95);
  Tally t;
  for (double x : xs) t.add(x);
  EXPECT_DOUBLE_EQ(ci.mean, 11.0);
  EXPECT_NEAR(ci.half_width, 2.262157 * t.stddev() / std::sqrt(10.0), 1e-6);
  EXPECT_TRUE(ci.contains(11.5));
  EXPECT_FALSE(ci.contains(13.0));
  EXPECT_TRUE(std::isinf(student_t_interval(std::vector<double>{1.0}).half_width));
}

}  // namespace
}  // namespace chaintwin::sim

namespace chaintwin::sim {
namespace {

TEST(Tally, MergeRefusesToLoseSamplesAndMergesWithItself) {
  Tally exact(Tally::Quantiles::kExact);
  exact.add(1.0);
  Tally moments;
  for (int i = 0; i < 99; ++i) moments.add(100.0);
  EXPECT_THROW(exact.merge(moments), std::logic_error);
  exact.add(3.0);
  exact.merge(exact);
  EXPECT_EQ(exact.count(), 4u);
  EXPECT_DOUBLE_EQ(exact.mean(), 2.0);
  EXPECT_DOUBLE_EQ(exact.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(exact.quantile(1.0), 3.0);
}

}  // namespace
}  // namespace chaintwin::sim
