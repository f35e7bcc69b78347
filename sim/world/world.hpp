#pragma once
// The simulated supply-chain world: stores selling to customers, DCs receiving, storing, picking and shipping,
// suppliers producing, ports berthing vessels, trucks driving their routes, planners replenishing by policy, and
// disruptions striking; every physical fact goes into the truth ledger.
//
// Flow of goods. A supplier ships a purchase order's units along the route to the ordering DC (by sea through a
// port, waiting for the next sailing, a berth and customs; then by road or rail); the DC unloads it at a dock door,
// puts it away, and only then is the stock available. A store's replenishment order is picked at its DC, loaded on
// one of the DC's trucks (which then drives to the store, unloads and drives back) and received at the store.
// Customers buy at stores; what the shelf cannot fill is a lost sale or a backorder, as the scenario says.
//
// Decisions. Each stocking SKU-location (DC or store) has an inventory policy that decides from a VisibilityView;
// the world's own view is the truth (TruthView). Later views (lagged batch, the streaming pipeline's output)
// implement the same interface.
//
// Randomness. Every stochastic element has its own stream keyed by entity and purpose (sim::RandomStreams), so a
// what-if scenario changes only what it changes: common random numbers. Demand arrivals are drawn by inversion of
// the cumulative rate, so a demand spike moves arrivals but consumes the same numbers.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "network/network.hpp"
#include "sim/core/random.hpp"
#include "sim/core/simulation.hpp"
#include "sim/world/config.hpp"
#include "sim/world/demand_history.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::world {

// What a planner can know about one SKU-location.
struct StockPosition {
  std::int64_t on_hand = 0;
  std::int64_t on_order = 0;  // ordered and not yet received (including in transit)
  std::int64_t backlog = 0;   // customer units owed (backorders) or downstream units owed
  std::int64_t inventory_position() const { return on_hand + on_order - backlog; }
};

class VisibilityView {
 public:
  virtual ~VisibilityView() = default;
  virtual StockPosition position(std::uint32_t location) const = 0;
};

// The planning parameters of one SKU-location, as PolicyConfig computes them.
struct PolicyLevels {
  std::int64_t reorder_point = 0;  // s, or R of (R,Q)
  std::int64_t order_up_to = 0;    // S
  std::int64_t order_quantity = 0; // Q
};

// A replenishment policy: how many units to order now for one SKU-location (0: none).
class InventoryPolicy {
 public:
  virtual ~InventoryPolicy() = default;
  virtual std::int64_t order_quantity(const StockPosition& position, const PolicyLevels& levels) const = 0;
};
std::unique_ptr<InventoryPolicy> make_policy(PolicyKind kind);

// The stocking SKU-locations (DCs and stores) numbered densely: location l is (site_of(l), sku_of(l)), sorted by
// site then SKU, in the order of the network's assortment.
class Locations {
 public:
  explicit Locations(const network::Network& network);
  std::uint32_t size() const { return static_cast<std::uint32_t>(sku_.size()); }
  network::SiteId site_of(std::uint32_t location) const { return site_[location]; }
  network::SkuId sku_of(std::uint32_t location) const { return sku_[location]; }
  // kNone when the site is not a stocking site or does not carry the SKU.
  std::uint32_t find(network::SiteId site, network::SkuId sku) const;
  // find() for the SKU of each line, into `out` (resized). Order and shipment lines list SKUs in ascending order
  // (a review walks a site's SKUs in order; shipments keep their order's line order), so one forward walk of the
  // site's SKUs finds them all, with short gallops instead of a binary search from scratch per line. Lines in any
  // other order are found too, only slower.
  void find_all(network::SiteId site, std::span<const OrderLine> lines, std::vector<std::uint32_t>& out) const;
  std::span<const network::SkuId> skus_at(network::SiteId site) const;
  std::uint32_t first_at(network::SiteId site) const { return site_first_[site.index()]; }

 private:
  const network::Network* network_;
  std::vector<std::uint32_t> site_first_;  // per site: its first location, or kNone
  std::vector<network::SiteId> site_;
  std::vector<network::SkuId> sku_;
};

struct WorldCounters {
  std::uint64_t events = 0;  // engine events, plus customers served in batches (a customer is one event either way)
  std::uint64_t customer_arrivals = 0;
  std::uint64_t replenishment_orders = 0;
  std::uint64_t purchase_orders = 0;
  std::uint64_t shipments = 0;
  std::uint64_t truck_trips = 0;
  std::uint64_t breakdowns = 0;
  std::uint64_t vessel_calls = 0;
  std::uint64_t disruptions = 0;
};

class World {
 public:
  // The network must be valid and outlive the world; history may be null. Random disruptions are drawn up to
  // `horizon`, the end of the run. Throws std::invalid_argument when the configuration names a site or SKU the
  // network lacks (scenario loading reports those, with positions, before a world is built).
  World(const network::Network& network, const WorldConfig& config, const sim::RandomStreams& streams,
        sim::SimTime horizon, const DemandHistory* history = nullptr);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Runs until `until` (absolute simulated time); may be called repeatedly with later times. `progress`, if set,
  // is called about every simulated day with the current time.
  void run_until(sim::SimTime until, const std::function<void(sim::SimTime)>& progress = {});

  // Replaces the view the planners decide from (default: the truth). The view must outlive the world.
  void set_view(const VisibilityView* view);
  // Replaces the policy of every store or every DC.
  void set_store_policy(std::unique_ptr<InventoryPolicy> policy);
  void set_dc_policy(std::unique_ptr<InventoryPolicy> policy);

  sim::SimTime now() const;
  const network::Network& network() const { return *network_; }
  const WorldConfig& config() const { return config_; }
  const Ledger& ledger() const { return ledger_; }
  const Locations& locations() const { return locations_; }
  const VisibilityView& truth() const;
  const PolicyLevels& levels(std::uint32_t location) const;
  // Units the planners have ordered for a location since the start (what a view adds to a stale on-order).
  std::int64_t ordered_units(std::uint32_t location) const;
  // Planned mean demand per day of a location (stores: the demand model's; DCs: the sum over the stores they serve).
  double planned_daily_demand(std::uint32_t location) const;
  WorldCounters counters() const;
  // Bytes held by the world's state, ledger excluded.
  std::size_t state_bytes() const;

 private:
  struct Impl;
  const network::Network* network_;
  WorldConfig config_;
  Ledger ledger_;
  Locations locations_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chaintwin::world
