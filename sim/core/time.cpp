#include "sim/core/time.hpp"

#include <cstdio>
#include <ostream>

namespace chaintwin::sim {

std::string to_string(SimTime t) {
  // Magnitude in uint64: negating INT64_MIN in int64 would overflow.
  const bool negative = t.ns() < 0;
  const char* sign = negative ? "-" : "";
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(t.ns()) : static_cast<std::uint64_t>(t.ns());
  const std::uint64_t ns_per_day = 86'400'000'000'000;
  const unsigned long long day = magnitude / ns_per_day;
  std::uint64_t rest = magnitude % ns_per_day;
  const unsigned long long h = rest / 3'600'000'000'000;
  rest %= 3'600'000'000'000;
  const unsigned long long m = rest / 60'000'000'000;
  rest %= 60'000'000'000;
  const unsigned long long s = rest / 1'000'000'000;
  const unsigned long long ms = (rest % 1'000'000'000) / 1'000'000;
  char buf[64];
  if (ms != 0)
    std::snprintf(buf, sizeof buf, "%s%llud %02llu:%02llu:%02llu.%03llu", sign, day, h, m, s, ms);
  else
    std::snprintf(buf, sizeof buf, "%s%llud %02llu:%02llu:%02llu", sign, day, h, m, s);
  return buf;
}

std::ostream& operator<<(std::ostream& os, SimTime t) { return os << to_string(t); }

}  // namespace chaintwin::sim
