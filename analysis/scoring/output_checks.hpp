#pragma once
// Jepsen-style checks of a pipeline's output topics against their own contract (docs/topics.md, "Pipeline
// outputs"), without the truth: what a downstream reader would get wrong if it trusted the topic. Records are given
// in topic order (one key stays in one partition, so per-key order is what a reader sees).
//
// Stock positions: each (key, asOf) has revisions 0, 1, 2, ... each published once, the last record counting.
//   lost          a revision never read although a later one was (counted per missing revision)
//   duplicated    a (key, asOf, revision) read again with the same value (at least once: expected after a restart)
//   conflicting   ... read again with another value (a restart that saw an event on time it had seen late, or the
//                 reverse: the later one counts, but a reader saw both)
//   out_of_order  a revision older than one already read, whose value differs from that newer revision's: the
//                 view a reader keeps (the last record) goes back to a stale value
// Alerts: `<kind>/<subject>/<n>` is the subject's n-th raise (from 1); a subject is raised again only once cleared.
//   lost          a raise never read although a later raise of its subject, or its clear, was; a clear never read
//                 although a later raise of its subject was
//   duplicated    an (id, state) read again
//   out_of_order  a clear read before its raise, or a raise read after a later raise of its subject
// An uninterrupted run of a correct pipeline has none of these; a killed and restarted one may have duplicates and
// conflicts, never lost or out-of-order records.

#include <cstdint>
#include <span>
#include <string>

#include "pipeline/runtime/outputs.hpp"

namespace chaintwin::analysis {

struct OutputCheck {
  std::uint64_t records = 0;
  std::uint64_t lost = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t conflicting = 0;
  std::uint64_t out_of_order = 0;
  std::string first_problem;  // the first lost, conflicting or out-of-order record, for the report
  bool clean() const { return lost == 0 && conflicting == 0 && out_of_order == 0; }
};

OutputCheck check_stock_positions(std::span<const pipeline::StockPositionRecord> records);
OutputCheck check_alerts(std::span<const pipeline::AlertRecord> records);

}  // namespace chaintwin::analysis
