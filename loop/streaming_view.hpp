#pragma once
// The streaming view: what planners know when a stream processor feeds them. On hand comes from the pipeline's
// stock-position topic (docs/topics.md: the contract any pipeline writes); on order and backlog from the planners'
// own order book (they place the orders; the ERP knows which are open), as of the same time, plus the orders placed
// since. The pipeline's progress says how far its positions are complete: the view moves to the latest moment it has
// both the order book and complete positions for.
//
// Why the order book is snapshotted rather than read live: on-hand as of the watermark beside on-order as of now
// would miss, for a minute or so, every receipt in between (taken off on-order, not yet on hand) and reorder it.
//
// Cost: four int64 per SKU-location per order book (record_orders: three for the view, the true on-hand for
// check()), kept until the watermark passes it; the records the pipeline published beyond the view's time wait in
// one vector.

#include <cstdint>
#include <deque>
#include <vector>

#include "pipeline/runtime/outputs.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop {

struct StreamingViewCounters {
  std::uint64_t positions = 0;  // stock-position records applied
  std::uint64_t unknown = 0;    // records naming a SKU-location the world does not stock (ignored)
  // The on-hand shown against the truth at the view's time, over every SKU-location at every check():
  std::uint64_t checked = 0, exact = 0;
  std::int64_t absolute_error = 0;  // units, summed
  double share_exact() const { return checked == 0 ? 0.0 : static_cast<double>(exact) / static_cast<double>(checked); }
  double mean_absolute_error() const {
    return checked == 0 ? 0.0 : static_cast<double>(absolute_error) / static_cast<double>(checked);
  }
};

class StreamingView final : public world::VisibilityView {
 public:
  // Until the pipeline publishes, on hand is the opening stock (the master data's). `epoch_unix_ns`: the streams'
  // simulated time 0. The world must outlive the view.
  StreamingView(const world::World& world, std::int64_t epoch_unix_ns);

  // The order book now (the world must have run to `now`): a moment the view can move to.
  void record_orders(sim::SimTime now);
  // A record of the stock-position topic, in topic order.
  void apply(const pipeline::StockPositionRecord& record);
  // The pipeline's progress: every position up to `watermark_unix_ns` is published. The view moves to the latest
  // recorded order book at or before it.
  void advance_to(std::int64_t watermark_unix_ns);

  // Compares the on-hand the view shows with the truth at the view's time (recorded with the order book) and adds
  // it to the counters: the pipeline's error as the planners met it.
  void check();

  world::StockPosition position(std::uint32_t location) const override;
  // The moment the view shows.
  sim::SimTime as_of() const { return sim::SimTime::from_ns(books_.front().at_ns); }
  const StreamingViewCounters& counters() const { return counters_; }

 private:
  struct OrderBook {
    std::int64_t at_ns = 0;  // simulated
    std::vector<std::int64_t> on_order, backlog, ordered;
    std::vector<std::int64_t> true_on_hand;  // not shown: for check()
  };
  struct Published {
    std::int64_t as_of_ns;  // simulated
    std::uint32_t location;
    std::int64_t on_hand;
  };
  void take(const Published& p);

  const world::World& world_;
  std::int64_t epoch_unix_ns_;
  std::deque<OrderBook> books_;  // front: the one shown; then those recorded since, oldest first
  std::vector<std::int64_t> on_hand_, on_hand_as_of_ns_;
  std::vector<Published> waiting_;  // published beyond the view's time
  StreamingViewCounters counters_;
};

}  // namespace chaintwin::loop
