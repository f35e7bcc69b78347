#include "sim/world/world.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "network/geo.hpp"
#include "network/routing.hpp"
#include "sim/core/memory.hpp"
#include "sim/core/portable_math.hpp"
#include "sim/core/resource.hpp"
#include "sim/world/demand_model.hpp"

namespace chaintwin::world {

using network::LaneId;
using network::SiteKind;
using network::TemperatureClass;
using network::TransportMode;
using sim::SimTime;

namespace {

constexpr std::int64_t kHourNs = 3'600'000'000'000;
constexpr std::int64_t kDayNs = 24 * kHourNs;
// Batched customers go to the ledger this often (a divisor of a day).
constexpr std::int64_t kCustomerFlushNs = 4 * kHourNs;
// Promised delivery = order time + planned lead time + this share of it: the buffer a typical delivery
// appointment or purchase-order due date carries over the planned transit.
constexpr double kPromiseSlack = 0.25;
// A cold room under control returns to its set point with this time constant (a thermostat's loop).
constexpr double kControlTimeConstantHours = 0.5;

SimTime lognormal_time(SimTime median, double sigma, sim::RandomStream& rs) {
  if (median <= SimTime::zero()) return SimTime::zero();
  if (sigma <= 0.0) return median;
  return sim::from_hours(sim::LogNormal::from_median(median.to_hours(), sigma)(rs));
}

SimTime scaled(SimTime t, double factor) { return sim::from_hours(t.to_hours() * factor); }

std::string entity(std::string_view kind, std::uint32_t id) { return std::string(kind) + "/" + std::to_string(id); }

bool out_of_range(TemperatureClass zone, double celsius) {
  if (zone == TemperatureClass::kFrozen) return celsius > -18.0;
  return celsius < 2.0 || celsius > 8.0;  // chilled: 2-8 C
}

}  // namespace

// The truth as a view: what the world's own arrays say.
class TruthView final : public VisibilityView {
 public:
  TruthView(const std::vector<std::int64_t>& on_hand, const std::vector<std::int64_t>& on_order,
            const std::vector<std::int64_t>& backlog)
      : on_hand_(on_hand), on_order_(on_order), backlog_(backlog) {}
  StockPosition position(std::uint32_t l) const override { return {on_hand_[l], on_order_[l], backlog_[l]}; }

 private:
  const std::vector<std::int64_t>& on_hand_;
  const std::vector<std::int64_t>& on_order_;
  const std::vector<std::int64_t>& backlog_;
};

// A batch-fed ERP: positions as of the last snapshot that has arrived, plus the orders placed since it.
class SnapshotView final : public VisibilityView {
 public:
  SnapshotView(const TruthView& truth, const std::vector<std::int64_t>& ordered) : truth_(truth), ordered_(ordered) {}
  // A snapshot of every location at `now_ns`.
  void take(std::int64_t now_ns, std::uint32_t locations) {
    Snapshot s;
    s.taken_ns = now_ns;
    s.positions.resize(locations);
    for (std::uint32_t l = 0; l < locations; ++l) s.positions[l] = truth_.position(l);
    s.ordered = ordered_;
    pending_.push_back(std::move(s));
  }
  // The latest snapshot taken at or before `taken_by_ns` becomes the one seen.
  void arrive(std::int64_t taken_by_ns) {
    while (!pending_.empty() && pending_.front().taken_ns <= taken_by_ns) {
      visible_ = std::move(pending_.front());
      pending_.pop_front();
    }
  }
  StockPosition position(std::uint32_t l) const override {
    StockPosition p = visible_.positions[l];
    p.on_order += ordered_[l] - visible_.ordered[l];  // the planners know their own orders
    return p;
  }

 private:
  struct Snapshot {
    std::int64_t taken_ns = 0;
    std::vector<StockPosition> positions;
    std::vector<std::int64_t> ordered;
  };
  const TruthView& truth_;
  const std::vector<std::int64_t>& ordered_;  // units ordered per location so far
  std::deque<Snapshot> pending_;
  Snapshot visible_;
};

struct World::Impl {
  // A vehicle's current leg: where from and to, when, and a stop (breakdown) inside it. Positions are interpolated
  // along the great circle by the share of moving time elapsed.
  struct Leg {
    network::LatLon from, to;
    std::int64_t depart = 0, arrive = 0, stop_begin = 0, stop_end = 0;
    float speed_kmh = 0.0f, heading = 0.0f;
    std::uint32_t serial = 0;  // bumped for every new leg, so a stale position sampler stops
  };
  struct Truck {
    VehicleId vehicle;
    SiteId home;
    sim::RandomStream rs;
    Leg leg;
  };
  struct Voyage {
    LaneId lane;
    std::int64_t sailing = 0;
    std::vector<ShipmentId> cargo;
    VehicleId vessel = kNone;
    Leg leg;
  };
  struct ColdRoom {
    SiteId dc;
    TemperatureClass zone;
    double celsius = 0.0;
    std::int64_t out_since = -1;  // start of the current excursion, -1 if in range
    sim::RandomStream rs;
  };
  struct SiteState {
    std::int32_t region = -1;
    std::int32_t closures = 0;                                     // active outages or closures
    std::vector<sim::Action> parked;                               // work waiting for the site to reopen
    SiteId home_dc;                                                // stores: the DC serving them
    double lead_time_multiplier = 1.0;                             // suppliers
    double breakdown_multiplier = 1.0;                             // DCs: their trucks
    std::int32_t cold_failures = 0;                                // DCs
    std::int64_t capacity_free_ns = 0;                             // suppliers: when production capacity is next free
    std::uint32_t doors = kNone, pickers = kNone, berths = kNone;  // indices into resources
    std::vector<std::uint32_t> free_trucks;
    std::deque<ShipmentId> outbound;  // DCs: loaded shipments waiting for a truck
    std::optional<sim::RandomStream> rs;
  };
  struct InFlight {
    std::uint32_t route = kNone;
    std::uint32_t leg = 0;
  };
  struct OrderProgress {
    std::uint32_t outstanding_shipments = 0;
    std::uint32_t received_units = 0;
  };
  struct Occurrence {
    const DisruptionConfig* config;
    std::uint32_t id;
    std::uint32_t target;  // site id, or kNone
    std::int32_t region;   // weather
    std::int64_t start, end;
  };
  struct Backorder {
    DemandId demand;
    std::uint32_t remaining;
    std::uint32_t next;  // index in backorder_pool, or kNone
  };

  const network::Network& net;
  const WorldConfig& cfg;
  Ledger& ledger;
  const Locations& locs;
  sim::RandomStreams streams;
  std::int64_t horizon;
  sim::Simulation sim;

  // Per location.
  std::vector<std::int64_t> on_hand, on_order, backlog;
  std::vector<PolicyLevels> levels;
  std::vector<double> planned_daily;
  std::vector<SiteId> source;  // where a location orders from (DC or supplier), invalid if nowhere
  std::vector<std::uint32_t> backorder_head, backorder_tail;
  std::vector<Backorder> backorder_pool;
  std::vector<std::uint32_t> backorder_free;

  TruthView truth;
  std::vector<std::int64_t> ordered;  // units ordered per location since the start, for the snapshot view
  std::optional<SnapshotView> snapshots;
  const VisibilityView* view;
  std::unique_ptr<InventoryPolicy> store_policy, dc_policy;
  std::optional<DemandModel> demand;
  const DemandHistory* history;

  std::deque<SiteState> sites;  // a deque: SiteState holds move-only work and never relocates
  std::deque<sim::Resource> resources;
  std::vector<Truck> trucks;
  std::deque<Voyage> voyages;
  std::vector<std::uint32_t> open_voyage;  // per lane
  std::vector<std::int64_t> last_sailing;  // per lane: time of the last vessel that left, -1 if none
  std::vector<sim::RandomStream> lane_rs;  // per lane: carrier transit times and sailing phases
  std::vector<std::int64_t> sailing_phase;
  std::vector<ColdRoom> cold_rooms;
  std::vector<std::string> regions;
  std::vector<double> region_weather;
  std::vector<InFlight> in_flight;  // per shipment
  std::vector<OrderProgress> orders;
  std::vector<std::vector<LaneId>> routes;
  std::vector<double> route_planned_hours;
  std::vector<double> route_planned_variance;  // hours^2
  std::unordered_map<std::uint64_t, std::uint32_t> route_index;
  std::optional<network::Router> router;
  std::vector<std::uint32_t> supplier_of;  // per SKU: the supplying site, kNone if none
  std::vector<std::uint32_t> out_first;    // lanes leaving site v: out_lanes[out_first[v] .. out_first[v + 1])
  std::vector<LaneId> out_lanes;
  std::vector<Occurrence> occurrences;
  std::vector<bool> active;  // per occurrence
  std::vector<OrderLine> scratch_lines;
  std::vector<OrderLine> scratch_receipt;
  WorldCounters counters;
  bool continuous_review =
      cfg.store_policy.review_period <= SimTime::zero() || cfg.dc_policy.review_period <= SimTime::zero();

