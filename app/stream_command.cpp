#include "app/stream_command.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

#include "analysis/stream_results.hpp"
#include "app/progress.hpp"
#include "app/run_command.hpp"
#include "generators/master_data.hpp"
#include "generators/pacing.hpp"
#include "generators/stream_generator.hpp"
#include "loop/message_headers.hpp"
#include "loop/paced_loop.hpp"
#include "pipeline/bus/channel_sink.hpp"
#include "pipeline/bus/file_sink.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::app {

namespace {

using generators::kSourceCount;
using generators::OutgoingMessage;
using generators::Source;

std::vector<bus::TopicSpec> topics_of(const generators::StreamsConfig& c, int partitions) {
  std::vector<bus::TopicSpec> topics;
  for (std::size_t i = 0; i < kSourceCount; ++i)
    if (c.sources[i].enabled) topics.push_back({c.sources[i].topic, partitions, 3});
  topics.push_back({c.master_topic, 1, 3});
  return topics;
}

// Counts of each noise label over the message truth.
std::string noise_summary(const generators::MessageTruth& truth) {
  std::array<std::uint64_t, 32> counts{};
  for (std::size_t i = 0; i < truth.size(); ++i)
    for (int b = 0; b < 32; ++b)
      if ((truth.row(i).noise >> b) & 1u) ++counts[static_cast<std::size_t>(b)];
  std::string s;
  for (int b = 0; b < 32; ++b) {
    if (counts[static_cast<std::size_t>(b)] == 0) continue;
    if (!s.empty()) s += ", ";
    s += generators::noise_names(1u << b) + " " + std::to_string(counts[static_cast<std::size_t>(b)]);
  }
  return s.empty() ? "none" : s;
}

}  // namespace

void add_stream_command(CLI::App& app, StreamOptions& o) {
  auto* cmd = app.add_subcommand("stream",
                                 "Stream a world scenario's noisy source messages to Kafka (the embedded "
                                 "broker by default), files or an in-process channel");
  cmd->add_option("scenario", o.scenario, "Scenario file (YAML; its streams: block, see docs/topics.md)")->required();
  cmd->add_option("--sink", o.sink, "Where messages go")
      ->check(CLI::IsMember({"kafka", "file", "channel"}))
      ->capture_default_str();
  cmd->add_option("--brokers", o.brokers, "Bootstrap servers of a real Kafka cluster (default: the embedded broker)");
  cmd->add_option("-X", o.properties, "Kafka client property key=value (repeatable; SASL/TLS pass through)");
  cmd->add_option("--pace", o.pace, "afap | realtime[:SPEEDUP] | rate:EVENTS_PER_S[@SECONDS],... (staircase)")
      ->capture_default_str();
  cmd->add_option("--out", o.out_dir, "File sink directory (default results/streams/<scenario name>)");
  cmd->add_option("--bootstrap-file", o.bootstrap_file, "Where the embedded broker's address is written")
      ->capture_default_str();
  cmd->add_option("--protect-group", o.protect_groups,
                  "Consumer group the stream must never outrun (embedded broker: it keeps ~5 MiB per partition)");
  cmd->add_option("--partitions", o.partitions, "Partitions per topic on the embedded broker")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--days", o.days, "Simulated days to stream (default: the scenario's horizon)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", o.seed, "Master seed (default: the scenario's)");
  cmd->add_option("--linger", o.linger_s, "Seconds to keep the embedded broker up after the stream ends")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--output", o.output,
                  "HDF5 results: the message truth, send delay, topics "
                  "(default results/<scenario name>-stream.h5)");
  cmd->add_flag("--no-output", o.no_output, "Write no results file");
}

void add_topics_command(CLI::App& app, TopicsOptions& o) {
  auto* cmd = app.add_subcommand("topics", "List the topics a scenario streams, with a sample message each");
  cmd->add_option("scenario", o.scenario, "Scenario file")->capture_default_str();
  cmd->add_option("--width", o.width, "Characters of each sample to show (0: all)")->capture_default_str();
}

