#include "generators/identifiers.hpp"

#include <cctype>
#include <cmath>

namespace chaintwin::generators {

std::string padded(std::uint64_t value, int digits) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
  return s;
}

std::string upc_of(network::SkuId sku) {
  std::string digits = "61414" + padded(sku.value() % 1'000'000, 6);
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 3 : 1);
  digits += static_cast<char>('0' + (10 - sum % 10) % 10);
  return digits;
}

std::string scac_of(std::uint32_t origin) {
  std::string s = "C";
  for (int i = 0; i < 3; ++i) {
    s += static_cast<char>('A' + origin % 26);
    origin /= 26;
  }
  return s;
}

std::string locode_of(network::SiteId port) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string code = "US000";
  std::uint32_t id = port.value();
  for (int i = 4; i >= 2; --i, id /= 36) code[static_cast<std::size_t>(i)] = kDigits[id % 36];
  return code;
}

std::string x12_id(std::string_view name) {
  std::string s;
  for (char c : name) {
    if (s.size() == 15) break;
    if (std::isalnum(static_cast<unsigned char>(c))) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s.empty() ? std::string("UNKNOWN") : s;
}

int utc_offset_minutes(const network::Site& site) {
  return static_cast<int>(std::lround(site.location.lon_deg / 15.0)) * 60;
}

}  // namespace chaintwin::generators
