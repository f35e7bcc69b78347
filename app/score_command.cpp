#include "app/score_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "analysis/expectations.hpp"
#include "analysis/results_file.hpp"
#include "analysis/scoring/alert_score.hpp"
#include "analysis/scoring/dedup_score.hpp"
#include "analysis/scoring/latency_score.hpp"
#include "analysis/scoring/output_checks.hpp"
#include "analysis/scoring/signals/signal_score.hpp"
#include "analysis/scoring/stock_score.hpp"
#include "app/run_command.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/bus/file_sink.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "pipeline/signals/demand_sensing.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::app {

namespace {

struct Outputs {
  std::vector<pipeline::StockPositionRecord> positions;
  std::vector<pipeline::AlertRecord> alerts;
  bool alerts_read = false;  // the alerts topic exists (a pipeline may not publish alerts)
  std::vector<pipeline::DuplicateRecord> duplicates;
  bool duplicates_read = false;  // the duplicates topic exists
  std::vector<pipeline::DemandSignalRecord> demand_signals;
  std::vector<pipeline::DisruptionImpactRecord> impacts;
  std::vector<pipeline::ReplenishmentSignalRecord> replenishment;
  bool signals_read = false;  // the signal topics exist
  analysis::LatencyScore latency;
  std::optional<pipeline::ProgressRecord> last_progress;
  std::uint64_t malformed = 0;  // records that do not follow the contract
  std::string first_problem;
};

void parse(const std::vector<bus::OwnedRecord>& records, const pipeline::OutputTopics& topics, Outputs& out) {
  std::string error;
  analysis::add_latencies(records, out.latency);
  for (const bus::OwnedRecord& r : records) {
    if (r.topic == topics.stock_positions) {
      if (auto p = pipeline::parse_stock_position(r.payload, error)) {
        out.positions.push_back(std::move(*p));
        continue;
      }
    } else if (r.topic == topics.alerts) {
      if (auto a = pipeline::parse_alert(r.payload, error)) {
        out.alerts.push_back(std::move(*a));
        continue;
      }
    } else if (r.topic == topics.duplicates) {
      if (auto d = pipeline::parse_duplicate(r.payload, error)) {
        out.duplicates.push_back(std::move(*d));
        continue;
      }
    } else if (r.topic == topics.signals.demand_signals) {
      if (auto s = pipeline::parse_demand_signal(r.payload, error)) {
        out.demand_signals.push_back(std::move(*s));
        continue;
      }
    } else if (r.topic == topics.signals.disruption_impacts) {
      if (auto s = pipeline::parse_disruption_impact(r.payload, error)) {
        out.impacts.push_back(std::move(*s));
        continue;
      }
    } else if (r.topic == topics.signals.replenishment_signals) {
      if (auto s = pipeline::parse_replenishment_signal(r.payload, error)) {
        out.replenishment.push_back(std::move(*s));
        continue;
      }
    } else if (r.topic == topics.progress) {
      if (auto p = pipeline::parse_progress(r.payload, error)) {
        if (!out.last_progress || p->watermark_unix_ns >= out.last_progress->watermark_unix_ns) out.last_progress = p;
        continue;
      }
    } else {
      continue;
    }
    if (out.malformed++ == 0) out.first_problem = r.topic + ": " + error;
  }
}

Outputs read_outputs(const ScoreOptions& o, const pipeline::OutputTopics& topics) {
  Outputs out;
  if (!o.from_files.empty()) {
    for (const std::string& topic : {topics.stock_positions, topics.progress}) {
      const auto path = bus::file_sink_path(o.from_files, topic);
      if (!std::filesystem::exists(path))
        throw bus::Error("no " + path.string() + ": is " + o.from_files +
                         " the --out directory of chaintwin pipeline?");
      parse(bus::read_file_sink(path), topics, out);
    }
    if (const auto path = bus::file_sink_path(o.from_files, topics.alerts); std::filesystem::exists(path)) {
      parse(bus::read_file_sink(path), topics, out);
      out.alerts_read = true;
    }
    if (const auto path = bus::file_sink_path(o.from_files, topics.duplicates); std::filesystem::exists(path)) {
      parse(bus::read_file_sink(path), topics, out);
      out.duplicates_read = true;
    }
    for (const std::string& topic :
         {topics.signals.demand_signals, topics.signals.disruption_impacts, topics.signals.replenishment_signals}) {
      if (const auto path = bus::file_sink_path(o.from_files, topic); std::filesystem::exists(path)) {
        parse(bus::read_file_sink(path), topics, out);
        out.signals_read = true;
      }
    }
    return out;
  }
  bus::KafkaConfig kafka;
  if (o.brokers.empty()) {
    std::ifstream in(o.bootstrap_file);
    if (!std::getline(in, kafka.brokers) || kafka.brokers.empty())
      throw bus::Error("no broker address in " + o.bootstrap_file + ": give --brokers or --from-files");
  } else {
    kafka.brokers = o.brokers;
  }
  for (const std::string& p : o.properties) kafka.set(p);
  // Positions and progress are the contract; the other topics are read, and scored, when the pipeline writes them.
  const std::vector<std::string> required{topics.stock_positions, topics.progress};
  if (const auto present = bus::existing_topics(kafka, required); present.size() < required.size())
    throw bus::Error("no topic " + (present.empty() || present[0] != required[0] ? required[0] : required[1]) + " at " +
                     kafka.brokers + ": is a pipeline writing the documented output topics there?");
  const std::vector<std::string> names = bus::existing_topics(
      kafka, std::vector<std::string>{topics.stock_positions, topics.progress, topics.alerts, topics.duplicates,
                                      topics.signals.demand_signals, topics.signals.disruption_impacts,
                                      topics.signals.replenishment_signals});
  parse(bus::read_to_end(kafka, names), topics, out);
  auto has = [&](const std::string& t) { return std::find(names.begin(), names.end(), t) != names.end(); };
  out.alerts_read = has(topics.alerts);
  out.duplicates_read = has(topics.duplicates);
  out.signals_read = has(topics.signals.demand_signals) || has(topics.signals.disruption_impacts) ||
                     has(topics.signals.replenishment_signals);
  return out;
}

}  // namespace