int stream_world(const StreamOptions& o) {
  generators::PacingConfig pacing;
  if (const std::string problem = generators::parse_pacing(o.pace, pacing); !problem.empty()) {
    std::fprintf(stderr, "chaintwin stream: --pace %s: %s\n", o.pace.c_str(), problem.c_str());
    return 2;
  }
  RunOverrides overrides;
  overrides.seed = o.seed;
  auto loaded = load_world(o.scenario, overrides, "stream");
  if (!loaded) return 2;
  const scenarios::LoadedWorldScenario& s = *loaded;
  const generators::StreamsConfig& streams_cfg = s.streams;
  const sim::SimTime horizon = o.days > 0.0 ? sim::from_days(o.days) : s.scenario.horizon;
  const std::vector<bus::TopicSpec> topics = topics_of(streams_cfg, o.partitions);

  // The sink, and for Kafka the broker it talks to.
  std::unique_ptr<bus::EmbeddedBroker> broker;
  std::unique_ptr<bus::Sink> sink;
  std::string destination;
  const bool live = o.sink != "file";
  if (o.sink == "kafka") {
    bus::KafkaConfig kafka;
    if (o.brokers.empty()) {
      if (const auto dir = std::filesystem::path(o.bootstrap_file).parent_path(); !dir.empty())
        std::filesystem::create_directories(dir);
      // The broker hosts the whole loop: the pipeline's output topics too (the mock cluster cannot create topics
      // for another process's clients).
      const std::vector<bus::TopicSpec> hosted = loop::loop_topics(streams_cfg, pipeline::OutputTopics{}, o.partitions);
      broker = std::make_unique<bus::EmbeddedBroker>(3, hosted, o.bootstrap_file);
      kafka = broker->client_config();
      destination = "the embedded broker at " + broker->bootstraps() + " (address in " + o.bootstrap_file + ")";
    } else {
      kafka.brokers = o.brokers;
    }
    for (const std::string& p : o.properties) kafka.set(p);
    kafka.flow.protect_groups = o.protect_groups;
    if (destination.empty()) destination = "Kafka: " + kafka.describe();
    sink = bus::make_kafka_sink(kafka, topics);
  } else if (o.sink == "file") {
    const std::filesystem::path dir = o.out_dir.empty() ? "results/streams/" + s.scenario.name : o.out_dir;
    std::filesystem::create_directories(dir);
    sink = bus::make_file_sink(dir);
    destination = "files in " + dir.string();
  } else {
    sink = bus::make_channel_sink();
    destination = "an in-process channel";
  }
  std::printf("%s: %.4g simulated days, seed %llu, streaming to %s\n", s.scenario.name.c_str(), horizon.to_days(),
              static_cast<unsigned long long>(s.scenario.seed), destination.c_str());
  std::fflush(stdout);

  const sim::RandomStreams streams(s.scenario.seed, 0);
  const world::DemandHistory* history = s.history.rows.empty() ? nullptr : &s.history;
  world::World w(s.network, s.world, streams, horizon, history);
  generators::StreamGenerator gen(w, streams_cfg, streams);
  generators::Pacer pacer(pacing);
  loop::MessageHeaders headers;
  const std::int64_t epoch_ns = streams_cfg.epoch_unix_s * 1'000'000'000;
  // Intended send times in Unix ns, not ms: downstream latencies are a few ms, which whole milliseconds would blur.
  const auto steady_origin = generators::Pacer::Clock::now();
  const std::int64_t unix_origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto unix_ns = [&](generators::Pacer::Clock::time_point t) {
    return unix_origin_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(t - steady_origin).count();
  };

  auto emit = [&](const OutgoingMessage& m) {
    const auto intended = pacer.wait_for_turn(m.send_ns);
    const std::int64_t intended_ns = unix_ns(intended);
    bus::Record r;
    r.topic = m.topic;
    r.key = m.key;
    r.payload = m.payload;
    r.headers = headers.of(m, epoch_ns, live, intended_ns);
    r.timestamp_ms = live ? intended_ns / 1'000'000 : (m.send_ns + epoch_ns) / 1'000'000;
    sink->send(r);
    pacer.sent(intended);
  };

  // The master data first: a reader resolves every identifier of the streams through it.
  const std::array<bus::Header, 1> master_headers{bus::Header{"source", "master"}};
  auto send_master = [&](const generators::MasterRecord& m, std::int64_t sim_ns) {
    bus::Record r;
    r.topic = streams_cfg.master_topic;
    r.key = m.key;
    r.payload = m.payload;
    r.headers = master_headers;
    r.timestamp_ms = live ? unix_ns(pacer.wait_for_turn(sim_ns)) / 1'000'000 : (sim_ns + epoch_ns) / 1'000'000;
    sink->send(r);
  };
  for (const auto& m : generators::master_records(s.network, w.ledger(), epoch_ns)) send_master(m, 0);
  sink->flush();  // in the log before any message that needs it

  // Steps of an hour; in real time, of at most a wall second, so the pace is kept smoothly.
  sim::SimTime step = sim::hours(1);
  if (pacing.mode == generators::PaceMode::kRealTime)
    step = std::clamp(sim::from_seconds(pacing.speedup), sim::seconds(1), sim::hours(1));
  const auto days = static_cast<std::size_t>(std::ceil(horizon.to_days()));
  Progress progress(s.scenario.name, days);
  const auto start = std::chrono::steady_clock::now();
  for (sim::SimTime t = step;; t = std::min(t + step, horizon)) {
    w.run_until(t);
    gen.advance(t, emit);
    progress.update(static_cast<std::size_t>(t.to_days()));
    if (t >= horizon) break;
  }
  gen.finish(emit);
  // Every message in the log before stream_end: Kafka orders nothing across partitions, and a consumer that read
  // stream_end while the last batch files were still in the producer's queue would take the stream as ended.
  sink->flush();
  send_master(generators::stream_end_record(horizon.ns() + epoch_ns, gen.truth().size()), horizon.ns());
  sink->flush();
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bus::SinkReport report = sink->report();

  std::printf("\n%-26s %12s %14s %8s\n", "topic", "messages", "bytes", "lost");
  // (lost: not delivered, or no longer on the embedded broker when the stream ended; see the lines below)
  for (const auto& t : report.topics)
    std::printf("%-26s %12llu %14llu %8llu\n", t.topic.c_str(), static_cast<unsigned long long>(t.messages),
                static_cast<unsigned long long>(t.bytes), static_cast<unsigned long long>(t.lost));
  const auto& c = gen.counters();
  std::printf("\n%llu facts -> %llu messages (%.1f MB) in %.2f s: %.0f messages/s\n",
              static_cast<unsigned long long>(c.facts), static_cast<unsigned long long>(c.emitted),
              static_cast<double>(c.bytes) / 1e6, seconds, static_cast<double>(c.emitted) / seconds);
  std::printf("noise labelled in the truth: %s\n", noise_summary(gen.truth()).c_str());
  std::printf("%s\n", pacer.summary().c_str());
  for (const std::string& problem : report.problems) std::fprintf(stderr, "chaintwin stream: %s\n", problem.c_str());
  if (!o.no_output) {
    const std::filesystem::path path = o.output.empty()
                                           ? std::filesystem::path("results/" + s.scenario.name + "-stream.h5")
                                           : std::filesystem::path(o.output);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    analysis::StreamRunInfo info{s.scenario.name, s.scenario.seed,          horizon.to_days(), o.sink,
                                 destination,     streams_cfg.epoch_unix_s, seconds,           {}};
    for (const auto& t : report.topics) info.topics.push_back({t.topic, t.messages, t.bytes, t.lost});
    analysis::write_stream_results(path, info, gen.truth(), pacer.send_delay());
    std::printf("message truth and send delay: %s\n", path.string().c_str());
  }
  if (broker && o.linger_s > 0.0) {
    std::printf("the embedded broker stays up for %.0f s at %s\n", o.linger_s, broker->bootstraps().c_str());
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::duration<double>(o.linger_s));
  }
  // Messages the sink failed to deliver, or that a protected consumer never got, are lost: the run failed. With
  // no consumer protected, what the embedded broker's retention rotated out is reported above, not failed on.
  std::uint64_t failed = 0;
  for (const auto& t : report.topics) failed += o.protect_groups.empty() ? t.delivery_errors : t.lost;
  if (failed > 0) {
    std::fprintf(stderr, "chaintwin stream: %llu message(s) were lost (see above)\n",
                 static_cast<unsigned long long>(failed));
    return 1;
  }
  return 0;
}

