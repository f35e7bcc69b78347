// The signal operators on hand-made event streams: a spike is detected, steady demand raises nothing, a supplier
// outage lists exactly the open purchase orders on that supplier, a port closure the shipped ones routed via it,
// replenishment fires once at the reorder point, and a checkpoint taken mid-stream changes nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/signals/signal_operators.hpp"

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kHour = 3600ll * 1'000'000'000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr LocationIndex kStore = 1, kDc = 2, kSupplier = 3, kOtherSupplier = 4, kPort = 5;

DecodedEvent demand(LocationIndex store, SkuIndex sku, std::int64_t time, std::int64_t units = 1) {
  DecodedEvent e;
  e.signal = Signal::kDemand;
  e.location = store;
  e.sku = sku;
  e.event_time_ns = time;
  e.quantity = units;
  return e;
}

DecodedEvent order_status(std::uint64_t number, OrderKind kind, OrderStatus status, LocationIndex destination,
                          LocationIndex source, std::int64_t time) {
  DecodedEvent e;
  e.signal = Signal::kOrderStatus;
  e.entity = number;
  e.status = static_cast<std::uint8_t>(status);
  e.status_b = static_cast<std::uint8_t>(kind);
  e.location = destination;
  e.other_location = source;
  e.event_time_ns = time;
  return e;
}

DecodedEvent order_line(std::uint64_t number, OrderKind kind, SkuIndex sku, std::int64_t quantity,
                        std::int64_t time) {
  DecodedEvent e;
  e.signal = Signal::kOrderLine;
  e.entity = number;
  e.status_b = static_cast<std::uint8_t>(kind);
  e.sku = sku;
  e.quantity = quantity;
  e.value_a = -1.0;
  e.event_time_ns = time;
  return e;
}

DecodedEvent shipment(std::uint64_t number, ShipmentStatus status, LocationIndex where, std::int64_t time,
                      LocationIndex to = kUnknown) {
  DecodedEvent e;
  e.signal = Signal::kShipmentStatus;
  e.entity = number;
  e.status = static_cast<std::uint8_t>(status);
  e.location = where;
  e.other_location = to;
  e.event_time_ns = time;
  return e;
}

DecodedEvent supplier_outage(LocationIndex supplier, std::int64_t time) {
  DecodedEvent e;
  e.signal = Signal::kSupplierStatus;
  e.location = supplier;
  e.value_a = 0.0;
  e.value_b = std::nan("");
  e.event_time_ns = time;
  return e;
}

DecodedEvent port_closed(LocationIndex port, std::int64_t time) {
  DecodedEvent e;
  e.signal = Signal::kPortStatus;
  e.location = port;
  e.status = 1;
  e.event_time_ns = time;
  return e;
}

// Poisson customers per day for SKUs 0..skus-1 of one store, over `days`; `spike` multiplies SKU 0's mean from
// day `spike_day` on. Events of one day in time order, spread over the day.
std::vector<DecodedEvent> daily_demand(int skus, int days, double mean, double spike = 1.0, int spike_day = 1 << 30) {
  std::mt19937_64 random(7);
  std::vector<DecodedEvent> events;
  for (int day = 0; day < days; ++day) {
    for (int sku = 0; sku < skus; ++sku) {
      std::poisson_distribution<int> customers(mean * (sku == 0 && day >= spike_day ? spike : 1.0));
      const int n = customers(random);
      for (int i = 0; i < n; ++i)
        events.push_back(demand(kStore, static_cast<SkuIndex>(sku), day * kDay + (i + 1) * (kDay / (n + 1))));
    }
  }
  return events;
}

// Feeds `events` in order, advancing the watermark (the latest event time) every hour of event time.
void feed(SignalOperators& ops, const std::vector<DecodedEvent>& events, SignalBatch& out) {
  std::int64_t next_advance = INT64_MIN;
  for (const DecodedEvent& e : events) {
    ops.apply(e);
    if (e.event_time_ns >= next_advance) {
      ops.advance(e.event_time_ns, out);
      next_advance = e.event_time_ns + kHour;
    }
  }
}

