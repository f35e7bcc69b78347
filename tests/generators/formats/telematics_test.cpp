#include "generators/formats/telematics.hpp"

#include <gtest/gtest.h>

#include "generators/formats/time_format.hpp"
#include "tests/generators/formats/format_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

using testing::get_bool;
using testing::get_double;
using testing::get_int;
using testing::get_string;

using testing::full_position;
GpsEvent full_event() { return testing::full_gps_event(); }

TEST(Telematics, PositionValuesAndTypes) {
  std::string json;
  write_gps_position(json, full_position());
  auto doc = testing::parse(json);
  ASSERT_TRUE(doc->ok);
  const auto& r = doc->root;
  EXPECT_EQ(get_int(r, "deviceId"), 1042);
  EXPECT_EQ(get_string(r, "protocol"), "teltonika");
  EXPECT_EQ(get_string(r, "serverTime"), "2025-03-21T14:30:14.000+00:00");
  EXPECT_EQ(get_string(r, "deviceTime"), "2025-03-21T14:30:12.250+00:00");
  EXPECT_EQ(get_string(r, "fixTime"), "2025-03-21T14:30:11.000+00:00");
  EXPECT_TRUE(get_bool(r, "valid"));
  EXPECT_EQ(get_double(r, "latitude"), 48.381632);
  EXPECT_EQ(get_double(r, "longitude"), -123.3954);
  EXPECT_EQ(get_double(r, "speed"), 38.88);
  EXPECT_EQ(get_double(r, "course"), 224.0);
  EXPECT_EQ(get_int(r, "attributes.sat"), 11);
  EXPECT_TRUE(get_bool(r, "attributes.ignition"));
  EXPECT_EQ(get_double(r, "attributes.odometer"), 1234568.0);
  EXPECT_EQ(get_double(r, "attributes.hdop"), 0.9);
  EXPECT_EQ(get_int(r, "attributes.rssi"), 4);
  EXPECT_FALSE(testing::has(r, "outdated"));
}

TEST(Telematics, OptionalInputsAbsentAreNotWritten) {
  GpsPosition p = full_position();
  p.server_time_ns.reset();
  p.rssi.reset();
  std::string json;
  write_gps_position(json, p);
  auto doc = testing::parse(json);
  EXPECT_FALSE(testing::has(doc->root, "serverTime"));
  EXPECT_FALSE(testing::has(doc->root, "attributes.rssi"));
}

TEST(Telematics, PositionFieldContract) {
  testing::check_field_contract(fields(TelematicsMessage::kPosition), [](std::string& out, const WriteOptions& o) {
    write_gps_position(out, full_position(), o);
  });
}

TEST(Telematics, V2RenamesOdometerAndAddsOutdated) {
  std::string json;
  write_gps_position(json, full_position(), WriteOptions{SchemaVersion::kV2});
  auto doc = testing::parse(json);
  EXPECT_EQ(get_double(doc->root, "attributes.totalDistance"), 1234568.0);
  EXPECT_TRUE(get_bool(doc->root, "outdated"));
}

TEST(Telematics, EventValuesAndContract) {
  std::string json;
  write_gps_event(json, full_event());
  auto doc = testing::parse(json);
  EXPECT_EQ(get_string(doc->root, "type"), "geofenceExit");
  EXPECT_EQ(get_string(doc->root, "eventTime"), "2025-03-21T14:30:12.000+00:00");
  EXPECT_EQ(get_int(doc->root, "geofenceId"), 77);
  for (GpsEventType t : {GpsEventType::kGeofenceEnter, GpsEventType::kIgnitionOn, GpsEventType::kIgnitionOff}) {
    std::string other;
    GpsEvent e = full_event();
    e.type = t;
    write_gps_event(other, e);
    EXPECT_EQ(get_string(testing::parse(other)->root, "type"), to_string(t));
  }
  EXPECT_EQ(to_string(GpsEventType::kIgnitionOn), "ignitionOn");
  testing::check_field_contract(fields(TelematicsMessage::kEvent), [](std::string& out, const WriteOptions& o) {
    write_gps_event(out, full_event(), o);
  });
}

}  // namespace
}  // namespace chaintwin::formats
