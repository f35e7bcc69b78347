#include "app/run_command.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <limits>
#include <mutex>
#include <string_view>
#include <vector>

#include "analysis/expectations.hpp"
#include "analysis/kpis.hpp"
#include "analysis/world_results.hpp"
#include "app/progress.hpp"
#include "scenarios/world_scenario.hpp"
#include "sim/core/replication.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::app {

namespace {

void add_overrides(CLI::App* cmd, RunOverrides& o) {
  cmd->add_option("--replications", o.replications, "Replications (default: the scenario's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o.seed, "Master seed (default: the scenario's)");
  cmd->add_option("--threads", o.threads, "Worker threads, 0 for one per core (default: the scenario's)");
}

struct RunResult {
  std::vector<analysis::WorldReplication> replications;
  analysis::KpiOptions kpi;
  std::uint64_t events = 0;
  double seconds = 0.0;
};

// Every replication in parallel; progress counts simulated days over all of them.
RunResult simulate(const scenarios::LoadedWorldScenario& s, const std::string& label) {
  const auto& base = s.scenario;
  RunResult result;
  result.kpi = analysis::kpi_options(s.world, base.warm_up, base.horizon);
  const auto days = static_cast<std::size_t>(std::ceil(base.horizon.to_days()));
  Progress progress(label, days * base.replications);
  std::mutex progress_mutex;
  std::atomic<std::size_t> days_done{0};
  const world::DemandHistory* history = s.history.rows.empty() ? nullptr : &s.history;
  const auto start = std::chrono::steady_clock::now();
  struct Rep {
    analysis::WorldReplication analysed;
    std::uint64_t events = 0;
  };
  auto reps = sim::run_replications(
      {.replications = base.replications, .master_seed = base.seed, .threads = base.threads, .on_progress = {}},
      [&](std::size_t, const sim::RandomStreams& streams) {
        world::World w(s.network, s.world, streams, base.horizon, history);
        w.run_until(base.horizon, [&](sim::SimTime) {
          const std::size_t done = ++days_done;
          std::lock_guard lock(progress_mutex);
          progress.update(done);
        });
        const std::uint64_t events = w.counters().events;
        return Rep{analysis::analyse_replication(w.ledger(), s.network, result.kpi, s.world.output, events), events};
      });
  progress.finish();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& r : reps) {
    result.events += r.events;
    result.replications.push_back(std::move(r.analysed));
  }
  return result;
}

std::string format_interval(const sim::ConfidenceInterval& ci) {
  char text[64];
  if (ci.n == 0 || std::isnan(ci.mean))
    std::snprintf(text, sizeof text, "n/a");
  else if (ci.n < 2 || !std::isfinite(ci.half_width))
    std::snprintf(text, sizeof text, "%.4g", ci.mean);
  else
    std::snprintf(text, sizeof text, "%.4g +- %.2g", ci.mean, ci.half_width);
  return text;
}

void print_header(const scenarios::LoadedWorldScenario& s) {
  std::size_t kinds[5] = {};
  for (const auto& site : s.network.sites()) ++kinds[static_cast<int>(site.kind)];
  std::printf("%s: %zu suppliers, %zu ports, %zu DCs, %zu stores, %zu SKUs, %zu SKU-locations\n",
              s.scenario.name.c_str(), kinds[0] + kinds[1], kinds[2], kinds[3], kinds[4], s.network.skus().size(),
              s.network.assortment().size());
  std::printf("%u replications of %.4g days (warm-up %.4g days), seed %llu, %zu disruption(s)\n\n",
              s.scenario.replications, s.scenario.horizon.to_days(), s.scenario.warm_up.to_days(),
              static_cast<unsigned long long>(s.scenario.seed), s.world.disruptions.size());
  std::fflush(stdout);
}

// Conservation must hold in every replication: a run where it does not is a bug, never a result.
bool check_conservation(const RunResult& r, const char* label) {
  std::size_t bad = 0;
  for (const auto& rep : r.replications) bad += rep.kpis.conservation.balanced() ? 0 : 1;
  if (bad == 0) {
    std::printf("conservation (%s): every unit on hand, in transit, sold or spoiled, in all %zu replications\n", label,
                r.replications.size());
    return true;
  }
  std::fprintf(stderr, "chaintwin: conservation of units failed in %zu of %zu replications of %s: a model bug\n", bad,
               r.replications.size(), label);
  return false;
}

std::vector<analysis::WorldKpis> kpis_of(const RunResult& r) {
  std::vector<analysis::WorldKpis> k;
  for (const auto& rep : r.replications) k.push_back(rep.kpis);
  return k;
}

void write(const std::filesystem::path& path, const scenarios::LoadedWorldScenario& s, const RunResult& r) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  analysis::write_world_results(path, s.network, {s.scenario.name, s.scenario.seed, r.kpi, 0.95}, r.replications);
}

// The metric family `run` measures: kpi.<KPI name>, the KPI's mean over the replications.
constexpr std::string_view kKpiFamily = "kpi.";

bool is_kpi_metric(const scenarios::Expectation& e) { return e.metric.starts_with(kKpiFamily); }

std::vector<std::string> kpi_metric_names() {
  std::vector<std::string> names;
  for (const analysis::KpiDefinition& kpi : analysis::kKpis)
    names.push_back(std::string(kKpiFamily) + std::string(kpi.name));
  return names;
}

// A kpi.* expectation naming no KPI could only fail, after the whole run: report it before anything runs, at its
// position, like any other mistake in the scenario. False when there was one.
bool check_kpi_names(const scenarios::LoadedWorldScenario& s) {
  const std::vector<std::string> names = kpi_metric_names();
  std::size_t problems = 0;
  for (std::size_t i = 0; i < s.expectations.size(); ++i) {
    const scenarios::Expectation& e = s.expectations[i];
    if (!is_kpi_metric(e) || std::find(names.begin(), names.end(), e.metric) != names.end()) continue;
    std::string message = "unknown KPI '" + e.metric + "'";
    if (auto near = scenarios::detail::closest_name(e.metric, names)) message += "; did you mean '" + *near + "'?";
    message += " (the KPIs are listed in docs/outputs.md)";
    const scenarios::Diagnostic d{e.file, e.line, e.column,
                                  scenarios::detail::index_path("expectations", i) + ".metric", message};
    std::fprintf(stderr, "%s\n", d.to_string().c_str());
    ++problems;
  }
  if (problems != 0)
    std::fprintf(stderr, "chaintwin run: %s has %zu problem(s); nothing was run or written\n", s.file.c_str(),
                 problems);
  return problems == 0;
}

// Every KPI as a metric; a KPI undefined in every replication is NaN, which fails any expectation on it.
analysis::MetricValues kpi_metrics(const std::vector<sim::ConfidenceInterval>& summary) {
  const std::vector<std::string> names = kpi_metric_names();
  analysis::MetricValues metrics;
  for (std::size_t i = 0; i < analysis::kKpiCount; ++i)
    metrics[names[i]] = summary[i].n == 0 ? std::numeric_limits<double>::quiet_NaN() : summary[i].mean;
  return metrics;
}

// The scenario's kpi.* expectations against the run's KPIs: the PASS/FAIL table, the JUnit report when asked for,
// and the exit status (0 or analysis::kExpectationsFailedExitStatus). Prints nothing for a scenario without
// expectations, unless a report is asked for.
int check_kpi_expectations(const scenarios::LoadedWorldScenario& s, const std::vector<sim::ConfidenceInterval>& summary,
                           const std::string& junit) {
  std::vector<scenarios::Expectation> checked;
  std::copy_if(s.expectations.begin(), s.expectations.end(), std::back_inserter(checked), is_kpi_metric);
  int status = 0;
  if (!checked.empty() || !junit.empty()) {
    std::printf("\nexpectations (kpi.*: means over the replications)\n");
    status = analysis::check_expectations(stdout, s.scenario.name, checked, kpi_metrics(summary), junit);
  }
  if (const std::size_t others = s.expectations.size() - checked.size(); others != 0)
    std::printf("%zu expectation(s) on other metrics are checked by `chaintwin score`\n", others);
  return status;
}

}  // namespace

