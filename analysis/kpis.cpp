#include "analysis/kpis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace chaintwin::analysis {

static_assert(sizeof(WorldKpis) == kKpiCount * sizeof(double) + sizeof(Conservation),
              "every double of WorldKpis needs its row in kKpis");

namespace {

using network::SiteKind;
using world::Ledger;

// Integrals of units over time, in unit x ns: exact (no rounding depends on the order of rows), and a delta of 2^31
// times a span of 2^63 ns summed over 2^32 rows still fits. GCC and Clang both have it; __extension__ keeps
// -Wpedantic quiet.
__extension__ typedef __int128 UnitNs;

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNsPerHour = 3.6e12;
constexpr double kNsPerDay = 8.64e13;
constexpr double kNsPerYear = 365.0 * kNsPerDay;

double ratio(double numerator, double denominator) { return denominator > 0.0 ? numerator / denominator : kNaN; }

// Length of [begin, end) within [window_begin, window_end).
std::int64_t overlap(std::int64_t begin, std::int64_t end, std::int64_t window_begin, std::int64_t window_end) {
  const std::int64_t lo = std::max(begin, window_begin);
  const std::int64_t hi = std::min(end, window_end);
  return hi > lo ? hi - lo : 0;
}

struct Window {
  std::int64_t begin;  // warm-up end, ns
  std::int64_t end;    // horizon, ns
  std::int64_t length() const { return end - begin; }
  bool contains(std::int64_t t) const { return t >= begin && t < end; }
  // Weight of a change at time t < end in the integral over the window of the level it changes: the level after a
  // change holds from max(t, begin) to the end, so integral = sum of delta x (end - max(t, begin)) over changes.
  std::int64_t remaining(std::int64_t t) const { return end - std::max(t, begin); }
};

bool is_stocking(SiteKind kind) { return kind == SiteKind::kDistributionCenter || kind == SiteKind::kStore; }

[[noreturn]] void bad_ledger(std::string_view table, std::size_t row, const std::string& problem) {
  throw std::invalid_argument("ledger " + std::string(table) + " row " + std::to_string(row) + ": " + problem);
}

// The table a stock movement is recorded in, for messages about bad rows.
std::string_view table_of(const world::StockMovement& m) { return world::to_string(m.table); }

// Dense numbering of the SKU-locations of the sites `include` selects: site s's SKUs are locations
// first(s) + [0, its assortment row's size), in the row's (ascending SKU) order.
class LocationIndex {
 public:
  template <class Include>
  LocationIndex(const network::Network& network, Include include)
      : network_(&network), first_(network.sites().size(), world::kNone) {
    for (const network::Site& site : network.sites()) {
      if (!include(site.kind)) continue;
      first_[site.id.index()] = size_;
      size_ += static_cast<std::uint32_t>(network.assortment().skus_at(site.id).size());
    }
  }

  std::uint32_t size() const { return size_; }
  // kNone for a site outside the selection; the site must be valid.
  std::uint32_t first(network::SiteId site) const { return first_[site.index()]; }

  // The location of (site, sku) for a selected site; throws if the site does not carry the SKU.
  std::uint32_t find(network::SiteId site, network::SkuId sku, std::string_view table, std::size_t row) const {
    const auto skus = network_->assortment().skus_at(site);
    // Branch-free lower bound: the ledger's SKUs come in random order, so std::lower_bound's branches mispredict
    // about every other step, while a conditional move costs the same every time (with 500-SKU rows this took
    // compute_kpis over 50M rows from 3.4 s to 2.4 s).
    const network::SkuId* base = skus.data();
    std::size_t n = skus.size();
    if (n > 0) {
      while (n > 1) {
        const std::size_t half = n / 2;
        base = base[half] < sku ? base + half : base;
        n -= half;
      }
      base += *base < sku ? 1 : 0;
    }
    const auto rank = static_cast<std::size_t>(base - skus.data());
    if (rank == skus.size() || skus[rank] != sku)
      bad_ledger(table, row,
                 "site '" + network_->site(site).name + "' does not carry SKU '" + network_->sku(sku).name + "'");
    return first_[site.index()] + static_cast<std::uint32_t>(rank);
  }

