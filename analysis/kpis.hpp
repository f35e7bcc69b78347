#pragma once
// Business KPIs of one simulated world, computed after the run from its truth ledger, and their aggregation over
// replications (confidence intervals of the mean, paired what-if minus baseline differences).
//
// Window. Statistics count only after the warm-up: time-weighted quantities integrate over [warm_up, horizon), event
// counts take events with warm_up <= time < horizon. Order-level on-time-in-full counts the orders *due* in the
// window, so that each is decided by the horizon (an order due after it could still arrive). Ledger rows at or
// after the horizon are ignored; the conservation report covers the whole run [0, horizon).
//
// Cost. One linear scan per ledger table (positions, temperatures and disruptions are not read), with no allocation
// per row and no hashing: a SKU-location is found through the network's assortment rows (binary search within a
// site's row), and time-weighted averages come from summing delta x (horizon - time) per row rather than from
// per-location state. Memory: 24 bytes per store SKU-location, 16 per SKU, 28 per shipment, 12 per order, and in
// backorder mode 4 per customer order due in the window. Tens of millions of rows take seconds.
//
// Undefined values (a fill rate without demand, a lead time without deliveries, a bullwhip ratio without demand
// variance) are NaN, never infinite, so that aggregation can tell "undefined" from "large".

#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

#include "network/network.hpp"
#include "sim/core/statistics.hpp"
#include "sim/core/time.hpp"
#include "sim/world/config.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis {

struct KpiOptions {
  sim::SimTime warm_up = sim::SimTime::zero();
  sim::SimTime horizon = sim::days(365);
  double holding_rate_per_year = 0.25;  // of unit value, per unit held for a year (365 days)
  // Backorders only: a customer order is on time if filled in full within this of its arrival.
  sim::SimTime promise_window = sim::days(2);
  // The ledger records the shortfall of a customer order, not what became of it: the mode says lost or owed.
  world::StockoutMode stockout = world::StockoutMode::kLostSales;
};

// The options a world configuration implies (holding rate, promise window, stockout mode).
KpiOptions kpi_options(const world::WorldConfig& config, sim::SimTime warm_up, sim::SimTime horizon);

// Units in and out of the world over [0, horizon), from independent sources, so that a World that creates or loses
// units shows a non-zero imbalance. In transit counts a shipment's units from when they left the origin's stock
// (its first kPicked row, or its kDispatched event for a supplier) until its ShipmentState::kReceived event.
struct Conservation {
  std::int64_t initial_units = 0;              // kInitial stock rows
  std::int64_t supplier_dispatched_units = 0;  // lines of shipments dispatched from non-stocking sites (suppliers)
  std::int64_t on_hand_end_units = 0;          // sum of all stock rows
  std::int64_t in_transit_end_units = 0;       // lines of shipments that left stock and were not received
  std::int64_t sold_units = 0;                 // immediate sales (demand rows' filled) and kSold stock rows
  std::int64_t spoiled_units = 0;              // kSpoiled stock rows
  // initial + supplier_dispatched - on_hand_end - in_transit_end - sold - spoiled; 0 for a consistent ledger.
  std::int64_t imbalance_units = 0;
  std::int64_t demand_requested_units = 0;  // customer demand rows
  std::int64_t demand_lost_units = 0;       // shortfall, in lost-sales mode
  std::int64_t backlog_end_units = 0;       // shortfall not yet filled by backorder_fills, in backorder mode
  // demand_requested - sold - demand_lost - backlog_end; 0 when every sold unit answers a customer's request.
  std::int64_t demand_imbalance_units = 0;

  bool balanced() const { return imbalance_units == 0 && demand_imbalance_units == 0; }
};

struct ConservationField {
  std::string_view name;
  std::string_view description;
  std::int64_t Conservation::*member;
};

