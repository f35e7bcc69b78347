#include "analysis/world_results.hpp"

#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/results_file.hpp"

namespace chaintwin::analysis {
namespace {

// Rows times row width, as Ledger::memory_bytes() counts (reserved room never written costs no memory).
template <class... Columns>
std::uint64_t used_bytes(const Columns&... columns) {
  return (... + (columns.size() * sizeof(typename Columns::value_type)));
}

std::string_view to_string(world::StockoutMode mode) {
  return mode == world::StockoutMode::kBackorders ? "backorders" : "lost_sales";
}

std::vector<std::uint64_t> replication_index(std::size_t n) {
  std::vector<std::uint64_t> index(n);
  std::iota(index.begin(), index.end(), std::uint64_t{0});
  return index;
}

void write_run_attributes(ResultsFile& file, const WorldRunInfo& run, std::size_t replications) {
  file.set_attribute("/", "chaintwin_version", std::string(CHAINTWIN_VERSION));
  file.set_attribute("/", "model", std::string("supply-chain world"));
  file.set_attribute("/", "scenario", run.scenario);
  file.set_attribute("/", "seed", run.seed);
  file.set_attribute("/", "replications", static_cast<std::uint64_t>(replications));
  file.set_attribute("/", "horizon_days", run.kpi.horizon.to_days());
  file.set_attribute("/", "warm_up_days", run.kpi.warm_up.to_days());
  file.set_attribute("/", "stockout", std::string(to_string(run.kpi.stockout)));
  file.set_attribute("/", "promise_window_hours", run.kpi.promise_window.to_hours());
  file.set_attribute("/", "holding_rate_per_year", run.kpi.holding_rate_per_year);
  file.set_attribute("/", "visibility", run.visibility);
  file.set_attribute("/", "confidence_level", run.confidence_level);
}

void write_kpis(ResultsFile& file, std::span<const WorldReplication> replications, double level) {
  std::vector<Column> columns;
  columns.reserve(kKpiCount + 1);
  columns.push_back({"replication", replication_index(replications.size()), "",
                     "replication index (keys the random streams with the seed)"});
  std::vector<WorldKpis> kpis;
  kpis.reserve(replications.size());
  for (const WorldReplication& r : replications) kpis.push_back(r.kpis);
  for (const KpiDefinition& kpi : kKpis) {
    std::vector<double> values;
    values.reserve(kpis.size());
    for (const WorldKpis& k : kpis) values.push_back(k.*kpi.member);
    columns.push_back({std::string(kpi.name), std::move(values), std::string(kpi.unit), std::string(kpi.description)});
  }
  file.write_table("/kpis", columns);
  file.set_attribute("/kpis", "description",
                     std::string("one row per replication; NaN where a KPI is undefined (e.g. no demand)"));

  const auto intervals = summarise_kpis(kpis, level);
  std::vector<std::string> names, units;
  std::vector<double> mean, half_width, lower, upper;
  std::vector<std::uint64_t> defined;
  for (std::size_t i = 0; i < kKpiCount; ++i) {
    names.emplace_back(kKpis[i].name);
    units.emplace_back(kKpis[i].unit);
    mean.push_back(intervals[i].mean);
    half_width.push_back(intervals[i].half_width);
    lower.push_back(intervals[i].lower());
    upper.push_back(intervals[i].upper());
    defined.push_back(intervals[i].n);
  }
  const Column summary[] = {
      {"kpi", names, "", "name of the /kpis column summarised in this row"},
      {"unit", units, "", "unit of the row's values"},
      {"mean", mean, "", "mean over the replications where the KPI is defined"},
      {"half_width", half_width, "", "half-width of the Student-t confidence interval of the mean (inf if n < 2)"},
      {"lower", lower, "", "mean - half_width"},
      {"upper", upper, "", "mean + half_width"},
      {"n", defined, "replications", "replications where the KPI is defined (not NaN)"},
  };
  file.write_table("/summary", summary);
  file.set_attribute("/summary", "confidence_level", level);
}

void write_conservation(ResultsFile& file, std::span<const WorldReplication> replications) {
  std::vector<Column> columns;
  columns.push_back({"replication", replication_index(replications.size()), "", "replication index"});
  for (const ConservationField& field : kConservationFields) {
    std::vector<std::int64_t> values;
    values.reserve(replications.size());
    for (const WorldReplication& r : replications) values.push_back(r.kpis.conservation.*field.member);
    columns.push_back({std::string(field.name), std::move(values), "units", std::string(field.description)});
  }
  file.write_table("/conservation", columns);
  file.set_attribute("/conservation", "description",
                     std::string("units in and out of the world over [0, horizon); both imbalances must be 0"));
}

void write_ledger_summaries(ResultsFile& file, std::span<const WorldReplication> replications) {
  const auto per_replication = [&](const auto& value) {
    std::vector<std::uint64_t> values;
    values.reserve(replications.size());
    for (const WorldReplication& r : replications) values.push_back(value(r.ledger));
    return values;
  };
  std::vector<Column> columns;
  columns.push_back({"replication", replication_index(replications.size()), "", "replication index"});
  columns.push_back({"events", per_replication([](const LedgerSummary& s) { return s.events; }), "events",
                     "events the simulation executed"});
  columns.push_back({"total_rows", per_replication([](const LedgerSummary& s) { return s.total_rows(); }), "rows",
                     "rows of every fact table"});
  columns.push_back({"total_bytes", per_replication([](const LedgerSummary& s) { return s.total_bytes(); }), "bytes",
                     "bytes of the ledger's facts (tables and descriptions)"});
  for (std::size_t t = 0; t < world::kFactTableCount; ++t) {
    const std::string table(world::to_string(static_cast<world::FactTable>(t)));
    columns.push_back({table + "_rows", per_replication([t](const LedgerSummary& s) { return s.rows[t]; }), "rows",
                       "rows of the " + table + " table"});
  }
  for (std::size_t t = 0; t < world::kFactTableCount; ++t) {
    const std::string table(world::to_string(static_cast<world::FactTable>(t)));
    columns.push_back({table + "_bytes", per_replication([t](const LedgerSummary& s) { return s.bytes[t]; }), "bytes",
                       "bytes of the " + table + " table's rows (rows x row width)"});
  }
  columns.push_back({"description_bytes", per_replication([](const LedgerSummary& s) { return s.description_bytes; }),
                     "bytes", "bytes of the descriptions of orders, shipments, their lines and the vehicles"});
  file.write_table("/ledger", columns);
}

// One time axis and one location table serve every replication's dataset, so they must agree.
void check_stock_series(std::span<const WorldReplication> replications) {
  const StockSeries& first = replications.front().stock;
  for (std::size_t r = 1; r < replications.size(); ++r) {
    const StockSeries& other = replications[r].stock;
    if (other.resolution != first.resolution || other.steps != first.steps || other.sites != first.sites ||
        other.skus != first.skus || other.on_hand.size() != other.steps * other.locations())
      throw std::invalid_argument("stock series of replication " + std::to_string(r) +
                                  " has other time steps or locations than replication 0");
  }
}

void write_stock_series(ResultsFile& file, const network::Network& network,
                        std::span<const WorldReplication> replications) {
  const StockSeries& first = replications.front().stock;
  if (first.steps == 0) return;  // not recorded

  file.create_group("/stock");
  file.set_attribute("/stock", "resolution_hours", first.resolution.to_hours());
  std::vector<double> days(first.steps);
  for (std::size_t step = 0; step < first.steps; ++step) days[step] = first.time_of(step).to_days();
  file.write("/stock/time_days", days);
  file.set_attribute("/stock/time_days", "unit", std::string("d"));
  file.set_attribute("/stock/time_days", "description",
                     std::string("sample times: on hand after every stock movement at or before them"));

  std::vector<std::uint64_t> site_ids, sku_ids;
  std::vector<std::string> site_names, sku_names;
  for (std::size_t l = 0; l < first.locations(); ++l) {
    site_ids.push_back(first.sites[l].value());
    sku_ids.push_back(first.skus[l].value());
    site_names.push_back(network.site(first.sites[l]).name);
    sku_names.push_back(network.sku(first.skus[l]).name);
  }
  const Column locations[] = {
      {"site", site_ids, "", "site id (index in the network)"},
      {"sku", sku_ids, "", "SKU id (index in the network)"},
      {"site_name", site_names, "", "site name"},
      {"sku_name", sku_names, "", "SKU name"},
  };
  file.write_table("/stock/locations", locations);

  file.create_group("/stock/on_hand");
  for (std::size_t r = 0; r < replications.size(); ++r) {
    const std::string path = "/stock/on_hand/" + std::to_string(r);
    const StockSeries& series = replications[r].stock;
    file.write_matrix(path, series.on_hand, series.steps, series.locations());
    file.set_attribute(path, "unit", std::string("units"));
  }
}

}  // namespace

std::uint64_t LedgerSummary::total_rows() const { return std::accumulate(rows.begin(), rows.end(), std::uint64_t{0}); }

std::uint64_t LedgerSummary::total_bytes() const {
  return std::accumulate(bytes.begin(), bytes.end(), description_bytes);
}

LedgerSummary summarise_ledger(const world::Ledger& ledger, std::uint64_t events_executed) {
  using world::FactTable;
  LedgerSummary summary;
  summary.events = events_executed;
  for (std::size_t t = 0; t < world::kFactTableCount; ++t)
    summary.rows[t] = ledger.row_count(static_cast<FactTable>(t));
  const auto bytes = [&](FactTable table) -> std::uint64_t& { return summary.bytes[static_cast<std::size_t>(table)]; };
  const auto& s = ledger.stock();
  bytes(FactTable::kStock) = used_bytes(s.time, s.site, s.sku, s.delta, s.reason, s.ref, s.demand_rows_before);
  const auto& d = ledger.demand();
  bytes(FactTable::kDemand) = used_bytes(d.time, d.site, d.sku, d.requested, d.filled);
  const auto& b = ledger.backorder_fills();
  bytes(FactTable::kBackorderFills) = used_bytes(b.time, b.demand, b.quantity);
  const auto& o = ledger.order_events();
  bytes(FactTable::kOrderEvents) = used_bytes(o.time, o.order, o.state, o.value);
  const auto& e = ledger.shipment_events();
  bytes(FactTable::kShipmentEvents) = used_bytes(e.time, e.shipment, e.state, e.site, e.lane);
  const auto& p = ledger.positions();
  bytes(FactTable::kPositions) = used_bytes(p.time, p.vehicle, p.lat, p.lon, p.speed_kmh, p.heading_deg, p.status);
  const auto& x = ledger.temperatures();
  bytes(FactTable::kTemperatures) = used_bytes(x.time, x.site, x.zone, x.celsius);
  const auto& z = ledger.disruptions();
  bytes(FactTable::kDisruptions) = used_bytes(z.time, z.disruption, z.kind, z.target, z.phase, z.magnitude);
  summary.description_bytes =
      used_bytes(ledger.orders(), ledger.order_lines(), ledger.shipments(), ledger.shipment_lines(), ledger.vehicles());
  return summary;
}

WorldReplication analyse_replication(const world::Ledger& ledger, const network::Network& network,
                                     const KpiOptions& options, const world::OutputConfig& output,
                                     std::uint64_t events_executed) {
  return {compute_kpis(ledger, network, options),
          stock_series(ledger, network, output.stock_resolution, options.horizon, output.stock_series_max_locations),
          summarise_ledger(ledger, events_executed)};
}

void write_world_results(const std::filesystem::path& path, const network::Network& network, const WorldRunInfo& run,
                         std::span<const WorldReplication> replications) {
  if (replications.empty()) throw std::invalid_argument("write_world_results: no replications");
  check_stock_series(replications);  // before creating anything
  ResultsFile file(path);
  write_run_attributes(file, run, replications.size());
  write_kpis(file, replications, run.confidence_level);
  write_conservation(file, replications);
  write_ledger_summaries(file, replications);
  write_stock_series(file, network, replications);
  file.commit();
}

}  // namespace chaintwin::analysis