 private:
  const network::Network* network_;
  std::vector<std::uint32_t> first_;
  std::uint32_t size_ = 0;
};

// Daily totals over the whole days of the window, for the bullwhip ratios (a partial last day would look like a
// drop in demand and inflate every variance).
class DailyTotals {
 public:
  explicit DailyTotals(const Window& window)
      : begin_(window.begin), totals_(static_cast<std::size_t>(window.length() / sim::days(1).ns()), 0.0) {}
  void add(std::int64_t t, double units) {
    if (t < begin_) return;
    const auto day = static_cast<std::size_t>((t - begin_) / sim::days(1).ns());
    if (day < totals_.size()) totals_[day] += units;
  }
  double variance() const {
    sim::Tally tally;
    for (const double units : totals_) tally.add(units);
    return tally.variance();  // NaN for fewer than two days
  }

 private:
  std::int64_t begin_;
  std::vector<double> totals_;
};

// What each shipment did, by shipment id; filled by the stock scan (picking) and the shipment-event scan.
struct ShipmentTimes {
  std::vector<std::uint32_t> units;      // sum of its lines
  std::vector<std::int64_t> left_stock;  // first kPicked row, or kNever
  std::vector<std::int64_t> dispatched;  // first kDispatched event, or kNever
  std::vector<std::int64_t> received;    // first kReceived event, or kNever

