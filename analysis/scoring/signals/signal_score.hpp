#pragma once
// Scoring a pipeline's signal topics (demand signals, disruption impacts, replenishment signals; pipeline/signals/
// signal_records.hpp) against the world's truth. Only the records, the ledger, the network and the scenario's
// disruptions are read, so any pipeline writing the topics is scored the same way.
//
// Demand: each (store, demand spike) pair of the truth is detected when an UP signal of that store (any SKU, or
//   the store's total) has a window overlapping the spike; its delay is the first such signal's detectedAt minus
//   the spike's start. An UP signal is correct when its window overlaps a spike at its store.
// Disruption impact: each supplier outage, supplier lead-time rise and port closure of the truth is matched with
//   the first record of its cause and location within `match_window` of its start. The truth's affected orders:
//   for a supplier, its purchase orders created and not yet shipped at the start; for a port, the purchase orders
//   with a shipment dispatched before the start, routed through the port and not yet departed from it or received.
//   Order precision and recall are pooled over the disruptions (a missed disruption's orders count as missed).
// Replenishment: a stock-out is a store SKU-location's on-hand falling to 0; it was signalled when a signal of its
//   SKU-location came at most `signal_lookback` before it; the lead is the time from that signal to the stock-out.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "network/network.hpp"
#include "pipeline/signals/signal_records.hpp"
#include "sim/world/config.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis {

struct SignalScoreOptions {
  std::int64_t epoch_unix_ns = 0;  // the world's simulated time 0
  std::int64_t from_unix_ns = 0;   // signals and stock-outs before it are not scored (the operators' warm-up)
  std::int64_t until_unix_ns = 0;  // the pipeline's last watermark: truth after it is not scored
  std::int64_t match_window_ns = 6ll * 3600 * 1'000'000'000;
  std::int64_t signal_lookback_ns = 7ll * 24 * 3600 * 1'000'000'000;
};

struct DemandSignalScore {
  std::uint64_t spikes = 0;       // (store, spike) pairs of the truth
  std::uint64_t detected = 0;
  std::uint64_t up_signals = 0;   // scored UP signals
  std::uint64_t up_correct = 0;
  std::uint64_t store_up_signals = 0;  // of which the store's total
  std::uint64_t store_up_correct = 0;
  std::uint64_t down_signals = 0;
  double mean_delay_hours = 0.0;  // over the detected pairs
  double max_delay_hours = 0.0;
};

struct DisruptionImpactScore {
  std::uint64_t disruptions = 0;  // supplier and port disruptions of the truth
  std::uint64_t detected = 0;     // with a matching record
  std::uint64_t records = 0;
  std::uint64_t unmatched_records = 0;  // records matching no disruption of the truth
  std::uint64_t truth_orders = 0;
  std::uint64_t listed_orders = 0;  // in the matched records
  std::uint64_t correct_orders = 0;
};

struct ReplenishmentScore {
  std::uint64_t signals = 0;
  std::uint64_t stockouts = 0;
  std::uint64_t stockouts_signalled = 0;
  double median_lead_hours = 0.0;  // signal to stock-out, over the signalled ones
};

struct SignalScore {
  DemandSignalScore demand;
  DisruptionImpactScore impacts;
  ReplenishmentScore replenishment;
  std::uint64_t unknown_names = 0;  // records naming a site, SKU or order the world does not have

  // Named metrics ("demand_signals.recall", "disruption_impacts.order_recall", ...) in a fixed order.
  std::vector<std::pair<std::string, double>> metrics() const;
};

SignalScore score_signals(const network::Network& net, const world::WorldConfig& config, const world::Ledger& ledger,
                          std::span<const pipeline::DemandSignalRecord> demand,
                          std::span<const pipeline::DisruptionImpactRecord> impacts,
                          std::span<const pipeline::ReplenishmentSignalRecord> replenishment,
                          const SignalScoreOptions& options);

}  // namespace chaintwin::analysis
