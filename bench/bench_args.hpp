#pragma once
// Tiny `--name value` parsing shared by the benchmark programs (they take a handful of numeric flags), and their
// CPU clocks.

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace chaintwin::bench {

// CPU seconds of the process, and of the calling thread: per-core figures on a shared machine.
inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class Args {
 public:
  Args(int argc, char** argv) : argc_(argc), argv_(argv) {}
  double number(const char* name, double fallback) const {
    const char* v = value(name);
    if (v == nullptr) return fallback;
    char* end = nullptr;
    const double x = std::strtod(v, &end);
    if (end == v || *end != '\0') {
      std::fprintf(stderr, "%s: --%s expects a number, got '%s'\n", argv_[0], name, v);
      std::exit(2);
    }
    return x;
  }
  std::string text(const char* name, const char* fallback) const {
    const char* v = value(name);
    return v ? v : fallback;
  }

 private:
  const char* value(const char* name) const {
    for (int i = 1; i + 1 < argc_; ++i)
      if (std::strncmp(argv_[i], "--", 2) == 0 && std::strcmp(argv_[i] + 2, name) == 0) return argv_[i + 1];
    return nullptr;
  }
  int argc_;
  char** argv_;
};

}  // namespace chaintwin::bench
