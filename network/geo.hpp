#pragma once
// Geography: points on the Earth, great-circle distances, and the bounding boxes the generator draws sites in.
//
// Distances use the haversine formula on a sphere of the IUGG mean Earth radius (6371.0088 km), which is within
// 0.5% of the ellipsoidal distance everywhere: far below the uncertainty of a road's circuity. The trigonometry
// is portable::sin/cos/asin (sim/core/portable_math.hpp), so every distance, and every transit time derived from
// it, has the same bits on every machine.

#include <optional>
#include <string>
#include <string_view>

namespace chaintwin::network {

inline constexpr double kEarthRadiusKm = 6371.0088;

// Degrees: latitude in [-90, 90] (north positive), longitude in [-180, 180] (east positive).
struct LatLon {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  friend bool operator==(const LatLon&, const LatLon&) = default;
};

// Great-circle distance in km. Symmetric, and exactly 0 between equal points.
double haversine_km(LatLon a, LatLon b);

// The point a fraction f in [0, 1] of the way from a to b along the great circle (spherical linear
// interpolation), so a vessel crossing the Pacific goes the short way, over the date line.
LatLon interpolate_great_circle(LatLon a, LatLon b, double f);
// The initial bearing from a towards b, degrees clockwise from north in [0, 360); 0 when a == b.
double initial_bearing_deg(LatLon a, LatLon b);

// The point reached from p by moving north_km north and east_km east on the local tangent plane (an
// equirectangular step, accurate to a few per cent for steps of a few hundred km away from the poles). The
// latitude is clamped to [-89.9, 89.9] and the longitude wrapped into [-180, 180).
LatLon offset_km(LatLon p, double north_km, double east_km);

// A named bounding box. The generator scatters domestic sites inside it and puts ports near its coastal edges:
// west_coast / east_coast say whether the western or eastern longitude edge is a sea coast (both, for "us").
struct Region {
  std::string name;
  double min_lat_deg = 0.0;
  double max_lat_deg = 0.0;
  double min_lon_deg = 0.0;
  double max_lon_deg = 0.0;
  bool west_coast = true;
  bool east_coast = true;

  bool contains(LatLon p) const {
    return p.lat_deg >= min_lat_deg && p.lat_deg <= max_lat_deg && p.lon_deg >= min_lon_deg && p.lon_deg <= max_lon_deg;
  }
  // "us" (contiguous United States), "eu" (western and central Europe), "uk"; nullopt for any other name.
  static std::optional<Region> named(std::string_view name);
};

}  // namespace chaintwin::network
