#include "pipeline/operators/watermarks.hpp"

#include <gtest/gtest.h>

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

TEST(Watermarks, TheLeastPartitionMinusItsBoundLeads) {
  Watermarks w;
  const auto a = w.add_partition("a", 0);
  const auto b = w.add_partition("b", 10 * kSecond);
  EXPECT_EQ(w.update(0), kNoTime);  // nothing seen
  w.observe(a, 100 * kSecond, 100 * kSecond, 100 * kSecond);
  EXPECT_EQ(w.update(100 * kSecond), kNoTime);  // b has data to come and has shown nothing
  w.observe(b, 50 * kSecond, 50 * kSecond, 50 * kSecond);
  EXPECT_EQ(w.update(100 * kSecond), 40 * kSecond);
  w.observe(b, 200 * kSecond, 200 * kSecond, 200 * kSecond);
  EXPECT_EQ(w.update(200 * kSecond), 100 * kSecond);
}

TEST(Watermarks, NeverGoesBack) {
  Watermarks w;
  const auto a = w.add_partition("a", 0);
  w.observe(a, 100 * kSecond, 100 * kSecond, 100 * kSecond);
  EXPECT_EQ(w.update(100 * kSecond), 100 * kSecond);
  w.observe(a, 20 * kSecond, 120 * kSecond, 120 * kSecond);  // a late event
  EXPECT_EQ(w.update(120 * kSecond), 100 * kSecond);
}

TEST(Watermarks, AClockAheadOfTheArrivalIsClamped) {
  Watermarks w;
  const auto a = w.add_partition("a", 0);
  w.observe(a, 5'000 * kSecond, 100 * kSecond, 100 * kSecond);  // the sender's clock is hours ahead
  EXPECT_EQ(w.update(100 * kSecond), 100 * kSecond);
}

TEST(Watermarks, AQuietPartitionAtItsEndDoesNotHoldOthersBack) {
  Watermarks w({.idle_timeout_ns = 60 * kSecond});
  const auto busy = w.add_partition("busy", 0);
  const auto quiet = w.add_partition("quiet", 0);
  w.observe(quiet, 10 * kSecond, 10 * kSecond, 10 * kSecond);
  w.observe(busy, 50 * kSecond, 50 * kSecond, 50 * kSecond);
  w.set_at_end(quiet, true);
  EXPECT_EQ(w.update(50 * kSecond), 10 * kSecond);  // quiet for only 40 s: it may still speak
  w.observe(busy, 500 * kSecond, 500 * kSecond, 500 * kSecond);
  EXPECT_EQ(w.update(500 * kSecond), 500 * kSecond);  // idle now
  w.observe(quiet, 600 * kSecond, 600 * kSecond, 600 * kSecond);  // speaks again: busy, and the least partition
  w.observe(busy, 700 * kSecond, 700 * kSecond, 700 * kSecond);
  EXPECT_EQ(w.update(700 * kSecond), 600 * kSecond);
}

TEST(Watermarks, APartitionWithDataToReadIsNeverIdle) {
  Watermarks w({.idle_timeout_ns = 60 * kSecond});
  const auto busy = w.add_partition("busy", 0);
  const auto lagging = w.add_partition("lagging", 0);
  w.observe(lagging, 10 * kSecond, 10 * kSecond, 10 * kSecond);
  w.observe(busy, 500 * kSecond, 500 * kSecond, 500 * kSecond);
  EXPECT_EQ(w.update(500 * kSecond), 10 * kSecond);  // not at its end: the consumer just has not fetched it yet
}

TEST(Watermarks, StreamEndReleasesEverything) {
  Watermarks w;
  const auto a = w.add_partition("a", 30 * kSecond);
  const auto b = w.add_partition("b", 0);
  w.observe(a, 100 * kSecond, 100 * kSecond, 100 * kSecond);
  w.set_stream_end(200 * kSecond);
  w.set_at_end(a, true);
  EXPECT_FALSE(w.finished());
  w.set_at_end(b, true);
  EXPECT_TRUE(w.finished());
  EXPECT_EQ(w.update(100 * kSecond), 200 * kSecond);
}

TEST(Watermarks, CheckpointRoundTrip) {
  Watermarks w;
  const auto a = w.add_partition("a", 5 * kSecond);
  w.observe(a, 100 * kSecond, 100 * kSecond, 100 * kSecond);
  w.update(100 * kSecond);
  CheckpointWriter out;
  w.save(out);
  Watermarks restored;
  restored.add_partition("a", 5 * kSecond);
  CheckpointReader in(out.bytes());
  restored.load(in);
  EXPECT_EQ(restored.current(), 95 * kSecond);
  Watermarks other;
  CheckpointReader again(out.bytes());
  EXPECT_THROW(other.load(again), CheckpointError);  // no partitions: not the same pipeline
}

}  // namespace
}  // namespace chaintwin::pipeline

namespace chaintwin::pipeline {
namespace {

TEST(Watermarks, IdlenessFollowsTheCallersClockNotTheSendTimes) {
  // A live consumer measures quiet in wall time: a partition read to its end a moment ago is not idle, however far
  // the other partitions' send times have run ahead (a replay at high speed).
  Watermarks w({.idle_timeout_ns = 500'000'000});
  const auto busy = w.add_partition("busy", 0);
  const auto quiet = w.add_partition("quiet", 0);
  const std::int64_t wall = 1'000 * kSecond;
  w.observe(quiet, 10 * kSecond, 10 * kSecond, wall);
  w.observe(busy, 5'000 * kSecond, 5'000 * kSecond, wall + 100'000'000);
  w.set_at_end(quiet, true);
  EXPECT_EQ(w.update(wall + 200'000'000), 10 * kSecond);
  EXPECT_EQ(w.update(wall + 600'000'000), 5'000 * kSecond);
}

}  // namespace
}  // namespace chaintwin::pipeline
