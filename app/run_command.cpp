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
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/expectations.hpp"
#include "analysis/kpis.hpp"
#include "analysis/world_results.hpp"
#include "app/progress.hpp"
#include "loop/closed_loop.hpp"
#include "loop/paced_loop.hpp"
#include "pipeline/bus/kafka.hpp"
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
  std::vector<loop::LockstepSummary> loops;  // streaming visibility: each replication's closed loop
};

// What the closed loops of a streaming run did, averaged over its replications.
struct LoopMeans {
  double messages = 0, dead_letters = 0, duplicates = 0, view_age_s = 0, share_exact = 0, absolute_error = 0;
  std::vector<double> step_ms;  // every step of every replication
};
LoopMeans loop_means(const RunResult& r) {
  LoopMeans m;
  for (const auto& l : r.loops) {
    m.messages += static_cast<double>(l.messages);
    m.dead_letters += static_cast<double>(l.pipeline.dead_letters);
    m.duplicates += static_cast<double>(l.pipeline.duplicates);
    m.view_age_s += l.mean_view_age_s;
    m.share_exact += l.view.share_exact();
    m.absolute_error += l.view.mean_absolute_error();
    for (const double s : l.step_seconds) m.step_ms.push_back(s * 1e3);
  }
  const double n = std::max<double>(1.0, static_cast<double>(r.loops.size()));
  for (double* x : {&m.messages, &m.dead_letters, &m.duplicates, &m.view_age_s, &m.share_exact, &m.absolute_error})
    *x /= n;
  return m;
}

