#include "loop/closed_loop.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "generators/master_data.hpp"
#include "generators/stream_generator.hpp"
#include "loop/message_headers.hpp"
#include "loop/steps.hpp"
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
           std::span<const bus::Header> headers) {
    if (used_ == records_.size()) records_.emplace_back();
    bus::OwnedRecord& r = records_[used_++];
    r.topic.assign(topic);
    r.partition = 0;
    r.offset = next_offset_[slot_of(topic)]++;
    r.key.assign(key);
    r.payload.assign(payload);
    r.headers.resize(headers.size());
    std::size_t i = 0;
    for (const bus::Header& h : headers) {
      r.headers[i].first.assign(h.name);
      r.headers[i].second.assign(h.value);
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
  detail::ViewGuard guard(world, options.planners_read_pipeline ? &view : nullptr);
  std::vector<bus::PartitionOffset> partitions;
  const pipeline::ProcessorConfig config = detail::reading(streams, options.pipeline, &partitions);
  ViewSink sink(view, config.outputs);
  pipeline::StreamProcessor processor(config, sink);
  processor.set_partitions(partitions);
  StepRecords records(partitions);

  const std::array<bus::Header, 1> master_headers{bus::Header{"source", "master"}};
  auto to_ms = [&](std::int64_t sim_ns) { return (sim_ns + epoch_ns) / 1'000'000; };
  for (const generators::MasterRecord& m : generators::master_records(world.network(), world.ledger(), epoch_ns))
    records.add(streams.master_topic, m.key, m.payload, to_ms(0), master_headers);
  pipeline::feed_in_send_order(processor, records.take(), partitions);

  generators::StreamGenerator generator(world, streams, random);
  MessageHeaders headers;
  auto emit = [&](const generators::OutgoingMessage& m) {
    records.add(m.topic, m.key, m.payload, to_ms(m.send_ns), headers.of(m, epoch_ns, false, 0));
  };

  LockstepSummary summary;
  double age_sum_s = 0.0;
  detail::DayTicker days(progress);
  detail::step_world(world, view, config, options.step, horizon, options.on_order_book, [&](sim::SimTime t) {
    generator.advance(t, emit);
    const auto fed = std::chrono::steady_clock::now();
    pipeline::feed_in_send_order(processor, records.take(), partitions);
    summary.step_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - fed).count());
    view.advance_to(std::min(sink.watermark_unix_ns(), (t - options.latency).ns() + epoch_ns));
    view.check();
    ++summary.steps;
    if (options.on_step) options.on_step(view, t);
    age_sum_s += (t - view.as_of()).to_seconds();
    days.at(t);
  });
  // The stream's tail: what was still due after the horizon, then its end.
  generator.finish(emit);
  const generators::MasterRecord end = generators::stream_end_record(horizon.ns() + epoch_ns, generator.truth().size());
  records.add(streams.master_topic, end.key, end.payload, to_ms(horizon.ns()), master_headers);
  pipeline::feed_in_send_order(processor, records.take(), partitions);

  summary.messages = generator.counters().emitted;
  summary.pipeline = processor.counters();
  summary.view = view.counters();
  summary.mean_view_age_s = summary.steps == 0 ? 0.0 : age_sum_s / static_cast<double>(summary.steps);
  return summary;
}

}  // namespace chaintwin::loop
