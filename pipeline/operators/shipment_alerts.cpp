#include "pipeline/operators/shipment_alerts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace chaintwin::pipeline {

namespace {

constexpr std::int64_t kDayNs = 86'400ll * 1'000'000'000;
constexpr double kEarthRadiusKm = 6371.0;
constexpr double kRadians = 0.017453292519943295;

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  const double p1 = lat1 * kRadians, p2 = lat2 * kRadians;
  const double dp = p2 - p1, dl = (lon2 - lon1) * kRadians;
  const double a =
      std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double bearing(double lat1, double lon1, double lat2, double lon2) {
  const double p1 = lat1 * kRadians, p2 = lat2 * kRadians, dl = (lon2 - lon1) * kRadians;
  return std::atan2(std::sin(dl) * std::cos(p2),
                    std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl));
}

// Distance from a point to the great-circle segment a-b: the cross-track distance where the point projects onto
// the segment, else the distance to the nearer end.
double off_route_km(double lat, double lon, double alat, double alon, double blat, double blon) {
  const double d_ap = great_circle_km(alat, alon, lat, lon);
  const double d_ab = great_circle_km(alat, alon, blat, blon);
  if (d_ab < 1e-6) return d_ap;
  const double angle = bearing(alat, alon, lat, lon) - bearing(alat, alon, blat, blon);
  const double cross = std::asin(std::clamp(std::sin(d_ap / kEarthRadiusKm) * std::sin(angle), -1.0, 1.0));
  const double along =
      std::acos(std::clamp(std::cos(d_ap / kEarthRadiusKm) / std::cos(cross), -1.0, 1.0)) * kEarthRadiusKm;
  if (std::cos(angle) < 0.0) return d_ap;  // behind the origin
  if (along > d_ab) return great_circle_km(blat, blon, lat, lon);
  return std::abs(cross) * kEarthRadiusKm;
}

bool out_of_range(std::uint8_t temperature_class, double celsius) {
  if (temperature_class == 2) return celsius > -18.0;  // frozen
  return celsius < 2.0 || celsius > 8.0;               // chilled
}

double median3(double a, double b, double c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

std::uint64_t order_key(const DecodedEvent& e) { return (std::uint64_t{e.status_b} << 56) | e.entity; }

// The end of the UTC day a stated promise falls on: the messages state dates (a date at UTC midnight, or a local
// midnight of the site), and a delivery any time that day keeps the promise.
std::int64_t end_of_promised_day(std::int64_t promised_ns) {
  constexpr std::int64_t kLatest = INT64_MAX / 4;  // far beyond any stream; leaves room for tolerance and sums
  if (promised_ns >= kLatest) return kLatest;
  const std::int64_t day = promised_ns / kDayNs - (promised_ns % kDayNs < 0 ? 1 : 0);
  return (day + 1) * kDayNs;
}

}  // namespace

const char* to_string(AlertKind kind) {
  switch (kind) {
    case AlertKind::kShipmentDelay:
      return "shipment_delay";
    case AlertKind::kTemperatureExcursion:
      return "temperature_excursion";
    case AlertKind::kRouteDeviation:
      return "route_deviation";
  }
  return "?";
}

void ShipmentAlerts::set_location(LocationIndex location, double latitude, double longitude) {
  if (location >= places_.size()) places_.resize(location + std::size_t{1});
  places_[location] = {latitude, longitude, true};
}

double ShipmentAlerts::typical_speed_kmh() const {
  constexpr double kSlowest = 1.0;  // km/h: an estimate stays finite
  if (trips_.count < config_.trips_to_learn_speed || trips_.hours <= 0.0)
    return std::max(config_.typical_speed_kmh, kSlowest);
  return std::max(trips_.km / trips_.hours, kSlowest);
}

const ShipmentAlerts::Place* ShipmentAlerts::place(LocationIndex location) const {
  if (location >= places_.size() || !places_[location].known) return nullptr;
  return &places_[location];
}

void ShipmentAlerts::apply(const DecodedEvent& e, std::vector<AlertUpdate>& out) {
  switch (e.signal) {
    case Signal::kShipmentStatus:
    case Signal::kOrderStatus:
    case Signal::kVehiclePosition:
    case Signal::kGeofence:
    case Signal::kTemperature:
      break;
    default:
      return;
  }
  ++counters_.events;
  if (applied_ns_ == INT64_MIN || e.event_time_ns > applied_ns_) {
    pending_.push_back({e.event_time_ns, arrivals_++, e});
    return;
  }
  ++counters_.late;
  apply_now(e, applied_ns_, out);
}