// One line on what the closed loops did, for streaming runs; nothing otherwise.
void print_loops(const RunResult& r, const std::string& label) {
  if (r.loops.empty()) return;
  const LoopMeans m = loop_means(r);
  std::printf(
      "%s: the reference pipeline read %.0f messages a replication (%.0f dead letters, %.0f duplicates dropped); "
      "at step ends the planners' view trailed the world by %.1f min, its on-hand exact for %.2f%% of SKU-locations "
      "(mean absolute error %.3f units) against the truth at its time\n",
      label.c_str(), m.messages, m.dead_letters, m.duplicates, m.view_age_s / 60.0, 100.0 * m.share_exact,
      m.absolute_error);
}

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
    std::optional<loop::LockstepSummary> loop;
  };
  auto reps = sim::run_replications(
      {.replications = base.replications, .master_seed = base.seed, .threads = base.threads, .on_progress = {}},
      [&](std::size_t, const sim::RandomStreams& streams) {
        world::World w(s.network, s.world, streams, base.horizon, history);
        auto day_done = [&](sim::SimTime) {
          const std::size_t done = ++days_done;
          std::lock_guard lock(progress_mutex);
          progress.update(done);
        };
        std::optional<loop::LockstepSummary> closed_loop;  // moved into the Rep, then into the result
        if (s.world.visibility.mode == world::VisibilityMode::kStreaming) {
          loop::LockstepOptions options;
          options.step = s.world.visibility.step;
          options.latency = s.world.visibility.latency;
          closed_loop = loop::run_lockstep(w, s.streams, streams, base.horizon, options, day_done);
        } else {
          w.run_until(base.horizon, day_done);
        }
        const std::uint64_t events = w.counters().events;
        return Rep{analysis::analyse_replication(w.ledger(), s.network, result.kpi, s.world.output, events), events,
                   std::move(closed_loop)};
      });
  progress.finish();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& r : reps) {
    result.events += r.events;
    result.replications.push_back(std::move(r.analysed));
    if (r.loop) result.loops.push_back(std::move(*r.loop));
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

// "oracle", "batch (a snapshot every 12 h, seen 6 h later)" or "streaming (lockstep every 15 min, ...)".
std::string describe_visibility(const world::VisibilityConfig& v) {
  char text[128];
  switch (v.mode) {
    case world::VisibilityMode::kOracle:
      return "oracle";
    case world::VisibilityMode::kBatch:
      std::snprintf(text, sizeof text, "batch (a snapshot every %.4g h, seen %.4g h later)",
                    v.snapshot_every.to_hours(), v.delay.to_hours());
      return text;
    case world::VisibilityMode::kStreaming:
      std::snprintf(text, sizeof text,
                    "streaming (the reference pipeline in process, lockstep every %.4g min, latency charged %.4g min)",
                    v.step.to_seconds() / 60.0, v.latency.to_seconds() / 60.0);
      return text;
  }
  return "?";
}

void write(const std::filesystem::path& path, const scenarios::LoadedWorldScenario& s, const RunResult& r) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  analysis::write_world_results(
      path, s.network, {s.scenario.name, s.scenario.seed, r.kpi, 0.95, describe_visibility(s.world.visibility)},
      r.replications);
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
  auto* cmd = app.add_subcommand("run",
                                 "Run a world scenario: replications in parallel, KPIs with 95% confidence "
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
  auto* cmd = app.add_subcommand("compare",
                                 "Run a baseline and a what-if scenario (or one scenario under several "
                                 "visibility modes) with common random numbers and print the paired "
                                 "differences of every KPI");
  cmd->add_option("baseline", o.baseline, "Baseline scenario file")->required();
  cmd->add_option("what_if", o.what_if, "What-if scenario file (not with --visibility)");
  cmd->add_option("--visibility", o.visibility,
                  "Compare the baseline under these visibility modes, the first the reference: oracle (the truth), "
                  "batch (snapshots, the scenario's visibility: settings or 12 h every, 6 h late), streaming (the "
                  "reference pipeline's stock positions, in lockstep)")
      ->type_name("MODE,MODE[,...]");
  add_overrides(cmd, o.overrides);
  cmd->add_option("--output-dir", o.output_dir, "Directory for the results files")->capture_default_str();
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
  print_loops(r, s->scenario.name);
  const bool balanced = check_conservation(r, s->scenario.name.c_str());
  if (!o.no_output) {
    const std::filesystem::path path = o.output.empty() ? "results/" + s->scenario.name + ".h5" : o.output;
    write(path, *s, r);
    std::printf("results: %s\n", path.string().c_str());
  }
  const int expectations = check_kpi_expectations(*s, summary, o.junit);
  return balanced ? expectations : 1;
}

namespace {

struct Variant {
  std::string label;  // column heading and results file name
  scenarios::LoadedWorldScenario scenario;
};

// The runs `compare` makes: baseline and what-if, or the baseline under each visibility mode. Empty after an error
// (reported).
std::vector<Variant> compare_variants(const CompareOptions& o, const char* command = "compare") {
  std::vector<Variant> variants;
  if (o.visibility.empty() == o.what_if.empty()) {
    std::fprintf(stderr, "chaintwin compare: give a what-if scenario or --visibility MODES, not %s\n",
                 o.what_if.empty() ? "neither" : "both");
    return {};
  }
  if (!o.visibility.empty()) {
    std::vector<std::string> modes;
    for (std::size_t from = 0; from <= o.visibility.size();) {
      const std::size_t comma = std::min(o.visibility.find(',', from), o.visibility.size());
      modes.push_back(o.visibility.substr(from, comma - from));
      from = comma + 1;
    }
    for (const std::string& mode : modes) {
      if (mode != "oracle" && mode != "batch" && mode != "streaming") {
        std::fprintf(stderr,
                     "chaintwin compare: --visibility: unknown mode '%s' (expected oracle, batch or streaming)\n",
                     mode.c_str());
        return {};
      }
    }
    if (modes.size() < 2) {
      std::fprintf(stderr, "chaintwin compare: --visibility needs at least two modes, e.g. oracle,batch\n");
      return {};
    }
    const auto base = load_world(o.baseline, o.overrides, command);
    if (!base) return {};
    for (const std::string& mode : modes) {
      Variant v{base->scenario.name + "-" + mode, *base};
      v.scenario.world.visibility.mode = mode == "batch"       ? world::VisibilityMode::kBatch
                                         : mode == "streaming" ? world::VisibilityMode::kStreaming
                                                               : world::VisibilityMode::kOracle;
      variants.push_back(std::move(v));
    }
    return variants;
  }
  const auto base = load_world(o.baseline, o.overrides, "compare");
  const auto what_if = load_world(o.what_if, o.overrides, "compare");
  if (!base || !what_if) return {};
  if (base->scenario.replications != what_if->scenario.replications || base->scenario.seed != what_if->scenario.seed ||
      base->scenario.horizon != what_if->scenario.horizon || base->scenario.warm_up != what_if->scenario.warm_up) {
    std::fprintf(stderr,
                 "chaintwin compare: %s and %s differ in replications, seed, horizon or warm-up; paired "
                 "differences need the same runs (set them alike, or pass --replications and --seed)\n",
                 o.baseline.c_str(), o.what_if.c_str());
    return {};
  }
  variants.push_back({base->scenario.name, *base});
  variants.push_back({what_if->scenario.name, *what_if});
  return variants;
}

// Conservation checked in every variant's replications, and each variant's results file written to `dir` (none when
// empty). False when conservation failed anywhere (a model bug).
bool conserved_and_written(const std::vector<Variant>& variants, const std::vector<RunResult>& results,
                           const std::string& dir) {
  bool balanced = true;
  for (std::size_t j = 0; j < variants.size(); ++j)
    balanced = check_conservation(results[j], variants[j].label.c_str()) && balanced;
  if (dir.empty()) return balanced;
  std::printf("results:");
  for (std::size_t j = 0; j < variants.size(); ++j) {
    const std::filesystem::path path = std::filesystem::path(dir) / (variants[j].label + ".h5");
    write(path, variants[j].scenario, results[j]);
    std::printf("%s %s", j == 0 ? "" : ",", path.string().c_str());
  }
  std::printf("\n");
  return balanced;
}

}  // namespace

int compare_worlds(const CompareOptions& o) {
  const std::vector<Variant> variants = compare_variants(o);
  if (variants.empty()) return 2;
  const Variant& reference = variants.front();
  print_header(reference.scenario);
  for (const Variant& v : variants)
    std::printf("%-24s %zu disruption(s), visibility %s\n", v.label.c_str(), v.scenario.world.disruptions.size(),
                describe_visibility(v.scenario.world.visibility).c_str());
  std::printf("\n");
  std::vector<RunResult> results;
  for (const Variant& v : variants) results.push_back(simulate(v.scenario, v.label));
  std::vector<std::vector<analysis::WorldKpis>> kpis;
  std::vector<std::vector<sim::ConfidenceInterval>> summaries;
  for (const RunResult& r : results) {
    kpis.push_back(kpis_of(r));
    const auto s = analysis::summarise_kpis(kpis.back(), 0.95);
    summaries.emplace_back(s.begin(), s.end());
  }
  std::printf("%-30s", "KPI (after warm-up)");
  for (const Variant& v : variants) std::printf(" %-20s", v.label.c_str());
  for (std::size_t i = 1; i < variants.size(); ++i)
    std::printf(" %-26s", (variants.size() > 2 ? "- " + reference.label + " (95% CI)" : "difference (95% CI)").c_str());
  std::printf("\n");
  std::vector<std::vector<sim::ConfidenceInterval>> diffs;
  for (std::size_t j = 1; j < variants.size(); ++j) {
    const auto d = analysis::paired_differences(kpis.front(), kpis[j], 0.95);
    diffs.emplace_back(d.begin(), d.end());
  }
  for (std::size_t i = 0; i < analysis::kKpiCount; ++i) {
    std::printf("%-30s", std::string(analysis::kKpis[i].name).c_str());
    for (const auto& s : summaries) std::printf(" %-20s", format_interval(s[i]).c_str());
    for (const auto& diff : diffs) {
      const auto& d = diff[i];
      const bool clear = d.n >= 2 && std::isfinite(d.half_width) && std::abs(d.mean) > d.half_width;
      std::printf(" %-24s %s", format_interval(d).c_str(), clear ? "*" : " ");
    }
    std::printf("\n");
  }
  std::printf(
      "\n* the paired interval excludes zero: the change from %s changed this KPI (common random numbers, %zu "
      "pairs)\n",
      reference.label.c_str(), kpis.front().size());
  for (std::size_t j = 0; j < variants.size(); ++j) print_loops(results[j], variants[j].label);
  const bool balanced = conserved_and_written(variants, results, o.no_output ? "" : o.output_dir);
  return balanced ? 0 : 1;
}

void add_loop_command(CLI::App& app, LoopOptions& o) {
  auto* cmd = app.add_subcommand("loop",
                                 "The closed loop: a world scenario with the planners reading a batch ERP feed, the "
                                 "reference pipeline's stock positions (streaming) and the truth, summarised");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML; see docs/scenarios.md)")->required();
  add_overrides(cmd, o.overrides);
  cmd->add_option("--output-dir", o.output_dir, "Directory for the results files (one per view)")
      ->capture_default_str();
  cmd->add_flag("--no-output", o.no_output, "Write no results files");
  cmd->add_flag("--kafka", o.kafka,
                "Through Kafka instead: one replication, paced, the planners reading the output topics (the "
                "embedded broker unless --brokers)");
  cmd->add_option("--kafka-days", o.kafka_days,
                  "Without --kafka: after the comparison, this many simulated days of one replication through the "
                  "embedded broker (or --brokers), paced, for the pipeline's latency; 0: none")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--brokers", o.brokers, "Bootstrap servers of a real Kafka cluster (default: the embedded broker)");
  cmd->add_option("-X", o.properties, "Kafka client property key=value (repeatable)");
  cmd->add_option("--pace", o.pace,
                  "Through Kafka (--kafka, --kafka-days): realtime:SPEEDUP, simulated seconds per wall second")
      ->capture_default_str();
  cmd->add_flag("--external-pipeline", o.external_pipeline,
                "--kafka: do not run the reference pipeline; another one reads the input topics and writes the "
                "output topics (docs/topics.md)");
  cmd->add_option("--partitions", o.partitions, "Through Kafka: partitions per topic on the embedded broker")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--days", o.days,
                  "With --kafka: simulated days (default: the scenario's horizon); without it see --kafka-days")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--bootstrap-file", o.bootstrap_file, "Through Kafka: where the embedded broker's address is written")
      ->capture_default_str();
}

