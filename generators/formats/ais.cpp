#include "generators/formats/ais.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>

#include "generators/formats/time_format.hpp"

namespace chaintwin::formats {

namespace {

constexpr std::size_t kType1Bits = 168;
constexpr std::size_t kType1Chars = kType1Bits / 6;

constexpr FieldSpec kVesselPositionFields[] = {
    {"MMSI", true},        {"BaseDateTime", true}, {"LAT", true},        {"LON", true},
    {"SOG", false},        {"COG", false},         {"Heading", false, "TrueHeading"},
    {"VesselName", false}, {"IMO", false},         {"CallSign", false},  {"VesselType", false},
    {"Status", false},     {"TransceiverClass", false, {}, true},
};

// Big-endian bit packing over a byte buffer, as the AIS payload orders its bits.
class BitWriter {
 public:
  void put(std::uint32_t value, unsigned width) {
    for (unsigned i = width; i-- > 0;) {
      if ((value >> i) & 1u) bytes_[position_ / 8] |= static_cast<std::uint8_t>(0x80u >> (position_ % 8));
      ++position_;
    }
  }
  void put_signed(std::int32_t value, unsigned width) {
    put(static_cast<std::uint32_t>(value) & ((1u << width) - 1u), width);
  }
  unsigned sixbit(std::size_t index) const {
    unsigned v = 0;
    for (std::size_t bit = index * 6; bit < index * 6 + 6; ++bit) v = (v << 1) | ((bytes_[bit / 8] >> (7 - bit % 8)) & 1u);
    return v;
  }

 private:
  std::array<std::uint8_t, kType1Bits / 8> bytes_{};
  std::size_t position_ = 0;
};

class BitReader {
 public:
  explicit BitReader(std::string_view payload) : payload_(payload) {}
  bool valid() const {
    for (char c : payload_) {
      if (c < '0' || c > 'w' || (c > 'W' && c < '`')) return false;
    }
    return true;
  }
  std::size_t bits() const { return payload_.size() * 6; }
  std::uint32_t get(unsigned width) {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < width; ++i, ++position_) {
      unsigned six = static_cast<unsigned>(payload_[position_ / 6]) - 48u;
      if (six > 40) six -= 8;
      v = (v << 1) | ((six >> (5 - position_ % 6)) & 1u);
    }
    return v;
  }
  std::int32_t get_signed(unsigned width) {
    const std::uint32_t raw = get(width);
    const std::uint32_t sign = 1u << (width - 1);
    return static_cast<std::int32_t>(raw ^ sign) - static_cast<std::int32_t>(sign);
  }

 private:
  std::string_view payload_;
  std::size_t position_ = 0;
};

char armour(unsigned six) { return static_cast<char>(six < 40 ? six + 48 : six + 56); }

std::uint8_t checksum(std::string_view body) {
  std::uint8_t x = 0;
  for (char c : body) x ^= static_cast<std::uint8_t>(c);
  return x;
}

std::optional<unsigned> hex_byte(std::string_view two) {
  unsigned value = 0;
  if (two.size() != 2) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(two.data(), two.data() + 2, value, 16);
  if (ec != std::errc() || ptr != two.data() + 2) return std::nullopt;
  return value;
}

}  // namespace

std::optional<double> AisPositionReport::longitude() const {
  if (lon_ten_thousandths_min == kAisLonNotAvailable) return std::nullopt;
  return lon_ten_thousandths_min / 600'000.0;
}
std::optional<double> AisPositionReport::latitude() const {
  if (lat_ten_thousandths_min == kAisLatNotAvailable) return std::nullopt;
  return lat_ten_thousandths_min / 600'000.0;
}
std::optional<double> AisPositionReport::sog_knots() const {
  if (sog_tenths == kAisSogNotAvailable) return std::nullopt;
  return sog_tenths / 10.0;
}
std::optional<double> AisPositionReport::cog_degrees() const {
  if (cog_tenths >= kAisCogNotAvailable) return std::nullopt;
  return cog_tenths / 10.0;
}
std::optional<unsigned> AisPositionReport::true_heading() const {
  if (heading == kAisHeadingNotAvailable) return std::nullopt;
  return heading;
}