TEST(PoissonTails, AreComplementsAndMatchKnownValues) {
  for (double mean : {0.5, 4.0, 30.0, 250.0}) {
    for (std::int64_t k : {0, 1, 3, 10, 40, 300}) {
      EXPECT_NEAR(poisson_upper_tail(mean, k) + poisson_lower_tail(mean, k - 1), 1.0, 1e-9) << mean << " " << k;
    }
  }
  EXPECT_NEAR(poisson_lower_tail(2.0, 0), std::exp(-2.0), 1e-15);
  EXPECT_NEAR(poisson_upper_tail(2.0, 1), 1.0 - std::exp(-2.0), 1e-12);
  // Deep tails keep their relative precision: P(X >= 40 | 4) lies between P(X = 40) and P(X = 40) / (1 - 4/41)
  // (each later term is at most 4/41 of the one before), about 3e-26.
  const double p40 = std::exp(-4.0 + 40.0 * std::log(4.0) - std::lgamma(41.0));
  EXPECT_GE(poisson_upper_tail(4.0, 40), p40);
  EXPECT_LE(poisson_upper_tail(4.0, 40), p40 / (1.0 - 4.0 / 41.0));
}

TEST(DemandSensing, SteadyDemandRaisesNothing) {
  SignalOperators ops;
  SignalBatch out;
  feed(ops, daily_demand(20, 60, 10.0), out);
  ops.advance(61 * kDay, out);
  EXPECT_TRUE(out.demand.empty()) << out.demand.size() << " signals, first on SKU " << out.demand.front().sku;
  EXPECT_EQ(ops.demand().counters().windows_closed, 60u);
  EXPECT_NEAR(ops.demand().units_per_day(kStore, 3), 10.0, 2.0);
}

TEST(DemandSensing, ASpikeIsDetectedOnItsFirstDay) {
  SignalOperators ops;
  SignalBatch out;
  feed(ops, daily_demand(20, 40, 10.0, 3.0, 30), out);
  ops.advance(41 * kDay, out);
  ASSERT_FALSE(out.demand.empty());
  const DemandSignal& s = out.demand.front();
  EXPECT_EQ(s.store, kStore);
  EXPECT_EQ(s.sku, 0u);
  EXPECT_EQ(s.direction, DemandDirection::kUp);
  EXPECT_EQ(s.window_start_ns, 30 * kDay);
  EXPECT_GE(s.observed_lines, 2 * s.expected_lines);
  EXPECT_LE(s.tail_probability, 1e-5);
  // Published once the window closed: its end plus the allowed lateness.
  EXPECT_GE(s.detected_at_ns, 31 * kDay + 2 * kHour);
  for (const DemandSignal& other : out.demand) EXPECT_EQ(other.sku, 0u);
}

TEST(DemandSensing, DemandAfterItsWindowClosedIsLate) {
  SignalOperators ops;
  SignalBatch out;
  ops.apply(demand(kStore, 0, 0));
  ops.advance(kDay + 3 * kHour, out);
  ops.apply(demand(kStore, 0, kDay / 2));
  EXPECT_EQ(ops.demand().counters().late, 1u);
  EXPECT_EQ(ops.demand().counters().events, 1u);
}

