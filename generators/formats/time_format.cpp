#include "generators/formats/time_format.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstdlib>

namespace chaintwin::formats {

namespace {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Writes `value` (0..99) as two digits at `at`; returns the end.
char* two_digits(char* at, unsigned value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
  return at + 2;
}

// Writes `value` (>= 0) zero-padded to `width` digits at `at`, `at` having room for 20 characters; returns the end.
char* padded_digits(char* at, std::int64_t value, int width) {
  char digits[20];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  for (auto n = result.ptr - digits; n < width; ++n) *at++ = '0';
  return std::copy(digits, result.ptr, at);
}

// Years 0000..9999 as four digits, others with a sign or as many digits as they need.
char* year_digits(char* at, std::int64_t year) {
  if (year >= 0 && year <= 9999) {
    return two_digits(two_digits(at, static_cast<unsigned>(year / 100)), static_cast<unsigned>(year % 100));
  }
  if (year < 0) {
    *at++ = '-';
    year = -year;
  }
  return padded_digits(at, year, 4);
}

// Every stamp is composed in one of these and appended at once: far cheaper than appending piece by piece.
using StampBuffer = std::array<char, 64>;

char* offset_digits(char* at, int offset_minutes) {
  *at++ = offset_minutes < 0 ? '-' : '+';
  const auto magnitude = static_cast<unsigned>(std::abs(offset_minutes));
  at = two_digits(at, magnitude / 60);
  *at++ = ':';
  return two_digits(at, magnitude % 60);
}

char* date_digits(char* at, const CivilDate& date, bool dashes) {
  at = year_digits(at, date.year);
  if (dashes) *at++ = '-';
  at = two_digits(at, date.month);
  if (dashes) *at++ = '-';
  return two_digits(at, date.day);
}

struct LocalTime {
  CivilDate date;
  unsigned hour, minute, second, millis;
};

LocalTime to_local(std::int64_t unix_ns, int offset_minutes) {
  assert(std::abs(offset_minutes) < 24 * 60);
  const std::int64_t local_ns = unix_ns + offset_minutes * kNanosPerMinute;
  const std::int64_t days = floor_div(local_ns, kNanosPerDay);
  const std::int64_t ns_of_day = local_ns - days * kNanosPerDay;
  const auto ms_of_day = static_cast<unsigned>(ns_of_day / kNanosPerMilli);
  return {civil_from_days(days), ms_of_day / 3'600'000, ms_of_day / 60'000 % 60, ms_of_day / 1000 % 60,
          ms_of_day % 1000};
}

}  // namespace

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                     // [0, 11], March-based
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t unix_ns_from_civil(std::int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                                unsigned second) {
  return days_from_civil(year, month, day) * kNanosPerDay +
         static_cast<std::int64_t>(hour * 3600 + minute * 60 + second) * kNanosPerSecond;
}

void append_utc_offset(std::string& out, int offset_minutes) {
  StampBuffer b;
  out.append(b.data(), offset_digits(b.data(), offset_minutes));
}

void append_iso8601(std::string& out, std::int64_t unix_ns, int offset_minutes, Fraction fraction,
                    ZoneSuffix suffix) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  StampBuffer b;
  char* at = date_digits(b.data(), t.date, true);
  *at++ = 'T';
  at = two_digits(at, t.hour);
  *at++ = ':';
  at = two_digits(at, t.minute);
  *at++ = ':';
  at = two_digits(at, t.second);
  if (fraction == Fraction::kMillis) {
    *at++ = '.';
    *at++ = static_cast<char>('0' + t.millis / 100);
    at = two_digits(at, t.millis % 100);
  }
  switch (suffix) {
    case ZoneSuffix::kOffset: at = offset_digits(at, offset_minutes); break;
    case ZoneSuffix::kZulu: *at++ = 'Z'; break;
    case ZoneSuffix::kNone: break;
  }
  out.append(b.data(), at);
}

void append_iso8601_utc(std::string& out, std::int64_t unix_ns, Fraction fraction) {
  append_iso8601(out, unix_ns, 0, fraction, ZoneSuffix::kZulu);
}

void append_iso_date(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  StampBuffer b;
  out.append(b.data(), date_digits(b.data(), to_local(unix_ns, offset_minutes).date, true));
}

void append_ccyymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  StampBuffer b;
  out.append(b.data(), date_digits(b.data(), to_local(unix_ns, offset_minutes).date, false));
}

void append_yymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const CivilDate date = to_local(unix_ns, offset_minutes).date;
  const std::int64_t year_mod = date.year % 100;
  StampBuffer b;
  char* at = two_digits(b.data(), static_cast<unsigned>(year_mod < 0 ? year_mod + 100 : year_mod));
  at = two_digits(at, date.month);
  out.append(b.data(), two_digits(at, date.day));
}

void append_hhmm(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  StampBuffer b;
  out.append(b.data(), two_digits(two_digits(b.data(), t.hour), t.minute));
}

std::optional<std::int64_t> parse_iso8601_utc(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n, std::int64_t& v) {
    if (at + n > s.size()) return false;
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  std::int64_t year, month, day, hour, minute, second;
  if (s.size() < 20 || !digits(0, 4, year) || s[4] != '-' || !digits(5, 2, month) || s[7] != '-' ||
      !digits(8, 2, day) || s[10] != 'T' || !digits(11, 2, hour) || s[13] != ':' || !digits(14, 2, minute) ||
      s[16] != ':' || !digits(17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t at = 19;
  std::int64_t nanos = 0;
  if (s[at] == '.') {
    std::size_t n = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++n) {
      if (n == 9) return std::nullopt;
      nanos = nanos * 10 + (s[at] - '0');
    }
    if (n == 0) return std::nullopt;
    for (; n < 9; ++n) nanos *= 10;
  }
  if (at + 1 != s.size() || s[at] != 'Z') return std::nullopt;
  return unix_ns_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day),
                                     static_cast<unsigned>(hour), static_cast<unsigned>(minute),
                                     static_cast<unsigned>(second)) +
         nanos;
}

}  // namespace chaintwin::formats
