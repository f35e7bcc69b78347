// Shipment and cold-chain alerts: a late shipment is flagged from its truck's positions before it arrives; an
// excursion needs its minimum duration; single wrong readings and GPS outliers raise nothing; a restored operator
// continues exactly as an uninterrupted one.
#include "pipeline/operators/shipment_alerts.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kMinute = 60ll * 1'000'000'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kDay0 = 20'000 * kDay;  // a UTC midnight
constexpr LocationIndex kDc = 0, kStore = 1, kOtherStore = 2, kSupplier = 3;
constexpr std::uint64_t kTruck = 100'001, kOtherTruck = 100'002;
constexpr double kDcLat = 29.0, kStoreLat = 30.0, kLon = -74.0;  // the store is 111 km due north of the DC

DecodedEvent order(std::uint64_t number, OrderStatus status, std::int64_t at, std::int64_t promised,
                   LocationIndex to = kStore, LocationIndex from = kDc) {
  DecodedEvent e;
  e.signal = Signal::kOrderStatus;
  e.entity = number;
  e.status = static_cast<std::uint8_t>(status);
  e.status_b = static_cast<std::uint8_t>(OrderKind::kReplenishment);
  e.event_time_ns = at;
  e.location = to;
  e.other_location = from;
  e.time_b_ns = promised;
  return e;
}

DecodedEvent shipment(std::uint64_t number, ShipmentStatus status, std::int64_t at, LocationIndex where,
                      LocationIndex to = kUnknown) {
  DecodedEvent e;
  e.signal = Signal::kShipmentStatus;
  e.entity = number;
  e.status = static_cast<std::uint8_t>(status);
  e.event_time_ns = at;
  e.location = where;
  e.other_location = to;
  return e;
}

DecodedEvent fix(std::uint64_t vehicle, std::int64_t at, double lat, double lon, bool valid = true) {
  DecodedEvent e;
  e.signal = Signal::kVehiclePosition;
  e.entity = vehicle;
  e.event_time_ns = at;
  e.value_a = lat;
  e.value_b = lon;
  e.status = valid ? 1 : 0;
  return e;
}

DecodedEvent geofence(std::uint64_t vehicle, std::int64_t at, bool enter) {
  DecodedEvent e;
  e.signal = Signal::kGeofence;
  e.entity = vehicle;
  e.event_time_ns = at;
  e.status = enter ? 1 : 0;
  return e;
}

DecodedEvent reading(LocationIndex room, std::uint8_t temperature_class, std::int64_t at, double celsius) {
  DecodedEvent e;
  e.signal = Signal::kTemperature;
  e.location = room;
  e.status = temperature_class;
  e.event_time_ns = at;
  e.value_a = celsius;
  return e;
}

ShipmentAlerts make_alerts() {
  ShipmentAlerts alerts;
  alerts.set_location(kDc, kDcLat, kLon);
  alerts.set_location(kStore, kStoreLat, kLon);
  alerts.set_location(kOtherStore, kDcLat, kLon + 1.0);  // due east
  alerts.set_location(kSupplier, 35.0, -80.0);
  return alerts;
}

// Feeds each event and advances the watermark to it, as a pipeline with a prompt watermark would.
std::vector<AlertUpdate> feed(ShipmentAlerts& alerts, const std::vector<DecodedEvent>& events) {
  std::vector<AlertUpdate> out;
  for (const DecodedEvent& e : events) {
    alerts.apply(e, out);
    alerts.advance(e.event_time_ns, out);
  }
  return out;
}

// Order 7 promised for day 0, shipment 12 leaves the DC for the store at 08:00 on truck kTruck.
std::vector<DecodedEvent> dispatch_at_8() {
  const std::int64_t t = kDay0 + 8 * kHour;
  return {order(7, OrderStatus::kCreated, kDay0 - kDay, kDay0), fix(kTruck, t - 30 * kMinute, kDcLat, kLon),
          order(7, OrderStatus::kShipped, t, kDay0), shipment(12, ShipmentStatus::kDispatched, t, kDc, kStore),
          geofence(kTruck, t + kMinute, false)};
}

std::vector<AlertUpdate> of_kind(const std::vector<AlertUpdate>& updates, AlertKind kind) {
  std::vector<AlertUpdate> out;
  for (const AlertUpdate& u : updates)
    if (u.kind == kind) out.push_back(u);
  return out;
}

