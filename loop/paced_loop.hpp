#pragma once
// The closed loop through Kafka, paced: the world runs against the wall clock (times a speedup), its messages go to
// the input topics as they fall due, a stream processor reads them (the reference pipeline on a thread of this
// process, or a third party's anywhere that writes the output topics), and every step the planners' view takes
// whatever stock positions and progress the output topics hold by then. For load tests: what the planners see
// depends on how fast the pipeline is, so runs are not reproducible (lockstep is: closed_loop.hpp).
//
// The positions carry the latency headers (docs/topics.md), so the loop measures the pipeline's latency (intended
// send of the input to the output's publication) and the planners' (to the moment the view read it), in wall time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "generators/config.hpp"
#include "generators/histogram.hpp"
#include "generators/pacing.hpp"
#include "loop/streaming_view.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/stream_processor.hpp"
#include "sim/core/random.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop {

struct PacedOptions {
  bus::KafkaConfig kafka;           // a cluster holding the input, master and output topics
  generators::PacingConfig pacing;  // realtime:SPEEDUP, typically
  sim::SimTime step = sim::minutes(15);
  // true: run the reference pipeline on a thread of this process; false: a third party's reads the inputs.
  bool reference_pipeline = true;
  pipeline::ProcessorConfig pipeline = pipeline::ProcessorConfig::defaults();
  // After the stream's end, how long to wait for the pipeline's last progress record (finished).
  std::chrono::milliseconds finish_timeout{60'000};
  // Then how long the cluster must stay up for the pipeline to write its last checkpoint and commit (an embedded
  // broker ends with this process): a pipeline in another process needs it.
  std::chrono::milliseconds linger{0};
  std::function<void(sim::SimTime)> progress;  // each simulated day
};

struct PacedSummary {
  std::uint64_t steps = 0;
  std::uint64_t messages = 0;  // sent to the input topics
  StreamingViewCounters view;
  double mean_view_age_s = 0.0;                        // simulated, at step ends
  generators::LogLinearHistogram pipeline_latency_ns;  // input intended send -> position published
  generators::LogLinearHistogram planner_latency_ns;   // input intended send -> position read by the loop
  std::string pacing;                                  // the pacer's one-line summary (send delay)
  bool pipeline_finished = false;                      // its progress said finished before finish_timeout
  double seconds = 0.0;
};

// Every topic a closed loop through Kafka uses: the enabled sources' and the master topic (one partition), and the
// pipeline's outputs (progress: one partition); `partitions` each otherwise. What an embedded broker must host:
// the mock cluster cannot create topics for another process's clients.
std::vector<bus::TopicSpec> loop_topics(const generators::StreamsConfig& streams, const pipeline::OutputTopics& outputs,
                                        int partitions);

// Runs `world` (not yet run) to `horizon` paced, the planners reading the streaming view fed from the output
// topics. Throws bus::Error (unreachable cluster, missing topics) and what the reference pipeline threw.
PacedSummary run_paced(world::World& world, const generators::StreamsConfig& streams, const sim::RandomStreams& random,
                       sim::SimTime horizon, const PacedOptions& options);

}  // namespace chaintwin::loop
