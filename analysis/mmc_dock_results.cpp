#include "analysis/mmc_dock_results.hpp"

#include <string>
#include <vector>

#include "analysis/results_file.hpp"
#include "sim/core/statistics.hpp"

namespace chaintwin::analysis {

void write_mmc_dock_results(const std::filesystem::path& path, const sim::models::MmcDockConfig& config,
                            std::uint64_t seed, std::span<const sim::models::MmcDockResult> replications,
                            const sim::theory::MmcSteadyState& theory) {
  constexpr double kLevel = 0.95;
  const std::size_t n = replications.size();
  std::vector<std::uint64_t> index(n), served(n), events(n), hashes(n);
  std::vector<double> p_wait(n), wait(n), queue(n), utilisation(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = replications[i];
    index[i] = i;
    p_wait[i] = r.probability_wait();
    wait[i] = r.wait_hours.mean();
    queue[i] = r.mean_queue_length;
    utilisation[i] = r.door_utilisation;
    served[i] = r.trucks_served;
    events[i] = r.events;
    hashes[i] = r.trajectory_hash;
  }

  ResultsFile file(path);
  file.set_attribute("/", "chaintwin_version", std::string(CHAINTWIN_VERSION));
  file.set_attribute("/", "model", std::string("M/M/c receiving dock"));

  const Column per_replication[] = {
      {"replication", index, "", "replication index (keys the random streams with the seed)"},
      {"probability_wait", p_wait, "1", "fraction of trucks arriving after warm-up that found every door busy"},
      {"mean_wait_hours", wait, "h", "mean wait for a door of trucks arriving after warm-up"},
      {"mean_queue_length", queue, "trucks", "time-average number of trucks queueing after warm-up"},
      {"utilisation", utilisation, "1", "time-average fraction of doors busy after warm-up"},
      {"trucks_served", served, "trucks", "trucks unloaded, warm-up included"},
      {"events", events, "events", "events the engine executed"},
      {"trajectory_hash", hashes, "", "fingerprint of the event trajectory: same seed, same hash"},
  };
  file.write_table("/replications", per_replication);
  file.set_attribute("/replications", "description", std::string("one row per independent replication"));

  const std::vector<double>* samples[] = {&p_wait, &wait, &queue, &utilisation};
  const double expected[] = {theory.probability_wait, theory.mean_wait_in_queue, theory.mean_queue_length,
                             theory.utilisation};
  std::vector<double> erlang_c, mean, half_width, lower, upper;
  for (std::size_t q = 0; q < std::size(samples); ++q) {
    const auto ci = sim::student_t_interval(*samples[q], kLevel);
    erlang_c.push_back(expected[q]);
    mean.push_back(ci.mean);
    half_width.push_back(ci.half_width);
    lower.push_back(ci.lower());
    upper.push_back(ci.upper());
  }
  const Column summary[] = {
      {"quantity", std::vector<std::string>{"probability_wait", "mean_wait_hours", "mean_queue_length", "utilisation"},
       "", "the per-replication column summarised in this row"},
      {"unit", std::vector<std::string>{"1", "h", "trucks", "1"}, "", "unit of the row's values"},
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
