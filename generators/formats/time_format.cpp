#include "generators/formats/time_format.hpp"

#include <cassert>
#include <charconv>
#include <cstdlib>

namespace chaintwin::formats {

namespace {

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Appends `value` zero-padded to `width` digits (value >= 0).
void append_padded(std::string& out, std::int64_t value, int width) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  for (auto digits = result.ptr - buffer; digits < width; ++digits) out += '0';
  out.append(buffer, result.ptr);
}

void append_year(std::string& out, std::int64_t year) {
  if (year < 0) {
    out += '-';
    year = -year;
  }
  append_padded(out, year, 4);
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
  out += offset_minutes < 0 ? '-' : '+';
  const int magnitude = std::abs(offset_minutes);
  append_padded(out, magnitude / 60, 2);
  out += ':';
  append_padded(out, magnitude % 60, 2);
}

void append_iso8601(std::string& out, std::int64_t unix_ns, int offset_minutes, Fraction fraction,
                    ZoneSuffix suffix) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  append_year(out, t.date.year);
  out += '-';
  append_padded(out, t.date.month, 2);
  out += '-';
  append_padded(out, t.date.day, 2);
  out += 'T';
  append_padded(out, t.hour, 2);
  out += ':';
  append_padded(out, t.minute, 2);
  out += ':';
  append_padded(out, t.second, 2);
  if (fraction == Fraction::kMillis) {
    out += '.';
    append_padded(out, t.millis, 3);
  }
  switch (suffix) {
    case ZoneSuffix::kOffset: append_utc_offset(out, offset_minutes); break;
    case ZoneSuffix::kZulu: out += 'Z'; break;
    case ZoneSuffix::kNone: break;
  }
}

void append_iso8601_utc(std::string& out, std::int64_t unix_ns, Fraction fraction) {
  append_iso8601(out, unix_ns, 0, fraction, ZoneSuffix::kZulu);
}

void append_iso_date(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  append_year(out, t.date.year);
  out += '-';
  append_padded(out, t.date.month, 2);
  out += '-';
  append_padded(out, t.date.day, 2);
}

void append_ccyymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  append_year(out, t.date.year);
  append_padded(out, t.date.month, 2);
  append_padded(out, t.date.day, 2);
}

void append_yymmdd(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  const std::int64_t year_mod = t.date.year % 100;
  append_padded(out, year_mod < 0 ? year_mod + 100 : year_mod, 2);
  append_padded(out, t.date.month, 2);
  append_padded(out, t.date.day, 2);
}

void append_hhmm(std::string& out, std::int64_t unix_ns, int offset_minutes) {
  const LocalTime t = to_local(unix_ns, offset_minutes);
  append_padded(out, t.hour, 2);
  append_padded(out, t.minute, 2);
}

}  // namespace chaintwin::formats
