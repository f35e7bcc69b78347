// Shortest routes by time and by cost, unreachable destinations, and the fixed tie-breaking rule.
#include "network/routing.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::network {
namespace {

Lane lane(SiteId from, SiteId to, double hours, double cost) {
  Lane l;
  l.from = from;
  l.to = to;
  l.distance_km = 10.0;
  l.transit = {hours, 0.0};  // sigma 0: the mean is the median, so expected totals are exact sums
  l.cost_per_shipment = cost;
  return l;
}

// A -> B -> D is fast and dear; A -> C -> D slow and cheap; E is cut off.
class Diamond : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"A", "B", "C", "D", "E"}) {
      Site s;
      s.name = name;
      ids_.push_back(network_.add_site(s));
    }
    network_.add_lane(lane(ids_[0], ids_[1], 2.0, 100.0));  // lane 0: A -> B
    network_.add_lane(lane(ids_[1], ids_[3], 3.0, 100.0));  // lane 1: B -> D
    network_.add_lane(lane(ids_[0], ids_[2], 4.0, 10.0));   // lane 2: A -> C
    network_.add_lane(lane(ids_[2], ids_[3], 5.0, 10.0));   // lane 3: C -> D
    network_.add_lane(lane(ids_[4], ids_[0], 1.0, 1.0));    // lane 4: E -> A
    ASSERT_TRUE(network_.validate().empty());
  }
  Network network_;
  std::vector<SiteId> ids_;
};

TEST_F(Diamond, ByTimePicksTheFasterPath) {
  const Router router(network_, RouteMetric::kExpectedTransitHours);
  const auto route = router.shortest_path(ids_[0], ids_[3]);
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->lanes, (std::vector<LaneId>{LaneId(0), LaneId(1)}));
  EXPECT_DOUBLE_EQ(route->total, 5.0);
}

TEST_F(Diamond, ByCostPicksTheCheaperPath) {
  const Router router(network_, RouteMetric::kCostPerShipment);
  const auto route = router.shortest_path(ids_[0], ids_[3]);
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->lanes, (std::vector<LaneId>{LaneId(2), LaneId(3)}));
  EXPECT_DOUBLE_EQ(route->total, 20.0);
}

TEST_F(Diamond, UnreachableIsEmpty) {
  const Router router(network_, RouteMetric::kExpectedTransitHours);
  EXPECT_FALSE(router.shortest_path(ids_[3], ids_[0]).has_value());  // lanes are one-way
  EXPECT_FALSE(router.shortest_path(ids_[0], ids_[4]).has_value());
  EXPECT_FALSE(router.shortest_path(ids_[0], SiteId(99)).has_value());
  const auto from_e = router.shortest_path(ids_[4], ids_[3]);
  ASSERT_TRUE(from_e.has_value());
  EXPECT_EQ(from_e->lanes, (std::vector<LaneId>{LaneId(4), LaneId(0), LaneId(1)}));
  const std::vector<double> d = router.distances_from(ids_[0]);
  EXPECT_EQ(d[0], 0.0);
  EXPECT_EQ(d[3], 5.0);
  EXPECT_TRUE(std::isinf(d[4]));
}

TEST_F(Diamond, ToItselfIsTheEmptyRoute) {
  const Router router(network_, RouteMetric::kCostPerShipment);
  const auto route = router.shortest_path(ids_[2], ids_[2]);
  ASSERT_TRUE(route.has_value());
  EXPECT_TRUE(route->lanes.empty());
  EXPECT_EQ(route->total, 0.0);
}

TEST_F(Diamond, MeanTransitIncludesTheLognormalTail) {
  Network n = network_;
  Lane spread = lane(ids_[0], ids_[3], 4.9, 1.0);  // median 4.9 h beats 5 h, but its mean 4.9 e^0.125 = 5.55 does not
  spread.transit.sigma = 0.5;
  n.add_lane(spread);
  const auto route = Router(n, RouteMetric::kExpectedTransitHours).shortest_path(ids_[0], ids_[3]);
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->lanes, (std::vector<LaneId>{LaneId(0), LaneId(1)}));
}

// Two equally short paths: the one entering each site by the lowest lane id wins, whatever the insertion order
// of the sites and lanes around it.
TEST(Routing, TiesGoToTheLowestLaneId) {
  for (const bool upper_first : {false, true}) {
    Network n;
    std::vector<SiteId> ids;
    for (const char* name : {"A", "B", "C", "D"}) {
      Site s;
      s.name = name;
      ids.push_back(n.add_site(s));
    }
    const auto add_path = [&](SiteId via) {
      n.add_lane(lane(ids[0], via, 2.0, 1.0));
      n.add_lane(lane(via, ids[3], 2.0, 1.0));
    };
    add_path(upper_first ? ids[1] : ids[2]);  // lanes 0, 1
    add_path(upper_first ? ids[2] : ids[1]);  // lanes 2, 3
    const auto route = Router(n, RouteMetric::kExpectedTransitHours).shortest_path(ids[0], ids[3]);
    ASSERT_TRUE(route.has_value());
    EXPECT_EQ(route->lanes, (std::vector<LaneId>{LaneId(0), LaneId(1)})) << "upper_first " << upper_first;
  }
  // Parallel lanes of equal weight: the lower id.
  Network n;
  Site a;
  a.name = "A";
  Site b;
  b.name = "B";
  const SiteId ia = n.add_site(a);
  const SiteId ib = n.add_site(b);
  n.add_lane(lane(ia, ib, 3.0, 1.0));
  n.add_lane(lane(ia, ib, 3.0, 1.0));
  EXPECT_EQ(Router(n, RouteMetric::kCostPerShipment).shortest_path(ia, ib)->lanes, std::vector<LaneId>{LaneId(0)});
}

TEST_F(Diamond, RejectsLanesOfZeroWeight) {
  Network n = network_;
  n.add_lane(lane(ids_[0], ids_[1], 1.0, 0.0));  // free: valid data, but not routable by cost
  EXPECT_NO_THROW(Router(n, RouteMetric::kExpectedTransitHours));
  EXPECT_THROW(Router(n, RouteMetric::kCostPerShipment), std::invalid_argument);
}

}  // namespace
}  // namespace chaintwin::network
