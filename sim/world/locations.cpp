#include <algorithm>

#include "sim/world/world.hpp"

namespace chaintwin::world {

using network::SiteKind;

Locations::Locations(const network::Network& network) : network_(&network) {
  const auto& sites = network.sites();
  site_first_.assign(sites.size() + 1, kNone);
  std::size_t total = 0;
  for (const auto& site : sites)
    if (site.kind == SiteKind::kDistributionCenter || site.kind == SiteKind::kStore)
      total += network.assortment().skus_at(site.id).size();
  site_.reserve(total);
  sku_.reserve(total);
  for (const auto& site : sites) {
    if (site.kind != SiteKind::kDistributionCenter && site.kind != SiteKind::kStore) continue;
    site_first_[site.id.index()] = static_cast<std::uint32_t>(sku_.size());
    for (network::SkuId sku : network.assortment().skus_at(site.id)) {
      site_.push_back(site.id);
      sku_.push_back(sku);
    }
  }
}

std::span<const network::SkuId> Locations::skus_at(network::SiteId site) const {
  const std::uint32_t first = site_first_[site.index()];
  if (first == kNone) return {};
  return network_->assortment().skus_at(site);
}

std::uint32_t Locations::find(network::SiteId site, network::SkuId sku) const {
  const std::uint32_t first = site_first_[site.index()];
  if (first == kNone) return kNone;
  const auto skus = network_->assortment().skus_at(site);
  const auto it = std::lower_bound(skus.begin(), skus.end(), sku);
  if (it == skus.end() || *it != sku) return kNone;
  return first + static_cast<std::uint32_t>(it - skus.begin());
}

}  // namespace chaintwin::world