int list_topics(const TopicsOptions& o) {
  auto loaded = load_world(o.scenario, {}, "topics");
  if (!loaded) return 2;
  const scenarios::LoadedWorldScenario& s = *loaded;
  // The first message of each source without noise, from up to 90 simulated days of the scenario.
  const sim::RandomStreams streams(s.scenario.seed, 0);
  const sim::SimTime horizon = std::min(s.scenario.horizon, sim::days(90));
  world::World w(s.network, s.world, streams, horizon, nullptr);
  generators::StreamGenerator gen(w, s.streams, streams);
  std::array<std::string, kSourceCount> samples;
  std::size_t found = 0;
  std::size_t enabled = 0;
  for (const auto& src : s.streams.sources) enabled += src.enabled ? 1 : 0;
  auto keep = [&](const OutgoingMessage& m) {
    std::string& sample = samples[static_cast<std::size_t>(m.source)];
    const auto& truth = gen.truth();
    if (!sample.empty() || truth.row(truth.size() - 1).noise != 0) return;  // a clean sample
    sample =
        std::string(generators::to_string(m.kind)) + ", key " + std::string(m.key) + ":\n  " + std::string(m.payload);
    ++found;
  };
  for (sim::SimTime t = sim::hours(1); found < enabled && t <= horizon; t = t + sim::hours(1)) {
    w.run_until(t);
    gen.advance(t, keep);
  }
  for (std::size_t i = 0; i < kSourceCount; ++i) {
    const auto& src = s.streams.sources[i];
    if (!src.enabled) continue;
    std::string sample = samples[i].empty() ? "(no message in the first 90 days)" : samples[i];
    if (o.width > 0 && sample.size() > o.width) sample = sample.substr(0, o.width) + "...";
    std::printf("%s  (source %s)\n  %s\n\n", src.topic.c_str(), std::string(generators::to_string(Source(i))).c_str(),
                sample.c_str());
  }
  return 0;
}

}  // namespace chaintwin::app
