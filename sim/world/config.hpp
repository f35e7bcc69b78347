#pragma once
// What a world scenario configures, beyond its network: demand, inventory policies, facilities, suppliers, ports,
// fleets, disruptions and what to record. Plain structs with documented defaults; scenarios/ binds YAML to them
// and docs/scenarios.md is generated from those bindings.
//
// Units: durations are sim::SimTime (written "36h", "2d" in YAML); rates say their unit in the name; quantities
// are whole units of a SKU; temperatures are degrees Celsius; money is one unnamed currency.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace chaintwin::world {

// What happens to customer demand a store cannot fill from its shelf.
enum class StockoutMode : std::uint8_t {
  kLostSales,   // the customer walks away: a recorded lost sale
  kBackorders,  // the customer waits: filled first from the next receipt, on time if within the promise window
};

// A promotion or demand spike: demand for matching SKU-locations is multiplied while it lasts.
struct Promotion {
  std::string sku;     // SKU name; empty: every SKU
  std::string site;    // store name; empty: every store
  std::string region;  // only stores in this region (Site::region); empty: anywhere
  sim::SimTime start = sim::SimTime::zero();
  sim::SimTime duration = sim::days(7);
  double multiplier = 1.5;
};

struct DemandConfig {
  // Mean units per day of a SKU at a store: a per-SKU lognormal (median, log-space sigma) times a per-store
  // lognormal size factor (median 1, sigma store_size_sigma).
  double median_units_per_day = 2.0;
  double sku_rate_sigma = 1.0;
  double store_size_sigma = 0.3;
  // Day-of-week factors, Monday first, normalised to mean 1 when used.
  std::array<double, 7> day_of_week = {0.9, 0.85, 0.9, 0.95, 1.1, 1.25, 1.05};
  double trend_per_year = 0.0;                // relative growth of every rate per 365 days (0.05: +5% a year)
  double annual_amplitude = 0.0;              // relative amplitude of a yearly sinusoid (0.2: +-20%)
  sim::SimTime annual_peak = sim::days(340);  // when in the year the sinusoid peaks
  // Slow movers: SKU-locations below this rate get lumpy demand, fewer customers buying several units each.
  double intermittent_below_units_per_day = 0.5;
  double intermittent_mean_order_units = 3.0;
  std::vector<Promotion> promotions;
  // Explicit rates for named SKUs (every store carrying them, before the store factor), overriding the lognormal.
  struct SkuRate {
    std::string sku;
    double units_per_day = 1.0;
  };
  std::vector<SkuRate> sku_rates;
  // Demand history to replay instead of the model: a CSV file with header `day,store,sku,units` (day 0 is the
  // first simulated day). SKU-locations it names take its units, spread uniformly over their day; others keep
  // the model. Relative paths are relative to the scenario file.
  std::string replay_csv;
  StockoutMode stockout = StockoutMode::kLostSales;
  sim::SimTime promise_window = sim::days(2);  // backorders: a customer order is on time if filled within this
};

enum class PolicyKind : std::uint8_t {
  kMinMax,             // (s,S): when inventory position <= s, order up to S
  kReorderPoint,       // (R,Q): when inventory position <= R, order Q (repeatedly, until above R)
  kBaseStock,          // order what was consumed: keep inventory position at S
  kPeriodicOrderUpTo,  // (R,S): every review period, order up to S
};

// How one echelon (all stores, or all DCs) replenishes. Levels come from demand and planned lead time unless
// given explicitly: with mean daily demand d, daily variance v, planned lead time L days (variance V days^2, from
// the lanes', sailings' and suppliers' spreads) and review period R days,
//   safety stock SS = z sqrt(v (L + R) + d^2 V),  reorder point s = d (L + R) + SS,  Q = d order_days,  S = s + Q
// and, for base-stock and (R,S), S = d (L + R) + SS. Continuous-review kinds are checked on every change of the
// inventory position when review_period is 0, else at each review.
struct PolicyConfig {
  PolicyKind kind = PolicyKind::kMinMax;
  sim::SimTime review_period = sim::days(1);  // 0: continuous review
  double safety_factor = 1.65;                // z; 1.65 is about a 95% cycle service level under normal demand
  double order_days = 3.0;                    // Q and S - s, in days of mean demand
  std::int64_t reorder_point = -1;            // explicit s or R, units; -1: computed
  std::int64_t order_up_to = -1;              // explicit S, units; -1: computed
  std::int64_t order_quantity = -1;           // explicit Q, units; -1: computed
  double initial_stock_days = -1.0;           // starting on-hand in days of demand; -1: the order-up-to level
};

