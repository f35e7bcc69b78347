#include "app/pipeline_command.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "generators/formats/time_format.hpp"
#include "pipeline/bus/file_sink.hpp"
#include "pipeline/runtime/run.hpp"

namespace chaintwin::app {

namespace {

std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) { stop_requested.store(true); }

std::string utc(std::int64_t unix_ns) {
  if (unix_ns == pipeline::kNoTime) return "(none yet)";
  std::string s;
  formats::append_iso8601_utc(s, unix_ns, formats::Fraction::kNone);
  return s;
}

void print_summary(const pipeline::RunSummary& s, const std::string& where) {
  const auto& c = s.counters;
  std::printf("\npipeline: %llu input records in %.1f s (%.0f records/s)%s\n",
              static_cast<unsigned long long>(c.input_records), s.seconds,
              s.seconds > 0 ? static_cast<double>(c.input_records) / s.seconds : 0.0,
              s.restored ? ", resumed from its checkpoint" : "");
  std::printf("  decoded events %llu; duplicates removed %llu; dead letters %llu\n",
              static_cast<unsigned long long>(c.events), static_cast<unsigned long long>(c.duplicates),
              static_cast<unsigned long long>(c.dead_letters));
  std::printf("  stock: %llu late events, %llu records corrected, %llu late deltas before a count, "
              "%lld units reconciled by counts\n",
              static_cast<unsigned long long>(s.stock.late), static_cast<unsigned long long>(s.stock.corrections),
              static_cast<unsigned long long>(s.stock.superseded), static_cast<long long>(s.stock.reconciled_units));
  std::printf("  alerts raised/cleared: shipment delay %llu/%llu, temperature excursion %llu/%llu, route deviation "
              "%llu/%llu\n",
              static_cast<unsigned long long>(c.alerts_raised[0]), static_cast<unsigned long long>(c.alerts_cleared[0]),
              static_cast<unsigned long long>(c.alerts_raised[1]), static_cast<unsigned long long>(c.alerts_cleared[1]),
              static_cast<unsigned long long>(c.alerts_raised[2]),
              static_cast<unsigned long long>(c.alerts_cleared[2]));
  std::printf("  published %llu stock positions, %llu alerts, %llu progress records to %s; watermark %s%s\n",
              static_cast<unsigned long long>(c.position_records), static_cast<unsigned long long>(c.alert_records),
              static_cast<unsigned long long>(c.progress_records), where.c_str(), utc(s.watermark_unix_ns).c_str(),
              s.finished ? " (the stream's end: finished)" : " (not finished)");
}

}  // namespace

void add_pipeline_command(CLI::App& app, PipelineOptions& o) {
  auto* cmd = app.add_subcommand("pipeline", "Run the reference stream processor on a stream's topics (the embedded "
                                             "broker by default) until the stream ends");
  cmd->add_option("--brokers", o.brokers, "Bootstrap servers of a real Kafka cluster (default: the embedded broker)");
  cmd->add_option("--bootstrap-file", o.bootstrap_file, "Where `chaintwin stream` wrote the embedded broker's address")
      ->capture_default_str();
  cmd->add_option("-X", o.properties, "Kafka client property key=value (repeatable; SASL/TLS pass through)");
  cmd->add_option("--group", o.group, "Consumer group its offsets are committed under")->capture_default_str();
  cmd->add_option("--checkpoint", o.checkpoint, "Checkpoint file (state and input offsets; empty: none)")
      ->capture_default_str();
  cmd->add_flag("--fresh", o.fresh, "Ignore (and replace) an existing checkpoint: start from the beginning");
  cmd->add_option("--checkpoint-every", o.checkpoint_s, "Seconds between checkpoints")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--idle-partition", o.idle_partition_ms,
                  "Milliseconds a partition read to its end must be quiet to be idle (left out of the watermark): "
                  "shorter, lower latency and more late events")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--idle-exit", o.idle_exit_s, "Stop after this many seconds without a record (0: wait for the "
                                                "stream's end)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--from-files", o.from_files, "Replay a stream recorded with `chaintwin stream --sink file --out "
                                                "DIR` instead of reading Kafka");
  cmd->add_option("--out", o.out_dir, "With --from-files: directory for the output topics' files "
                                      "(default DIR/pipeline)");
}

