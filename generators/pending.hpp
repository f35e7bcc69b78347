#pragma once
// Internal to generators/: a message created and not yet due, and what its writer needs to know about its sender.

#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "generators/message_truth.hpp"
#include "sim/core/random.hpp"

namespace chaintwin::generators::detail {

inline constexpr std::uint8_t kNoField = 0xff;
inline constexpr std::uint8_t kFulfilmentShipped = 0;    // Pending::variant of an ERP fulfilment message
inline constexpr std::uint8_t kFulfilmentDelivered = 1;
inline constexpr std::uint8_t kSaleAtTill = 0;  // Pending::variant of a POS receipt
inline constexpr std::uint8_t kSaleCollected = 1;  // a web order collected at the store's desk
inline constexpr world::FactId kNoFact = MessageTruth::kNoFact;

// Everything needed to write the message's bytes when it is emitted; nothing here is random any more.
struct Pending {
  std::int64_t send_ns;   // due on the bus (simulated)
  std::uint64_t order;    // creation order: ties in send_ns keep it, so emission is deterministic
  std::uint64_t message_id;
  std::int64_t event_ns;  // true time of the fact
  std::int64_t clock_error_ns;  // added to every time the sender writes
  world::FactId fact;     // the fact reported (snapshots: kNoFact, and `ref` says what)
  std::uint32_t device;   // sender: index into the device table (and the key)
  std::uint32_t ref;      // kind-specific: a shipment, order, site, line offset, sequence number...
  std::uint32_t noise;
  std::uint32_t aux;      // kind-specific: an EDI control number, a truck's odometer (m), a snapshot's offset...
  float value_a;          // kind-specific noisy values: GPS lat/lon error (m), a sensor's written value...
  float value_b;
  MessageKind kind;
  std::uint8_t schema_version;
  std::uint8_t field;     // omitted field, kNoField: none
  std::uint8_t variant;   // kind-specific: the order state, the 214 status, the read number...

  friend bool operator>(const Pending& a, const Pending& b) {
    return a.send_ns != b.send_ns ? a.send_ns > b.send_ns : a.order > b.order;
  }
};

// Pending messages in blocks of fixed size, the blocks recycled through a pool shared by every queue. A batch file
// (an hour of a national network's POS uploads) queues hundreds of thousands of messages: in blocks it grows
// without copying, and the memory of emitted messages is reused by later ones instead of going back to the system
// and being faulted in again (page faults are slow; growing vectors caused one per 50 messages).
class PendingBlockPool {
 public:
  static constexpr std::size_t kBlockSize = (std::size_t{2} << 20) / sizeof(Pending);  // a huge page
  using Block = std::array<Pending, kBlockSize>;
  using BlockHandle = std::unique_ptr<Block, FreeHugePages>;

  BlockHandle take() {
    if (free_.empty()) return BlockHandle(::new (allocate_huge_pages(sizeof(Block))) Block);
    BlockHandle block = std::move(free_.back());
    free_.pop_back();
    return block;
  }
  void give(BlockHandle block) { free_.push_back(std::move(block)); }

 private:
  std::vector<BlockHandle> free_;
};

// First in, first out, in blocks of the pool (which must outlive the queue); blocks go back to the pool when the
// queue is destroyed.
class PendingQueue {
 public:
  explicit PendingQueue(PendingBlockPool& pool) : pool_(&pool) {}
  PendingQueue(const PendingQueue&) = delete;
  PendingQueue& operator=(const PendingQueue&) = delete;
  ~PendingQueue() {
    for (auto& block : blocks_) pool_->give(std::move(block));
  }

  bool empty() const { return head_ == tail_; }
  std::size_t size() const { return tail_ - head_; }
  const Pending& front() const { return at(head_); }
  void pop() { ++head_; }
  void push(const Pending& p) {
    if (tail_ == blocks_.size() * PendingBlockPool::kBlockSize) blocks_.push_back(pool_->take());
    (*blocks_[tail_ / PendingBlockPool::kBlockSize])[tail_ % PendingBlockPool::kBlockSize] = p;
    ++tail_;
  }

 private:
  const Pending& at(std::size_t i) const {
    return (*blocks_[i / PendingBlockPool::kBlockSize])[i % PendingBlockPool::kBlockSize];
  }

  PendingBlockPool* pool_;
  std::vector<PendingBlockPool::BlockHandle> blocks_;
  std::size_t head_ = 0, tail_ = 0;
};

// A sender: a reader, logger, truck tracker, vessel, trading partner, till system... Its noise state is its own.
struct Device {
  std::uint32_t key = 0;  // into MessageTruth::keys
  Source source = Source::kEpcis;
  std::uint32_t entity = 0;  // the site, vehicle or partner it belongs to
  sim::RandomStream rs{0};
  std::int64_t clock_offset_ns = 0;
  double drift = 0.0;  // ns of clock error per ns of time
  bool migrates_to_v2 = false;
  bool end_of_day = false;  // a batch sender that sends once a day
  bool gaps_started = false;
  std::int64_t gap_start = 0;
  std::int64_t gap_end = 0;
  std::uint32_t stuck_left = 0;
  float stuck_value = 0.0f;
  std::uint32_t sequence = 0;   // Sparkplug seq, EDI control numbers
  double odometer_m = 0.0;      // trucks: distance between the fixes so far
  float last_lat = 0.0f;        // trucks: the previous true fix
  float last_lon = 0.0f;
  bool has_fix = false;
  std::int64_t last_fix_ns = INT64_MIN + 1;
  bool born = false;            // Sparkplug: NBIRTH sent
  std::uint32_t doors_in_use = 0;  // Sparkplug: the edge node's counters so far
  std::uint32_t unloads = 0;
  std::uint32_t picks = 0;
};

}  // namespace chaintwin::generators::detail
