#pragma once
// Scoring duplicate removal against the message truth: the records a pipeline reports it dropped (the
// chaintwin.duplicates topic, docs/topics.md) against the deliveries the generators labelled as copies.
//
// A copy is a delivery labelled `duplicate` (an exact second delivery: same message id, same bytes), `resent` (an
// EDI interchange sent again: same id) or `reread` (EPCIS tags read again: a new message, the same content). Copies
// of a message whose required field was left out are not counted: such records go to the dead letter, not to
// duplicate removal. Matching is by message id and count: a dropped record with message id X is right if the
// truth has a copy with id X not already matched, or X is the read of a re-read not already matched (the re-read
// arrived first and the read was dropped in its place, which is as right). A record reported twice (a restarted
// pipeline reports again what it dropped since its checkpoint) counts once: records are identified by topic, partition
// and offset.

#include <cstdint>
#include <span>

#include "generators/message_truth.hpp"
#include "pipeline/runtime/outputs.hpp"

namespace chaintwin::analysis {

struct DedupScore {
  std::uint64_t copies = 0;                         // deliveries the truth labels as copies
  std::uint64_t dropped = 0;                        // distinct records the pipeline dropped
  std::uint64_t correct = 0;                        // dropped records that were copies
  std::uint64_t by_message_id = 0, by_content = 0;  // what recognised the dropped records
  double precision = 0.0;                           // correct / dropped (NaN if nothing dropped)
  double recall = 0.0;                              // correct / copies (NaN if no copies)
  // Recall per label: exact duplicates, EDI re-sends, EPCIS re-reads.
  double duplicate_recall = 0.0, resent_recall = 0.0, reread_recall = 0.0;
};

DedupScore score_dedup(const generators::MessageTruth& truth, std::span<const pipeline::DuplicateRecord> dropped);

}  // namespace chaintwin::analysis
