#include "pipeline/runtime/run.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <future>
#include <optional>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "pipeline/bus/file_sink.hpp"

namespace chaintwin::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

RunSummary summary_of(const StreamProcessor& p, Clock::time_point start) {
  RunSummary s;
  s.counters = p.counters();
  s.stock = p.positions().counters();
  s.watermark_unix_ns = p.watermark_unix_ns();
  s.finished = p.finished();
  s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return s;
}

}  // namespace

void write_checkpoint_file(const std::filesystem::path& path, const std::string& bytes) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw bus::Error("cannot write the checkpoint " + tmp.string());
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw bus::Error("cannot write the checkpoint " + tmp.string());
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  std::filesystem::rename(tmp, path);
}

RunSummary run_from_kafka(const ProcessorConfig& given, const KafkaRunOptions& options, bus::Sink& out) {
  const auto start = Clock::now();
  ProcessorConfig config = given;  // live: idleness in wall time
  config.idle_clock = ProcessorConfig::IdleClock::kWall;
  config.end_needs_offsets = true;
  config.watermark.idle_timeout_ns = std::chrono::nanoseconds(options.idle_partition).count();
  // The master topic must exist; input topics that do not (a source switched off) are left out.
  std::vector<bus::PartitionOffset> partitions = bus::partitions_of(options.kafka, {&config.master_topic, 1});
  const std::vector<std::string> streamed_topics = bus::existing_topics(options.kafka, config.input_topics);
  const std::vector<bus::PartitionOffset> streamed = bus::partitions_of(options.kafka, streamed_topics);
  partitions.insert(partitions.end(), streamed.begin(), streamed.end());
  StreamProcessor processor(config, out);
  processor.set_partitions(partitions);
  bool restored = false;
  if (!options.checkpoint.empty() && std::filesystem::exists(options.checkpoint)) {
    processor.restore(read_file(options.checkpoint));
    restored = true;
  }
  const std::vector<bus::PartitionOffset> from = processor.resume_offsets();
  bus::Consumer consumer = bus::Consumer::assign(options.kafka, options.group, from);

  // A checkpoint holds records back only while the state is serialised, between two batches. Then, once every
  // output sent before it is acknowledged (the sink's mark), the file is written on another thread (write, fsync,
  // rename), and once written its offsets are committed to the group (for lag-aware producers). So the file never
  // claims an output the topics do not have, and a commit never runs ahead of the file. Waiting in the loop for the
  // outputs (flush), the disk and the commit held every input back 50-600 ms per checkpoint on a loaded machine.
  struct PendingCheckpoint {
    std::string bytes;
    std::vector<bus::PartitionOffset> offsets;
    std::uint64_t mark = 0;
    std::future<void> written;  // valid once the write started
  };
  std::optional<PendingCheckpoint> pending;
  std::uint64_t checkpoints = 0;
  auto resume_offsets = [&] {
    std::vector<bus::PartitionOffset> offsets;
    for (const auto& p : processor.resume_offsets())
      if (p.offset >= 0) offsets.push_back(p);
    return offsets;
  };
  auto begin_checkpoint = [&] {
    PendingCheckpoint c;
    if (!options.checkpoint.empty()) c.bytes = processor.checkpoint();
    c.offsets = resume_offsets();
    c.mark = out.mark();
    pending = std::move(c);
  };
  auto advance_checkpoint = [&] {
    if (!pending) return;
    if (!pending->written.valid()) {
      if (!out.reached(pending->mark)) return;
      if (!options.checkpoint.empty())
        pending->written =
            std::async(std::launch::async, write_checkpoint_file, options.checkpoint, std::move(pending->bytes));
    }
    if (pending->written.valid()) {
      if (pending->written.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
      pending->written.get();  // rethrows a failed write
      ++checkpoints;
    }
    consumer.commit_async(pending->offsets);
    pending.reset();
  };
  // The last checkpoint, at the end, waits for everything.
  auto final_checkpoint = [&] {
    if (pending && pending->written.valid()) pending->written.get();
    pending.reset();
    out.flush();  // outputs first: a checkpoint never claims what the output topics do not have
    if (!options.checkpoint.empty()) {
      write_checkpoint_file(options.checkpoint, processor.checkpoint());
      ++checkpoints;
    }
    consumer.commit(resume_offsets());
  };

  auto last_checkpoint = Clock::now();
  auto last_progress = Clock::now();
  auto last_record = Clock::now();
  while (!processor.finished()) {
    if (options.stop != nullptr && options.stop->load()) break;
    const std::vector<bus::OwnedRecord> records = consumer.poll(10'000, std::chrono::milliseconds(100));
    if (!records.empty()) last_record = Clock::now();
    processor.process(records);
    if (processor.needs_end_offsets()) {
      const std::vector<bus::PartitionOffset> inputs = processor.input_partitions();
      processor.set_end_offsets(consumer.end_offsets(inputs, options.kafka.connect_timeout));
    }
    for (const auto& [topic, partition] : consumer.take_partition_ends()) processor.partition_end(topic, partition);
    processor.publish();
    advance_checkpoint();
    const auto now = Clock::now();
    if (!pending && now - last_checkpoint >= options.checkpoint_interval) {
      begin_checkpoint();
      last_checkpoint = now;
    }
    if (options.on_progress && now - last_progress >= std::chrono::seconds(1)) {
      options.on_progress(processor);
      last_progress = now;
    }
    if (options.idle_exit.count() > 0 && now - last_record >= options.idle_exit) break;
  }
  final_checkpoint();
  RunSummary s = summary_of(processor, start);
  s.restored = restored;
  s.checkpoints = checkpoints;
  return s;
}

RecordedStream load_recorded_stream(const ProcessorConfig& config, const std::filesystem::path& dir) {
  auto read_topic = [&](const std::string& topic) {
    std::vector<bus::OwnedRecord> records = bus::read_file_sink(bus::file_sink_path(dir, topic));
    for (std::size_t i = 0; i < records.size(); ++i) {  // one partition, offsets in file order
      records[i].partition = 0;
      records[i].offset = static_cast<std::int64_t>(i);
    }
    return records;
  };
  RecordedStream stream;
  if (!std::filesystem::exists(bus::file_sink_path(dir, config.master_topic)))
    throw bus::Error("no master data in " + dir.string() + " (" +
                     bus::file_sink_path(dir, config.master_topic).string() +
                     "): record a stream with `chaintwin stream SCENARIO --sink file --out DIR`");
  stream.records = read_topic(config.master_topic);
  stream.partitions.push_back({config.master_topic, 0});
  for (const std::string& topic : config.input_topics) {
    if (!std::filesystem::exists(bus::file_sink_path(dir, topic))) continue;
    std::vector<bus::OwnedRecord> more = read_topic(topic);
    stream.partitions.push_back({topic, 0});
    std::move(more.begin(), more.end(), std::back_inserter(stream.records));
  }
  // By send time (the master data's records at the start, stream_end at the end); at one time the master topic
  // first, then by topic, then file order.
  std::stable_sort(stream.records.begin(), stream.records.end(),
                   [&](const bus::OwnedRecord& a, const bus::OwnedRecord& b) {
                     const bool a_master = a.topic == config.master_topic, b_master = b.topic == config.master_topic;
                     return std::tie(a.timestamp_ms, b_master, a.topic) < std::tie(b.timestamp_ms, a_master, b.topic);
                   });
  return stream;
}

void feed_in_send_order(StreamProcessor& processor, std::span<const bus::OwnedRecord> records,
                        std::span<const bus::PartitionOffset> partitions) {
  // After each batch every topic is caught up to the batch's last send time, as a Kafka consumer reading a live
  // stream is: each partition is at its end.
  constexpr std::size_t kBatch = 4'096;
  constexpr std::int64_t kBatchMs = 60'000;
  for (std::size_t at = 0;;) {
    std::size_t n = 0;
    while (at + n < records.size() && n < kBatch && records[at + n].timestamp_ms - records[at].timestamp_ms < kBatchMs)
      ++n;
    processor.process(records.subspan(at, n));
    at += n;
    for (const bus::PartitionOffset& p : partitions) processor.partition_end(p.topic, 0);
    processor.publish();
    if (n == 0) break;
  }
}

RunSummary replay(const ProcessorConfig& config, const RecordedStream& stream, bus::Sink& out) {
  const auto start = Clock::now();
  StreamProcessor processor(config, out);
  processor.set_partitions(stream.partitions);
  feed_in_send_order(processor, stream.records, stream.partitions);
  out.flush();
  return summary_of(processor, start);
}

RunSummary run_from_files(const ProcessorConfig& config, const std::filesystem::path& dir, bus::Sink& out) {
  return replay(config, load_recorded_stream(config, dir), out);
}
}  // namespace chaintwin::pipeline