  // Batched customers. A store's customers touch only that store's shelves, and nothing else reads those shelves
  // but deliveries to the store and its reviews. So, unless a customer can set off something at once (continuous
  // review orders, backorders filled later by id, replayed history), customers are not engine events: each store
  // serves its customers up to the next delivery or review (catch_up), which keeps one store's shelves in cache for
  // many customers instead of one cache miss per customer. Their demand rows wait in `demand_batch` until every
  // store has served up to the next flush (every kCustomerFlushNs, and when run_until returns), and then go into
  // the ledger in time order. At the same instant as another event of its store, a customer comes after it.
  struct PendingCustomer {
    std::int64_t time = -1;  // -1: none before the horizon
    std::uint32_t location = kNone;
    std::int64_t drawn_at = -1;  // when it was drawn: its previous customer's time (-1: at the start)
  };
  // A served customer's row, with what orders it among customers of the same instant at other stores as the
  // engine would: events of one time run in the order they were scheduled, and a customer is scheduled when its
  // store's previous customer is served.
  struct ServedCustomer {
    DemandRow row;
    std::int64_t drawn_at;
  };
  bool batch_customers = false;
  std::vector<PendingCustomer> pending_customer;  // per site (stores)
  std::vector<ServedCustomer> demand_batch;       // served, not yet in the ledger; sorted runs per catch-up
  std::vector<DemandRow> sorted_rows;             // demand_batch's rows in ledger order (sort_batch)
  std::vector<std::int64_t> sorted_drawn_at;      // and when each was drawn
  std::vector<std::uint32_t> bucket_start;        // scratch of sort_batch
  std::uint64_t batched_customers = 0;            // world events served outside the engine

  Impl(World& world, const sim::RandomStreams& s, SimTime h, const DemandHistory* hist)
      : net(*world.network_),
        cfg(world.config_),
        ledger(world.ledger_),
        locs(world.locations_),
        streams(s),
        horizon(h.ns()),
        truth(on_hand, on_order, backlog),
        view(&truth),
        store_policy(make_policy(cfg.store_policy.kind)),
        dc_policy(make_policy(cfg.dc_policy.kind)),
        history(hist) {}

  // ---------------------------------------------------------------- set-up

  void build() {
    const std::uint32_t n = locs.size();
    for (auto* v : {&on_hand, &on_order, &backlog}) sim::reserve_huge(*v, n);
    on_hand.assign(n, 0);
    on_order.assign(n, 0);
    backlog.assign(n, 0);
    ordered.assign(n, 0);
    levels.assign(n, {});
    planned_daily.assign(n, 0.0);
    source.assign(n, SiteId());
    sites.resize(net.sites().size());
    open_voyage.assign(net.lanes().size(), kNone);
    last_sailing.assign(net.lanes().size(), -1);
    if (cfg.demand.stockout == StockoutMode::kBackorders) {
      backorder_head.assign(n, kNone);
      backorder_tail.assign(n, kNone);
    }
    for (const auto& site : net.sites()) {
      SiteState& st = sites[site.id.index()];
      if (!site.region.empty()) {
        auto it = std::find(regions.begin(), regions.end(), site.region);
        if (it == regions.end()) it = regions.insert(regions.end(), site.region);
        st.region = static_cast<std::int32_t>(it - regions.begin());
      }
    }
    region_weather.assign(regions.size(), 1.0);
    for (const auto& lane : net.lanes()) {
      lane_rs.push_back(streams.stream(entity("world/lane", lane.id.value()), "transit"));
      sim::RandomStream phase = streams.stream(entity("world/lane", lane.id.value()), "sailing phase");
      sailing_phase.push_back(
          static_cast<std::int64_t>(phase.uniform01() * static_cast<double>(cfg.port.sailing_interval.ns())));
    }
    build_supply();
    build_facilities();
    build_disruptions();
    std::vector<bool> replayed;
    if (history != nullptr) {
      replayed.assign(locs.size(), false);
      for (const auto& row : history->rows)
        if (const std::uint32_t l = locs.find(row.store, row.sku); l != kNone) replayed[l] = true;
    }
    demand.emplace(net, locs, cfg.demand, demand_spikes(), streams, replayed);
    plan_levels();
    reserve_ledger();
    open_stock();
    schedule_snapshots();
    schedule_demand();
    schedule_reviews();
    schedule_disruptions();
  }

  // Batch visibility: a snapshot now (the opening stock, seen at once) and every snapshot_every after.
  void schedule_snapshots() {
    if (cfg.visibility.mode != VisibilityMode::kBatch) return;
    snapshots.emplace(truth, ordered);
    view = &*snapshots;
    take_snapshot();
    snapshots->arrive(0);
  }

  void take_snapshot() {
    if (batch_customers) flush_customers(sim.now().ns(), false);  // the truth up to now, customers included
    snapshots->take(sim.now().ns(), locs.size());
    if (sim.now() + cfg.visibility.snapshot_every < SimTime::from_ns(horizon))
      sim.schedule(cfg.visibility.snapshot_every, [this] { take_snapshot(); });
  }

  void build_lane_index() {
    out_first.assign(net.sites().size() + 1, 0);
    for (const auto& lane : net.lanes()) ++out_first[lane.from.index() + 1];
    for (std::size_t v = 0; v < net.sites().size(); ++v) out_first[v + 1] += out_first[v];
    out_lanes.resize(net.lanes().size());
    std::vector<std::uint32_t> next(out_first.begin(), out_first.end() - 1);
    for (const auto& lane : net.lanes()) out_lanes[next[lane.from.index()]++] = lane.id;
  }

  // The fastest lane from -> to (by mean transit, lowest id on ties), or nullptr.
  const network::Lane* direct_lane(SiteId from, SiteId to) const {
    const network::Lane* best = nullptr;
    for (std::uint32_t i = out_first[from.index()]; i < out_first[from.index() + 1]; ++i) {
      const auto& lane = net.lane(out_lanes[i]);
      if (lane.to == to && (best == nullptr || lane.transit.mean_hours() < best->transit.mean_hours())) best = &lane;
    }
    return best;
  }

  void build_supply() {
    build_lane_index();
    supplier_of.assign(net.skus().size(), kNone);
    for (const auto& site : net.sites())
      if (site.kind == SiteKind::kSupplier)
        for (network::SkuId sku : net.assortment().skus_at(site.id))
          if (supplier_of[sku.index()] == kNone) supplier_of[sku.index()] = site.id.value();
    // A store is served by the DC of its fastest inbound lane from a DC (lowest lane id on ties).
    std::vector<double> best(net.sites().size(), 1e300);
    for (const auto& lane : net.lanes()) {
      if (net.site(lane.to).kind != SiteKind::kStore || net.site(lane.from).kind != SiteKind::kDistributionCenter)
        continue;
      if (lane.transit.mean_hours() < best[lane.to.index()]) {
        best[lane.to.index()] = lane.transit.mean_hours();
        sites[lane.to.index()].home_dc = lane.from;
      }
    }
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      const SiteId site = locs.site_of(l);
      const network::SkuId sku = locs.sku_of(l);
      const SiteId dc = sites[site.index()].home_dc;
      if (net.site(site).kind == SiteKind::kStore && dc.valid() && locs.find(dc, sku) != kNone)
        source[l] = dc;
      else if (supplier_of[sku.index()] != kNone)
        source[l] = SiteId(supplier_of[sku.index()]);
    }
  }

  std::uint32_t add_resource(std::int64_t capacity) {
    resources.emplace_back(sim, std::max<std::int64_t>(capacity, 1));
    return static_cast<std::uint32_t>(resources.size() - 1);
  }

  void build_facilities() {
    for (const auto& site : net.sites()) {
      SiteState& st = sites[site.id.index()];
      switch (site.kind) {
        case SiteKind::kDistributionCenter: {
          st.doors = add_resource(cfg.dc.dock_doors > 0 ? cfg.dc.dock_doors : site.capacity.dock_doors);
          st.pickers = add_resource(cfg.dc.pickers);
          st.rs = streams.stream(entity("world/dc", site.id.value()), "operations");
          for (std::uint32_t i = 0; i < site.capacity.trucks; ++i) {
            const auto t = static_cast<std::uint32_t>(trucks.size());
            const VehicleId v = ledger.new_vehicle({VehicleKind::kTruck, site.id});
            trucks.push_back({v, site.id, streams.stream(entity("world/truck", v), "trips"), {}});
            st.free_trucks.push_back(t);
          }
          std::reverse(st.free_trucks.begin(), st.free_trucks.end());  // lowest id leaves first
          bool has[3] = {false, false, false};
          for (network::SkuId sku : net.assortment().skus_at(site.id))
            has[static_cast<int>(net.sku(sku).temperature)] = true;
          for (TemperatureClass zone : {TemperatureClass::kChilled, TemperatureClass::kFrozen}) {
            if (!has[static_cast<int>(zone)]) continue;
            ColdRoom room{site.id, zone, setpoint(zone), -1,
                          streams.stream(entity("world/dc", site.id.value()),
                                         zone == TemperatureClass::kChilled ? "chilled room" : "frozen room")};
            cold_rooms.push_back(std::move(room));
          }
          break;
        }
        case SiteKind::kPort:
          st.berths = add_resource(cfg.port.berths);
          st.rs = streams.stream(entity("world/port", site.id.value()), "operations");
          break;
        case SiteKind::kSupplier:
        case SiteKind::kFactory:
          st.rs = streams.stream(entity("world/supplier", site.id.value()), "orders");
          break;
        case SiteKind::kStore:
          st.rs = streams.stream(entity("world/store", site.id.value()), "operations");
          break;
      }
    }
  }

  double setpoint(TemperatureClass zone) const {
    return zone == TemperatureClass::kFrozen ? cfg.dc.frozen_setpoint_c : cfg.dc.chilled_setpoint_c;
  }

