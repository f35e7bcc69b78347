#pragma once
// How the generated messages name things: the GS1 company prefix, UPCs and GTINs of SKUs, carriers' SCACs, ports'
// UN/LOCODEs, X12 ids, sites' clocks. The writers and the master data (master_data.hpp) share them, so a reader
// can resolve every identifier in a message through the master topic.

#include <cstdint>
#include <string>
#include <string_view>

#include "network/network.hpp"

namespace chaintwin::generators {

inline constexpr std::string_view kCompanyPrefix = "0614141";  // GS1's example company prefix
inline constexpr std::string_view kRetailerId = "CHAINTWIN";

// `value` in decimal, left-padded with zeros to `digits`.
std::string padded(std::uint64_t value, int digits);
// A 12-digit UPC-A for a SKU: company prefix, item number and its check digit. Its GTIN-14 is "00" + the UPC.
std::string upc_of(network::SkuId sku);
// A carrier's four-letter SCAC, from the site it collects at.
std::string scac_of(std::uint32_t origin);
// A UN/LOCODE-shaped code for a port: the country and three base-36 characters of its site id (unique per port).
std::string locode_of(network::SiteId port);
// X12 ids: upper case, at most 15 characters, no separators.
std::string x12_id(std::string_view name);
// Sites keep local standard time from their longitude (no daylight saving): what a reader or a 214 writes.
int utc_offset_minutes(const network::Site& site);

}  // namespace chaintwin::generators
