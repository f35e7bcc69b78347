#pragma once
// A one-line progress display for long runs, on stderr so that stdout stays clean for results.
// On a terminal it redraws in place; otherwise (CI logs, pipes) it prints a line at every tenth of the way.

#include <chrono>
#include <cstddef>
#include <string>

namespace chaintwin::app {

class Progress {
 public:
  Progress(std::string label, std::size_t total);
  void update(std::size_t done);
  void finish();

 private:
  std::string label_;
  std::size_t total_;
  bool interactive_;
  std::size_t last_decile_ = 0;
  bool started_ = false;  // the 0/N line is printed once
  std::chrono::steady_clock::time_point start_;
};

}  // namespace chaintwin::app
