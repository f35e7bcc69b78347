// Great-circle distances against known city pairs, the formula's symmetries, local offsets and named regions.
#include "network/geo.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace chaintwin::network {
namespace {

constexpr LatLon kLondon{51.5074, -0.1278};
constexpr LatLon kParis{48.8566, 2.3522};
constexpr LatLon kNewYork{40.7128, -74.0060};
constexpr LatLon kLosAngeles{34.0522, -118.2437};
constexpr LatLon kSydney{-33.8688, 151.2093};

TEST(Haversine, KnownCityPairsWithinHalfAPerCent) {
  EXPECT_NEAR(haversine_km(kLondon, kParis), 343.5, 343.5 * 0.005);
  EXPECT_NEAR(haversine_km(kNewYork, kLosAngeles), 3936.0, 3936.0 * 0.005);
  EXPECT_NEAR(haversine_km(kLondon, kSydney), 16994.0, 16994.0 * 0.005);
}

TEST(Haversine, SymmetricZeroOnTheDiagonalAndHalfACircumferenceAtTheAntipode) {
  EXPECT_EQ(haversine_km(kLondon, kParis), haversine_km(kParis, kLondon));
  EXPECT_EQ(haversine_km(kNewYork, kNewYork), 0.0);
  const double half_circumference = 0x1.921fb54442d18p+1 * kEarthRadiusKm;
  EXPECT_NEAR(haversine_km({0.0, 0.0}, {0.0, 180.0}), half_circumference, 1e-6);
  EXPECT_NEAR(haversine_km({90.0, 0.0}, {-90.0, 0.0}), half_circumference, 1e-6);
  // Longitudes a full turn apart are the same place.
  EXPECT_NEAR(haversine_km({10.0, -179.5}, {10.0, 180.5}), 0.0, 1e-6);
}

TEST(Haversine, AgreesWithTheSameFormulaInTheCLibrary) {
  const auto libc = [](LatLon a, LatLon b) {
    const double k = std::acos(-1.0) / 180.0;
    const double s1 = std::sin(0.5 * (b.lat_deg - a.lat_deg) * k);
    const double s2 = std::sin(0.5 * (b.lon_deg - a.lon_deg) * k);
    const double h = s1 * s1 + std::cos(a.lat_deg * k) * std::cos(b.lat_deg * k) * s2 * s2;
    return 2.0 * kEarthRadiusKm * std::asin(std::sqrt(h));
  };
  for (int i = -80; i <= 80; i += 7) {
    for (int j = -170; j <= 170; j += 13) {
      const LatLon a{i * 1.01, j * 0.99};
      const LatLon b{-i * 0.5 + 3.0, j * 0.3 - 20.0};
      EXPECT_NEAR(haversine_km(a, b), libc(a, b), 1e-9 * libc(a, b) + 1e-9);
    }
  }
}

// Pins the bits: distances feed transit times, and must not change between machines or releases unnoticed.
TEST(Haversine, GoldenValues) {
  EXPECT_EQ(haversine_km(kLondon, kParis), 0x1.578e7911e879fp+8);         // 343.5565 km
  EXPECT_EQ(haversine_km(kNewYork, kLosAngeles), 0x1.ebf80dda0fcbfp+11);  // 3935.7517 km
}

TEST(OffsetKm, StepsTheRequestedDistance) {
  const LatLon north = offset_km(kParis, 100.0, 0.0);
  EXPECT_NEAR(haversine_km(kParis, north), 100.0, 0.1);
  EXPECT_GT(north.lat_deg, kParis.lat_deg);
  const LatLon east = offset_km(kParis, 0.0, 100.0);
  EXPECT_NEAR(haversine_km(kParis, east), 100.0, 1.0);
  EXPECT_GT(east.lon_deg, kParis.lon_deg);
  const LatLon wrapped = offset_km({0.0, 179.9}, 0.0, 100.0);
  EXPECT_LT(wrapped.lon_deg, -179.0);
  EXPECT_LE(offset_km({89.0, 0.0}, 1000.0, 0.0).lat_deg, 89.9);
}

TEST(Region, NamedRegions) {
  const auto us = Region::named("us");
  ASSERT_TRUE(us.has_value());
  EXPECT_TRUE(us->contains(kNewYork));
  EXPECT_TRUE(us->contains(kLosAngeles));
  EXPECT_FALSE(us->contains(kLondon));
  ASSERT_TRUE(Region::named("eu").has_value());
  EXPECT_TRUE(Region::named("eu")->contains(kParis));
  ASSERT_TRUE(Region::named("uk").has_value());
  EXPECT_TRUE(Region::named("uk")->contains(kLondon));
  EXPECT_FALSE(Region::named("mars").has_value());
}

}  // namespace
}  // namespace chaintwin::network
