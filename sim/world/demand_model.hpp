#pragma once
// Customer demand at stores: when the next customer arrives at a SKU-location and how many units they want.
//
// Rate. A SKU-location's mean units per day is a base rate (per SKU, lognormal or explicit, times a per-store
// size factor) times a factor common to all (day of week, trend, yearly sinusoid: constant within each day) times
// the multipliers of the promotions and demand spikes covering it. So the rate is piecewise constant between
// breakpoints: day boundaries and promotion starts and ends.
//
// Arrivals. The customers of each SKU-location form a non-homogeneous Poisson process; a store's customers, the
// superposition of its SKU-locations' processes, are one Poisson process whose rate is the sum, and each of its
// customers buys SKU l with probability rate_l / sum (exact for Poisson processes). So a store draws its next
// customer's time by inversion (where the integrated store rate from now reaches a standard exponential draw) and
// the SKU from an alias table, O(1) whatever the assortment: a national network's million SKU-locations need two
// thousand pending events, not a million, and each customer touches one SKU-location's state. Fast movers buy one
// unit at a time; slow movers (below the intermittent threshold) have fewer customers buying 1 + Poisson(m - 1)
// units, mean m: lumpy, intermittent demand.
//
// Common random numbers. Each store has its own stream, drawn in a fixed order (time, SKU, units), so what-ifs
// that leave demand alone (closures, delays, failures) see exactly the baseline's customers, and a change of demand
// at one store leaves every other store's customers as they were.

#include <array>
#include <cstdint>
#include <optional>
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
  // Rates for every store location (other locations get 0); `replayed` (may be empty) marks locations whose
  // demand comes from history instead. Throws std::invalid_argument for a promotion or SKU rate naming an unknown
  // SKU, store or region.
  DemandModel(const network::Network& network, const Locations& locations, const DemandConfig& config,
              const std::vector<DemandMultiplier>& spikes, const sim::RandomStreams& streams,
              const std::vector<bool>& replayed);

  // Mean units per day of a location, before time factors and promotions: what planners plan with.
  double base_units_per_day(std::uint32_t location) const {
    return static_cast<double>(loc_[location].customers_per_day) * loc_[location].mean_size;
  }
  double mean_order_units(std::uint32_t location) const { return loc_[location].mean_size; }
  network::SiteId site_of(std::uint32_t location) const { return network::SiteId(loc_[location].site); }
  network::SkuId sku_of(std::uint32_t location) const { return network::SkuId(loc_[location].sku); }
  // Variance of a day's units at the base rate (compound Poisson: rate x E[size^2]).
  double daily_variance(std::uint32_t location) const;

  // The next customer of a store after `from` (ns): its time, and in `location` the SKU-location they buy; -1
  // when the integrated rate never reaches the draw before `limit`.
  std::int64_t next_customer(network::SiteId store, std::int64_t from, std::int64_t limit, std::uint32_t& location);
  // The units that customer wants (a draw from the store's stream for slow movers).
  std::uint32_t order_units(network::SiteId store, std::uint32_t location);
  // Prefetches what the customer after the next one reads here: its alias slot (drawn one customer ahead) and the
  // slot's own SKU-location, which it most often buys; returns that location. This pays when a store's customers
  // are served back to back (batched), not when each is an event far ahead (measured slower then).
  std::uint32_t prefetch_ahead(network::SiteId store) const {
    const StoreDemand& s = stores_[store.index()];
    const std::uint32_t location = s.first + s.next_slot;
    __builtin_prefetch(&alias_[location]);
    __builtin_prefetch(&loc_[location]);
    return location;
  }

  // The factor common to all locations on a day (day of week, trend, season); day 0 starts at time 0.
  double day_factor(std::int64_t day);
  // The product of the multipliers covering a location at a time.
  double multiplier(std::uint32_t location, std::int64_t t) const;

  static constexpr std::int64_t kDayNs = 86'400'000'000'000;

 private:
  const DemandConfig& config_;
  std::vector<DemandMultiplier> multipliers_;
  std::vector<std::int64_t> breakpoints_;  // sorted starts and ends of the multipliers
  std::vector<std::int32_t> site_region_;  // per site, index into region names, -1 if none
  // Everything a customer reads about its location, in one place: one cache miss, not four.
  struct LocationDemand {
    float customers_per_day;
    float mean_size;
    std::uint32_t site;
    std::uint32_t sku;
  };
  // Walker's alias table, one 8-byte entry per SKU-location of a store: draw a slot i uniformly and a uniform u;
  // the SKU is i if u < threshold, else alias.
  struct AliasEntry {
    float threshold;
    std::uint32_t alias;
  };
  struct StoreDemand {
    sim::RandomStream rs{0};  // replaced by the store's own stream
    std::uint32_t first = 0;  // its locations: [first, first + count); its alias slots likewise in alias_
    std::uint32_t count = 0;
    std::int64_t segment = -1;     // the multiplier segment `customers_per_day` and the table are for
    double customers_per_day = 0;  // sum over its locations, with that segment's multipliers
    // The slot and uniform of the next SKU draw, drawn one customer ahead (kept: the streams' order depends on it).
    std::uint32_t next_slot = 0;
    double next_u = 0.0;
  };
  // Brings a store's rate and SKU table to the multiplier segment of time t.
  void update_store(StoreDemand& store, std::int64_t t);
  void draw_ahead(StoreDemand& store);
  std::int64_t segment_of(std::int64_t t) const;
  std::vector<LocationDemand> loc_;
  std::vector<StoreDemand> stores_;   // per site; empty for other kinds
  std::vector<AliasEntry> alias_;     // per location (stores' slices)
  std::vector<bool> replayed_;
  std::vector<double> day_factor_;         // memo, grown on demand
  std::array<double, 7> day_of_week_{};    // normalised to mean 1
  sim::Poisson extra_units_;               // slow movers' units beyond the first
};

}  // namespace chaintwin::world
