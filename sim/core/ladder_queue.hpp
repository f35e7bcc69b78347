#pragma once
// A ladder queue (Tang, Goh & Thng, ACM TOMACS 15(3), 2005): the O(1) amortised pending-event set.
//
// Three tiers, each holding strictly earlier times than the one above it:
//   Top     an unsorted array of the far future (time > top_last_); appends only, min/max tracked.
//   Rungs   up to kMaxRungs bucket arrays. Rung 0 is built from Top when everything below runs dry; each bucket
//           is an unsorted bag of entries, and a bucket too big to sort cheaply is split into a finer rung below.
//           Only buckets at or after a rung's cursor are live; times below it belong to deeper rungs or Bottom.
//   Bottom  a short sorted array holding the earliest entries; the minimum is at bottom_[head_].
// Bottom is refilled from the lowest live bucket as soon as it empties, so it is never empty while the queue is
// not and top() is a plain read. A push touches one bucket, a pop one array slot; each entry is moved a small
// constant number of times (Top -> rung -> ... -> Bottom), which is where the O(1) amortised cost comes from.
//
// Choices of this implementation:
//   - Bucket widths are powers of two (index = offset >> shift): no division, no floating point, and offsets are
//     taken in uint64 so spans up to the full int64 range cannot overflow. A rung gets about as many buckets as
//     entries it is built from; its last bucket also absorbs any later time up to the rung's upper bound.
//   - Buckets are singly linked chunks of kChunkEntries entries from one pool with a free list, so memory stays
//     near 16-21 B per entry with no per-bucket allocation, and a recycled chunk is usually still in cache.
//   - A bucket whose entries all share one time, or one met at the rung cap, is sorted into Bottom whole; Bottom
//     insertion then shifts the shorter side, so same-time pushes in scheduling order append in O(1).
// Costs: see event_queue.hpp.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/event_queue.hpp"

namespace chaintwin::sim {

class LadderQueue {
 public:
  void push(EventEntry e) {
    if (size_++ == 0) {
      restart(e);
      return;
    }
    if (e.time > top_last_) {
      push_top(e);
      return;
    }
    for (std::size_t k = 0; k < rungs_used_; ++k) {
      Rung& r = rungs_[k];
      if (e.time >= r.cur_start) {
        append(r.buckets[r.bucket_of(e.time)], e);
        ++r.count;
        return;
      }
    }
    push_bottom(e);
  }

  const EventEntry& top() const { return bottom_[head_]; }

  EventEntry pop() {
    const EventEntry min = bottom_[head_++];
    --size_;
    if (head_ == bottom_.size()) {
      bottom_.clear();
      head_ = 0;
      if (size_ > 0) refill();
    }
    return min;
  }

  EventEntry replace_top(EventEntry e) {
    // An entry earlier than the next in Bottom (a zero-delay successor, say) simply takes the minimum's slot.
    if (head_ + 1 < bottom_.size() && e < bottom_[head_ + 1]) {
      const EventEntry min = bottom_[head_];
      bottom_[head_] = e;
      return min;
    }
    const EventEntry min = pop();
    push(e);
    return min;
  }