int run_pipeline(const PipelineOptions& o) {
  const pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();
  if (!o.from_files.empty()) {
    const std::filesystem::path out_dir = o.out_dir.empty() ? std::filesystem::path(o.from_files) / "pipeline"
                                                            : std::filesystem::path(o.out_dir);
    auto sink = bus::make_file_sink(out_dir);
    std::printf("pipeline: replaying %s, outputs to %s\n", o.from_files.c_str(), out_dir.string().c_str());
    const pipeline::RunSummary s = pipeline::run_from_files(config, o.from_files, *sink);
    print_summary(s, "files in " + out_dir.string());
    return s.finished ? 0 : 1;
  }

  pipeline::KafkaRunOptions run;
  if (o.brokers.empty()) {
    std::ifstream in(o.bootstrap_file);
    if (!std::getline(in, run.kafka.brokers) || run.kafka.brokers.empty()) {
      std::fprintf(stderr, "chaintwin pipeline: no broker address in %s: start a stream first (chaintwin stream "
                           "SCENARIO --linger 60 &), or give --brokers\n", o.bootstrap_file.c_str());
      return 2;
    }
  } else {
    run.kafka.brokers = o.brokers;
  }
  for (const std::string& p : o.properties) run.kafka.set(p);
  run.group = o.group;
  run.checkpoint = o.checkpoint;
  if (!run.checkpoint.empty()) {
    if (const auto dir = run.checkpoint.parent_path(); !dir.empty()) std::filesystem::create_directories(dir);
    if (o.fresh) std::filesystem::remove(run.checkpoint);
  }
  run.checkpoint_interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.checkpoint_s * 1'000));
  run.idle_exit = std::chrono::milliseconds(static_cast<std::int64_t>(o.idle_exit_s * 1'000));
  run.idle_partition = std::chrono::milliseconds(static_cast<std::int64_t>(o.idle_partition_ms));
  run.stop = &stop_requested;
  run.on_progress = [](const pipeline::StreamProcessor& p) {
    const std::vector<std::string> waiting = p.holding_back();
    std::string holding = waiting.empty() ? std::string() : "; waiting for " + waiting.front();
    if (waiting.size() > 1) holding += " and " + std::to_string(waiting.size() - 1) + " more";
    std::printf("\rpipeline: watermark %s, %llu records, %llu dead letters%s   ", utc(p.watermark_unix_ns()).c_str(),
                static_cast<unsigned long long>(p.counters().input_records),
                static_cast<unsigned long long>(p.counters().dead_letters), holding.c_str());
    std::fflush(stdout);
  };
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  const std::vector<bus::TopicSpec> outputs = {{config.outputs.stock_positions, 8, 3},
                                               {config.outputs.progress, 1, 3},
                                               {config.outputs.dead_letter, 8, 3},
                                               {config.outputs.alerts, 8, 3},
                                               {config.outputs.duplicates, 8, 3}};
  auto sink = bus::make_kafka_sink(run.kafka, outputs);
  std::printf("pipeline: reading %s (group %s, checkpoint %s)\n", run.kafka.describe().c_str(), o.group.c_str(),
              o.checkpoint.empty() ? "none" : o.checkpoint.c_str());
  std::fflush(stdout);
  const pipeline::RunSummary s = pipeline::run_from_kafka(config, run, *sink);
  sink->flush();
  const bus::SinkReport report = sink->report();
  print_summary(s, "Kafka");
  for (const std::string& problem : report.problems) std::fprintf(stderr, "pipeline: %s\n", problem.c_str());
  if (stop_requested.load()) std::printf("pipeline: stopped on a signal; restart to resume from the checkpoint\n");
  return report.lost > 0 ? 1 : 0;
}

}  // namespace chaintwin::app