// Orders on two suppliers in every state, as the streams would report them.
std::vector<DecodedEvent> order_history() {
  const auto po = OrderKind::kPurchase;
  std::vector<DecodedEvent> events;
  auto add = [&](std::uint64_t number, OrderStatus status, LocationIndex supplier, SkuIndex sku, std::int64_t units,
                 std::int64_t t) {
    events.push_back(order_status(number, po, OrderStatus::kCreated, kDc, supplier, t));
    events.push_back(order_line(number, po, sku, units, t));
    if (status != OrderStatus::kCreated) events.push_back(order_status(number, po, status, kDc, supplier, t + kHour));
  };
  add(1, OrderStatus::kCreated, kSupplier, 0, 100, 1 * kDay);
  add(2, OrderStatus::kConfirmed, kSupplier, 1, 40, 2 * kDay);
  add(3, OrderStatus::kShipped, kSupplier, 0, 70, 3 * kDay);
  add(4, OrderStatus::kCreated, kOtherSupplier, 0, 90, 3 * kDay);
  add(5, OrderStatus::kDelivered, kSupplier, 2, 10, 1 * kDay);
  add(6, OrderStatus::kCancelled, kSupplier, 2, 10, 1 * kDay);
  events.push_back(order_status(7, OrderKind::kReplenishment, OrderStatus::kCreated, kStore, kDc, 3 * kDay));
  events.push_back(order_line(7, OrderKind::kReplenishment, 0, 5, 3 * kDay));
  // An earlier shipment of the supplier's passed the port (arrived at its terminal, left, reached the DC): the
  // supplier routes via it. Order 3's shipment has left the supplier and not reached a terminal yet.
  events.push_back(shipment(900, ShipmentStatus::kDispatched, kSupplier, kDay / 2, kDc));
  events.push_back(shipment(900, ShipmentStatus::kInTransit, kPort, kDay));
  events.push_back(shipment(900, ShipmentStatus::kInTransit, kPort, kDay + kHour));
  events.push_back(shipment(900, ShipmentStatus::kArrived, kDc, 2 * kDay));
  events.push_back(shipment(901, ShipmentStatus::kDispatched, kSupplier, 3 * kDay + kHour, kDc));
  return events;
}

TEST(DisruptionImpacts, ASupplierOutageListsExactlyItsOpenUnshippedPurchaseOrders) {
  SignalOperators ops;
  SignalBatch out;
  for (const DecodedEvent& e : order_history()) ops.apply(e);
  ops.apply(supplier_outage(kSupplier, 5 * kDay));
  ops.advance(6 * kDay, out);
  ASSERT_EQ(out.impacts.size(), 1u);
  const DisruptionImpact& impact = out.impacts.front();
  EXPECT_EQ(impact.cause, ImpactCause::kSupplierOutage);
  EXPECT_EQ(impact.location, kSupplier);
  EXPECT_EQ(impact.at_ns, 5 * kDay);
  EXPECT_EQ(impact.detected_at_ns, 6 * kDay);
  const std::vector<OrderRef> expected = {{1, OrderKind::kPurchase}, {2, OrderKind::kPurchase}};
  EXPECT_EQ(impact.orders, expected);
  EXPECT_EQ(impact.skus, (std::vector<SkuIndex>{0, 1}));
  EXPECT_EQ(impact.units_at_risk, 140);
}

TEST(DisruptionImpacts, APortClosureListsTheShippedOrdersOfSuppliersRoutedThroughIt) {
  SignalOperators ops;
  SignalBatch out;
  for (const DecodedEvent& e : order_history()) ops.apply(e);
  ops.apply(port_closed(kPort, 5 * kDay));
  ops.apply(port_closed(kPort, 5 * kDay + kHour));  // repeated: still one closure
  ops.advance(6 * kDay, out);
  ASSERT_EQ(out.impacts.size(), 1u);
  EXPECT_EQ(out.impacts[0].cause, ImpactCause::kPortClosed);
  EXPECT_EQ(out.impacts[0].orders, (std::vector<OrderRef>{{3, OrderKind::kPurchase}}));
  EXPECT_EQ(out.impacts[0].units_at_risk, 70);
}

TEST(DisruptionImpacts, OrdersWhoseShipmentsLeftThePortAreNotAtRisk) {
  SignalOperators ops;
  SignalBatch out;
  for (const DecodedEvent& e : order_history()) ops.apply(e);
  ops.apply(shipment(901, ShipmentStatus::kInTransit, kPort, 4 * kDay));
  ops.apply(shipment(901, ShipmentStatus::kInTransit, kPort, 4 * kDay + kHour));  // departed again
  ops.apply(port_closed(kPort, 5 * kDay));
  ops.advance(6 * kDay, out);
  ASSERT_EQ(out.impacts.size(), 1u);
  EXPECT_TRUE(out.impacts[0].orders.empty());
}