  explicit ShipmentTimes(const Ledger& ledger)
      : units(ledger.shipments().size()),
        left_stock(units.size(), kNever),
        dispatched(units.size(), kNever),
        received(units.size(), kNever) {
    for (std::size_t s = 0; s < units.size(); ++s) {
      std::uint32_t total = 0;
      for (const world::OrderLine& line : ledger.lines_of_shipment(static_cast<world::ShipmentId>(s)))
        total += line.quantity;
      units[s] = total;
    }
  }
};

struct Context {
  const Ledger& ledger;
  const network::Network& network;
  const KpiOptions& options;
  Window window;
  DailyTotals demand_per_day;
  DailyTotals replenishment_per_day;
  DailyTotals purchase_per_day;
  ShipmentTimes shipments;
};

// Per store SKU-location: its on-hand and, while it has none, since when.
struct StoreShelf {
  std::int64_t on_hand = 0;
  std::int64_t empty_since = 0;  // every shelf starts empty at time 0, before its opening stock
  bool episode = false;          // the current empty spell began with stock falling to 0 (not "never stocked")
};

void scan_stock(Context& context, WorldKpis& kpis) {
  const Ledger& ledger = context.ledger;
  const network::Network& network = context.network;
  const Window& window = context.window;
  world::StockMovements movements(ledger);  // the stock table with the immediate sales merged in

  std::vector<SiteKind> kind_of_site(network.sites().size());
  for (const network::Site& site : network.sites()) kind_of_site[site.id.index()] = site.kind;
  const LocationIndex stores(network, [](SiteKind kind) { return kind == SiteKind::kStore; });
  std::vector<StoreShelf> shelves(stores.size());
  std::vector<UnitNs> held_per_sku(network.skus().size(), 0);  // unit x ns on hand at stocking sites, per SKU
  auto& left_stock = context.shipments.left_stock;

  UnitNs held_at_stores = 0, held_at_dcs = 0;
  std::int64_t episodes = 0, sold_in_window = 0;
  std::int64_t left_at_deliveries = 0, deliveries = 0;  // store shelves when a delivery arrived: safety stock held
  UnitNs episode_ns = 0, empty_ns = 0;                  // summed over a million shelves, these outgrow int64
  Conservation& units = kpis.conservation;

  // A shelf getting stock back at t ends its empty spell.
  const auto restock = [&](StoreShelf& shelf, std::int64_t t) {
    empty_ns += overlap(shelf.empty_since, t, window.begin, window.end);
    if (shelf.episode && shelf.empty_since >= window.begin) {
      if (t == shelf.empty_since)
        --episodes;  // refilled at the very instant it emptied (same-time events): no customer saw it empty
      else
        episode_ns += t - shelf.empty_since;
    }
    shelf.episode = false;
  };

  // Rows go in blocks: first each row's shelf is found and prefetched, then the block is applied. Shelves are hit in
  // random order, so this lets a block's cache misses overlap instead of stalling one after another (with a million
  // store SKU-locations, compute_kpis over 50M rows went from 5.7 s to 3.4 s).
  constexpr std::size_t kBlock = 64;
  world::StockMovement block[kBlock];
  std::uint32_t shelf_of[kBlock];
  for (;;) {
    std::size_t count = 0;
    while (count < kBlock && !movements.done() && movements.time() < window.end) block[count++] = movements.next();
    if (count == 0) break;
    for (std::size_t k = 0; k < count; ++k) {
      const world::StockMovement& m = block[k];
      const std::string_view table = table_of(m);
      if (m.site.index() >= kind_of_site.size() || m.sku.index() >= held_per_sku.size())
        bad_ledger(table, m.row, "unknown site or SKU id");
      const SiteKind kind = kind_of_site[m.site.index()];
      if (!is_stocking(kind)) bad_ledger(table, m.row, "site '" + network.site(m.site).name + "' holds no stock");
      std::uint32_t& shelf = shelf_of[k];
      shelf = kind == SiteKind::kStore ? stores.find(m.site, m.sku, table, m.row) : world::kNone;
      if (shelf != world::kNone) __builtin_prefetch(&shelves[shelf], 1);
    }

    for (std::size_t k = 0; k < count; ++k) {
      const world::StockMovement& m = block[k];
      const std::int64_t t = m.time;
      const std::int32_t delta = m.delta;
      const UnitNs held = UnitNs{delta} * window.remaining(t);
      held_per_sku[m.sku.index()] += held;
      units.on_hand_end_units += delta;
      switch (m.reason) {
        case world::StockReason::kInitial:
          units.initial_units += delta;
          break;
        case world::StockReason::kSold:
          units.sold_units -= delta;
          if (t >= window.begin) sold_in_window -= delta;
          break;
        case world::StockReason::kSpoiled:
          units.spoiled_units -= delta;
          break;
        case world::StockReason::kPicked: {
          const std::uint32_t shipment = m.ref;
          if (shipment >= left_stock.size()) bad_ledger(table_of(m), m.row, "picked for an unknown shipment");
          left_stock[shipment] = std::min(left_stock[shipment], t);
          break;
        }
        case world::StockReason::kReceived:
          break;
      }

      const std::uint32_t location = shelf_of[k];
      if (location == world::kNone) {  // a DC
        held_at_dcs += held;
        continue;
      }
      held_at_stores += held;
      StoreShelf& shelf = shelves[location];
      const std::int64_t before = shelf.on_hand;
      if (m.reason == world::StockReason::kReceived && t >= window.begin) {
        left_at_deliveries += std::max<std::int64_t>(before, 0);
        ++deliveries;
      }
      shelf.on_hand += delta;
      if (before > 0 && shelf.on_hand <= 0) {
        shelf.empty_since = t;
        shelf.episode = true;
        if (t >= window.begin) ++episodes;
      } else if (before <= 0 && shelf.on_hand > 0) {
        restock(shelf, t);
      }
    }
  }
  for (StoreShelf& shelf : shelves) {
    if (shelf.on_hand > 0) continue;
    empty_ns += overlap(shelf.empty_since, window.end, window.begin, window.end);
    if (shelf.episode && shelf.empty_since >= window.begin) episode_ns += window.end - shelf.empty_since;
  }

  const double length = static_cast<double>(window.length());
  kpis.stockout_episodes = static_cast<double>(episodes);
  kpis.stockout_mean_hours = ratio(static_cast<double>(episode_ns) / kNsPerHour, static_cast<double>(episodes));
  kpis.stockout_time_share = ratio(static_cast<double>(empty_ns), static_cast<double>(stores.size()) * length);
  kpis.on_hand_stores_units = static_cast<double>(held_at_stores) / length;
  kpis.on_hand_dcs_units = static_cast<double>(held_at_dcs) / length;
  kpis.safety_stock_units = ratio(static_cast<double>(left_at_deliveries), static_cast<double>(deliveries));
  kpis.sold_units = static_cast<double>(sold_in_window);
  kpis.days_of_supply = ratio(kpis.on_hand_stores_units + kpis.on_hand_dcs_units,
                              static_cast<double>(sold_in_window) / (length / kNsPerDay));
  double value_ns = 0.0;
  for (std::size_t s = 0; s < held_per_sku.size(); ++s)
    value_ns += network.skus()[s].unit_value * static_cast<double>(held_per_sku[s]);
  kpis.holding_cost = context.options.holding_rate_per_year * value_ns / kNsPerYear;
}

void scan_demand(Context& context, WorldKpis& kpis) {
  const Window& window = context.window;
  const world::DemandTable& demand = context.ledger.demand();
  const world::BackorderFillTable& fills = context.ledger.backorder_fills();
  const bool backorders = context.options.stockout == world::StockoutMode::kBackorders;
  const std::size_t end = Ledger::rows(demand.time, sim::SimTime::zero(), sim::SimTime::from_ns(window.end)).second;

  Conservation& units = kpis.conservation;
  UnitNs owed = 0;  // unit x ns of backlog in the window
  std::int64_t shortfall_total = 0;
  std::uint64_t requested_in_window = 0, filled_in_window = 0, lost_in_window = 0;
  std::uint64_t orders_in_window = 0, full_orders_in_window = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const std::int64_t t = demand.time[i];
    const std::uint32_t requested = demand.requested[i];
    const std::uint32_t filled = demand.filled[i];
    if (filled > requested)
      bad_ledger("demand", i, "filled " + std::to_string(filled) + " of " + std::to_string(requested) + " requested");
    const std::uint32_t shortfall = requested - filled;
    units.demand_requested_units += requested;
    shortfall_total += shortfall;
    if (backorders) owed += UnitNs{shortfall} * window.remaining(t);
    if (t < window.begin) continue;
    requested_in_window += requested;
    filled_in_window += filled;
    lost_in_window += shortfall;
    ++orders_in_window;
    full_orders_in_window += shortfall == 0 ? 1 : 0;
    context.demand_per_day.add(t, requested);
  }