namespace {

// The p-quantile of sorted `values`; 0 when empty.
double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5)];
}

// What the pipeline did in the streaming runs: its reading, its time per step, how far behind and how right the
// planners' view was.
void print_pipeline_summary(const RunResult& r, sim::SimTime step) {
  LoopMeans m = loop_means(r);
  std::sort(m.step_ms.begin(), m.step_ms.end());
  std::printf("the reference pipeline (in process, lockstep every %.4g simulated minutes)\n", step.to_seconds() / 60.0);
  std::printf("  read            %.0f messages a replication: %.0f dead letters, %.0f duplicates dropped\n", m.messages,
              m.dead_letters, m.duplicates);
  const double p50 = quantile(m.step_ms, 0.5), p99 = quantile(m.step_ms, 0.99);
  const double max = m.step_ms.empty() ? 0 : m.step_ms.back();
  std::printf("  time per step   p50 %.2f ms, p99 %.2f ms, max %.1f ms of wall time (in process: no broker)\n", p50,
              p99, max);
  std::printf("  planners' view  %.1f simulated minutes behind the world at step ends\n", m.view_age_s / 60.0);
  std::printf(
      "  correctness     on-hand exact for %.2f%% of SKU-locations, mean absolute error %.3f units, against the "
      "truth at the view's time\n\n",
      100.0 * m.share_exact, m.absolute_error);
}

}  // namespace

