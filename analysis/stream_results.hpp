#pragma once
// The results of `chaintwin stream`: the message truth (what every delivery reports and which noise it carries),
// the generator's send delay, and what each topic received, in one HDF5 file (layout: docs/outputs.md).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "generators/message_truth.hpp"
#include "generators/pacing.hpp"

namespace chaintwin::analysis {

struct StreamTopicSummary {
  std::string topic;
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  std::uint64_t lost = 0;
};

struct StreamRunInfo {
  std::string scenario;
  std::uint64_t seed = 0;
  double days = 0.0;
  std::string sink;         // kafka, file, channel
  std::string destination;  // brokers (secrets redacted) or directory
  std::int64_t epoch_unix_s = 0;
  double seconds = 0.0;     // wall time of the run
  std::vector<StreamTopicSummary> topics;
};

// Writes (atomically: a temporary file renamed at the end) the truth, the send-delay histogram and the per-topic
// counts. Throws ResultsError naming the file and object on failure.
void write_stream_results(const std::filesystem::path& path, const StreamRunInfo& info,
                          const generators::MessageTruth& truth, const generators::LogLinearHistogram& send_delay);

}  // namespace chaintwin::analysis
