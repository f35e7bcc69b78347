// Pacing: the --pace grammar and intended send times from the schedule (the send-delay histogram: histogram_test).
#include "generators/pacing.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace chaintwin::generators {
namespace {

TEST(ParsePacing, UnderstandsEachModeAndNamesWhatIsWrong) {
  PacingConfig c;
  EXPECT_EQ(parse_pacing("afap", c), "");
  EXPECT_EQ(c.mode, PaceMode::kAsFastAsPossible);
  EXPECT_EQ(parse_pacing("realtime:60", c), "");
  EXPECT_EQ(c.mode, PaceMode::kRealTime);
  EXPECT_DOUBLE_EQ(c.speedup, 60.0);
  EXPECT_EQ(parse_pacing("rate:10000@30,50000", c), "");
  ASSERT_EQ(c.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(c.steps[0].events_per_s, 10'000.0);
  EXPECT_DOUBLE_EQ(c.steps[0].seconds, 30.0);
  EXPECT_DOUBLE_EQ(c.steps[1].events_per_s, 50'000.0);
  for (const char* bad : {"", "fast", "realtime:0", "realtime:x", "rate:", "rate:-5", "rate:100@0", "rate:1e3@x"})
    EXPECT_NE(parse_pacing(bad, c), "") << bad;
}

TEST(Pacer, RateScheduleSetsIntendedTimesWhateverTheSimulatedTimes) {
  // 1 M messages/s for 10 us, then 100 k/s: message i is intended at i us for i < 10, then 10 us + (i - 10) x 10 us.
  PacingConfig c;
  ASSERT_EQ(parse_pacing("rate:1000000@0.00001,100000", c), "");
  Pacer pacer(c);
  const auto first = pacer.wait_for_turn(123);
  for (int i = 1; i < 30; ++i) {
    const auto intended = pacer.wait_for_turn(0);  // simulated times play no part in rate mode
    const auto expected_us = i < 10 ? i : 10 + (i - 10) * 10;
    const double elapsed_us = std::chrono::duration<double, std::micro>(intended - first).count();
    EXPECT_NEAR(elapsed_us, expected_us, 1e-3) << i;
    pacer.sent(intended);
  }
  EXPECT_EQ(pacer.send_delay().count(), 29u);
}

TEST(Pacer, RealTimeMapsSimulatedToWallTimeBySpeedup) {
  PacingConfig c;
  ASSERT_EQ(parse_pacing("realtime:1000", c), "");
  Pacer pacer(c);
  const auto first = pacer.wait_for_turn(5'000'000'000);          // simulated 5 s: the start
  const auto later = pacer.wait_for_turn(5'000'000'000 + 20'000'000'000);  // 20 simulated s later: 20 ms
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(later - first).count(), 20);
}

}  // namespace
}  // namespace chaintwin::generators