namespace {

std::string milliseconds(const generators::LogLinearHistogram& h) {
  if (h.count() == 0) return "none measured";
  char text[128];
  std::snprintf(text, sizeof text, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu records)", h.quantile(0.5) / 1e6,
                h.quantile(0.99) / 1e6, static_cast<double>(h.max()) / 1e6, static_cast<unsigned long long>(h.count()));
  return text;
}

// One replication through Kafka, paced: the planners read what the output topics hold by each step.
struct KafkaRun {
  loop::PacedSummary summary;
  analysis::WorldKpis kpis;
  double warm_up_days = 0.0;
  std::chrono::milliseconds finish_timeout{0};
};

// Runs `s` (its streaming view forced) for `horizon`; nothing (after printing why) when --pace is not understood.
std::optional<KafkaRun> run_through_kafka(const LoopOptions& o, scenarios::LoadedWorldScenario s,
                                          sim::SimTime horizon) {
  generators::PacingConfig pacing;
  if (const std::string problem = generators::parse_pacing(o.pace, pacing); !problem.empty()) {
    std::fprintf(stderr, "chaintwin loop: --pace %s: %s\n", o.pace.c_str(), problem.c_str());
    return std::nullopt;
  }
  s.world.visibility.mode = world::VisibilityMode::kStreaming;
  std::unique_ptr<bus::EmbeddedBroker> broker;
  bus::KafkaConfig kafka;
  std::string destination;
  if (o.brokers.empty()) {
    if (const auto dir = std::filesystem::path(o.bootstrap_file).parent_path(); !dir.empty())
      std::filesystem::create_directories(dir);
    broker = std::make_unique<bus::EmbeddedBroker>(
        3, loop::loop_topics(s.streams, pipeline::OutputTopics{}, o.partitions), o.bootstrap_file);
    kafka = broker->client_config();
    destination = "the embedded broker at " + broker->bootstraps();
  } else {
    kafka.brokers = o.brokers;
    destination = "Kafka at " + o.brokers;
  }
  for (const std::string& p : o.properties) kafka.set(p);
  std::printf("%s: one replication of %.4g days through %s, paced %s; %s\n", s.scenario.name.c_str(), horizon.to_days(),
              destination.c_str(), o.pace.c_str(),
              o.external_pipeline ? "a pipeline of your own reads the input topics and writes the output topics"
                                  : "the reference pipeline runs on a thread of this process");
  std::fflush(stdout);

  const sim::RandomStreams streams(s.scenario.seed, 0);
  const world::DemandHistory* history = s.history.rows.empty() ? nullptr : &s.history;
  world::World w(s.network, s.world, streams, horizon, history);
  const auto days = static_cast<std::size_t>(std::ceil(horizon.to_days()));
  Progress progress(s.scenario.name + " through Kafka", days);
  loop::PacedOptions paced;
  paced.kafka = kafka;
  paced.pacing = pacing;
  paced.step = s.world.visibility.step;
  paced.reference_pipeline = !o.external_pipeline;
  if (o.external_pipeline && broker) paced.linger = std::chrono::seconds(5);  // for its last checkpoint and commit
  paced.progress = [&](sim::SimTime t) { progress.update(static_cast<std::size_t>(t.to_days())); };
  KafkaRun run;
  run.summary = loop::run_paced(w, s.streams, streams, horizon, paced);
  run.finish_timeout = paced.finish_timeout;
  progress.finish();
  const sim::SimTime warm_up = s.scenario.warm_up < horizon ? s.scenario.warm_up : sim::SimTime::zero();
  run.warm_up_days = warm_up.to_days();
  run.kpis = analysis::compute_kpis(w.ledger(), s.network, analysis::kpi_options(s.world, warm_up, horizon));
  return run;
}

