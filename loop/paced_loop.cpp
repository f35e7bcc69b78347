#include "loop/paced_loop.hpp"

#include <array>
#include <charconv>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "generators/master_data.hpp"
#include "generators/stream_generator.hpp"
#include "loop/message_headers.hpp"
#include "loop/steps.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "pipeline/runtime/run.hpp"

namespace chaintwin::loop {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t unix_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A header holding Unix ns, or -1 when absent or not a number (another pipeline's records may carry anything).
std::int64_t header_ns(const bus::OwnedRecord& r, std::string_view name) {
  const std::string_view v = r.header(name);
  std::int64_t x = -1;
  const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), x);
  return error == std::errc() && end == v.data() + v.size() && x >= 0 ? x : -1;
}

// The pipeline's output topics (progress: one partition; `partitions` each otherwise).
std::vector<bus::TopicSpec> output_topics(const pipeline::OutputTopics& o, int partitions) {
  std::vector<bus::TopicSpec> topics{{o.stock_positions, partitions, 3}, {o.progress, 1, 3}};
  for (const std::string* topic : {&o.dead_letter, &o.alerts, &o.duplicates, &o.signals.demand_signals,
                                   &o.signals.disruption_impacts, &o.signals.replenishment_signals})
    topics.push_back({*topic, partitions, 3});
  return topics;
}

// The reference pipeline on its own thread, reading the inputs from Kafka and writing the outputs there, as
// `chaintwin pipeline` would; stopped (and joined) when it goes.
class PipelineThread {
 public:
  PipelineThread(const pipeline::ProcessorConfig& config, const bus::KafkaConfig& kafka)
      : outputs_(bus::make_kafka_sink(kafka, output_topics(config.outputs, bus::TopicSpec{}.partitions))) {
    pipeline::KafkaRunOptions run;
    run.kafka = kafka;
    run.group = "chaintwin-loop";
    run.stop = &stop_;
    thread_ = std::thread([this, config, run] {
      try {
        pipeline::run_from_kafka(config, run, *outputs_);
      } catch (...) {
        error_ = std::current_exception();
      }
      done_ = true;
    });
  }
  // Unwinding (the loop failed): stop it and wait, keeping the loop's error rather than the pipeline's.
  ~PipelineThread() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  PipelineThread(const PipelineThread&) = delete;
  PipelineThread& operator=(const PipelineThread&) = delete;

