#include "network/types.hpp"

#include "sim/core/portable_math.hpp"

namespace chaintwin::network {

std::string_view to_string(SiteKind kind) {
  switch (kind) {
    case SiteKind::kSupplier:
      return "supplier";
    case SiteKind::kFactory:
      return "factory";
    case SiteKind::kPort:
      return "port";
    case SiteKind::kDistributionCenter:
      return "dc";
    case SiteKind::kStore:
      return "store";
  }
  return "unknown";
}

std::string_view to_string(TransportMode mode) {
  switch (mode) {
    case TransportMode::kRoad:
      return "road";
    case TransportMode::kRail:
      return "rail";
    case TransportMode::kSea:
      return "sea";
    case TransportMode::kAir:
      return "air";
  }
  return "unknown";
}

std::string_view to_string(TemperatureClass temperature) {
  switch (temperature) {
    case TemperatureClass::kAmbient:
      return "ambient";
    case TemperatureClass::kChilled:
      return "chilled";
    case TemperatureClass::kFrozen:
      return "frozen";
  }
  return "unknown";
}

bool OpeningHours::is_open_at(sim::SimTime t) const {
  constexpr std::int64_t kNsPerMinute = 60'000'000'000;
  constexpr std::int64_t kMinutesPerWeek = 7 * 24 * 60;
  std::int64_t minute_of_week = (t.ns() / kNsPerMinute) % kMinutesPerWeek;
  if (minute_of_week < 0) minute_of_week += kMinutesPerWeek;
  const auto day = static_cast<unsigned>(minute_of_week / (24 * 60));
  const auto minute = minute_of_week % (24 * 60);
  return ((days_mask >> day) & 1u) != 0 && minute >= open_minute && minute < close_minute;
}

double TransitTime::mean_hours() const { return median_hours * sim::portable::exp(0.5 * sigma * sigma); }

ModeProfile default_profile(TransportMode mode) {
  switch (mode) {
    case TransportMode::kRoad:
      return {1.25, 50.0, 2.0, 0.25, 150.0, 1.6, 0.5};
    case TransportMode::kRail:
      return {1.2, 40.0, 24.0, 0.35, 600.0, 0.9, 0.3};
    case TransportMode::kSea:
      return {1.3, 30.0, 72.0, 0.3, 1500.0, 0.4, 0.1};
    case TransportMode::kAir:
      return {1.05, 700.0, 8.0, 0.2, 2500.0, 6.0, 4.0};
  }
  return {};
}

Lane make_lane(SiteId from, SiteId to, TransportMode mode, double great_circle_km, const ModeProfile& profile) {
  Lane lane;
  lane.from = from;
  lane.to = to;
  lane.mode = mode;
  lane.distance_km = great_circle_km * profile.circuity;
  lane.transit.median_hours = profile.handling_hours + lane.distance_km / profile.speed_kmh;
  lane.transit.sigma = profile.sigma;
  lane.cost_per_shipment = profile.cost_fixed + profile.cost_per_km * lane.distance_km;
  lane.cost_per_unit = profile.cost_per_unit_per_1000km * lane.distance_km / 1000.0;
  return lane;
}

}  // namespace chaintwin::network