inline constexpr ConservationField kConservationFields[] = {
    {"initial_units", "opening stock (kInitial rows)", &Conservation::initial_units},
    {"supplier_dispatched_units", "units shipped into the world by suppliers",
     &Conservation::supplier_dispatched_units},
    {"on_hand_end_units", "units on hand at DCs and stores at the horizon", &Conservation::on_hand_end_units},
    {"in_transit_end_units", "units that left a stock and were not yet received at the horizon",
     &Conservation::in_transit_end_units},
    {"sold_units", "units sold (demand rows' filled and kSold rows)", &Conservation::sold_units},
    {"spoiled_units", "units written off (kSpoiled rows)", &Conservation::spoiled_units},
    {"imbalance_units", "initial + supplier_dispatched - on_hand_end - in_transit_end - sold - spoiled (0 expected)",
     &Conservation::imbalance_units},
    {"demand_requested_units", "units customers asked for", &Conservation::demand_requested_units},
    {"demand_lost_units", "units customers did not get (lost-sales mode)", &Conservation::demand_lost_units},
    {"backlog_end_units", "units owed to customers at the horizon (backorder mode)", &Conservation::backlog_end_units},
    {"demand_imbalance_units", "demand_requested - sold - demand_lost - backlog_end (0 expected)",
     &Conservation::demand_imbalance_units},
};

// The KPIs of one replication. Every member but `conservation` is a double listed in kKpis, which the writers
// iterate: add a KPI here and a row there, and it appears in every output.
struct WorldKpis {
  double fill_rate_units = 0.0;
  double fill_rate_orders = 0.0;
  double lost_sales_units = 0.0;
  double backlog_mean_units = 0.0;
  double backlog_end_units = 0.0;
  double stockout_episodes = 0.0;
  double stockout_mean_hours = 0.0;
  double stockout_time_share = 0.0;
  double otif_customer = 0.0;
  double otif_replenishment = 0.0;
  double otif_purchase = 0.0;
  double replenishment_lead_time_hours = 0.0;
  double purchase_lead_time_days = 0.0;
  double on_hand_stores_units = 0.0;
  double on_hand_dcs_units = 0.0;
  double safety_stock_units = 0.0;
  double days_of_supply = 0.0;
  double bullwhip_purchase = 0.0;
  double bullwhip_replenishment = 0.0;
  double holding_cost = 0.0;
  double transport_cost = 0.0;
  double in_transit_mean_units = 0.0;
  double throughput_units_per_day = 0.0;
  double transit_mean_days = 0.0;
  double demand_units = 0.0;
  double sold_units = 0.0;
  Conservation conservation;
};

struct KpiDefinition {
  std::string_view name;
  std::string_view unit;  // "1": a dimensionless fraction; money is the network's one unnamed currency
  std::string_view description;
  double WorldKpis::*member;
};

