// GPS telematics as a Traccar-style server exports it: positions and events (geofence, ignition).
//
// Every value is the caller's: device time and fix time are separate inputs (clock offset, buffered uploads and
// re-sent stale fixes are decided upstream), and so are the fix values (GPS error, outliers, (0,0) fixes).
// Times are written in UTC as Traccar does ("2025-03-21T14:30:12.000+00:00"). Cost: one pass, no allocation.
//
// Schema drift (v2): attributes.odometer is renamed attributes.totalDistance (the server-computed distance a
// platform upgrade switches to) and an added optional top-level field "outdated" (Traccar: a cached, re-sent fix).
// Events in v2 add the optional field "positionId".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats {

struct GpsPosition {
  std::int64_t device_id = 0;
  std::string_view protocol = "teltonika";
  std::optional<std::int64_t> server_time_ns{};  // Unix ns when the server stored it (absent: not written)
  std::int64_t device_time_ns = 0;               // the device's clock when it built the record
  std::int64_t fix_time_ns = 0;                  // the GNSS fix time (older than device time for re-sent fixes)
  bool valid = true;
  bool outdated = false;  // v2 only
  double latitude = 0;    // degrees WGS84, written with 6 decimals (~0.1 m)
  double longitude = 0;
  double altitude_m = 0;
  double speed_knots = 0;
  double course_deg = 0;
  double accuracy_m = 0;
  int satellites = 0;
  bool ignition = false;
  bool motion = false;
  double odometer_m = 0;
  double hdop = 0;
  std::optional<int> rssi{};  // absent: not written
};

enum class GpsEventType : std::uint8_t { kGeofenceEnter, kGeofenceExit, kIgnitionOn, kIgnitionOff };

struct GpsEvent {
  GpsEventType type = GpsEventType::kGeofenceEnter;
  std::int64_t device_id = 0;
  std::int64_t event_time_ns = 0;
  std::int64_t geofence_id = 0;   // 0 for ignition events (Traccar writes 0 too)
  std::int64_t position_id = 0;   // v2 only
};

enum class TelematicsMessage : std::uint8_t { kPosition, kEvent };

std::span<const FieldSpec> fields(TelematicsMessage kind);
std::string_view to_string(GpsEventType type);  // "geofenceEnter", ...

void write_gps_position(std::string& out, const GpsPosition& position, const WriteOptions& options = {});
void write_gps_event(std::string& out, const GpsEvent& event, const WriteOptions& options = {});

}  // namespace chaintwin::formats
