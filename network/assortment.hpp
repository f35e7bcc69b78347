#pragma once
// Which SKUs each site carries (the SKU-locations), in compressed sparse row form: the SKUs of site i are
// skus()[offsets[i] .. offsets[i + 1]), sorted ascending and without duplicates. 4 bytes per SKU-location plus 4
// per site, so a national network's millions of SKU-locations stay a few MB and a lookup is one binary search.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "network/types.hpp"

namespace chaintwin::network {

class Assortment {
 public:
  Assortment() : offsets_{0} {}

  // Appends the row of the next site (site ids in order, starting at 0); sorts and removes duplicates.
  SiteId append_site(std::span<const SkuId> skus);
  void reserve(std::size_t sites, std::size_t sku_locations);

  std::size_t site_count() const { return offsets_.size() - 1; }
  std::size_t size() const { return skus_.size(); }  // SKU-locations, over all sites
  std::span<const SkuId> skus_at(SiteId site) const;
  bool carries(SiteId site, SkuId sku) const;
  // Heap bytes held (capacity, not size).
  std::size_t memory_bytes() const;

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<SkuId> skus_;
};

}  // namespace chaintwin::network
