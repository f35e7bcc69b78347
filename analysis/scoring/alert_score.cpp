#include "analysis/scoring/alert_score.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace chaintwin::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kNotYet = INT64_MAX;

// The same rule as the world's cold rooms (sim/world/world.cpp).
bool out_of_range(network::TemperatureClass zone, double celsius) {
  if (zone == network::TemperatureClass::kFrozen) return celsius > -18.0;
  return celsius < 2.0 || celsius > 8.0;
}

// Nearest-rank percentile of seconds; NaN when empty.
double percentile(std::vector<double> values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::optional<std::uint64_t> number_after(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// The first raise of each alert id, in topic order.
struct Raised {
  std::string kind;
  std::string subject;
  std::int64_t event_ns;
  std::int64_t watermark_ns;
};

struct Excursion {
  std::int64_t first_out_ns;
  std::int64_t end_ns;    // the first in-range reading after it (kNotYet: still out)
  std::int64_t onset_ns;  // first_out + minimum duration
  std::int64_t first_alert_event_ns = kNotYet;
  std::int64_t first_alert_watermark_ns = kNotYet;
};

void finish(AlertKindScore& k, const std::vector<double>& delays, const std::vector<double>& watermark_delays) {
  k.precision = k.alerts == 0 ? kNaN : static_cast<double>(k.correct) / static_cast<double>(k.alerts);
  k.recall = k.truth == 0 ? kNaN : static_cast<double>(k.detected) / static_cast<double>(k.truth);
  k.delay_p50_s = percentile(delays, 0.5);
  k.delay_p90_s = percentile(delays, 0.9);
  k.watermark_delay_p50_s = percentile(watermark_delays, 0.5);
  k.watermark_delay_p90_s = percentile(watermark_delays, 0.9);
}

}  // namespace

AlertScore score_alerts(const network::Network& net, const world::Ledger& ledger, std::int64_t epoch_unix_ns,
                        std::span<const pipeline::AlertRecord> records, std::int64_t until_unix_ns,
                        const AlertScoreConfig& config) {
  AlertScore score;
  score.records = records.size();
  AlertKindScore& delay = score.kinds[0];
  AlertKindScore& excursion = score.kinds[1];
  AlertKindScore& deviation = score.kinds[2];
  delay.kind = "shipment_delay";
  excursion.kind = "temperature_excursion";
  deviation.kind = "route_deviation";
  const std::int64_t until = until_unix_ns - epoch_unix_ns;  // simulated ns

  std::map<std::string, Raised, std::less<>> raised;  // by id
  for (const pipeline::AlertRecord& r : records) {
    if (r.kind != delay.kind && r.kind != excursion.kind && r.kind != deviation.kind) {
      ++score.unknown;
      continue;
    }
    if (r.raised && !raised.contains(r.id))
      raised.emplace(
          r.id, Raised{r.kind, r.subject, r.event_time_unix_ns - epoch_unix_ns, r.watermark_unix_ns - epoch_unix_ns});
  }

  // Shipment delays: the truth per shipment (arrival at its destination against its order's promise).
  const auto& shipments = ledger.shipments();
  std::vector<std::int64_t> arrived(shipments.size(), kNotYet);
  std::vector<bool> dispatched(shipments.size(), false);
  const auto& events = ledger.shipment_events();
  for (std::size_t i = 0; i < events.time.size() && events.time[i] <= until; ++i) {
    const world::ShipmentId s = events.shipment[i];
    if (events.state[i] == world::ShipmentState::kDispatched) dispatched[s] = true;
    if (events.state[i] == world::ShipmentState::kArrived && arrived[s] == kNotYet) arrived[s] = events.time[i];
  }
  std::vector<std::int64_t> late_from(shipments.size(), kNotYet);  // the onset of a late shipment: its promise
  for (std::size_t s = 0; s < shipments.size(); ++s) {
    if (!dispatched[s] || shipments[s].order >= ledger.orders().size()) continue;
    const std::int64_t promised = ledger.orders()[shipments[s].order].promised.ns();
    const std::int64_t deadline = promised + config.delay_tolerance_ns;
    if (arrived[s] != kNotYet ? arrived[s] > deadline : deadline < until) {
      late_from[s] = promised;
      ++delay.truth;
    }
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> first_delay_alert(shipments.size(), {kNotYet, kNotYet});

  // Temperature excursions: runs of out-of-range readings per cold room, long enough.
  std::map<std::pair<std::uint32_t, network::TemperatureClass>, std::vector<Excursion>> rooms;
  {
    std::map<std::pair<std::uint32_t, network::TemperatureClass>, std::int64_t> out_since;
    std::map<std::pair<std::uint32_t, network::TemperatureClass>, bool> long_enough;
    const auto& t = ledger.temperatures();
    for (std::size_t i = 0; i < t.time.size() && t.time[i] <= until; ++i) {
      // Messages state times to the millisecond: the truth is compared at that resolution.
      const std::int64_t time = t.time[i] / 1'000'000 * 1'000'000;
      const auto room = std::make_pair(t.site[i].value(), t.zone[i]);
      const auto since = out_since.try_emplace(room, kNotYet).first;
      if (out_of_range(t.zone[i], t.celsius[i])) {
        if (since->second == kNotYet) {
          since->second = time;
          long_enough[room] = false;
        }
        if (!long_enough[room] && time - since->second >= config.excursion_min_ns) {
          long_enough[room] = true;
          rooms[room].push_back({since->second, kNotYet, since->second + config.excursion_min_ns});
        }
      } else if (since->second != kNotYet) {
        if (long_enough[room]) rooms[room].back().end_ns = time;
        since->second = kNotYet;
      }
    }
    for (const auto& [room, list] : rooms) excursion.truth += list.size();
  }

  for (const auto& [id, a] : raised) {
    if (a.kind == delay.kind) {
      const auto n = number_after(a.subject, "SH");
      if (!n || *n >= shipments.size()) {
        ++score.unknown;
        continue;
      }
      ++delay.alerts;
      if (late_from[*n] == kNotYet) continue;
      ++delay.correct;
      auto& first = first_delay_alert[*n];
      if (a.event_ns < first.first) first = {a.event_ns, a.watermark_ns};
    } else if (a.kind == excursion.kind) {
      const auto slash = a.subject.rfind('/');
      const auto site = slash == std::string::npos ? std::nullopt : net.find_site(a.subject.substr(0, slash));
      const std::string_view zone_name =
          slash == std::string::npos ? "" : std::string_view(a.subject).substr(slash + 1);
      if (!site || (zone_name != "chilled" && zone_name != "frozen")) {
        ++score.unknown;
        continue;
      }
      ++excursion.alerts;
      const auto zone =
          zone_name == "frozen" ? network::TemperatureClass::kFrozen : network::TemperatureClass::kChilled;
      const auto room = rooms.find({site->value(), zone});
      if (room == rooms.end()) continue;
      for (Excursion& e : room->second) {
        if (a.event_ns < e.first_out_ns || a.event_ns > e.end_ns) continue;
        ++excursion.correct;
        if (a.event_ns < e.first_alert_event_ns) {
          e.first_alert_event_ns = a.event_ns;
          e.first_alert_watermark_ns = a.watermark_ns;
        }
        break;
      }
    } else {
      if (!number_after(a.subject, "TRK")) {
        ++score.unknown;
        continue;
      }
      ++deviation.alerts;  // the world's trucks never leave their routes
    }
  }

  std::vector<double> delays, watermark_delays;
  for (std::size_t s = 0; s < shipments.size(); ++s) {
    if (first_delay_alert[s].first == kNotYet) continue;
    ++delay.detected;
    delays.push_back(static_cast<double>(first_delay_alert[s].first - late_from[s]) / 1e9);
    watermark_delays.push_back(static_cast<double>(first_delay_alert[s].second - late_from[s]) / 1e9);
  }
  finish(delay, delays, watermark_delays);
  delays.clear();
  watermark_delays.clear();
  for (const auto& [room, list] : rooms) {
    for (const Excursion& e : list) {
      if (e.first_alert_event_ns == kNotYet) continue;
      ++excursion.detected;
      delays.push_back(static_cast<double>(e.first_alert_event_ns - e.onset_ns) / 1e9);
      watermark_delays.push_back(static_cast<double>(e.first_alert_watermark_ns - e.onset_ns) / 1e9);
    }
  }
  finish(excursion, delays, watermark_delays);
  finish(deviation, {}, {});
  return score;
}

}  // namespace chaintwin::analysis