struct DcConfig {
  std::uint32_t dock_doors = 0;                 // 0: the site's capacity.dock_doors (at least 1)
  sim::SimTime unload_time = sim::minutes(45);  // median per inbound truck or container, lognormal
  double unload_sigma = 0.3;
  sim::SimTime put_away_time = sim::hours(2);          // receipt to available stock
  sim::SimTime pick_time_per_line = sim::seconds(40);  // one picker walking to one SKU
  std::uint32_t pickers = 20;
  sim::SimTime load_time = sim::minutes(30);
  // Cold rooms (chilled and frozen stock): an Ornstein-Uhlenbeck temperature about the set point, sampled every
  // temperature_interval; on failure it relaxes towards ambient with the time constant below. Stock of a class
  // that stays out of range for longer than spoil_after is written off.
  double chilled_setpoint_c = 4.0;
  double frozen_setpoint_c = -20.0;
  double temperature_noise_c = 0.4;  // stationary standard deviation
  double ambient_c = 20.0;
  sim::SimTime warming_time_constant = sim::hours(6);
  sim::SimTime temperature_interval = sim::minutes(15);
  sim::SimTime spoil_after = sim::hours(2);
};

struct SupplierConfig {
  sim::SimTime lead_time = sim::days(5);  // median, order to ready for dispatch, lognormal
  double lead_time_sigma = 0.3;
  std::uint32_t capacity_units_per_day = 0;  // 0: unlimited
  double full_fill_probability = 0.95;       // a line is filled in full; otherwise partially
  double partial_fill_mean = 0.7;            // mean share filled of a partially filled line
  sim::SimTime confirmation_delay = sim::hours(4);
};

struct PortConfig {
  std::uint32_t berths = 2;
  sim::SimTime sailing_interval = sim::days(7);  // a vessel leaves each origin for each port this often
  sim::SimTime berth_time = sim::hours(18);      // median vessel time at berth, lognormal
  double berth_sigma = 0.3;
  double customs_hold_probability = 0.03;         // per container
  sim::SimTime customs_hold_time = sim::days(2);  // median, lognormal sigma 0.5
};

struct FleetConfig {
  std::uint32_t truck_capacity_units = 2'400;
  double breakdowns_per_1000_hours = 0.5;             // while driving
  sim::SimTime repair_time = sim::hours(4);           // median, lognormal sigma 0.6
  sim::SimTime position_interval = sim::minutes(15);  // ledger position samples while moving; 0: none
};

enum class DisruptionKind : std::uint8_t {
  kPortClosure,       // target: port; no berthing while it lasts
  kSupplierLeadTime,  // target: supplier (empty: all); lead times times magnitude
  kSupplierOutage,    // target: supplier (empty: all); no production
  kWeather,           // target: region; transit on lanes touching it times magnitude
  kDemandSpike,       // target: region or store (empty: all); demand times magnitude
  kTruckBreakdowns,   // target: DC (empty: all); breakdown rate times magnitude
  kFacilityOutage,    // target: DC; no receiving, picking or dispatch
  kColdRoomFailure,   // target: DC; its cold rooms warm towards ambient
};

// Scheduled (start, duration) when rate_per_year is 0; otherwise random: occurrences form a Poisson process of
// that rate over the horizon, each lasting a lognormal duration (median `duration`, log-space sigma).
struct DisruptionConfig {
  DisruptionKind kind = DisruptionKind::kPortClosure;
  std::string target;  // a site or region name, as the kind says
  sim::SimTime start = sim::SimTime::zero();
  sim::SimTime duration = sim::days(1);
  double magnitude = 1.0;
  double rate_per_year = 0.0;
  double duration_sigma = 0.5;
};

struct CostConfig {
  double holding_rate_per_year = 0.25;  // of unit value, per unit held for a year
};

// What the planners' decisions read. oracle: the truth, at once. batch: snapshots of on-hand, on-order and backlog
// taken every `snapshot_every` and seen `delay` later (today's ERP feeds: twice a day, hours late); the orders the
// planners placed since the snapshot are known (they placed them). streaming: on-hand from the pipeline's stock
// positions, the world advancing in lockstep with the streams and the pipeline every `step` (loop/: the world
// alone cannot run it). Same random numbers in every mode: only the view differs, so paired comparisons measure
// what visibility is worth.
enum class VisibilityMode : std::uint8_t { kOracle, kBatch, kStreaming };

struct VisibilityConfig {
  VisibilityMode mode = VisibilityMode::kOracle;
  sim::SimTime snapshot_every = sim::hours(12);
  sim::SimTime delay = sim::hours(6);
  sim::SimTime step = sim::minutes(15);  // streaming: how often the world waits for the pipeline
  sim::SimTime latency = sim::SimTime::zero();  // streaming: the pipeline's processing time, charged
};

struct OutputConfig {
  sim::SimTime stock_resolution = sim::days(1);      // time step of the stock time series; 0: none
  std::uint32_t stock_series_max_locations = 5'000;  // SKU-locations in the series, the first by site then SKU
};

struct WorldConfig {
  DemandConfig demand;
  PolicyConfig store_policy;
  PolicyConfig dc_policy = {PolicyKind::kMinMax, sim::days(1), 1.65, 7.0, -1, -1, -1, -1.0};
  DcConfig dc;
  SupplierConfig supplier;
  PortConfig port;
  FleetConfig fleet;
  std::vector<DisruptionConfig> disruptions;
  CostConfig cost;
  VisibilityConfig visibility;
  OutputConfig output;
};

}  // namespace chaintwin::world
