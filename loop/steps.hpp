#pragma once
// Internal to loop/: what the lockstep and the paced loops share. The pipeline configured for the generators'
// topics; the world advanced step by step with the planners' order book recorded where the view can move to; the
// view handed back to the world, and taken away again however the loop ends.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "generators/config.hpp"
#include "loop/streaming_view.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/stream_processor.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop::detail {

// The planners decide from `view` until the guard goes: the world keeps a pointer to its view.
class ViewGuard {
 public:
  ViewGuard(world::World& world, const world::VisibilityView* view) : world_(world) { world.set_view(view); }
  ~ViewGuard() { world_.set_view(nullptr); }
  ViewGuard(const ViewGuard&) = delete;
  ViewGuard& operator=(const ViewGuard&) = delete;

 private:
  world::World& world_;
};

// `base` reading the topics the generators write; `partitions` (if given) gets the master topic's partition 0 and
// each enabled source's.
inline pipeline::ProcessorConfig reading(const generators::StreamsConfig& streams, pipeline::ProcessorConfig base,
                                         std::vector<bus::PartitionOffset>* partitions = nullptr) {
  base.master_topic = streams.master_topic;
  if (partitions != nullptr) partitions->push_back({streams.master_topic, 0});
  for (std::size_t i = 0; i < generators::kSourceCount; ++i) {
    const generators::SourceConfig& source = streams.sources[i];
    const auto input = pipeline::input_source_from_string(generators::to_string(generators::Source(i)));
    if (!input) continue;
    base.input_topics[static_cast<std::size_t>(*input)] = source.topic;
    if (source.enabled && partitions != nullptr) partitions->push_back({source.topic, 0});
  }
  return base;
}

// Runs the world to `horizon` in steps, calling `after_step(t)` once it reached each step's end t (the last one
// the horizon). Order books are recorded where the pipeline's watermark is likely to be at a step's end (its
// largest bound on out-of-orderness and a minute of ticks before it, or twice that when noise holds it back), so the
// view can move nearly up to the world's time. (The baseline's default noise, 15-minute steps, lockstep: the
// watermark was 1-3 minutes behind at 60% of step ends, 4-5 at 10%, up to 17 at the rest.)
inline void step_world(world::World& world, StreamingView& view, const pipeline::ProcessorConfig& pipeline,
                       sim::SimTime step, sim::SimTime horizon, const std::function<void(sim::SimTime)>& on_order_book,
                       const std::function<void(sim::SimTime)>& after_step) {
  const sim::SimTime lead = sim::SimTime::from_ns(*std::max_element(pipeline.out_of_orderness_ns.begin(),
                                                                    pipeline.out_of_orderness_ns.end())) +
                            sim::minutes(1);
  sim::SimTime previous = sim::SimTime::zero();
  for (sim::SimTime t = std::min(step, horizon);; t = std::min(t + step, horizon)) {
    for (const sim::SimTime book : {t - lead - lead, t - lead}) {
      if (book <= previous) continue;
      world.run_until(book);
      view.record_orders(book);
      if (on_order_book) on_order_book(book);
    }
    world.run_until(t);
    previous = t;
    after_step(t);
    if (t >= horizon) break;
  }
}

// Calls `progress` when a step's end passes into a new simulated day.
class DayTicker {
 public:
  explicit DayTicker(const std::function<void(sim::SimTime)>& progress) : progress_(progress) {}
  void at(sim::SimTime t) {
    const auto day = static_cast<std::int64_t>(t.to_days());
    if (!progress_ || day <= last_day_) return;
    last_day_ = day;
    progress_(t);
  }

 private:
  const std::function<void(sim::SimTime)>& progress_;
  std::int64_t last_day_ = 0;
};

}  // namespace chaintwin::loop::detail
