#include "analysis/scoring/output_checks.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>
#include <unordered_map>

#include "generators/formats/time_format.hpp"

namespace chaintwin::analysis {

namespace {

std::string iso(std::int64_t unix_ns) {
  std::string out;
  formats::append_iso8601_utc(out, unix_ns);
  return out;
}

void note(OutputCheck& check, std::string problem) {
  if (check.first_problem.empty()) check.first_problem = std::move(problem);
}

}  // namespace

OutputCheck check_stock_positions(std::span<const pipeline::StockPositionRecord> records) {
  OutputCheck check;
  check.records = records.size();
  struct Revisions {
    std::map<std::uint32_t, std::int64_t> value;  // the last value read of each revision
    std::uint32_t newest = 0;                     // the highest revision read
  };
  std::unordered_map<std::string, std::map<std::int64_t, Revisions>> keys;
  std::string key;
  for (const pipeline::StockPositionRecord& r : records) {
    key.assign(r.location).append("/").append(r.sku);
    auto describe = [&] { return key + " asOf " + iso(r.as_of_unix_ns) + " revision " + std::to_string(r.revision); };
    Revisions& revs = keys[key][r.as_of_unix_ns];
    const auto seen = revs.value.find(r.revision);
    if (seen != revs.value.end()) {
      if (seen->second == r.on_hand) {
        ++check.duplicated;
      } else {
        ++check.conflicting;
        note(check, "conflicting: " + describe() + " read again with another value");
      }
      seen->second = r.on_hand;
      continue;
    }
    if (!revs.value.empty() && r.revision < revs.newest && revs.value.at(revs.newest) != r.on_hand) {
      ++check.out_of_order;
      note(check, "out of order: " + describe() + " after revision " + std::to_string(revs.newest));
    }
    revs.value.emplace(r.revision, r.on_hand);
    revs.newest = std::max(revs.newest, r.revision);
  }
  for (const auto& [name, by_time] : keys) {
    for (const auto& [as_of, revs] : by_time) {
      const std::uint64_t missing = revs.newest + 1 - revs.value.size();
      if (missing == 0) continue;
      check.lost += missing;
      note(check, "lost: " + name + " asOf " + iso(as_of) + ": " + std::to_string(missing) + " of revisions 0.." +
                      std::to_string(revs.newest) + " never read");
    }
  }
  return check;
}

OutputCheck check_alerts(std::span<const pipeline::AlertRecord> records) {
  OutputCheck check;
  check.records = records.size();
  constexpr std::size_t kNotRead = SIZE_MAX;
  struct Episode {
    std::size_t raised_at = kNotRead;  // position in the topic of the first raise read
    std::size_t cleared_at = kNotRead;
  };
  struct Subject {
    std::map<std::uint64_t, Episode> episodes;
    std::uint64_t newest_raise = 0;
  };
  std::unordered_map<std::string, Subject> subjects;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const pipeline::AlertRecord& r = records[i];
    // `<kind>/<subject>/<n>`: the subject itself may contain '/' (a cold room), n follows the last one.
    const std::size_t slash = r.id.rfind('/');
    std::uint64_t n = 0;
    if (slash == std::string::npos ||
        std::from_chars(r.id.data() + slash + 1, r.id.data() + r.id.size(), n).ec != std::errc() || n == 0) {
      note(check, "alert id '" + r.id + "' is not <kind>/<subject>/<n>");
      continue;
    }
    Subject& subject = subjects[r.id.substr(0, slash)];
    Episode& e = subject.episodes[n];
    std::size_t& at = r.raised ? e.raised_at : e.cleared_at;
    if (at != kNotRead) {
      ++check.duplicated;
      continue;
    }
    at = i;
    if (r.raised) {
      if (n < subject.newest_raise) {
        ++check.out_of_order;
        note(check, "out of order: " + r.id + " raised after raise " + std::to_string(subject.newest_raise));
      }
      subject.newest_raise = std::max(subject.newest_raise, n);
    }
  }
  for (const auto& [name, subject] : subjects) {
    const std::uint64_t last = subject.episodes.empty() ? 0 : subject.episodes.rbegin()->first;
    for (std::uint64_t n = 1; n <= last; ++n) {
      const auto it = subject.episodes.find(n);
      const Episode e = it == subject.episodes.end() ? Episode{} : it->second;
      const std::string id = name + "/" + std::to_string(n);
      if (e.raised_at == kNotRead) {
        ++check.lost;
        note(check, "lost: the raise of " + id + " never read");
      } else if (e.cleared_at != kNotRead && e.cleared_at < e.raised_at) {
        ++check.out_of_order;
        note(check, "out of order: " + id + " cleared before it was raised");
      }
      if (n < last && e.cleared_at == kNotRead) {
        ++check.lost;
        note(check, "lost: the clear of " + id + " never read (the subject was raised again)");
      }
    }
  }
  return check;
}

}  // namespace chaintwin::analysis