TEST(DisruptionImpacts, EventsWaitForTheWatermarkAndSeeTheOrdersOfTheirTime) {
  SignalOperators ops;
  SignalBatch out;
  ops.apply(supplier_outage(kSupplier, 5 * kDay));
  // Order 8 is created after the outage, but its message arrives first; it is not affected.
  ops.apply(order_status(8, OrderKind::kPurchase, OrderStatus::kCreated, kDc, kSupplier, 6 * kDay));
  ops.apply(order_status(9, OrderKind::kPurchase, OrderStatus::kCreated, kDc, kSupplier, 4 * kDay));
  ops.advance(4 * kDay, out);
  EXPECT_TRUE(out.impacts.empty());
  ops.advance(7 * kDay, out);
  ASSERT_EQ(out.impacts.size(), 1u);
  EXPECT_EQ(out.impacts[0].orders, (std::vector<OrderRef>{{9, OrderKind::kPurchase}}));
}

TEST(OrderBook, OnOrderFollowsStatusAndStaleStatusesChangeNothing) {
  OrderBook book;
  book.apply(order_status(7, OrderKind::kReplenishment, OrderStatus::kCreated, kStore, kDc, kDay));
  book.apply(order_line(7, OrderKind::kReplenishment, 0, 5, kDay));
  EXPECT_EQ(book.on_order(kStore, 0), 5);
  book.apply(order_status(7, OrderKind::kReplenishment, OrderStatus::kDelivered, kStore, kDc, 3 * kDay));
  EXPECT_EQ(book.on_order(kStore, 0), 0);
  book.apply(order_status(7, OrderKind::kReplenishment, OrderStatus::kConfirmed, kStore, kDc, 2 * kDay));
  EXPECT_EQ(book.on_order(kStore, 0), 0);
  EXPECT_DOUBLE_EQ(book.lead_time_days(kStore, 9.0), 2.0);
  EXPECT_DOUBLE_EQ(book.lead_time_days(kDc, 9.0), 9.0);
}

PositionUpdate position(SkuIndex sku, std::int64_t time, std::int64_t on_hand) {
  return PositionUpdate{kStore, sku, time, on_hand, 0, {}};
}

TEST(Replenishment, SignalsOnceAtTheReorderPointAndAgainAfterARestock) {
  SignalOperators ops;
  SignalBatch out;
  // Ten customers a day of one unit each: d = 10, L = 2 (default), R = 1: s = 30 + 1.65 sqrt(30) -> 40, S = 70.
  feed(ops, daily_demand(1, 21, 10.0), out);
  // Positions late on day 20, before its demand window closes (21 d + 2 h): the sensed rate stays as it is.
  const double d = ops.demand().units_per_day(kStore, 0);
  ASSERT_NEAR(d, 10.0, 2.5);
  const auto s = static_cast<std::int64_t>(std::ceil(3 * d + 1.65 * std::sqrt(3 * d)));
  std::int64_t t = 20 * kDay + 12 * kHour;
  for (std::int64_t on_hand : {s + 20, s + 1, s, s - 5, s - 9}) ops.position(position(0, t += kHour, on_hand));
  ops.advance(t, out);
  ASSERT_EQ(out.replenishment.size(), 1u);
  const ReplenishmentSignal& r = out.replenishment[0];
  EXPECT_EQ(r.on_hand, s);
  EXPECT_EQ(r.reorder_point, s);
  EXPECT_EQ(r.suggested_quantity, static_cast<std::int64_t>(std::ceil(3 * d)));
  EXPECT_DOUBLE_EQ(r.lead_time_days, 2.0);
  // Stock on order counts: back above the reorder point, then down again -> a second signal.
  ops.position(position(0, t += kHour, s + 30));
  ops.position(position(0, t += kHour, s - 1));
  ops.advance(t, out);
  ASSERT_EQ(out.replenishment.size(), 2u);
  EXPECT_EQ(out.replenishment[1].on_hand, s - 1);
}