void ShipmentAlerts::advance(std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  if (watermark_ns == INT64_MIN || watermark_ns <= applied_ns_) return;
  // The events the watermark passed, in event-time order (ties: arrival order); the rest wait.
  auto ready_end =
      std::partition(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.time_ns <= watermark_ns; });
  std::vector<Pending> ready(std::make_move_iterator(pending_.begin()), std::make_move_iterator(ready_end));
  pending_.erase(pending_.begin(), ready_end);
  std::sort(ready.begin(), ready.end(), [](const Pending& a, const Pending& b) {
    return a.time_ns != b.time_ns ? a.time_ns < b.time_ns : a.order < b.order;
  });
  std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) { return a.order < b.order; });
  auto pass_deadlines = [&](std::int64_t until_ns) {
    while (!due_.empty() && due_.begin()->first < until_ns) {
      const auto [due, number] = *due_.begin();
      due_.erase(due_.begin());
      Shipment& s = shipments_[number];
      if (s.arrived_ns == INT64_MIN) delay(number, s, true, due, watermark_ns, out);
    }
  };
  for (const Pending& p : ready) {
    pass_deadlines(p.time_ns);
    apply_now(p.event, watermark_ns, out);
  }
  pass_deadlines(watermark_ns);
  applied_ns_ = watermark_ns;
  // Once a day of event time: forget shipments arrived, and orders quiet, for longer than any message is late.
  if (watermark_ns / kDayNs != swept_day_) {
    swept_day_ = watermark_ns / kDayNs;
    const std::int64_t before = watermark_ns - config_.pairing_horizon_ns;
    std::erase_if(shipments_, [&](const auto& entry) {
      return entry.second.arrived_ns != INT64_MIN && entry.second.arrived_ns < before &&
             entry.second.dispatched_ns < before;
    });
    std::erase_if(orders_, [&](const auto& entry) {
      return entry.second.last_seen_ns < watermark_ns - config_.order_horizon_ns;
    });
  }
  // Pairing candidates whose partner would be later than the horizon: forget them (bounded state).
  auto stale = [&](const Unpaired& u) { return u.time_ns < watermark_ns - config_.pairing_horizon_ns; };
  std::erase_if(dispatches_, stale);
  std::erase_if(shipped_orders_, stale);
  std::erase_if(truck_dispatches_, stale);
}

void ShipmentAlerts::apply_now(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  switch (e.signal) {
    case Signal::kOrderStatus:
      on_order(e, watermark_ns, out);
      return;
    case Signal::kShipmentStatus:
      on_shipment(e, watermark_ns, out);
      return;
    case Signal::kVehiclePosition:
      on_position(e, watermark_ns, out);
      return;
    case Signal::kGeofence:
      on_geofence(e, watermark_ns, out);
      return;
    case Signal::kTemperature:
      on_temperature(e, watermark_ns, out);
      return;
    default:
      return;
  }
}

namespace {

template <class List>
auto nearest(List& list, LocationIndex origin, LocationIndex destination, std::int64_t time_ns, std::int64_t window) {
  auto best = list.end();
  std::int64_t best_gap = window;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->origin != origin || it->destination != destination) continue;
    const std::int64_t gap = it->time_ns > time_ns ? it->time_ns - time_ns : time_ns - it->time_ns;
    if (gap <= best_gap && (best == list.end() || gap < best_gap)) {
      best = it;
      best_gap = gap;
    }
  }
  return best;
}

}  // namespace

void ShipmentAlerts::on_order(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  const std::uint64_t key = order_key(e);
  Order& order = orders_[key];
  order.last_seen_ns = std::max(order.last_seen_ns, e.event_time_ns);
  if (e.time_b_ns != 0) order.deadline_ns = std::max(order.deadline_ns, end_of_promised_day(e.time_b_ns));
  // Any message may leave out a party: the order's other messages name it.
  if (e.location != kUnknown) order.destination = e.location;
  if (e.other_location != kUnknown) order.origin = e.other_location;
  if (e.status != static_cast<std::uint8_t>(OrderStatus::kShipped)) return;
  const LocationIndex origin = order.origin, destination = order.destination;
  if (origin == kUnknown || destination == kUnknown) return;
  const auto match = nearest(dispatches_, origin, destination, e.event_time_ns, config_.link_window_ns);
  if (match == dispatches_.end()) {
    shipped_orders_.push_back({e.event_time_ns, key, origin, destination});
    return;
  }
  const std::uint64_t shipment = match->id;
  dispatches_.erase(match);
  link_order(shipment, key, watermark_ns, out);
}

