#include "network/generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/portable_math.hpp"
#include "sim/core/random.hpp"

namespace chaintwin::network {

namespace {

using sim::RandomStream;

// Sourcing box of importing suppliers: coastal East Asia.
constexpr double kOriginMinLat = 20.0;
constexpr double kOriginMaxLat = 36.0;
constexpr double kOriginMinLon = 108.0;
constexpr double kOriginMaxLon = 122.0;
constexpr std::uint32_t kStoresPerCentre = 40;
constexpr double kRailFromKm = 500.0;
constexpr double kSecondDcFactor = 1.5;

std::string numbered(std::string_view prefix, std::size_t i, int width) {
  std::string digits = std::to_string(i + 1);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return std::string(prefix) + digits;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("GeneratorConfig: " + message);
}

void check(const GeneratorConfig& c) {
  const auto share = [](double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; };
  require(c.suppliers >= 1, "suppliers must be >= 1");
  require(c.dcs >= 1, "dcs must be >= 1");
  require(c.skus >= 1, "skus must be >= 1");
  require(c.min_skus_per_store >= 1 && c.min_skus_per_store <= c.max_skus_per_store && c.max_skus_per_store <= c.skus,
          "expected 1 <= min_skus_per_store <= max_skus_per_store <= skus, got " +
              std::to_string(c.min_skus_per_store) + ", " + std::to_string(c.max_skus_per_store) + ", " +
              std::to_string(c.skus));
  require(share(c.chilled_share) && share(c.frozen_share) && c.chilled_share + c.frozen_share <= 1.0,
          "chilled_share and frozen_share must be in [0, 1] with a sum <= 1");
  require(share(c.import_share), "import_share must be in [0, 1]");
  require(std::isfinite(c.popularity_sigma) && c.popularity_sigma >= 0.0, "popularity_sigma must be >= 0");
  const Region& r = c.region;
  require(r.min_lat_deg >= -80.0 && r.min_lat_deg < r.max_lat_deg && r.max_lat_deg <= 80.0 && r.min_lon_deg >= -180.0 &&
              r.min_lon_deg < r.max_lon_deg && r.max_lon_deg <= 180.0,
          "region '" + r.name + "' must have -80 <= min_lat < max_lat <= 80 and -180 <= min_lon < max_lon <= 180");
  require(c.ports == 0 || r.west_coast || r.east_coast, "region '" + r.name + "' has no coast for the ports");
}

double uniform(RandomStream& rs, double lo, double hi) { return lo + (hi - lo) * rs.uniform01(); }

LatLon clamp_to(const Region& r, LatLon p) {
  return {std::clamp(p.lat_deg, r.min_lat_deg, r.max_lat_deg), std::clamp(p.lon_deg, r.min_lon_deg, r.max_lon_deg)};
}

// A point scattered around centre with independent normal offsets of sigma_km north and east.
LatLon scatter(RandomStream& rs, LatLon centre, double sigma_km) {
  const double north = sigma_km * sim::standard_normal(rs);
  const double east = sigma_km * sim::standard_normal(rs);
  return offset_km(centre, north, east);
}

// Indices of the k nearest points to p (ties by index), k <= points.size().
std::vector<std::uint32_t> nearest(LatLon p, const std::vector<LatLon>& points, std::size_t k) {
  std::vector<std::pair<double, std::uint32_t>> by_distance;
  by_distance.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    by_distance.emplace_back(haversine_km(p, points[i]), static_cast<std::uint32_t>(i));
  }
  k = std::min(k, by_distance.size());
  std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(k), by_distance.end());
  std::vector<std::uint32_t> result;
  for (std::size_t i = 0; i < k; ++i) result.push_back(by_distance[i].second);
  return result;
}

struct Centre {
  LatLon location;
  double weight = 0.0;
  double sigma_km = 0.0;
};

class Builder {
 public:
  explicit Builder(const GeneratorConfig& config) : c_(config), streams_(config.seed) {}

  Network build() {
    make_centres();
    const std::uint32_t site_count = c_.suppliers + c_.ports + c_.dcs + c_.stores;
    network_.reserve(site_count, c_.suppliers * 2 + c_.ports * 4 + c_.dcs * 6 + c_.stores * 2, c_.skus);
    add_suppliers();
    add_ports();
    add_dcs();
    add_stores();
    add_skus();
    add_lanes();
    assign_trucks();
    build_assortment();
    return std::move(network_);
  }

