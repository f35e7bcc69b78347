#pragma once
// The vocabulary of a supply-chain network: identifiers, sites, lanes, SKUs and their units.
//
// Units: distances in km, durations in hours (converted to sim::SimTime only when sampled), weights in kg, volumes
// in m^3, money in one unnamed currency. Identifiers are dense uint32 indices wrapped in distinct types, so a site
// id cannot be passed where a lane id is expected and a table indexed by them costs nothing extra.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "network/geo.hpp"
#include "sim/core/random.hpp"
#include "sim/core/time.hpp"

namespace chaintwin::network {

template <class Tag>
class Id {
 public:
  using Rep = std::uint32_t;
  static constexpr Rep kInvalid = std::numeric_limits<Rep>::max();

  constexpr Id() = default;
  constexpr explicit Id(Rep value) : value_(value) {}

  constexpr Rep value() const { return value_; }
  constexpr std::size_t index() const { return value_; }
  constexpr bool valid() const { return value_ != kInvalid; }
  friend constexpr auto operator<=>(Id, Id) = default;

 private:
  Rep value_ = kInvalid;
};

using SiteId = Id<struct SiteTag>;
using LaneId = Id<struct LaneTag>;
using SkuId = Id<struct SkuTag>;

enum class SiteKind : std::uint8_t { kSupplier, kFactory, kPort, kDistributionCenter, kStore };
enum class TransportMode : std::uint8_t { kRoad, kRail, kSea, kAir };
enum class TemperatureClass : std::uint8_t { kAmbient, kChilled, kFrozen };  // chilled: 2-8 C; frozen: <= -18 C

std::string_view to_string(SiteKind kind);
std::string_view to_string(TransportMode mode);
std::string_view to_string(TemperatureClass temperature);

// When a site receives and ships. Minutes of the day [open_minute, close_minute) on the days in days_mask (bit 0
// Monday ... bit 6 Sunday); simulated time 0 is Monday 00:00 local time. The default is always open.
struct OpeningHours {
  std::uint16_t open_minute = 0;
  std::uint16_t close_minute = 24 * 60;
  std::uint8_t days_mask = 0x7f;

  static constexpr OpeningHours always() { return {}; }
  bool is_open_at(sim::SimTime t) const;
  friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

// Physical limits of a site; 0 means the site has none of it (a supplier stores nothing on our behalf).
struct SiteCapacity {
  std::uint32_t dock_doors = 0;
  std::uint32_t storage_pallets = 0;
  std::uint32_t throughput_units_per_day = 0;
  std::uint32_t trucks = 0;  // trucks based here (the outbound fleet of a DC)
  friend bool operator==(const SiteCapacity&, const SiteCapacity&) = default;
};

struct Site {
  SiteId id;  // assigned by Network::add_site: the site's index
  std::string name;
  SiteKind kind = SiteKind::kStore;
  LatLon location;
  std::string region;
  SiteCapacity capacity;
  OpeningHours hours;
};

// Transit time of a lane, lognormal: median and log-space standard deviation, in hours. A lognormal has the
// right skew for transport (most trips near the typical time, a long tail of delays) and is fixed by two numbers.
struct TransitTime {
  double median_hours = 0.0;
  double sigma = 0.0;

  // exp(mu + sigma^2 / 2) = median exp(sigma^2 / 2).
  double mean_hours() const;
  sim::LogNormal distribution() const { return sim::LogNormal::from_median(median_hours, sigma); }
  sim::SimTime sample(sim::RandomStream& rs) const { return sim::from_hours(distribution()(rs)); }
};

struct Lane {
  LaneId id;  // assigned by Network::add_lane: the lane's index
  SiteId from;
  SiteId to;
  TransportMode mode = TransportMode::kRoad;
  double distance_km = 0.0;  // along the mode's path: great circle times the mode's circuity
  TransitTime transit;
  double cost_per_shipment = 0.0;
  double cost_per_unit = 0.0;
};

struct Sku {
  SkuId id;  // assigned by Network::add_sku: the SKU's index
  std::string name;
  double unit_volume_m3 = 0.0;
  double unit_weight_kg = 0.0;
  TemperatureClass temperature = TemperatureClass::kAmbient;
  double unit_value = 0.0;
};

// How a mode turns a great-circle distance into a lane: path length = great circle x circuity; median transit =
// handling + path / speed; cost per shipment = fixed + per km x path. Figures are typical published ones (road
// circuity ~1.2-1.3; a truck averaging ~50 km/h round the clock, breaks and driver changes included; a container
// ship's ~16 knots plus port dwell; freight rail ~40 km/h plus yard time; air ~700 km/h plus airport handling).
struct ModeProfile {
  double circuity = 1.0;
  double speed_kmh = 1.0;
  double handling_hours = 0.0;
  double sigma = 0.0;
  double cost_fixed = 0.0;
  double cost_per_km = 0.0;
  double cost_per_unit_per_1000km = 0.0;
};

ModeProfile default_profile(TransportMode mode);

// A lane from -> to of the given mode over great_circle_km, with distance, transit and cost from the profile.
Lane make_lane(SiteId from, SiteId to, TransportMode mode, double great_circle_km, const ModeProfile& profile);
inline Lane make_lane(SiteId from, SiteId to, TransportMode mode, double great_circle_km) {
  return make_lane(from, to, mode, great_circle_km, default_profile(mode));
}

}  // namespace chaintwin::network