void ShipmentAlerts::link_order(std::uint64_t number, std::uint64_t key, std::int64_t watermark_ns,
                                std::vector<AlertUpdate>& out) {
  Shipment& s = shipments_[number];
  if (s.order_key != 0) return;
  s.order_key = key;
  ++counters_.order_links;
  set_due(number, s);
  // Already arrived (its order's message came late): judge the arrival now.
  if (s.arrived_ns != INT64_MIN && s.due_ns != INT64_MAX && s.arrived_ns > s.due_ns)
    delay(number, s, true, s.arrived_ns, watermark_ns, out);
  // On its way: the lane's typical transit from its dispatch (a truck's positions refine it).
  if (s.arrived_ns == INT64_MIN && s.due_ns != INT64_MAX && s.dispatched_ns != INT64_MIN) {
    const auto lane = lanes_.find(lane_key(s));
    if (lane != lanes_.end() && lane->second.trips >= config_.trips_to_learn_lane) {
      const double hours = std::min(std::exp(lane->second.log_hours / static_cast<double>(lane->second.trips)), 1e5);
      if (s.dispatched_ns + static_cast<std::int64_t>(hours * 3.6e12) > s.due_ns)
        delay(number, s, true, s.dispatched_ns, watermark_ns, out);
    }
  }
}

void ShipmentAlerts::set_due(std::uint64_t number, Shipment& s) {
  const auto order = orders_.find(s.order_key);
  if (order == orders_.end() || order->second.deadline_ns == INT64_MIN) return;
  if (s.due_ns != INT64_MAX) due_.erase({s.due_ns, number});
  s.due_ns = order->second.deadline_ns + config_.delay_tolerance_ns;
  if (s.arrived_ns == INT64_MIN) due_.insert({s.due_ns, number});
}

void ShipmentAlerts::on_shipment(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  const auto status = static_cast<ShipmentStatus>(e.status);
  const std::uint64_t number = e.entity;
  if (status == ShipmentStatus::kDispatched) {
    // Only the dispatches that name where they go (EPCIS shipping, EDI 856) can be paired.
    if (e.location == kUnknown || e.other_location == kUnknown) return;
    Shipment& s = shipments_[number];
    if (s.dispatched_ns != INT64_MIN) return;  // every source reports the dispatch: the first says it all
    s.origin = e.location;
    s.destination = e.other_location;
    s.dispatched_ns = e.event_time_ns;
    truck_dispatches_.push_back({e.event_time_ns, number, s.origin, s.destination});
    const auto match = nearest(shipped_orders_, s.origin, s.destination, e.event_time_ns, config_.link_window_ns);
    if (match == shipped_orders_.end()) {
      dispatches_.push_back({e.event_time_ns, number, s.origin, s.destination});
      return;
    }
    const std::uint64_t key = match->id;
    shipped_orders_.erase(match);
    link_order(number, key, watermark_ns, out);
    return;
  }
  if (status == ShipmentStatus::kArrived || status == ShipmentStatus::kUnloaded ||
      status == ShipmentStatus::kReceived) {
    // A status at a terminal is not the arrival; only one at the destination (or of unknown place) is.
    // An arrival may be read before its dispatch (EDI comes in batches): it is kept, so the dispatch does not start
    // a wait for an arrival that has been.
    const Shipment& known = shipments_[number];
    if (e.location != kUnknown && known.destination != kUnknown && e.location != known.destination) return;
    arrived(number, e.event_time_ns, watermark_ns, out);
  }
}

