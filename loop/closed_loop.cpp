#include "loop/closed_loop.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "generators/master_data.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/runtime/run.hpp"

namespace chaintwin::loop {

namespace {

// Where the pipeline's output records go: stock positions and progress into the view (parsed from the bytes a
// Kafka topic would hold: the contract, not the pipeline's internals), the rest counted.
class ViewSink final : public bus::Sink {
 public:
  ViewSink(StreamingView& view, const pipeline::OutputTopics& topics) : view_(view), topics_(topics) {}

  void send(const bus::Record& r) override {
    std::string error;
    if (r.topic == topics_.stock_positions) {
      const auto p = pipeline::parse_stock_position(r.payload, error);
      if (!p) throw bus::Error("closed loop: unreadable stock position (" + error + "): " + std::string(r.payload));
      view_.apply(*p);
    } else if (r.topic == topics_.progress) {
      const auto p = pipeline::parse_progress(r.payload, error);
      if (!p) throw bus::Error("closed loop: unreadable progress record (" + error + "): " + std::string(r.payload));
      watermark_unix_ns_ = p->watermark_unix_ns;
    }
  }
  void flush() override {}
  bus::SinkReport report() override { return {}; }
  std::int64_t watermark_unix_ns() const { return watermark_unix_ns_; }

 private:
  StreamingView& view_;
  const pipeline::OutputTopics& topics_;
  std::int64_t watermark_unix_ns_ = INT64_MIN;
};

// The generators' messages as the records a consumer reads (one partition a topic, offsets in send order, the
// headers a recorded stream has), written into reused records so a warm step allocates nothing.
class StepRecords {
 public:
  explicit StepRecords(std::vector<bus::PartitionOffset> partitions) : partitions_(std::move(partitions)) {
    next_offset_.assign(partitions_.size(), 0);
  }
  const std::vector<bus::PartitionOffset>& partitions() const { return partitions_; }

  void add(std::string_view topic, std::string_view key, std::string_view payload, std::int64_t timestamp_ms,
           std::initializer_list<std::pair<std::string_view, std::string_view>> headers) {
    if (used_ == records_.size()) records_.emplace_back();
    bus::OwnedRecord& r = records_[used_++];
    r.topic.assign(topic);
    r.partition = 0;
    r.offset = next_offset_[slot_of(topic)]++;
    r.key.assign(key);
    r.payload.assign(payload);
    r.headers.resize(headers.size());
    std::size_t i = 0;
    for (const auto& [name, value] : headers) {
      r.headers[i].first.assign(name);
      r.headers[i].second.assign(value);
      ++i;
    }
    r.timestamp_ms = timestamp_ms;
  }
  std::span<const bus::OwnedRecord> take() {
    const std::span<const bus::OwnedRecord> all(records_.data(), used_);
    used_ = 0;
    return all;
  }

