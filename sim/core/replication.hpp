#pragma once
// Independent replications, run in parallel on TBB.
//
// Replication r gets its own Simulation and the random streams keyed by (master seed, r), and its result lands in
// slot r: which thread ran it, and when, cannot change any result. 1 thread and 16 threads give identical vectors.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <type_traits>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/core/random.hpp"

namespace chaintwin::sim {

struct ReplicationOptions {
  std::size_t replications = 10;  // independent runs
  std::uint64_t master_seed = 1;  // with the replication index, keys every random stream
  std::size_t threads = 0;        // worker threads; 0 = one per core
  // Called after each finished replication with (finished, total), serialised; for progress displays.
  std::function<void(std::size_t, std::size_t)> on_progress;
};

// Runs `model(replication_index, streams)` for every replication and returns the results in replication order.
template <class Model>
auto run_replications(const ReplicationOptions& options, Model&& model)
    -> std::vector<std::invoke_result_t<Model&, std::size_t, const RandomStreams&>> {
  using Result = std::invoke_result_t<Model&, std::size_t, const RandomStreams&>;
  std::vector<Result> results(options.replications);
  std::size_t finished = 0;  // guarded by progress_mutex
  std::mutex progress_mutex;
  const int threads = options.threads == 0 ? tbb::task_arena::automatic : static_cast<int>(options.threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, options.replications, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t r = range.begin(); r != range.end(); ++r) {
                          const RandomStreams streams(options.master_seed, r);
                          results[r] = model(r, streams);
                          if (options.on_progress) {
                            std::lock_guard lock(progress_mutex);
                            options.on_progress(++finished, options.replications);
                          }
                        }
                      });
  });
  return results;
}

}  // namespace chaintwin::sim