void ShipmentAlerts::arrived(std::uint64_t number, std::int64_t at_ns, std::int64_t watermark_ns,
                             std::vector<AlertUpdate>& out) {
  Shipment& s = shipments_[number];
  if (s.arrived_ns != INT64_MIN && s.arrived_ns <= at_ns) return;
  const bool first = s.arrived_ns == INT64_MIN;
  s.arrived_ns = at_ns;
  // A finished trip tells how long its lane takes (a geometric mean: transit times are skewed).
  if (first && s.dispatched_ns != INT64_MIN && at_ns > s.dispatched_ns) {
    Lane& lane = lanes_[lane_key(s)];
    lane.log_hours += std::log(static_cast<double>(at_ns - s.dispatched_ns) / 3.6e12);
    ++lane.trips;
  }
  if (first && s.due_ns != INT64_MAX) due_.erase({s.due_ns, number});
  if (s.due_ns != INT64_MAX) delay(number, s, at_ns > s.due_ns, at_ns, watermark_ns, out);
  if (s.vehicle != 0) {
    Vehicle& v = vehicles_[s.vehicle];
    // A finished trip tells how fast trucks go, door to door, stops included.
    const Place* from = place(s.origin);
    const Place* to = place(s.destination);
    if (first && from != nullptr && to != nullptr && at_ns > s.dispatched_ns) {
      trips_.km += great_circle_km(from->lat, from->lon, to->lat, to->lon);
      trips_.hours += static_cast<double>(at_ns - s.dispatched_ns) / 3.6e12;
      ++trips_.count;
    }
    if (v.carrying && v.shipment == number) {
      v.carrying = false;
      v.candidate_count = 0;
      deviation(s.vehicle, v, false, at_ns, watermark_ns, out);
    }
  }
}

void ShipmentAlerts::delay(std::uint64_t number, Shipment& s, bool late, std::int64_t evidence_ns,
                           std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  if (late == s.raised) return;
  AlertUpdate u = change(AlertKind::kShipmentDelay, late, s.raised, s.episodes, evidence_ns, watermark_ns);
  u.entity = number;
  count(u, out);
}

void ShipmentAlerts::deviation(std::uint64_t number, Vehicle& v, bool off, std::int64_t evidence_ns,
                               std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  if (!off) v.off_route = 0;
  if (off == v.raised) return;
  AlertUpdate u = change(AlertKind::kRouteDeviation, off, v.raised, v.episodes, evidence_ns, watermark_ns);
  u.entity = number;
  count(u, out);
}

AlertUpdate ShipmentAlerts::change(AlertKind kind, bool raised, bool& state, std::uint32_t& episodes,
                                   std::int64_t evidence_ns, std::int64_t watermark_ns) {
  state = raised;
  if (raised) ++episodes;
  AlertUpdate u;
  u.kind = kind;
  u.raised = raised;
  u.episode = episodes;
  u.event_time_ns = evidence_ns;
  u.watermark_ns = watermark_ns;
  return u;
}

void ShipmentAlerts::count(const AlertUpdate& u, std::vector<AlertUpdate>& out) {
  const auto k = static_cast<std::size_t>(u.kind);
  ++(u.raised ? counters_.raised[k] : counters_.cleared[k]);
  out.push_back(u);
}

void ShipmentAlerts::on_geofence(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  Vehicle& v = vehicles_[e.entity];
  if (e.status == 1) {  // entering: the fence of its destination (the only fence a loaded truck enters)
    if (v.carrying) arrived(v.shipment, e.event_time_ns, watermark_ns, out);
    return;
  }
  // Leaving: it has just been loaded at the site of its last fix. Its candidates: the unpaired dispatches of the
  // nearest site with any.
  if (v.fix_ns == INT64_MIN) return;
  double best_km = config_.geofence_link_km;
  LocationIndex origin = kUnknown;
  for (const Unpaired& d : truck_dispatches_) {
    if (d.time_ns > e.event_time_ns || e.event_time_ns - d.time_ns > config_.geofence_link_ns) continue;
    const Place* at = place(d.origin);
    if (at == nullptr) continue;
    if (const double km = great_circle_km(v.lat, v.lon, at->lat, at->lon); km < best_km) {
      best_km = km;
      origin = d.origin;
    }
  }
  if (origin == kUnknown) return;
  if (v.carrying) unlink_vehicle(v);
  // The latest dispatches first: a truck leaves its site within a minute of its shipment's dispatch.
  std::vector<const Unpaired*> recent;
  for (const Unpaired& d : truck_dispatches_) {
    if (d.origin == origin && d.time_ns <= e.event_time_ns && e.event_time_ns - d.time_ns <= config_.geofence_link_ns)
      recent.push_back(&d);
  }
  std::stable_sort(recent.begin(), recent.end(),
                   [](const Unpaired* a, const Unpaired* b) { return a->time_ns > b->time_ns; });
  v.candidate_count = static_cast<std::uint8_t>(std::min(recent.size(), kMaxCandidates));
  for (std::uint8_t i = 0; i < v.candidate_count; ++i) v.candidates[i] = recent[i]->id;
  if (v.candidate_count == 1 && shipments_[v.candidates[0]].vehicle == 0) link_vehicle(e.entity, v, v.candidates[0]);
}