// Its summary; the exit status (1 when conservation failed or the pipeline did not finish: partial figures).
int report_kafka_run(const KafkaRun& run, bool outcomes) {
  const loop::PacedSummary& r = run.summary;
  std::printf("  sent              %llu messages in %.1f s; %s\n", static_cast<unsigned long long>(r.messages),
              r.seconds, r.pacing.c_str());
  std::printf("  pipeline latency  %s: an input's intended send to the position it caused, published\n",
              milliseconds(r.pipeline_latency_ns).c_str());
  std::printf("  planners' latency %s: to the moment the loop read it\n", milliseconds(r.planner_latency_ns).c_str());
  std::printf(
      "  planners' view    %.1f simulated minutes behind the world at step ends; on-hand exact for %.2f%% of "
      "SKU-locations, mean absolute error %.3f units, against the truth at its time\n",
      r.mean_view_age_s / 60.0, 100.0 * r.view.share_exact(), r.view.mean_absolute_error());
  const analysis::WorldKpis& k = run.kpis;
  if (outcomes)
    std::printf(
        "  outcomes          after %.4g days of warm-up: fill rate %.4f, lost sales %.0f units, %.0f stock-out "
        "episodes, safety stock %.2f units a shelf, customer OTIF %.4f\n",
        run.warm_up_days, k.fill_rate_units, k.lost_sales_units, k.stockout_episodes, k.safety_stock_units,
        k.otif_customer);
  if (!k.conservation.balanced()) {
    std::fprintf(stderr, "chaintwin loop: conservation of units failed through Kafka: a model bug\n");
    return 1;
  }
  if (!r.pipeline_finished) {
    std::fprintf(stderr,
                 "chaintwin loop: the pipeline did not report finishing (progress \"finished\") within %lld s of the "
                 "stream's end: its outputs, and the figures above, are partial\n",
                 static_cast<long long>(run.finish_timeout.count() / 1000));
    return 1;
  }
  return 0;
}

