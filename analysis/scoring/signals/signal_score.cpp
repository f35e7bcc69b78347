#include "analysis/scoring/signals/signal_score.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace chaintwin::analysis {

namespace {

using pipeline::ImpactCause;
using world::DisruptionKind;

constexpr double kHourNs = 3600.0 * 1e9;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::uint64_t key_of(network::SiteId site, network::SkuId sku) {
  return (std::uint64_t{site.value()} << 32) | sku.value();
}

// "PO48" -> 48; nullopt for anything else.
std::optional<std::uint32_t> purchase_order_of(std::string_view name) {
  if (name.size() < 3 || name.substr(0, 2) != "PO") return std::nullopt;
  std::uint32_t id = 0;
  const auto [end, ec] = std::from_chars(name.data() + 2, name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size()) return std::nullopt;
  return id;
}

struct Occurrence {
  DisruptionKind kind;
  std::uint32_t index;     // the occurrence
  std::uint32_t target;    // site value or world::kNone
  std::int64_t start_ns;   // simulated
  std::int64_t end_ns = kNever;
};

std::vector<Occurrence> occurrences(const world::Ledger& ledger) {
  const auto& t = ledger.disruptions();
  std::map<std::uint32_t, Occurrence> by_index;
  for (std::size_t i = 0; i < t.time.size(); ++i) {
    if (t.phase[i] == world::DisruptionPhase::kStart) {
      by_index.insert_or_assign(t.disruption[i], Occurrence{static_cast<DisruptionKind>(t.kind[i]), t.disruption[i],
                                                            t.target[i], t.time[i]});
    } else if (auto it = by_index.find(t.disruption[i]); it != by_index.end()) {
      it->second.end_ns = t.time[i];
    }
  }
  std::vector<Occurrence> out;
  for (const auto& [index, o] : by_index) out.push_back(o);
  return out;
}

// The sites an occurrence targets: its site, else the scenario's target (a region, a site name, or every site
// of `kind` when empty).
std::vector<network::SiteId> targets_of(const Occurrence& o, const network::Network& net,
                                        const world::WorldConfig& config, network::SiteKind kind) {
  if (o.target != world::kNone) return {network::SiteId(o.target)};
  const std::string target = o.index < config.disruptions.size() ? config.disruptions[o.index].target : "";
  std::vector<network::SiteId> out;
  for (const network::Site& s : net.sites())
    if (s.kind == kind && (target.empty() || s.region == target || s.name == target)) out.push_back(s.id);
  return out;
}

void score_demand(const network::Network& net, const world::WorldConfig& config,
                  const std::vector<Occurrence>& truth, std::span<const pipeline::DemandSignalRecord> records,
                  const SignalScoreOptions& opt, DemandSignalScore& score, std::uint64_t& unknown) {
  // Spike intervals (Unix ns) per store.
  std::map<std::uint32_t, std::vector<std::pair<std::int64_t, std::int64_t>>> spikes;
  for (const Occurrence& o : truth) {
    if (o.kind != DisruptionKind::kDemandSpike) continue;
    const std::int64_t start = o.start_ns + opt.epoch_unix_ns;
    const std::int64_t end = o.end_ns == kNever ? kNever : o.end_ns + opt.epoch_unix_ns;
    if (start >= opt.until_unix_ns) continue;
    for (network::SiteId store : targets_of(o, net, config, network::SiteKind::kStore))
      spikes[store.value()].emplace_back(start, end);
  }
  std::map<std::pair<std::uint32_t, std::int64_t>, std::int64_t> first_detection;  // (store, start) -> detectedAt
  for (const auto& r : records) {
    const auto store = net.find_site(r.location);
    if (!store || (!r.sku.empty() && !net.find_sku(r.sku))) {
      ++unknown;
      continue;
    }
    if (r.window_start_unix_ns < opt.from_unix_ns || r.window_start_unix_ns >= opt.until_unix_ns) continue;
    if (r.direction == pipeline::DemandDirection::kDown) {
      ++score.down_signals;
      continue;
    }
    ++score.up_signals;
    if (r.sku.empty()) ++score.store_up_signals;
    bool correct = false;
    if (const auto it = spikes.find(store->value()); it != spikes.end()) {
      for (const auto& [start, end] : it->second) {
        if (r.window_start_unix_ns >= end || r.window_end_unix_ns <= start) continue;
        correct = true;
        auto [at, first] = first_detection.try_emplace({store->value(), start}, r.detected_at_unix_ns);
        if (!first) at->second = std::min(at->second, r.detected_at_unix_ns);
      }
    }
    score.up_correct += correct ? 1 : 0;
    if (r.sku.empty()) score.store_up_correct += correct ? 1 : 0;
  }
  double delay_sum = 0.0;
  for (const auto& [store, intervals] : spikes) {
    for (const auto& [start, end] : intervals) {
      ++score.spikes;
      const auto it = first_detection.find({store, start});
      if (it == first_detection.end()) continue;
      ++score.detected;
      const double delay = static_cast<double>(it->second - start) / kHourNs;
      delay_sum += delay;
      score.max_delay_hours = std::max(score.max_delay_hours, delay);
    }
  }
  score.mean_delay_hours = score.detected == 0 ? 0.0 : delay_sum / static_cast<double>(score.detected);
}

std::optional<ImpactCause> cause_of(DisruptionKind kind) {
  switch (kind) {
    case DisruptionKind::kSupplierOutage: return ImpactCause::kSupplierOutage;
    case DisruptionKind::kSupplierLeadTime: return ImpactCause::kSupplierLeadTime;
    case DisruptionKind::kPortClosure: return ImpactCause::kPortClosed;
    default: return std::nullopt;
  }
}

void score_impacts(const network::Network& net, const world::WorldConfig& config, const world::Ledger& ledger,
                   const std::vector<Occurrence>& truth, std::span<const pipeline::DisruptionImpactRecord> records,
                   const SignalScoreOptions& opt, DisruptionImpactScore& score, std::uint64_t& unknown) {
  // When each order first shipped and was delivered; each shipment's dispatch, receipt and port visits.
  const std::size_t orders = ledger.orders().size();
  std::vector<std::int64_t> shipped(orders, kNever), delivered(orders, kNever);
  const auto& oe = ledger.order_events();
  for (std::size_t i = 0; i < oe.time.size(); ++i) {
    if (oe.state[i] == world::OrderState::kShipped) shipped[oe.order[i]] = std::min(shipped[oe.order[i]], oe.time[i]);
    if (oe.state[i] == world::OrderState::kDelivered)
      delivered[oe.order[i]] = std::min(delivered[oe.order[i]], oe.time[i]);
  }
  struct ShipmentTimes {
    std::int64_t dispatched = kNever, received = kNever;
    std::map<std::uint32_t, std::int64_t> departed;  // port -> when it left it (kNever: not yet)
  };
  std::vector<ShipmentTimes> shipments(ledger.shipments().size());
  const auto& se = ledger.shipment_events();
  for (std::size_t i = 0; i < se.time.size(); ++i) {
    ShipmentTimes& s = shipments[se.shipment[i]];
    const auto site = se.site[i];
    switch (se.state[i]) {
      case world::ShipmentState::kDispatched:
        s.dispatched = std::min(s.dispatched, se.time[i]);
        // Bound for a port from the start: its first lane ends there (it may not have arrived by the horizon).
        if (se.lane[i] != world::kNone) {
          const network::SiteId to = net.lane(network::LaneId(se.lane[i])).to;
          if (net.site(to).kind == network::SiteKind::kPort) s.departed.try_emplace(to.value(), kNever);
        }
        break;
      case world::ShipmentState::kReceived: s.received = std::min(s.received, se.time[i]); break;
      default:
        if (site.valid() && net.site(site).kind == network::SiteKind::kPort) {
          auto [at, first] = s.departed.try_emplace(site.value(), kNever);
          if (se.state[i] == world::ShipmentState::kLegDeparted) at->second = std::min(at->second, se.time[i]);
        }
        break;
    }
  }

  std::vector<bool> matched(records.size(), false);
  for (const Occurrence& o : truth) {
    const auto cause = cause_of(o.kind);
    if (!cause) continue;
    const std::int64_t start_unix = o.start_ns + opt.epoch_unix_ns;
    if (start_unix < opt.from_unix_ns || start_unix >= opt.until_unix_ns) continue;
    const network::SiteKind kind =
        *cause == ImpactCause::kPortClosed ? network::SiteKind::kPort : network::SiteKind::kSupplier;
    for (network::SiteId site : targets_of(o, net, config, kind)) {
      ++score.disruptions;
      std::set<std::uint32_t> affected;
      if (kind == network::SiteKind::kSupplier) {
        for (std::uint32_t id = 0; id < orders; ++id) {
          const world::OrderInfo& info = ledger.orders()[id];
          if (info.kind == world::OrderKind::kPurchase && info.source == site && info.created.ns() < o.start_ns &&
              shipped[id] >= o.start_ns && delivered[id] >= o.start_ns)
            affected.insert(id);
        }
      } else {
        for (std::size_t id = 0; id < shipments.size(); ++id) {
          const ShipmentTimes& s = shipments[id];
          const auto at_port = s.departed.find(site.value());
          const world::OrderId order = ledger.shipments()[id].order;
          if (at_port != s.departed.end() && s.dispatched < o.start_ns && at_port->second >= o.start_ns &&
              s.received >= o.start_ns && ledger.orders()[order].kind == world::OrderKind::kPurchase)
            affected.insert(order);
        }
      }
      score.truth_orders += affected.size();
      // The first record of this cause and location near the start.
      for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        if (r.cause != *cause || r.location != net.site(site).name) continue;
        if (r.at_unix_ns < start_unix - opt.match_window_ns || r.at_unix_ns > start_unix + opt.match_window_ns)
          continue;
        if (matched[i]) continue;  // a record answers one disruption
        matched[i] = true;
        ++score.detected;
        std::set<std::uint32_t> listed;
        for (const std::string& name : r.orders) {
          const auto id = purchase_order_of(name);
          if (!id || *id >= orders) {
            ++unknown;
            continue;
          }
          listed.insert(*id);
        }
        score.listed_orders += listed.size();
        for (std::uint32_t id : listed) score.correct_orders += affected.count(id);
        break;
      }
    }
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].cause == ImpactCause::kPortCongestion) continue;  // the truth has no congestion to match
    ++score.records;
    score.unmatched_records += matched[i] ? 0 : 1;
  }
}

