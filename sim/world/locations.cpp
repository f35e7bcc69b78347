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

void Locations::find_all(network::SiteId site, std::span<const OrderLine> lines,
                         std::vector<std::uint32_t>& out) const {
  out.assign(lines.size(), kNone);
  const std::uint32_t first = site_first_[site.index()];
  if (first == kNone) return;
  const auto skus = network_->assortment().skus_at(site);
  auto at = skus.begin();  // no SKU before it is wanted by the lines still to come, while they ascend
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const network::SkuId sku = lines[i].sku;
    if (at != skus.begin() && *(at - 1) >= sku) at = skus.begin();  // out of order: start again
    // Gallop: double the step until past the SKU, then binary search the last step.
    std::size_t step = 1;
    auto lo = at;
    while (static_cast<std::size_t>(skus.end() - lo) > step && lo[static_cast<std::ptrdiff_t>(step)] < sku) {
      lo += static_cast<std::ptrdiff_t>(step);
      step *= 2;
    }
    const auto hi =
        static_cast<std::size_t>(skus.end() - lo) > step ? lo + static_cast<std::ptrdiff_t>(step) + 1 : skus.end();
    at = std::lower_bound(lo, hi, sku);
    if (at != skus.end() && *at == sku) {
      out[i] = first + static_cast<std::uint32_t>(at - skus.begin());
      ++at;
    }
  }
}

}  // namespace chaintwin::world
