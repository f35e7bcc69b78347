#include "pipeline/operators/dedup.hpp"

#include <gtest/gtest.h>

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kHour = 3600ll * 1'000'000'000;

TEST(Dedup, SameIdOrSameContentIsADuplicate) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(1, 100, 0));
  EXPECT_FALSE(d.first_time(1, 101, 1));  // exact duplicate: same id
  EXPECT_FALSE(d.first_time(2, 100, 2));  // re-read: new id, same content
  EXPECT_TRUE(d.first_time(3, 103, 3));
  EXPECT_EQ(d.duplicates(), 2u);
}

TEST(Dedup, ZeroKeysAreNotIdentities) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(0, 5, 0));
  EXPECT_TRUE(d.first_time(0, 6, 0));
  EXPECT_TRUE(d.first_time(7, 0, 0));
  EXPECT_TRUE(d.first_time(8, 0, 0));
}

TEST(Dedup, AnIdAndAContentKeyOfEqualValueDoNotCollide) {
  Deduplicator d;
  EXPECT_TRUE(d.first_time(42, 0, 0));
  EXPECT_TRUE(d.first_time(0, 42, 0));
}

TEST(Dedup, ForgetsAfterTheHorizonAndKeepsStateBounded) {
  Deduplicator d({.horizon_ns = 2 * kHour, .max_entries = 1'000});
  EXPECT_TRUE(d.first_time(1, 0, 0));
  EXPECT_FALSE(d.first_time(1, 0, kHour));
  EXPECT_TRUE(d.first_time(1, 0, 3 * kHour + 1));  // forgotten: a re-send this late is new data
  for (std::uint64_t i = 10; i < 5'000; ++i) d.first_time(i, 0, 3 * kHour + 2);
  EXPECT_LE(d.entries(), 1'000u);
}

TEST(Dedup, CheckpointRestoresWhatWasSeen) {
  Deduplicator d;
  d.first_time(1, 11, 0);
  d.first_time(2, 12, 5);
  d.first_time(2, 0, 6);
  CheckpointWriter w;
  d.save(w);
  Deduplicator restored;
  CheckpointReader r(w.bytes());
  restored.load(r);
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(restored.duplicates(), 1u);
  EXPECT_FALSE(restored.first_time(9, 12, 7));
  EXPECT_FALSE(restored.first_time(1, 0, 7));
  EXPECT_TRUE(restored.first_time(3, 13, 7));
}

TEST(Dedup, TruncatedCheckpointIsAnError) {
  Deduplicator d;
  d.first_time(1, 11, 0);
  CheckpointWriter w;
  d.save(w);
  const std::string bytes = w.bytes().substr(0, w.bytes().size() - 3);
  CheckpointReader r(bytes);
  Deduplicator restored;
  EXPECT_THROW(restored.load(r), CheckpointError);
}

}  // namespace
}  // namespace chaintwin::pipeline
