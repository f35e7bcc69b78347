#include "network/geo.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/portable_math.hpp"

namespace chaintwin::network {

namespace {

constexpr double kPi = 0x1.921fb54442d18p+1;
constexpr double kRadiansPerDegree = kPi / 180.0;
constexpr double kKmPerDegreeLat = kEarthRadiusKm * kRadiansPerDegree;

}  // namespace

// hav(d / R) = hav(dlat) + cos(lat1) cos(lat2) hav(dlon), hav(t) = sin^2(t / 2); d = 2 R asin(sqrt(h)). h is
// clamped to [0, 1] because rounding can push it just above 1 for antipodal points.
double haversine_km(LatLon a, LatLon b) {
  namespace portable = sim::portable;
  const double lat1 = a.lat_deg * kRadiansPerDegree;
  const double lat2 = b.lat_deg * kRadiansPerDegree;
  const double sin_dlat = portable::sin(0.5 * (lat2 - lat1));
  const double sin_dlon = portable::sin(0.5 * (b.lon_deg - a.lon_deg) * kRadiansPerDegree);
  const double h = sin_dlat * sin_dlat + portable::cos(lat1) * portable::cos(lat2) * sin_dlon * sin_dlon;
  return 2.0 * kEarthRadiusKm * portable::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

LatLon offset_km(LatLon p, double north_km, double east_km) {
  const double lat = std::clamp(p.lat_deg + north_km / kKmPerDegreeLat, -89.9, 89.9);
  const double km_per_degree_lon = kKmPerDegreeLat * sim::portable::cos(lat * kRadiansPerDegree);
  double lon = p.lon_deg + east_km / km_per_degree_lon;
  // Wrap by whole turns; a step of a few thousand km needs at most one.
  while (lon >= 180.0) lon -= 360.0;
  while (lon < -180.0) lon += 360.0;
  return {lat, lon};
}

std::optional<Region> Region::named(std::string_view name) {
  if (name == "us") return Region{"us", 25.0, 49.0, -124.0, -67.0, true, true};
  if (name == "eu") return Region{"eu", 36.0, 60.0, -9.5, 28.0, true, false};
  if (name == "uk") return Region{"uk", 50.0, 58.5, -6.0, 1.8, true, true};
  return std::nullopt;
}

}  // namespace chaintwin::network
