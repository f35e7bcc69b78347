#pragma once
// A supply-chain network: sites, the lanes between them, the SKUs, and which SKUs each site carries.
//
// Built by appending (add_site, add_lane, add_sku, set_assortment), then checked once with validate(), which
// lists every problem as one readable line instead of failing on the first or crashing later: a network usually
// comes from a file a person wrote. Ids are indices in insertion order. Names are unique per table and looked up
// through a hash index.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "network/assortment.hpp"
#include "network/types.hpp"

namespace chaintwin::network {

class Network {
 public:
  // Each assigns the next id (overwriting the argument's) and returns it. Nothing is checked here: see validate().
  SiteId add_site(Site site);
  LaneId add_lane(Lane lane);
  SkuId add_sku(Sku sku);
  // Replaces the assortment; it must have one row per site (validate() says so if not).
  void set_assortment(Assortment assortment) { assortment_ = std::move(assortment); }
  // Capacities change in what-if scenarios (a DC gains doors); names, kinds and locations do not.
  void set_capacity(SiteId id, const SiteCapacity& capacity) { sites_[id.index()].capacity = capacity; }
  void reserve(std::size_t sites, std::size_t lanes, std::size_t skus);

  const std::vector<Site>& sites() const { return sites_; }
  const std::vector<Lane>& lanes() const { return lanes_; }
  const std::vector<Sku>& skus() const { return skus_; }
  const Assortment& assortment() const { return assortment_; }
  // Unchecked: the id must be valid.
  const Site& site(SiteId id) const { return sites_[id.index()]; }
  const Lane& lane(LaneId id) const { return lanes_[id.index()]; }
  const Sku& sku(SkuId id) const { return skus_[id.index()]; }

  // The first site or SKU added under this name.
  std::optional<SiteId> find_site(std::string_view name) const;
  std::optional<SkuId> find_sku(std::string_view name) const;

  // Every problem found, one line each, naming the element and what was expected; empty when valid.
  std::vector<std::string> validate() const;

  // Heap and object bytes held by the network, indexes included (capacities, not sizes).
  std::size_t memory_bytes() const;

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using NameIndex = std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>>;

  std::vector<Site> sites_;
  std::vector<Lane> lanes_;
  std::vector<Sku> skus_;
  Assortment assortment_;
  NameIndex site_names_;
  NameIndex sku_names_;
};

// FNV-1a 64 over every field of every site, lane, SKU and SKU-location, doubles by their bits: equal networks
// have equal fingerprints, and a determinism test compares two generated networks through it.
std::uint64_t fingerprint(const Network& network);

}  // namespace chaintwin::network
