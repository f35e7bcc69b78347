#include "analysis/scoring/stock_score.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unordered_map>

namespace chaintwin::analysis {

namespace {

constexpr std::int64_t kHourNs = 3600ll * 1'000'000'000;

// The truth of one SKU-location: on hand after each movement, in time order.
struct TruthSeries {
  std::vector<std::int64_t> time;     // Unix ns
  std::vector<std::int64_t> on_hand;  // after every movement at or before `time`
  std::int64_t at(std::int64_t t) const {
    const auto it = std::upper_bound(time.begin(), time.end(), t);
    return it == time.begin() ? 0 : on_hand[static_cast<std::size_t>(it - time.begin()) - 1];
  }
};

std::uint64_t key_of(network::SiteId site, network::SkuId sku) {
  return (std::uint64_t{site.value()} << 32) | sku.value();
}

void add(ErrorSummary& s, std::int64_t got, std::int64_t truth, double& sum) {
  const std::int64_t error = std::llabs(got - truth);
  ++s.points;
  s.exact += error == 0 ? 1 : 0;
  s.max_abs_error = std::max(s.max_abs_error, error);
  sum += static_cast<double>(error);
}

void finish(ErrorSummary& s, double sum) { s.mean_abs_error = s.points == 0 ? 0.0 : sum / static_cast<double>(s.points); }

}  // namespace

StockPositionScore score_stock_positions(const network::Network& net, const world::Ledger& ledger,
                                         std::int64_t epoch_unix_ns,
                                         std::span<const pipeline::StockPositionRecord> records,
                                         std::int64_t until_unix_ns) {
  StockPositionScore score;
  score.records = records.size();

  // The truth, per SKU-location.
  std::unordered_map<std::uint64_t, TruthSeries> truth;
  for (world::StockMovements m(ledger); !m.done();) {
    const world::StockMovement mv = m.next();
    TruthSeries& series = truth[key_of(mv.site, mv.sku)];
    // Messages state times to the millisecond: the truth is compared at that resolution too.
    const std::int64_t t = mv.time / 1'000'000 * 1'000'000 + epoch_unix_ns;
    const std::int64_t before = series.on_hand.empty() ? 0 : series.on_hand.back();
    if (!series.time.empty() && series.time.back() == t) {
      series.on_hand.back() += mv.delta;
    } else {
      series.time.push_back(t);
      series.on_hand.push_back(before + mv.delta);
    }
  }

  // The pipeline's records: first and latest revision per (key, asOf).
  struct Published {
    std::int64_t first = 0;
    std::int64_t latest = 0;
  };
  std::unordered_map<std::uint64_t, std::map<std::int64_t, Published>> published;
  for (const auto& r : records) {
    const auto site = net.find_site(r.location);
    const auto sku = net.find_sku(r.sku);
    if (!site || !sku) {
      ++score.unknown_names;
      continue;
    }
    auto& by_time = published[key_of(*site, *sku)];
    const auto [it, inserted] = by_time.try_emplace(r.as_of_unix_ns, Published{r.on_hand, r.on_hand});
    if (!inserted) it->second.latest = r.on_hand;  // topic order: the last record counts
  }
  score.keys = published.size();

  double final_sum = 0, first_sum = 0;
  std::int64_t first_tick = INT64_MAX;
  for (const auto& [key, by_time] : published) {
    const auto t = truth.find(key);
    static const TruthSeries kNoMovements;
    const TruthSeries& series = t == truth.end() ? kNoMovements : t->second;
    for (const auto& [as_of, p] : by_time) {
      add(score.final_records, p.latest, series.at(as_of), final_sum);
      add(score.first_records, p.first, series.at(as_of), first_sum);
    }
    if (!by_time.empty()) first_tick = std::min(first_tick, by_time.begin()->first);
  }
  finish(score.final_records, final_sum);
  finish(score.first_records, first_sum);

  // Every SKU-location of the truth, every hour from the first published tick to the last watermark: the latest
  // record at or before the hour (nothing published yet counts as 0 on hand).
  if (first_tick == INT64_MAX) return score;
  score.from_unix_ns = (first_tick + kHourNs - 1) / kHourNs * kHourNs;
  const std::size_t hours =
      until_unix_ns < score.from_unix_ns ? 0 : static_cast<std::size_t>((until_unix_ns - score.from_unix_ns) / kHourNs) + 1;
  std::vector<double> sums(hours, 0.0);
  std::vector<std::uint64_t> counts(hours, 0);
  double hourly_sum = 0;
  for (const auto& [key, series] : truth) {
    const auto p = published.find(key);
    if (p == published.end()) ++score.missing_keys;
    for (std::size_t h = 0; h < hours; ++h) {
      const std::int64_t t = score.from_unix_ns + static_cast<std::int64_t>(h) * kHourNs;
      std::int64_t got = 0;
      if (p != published.end()) {
        const auto it = p->second.upper_bound(t);
        if (it != p->second.begin()) got = std::prev(it)->second.latest;
      }
      const std::int64_t expected = series.at(t);
      add(score.hourly, got, expected, hourly_sum);
      sums[h] += static_cast<double>(std::llabs(got - expected));
      ++counts[h];
    }
  }
  finish(score.hourly, hourly_sum);
  score.hourly_mean_abs_error.resize(hours);
  for (std::size_t h = 0; h < hours; ++h)
    score.hourly_mean_abs_error[h] = counts[h] == 0 ? 0.0 : sums[h] / static_cast<double>(counts[h]);
  return score;
}

}  // namespace chaintwin::analysis
