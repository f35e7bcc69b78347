#pragma once
// The signal operators together, behind the narrow interface the stream processor calls:
//
//   SignalOperators signals;
//   for each decoded event (after deduplication):   signals.apply(event);
//   for each published stock position:               signals.position(update);
//   when the watermark moves:                        signals.advance(watermark, batch);  // then publish batch
//   with the checkpoint:                             signals.save(writer) / signals.load(reader);
//
// Events are held until the watermark passes them, then applied in (event time, arrival) order: orders, shipments,
// supplier and port events and positions go through OrderBook, DisruptionImpacts and Replenishment; demand goes
// straight into DemandSensing's windows (counting does not depend on order), which close on the watermark.
// A restored operator fed the same later calls emits the same records.

#include <cstdint>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"
#include "pipeline/operators/stock_positions.hpp"
#include "pipeline/signals/demand_sensing.hpp"
#include "pipeline/signals/disruption_impact.hpp"
#include "pipeline/signals/order_book.hpp"
#include "pipeline/signals/replenishment.hpp"
#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct SignalConfig {
  DemandSensingConfig demand;
  OrderBookConfig orders;
  DisruptionImpactConfig impacts;
  ReplenishmentConfig replenishment;
};

struct SignalBatch {
  std::vector<DemandSignal> demand;
  std::vector<DisruptionImpact> impacts;
  std::vector<ReplenishmentSignal> replenishment;
  void clear() {
    demand.clear();
    impacts.clear();
    replenishment.clear();
  }
  bool empty() const { return demand.empty() && impacts.empty() && replenishment.empty(); }
};

class SignalOperators {
 public:
  explicit SignalOperators(SignalConfig config = {});

  // Any decoded event; the kinds no operator uses are ignored.
  void apply(const DecodedEvent& event);
  // A published stock position (StockPositions' output).
  void position(const PositionUpdate& update);
  // Applies what the watermark has passed and closes the demand windows it allows; appends the signals to `out`.
  void advance(std::int64_t watermark_ns, SignalBatch& out);

  const DemandSensing& demand() const { return demand_; }
  const OrderBook& orders() const { return orders_; }
  std::size_t pending() const { return pending_.size(); }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Pending {
    std::int64_t time_ns;
    std::uint64_t arrival;
    DecodedEvent event;  // a position travels as kStockCount (location, sku, quantity = on hand)
  };

  DemandSensing demand_;
  OrderBook orders_;
  DisruptionImpacts impacts_;
  Replenishment replenishment_;
  std::vector<Pending> pending_;
  std::uint64_t arrivals_ = 0;
};

}  // namespace chaintwin::pipeline
