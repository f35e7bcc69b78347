#include "pipeline/operators/dedup.hpp"

#include <array>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kHour = 3600ll * 1'000'000'000;

TEST(Dedup, SameIdOrSameContentIsADuplicate) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(0, 1, 100, 0));
  EXPECT_FALSE(d.first_time(0, 1, 101, 1));  // exact duplicate: same id
  EXPECT_FALSE(d.first_time(0, 2, 100, 2));  // re-read: new id, same content
  EXPECT_TRUE(d.first_time(0, 3, 103, 3));
  EXPECT_EQ(d.duplicates(), 2u);
}

// The content key leaves the event's times out (so a re-read matches its read): it matches only near in event time.
// A logger repeating its value a reading later, or a second identical pick, is a new event.
TEST(Dedup, AContentKeyMatchesOnlyWithinItsWindowOfEventTime) {
  constexpr std::int64_t kSecond = 1'000'000'000;
  Deduplicator d({.content_window_ns = 120 * kSecond});
  EXPECT_TRUE(d.first_time(0, 1, 100, 0, 1000 * kSecond));
  EXPECT_EQ(d.check(0, 2, 100, 1, 1005 * kSecond), DedupVerdict::kSameContent);  // re-read 5 s later
  EXPECT_EQ(d.check(0, 1, 555, 2, 1000 * kSecond), DedupVerdict::kSameMessageId);
  EXPECT_TRUE(d.first_time(0, 3, 100, 3, 1900 * kSecond));  // 15 minutes later: a new event, remembered
  EXPECT_FALSE(d.first_time(0, 4, 100, 4, 1910 * kSecond));  // ... whose re-read is caught
  // The content key now remembers 1900 s: a re-read of the first arriving after that is taken as new data.
  EXPECT_TRUE(d.first_time(0, 5, 100, 5, 1000 * kSecond));
}

TEST(Dedup, ARememberedAgainContentKeyOutlivesItsFirstEntry) {
  constexpr std::int64_t kSecond = 1'000'000'000;
  Deduplicator d({.horizon_ns = 2 * kHour, .content_window_ns = 120 * kSecond});
  EXPECT_TRUE(d.first_time(0, 1, 100, 0, 0));
  EXPECT_TRUE(d.first_time(0, 2, 100, kHour + kHour / 2, kHour));  // the same content an hour later: new
  // Past the first entry's horizon, not the second's: the re-read of the second is still caught.
  EXPECT_FALSE(d.first_time(0, 3, 100, 2 * kHour + kHour / 2, kHour + 10 * kSecond));
}

TEST(Dedup, ZeroKeysAreNotIdentities) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(0, 0, 5, 0));
  EXPECT_TRUE(d.first_time(0, 0, 6, 0));
  EXPECT_TRUE(d.first_time(0, 7, 0, 0));
  EXPECT_TRUE(d.first_time(0, 8, 0, 0));
}

TEST(Dedup, AnIdAndAContentKeyOfEqualValueDoNotCollide) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(0, 42, 0, 0));
  EXPECT_TRUE(d.first_time(0, 0, 42, 0));
}

TEST(Dedup, ForgetsAfterTheHorizonAndKeepsStateBounded) {
  Deduplicator d({.horizon_ns = 2 * kHour, .max_entries = 1'000});
  EXPECT_TRUE(d.first_time(0, 1, 0, 0));
  EXPECT_FALSE(d.first_time(0, 1, 0, kHour));
  EXPECT_TRUE(d.first_time(0, 1, 0, 3 * kHour + 1));  // forgotten: a re-send this late is new data
  for (std::uint64_t i = 10; i < 5'000; ++i) d.first_time(0, i, 0, 3 * kHour + 2);
  EXPECT_LE(d.entries(), 1'000u);
}

// A consumer may read one partition days of simulated time ahead of another (a restarted pipeline catching up on a
// backlog): that must not make the other partition forget what it has seen, or a re-send reaches the stock positions
// twice depending on how partitions happened to interleave.
TEST(Dedup, APartitionReadAheadDoesNotForgetAnotherPartitionsIds) {
  Deduplicator d({.horizon_ns = 2 * kHour});
  EXPECT_TRUE(d.first_time(0, 1, 0, 0));
  EXPECT_TRUE(d.first_time(1, 2, 0, 10 * kHour));  // lane 1 is read far ahead
  EXPECT_FALSE(d.first_time(0, 1, 0, kHour));      // lane 0's re-send, an hour after its original
  EXPECT_TRUE(d.first_time(0, 1, 0, 3 * kHour));   // past the horizon on its own lane's clock: new data
  EXPECT_EQ(d.duplicates(), 1u);
}

TEST(Dedup, TheOutcomeDoesNotDependOnHowLanesInterleave) {
  // Two partitions' messages (id, arrival), each in its own order, read in two interleavings: lane 0 first, or lane
  // 1 read far ahead between lane 0's first message and the rest.
  using Lane = std::vector<std::pair<std::uint64_t, std::int64_t>>;
  const std::array<Lane, 2> lanes = {Lane{{1, 0}, {2, kHour}, {1, 2 * kHour}, {2, 4 * kHour}},
                                     Lane{{9, 0}, {8, 5 * kHour}, {9, 9 * kHour}}};
  auto read = [&](const std::vector<int>& order) {
    Deduplicator d({.horizon_ns = 3 * kHour});
    std::array<std::vector<bool>, 2> firsts;
    for (const int lane : order) {
      const auto [id, at] = lanes[lane][firsts[lane].size()];
      firsts[lane].push_back(d.first_time(static_cast<std::size_t>(lane), id, 0, at));
    }
    return firsts;
  };
  const auto one_then_other = read({0, 0, 0, 0, 1, 1, 1});
  const auto other_ahead = read({0, 1, 1, 1, 0, 0, 0});
  EXPECT_EQ(one_then_other, other_ahead);
  EXPECT_EQ(other_ahead[0], (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(other_ahead[1], (std::vector<bool>{true, true, true}));
}

TEST(Dedup, CheckpointRestoresWhatWasSeen) {
  Deduplicator d;
  d.first_time(0, 1, 11, 0);
  d.first_time(0, 2, 12, 5);
  d.first_time(0, 2, 0, 6);
  d.first_time(3, 4, 14, 6);
  CheckpointWriter w;
  d.save(w);
  Deduplicator restored;
  CheckpointReader r(w.bytes());
  restored.load(r);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(restored.duplicates(), 1u);
  EXPECT_FALSE(restored.first_time(0, 9, 12, 7));
  EXPECT_FALSE(restored.first_time(0, 1, 0, 7));
  EXPECT_FALSE(restored.first_time(0, 4, 0, 7));  // seen on another lane
  EXPECT_TRUE(restored.first_time(0, 3, 13, 7));
}

TEST(Dedup, TruncatedCheckpointIsAnError) {
  Deduplicator d;
  d.first_time(0, 1, 11, 0);
  CheckpointWriter w;
  d.save(w);
  const std::string bytes = w.bytes().substr(0, w.bytes().size() - 3);
  CheckpointReader r(bytes);
  Deduplicator restored;
  EXPECT_THROW(restored.load(r), CheckpointError);
}

}  // namespace
}  // namespace chaintwin::pipeline
