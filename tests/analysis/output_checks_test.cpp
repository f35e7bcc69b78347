// Jepsen-style checks of output topics against their contract: each kind of fault is found, and an at-least-once
// restart's re-publishing is told apart from loss and disorder.
#include "analysis/scoring/output_checks.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::analysis {
namespace {

using pipeline::AlertRecord;
using pipeline::StockPositionRecord;

StockPositionRecord position(const char* sku, std::int64_t as_of, std::uint32_t revision, std::int64_t on_hand) {
  return {"STORE-00001", sku, as_of, on_hand, revision};
}

AlertRecord alert(const std::string& subject, int n, bool raised) {
  AlertRecord a;
  a.kind = "temperature_excursion";
  a.subject = subject;
  a.id = a.kind + "/" + subject + "/" + std::to_string(n);
  a.raised = raised;
  return a;
}

TEST(StockPositionChecks, AnUninterruptedRunWithCorrectionsIsClean) {
  const std::vector<StockPositionRecord> records = {
      position("A", 60, 0, 5),  position("B", 60, 0, 2),
      position("A", 120, 0, 4), position("A", 60, 1, 6),  // a late event corrects the tick at 60, then 120
      position("A", 120, 1, 5), position("A", 0, 0, 1),   // a late event's own tick: revision 0
      position("A", 60, 2, 7),
  };
  const OutputCheck c = check_stock_positions(records);
  EXPECT_EQ(c.records, records.size());
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.conflicting, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_TRUE(c.clean()) << c.first_problem;
}

TEST(StockPositionChecks, ARestartsRepublishingIsDuplicatedOrConflictingNeverLost) {
  const std::vector<StockPositionRecord> records = {
      position("A", 60, 0, 5),  position("A", 60, 1, 6),
      position("A", 60, 0, 5),  position("A", 60, 1, 6),   // republished from the checkpoint: the same
      position("A", 120, 0, 3), position("A", 120, 0, 4),  // the event on time this time: another value
  };
  const OutputCheck c = check_stock_positions(records);
  EXPECT_EQ(c.duplicated, 2u);
  EXPECT_EQ(c.conflicting, 1u);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_NE(c.first_problem.find("conflicting"), std::string::npos) << c.first_problem;
}

TEST(StockPositionChecks, ASkippedRevisionIsLost) {
  const std::vector<StockPositionRecord> records = {position("A", 60, 0, 5), position("A", 60, 3, 8),
                                                    position("B", 60, 1, 2)};
  const OutputCheck c = check_stock_positions(records);
  EXPECT_EQ(c.lost, 3u);  // A: revisions 1 and 2; B: revision 0
  EXPECT_FALSE(c.clean());
  EXPECT_NE(c.first_problem.find("lost"), std::string::npos) << c.first_problem;
}

TEST(StockPositionChecks, AnOlderRevisionWithAStaleValueAfterANewerOneIsOutOfOrder) {
  // A reader keeping the last record would end with 5 although revision 1 says 6.
  const std::vector<StockPositionRecord> stale = {position("A", 60, 1, 6), position("A", 60, 0, 5)};
  EXPECT_EQ(check_stock_positions(stale).out_of_order, 1u);
  // The same revision order with the newer value (a restarted run that saw the late event on time) misleads no one.
  const std::vector<StockPositionRecord> same = {position("A", 60, 0, 5), position("A", 60, 1, 6),
                                                 position("A", 60, 0, 6)};
  const OutputCheck c = check_stock_positions(same);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.conflicting, 1u);
}

TEST(AlertChecks, RaisesAndClearsInOrderAreClean) {
  const std::vector<AlertRecord> records = {alert("DC-003/chilled", 1, true), alert("DC-003/frozen", 1, true),
                                            alert("DC-003/chilled", 1, false), alert("DC-003/chilled", 2, true)};
  const OutputCheck c = check_alerts(records);
  EXPECT_TRUE(c.clean()) << c.first_problem;
  EXPECT_EQ(c.duplicated, 0u);
}

TEST(AlertChecks, FindsLostDuplicatedAndOutOfOrderRecords) {
  const std::vector<AlertRecord> records = {
      alert("A", 1, true),  alert("A", 1, true),  // duplicated
      alert("A", 3, true),                        // raise 2 lost, and A/1's clear
      alert("B", 1, false), alert("B", 1, true),  // cleared before raised
      alert("C", 2, true),  alert("C", 1, true),  // a raise after a later one (C/1's clear lost too)
  };
  const OutputCheck c = check_alerts(records);
  EXPECT_EQ(c.duplicated, 1u);
  EXPECT_EQ(c.lost, 4u);  // A/1 clear, A/2 raise and clear, C/1 clear
  EXPECT_EQ(c.out_of_order, 2u);
}

}  // namespace
}  // namespace chaintwin::analysis