TEST(ShipmentAlerts, AStalledTruckRaisesADelayBeforeItArrives) {
  ShipmentAlerts alerts = make_alerts();
  std::vector<DecodedEvent> events = dispatch_at_8();
  // On its way north, then broken down 20 km out from 09:00: the estimate slips past the end of the promised day.
  const double stalled_lat = kDcLat + 20.0 / 111.2;
  events.push_back(fix(kTruck, kDay0 + 9 * kHour, stalled_lat, kLon));
  for (std::int64_t h = 10; h <= 23; ++h) events.push_back(fix(kTruck, kDay0 + h * kHour, stalled_lat, kLon));
  const std::int64_t arrival = kDay0 + kDay + 3 * kHour;
  events.push_back(geofence(kTruck, arrival - kMinute, true));
  events.push_back(shipment(12, ShipmentStatus::kArrived, arrival, kStore));
  const auto delays = of_kind(feed(alerts, events), AlertKind::kShipmentDelay);

  ASSERT_EQ(delays.size(), 1u);
  EXPECT_TRUE(delays[0].raised);
  EXPECT_EQ(delays[0].entity, 12u);
  EXPECT_EQ(delays[0].episode, 1u);
  EXPECT_LT(delays[0].event_time_ns, kDay0 + kDay);       // warned before the promise was broken
  EXPECT_GT(delays[0].event_time_ns, kDay0 + 9 * kHour);  // not while the truck was moving on time
  EXPECT_EQ(alerts.counters().order_links, 1u);
  EXPECT_EQ(alerts.counters().vehicle_links, 1u);
}

TEST(ShipmentAlerts, AnOnTimeTripRaisesNothingAndALateArrivalWithoutPositionsDoes) {
  ShipmentAlerts alerts = make_alerts();
  std::vector<DecodedEvent> events = dispatch_at_8();
  for (std::int64_t h = 9; h <= 12; ++h)
    events.push_back(fix(kTruck, kDay0 + h * kHour, kDcLat + static_cast<double>(h - 8) * 0.25, kLon));
  events.push_back(shipment(12, ShipmentStatus::kArrived, kDay0 + 12 * kHour + 30 * kMinute, kStore));
  EXPECT_TRUE(feed(alerts, events).empty());

  // A carrier's shipment (no truck of ours) not arrived when the promised day ends: raised as the watermark passes it.
  std::vector<AlertUpdate> out =
      feed(alerts, {order(8, OrderStatus::kCreated, kDay0, kDay0 + kDay, kStore, kSupplier),
                    order(8, OrderStatus::kShipped, kDay0 + kHour, 0, kStore, kSupplier),
                    shipment(13, ShipmentStatus::kDispatched, kDay0 + kHour, kSupplier, kStore)});
  EXPECT_TRUE(out.empty());
  alerts.advance(kDay0 + 2 * kDay + kHour, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].entity, 13u);
  EXPECT_EQ(out[0].event_time_ns, kDay0 + 2 * kDay);  // the end of the promised day
}

TEST(ShipmentAlerts, ALaneKnownToTakeLongerThanThePromiseRaisesADelayAtDispatch) {
  ShipmentAlerts alerts = make_alerts();
  // Three supplier shipments to the store, each 30 hours on the way, each in time for a promise two days out.
  std::vector<DecodedEvent> events;
  for (std::uint64_t i = 0; i < 3; ++i) {
    const std::int64_t t = kDay0 + static_cast<std::int64_t>(i) * kDay;
    events.push_back(order(20 + i, OrderStatus::kCreated, t - kDay, t + kDay, kStore, kSupplier));
    events.push_back(order(20 + i, OrderStatus::kShipped, t, 0, kStore, kSupplier));
    events.push_back(shipment(30 + i, ShipmentStatus::kDispatched, t, kSupplier, kStore));
    events.push_back(shipment(30 + i, ShipmentStatus::kArrived, t + 30 * kHour, kStore));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const DecodedEvent& a, const DecodedEvent& b) { return a.event_time_ns < b.event_time_ns; });
  EXPECT_TRUE(feed(alerts, events).empty());
  // The next leaves at noon, promised for the same day: 30 hours cannot make it, which is known at its dispatch.
  const std::int64_t noon = kDay0 + 5 * kDay + 12 * kHour;
  const auto out = feed(alerts, {order(40, OrderStatus::kCreated, noon - kDay, noon, kStore, kSupplier),
                                 order(40, OrderStatus::kShipped, noon, 0, kStore, kSupplier),
                                 shipment(50, ShipmentStatus::kDispatched, noon, kSupplier, kStore)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, AlertKind::kShipmentDelay);
  EXPECT_EQ(out[0].entity, 50u);
  EXPECT_EQ(out[0].event_time_ns, noon);
}

