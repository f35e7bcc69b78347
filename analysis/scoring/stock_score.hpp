#pragma once
// Scoring a pipeline's stock positions (the chaintwin.stock-positions topic, docs/topics.md) against the world's
// truth. Works for any pipeline that writes the topic: only its records and the ledger are read.
//
// The final view is the last record of each (SKU-location, asOf) in topic order; the first view is what was
// published first, i.e. what a planner reading the topic live saw before any late data corrected it.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "network/network.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis {

struct ErrorSummary {
  std::uint64_t points = 0;  // positions compared
  std::uint64_t exact = 0;   // equal to the truth
  double mean_abs_error = 0.0;
  std::int64_t max_abs_error = 0;
  double exact_share() const { return points == 0 ? 0.0 : static_cast<double>(exact) / static_cast<double>(points); }
};

struct StockPositionScore {
  std::uint64_t records = 0;
  std::uint64_t keys = 0;               // SKU-locations with records
  ErrorSummary final_records;           // every (key, asOf) as last published, against the truth at asOf
  ErrorSummary first_records;           // every (key, asOf) as first published
  ErrorSummary hourly;                  // every SKU-location of the truth at every hour the pipeline covered
  std::vector<double> hourly_mean_abs_error;  // per hour from `from_unix_ns`, for plotting
  std::int64_t from_unix_ns = 0;        // the first hour scored
  std::uint64_t unknown_names = 0;      // records naming a location or SKU the network does not have
  std::uint64_t missing_keys = 0;       // SKU-locations of the truth the pipeline never published
};

// `records` in the order they were read from the topic. `until_unix_ns`: the pipeline's last watermark (hours after
// it are not scored). `epoch_unix_ns`: the world's simulated time 0.
StockPositionScore score_stock_positions(const network::Network& net, const world::Ledger& ledger,
                                         std::int64_t epoch_unix_ns,
                                         std::span<const pipeline::StockPositionRecord> records,
                                         std::int64_t until_unix_ns);

}  // namespace chaintwin::analysis