int loop_through_kafka(const LoopOptions& o) {
  const auto loaded = load_world(o.scenario, o.overrides, "loop");
  if (!loaded) return 2;
  const sim::SimTime horizon = o.days > 0.0 ? sim::from_days(o.days) : loaded->scenario.horizon;
  const std::optional<KafkaRun> run = run_through_kafka(o, *loaded, horizon);
  if (!run) return 2;
  std::printf("\n");
  return report_kafka_run(*run, true);
}

}  // namespace

int loop_world(const LoopOptions& o) {
  if (o.kafka || o.external_pipeline) return loop_through_kafka(o);
  CompareOptions c;
  c.baseline = o.scenario;
  c.visibility = "batch,streaming,oracle";
  c.overrides = o.overrides;
  const std::vector<Variant> variants = compare_variants(c, "loop");
  if (variants.empty()) return 2;
  print_header(variants.front().scenario);
  std::vector<RunResult> results;
  for (const Variant& v : variants) results.push_back(simulate(v.scenario, v.label));
  // Then the pipeline's latency where it is measured: one replication through Kafka.
  std::optional<KafkaRun> through_kafka;
  if (o.kafka_days > 0.0) {
    std::printf("\n");
    through_kafka = run_through_kafka(o, variants[1].scenario,
                                      std::min(sim::from_days(o.kafka_days), variants[1].scenario.scenario.horizon));
    if (!through_kafka) return 2;
  }
  std::printf("\n");
  print_pipeline_summary(results[1], variants[1].scenario.world.visibility.step);
  int kafka_status = 0;
  if (through_kafka) {
    std::printf("the reference pipeline through the %s (one replication of %.4g days, paced %s)\n",
                o.brokers.empty() ? "embedded broker" : "Kafka cluster",
                std::min(o.kafka_days, variants[1].scenario.scenario.horizon.to_days()), o.pace.c_str());
    kafka_status = report_kafka_run(*through_kafka, false);
    std::printf("\n");
  }

  std::vector<std::vector<analysis::WorldKpis>> kpis;
  for (const RunResult& r : results) kpis.push_back(kpis_of(r));
  const auto vs_batch = analysis::paired_differences(kpis[0], kpis[1], 0.95);
  const auto vs_oracle = analysis::paired_differences(kpis[2], kpis[1], 0.95);
  std::printf("business outcomes (after warm-up; %zu replications, common random numbers)\n", kpis[0].size());
  std::printf("%-22s %-20s %-20s %-20s %-24s %-24s\n", "KPI", "batch", "streaming", "oracle", "streaming - batch",
              "streaming - oracle");
  const std::string_view shown[] = {"fill_rate_units",      "lost_sales_units",   "stockout_episodes",
                                    "otif_customer",        "otif_replenishment", "safety_stock_units",
                                    "on_hand_stores_units", "holding_cost",       "transport_cost"};
  std::vector<std::vector<sim::ConfidenceInterval>> summaries;
  for (const auto& k : kpis) {
    const auto s = analysis::summarise_kpis(k, 0.95);
    summaries.emplace_back(s.begin(), s.end());
  }
  auto marked = [](const sim::ConfidenceInterval& d) {
    const bool clear = d.n >= 2 && std::isfinite(d.half_width) && std::abs(d.mean) > d.half_width;
    return format_interval(d) + (clear ? " *" : "");
  };
  for (std::size_t i = 0; i < analysis::kKpiCount; ++i) {
    if (std::find(std::begin(shown), std::end(shown), analysis::kKpis[i].name) == std::end(shown)) continue;
    std::printf("%-22s %-20s %-20s %-20s %-24s %-24s\n", std::string(analysis::kKpis[i].name).c_str(),
                format_interval(summaries[0][i]).c_str(), format_interval(summaries[1][i]).c_str(),
                format_interval(summaries[2][i]).c_str(), marked(vs_batch[i]).c_str(), marked(vs_oracle[i]).c_str());
  }
  std::printf(
      "* the paired 95%% interval excludes zero. Every KPI: chaintwin compare --visibility "
      "batch,streaming,oracle %s\n\n",
      o.scenario.c_str());
  const bool balanced = conserved_and_written(variants, results, o.no_output ? "" : o.output_dir);
  return balanced ? kafka_status : 1;
}

}  // namespace chaintwin::app
