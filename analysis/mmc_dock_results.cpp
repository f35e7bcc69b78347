#include "analysis/mmc_dock_results.hpp"

#include <string>
#include <vector>

#include "analysis/results_file.hpp"

namespace chaintwin::analysis {

void write_mmc_dock_results(const std::filesystem::path& path, const sim::models::MmcDockConfig& config,
                            std::uint64_t seed, std::span<const sim::models::MmcDockResult> replications,
                            const sim::theory::MmcSteadyState& theory) {
  constexpr double kLevel = 0.95;
  const std::size_t n = replications.size();
  const auto rows = sim::models::summarise_mmc_dock(replications, theory, kLevel);
  std::vector<std::uint64_t> index(n), served(n), events(n), hashes(n);
  for (std::size_t i = 0; i < n; ++i) {
    index[i] = i;
    served[i] = replications[i].trucks_served;
    events[i] = replications[i].events;
    hashes[i] = replications[i].trajectory_hash;
  }

  ResultsFile file(path);
  file.set_attribute("/", "chaintwin_version", std::string(CHAINTWIN_VERSION));
  file.set_attribute("/", "model", std::string("M/M/c receiving dock"));

  const Column per_replication[] = {
      {"replication", index, "", "replication index (keys the random streams with the seed)"},
      {rows[0].key, rows[0].values, rows[0].unit,
       "fraction of trucks arriving after warm-up that found every door busy"},
      {rows[1].key, rows[1].values, rows[1].unit, "mean wait for a door of trucks arriving after warm-up"},
      {rows[2].key, rows[2].values, rows[2].unit, "time-average number of trucks queueing after warm-up"},
      {rows[3].key, rows[3].values, rows[3].unit, "time-average fraction of doors busy after warm-up"},
      {"trucks_served", served, "trucks", "trucks unloaded, warm-up included"},
      {"events", events, "events", "events the engine executed"},
      {"trajectory_hash", hashes, "", "fingerprint of the event trajectory: same seed, same hash"},
  };
  file.write_table("/replications", per_replication);
  file.set_attribute("/replications", "description", std::string("one row per independent replication"));

  std::vector<std::string> quantity, unit;
  std::vector<double> erlang_c, mean, half_width, lower, upper;
  for (const auto& row : rows) {
    quantity.emplace_back(row.key);
    unit.emplace_back(row.unit);
    erlang_c.push_back(row.theory);
    mean.push_back(row.interval.mean);
    half_width.push_back(row.interval.half_width);
    lower.push_back(row.interval.lower());
    upper.push_back(row.interval.upper());
  }
  const Column summary[] = {
      {"quantity", quantity, "", "the per-replication column summarised in this row"},
      {"unit", unit, "", "unit of the row's values"},
      {"erlang_c", erlang_c, "", "steady-state value from Erlang C (M/M/c theory)"},
      {"mean", mean, "", "mean over replications"},
      {"half_width", half_width, "", "half-width of the Student-t confidence interval of the mean"},
      {"lower", lower, "", "lower end of the confidence interval"},
      {"upper", upper, "", "upper end of the confidence interval"},
  };
  file.write_table("/summary", summary);
  file.set_attribute("/summary", "doors", config.doors);
  file.set_attribute("/summary", "arrivals_per_hour", config.arrivals_per_hour);
  file.set_attribute("/summary", "unloads_per_hour", config.unloads_per_hour);
  file.set_attribute("/summary", "days", config.horizon.to_days());
  file.set_attribute("/summary", "warm_up_days", config.warm_up.to_days());
  file.set_attribute("/summary", "seed", seed);
  file.set_attribute("/summary", "replications", static_cast<std::uint64_t>(n));
  file.set_attribute("/summary", "confidence_level", kLevel);
  file.commit();
}

}  // namespace chaintwin::analysis