void ShipmentAlerts::unlink_vehicle(Vehicle& v) {
  if (!v.carrying) return;
  shipments_[v.shipment].vehicle = 0;
  v.carrying = false;
  v.off_route = 0;
}

void ShipmentAlerts::link_vehicle(std::uint64_t vehicle_number, Vehicle& v, std::uint64_t shipment_number) {
  Shipment& s = shipments_[shipment_number];
  if (s.arrived_ns != INT64_MIN) return;
  if (s.vehicle != 0 && s.vehicle != vehicle_number) unlink_vehicle(vehicles_[s.vehicle]);
  unlink_vehicle(v);
  s.vehicle = vehicle_number;
  v.shipment = shipment_number;
  v.carrying = true;
  ++counters_.vehicle_links;
}

double ShipmentAlerts::route_distance_km(const Vehicle& v, const Shipment& s) const {
  const Place* from = place(s.origin);
  const Place* to = place(s.destination);
  if (from == nullptr || to == nullptr) return 0.0;
  return off_route_km(v.lat, v.lon, from->lat, from->lon, to->lat, to->lon);
}

// Trucks that left one site together: a truck off its shipment's route (or not paired yet) takes the candidate
// whose route its fix is nearest, unless the truck holding that one fits it better.
void ShipmentAlerts::repair_pairing(std::uint64_t vehicle_number, Vehicle& v) {
  constexpr double kMarginKm = 2.0;
  double current_km = v.carrying ? route_distance_km(v, shipments_[v.shipment]) : 1e300;
  if (current_km <= config_.route_max_km / 2) return;
  std::uint64_t best = 0;
  for (std::uint8_t i = 0; i < v.candidate_count; ++i) {
    const std::uint64_t number = v.candidates[i];
    const auto it = shipments_.find(number);
    if (it == shipments_.end() || it->second.arrived_ns != INT64_MIN || (v.carrying && number == v.shipment)) continue;
    const Place* from = place(it->second.origin);
    if (from == nullptr) continue;
    if (great_circle_km(v.lat, v.lon, from->lat, from->lon) < config_.route_max_km) return;  // too close to tell
    const double km = route_distance_km(v, it->second);
    if (km + kMarginKm >= current_km) continue;
    if (const std::uint64_t holder = it->second.vehicle; holder != 0) {
      const auto h = vehicles_.find(holder);
      if (h != vehicles_.end() && route_distance_km(h->second, it->second) <= km + kMarginKm) continue;
    }
    best = number;
    current_km = km;
  }
  if (best != 0) link_vehicle(vehicle_number, v, best);
}

void ShipmentAlerts::on_position(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  if (e.status == 0) return;  // invalid: (0, 0), stale, or flagged by the device
  Vehicle& v = vehicles_[e.entity];
  if (e.event_time_ns <= v.fix_ns) return;  // older than what is known
  v.lat = e.value_a;
  v.lon = e.value_b;
  v.fix_ns = e.event_time_ns;
  if (v.candidate_count > 1 || (!v.carrying && v.candidate_count > 0)) repair_pairing(e.entity, v);
  if (!v.carrying) return;
  Shipment& s = shipments_[v.shipment];
  const Place* from = place(s.origin);
  const Place* to = place(s.destination);
  if (from == nullptr || to == nullptr) return;
  // Route: off only when two fixes in a row say so (an outlier jump is a single fix).
  const double off_km = off_route_km(v.lat, v.lon, from->lat, from->lon, to->lat, to->lon);
  if (off_km > config_.route_max_km) {
    if (v.off_route < 2) ++v.off_route;
    if (v.off_route >= 2) deviation(e.entity, v, true, e.event_time_ns, watermark_ns, out);
  } else {
    v.off_route = 0;
    deviation(e.entity, v, false, e.event_time_ns, watermark_ns, out);
  }
  // Delay: the estimated arrival against the promise.
  if (s.due_ns == INT64_MAX || s.arrived_ns != INT64_MIN) return;
  const double remaining_km = great_circle_km(v.lat, v.lon, to->lat, to->lon);
  const double hours_left = std::min(remaining_km / typical_speed_kmh(), 1e5);  // bounded: no overflow below
  const auto eta = e.event_time_ns + static_cast<std::int64_t>(hours_left * 3.6e12);
  delay(v.shipment, s, eta > s.due_ns, e.event_time_ns, watermark_ns, out);
}