inline constexpr KpiDefinition kKpis[] = {
    {"fill_rate_units", "1", "share of units requested by customers in the window that the shelf filled at once",
     &WorldKpis::fill_rate_units},
    {"fill_rate_orders", "1", "share of customer orders in the window filled completely at once",
     &WorldKpis::fill_rate_orders},
    {"lost_sales_units", "units", "units requested in the window and not filled (lost-sales mode)",
     &WorldKpis::lost_sales_units},
    {"backlog_mean_units", "units", "time-average units owed to customers (backorder mode)",
     &WorldKpis::backlog_mean_units},
    {"backlog_end_units", "units", "units owed to customers at the horizon (backorder mode)",
     &WorldKpis::backlog_end_units},
    {"stockout_episodes", "episodes", "store SKU-locations whose on-hand fell from above 0 to 0 in the window",
     &WorldKpis::stockout_episodes},
    {"stockout_mean_hours", "h",
     "mean duration of those episodes (episodes still open at the horizon end there; instant ones are not counted)",
     &WorldKpis::stockout_mean_hours},
    {"stockout_time_share", "1", "share of store SKU-location time in the window with nothing on hand",
     &WorldKpis::stockout_time_share},
    {"otif_customer", "1",
     "share of customer orders due in the window filled in full by their due time (arrival; arrival + promise "
     "window for backorders)",
     &WorldKpis::otif_customer},
    {"otif_replenishment", "1",
     "share of store orders promised in the window delivered in full (units ordered) by their promised time",
     &WorldKpis::otif_replenishment},
    {"otif_purchase", "1",
     "share of purchase orders promised in the window delivered in full (units ordered) by their promised time",
     &WorldKpis::otif_purchase},
    {"replenishment_lead_time_hours", "h",
     "mean creation-to-delivery time of store orders delivered (some units) in the window",
     &WorldKpis::replenishment_lead_time_hours},
    {"purchase_lead_time_days", "d",
     "mean creation-to-delivery time of purchase orders delivered (some units) in the window",
     &WorldKpis::purchase_lead_time_days},
    {"on_hand_stores_units", "units", "time-average units on hand over all stores", &WorldKpis::on_hand_stores_units},
    {"on_hand_dcs_units", "units", "time-average units on hand over all DCs", &WorldKpis::on_hand_dcs_units},
    {"safety_stock_units", "units",
     "mean units left on a store SKU-location's shelf when a delivery arrived in the window: the safety stock "
     "actually held (0 when the shelf had run out)",
     &WorldKpis::safety_stock_units},
    {"days_of_supply", "d", "time-average units on hand (stores and DCs) / mean units sold per day",
     &WorldKpis::days_of_supply},
    {"bullwhip_purchase", "1",
     "variance of daily units ordered by DCs on suppliers / variance of daily units requested by customers",
     &WorldKpis::bullwhip_purchase},
    {"bullwhip_replenishment", "1",
     "variance of daily units ordered by stores on DCs / variance of daily units requested by customers",
     &WorldKpis::bullwhip_replenishment},
    {"holding_cost", "money", "unit value x holding rate x unit-years held at DCs and stores in the window",
     &WorldKpis::holding_cost},
    {"transport_cost", "money",
     "per lane departure in the window: the lane's cost per shipment + cost per unit x the shipment's units",
     &WorldKpis::transport_cost},
    {"in_transit_mean_units", "units", "time-average units between dispatch and receipt (Little's L)",
     &WorldKpis::in_transit_mean_units},
    {"throughput_units_per_day", "units/d", "units of shipments received in the window per day (Little's lambda)",
     &WorldKpis::throughput_units_per_day},
    {"transit_mean_days", "d",
     "mean dispatch-to-receipt time of a unit received in the window (Little's W: L = lambda W)",
     &WorldKpis::transit_mean_days},
    {"demand_units", "units", "units requested by customers in the window", &WorldKpis::demand_units},
    {"sold_units", "units", "units sold in the window (backorder fills included)", &WorldKpis::sold_units},
};
inline constexpr std::size_t kKpiCount = std::size(kKpis);

// Throws std::invalid_argument when the options make no window (horizon <= warm-up, negative warm-up) or when the
// ledger contradicts the network (a stock row at a store for a SKU it does not carry, an unknown site or SKU, a
// customer order filled beyond its request): those are bugs of whatever wrote the ledger.
WorldKpis compute_kpis(const world::Ledger& ledger, const network::Network& network, const KpiOptions& options);

// On-hand of the first `max_locations` stocking SKU-locations (DCs and stores, by site id then SKU: the numbering
// of world::Locations) at times 0, resolution, 2 resolution, ... <= horizon, each after every stock row at that time.
// Memory: 8 bytes per value (steps x locations) plus 8 per location while scanning.
struct StockSeries {
  sim::SimTime resolution = sim::SimTime::zero();
  std::size_t steps = 0;
  std::vector<network::SiteId> sites;  // of each column
  std::vector<network::SkuId> skus;
  std::vector<double> on_hand;  // steps x locations, row-major (the layout of the HDF5 dataset)

  std::size_t locations() const { return sites.size(); }
  sim::SimTime time_of(std::size_t step) const { return resolution * static_cast<std::int64_t>(step); }
  double at(std::size_t step, std::size_t location) const { return on_hand[step * locations() + location]; }
};
// A resolution of zero gives an empty series (no steps, no locations).
StockSeries stock_series(const world::Ledger& ledger, const network::Network& network, sim::SimTime resolution,
                         sim::SimTime horizon, std::uint32_t max_locations);

// Across replications, one interval per row of kKpis (same order). A KPI undefined (NaN) in some replications is
// summarised over the others: the interval's n says how many.
std::vector<sim::ConfidenceInterval> summarise_kpis(std::span<const WorldKpis> replications, double level = 0.95);
// Per KPI, the interval of variant[r] - baseline[r] over replications r where both are defined: with common random
// numbers the pairs are positively correlated, so this interval is much narrower than comparing two means.
// Throws std::invalid_argument if the spans differ in length.
std::vector<sim::ConfidenceInterval> paired_differences(std::span<const WorldKpis> baseline,
                                                        std::span<const WorldKpis> variant, double level = 0.95);

}  // namespace chaintwin::analysis
