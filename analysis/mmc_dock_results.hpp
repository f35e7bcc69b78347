#pragma once
// The results of `chaintwin demo` (replications of the M/M/c receiving dock) as an HDF5 file; the layout is
// documented in docs/outputs.md.

#include <cstdint>
#include <filesystem>
#include <span>

#include "sim/models/mmc_dock.hpp"
#include "sim/models/queueing_theory.hpp"

namespace chaintwin::analysis {

// Writes the file atomically (see ResultsFile); throws ResultsError on failure. `seed` is the master seed the
// replications were run with; `theory` is Erlang C for the same configuration.
void write_mmc_dock_results(const std::filesystem::path& path, const sim::models::MmcDockConfig& config,
                            std::uint64_t seed, std::span<const sim::models::MmcDockResult> replications,
                            const sim::theory::MmcSteadyState& theory);

}  // namespace chaintwin::analysis
