#pragma once
// Shipment and cold-chain alerts from the decoded streams: late shipments, cold rooms out of range, trucks off
// their route. Each alert is raised and later cleared; an alert of one subject gets a new episode number each time
// it is raised again.
//
// Events are buffered until the watermark passes them and then applied in event-time order (ties: arrival order),
// so alerts do not depend on how the inputs interleaved; an event older than the last watermark applied (late) is
// applied on arrival. What the messages say, and how it is used:
//   - An order's promise: kOrderStatus time_b_ns (ERP requestedDeliveryDate / expectedDeliveryDate, EDI 850 DTM).
//     Messages state a date, so the deadline is the end of that UTC day (the latest of the dates stated).
//   - Shipment -> order: no message names both, but a shipment's dispatch (EPCIS shipping, EDI 856: origin and
//     destination) and its order's "shipped" status (ERP: source and destination) report the same moment, so they
//     are paired by (origin, destination) and the nearest time within `link_window_ns`.
//   - Shipment -> truck: a truck's geofence exit follows its shipment's dispatch within a minute, and its last fix is
//     at the origin. The dispatches of the last minutes from the site nearest that fix are its candidates; when
//     several trucks leave together, a truck whose fix (`route_max_km` out or more) is off its shipment's route takes
//     the candidate whose route it is nearest, unless the truck holding that one fits it better.
//   - Arrival: EPCIS arriving/unloading/receiving/storing, EDI 214 X1/D1, ERP fulfilment delivered, or the truck's
//     geofence entry.
//
// shipment_delay: raised when an estimated arrival is later than the deadline plus `delay_tolerance_ns`: at its
// pairing with its order, the dispatch plus its lane's typical transit (the geometric mean of the trips seen from
// that origin to that destination); then at each fix of the carrying truck, the remaining great-circle distance at
// the trucks' typical speed. Also raised when the watermark passes that time before any arrival, or when the
// shipment arrives after it. Cleared when a later estimate is back
// within it, or when it arrives in time.
//
// temperature_excursion: per cold room, the median of the last three readings (by event time) is out of range (the
// world's rule: chilled outside 2-8 C, frozen above -18 C) for `excursion_min_ns`, counted from the first
// out-of-range reading of the streak, and raised on an out-of-range reading; a single wrong reading (Fahrenheit,
// outlier) cannot move a median of three. Cleared when the median is back in range.
//
// route_deviation: two consecutive valid fixes of a truck carrying a shipment farther than `route_max_km` from the
// great circle between the shipment's origin and destination (GPS outliers jump at most 5 km, once; (0, 0) and
// stale fixes are flagged invalid by the decoder). Cleared by a fix within the distance, or at arrival.
//
// State: what is in flight (shipments, orders, trucks, rooms, events above the watermark). Once a day of event time,
// shipments arrived and orders quiet for longer than their horizons are forgotten. Cost per event: a map lookup;
// a geofence exit or a fix of a truck with several candidates scans the recent dispatches of its site.

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/operators/checkpoint_io.hpp"

