#pragma once
// Real demand history to replay: units sold per day, store and SKU (read from CSV by scenarios/demand_csv.hpp).

#include <cstdint>
#include <vector>

#include "network/types.hpp"

namespace chaintwin::world {

struct DemandHistory {
  struct Row {
    std::uint32_t day = 0;  // day 0 is the first simulated day
    network::SiteId store;
    network::SkuId sku;
    std::uint32_t units = 0;
  };
  std::vector<Row> rows;  // sorted by (store, sku, day); one row per key; stores carry their SKUs
};

}  // namespace chaintwin::world