void score_replenishment(const network::Network& net, const world::Ledger& ledger,
                         std::span<const pipeline::ReplenishmentSignalRecord> records, const SignalScoreOptions& opt,
                         ReplenishmentScore& score, std::uint64_t& unknown) {
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> signals;  // SKU-location -> times (Unix ns)
  for (const auto& r : records) {
    const auto site = net.find_site(r.location);
    const auto sku = net.find_sku(r.sku);
    if (!site || !sku) {
      ++unknown;
      continue;
    }
    ++score.signals;
    signals[key_of(*site, *sku)].push_back(r.at_unix_ns);
  }
  for (auto& [key, times] : signals) std::sort(times.begin(), times.end());
  std::unordered_map<std::uint64_t, std::int64_t> on_hand;
  std::vector<double> leads;
  for (world::StockMovements moves(ledger); !moves.done();) {
    const world::StockMovement m = moves.next();
    if (net.site(m.site).kind != network::SiteKind::kStore) continue;
    const std::uint64_t key = key_of(m.site, m.sku);
    std::int64_t& units = on_hand[key];
    const std::int64_t before = units;
    units += m.delta;
    const std::int64_t t = m.time + opt.epoch_unix_ns;
    if (!(before > 0 && units <= 0) || t < opt.from_unix_ns || t >= opt.until_unix_ns) continue;
    ++score.stockouts;
    const auto it = signals.find(key);
    if (it == signals.end()) continue;
    const auto after = std::upper_bound(it->second.begin(), it->second.end(), t);
    if (after == it->second.begin() || *std::prev(after) < t - opt.signal_lookback_ns) continue;
    ++score.stockouts_signalled;
    leads.push_back(static_cast<double>(t - *std::prev(after)) / kHourNs);
  }
  if (!leads.empty()) {
    std::nth_element(leads.begin(), leads.begin() + static_cast<std::ptrdiff_t>(leads.size() / 2), leads.end());
    score.median_lead_hours = leads[leads.size() / 2];
  }
}

}  // namespace

