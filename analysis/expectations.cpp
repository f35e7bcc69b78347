#include "analysis/expectations.hpp"

#include <charconv>
#include <cmath>

#include "analysis/junit_report.hpp"

namespace chaintwin::analysis {

namespace {

// Six significant digits, unless that would print a value and its bound alike while they differ: then every digit.
std::string format_number(double value, bool exact) {
  char text[32];
  if (exact) {
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return std::string(text, ec == std::errc() ? end : text);
  }
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// "at least 0.95" / "at most 0.02"
std::string bound_text(const scenarios::Expectation& e, bool exact) {
  return e.at_least ? "at least " + format_number(*e.at_least, exact) : "at most " + format_number(*e.at_most, exact);
}

ExpectationResult evaluate(const scenarios::Expectation& e, const MetricValues& measured) {
  ExpectationResult r{e, std::nullopt, false, ""};
  const auto found = measured.find(e.metric);
  if (found == measured.end()) {
    r.reason = e.metric + " was not measured";
    return r;
  }
  const double value = found->second;
  r.measured = value;
  if (std::isnan(value)) {
    r.reason = e.metric + " is undefined (NaN), expected " + bound_text(e, false);
    return r;
  }
  const double bound = e.at_least ? *e.at_least : *e.at_most;
  r.passed = e.at_least ? value >= bound : value <= bound;
  const bool exact = value != bound && format_number(value, false) == format_number(bound, false);
  r.reason = e.metric + " = " + format_number(value, exact) + ", expected " + bound_text(e, exact);
  return r;
}

}  // namespace

std::vector<ExpectationResult> evaluate_expectations(std::span<const scenarios::Expectation> expectations,
                                                     const MetricValues& measured) {
  std::vector<ExpectationResult> results;
  for (const scenarios::Expectation& e : expectations) results.push_back(evaluate(e, measured));
  return results;
}

bool all_passed(std::span<const ExpectationResult> results) {
  for (const ExpectationResult& r : results) {
    if (!r.passed) return false;
  }
  return true;
}

std::string expectation_name(const scenarios::Expectation& expectation) {
  return expectation.metric + " " + bound_text(expectation, true);
}

std::string expectations_table(std::span<const ExpectationResult> results) {
  std::string table;
  std::string failed;
  std::size_t failures = 0;
  for (const ExpectationResult& r : results) {
    table += (r.passed ? "PASS  " : "FAIL  ") + r.reason + "\n";
    if (r.passed) continue;
    ++failures;
    failed += (failed.empty() ? "" : ", ") + r.expectation.metric;
  }
  if (failures == 0) return table + "all " + std::to_string(results.size()) + " expectation(s) met\n";
  return table + std::to_string(failures) + " of " + std::to_string(results.size()) +
         " expectation(s) FAILED: " + failed + "\n";
}

int check_expectations(std::FILE* out, std::string_view scenario, std::span<const scenarios::Expectation> expectations,
                       const MetricValues& measured, const std::filesystem::path& junit) {
  const std::vector<ExpectationResult> results = evaluate_expectations(expectations, measured);
  std::fputs(expectations_table(results).c_str(), out);
  if (!junit.empty()) {
    write_junit_report(junit, scenario, results);
    std::fprintf(out, "junit: %s\n", junit.string().c_str());
  }
  return all_passed(results) ? 0 : kExpectationsFailedExitStatus;
}

}  // namespace chaintwin::analysis
