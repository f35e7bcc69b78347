#pragma once
// A ladder queue (Tang, Goh & Thng, ACM TOMACS 15(3), 2005): the O(1) amortised pending-event set.
//
// Three tiers, each holding strictly earlier times than the one above it:
//   Top     an unsorted array of the far future (time > top_last_): appends only, min and max tracked.
//   Rungs   up to kMaxRungs arrays of buckets of equal power-of-two width. Rung 0 is built from Top when everything
//           below has run dry; a bucket is an unsorted bag, and one too big to sort cheaply is spread over a finer
//           rung below. Buckets before a rung's cursor are spent: times there belong to deeper rungs or Bottom.
//   Bottom  a short sorted array of the earliest entries; the minimum is bottom_[head_].
// Bottom is refilled from the lowest live bucket as soon as it is used up, so it is never empty while the queue
// is not and top() is a plain read. A push appends to one bucket (or Top), a pop advances head_; each entry moves
// a small bounded number of times (Top -> rung -> ... -> Bottom), hence O(1) amortised per operation.
//
// Choices of this implementation:
//   - Bucket index = (time - rung start) >> shift, in uint64: no division, no floating point, and spans up to the
//     whole int64 range cannot overflow. A rung gets n / kEntriesPerBucket buckets for the n entries it is built
//     from (rounded to a power of two); its last bucket also takes any later time up to the rung's upper bound.
//   - A bucket is a list of 64-byte chunks from one pool with a free list: no allocation per bucket or per
//     epoch, and a chunk freed by a refill is reused, still cached, by the next pushes. Memory is about three
//     times the heap's 16 B per entry.
//   - A bucket of up to kBottomThreshold entries is sorted into Bottom by a counting sort on its times' leading
//     bits, with few mispredicted branches. Larger ones are split into a new rung, unless their times are all
//     equal or kMaxRungs are in use: then std::sort puts them into Bottom whole, and pushes into Bottom shift its
//     shorter side, so a burst of same-time events in scheduling order still costs O(1) per push.
// Costs: see event_queue.hpp.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "sim/core/event_queue.hpp"

