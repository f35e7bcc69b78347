#include "analysis/scoring/latency_score.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace chaintwin::analysis {

namespace {

std::optional<std::int64_t> header_ns(const bus::OwnedRecord& r, std::string_view name) {
  const std::string_view text = r.header(name);
  std::int64_t ns = 0;
  if (text.empty() || std::from_chars(text.data(), text.data() + text.size(), ns).ec != std::errc()) return {};
  return ns;
}

}  // namespace

void add_latencies(std::span<const bus::OwnedRecord> records, LatencyScore& score) {
  for (const bus::OwnedRecord& r : records) {
    const auto intended = header_ns(r, "input-intended-send-time-ns");
    const auto published = header_ns(r, "published-ns");
    if (!intended || !published) {
      ++score.without_cause;
      continue;
    }
    const std::int64_t latency = std::max<std::int64_t>(0, *published - *intended);
    score.all.record(latency);
    score.by_source[std::string(r.header("input-source"))].record(latency);
    std::string kind = r.topic.starts_with("chaintwin.") ? r.topic.substr(10) : r.topic;
    std::replace(kind.begin(), kind.end(), '-', '_');
    score.by_output[kind].record(latency);
  }
}

}  // namespace chaintwin::analysis