std::optional<scenarios::LoadedWorldScenario> load_world(const std::string& path, const RunOverrides& o,
                                                         const char* command) {
  auto loaded = scenarios::load_world_scenario(path);
  if (!loaded) {
    for (const auto& d : loaded.diagnostics()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    std::fprintf(stderr, "chaintwin %s: %s has %zu problem(s); nothing was run or written\n", command, path.c_str(),
                 loaded.diagnostics().size());
    return std::nullopt;
  }
  scenarios::LoadedWorldScenario s = std::move(loaded.value());
  if (o.replications) s.scenario.replications = *o.replications;
  if (o.seed) s.scenario.seed = *o.seed;
  if (o.threads) s.scenario.threads = *o.threads;
  return s;
}

void add_run_command(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run a world scenario: replications in parallel, KPIs with 95% confidence "
                                        "intervals, results in HDF5");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML; see docs/scenarios.md)")->required();
  add_overrides(cmd, o.overrides);
  cmd->add_option("--output", o.output, "HDF5 results file (default results/<scenario name>.h5)");
  cmd->add_flag("--no-output", o.no_output, "Write no results file");
  cmd->add_option("--junit", o.junit,
                  "Write the scenario's kpi.* expectations as a JUnit XML report to this file (exit status 3 when "
                  "one fails, with or without it)");
}

