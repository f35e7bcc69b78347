// The non-template half of the binder: reading scalars, formatting values, suggestions and Markdown.
#include "scenarios/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

namespace chaintwin::scenarios::detail {
namespace {

std::string with_unit(std::string what, std::string_view unit) {
  if (!unit.empty()) what += " (" + std::string(unit) + ")";
  return what;
}

struct DurationUnit {
  std::string_view suffix;
  std::int64_t ns;
};
// Largest first: format_duration picks the first that divides the value exactly.
constexpr std::array<DurationUnit, 7> kDurationUnits{{{"w", 7 * 86'400'000'000'000},
                                                      {"d", 86'400'000'000'000},
                                                      {"h", 3'600'000'000'000},
                                                      {"min", 60'000'000'000},
                                                      {"s", 1'000'000'000},
                                                      {"ms", 1'000'000},
                                                      {"ns", 1}}};
constexpr std::string_view kDurationHint = "units: w, d, h, min, s, ms, ns";

// Damerau-Levenshtein distance (optimal string alignment): a swapped pair of letters counts as one edit.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool is_scalar(const Node& node) { return node.kind == Node::Kind::kScalar; }

}  // namespace

std::string describe_got(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "nothing";
    case Node::Kind::kScalar:
      return "'" + node.scalar + "'";
    case Node::Kind::kSequence:
      return "a list";
    case Node::Kind::kMapping:
      return "a mapping";
  }
  return "nothing";
}

std::optional<std::string> parse_bool(const Node& node, bool& out) {
  if (is_scalar(node)) {
    const std::string& t = node.scalar;
    if (t == "true" || t == "True" || t == "TRUE") {
      out = true;
      return std::nullopt;
    }
    if (t == "false" || t == "False" || t == "FALSE") {
      out = false;
      return std::nullopt;
    }
  }
  return "expected true or false, got " + describe_got(node);
}

std::optional<std::string> parse_int64(const Node& node, std::int64_t lo, std::int64_t hi, std::string_view unit,
                                       std::int64_t& out) {
  const std::string expected = with_unit("an integer", unit);
  if (!is_scalar(node)) return "expected " + expected + ", got " + describe_got(node);
  const std::string& t = node.scalar;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc() && end == t.data() + t.size() && v >= lo && v <= hi) {
    out = v;
    return std::nullopt;
  }
  if ((ec == std::errc::result_out_of_range && end == t.data() + t.size()) ||
      (ec == std::errc() && end == t.data() + t.size())) {
    return "expected " + expected + " from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
           describe_got(node);
  }
  return "expected " + expected + ", got " + describe_got(node);
}

std::optional<std::string> parse_uint64(const Node& node, std::uint64_t hi, std::string_view unit, std::uint64_t& out) {
  const std::string expected = with_unit("a non-negative integer", unit);
  if (!is_scalar(node)) return "expected " + expected + ", got " + describe_got(node);
  const std::string& t = node.scalar;
  const bool negative = !t.empty() && t[0] == '-';
  std::uint64_t v = 0;
  const char* first = t.data() + (negative ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, t.data() + t.size(), v);
  const bool whole = end == t.data() + t.size() && first != end;
  if (ec == std::errc() && whole && !negative && v <= hi) {
    out = v;
    return std::nullopt;
  }
  if (whole && (ec == std::errc::result_out_of_range || ec == std::errc())) {
    return "expected " + expected + " from 0 to " + std::to_string(hi) + ", got " + describe_got(node);
  }
  return "expected " + expected + ", got " + describe_got(node);
}

std::optional<std::string> parse_double(const Node& node, std::string_view unit, double& out) {
  const std::string expected = with_unit("a number", unit);
  if (!is_scalar(node)) return "expected " + expected + ", got " + describe_got(node);
  std::string t = node.scalar;
  std::string lower = t;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos) {
    return "expected a finite " + with_unit("number", unit) + ", got " + describe_got(node);
  }
  // from_chars rejects a leading '+', which YAML allows.
  const char* first = t.data() + (!t.empty() && t[0] == '+' ? 1 : 0);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
    return "expected " + expected + ", got " + describe_got(node);
  }
  out = v;
  return std::nullopt;
}

