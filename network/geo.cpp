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

LatLon interpolate_great_circle(LatLon a, LatLon b, double f) {
  namespace portable = sim::portable;
  const double lat1 = a.lat_deg * kRadiansPerDegree, lon1 = a.lon_deg * kRadiansPerDegree;
  const double lat2 = b.lat_deg * kRadiansPerDegree, lon2 = b.lon_deg * kRadiansPerDegree;
  const double x1 = portable::cos(lat1) * portable::cos(lon1), y1 = portable::cos(lat1) * portable::sin(lon1);
  const double z1 = portable::sin(lat1);
  const double x2 = portable::cos(lat2) * portable::cos(lon2), y2 = portable::cos(lat2) * portable::sin(lon2);
  const double z2 = portable::sin(lat2);
  const double cx = y1 * z2 - z1 * y2, cy = z1 * x2 - x1 * z2, cz = x1 * y2 - y1 * x2;
  const double omega = portable::atan2(std::sqrt(cx * cx + cy * cy + cz * cz), x1 * x2 + y1 * y2 + z1 * z2);
  if (omega < 1e-12) return a;
  const double s = portable::sin(omega);
  const double wa = portable::sin((1.0 - f) * omega) / s, wb = portable::sin(f * omega) / s;
  const double x = wa * x1 + wb * x2, y = wa * y1 + wb * y2, z = wa * z1 + wb * z2;
  return {portable::atan2(z, std::sqrt(x * x + y * y)) / kRadiansPerDegree, portable::atan2(y, x) / kRadiansPerDegree};
}

double initial_bearing_deg(LatLon a, LatLon b) {
  namespace portable = sim::portable;
  if (a == b) return 0.0;
  const double lat1 = a.lat_deg * kRadiansPerDegree, lat2 = b.lat_deg * kRadiansPerDegree;
  const double dlon = (b.lon_deg - a.lon_deg) * kRadiansPerDegree;
  const double y = portable::sin(dlon) * portable::cos(lat2);
  const double x = portable::cos(lat1) * portable::sin(lat2) - portable::sin(lat1) * portable::cos(lat2) * portable::cos(dlon);
  double deg = portable::atan2(y, x) / kRadiansPerDegree;
  if (deg < 0.0) deg += 360.0;
  return deg;
}

std::optional<Region> Region::named(std::string_view name) {
  if (name == "us") return Region{"us", 25.0, 49.0, -124.0, -67.0, true, true};
  if (name == "eu") return Region{"eu", 36.0, 60.0, -9.5, 28.0, true, false};
  if (name == "uk") return Region{"uk", 50.0, 58.5, -6.0, 1.8, true, true};
  return std::nullopt;
}

}  // namespace chaintwin::network
