#include "network/routing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

namespace chaintwin::network {

namespace {

struct EdgeProperties {
  double weight = 0.0;
};
// Compressed sparse row: the lane graph is fixed once built, and CSR is Boost's most compact graph.
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProperties>;

double lane_weight(const Lane& lane, RouteMetric metric) {
  switch (metric) {
    case RouteMetric::kExpectedTransitHours:
      return lane.transit.mean_hours();
    case RouteMetric::kCostPerShipment:
      return lane.cost_per_shipment;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

struct Router::Graph {
  Csr csr;
};

Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Router::Router(const Network& network, RouteMetric metric) : network_(&network), metric_(metric) {
  const std::size_t n = network.sites().size();
  weight_.reserve(network.lanes().size());
  in_offsets_.assign(n + 1, 0);
  for (const Lane& lane : network.lanes()) {
    const double w = lane_weight(lane, metric);
    if (!(std::isfinite(w) && w > 0.0)) {
      throw std::invalid_argument("Router: lane " + std::to_string(lane.id.value()) + " has weight " +
                                  std::to_string(w) + "; every lane needs a finite weight > 0 to be routed over");
    }
    weight_.push_back(w);
    ++in_offsets_[lane.to.index() + 1];
  }
  for (std::size_t v = 0; v < n; ++v) in_offsets_[v + 1] += in_offsets_[v];
  in_lanes_.resize(network.lanes().size());
  std::vector<std::uint32_t> next(in_offsets_.begin(), in_offsets_.end() - 1);
  for (const Lane& lane : network.lanes()) in_lanes_[next[lane.to.index()]++] = lane.id;

  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<EdgeProperties> properties;
  edges.reserve(network.lanes().size());
  properties.reserve(network.lanes().size());
  for (const Lane& lane : network.lanes()) {
    edges.emplace_back(lane.from.index(), lane.to.index());
    properties.push_back({weight_[lane.id.index()]});
  }
  graph_ = std::make_unique<const Graph>(
      Graph{Csr(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), properties.begin(), n)});
}

std::vector<double> Router::distances_from(SiteId from) const {
  const auto n = network_->sites().size();
  const auto& graph = graph_->csr;
  std::vector<double> distance(n, std::numeric_limits<double>::infinity());
  if (from.index() >= n) return distance;
  boost::dijkstra_shortest_paths(
      graph, static_cast<std::size_t>(from.index()),
      boost::weight_map(boost::get(&EdgeProperties::weight, graph))
          .distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph)))
          .distance_inf(std::numeric_limits<double>::infinity()));
  return distance;
}

std::optional<Route> Router::shortest_path(SiteId from, SiteId to) const {
  const std::size_t n = network_->sites().size();
  if (from.index() >= n || to.index() >= n) return std::nullopt;
  const std::vector<double> distance = distances_from(from);
  if (!std::isfinite(distance[to.index()])) return std::nullopt;

  // Walk back from the destination along tight lanes (distance[u] + w == distance[v], exactly as Dijkstra
  // computed it), the lowest lane id first. distance strictly decreases along the walk, so it ends at from.
  Route route;
  route.total = distance[to.index()];
  SiteId v = to;
  while (v != from) {
    const double dv = distance[v.index()];
    LaneId chosen;
    for (std::uint32_t i = in_offsets_[v.index()]; i < in_offsets_[v.index() + 1]; ++i) {
      const LaneId id = in_lanes_[i];
      const double du = distance[network_->lane(id).from.index()];
      if (du < dv && du + weight_[id.index()] == dv) {
        chosen = id;
        break;
      }
    }
    if (!chosen.valid()) throw std::logic_error("Router: no tight lane into a reachable site");
    route.lanes.push_back(chosen);
    v = network_->lane(chosen).from;
  }
  std::reverse(route.lanes.begin(), route.lanes.end());
  return route;
}

}  // namespace chaintwin::network
