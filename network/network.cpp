#include "network/network.hpp"

#include <bit>
#include <cmath>
#include <sstream>
#include <utility>

namespace chaintwin::network {

namespace {

// Heap bytes of a string beyond its inline buffer.
std::size_t heap_bytes(const std::string& s) { return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0; }

std::size_t index_bytes(std::size_t buckets, std::size_t entries, std::size_t node) {
  return buckets * sizeof(void*) + entries * node;
}

std::string quoted(std::string_view name) {
  std::string s;  // appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "'" + std::string(name) + "'"
  s.reserve(name.size() + 2);
  s.push_back('\'');
  s.append(name);
  s.push_back('\'');
  return s;
}

class Problems {
 public:
  template <class... Parts>
  void add(const Parts&... parts) {
    std::ostringstream line;
    (line << ... << parts);
    lines_.push_back(line.str());
  }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

bool finite_at_least(double x, double min) { return std::isfinite(x) && x >= min; }

}  // namespace

SiteId Network::add_site(Site site) {
  site.id = SiteId(static_cast<SiteId::Rep>(sites_.size()));
  site_names_.try_emplace(site.name, site.id.value());
  sites_.push_back(std::move(site));
  return sites_.back().id;
}

LaneId Network::add_lane(Lane lane) {
  lane.id = LaneId(static_cast<LaneId::Rep>(lanes_.size()));
  lanes_.push_back(lane);
  return lane.id;
}

SkuId Network::add_sku(Sku sku) {
  sku.id = SkuId(static_cast<SkuId::Rep>(skus_.size()));
  sku_names_.try_emplace(sku.name, sku.id.value());
  skus_.push_back(std::move(sku));
  return skus_.back().id;
}

void Network::reserve(std::size_t sites, std::size_t lanes, std::size_t skus) {
  sites_.reserve(sites);
  lanes_.reserve(lanes);
  skus_.reserve(skus);
  site_names_.reserve(sites);
  sku_names_.reserve(skus);
}

std::optional<SiteId> Network::find_site(std::string_view name) const {
  const auto it = site_names_.find(name);
  if (it == site_names_.end()) return std::nullopt;
  return SiteId(it->second);
}

std::optional<SkuId> Network::find_sku(std::string_view name) const {
  const auto it = sku_names_.find(name);
  if (it == sku_names_.end()) return std::nullopt;
  return SkuId(it->second);
}

std::vector<std::string> Network::validate() const {
  Problems problems;
  for (const Site& s : sites_) {
    const std::string what = "site " + std::to_string(s.id.value()) + " " + quoted(s.name);
    if (s.name.empty()) problems.add("site ", s.id.value(), ": empty name; every site needs a unique name");
    const auto first = site_names_.find(s.name);
    if (first != site_names_.end() && first->second != s.id.value()) {
      problems.add(what, ": duplicate name, already used by site ", first->second);
    }
    if (!(std::abs(s.location.lat_deg) <= 90.0)) {
      problems.add(what, ": latitude ", s.location.lat_deg, " outside [-90, 90] degrees");
    }
    if (!(std::abs(s.location.lon_deg) <= 180.0)) {
      problems.add(what, ": longitude ", s.location.lon_deg, " outside [-180, 180] degrees");
    }
    const OpeningHours& h = s.hours;
    if (h.open_minute >= h.close_minute || h.close_minute > 24 * 60) {
      problems.add(what, ": opening hours [", h.open_minute, ", ", h.close_minute,
                   ") minutes; expected 0 <= open < close <= 1440");
    }
    if (h.days_mask == 0 || h.days_mask > 0x7f) {
      problems.add(what, ": days mask ", static_cast<unsigned>(h.days_mask),
                   "; expected bits 0 (Monday) to 6 (Sunday), at least one set");
    }
  }

  const auto site_label = [&](SiteId id) {
    if (id.index() < sites_.size()) return quoted(sites_[id.index()].name);
    return std::string("<unknown>");
  };
  for (const Lane& l : lanes_) {
    const std::string what =
        "lane " + std::to_string(l.id.value()) + " " + site_label(l.from) + " -> " + site_label(l.to);
    for (const auto& [end, id] : {std::pair{"origin", l.from}, std::pair{"destination", l.to}}) {
      if (id.index() >= sites_.size()) {
        problems.add(what, ": unknown ", end, " site id ",
                     id.valid() ? std::to_string(id.value()) : std::string("<invalid>"), " (the network has ",
                     sites_.size(), " sites)");
      }
    }
    if (l.from == l.to) problems.add(what, ": a lane from a site to itself; expected two different sites");
    if (!finite_at_least(l.distance_km, 0.0)) {
      problems.add(what, ": distance ", l.distance_km, " km; expected a finite distance >= 0");
    }
    if (!(std::isfinite(l.transit.median_hours) && l.transit.median_hours > 0.0)) {
      problems.add(what, ": median transit ", l.transit.median_hours, " h; expected a finite time > 0");
    }
    if (!finite_at_least(l.transit.sigma, 0.0)) {
      problems.add(what, ": transit sigma ", l.transit.sigma, "; expected a finite value >= 0");
    }
    if (!finite_at_least(l.cost_per_shipment, 0.0) || !finite_at_least(l.cost_per_unit, 0.0)) {
      problems.add(what, ": costs ", l.cost_per_shipment, " per shipment and ", l.cost_per_unit,
                   " per unit; expected finite costs >= 0");
    }
  }

  for (const Sku& k : skus_) {
    const std::string what = "sku " + std::to_string(k.id.value()) + " " + quoted(k.name);
    if (k.name.empty()) problems.add("sku ", k.id.value(), ": empty name; every SKU needs a unique name");
    const auto first = sku_names_.find(k.name);
    if (first != sku_names_.end() && first->second != k.id.value()) {
      problems.add(what, ": duplicate name, already used by sku ", first->second);
    }
    if (!(std::isfinite(k.unit_volume_m3) && k.unit_volume_m3 > 0.0)) {
      problems.add(what, ": unit volume ", k.unit_volume_m3, " m^3; expected a finite volume > 0");
    }
    if (!(std::isfinite(k.unit_weight_kg) && k.unit_weight_kg > 0.0)) {
      problems.add(what, ": unit weight ", k.unit_weight_kg, " kg; expected a finite weight > 0");
    }
    if (!finite_at_least(k.unit_value, 0.0)) {
      problems.add(what, ": unit value ", k.unit_value, "; expected a finite value >= 0");
    }
  }

  if (assortment_.site_count() != 0 && assortment_.site_count() != sites_.size()) {
    problems.add("assortment: ", assortment_.site_count(), " site rows for ", sites_.size(),
                 " sites; expected one row per site");
  }
  for (std::size_t i = 0; i < assortment_.site_count(); ++i) {
    const auto row = assortment_.skus_at(SiteId(static_cast<SiteId::Rep>(i)));
    if (!row.empty() && row.back().index() >= skus_.size()) {
      problems.add("assortment of site ", i, ": unknown sku id ", row.back().value(), " (the network has ",
                   skus_.size(), " SKUs)");
    }
  }
  return problems.take();
}

std::size_t Network::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + sites_.capacity() * sizeof(Site) + lanes_.capacity() * sizeof(Lane) +
                      skus_.capacity() * sizeof(Sku) + assortment_.memory_bytes();
  for (const Site& s : sites_) bytes += heap_bytes(s.name) + heap_bytes(s.region);
  for (const Sku& k : skus_) bytes += heap_bytes(k.name);
  // An unordered_map node holds a next pointer, the key, the value and the cached hash.
  constexpr std::size_t kNode = sizeof(void*) + sizeof(std::string) + sizeof(std::uint32_t) + sizeof(std::size_t);
  bytes += index_bytes(site_names_.bucket_count(), site_names_.size(), kNode);
  bytes += index_bytes(sku_names_.bucket_count(), sku_names_.size(), kNode);
  for (const auto& [name, id] : site_names_) bytes += heap_bytes(name);
  for (const auto& [name, id] : sku_names_) bytes += heap_bytes(name);
  return bytes;
}

namespace {

class Fnv1a {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      hash_ ^= p[i];
      hash_ *= 0x100000001b3;
    }
  }
  void u64(std::uint64_t x) {
    for (int i = 0; i < 8; ++i) {  // little-endian whatever the machine
      const auto byte = static_cast<unsigned char>(x >> (8 * i));
      bytes(&byte, 1);
    }
  }
  void f64(double x) { u64(std::bit_cast<std::uint64_t>(x)); }
  void str(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325;
};

}  // namespace