SignalScore score_signals(const network::Network& net, const world::WorldConfig& config, const world::Ledger& ledger,
                          std::span<const pipeline::DemandSignalRecord> demand,
                          std::span<const pipeline::DisruptionImpactRecord> impacts,
                          std::span<const pipeline::ReplenishmentSignalRecord> replenishment,
                          const SignalScoreOptions& options) {
  SignalScore score;
  const std::vector<Occurrence> truth = occurrences(ledger);
  score_demand(net, config, truth, demand, options, score.demand, score.unknown_names);
  score_impacts(net, config, ledger, truth, impacts, options, score.impacts, score.unknown_names);
  score_replenishment(net, ledger, replenishment, options, score.replenishment, score.unknown_names);
  return score;
}

std::vector<std::pair<std::string, double>> SignalScore::metrics() const {
  auto n = [](std::uint64_t v) { return static_cast<double>(v); };
  return {
      {"demand_signals.spikes", n(demand.spikes)},
      {"demand_signals.detected", n(demand.detected)},
      {"demand_signals.recall", ratio(demand.detected, demand.spikes)},
      {"demand_signals.up_signals", n(demand.up_signals)},
      {"demand_signals.precision", ratio(demand.up_correct, demand.up_signals)},
      {"demand_signals.store_precision", ratio(demand.store_up_correct, demand.store_up_signals)},
      {"demand_signals.down_signals", n(demand.down_signals)},
      {"demand_signals.mean_delay_hours", demand.mean_delay_hours},
      {"demand_signals.max_delay_hours", demand.max_delay_hours},
      {"disruption_impacts.disruptions", n(impacts.disruptions)},
      {"disruption_impacts.detected", n(impacts.detected)},
      {"disruption_impacts.records", n(impacts.records)},
      {"disruption_impacts.unmatched_records", n(impacts.unmatched_records)},
      {"disruption_impacts.truth_orders", n(impacts.truth_orders)},
      {"disruption_impacts.order_precision", ratio(impacts.correct_orders, impacts.listed_orders)},
      {"disruption_impacts.order_recall", ratio(impacts.correct_orders, impacts.truth_orders)},
      {"replenishment_signals.count", n(replenishment.signals)},
      {"replenishment_signals.stockouts", n(replenishment.stockouts)},
      {"replenishment_signals.stockouts_signalled", n(replenishment.stockouts_signalled)},
      {"replenishment_signals.stockout_coverage", ratio(replenishment.stockouts_signalled, replenishment.stockouts)},
      {"replenishment_signals.median_lead_hours", replenishment.median_lead_hours},
      {"signals.unknown_names", n(unknown_names)},
  };
}

}  // namespace chaintwin::analysis
