#include "app/progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace chaintwin::app {

Progress::Progress(std::string label, std::size_t total)
    : label_(std::move(label)),
      total_(total),
      interactive_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {
  update(0);
}

void Progress::update(std::size_t done) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::size_t width = 30;
  const std::size_t filled = total_ ? done * width / total_ : width;
  if (interactive_) {
    std::fprintf(stderr, "\r%s [%s%s] %zu/%zu  %.1fs", label_.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total_, elapsed);
    std::fflush(stderr);
    return;
  }
  const std::size_t decile = total_ ? done * 10 / total_ : 10;
  if ((done == 0 && !started_) || decile > last_decile_) {
    started_ = true;
    last_decile_ = decile;
    std::fprintf(stderr, "%s: %zu/%zu done (%.1fs)\n", label_.c_str(), done, total_, elapsed);
  }
}

void Progress::finish() {
  if (interactive_) std::fputc('\n', stderr);
}

}  // namespace chaintwin::app
