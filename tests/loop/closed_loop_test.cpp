// The closed loop in lockstep: the world, its streams and the reference pipeline, the planners reading the
// pipeline's stock positions. Reproducible whatever the thread count; with the planners reading the truth it is
// the world alone; without noise its view is the truth at the view's time; under a port closure streaming
// visibility has fewer stock-out episodes than batch (measured, not tuned: docs/visibility.md).

#include "loop/closed_loop.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <unistd.h>

#include "analysis/kpis.hpp"
#include "scenarios/world_scenario.hpp"
#include "sim/core/statistics.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::loop {
namespace {

namespace fs = std::filesystem;

// An example scenario shortened to `days`, with `extra` YAML appended (a visibility: or streams: block).
scenarios::LoadedWorldScenario example(const std::string& file, int days, const std::string& extra = "") {
  const fs::path path = fs::temp_directory_path() / ("chaintwin-loop-test-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(path);
    out << "extends: " CHAINTWIN_SOURCE_DIR "/scenarios/examples/" << file << "\nscenario:\n  horizon: " << days
        << "d\n  warm_up: " << (days > 14 ? 7 : 1) << "d\n"
        << extra;
  }
  auto loaded = scenarios::load_world_scenario(path.string());
  fs::remove(path);
  if (!loaded) {
    for (const auto& d : loaded.diagnostics()) ADD_FAILURE() << d.to_string();
    throw std::runtime_error("scenario did not load");
  }
  return std::move(loaded.value());
}

struct LoopRun {
  std::uint64_t ledger_hash = 0;
  LockstepSummary summary;
  analysis::WorldKpis kpis;
};

LoopRun run(const scenarios::LoadedWorldScenario& s, std::uint64_t replication, bool through_loop,
            LockstepOptions options = {}) {
  const sim::RandomStreams random(s.scenario.seed, replication);
  world::World w(s.network, s.world, random, s.scenario.horizon);
  LoopRun r;
  if (through_loop)
    r.summary = run_lockstep(w, s.streams, random, s.scenario.horizon, options);
  else
    w.run_until(s.scenario.horizon);
  r.ledger_hash = w.ledger().hash();
  r.kpis = analysis::compute_kpis(w.ledger(), s.network,
                                  analysis::kpi_options(s.world, s.scenario.warm_up, s.scenario.horizon));
  return r;
}

TEST(ClosedLoop, LockstepIsReproducibleWhateverTheThreadCount) {
  const auto s = example("baseline.yaml", 10);
  LoopRun one_thread;
  {
    tbb::global_control only_one(tbb::global_control::max_allowed_parallelism, 1);
    one_thread = run(s, 0, true);
  }
  const LoopRun again = run(s, 0, true);
  EXPECT_EQ(one_thread.ledger_hash, again.ledger_hash);
  EXPECT_EQ(one_thread.summary.messages, again.summary.messages);
  EXPECT_EQ(one_thread.summary.pipeline.position_records, again.summary.pipeline.position_records);
  std::printf("%llu messages, %llu positions read, the view %.1f min behind the world on average\n",
              static_cast<unsigned long long>(again.summary.messages),
              static_cast<unsigned long long>(again.summary.view.positions), again.summary.mean_view_age_s / 60.0);
  std::printf("on-hand shown exact for %.2f%%, mean absolute error %.3f units\n",
              100.0 * again.summary.view.share_exact(), again.summary.view.mean_absolute_error());
  EXPECT_GT(one_thread.summary.view.positions, 1000u);
  EXPECT_GT(again.summary.view.share_exact(), 0.8);  // with the default noise: 88.7% measured
  EXPECT_EQ(one_thread.summary.view.unknown, 0u);
  // The view drives the planners: their decisions differ from an oracle's.
  EXPECT_NE(one_thread.ledger_hash, run(s, 0, false).ledger_hash);
}

TEST(ClosedLoop, WithThePlannersReadingTheTruthTheLoopIsTheWorldAlone) {
  const auto s = example("baseline.yaml", 10);
  LockstepOptions truth_read;
  truth_read.planners_read_pipeline = false;
  const LoopRun loop = run(s, 1, true, truth_read);
  EXPECT_GT(loop.summary.messages, 10'000u);
  EXPECT_EQ(loop.ledger_hash, run(s, 1, false).ledger_hash);
}

// Without noise the pipeline's positions are exact, so the view shows the truth as it was at the view's time,
// which trails the world by at most two steps.
TEST(ClosedLoop, WithoutNoiseTheViewShowsTheTruthAtItsTime) {
  const auto s = example("baseline.yaml", 7, "streams:\n  noise: false\n");
  const sim::RandomStreams random(s.scenario.seed, 0);
  world::World w(s.network, s.world, random, s.scenario.horizon);
  std::map<std::int64_t, std::vector<std::int64_t>> truth_at;  // on hand at each order book
  std::size_t checked = 0, wrong = 0;
  std::string first_wrong;
  LockstepOptions options;
  options.on_order_book = [&](sim::SimTime at) {
    std::vector<std::int64_t>& on_hand = truth_at[at.ns()];
    for (std::uint32_t l = 0; l < w.locations().size(); ++l) on_hand.push_back(w.truth().position(l).on_hand);
  };
  options.on_step = [&](const StreamingView& view, sim::SimTime now) {
    EXPECT_LE((now - view.as_of()).ns(), 2 * options.step.ns());
    const auto seen = truth_at.find(view.as_of().ns());
    if (seen == truth_at.end()) return;  // the opening view
    for (std::uint32_t l = 0; l < w.locations().size(); ++l) {
      ++checked;
      if (view.position(l).on_hand == seen->second[l]) continue;
      if (++wrong == 1)
        first_wrong = "location " + std::to_string(l) + " at " + std::to_string(view.as_of().to_hours()) + " h: view " +
                      std::to_string(view.position(l).on_hand) + ", truth " + std::to_string(seen->second[l]);
    }
  };
  const LockstepSummary summary = run_lockstep(w, s.streams, random, s.scenario.horizon, options);
  EXPECT_GT(checked, 100'000u);
  EXPECT_EQ(wrong, 0u) << "first: " << first_wrong;
  EXPECT_EQ(summary.view.exact, summary.view.checked);  // the view's own check agrees
}

// A slow pipeline, charged in simulated time: the view never shows anything newer than the latency allows.
TEST(ClosedLoop, ChargedLatencyHoldsTheViewBack) {
  const auto s = example("baseline.yaml", 5);
  LockstepOptions options;
  options.latency = sim::hours(2);
  std::size_t held = 0;
  options.on_step = [&](const StreamingView& view, sim::SimTime now) {
    EXPECT_LE(view.as_of().ns(), (now - options.latency).ns() < 0 ? 0 : (now - options.latency).ns());
    held += now - view.as_of() >= options.latency ? 1 : 0;
  };
  const LoopRun slow = run(s, 0, true, options);
  EXPECT_GT(held, slow.summary.steps - 10);  // all but the first steps
  EXPECT_GE(slow.summary.mean_view_age_s, 2 * 3600.0);
  EXPECT_NE(slow.ledger_hash, run(s, 0, true).ledger_hash);  // the planners saw other numbers
}

// Five replications of a port closure, paired: the streaming view has fewer stock-out episodes than batch.
TEST(ClosedLoop, StreamingVisibilityBeatsBatchUnderAPortClosure) {
  const auto batch = example("port_closure.yaml", 60, "visibility:\n  mode: batch\n");
  const auto streaming = example("port_closure.yaml", 60, "visibility:\n  mode: streaming\n");
  std::vector<double> fewer;
  for (std::uint64_t rep = 0; rep < 5; ++rep)
    fewer.push_back(run(batch, rep, false).kpis.stockout_episodes - run(streaming, rep, true).kpis.stockout_episodes);
  const sim::ConfidenceInterval d = sim::student_t_interval(fewer, 0.95);
  std::printf("stock-out episodes, batch - streaming: %.1f +- %.1f per run\n", d.mean, d.half_width);
  EXPECT_GT(d.mean - d.half_width, 0.0);
}

}  // namespace
}  // namespace chaintwin::loop
