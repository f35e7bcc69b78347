#pragma once
// A 4-ary min-heap of EventEntry in one flat array: the robust default pending-event set.
// Four children per node halve the depth of a binary heap and keep a node's children in one 64-byte cache line,
// which is what makes it faster than std::priority_queue. Costs: see event_queue.hpp.

#include <cstddef>
#include <vector>

#include "sim/core/event_queue.hpp"

namespace chaintwin::sim {

class QuaternaryHeap {
 public:
  void push(EventEntry e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }
  const EventEntry& top() const { return heap_.front(); }
  EventEntry pop() {
    const EventEntry min = heap_.front();
    const EventEntry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
    return min;
  }
  EventEntry replace_top(EventEntry e) {
    const EventEntry min = heap_.front();
    sift_down(0, e);
    return min;
  }
  bool erase(const EventEntry& e) {
    for (std::size_t i = 0; i < heap_.size(); ++i) {
      if (heap_[i] == e) {
        const EventEntry last = heap_.back();
        heap_.pop_back();
        if (i < heap_.size()) {
          if (i > 0 && last < heap_[(i - 1) / 4])
            sift_up(i, last);
          else
            sift_down(i, last);
        }
        return true;
      }
    }
    return false;
  }
  std::size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  // Both sifts move a hole rather than swapping: one write per level.
  void sift_up(std::size_t i, EventEntry e) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!(e < heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(std::size_t i, EventEntry e) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (heap_[c] < heap_[best]) best = c;
      if (!(heap_[best] < e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<EventEntry> heap_;
};

static_assert(PendingEventSet<QuaternaryHeap>);

}  // namespace chaintwin::sim
