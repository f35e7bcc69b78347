#include "generators/formats/telematics.hpp"

#include "generators/formats/time_format.hpp"

namespace chaintwin::formats {

namespace {

constexpr FieldSpec kPositionFields[] = {
    {"deviceId", true},
    {"protocol", false},
    {"serverTime", false},
    {"deviceTime", true},
    {"fixTime", true},
    {"outdated", false, {}, true},
    {"valid", true},
    {"latitude", true},
    {"longitude", true},
    {"altitude", false},
    {"speed", false},
    {"course", false},
    {"accuracy", false},
    {"attributes", false},
    {"attributes.sat", false},
    {"attributes.ignition", false},
    {"attributes.motion", false},
    {"attributes.odometer", false, "attributes.totalDistance"},
    {"attributes.hdop", false},
    {"attributes.rssi", false},
};

constexpr FieldSpec kEventFields[] = {
    {"type", true}, {"deviceId", true}, {"eventTime", true}, {"geofenceId", false}, {"positionId", false, {}, true},
};

void traccar_time(JsonWriter& w, std::string_view name, std::int64_t unix_ns) {
  w.key(name).begin_string();
  append_iso8601(w.out(), unix_ns, 0);
  w.end_string();
}

}  // namespace

std::span<const FieldSpec> fields(TelematicsMessage kind) {
  return kind == TelematicsMessage::kPosition ? std::span<const FieldSpec>(kPositionFields)
                                              : std::span<const FieldSpec>(kEventFields);
}

std::string_view to_string(GpsEventType type) {
  switch (type) {
    case GpsEventType::kGeofenceEnter: return "geofenceEnter";
    case GpsEventType::kGeofenceExit: return "geofenceExit";
    case GpsEventType::kIgnitionOn: return "ignitionOn";
    case GpsEventType::kIgnitionOff: return "ignitionOff";
  }
  return "geofenceEnter";
}

void write_gps_position(std::string& out, const GpsPosition& p, const WriteOptions& options) {
  JsonWriter w(out);
  const bool v2 = options.v2();
  w.begin_object();
  if (options.writes("deviceId")) w.key("deviceId").value(p.device_id);
  if (options.writes("protocol")) w.key("protocol").value(p.protocol);
  if (p.server_time_ns && options.writes("serverTime")) traccar_time(w, "serverTime", *p.server_time_ns);
  if (options.writes("deviceTime")) traccar_time(w, "deviceTime", p.device_time_ns);
  if (options.writes("fixTime")) traccar_time(w, "fixTime", p.fix_time_ns);
  if (v2 && options.writes("outdated")) w.key("outdated").value(p.outdated);
  if (options.writes("valid")) w.key("valid").value(p.valid);
  if (options.writes("latitude")) w.key("latitude").value_fixed(p.latitude, 6);
  if (options.writes("longitude")) w.key("longitude").value_fixed(p.longitude, 6);
  if (options.writes("altitude")) w.key("altitude").value_fixed(p.altitude_m, 1);
  if (options.writes("speed")) w.key("speed").value_fixed(p.speed_knots, 2);
  if (options.writes("course")) w.key("course").value_fixed(p.course_deg, 1);
  if (options.writes("accuracy")) w.key("accuracy").value_fixed(p.accuracy_m, 1);
  if (options.writes("attributes")) {
    w.key("attributes").begin_object();
    if (options.writes("attributes.sat")) w.key("sat").value(p.satellites);
    if (options.writes("attributes.ignition")) w.key("ignition").value(p.ignition);
    if (options.writes("attributes.motion")) w.key("motion").value(p.motion);
    if (options.writes("attributes.odometer")) w.key(v2 ? "totalDistance" : "odometer").value_fixed(p.odometer_m, 0);
    if (options.writes("attributes.hdop")) w.key("hdop").value_fixed(p.hdop, 1);
    if (p.rssi && options.writes("attributes.rssi")) w.key("rssi").value(*p.rssi);
    w.end_object();
  }
  w.end_object();
}

void write_gps_event(std::string& out, const GpsEvent& e, const WriteOptions& options) {
  JsonWriter w(out);
  w.begin_object();
  if (options.writes("type")) w.key("type").value(to_string(e.type));
  if (options.writes("deviceId")) w.key("deviceId").value(e.device_id);
  if (options.writes("eventTime")) traccar_time(w, "eventTime", e.event_time_ns);
  if (options.writes("geofenceId")) w.key("geofenceId").value(e.geofence_id);
  if (options.v2() && options.writes("positionId")) w.key("positionId").value(e.position_id);
  w.end_object();
}

}  // namespace chaintwin::formats
