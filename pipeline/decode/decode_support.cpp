#include "pipeline/decode/decode_support.hpp"

#include <bit>
#include <cmath>
#include <cstring>

#include "generators/formats/time_format.hpp"

namespace chaintwin::pipeline::detail {

namespace {

constexpr std::uint64_t kMul1 = 0x9e3779b97f4a7c15ull;
constexpr std::uint64_t kMul2 = 0xbf58476d1ce4e5b9ull;

constexpr std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 31;
  h *= kMul2;
  h ^= h >> 29;
  return h;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `count` digits at `text[at]` as a number, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  // Four independent lanes of 8 bytes: the multiplications of one step overlap (payloads are hundreds of bytes).
  std::uint64_t lanes[4] = {seed ^ kMul1, seed ^ kMul2, ~seed ^ kMul1, ~seed ^ kMul2};
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  for (; left >= 32; p += 32, left -= 32) {
    for (int i = 0; i < 4; ++i) {
      std::uint64_t word;
      std::memcpy(&word, p + 8 * i, 8);
      lanes[i] = std::rotl((lanes[i] ^ word) * kMul1, 31);
    }
  }
  std::uint64_t h = bytes.size() * kMul2;
  for (std::uint64_t lane : lanes) h = mix((h ^ lane) * kMul1);
  for (; left >= 8; p += 8, left -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = mix((h ^ word) * kMul1);
  }
  std::uint64_t tail = 0;
  if (left > 0) std::memcpy(&tail, p, left);  // an empty view's data() may be null
  return mix((h ^ tail ^ (std::uint64_t{left} << 59)) * kMul1);
}

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < kFirstYear || year > kLastYear || month < 1 || month > 12 || day < 1 || day > 31 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  const std::int64_t days = formats::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (formats::civil_from_days(days).day != static_cast<unsigned>(day)) return std::nullopt;  // 2025-02-30
  std::int64_t ns = days * formats::kNanosPerDay;
  if (text.size() == 10) return ns;
  const int hour = digits(text, 11, 2);
  const int minute = digits(text, 14, 2);
  const int second = digits(text, 17, 2);
  // The digits first: they prove the text is long enough for the separators.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  ns += (hour * 3600LL + minute * 60LL + second) * formats::kNanosPerSecond;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    std::int64_t scale = formats::kNanosPerSecond;
    std::size_t first = ++at;
    for (; at < text.size() && is_digit(text[at]); ++at) {
      scale /= 10;
      ns += (text[at] - '0') * scale;  // digits beyond ns add 0
    }
    if (at == first) return std::nullopt;
  }
  if (at == text.size()) return ns;  // no zone: UTC (MarineCadastre's BaseDateTime)
  if (text[at] == 'Z') return at + 1 == text.size() ? std::optional<std::int64_t>(ns) : std::nullopt;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int offset_hours = digits(text, at + 1, 2);
  const int offset_minutes = digits(text, at + 4, 2);
  if (at + 6 != text.size() || text[at + 3] != ':' || offset_hours < 0 || offset_hours > 23 || offset_minutes < 0 ||
      offset_minutes > 59)
    return std::nullopt;
  const std::int64_t offset = (offset_hours * 60LL + offset_minutes) * kNanosPerMinute;
  return text[at] == '+' ? ns - offset : ns + offset;  // local = UTC + offset
}

std::optional<double> parse_duration_hours(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return std::nullopt;
  double hours = 0.0;
  bool time_part = false;
  bool any = false;
  std::size_t at = 1;
  while (at < text.size()) {
    if (text[at] == 'T' && !time_part) {
      time_part = true;
      ++at;
      continue;
    }
    std::size_t end = at;
    double value = 0.0;
    for (; end < text.size() && is_digit(text[end]) && end - at < 9; ++end) value = value * 10 + (text[end] - '0');
    if (end == at || end == text.size()) return std::nullopt;
    const char unit = text[end];
    if (!time_part && unit == 'D') {
      hours += 24.0 * value;
    } else if (time_part && unit == 'H') {
      hours += value;
    } else if (time_part && unit == 'M') {
      hours += value / 60.0;
    } else if (time_part && unit == 'S') {
      hours += value / 3600.0;
    } else {
      return std::nullopt;
    }
    any = true;
    at = end + 1;
  }
  return any ? std::optional<double>(hours) : std::nullopt;
}

std::uint64_t entity_of(std::string_view id) {
  std::size_t at = 0;
  while (at < id.size() && ((id[at] >= 'A' && id[at] <= 'Z') || (id[at] >= 'a' && id[at] <= 'z'))) ++at;
  const std::size_t count = id.size() - at;
  if (count == 0 || count > 18) return hash_bytes(id);
  std::uint64_t value = 0;
  for (; at < id.size(); ++at) {
    if (!is_digit(id[at])) return hash_bytes(id);
    value = value * 10 + static_cast<std::uint64_t>(id[at] - '0');
  }
  return value;
}

std::string_view cbv_word(std::string_view value, bool& uri) {
  constexpr std::string_view kWebVocabulary = "https://ref.gs1.org/cbv/";
  if (value.substr(0, kWebVocabulary.size()) != kWebVocabulary) return value;
  uri = true;
  value.remove_prefix(kWebVocabulary.size());
  const std::size_t dash = value.find('-');  // BizStep-, Disp-, BTT-, SDT-
  return dash == std::string_view::npos ? value : value.substr(dash + 1);
}

std::string_view without_padding(std::string_view id) {
  while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
  return id;
}

std::optional<std::int64_t> whole_units(double value) {
  if (!(std::abs(value) < 1e15) || value != std::floor(value)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

bool Context::location(LocationIndex (MasterData::*lookup)(std::string_view) const, std::string_view id,
                       std::string_view field, LocationIndex& index) {
  index = (master.*lookup)(id);
  return index != kUnknown || fail(error, "unknown location '", id, "' in '", field, "'");
}

bool Context::product(SkuIndex (MasterData::*lookup)(std::string_view) const, std::string_view id,
                      std::string_view field, SkuIndex& index) {
  index = (master.*lookup)(id);
  return index != kUnknown || fail(error, "unknown product '", id, "' in '", field, "'");
}

LocationIndex Context::location_of_key() const {
  std::string_view rest = key;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const LocationIndex index = master.location_by_name(rest.substr(0, slash));
    if (index != kUnknown) return index;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return kUnknown;
}

bool json_fail(std::string& error, simdjson::error_code code) {
  return fail(error, "not valid JSON (", simdjson::error_message(code), ")");
}

std::string_view first_missing(std::span<const Member> members, std::uint32_t seen, std::uint32_t required) {
  const std::uint32_t missing = required & ~seen;
  if (missing == 0) return {};
  for (const Member& m : members)
    if ((missing >> m.slot & 1u) != 0 && !m.v2) return m.name;
  return "?";
}

bool check_required(std::span<const Member> members, const Scalars& s, std::uint32_t required, std::string& error,
                    std::string_view prefix) {
  const std::string_view missing = first_missing(members, s.seen, required);
  return missing.empty() || fail(error, "missing required field '", prefix, missing, "'");
}

}  // namespace chaintwin::pipeline::detail