void add_compare_command(CLI::App& app, CompareOptions& o) {
  auto* cmd = app.add_subcommand("compare", "Run a baseline and a what-if scenario with common random numbers and "
                                            "print the paired differences of every KPI");
  cmd->add_option("baseline", o.baseline, "Baseline scenario file")->required();
  cmd->add_option("what_if", o.what_if, "What-if scenario file")->required();
  add_overrides(cmd, o.overrides);
  cmd->add_option("--output-dir", o.output_dir, "Directory for both results files")->capture_default_str();
  cmd->add_flag("--no-output", o.no_output, "Write no results files");
}

int run_world(const RunOptions& o) {
  const auto s = load_world(o.scenario, o.overrides, "run");
  if (!s || !check_kpi_names(*s)) return 2;
  print_header(*s);
  const RunResult r = simulate(*s, s->scenario.name);
  const auto summary = analysis::summarise_kpis(kpis_of(r), 0.95);
  std::printf("%-32s %-10s %-26s\n", "KPI (after warm-up)", "unit", "mean +- 95% CI half-width");
  for (std::size_t i = 0; i < analysis::kKpiCount; ++i)
    std::printf("%-32s %-10s %-26s\n", std::string(analysis::kKpis[i].name).c_str(),
                std::string(analysis::kKpis[i].unit).c_str(), format_interval(summary[i]).c_str());
  std::printf("\n%llu events in %.2f s wall (%.2f M events/s over all threads)\n",
              static_cast<unsigned long long>(r.events), r.seconds, static_cast<double>(r.events) / r.seconds / 1e6);
  const bool balanced = check_conservation(r, s->scenario.name.c_str());
  if (!o.no_output) {
    const std::filesystem::path path = o.output.empty() ? "results/" + s->scenario.name + ".h5" : o.output;
    write(path, *s, r);
    std::printf("results: %s\n", path.string().c_str());
  }
  const int expectations = check_kpi_expectations(*s, summary, o.junit);
  return balanced ? expectations : 1;
}

int compare_worlds(const CompareOptions& o) {
  const auto base = load_world(o.baseline, o.overrides, "compare");
  const auto what_if = load_world(o.what_if, o.overrides, "compare");
  if (!base || !what_if) return 2;
  if (base->scenario.replications != what_if->scenario.replications || base->scenario.seed != what_if->scenario.seed ||
      base->scenario.horizon != what_if->scenario.horizon || base->scenario.warm_up != what_if->scenario.warm_up) {
    std::fprintf(stderr,
                 "chaintwin compare: %s and %s differ in replications, seed, horizon or warm-up; paired "
                 "differences need the same runs (set them alike, or pass --replications and --seed)\n",
                 o.baseline.c_str(), o.what_if.c_str());
    return 2;
  }
  print_header(*base);
  std::printf("what-if: %s (%zu disruption(s))\n\n", what_if->scenario.name.c_str(), what_if->world.disruptions.size());
  const RunResult a = simulate(*base, base->scenario.name);
  const RunResult b = simulate(*what_if, what_if->scenario.name);
  const auto ka = kpis_of(a), kb = kpis_of(b);
  const auto sa = analysis::summarise_kpis(ka, 0.95), sb = analysis::summarise_kpis(kb, 0.95);
  const auto diff = analysis::paired_differences(ka, kb, 0.95);
  std::printf("%-30s %-20s %-20s %-24s %s\n", "KPI (after warm-up)", base->scenario.name.c_str(),
              what_if->scenario.name.c_str(), "difference (95% CI)", "");
  for (std::size_t i = 0; i < analysis::kKpiCount; ++i) {
    const auto& d = diff[i];
    const bool clear = d.n >= 2 && std::isfinite(d.half_width) && std::abs(d.mean) > d.half_width;
    std::printf("%-30s %-20s %-20s %-24s %s\n", std::string(analysis::kKpis[i].name).c_str(),
                format_interval(sa[i]).c_str(), format_interval(sb[i]).c_str(), format_interval(d).c_str(),
                clear ? "*" : "");
  }
  std::printf("\n* the paired interval excludes zero: the what-if changed this KPI (common random numbers, %zu pairs)\n",
              ka.size());
  const bool balanced = check_conservation(a, base->scenario.name.c_str()) &&
                        check_conservation(b, what_if->scenario.name.c_str());
  if (!o.no_output && !o.output_dir.empty()) {
    const std::filesystem::path dir(o.output_dir);
    write(dir / (base->scenario.name + ".h5"), *base, a);
    write(dir / (what_if->scenario.name + ".h5"), *what_if, b);
    std::printf("results: %s, %s\n", (dir / (base->scenario.name + ".h5")).string().c_str(),
                (dir / (what_if->scenario.name + ".h5")).string().c_str());
  }
  return balanced ? 0 : 1;
}

}  // namespace chaintwin::app
