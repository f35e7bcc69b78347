#pragma once
// Demand history to replay (world::DemandHistory), read from CSV.
//
// Format: a header naming the columns `day,store,sku,units` (in any order), then one row per (day, store, SKU):
// day 0 is the first simulated day, store a store's site name, sku a SKU name, units the whole units sold that
// day. Blank lines and lines whose first non-blank character is '#' are skipped; a field may be double-quoted
// (RFC 4180: "" is a quote inside). Every problem is reported, one per field, as
// `file:line:column: field 'name': message`: a day or units that is not a non-negative integer, an unknown store
// or SKU (with the closest name), a site that is not a store, a store that does not carry the SKU, a repeated
// (day, store, sku). Bad input never throws.
//
// Cost: one pass over the text with a hash lookup per name, then a sort of the rows: O(rows log rows) time and
// 24 bytes per row while sorting.

#include <string>
#include <string_view>

#include "network/network.hpp"
#include "scenarios/diagnostic.hpp"
#include "sim/world/demand_history.hpp"

namespace chaintwin::scenarios {

// Rows come back sorted by (store, sku, day), one per key, each store carrying its SKU.
Result<world::DemandHistory> load_demand_history(const std::string& path, const network::Network& network);
// The same for text already in memory; file names it in diagnostics.
Result<world::DemandHistory> parse_demand_history(std::string_view text, const std::string& file,
                                                  const network::Network& network);

}  // namespace chaintwin::scenarios