 private:
  RandomStream stream(std::string_view kind, std::size_t index, std::string_view purpose) const {
    return streams_.stream("network/" + std::string(kind) + "/" + std::to_string(index), purpose);
  }

  void make_centres() {
    const std::uint32_t count = c_.population_centres != 0
                                    ? c_.population_centres
                                    : std::max(1u, (c_.stores + kStoresPerCentre - 1) / kStoresPerCentre);
    const Region& r = c_.region;
    // Keep centres off the box's edges so that their stores mostly fall inside it.
    const double lat_margin = 0.08 * (r.max_lat_deg - r.min_lat_deg);
    const double lon_margin = 0.08 * (r.max_lon_deg - r.min_lon_deg);
    std::vector<double> weights;
    for (std::uint32_t i = 0; i < count; ++i) {
      RandomStream rs = stream("centre", i, "site");
      Centre centre;
      const double lat = uniform(rs, r.min_lat_deg + lat_margin, r.max_lat_deg - lat_margin);
      const double lon = uniform(rs, r.min_lon_deg + lon_margin, r.max_lon_deg - lon_margin);
      centre.location = {lat, lon};
      // Populations with a heavy tail (lognormal, sigma 1); bigger cities sprawl wider.
      centre.weight = sim::LogNormal(0.0, 1.0)(rs);
      centre.sigma_km = 15.0 + 15.0 * std::sqrt(centre.weight);
      centres_.push_back(centre);
      weights.push_back(centre.weight);
    }
    centre_picker_.emplace(std::move(weights));
    // Centres from the most populous down (ties by index): the first DCs go to the biggest.
    for (std::uint32_t i = 0; i < count; ++i) by_size_.push_back(i);
    std::stable_sort(by_size_.begin(), by_size_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return centres_[a].weight > centres_[b].weight; });
  }

  SiteId add_site(std::string name, SiteKind kind, LatLon location, std::string region, SiteCapacity capacity,
                  OpeningHours hours) {
    Site site;
    site.name = std::move(name);
    site.kind = kind;
    site.location = location;
    site.region = std::move(region);
    site.capacity = capacity;
    site.hours = hours;
    locations_.push_back(location);
    return network_.add_site(std::move(site));
  }

  std::string centre_region(std::size_t centre) const { return c_.region.name + "/c" + std::to_string(centre + 1); }

  void add_suppliers() {
    const Region& r = c_.region;
    for (std::uint32_t i = 0; i < c_.suppliers; ++i) {
      RandomStream rs = stream("supplier", i, "site");
      const bool imports = rs.uniform01() < c_.import_share && c_.ports > 0;
      LatLon location;
      if (imports) {
        const double lat = uniform(rs, kOriginMinLat, kOriginMaxLat);
        const double lon = uniform(rs, kOriginMinLon, kOriginMaxLon);
        location = {lat, lon};
      } else {
        const double lat = uniform(rs, r.min_lat_deg, r.max_lat_deg);
        const double lon = uniform(rs, r.min_lon_deg, r.max_lon_deg);
        location = {lat, lon};
      }
      SiteCapacity capacity;
      capacity.dock_doors = 4 + static_cast<std::uint32_t>(rs.below(9));
      capacity.throughput_units_per_day = 20'000 + static_cast<std::uint32_t>(rs.below(80'001));
      const OpeningHours weekdays{6 * 60, 20 * 60, 0x1f};
      const SiteId id = add_site(numbered("SUP-", i, 4), SiteKind::kSupplier, location,
                                 imports ? std::string("overseas") : r.name, capacity, weekdays);
      (imports ? importers_ : domestic_).push_back(id);
    }
  }

  void add_ports() {
    const Region& r = c_.region;
    const double lat_margin = 0.1 * (r.max_lat_deg - r.min_lat_deg);
    for (std::uint32_t i = 0; i < c_.ports; ++i) {
      RandomStream rs = stream("port", i, "site");
      // Alternate between the coasts when there are two.
      const bool west = r.west_coast && (!r.east_coast || i % 2 == 0);
      const double lat = uniform(rs, r.min_lat_deg + lat_margin, r.max_lat_deg - lat_margin);
      const double inland = uniform(rs, 0.0, 0.5);  // degrees from the coastal edge
      const LatLon location{lat, west ? r.min_lon_deg + inland : r.max_lon_deg - inland};
      SiteCapacity capacity;
      capacity.dock_doors = 100 + static_cast<std::uint32_t>(rs.below(101));
      capacity.storage_pallets = 100'000 + static_cast<std::uint32_t>(rs.below(100'001));
      capacity.throughput_units_per_day = 1'000'000 + static_cast<std::uint32_t>(rs.below(2'000'001));
      ports_.push_back(
          add_site(numbered("PORT-", i, 2), SiteKind::kPort, location, r.name, capacity, OpeningHours::always()));
      port_locations_.push_back(location);
    }
  }

  void add_dcs() {
    for (std::uint32_t i = 0; i < c_.dcs; ++i) {
      RandomStream rs = stream("dc", i, "site");
      // One DC near each centre, biggest first; beyond that, near centres picked by population.
      const std::size_t centre = i < by_size_.size() ? by_size_[i] : (*centre_picker_)(rs);
      const LatLon location = clamp_to(c_.region, scatter(rs, centres_[centre].location, 25.0));
      SiteCapacity capacity;
      capacity.dock_doors = 20 + static_cast<std::uint32_t>(rs.below(61));
      capacity.storage_pallets = 20'000 + static_cast<std::uint32_t>(rs.below(40'001));
      capacity.throughput_units_per_day = 100'000 + static_cast<std::uint32_t>(rs.below(300'001));
      dcs_.push_back(add_site(numbered("DC-", i, 3), SiteKind::kDistributionCenter, location, centre_region(centre),
                              capacity, OpeningHours::always()));
      dc_locations_.push_back(location);
    }
  }

  void add_stores() {
    for (std::uint32_t i = 0; i < c_.stores; ++i) {
      RandomStream rs = stream("store", i, "site");
      const std::size_t centre = (*centre_picker_)(rs);
      const LatLon location = clamp_to(c_.region, scatter(rs, centres_[centre].location, centres_[centre].sigma_km));
      SiteCapacity capacity;
      capacity.dock_doors = 1 + static_cast<std::uint32_t>(rs.below(2));
      capacity.storage_pallets = 200 + static_cast<std::uint32_t>(rs.below(401));
      capacity.throughput_units_per_day = 2'000 + static_cast<std::uint32_t>(rs.below(6'001));
      const OpeningHours daytime{7 * 60, 22 * 60, 0x7f};
      stores_.push_back(
          add_site(numbered("STORE-", i, 5), SiteKind::kStore, location, centre_region(centre), capacity, daytime));
    }
  }

  void add_skus() {
    std::vector<double> popularity;
    popularity.reserve(c_.skus);
    sku_supplier_.reserve(c_.skus);
    for (std::uint32_t i = 0; i < c_.skus; ++i) {
      RandomStream rs = stream("sku", i, "attributes");
      Sku sku;
      sku.name = numbered("SKU-", i, 6);
      const double u = rs.uniform01();
      sku.temperature = u < c_.frozen_share                      ? TemperatureClass::kFrozen
                        : u < c_.frozen_share + c_.chilled_share ? TemperatureClass::kChilled
                                                                 : TemperatureClass::kAmbient;
      // Retail units: a median of 3 litres, from a few cl to a large box; densities around water's third.
      sku.unit_volume_m3 = std::clamp(sim::LogNormal::from_median(0.003, 0.9)(rs), 0.0002, 0.5);
      sku.unit_weight_kg = sku.unit_volume_m3 * sim::LogNormal::from_median(350.0, 0.5)(rs);
      sku.unit_value = sim::LogNormal::from_median(6.0, 0.9)(rs);
      popularity.push_back(sim::LogNormal(0.0, c_.popularity_sigma)(rs));
      sku_supplier_.push_back(static_cast<std::uint32_t>(rs.below(c_.suppliers)));
      network_.add_sku(std::move(sku));
    }
    popularity_.emplace(std::move(popularity));
  }

  void road(SiteId from, SiteId to) {
    network_.add_lane(
        make_lane(from, to, TransportMode::kRoad, haversine_km(locations_[from.index()], locations_[to.index()])));
  }

  void add_lanes() {
    for (const SiteId s : importers_) {
      for (const std::uint32_t p : nearest(locations_[s.index()], port_locations_, 2)) {
        network_.add_lane(
            make_lane(s, ports_[p], TransportMode::kSea, haversine_km(locations_[s.index()], port_locations_[p])));
      }
    }
    for (const SiteId s : domestic_) {
      for (const std::uint32_t d : nearest(locations_[s.index()], dc_locations_, 2)) road(s, dcs_[d]);
    }
    for (std::size_t p = 0; p < ports_.size(); ++p) {
      for (const std::uint32_t d : nearest(port_locations_[p], dc_locations_, 2)) {
        road(ports_[p], dcs_[d]);
        const double km = haversine_km(port_locations_[p], dc_locations_[d]);
        if (km > kRailFromKm) network_.add_lane(make_lane(ports_[p], dcs_[d], TransportMode::kRail, km));
      }
    }
    for (const auto& [a, b] : dc_pairs()) {
      road(dcs_[a], dcs_[b]);
      road(dcs_[b], dcs_[a]);
    }
    store_dcs_.resize(c_.stores);
    for (std::size_t i = 0; i < stores_.size(); ++i) {
      const LatLon p = locations_[stores_[i].index()];
      const std::vector<std::uint32_t> near = nearest(p, dc_locations_, 2);
      store_dcs_[i] = {near[0], near[0]};
      road(dcs_[near[0]], stores_[i]);
      if (near.size() == 2 &&
          haversine_km(p, dc_locations_[near[1]]) <= kSecondDcFactor * haversine_km(p, dc_locations_[near[0]])) {
        store_dcs_[i][1] = near[1];
        road(dcs_[near[1]], stores_[i]);
      }
    }
  }

  // Unordered DC pairs (a < b) to link both ways: a minimum spanning tree (Prim, O(dcs^2), ties by index), which
  // connects them all, plus each DC's two nearest neighbours, for alternatives.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dc_pairs() const {
    const std::size_t n = dc_locations_.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    const auto add = [&](std::uint32_t a, std::uint32_t b) { pairs.emplace_back(std::min(a, b), std::max(a, b)); };
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> parent(n, 0);
    std::vector<bool> in_tree(n, false);
    best[0] = 0.0;
    for (std::size_t step = 0; step < n; ++step) {
      std::size_t u = n;
      for (std::size_t v = 0; v < n; ++v) {
        if (!in_tree[v] && (u == n || best[v] < best[u])) u = v;
      }
      in_tree[u] = true;
      if (u != 0) add(parent[u], static_cast<std::uint32_t>(u));
      for (std::size_t v = 0; v < n; ++v) {
        const double d = haversine_km(dc_locations_[u], dc_locations_[v]);
        if (!in_tree[v] && d < best[v]) {
          best[v] = d;
          parent[v] = static_cast<std::uint32_t>(u);
        }
      }
    }
    for (std::size_t a = 0; a < n; ++a) {
      for (const std::uint32_t b : nearest(dc_locations_[a], dc_locations_, 3)) {
        if (b != a) add(static_cast<std::uint32_t>(a), b);
      }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
  }

  // Trucks in proportion to the stores each DC serves first, by largest remainder (ties by DC index); evenly
  // when there are no stores. Integer arithmetic: the split is exact.
  void assign_trucks() {
    std::vector<std::uint64_t> served(dcs_.size(), 0);
    for (const auto& pair : store_dcs_) ++served[pair[0]];
    if (stores_.empty()) std::fill(served.begin(), served.end(), 1);
    std::uint64_t total = 0;
    for (const auto s : served) total += s;
    std::vector<std::uint64_t> trucks(dcs_.size());
    std::vector<std::pair<std::uint64_t, std::size_t>> remainders;
    std::uint64_t assigned = 0;
    for (std::size_t d = 0; d < dcs_.size(); ++d) {
      const std::uint64_t share = std::uint64_t{c_.trucks} * served[d];
      trucks[d] = share / total;
      assigned += trucks[d];
      remainders.emplace_back(share % total, d);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; assigned < c_.trucks; ++i, ++assigned) ++trucks[remainders[i].second];
    for (std::size_t d = 0; d < dcs_.size(); ++d) {
      SiteCapacity capacity = network_.site(dcs_[d]).capacity;
      capacity.trucks = static_cast<std::uint32_t>(trucks[d]);
      network_.set_capacity(dcs_[d], capacity);
    }
  }

  // Store rows first (they decide the DC rows), kept in one flat buffer, then all rows in site order.
  void build_assortment() {
    std::vector<SkuId> store_skus;
    std::vector<std::size_t> store_offsets{0};
    std::vector<std::uint32_t> stamp(c_.skus, 0);  // stamp[k] == i + 1: SKU k already drawn for store i
    std::vector<SkuId> row;
    for (std::size_t i = 0; i < stores_.size(); ++i) {
      RandomStream rs = stream("store", i, "assortment");
      const auto wanted = static_cast<std::size_t>(sim::UniformInt(c_.min_skus_per_store, c_.max_skus_per_store)(rs));
      const auto mark = static_cast<std::uint32_t>(i + 1);
      row.clear();
      // By popularity, rejecting repeats. Near-complete assortments would need ever more draws for the last rare
      // SKUs, so after a budget the rest is taken in SKU order from a random start.
      const std::size_t budget = 8 * wanted + 1'000;
      for (std::size_t draws = 0; row.size() < wanted && draws < budget; ++draws) {
        const std::size_t k = (*popularity_)(rs);
        if (stamp[k] == mark) continue;
        stamp[k] = mark;
        row.emplace_back(static_cast<SkuId::Rep>(k));
      }
      for (std::size_t k = rs.below(c_.skus); row.size() < wanted; k = (k + 1) % c_.skus) {
        if (stamp[k] == mark) continue;
        stamp[k] = mark;
        row.emplace_back(static_cast<SkuId::Rep>(k));
      }
      std::sort(row.begin(), row.end());
      store_skus.insert(store_skus.end(), row.begin(), row.end());
      store_offsets.push_back(store_skus.size());
    }

    std::vector<std::vector<std::uint32_t>> dc_stores(dcs_.size());
    for (std::size_t i = 0; i < store_dcs_.size(); ++i) {
      dc_stores[store_dcs_[i][0]].push_back(static_cast<std::uint32_t>(i));
      if (store_dcs_[i][1] != store_dcs_[i][0]) dc_stores[store_dcs_[i][1]].push_back(static_cast<std::uint32_t>(i));
    }
    std::vector<std::vector<SkuId>> supplier_rows(c_.suppliers);
    for (std::uint32_t k = 0; k < c_.skus; ++k) supplier_rows[sku_supplier_[k]].emplace_back(k);

    std::vector<SkuId> dc_skus;
    std::vector<std::size_t> dc_offsets{0};
    std::vector<bool> carried(c_.skus);
    for (const auto& stores : dc_stores) {
      std::fill(carried.begin(), carried.end(), false);
      for (const std::uint32_t i : stores) {
        for (std::size_t j = store_offsets[i]; j < store_offsets[i + 1]; ++j) carried[store_skus[j].index()] = true;
      }
      for (std::uint32_t k = 0; k < c_.skus; ++k) {
        if (carried[k]) dc_skus.emplace_back(k);
      }
      dc_offsets.push_back(dc_skus.size());
    }

    Assortment assortment;
    assortment.reserve(network_.sites().size(), c_.skus + dc_skus.size() + store_skus.size());
    for (const auto& supplier_row : supplier_rows) assortment.append_site(supplier_row);
    for (std::size_t p = 0; p < ports_.size(); ++p) assortment.append_site({});
    const auto append_rows = [&](const std::vector<SkuId>& skus, const std::vector<std::size_t>& offsets) {
      for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        assortment.append_site(std::span<const SkuId>(skus).subspan(offsets[i], offsets[i + 1] - offsets[i]));
      }
    };
    append_rows(dc_skus, dc_offsets);
    append_rows(store_skus, store_offsets);
    network_.set_assortment(std::move(assortment));
  }

  const GeneratorConfig& c_;
  sim::RandomStreams streams_;
  Network network_;
  std::vector<LatLon> locations_;  // of every site, by id
  std::vector<Centre> centres_;
  std::vector<std::uint32_t> by_size_;
  std::optional<sim::Discrete> centre_picker_;
  std::optional<sim::Discrete> popularity_;
  std::vector<SiteId> importers_;
  std::vector<SiteId> domestic_;
  std::vector<SiteId> ports_;
  std::vector<LatLon> port_locations_;
  std::vector<SiteId> dcs_;
  std::vector<LatLon> dc_locations_;
  std::vector<SiteId> stores_;
  std::vector<std::array<std::uint32_t, 2>> store_dcs_;  // nearest DC, second DC (== nearest when none)
  std::vector<std::uint32_t> sku_supplier_;
};

}  // namespace

Network generate_network(const GeneratorConfig& config) {
  check(config);
  return Builder(config).build();
}

}  // namespace chaintwin::network
