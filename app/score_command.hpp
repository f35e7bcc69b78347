#pragma once
// `chaintwin score SCENARIO`: scores a pipeline's output topics (docs/topics.md, "Pipeline outputs"; ours or a
// third party's) against the truth of the scenario's world, which it simulates again (same seed, same ledger).
// Prints the scores, checks the scenario's expectations (exit 3 when one fails; --junit writes the report) and
// writes results/<scenario>-score.h5.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace chaintwin::app {

struct ScoreOptions {
  std::string scenario;
  std::string from_files;  // a directory of output files (chaintwin pipeline --from-files ... --out DIR)
  std::string brokers;     // a real cluster; default: the embedded broker in bootstrap_file
  std::string bootstrap_file = "results/bootstrap.txt";
  std::vector<std::string> properties;
  double days = 0.0;  // 0: up to the pipeline's final watermark (or the scenario's horizon)
  std::optional<std::uint64_t> seed;
  std::string junit;
  std::string output;  // default results/<scenario>-score.h5
  bool no_output = false;
};

void add_score_command(CLI::App& app, ScoreOptions& options);
int score_pipeline(const ScoreOptions& options);

}  // namespace chaintwin::app