namespace chaintwin::pipeline {

struct ShipmentAlertConfig {
  std::int64_t delay_tolerance_ns = 0;
  // Great-circle km per hour of a truck, door to door: learned from the trips seen to their end once there are
  // `trips_to_learn_speed` of them, this until then.
  double typical_speed_kmh = 30.0;
  std::uint64_t trips_to_learn_speed = 10;
  // A lane's (origin, destination) typical transit is used once this many of its trips have been seen.
  std::uint64_t trips_to_learn_lane = 3;
  std::int64_t excursion_min_ns = 30ll * 60 * 1'000'000'000;
  double route_max_km = 10.0;                                // GPS outliers jump at most 5 km
  std::int64_t link_window_ns = 4ll * 3600 * 1'000'000'000;  // device clocks may be hours off
  // How long a dispatch or an order's "shipped" waits for its partner: EDI comes in hourly or daily batches.
  std::int64_t pairing_horizon_ns = 72ll * 3600 * 1'000'000'000;
  // An order without a message for this long is forgotten (purchase orders ship weeks after their confirmation).
  std::int64_t order_horizon_ns = 90ll * 24 * 3600 * 1'000'000'000;
  std::int64_t geofence_link_ns = 10ll * 60 * 1'000'000'000;
  double geofence_link_km = 5.0;
};

enum class AlertKind : std::uint8_t { kShipmentDelay, kTemperatureExcursion, kRouteDeviation };
inline constexpr std::size_t kAlertKindCount = 3;
const char* to_string(AlertKind kind);  // "shipment_delay", "temperature_excursion", "route_deviation"

// One raise or clear. The subject: a shipment number, a cold room (location and temperature class, 1 chilled,
// 2 frozen), or a vehicle number.
struct AlertUpdate {
  AlertKind kind = AlertKind::kShipmentDelay;
  bool raised = true;
  std::uint64_t entity = 0;           // shipment or vehicle number
  LocationIndex location = kUnknown;  // cold room's site
  std::uint8_t temperature_class = 0;
  std::uint32_t episode = 0;       // 1 for the subject's first raise, 2 for the next...
  std::int64_t event_time_ns = 0;  // the evidence: a fix, a reading, an arrival, or the deadline passed
  std::int64_t watermark_ns = 0;   // the watermark that applied it
};

struct ShipmentAlertCounters {
  std::uint64_t events = 0;         // events the operator used
  std::uint64_t late = 0;           // applied on arrival, after the watermark had passed them
  std::uint64_t order_links = 0;    // shipments paired with their order
  std::uint64_t vehicle_links = 0;  // shipments paired with a truck (a pairing revised counts again)
  std::uint64_t raised[kAlertKindCount] = {};
  std::uint64_t cleared[kAlertKindCount] = {};
};

class ShipmentAlerts {
 public:
  explicit ShipmentAlerts(ShipmentAlertConfig config = {}) : config_(config) {}

  // Where a location is (the master data's lat/lon): needed for estimates and routes.
  void set_location(LocationIndex location, double latitude, double longitude);
  // Any decoded event; only shipment, order, position, geofence and temperature events are kept.
  void apply(const DecodedEvent& event, std::vector<AlertUpdate>& out);
  // Applies every buffered event up to `watermark_ns` and the deadlines it passes.
  void advance(std::int64_t watermark_ns, std::vector<AlertUpdate>& out);

  const ShipmentAlertCounters& counters() const { return counters_; }

  void save(CheckpointWriter& out) const;
  void load(CheckpointReader& in);

 private:
  struct Place {
    double lat = 0.0, lon = 0.0;
    bool known = false;
  };
  struct Order {
    std::int64_t deadline_ns = INT64_MIN;   // the end of the latest promised day stated
    std::int64_t last_seen_ns = INT64_MIN;  // its latest message
    LocationIndex origin = kUnknown, destination = kUnknown;
  };
  struct Shipment {
    LocationIndex origin = kUnknown, destination = kUnknown;
    std::uint64_t order_key = 0;  // 0: not paired yet
    std::uint64_t vehicle = 0;    // 0: none known
    std::int64_t dispatched_ns = INT64_MIN;
    std::int64_t arrived_ns = INT64_MIN;
    std::int64_t due_ns = INT64_MAX;  // deadline plus tolerance, once paired with an order that states one
    bool raised = false;
    std::uint32_t episodes = 0;
  };
  static constexpr std::size_t kMaxCandidates = 8;
  struct Vehicle {
    double lat = 0.0, lon = 0.0;
    std::uint64_t candidates[kMaxCandidates] = {};  // shipments it may carry, until a fix tells which
    std::uint8_t candidate_count = 0;
    std::int64_t fix_ns = INT64_MIN;
    std::uint64_t shipment = 0;
    bool carrying = false;
    std::uint8_t off_route = 0;  // consecutive fixes beyond route_max_km
    bool raised = false;
    std::uint32_t episodes = 0;
  };
  struct Room {
    std::int64_t times[3] = {INT64_MIN, INT64_MIN, INT64_MIN};  // the last three readings, oldest first
    double celsius[3] = {0.0, 0.0, 0.0};
    std::uint8_t readings = 0;
    std::int64_t streak_since = INT64_MIN;  // first of the current run of out-of-range readings
    std::int64_t out_since = INT64_MIN;     // the median went out: the streak's start
    bool raised = false;
    std::uint32_t episodes = 0;
  };
  struct Lane {  // trips seen from dispatch to arrival, origin to destination
    double log_hours = 0.0;
    std::uint64_t trips = 0;
  };
  static std::uint64_t lane_key(const Shipment& s) { return (std::uint64_t{s.origin} << 32) | s.destination; }
  struct Unpaired {  // a dispatch waiting for its order's "shipped", or the reverse, or a dispatch for its truck
    std::int64_t time_ns;
    std::uint64_t id;  // shipment number, or order key
    LocationIndex origin, destination;
  };
  struct Pending {
    std::int64_t time_ns;
    std::uint64_t order;
    DecodedEvent event;
  };

