#include "sim/core/simulation.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>

#include "sim/core/process.hpp"

namespace chaintwin::sim {

namespace {
std::variant<LadderQueue, QuaternaryHeap> make_queue(QueueKind kind) {
  if (kind == QueueKind::kLadder) return LadderQueue{};
  return QuaternaryHeap{};  // kQuaternaryHeap, and kAdaptive while the simulation is small
}

// Marks the engine as running for the duration of a run; an exception escaping an event still clears the flag.
class RunningScope {
 public:
  explicit RunningScope(bool& flag) : flag_(flag) {
    if (flag_) throw std::logic_error("Simulation::run called from inside a running event");
    flag_ = true;
  }
  ~RunningScope() { flag_ = false; }
  RunningScope(const RunningScope&) = delete;
  RunningScope& operator=(const RunningScope&) = delete;

 private:
  bool& flag_;
};
}  // namespace

Simulation::Simulation(QueueKind queue) : kind_(queue), queue_(make_queue(queue)) {
  processes_.prev = processes_.next = &processes_;
}

Simulation::~Simulation() {
  // Suspended processes first: a local's destructor in a process frame may still schedule or cancel (an RAII
  // guard releasing a Resource), so the slots must outlive the frames. Pending actions only hold handles.
  destroy_processes();
  slot_chunks_.clear();
}

std::uint32_t Simulation::grow_slots() {
  const std::uint32_t slot = slot_count_;
  if (slot > EventEntry::kSlotMask)
    throw std::length_error("more than " + std::to_string(EventEntry::kSlotMask + 1) + " events pending at once");
  if ((slot & (kChunkSize - 1)) == 0) slot_chunks_.push_back(std::make_unique<SlotChunk>());
  ++slot_count_;
  return slot;
}

void Simulation::throw_bad_delay(SimTime delay) const {
  if (delay.ns() < 0) throw std::invalid_argument("cannot schedule with a negative delay (" + to_string(delay) + ")");
  throw std::out_of_range("an event " + to_string(delay) + " after " + to_string(now()) +
                          " lies beyond the end of simulated time (int64 nanoseconds: about 292 years)");
}

void Simulation::throw_bad_schedule(std::int64_t when) const {
  if (when < now_)
    throw std::invalid_argument("cannot schedule an event in the past (at " + to_string(SimTime::from_ns(when)) +
                                ", now " + to_string(now()) + ")");
  throw std::length_error("event sequence numbers exhausted");
}

bool Simulation::cancel(EventId id) {
  if (id.tag == 0) return false;
  const std::uint32_t slot = static_cast<std::uint32_t>(id.tag & EventEntry::kSlotMask);
  if (slot >= slot_count_ || slot_at(slot).tag != id.tag) return false;
  release_slot(slot);
  return true;
}

std::size_t Simulation::pending_events() const { return slot_count_ - free_slots_.size(); }

void Simulation::start(Process process) {
  Process::Handle handle = process.release();
  if (!handle) throw std::invalid_argument("Simulation::start: empty process");
  handle.promise().link.frame = handle;
  link_process(handle.promise().link);
  schedule(SimTime::zero(), Resume{handle});
}

void Simulation::link_process(ProcessLink& link) {
  link.next = processes_.next;
  link.prev = &processes_;
  processes_.next->prev = &link;
  processes_.next = &link;
}

void Simulation::unlink_process(ProcessLink& link) {
  if (link.next == nullptr) return;
  link.prev->next = link.next;
  link.next->prev = link.prev;
  link.prev = link.next = nullptr;
}

void Simulation::destroy_processes() {
  while (processes_.next != &processes_) {
    ProcessLink* link = processes_.next;
    unlink_process(*link);
    link->frame.destroy();
  }
}

template <class Queue>
inline __attribute__((always_inline)) void Simulation::flush_staged(Queue& queue, bool replace_top) {
  auto it = staged_.begin();
  if (replace_top) {
    if (it == staged_.end()) {
      queue.pop();
    } else {
      queue.replace_top(*it);
      ++it;
    }
  }
  for (; it != staged_.end(); ++it) queue.push(*it);
  staged_.clear();
}

template <class Queue>
bool Simulation::run_loop(Queue& queue, std::int64_t end) {
  // Zero-delay events left by a stop() or an exception go back into the queue with their sequence numbers, so
  // they keep their place among events scheduled since, and run_until's bound applies to them too.
  for (std::size_t i = same_time_head_; i < same_time_.size(); ++i) staged_.push_back(same_time_[i]);
  same_time_.clear();
  same_time_head_ = 0;
  flush_staged(queue, false);
  stop_requested_ = false;
  const bool adaptive = kind_ == QueueKind::kAdaptive;
  while (!stop_requested_) {
    if (adaptive) {
      if constexpr (std::is_same_v<Queue, QuaternaryHeap>) {
        if (queue.size() > kHeapToLadder) return true;
      } else {
        if (queue.size() < kLadderToHeap) return true;
      }
    }
    // Events pending for the current time were scheduled before any zero-delay event of this time, so they go first.
    EventEntry entry;
    bool from_queue;
    if (same_time_head_ < same_time_.size() && (queue.empty() || queue.top().time > now_)) {
      entry = same_time_[same_time_head_++];
      if (same_time_head_ == same_time_.size()) {
        same_time_.clear();
        same_time_head_ = 0;
      }
      from_queue = false;
    } else if (!queue.empty() && queue.top().time <= end) {
      entry = queue.top();
      from_queue = true;
      // With a million events pending, the slot of the next event is cold: fetch the slots of events a few places
      // ahead now, so that those cache misses overlap with running this one. Only queues that know their next
      // entries cheaply (sorted Bottom of the ladder) offer this.
      if constexpr (requires { queue.peek_ahead(std::size_t{}); }) {
        if (const EventEntry* ahead = queue.peek_ahead(kPrefetchDistance)) {
          __builtin_prefetch(&slot_at(ahead->slot()));
        }
      }
    } else {
      break;
    }

    const std::uint32_t slot = entry.slot();
    Slot& current = slot_at(slot);
    if (current.tag != entry.tag) {  // cancelled
      if (from_queue) queue.pop();
      continue;
    }
    now_ = entry.time;
    ++events_executed_;
    hash_ = (hash_ ^ static_cast<std::uint64_t>(entry.time)) * 0x100000001b3ULL;
    hash_ = (hash_ ^ entry.sequence()) * 0x100000001b3ULL;

    // The slot is released only after the action returns, so the running action never moves; its tag is cleared
    // first, so cancelling the running event reports that it already ran.
    current.tag = 0;
    try {
      current.action();
    } catch (...) {
      // The run stops here, but the engine stays consistent: the event is spent and what it scheduled is filed.
      release_slot(slot);
      flush_staged(queue, from_queue);
      throw;
    }
    current.action.reset();
    free_slots_.push_back(slot);

    if (from_queue)
      flush_staged(queue, true);
    else if (!staged_.empty())
      flush_staged(queue, false);
  }
  if (!stop_requested_ && end > now_ && end != SimTime::max().ns()) now_ = end;
  return false;
}

void Simulation::switch_queue() {
  // Entries move in order; since every queue orders by (time, tag), the trajectory cannot change.
  auto next = std::visit(
      [](auto& from) -> std::variant<LadderQueue, QuaternaryHeap> {
        using From = std::decay_t<decltype(from)>;
        std::conditional_t<std::is_same_v<From, QuaternaryHeap>, LadderQueue, QuaternaryHeap> to;
        while (!from.empty()) to.push(from.pop());
        return to;
      },
      queue_);
  queue_ = std::move(next);
}

void Simulation::run() { run_until(SimTime::max()); }

void Simulation::run_until(SimTime end) {
  RunningScope scope(running_);
  while (std::visit([&](auto& queue) { return run_loop(queue, end.ns()); }, queue_)) switch_queue();
}

}  // namespace chaintwin::sim
