#pragma once
// Assertion helpers shared by the X12 tests.

#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generators/formats/x12.hpp"

namespace chaintwin::formats::x12::testing {

// The problems' messages, for EXPECT_EQ against the expected list.
inline std::vector<std::string> messages(std::span<const Problem> problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.message());
  return out;
}

// Passes when the interchange parsed without problems; otherwise lists them.
inline ::testing::AssertionResult has_no_problems(const Interchange& interchange) {
  if (interchange.valid()) return ::testing::AssertionSuccess();
  auto result = ::testing::AssertionFailure();
  for (const Problem& p : interchange.problems()) result << p.message() << "\n";
  return result;
}

}  // namespace chaintwin::formats::x12::testing