TEST(ShipmentAlerts, AnExcursionMustLastTheMinimumDuration) {
  ShipmentAlerts alerts = make_alerts();
  std::vector<DecodedEvent> events;
  std::int64_t t = kDay0;
  auto read = [&](double celsius) {
    events.push_back(reading(kDc, 1, t, celsius));
    t += 15 * kMinute;
  };
  for (int i = 0; i < 4; ++i) read(4.0);
  read(9.5), read(9.6);  // out for 15 minutes only
  for (int i = 0; i < 4; ++i) read(4.0);
  const std::int64_t out_from = t;
  for (int i = 0; i < 5; ++i) read(10.0 + i);  // out for an hour
  const std::int64_t back_at = t;
  for (int i = 0; i < 4; ++i) read(4.0);
  const auto updates = feed(alerts, events);

  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].kind, AlertKind::kTemperatureExcursion);
  EXPECT_TRUE(updates[0].raised);
  EXPECT_EQ(updates[0].location, kDc);
  EXPECT_EQ(updates[0].temperature_class, 1);
  EXPECT_EQ(updates[0].event_time_ns, out_from + 30 * kMinute);  // the reading that completed the 30 minutes
  EXPECT_FALSE(updates[1].raised);
  // The median of three turns back with the second in-range reading.
  EXPECT_EQ(updates[1].event_time_ns, back_at + 15 * kMinute);
}

TEST(ShipmentAlerts, SingleWrongReadingsAndGpsOutliersRaiseNothing) {
  ShipmentAlerts alerts = make_alerts();
  std::vector<DecodedEvent> events;
  std::int64_t t = kDay0;
  for (int i = 0; i < 40; ++i) {
    // 4 C written as Fahrenheit, an outlier, and the frozen room's -20 C as Fahrenheit, among good readings.
    const double chilled = i == 10 ? 39.2 : i == 20 ? 55.0 : 4.0;
    const double frozen = i == 15 ? -4.0 : -20.0;
    events.push_back(reading(kDc, 1, t, chilled));
    events.push_back(reading(kDc, 2, t, frozen));
    t += 15 * kMinute;
  }
  EXPECT_TRUE(feed(alerts, events).empty());

  // A truck on its route with one fix 30 km off (an outlier), a (0, 0) fix and an invalid one: no deviation.
  events = dispatch_at_8();
  events.push_back(fix(kTruck, kDay0 + 9 * kHour, kDcLat + 0.2, kLon));
  events.push_back(fix(kTruck, kDay0 + 9 * kHour + 15 * kMinute, kDcLat + 0.3, kLon + 0.3));  // 29 km east
  events.push_back(fix(kTruck, kDay0 + 9 * kHour + 30 * kMinute, kDcLat + 0.4, kLon));
  events.push_back(fix(kTruck, kDay0 + 9 * kHour + 45 * kMinute, 0.0, 0.0, false));
  events.push_back(fix(kTruck, kDay0 + 10 * kHour, kDcLat + 0.5, kLon + 2.0, false));
  events.push_back(fix(kTruck, kDay0 + 10 * kHour + 15 * kMinute, kDcLat + 0.6, kLon));
  EXPECT_TRUE(of_kind(feed(alerts, events), AlertKind::kRouteDeviation).empty());

  // Two off-route fixes in a row are a deviation; back on the route clears it.
  const auto updates = of_kind(feed(alerts, {fix(kTruck, kDay0 + 11 * kHour, kDcLat + 0.7, kLon + 0.3),
                                             fix(kTruck, kDay0 + 11 * kHour + 15 * kMinute, kDcLat + 0.75, kLon + 0.3),
                                             fix(kTruck, kDay0 + 11 * kHour + 30 * kMinute, kDcLat + 0.8, kLon)}),
                               AlertKind::kRouteDeviation);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_TRUE(updates[0].raised);
  EXPECT_EQ(updates[0].entity, kTruck);
  EXPECT_EQ(updates[0].event_time_ns, kDay0 + 11 * kHour + 15 * kMinute);
  EXPECT_FALSE(updates[1].raised);
}

