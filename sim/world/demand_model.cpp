#include "sim/world/demand_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/core/memory.hpp"
#include "sim/core/portable_math.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::world {

using network::SiteKind;

DemandModel::DemandModel(const network::Network& network, const Locations& locations, const DemandConfig& config,
                         const std::vector<DemandMultiplier>& spikes, const sim::RandomStreams& streams,
                         const std::vector<bool>& replayed)
    : config_(config),
      extra_units_(std::max(0.0, config.intermittent_mean_order_units - 1.0)) {
  double dow_sum = 0.0;
  for (double f : config.day_of_week) dow_sum += f;
  for (std::size_t i = 0; i < 7; ++i) day_of_week_[i] = dow_sum > 0.0 ? config.day_of_week[i] * 7.0 / dow_sum : 1.0;

  // Regions by name, in order of first appearance among the sites.
  std::vector<std::string> regions;
  site_region_.assign(network.sites().size(), -1);
  for (const auto& site : network.sites()) {
    if (site.region.empty()) continue;
    auto it = std::find(regions.begin(), regions.end(), site.region);
    if (it == regions.end()) it = regions.insert(regions.end(), site.region);
    site_region_[site.id.index()] = static_cast<std::int32_t>(it - regions.begin());
  }
  auto region_index = [&](const std::string& name) {
    const auto it = std::find(regions.begin(), regions.end(), name);
    if (it == regions.end()) throw std::invalid_argument("demand: unknown region '" + name + "'");
    return static_cast<std::int32_t>(it - regions.begin());
  };

  for (const Promotion& p : config.promotions) {
    DemandMultiplier m;
    m.start_ns = p.start.ns();
    m.end_ns = (p.start + p.duration).ns();
    m.multiplier = p.multiplier;
    if (!p.sku.empty()) {
      const auto sku = network.find_sku(p.sku);
      if (!sku) throw std::invalid_argument("demand.promotions: unknown SKU '" + p.sku + "'");
      m.sku = sku->value();
    }
    if (!p.site.empty()) {
      const auto site = network.find_site(p.site);
      if (!site) throw std::invalid_argument("demand.promotions: unknown site '" + p.site + "'");
      m.site = site->value();
    }
    if (!p.region.empty()) m.region = region_index(p.region);
    multipliers_.push_back(m);
  }
  for (const DemandMultiplier& m : spikes) multipliers_.push_back(m);
  for (const DemandMultiplier& m : multipliers_) {
    breakpoints_.push_back(m.start_ns);
    breakpoints_.push_back(m.end_ns);
  }
  std::sort(breakpoints_.begin(), breakpoints_.end());
  breakpoints_.erase(std::unique(breakpoints_.begin(), breakpoints_.end()), breakpoints_.end());

  // Per-SKU base rates: explicit, else lognormal from the SKU's own stream.
  std::vector<double> sku_rate(network.skus().size());
  const sim::LogNormal sku_spread = sim::LogNormal::from_median(config.median_units_per_day, config.sku_rate_sigma);
  for (const auto& sku : network.skus()) {
    sim::RandomStream rs = streams.stream("world/sku/" + std::to_string(sku.id.value()), "demand rate");
    sku_rate[sku.id.index()] = sku_spread(rs);
  }
  for (const auto& r : config.sku_rates) {
    const auto sku = network.find_sku(r.sku);
    if (!sku) throw std::invalid_argument("demand.sku_rates: unknown SKU '" + r.sku + "'");
    sku_rate[sku->index()] = r.units_per_day;
  }

  replayed_ = replayed;
  sim::reserve_huge(loc_, locations.size());
  for (std::uint32_t l = 0; l < locations.size(); ++l)
    loc_.push_back({0.0f, 1.0f, locations.site_of(l).value(), locations.sku_of(l).value()});
  stores_.resize(network.sites().size());
  sim::reserve_huge(alias_, locations.size());
  alias_.resize(locations.size());
  const sim::LogNormal store_spread = sim::LogNormal::from_median(1.0, config.store_size_sigma);
  for (const auto& site : network.sites()) {
    if (site.kind != SiteKind::kStore) continue;
    sim::RandomStream rs = streams.stream("world/store/" + std::to_string(site.id.value()), "size");
    const double size = store_spread(rs);
    const std::uint32_t first = locations.first_at(site.id);
    const auto skus = locations.skus_at(site.id);
    for (std::size_t i = 0; i < skus.size(); ++i) {
      const double rate = sku_rate[skus[i].index()] * size;
      LocationDemand& d = loc_[first + i];
      if (rate < config.intermittent_below_units_per_day)
        d.mean_size = static_cast<float>(std::max(1.0, config.intermittent_mean_order_units));
      d.customers_per_day = static_cast<float>(rate / d.mean_size);
    }
    StoreDemand& store = stores_[site.id.index()];
    store.rs = streams.stream("world/store/" + std::to_string(site.id.value()), "customers");
    store.first = first;
    store.count = static_cast<std::uint32_t>(skus.size());
    draw_ahead(store);
  }
}

