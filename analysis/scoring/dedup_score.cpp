#include "analysis/scoring/dedup_score.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

namespace chaintwin::analysis {

namespace {

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(part) / static_cast<double>(whole);
}

enum Label : std::uint8_t { kDuplicate, kResent, kReread, kLabels };

}  // namespace

DedupScore score_dedup(const generators::MessageTruth& truth, std::span<const pipeline::DuplicateRecord> dropped) {
  namespace noise = generators::noise;
  DedupScore score;
  // A re-read is a message of its own: when it arrives first, a pipeline keeps it and drops the read, which is as
  // right. So the read's id stands for its re-read too: the read is the unlabelled message of the same fact, kind
  // and key (the re-read copies all three).
  using Twin = std::tuple<std::uint64_t, generators::MessageKind, std::uint32_t>;
  struct TwinHash {
    std::size_t operator()(const Twin& t) const {
      return std::hash<std::uint64_t>{}(std::get<0>(t) * 31 + static_cast<std::uint64_t>(std::get<1>(t)) * 7 +
                                        std::get<2>(t));
    }
  };
  std::unordered_map<Twin, std::uint64_t, TwinHash> read_of;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const generators::MessageTruth::Row& row = truth.row(i);
    if (row.fact.packed != generators::MessageTruth::kNoFact.packed &&
        (row.noise & (noise::kReread | noise::kDuplicate)) == 0)
      read_of.emplace(Twin{row.fact.packed, row.kind, row.key}, row.message_id);
  }
  std::unordered_map<std::uint64_t, std::uint64_t> reread_of;  // a read's id -> its re-read's id

  // The copies still unmatched, per message id, by label.
  std::unordered_map<std::uint64_t, std::array<std::uint32_t, kLabels>> copies;
  std::array<std::uint64_t, kLabels> labelled{}, found{};
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const generators::MessageTruth::Row& row = truth.row(i);
    if ((row.noise & noise::kMissingRequired) != 0) continue;
    Label label = kLabels;
    if ((row.noise & noise::kDuplicate) != 0)
      label = kDuplicate;
    else if ((row.noise & noise::kResent) != 0)
      label = kResent;
    else if ((row.noise & noise::kReread) != 0)
      label = kReread;
    if (label == kLabels) continue;
    ++copies[row.message_id][label];
    ++labelled[label];
    if (label == kReread) {
      if (const auto read = read_of.find(Twin{row.fact.packed, row.kind, row.key}); read != read_of.end())
        reread_of.emplace(read->second, row.message_id);
    }
    ++score.copies;
  }

  std::set<std::tuple<std::string, std::int32_t, std::int64_t>> seen;
  for (const pipeline::DuplicateRecord& d : dropped) {
    if (!seen.emplace(d.topic, d.partition, d.offset).second) continue;  // reported again after a restart
    ++score.dropped;
    (d.matched == "message-id" ? score.by_message_id : score.by_content) += 1;
    std::uint64_t id = 0;
    const char* end = d.message_id.data() + d.message_id.size();
    if (d.message_id.empty() || std::from_chars(d.message_id.data(), end, id).ec != std::errc()) continue;
    auto it = copies.find(id);
    if (it == copies.end()) {
      const auto twin = reread_of.find(id);  // the read dropped in place of its re-read
      if (twin == reread_of.end()) continue;
      it = copies.find(twin->second);
    }
    for (std::size_t label = 0; label < kLabels; ++label) {
      if (it->second[label] == 0) continue;
      --it->second[label];
      ++found[label];
      ++score.correct;
      break;
    }
  }
  score.precision = ratio(score.correct, score.dropped);
  score.recall = ratio(score.correct, score.copies);
  score.duplicate_recall = ratio(found[kDuplicate], labelled[kDuplicate]);
  score.resent_recall = ratio(found[kResent], labelled[kResent]);
  score.reread_recall = ratio(found[kReread], labelled[kReread]);
  return score;
}

}  // namespace chaintwin::analysis