void add_score_command(CLI::App& app, ScoreOptions& o) {
  auto* cmd = app.add_subcommand("score", "Score a pipeline's output topics against the truth of the scenario's world");
  cmd->add_option("scenario", o.scenario, "The scenario the stream was made from")->required();
  cmd->add_option("--from-files", o.from_files, "Read the outputs from this directory (chaintwin pipeline --out)");
  cmd->add_option("--brokers", o.brokers, "Read the outputs from this Kafka cluster (default: the embedded broker)");
  cmd->add_option("--bootstrap-file", o.bootstrap_file, "Where the embedded broker's address is")
      ->capture_default_str();
  cmd->add_option("-X", o.properties, "Kafka client property key=value (repeatable)");
  cmd->add_option("--days", o.days,
                  "Simulated days the stream covered (default: up to the pipeline's final "
                  "watermark)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", o.seed, "Master seed the stream used (default: the scenario's)");
  cmd->add_option("--junit", o.junit, "Write the expectations as a JUnit XML report here");
  cmd->add_option("--output", o.output, "HDF5 results (default results/<scenario name>-score.h5)");
  cmd->add_flag("--no-output", o.no_output, "Write no results file");
}

int score_pipeline(const ScoreOptions& o) {
  RunOverrides overrides;
  overrides.seed = o.seed;
  auto loaded = load_world(o.scenario, overrides, "score");
  if (!loaded) return 2;
  const scenarios::LoadedWorldScenario& s = *loaded;
  const pipeline::OutputTopics topics;
  const Outputs outputs = read_outputs(o, topics);
  if (outputs.positions.empty()) {
    std::fprintf(stderr, "chaintwin score: no stock positions in %s\n", topics.stock_positions.c_str());
    return 1;
  }
  const std::int64_t epoch = s.streams.epoch_unix_s * 1'000'000'000;
  sim::SimTime horizon = s.scenario.horizon;
  if (o.days > 0) {
    horizon = sim::from_days(o.days);
  } else if (outputs.last_progress && outputs.last_progress->finished) {
    horizon = sim::SimTime::from_ns(outputs.last_progress->watermark_unix_ns - epoch);
  }
  const std::int64_t until = outputs.last_progress ? outputs.last_progress->watermark_unix_ns : horizon.ns() + epoch;

  std::printf("%s: scoring %zu stock positions against %.4g simulated days of truth (seed %llu)\n",
              s.scenario.name.c_str(), outputs.positions.size(), horizon.to_days(),
              static_cast<unsigned long long>(s.scenario.seed));
  const sim::RandomStreams streams(s.scenario.seed, 0);
  const world::DemandHistory* history = s.history.rows.empty() ? nullptr : &s.history;
  world::World w(s.network, s.world, streams, horizon, history);
  w.run_until(horizon);
  const analysis::StockPositionScore score =
      analysis::score_stock_positions(s.network, w.ledger(), epoch, outputs.positions, until);

  const analysis::AlertScore alerts = analysis::score_alerts(s.network, w.ledger(), epoch, outputs.alerts, until);

  analysis::SignalScoreOptions signal_options;
  signal_options.epoch_unix_ns = epoch;
  // Demand sensing learns its forecast from the stream: signals before it has are not scored.
  signal_options.from_unix_ns = epoch + sim::days(pipeline::DemandSensingConfig{}.warm_up_windows).ns();
  signal_options.until_unix_ns = until;
  const analysis::SignalScore signals = analysis::score_signals(s.network, s.world, w.ledger(), outputs.demand_signals,
                                                                outputs.impacts, outputs.replenishment, signal_options);

  // Which deliveries were copies is in the streams' truth: the same generators on the same world give it again.
  std::optional<analysis::DedupScore> dedup;
  if (outputs.duplicates_read) {
    generators::StreamGenerator gen(w, s.streams, streams);
    const auto discard = [](const generators::OutgoingMessage&) {};
    gen.advance(horizon, discard);
    gen.finish(discard);
    dedup = analysis::score_dedup(gen.truth(), outputs.duplicates);
  }

  analysis::MetricValues metrics;
  auto put = [&](const std::string& name, double value) { metrics[name] = value; };
  put("stock_position.mean_abs_error", score.hourly.mean_abs_error);
  put("stock_position.exact_share", score.hourly.exact_share());
  put("stock_position.max_abs_error", static_cast<double>(score.hourly.max_abs_error));
  put("stock_position.published.mean_abs_error", score.final_records.mean_abs_error);
  put("stock_position.published.exact_share", score.final_records.exact_share());
  put("stock_position.first_published.mean_abs_error", score.first_records.mean_abs_error);
  put("stock_position.first_published.exact_share", score.first_records.exact_share());
  put("stock_position.missing_keys", static_cast<double>(score.missing_keys));
  put("outputs.unknown_names", static_cast<double>(score.unknown_names));
  put("outputs.malformed", static_cast<double>(outputs.malformed));
  const analysis::OutputCheck position_checks = analysis::check_stock_positions(outputs.positions);
  const analysis::OutputCheck alert_checks = analysis::check_alerts(outputs.alerts);
  auto put_checks = [&](const std::string& prefix, const analysis::OutputCheck& c) {
    put(prefix + ".lost", static_cast<double>(c.lost));
    put(prefix + ".duplicated", static_cast<double>(c.duplicated));
    put(prefix + ".conflicting", static_cast<double>(c.conflicting));
    put(prefix + ".out_of_order", static_cast<double>(c.out_of_order));
  };
  put_checks("outputs.stock_positions", position_checks);
  if (outputs.alerts_read) {
    for (const analysis::AlertKindScore& k : alerts.kinds) {
      const std::string prefix = "alerts." + k.kind;
      put(prefix + ".truth", static_cast<double>(k.truth));
      put(prefix + ".raised", static_cast<double>(k.alerts));
      put(prefix + ".precision", k.precision);
      put(prefix + ".recall", k.recall);
      put(prefix + ".delay_p50_s", k.delay_p50_s);
      put(prefix + ".delay_p90_s", k.delay_p90_s);
      put(prefix + ".watermark_delay_p50_s", k.watermark_delay_p50_s);
      put(prefix + ".watermark_delay_p90_s", k.watermark_delay_p90_s);
    }
    put("outputs.unknown_alerts", static_cast<double>(alerts.unknown));
    put_checks("outputs.alerts", alert_checks);
  }
  if (outputs.signals_read)
    for (const auto& [name, value] : signals.metrics()) put(name, value);
  if (dedup) {
    put("dedup.copies", static_cast<double>(dedup->copies));
    put("dedup.dropped", static_cast<double>(dedup->dropped));
    put("dedup.precision", dedup->precision);
    put("dedup.recall", dedup->recall);
    put("dedup.duplicate_recall", dedup->duplicate_recall);
    put("dedup.resent_recall", dedup->resent_recall);
    put("dedup.reread_recall", dedup->reread_recall);
  }
  auto put_latency = [&](const std::string& prefix, const generators::LogLinearHistogram& h) {
    const generators::HistogramSummary q = h.summary();
    put(prefix + ".p50_ms", static_cast<double>(q.p50) / 1e6);
    put(prefix + ".p90_ms", static_cast<double>(q.p90) / 1e6);
    put(prefix + ".p99_ms", static_cast<double>(q.p99) / 1e6);
    put(prefix + ".p999_ms", static_cast<double>(q.p999) / 1e6);
    put(prefix + ".max_ms", static_cast<double>(q.max) / 1e6);
  };
  if (outputs.latency.all.count() > 0) {
    put_latency("latency", outputs.latency.all);
    for (const auto& [source, h] : outputs.latency.by_source) put_latency("latency." + source, h);
    for (const auto& [kind, h] : outputs.latency.by_output) put_latency("latency.output." + kind, h);
  }
  if (const auto& p = outputs.last_progress) {
    put("pipeline.finished", p->finished ? 1.0 : 0.0);
    put("pipeline.input_records", static_cast<double>(p->input_records));
    put("pipeline.dead_letters", static_cast<double>(p->dead_letters));
    put("pipeline.duplicates", static_cast<double>(p->duplicates));
    put("pipeline.late_events", static_cast<double>(p->late_events));
    put("pipeline.corrections", static_cast<double>(p->corrections));
  }

  std::printf("\nstock positions           %10s %12s %10s\n", "points", "exact", "mean |err|");
  auto row = [](const char* name, const analysis::ErrorSummary& e) {
    std::printf("  %-23s %10llu %11.4f%% %10.4f\n", name, static_cast<unsigned long long>(e.points),
                100.0 * e.exact_share(), e.mean_abs_error);
  };
  row("every hour, every key", score.hourly);
  row("as published (final)", score.final_records);
  row("as first published", score.first_records);
  std::printf("  %llu SKU-locations published, %llu never; %llu records name unknown sites or SKUs; %llu malformed\n",
              static_cast<unsigned long long>(score.keys), static_cast<unsigned long long>(score.missing_keys),
              static_cast<unsigned long long>(score.unknown_names), static_cast<unsigned long long>(outputs.malformed));
  if (!outputs.first_problem.empty()) std::printf("  first malformed record: %s\n", outputs.first_problem.c_str());
  if (outputs.alerts_read) {
    std::printf("\nalerts (%llu records)        %7s %7s %7s %10s %8s %14s %14s\n",
                static_cast<unsigned long long>(alerts.records), "truth", "raised", "right", "precision", "recall",
                "delay p50 (s)", "delay p90 (s)");
    for (const analysis::AlertKindScore& k : alerts.kinds)
      std::printf("  %-25s %7llu %7llu %7llu %10.4f %8.4f %14.0f %14.0f\n", k.kind.c_str(),
                  static_cast<unsigned long long>(k.truth), static_cast<unsigned long long>(k.alerts),
                  static_cast<unsigned long long>(k.correct), k.precision, k.recall, k.delay_p50_s, k.delay_p90_s);
    std::printf(
        "  (delay: the first raise's event time minus the truth's onset; negative: warned in advance; nan: "
        "nothing to measure)\n");
    if (alerts.unknown > 0)
      std::printf("  %llu alert records of an unknown kind or subject\n",
                  static_cast<unsigned long long>(alerts.unknown));
  } else {
    std::printf("\nalerts: no %s topic\n", topics.alerts.c_str());
  }
  if (outputs.signals_read) {
    const auto& d = signals.demand;
    const auto& i = signals.impacts;
    const auto& r = signals.replenishment;
    auto share = [](std::uint64_t part, std::uint64_t whole) {
      return whole == 0 ? std::string("-") : std::to_string(100 * part / whole) + "%";
    };
    std::printf("\nsignals (scored from day %d of the world, after the demand forecast's warm-up)\n",
                static_cast<int>(pipeline::DemandSensingConfig{}.warm_up_windows));
    std::printf(
        "  demand spikes              %llu of %llu store spikes detected (mean delay %.1f h); %llu UP signals, "
        "%s right; %llu DOWN\n",
        static_cast<unsigned long long>(d.detected), static_cast<unsigned long long>(d.spikes), d.mean_delay_hours,
        static_cast<unsigned long long>(d.up_signals), share(d.up_correct, d.up_signals).c_str(),
        static_cast<unsigned long long>(d.down_signals));
    std::printf(
        "  disruption impacts         %llu of %llu supplier and port disruptions; affected orders: %s of "
        "%llu found, %s of %llu listed right\n",
        static_cast<unsigned long long>(i.detected), static_cast<unsigned long long>(i.disruptions),
        share(i.correct_orders, i.truth_orders).c_str(), static_cast<unsigned long long>(i.truth_orders),
        share(i.correct_orders, i.listed_orders).c_str(), static_cast<unsigned long long>(i.listed_orders));
    std::printf(
        "  replenishment signals      %llu; %s of %llu store stock-outs had one before them (median %.1f h "
        "ahead)\n",
        static_cast<unsigned long long>(r.signals), share(r.stockouts_signalled, r.stockouts).c_str(),
        static_cast<unsigned long long>(r.stockouts), r.median_lead_hours);
  }
  if (dedup) {
    std::printf(
        "\nduplicate removal: %llu records dropped (%llu by message id, %llu by content), %llu copies in the "
        "truth\n  precision %.4f, recall %.4f (exact duplicates %.4f, EDI re-sends %.4f, EPCIS re-reads %.4f)\n",
        static_cast<unsigned long long>(dedup->dropped), static_cast<unsigned long long>(dedup->by_message_id),
        static_cast<unsigned long long>(dedup->by_content), static_cast<unsigned long long>(dedup->copies),
        dedup->precision, dedup->recall, dedup->duplicate_recall, dedup->resent_recall, dedup->reread_recall);
  } else {
    std::printf("\nduplicate removal: no %s topic\n", topics.duplicates.c_str());
  }
  std::printf("\noutput checks (the topics' own contract)  %9s %6s %10s %11s %12s\n", "records", "lost", "duplicated",
              "conflicting", "out of order");
  auto check_row = [](const char* name, const analysis::OutputCheck& c) {
    std::printf("  %-38s %9llu %6llu %10llu %11llu %12llu\n", name, static_cast<unsigned long long>(c.records),
                static_cast<unsigned long long>(c.lost), static_cast<unsigned long long>(c.duplicated),
                static_cast<unsigned long long>(c.conflicting), static_cast<unsigned long long>(c.out_of_order));
  };
  check_row("stock positions", position_checks);
  if (outputs.alerts_read) check_row("alerts", alert_checks);
  for (const analysis::OutputCheck* c : {&position_checks, &alert_checks})
    if (!c->first_problem.empty()) std::printf("  first: %s\n", c->first_problem.c_str());
  std::printf("  (duplicated: at-least-once delivery after a restart; lost or out of order: a reader was misled)\n");
  if (outputs.latency.all.count() == 0) {
    std::printf("latency: no record says what caused it (a replay from files has no intended send times)\n");
  } else {
    std::printf("\nlatency, intended send to published (ms) %9s %9s %9s %9s %9s %10s\n", "p50", "p90", "p99", "p99.9",
                "max", "records");
    auto line = [](const std::string& name, const generators::LogLinearHistogram& h) {
      const generators::HistogramSummary q = h.summary();
      std::printf("  %-38s %9.2f %9.2f %9.2f %9.2f %9.2f %10llu\n", name.c_str(), static_cast<double>(q.p50) / 1e6,
                  static_cast<double>(q.p90) / 1e6, static_cast<double>(q.p99) / 1e6, static_cast<double>(q.p999) / 1e6,
                  static_cast<double>(q.max) / 1e6, static_cast<unsigned long long>(q.count));
    };
    line("every output", outputs.latency.all);
    for (const auto& [source, h] : outputs.latency.by_source) line("from " + source, h);
    for (const auto& [kind, h] : outputs.latency.by_output) line(kind, h);
  }
  if (const auto& p = outputs.last_progress)
    std::printf(
        "pipeline: %s; %llu records in, %llu duplicates removed, %llu dead letters, %llu late events, "
        "%llu corrections\n",
        p->finished ? "finished" : "NOT finished", static_cast<unsigned long long>(p->input_records),
        static_cast<unsigned long long>(p->duplicates), static_cast<unsigned long long>(p->dead_letters),
        static_cast<unsigned long long>(p->late_events), static_cast<unsigned long long>(p->corrections));

  if (!o.no_output) {
    const std::filesystem::path path = o.output.empty()
                                           ? std::filesystem::path("results") / (s.scenario.name + "-score.h5")
                                           : std::filesystem::path(o.output);
    if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path());
    analysis::ResultsFile file(path);
    std::vector<std::string> names;
    std::vector<double> values;
    for (const auto& [name, value] : metrics) {
      names.push_back(name);
      values.push_back(value);
    }
    file.write_table("/metrics",
                     std::vector<analysis::Column>{{"metric", names, "", "metric name (expectations use it)"},
                                                   {"value", values, "", ""}});
    file.write("/stock_positions/hourly_mean_abs_error", score.hourly_mean_abs_error);
    file.set_attribute("/stock_positions/hourly_mean_abs_error", "unit", std::string("units"));
    file.set_attribute("/stock_positions/hourly_mean_abs_error", "start_unix_ns", score.from_unix_ns);
    file.set_attribute("/", "scenario", s.scenario.name);
    file.commit();
    std::printf("results: %s\n", path.string().c_str());
    if (outputs.latency.all.count() > 0) {
      // HdrHistogram's percentile-distribution text, for its plotter: one file per input source and one for all.
      auto write_hgrm = [&](const std::string& suffix, const generators::LogLinearHistogram& h) {
        std::filesystem::path hgrm = path;
        hgrm.replace_filename(s.scenario.name + "-latency" + suffix + ".hgrm");
        std::ofstream(hgrm) << h.percentile_distribution();
        return hgrm;
      };
      std::printf("latency histograms: %s", write_hgrm("", outputs.latency.all).string().c_str());
      for (const auto& [source, h] : outputs.latency.by_source) write_hgrm("-" + source, h);
      for (const auto& [kind, h] : outputs.latency.by_output) write_hgrm("-output-" + kind, h);
      std::printf(" (and one per input source and per output kind beside it)\n");
    }
  }
  std::printf("\n");
  return analysis::check_expectations(stdout, s.scenario.name, s.expectations, metrics, o.junit);
}

}  // namespace chaintwin::app
