#pragma once
// Pipeline latency from the outputs: for each published record that says what caused it (docs/topics.md,
// "Pipeline outputs": the input-intended-send-time-ns and input-source headers, with published-ns), the time from
// the moment its first-sent input was meant to be sent to the moment the record was published. Measured from the
// intended, not the actual, send time, so a generator that fell behind cannot hide latency (coordinated omission).

#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "generators/histogram.hpp"
#include "pipeline/bus/sink.hpp"

namespace chaintwin::analysis {

struct LatencyScore {
  generators::LogLinearHistogram all;                          // ns
  std::map<std::string, generators::LogLinearHistogram> by_source;  // by input-source
  // By output kind: the topic's name without its "chaintwin." prefix, '-' written '_' (stock_positions, alerts, ...).
  std::map<std::string, generators::LogLinearHistogram> by_output;
  std::uint64_t without_cause = 0;  // records with no cause headers (a replay from files, opening stock)
};

// Adds the records' latencies (records of any output topic; those without the headers are counted apart).
void add_latencies(std::span<const bus::OwnedRecord> records, LatencyScore& score);

}  // namespace chaintwin::analysis