  // Customer orders due in the window: due at arrival, or at arrival + promise window when they may wait.
  const sim::SimTime grace = backorders ? context.options.promise_window : sim::SimTime::zero();
  const auto [due_first, due_last] =
      Ledger::rows(demand.time, sim::SimTime::from_ns(window.begin) - grace, sim::SimTime::from_ns(window.end) - grace);
  std::uint64_t on_time = 0;
  std::vector<std::uint32_t> outstanding(backorders ? due_last - due_first : 0);
  for (std::size_t i = due_first; i < due_last; ++i) {
    const std::uint32_t shortfall = demand.requested[i] - demand.filled[i];
    if (shortfall == 0)
      ++on_time;
    else if (backorders)
      outstanding[i - due_first] = shortfall;
  }

  std::int64_t filled_later = 0;
  if (backorders) {
    const std::size_t fills_end =
        Ledger::rows(fills.time, sim::SimTime::zero(), sim::SimTime::from_ns(window.end)).second;
    const std::int64_t promise = context.options.promise_window.ns();
    for (std::size_t i = 0; i < fills_end; ++i) {
      const std::int64_t t = fills.time[i];
      const world::DemandId order = fills.demand[i];
      const std::uint32_t quantity = fills.quantity[i];
      if (order >= demand.time.size()) bad_ledger("backorder_fills", i, "unknown customer demand id");
      filled_later += quantity;
      owed -= UnitNs{quantity} * window.remaining(t);
      if (order < due_first || order >= due_last) continue;
      std::uint32_t& left = outstanding[order - due_first];
      if (left == 0) continue;
      left -= std::min(left, quantity);
      if (left == 0 && t <= demand.time[order] + promise) ++on_time;
    }
    units.backlog_end_units = shortfall_total - filled_later;
  } else {
    units.demand_lost_units = shortfall_total;
  }

