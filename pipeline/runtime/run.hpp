#pragma once
// Running the reference pipeline: from Kafka (a real cluster or the embedded broker), checkpointing its state with
// the input offsets so a killed pipeline restarts where it left off; or from a file sink's directory (a recorded
// stream), for reproducible replays and tests.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/stream_processor.hpp"

namespace chaintwin::pipeline {

struct RunSummary {
  ProcessorCounters counters;
  StockPositionCounters stock;
  std::int64_t watermark_unix_ns = kNoTime;
  bool finished = false;        // the stream ended and everything is published
  bool restored = false;        // started from a checkpoint
  std::uint64_t checkpoints = 0;
  double seconds = 0.0;
};

struct KafkaRunOptions {
  bus::KafkaConfig kafka;
  std::string group = "chaintwin-pipeline";  // offsets are committed here (for lag-aware producers), not read back
  std::filesystem::path checkpoint;          // empty: no checkpoints
  std::chrono::milliseconds checkpoint_interval{2'000};
  std::chrono::milliseconds idle_exit{0};    // > 0: stop when nothing arrived for this long (and not finished)
  // A partition read to its end and quiet this long is idle (left out of the watermark). Short: every record of a
  // sparse partition holds all outputs back this long (bench/pipeline_latency.sh at 20 k/s: with 50 ms the positions'
  // median latency was 5x the broker's round trip, with 10 ms 1.9x). Not below a couple of fetch waits
  // (fetch.wait.max.ms 5), or partitions count as idle between fetches and more of their records arrive late.
  std::chrono::milliseconds idle_partition{10};
  const std::atomic<bool>* stop = nullptr;   // set (by a signal handler): checkpoint and stop
  std::function<void(const StreamProcessor&)> on_progress;  // called about once a second
};

// Reads the master topic and every input topic that exists, until the stream ends (or idle_exit, or *stop).
// Outputs go to `out` (a Kafka sink). Throws bus::Error (unreachable cluster, missing master topic) or
// CheckpointError (an unreadable checkpoint).
RunSummary run_from_kafka(const ProcessorConfig& config, const KafkaRunOptions& options, bus::Sink& out);

// A stream recorded by the file sink, read and merged by timestamp (the simulated send time) as the bus would have
// delivered it; at one time the master topic first.
struct RecordedStream {
  std::vector<bus::OwnedRecord> records;
  std::vector<bus::PartitionOffset> partitions;  // one per topic file
};
RecordedStream load_recorded_stream(const ProcessorConfig& config, const std::filesystem::path& dir);
// Feeds records in send-time order as a consumer of a live stream reads them: in batches of at most one simulated
// minute of sending, each followed by every partition at its end and a publish(); then one more publish(). A
// replay does it once; the closed loop (loop/) once per step.
void feed_in_send_order(StreamProcessor& processor, std::span<const bus::OwnedRecord> records,
                        std::span<const bus::PartitionOffset> partitions);
// Runs the pipeline over a recorded stream.
RunSummary replay(const ProcessorConfig& config, const RecordedStream& stream, bus::Sink& out);
// Both: replays a file sink's directory.
RunSummary run_from_files(const ProcessorConfig& config, const std::filesystem::path& dir, bus::Sink& out);

// Writes `bytes` to `path` atomically (a temporary beside it, then rename), so a crash leaves the old or the new.
void write_checkpoint_file(const std::filesystem::path& path, const std::string& bytes);

}  // namespace chaintwin::pipeline
