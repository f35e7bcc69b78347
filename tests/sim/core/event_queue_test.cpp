// One suite, run over every pending-event-set implementation (ns-3 style): each must give the same order.
#include "sim/core/event_queue.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/ladder_queue.hpp"
#include "sim/core/quaternary_heap.hpp"

namespace chaintwin::sim {
namespace {

template <class Q>
class PendingEventSetTest : public ::testing::Test {};

using Implementations = ::testing::Types<QuaternaryHeap, LadderQueue>;
TYPED_TEST_SUITE(PendingEventSetTest, Implementations);

std::vector<EventEntry> drain(auto& q) {
  std::vector<EventEntry> out;
  while (!q.empty()) out.push_back(q.pop());
  return out;
}

TYPED_TEST(PendingEventSetTest, StartsEmpty) {
  TypeParam q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
}

TYPED_TEST(PendingEventSetTest, SameTimeEventsComeOutInSchedulingOrder) {
  TypeParam q;
  for (std::uint32_t s = 0; s < 1000; ++s) q.push(EventEntry::make(42, 1000 - s, s));  // pushed in reverse order
  const auto out = drain(q);
  ASSERT_EQ(out.size(), 1000u);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(out[i - 1].sequence(), out[i].sequence());
}

// Random interleavings of push, pop and replace_top against a sorted reference, across time distributions that
// stress different parts of a bucket queue: spread out, clustered, all equal, huge jumps.
TYPED_TEST(PendingEventSetTest, MatchesSortedReferenceUnderRandomOperations) {
  for (int distribution = 0; distribution < 5; ++distribution) {
    std::mt19937_64 rng(1234 + distribution);
    TypeParam q;
    std::vector<EventEntry> reference;  // kept sorted descending, minimum at the back
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    auto next_time = [&]() -> std::int64_t {
      switch (distribution) {
        case 0:
          return now + static_cast<std::int64_t>(rng() % 1'000'000);
        case 1:
          return now + static_cast<std::int64_t>(rng() % 3);
        case 2:
          return now;
        case 3:
          return now + ((rng() % 100 == 0) ? static_cast<std::int64_t>(rng() % (std::int64_t{1} << 50))
                                           : static_cast<std::int64_t>(rng() % 100));
        default:
          return now + static_cast<std::int64_t>((rng() % 2) ? rng() % 10 : 1'000'000 + rng() % 10);
      }
    };
    auto ref_insert = [&](EventEntry e) {
      reference.insert(std::upper_bound(reference.begin(), reference.end(), e,
                                        [](const EventEntry& a, const EventEntry& b) { return b < a; }),
                       e);
    };
    for (int step = 0; step < 20000; ++step) {
      const auto op = rng() % 10;
      if (op < 4 || reference.empty()) {
        ++seq;
        const EventEntry e = EventEntry::make(next_time(), seq, static_cast<std::uint32_t>(seq & 0xffff));
        q.push(e);
        ref_insert(e);
      } else if (op < 7) {
        ASSERT_EQ(q.top(), reference.back()) << "distribution " << distribution << " step " << step;
        const EventEntry got = q.pop();
        ASSERT_EQ(got, reference.back());
        reference.pop_back();
        now = got.time;
      } else {
        const EventEntry min = reference.back();
        reference.pop_back();
        now = min.time;
        const EventEntry e = EventEntry::make(next_time(), ++seq, 7);
        ref_insert(e);
        ASSERT_EQ(q.replace_top(e), min) << "distribution " << distribution << " step " << step;
      }
      ASSERT_EQ(q.size(), reference.size());
    }
    std::vector<EventEntry> expected(reference.rbegin(), reference.rend());
    ASSERT_EQ(drain(q), expected);
  }
}

TYPED_TEST(PendingEventSetTest, EraseRemovesExactlyThatEntry) {
  TypeParam q;
  std::vector<EventEntry> all;
  for (std::uint32_t s = 0; s < 500; ++s) {
    all.push_back(EventEntry::make(static_cast<std::int64_t>((s * 7919) % 263), s + 1, s));
    q.push(all.back());
  }
  const std::vector<EventEntry> removed = {q.top(), all[123], all[499]};
  for (const auto& r : removed) EXPECT_TRUE(q.erase(r));
  EXPECT_FALSE(q.erase(removed[0]));
  EXPECT_FALSE(q.erase(EventEntry::make(5, 9999, 0)));
  std::vector<EventEntry> expected;
  for (const auto& e : all)
    if (std::find(removed.begin(), removed.end(), e) == removed.end()) expected.push_back(e);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(drain(q), expected);
}

// Cancellations once pops have spread the entries out (a bucket queue then holds them in several tiers): live
// entries anywhere, the current minimum, and entries already gone.
TYPED_TEST(PendingEventSetTest, EraseAnywhereMatchesSortedReference) {
  std::mt19937_64 rng(99);
  TypeParam q;
  std::vector<EventEntry> live;  // unordered
  std::uint64_t seq = 0;
  std::int64_t now = 0;
  auto push = [&]() {
    const auto delay = static_cast<std::int64_t>(rng() % 8 == 0 ? rng() % 1'000'000'000 : rng() % 1000);
    live.push_back(EventEntry::make(now + delay, ++seq, 0));
    q.push(live.back());
  };
  auto remove = [&](std::vector<EventEntry>::iterator it) {
    *it = live.back();
    live.pop_back();
  };
  for (int i = 0; i < 2000; ++i) push();
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng() % 10;
    if (op < 5 || live.empty()) {
      push();
    } else if (op < 7) {
      const auto it = live.begin() + static_cast<std::ptrdiff_t>(rng() % live.size());
      const EventEntry e = *it;
      remove(it);
      ASSERT_TRUE(q.erase(e)) << "step " << step;
      ASSERT_FALSE(q.erase(e)) << "step " << step;
    } else if (op < 8) {
      const auto min = std::min_element(live.begin(), live.end());
      ASSERT_EQ(q.top(), *min) << "step " << step;
      ASSERT_TRUE(q.erase(*min)) << "step " << step;
      remove(min);
    } else {
      const auto min = std::min_element(live.begin(), live.end());
      ASSERT_EQ(q.pop(), *min) << "step " << step;
      now = min->time;
      remove(min);
    }
    ASSERT_EQ(q.size(), live.size());
  }
  std::sort(live.begin(), live.end());
  ASSERT_EQ(drain(q), live);
}

// Times anywhere in int64, in any order, including earlier than the last one popped: index arithmetic on times
// must not overflow, and an entry pushed below the current minimum must come out first.
TYPED_TEST(PendingEventSetTest, AnyTimesInAnyOrder) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::mt19937_64 rng(7);
  TypeParam q;
  std::vector<EventEntry> reference;  // kept sorted descending, minimum at the back
  std::uint64_t seq = 0;
  auto next_time = [&]() -> std::int64_t {
    switch (rng() % 4) {
      case 0:
        return kMin + static_cast<std::int64_t>(rng() % 3);
      case 1:
        return kMax - static_cast<std::int64_t>(rng() % 3);
      case 2:
        return static_cast<std::int64_t>(rng());
      default: {
        const std::int64_t min = reference.empty() ? 0 : reference.back().time;
        return min < kMin + 1000 ? kMin : min - static_cast<std::int64_t>(rng() % 1000);
      }
    }
  };
  for (int step = 0; step < 20000; ++step) {
    if (rng() % 10 < 6 || reference.empty()) {
      const EventEntry e = EventEntry::make(next_time(), ++seq, 0);
      q.push(e);
      reference.insert(std::upper_bound(reference.begin(), reference.end(), e,
                                        [](const EventEntry& a, const EventEntry& b) { return b < a; }),
                       e);
    } else {
      ASSERT_EQ(q.pop(), reference.back()) << "step " << step;
      reference.pop_back();
    }
    ASSERT_EQ(q.size(), reference.size());
    if (!reference.empty()) {
      ASSERT_EQ(q.top(), reference.back()) << "step " << step;
    }
  }
  ASSERT_EQ(drain(q), std::vector<EventEntry>(reference.rbegin(), reference.rend()));
}

TYPED_TEST(PendingEventSetTest, ClearEmpties) {
  TypeParam q;
  for (std::uint32_t s = 0; s < 100; ++s) q.push(EventEntry::make(s, s, s));
  q.clear();
  EXPECT_TRUE(q.empty());
  q.push(EventEntry::make(5, 1, 1));
  EXPECT_EQ(q.pop().time, 5);
}

}  // namespace
}  // namespace chaintwin::sim