  kpis.demand_units = static_cast<double>(requested_in_window);
  kpis.fill_rate_units = ratio(static_cast<double>(filled_in_window), static_cast<double>(requested_in_window));
  kpis.fill_rate_orders = ratio(static_cast<double>(full_orders_in_window), static_cast<double>(orders_in_window));
  kpis.lost_sales_units = backorders ? 0.0 : static_cast<double>(lost_in_window);
  kpis.backlog_mean_units = static_cast<double>(owed) / static_cast<double>(window.length());
  kpis.backlog_end_units = static_cast<double>(units.backlog_end_units);
  kpis.otif_customer = ratio(static_cast<double>(on_time), static_cast<double>(due_last - due_first));
}

void scan_orders(Context& context, WorldKpis& kpis) {
  const Ledger& ledger = context.ledger;
  const Window& window = context.window;
  const auto& orders = ledger.orders();
  const world::OrderEventTable& events = ledger.order_events();
  const std::size_t end = Ledger::rows(events.time, sim::SimTime::zero(), sim::SimTime::from_ns(window.end)).second;

  // The first kDelivered event of each order: its time and the units received by then.
  std::vector<std::int64_t> delivered_at(orders.size(), kNever);
  std::vector<std::uint32_t> delivered_units(orders.size(), 0);
  for (std::size_t i = 0; i < end; ++i) {
    if (events.state[i] != world::OrderState::kDelivered) continue;
    const world::OrderId order = events.order[i];
    if (order >= orders.size()) bad_ledger("order_events", i, "unknown order id");
    if (delivered_at[order] != kNever) continue;
    delivered_at[order] = events.time[i];
    delivered_units[order] = events.value[i];
  }

  struct PerKind {
    std::uint64_t due = 0, on_time_in_full = 0, delivered = 0;
    UnitNs lead_ns = 0;  // a national month of store orders sums to ~1e21 ns: beyond int64
  } replenishment, purchase;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    const world::OrderInfo& order = orders[o];
    const bool is_purchase = order.kind == world::OrderKind::kPurchase;
    PerKind& kind = is_purchase ? purchase : replenishment;
    std::uint64_t ordered = 0;
    for (const world::OrderLine& line : ledger.lines_of(static_cast<world::OrderId>(o))) ordered += line.quantity;
    if (window.contains(order.created.ns()))
      (is_purchase ? context.purchase_per_day : context.replenishment_per_day)
          .add(order.created.ns(), static_cast<double>(ordered));
    if (window.contains(order.promised.ns())) {
      ++kind.due;
      if (delivered_at[o] <= order.promised.ns() && delivered_units[o] >= ordered) ++kind.on_time_in_full;
    }
    if (window.contains(delivered_at[o]) && delivered_units[o] > 0) {  // an order closed with nothing is no delivery
      ++kind.delivered;
      kind.lead_ns += delivered_at[o] - order.created.ns();
    }
  }
  kpis.otif_replenishment =
      ratio(static_cast<double>(replenishment.on_time_in_full), static_cast<double>(replenishment.due));
  kpis.otif_purchase = ratio(static_cast<double>(purchase.on_time_in_full), static_cast<double>(purchase.due));
  kpis.replenishment_lead_time_hours =
      ratio(static_cast<double>(replenishment.lead_ns) / kNsPerHour, static_cast<double>(replenishment.delivered));
  kpis.purchase_lead_time_days =
      ratio(static_cast<double>(purchase.lead_ns) / kNsPerDay, static_cast<double>(purchase.delivered));
}