 private:
  std::size_t slot_of(std::string_view topic) const {
    for (std::size_t i = 0; i < partitions_.size(); ++i)
      if (partitions_[i].topic == topic) return i;
    throw bus::Error("closed loop: a message for topic " + std::string(topic) + ", which the pipeline does not read");
  }
  std::vector<bus::PartitionOffset> partitions_;
  std::vector<std::int64_t> next_offset_;
  std::vector<bus::OwnedRecord> records_;
  std::size_t used_ = 0;
};

}  // namespace

LockstepSummary run_lockstep(world::World& world, const generators::StreamsConfig& streams,
                             const sim::RandomStreams& random, sim::SimTime horizon, const LockstepOptions& options,
                             const std::function<void(sim::SimTime)>& progress) {
  const std::int64_t epoch_ns = streams.epoch_unix_s * 1'000'000'000;
  StreamingView view(world, epoch_ns);
  // The world keeps a pointer to its view: back to the truth when the loop ends, however it ends.
  struct RestoreTruth {
    world::World& world;
    ~RestoreTruth() { world.set_view(nullptr); }
  } restore{world};
  if (options.planners_read_pipeline) world.set_view(&view);

  // The pipeline reads the topics the generators write.
  pipeline::ProcessorConfig config = options.pipeline;
  config.master_topic = streams.master_topic;
  std::vector<bus::PartitionOffset> partitions{{streams.master_topic, 0}};
  for (std::size_t i = 0; i < generators::kSourceCount; ++i) {
    const generators::SourceConfig& source = streams.sources[i];
    const auto input = pipeline::input_source_from_string(generators::to_string(generators::Source(i)));
    if (!input) continue;
    config.input_topics[static_cast<std::size_t>(*input)] = source.topic;
    if (source.enabled) partitions.push_back({source.topic, 0});
  }
  ViewSink sink(view, config.outputs);
  pipeline::StreamProcessor processor(config, sink);
  processor.set_partitions(partitions);
  StepRecords records(partitions);

  auto to_ms = [&](std::int64_t sim_ns) { return (sim_ns + epoch_ns) / 1'000'000; };
  for (const generators::MasterRecord& m : generators::master_records(world.network(), world.ledger(), epoch_ns))
    records.add(streams.master_topic, m.key, m.payload, to_ms(0), {{"source", "master"}});
  pipeline::feed_in_send_order(processor, records.take(), partitions);

  generators::StreamGenerator generator(world, streams, random);
  std::string id, version, sim_send;
  auto emit = [&](const generators::OutgoingMessage& m) {
    id = std::to_string(m.id);
    version = std::to_string(m.schema_version);
    sim_send = std::to_string(m.send_ns + epoch_ns);
    records.add(m.topic, m.key, m.payload, to_ms(m.send_ns),
                {{"message-id", id},
                 {"source", generators::to_string(m.source)},
                 {"schema-version", version},
                 {"sim-send-time-ns", sim_send}});
  };

  LockstepSummary summary;
  double age_sum_s = 0.0;
  std::int64_t last_day = 0;
  // Order books are recorded where the pipeline's watermark is likely to be at the step's end (its largest bound
  // on out-of-orderness and a minute of ticks before it, or twice that when noise holds it back), so the view can
  // move nearly up to the world's time. (The baseline's default noise, 15-minute steps: the watermark was 1-3
  // minutes behind at 60% of step ends, 4-5 at 10%, up to 17 at the rest.)
  const sim::SimTime book_lead =
      sim::SimTime::from_ns(*std::max_element(config.out_of_orderness_ns.begin(), config.out_of_orderness_ns.end())) +
      sim::minutes(1);
  sim::SimTime previous = sim::SimTime::zero();
  for (sim::SimTime t = std::min(options.step, horizon);; t = std::min(t + options.step, horizon)) {
    for (const sim::SimTime book : {t - book_lead - book_lead, t - book_lead}) {
      if (book <= previous) continue;
      world.run_until(book);
      view.record_orders(book);
      if (options.on_order_book) options.on_order_book(book);
    }
    world.run_until(t);
    previous = t;
    generator.advance(t, emit);
    const auto fed = std::chrono::steady_clock::now();
    pipeline::feed_in_send_order(processor, records.take(), partitions);
    summary.step_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - fed).count());
    view.advance_to(sink.watermark_unix_ns());
    view.check();
    ++summary.steps;
    if (options.on_step) options.on_step(view, t);
    age_sum_s += (t - view.as_of()).to_seconds();
    if (const auto day = static_cast<std::int64_t>(t.to_days()); progress && day > last_day) {
      last_day = day;
      progress(t);
    }
    if (t >= horizon) break;
  }
  // The stream's tail: what was still due after the horizon, then its end.
  generator.finish(emit);
  const generators::MasterRecord end = generators::stream_end_record(horizon.ns() + epoch_ns, generator.truth().size());
  records.add(streams.master_topic, end.key, end.payload, to_ms(horizon.ns()), {{"source", "master"}});
  pipeline::feed_in_send_order(processor, records.take(), partitions);
  view.advance_to(sink.watermark_unix_ns());

  summary.messages = generator.counters().emitted;
  summary.pipeline = processor.counters();
  summary.view = view.counters();
  summary.mean_view_age_s = summary.steps == 0 ? 0.0 : age_sum_s / static_cast<double>(summary.steps);
  return summary;
}

}  // namespace chaintwin::loop
