#pragma once
// The closed loop in lockstep, in one process. Each step the world runs, the generators turn its facts into the
// noisy streams, the reference pipeline reads them as a consumer of the bus would (the same records, batches and
// partition ends as a replay of a recorded stream), its output records go to the streaming view, and the planners
// of the next step decide from that view. Nothing depends on timing or on threads, so a run is reproducible bit for
// bit, and its random numbers are the world's and the generators' own (common random numbers across views).
//
// The pipeline reads a step's messages at the step's end: the view lags the world by up to a step plus the
// watermark's lag behind the last message (a minute or so with the default bounds), and never by the pipeline's
// processing time (lockstep charges none).

#include <cstdint>
#include <functional>

#include "generators/config.hpp"
#include "loop/streaming_view.hpp"
#include "pipeline/runtime/stream_processor.hpp"
#include "sim/core/random.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop {

struct LockstepOptions {
  sim::SimTime step = sim::minutes(15);
  // false: the pipeline runs but the planners read the truth (a run that must equal one without the loop).
  bool planners_read_pipeline = true;
  // The reference pipeline's settings; its input and master topics are set from the streams' configuration.
  pipeline::ProcessorConfig pipeline = pipeline::ProcessorConfig::defaults();
};

struct LockstepSummary {
  std::uint64_t steps = 0;
  std::uint64_t messages = 0;  // sent by the generators (the pipeline's input records)
  pipeline::ProcessorCounters pipeline;
  StreamingViewCounters view;
  double mean_view_age_s = 0.0;  // at each step's end, how far the view's time was behind the world's (mean)
};

// Runs `world` (not yet run) to `horizon` in lockstep with its streams and the reference pipeline; the planners
// read the streaming view unless told otherwise. `progress`, if set, is called each simulated day.
LockstepSummary run_lockstep(world::World& world, const generators::StreamsConfig& streams,
                             const sim::RandomStreams& random, sim::SimTime horizon, const LockstepOptions& options,
                             const std::function<void(sim::SimTime)>& progress = {});

}  // namespace chaintwin::loop