TEST(ShipmentAlerts, TrucksLeavingTogetherArePairedByTheRouteTheyTake) {
  ShipmentAlerts alerts = make_alerts();
  const std::int64_t t = kDay0 + 8 * kHour;
  // Two shipments leave the DC a minute apart, one north and one east; the east-bound truck leaves first.
  std::vector<DecodedEvent> events = {order(7, OrderStatus::kCreated, kDay0 - kDay, kDay0),
                                      order(9, OrderStatus::kCreated, kDay0 - kDay, kDay0, kOtherStore),
                                      fix(kTruck, t - kHour, kDcLat, kLon),
                                      fix(kOtherTruck, t - kHour, kDcLat, kLon),
                                      shipment(12, ShipmentStatus::kDispatched, t, kDc, kStore),
                                      shipment(14, ShipmentStatus::kDispatched, t + kMinute, kDc, kOtherStore),
                                      geofence(kOtherTruck, t + kMinute + 30'000'000'000, false),
                                      geofence(kTruck, t + 2 * kMinute, false)};
  for (int i = 1; i <= 6; ++i) {
    const std::int64_t at = t + i * 15 * kMinute;
    events.push_back(fix(kTruck, at, kDcLat + 0.1 * i, kLon));
    events.push_back(fix(kOtherTruck, at + kMinute, kDcLat, kLon + 0.12 * i));
  }
  EXPECT_TRUE(of_kind(feed(alerts, events), AlertKind::kRouteDeviation).empty());
  EXPECT_EQ(alerts.counters().vehicle_links, 2u);  // each truck paired once, with its own shipment
  // Paired right: the north-bound truck stalling is a delay of shipment 12 (order 7, promised for day 0).
  std::vector<DecodedEvent> more = {order(7, OrderStatus::kShipped, t, kDay0)};
  for (std::int64_t h = 15; h <= 23; ++h) more.push_back(fix(kTruck, kDay0 + h * kHour, kDcLat + 0.6, kLon));
  const auto delays = of_kind(feed(alerts, more), AlertKind::kShipmentDelay);
  ASSERT_EQ(delays.size(), 1u);
  EXPECT_EQ(delays[0].entity, 12u);
}

TEST(ShipmentAlerts, ARestoredOperatorRaisesWhatAnUninterruptedOneDoes) {
  std::vector<DecodedEvent> events = dispatch_at_8();
  const double stalled_lat = kDcLat + 20.0 / 111.2;
  for (std::int64_t h = 9; h <= 23; ++h)
    events.push_back(fix(kTruck, kDay0 + h * kHour, stalled_lat, kLon + (h > 20 ? 0.5 : 0.0)));
  std::int64_t t = kDay0;
  for (int i = 0; i < 40; ++i, t += 15 * kMinute)
    events.push_back(reading(kStore, 2, t, i >= 20 && i < 30 ? -10.0 : -20.0));
  std::stable_sort(events.begin(), events.end(),
                   [](const DecodedEvent& a, const DecodedEvent& b) { return a.event_time_ns < b.event_time_ns; });

  ShipmentAlerts uninterrupted = make_alerts();
  const std::vector<AlertUpdate> all = feed(uninterrupted, events);
  ASSERT_EQ(all.size(), 4u);  // a delay and a deviation raised, an excursion raised and cleared

  for (std::size_t cut : {std::size_t{3}, events.size() / 2, events.size() - 5}) {
    ShipmentAlerts first = make_alerts();
    std::vector<AlertUpdate> out =
        feed(first, std::vector<DecodedEvent>(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(cut)));
    // Events not yet passed by the watermark are part of the state too.
    first.apply(events[cut], out);
    CheckpointWriter w;
    first.save(w);
    ShipmentAlerts restored;
    CheckpointReader r(w.bytes());
    restored.load(r);
    EXPECT_TRUE(r.at_end());
    restored.advance(events[cut].event_time_ns, out);
    const auto rest =
        feed(restored, std::vector<DecodedEvent>(events.begin() + static_cast<std::ptrdiff_t>(cut) + 1, events.end()));
    out.insert(out.end(), rest.begin(), rest.end());
    ASSERT_EQ(out.size(), all.size()) << "cut at " << cut;
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_EQ(out[i].kind, all[i].kind);
      EXPECT_EQ(out[i].raised, all[i].raised);
      EXPECT_EQ(out[i].entity, all[i].entity);
      EXPECT_EQ(out[i].event_time_ns, all[i].event_time_ns);
      EXPECT_EQ(out[i].watermark_ns, all[i].watermark_ns);
    }
  }
}

TEST(ShipmentAlerts, ATruncatedCheckpointIsAnError) {
  ShipmentAlerts alerts = make_alerts();
  feed(alerts, dispatch_at_8());
  CheckpointWriter w;
  alerts.save(w);
  const std::string bytes = w.bytes().substr(0, w.bytes().size() - 3);
  CheckpointReader r(bytes);
  ShipmentAlerts restored;
  EXPECT_THROW(restored.load(r), CheckpointError);
}

}  // namespace
}  // namespace chaintwin::pipeline
