#pragma once
// Live stock position per SKU-location, from the stock signals of every source (EPCIS put-away and picking, till
// receipts, ERP adjustments, EDI 846 counts) and the master data's opening stock.
//
// Positions are published on a grid of ticks in event time (default one minute): when the watermark passes a tick,
// every SKU-location whose stock changed in it gets a record "on hand at the tick = N" (revision 0). An event that
// arrives after its tick was published is late: the position is corrected and every record of that SKU-location
// from its tick on is published again with the next revision, so the latest revision of each (SKU-location, tick)
// always says what the pipeline knows. Records older than the correction horizon are final.
//
// A count (EDI 846, on hand just before its time) replaces the position: the difference is applied as a
// reconciliation at the count's time. Each SKU-location keeps the events it applied within the horizon, so a late
// event is put in its place among them (event time; at one instant a count before the movements) and the records
// from its tick on are worked out again: a late delta from before a count changes the ticks up to the count only,
// and a late count leaves out the movements after it. The final view then does not depend on the arrival order
// (which a consumer's interleaving of partitions, or a restart, changes). Only records that change are published
// again; an event older than the horizon shifts every record still held (it is counted as beyond the horizon).

#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"

namespace chaintwin::pipeline {

struct StockPositionConfig {
  std::int64_t tick_ns = 60ll * 1'000'000'000;
  std::int64_t correction_horizon_ns = 72ll * 3600 * 1'000'000'000;  // covers end-of-day POS and EDI batches
};

// What made a record: the input it reports that was sent first (so the record's latency is the worst of its
// inputs'), by its intended send time, and that input's source. kNoCause where unknown (a replay from files).
struct Cause {
  static constexpr std::int64_t kNone = INT64_MIN;
  std::int64_t intended_ns = kNone;
  std::uint8_t source = 0;
  void merge(const Cause& other) {
    if (other.intended_ns != kNone && (intended_ns == kNone || other.intended_ns < intended_ns)) *this = other;
  }
};

struct PositionUpdate {
  LocationIndex location;
  SkuIndex sku;
  std::int64_t as_of_ns;  // the tick
  std::int64_t on_hand;
  std::uint32_t revision;  // 0 when first published; +1 per correction
  Cause cause;
};

struct StockPositionCounters {
  std::uint64_t deltas = 0;           // stock deltas applied
  std::uint64_t counts = 0;           // counts applied
  std::uint64_t late = 0;             // deltas or counts that arrived after their tick was published
  std::uint64_t corrections = 0;      // records published again
  std::uint64_t superseded = 0;       // late deltas from before a count (they change the ticks up to it only)
  std::uint64_t beyond_horizon = 0;   // late events older than the correction horizon (applied from now on only)
  std::int64_t reconciled_units = 0;  // sum of |count - position| at counts
};

class StockPositions {
 public:
  explicit StockPositions(StockPositionConfig config = {}) : config_(config) {}

  // Opening stock: on hand at `at_ns`, before any event. Published, once the watermark passes it, at the first tick
  // at or after `at_ns` (with any event of that tick).
  void opening(LocationIndex location, SkuIndex sku, std::int64_t quantity, std::int64_t at_ns);
  // A kStockDelta or kStockCount event. Late ones append their corrections to `out`.
  void apply(const DecodedEvent& event, const Cause& cause, std::vector<PositionUpdate>& out);
  // Publishes every tick up to `watermark_ns` (positions that changed in it) into `out`, in tick order.
  void advance(std::int64_t watermark_ns, std::vector<PositionUpdate>& out);

  // The position at the last published tick, corrections included; 0 for an unknown SKU-location.
  std::int64_t on_hand(LocationIndex location, SkuIndex sku) const;
  // The tick an event time belongs to: the first tick at or after it.
  std::int64_t tick_of(std::int64_t time_ns) const;
  std::int64_t last_published_tick() const { return published_tick_; }
  std::size_t keys() const { return keys_.size(); }
  const StockPositionCounters& counters() const { return counters_; }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Published {
    std::int64_t tick;
    std::int64_t on_hand;
    std::uint32_t revision;
  };
  struct Logged {  // an applied event; no padding, so checkpoints hold no stray bytes
    std::int64_t time_ns;
    std::uint64_t order;  // arrival order: ties keep it
    std::int64_t quantity;
    std::uint64_t is_count;
  };
  struct Key {
    std::int64_t on_hand = 0;         // at the last published tick, corrections included
    std::int64_t before_history = 0;  // on hand at ticks in [history_start, first record of `history`)
    std::int64_t history_start = INT64_MIN;
    std::int64_t last_count_ns = INT64_MIN;
    std::deque<Published> history;  // records within the correction horizon, ascending ticks
    // Events applied, in applying order; those at ticks up to history_start are final and dropped in bulk (a
    // vector: most SKU-locations never see a late event, and an empty deque allocates 600 bytes).
    std::vector<Logged> log;
  };
  struct Pending {  // an on-time event waiting for the watermark
    std::int64_t time_ns;
    std::uint64_t order;  // arrival order: ties keep it
    std::uint64_t key;
    std::int64_t quantity;
    Cause cause;
    bool is_count;
  };
  static std::uint64_t key_of(LocationIndex l, SkuIndex s) { return (std::uint64_t{l} << 32) | s; }
  void apply_now(std::uint64_t key, Key& k, const Pending& p);
  void correct(std::uint64_t key, Key& k, const Pending& p, std::vector<PositionUpdate>& out);
  // Works out every record of `k` from `from_tick` on again from the log, publishing those that change (and a new
  // record at `new_tick`, if one was inserted there).
  void recompute(std::uint64_t key, Key& k, std::int64_t from_tick, std::int64_t new_tick, const Pending* late,
                 std::vector<PositionUpdate>& out);
  void emit(std::uint64_t key, Key& k, std::int64_t tick, const Cause& cause, std::vector<PositionUpdate>& out);

  StockPositionConfig config_;
  std::unordered_map<std::uint64_t, Key> keys_;
  std::map<std::int64_t, std::vector<Pending>> pending_;  // by tick
  std::vector<std::uint64_t> unpublished_openings_;
  std::int64_t opening_tick_ = INT64_MIN;  // openings are not published before it
  std::int64_t published_tick_ = INT64_MIN;
  std::uint64_t arrivals_ = 0;
  StockPositionCounters counters_;
};

}  // namespace chaintwin::pipeline
