// The queue batch files wait in: order across block boundaries, and blocks recycled through the pool.
#include "generators/pending.hpp"

#include <gtest/gtest.h>

#include <set>

namespace chaintwin::generators::detail {
namespace {

TEST(PendingQueue, KeepsOrderAcrossBlocksAndRecyclesThem) {
  PendingBlockPool pool;
  constexpr std::size_t kBlock = PendingBlockPool::kBlockSize;
  constexpr std::size_t kMessages = 2 * kBlock + 17;
  std::set<const Pending*> block_starts;
  {
    PendingQueue queue(pool);
    for (std::uint64_t i = 0; i < kMessages; ++i) {
      Pending p{};
      p.order = i;
      queue.push(p);
    }
    ASSERT_EQ(queue.size(), kMessages);
    for (std::uint64_t i = 0; i < kMessages; ++i) {
      ASSERT_FALSE(queue.empty());
      ASSERT_EQ(queue.front().order, i);
      if (i % kBlock == 0) block_starts.insert(&queue.front());
      queue.pop();
    }
    EXPECT_TRUE(queue.empty());
  }
  ASSERT_EQ(block_starts.size(), 3u);
  // The destroyed queue gave its blocks back: the next queues start in them rather than in new memory.
  PendingQueue again(pool), and_again(pool);
  again.push(Pending{});
  and_again.push(Pending{});
  EXPECT_TRUE(block_starts.count(&again.front()));
  EXPECT_TRUE(block_starts.count(&and_again.front()));
  EXPECT_NE(&again.front(), &and_again.front());
}

}  // namespace
}  // namespace chaintwin::generators::detail
