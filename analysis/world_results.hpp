#pragma once
// The results of a world run (replications of one scenario) as an HDF5 file; the layout is in docs/outputs.md.
//
// Use: each replication, once its world has run, reduces its ledger with analyse_replication (KPIs, stock series,
// ledger sizes), so the ledger can be freed before the next one; then write_world_results writes them all.

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "analysis/kpis.hpp"
#include "network/network.hpp"
#include "sim/world/config.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis {

// How big a replication's ledger grew, and how much work made it.
struct LedgerSummary {
  std::array<std::uint64_t, world::kFactTableCount> rows{};   // per FactTable, in enum order
  std::array<std::uint64_t, world::kFactTableCount> bytes{};  // rows x row width
  std::uint64_t description_bytes = 0;                        // orders, shipments, their lines, vehicles
  std::uint64_t events = 0;                                   // events the simulation executed

  std::uint64_t total_rows() const;
  std::uint64_t total_bytes() const;  // Ledger::memory_bytes()
};
LedgerSummary summarise_ledger(const world::Ledger& ledger, std::uint64_t events_executed);

// What one replication leaves behind.
struct WorldReplication {
  WorldKpis kpis;
  StockSeries stock;
  LedgerSummary ledger;
};
// compute_kpis, stock_series (as `output` configures it, up to the KPI horizon) and summarise_ledger in one call.
WorldReplication analyse_replication(const world::Ledger& ledger, const network::Network& network,
                                     const KpiOptions& options, const world::OutputConfig& output,
                                     std::uint64_t events_executed);

struct WorldRunInfo {
  std::string scenario;    // its name, as the scenario file gives it
  std::uint64_t seed = 0;  // master seed of the replications
  KpiOptions kpi;          // window, costs and stockout mode the KPIs were computed with
  double confidence_level = 0.95;
  std::string visibility = "oracle";  // what the planners read: oracle, batch or streaming, with its settings
};

// Writes the file atomically (see ResultsFile); throws ResultsError on failure, and std::invalid_argument when the
// replications' stock series disagree in time steps or locations (they come from one network and configuration).
// Replication r of the file is replications[r].
void write_world_results(const std::filesystem::path& path, const network::Network& network, const WorldRunInfo& run,
                         std::span<const WorldReplication> replications);

}  // namespace chaintwin::analysis