namespace chaintwin::sim {

class LadderQueue {
 public:
  LadderQueue() = default;
  LadderQueue(const LadderQueue&) = default;
  LadderQueue& operator=(const LadderQueue&) = default;
  // A moved-from queue is left empty and usable, as a moved-from vector is: its counters and chunk indices must
  // not outlive the storage they describe.
  LadderQueue(LadderQueue&& other) noexcept { swap(other); }
  LadderQueue& operator=(LadderQueue&& other) noexcept {
    LadderQueue(std::move(other)).swap(*this);
    return *this;
  }

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
        ++r.count;
        append(r.buckets[r.bucket_of(e.time)], e);
        return;
      }
    }
    push_bottom(e);
  }

  const EventEntry& top() const { return bottom_[head_]; }
  // The k-th next entry if it is already sorted in Bottom (else null): lets the engine prefetch what comes next.
  const EventEntry* peek_ahead(std::size_t k) const {
    return head_ + k < bottom_.size() ? &bottom_[head_ + k] : nullptr;
  }

  EventEntry pop() {
    const EventEntry min = bottom_[head_++];
    --size_;
    if (head_ == bottom_.size() && size_ > 0) refill();
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
    if (head_ == bottom_.size() && size_ > 0) refill();
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
  // A bucket larger than this is split into a new rung rather than sorted into Bottom. sort_into_bottom costs
  // about the same per entry at any size, so a large threshold amortises each refill better.
  static constexpr std::size_t kBottomThreshold = 200;
  // Bottom grown past this by pushes is turned back into a rung, so early pushes cannot make insertion O(n).
  static constexpr std::size_t kBottomLimit = 4 * kBottomThreshold;
  // Splitting stops here; what is left is sorted into Bottom, so clustered times cannot recurse without bound.
  static constexpr std::size_t kMaxRungs = 8;
  static constexpr std::uint64_t kEntriesPerBucket = 4;  // when a rung is built; tuned on PHOLD at 1e3 and 1e6
  // sort_into_bottom: 2 to 4 slots per entry, byte counters, and a slot this full makes it fall back to std::sort.
  static constexpr std::size_t kMaxSlots = std::size_t{2} << std::bit_width(kBottomThreshold);
  static_assert(kBottomThreshold < 256);
  static constexpr std::uint8_t kCrowdedSlot = 16;
  static constexpr std::uint64_t kCrowdedMask = 0x0101010101010101u * static_cast<std::uint8_t>(-kCrowdedSlot);
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

  void swap(LadderQueue& other) noexcept {  // every member
    std::swap(top_, other.top_);
    std::swap(top_min_, other.top_min_);
    std::swap(top_max_, other.top_max_);
    std::swap(top_last_, other.top_last_);
    std::swap(rungs_, other.rungs_);
    std::swap(rungs_used_, other.rungs_used_);
    std::swap(chunks_, other.chunks_);
    std::swap(next_chunk_, other.next_chunk_);
    std::swap(free_chunk_, other.free_chunk_);
    std::swap(bottom_, other.bottom_);
    std::swap(head_, other.head_);
    std::swap(bottom_pushes_, other.bottom_pushes_);
    std::swap(staging_, other.staging_);
    std::swap(size_, other.size_);
  }

  // The cold paths stay out of line (here and below), so that push() inlines into the engine's loop without
  // saving a host of registers on every call.
  [[gnu::noinline]] void restart(EventEntry e) {
    if (free_chunk_ == kNil) grow_chunks();
    rungs_used_ = 0;
    top_.clear();
    bottom_.assign(1, e);
    head_ = 0;
    bottom_pushes_ = 0;
    top_last_ = e.time;
  }

  [[gnu::noinline]] void push_top(EventEntry e) {
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
    const auto pos = first + static_cast<std::ptrdiff_t>(count_not_after(e));
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
      refill();
    }
  }

  // How many live Bottom entries come before e. A binary search without branches: where a pushed entry lands is
  // random, so every step of a branching search would mispredict half the time.
  std::size_t count_not_after(const EventEntry& e) const {
    std::size_t n = bottom_.size() - head_;
    if (n == 0) return 0;
    const EventEntry* base = bottom_.data() + head_;
    const auto not_after = [&e](const EventEntry& x) {
      return (x.time < e.time) | ((x.time == e.time) & (x.tag <= e.tag));
    };
    while (n > 1) {
      const std::size_t half = n / 2;
      base = not_after(base[half]) ? base + half : base;
      n -= half;
    }
    return static_cast<std::size_t>(base - (bottom_.data() + head_)) + not_after(*base);
  }

  // Shifts Bottom's front part one slot left into the free slot before head_ and puts e just before `pos`.
  void insert_front(std::vector<EventEntry>::iterator pos, EventEntry e) {
    const auto first = bottom_.begin() + static_cast<std::ptrdiff_t>(head_);
    std::move(first, pos, first - 1);
    *(pos - 1) = e;
    --head_;
  }

  void free_chunk(std::uint32_t c) {
    next_chunk_[c] = free_chunk_;
    free_chunk_ = c;
  }

  void append(Bucket& b, EventEntry e) {
    // Whether an entry opens a new chunk is a coin toss no branch predictor learns, so this is branch-free (masks,
    // which the compiler cannot turn back into a branch): the free list's first chunk is always read, and linked
    // in only when needed. The free list is never left empty, so that read is always valid.
    const std::uint32_t slot = b.size % kChunkEntries;
    const std::uint32_t opens = 0u - static_cast<std::uint32_t>(slot == 0);
    const std::uint32_t fresh = free_chunk_;
    const std::uint32_t after = next_chunk_[fresh];
    next_chunk_[fresh] = (b.head & opens) | (after & ~opens);
    free_chunk_ = (after & opens) | (fresh & ~opens);
    b.head = (fresh & opens) | (b.head & ~opens);
    chunks_[b.head].entries[slot] = e;
    ++b.size;
    if (free_chunk_ == kNil) grow_chunks();
  }

  [[gnu::noinline]] void grow_chunks() {
    chunks_.emplace_back();
    next_chunk_.push_back(kNil);
    free_chunk_ = static_cast<std::uint32_t>(chunks_.size() - 1);
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

  // Moves a whole bucket into staging_, unsorted, and frees its chunks.
  void take_bucket(Bucket& b) {
    // staging_ only grows: resizing it down and up again would value-initialise it on every refill.
    if (staging_.size() < b.size) staging_.resize(b.size);
    EventEntry* out = staging_.data();
    // The head chunk holds the newest entries and may be partly filled; all older chunks are full.
    std::uint32_t n = (b.size - 1) % kChunkEntries + 1;
    for (std::uint32_t c = b.head; c != kNil; n = kChunkEntries) {
      out = std::copy_n(chunks_[c].entries, n, out);
      const std::uint32_t next = next_chunk_[c];
      free_chunk(c);
      c = next;
    }
    b = Bucket{};
  }

  std::pair<std::int64_t, std::int64_t> staged_range(std::size_t n) const {
    std::int64_t lo = staging_.front().time;
    std::int64_t hi = lo;
    for (std::size_t i = 1; i < n; ++i) {
      lo = std::min(lo, staging_[i].time);
      hi = std::max(hi, staging_[i].time);
    }
    return {lo, hi};
  }

  // Spreads [first, end), whose times lie in [min, max], over a fresh set of buckets in r.
  void build(Rung& r, const EventEntry* first, const EventEntry* end, std::int64_t min, std::int64_t max) {
    const auto n = static_cast<std::uint64_t>(end - first);
    const std::uint64_t span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    // Smallest power-of-two width giving at most n / kEntriesPerBucket buckets (at least 2, so the shift stays below
    // 64). Buckets keep collecting pushes while the rung is live: in a PHOLD steady state one reaches Bottom with
    // 4 to 8 times ln(n) entries, well below kBottomThreshold yet enough to amortise the refill.
    r.shift = static_cast<unsigned>(std::bit_width(span / std::max<std::uint64_t>(n / kEntriesPerBucket, 2)));
    r.last = span >> r.shift;
    r.start = min;
    r.cur_start = min;
    r.cur = 0;
    r.count = n;
    r.buckets.assign(r.last + 1, Bucket{});
    for (const EventEntry* p = first; p != end; ++p) append(r.buckets[r.bucket_of(p->time)], *p);
  }

  // Precondition: Bottom is used up and the queue is not empty. Bottom keeps its spent slots until here, so that
  // resizing it for the next bucket rarely has anything to initialise.
  void refill() {
    head_ = 0;
    bottom_pushes_ = 0;
    for (;;) {
      if (rungs_used_ == 0) {
        top_last_ = top_max_;
        if (top_.size() <= kBottomThreshold || top_min_ == top_max_) {
          bottom_.swap(top_);
          top_.clear();
          std::sort(bottom_.begin(), bottom_.end());
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
      const std::size_t n = r.buckets[r.cur].size;
      take_bucket(r.buckets[r.cur]);
      r.count -= n;
      const std::int64_t bucket_start =
          static_cast<std::int64_t>(static_cast<std::uint64_t>(r.start) + (r.cur << r.shift));
      const bool was_last = r.cur == r.last;
      if (++r.cur > r.last) {
        --rungs_used_;
      } else {
        r.cur_start = static_cast<std::int64_t>(static_cast<std::uint64_t>(r.start) + (r.cur << r.shift));
      }
      if (n <= kBottomThreshold) {
        // The bucket's own bounds serve for sorting, which saves a pass; the last one's upper bound is open.
        const auto [lo, hi] = was_last ? staged_range(n) : std::pair{bucket_start, r.cur_start - 1};
        if (!sort_into_bottom(n, lo, hi)) std::sort(bottom_.begin(), bottom_.end());
        return;
      }
      const auto [lo, hi] = staged_range(n);
      if (lo < hi && rungs_used_ < kMaxRungs) {
        build(rungs_[rungs_used_], staging_.data(), staging_.data() + n, lo, hi);
        ++rungs_used_;
        continue;
      }
      bottom_.assign(staging_.data(), staging_.data() + n);
      std::sort(bottom_.begin(), bottom_.end());
      return;
    }
  }

  // Moves the n staged entries, times in [lo, hi], into Bottom, sorted unless it returns false (then they are in
  // Bottom, sorted by slot only). Comparison sorts mispredict about one branch per entry on random input; a
  // counting sort on the times' leading bits over 2 to 4 slots per entry has no data-dependent branch, and leaves
  // so few inversions that the closing insertion pass rarely mispredicts.
  bool sort_into_bottom(std::size_t n, std::int64_t lo, std::int64_t hi) {
    const unsigned slot_bits = static_cast<unsigned>(std::bit_width(n)) + 1;
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    const unsigned shift = static_cast<unsigned>(std::bit_width(span >> slot_bits));
    const std::size_t slots = std::max<std::size_t>(std::size_t{1} << slot_bits, 8);
    std::array<std::uint8_t, kMaxSlots> first;  // per slot: its count, then where its entries go
    std::fill_n(first.begin(), slots, std::uint8_t{0});
    const auto slot_of = [lo, shift](const EventEntry& e) {
      return (static_cast<std::uint64_t>(e.time) - static_cast<std::uint64_t>(lo)) >> shift;
    };
    const EventEntry* const in = staging_.data();
    for (std::size_t i = 0; i < n; ++i) ++first[slot_of(in[i])];
    // Exclusive prefix sums eight slots at a time: multiplying by 0x0101... sums each byte with all bytes below
    // it, and no sum can carry into the next byte because n <= kBottomThreshold < 256.
    constexpr std::uint64_t kBytes = 0x0101010101010101u;
    std::uint64_t below = 0;
    std::uint64_t crowded = 0;  // nonzero once some slot holds kCrowdedSlot entries or more
    for (std::size_t k = 0; k < slots; k += 8) {
      std::uint64_t counts;
      std::memcpy(&counts, first.data() + k, 8);
      crowded |= counts & kCrowdedMask;
      const std::uint64_t inclusive = counts * kBytes;
      const std::uint64_t starts = inclusive - counts + below * kBytes;
      std::memcpy(first.data() + k, &starts, 8);
      below += inclusive >> 56;
    }
    bottom_.resize(n);
    EventEntry* const a = bottom_.data();
    for (std::size_t i = 0; i < n; ++i) a[first[slot_of(in[i])]++] = in[i];
    // Equal or clustered times crowd one slot, where insertion would go quadratic.
    if (crowded != 0) return false;
    for (std::size_t i = 1; i < n; ++i) {
      const EventEntry x = a[i];
      std::size_t j = i;
      for (; j > 0 && x < a[j - 1]; --j) a[j] = a[j - 1];
      a[j] = x;
    }
    return true;
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
  std::size_t bottom_pushes_ = 0;    // pushes into Bottom since it was last refilled
  std::vector<EventEntry> staging_;  // the bucket being moved to Bottom, at its front
  std::size_t size_ = 0;
};

static_assert(PendingEventSet<LadderQueue>);

}  // namespace chaintwin::sim
