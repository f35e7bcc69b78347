#pragma once
// The discrete-event engine. A Simulation owns simulated time, the pending-event set and every scheduled action;
// there is no global state, so any number of simulations run side by side (one per replication, on TBB threads).
//
// Order: events run by (time, sequence). An event scheduled for the current time (zero delay) takes a fast path, a
// FIFO that bypasses the pending-event set; it still runs after every event already pending for this time, exactly
// where (time, sequence) order puts it. An event that schedules one successor (the common case) costs one fused
// pop+push on the pending-event set.
//
// Reproducibility: nothing here reads a clock, an address or a thread id. trajectory_hash() folds (time, sequence)
// of every executed event into 64 bits, so two runs can be compared cheaply.

#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/core/action.hpp"
#include "sim/core/event_queue.hpp"
#include "sim/core/ladder_queue.hpp"
#include "sim/core/quaternary_heap.hpp"
#include "sim/core/time.hpp"

namespace chaintwin::sim {

class Process;

// Which pending-event set a Simulation uses. All give the same trajectory; they differ only in speed (see
// event_queue.hpp for their costs). The 4-ary heap is faster while few events are pending (measured crossover
// between 128 and 256 with PHOLD), the ladder queue above; kAdaptive starts with the heap and moves the pending
// events to the other queue when their number crosses 256 upwards or 64 downwards (the gap stops thrashing).
enum class QueueKind { kAdaptive, kLadder, kQuaternaryHeap };

// Identifies one scheduled event, for cancel(). Default-constructed ids refer to nothing.
struct EventId {
  std::uint64_t tag = 0;
  friend bool operator==(EventId, EventId) = default;
};

class Simulation {
 public:
  explicit Simulation(QueueKind queue = QueueKind::kAdaptive);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  SimTime now() const { return SimTime::from_ns(now_); }

  // Runs `action` after `delay` (>= 0). Throws std::invalid_argument for a negative delay: scheduling into the
  // past is a model bug that must not be silently reordered.
  // `action` is any `void()` callable (an Action, a lambda...): it is built directly in its event slot.
  template <class F>
  EventId schedule(SimTime delay, F&& action) {
    // Checked here because now + delay could overflow into the past: the clock ends after ~292 years.
    if (delay.ns() < 0 || delay.ns() > SimTime::max().ns() - now_) [[unlikely]]
      throw_bad_delay(delay);
    return schedule_at(SimTime::from_ns(now_ + delay.ns()), std::forward<F>(action));
  }
  // Runs `action` at absolute time `when` (>= now()).
  template <class F>
  EventId schedule_at(SimTime when, F&& action) {
    if constexpr (std::is_same_v<std::decay_t<F>, Action>) {
      if (!action) throw std::invalid_argument("cannot schedule an empty Action");
    }
    const EventEntry entry = enqueue(when.ns());
    Slot& slot = slot_at(entry.slot());
    try {
      slot.action.emplace(std::forward<F>(action));
    } catch (...) {  // the callable's copy or allocation threw: the event never existed
      release_slot(entry.slot());
      throw;
    }
    return EventId{entry.tag};
  }
  // Cancels a pending event in O(1): its action is destroyed now and its entry skipped when it surfaces.
  // Returns false if the event already ran or was cancelled.
  bool cancel(EventId id);

  // Starts a coroutine process: its body begins at the current time, after events already scheduled for now.
  // The simulation owns the process from here on and destroys it if the simulation ends first.
  void start(Process process);

  // Runs until no event is pending or stop() is called.
  void run();
  // Runs every event with time <= end, then leaves the clock at `end` (if it was not already past it).
  void run_until(SimTime end);
  // Makes run()/run_until() return after the current event.
  void stop() { stop_requested_ = true; }

  std::uint64_t events_executed() const { return events_executed_; }
  std::size_t pending_events() const;
  std::uint64_t trajectory_hash() const { return hash_; }
  QueueKind queue_kind() const { return kind_; }

  // Processes register here so that the simulation can destroy the ones still suspended when it ends.
  struct ProcessLink {
    ProcessLink* prev = nullptr;
    ProcessLink* next = nullptr;
    std::coroutine_handle<> frame;
  };
  void link_process(ProcessLink& link);
  static void unlink_process(ProcessLink& link);

 private:
  static constexpr std::size_t kPrefetchDistance = 4;  // events ahead; see run_loop
  static constexpr std::size_t kHeapToLadder = 256;    // adaptive thresholds, pending events; see QueueKind
  static constexpr std::size_t kLadderToHeap = 64;
  static constexpr std::size_t kChunkBits = 12;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;
  // One cache line per pending event: the tag that proves the slot still belongs to the queued entry, and its action.
  struct alignas(64) Slot {
    std::uint64_t tag = 0;  // 0 when free
    Action action;
  };
  static_assert(sizeof(Slot) == 64);
  using SlotChunk = std::array<Slot, kChunkSize>;

  // Reserves a slot and a sequence number for an event at `when` and files its entry; the caller fills the slot.
  // Inline: it runs for every scheduled event.
  EventEntry enqueue(std::int64_t when) {
    if (when < now_ || next_sequence_ > EventEntry::kMaxSequence) [[unlikely]]
      throw_bad_schedule(when);
    std::uint32_t slot;
    if (!free_slots_.empty()) [[likely]] {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = grow_slots();
    }
    const EventEntry entry = EventEntry::make(when, next_sequence_++, slot);
    slot_at(slot).tag = entry.tag;
    if (when == now_ && running_)
      same_time_.push_back(entry);
    else
      staged_.push_back(entry);
    return entry;
  }
  std::uint32_t grow_slots();
  // Frees a slot whose entry may still be queued: the entry no longer matches the slot's tag, so it is skipped.
  void release_slot(std::uint32_t slot) {
    slot_at(slot).tag = 0;
    slot_at(slot).action.reset();
    free_slots_.push_back(slot);
  }
  [[noreturn]] void throw_bad_schedule(std::int64_t when) const;
  [[noreturn]] void throw_bad_delay(SimTime delay) const;
  // Slots live in fixed-size chunks so that an action being executed never moves, even when it schedules others.
  Slot& slot_at(std::uint32_t slot) { return (*slot_chunks_[slot >> kChunkBits])[slot & (kChunkSize - 1)]; }
  // Returns true when it stopped early because an adaptive simulation should change queues.
  template <class Queue>
  bool run_loop(Queue& queue, std::int64_t end);
  void switch_queue();
  template <class Queue>
  void flush_staged(Queue& queue, bool replace_top);
  void destroy_processes();

  QueueKind kind_;
  std::variant<LadderQueue, QuaternaryHeap> queue_;
  std::int64_t now_ = 0;
  std::uint64_t next_sequence_ = 1;
  std::uint64_t events_executed_ = 0;
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  bool running_ = false;
  bool stop_requested_ = false;

  std::vector<std::unique_ptr<SlotChunk>> slot_chunks_;
  std::uint32_t slot_count_ = 0;
  std::vector<std::uint32_t> free_slots_;

  std::vector<EventEntry> staged_;     // scheduled by the running event (or before run), not yet in the queue
  std::vector<EventEntry> same_time_;  // zero-delay FIFO for the current time
  std::size_t same_time_head_ = 0;

  ProcessLink processes_;  // sentinel of a circular list of live processes
};

}  // namespace chaintwin::sim