void DemandModel::draw_ahead(StoreDemand& store) {
  if (store.count == 0) return;
  store.next_slot = static_cast<std::uint32_t>(store.rs.below(store.count));
  store.next_u = store.rs.uniform01();
}

std::int64_t DemandModel::segment_of(std::int64_t t) const {
  return std::upper_bound(breakpoints_.begin(), breakpoints_.end(), t) - breakpoints_.begin();
}

void DemandModel::update_store(StoreDemand& store, std::int64_t t) {
  const std::int64_t segment = segment_of(t);
  if (segment == store.segment) return;
  store.segment = segment;
  std::vector<double> weights(store.count);
  double sum = 0.0;
  for (std::uint32_t i = 0; i < store.count; ++i) {
    const std::uint32_t l = store.first + i;
    if (!replayed_.empty() && replayed_[l]) continue;
    weights[i] = static_cast<double>(loc_[l].customers_per_day) * multiplier(l, t);
    sum += weights[i];
  }
  store.customers_per_day = sum;
  if (sum <= 0.0) return;
  // Vose's construction: scaled weights n w_i / sum; small ones (< 1) are topped up by a large one, their alias.
  const std::uint32_t n = store.count;
  AliasEntry* table = alias_.data() + store.first;
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::uint32_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * n / sum;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    table[s] = {static_cast<float>(scaled[s]), l};
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding: always itself.
  for (std::uint32_t i : large) table[i] = {2.0f, i};
  for (std::uint32_t i : small) table[i] = {2.0f, i};
}

double DemandModel::daily_variance(std::uint32_t location) const {
  // Size 1 + Poisson(m - 1): E[size^2] = (m - 1) + m^2; customers per day = rate / m.
  const double m = loc_[location].mean_size;
  return static_cast<double>(loc_[location].customers_per_day) * ((m - 1.0) + m * m);
}

double DemandModel::day_factor(std::int64_t day) {
  while (static_cast<std::int64_t>(day_factor_.size()) <= day) {
    const auto d = static_cast<double>(day_factor_.size());
    double f = day_of_week_[day_factor_.size() % 7];
    f *= 1.0 + config_.trend_per_year * d / 365.0;
    if (config_.annual_amplitude != 0.0) {
      constexpr double kTwoPi = 6.283185307179586;
      const double phase = kTwoPi * (d + 0.5 - config_.annual_peak.to_days()) / 365.0;
      f *= 1.0 + config_.annual_amplitude * sim::portable::cos(phase);
    }
    day_factor_.push_back(std::max(0.0, f));
  }
  return day_factor_[static_cast<std::size_t>(day)];
}

double DemandModel::multiplier(std::uint32_t location, std::int64_t t) const {
  double f = 1.0;
  if (multipliers_.empty()) return f;
  const network::SiteId site = site_of(location);
  const network::SkuId sku = sku_of(location);
  for (const DemandMultiplier& m : multipliers_) {
    if (t < m.start_ns || t >= m.end_ns) continue;
    if (m.sku != kNone && m.sku != sku.value()) continue;
    if (m.site != kNone && m.site != site.value()) continue;
    if (m.region >= 0 && m.region != site_region_[site.index()]) continue;
    f *= m.multiplier;
  }
  return f;
}

std::int64_t DemandModel::next_customer(network::SiteId site, std::int64_t from, std::int64_t limit,
                                        std::uint32_t& location) {
  StoreDemand& store = stores_[site.index()];
  double remaining = sim::standard_exponential(store.rs);  // in customers
  std::int64_t t = from;
  while (t < limit) {
    update_store(store, t);
    const std::int64_t day = t / kDayNs;
    std::int64_t segment_end = std::min((day + 1) * kDayNs, limit);
    if (store.segment < static_cast<std::int64_t>(breakpoints_.size()))
      segment_end = std::min(segment_end, breakpoints_[static_cast<std::size_t>(store.segment)]);
    const double per_ns = store.customers_per_day * day_factor(day) / static_cast<double>(kDayNs);
    const double available = per_ns * static_cast<double>(segment_end - t);
    if (per_ns > 0.0 && remaining <= available) {
      const auto step = static_cast<std::int64_t>(remaining / per_ns);
      const std::int64_t arrival = std::min(segment_end - 1, t + std::max<std::int64_t>(step, 0));
      const AliasEntry& e = alias_[store.first + store.next_slot];
      location = store.first + (store.next_u < static_cast<double>(e.threshold) ? store.next_slot : e.alias);
      draw_ahead(store);
      return arrival;
    }
    remaining -= available;
    t = segment_end;
  }
  return -1;
}

std::uint32_t DemandModel::order_units(network::SiteId site, std::uint32_t location) {
  if (loc_[location].mean_size <= 1.0f) return 1;
  return 1 + static_cast<std::uint32_t>(extra_units_(stores_[site.index()].rs));
}

}  // namespace chaintwin::world
