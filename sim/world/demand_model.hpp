#pragma once
// Customer demand at stores: when the next customer arrives at a SKU-location and how many units they want.
//
// Rate. A SKU-location's mean units per day is a base rate (per SKU, lognormal or explicit, times a per-store
// size factor) times a factor common to all (day of week, trend, yearly sinusoid: constant within each day) times
// the multipliers of the promotions and demand spikes covering it. So the rate is piecewise constant between
// breakpoints: day boundaries and promotion starts and ends.
//
// Arrivals. Customers form a non-homogeneous Poisson process, drawn by inversion: the next arrival is where the
// integrated rate from now reaches a standard exponential draw. One draw per customer whatever the rate does, so
// a what-if that changes rates moves each customer in time but never reshuffles the random numbers (common random
// numbers across scenarios). Fast movers buy one unit at a time; slow movers (below the intermittent threshold)
// have fewer customers buying 1 + Poisson(m - 1) units, mean m: lumpy, intermittent demand.

#include <cstdint>
#include <span>
#include <vector>

#include "network/network.hpp"
#include "sim/core/random.hpp"
#include "sim/core/time.hpp"
#include "sim/world/config.hpp"

namespace chaintwin::world {

class Locations;

// A promotion or demand spike resolved to ids (kNone: any).
struct DemandMultiplier {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t sku = 0xffff'ffffu;
  std::uint32_t site = 0xffff'ffffu;
  std::int32_t region = -1;  // index into DemandModel's region names
  double multiplier = 1.0;
};

class DemandModel {
 public:
  // Rates for every store location (other locations get 0). Throws std::invalid_argument for a promotion or SKU
  // rate naming an unknown SKU, store or region.
  DemandModel(const network::Network& network, const Locations& locations, const DemandConfig& config,
              const std::vector<DemandMultiplier>& spikes, const sim::RandomStreams& streams);

  // Mean units per day of a location, before time factors and promotions: what planners plan with.
  double base_units_per_day(std::uint32_t location) const { return base_[location]; }
  double mean_order_units(std::uint32_t location) const { return mean_size_[location]; }
  // Variance of a day's units at the base rate (compound Poisson: rate x E[size^2]).
  double daily_variance(std::uint32_t location) const;

  // The time of the next customer after `from` (ns), or -1 when the integrated rate never reaches the draw before
  // `limit`. Draws one exponential.
  std::int64_t next_arrival(std::uint32_t location, std::int64_t from, std::int64_t limit, sim::RandomStream& rs);
  std::uint32_t order_units(std::uint32_t location, sim::RandomStream& rs) const;

  // The factor common to all locations on a day (day of week, trend, season); day 0 starts at time 0.
  double day_factor(std::int64_t day);
  // The product of the multipliers covering a location at a time.
  double multiplier(std::uint32_t location, std::int64_t t) const;

  static constexpr std::int64_t kDayNs = 86'400'000'000'000;

 private:
  const network::Network& network_;
  const Locations& locations_;
  const DemandConfig& config_;
  std::vector<DemandMultiplier> multipliers_;
  std::vector<std::int64_t> breakpoints_;  // sorted starts and ends of the multipliers
  std::vector<std::int32_t> site_region_;  // per site, index into region names, -1 if none
  std::vector<double> base_;               // units per day, per location
  std::vector<float> mean_size_;           // per location
  std::vector<double> day_factor_;         // memo, grown on demand
  std::array<double, 7> day_of_week_{};    // normalised to mean 1
};

}  // namespace chaintwin::world