std::string describe(const SignalBatch& b) {
  std::ostringstream s;
  for (const DemandSignal& d : b.demand)
    s << "D " << d.store << ' ' << d.sku << ' ' << d.window_start_ns << ' ' << d.observed_lines << ' '
      << d.expected_lines << ' ' << d.detected_at_ns << '\n';
  for (const DisruptionImpact& i : b.impacts) {
    s << "I " << to_string(i.cause) << ' ' << i.location << ' ' << i.at_ns;
    for (const OrderRef& o : i.orders) s << ' ' << order_name(o);
    s << ' ' << i.units_at_risk << '\n';
  }
  for (const ReplenishmentSignal& r : b.replenishment)
    s << "R " << r.sku << ' ' << r.at_ns << ' ' << r.on_hand << ' ' << r.reorder_point << ' ' << r.suggested_quantity
      << '\n';
  return s.str();
}

TEST(SignalOperators, RestoredMidStreamEmitsWhatAnUninterruptedRunDoes) {
  // Demand with a spike, orders and shipments, an outage and a port closure late in the stream, falling stock
  // positions.
  std::vector<DecodedEvent> events = daily_demand(6, 40, 12.0, 3.0, 25);
  for (const DecodedEvent& e : order_history()) {
    DecodedEvent later = e;
    later.event_time_ns += 20 * kDay;
    events.push_back(later);
  }
  events.push_back(supplier_outage(kSupplier, 30 * kDay));
  events.push_back(port_closed(kPort, 31 * kDay));
  std::stable_sort(events.begin(), events.end(),
                   [](const DecodedEvent& a, const DecodedEvent& b) { return a.event_time_ns < b.event_time_ns; });
  auto run = [&](std::size_t checkpoint_at) {
    SignalOperators ops;
    SignalBatch out;
    std::int64_t next_advance = INT64_MIN;
    std::int64_t stock = 200;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (i == checkpoint_at) {
        CheckpointWriter w;
        ops.save(w);
        SignalOperators restored;
        CheckpointReader r(w.bytes());
        restored.load(r);
        EXPECT_TRUE(r.at_end());
        ops = std::move(restored);
      }
      const DecodedEvent& e = events[i];
      ops.apply(e);
      if (e.event_time_ns >= next_advance) {
        ops.position(position(1, e.event_time_ns, stock -= 3));
        if (stock < 0) stock = 200;
        ops.advance(e.event_time_ns, out);
        next_advance = e.event_time_ns + kHour;
      }
    }
    ops.advance(41 * kDay, out);
    return out;
  };
  const SignalBatch uninterrupted = run(SIZE_MAX);
  ASSERT_FALSE(uninterrupted.demand.empty());
  ASSERT_EQ(uninterrupted.impacts.size(), 2u);
  EXPECT_FALSE(uninterrupted.impacts[1].orders.empty());  // the port closure found order 3 on its way
  ASSERT_FALSE(uninterrupted.replenishment.empty());
  for (std::size_t at : {events.size() / 3, events.size() / 2, events.size() - 10})
    EXPECT_EQ(describe(run(at)), describe(uninterrupted)) << "checkpoint at event " << at;
}

TEST(SignalOperators, ATruncatedCheckpointIsAnError) {
  SignalOperators ops;
  for (const DecodedEvent& e : order_history()) ops.apply(e);
  CheckpointWriter w;
  ops.save(w);
  const std::string bytes = w.bytes().substr(0, w.bytes().size() / 2);
  SignalOperators restored;
  CheckpointReader r(bytes);
  EXPECT_THROW(restored.load(r), CheckpointError);
}

}  // namespace
}  // namespace chaintwin::pipeline