  void apply_now(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void on_order(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void on_shipment(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void on_position(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void on_geofence(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void repair_pairing(std::uint64_t vehicle_number, Vehicle& v);
  void link_vehicle(std::uint64_t vehicle_number, Vehicle& v, std::uint64_t shipment_number);
  void unlink_vehicle(Vehicle& v);
  double route_distance_km(const Vehicle& v, const Shipment& s) const;
  void on_temperature(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  void link_order(std::uint64_t shipment_number, std::uint64_t order_key, std::int64_t watermark_ns,
                  std::vector<AlertUpdate>& out);
  void set_due(std::uint64_t shipment_number, Shipment& s);
  void arrived(std::uint64_t shipment_number, std::int64_t at_ns, std::int64_t watermark_ns,
               std::vector<AlertUpdate>& out);
  void delay(std::uint64_t shipment_number, Shipment& s, bool late, std::int64_t evidence_ns, std::int64_t watermark_ns,
             std::vector<AlertUpdate>& out);
  void deviation(std::uint64_t vehicle_number, Vehicle& v, bool off, std::int64_t evidence_ns,
                 std::int64_t watermark_ns, std::vector<AlertUpdate>& out);
  const Place* place(LocationIndex location) const;
  double typical_speed_kmh() const;
  // Moves a subject's alert state to `raised` (a raise opens a new episode) and returns the update, subject unset.
  static AlertUpdate change(AlertKind kind, bool raised, bool& state, std::uint32_t& episodes,
                            std::int64_t evidence_ns, std::int64_t watermark_ns);
  void count(const AlertUpdate& u, std::vector<AlertUpdate>& out);

  ShipmentAlertConfig config_;
  std::vector<Place> places_;              // by LocationIndex
  std::map<std::uint64_t, Order> orders_;  // by (kind, number)
  std::map<std::uint64_t, Lane> lanes_;
  std::map<std::uint64_t, Shipment> shipments_;
  std::map<std::uint64_t, Vehicle> vehicles_;
  std::map<std::uint64_t, Room> rooms_;     // (location << 8 | class)
  std::vector<Unpaired> dispatches_;        // shipments not yet paired with an order
  std::vector<Unpaired> shipped_orders_;    // orders' "shipped" not yet paired with a shipment
  std::vector<Unpaired> truck_dispatches_;  // recent dispatches: candidates for the trucks leaving their sites
  std::set<std::pair<std::int64_t, std::uint64_t>> due_;  // (due, shipment) not yet arrived
  std::vector<Pending> pending_;
  struct Trips {  // own-fleet trips seen from dispatch to arrival
    double km = 0.0;
    double hours = 0.0;
    std::uint64_t count = 0;
  } trips_;
  std::int64_t applied_ns_ = INT64_MIN;  // the watermark applied last
  std::int64_t swept_day_ = INT64_MIN;   // the day of event time whose sweep of finished state was done
  std::uint64_t arrivals_ = 0;
  ShipmentAlertCounters counters_;
};

}  // namespace chaintwin::pipeline
