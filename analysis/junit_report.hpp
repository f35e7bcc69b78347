#pragma once
// Expectation results as a JUnit XML report, the format the test reporters of GitLab (artifacts:reports:junit),
// Jenkins (junit step) and GitHub actions read: <testsuites> holding one <testsuite name="chaintwin.<scenario>">
// with one <testcase> per expectation (named by analysis::expectation_name), and a <failure message="reason"> in
// each failed one.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "analysis/expectations.hpp"

namespace chaintwin::analysis {

std::string junit_report(std::string_view scenario, std::span<const ExpectationResult> results);
// Writes junit_report() to path (its directory created if needed). Throws std::runtime_error when it cannot.
void write_junit_report(const std::filesystem::path& path, std::string_view scenario,
                        std::span<const ExpectationResult> results);

// Text made safe for XML content and attribute values: & < > " ' escaped, and the control characters XML 1.0
// forbids replaced by '?'.
std::string xml_escape(std::string_view text);

}  // namespace chaintwin::analysis
