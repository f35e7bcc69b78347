#include "scenarios/world_scenario.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <set>
#include <unordered_map>
#include <utility>
#include <variant>

#include "generators/formats/time_format.hpp"
#include "network/geo.hpp"
#include "network/types.hpp"
#include "scenarios/demand_csv.hpp"
#include "scenarios/document.hpp"

namespace chaintwin::scenarios {

using network::SiteKind;
using network::TemperatureClass;
using network::TransportMode;
using world::DisruptionKind;
using world::PolicyKind;
using world::StockoutMode;

namespace {

template <class E>
std::vector<std::pair<std::string, E>> names_from_network(std::initializer_list<E> values) {
  std::vector<std::pair<std::string, E>> names;
  for (const E v : values) names.emplace_back(network::to_string(v), v);
  return names;
}

const std::vector<std::pair<std::string, SiteKind>>& site_kinds() {
  static const auto names = names_from_network(
      {SiteKind::kSupplier, SiteKind::kFactory, SiteKind::kPort, SiteKind::kDistributionCenter, SiteKind::kStore});
  return names;
}

const std::vector<std::pair<std::string, DisruptionKind>>& disruption_kinds() {
  static const std::vector<std::pair<std::string, DisruptionKind>> names{
      {"port_closure", DisruptionKind::kPortClosure},       {"supplier_lead_time", DisruptionKind::kSupplierLeadTime},
      {"supplier_outage", DisruptionKind::kSupplierOutage}, {"weather", DisruptionKind::kWeather},
      {"demand_spike", DisruptionKind::kDemandSpike},       {"truck_breakdowns", DisruptionKind::kTruckBreakdowns},
      {"facility_outage", DisruptionKind::kFacilityOutage}, {"cold_room_failure", DisruptionKind::kColdRoomFailure}};
  return names;
}

std::string kind_name(DisruptionKind kind) {
  for (const auto& [name, k] : disruption_kinds()) {
    if (k == kind) return name;
  }
  return "disruption";
}

// Explicit levels of a policy: -1 means computed from demand, anything else must make sense as a level.
std::function<std::optional<std::string>(const std::int64_t&)> computed_or_at_least(std::int64_t lo) {
  return [lo](const std::int64_t& v) -> std::optional<std::string> {
    if (v == -1 || v >= lo) return std::nullopt;
    return "must be -1 (computed) or at least " + std::to_string(lo) + ", got " + std::to_string(v);
  };
}

// Upper bound of every log-space spread: one standard deviation of 3 is already a factor of 20, so anything
// larger is a slip (a percentage written for a fraction), not a distribution anyone means.
constexpr double kMaxSigma = 3.0;

}  // namespace

const Schema<SiteSpec>& site_spec_schema() {
  static const Schema<SiteSpec> schema = [] {
    Schema<SiteSpec> s("SiteSpec",
                       "An item of `network.sites:` (explicit networks): one site. Capacities of 0 mean the site has "
                       "none of it; sites are always open.");
    s.field("name", &SiteSpec::name, "unique name: lanes, assortments, disruptions and demand CSVs use it", "")
        .required()
        .non_empty();
    s.choice("kind", &SiteSpec::kind, "what the site is", site_kinds()).required();
    s.field("lat", &SiteSpec::lat, "latitude, north positive", "degrees").required().range(-90.0, 90.0);
    s.field("lon", &SiteSpec::lon, "longitude, east positive", "degrees").required().range(-180.0, 180.0);
    s.field("region", &SiteSpec::region,
            "region name: weather disruptions, promotions and demand spikes select sites by it", "");
    s.field("dock_doors", &SiteSpec::dock_doors, "dock doors for trucks and containers", "count").range(0, 100'000);
    s.field("storage_pallets", &SiteSpec::storage_pallets, "storage capacity", "pallets");
    s.field("throughput_units_per_day", &SiteSpec::throughput_units_per_day, "units it can handle a day", "units/day");
    s.field("trucks", &SiteSpec::trucks, "trucks based here: a DC's outbound fleet", "count").range(0, 1'000'000);
    s.rule("trucks", "only a dc has trucks",
           [](const SiteSpec& site) { return site.trucks == 0 || site.kind == SiteKind::kDistributionCenter; });
    return s;
  }();
  return schema;
}

const Schema<LaneSpec>& lane_spec_schema() {
  static const Schema<LaneSpec> schema = [] {
    Schema<LaneSpec> s("LaneSpec",
                       "An item of `network.lanes:`: a one-way lane between two sites. What it leaves out comes from "
                       "the mode's profile (`docs/network.md`): distance = great circle x circuity; median transit "
                       "= handling + distance / speed; cost per shipment = fixed + per km x distance; cost per unit "
                       "= per-unit rate x distance / 1000, from the given distance when there is one.");
    s.field("from", &LaneSpec::from, "origin site's name", "").required().non_empty();
    s.field("to", &LaneSpec::to, "destination site's name", "").required().non_empty();
    s.choice(
        "mode", &LaneSpec::mode, "how goods travel",
        names_from_network({TransportMode::kRoad, TransportMode::kRail, TransportMode::kSea, TransportMode::kAir}));
    s.field("distance_km", &LaneSpec::distance_km, "length of the path", "km")
        .above(0.0)
        .default_text("great circle x circuity");
    s.field("transit_hours", &LaneSpec::transit_hours, "median transit time (lognormal)", "h")
        .above(0.0)
        .default_text("handling + distance / speed");
    s.field("transit_sigma", &LaneSpec::transit_sigma, "log-space spread of transit times; 0: always the median", "")
        .range(0.0, kMaxSigma)
        .default_text("the mode's");
    s.field("cost_per_shipment", &LaneSpec::cost_per_shipment, "cost of one shipment on the lane", "money")
        .at_least(0.0)
        .default_text("fixed + per km x distance");
    s.field("cost_per_unit", &LaneSpec::cost_per_unit, "cost of each unit carried", "money")
        .at_least(0.0)
        .default_text("rate x distance / 1000");
    return s;
  }();
  return schema;
}

const Schema<SkuSpec>& sku_spec_schema() {
  static const Schema<SkuSpec> schema = [] {
    Schema<SkuSpec> s("SkuSpec", "An item of `network.skus:`: a stock-keeping unit.");
    s.field("name", &SkuSpec::name, "unique name: assortments, demand and demand CSVs use it", "")
        .required()
        .non_empty();
    s.field("unit_volume_m3", &SkuSpec::unit_volume_m3, "volume of one unit", "m^3").above(0.0).at_most(100.0);
    s.field("unit_weight_kg", &SkuSpec::unit_weight_kg, "weight of one unit", "kg").above(0.0).at_most(100'000.0);
    s.choice("temperature", &SkuSpec::temperature, "storage class: chilled is 2-8 C, frozen -18 C or colder",
             names_from_network({TemperatureClass::kAmbient, TemperatureClass::kChilled, TemperatureClass::kFrozen}));
    s.field("unit_value", &SkuSpec::unit_value, "value of one unit, for holding costs", "money").at_least(0.0);
    return s;
  }();
  return schema;
}

const Schema<AssortmentSpec>& assortment_spec_schema() {
  static const Schema<AssortmentSpec> schema = [] {
    Schema<AssortmentSpec> s("AssortmentSpec",
                             "An item of `network.assortment:`: the SKUs one site carries. A site absent from the "
                             "assortment carries nothing.");
    s.field("site", &AssortmentSpec::site, "the site's name", "").required().non_empty();
    auto names = detail::list_decoder<std::string>(detail::scalar_decoder<std::string>(""));
    s.custom(
         "skus", &AssortmentSpec::skus, "SKU names, or `all` for every SKU of the network", "",
         "list of texts, or `all`",
         [names](const Node& n, SkuSelection& out, DecodeContext& ctx, const std::string& path) {
           if (n.kind == Node::Kind::kScalar && n.scalar == "all") {
             out = SkuSelection{true, {}};
             return true;
           }
           if (n.kind != Node::Kind::kSequence) {
             std::string message = "expected a list of SKU names or 'all', got " + detail::describe_got(n);
             if (n.kind == Node::Kind::kScalar) message += "; write [" + n.scalar + "] for a single SKU";
             ctx.error(n, path, std::move(message));
             return false;
           }
           SkuSelection value;
           if (!names(n, value.names, ctx, path)) return false;
           out = std::move(value);
           return true;
         },
         [](const SkuSelection& v) { return v.all ? std::string("all") : std::to_string(v.names.size()) + " SKUs"; })
        .required();
    return s;
  }();
  return schema;
}

const Schema<NetworkSpec>& network_spec_schema() {
  static const Schema<NetworkSpec> schema = [] {
    Schema<NetworkSpec> s("NetworkSpec",
                          "The `network:` block of a world scenario: `generate:` for a synthetic network, or an "
                          "explicit one with `sites:`, `lanes:`, `skus:` and `assortment:`.");
    s.nested("generate", &NetworkSpec::generate, "the synthetic generator's knobs", generator_schema());
    s.list("sites", &NetworkSpec::sites, "explicit network: the sites", site_spec_schema());
    s.list("lanes", &NetworkSpec::lanes, "explicit network: the lanes", lane_spec_schema());
    s.list("skus", &NetworkSpec::skus, "explicit network: the SKUs", sku_spec_schema());
    s.list("assortment", &NetworkSpec::assortment, "explicit network: which site carries which SKUs",
           assortment_spec_schema());
    s.rule("generate", "give either generate: or an explicit network (sites:, lanes:, skus:, assortment:), not both",
           [](const NetworkSpec& n) {
             return !n.generate || (n.sites.empty() && n.lanes.empty() && n.skus.empty() && n.assortment.empty());
           });
    s.rule("sites", "give generate: or at least one site",
           [](const NetworkSpec& n) { return n.generate || !n.sites.empty(); });
    return s;
  }();
  return schema;
}

const Schema<world::Promotion>& promotion_schema() {
  static const Schema<world::Promotion> schema = [] {
    Schema<world::Promotion> s("Promotion",
                               "An item of `demand.promotions:`: demand of the matching SKU-locations is multiplied "
                               "while it lasts. Empty names match everything.");
    s.field("sku", &world::Promotion::sku, "SKU name; empty: every SKU", "");
    s.field("site", &world::Promotion::site, "store name; empty: every store", "");
    s.field("region", &world::Promotion::region, "only stores in this region; empty: anywhere", "");
    s.field("start", &world::Promotion::start, "when it starts, from simulated time 0", "");
    s.field("duration", &world::Promotion::duration, "how long it lasts", "").above(sim::SimTime::zero());
    s.field("multiplier", &world::Promotion::multiplier, "demand factor while it lasts", "factor").range(0.0, 100.0);
    return s;
  }();
  return schema;
}

const Schema<world::DemandConfig::SkuRate>& sku_rate_schema() {
  using SkuRate = world::DemandConfig::SkuRate;
  static const Schema<SkuRate> schema = [] {
    Schema<SkuRate> s("SkuRate",
                      "An item of `demand.sku_rates:`: a fixed mean rate for one SKU at every store carrying it "
                      "(before the store size factor), instead of the lognormal draw.");
    s.field("sku", &SkuRate::sku, "SKU name", "").required().non_empty();
    s.field("units_per_day", &SkuRate::units_per_day, "mean demand", "units/day").range(0.0, 1e6);
    return s;
  }();
  return schema;
}

const Schema<world::DemandConfig>& demand_schema() {
  using world::DemandConfig;
  static const Schema<DemandConfig> schema = [] {
    Schema<DemandConfig> s("DemandConfig",
                           "The `demand:` block: customer demand at the stores. A SKU-location's mean rate is a "
                           "per-SKU lognormal (median `median_units_per_day`, spread `sku_rate_sigma`) times a "
                           "per-store size factor (median 1, spread `store_size_sigma`), shaped by day of week, "
                           "trend, season and promotions.");
    s.field("median_units_per_day", &DemandConfig::median_units_per_day,
            "median over SKUs of a SKU's mean demand at a store of median size", "units/day")
        .range(0.0, 1e6);
    s.field("sku_rate_sigma", &DemandConfig::sku_rate_sigma, "log-space spread of SKU rates", "").range(0.0, kMaxSigma);
    s.field("store_size_sigma", &DemandConfig::store_size_sigma, "log-space spread of store size factors", "")
        .range(0.0, kMaxSigma);
    s.field("day_of_week", &DemandConfig::day_of_week, "demand factors, Monday first; normalised to mean 1", "factor")
        .each_at_least(0.0)
        .check("sum > 0", [](const std::array<double, 7>& f) -> std::optional<std::string> {
          double sum = 0.0;
          for (const double x : f) sum += x;
          if (sum > 0.0) return std::nullopt;
          return std::string("must not all be 0: demand would stop on every day");
        });
    s.field("trend_per_year", &DemandConfig::trend_per_year,
            "relative growth of every rate per 365 days (0.05: +5% a year)", "fraction per year")
        .above(-1.0)
        .at_most(10.0);
    s.field("annual_amplitude", &DemandConfig::annual_amplitude, "relative amplitude of a yearly sinusoid (0.2: +-20%)",
            "fraction")
        .range(0.0, 1.0);
    s.field("annual_peak", &DemandConfig::annual_peak, "when in the year the sinusoid peaks, from time 0", "")
        .range(sim::SimTime::zero(), sim::days(365));
    s.field("intermittent_below_units_per_day", &DemandConfig::intermittent_below_units_per_day,
            "SKU-locations slower than this get lumpy demand (fewer customers, several units each); 0: none",
            "units/day")
        .range(0.0, 1e6);
    s.field("intermittent_mean_order_units", &DemandConfig::intermittent_mean_order_units,
            "mean units a customer of a slow mover buys", "units")
        .range(1.0, 1e6);
    s.list("promotions", &DemandConfig::promotions, "temporary demand multipliers", promotion_schema());
    s.list("sku_rates", &DemandConfig::sku_rates, "fixed rates for named SKUs", sku_rate_schema());
    s.field("replay_csv", &DemandConfig::replay_csv,
            "demand history to replay (`day,store,sku,units`), relative to the scenario file that names it; "
            "empty: none",
            "");
    s.choice("stockout", &DemandConfig::stockout, "what happens to demand the shelf cannot fill",
             {{"lost_sales", StockoutMode::kLostSales}, {"backorders", StockoutMode::kBackorders}});
    s.field("promise_window", &DemandConfig::promise_window,
            "backorders: a customer order is on time if filled within this", "");
    return s;
  }();
  return schema;
}

const Schema<world::PolicyConfig>& policy_schema() {
  using world::PolicyConfig;
  static const Schema<PolicyConfig> schema = [] {
    Schema<PolicyConfig> s(
        "PolicyConfig",
        "The `store_policy:` and `dc_policy:` blocks: how an echelon replenishes. Levels not given are computed "
        "from mean daily demand d, its variance v, the planned lead time L and the review period R (days): safety "
        "stock SS = z sqrt(v (L + R)), reorder point s = d (L + R) + SS, Q = d order_days, S = s + Q; for "
        "base_stock and periodic_order_up_to, S = d (L + R) + SS.");
    s.choice("kind", &PolicyConfig::kind,
             "min_max: (s,S); reorder_point: (R,Q); base_stock: order what was consumed; periodic_order_up_to: "
             "(R,S)",
             {{"min_max", PolicyKind::kMinMax},
              {"reorder_point", PolicyKind::kReorderPoint},
              {"base_stock", PolicyKind::kBaseStock},
              {"periodic_order_up_to", PolicyKind::kPeriodicOrderUpTo}});
    s.field("review_period", &PolicyConfig::review_period,
            "time between reviews; 0: continuous review (on every change of the inventory position)", "");
    s.field("safety_factor", &PolicyConfig::safety_factor,
            "z; 1.65 is about a 95% cycle service level under normal demand", "")
        .range(0.0, 10.0);
    s.field("order_days", &PolicyConfig::order_days, "Q and S - s, in days of mean demand", "days")
        .above(0.0)
        .at_most(365.0);
    s.field("reorder_point", &PolicyConfig::reorder_point, "explicit s or R; -1: computed", "units")
        .check("-1 or >= 0", computed_or_at_least(0));
    s.field("order_up_to", &PolicyConfig::order_up_to, "explicit S; -1: computed", "units")
        .check("-1 or >= 1", computed_or_at_least(1));
    s.field("order_quantity", &PolicyConfig::order_quantity, "explicit Q; -1: computed", "units")
        .check("-1 or >= 1", computed_or_at_least(1));
    s.field("initial_stock_days", &PolicyConfig::initial_stock_days,
            "starting on-hand in days of mean demand; -1: the order-up-to level", "days")
        .check("-1 or >= 0", [](const double& v) -> std::optional<std::string> {
          if (v == -1.0 || (v >= 0.0 && v <= 3650.0)) return std::nullopt;
          return "must be -1 (the order-up-to level) or between 0 and 3650, got " + detail::format_double(v);
        });
    s.rule("review_period", "periodic_order_up_to needs a review_period greater than 0", [](const PolicyConfig& p) {
      return p.kind != PolicyKind::kPeriodicOrderUpTo || p.review_period > sim::SimTime::zero();
    });
    s.rule("order_up_to", "must be greater than reorder_point when both are given", [](const PolicyConfig& p) {
      return p.order_up_to == -1 || p.reorder_point == -1 || p.order_up_to > p.reorder_point;
    });
    return s;
  }();
  return schema;
}

const Schema<world::DcConfig>& dc_schema() {
  using world::DcConfig;
  static const Schema<DcConfig> schema = [] {
    Schema<DcConfig> s("DcConfig",
                       "The `dc:` block: how every DC receives, stores, picks and ships, and its cold rooms. A cold "
                       "room's temperature is an Ornstein-Uhlenbeck process about its set point, sampled every "
                       "`temperature_interval`; a failed room relaxes towards `ambient_c`; stock out of range for "
                       "longer than `spoil_after` is written off.");
    s.field("dock_doors", &DcConfig::dock_doors, "dock doors used; 0: the site's dock_doors (at least 1)", "count")
        .range(0, 100'000);
    s.field("unload_time", &DcConfig::unload_time, "median time to unload an inbound truck or container (lognormal)",
            "")
        .above(sim::SimTime::zero());
    s.field("unload_sigma", &DcConfig::unload_sigma, "log-space spread of unload times", "").range(0.0, kMaxSigma);
    s.field("put_away_time", &DcConfig::put_away_time, "from receipt to available stock", "");
    s.field("pick_time_per_line", &DcConfig::pick_time_per_line, "one picker's time for one order line (one SKU)", "")
        .above(sim::SimTime::zero());
    s.field("pickers", &DcConfig::pickers, "pickers working at once", "count").range(1, 100'000);
    s.field("load_time", &DcConfig::load_time, "time to load an outbound truck", "");
    s.field("chilled_setpoint_c", &DcConfig::chilled_setpoint_c, "set point of chilled rooms", "C").range(-5.0, 15.0);
    s.field("frozen_setpoint_c", &DcConfig::frozen_setpoint_c, "set point of freezers", "C").range(-60.0, 0.0);
    s.field("temperature_noise_c", &DcConfig::temperature_noise_c,
            "stationary standard deviation of a cold room's temperature about its set point", "C")
        .range(0.0, 10.0);
    s.field("ambient_c", &DcConfig::ambient_c, "temperature a failed cold room warms towards", "C").range(-50.0, 60.0);
    s.field("warming_time_constant", &DcConfig::warming_time_constant,
            "time constant of a failed room's approach to ambient", "")
        .above(sim::SimTime::zero());
    s.field("temperature_interval", &DcConfig::temperature_interval, "time between temperature samples", "")
        .above(sim::SimTime::zero());
    s.field("spoil_after", &DcConfig::spoil_after, "stock out of its range for longer than this is written off", "");
    s.rule("frozen_setpoint_c", "must be below chilled_setpoint_c",
           [](const DcConfig& c) { return c.frozen_setpoint_c < c.chilled_setpoint_c; });
    return s;
  }();
  return schema;
}

const Schema<world::SupplierConfig>& supplier_schema() {
  using world::SupplierConfig;
  static const Schema<SupplierConfig> schema = [] {
    Schema<SupplierConfig> s("SupplierConfig", "The `supplier:` block: how every supplier fills purchase orders.");
    s.field("lead_time", &SupplierConfig::lead_time, "median time from order to ready for dispatch (lognormal)", "");
    s.field("lead_time_sigma", &SupplierConfig::lead_time_sigma, "log-space spread of lead times; 0: fixed", "")
        .range(0.0, kMaxSigma);
    s.field("capacity_units_per_day", &SupplierConfig::capacity_units_per_day, "production capacity; 0: unlimited",
            "units/day");
    s.field("full_fill_probability", &SupplierConfig::full_fill_probability,
            "chance that an order line is filled in full; otherwise partially", "fraction")
        .range(0.0, 1.0);
    s.field("partial_fill_mean", &SupplierConfig::partial_fill_mean, "mean share filled of a partially filled line",
            "fraction")
        .range(0.0, 1.0);
    s.field("confirmation_delay", &SupplierConfig::confirmation_delay, "from order to the supplier's confirmation", "");
    return s;
  }();
  return schema;
}

const Schema<world::PortConfig>& port_schema() {
  using world::PortConfig;
  static const Schema<PortConfig> schema = [] {
    Schema<PortConfig> s("PortConfig", "The `port:` block: sailings, berths and customs at every port.");
    s.field("berths", &PortConfig::berths, "vessels served at once", "count").range(1, 1'000);
    s.field("sailing_interval", &PortConfig::sailing_interval, "a vessel leaves each origin for each port this often",
            "")
        .above(sim::SimTime::zero());
    s.field("berth_time", &PortConfig::berth_time, "median vessel time at berth (lognormal)", "")
        .above(sim::SimTime::zero());
    s.field("berth_sigma", &PortConfig::berth_sigma, "log-space spread of berth times", "").range(0.0, kMaxSigma);
    s.field("customs_hold_probability", &PortConfig::customs_hold_probability, "chance a container is held", "fraction")
        .range(0.0, 1.0);
    s.field("customs_hold_time", &PortConfig::customs_hold_time, "median customs hold (lognormal, sigma 0.5)", "");
    return s;
  }();
  return schema;
}

const Schema<world::FleetConfig>& fleet_schema() {
  using world::FleetConfig;
  static const Schema<FleetConfig> schema = [] {
    Schema<FleetConfig> s("FleetConfig",
                          "The `fleet:` block: the DCs' trucks (how many each DC has is the network's: "
                          "`trucks` of a site, or the generator's `trucks`).");
    s.field("truck_capacity_units", &FleetConfig::truck_capacity_units, "units one truck carries", "units")
        .range(1, 10'000'000);
    s.field("breakdowns_per_1000_hours", &FleetConfig::breakdowns_per_1000_hours, "breakdown rate while driving",
            "per 1000 h")
        .range(0.0, 1'000.0);
    s.field("repair_time", &FleetConfig::repair_time, "median repair time (lognormal, sigma 0.6)", "")
        .above(sim::SimTime::zero());
    s.field("position_interval", &FleetConfig::position_interval,
            "time between position samples of a moving truck in the ledger; 0: none", "");
    return s;
  }();
  return schema;
}

const Schema<world::DisruptionConfig>& disruption_schema() {
  using world::DisruptionConfig;
  static const Schema<DisruptionConfig> schema = [] {
    Schema<DisruptionConfig> s("DisruptionConfig",
                               "An item of `disruptions:`. Scheduled once (`start`, `duration`) when "
                               "`rate_per_year` is 0; otherwise random: a Poisson process of that rate over the "
                               "horizon, each occurrence lasting a lognormal time (median `duration`, spread "
                               "`duration_sigma`). What `target` names depends on `kind` (see the table above).");
    s.choice("kind", &DisruptionConfig::kind, "what happens", disruption_kinds()).required();
    s.field("target", &DisruptionConfig::target, "a site or region name, as the kind requires", "");
    s.field("start", &DisruptionConfig::start, "when a scheduled disruption starts, from simulated time 0", "");
    s.field("duration", &DisruptionConfig::duration, "how long it lasts (median, when random)", "")
        .above(sim::SimTime::zero());
    s.field("magnitude", &DisruptionConfig::magnitude,
            "multiplier of lead times, transit times, demand or breakdown rate; closures and outages ignore it",
            "factor")
        .range(0.0, 1'000.0);
    s.field("rate_per_year", &DisruptionConfig::rate_per_year, "0: scheduled once; > 0: random occurrences", "per year")
        .range(0.0, 10'000.0);
    s.field("duration_sigma", &DisruptionConfig::duration_sigma, "log-space spread of random durations", "")
        .range(0.0, kMaxSigma);
    s.rule("magnitude", "must be greater than 0 for supplier_lead_time and weather (it multiplies a time)",
           [](const DisruptionConfig& d) {
             return (d.kind != DisruptionKind::kSupplierLeadTime && d.kind != DisruptionKind::kWeather) ||
                    d.magnitude > 0.0;
           });
    return s;
  }();
  return schema;
}

const Schema<world::CostConfig>& cost_schema() {
  static const Schema<world::CostConfig> schema = [] {
    Schema<world::CostConfig> s("CostConfig", "The `cost:` block.");
    s.field("holding_rate_per_year", &world::CostConfig::holding_rate_per_year,
            "cost of holding a unit for a year, as a share of its value", "fraction per year")
        .range(0.0, 10.0);
    return s;
  }();
  return schema;
}

const Schema<world::VisibilityConfig>& visibility_schema() {
  static const Schema<world::VisibilityConfig> schema = [] {
    Schema<world::VisibilityConfig> s(
        "VisibilityConfig",
        "The `visibility:` block: what the planners' decisions (reorders at every review) read. The random numbers "
        "do not depend on it, so runs that differ only here are paired (`chaintwin compare --visibility`).");
    s.choice("mode", &world::VisibilityConfig::mode,
             "oracle: the truth, at once; batch: on-hand, on-order and backlog from snapshots taken every "
             "snapshot_every and seen delay later, plus the orders placed since (the planners know their own); "
             "streaming: on-hand from the reference pipeline's stock positions, the world waiting every step for "
             "the pipeline to process the streams (lockstep, in process), on-order and backlog from the planners' "
             "order book as of the same time (docs/world.md, \"Visibility\")",
             {{"oracle", world::VisibilityMode::kOracle},
              {"batch", world::VisibilityMode::kBatch},
              {"streaming", world::VisibilityMode::kStreaming}});
    s.field("snapshot_every", &world::VisibilityConfig::snapshot_every, "batch: time between snapshots", "")
        .above(sim::SimTime::zero());
    s.field("delay", &world::VisibilityConfig::delay, "batch: how long after it is taken a snapshot is seen", "")
        .at_least(sim::SimTime::zero());
    s.field("step", &world::VisibilityConfig::step,
            "streaming: how often the world stops for the pipeline to catch up (shorter: fresher, slower)", "")
        .above(sim::SimTime::zero());
    s.field("latency", &world::VisibilityConfig::latency,
            "streaming: the pipeline's processing time, charged in simulated time: the view shows nothing newer "
            "than this before the world's time (rounded to the order books, two a step); what if it took an hour?",
            "")
        .at_least(sim::SimTime::zero());
    return s;
  }();
  return schema;
}

const Schema<world::OutputConfig>& output_schema() {
  static const Schema<world::OutputConfig> schema = [] {
    Schema<world::OutputConfig> s("OutputConfig", "The `outputs:` block: what the run records beyond the ledger.");
    s.field("stock_resolution", &world::OutputConfig::stock_resolution,
            "time step of the stock time series; 0: no series", "");
    s.field("stock_series_max_locations", &world::OutputConfig::stock_series_max_locations,
            "SKU-locations in the series, the first by site then SKU", "count");
    return s;
  }();
  return schema;
}

// "YYYY-MM-DD" as days since 1970-01-01, or nullopt.
std::optional<std::int64_t> parse_date(const std::string& text) {
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // A day beyond its month's end (2025-02-30) comes back as another date.
  const std::int64_t days = formats::days_from_civil(y, m, d);
  const formats::CivilDate back = formats::civil_from_days(days);
  if (back.month != m || back.day != d) return std::nullopt;
  return days;
}

const Schema<generators::DelayConfig>& delay_schema() {
  static const Schema<generators::DelayConfig> schema = [] {
    using generators::DelayConfig;
    Schema<DelayConfig> s("DelayConfig",
                          "When a source's messages reach the bus after their fact (defaults differ per "
                          "source: docs/topics.md).");
    s.field("median", &DelayConfig::median, "median transport delay (lognormal)", "");
    s.field("sigma", &DelayConfig::sigma, "log-space spread of the transport delay", "").range(0.0, 5.0);
    s.field("batch_every", &DelayConfig::batch_every, "files sent at each multiple of this (0: one by one)", "");
    s.field("end_of_day_share", &DelayConfig::end_of_day_share, "share of senders that send once a day, at midnight",
            "fraction")
        .range(0.0, 1.0);
    return s;
  }();
  return schema;
}

const Schema<generators::NoiseConfig>& noise_schema() {
  static const Schema<generators::NoiseConfig> schema = [] {
    using generators::NoiseConfig;
    Schema<NoiseConfig> s("NoiseConfig",
                          "A source's noise, each labelled in the message truth (defaults differ per "
                          "source: docs/topics.md).");
    auto share = [&](const char* name, double NoiseConfig::*member, const char* what) {
      s.field(name, member, what, "probability").range(0.0, 1.0);
    };
    share("duplicate", &NoiseConfig::duplicate, "a message sent twice (same id, same bytes)");
    share("reread", &NoiseConfig::reread, "EPCIS: tags read again (same content, new eventID)");
    share("resend", &NoiseConfig::resend, "EDI: an interchange sent again hours later (same ISA13)");
    share("missing_optional", &NoiseConfig::missing_optional, "one optional field left out");
    share("missing_required", &NoiseConfig::missing_required, "one required field left out");
    share("clock_offset_devices", &NoiseConfig::clock_offset_devices, "share of devices whose clock is off by 1-3 h");
    s.field("clock_drift_s_per_day", &NoiseConfig::clock_drift_s_per_day, "each device's clock drifts within +-this",
            "s/day")
        .range(0.0, 3'600.0);
    s.field("gaps_per_day", &NoiseConfig::gaps_per_day, "coverage gaps per device (messages held, then flushed)",
            "per day")
        .range(0.0, 1'000.0);
    s.field("gap_min", &NoiseConfig::gap_min, "shortest coverage gap", "");
    s.field("gap_max", &NoiseConfig::gap_max, "longest coverage gap", "");
    share("reconnect_duplicate", &NoiseConfig::reconnect_duplicate, "share of a flushed backlog sent twice");
    s.field("gps_sigma_m", &NoiseConfig::gps_sigma_m, "horizontal position error per axis", "m").range(0.0, 10'000.0);
    share("gps_outlier", &NoiseConfig::gps_outlier, "a position jump of 100 m to 5 km");
    share("gps_zero_fix", &NoiseConfig::gps_zero_fix, "a fix at latitude 0, longitude 0");
    share("gps_stale_fix", &NoiseConfig::gps_stale_fix, "the previous fix again, marked invalid");
    share("sensor_stuck", &NoiseConfig::sensor_stuck, "a sensor repeating its value for the next 1-8 readings");
    share("sensor_unit_error", &NoiseConfig::sensor_unit_error, "a reading in Fahrenheit labelled Celsius");
    share("edi_time_basis", &NoiseConfig::edi_time_basis, "a 214 time written in UTC but coded local");
    share("edi_unknown_time", &NoiseConfig::edi_unknown_time, "a 214 time written 0000");
    s.rule("gap_max", "must not be shorter than gap_min", [](const NoiseConfig& n) { return n.gap_max >= n.gap_min; });
    s.rule("missing_required", "plus missing_optional must not exceed 1",
           [](const NoiseConfig& n) { return n.missing_required + n.missing_optional <= 1.0; });
    return s;
  }();
  return schema;
}

const Schema<generators::SchemaConfig>& schema_drift_schema() {
  static const Schema<generators::SchemaConfig> schema = [] {
    using generators::SchemaConfig;
    Schema<SchemaConfig> s("SchemaConfig", "Schema drift: senders moving to version 2 of their format.");
    s.field("v2_from", &SchemaConfig::v2_from, "when the migrating senders switch", "");
    s.field("v2_share", &SchemaConfig::v2_share, "share of the source's senders that switch", "fraction")
        .range(0.0, 1.0);
    return s;
  }();
  return schema;
}

const Schema<generators::SourceConfig>& source_schema() {
  static const Schema<generators::SourceConfig> schema = [] {
    using generators::SourceConfig;
    Schema<SourceConfig> s("SourceConfig", "One source of messages: its topic, delays, noise and schema drift.");
    s.field("enabled", &SourceConfig::enabled, "whether the source emits at all", "");
    s.field("topic", &SourceConfig::topic, "its Kafka topic (default chaintwin.<source>)", "").non_empty();
    s.nested("delay", &SourceConfig::delay, "when its messages arrive", delay_schema());
    s.nested("noise", &SourceConfig::noise, "its noise", noise_schema());
    s.nested("schema", &SourceConfig::schema, "its schema drift", schema_drift_schema());
    return s;
  }();
  return schema;
}

const Schema<StreamSourcesSpec>& stream_sources_schema() {
  static const Schema<StreamSourcesSpec> schema = [] {
    Schema<StreamSourcesSpec> s("StreamSourcesSpec", "The sources, one block each (docs/topics.md).");
    s.nested("epcis", &StreamSourcesSpec::epcis, "RFID readers and loggers: EPCIS 2.0 JSON", source_schema());
    s.nested("equipment", &StreamSourcesSpec::equipment, "dock doors and conveyors: Sparkplug-B-like JSON",
             source_schema());
    s.nested("gps", &StreamSourcesSpec::gps, "truck telematics", source_schema());
    s.nested("ais", &StreamSourcesSpec::ais, "vessel positions", source_schema());
    s.nested("edi", &StreamSourcesSpec::edi, "ANSI X12 850, 855, 856, 214, 846", source_schema());
    s.nested("erp", &StreamSourcesSpec::erp, "ERP/OMS", source_schema());
    s.nested("pos", &StreamSourcesSpec::pos, "tills and web shop", source_schema());
    s.nested("supplier", &StreamSourcesSpec::supplier, "supplier APIs", source_schema());
    s.nested("external", &StreamSourcesSpec::external, "weather and port feeds", source_schema());
    return s;
  }();
  return schema;
}

const Schema<StreamsSpec>& streams_schema() {
  static const Schema<StreamsSpec> schema = [] {
    Schema<StreamsSpec> s("StreamsSpec", "The `streams:` block: what `chaintwin stream` emits.");
    s.field("start_date", &StreamsSpec::start_date,
            "calendar date (YYYY-MM-DD, a Monday) of simulated time 0, midnight UTC", "")
        .check("a Monday written YYYY-MM-DD", [](const std::string& v) -> std::optional<std::string> {
          const auto days = parse_date(v);
          if (!days) return "expected a date written YYYY-MM-DD, got '" + v + "'";
          // 1970-01-01 was a Thursday.
          if ((*days % 7 + 7) % 7 != 4) return "'" + v + "' is not a Monday (simulated time 0 is a Monday)";
          return std::nullopt;
        });
    s.field("noise", &StreamsSpec::noise, "false: every message once, on time and complete (the clean stream)", "");
    s.field("web_order_share", &StreamsSpec::web_order_share, "share of store customers ordering on the web shop",
            "fraction")
        .range(0.0, 1.0);
    s.nested("sources", &StreamsSpec::sources, "per source", stream_sources_schema());
    return s;
  }();
  return schema;
}

generators::StreamsConfig streams_config(const StreamsSpec& s) {
  generators::StreamsConfig c;
  c.epoch_unix_s = parse_date(s.start_date).value_or(0) * 86'400;
  c.noise = s.noise;
  c.web_order_share = s.web_order_share;
  const StreamSourcesSpec& k = s.sources;
  c.sources = {k.epcis, k.equipment, k.gps, k.ais, k.edi, k.erp, k.pos, k.supplier, k.external};
  return c;
}

const Schema<WorldScenario>& world_scenario_schema() {
  static const Schema<WorldScenario> schema = [] {
    Schema<WorldScenario> s("WorldScenario",
                            "A scenario file for the supply-chain world (`scenarios/examples/baseline.yaml`).");
    s.field("extends", &WorldScenario::extends,
            "a scenario file to start from, relative to this one; this file's blocks are merged over it", "");
    s.nested("scenario", &WorldScenario::scenario, "the run", scenario_base_schema()).required();
    s.nested("network", &WorldScenario::network, "the network: generated or explicit", network_spec_schema())
        .required();
    s.nested("demand", &WorldScenario::demand, "customer demand at the stores", demand_schema());
    s.nested("store_policy", &WorldScenario::store_policy, "how stores replenish from their DCs", policy_schema());
    s.nested("dc_policy", &WorldScenario::dc_policy,
             "how DCs replenish from suppliers; as `PolicyConfig`, except that order_days defaults to " +
                 detail::format_double(world::WorldConfig{}.dc_policy.order_days),
             policy_schema());
    s.nested("dc", &WorldScenario::dc, "every DC's operations", dc_schema());
    s.nested("supplier", &WorldScenario::supplier, "every supplier's behaviour", supplier_schema());
    s.nested("port", &WorldScenario::port, "every port's operations", port_schema());
    s.nested("fleet", &WorldScenario::fleet, "the DCs' trucks", fleet_schema());
    s.list("disruptions", &WorldScenario::disruptions, "what goes wrong, and when", disruption_schema());
    s.nested("cost", &WorldScenario::cost, "cost rates", cost_schema());
    s.nested("visibility", &WorldScenario::visibility, "what the planners see", visibility_schema());
    s.nested("outputs", &WorldScenario::outputs, "what is recorded", output_schema());
    s.nested("streams", &WorldScenario::streams, "the message streams of `chaintwin stream`", streams_schema());
    s.custom("expectations", &WorldScenario::expectations,
             "bounds on measured metrics: `chaintwin run` and `chaintwin score` check them and exit 3 when one "
             "fails",
             "", "list of `Expectation`", expectations_decoder(),
             [](const std::vector<Expectation>& v) { return std::to_string(v.size()) + " items"; })
        .default_text("none");
    return s;
  }();
  return schema;
}

world::WorldConfig world_config(const WorldScenario& s) {
  world::WorldConfig c;
  c.demand = s.demand;
  c.store_policy = s.store_policy;
  c.dc_policy = s.dc_policy;
  c.dc = s.dc;
  c.supplier = s.supplier;
  c.port = s.port;
  c.fleet = s.fleet;
  c.disruptions = s.disruptions;
  c.cost = s.cost;
  c.visibility = s.visibility;
  c.output = s.outputs;
  return c;
}

namespace {

namespace fs = std::filesystem;

// One step of a field path: a mapping's key or a list's index.
using Step = std::variant<std::string_view, std::size_t>;

// Binds a (merged) document and checks what the schemas cannot see: the names that refer to the network.
class WorldLoader {
 public:
  explicit WorldLoader(Document doc) : doc_(std::move(doc)), ctx_(doc_.file) {}

  Result<LoadedWorldScenario> run() {
    if (!doc_.diagnostics.empty()) return doc_.diagnostics;
    if (doc_.root.kind != Node::Kind::kMapping) {
      ctx_.error(doc_.root, "",
                 "expected a mapping of fields (name: value) at the top level, got " + detail::describe_got(doc_.root));
      return ctx_.take();
    }
    WorldScenario ws;
    world_scenario_schema().decode(doc_.root, ws, ctx_, "");
    // A block that did not decode cleanly holds defaults or half its values: checking names against it, or
    // against a network built from it, would only add noise.
    const bool network_clean = !has_errors_under("network");
    const std::optional<sim::SimTime> horizon =
        has_errors_under("scenario") ? std::nullopt : std::optional(ws.scenario.horizon);
    std::optional<network::Network> net;
    if (network_clean) net = build_network(ws.network);
    world::DemandHistory history;
    std::string replay_path;
    if (net) {
      net_ = &*net;
      check_demand(ws.demand, horizon);
      check_disruptions(ws.disruptions, horizon);
      if (!ws.demand.replay_csv.empty()) {
        replay_path = resolve_replay(ws.demand.replay_csv);
        history = load_history(replay_path);
      }
    }
    if (ctx_.error_count() != 0) return ctx_.take();
    LoadedWorldScenario loaded{ws.scenario,        std::move(*net), world_config(ws),
                               std::move(history), doc_.file,       streams_config(ws.streams),
                               ws.expectations};
    loaded.world.demand.replay_csv = replay_path;
    return loaded;
  }

 private:
  static std::string path_of(std::initializer_list<Step> steps) {
    std::string path;
    for (const Step& step : steps) {
      if (const auto* key = std::get_if<std::string_view>(&step)) {
        path = detail::join_path(path, *key);
      } else {
        path = detail::index_path(path, std::get<std::size_t>(step));
      }
    }
    return path;
  }

  // The node at the end of steps or, for a field left at its default, the deepest one written on the way.
  const Node& locate(std::initializer_list<Step> steps) const {
    const Node* at = &doc_.root;
    for (const Step& step : steps) {
      const Node* next = nullptr;
      if (const auto* key = std::get_if<std::string_view>(&step)) {
        next = at->find(*key);
      } else if (const std::size_t i = std::get<std::size_t>(step);
                 at->kind == Node::Kind::kSequence && i < at->items.size()) {
        next = &at->items[i];
      }
      if (next == nullptr) break;
      at = next;
    }
    return *at;
  }

  void error(std::initializer_list<Step> steps, std::string message) {
    ctx_.error(locate(steps), path_of(steps), std::move(message));
  }

  bool has_errors_under(std::string_view block) const {
    for (const Diagnostic& d : ctx_.diagnostics()) {
      if (d.path.compare(0, block.size(), block) == 0 &&
          (d.path.size() == block.size() || d.path[block.size()] == '.' || d.path[block.size()] == '[')) {
        return true;
      }
    }
    return false;
  }

  // "; did you mean 'x'?", else the candidates when there are few, else nothing.
  static std::string suggestion(std::string_view name, const std::vector<std::string>& candidates,
                                std::string_view plural) {
    if (candidates.empty()) return " (the network has no " + std::string(plural) + ")";
    if (!name.empty()) {
      if (auto near = detail::closest_name(name, candidates)) return "; did you mean '" + *near + "'?";
    }
    if (candidates.size() <= 8) return " (" + std::string(plural) + ": " + detail::quoted_list(candidates) + ")";
    return "";
  }

  std::optional<network::Network> build_network(const NetworkSpec& spec) {
    network::Network net;
    if (spec.generate) {
      try {
        net = network::generate_network(*spec.generate);
      } catch (const std::exception& e) {
        error({"network", "generate"}, e.what());
        return std::nullopt;
      }
    } else if (!build_explicit(spec, net)) {
      return std::nullopt;
    }
    const std::vector<std::string> problems = net.validate();
    for (const std::string& problem : problems) error({"network"}, problem);
    if (!problems.empty()) return std::nullopt;
    return net;
  }

  bool build_explicit(const NetworkSpec& spec, network::Network& net) {
    const std::size_t errors_before = ctx_.error_count();
    std::unordered_map<std::string_view, std::size_t> site_index;
    std::vector<std::string> site_names;
    for (std::size_t i = 0; i < spec.sites.size(); ++i) {
      const auto [it, fresh] = site_index.emplace(spec.sites[i].name, i);
      if (!fresh) {
        error({"network", "sites", i, "name"}, "duplicate site name '" + spec.sites[i].name +
                                                   "'; first given at network.sites[" + std::to_string(it->second) +
                                                   "]");
      }
      site_names.push_back(spec.sites[i].name);
    }
    std::unordered_map<std::string_view, std::size_t> sku_index;
    for (std::size_t i = 0; i < spec.skus.size(); ++i) {
      const auto [it, fresh] = sku_index.emplace(spec.skus[i].name, i);
      if (!fresh) {
        error({"network", "skus", i, "name"}, "duplicate SKU name '" + spec.skus[i].name +
                                                  "'; first given at network.skus[" + std::to_string(it->second) + "]");
      }
    }
    std::vector<std::string> sku_names;
    for (const SkuSpec& k : spec.skus) sku_names.push_back(k.name);

    for (std::size_t i = 0; i < spec.lanes.size(); ++i) {
      const LaneSpec& lane = spec.lanes[i];
      bool ends_known = true;
      for (const auto& [field, name] : {std::pair{"from", &lane.from}, std::pair{"to", &lane.to}}) {
        if (!site_index.contains(*name)) {
          error({"network", "lanes", i, field},
                "unknown site '" + *name + "'" + suggestion(*name, site_names, "sites"));
          ends_known = false;
        }
      }
      if (ends_known && lane.from == lane.to) {
        error({"network", "lanes", i, "to"}, "a lane from a site to itself; expected two different sites");
      }
    }

    std::vector<std::vector<network::SkuId>> rows(spec.sites.size());
    std::unordered_map<std::size_t, std::size_t> row_given;  // site index -> assortment index
    for (std::size_t i = 0; i < spec.assortment.size(); ++i) {
      const AssortmentSpec& a = spec.assortment[i];
      const auto site = site_index.find(a.site);
      if (site == site_index.end()) {
        error({"network", "assortment", i, "site"},
              "unknown site '" + a.site + "'" + suggestion(a.site, site_names, "sites"));
      } else if (const auto [it, fresh] = row_given.emplace(site->second, i); !fresh) {
        error({"network", "assortment", i, "site"}, "the assortment of '" + a.site +
                                                        "' was already given at network.assortment[" +
                                                        std::to_string(it->second) + "]");
      }
      if (a.skus.all) {
        if (site != site_index.end()) {
          for (std::size_t k = 0; k < spec.skus.size(); ++k) rows[site->second].emplace_back(k);
        }
        continue;
      }
      for (std::size_t j = 0; j < a.skus.names.size(); ++j) {
        const std::string& name = a.skus.names[j];
        const auto sku = sku_index.find(name);
        if (sku == sku_index.end()) {
          error({"network", "assortment", i, "skus", j},
                "unknown SKU '" + name + "'" + suggestion(name, sku_names, "SKUs"));
        } else if (site != site_index.end()) {
          rows[site->second].emplace_back(static_cast<network::SkuId::Rep>(sku->second));
        }
      }
    }
    if (ctx_.error_count() != errors_before) return false;

    net.reserve(spec.sites.size(), spec.lanes.size(), spec.skus.size());
    for (const SiteSpec& spec_site : spec.sites) {
      network::Site site;
      site.name = spec_site.name;
      site.kind = spec_site.kind;
      site.location = {spec_site.lat, spec_site.lon};
      site.region = spec_site.region;
      site.capacity = {spec_site.dock_doors, spec_site.storage_pallets, spec_site.throughput_units_per_day,
                       spec_site.trucks};
      net.add_site(std::move(site));
    }
    for (const SkuSpec& spec_sku : spec.skus) {
      net.add_sku({network::SkuId(), spec_sku.name, spec_sku.unit_volume_m3, spec_sku.unit_weight_kg,
                   spec_sku.temperature, spec_sku.unit_value});
    }
    for (const LaneSpec& spec_lane : spec.lanes) net.add_lane(make_lane(net, spec_lane, site_index));
    network::Assortment assortment;
    for (const auto& row : rows) assortment.append_site(row);
    net.set_assortment(std::move(assortment));
    return true;
  }

  static network::Lane make_lane(const network::Network& net, const LaneSpec& spec,
                                 const std::unordered_map<std::string_view, std::size_t>& site_index) {
    const network::SiteId from(static_cast<network::SiteId::Rep>(site_index.at(spec.from)));
    const network::SiteId to(static_cast<network::SiteId::Rep>(site_index.at(spec.to)));
    network::ModeProfile profile = network::default_profile(spec.mode);
    network::Lane lane;
    if (spec.distance_km) {
      // The path length is given: with circuity 1, make_lane takes it as it is and derives the rest from it.
      profile.circuity = 1.0;
      lane = network::make_lane(from, to, spec.mode, *spec.distance_km, profile);
    } else {
      lane = network::make_lane(from, to, spec.mode,
                                network::haversine_km(net.site(from).location, net.site(to).location), profile);
    }
    if (spec.transit_hours) lane.transit.median_hours = *spec.transit_hours;
    if (spec.transit_sigma) lane.transit.sigma = *spec.transit_sigma;
    if (spec.cost_per_shipment) lane.cost_per_shipment = *spec.cost_per_shipment;
    if (spec.cost_per_unit) lane.cost_per_unit = *spec.cost_per_unit;
    return lane;
  }

  // Names of the network's sites of a kind, its SKUs and its regions, gathered once when first needed.
  const std::vector<std::string>& names_of(SiteKind kind) {
    auto& names = names_by_kind_[static_cast<std::size_t>(kind)];
    if (!names_filled_) {
      for (const network::Site& s : net_->sites()) names_by_kind_[static_cast<std::size_t>(s.kind)].push_back(s.name);
      for (const network::Site& s : net_->sites()) {
        if (s.region.empty()) continue;
        regions_.insert(s.region);
        if (s.kind == SiteKind::kStore) store_regions_.insert(s.region);
      }
      names_filled_ = true;
    }
    return names;
  }
  const std::set<std::string>& regions() {
    names_of(SiteKind::kStore);
    return regions_;
  }
  const std::set<std::string>& store_regions() {
    names_of(SiteKind::kStore);
    return store_regions_;
  }
  const std::vector<std::string>& sku_names() {
    if (sku_names_.empty()) {
      for (const network::Sku& k : net_->skus()) sku_names_.push_back(k.name);
    }
    return sku_names_;
  }

  static std::string plural_of(SiteKind kind) {
    return kind == SiteKind::kDistributionCenter ? "dcs" : std::string(network::to_string(kind)) + "s";
  }

  // Whether name is a site of the given kind; reports at steps what is wrong otherwise. `role` says why the kind
  // is needed ("a port_closure targets a port").
  bool expect_site(const std::string& name, SiteKind kind, std::initializer_list<Step> steps, std::string_view role) {
    const std::vector<std::string>& candidates = names_of(kind);
    const auto id = net_->find_site(name);
    if (!id) {
      error(steps, "unknown " + std::string(network::to_string(kind)) + " '" + name + "'" +
                       suggestion(name, candidates, plural_of(kind)));
      return false;
    }
    const network::Site& site = net_->site(*id);
    if (site.kind != kind) {
      error(steps, "'" + name + "' is a " + std::string(network::to_string(site.kind)) + "; " + std::string(role) +
                       suggestion("", candidates, plural_of(kind)));
      return false;
    }
    return true;
  }

  void expect_sku(const std::string& name, std::initializer_list<Step> steps) {
    if (!net_->find_sku(name)) error(steps, "unknown SKU '" + name + "'" + suggestion(name, sku_names(), "SKUs"));
  }

  static std::vector<std::string> as_vector(const std::set<std::string>& names) {
    return std::vector<std::string>(names.begin(), names.end());
  }

  void check_start(sim::SimTime start, std::optional<sim::SimTime> horizon, std::initializer_list<Step> steps) {
    if (horizon && start >= *horizon) {
      error(steps, "starts at " + detail::format_duration(start) + ", at or after the horizon (" +
                       detail::format_duration(*horizon) + "): it would never happen");
    }
  }

  void check_demand(const world::DemandConfig& demand, std::optional<sim::SimTime> horizon) {
    for (std::size_t i = 0; i < demand.promotions.size(); ++i) {
      const world::Promotion& p = demand.promotions[i];
      if (!p.sku.empty()) expect_sku(p.sku, {"demand", "promotions", i, "sku"});
      bool site_ok = false;
      if (!p.site.empty()) {
        site_ok = expect_site(p.site, SiteKind::kStore, {"demand", "promotions", i, "site"},
                              "a promotion applies to a store");
      }
      if (!p.region.empty()) {
        if (!store_regions().contains(p.region)) {
          error({"demand", "promotions", i, "region"},
                "no store is in region '" + p.region + "'" +
                    suggestion(p.region, as_vector(store_regions()), "regions with stores"));
        } else if (site_ok && net_->site(*net_->find_site(p.site)).region != p.region) {
          error({"demand", "promotions", i, "region"}, "store '" + p.site + "' is in region '" +
                                                           net_->site(*net_->find_site(p.site)).region + "', not '" +
                                                           p.region + "': the promotion would match nothing");
        }
      }
      check_start(p.start, horizon, {"demand", "promotions", i, "start"});
    }
    std::unordered_map<std::string_view, std::size_t> rated;
    for (std::size_t i = 0; i < demand.sku_rates.size(); ++i) {
      const std::string& sku = demand.sku_rates[i].sku;
      expect_sku(sku, {"demand", "sku_rates", i, "sku"});
      if (const auto [it, fresh] = rated.emplace(sku, i); !fresh) {
        error({"demand", "sku_rates", i, "sku"},
              "a rate for SKU '" + sku + "' was already given at demand.sku_rates[" + std::to_string(it->second) + "]");
      }
    }
  }

  void check_disruptions(const std::vector<world::DisruptionConfig>& disruptions, std::optional<sim::SimTime> horizon) {
    for (std::size_t i = 0; i < disruptions.size(); ++i) {
      const world::DisruptionConfig& d = disruptions[i];
      const std::string kind = kind_name(d.kind);
      const std::initializer_list<Step> at = {"disruptions", i, "target"};
      const auto require_target = [&](std::string_view what, const std::vector<std::string>& candidates,
                                      std::string_view plural) {
        if (!d.target.empty()) return true;
        error(at, "a " + kind + " needs a target: " + std::string(what) + suggestion("", candidates, plural));
        return false;
      };
      switch (d.kind) {
        case DisruptionKind::kPortClosure:
          if (require_target("the port to close", names_of(SiteKind::kPort), "ports")) {
            expect_site(d.target, SiteKind::kPort, at, "a port_closure targets a port");
          }
          break;
        case DisruptionKind::kSupplierLeadTime:
        case DisruptionKind::kSupplierOutage:
          if (!d.target.empty()) expect_site(d.target, SiteKind::kSupplier, at, "a " + kind + " targets a supplier");
          break;
        case DisruptionKind::kWeather:
          if (require_target("the region it strikes", as_vector(regions()), "regions") &&
              !regions().contains(d.target)) {
            error(at, "unknown region '" + d.target + "'" + suggestion(d.target, as_vector(regions()), "regions"));
          }
          break;
        case DisruptionKind::kDemandSpike:
          if (d.target.empty() || store_regions().contains(d.target)) break;
          if (net_->find_site(d.target)) {
            expect_site(d.target, SiteKind::kStore, at, "a demand_spike targets a store or a region with stores");
          } else {
            std::vector<std::string> candidates = names_of(SiteKind::kStore);
            candidates.insert(candidates.end(), store_regions().begin(), store_regions().end());
            error(at, "unknown store or region '" + d.target + "'" +
                          suggestion(d.target, candidates, "stores and regions"));
          }
          break;
        case DisruptionKind::kTruckBreakdowns:
          if (!d.target.empty())
            expect_site(d.target, SiteKind::kDistributionCenter, at, "truck_breakdowns target a dc");
          break;
        case DisruptionKind::kFacilityOutage:
        case DisruptionKind::kColdRoomFailure:
          if (require_target("the dc it strikes", names_of(SiteKind::kDistributionCenter), "dcs")) {
            expect_site(d.target, SiteKind::kDistributionCenter, at, "a " + kind + " targets a dc");
          }
          break;
      }
      if (d.rate_per_year == 0.0) check_start(d.start, horizon, {"disruptions", i, "start"});
    }
  }

  // demand.replay_csv, relative to the file that names it (which, with extends:, may not be the top one).
  std::string resolve_replay(const std::string& name) const {
    fs::path path(name);
    if (path.is_relative()) {
      const Node& node = locate({"demand", "replay_csv"});
      path = fs::path(node.source ? *node.source : doc_.file).parent_path() / path;
    }
    return path.lexically_normal().string();
  }

  world::DemandHistory load_history(const std::string& path) {
    Result<world::DemandHistory> r = load_demand_history(path, *net_);
    if (r.ok()) return std::move(r.value());
    for (const Diagnostic& d : r.diagnostics()) {
      if (d.line == 0) {
        error({"demand", "replay_csv"}, d.message + " ('" + path + "')");
      } else {
        ctx_.add(d);
      }
    }
    return {};
  }

  Document doc_;
  DecodeContext ctx_;
  const network::Network* net_ = nullptr;
  bool names_filled_ = false;
  std::array<std::vector<std::string>, 5> names_by_kind_;
  std::set<std::string> regions_;
  std::set<std::string> store_regions_;
  std::vector<std::string> sku_names_;
};

}  // namespace

Result<LoadedWorldScenario> load_world_scenario(const std::string& path) {
  return WorldLoader(read_extended_document(path)).run();
}

Result<LoadedWorldScenario> load_world_scenario_text(std::string_view text, const std::string& file) {
  return WorldLoader(parse_extended_document(text, file)).run();
}

}  // namespace chaintwin::scenarios