AisPositionReport make_ais_position_report(std::uint32_t mmsi, unsigned nav_status, const AisKinematics& k) {
  AisPositionReport r;
  r.mmsi = mmsi;
  r.nav_status = nav_status;
  if (k.longitude) r.lon_ten_thousandths_min = static_cast<std::int32_t>(std::lround(*k.longitude * 600'000.0));
  if (k.latitude) r.lat_ten_thousandths_min = static_cast<std::int32_t>(std::lround(*k.latitude * 600'000.0));
  if (k.sog_knots) r.sog_tenths = static_cast<unsigned>(std::clamp(std::lround(*k.sog_knots * 10.0), 0L, 1022L));
  if (k.cog_degrees) r.cog_tenths = static_cast<unsigned>(std::clamp(std::lround(*k.cog_degrees * 10.0), 0L, 3599L));
  if (k.heading) r.heading = *k.heading % 360;
  if (k.second) r.second = std::min(*k.second, 59u);
  return r;
}

void append_ais_payload(std::string& out, const AisPositionReport& r) {
  BitWriter bits;
  bits.put(r.message_type, 6);
  bits.put(r.repeat, 2);
  bits.put(r.mmsi, 30);
  bits.put(r.nav_status, 4);
  bits.put_signed(r.turn, 8);
  bits.put(r.sog_tenths, 10);
  bits.put(r.position_accuracy ? 1 : 0, 1);
  bits.put_signed(r.lon_ten_thousandths_min, 28);
  bits.put_signed(r.lat_ten_thousandths_min, 27);
  bits.put(r.cog_tenths, 12);
  bits.put(r.heading, 9);
  bits.put(r.second, 6);
  bits.put(r.maneuver, 2);
  bits.put(r.spare, 3);
  bits.put(r.raim ? 1 : 0, 1);
  bits.put(r.radio_status, 19);
  for (std::size_t i = 0; i < kType1Chars; ++i) out += armour(bits.sixbit(i));
}

void append_nmea_checksum(std::string& out, std::string_view body) {
  constexpr char kHex[] = "0123456789ABCDEF";
  const std::uint8_t x = checksum(body);
  out += kHex[x >> 4];
  out += kHex[x & 0xF];
}

void write_aivdm(std::string& out, const AisPositionReport& report, char channel,
                 std::optional<std::int64_t> receive_time_ns, const WriteOptions& options) {
  if (options.v2() && receive_time_ns) {
    const std::int64_t ns = *receive_time_ns;
    const std::int64_t seconds = ns / kNanosPerSecond - (ns % kNanosPerSecond < 0 ? 1 : 0);
    out += '\\';
    const std::size_t tag_start = out.size();
    out += "c:";
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, seconds);
    out.append(buffer, result.ptr);
    const std::size_t tag_size = out.size() - tag_start;
    out += '*';
    append_nmea_checksum(out, std::string_view(out).substr(tag_start, tag_size));
    out += '\\';
  }
  const std::size_t body_start = out.size() + 1;  // after '!'
  out += "!AIVDM,1,1,,";
  out += channel;
  out += ',';
  append_ais_payload(out, report);
  out += ",0";
  const std::size_t body_size = out.size() - body_start;
  out += '*';
  append_nmea_checksum(out, std::string_view(out).substr(body_start, body_size));
}

std::optional<AisPositionReport> decode_aivdm(std::string_view s) {
  if (!s.empty() && s.front() == '\\') {  // NMEA 4.0 tag block
    const std::size_t end = s.find('\\', 1);
    if (end == std::string_view::npos) return std::nullopt;
    s.remove_prefix(end + 1);
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  const std::size_t star = s.rfind('*');
  if (s.size() < 7 || s.front() != '!' || star == std::string_view::npos) return std::nullopt;
  const auto expected = hex_byte(s.substr(star + 1));
  if (!expected || *expected != checksum(s.substr(1, star - 1))) return std::nullopt;
  // !AIVDM,<count>,<number>,<seq>,<channel>,<payload>,<fill>
  std::string_view parts[7];
  std::string_view rest = s.substr(1, star - 1);
  for (int i = 0; i < 7; ++i) {
    const std::size_t comma = i < 6 ? rest.find(',') : rest.size();
    if (comma == std::string_view::npos) return std::nullopt;
    parts[i] = rest.substr(0, comma);
    rest = comma < rest.size() ? rest.substr(comma + 1) : std::string_view{};
  }
  if ((parts[0] != "AIVDM" && parts[0] != "AIVDO") || parts[1] != "1" || parts[2] != "1") return std::nullopt;
  BitReader bits(parts[5]);
  if (!bits.valid() || bits.bits() < kType1Bits) return std::nullopt;
  AisPositionReport r;
  r.message_type = bits.get(6);
  if (r.message_type < 1 || r.message_type > 3) return std::nullopt;
  r.repeat = bits.get(2);
  r.mmsi = bits.get(30);
  r.nav_status = bits.get(4);
  r.turn = bits.get_signed(8);
  r.sog_tenths = bits.get(10);
  r.position_accuracy = bits.get(1) != 0;
  r.lon_ten_thousandths_min = bits.get_signed(28);
  r.lat_ten_thousandths_min = bits.get_signed(27);
  r.cog_tenths = bits.get(12);
  r.heading = bits.get(9);
  r.second = bits.get(6);
  r.maneuver = bits.get(2);
  r.spare = bits.get(3);
  r.raim = bits.get(1) != 0;
  r.radio_status = bits.get(19);
  return r;
}

std::span<const FieldSpec> fields(AisMessage kind) {
  if (kind == AisMessage::kVesselPositionJson) return kVesselPositionFields;
  return {};
}

void write_ais_position_json(std::string& out, const AisVesselPosition& p, const WriteOptions& options) {
  JsonWriter w(out);
  const bool v2 = options.v2();
  w.begin_object();
  if (options.writes("MMSI")) w.key("MMSI").value(std::uint64_t{p.mmsi});
  if (options.writes("BaseDateTime")) {
    w.key("BaseDateTime").begin_string();
    append_iso8601(out, p.base_time_ns, 0, Fraction::kNone, ZoneSuffix::kNone);
    w.end_string();
  }
  if (options.writes("LAT")) w.key("LAT").value_fixed(p.latitude, 5);
  if (options.writes("LON")) w.key("LON").value_fixed(p.longitude, 5);
  if (options.writes("SOG")) w.key("SOG").value_fixed(p.sog_knots, 1);
  if (options.writes("COG")) w.key("COG").value_fixed(p.cog_degrees, 1);
  if (options.writes("Heading")) w.key(v2 ? "TrueHeading" : "Heading").value(p.heading);
  if (options.writes("VesselName")) w.key("VesselName").value(p.vessel_name);
  if (options.writes("IMO")) w.key("IMO").value(p.imo);
  if (options.writes("CallSign")) w.key("CallSign").value(p.call_sign);
  if (options.writes("VesselType")) w.key("VesselType").value(p.vessel_type);
  if (options.writes("Status")) w.key("Status").value(p.nav_status);
  if (v2 && options.writes("TransceiverClass")) w.key("TransceiverClass").value(std::string_view(&p.transceiver_class, 1));
  w.end_object();
}

}  // namespace chaintwin::formats
