// AIS vessel positions: the raw NMEA 0183 sentence (!AIVDM, message type 1) and a decoded JSON record shaped like
// NOAA MarineCadastre's columns. Includes a type 1/2/3 decoder, used by tests and by anyone checking round trips.
//
// NMEA layout (ITU-R M.1371 type 1, 168 bits = 28 six-bit characters, 0 fill bits):
//   type 6 | repeat 2 | mmsi 30 | status 4 | turn 8 (signed) | sog 10 (0.1 kn) | accuracy 1 | lon 28 (signed,
//   1/10000 min) | lat 27 (signed) | cog 12 (0.1 deg) | heading 9 | second 6 | maneuver 2 | spare 3 | raim 1 |
//   radio 19.  Not available: lon 181, lat 91, sog 102.3, cog 360, heading 511, second 60, turn -128.
// Cost: bit packing into a 21-byte stack buffer; no allocation beyond the output string.
//
// Schema drift (v2): NMEA: a NMEA 4.0 tag block with the receiver's Unix time ("\c:1742567412*55\!AIVDM,...") as
// aggregators prepend; decoded JSON: "Heading" renamed "TrueHeading" and an added field "TransceiverClass".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats {

inline constexpr std::int32_t kAisLonNotAvailable = 181 * 600'000;
inline constexpr std::int32_t kAisLatNotAvailable = 91 * 600'000;
inline constexpr unsigned kAisSogNotAvailable = 1023;
inline constexpr unsigned kAisCogNotAvailable = 3600;
inline constexpr unsigned kAisHeadingNotAvailable = 511;
inline constexpr unsigned kAisSecondNotAvailable = 60;
inline constexpr int kAisTurnNotAvailable = -128;

// The fields of a position report (types 1-3) in their on-air integer units, so that decode/encode round-trips.
struct AisPositionReport {
  unsigned message_type = 1;
  unsigned repeat = 0;
  std::uint32_t mmsi = 0;
  unsigned nav_status = 15;            // 0 under way (engine), 1 at anchor, 5 moored, 15 undefined
  int turn = kAisTurnNotAvailable;     // ROT_AIS, -127..127; -128 not available
  unsigned sog_tenths = kAisSogNotAvailable;
  bool position_accuracy = false;
  std::int32_t lon_ten_thousandths_min = kAisLonNotAvailable;
  std::int32_t lat_ten_thousandths_min = kAisLatNotAvailable;
  unsigned cog_tenths = kAisCogNotAvailable;
  unsigned heading = kAisHeadingNotAvailable;
  unsigned second = kAisSecondNotAvailable;  // UTC second of the report
  unsigned maneuver = 0;
  unsigned spare = 0;
  bool raim = false;
  std::uint32_t radio_status = 0;

  // Degrees and knots, or nullopt for the not-available sentinels.
  std::optional<double> longitude() const;
  std::optional<double> latitude() const;
  std::optional<double> sog_knots() const;
  std::optional<double> cog_degrees() const;
  std::optional<unsigned> true_heading() const;
};

// Kinematics in everyday units; absent values become the not-available sentinels, the rest are rounded to AIS
// resolution (and clamped to the field's range: SOG 102.2 kn, COG < 360).
struct AisKinematics {
  std::optional<double> longitude{};
  std::optional<double> latitude{};
  std::optional<double> sog_knots{};
  std::optional<double> cog_degrees{};
  std::optional<unsigned> heading{};
  std::optional<unsigned> second{};  // UTC second of the fix
};
AisPositionReport make_ais_position_report(std::uint32_t mmsi, unsigned nav_status, const AisKinematics& kinematics);

// The 6-bit armoured payload of a type 1-3 report (28 characters; 0 fill bits).
void append_ais_payload(std::string& out, const AisPositionReport& report);
// "!AIVDM,1,1,,A,<payload>,0*<checksum>". v2 prepends a tag block with receive_time_ns (Unix seconds), if given.
void write_aivdm(std::string& out, const AisPositionReport& report, char channel = 'A',
                 std::optional<std::int64_t> receive_time_ns = std::nullopt, const WriteOptions& options = {});
// XOR of the characters between the leading '!'/'$' (or '\') and '*', as two upper-case hex digits.
void append_nmea_checksum(std::string& out, std::string_view body);
// Decodes a single-fragment !AIVDM/!AIVDO sentence of type 1, 2 or 3 (a leading tag block is skipped). nullopt if
// the checksum, the framing or the message type is wrong.
std::optional<AisPositionReport> decode_aivdm(std::string_view sentence);

// A decoded position as MarineCadastre publishes it. The caller passes sentinels (Heading 511, SOG 102.3) as-is.
struct AisVesselPosition {
  std::uint32_t mmsi = 0;
  std::int64_t base_time_ns = 0;  // Unix ns, written as UTC without zone ("2025-03-21T14:30:12")
  double latitude = 0;            // 5 decimals
  double longitude = 0;
  double sog_knots = 0;           // 1 decimal
  double cog_degrees = 0;         // 1 decimal
  unsigned heading = kAisHeadingNotAvailable;
  std::string_view vessel_name{};
  std::string_view imo{};        // "IMO9321483"
  std::string_view call_sign{};
  unsigned vessel_type = 0;      // AIS ship type (70 cargo, 80 tanker)
  unsigned nav_status = 15;
  char transceiver_class = 'A';  // v2 only
};

enum class AisMessage : std::uint8_t { kVesselPositionJson, kNmeaType1 };
// kNmeaType1 lists nothing: every bit field is always present (absence is expressed by the sentinels).
std::span<const FieldSpec> fields(AisMessage kind);

void write_ais_position_json(std::string& out, const AisVesselPosition& position, const WriteOptions& options = {});

}  // namespace chaintwin::formats