void ShipmentAlerts::on_temperature(const DecodedEvent& e, std::int64_t watermark_ns, std::vector<AlertUpdate>& out) {
  if (e.location == kUnknown || (e.status != 1 && e.status != 2) || !std::isfinite(e.value_a)) return;
  Room& r = rooms_[(std::uint64_t{e.location} << 8) | e.status];
  if (r.readings > 0 && e.event_time_ns <= r.times[2]) return;  // older than the room's last reading
  std::shift_left(r.times, r.times + 3, 1);
  std::shift_left(r.celsius, r.celsius + 3, 1);
  r.times[2] = e.event_time_ns;
  r.celsius[2] = e.value_a;
  if (r.readings < 3) ++r.readings;
  const bool reading_out = out_of_range(e.status, e.value_a);
  if (!reading_out) {
    r.streak_since = INT64_MIN;
  } else if (r.streak_since == INT64_MIN) {
    r.streak_since = e.event_time_ns;
  }
  if (r.readings < 3) return;
  const bool out_now = out_of_range(e.status, median3(r.celsius[0], r.celsius[1], r.celsius[2]));
  auto update = [&](bool raised) {
    AlertUpdate u =
        change(AlertKind::kTemperatureExcursion, raised, r.raised, r.episodes, e.event_time_ns, watermark_ns);
    u.location = e.location;
    u.temperature_class = e.status;
    count(u, out);
  };
  if (!out_now) {
    r.out_since = INT64_MIN;
    if (r.raised) update(false);
    return;
  }
  // Out since the streak began; an in-range reading inside it (a stuck or wrong one) did not move the median.
  if (r.out_since == INT64_MIN) r.out_since = r.streak_since != INT64_MIN ? r.streak_since : e.event_time_ns;
  // Raised on an out-of-range reading: the median lags the end of a streak by a reading.
  if (!r.raised && reading_out && e.event_time_ns - r.out_since >= config_.excursion_min_ns) update(true);
}

void ShipmentAlerts::save(CheckpointWriter& w) const {
  w.put(config_);
  w.put(applied_ns_);
  w.put(arrivals_);
  w.put(counters_);
  w.put(trips_);
  w.put(swept_day_);
  w.put_vector(places_);
  auto put_map = [&](const auto& map) {
    w.put<std::uint64_t>(map.size());
    for (const auto& [key, value] : map) {
      w.put(key);
      w.put(value);
    }
  };
  put_map(lanes_);
  put_map(orders_);
  put_map(shipments_);
  put_map(vehicles_);
  put_map(rooms_);
  w.put_vector(dispatches_);
  w.put_vector(shipped_orders_);
  w.put_vector(truck_dispatches_);
  w.put<std::uint64_t>(due_.size());
  for (const auto& [due, number] : due_) {
    w.put(due);
    w.put(number);
  }
  w.put_vector(pending_);
}

void ShipmentAlerts::load(CheckpointReader& r) {
  config_ = r.get<ShipmentAlertConfig>();
  applied_ns_ = r.get<std::int64_t>();
  arrivals_ = r.get<std::uint64_t>();
  counters_ = r.get<ShipmentAlertCounters>();
  trips_ = r.get<Trips>();
  swept_day_ = r.get<std::int64_t>();
  places_ = r.get_vector<Place>();
  auto get_map = [&](auto& map) {
    using Value = typename std::decay_t<decltype(map)>::mapped_type;
    map.clear();
    for (std::uint64_t i = 0, n = r.get_count(sizeof(std::uint64_t) + sizeof(Value)); i < n; ++i) {
      const auto key = r.get<std::uint64_t>();
      map[key] = r.get<Value>();
    }
  };
  get_map(lanes_);
  get_map(orders_);
  get_map(shipments_);
  get_map(vehicles_);
  get_map(rooms_);
  dispatches_ = r.get_vector<Unpaired>();
  shipped_orders_ = r.get_vector<Unpaired>();
  truck_dispatches_ = r.get_vector<Unpaired>();
  due_.clear();
  for (std::uint64_t i = 0, n = r.get_count(16); i < n; ++i) {
    const auto due = r.get<std::int64_t>();
    due_.insert({due, r.get<std::uint64_t>()});
  }
  pending_ = r.get_vector<Pending>();
}

}  // namespace chaintwin::pipeline
