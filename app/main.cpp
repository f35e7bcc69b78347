// chaintwin: a digital-twin testbed for real-time supply-chain streaming.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "app/demo_command.hpp"
#include "app/pipeline_command.hpp"
#include "app/run_command.hpp"
#include "app/score_command.hpp"
#include "app/stream_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"chaintwin: a digital-twin testbed for real-time supply-chain streaming"};
  app.set_version_flag("--version", "chaintwin 0.1.0");
  app.require_subcommand(1);

  chaintwin::app::DemoOptions demo;
  chaintwin::app::add_demo_command(app, demo);
  chaintwin::app::RunOptions run;
  chaintwin::app::add_run_command(app, run);
  chaintwin::app::CompareOptions compare;
  chaintwin::app::add_compare_command(app, compare);
  chaintwin::app::LoopOptions loop;
  chaintwin::app::add_loop_command(app, loop);
  chaintwin::app::StreamOptions stream;
  chaintwin::app::add_stream_command(app, stream);
  chaintwin::app::TopicsOptions topics;
  chaintwin::app::add_topics_command(app, topics);
  chaintwin::app::PipelineOptions pipeline;
  chaintwin::app::add_pipeline_command(app, pipeline);
  chaintwin::app::ScoreOptions score;
  chaintwin::app::add_score_command(app, score);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with code 0; every usage error exits 2, like any other bad input.
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (app.got_subcommand("demo")) return chaintwin::app::run_demo(demo);
    if (app.got_subcommand("run")) return chaintwin::app::run_world(run);
    if (app.got_subcommand("compare")) return chaintwin::app::compare_worlds(compare);
    if (app.got_subcommand("loop")) return chaintwin::app::loop_world(loop);
    if (app.got_subcommand("stream")) return chaintwin::app::stream_world(stream);
    if (app.got_subcommand("topics")) return chaintwin::app::list_topics(topics);
    if (app.got_subcommand("pipeline")) return chaintwin::app::run_pipeline(pipeline);
    if (app.got_subcommand("score")) return chaintwin::app::score_pipeline(score);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chaintwin: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