  std::int32_t region_of(const std::string& name) const {
    const auto it = std::find(regions.begin(), regions.end(), name);
    return it == regions.end() ? -1 : static_cast<std::int32_t>(it - regions.begin());
  }

  // Resolves each disruption's target and draws the random ones' occurrences over the horizon.
  void build_disruptions() {
    for (std::size_t i = 0; i < cfg.disruptions.size(); ++i) {
      const DisruptionConfig& d = cfg.disruptions[i];
      std::uint32_t target = kNone;
      std::int32_t region = -1;
      if (!d.target.empty()) {
        if (d.kind == DisruptionKind::kWeather || d.kind == DisruptionKind::kDemandSpike) region = region_of(d.target);
        if (region < 0) {
          const auto site = net.find_site(d.target);
          if (!site)
            throw std::invalid_argument("disruptions[" + std::to_string(i) + "]: unknown target '" + d.target + "'");
          target = site->value();
        }
      }
      if (d.rate_per_year <= 0.0) {
        occurrences.push_back({&d, 0, target, region, d.start.ns(), (d.start + d.duration).ns()});
        continue;
      }
      sim::RandomStream rs = streams.stream(entity("world/disruption", static_cast<std::uint32_t>(i)), "occurrences");
      const double mean_gap_days = 365.0 / d.rate_per_year;
      double t_days = 0.0;
      for (;;) {
        t_days += mean_gap_days * sim::standard_exponential(rs);
        const SimTime start = sim::from_days(t_days);
        if (start.ns() >= horizon) break;
        const SimTime length = lognormal_time(d.duration, d.duration_sigma, rs);
        occurrences.push_back({&d, 0, target, region, start.ns(), (start + length).ns()});
      }
    }
    // Ids in order of start, scheduled and random alike, ties by configuration order.
    std::stable_sort(occurrences.begin(), occurrences.end(),
                     [](const Occurrence& a, const Occurrence& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < occurrences.size(); ++i) occurrences[i].id = static_cast<std::uint32_t>(i);
    active.assign(occurrences.size(), false);
  }

  std::vector<DemandMultiplier> demand_spikes() const {
    std::vector<DemandMultiplier> spikes;
    for (const Occurrence& o : occurrences) {
      if (o.config->kind != DisruptionKind::kDemandSpike) continue;
      DemandMultiplier m;
      m.start_ns = o.start;
      m.end_ns = o.end;
      m.site = o.target;
      m.region = o.region;
      m.multiplier = o.config->magnitude;
      spikes.push_back(m);
    }
    return spikes;
  }

  // Routes from a source to a destination: the fastest direct lane, else the shortest path by expected transit.
  std::uint32_t route(SiteId from, SiteId to) {
    const std::uint64_t key = (std::uint64_t{from.value()} << 32) | to.value();
    if (const auto it = route_index.find(key); it != route_index.end()) return it->second;
    std::vector<LaneId> lanes;
    if (const network::Lane* direct = direct_lane(from, to)) {
      lanes.push_back(direct->id);
    } else {
      if (!router) router.emplace(net, network::RouteMetric::kExpectedTransitHours);
      if (auto r = router->shortest_path(from, to)) lanes = std::move(r->lanes);
    }
    double hours = 0.0, variance = 0.0;
    for (LaneId lane : lanes) {
      const auto& l = net.lane(lane);
      hours += l.transit.mean_hours();
      variance += lognormal_variance(l.transit.mean_hours(), l.transit.sigma);
      if (l.mode == TransportMode::kSea) {
        const double interval = cfg.port.sailing_interval.to_hours();
        hours += interval / 2 + cfg.port.berth_time.to_hours() +
                 cfg.port.customs_hold_probability * cfg.port.customs_hold_time.to_hours();
        variance += interval * interval / 12;  // the wait for the next sailing is uniform over the interval
      }
    }
    const auto index = static_cast<std::uint32_t>(routes.size());
    routes.push_back(std::move(lanes));
    route_planned_hours.push_back(hours);
    route_planned_variance.push_back(variance);
    route_index.emplace(key, index);
    return index;
  }

  static double lognormal_variance(double mean, double sigma) { return mean * mean * (std::exp(sigma * sigma) - 1.0); }

  // Planned lead time from a location's source to it, everything included: mean (hours) and variance (hours^2).
  struct LeadTime {
    double hours = 0.0;
    double variance = 0.0;
  };
  LeadTime planned_lead(std::uint32_t l) {
    const SiteId src = source[l];
    const SiteId dst = locs.site_of(l);
    const std::uint32_t r = route(src, dst);
    if (routes[r].empty()) return {};
    LeadTime lead{route_planned_hours[r], route_planned_variance[r]};
    if (net.site(src).kind == SiteKind::kDistributionCenter) {
      lead.hours += cfg.dc.load_time.to_hours() + cfg.dc.unload_time.to_hours() + 12.0;  // picking queue allowance
    } else {
      const double sigma = cfg.supplier.lead_time_sigma;
      const double mean = cfg.supplier.lead_time.to_hours() * std::exp(0.5 * sigma * sigma);
      lead.hours += mean;
      lead.variance += lognormal_variance(mean, sigma);
      if (net.site(dst).kind == SiteKind::kDistributionCenter)
        lead.hours += cfg.dc.unload_time.to_hours() + cfg.dc.put_away_time.to_hours();
    }
    return lead;
  }

  const PolicyConfig& policy_of(std::uint32_t l) const {
    return net.site(locs.site_of(l)).kind == SiteKind::kStore ? cfg.store_policy : cfg.dc_policy;
  }

  // Planned demand: stores from the demand model, DCs as the sum over the store locations they source.
  void plan_levels() {
    std::vector<double> variance(locs.size(), 0.0);
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      if (net.site(locs.site_of(l)).kind != SiteKind::kStore) continue;
      planned_daily[l] = demand->base_units_per_day(l);
      variance[l] = demand->daily_variance(l);
    }
    if (history != nullptr) plan_replayed(variance);
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      const SiteId src = source[l];
      if (!src.valid() || net.site(src).kind != SiteKind::kDistributionCenter) continue;
      const std::uint32_t up = locs.find(src, locs.sku_of(l));
      planned_daily[up] += planned_daily[l];
      variance[up] += variance[l];
    }
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      const PolicyConfig& p = policy_of(l);
      PolicyLevels& lv = levels[l];
      if (!source[l].valid()) continue;
      const LeadTime lead = planned_lead(l);
      const double review_days = p.review_period.to_days();
      const double cover = lead.hours / 24.0 + review_days;
      const double d = planned_daily[l];
      // Demand uncertainty over the cover, and lead-time uncertainty times demand (the textbook sum of both).
      const double safety = p.safety_factor * std::sqrt(variance[l] * cover + d * d * lead.variance / 576.0);
      const auto q = static_cast<std::int64_t>(std::max(1.0, std::round(d * p.order_days)));
      const auto s = static_cast<std::int64_t>(std::round(d * cover + safety));
      lv.reorder_point = p.reorder_point >= 0 ? p.reorder_point : s;
      lv.order_quantity = p.order_quantity >= 0 ? p.order_quantity : q;
      if (p.order_up_to >= 0)
        lv.order_up_to = p.order_up_to;
      else if (p.kind == PolicyKind::kMinMax)
        lv.order_up_to = lv.reorder_point + lv.order_quantity;
      else
        lv.order_up_to = s;
    }
  }

  // Replayed SKU-locations plan with their history's mean and variance per day.
  void plan_replayed(std::vector<double>& variance) {
    const auto& rows = history->rows;
    for (std::size_t i = 0; i < rows.size();) {
      std::size_t j = i;
      double sum = 0.0, sum2 = 0.0;
      std::uint32_t days = 1;
      while (j < rows.size() && rows[j].store == rows[i].store && rows[j].sku == rows[i].sku) {
        sum += rows[j].units;
        sum2 += static_cast<double>(rows[j].units) * rows[j].units;
        days = std::max(days, rows[j].day + 1);
        ++j;
      }
      const std::uint32_t l = locs.find(rows[i].store, rows[i].sku);
      if (l != kNone) {
        const double mean = sum / days;
        planned_daily[l] = mean;
        variance[l] = std::max(0.0, sum2 / days - mean * mean);
      }
      i = j;
    }
  }

  // Room for what the run is expected to record, with a margin, so the biggest columns never grow by copying.
  void reserve_ledger() {
    double customers = 0.0, units = 0.0;
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      if (demand->base_units_per_day(l) <= 0.0) continue;
      customers += demand->base_units_per_day(l) / demand->mean_order_units(l);
      units += demand->base_units_per_day(l);
    }
    const double days = static_cast<double>(horizon) / kDayNs;
    const auto expected_customers = static_cast<std::size_t>(customers * days * 1.2);
    ledger.reserve(FactTable::kDemand, expected_customers);
    // Sales at a customer's arrival are demand rows only; stock rows are receipts, picks and later fills.
    ledger.reserve(FactTable::kStock, 2 * locs.size() + static_cast<std::size_t>(units * days * 0.1));
  }

  void open_stock() {
    for (std::uint32_t l = 0; l < locs.size(); ++l) {
      const PolicyConfig& p = policy_of(l);
      std::int64_t units = p.initial_stock_days >= 0.0
                               ? static_cast<std::int64_t>(std::round(p.initial_stock_days * planned_daily[l]))
                               : levels[l].order_up_to;
      if (units <= 0) continue;
      on_hand[l] = units;
      ledger.stock(SimTime::zero(), locs.site_of(l), locs.sku_of(l), static_cast<std::int32_t>(units),
                   StockReason::kInitial, kNone);
    }
  }

  // ---------------------------------------------------------------- customers

  // One pending event per store: its next customer (see DemandModel for why this is exact); or, batched, one
  // pending customer per store outside the engine.
  void schedule_demand() {
    batch_customers = cfg.store_policy.review_period > SimTime::zero() && history == nullptr &&
                      cfg.demand.stockout == StockoutMode::kLostSales;
    if (batch_customers) pending_customer.resize(net.sites().size());
    for (const auto& site : net.sites()) {
      if (site.kind != SiteKind::kStore) continue;
      if (batch_customers) {
        PendingCustomer& c = pending_customer[site.id.index()];
        c.time = demand->next_customer(site.id, 0, horizon, c.location);
      } else {
        schedule_customer(site.id, 0);
      }
    }
    if (history != nullptr) schedule_replay(0);
  }

  // Serves a store's next customer if it comes before `until` (batched mode): as serve_customer, with the demand
  // row held back for flush_customers. False if there was none to serve.
  bool serve_next(SiteId store, std::int64_t until) {
    PendingCustomer& c = pending_customer[store.index()];
    if (c.time < 0 || c.time >= until) return false;
    const std::uint32_t l = c.location;
    const std::uint32_t units = demand->order_units(store, l);
    const auto filled =
        static_cast<std::uint32_t>(std::min<std::int64_t>(units, std::max<std::int64_t>(on_hand[l], 0)));
    on_hand[l] -= filled;
    demand_batch.push_back({{c.time, store, demand->sku_of(l), units, filled}, c.drawn_at});
    // changed(l) would do nothing: in this mode stores review periodically.
    c.drawn_at = c.time;
    c.time = demand->next_customer(store, c.time, horizon, c.location);
    __builtin_prefetch(&on_hand[demand->prefetch_ahead(store)], 1);
    return true;
  }

  // Serves a store's customers before `until`, in their order.
  void catch_up(SiteId store, std::int64_t until) {
    while (serve_next(store, until)) {
    }
  }

  // Serves every store's customers up to `until` (included when `inclusive`: the end of a run, after every event
  // at that time) and hands their demand rows to the ledger in time order. Stores take turns, a customer each, a
  // few at a time: what one store's next customer reads is prefetched while the others serve theirs (one store
  // alone leaves too little work between a prefetch and its use). Each store's customers keep their own order,
  // and stores share nothing, so the turns change no customer (sort_batch restores the ledger's order).
  void flush_customers(std::int64_t until, bool inclusive) {
    const std::int64_t bound = inclusive && until < std::numeric_limits<std::int64_t>::max() ? until + 1 : until;
    constexpr std::size_t kTurns = 4;
    std::size_t waiting = 0;
    SiteId group[kTurns];
    const auto serve_group = [&] {
      while (waiting > 0)
        for (std::size_t i = 0; i < waiting;)
          if (serve_next(group[i], bound))
            ++i;
          else
            group[i] = group[--waiting];  // done: the last one takes its turn
    };
    for (const auto& site : net.sites()) {
      if (site.kind != SiteKind::kStore) continue;
      group[waiting++] = site.id;
      if (waiting == kTurns) serve_group();
    }
    serve_group();
    sort_batch();
    ledger.append_demands(sorted_rows);
    counters.customer_arrivals += demand_batch.size();
    batched_customers += demand_batch.size();
    demand_batch.clear();
  }

  // Sorts demand_batch's rows into sorted_rows by time, then by when each customer was drawn, then stably (serving
  // order): the engine's order but for customers of one instant drawn at one instant too. A counting sort on the
  // time's high bits into about one bucket per row, then an insertion sort, which only moves rows within their
  // bucket. Linear, where a comparison sort of a day's millions of rows took a noticeable share.
  void sort_batch() {
    const std::size_t n = demand_batch.size();
    sorted_rows.resize(n);
    sorted_drawn_at.resize(n);
    if (n == 0) return;
    std::int64_t lo = demand_batch[0].row.time, hi = lo;
    for (const ServedCustomer& c : demand_batch) {
      lo = std::min(lo, c.row.time);
      hi = std::max(hi, c.row.time);
    }
    const auto span = static_cast<std::uint64_t>(hi - lo);
    int shift = 0;
    while ((span >> shift) >= n) ++shift;
    const std::size_t buckets = static_cast<std::size_t>(span >> shift) + 1;
    bucket_start.assign(buckets + 1, 0);
    const auto bucket_of = [&](const ServedCustomer& c) {
      return static_cast<std::size_t>(static_cast<std::uint64_t>(c.row.time - lo) >> shift);
    };
    for (const ServedCustomer& c : demand_batch) ++bucket_start[bucket_of(c) + 1];
    for (std::size_t b = 0; b < buckets; ++b) bucket_start[b + 1] += bucket_start[b];
    for (const ServedCustomer& c : demand_batch) {
      const std::uint32_t k = bucket_start[bucket_of(c)]++;
      sorted_rows[k] = c.row;
      sorted_drawn_at[k] = c.drawn_at;
    }
    const auto before = [&](std::size_t a, std::size_t b) {  // rows a and b of the sorted columns
      const std::int64_t ta = sorted_rows[a].time, tb = sorted_rows[b].time;
      return ta < tb || (ta == tb && sorted_drawn_at[a] < sorted_drawn_at[b]);
    };
    for (std::size_t i = 1; i < n; ++i) {
      for (std::size_t j = i; j > 0 && before(j, j - 1); --j) {  // bubble it down: buckets hold about one row
        std::swap(sorted_rows[j], sorted_rows[j - 1]);
        std::swap(sorted_drawn_at[j], sorted_drawn_at[j - 1]);
      }
    }
  }

  void schedule_customer(SiteId store, std::int64_t from) {
    std::uint32_t l = kNone;
    const std::int64_t t = demand->next_customer(store, from, horizon, l);
    if (t < 0) return;
    sim.schedule_at(SimTime::from_ns(t), NextCustomer{this, store, l});
  }

  // The event of a store's next customer, who buys at `location`. (Prefetching the location's state, from the
  // engine two events ahead or when scheduling, was measured: it made the national run 5-10% slower.)
  struct NextCustomer {
    Impl* impl;
    SiteId store;
    std::uint32_t location;
    void operator()() const {
      impl->serve_customer(location, impl->demand->order_units(store, location));
      impl->schedule_customer(store, impl->sim.now().ns());
    }
  };

  // Replayed customers' times come from a stream of their own per store, so replaying some SKUs leaves the store's
  // modelled customers as they were.
  sim::RandomStream& replay_stream(SiteId store) {
    auto it = replay_streams.find(store.value());
    if (it == replay_streams.end())
      it = replay_streams
               .emplace(store.value(), streams.stream(entity("world/store", store.value()), "replayed customers"))
               .first;
    return it->second;
  }
  std::unordered_map<std::uint32_t, sim::RandomStream> replay_streams;  // looked up, never iterated

  // History rows of day d become customers of one unit each, at uniform times within the day.
  void schedule_replay(std::uint32_t day) {
    if (static_cast<std::int64_t>(day) * kDayNs >= horizon) return;
    sim.schedule_at(SimTime::from_ns(std::int64_t{day} * kDayNs), [this, day] {
      for (const auto& row : history->rows) {
        if (row.day != day) continue;
        const std::uint32_t l = locs.find(row.store, row.sku);
        if (l == kNone) continue;
        std::vector<std::int64_t> times(row.units);
        for (auto& t : times) t = static_cast<std::int64_t>(replay_stream(row.store).uniform01() * kDayNs);
        std::sort(times.begin(), times.end());
        for (std::int64_t t : times) sim.schedule(SimTime::from_ns(t), [this, l] { serve_customer(l, 1); });
      }
      schedule_replay(day + 1);
    });
  }

  void serve_customer(std::uint32_t l, std::uint32_t units) {
    ++counters.customer_arrivals;
    const SimTime now = sim.now();
    const auto filled =
        static_cast<std::uint32_t>(std::min<std::int64_t>(units, std::max<std::int64_t>(on_hand[l], 0)));
    const SiteId site = demand->site_of(l);
    const network::SkuId sku = demand->sku_of(l);
    // The demand row is the sale too: immediate sales have no stock row (see Ledger).
    const DemandId id = ledger.demand(now, site, sku, units, filled);
    on_hand[l] -= filled;
    if (filled < units && cfg.demand.stockout == StockoutMode::kBackorders) {
      backlog[l] += units - filled;
      push_backorder(l, id, units - filled);
    }
    changed(l);
  }

  void push_backorder(std::uint32_t l, DemandId id, std::uint32_t units) {
    std::uint32_t node;
    if (!backorder_free.empty()) {
      node = backorder_free.back();
      backorder_free.pop_back();
      backorder_pool[node] = {id, units, kNone};
    } else {
      node = static_cast<std::uint32_t>(backorder_pool.size());
      backorder_pool.push_back({id, units, kNone});
    }
    if (backorder_tail[l] == kNone)
      backorder_head[l] = node;
    else
      backorder_pool[backorder_tail[l]].next = node;
    backorder_tail[l] = node;
  }

  // Oldest customers first, from stock just received.
  void fill_backorders(std::uint32_t l) {
    const SimTime now = sim.now();
    while (backorder_head[l] != kNone && on_hand[l] > 0) {
      const std::uint32_t node = backorder_head[l];
      Backorder& b = backorder_pool[node];
      const auto q = static_cast<std::uint32_t>(std::min<std::int64_t>(b.remaining, on_hand[l]));
      on_hand[l] -= q;
      backlog[l] -= q;
      b.remaining -= q;
      ledger.stock(now, locs.site_of(l), locs.sku_of(l), -static_cast<std::int32_t>(q), StockReason::kSold, b.demand);
      ledger.backorder_fill(now, b.demand, q);
      if (b.remaining > 0) break;
      backorder_head[l] = b.next;
      if (backorder_head[l] == kNone) backorder_tail[l] = kNone;
      backorder_free.push_back(node);
    }
  }

  // ---------------------------------------------------------------- planning

  bool is_store(std::uint32_t l) const { return net.site(locs.site_of(l)).kind == SiteKind::kStore; }

  // An order line holds at most 2^30 units (the ledger's quantities are 32-bit): a policy asking for more (absurd
  // explicit levels, a custom policy's bug) is capped, so what is on order always equals what was ordered.
  static std::int64_t order_size(std::int64_t q) { return std::min<std::int64_t>(q, std::int64_t{1} << 30); }

  // Batched customers: a store's shelves must be up to date before its review, and a view other than the truth
  // (which may read the ledger) must see every customer before now.
  void before_decisions(SiteId store) {
    if (snapshots) snapshots->arrive(sim.now().ns() - cfg.visibility.delay.ns());
    if (!batch_customers) return;
    if (view != &truth)
      flush_customers(sim.now().ns(), false);
    else if (store.valid())
      catch_up(store, sim.now().ns());
  }

  // Continuous review reacts to every change of a location's inventory position.
  void changed(std::uint32_t l) {
    if (!continuous_review) return;
    const bool store = is_store(l);
    const PolicyConfig& p = store ? cfg.store_policy : cfg.dc_policy;
    if (p.review_period > SimTime::zero() || !source[l].valid()) return;
    before_decisions(SiteId());
    const std::int64_t q =
        order_size((store ? *store_policy : *dc_policy).order_quantity(view->position(l), levels[l]));
    if (q <= 0) return;
    scratch_lines.clear();
    scratch_lines.push_back({locs.sku_of(l), static_cast<std::uint32_t>(q)});
    on_order[l] += q;
    ordered[l] += q;
    place_order(source[l], locs.site_of(l), scratch_lines);
  }

  void schedule_reviews() {
    for (const auto& site : net.sites()) {
      const bool store = site.kind == SiteKind::kStore;
      if (!store && site.kind != SiteKind::kDistributionCenter) continue;
      const PolicyConfig& p = store ? cfg.store_policy : cfg.dc_policy;
      if (p.review_period <= SimTime::zero()) continue;
      // Stores order in the early morning, DCs in the evening, after the day's store orders.
      const SimTime first = store ? sim::hours(6) : sim::hours(18);
      sim.schedule_at(first, [this, id = site.id] { review(id); });
    }
  }

  void review(SiteId site) {
    const bool store = net.site(site).kind == SiteKind::kStore;
    before_decisions(store ? site : SiteId());
    const PolicyConfig& p = store ? cfg.store_policy : cfg.dc_policy;
    const InventoryPolicy& policy = store ? *store_policy : *dc_policy;
    const std::uint32_t first = locs.first_at(site);
    const auto skus = locs.skus_at(site);
    // Lines grouped by source: sources are few per site, so a linear scan of the groups is enough.
    std::vector<std::pair<SiteId, std::vector<OrderLine>>> groups;
    for (std::uint32_t i = 0; i < skus.size(); ++i) {
      const std::uint32_t l = first + i;
      if (!source[l].valid()) continue;
      const std::int64_t q = order_size(policy.order_quantity(view->position(l), levels[l]));
      if (q <= 0) continue;
      on_order[l] += q;
      ordered[l] += q;
      auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == source[l]; });
      if (g == groups.end()) g = groups.insert(groups.end(), {source[l], {}});
      g->second.push_back({skus[i], static_cast<std::uint32_t>(q)});
    }
    for (const auto& [src, lines] : groups) place_order(src, site, lines);
    if (sim.now() + p.review_period < SimTime::from_ns(horizon))
      sim.schedule(p.review_period, [this, site] { review(site); });
  }

  void place_order(SiteId src, SiteId dst, std::span<const OrderLine> lines) {
    const bool purchase = net.site(src).kind != SiteKind::kDistributionCenter;
    const SimTime now = sim.now();
    std::uint64_t total = 0;
    for (const auto& line : lines) total += line.quantity;
    const auto units = static_cast<std::uint32_t>(std::min<std::uint64_t>(total, 0xffff'fffeu));
    const std::uint32_t l0 = locs.find(dst, lines.front().sku);
    const SimTime promised = now + sim::from_hours(planned_lead(l0).hours * (1.0 + kPromiseSlack));
    const OrderId order = ledger.new_order(
        {purchase ? OrderKind::kPurchase : OrderKind::kReplenishment, src, dst, now, promised, 0, 0}, lines);
    orders.push_back({});
    ledger.order_event(now, order, OrderState::kCreated, units);
    if (purchase) {
      ++counters.purchase_orders;
      accept_purchase(order);
    } else {
      ++counters.replenishment_orders;
      when_open(src, [this, order, src] {
        // A unit granted while the DC is closed (it was queued before the outage) waits for the reopening.
        resources[sites[src.index()].pickers].acquire([this, order, src] {
          when_open(src, [this, order, src] {
            const auto lines_count = static_cast<std::int64_t>(ledger.orders()[order].line_count);
            sim.schedule(cfg.dc.pick_time_per_line * lines_count, [this, order, src] { finish_picking(order, src); });
          });
        });
      });
    }
  }

  // ---------------------------------------------------------------- suppliers

  void accept_purchase(OrderId order) {
    const OrderInfo info = ledger.orders()[order];
    SiteState& sup = sites[info.source.index()];
    sim::RandomStream& rs = *sup.rs;
    const SimTime lead =
        scaled(lognormal_time(cfg.supplier.lead_time, cfg.supplier.lead_time_sigma, rs), sup.lead_time_multiplier);
    // Decide the fill of each line now (so the draws do not depend on event order), announce it at confirmation.
    std::vector<OrderLine> confirmed;
    std::uint32_t total = 0;
    for (const OrderLine& line : ledger.lines_of(order)) {
      std::uint32_t q = line.quantity;
      if (rs.uniform01() >= cfg.supplier.full_fill_probability) {
        const double m = cfg.supplier.partial_fill_mean;
        const double share = m >= 0.5 ? (2 * m - 1) + (2 - 2 * m) * rs.uniform01() : 2 * m * rs.uniform01();
        q = static_cast<std::uint32_t>(std::floor(share * line.quantity));
      }
      if (q > 0) confirmed.push_back({line.sku, q});
      total += q;
    }
    std::int64_t ready = (sim.now() + lead).ns();
    if (cfg.supplier.capacity_units_per_day > 0 && total > 0) {
      const std::int64_t start = std::max(sup.capacity_free_ns, sim.now().ns());
      sup.capacity_free_ns =
          start + static_cast<std::int64_t>(static_cast<double>(total) / cfg.supplier.capacity_units_per_day * kDayNs);
      ready = std::max(ready, sup.capacity_free_ns);
    }
    // The confirmed lines wait with the order until confirmation announces them.
    pending_confirmations.emplace(order, std::move(confirmed));
    sim.schedule(cfg.supplier.confirmation_delay, [this, order, total, dst = info.destination] {
      ledger.order_event(sim.now(), order, OrderState::kConfirmed, total);
      cut_unconfirmed(order, dst);
    });
    if (total == 0) {
      sim.schedule(cfg.supplier.confirmation_delay,
                   [this, order] { ledger.order_event(sim.now(), order, OrderState::kDelivered, 0); });
      return;
    }
    orders[order].outstanding_shipments = 1;
    sim.schedule_at(SimTime::from_ns(std::max(ready, (sim.now() + cfg.supplier.confirmation_delay).ns())),
                    [this, order, src = info.source] { when_open(src, [this, order] { ship_purchase(order); }); });
  }
  std::unordered_map<OrderId, std::vector<OrderLine>> pending_confirmations;
  std::unordered_map<OrderId, std::vector<OrderLine>> confirmed_lines;

  // The units a supplier will not deliver stop counting as on order, so the DC's next review reorders them. Not
  // at once, even under continuous review: the next change of the position decides (an immediate reorder from a
  // source that just said no would storm it, at zero delay when confirmation takes no time).
  void cut_unconfirmed(OrderId order, SiteId dst) {
    auto node = pending_confirmations.extract(order);
    const std::vector<OrderLine>& confirmed = node.mapped();
    for (const OrderLine& line : ledger.lines_of(order)) {
      std::uint32_t q = 0;
      for (const OrderLine& c : confirmed)
        if (c.sku == line.sku) q += c.quantity;
      if (q >= line.quantity) continue;
      const std::uint32_t l = locs.find(dst, line.sku);
      on_order[l] -= line.quantity - q;
    }
    if (!confirmed.empty()) confirmed_lines.emplace(order, confirmed);
  }

  void ship_purchase(OrderId order) {
    auto node = confirmed_lines.extract(order);
    const OrderInfo& info = ledger.orders()[order];
    const ShipmentId s =
        ledger.new_shipment({order, info.source, info.destination, TransportMode::kRoad, kNone, 0, 0}, node.mapped());
    start_shipment(s, order, info.source, info.destination);
  }

  // ---------------------------------------------------------------- DCs: picking, dispatch, receiving

  void finish_picking(OrderId order, SiteId dc) {
    resources[sites[dc.index()].pickers].release();
    const OrderInfo info = ledger.orders()[order];
    const auto lines = ledger.lines_of(order);
    std::vector<std::uint32_t> from, to;  // each line's location at the DC and at the destination
    locs.find_all(dc, lines, from);
    locs.find_all(info.destination, lines, to);
    std::vector<OrderLine> picked;
    std::vector<std::uint32_t> picked_from;  // the DC location of each picked line
    std::uint32_t total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const OrderLine& line = lines[i];
      const auto q = static_cast<std::uint32_t>(
          std::clamp<std::int64_t>(from[i] == kNone ? 0 : on_hand[from[i]], 0, line.quantity));
      if (q < line.quantity)  // short-shipped: the store's next decision sees it is not coming (see cut_unconfirmed)
        on_order[to[i]] -= line.quantity - q;
      if (q > 0) {
        picked.push_back({line.sku, q});
        picked_from.push_back(from[i]);
      }
      total += q;
    }
    ledger.order_event(sim.now(), order, OrderState::kConfirmed, total);
    if (total == 0) {
      ledger.order_event(sim.now(), order, OrderState::kDelivered, 0);
      return;
    }
    // Split into truckloads, in line order.
    const std::uint32_t capacity = std::max<std::uint32_t>(cfg.fleet.truck_capacity_units, 1);
    std::vector<std::vector<OrderLine>> loads(1);
    std::vector<std::vector<std::uint32_t>> load_from(1);  // the DC location of each load line
    std::uint32_t room = capacity;
    for (std::size_t k = 0; k < picked.size(); ++k) {
      OrderLine line = picked[k];
      while (line.quantity > 0) {
        if (room == 0) {
          loads.emplace_back();
          load_from.emplace_back();
          room = capacity;
        }
        const std::uint32_t q = std::min(room, line.quantity);
        loads.back().push_back({line.sku, q});
        load_from.back().push_back(picked_from[k]);
        line.quantity -= q;
        room -= q;
      }
    }
    orders[order].outstanding_shipments = static_cast<std::uint32_t>(loads.size());
    for (std::size_t j = 0; j < loads.size(); ++j) {
      const ShipmentId s =
          ledger.new_shipment({order, dc, info.destination, TransportMode::kRoad, kNone, 0, 0}, loads[j]);
      for (std::size_t i = 0; i < loads[j].size(); ++i) {
        const OrderLine& line = loads[j][i];
        on_hand[load_from[j][i]] -= line.quantity;
        ledger.stock(sim.now(), dc, line.sku, -static_cast<std::int32_t>(line.quantity), StockReason::kPicked, s);
      }
      start_shipment(s, order, dc, info.destination);
    }
    for (const std::uint32_t l : picked_from) changed(l);
  }

  // A shipment leaves its origin: by the DC's own trucks on a direct lane, otherwise by carrier, lane by lane.
  void start_shipment(ShipmentId s, OrderId order, SiteId from, SiteId to) {
    ++counters.shipments;
    ledger.order_event(sim.now(), order, OrderState::kShipped, s);
    const std::uint32_t r = route(from, to);
    in_flight.resize(std::max<std::size_t>(in_flight.size(), s + 1));
    in_flight[s] = {r, 0};
    if (routes[r].empty()) {  // nowhere to go (origin is destination, or unreachable): arrives at once
      ledger.shipment_event(sim.now(), s, ShipmentState::kDispatched, from, kNone);
      arrive_final(s);
      return;
    }
    SiteState& origin = sites[from.index()];
    if (net.site(from).kind == SiteKind::kDistributionCenter && routes[r].size() == 1 &&
        net.lane(routes[r][0]).mode == TransportMode::kRoad && net.site(from).capacity.trucks > 0) {
      origin.outbound.push_back(s);
      dispatch_trucks(from);
      return;
    }
    ledger.shipment_event(sim.now(), s, ShipmentState::kDispatched, from, routes[r][0].value());
    travel(s);
  }

  // The current leg of a shipment travelling by carrier or vessel.
  void travel(ShipmentId s) {
    const InFlight& f = in_flight[s];
    const LaneId lane = routes[f.route][f.leg];
    const auto& l = net.lane(lane);
    if (l.mode == TransportMode::kSea) {
      board_vessel(s, lane);
      return;
    }
    const SimTime transit = scaled(l.transit.sample(lane_rs[lane.index()]), weather(l));
    sim.schedule(transit, [this, s] { arrive_leg(s); });
  }

  double weather(const network::Lane& lane) const {
    const std::int32_t a = sites[lane.from.index()].region, b = sites[lane.to.index()].region;
    double f = a >= 0 ? region_weather[a] : 1.0;
    if (b >= 0 && b != a) f *= region_weather[b];
    return f;
  }

  void arrive_leg(ShipmentId s) {
    InFlight& f = in_flight[s];
    const auto& lane = net.lane(routes[f.route][f.leg]);
    ++f.leg;
    if (f.leg == routes[f.route].size()) {
      arrive_final(s);
      return;
    }
    ledger.shipment_event(sim.now(), s, ShipmentState::kLegArrived, lane.to, kNone);
    if (net.site(lane.to).kind == SiteKind::kPort && lane.mode == TransportMode::kSea) {
      clear_customs(s, lane.to);
      return;
    }
    depart_leg(s, lane.to);
  }

  void depart_leg(ShipmentId s, SiteId at) {
    const InFlight& f = in_flight[s];
    ledger.shipment_event(sim.now(), s, ShipmentState::kLegDeparted, at, routes[f.route][f.leg].value());
    travel(s);
  }

  void clear_customs(ShipmentId s, SiteId port) {
    sim::RandomStream& rs = *sites[port.index()].rs;
    if (rs.uniform01() < cfg.port.customs_hold_probability) {
      ledger.shipment_event(sim.now(), s, ShipmentState::kCustomsHold, port, kNone);
      const SimTime hold = lognormal_time(cfg.port.customs_hold_time, 0.5, rs);
      sim.schedule(hold, [this, s, port] {
        ledger.shipment_event(sim.now(), s, ShipmentState::kCustomsRelease, port, kNone);
        depart_leg(s, port);
      });
      return;
    }
    depart_leg(s, port);
  }

  // ---------------------------------------------------------------- vessels and ports

  // Shipments on a sea lane wait for the lane's next scheduled sailing; all waiting then go on one vessel.
  void board_vessel(ShipmentId s, LaneId lane) {
    std::uint32_t& open = open_voyage[lane.index()];
    if (open == kNone) {
      const std::int64_t interval = std::max<std::int64_t>(cfg.port.sailing_interval.ns(), 1);
      const std::int64_t phase = sailing_phase[lane.index()];
      const std::int64_t now = sim.now().ns();
      std::int64_t k = now <= phase ? 0 : (now - phase + interval - 1) / interval;
      if (phase + k * interval <= last_sailing[lane.index()]) ++k;  // that sailing has left already
      Voyage v;
      v.lane = lane;
      v.sailing = phase + k * interval;
      voyages.push_back(std::move(v));
      open = static_cast<std::uint32_t>(voyages.size() - 1);
      sim.schedule_at(SimTime::from_ns(voyages[open].sailing), [this, index = open] { sail(index); });
    }
    voyages[open].cargo.push_back(s);
  }

  void sail(std::uint32_t index) {
    Voyage& v = voyages[index];
    open_voyage[v.lane.index()] = kNone;
    last_sailing[v.lane.index()] = v.sailing;
    const auto& lane = net.lane(v.lane);
    v.vessel = ledger.new_vehicle({VehicleKind::kVessel, lane.from});
    ++counters.vessel_calls;
    const SimTime transit = scaled(lane.transit.sample(lane_rs[v.lane.index()]), weather(lane));
    start_leg(v.leg, v.vessel, lane, transit, SimTime::zero(), SimTime::zero());
    sim.schedule(transit, [this, index] { vessel_arrives(index); });
  }

  void vessel_arrives(std::uint32_t index) {
    Voyage& v = voyages[index];
    const SiteId port = net.lane(v.lane).to;
    stop_vehicle(v.vessel, v.leg);
    if (sites[port.index()].berths == kNone) {  // a sea lane ending elsewhere than a port: no berth to wait for
      std::vector<ShipmentId> cargo = std::move(v.cargo);
      for (ShipmentId s : cargo) arrive_leg(s);
      return;
    }
    when_open(port, [this, index, port] {
      resources[sites[port.index()].berths].acquire([this, index, port] {
        when_open(port, [this, index, port] {
          Voyage& vv = voyages[index];
          for (ShipmentId s : vv.cargo) ledger.shipment_event(sim.now(), s, ShipmentState::kBerthed, port, kNone);
          const SimTime berth = lognormal_time(cfg.port.berth_time, cfg.port.berth_sigma, *sites[port.index()].rs);
          sim.schedule(berth, [this, index, port] {
            resources[sites[port.index()].berths].release();
            std::vector<ShipmentId> cargo = std::move(voyages[index].cargo);
            for (ShipmentId s : cargo) arrive_leg(s);
          });
        });
      });
    });
  }

  // ---------------------------------------------------------------- trucks

  void dispatch_trucks(SiteId dc) {
    SiteState& st = sites[dc.index()];
    while (!st.outbound.empty() && !st.free_trucks.empty()) {
      const std::uint32_t t = st.free_trucks.back();
      st.free_trucks.pop_back();
      const ShipmentId s = st.outbound.front();
      st.outbound.pop_front();
      when_open(dc, [this, t, s, dc] { sim.schedule(cfg.dc.load_time, [this, t, s, dc] { drive_out(t, s, dc); }); });
    }
  }

  void drive_out(std::uint32_t t, ShipmentId s, SiteId dc) {
    ++counters.truck_trips;
    Truck& truck = trucks[t];
    const LaneId lane_id = routes[in_flight[s].route][0];
    const auto& lane = net.lane(lane_id);
    ledger.assign_vehicle(s, truck.vehicle);
    ledger.shipment_event(sim.now(), s, ShipmentState::kDispatched, dc, lane_id.value());
    const auto [moving, stop] = drive(truck, lane);
    start_leg(truck.leg, truck.vehicle, lane, moving, stop.first, stop.second);
    sim.schedule(moving + (stop.second - stop.first), [this, t, s, dc] {
      Truck& tr = trucks[t];
      stop_vehicle(tr.vehicle, tr.leg);
      const SiteId store = ledger.shipments()[s].destination;
      ledger.shipment_event(sim.now(), s, ShipmentState::kArrived, store, kNone);
      sim::RandomStream& rs = tr.rs;
      sim.schedule(lognormal_time(cfg.dc.unload_time, cfg.dc.unload_sigma, rs), [this, t, s, dc, store] {
        ledger.shipment_event(sim.now(), s, ShipmentState::kUnloaded, store, kNone);
        receive(s, store);
        drive_home(t, store, dc);
      });
    });
  }

  // Transit time of a truck on a lane, with at most one breakdown: its position in the trip and repair time.
  std::pair<SimTime, std::pair<SimTime, SimTime>> drive(Truck& truck, const network::Lane& lane) {
    const SimTime moving = scaled(lane.transit.sample(truck.rs), weather(lane));
    const double per_hour =
        cfg.fleet.breakdowns_per_1000_hours / 1000.0 * sites[truck.home.index()].breakdown_multiplier;
    // Both draws are made on every trip, so a changed breakdown rate leaves the trips' other numbers alone.
    const double until_breakdown = sim::standard_exponential(truck.rs);
    const SimTime repair = lognormal_time(cfg.fleet.repair_time, 0.6, truck.rs);
    if (per_hour > 0.0 && until_breakdown / per_hour < moving.to_hours()) {
      ++counters.breakdowns;
      const SimTime at = sim::from_hours(until_breakdown / per_hour);
      return {moving, {at, at + repair}};
    }
    return {moving, {SimTime::zero(), SimTime::zero()}};
  }

  void drive_home(std::uint32_t t, SiteId store, SiteId dc) {
    Truck& truck = trucks[t];
    const network::Lane* back = direct_lane(store, dc);
    network::Lane reverse;
    if (back == nullptr) {  // no lane back: the outbound lane's times, reversed
      reverse = *direct_lane(dc, store);
      std::swap(reverse.from, reverse.to);
      back = &reverse;
    }
    const auto [moving, stop] = drive(truck, *back);
    start_leg(truck.leg, truck.vehicle, *back, moving, stop.first, stop.second);
    sim.schedule(moving + (stop.second - stop.first), [this, t, dc] {
      stop_vehicle(trucks[t].vehicle, trucks[t].leg);
      sites[dc.index()].free_trucks.push_back(t);
      dispatch_trucks(dc);
    });
  }

  // ---------------------------------------------------------------- vehicle positions

  void start_leg(Leg& leg, VehicleId vehicle, const network::Lane& lane, SimTime moving, SimTime stop_begin,
                 SimTime stop_end) {
    const auto& a = net.site(lane.from).location;
    const auto& b = net.site(lane.to).location;
    const std::int64_t now = sim.now().ns();
    leg.from = a;
    leg.to = b;
    leg.depart = now;
    leg.stop_begin = now + stop_begin.ns();
    leg.stop_end = now + stop_end.ns();
    leg.arrive = now + moving.ns() + (stop_end - stop_begin).ns();
    leg.speed_kmh = moving.ns() > 0 ? static_cast<float>(lane.distance_km / moving.to_hours()) : 0.0f;
    leg.heading = static_cast<float>(network::initial_bearing_deg(a, b));
    ++leg.serial;
    record_position(vehicle, leg);
    if (cfg.fleet.position_interval > SimTime::zero()) schedule_position(vehicle, leg, leg.serial);
  }

  void schedule_position(VehicleId vehicle, Leg& leg, std::uint32_t serial) {
    const std::int64_t next = sim.now().ns() + cfg.fleet.position_interval.ns();
    if (next >= leg.arrive || next >= horizon) return;
    sim.schedule_at(SimTime::from_ns(next), [this, vehicle, &leg, serial] {
      if (leg.serial != serial) return;
      record_position(vehicle, leg);
      schedule_position(vehicle, leg, serial);
    });
  }

  void record_position(VehicleId vehicle, const Leg& leg) {
    const std::int64_t now = sim.now().ns();
    const bool stopped = now >= leg.stop_begin && now < leg.stop_end;
    const std::int64_t stop_elapsed = std::clamp<std::int64_t>(now, leg.stop_begin, leg.stop_end) - leg.stop_begin;
    const std::int64_t moving_total = (leg.arrive - leg.depart) - (leg.stop_end - leg.stop_begin);
    const std::int64_t moved = (now - leg.depart) - stop_elapsed;
    const double f = moving_total > 0 ? static_cast<double>(moved) / static_cast<double>(moving_total) : 1.0;
    const network::LatLon p = network::interpolate_great_circle(leg.from, leg.to, std::clamp(f, 0.0, 1.0));
    ledger.position(SimTime::from_ns(now), vehicle, static_cast<float>(p.lat_deg), static_cast<float>(p.lon_deg),
                    stopped ? 0.0f : leg.speed_kmh, leg.heading,
                    stopped ? VehicleStatus::kBrokenDown : VehicleStatus::kMoving);
  }

  void stop_vehicle(VehicleId vehicle, Leg& leg) {
    ++leg.serial;
    ledger.position(sim.now(), vehicle, static_cast<float>(leg.to.lat_deg), static_cast<float>(leg.to.lon_deg), 0.0f,
                    leg.heading, VehicleStatus::kStopped);
  }

  // ---------------------------------------------------------------- arrival and receiving

  void arrive_final(ShipmentId s) {
    const ShipmentInfo& info = ledger.shipments()[s];
    const SiteId to = info.destination;
    ledger.shipment_event(sim.now(), s, ShipmentState::kArrived, to, kNone);
    if (net.site(to).kind != SiteKind::kDistributionCenter) {  // stores take carrier deliveries at the door
      ledger.shipment_event(sim.now(), s, ShipmentState::kUnloaded, to, kNone);
      receive(s, to);
      return;
    }
    when_open(to, [this, s, to] {
      resources[sites[to.index()].doors].acquire([this, s, to] {
        when_open(to, [this, s, to] {
          ledger.shipment_event(sim.now(), s, ShipmentState::kDocked, to, kNone);
          const SimTime unload = lognormal_time(cfg.dc.unload_time, cfg.dc.unload_sigma, *sites[to.index()].rs);
          sim.schedule(unload, [this, s, to] {
            resources[sites[to.index()].doors].release();
            ledger.shipment_event(sim.now(), s, ShipmentState::kUnloaded, to, kNone);
            sim.schedule(cfg.dc.put_away_time, [this, s, to] { receive(s, to); });
          });
        });
      });
    });
  }

  void receive(ShipmentId s, SiteId site) {
    const SimTime now = sim.now();
    if (batch_customers && net.site(site).kind == SiteKind::kStore) catch_up(site, now.ns());
    ledger.shipment_event(now, s, ShipmentState::kReceived, site, kNone);
    std::uint32_t units = 0;
    const auto span = ledger.lines_of_shipment(s);
    // A copy: changed() may place orders, and the ledger's line vectors may grow under a view of them.
    scratch_receipt.assign(span.begin(), span.end());
    std::vector<std::uint32_t> locations;
    locs.find_all(site, scratch_receipt, locations);
    for (std::size_t i = 0; i < scratch_receipt.size(); ++i) {
      const OrderLine& line = scratch_receipt[i];
      const std::uint32_t l = locations[i];
      on_hand[l] += line.quantity;
      on_order[l] -= line.quantity;
      units += line.quantity;
      ledger.stock(now, site, line.sku, static_cast<std::int32_t>(line.quantity), StockReason::kReceived, s);
      if (!backorder_head.empty()) fill_backorders(l);
      changed(l);
    }
    const OrderId order = ledger.shipments()[s].order;
    OrderProgress& p = orders[order];
    p.received_units += units;
    if (--p.outstanding_shipments == 0) ledger.order_event(now, order, OrderState::kDelivered, p.received_units);
  }

  // ---------------------------------------------------------------- cold rooms

  void schedule_cold_rooms() {
    if (cfg.dc.temperature_interval <= SimTime::zero()) return;
    for (std::uint32_t i = 0; i < cold_rooms.size(); ++i)
      sim.schedule_at(SimTime::zero(), [this, i] { sample_cold_room(i); });
  }

  // Ornstein-Uhlenbeck step, exact for any interval: relax towards the target, plus noise of the stationary spread.
  void sample_cold_room(std::uint32_t i) {
    ColdRoom& room = cold_rooms[i];
    const bool failed = sites[room.dc.index()].cold_failures > 0;
    const double target = failed ? cfg.dc.ambient_c : setpoint(room.zone);
    const double tau = failed ? cfg.dc.warming_time_constant.to_hours() : kControlTimeConstantHours;
    const double dt = cfg.dc.temperature_interval.to_hours();
    const double a = sim::portable::exp(-dt / std::max(tau, 1e-9));
    const double noise = cfg.dc.temperature_noise_c * std::sqrt(std::max(0.0, 1.0 - a * a));
    room.celsius = target + (room.celsius - target) * a + noise * sim::standard_normal(room.rs);
    const std::int64_t now = sim.now().ns();
    ledger.temperature(sim.now(), room.dc, room.zone, static_cast<float>(room.celsius));
    if (out_of_range(room.zone, room.celsius)) {
      if (room.out_since < 0) room.out_since = now;
      // Past the limit, whatever is in the room is lost, including stock put away during the excursion.
      if (now - room.out_since >= cfg.dc.spoil_after.ns()) spoil(room.dc, room.zone);
    } else {
      room.out_since = -1;
    }
    if (now + cfg.dc.temperature_interval.ns() < horizon)
      sim.schedule(cfg.dc.temperature_interval, [this, i] { sample_cold_room(i); });
  }

  void spoil(SiteId dc, TemperatureClass zone) {
    const std::uint32_t first = locs.first_at(dc);
    const auto skus = locs.skus_at(dc);
    for (std::uint32_t i = 0; i < skus.size(); ++i) {
      const std::uint32_t l = first + i;
      if (net.sku(skus[i]).temperature != zone || on_hand[l] <= 0) continue;
      ledger.stock(sim.now(), dc, skus[i], -static_cast<std::int32_t>(on_hand[l]), StockReason::kSpoiled, kNone);
      on_hand[l] = 0;
      changed(l);
    }
  }

  // ---------------------------------------------------------------- disruptions

  // Runs `work` now if the site is open, else when its last outage or closure ends (in order of arrival).
  template <class F>
  void when_open(SiteId site, F&& work) {
    SiteState& st = sites[site.index()];
    if (st.closures == 0) {
      work();
      return;
    }
    st.parked.emplace_back(std::forward<F>(work));
  }

  void reopen(SiteId site) {
    SiteState& st = sites[site.index()];
    if (--st.closures > 0) return;
    std::vector<sim::Action> parked = std::move(st.parked);
    st.parked.clear();
    // Each checks again when it runs: another closure may start at this very instant.
    for (auto& work : parked)
      sim.schedule(SimTime::zero(), [this, site, w = std::move(work)]() mutable { when_open(site, std::move(w)); });
  }

  void schedule_disruptions() {
    schedule_cold_rooms();
    for (std::uint32_t i = 0; i < occurrences.size(); ++i) {
      const Occurrence& o = occurrences[i];
      if (o.start >= horizon) continue;
      sim.schedule_at(SimTime::from_ns(std::max<std::int64_t>(o.start, 0)), [this, i] { disrupt(i, true); });
      sim.schedule_at(SimTime::from_ns(std::max<std::int64_t>(o.end, 0)), [this, i] { disrupt(i, false); });
    }
  }

  template <class F>
  void for_targets(const Occurrence& o, SiteKind kind, F&& f) {
    if (o.target != kNone) {
      f(SiteId(o.target));
      return;
    }
    for (const auto& site : net.sites())
      if (site.kind == kind || (kind == SiteKind::kSupplier && site.kind == SiteKind::kFactory)) f(site.id);
  }

  // Multipliers are recomputed from the occurrences active now, never divided back: a magnitude of 0 stays
  // undoable, and the value after the last one ends is exactly 1, as in a run without them.
  void recompute_multipliers(DisruptionKind kind) {
    for (const auto& site : net.sites()) {
      SiteState& st = sites[site.id.index()];
      if (kind == DisruptionKind::kSupplierLeadTime) st.lead_time_multiplier = 1.0;
      if (kind == DisruptionKind::kTruckBreakdowns) st.breakdown_multiplier = 1.0;
    }
    if (kind == DisruptionKind::kWeather) std::fill(region_weather.begin(), region_weather.end(), 1.0);
    for (std::size_t j = 0; j < occurrences.size(); ++j) {
      const Occurrence& o = occurrences[j];
      if (!active[j] || o.config->kind != kind) continue;
      const double m = o.config->magnitude;
      switch (kind) {
        case DisruptionKind::kSupplierLeadTime:
          for_targets(o, SiteKind::kSupplier, [&](SiteId s) { sites[s.index()].lead_time_multiplier *= m; });
          break;
        case DisruptionKind::kTruckBreakdowns:
          for_targets(o, SiteKind::kDistributionCenter, [&](SiteId s) { sites[s.index()].breakdown_multiplier *= m; });
          break;
        case DisruptionKind::kWeather:
          if (o.region >= 0) {
            region_weather[o.region] *= m;
          } else {
            for (double& r : region_weather) r *= m;
          }
          break;
        default:
          break;
      }
    }
  }

  void disrupt(std::uint32_t i, bool starting) {
    const Occurrence& o = occurrences[i];
    const double m = o.config->magnitude;
    active[i] = starting;
    if (starting) ++counters.disruptions;
    ledger.disruption(sim.now(), o.id, static_cast<std::uint8_t>(o.config->kind), o.target,
                      starting ? DisruptionPhase::kStart : DisruptionPhase::kEnd, static_cast<float>(m));
    switch (o.config->kind) {
      case DisruptionKind::kPortClosure:
        for_targets(o, SiteKind::kPort, [&](SiteId s) { starting ? void(++sites[s.index()].closures) : reopen(s); });
        break;
      case DisruptionKind::kFacilityOutage:
        for_targets(o, SiteKind::kDistributionCenter,
                    [&](SiteId s) { starting ? void(++sites[s.index()].closures) : reopen(s); });
        break;
      case DisruptionKind::kSupplierOutage:
        for_targets(o, SiteKind::kSupplier,
                    [&](SiteId s) { starting ? void(++sites[s.index()].closures) : reopen(s); });
        break;
      case DisruptionKind::kSupplierLeadTime:
      case DisruptionKind::kTruckBreakdowns:
      case DisruptionKind::kWeather:
        recompute_multipliers(o.config->kind);
        break;
      case DisruptionKind::kColdRoomFailure:
        for_targets(o, SiteKind::kDistributionCenter,
                    [&](SiteId s) { sites[s.index()].cold_failures += starting ? 1 : -1; });
        break;
      case DisruptionKind::kDemandSpike:  // the demand model applies it; the ledger records it
        break;
    }
  }
};

