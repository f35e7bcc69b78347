#pragma once
// The closed loop in lockstep, in one process. Each step the world runs, the generators turn its facts into the
// noisy streams, the reference pipeline reads them as a consumer of the bus would (the same records, batches and
// partition ends as a replay of a recorded stream), its output records go to the streaming view, and the planners
// of the next step decide from that view. Nothing depends on timing or on threads, so a run is reproducible bit for
// bit, and its random numbers are the world's and the generators' own (common random numbers across views).
//
// The pipeline reads a step's messages at the step's end, and the view moves to the planners' order book recorded
// just behind where the watermark then is (the largest out-of-orderness bound plus a minute): at a step's end the
// view is a couple of minutes behind the world, and a planner deciding within the step sees it up to a step older.
// The pipeline's processing time is charged only as LockstepOptions::latency says (the lockstep itself measures
// what the outputs are worth, not how fast they come).

#include <cstdint>
#include <functional>
#include <vector>

#include "generators/config.hpp"
#include "loop/streaming_view.hpp"
#include "pipeline/runtime/stream_processor.hpp"
#include "sim/core/random.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop {

struct LockstepOptions {
  sim::SimTime step = sim::minutes(15);
  // The pipeline's processing time, charged in simulated time: at a step's end t the view moves to no order book
  // later than t - latency (what a pipeline this slow would have published by t).
  sim::SimTime latency = sim::SimTime::zero();
  // false: the pipeline runs but the planners read the truth (a run that must equal one without the loop).
  bool planners_read_pipeline = true;
  // The reference pipeline's settings; its input and master topics are set from the streams' configuration.
  pipeline::ProcessorConfig pipeline = pipeline::ProcessorConfig::defaults();
  // Called at each step's end, once the view has moved (the world is at `now`): for tests and displays.
  std::function<void(const StreamingView& view, sim::SimTime now)> on_step;
  // Called when the planners' order book is recorded (the world is at `at`): a moment the view may move to.
  std::function<void(sim::SimTime at)> on_order_book;
};

struct LockstepSummary {
  std::uint64_t steps = 0;
  std::uint64_t messages = 0;  // sent by the generators (the pipeline's input records)
  pipeline::ProcessorCounters pipeline;
  StreamingViewCounters view;
  double mean_view_age_s = 0.0;  // at each step's end, how far the view's time was behind the world's (mean)
  // Wall seconds the pipeline took over each step's messages (reading them to publishing what they allow): its
  // processing time, in process, without a broker. Not part of the outcomes (they do not depend on it).
  std::vector<double> step_seconds;
};

// Runs `world` (not yet run) to `horizon` in lockstep with its streams and the reference pipeline; the planners
// read the streaming view unless told otherwise. `progress`, if set, is called each simulated day.
LockstepSummary run_lockstep(world::World& world, const generators::StreamsConfig& streams,
                             const sim::RandomStreams& random, sim::SimTime horizon, const LockstepOptions& options,
                             const std::function<void(sim::SimTime)>& progress = {});

}  // namespace chaintwin::loop
