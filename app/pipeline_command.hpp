#pragma once
// `chaintwin pipeline`: the reference stream processor, on its own. It reads the master topic and the input topics
// of a stream (the embedded broker's address from results/bootstrap.txt by default, a real cluster with --brokers),
// publishes stock positions, progress and dead letters to the output topics, checkpoints its state with the input
// offsets, and stops when the stream has ended and everything is published. `--from-files DIR` replays a stream
// recorded with `chaintwin stream --sink file` and writes the outputs as files.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace chaintwin::app {

struct PipelineOptions {
  std::string brokers;  // empty: the embedded broker whose address is in bootstrap_file
  std::string bootstrap_file = "results/bootstrap.txt";
  std::vector<std::string> properties;  // -X key=value
  std::string group = "chaintwin-pipeline";
  std::string checkpoint = "results/pipeline.checkpoint";
  bool fresh = false;        // start from the beginning even if a checkpoint exists
  double checkpoint_s = 2.0;
  double idle_exit_s = 0.0;  // > 0: stop when nothing arrived for this long
  double idle_partition_ms = 10.0;  // a partition read to its end and quiet this long leaves the watermark
  std::string from_files;    // replay this file-sink directory instead of reading Kafka
  std::string out_dir;       // with --from-files: where the outputs go (default <from-files>/pipeline)
};

void add_pipeline_command(CLI::App& app, PipelineOptions& options);
int run_pipeline(const PipelineOptions& options);

}  // namespace chaintwin::app
