#include "network/assortment.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace chaintwin::network {

SiteId Assortment::append_site(std::span<const SkuId> skus) {
  const std::size_t begin = skus_.size();
  if (begin + skus.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("Assortment: more than 2^32 - 1 SKU-locations");
  }
  skus_.insert(skus_.end(), skus.begin(), skus.end());
  const auto row_begin = skus_.begin() + static_cast<std::ptrdiff_t>(begin);
  std::sort(row_begin, skus_.end());
  skus_.erase(std::unique(row_begin, skus_.end()), skus_.end());
  offsets_.push_back(static_cast<std::uint32_t>(skus_.size()));
  return SiteId(static_cast<SiteId::Rep>(offsets_.size() - 2));
}

void Assortment::reserve(std::size_t sites, std::size_t sku_locations) {
  offsets_.reserve(sites + 1);
  skus_.reserve(sku_locations);
}

std::span<const SkuId> Assortment::skus_at(SiteId site) const {
  if (site.index() >= site_count()) return {};
  return std::span<const SkuId>(skus_).subspan(offsets_[site.index()],
                                               offsets_[site.index() + 1] - offsets_[site.index()]);
}

bool Assortment::carries(SiteId site, SkuId sku) const {
  const std::span<const SkuId> row = skus_at(site);
  return std::binary_search(row.begin(), row.end(), sku);
}

std::size_t Assortment::memory_bytes() const {
  return offsets_.capacity() * sizeof(std::uint32_t) + skus_.capacity() * sizeof(SkuId);
}

}  // namespace chaintwin::network