  bool erase(const EventEntry& e) {
    if (size_ == 0) return false;
    if (e.time > top_last_) {
      const auto it = std::find(top_.begin(), top_.end(), e);
      if (it == top_.end()) return false;
      *it = top_.back();
      top_.pop_back();
      --size_;
      return true;
    }
    for (std::size_t k = 0; k < rungs_used_; ++k) {
      Rung& r = rungs_[k];
      if (e.time >= r.cur_start) {
        if (!erase_from_bucket(r.buckets[r.bucket_of(e.time)], e)) return false;
        --r.count;
        --size_;
        return true;
      }
    }
    const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(head_);
    const auto pos = std::lower_bound(first, bottom_.end(), e);
    if (pos == bottom_.end() || !(*pos == e)) return false;
    if (pos - first < bottom_.end() - pos) {
      std::move_backward(first, pos, pos + 1);
      ++head_;
    } else {
      bottom_.erase(pos);
    }
    --size_;
    if (head_ == bottom_.size()) {
      bottom_.clear();
      head_ = 0;
      if (size_ > 0) refill();
    }
    return true;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void clear() {
    top_.clear();
    bottom_.clear();
    head_ = 0;
    rungs_used_ = 0;
    chunks_.clear();
    next_chunk_.clear();
    free_chunk_ = kNil;
    size_ = 0;
  }

  void reserve(std::size_t n) {
    top_.reserve(n);
    chunks_.reserve(n / kChunkEntries + 1);
    next_chunk_.reserve(n / kChunkEntries + 1);
  }

 private:
  // A bucket larger than this is split into a new rung rather than sorted into Bottom.
  static constexpr std::size_t kBottomThreshold = 50;
  // Bottom grown past this by pushes is turned back into a rung, so early pushes cannot make insertion O(n).
  static constexpr std::size_t kBottomLimit = 4 * kBottomThreshold;
  // Splitting stops here; what is left is sorted into Bottom, so clustered times cannot recurse without bound.
  static constexpr std::size_t kMaxRungs = 8;
  static constexpr std::uint32_t kChunkEntries = 4;  // one 64-byte cache line
  static constexpr std::uint32_t kNil = ~std::uint32_t{0};

  // Chunks carry entries only; their links live in next_chunk_, a dense array that stays in cache, so walking a
  // bucket issues all its chunk loads at once instead of one dependent miss per link.
  struct alignas(64) Chunk {
    EventEntry entries[kChunkEntries];
  };

  // A bucket is a chain of chunks, newest first; only the head chunk may be partly filled, so `size` alone says
  // where the next entry goes and a push never reads the chunk it writes to.
  struct Bucket {
    std::uint32_t head = kNil;
    std::uint32_t size = 0;
  };

  struct Rung {
    std::int64_t start = 0;      // lower edge of bucket 0
    std::int64_t cur_start = 0;  // lower edge of bucket `cur`; earlier times go below this rung
    std::uint64_t last = 0;      // index of the last bucket, which extends to the rung's upper bound
    std::uint64_t cur = 0;       // first live bucket, always <= last: an exhausted rung is dropped at once
    unsigned shift = 0;          // bucket width is 2^shift
    std::size_t count = 0;
    std::vector<Bucket> buckets;  // kept across rebuilds to reuse its allocation

    std::uint64_t bucket_of(std::int64_t t) const {
      const std::uint64_t offset = static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(start);
      return std::min(offset >> shift, last);
    }
  };

  void restart(EventEntry e) {
    rungs_used_ = 0;
    top_.clear();
    bottom_.assign(1, e);
    head_ = 0;
    bottom_pushes_ = 0;
    top_last_ = e.time;
  }

  void push_top(EventEntry e) {
    if (top_.empty()) {
      top_min_ = top_max_ = e.time;
    } else {
      top_min_ = std::min(top_min_, e.time);
      top_max_ = std::max(top_max_, e.time);
    }
    top_.push_back(e);
  }

  void push_bottom(EventEntry e) {
    const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(head_);
    const auto pos = std::upper_bound(first, bottom_.end(), e);
    if (pos - first < bottom_.end() - pos) {
      if (head_ == 0) {
        // Open a gap in front as large as Bottom itself, so a run of ever-earlier pushes costs O(1) each.
        const std::size_t gap = std::max<std::size_t>(bottom_.size(), 8);
        const std::size_t at = static_cast<std::size_t>(pos - first);
        bottom_.insert(bottom_.begin(), gap, EventEntry{});
        head_ = gap;
        insert_front(bottom_.begin() + static_cast<std::ptrdiff_t>(gap + at), e);
      } else {
        insert_front(pos, e);
      }
    } else {
      bottom_.insert(pos, e);
    }
    // Splitting Bottom costs O(its size); waiting until pushes make up half of it keeps that O(1) per push, and
    // keeps a big Bottom of equal times, which no rung can split, from being rebuilt over and over.
    const std::size_t live = bottom_.size() - head_;
    if (++bottom_pushes_ > kBottomLimit && 2 * bottom_pushes_ > live && rungs_used_ < kMaxRungs &&
        bottom_[head_].time < bottom_.back().time) {
      Rung& r = rungs_[rungs_used_++];
      build(r, bottom_.data() + head_, bottom_.data() + bottom_.size(), bottom_[head_].time, bottom_.back().time);
      bottom_.clear();
      head_ = 0;
      refill();
    }
  }

  // Shifts Bottom's front part one slot left into the free slot before head_ and puts e just before `pos`.
  void insert_front(std::vector<EventEntry>::iterator pos, EventEntry e) {
    const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(head_);
    std::move(first, pos, first - 1);
    *(pos - 1) = e;
    --head_;
  }

  std::uint32_t allocate_chunk() {
    if (free_chunk_ != kNil) {
      const std::uint32_t c = free_chunk_;
      free_chunk_ = next_chunk_[c];
      return c;
    }
    chunks_.emplace_back();
    next_chunk_.push_back(kNil);
    return static_cast<std::uint32_t>(chunks_.size() - 1);
  }

  void free_chunk(std::uint32_t c) {
    next_chunk_[c] = free_chunk_;
    free_chunk_ = c;
  }

  void append(Bucket& b, EventEntry e) {
    const std::uint32_t slot = b.size % kChunkEntries;
    if (slot == 0) {
      const std::uint32_t c = allocate_chunk();
      next_chunk_[c] = b.head;
      b.head = c;
    }
    chunks_[b.head].entries[slot] = e;
    ++b.size;
  }

  bool erase_from_bucket(Bucket& b, const EventEntry& e) {
    std::uint32_t n = b.size == 0 ? 0 : (b.size - 1) % kChunkEntries + 1;
    for (std::uint32_t c = b.head; c != kNil; c = next_chunk_[c], n = kChunkEntries) {
      EventEntry* const entries = chunks_[c].entries;
      EventEntry* const found = std::find(entries, entries + n, e);
      if (found == entries + n) continue;
      // Fill the hole with the newest entry, which sits last in the head chunk.
      const std::uint32_t in_head = (b.size - 1) % kChunkEntries;
      *found = chunks_[b.head].entries[in_head];
      --b.size;
      if (in_head == 0) {
        const std::uint32_t emptied = b.head;
        b.head = next_chunk_[emptied];
        free_chunk(emptied);
      }
      return true;
    }
    return false;
  }

  // Moves a whole bucket into the empty Bottom, unsorted, and frees its chunks.
  void take_bucket(Bucket& b) {
    bottom_.resize(b.size);
    EventEntry* out = bottom_.data();
    std::uint32_t n = (b.size - 1) % kChunkEntries + 1;
    for (std::uint32_t c = b.head; c != kNil; n = kChunkEntries) {
      out = std::copy_n(chunks_[c].entries, n, out);
      const std::uint32_t next = next_chunk_[c];
      free_chunk(c);
      c = next;
    }
    b = Bucket{};
  }

  // Spreads [first, end), whose times lie in [min, max], over a fresh set of buckets in r.
  void build(Rung& r, const EventEntry* first, const EventEntry* end, std::int64_t min, std::int64_t max) {
    const auto n = static_cast<std::uint64_t>(end - first);
    const std::uint64_t span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    // Smallest power-of-two width giving at most n buckets (n >= 2, so the shift stays below 64).
    r.shift = static_cast<unsigned>(std::bit_width(span / n));
    r.last = span >> r.shift;
    r.start = min;
    r.cur_start = min;
    r.cur = 0;
    r.count = n;
    r.buckets.assign(r.last + 1, Bucket{});
    for (const EventEntry* p = first; p != end; ++p) append(r.buckets[r.bucket_of(p->time)], *p);
  }

  // Precondition: Bottom is empty and the queue is not.
  void refill() {
    bottom_pushes_ = 0;
    for (;;) {
      if (rungs_used_ == 0) {
        top_last_ = top_max_;
        if (top_.size() <= kBottomThreshold || top_min_ == top_max_) {
          bottom_.swap(top_);
          sort_bottom();
          return;
        }
        build(rungs_[0], top_.data(), top_.data() + top_.size(), top_min_, top_max_);
        rungs_used_ = 1;
        top_.clear();
      }
      Rung& r = rungs_[rungs_used_ - 1];
      if (r.count == 0) {
        --rungs_used_;
        continue;
      }
      while (r.buckets[r.cur].size == 0) ++r.cur;
      take_bucket(r.buckets[r.cur]);
      r.count -= bottom_.size();
      if (++r.cur > r.last) {
        --rungs_used_;
      } else {
        r.cur_start = static_cast<std::int64_t>(static_cast<std::uint64_t>(r.start) + (r.cur << r.shift));
      }
      if (bottom_.size() > kBottomThreshold && rungs_used_ < kMaxRungs) {
        const auto [lo, hi] = std::minmax_element(bottom_.begin(), bottom_.end(), [](const EventEntry& a, const EventEntry& b) {
          return a.time < b.time;
        });
        if (lo->time < hi->time) {
          build(rungs_[rungs_used_], bottom_.data(), bottom_.data() + bottom_.size(), lo->time, hi->time);
          ++rungs_used_;
          bottom_.clear();
          continue;
        }
      }
      sort_bottom();
      return;
    }
  }

  void sort_bottom() {
    // Buckets are small by construction: insertion sort beats std::sort's setup below a few dozen entries.
    if (bottom_.size() > 32) {
      std::sort(bottom_.begin(), bottom_.end());
      return;
    }
    EventEntry* const a = bottom_.data();
    for (std::size_t i = 1; i < bottom_.size(); ++i) {
      const EventEntry x = a[i];
      std::size_t j = i;
      for (; j > 0 && x < a[j - 1]; --j) a[j] = a[j - 1];
      a[j] = x;
    }
  }

  std::vector<EventEntry> top_;
  std::int64_t top_min_ = 0;
  std::int64_t top_max_ = 0;
  std::int64_t top_last_ = 0;  // latest time that belongs below Top
  std::array<Rung, kMaxRungs> rungs_;
  std::size_t rungs_used_ = 0;
  std::vector<Chunk> chunks_;
  std::vector<std::uint32_t> next_chunk_;  // per chunk: the older chunk of its bucket, or the next free chunk
  std::uint32_t free_chunk_ = kNil;
  std::vector<EventEntry> bottom_;  // sorted ascending from head_; slots before head_ are spent
  std::size_t head_ = 0;
  std::size_t bottom_pushes_ = 0;  // pushes into Bottom since it was last refilled
  std::size_t size_ = 0;
};

static_assert(PendingEventSet<LadderQueue>);

}  // namespace chaintwin::sim