std::optional<std::string> parse_text(const Node& node, std::string& out) {
  if (!is_scalar(node)) return "expected text, got " + describe_got(node);
  out = node.scalar;
  return std::nullopt;
}

std::optional<std::string> parse_duration(const Node& node, sim::SimTime& out) {
  if (!is_scalar(node)) return "expected a duration such as '36h', got " + describe_got(node);
  const std::string& t = node.scalar;
  double amount = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), amount, std::chars_format::fixed);
  std::string_view suffix(end, static_cast<std::size_t>(t.data() + t.size() - end));
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  if (ec != std::errc() || t.empty() || t[0] == '-' || !std::isfinite(amount)) {
    return "expected a duration such as '36h' or '90min', got " + describe_got(node) + " (" +
           std::string(kDurationHint) + ")";
  }
  if (suffix.empty()) {
    return "expected a duration with a unit, got " + describe_got(node) + "; write e.g. '" + t + "h' or '" + t +
           "d' (" + std::string(kDurationHint) + ")";
  }
  for (const DurationUnit& u : kDurationUnits) {
    if (u.suffix != suffix) continue;
    const double ns = amount * static_cast<double>(u.ns);
    if (ns >= 9.2e18) return "duration " + describe_got(node) + " is too long (the clock covers about 292 years)";
    out = sim::from_scaled(amount, static_cast<double>(u.ns));
    return std::nullopt;
  }
  return "unknown duration unit '" + std::string(suffix) + "' in " + describe_got(node) + " (" +
         std::string(kDurationHint) + ")";
}

std::string format_double(double value) {
  std::array<char, 32> buffer{};
  // Plain digits for everyday magnitudes ("1000000", not the shorter "1e+06"), scientific beyond them.
  const double magnitude = std::abs(value);
  const bool fixed = magnitude == 0.0 || (magnitude >= 1e-4 && magnitude < 1e15);
  const auto [end, ec] =
      fixed ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed)
            : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
}

std::string format_duration(sim::SimTime value) {
  const std::int64_t ns = value.ns();
  if (ns == 0) return "0s";
  for (const DurationUnit& u : kDurationUnits) {
    if (u.suffix == "w") continue;  // "2w" reads worse than "14d"
    if (ns % u.ns == 0) return std::to_string(ns / u.ns) + std::string(u.suffix);
  }
  return std::to_string(ns) + "ns";
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "'" : ", '") + n + "'";
  return text;
}

// The nearest name within 2 edits, or failing that the nearest one if it is unambiguous and closer than a third
// of the word's length, or failing that the only name that starts with it: typos and shortened names are
// suggested, unrelated names are not.
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  bool tie = false;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
      tie = false;
    } else if (d == best_distance) {
      tie = true;
    }
  }
  if (!best || best_distance == 0) return std::nullopt;
  // Names are case-sensitive, so "FIFO" for "fifo" is a likely slip however many letters differ.
  const auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (const std::string& c : candidates) {
    if (lower(c) == lower(name)) return c;
  }
  if (best_distance <= 2 || (!tie && best_distance * 3 <= name.size())) return best;
  // A shortened name ("holding_rate" for "holding_rate_per_year") is far in edits but plain to a reader.
  std::optional<std::string> extended;
  for (const std::string& c : candidates) {
    if (name.size() < 3 || c.compare(0, name.size(), name) != 0) continue;
    if (extended) return std::nullopt;  // ambiguous
    extended = c;
  }
  return extended;
}

std::string join_path(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string index_path(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

std::string render_markdown(const std::string& name, const std::string& doc, const std::vector<FieldInfo>& rows,
                            const std::vector<std::string>& rules) {
  // A '|' inside a cell would split it.
  const auto cell = [](const std::string& text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string md = "### `" + name + "`\n\n" + doc + "\n\n";
  md += "| field | type | unit | default | allowed | description |\n|---|---|---|---|---|---|\n";
  for (const FieldInfo& r : rows) {
    md += "| `" + r.name + "` | " + cell(r.type) + " | " + cell(r.unit) + " | " + cell(r.default_text) + " | " +
          cell(r.allowed) + " | " + cell(r.doc) + " |\n";
  }
  if (!rules.empty()) {
    md += "\nRules:\n";
    for (const std::string& rule : rules) md += "- " + rule + "\n";
  }
  return md;
}

}  // namespace chaintwin::scenarios::detail