std::uint64_t fingerprint(const Network& network) {
  Fnv1a h;
  h.u64(network.sites().size());
  for (const Site& s : network.sites()) {
    h.u64(s.id.value());
    h.str(s.name);
    h.u64(static_cast<std::uint64_t>(s.kind));
    h.f64(s.location.lat_deg);
    h.f64(s.location.lon_deg);
    h.str(s.region);
    for (const std::uint32_t c :
         {s.capacity.dock_doors, s.capacity.storage_pallets, s.capacity.throughput_units_per_day, s.capacity.trucks}) {
      h.u64(c);
    }
    h.u64(s.hours.open_minute);
    h.u64(s.hours.close_minute);
    h.u64(s.hours.days_mask);
  }
  h.u64(network.lanes().size());
  for (const Lane& l : network.lanes()) {
    h.u64(l.id.value());
    h.u64(l.from.value());
    h.u64(l.to.value());
    h.u64(static_cast<std::uint64_t>(l.mode));
    for (const double x :
         {l.distance_km, l.transit.median_hours, l.transit.sigma, l.cost_per_shipment, l.cost_per_unit}) {
      h.f64(x);
    }
  }
  h.u64(network.skus().size());
  for (const Sku& k : network.skus()) {
    h.u64(k.id.value());
    h.str(k.name);
    h.f64(k.unit_volume_m3);
    h.f64(k.unit_weight_kg);
    h.u64(static_cast<std::uint64_t>(k.temperature));
    h.f64(k.unit_value);
  }
  const Assortment& a = network.assortment();
  h.u64(a.site_count());
  for (std::size_t i = 0; i < a.site_count(); ++i) {
    const auto row = a.skus_at(SiteId(static_cast<SiteId::Rep>(i)));
    h.u64(row.size());
    for (const SkuId sku : row) h.u64(sku.value());
  }
  return h.value();
}

}  // namespace chaintwin::network