  bool done() const { return done_; }
  bool failed() const { return done_ && error_ != nullptr; }
  // Stops it (if still running), waits for it, and rethrows what it threw.
  void join() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::unique_ptr<bus::Sink> outputs_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

std::vector<bus::TopicSpec> loop_topics(const generators::StreamsConfig& streams, const pipeline::OutputTopics& outputs,
                                        int partitions) {
  std::vector<bus::TopicSpec> topics;
  for (const generators::SourceConfig& source : streams.sources)
    if (source.enabled) topics.push_back({source.topic, partitions, 3});
  topics.push_back({streams.master_topic, 1, 3});
  const std::vector<bus::TopicSpec> out = output_topics(outputs, partitions);
  topics.insert(topics.end(), out.begin(), out.end());
  return topics;
}

PacedSummary run_paced(world::World& world, const generators::StreamsConfig& streams, const sim::RandomStreams& random,
                       sim::SimTime horizon, const PacedOptions& options) {
  const auto started = Clock::now();
  const std::int64_t epoch_ns = streams.epoch_unix_s * 1'000'000'000;
  StreamingView view(world, epoch_ns);
  detail::ViewGuard guard(world, &view);
  const pipeline::ProcessorConfig config = detail::reading(streams, options.pipeline);

  std::vector<bus::TopicSpec> inputs{{streams.master_topic, 1}};
  for (const generators::SourceConfig& source : streams.sources)
    if (source.enabled) inputs.push_back({source.topic});
  const std::unique_ptr<bus::Sink> sink = bus::make_kafka_sink(options.kafka, inputs);
  generators::Pacer pacer(options.pacing);
  const auto steady_origin = generators::Pacer::Clock::now();
  const std::int64_t unix_origin_ns = unix_now_ns();
  auto unix_ns = [&](generators::Pacer::Clock::time_point t) {
    return unix_origin_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(t - steady_origin).count();
  };
  const std::array<bus::Header, 1> master_headers{bus::Header{"source", "master"}};
  auto send_master = [&](const generators::MasterRecord& m, std::int64_t sim_ns) {
    bus::Record r{streams.master_topic, m.key, m.payload, master_headers,
                  unix_ns(pacer.wait_for_turn(sim_ns)) / 1'000'000};
    sink->send(r);
  };
  for (const auto& m : generators::master_records(world.network(), world.ledger(), epoch_ns)) send_master(m, 0);
  sink->flush();  // the pipeline needs the master topic before it starts

  std::optional<PipelineThread> reference;
  if (options.reference_pipeline) reference.emplace(config, options.kafka);

  PacedSummary summary;
  const std::array<std::string, 2> view_topics{config.outputs.stock_positions, config.outputs.progress};
  bus::Consumer reader = bus::Consumer::from_beginning(options.kafka, view_topics);
  std::int64_t watermark = INT64_MIN;
  std::string error;
  // Everything the output topics hold now (waiting up to `wait` for the first record).
  auto read_outputs = [&](std::chrono::milliseconds wait) {
    for (;;) {
      const std::vector<bus::OwnedRecord> records = reader.poll(10'000, wait);
      if (records.empty()) return;
      wait = std::chrono::milliseconds(0);
      const std::int64_t now = unix_now_ns();
      for (const bus::OwnedRecord& r : records) {
        if (r.topic == config.outputs.progress) {
          if (const auto p = pipeline::parse_progress(r.payload, error)) {
            watermark = p->watermark_unix_ns;
            summary.pipeline_finished = summary.pipeline_finished || p->finished;
          }
          continue;
        }
        const auto p = pipeline::parse_stock_position(r.payload, error);
        if (!p) continue;  // not ours to judge: `chaintwin score` checks the topics' contract
        view.apply(*p);
        if (const std::int64_t intended = header_ns(r, "input-intended-send-time-ns"); intended >= 0) {
          if (const std::int64_t published = header_ns(r, "published-ns"); published >= 0)
            summary.pipeline_latency_ns.record(published - intended);
          summary.planner_latency_ns.record(now - intended);
        }
      }
    }
  };

  generators::StreamGenerator generator(world, streams, random);
  MessageHeaders headers;
  auto emit = [&](const generators::OutgoingMessage& m) {
    const auto intended = pacer.wait_for_turn(m.send_ns);
    const std::int64_t intended_ns = unix_ns(intended);
    sink->send({m.topic, m.key, m.payload, headers.of(m, epoch_ns, true, intended_ns), intended_ns / 1'000'000});
    pacer.sent(intended);
  };
  double age_sum_s = 0.0;
  detail::DayTicker days(options.progress);
  detail::step_world(world, view, config, options.step, horizon, {}, [&](sim::SimTime t) {
    generator.advance(t, emit);
    read_outputs(std::chrono::milliseconds(0));
    view.advance_to(watermark);
    view.check();
    ++summary.steps;
    age_sum_s += (t - view.as_of()).to_seconds();
    days.at(t);
    if (reference && reference->failed()) reference->join();  // rethrows: no point pacing on without it
  });
  generator.finish(emit);
  sink->flush();  // every message in the log before stream_end
  send_master(generators::stream_end_record(horizon.ns() + epoch_ns, generator.truth().size()), horizon.ns());
  sink->flush();

  // The pipeline's last outputs: until its progress says finished, or the wait is over. (A reference pipeline that
  // returned has flushed its outputs, but this reader may not have fetched them yet: read on.)
  const auto deadline = Clock::now() + options.finish_timeout;
  while (!summary.pipeline_finished && Clock::now() < deadline) {
    if (reference && reference->failed()) reference->join();  // rethrows
    read_outputs(std::chrono::milliseconds(100));
  }
  if (reference) reference->join();
  std::this_thread::sleep_for(options.linger);

  summary.messages = generator.counters().emitted;
  summary.view = view.counters();
  summary.mean_view_age_s = summary.steps == 0 ? 0.0 : age_sum_s / static_cast<double>(summary.steps);
  summary.pacing = pacer.summary();
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

}  // namespace chaintwin::loop
