#pragma once
// The reference pipeline's core, independent of where records come from: master data first, then the input
// records in batches (decoded in parallel with TBB, applied in order), outputs to a bus::Sink. Its whole state,
// with the offset to resume each input partition from, is a checkpoint; a processor restored from one and fed
// the records after those offsets publishes what an uninterrupted one would have (docs/pipeline.md).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/bus/kafka.hpp"
#include "pipeline/bus/sink.hpp"
#include "pipeline/decode/input_source.hpp"
#include "pipeline/operators/dedup.hpp"
#include "pipeline/operators/shipment_alerts.hpp"
#include "pipeline/operators/stock_positions.hpp"
#include "pipeline/operators/watermarks.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "pipeline/signals/signal_operators.hpp"

namespace chaintwin::pipeline {

struct ProcessorConfig {
  std::array<std::string, kInputSourceCount> input_topics;  // "chaintwin.<source>" by default
  std::string master_topic = "chaintwin.master";
  OutputTopics outputs;
  // Bounded out-of-orderness per source: how long the watermark waits for stragglers before calling them late.
  std::array<std::int64_t, kInputSourceCount> out_of_orderness_ns{};
  StockPositionConfig stock;
  ShipmentAlertConfig alerts;
  SignalConfig signals;
  DedupConfig dedup;
  WatermarkConfig watermark;
  // The clock idleness is measured on: the wall clock for a live consumer, the records' send times for a replay
  // (deterministic).
  enum class IdleClock : std::uint8_t { kSendTime, kWall } idle_clock = IdleClock::kSendTime;
  // A live consumer: the stream ends only once every input partition has been read to where it ended when
  // stream_end had been read (set_end_offsets). A partition's end reported before its last records reached the
  // broker would otherwise end the stream early. A replay knows it has read everything.
  bool end_needs_offsets = false;

  static ProcessorConfig defaults();
};

struct ProcessorCounters {
  std::uint64_t input_records = 0;
  std::uint64_t master_records = 0;
  std::uint64_t dead_letters = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t events = 0;
  std::uint64_t position_records = 0;
  std::uint64_t progress_records = 0;
  std::uint64_t alert_records = 0;
  std::uint64_t signal_records = 0;                   // demand signals, disruption impacts and replenishment signals
  std::uint64_t alerts_raised[kAlertKindCount] = {};  // by AlertKind
  std::uint64_t alerts_cleared[kAlertKindCount] = {};
};

class StreamProcessor {
 public:
  StreamProcessor(ProcessorConfig config, bus::Sink& out);
  ~StreamProcessor();
  StreamProcessor(const StreamProcessor&) = delete;
  StreamProcessor& operator=(const StreamProcessor&) = delete;

  // The partitions to read (the master topic's and the inputs'), once, before anything else: checkpoints name
  // them in this order. Returns the offset to start each from: the beginning, or where a restored checkpoint says.
  std::vector<bus::PartitionOffset> set_partitions(std::vector<bus::PartitionOffset> partitions);

  // Records of any of the partitions, in the order they were read. Input records that arrive before the master
  // data is complete (the master partition read to its end) wait for it.
  void process(std::span<const bus::OwnedRecord> records);
  // The consumer has read everything `topic`[`partition`] holds for now.
  void partition_end(const std::string& topic, std::int32_t partition);
  // Publishes what the watermark allows, and a progress record if it moved. Call after process()/partition_end().
  void publish();

  // With end_needs_offsets: true once stream_end has been read and until set_end_offsets() is called. Then the
  // runtime asks the broker where each of input_partitions() ends and passes that on.
  bool needs_end_offsets() const;
  std::vector<bus::PartitionOffset> input_partitions() const;
  void set_end_offsets(std::span<const bus::PartitionOffset> ends);

  bool finished() const;  // the stream ended and everything in it is published
  std::int64_t watermark_unix_ns() const { return watermarks_.current(); }
  // The input partitions holding the watermark back now (for progress displays).
  std::vector<std::string> holding_back() const { return watermarks_.holding_back(idleness_now()); }
  // Where to resume each partition: the offset after the last record applied.
  std::vector<bus::PartitionOffset> resume_offsets() const;
  const ProcessorCounters& counters() const { return counters_; }
  const StockPositions& positions() const { return positions_; }
  const ShipmentAlerts& alerts() const { return alerts_; }
  const SignalOperators& signals() const { return signals_; }

  // The whole state as bytes, and back (the same partitions must have been set). Throws CheckpointError.
  std::string checkpoint() const;
  void restore(std::string_view bytes);

  struct Impl;

 private:
  void apply_master(const bus::OwnedRecord& record);
  void apply_inputs(std::span<const bus::OwnedRecord* const> records);
  void dead_letter(const bus::OwnedRecord& record, std::string_view reason);
  void report_duplicate(const bus::OwnedRecord& record, DedupVerdict verdict);
  void send_positions(const std::vector<PositionUpdate>& updates);
  void send_alerts(const std::vector<AlertUpdate>& updates, const Cause& cause);
  void send_signals(const SignalBatch& batch, const Cause& cause);
  std::size_t slot_of(const bus::OwnedRecord& record) const;
  std::size_t slot_of(const std::string& topic, std::int32_t partition) const;  // throws for others
  void end_if_read_to_the_end();
  std::int64_t idleness_now() const;

  ProcessorConfig config_;
  bus::Sink& out_;
  std::unique_ptr<Impl> impl_;  // master data, decoder, per-slot bookkeeping
  Watermarks watermarks_;
  Deduplicator dedup_;
  StockPositions positions_;
  ShipmentAlerts alerts_;
  SignalOperators signals_;
  ProcessorCounters counters_;
  std::int64_t last_progress_ns_ = kNoTime;
  bool finish_reported_ = false;
  std::int64_t latest_send_ns_ = kNoTime;  // of the records read so far
  // The earliest intended send time among the records applied since the last publish(): the alerts and signals it
  // decides are measured from it (an upper bound on the latency from the input that made them decidable).
  Cause step_cause_;
};

}  // namespace chaintwin::pipeline
