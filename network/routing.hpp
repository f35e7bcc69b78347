#pragma once
// Shortest paths over the lane graph, by expected transit time or by cost, with Boost.Graph's Dijkstra.
//
// A Router builds its graph once (O(sites + lanes)) and answers each query with one Dijkstra run,
// O((sites + lanes) log sites). Ties are broken by a fixed rule, not by heap order: walking back from the
// destination, each site is entered through the lowest-id lane among those on some shortest path. So a route
// depends on the network alone, never on the order Boost happens to settle equal distances.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "network/network.hpp"

namespace chaintwin::network {

enum class RouteMetric : std::uint8_t {
  kExpectedTransitHours,  // sum of the lanes' mean transit times (TransitTime::mean_hours)
  kCostPerShipment,       // sum of the lanes' cost_per_shipment
};

struct Route {
  std::vector<LaneId> lanes;  // in travel order; empty when origin == destination
  double total = 0.0;         // in the metric's unit: hours or money
};

class Router {
 public:
  // The network must be valid (Network::validate() empty) and outlive the router. Lane weights must be > 0:
  // a lane of zero cost or time would make "shortest" ambiguous over cycles; throws std::invalid_argument if not.
  Router(const Network& network, RouteMetric metric);
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  RouteMetric metric() const { return metric_; }
  // The shortest route from -> to, or nullopt when to is unreachable from from.
  std::optional<Route> shortest_path(SiteId from, SiteId to) const;
  // Shortest distance from `from` to every site, +infinity where unreachable.
  std::vector<double> distances_from(SiteId from) const;

 private:
  struct Graph;  // the Boost graph, kept out of this header

  const Network* network_;
  RouteMetric metric_;
  std::vector<double> weight_;             // per lane
  std::vector<std::uint32_t> in_offsets_;  // lanes into site v: in_lanes_[in_offsets_[v] .. in_offsets_[v + 1])
  std::vector<LaneId> in_lanes_;           // ascending lane id within each site
  std::unique_ptr<const Graph> graph_;
};

}  // namespace chaintwin::network
