#pragma once
// `chaintwin stream SCENARIO.yaml`: one replication of a world scenario, its facts turned into the noisy message
// streams of its sources and sent, paced, to Kafka (the embedded broker by default, a real cluster with
// --brokers), to files, or to an in-process channel; `chaintwin topics [SCENARIO.yaml]`: the topics with a sample
// message each.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace chaintwin::app {

struct StreamOptions {
  std::string scenario;
  std::string sink = "kafka";  // kafka, file, channel
  std::string brokers;         // empty: the embedded broker
  std::vector<std::string> properties;  // -X key=value
  std::string pace = "afap";
  std::string out_dir;  // file sink: default results/streams/<scenario name>
  std::string bootstrap_file = "results/bootstrap.txt";
  std::vector<std::string> protect_groups;
  // The embedded broker finds a fetch's offset by walking the partition's record batches from the oldest (librdkafka
  // 2.0's mock keeps no index), so each partition's cost grows with the batches it retains: at 10-20 k messages/s
  // 8 partitions per topic made a plain consumer's p99 3-4 times 4 partitions' (docs/bus.md).
  int partitions = 4;
  double days = 0.0;  // 0: the scenario's horizon
  std::optional<std::uint64_t> seed;
  double linger_s = 0.0;  // keep the embedded broker up this long after the stream ends
  std::string output;     // HDF5 results; default results/<scenario name>-stream.h5
  bool no_output = false;
};

struct TopicsOptions {
  std::string scenario = "scenarios/examples/baseline.yaml";
  std::size_t width = 400;  // characters of each sample shown (0: all)
};

void add_stream_command(CLI::App& app, StreamOptions& options);
void add_topics_command(CLI::App& app, TopicsOptions& options);
int stream_world(const StreamOptions& options);
int list_topics(const TopicsOptions& options);

}  // namespace chaintwin::app