void scan_shipments(Context& context, WorldKpis& kpis) {
  const Ledger& ledger = context.ledger;
  const network::Network& network = context.network;
  const Window& window = context.window;
  const world::ShipmentEventTable& events = ledger.shipment_events();
  ShipmentTimes& shipments = context.shipments;
  const std::size_t end = Ledger::rows(events.time, sim::SimTime::zero(), sim::SimTime::from_ns(window.end)).second;

  double transport_cost = 0.0;
  for (std::size_t i = 0; i < end; ++i) {
    const std::int64_t t = events.time[i];
    const world::ShipmentId shipment = events.shipment[i];
    if (shipment >= shipments.units.size()) bad_ledger("shipment_events", i, "unknown shipment id");
    const world::ShipmentState state = events.state[i];
    if (state == world::ShipmentState::kReceived) {
      shipments.received[shipment] = std::min(shipments.received[shipment], t);
      continue;
    }
    if (state != world::ShipmentState::kDispatched && state != world::ShipmentState::kLegDeparted) continue;
    if (state == world::ShipmentState::kDispatched)
      shipments.dispatched[shipment] = std::min(shipments.dispatched[shipment], t);
    const std::uint32_t lane = events.lane[i];
    if (!window.contains(t) || lane == world::kNone) continue;
    if (lane >= network.lanes().size()) bad_ledger("shipment_events", i, "unknown lane id");
    const network::Lane& used = network.lanes()[lane];
    transport_cost += used.cost_per_shipment + used.cost_per_unit * static_cast<double>(shipments.units[shipment]);
  }

  Conservation& units = kpis.conservation;
  UnitNs in_transit = 0;
  std::uint64_t received_units = 0;
  UnitNs transit_unit_ns = 0;
  const auto& infos = ledger.shipments();
  for (std::size_t s = 0; s < infos.size(); ++s) {
    const std::int64_t quantity = shipments.units[s];
    const std::int64_t dispatched = shipments.dispatched[s];
    const std::int64_t received = shipments.received[s];
    if (dispatched != kNever && !is_stocking(network.site(infos[s].origin).kind))
      units.supplier_dispatched_units += quantity;
    if (std::min(shipments.left_stock[s], dispatched) != kNever && received == kNever)
      units.in_transit_end_units += quantity;
    if (dispatched == kNever) continue;
    in_transit += UnitNs{quantity} * overlap(dispatched, received, window.begin, window.end);
    if (window.contains(received)) {
      received_units += static_cast<std::uint64_t>(quantity);
      transit_unit_ns += UnitNs{quantity} * (received - dispatched);
    }
  }

  const double length = static_cast<double>(window.length());
  kpis.transport_cost = transport_cost;
  kpis.in_transit_mean_units = static_cast<double>(in_transit) / length;
  kpis.throughput_units_per_day = static_cast<double>(received_units) / (length / kNsPerDay);
  kpis.transit_mean_days = ratio(static_cast<double>(transit_unit_ns) / kNsPerDay, static_cast<double>(received_units));
}

}  // namespace

KpiOptions kpi_options(const world::WorldConfig& config, sim::SimTime warm_up, sim::SimTime horizon) {
  KpiOptions options;
  options.warm_up = warm_up;
  options.horizon = horizon;
  options.holding_rate_per_year = config.cost.holding_rate_per_year;
  options.promise_window = config.demand.promise_window;
  options.stockout = config.demand.stockout;
  return options;
}

WorldKpis compute_kpis(const world::Ledger& ledger, const network::Network& network, const KpiOptions& options) {
  if (options.warm_up < sim::SimTime::zero() || options.horizon <= options.warm_up)
    throw std::invalid_argument("KPI window: need 0 <= warm-up < horizon, got warm-up " +
                                sim::to_string(options.warm_up) + " and horizon " + sim::to_string(options.horizon));
  const Window window{options.warm_up.ns(), options.horizon.ns()};
  Context context{ledger,
                  network,
                  options,
                  window,
                  DailyTotals(window),
                  DailyTotals(window),
                  DailyTotals(window),
                  ShipmentTimes(ledger)};
  WorldKpis kpis;
  scan_stock(context, kpis);  // first: it records when shipments left their DC's stock
  scan_demand(context, kpis);
  scan_orders(context, kpis);
  scan_shipments(context, kpis);

  const double demand_variance = context.demand_per_day.variance();
  kpis.bullwhip_purchase = ratio(context.purchase_per_day.variance(), demand_variance);
  kpis.bullwhip_replenishment = ratio(context.replenishment_per_day.variance(), demand_variance);

  Conservation& units = kpis.conservation;
  units.imbalance_units = units.initial_units + units.supplier_dispatched_units - units.on_hand_end_units -
                          units.in_transit_end_units - units.sold_units - units.spoiled_units;
  units.demand_imbalance_units =
      units.demand_requested_units - units.sold_units - units.demand_lost_units - units.backlog_end_units;
  return kpis;
}

