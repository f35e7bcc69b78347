// Time stamps as the message formats write them, from integer nanoseconds since the Unix epoch.
//
// Simulated time is int64 ns since a scenario epoch: unix_ns = sim_ns + epoch_unix_ns (to_unix_ns). Offsets are fixed
// minutes east of UTC chosen by the caller (no time-zone database: the caller knows the site's offset). Calendar
// arithmetic is Howard Hinnant's civil_from_days / days_from_civil (proleptic Gregorian, integers only), so output is
// identical on every platform. Times before 1970 work (floor division). Cost: a few integer divisions per stamp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chaintwin::formats {

inline constexpr std::int64_t kNanosPerMilli = 1'000'000;
inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr std::int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

constexpr std::int64_t to_unix_ns(std::int64_t sim_ns, std::int64_t epoch_unix_ns) { return sim_ns + epoch_unix_ns; }

// Floor division: the millisecond containing the instant, also before 1970 (-1 ns -> -1 ms).
constexpr std::int64_t unix_ms(std::int64_t unix_ns) {
  const std::int64_t q = unix_ns / kNanosPerMilli;
  return (unix_ns % kNanosPerMilli < 0) ? q - 1 : q;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 -> calendar date, and back (Hinnant, "chrono-Compatible Low-Level Date Algorithms").
CivilDate civil_from_days(std::int64_t days_since_epoch);
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
// Unix ns of midnight UTC starting the given date (handy in tests and scenarios).
std::int64_t unix_ns_from_civil(std::int64_t year, unsigned month, unsigned day, unsigned hour = 0,
                                unsigned minute = 0, unsigned second = 0);

enum class Fraction : std::uint8_t { kNone, kMillis };
enum class ZoneSuffix : std::uint8_t {
  kOffset,  // "+01:00", "-05:00", "+00:00"
  kZulu,    // "Z" (use with offset 0: the wall time is UTC)
  kNone,    // no zone designator: local wall time as some CSV feeds write it
};

// Appends the wall time at `offset_minutes` east of UTC: "2025-03-21T15:30:12.000+01:00".
// Requires |offset_minutes| < 24 h; years outside 0000..9999 are written with as many digits as needed.
void append_iso8601(std::string& out, std::int64_t unix_ns, int offset_minutes, Fraction fraction = Fraction::kMillis,
                    ZoneSuffix suffix = ZoneSuffix::kOffset);
// UTC with "Z": "2025-03-21T14:30:12.000Z".
void append_iso8601_utc(std::string& out, std::int64_t unix_ns, Fraction fraction = Fraction::kMillis);
// Reads what append_iso8601_utc writes: "2025-03-21T14:30:12Z" with no fraction or up to 9 digits of one, and
// "Z". nullopt for anything else (an offset, a missing part, an impossible month...).
std::optional<std::int64_t> parse_iso8601_utc(std::string_view text);
// "+01:00" / "-05:30" / "+00:00" (EPCIS eventTimeZoneOffset).
void append_utc_offset(std::string& out, int offset_minutes);
// Date only at the given offset: "2025-03-21".
void append_iso_date(std::string& out, std::int64_t unix_ns, int offset_minutes);
// X12 style: CCYYMMDD ("20250321"), YYMMDD ("250321", ISA09) and HHMM ("1530"), at the given offset.
void append_ccyymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes);
void append_yymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes);
void append_hhmm(std::string& out, std::int64_t unix_ns, int offset_minutes);

}  // namespace chaintwin::formats
