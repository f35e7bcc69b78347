#pragma once
// A synthetic supply-chain network from a few knobs, so that tests and benchmarks of any size need no
// hand-written file.
//
// Geography. Population centres are scattered over the region, each with a weight (a few big cities, many small
// towns); stores cluster around them, DCs sit near the biggest, ports on the region's coastal edges, domestic
// suppliers anywhere in the region and importing suppliers in an East Asian sourcing box.
// Lanes. Importing supplier -> its 2 nearest ports (sea); domestic supplier -> its 2 nearest DCs (road);
// port -> its 2 nearest DCs (road, and rail beyond 500 km); DC <-> DC along a minimum spanning tree plus each
// DC's 2 nearest neighbours (road), so that every DC reaches every other; DC -> store from the store's nearest DC
// and from its second nearest when that is within 1.5 times the distance (road). Every store is therefore
// reachable from every supplier.
// Assortment. Each SKU has a popularity weight (lognormal: a skewed, long-tailed spread); each store carries a
// number of SKUs uniform in [min_skus_per_store, max_skus_per_store], drawn by popularity without replacement;
// a DC carries the union of its stores' SKUs; a supplier the SKUs it supplies (each SKU has one supplier).
// Randomness. Every entity draws from its own stream, RandomStreams(seed).stream("network/<kind>/<index>",
// purpose), so changing one knob leaves the other entities as they were where it can: adding stores leaves the
// population centres, DCs, suppliers and SKUs unchanged (and the existing stores, while the number of centres
// is given explicitly).
//
// Cost: O(stores x dcs + sites x ports + SKU-locations) time and 4 bytes per SKU-location; a national network
// (50 DCs, 2,000 stores, 10,000 SKUs, 1.4 million SKU-locations) takes about 0.15 s.

#include <cstdint>

#include "network/geo.hpp"
#include "network/network.hpp"

namespace chaintwin::network {

struct GeneratorConfig {
  std::uint32_t suppliers = 20;
  std::uint32_t ports = 2;
  std::uint32_t dcs = 4;
  std::uint32_t stores = 100;
  std::uint32_t trucks = 200;  // based at the DCs, in proportion to the stores each serves first
  std::uint32_t skus = 2'000;
  Region region = Region::named("us").value();
  double chilled_share = 0.15;  // of SKUs; the rest of 1 - chilled - frozen is ambient
  double frozen_share = 0.08;
  std::uint32_t min_skus_per_store = 150;
  std::uint32_t max_skus_per_store = 450;
  double import_share = 0.5;             // of suppliers sourcing overseas through the ports (0 without ports)
  std::uint32_t population_centres = 0;  // 0: one per 40 stores, at least 1
  double popularity_sigma = 1.2;         // log-space spread of SKU popularity; 0: all equally popular
  std::uint64_t seed = 1;
};

// Throws std::invalid_argument naming the knob and its allowed range when the configuration is inconsistent.
Network generate_network(const GeneratorConfig& config);

}  // namespace chaintwin::network