World::World(const network::Network& network, const WorldConfig& config, const sim::RandomStreams& streams,
             SimTime horizon, const DemandHistory* history)
    : network_(&network), config_(config), locations_(network) {
  impl_ = std::make_unique<Impl>(*this, streams, horizon, history);
  impl_->build();
}

World::~World() = default;

void World::run_until(SimTime until, const std::function<void(SimTime)>& progress) {
  SimTime t = impl_->sim.now();
  while (t < until) {
    const SimTime day_end = std::min(until, SimTime::from_ns((t.ns() / kDayNs + 1) * kDayNs));
    // Batched customers reach the ledger at every step: the batch of a short step is cheap to sort and hold.
    const std::int64_t step = impl_->batch_customers ? kCustomerFlushNs : kDayNs;
    while (t < day_end) {
      t = std::min(day_end, SimTime::from_ns((t.ns() / step + 1) * step));
      impl_->sim.run_until(t);
      if (impl_->batch_customers) impl_->flush_customers(t.ns(), true);
    }
    if (progress) progress(t);
  }
}

void World::set_view(const VisibilityView* view) { impl_->view = view != nullptr ? view : &impl_->truth; }
void World::set_store_policy(std::unique_ptr<InventoryPolicy> policy) { impl_->store_policy = std::move(policy); }
void World::set_dc_policy(std::unique_ptr<InventoryPolicy> policy) { impl_->dc_policy = std::move(policy); }
SimTime World::now() const { return impl_->sim.now(); }
const VisibilityView& World::truth() const { return impl_->truth; }
const PolicyLevels& World::levels(std::uint32_t location) const { return impl_->levels[location]; }
double World::planned_daily_demand(std::uint32_t location) const { return impl_->planned_daily[location]; }

std::int64_t World::ordered_units(std::uint32_t location) const { return impl_->ordered[location]; }

WorldCounters World::counters() const {
  WorldCounters c = impl_->counters;
  c.events = impl_->sim.events_executed() + impl_->batched_customers;  // a customer is an event, batched or not
  return c;
}

std::size_t World::state_bytes() const {
  const Impl& i = *impl_;
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(i.on_hand) + bytes(i.on_order) + bytes(i.backlog) + bytes(i.levels) + bytes(i.planned_daily) +
         bytes(i.source) + bytes(i.backorder_head) + bytes(i.backorder_tail) + bytes(i.backorder_pool) +
         bytes(i.in_flight) + bytes(i.orders) + bytes(i.trucks) + i.sites.size() * sizeof(Impl::SiteState) +
         bytes(i.cold_rooms) + bytes(i.pending_customer) + bytes(i.demand_batch) + bytes(i.sorted_rows) +
         bytes(i.sorted_drawn_at) + bytes(i.bucket_start) + sizeof(Impl);
}

}  // namespace chaintwin::world
