#include "sim/core/time.hpp"

#include <cstdio>
#include <ostream>

namespace chaintwin::sim {

std::string to_string(SimTime t) {
  std::int64_t ns = t.ns();
  const char* sign = "";
  if (ns < 0) {
    sign = "-";
    ns = -ns;
  }
  const std::int64_t ns_per_day = 86'400'000'000'000;
  const std::int64_t day = ns / ns_per_day;
  std::int64_t rest = ns % ns_per_day;
  const std::int64_t h = rest / 3'600'000'000'000;
  rest %= 3'600'000'000'000;
  const std::int64_t m = rest / 60'000'000'000;
  rest %= 60'000'000'000;
  const std::int64_t s = rest / 1'000'000'000;
  const std::int64_t ms = (rest % 1'000'000'000) / 1'000'000;
  char buf[64];
  if (ms != 0)
    std::snprintf(buf, sizeof buf, "%s%lldd %02lld:%02lld:%02lld.%03lld", sign, static_cast<long long>(day),
                  static_cast<long long>(h), static_cast<long long>(m), static_cast<long long>(s),
                  static_cast<long long>(ms));
  else
    std::snprintf(buf, sizeof buf, "%s%lldd %02lld:%02lld:%02lld", sign, static_cast<long long>(day),
                  static_cast<long long>(h), static_cast<long long>(m), static_cast<long long>(s));
  return buf;
}

std::ostream& operator<<(std::ostream& os, SimTime t) { return os << to_string(t); }

}  // namespace chaintwin::sim
