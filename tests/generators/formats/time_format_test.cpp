#include "generators/formats/time_format.hpp"

#include <gtest/gtest.h>

namespace chaintwin::formats {
namespace {

std::string iso(std::int64_t unix_ns, int offset, Fraction f = Fraction::kMillis, ZoneSuffix s = ZoneSuffix::kOffset) {
  std::string out;
  append_iso8601(out, unix_ns, offset, f, s);
  return out;
}

TEST(CivilDays, KnownDatesAndRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  const CivilDate d = civil_from_days(20168);  // 2025-03-21
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.month, 3u);
  EXPECT_EQ(d.day, 21u);
  for (std::int64_t day = -800'000; day <= 800'000; day += 37) {
    const CivilDate c = civil_from_days(day);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), day);
  }
}

TEST(Iso8601, ExampleFromTheSpecWithOffsetAndZulu) {
  const std::int64_t t = unix_ns_from_civil(2025, 3, 21, 14, 30, 12);
  EXPECT_EQ(iso(t, 60), "2025-03-21T15:30:12.000+01:00");
  std::string z;
  append_iso8601_utc(z, t, Fraction::kNone);
  EXPECT_EQ(z, "2025-03-21T14:30:12Z");
  EXPECT_EQ(t / kNanosPerSecond, 1742567412);  // cross-checked with date -u -d @1742567412
}

TEST(Iso8601, MillisecondsTruncateNotRound) {
  const std::int64_t t = unix_ns_from_civil(2025, 3, 21, 14, 30, 12) + 999'999'999;
  EXPECT_EQ(iso(t, 0), "2025-03-21T14:30:12.999+00:00");
}

TEST(Iso8601, LeapYears) {
  EXPECT_EQ(iso(unix_ns_from_civil(2024, 2, 28, 23, 59, 59) + kNanosPerSecond, 0), "2024-02-29T00:00:00.000+00:00");
  EXPECT_EQ(iso(unix_ns_from_civil(2023, 2, 28, 23, 59, 59) + kNanosPerSecond, 0), "2023-03-01T00:00:00.000+00:00");
  EXPECT_EQ(iso(unix_ns_from_civil(2000, 2, 28, 12, 0, 0) + kNanosPerDay, 0), "2000-02-29T12:00:00.000+00:00");
  EXPECT_EQ(iso(unix_ns_from_civil(2100, 2, 28, 12, 0, 0) + kNanosPerDay, 0), "2100-03-01T12:00:00.000+00:00");
}

TEST(Iso8601, NegativeAndHalfHourOffsetsCrossDayBoundaries) {
  const std::int64_t new_year_utc = unix_ns_from_civil(2025, 1, 1, 2, 15, 0);
  EXPECT_EQ(iso(new_year_utc, -5 * 60), "2024-12-31T21:15:00.000-05:00");
  EXPECT_EQ(iso(new_year_utc, -(3 * 60 + 30)), "2024-12-31T22:45:00.000-03:30");
  EXPECT_EQ(iso(unix_ns_from_civil(2025, 12, 31, 20, 0, 0), 5 * 60 + 30), "2026-01-01T01:30:00.000+05:30");
  std::string offset;
  append_utc_offset(offset, -30);
  EXPECT_EQ(offset, "-00:30");
}

TEST(Iso8601, BeforeTheEpochUsesFloorDivision) {
  EXPECT_EQ(iso(-1, 0), "1969-12-31T23:59:59.999+00:00");
  EXPECT_EQ(iso(-kNanosPerDay, 0, Fraction::kNone, ZoneSuffix::kZulu), "1969-12-31T00:00:00Z");
  EXPECT_EQ(unix_ms(-1), -1);
  EXPECT_EQ(unix_ms(-1'000'000), -1);
  EXPECT_EQ(unix_ms(1'999'999), 1);
}

TEST(Iso8601, NoZoneSuffixForLocalCsvTimes) {
  EXPECT_EQ(iso(unix_ns_from_civil(2023, 1, 1, 0, 0, 1), 0, Fraction::kNone, ZoneSuffix::kNone), "2023-01-01T00:00:01");
}

TEST(SimTime, ScenarioEpochIsAnOffset) {
  const std::int64_t epoch = unix_ns_from_civil(2025, 3, 21);
  EXPECT_EQ(to_unix_ns(90 * kNanosPerMinute, epoch), unix_ns_from_civil(2025, 3, 21, 1, 30, 0));
  EXPECT_EQ(unix_ms(to_unix_ns(1'500'000, epoch)), epoch / kNanosPerMilli + 1);
}

TEST(X12Dates, DateAndTimeAtAnOffset) {
  const std::int64_t t = unix_ns_from_civil(2025, 3, 21, 14, 30, 59);
  std::string out;
  append_ccyymmdd(out, t, -6 * 60);
  out += '|';
  append_yymmdd(out, t, 0);
  out += '|';
  append_hhmm(out, t, -6 * 60);
  out += '|';
  append_hhmm(out, unix_ns_from_civil(2025, 3, 21, 23, 59, 0), 60);
  out += '|';
  append_iso_date(out, unix_ns_from_civil(2025, 3, 21, 23, 59, 0), 60);
  EXPECT_EQ(out, "20250321|250321|0830|0059|2025-03-22");
}

}  // namespace
}  // namespace chaintwin::formats
