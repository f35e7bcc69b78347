// Expectations against measured metrics: verdicts and their one-line reasons, the console table, the exit status,
// and the JUnit report, read back with Python's xml.etree as CI reporters read it.
#include "analysis/expectations.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/junit_report.hpp"
#include "scratch_dir.hpp"

namespace chaintwin::analysis {
namespace {

using scenarios::Expectation;

Expectation at_least(std::string metric, double bound) { return {std::move(metric), std::nullopt, bound, "", 0, 0}; }
Expectation at_most(std::string metric, double bound) { return {std::move(metric), bound, std::nullopt, "", 0, 0}; }

const std::vector<Expectation> kExpectations = {
    at_least("kpi.fill_rate", 0.95),       // fails: 0.912
    at_least("kpi.otif_customer", 0.9),    // passes
    at_most("kpi.stockout_rate", 0.02),    // passes on the bound itself
    at_most("latency.p99_ms", 250),        // not measured
    at_most("kpi.backlog_mean_units", 5),  // undefined
    at_least("kpi.sold_units", 1000),      // fails by less than six digits show
};

const MetricValues kMeasured = {
    {"kpi.fill_rate", 0.912},
    {"kpi.otif_customer", 0.97},
    {"kpi.stockout_rate", 0.02},
    {"kpi.backlog_mean_units", std::numeric_limits<double>::quiet_NaN()},
    {"kpi.sold_units", 999.9999999},
    {"alerts.shipment_delay.recall", 0.5},  // measured, expected by nobody
};

TEST(Expectations, EachPassesOrFailsWithAOneLineReason) {
  const std::vector<ExpectationResult> r = evaluate_expectations(kExpectations, kMeasured);
  ASSERT_EQ(r.size(), kExpectations.size());
  const std::vector<std::pair<bool, std::string>> expected = {
      {false, "kpi.fill_rate = 0.912, expected at least 0.95"},
      {true, "kpi.otif_customer = 0.97, expected at least 0.9"},
      {true, "kpi.stockout_rate = 0.02, expected at most 0.02"},
      {false, "latency.p99_ms was not measured"},
      {false, "kpi.backlog_mean_units is undefined (NaN), expected at most 5"},
      {false, "kpi.sold_units = 999.9999999, expected at least 1000"},
  };
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].passed, expected[i].first) << i;
    EXPECT_EQ(r[i].reason, expected[i].second) << i;
  }
  EXPECT_FALSE(r[3].measured);
  EXPECT_EQ(r[0].measured, 0.912);
  EXPECT_FALSE(all_passed(r));
  EXPECT_TRUE(all_passed(std::span(r).subspan(1, 2)));
  EXPECT_TRUE(all_passed({}));
}

TEST(Expectations, TableNamesEveryFailure) {
  const std::string table = expectations_table(evaluate_expectations(kExpectations, kMeasured));
  EXPECT_NE(table.find("FAIL  kpi.fill_rate = 0.912, expected at least 0.95\n"), std::string::npos) << table;
  EXPECT_NE(table.find("PASS  kpi.otif_customer = 0.97"), std::string::npos) << table;
  EXPECT_NE(table.find("4 of 6 expectation(s) FAILED: kpi.fill_rate, latency.p99_ms, kpi.backlog_mean_units, "
                       "kpi.sold_units\n"),
            std::string::npos)
      << table;
  EXPECT_EQ(expectations_table(evaluate_expectations(std::span(kExpectations).subspan(1, 2), kMeasured)),
            "PASS  kpi.otif_customer = 0.97, expected at least 0.9\n"
            "PASS  kpi.stockout_rate = 0.02, expected at most 0.02\n"
            "all 2 expectation(s) met\n");
}

TEST(Expectations, NamesAreStableAcrossRuns) {
  EXPECT_EQ(expectation_name(at_least("kpi.fill_rate", 0.95)), "kpi.fill_rate at least 0.95");
  EXPECT_EQ(expectation_name(at_most("latency.p99_ms", 250)), "latency.p99_ms at most 250");
}

TEST(JunitReport, EscapesWhatXmlCannotHoldAsIs) {
  EXPECT_EQ(xml_escape("a<b & \"c\" > 'd'"), "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;");
  EXPECT_EQ(xml_escape(std::string("tab\there\x01\nnew")), "tab\there?\nnew");
}

class JunitReportFile : public testing::ScratchDirTest {};

TEST_F(JunitReportFile, CheckExpectationsPrintsWritesAndReturnsTheExitStatus) {
  const auto junit = dir_ / "reports" / "junit.xml";  // its directory does not exist yet
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(check_expectations(out, "baseline", kExpectations, kMeasured, junit), kExpectationsFailedExitStatus);
  EXPECT_EQ(check_expectations(out, "baseline", std::span(kExpectations).subspan(1, 2), kMeasured, ""), 0);
  std::fclose(out);
  EXPECT_TRUE(std::filesystem::exists(junit));
}

// What GitLab, Jenkins and GitHub reporters read: checked by tests/analysis/read_junit.py with xml.etree.
TEST_F(JunitReportFile, ReadsBackWithPythonsXmlParser) {
  const std::string scenario = "odd <name> & \"quotes\"\x07";
  const auto path = dir_ / "junit.xml";
  write_junit_report(path, scenario, evaluate_expectations(kExpectations, kMeasured));
  const std::string command = "python3 " CHAINTWIN_SOURCE_DIR "/tests/analysis/read_junit.py " + path.string() +
                              " --suite 'chaintwin.odd <name> & \"quotes\"?' --tests 6 --failures 4"
                              " --failed 'kpi.fill_rate at least 0.95=kpi.fill_rate = 0.912, expected at least 0.95'"
                              " --passed 'kpi.stockout_rate at most 0.02'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace chaintwin::analysis