StockSeries stock_series(const world::Ledger& ledger, const network::Network& network, sim::SimTime resolution,
                         sim::SimTime horizon, std::uint32_t max_locations) {
  StockSeries series;
  if (resolution <= sim::SimTime::zero() || horizon < sim::SimTime::zero()) return series;
  series.resolution = resolution;
  series.steps = static_cast<std::size_t>(horizon / resolution) + 1;

  const LocationIndex stocking(network, is_stocking);
  const std::uint32_t tracked = std::min(max_locations, stocking.size());
  series.sites.reserve(tracked);
  series.skus.reserve(tracked);
  for (const network::Site& site : network.sites()) {
    const std::uint32_t first = stocking.first(site.id);
    if (first == world::kNone || first >= tracked) continue;
    for (const network::SkuId sku : network.assortment().skus_at(site.id)) {
      if (series.sites.size() == tracked) break;
      series.sites.push_back(site.id);
      series.skus.push_back(sku);
    }
  }

  series.on_hand.resize(series.steps * tracked);
  std::vector<std::int64_t> on_hand(tracked, 0);
  world::StockMovements movements(ledger);  // the stock table with the immediate sales merged in
  for (std::size_t step = 0; step < series.steps; ++step) {
    const std::int64_t t = series.time_of(step).ns();
    while (!movements.done() && movements.time() <= t) {
      const world::StockMovement m = movements.next();
      const std::string_view table = table_of(m);
      if (m.site.index() >= network.sites().size()) bad_ledger(table, m.row, "unknown site id");
      const std::uint32_t first = stocking.first(m.site);
      if (first == world::kNone || first >= tracked) continue;  // skip the binary search for untracked sites
      const std::uint32_t location = stocking.find(m.site, m.sku, table, m.row);
      if (location < tracked) on_hand[location] += m.delta;
    }
    std::copy(on_hand.begin(), on_hand.end(), series.on_hand.begin() + static_cast<std::ptrdiff_t>(step * tracked));
  }
  return series;
}

namespace {

std::vector<sim::ConfidenceInterval> intervals(std::size_t replications, double level,
                                               const auto& value /* (replication, member) -> double */) {
  std::vector<sim::ConfidenceInterval> result;
  result.reserve(kKpiCount);
  std::vector<double> defined;
  defined.reserve(replications);
  for (const KpiDefinition& kpi : kKpis) {
    defined.clear();
    for (std::size_t r = 0; r < replications; ++r) {
      const double x = value(r, kpi.member);
      if (std::isfinite(x)) defined.push_back(x);
    }
    result.push_back(sim::student_t_interval(defined, level));
  }
  return result;
}

}  // namespace

std::vector<sim::ConfidenceInterval> summarise_kpis(std::span<const WorldKpis> replications, double level) {
  return intervals(replications.size(), level,
                   [&](std::size_t r, double WorldKpis::*member) { return replications[r].*member; });
}

std::vector<sim::ConfidenceInterval> paired_differences(std::span<const WorldKpis> baseline,
                                                        std::span<const WorldKpis> variant, double level) {
  if (baseline.size() != variant.size())
    throw std::invalid_argument("paired differences need as many variant replications (" +
                                std::to_string(variant.size()) + ") as baseline ones (" +
                                std::to_string(baseline.size()) + ")");
  return intervals(baseline.size(), level, [&](std::size_t r, double WorldKpis::*member) {
    return variant[r].*member - baseline[r].*member;  // NaN when either is undefined
  });
}

}  // namespace chaintwin::analysis
