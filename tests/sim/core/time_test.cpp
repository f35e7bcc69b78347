#include "sim/core/time.hpp"

#include <limits>
#include <sstream>

#include <gtest/gtest.h>

namespace chaintwin::sim {
namespace {

TEST(SimTime, UnitHelpersAreExactIntegerNanoseconds) {
  EXPECT_EQ(seconds(1).ns(), 1'000'000'000);
  EXPECT_EQ(minutes(2).ns(), 120'000'000'000);
  EXPECT_EQ(hours(1), minutes(60));
  EXPECT_EQ(days(1), hours(24));
  EXPECT_EQ(milliseconds(1500), seconds(1) + milliseconds(500));
  EXPECT_EQ(days(3) / hours(1), 72);
  EXPECT_LT(seconds(59), minutes(1));
}

TEST(SimTime, FromFloatingPointRoundsToNearestAndClampsAtZero) {
  EXPECT_EQ(from_seconds(1.5), milliseconds(1500));
  EXPECT_EQ(from_seconds(1e-9 * 0.6), nanoseconds(1));
  EXPECT_EQ(from_hours(0.5), minutes(30));
  EXPECT_EQ(from_days(2.0), days(2));
  EXPECT_EQ(from_seconds(-3.0), SimTime::zero());
  EXPECT_EQ(from_seconds(std::numeric_limits<double>::quiet_NaN()), SimTime::zero());
  EXPECT_EQ(from_days(1e12), SimTime::max());
}

TEST(SimTime, PrintsDaysAndClockTime) {
  EXPECT_EQ(to_string(days(3) + hours(4) + minutes(5) + seconds(6) + milliseconds(789)), "3d 04:05:06.789");
  EXPECT_EQ(to_string(SimTime::zero()), "0d 00:00:00");
  EXPECT_EQ(to_string(SimTime::zero() - minutes(90)), "-0d 01:30:00");
  std::ostringstream os;
  os << hours(25);
  EXPECT_EQ(os.str(), "1d 01:00:00");
  EXPECT_DOUBLE_EQ(hours(36).to_days(), 1.5);
  // The extremes print without overflow.
  EXPECT_EQ(to_string(SimTime::from_ns(std::numeric_limits<std::int64_t>::min())), "-106751d 23:47:16.854");
  EXPECT_EQ(to_string(SimTime::max()), "106751d 23:47:16.854");
}

// hours(1.5) must not compile (it would truncate); from_hours(1.5) is the way.
template <class T>
concept HoursAccepts = requires(T x) {
  hours(x);
};
static_assert(HoursAccepts<int>);
static_assert(!HoursAccepts<double>);
static_assert(!HoursAccepts<float>);

}  // namespace
}  // namespace chaintwin::sim
