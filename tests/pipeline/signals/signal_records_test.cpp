// The signal topics' records: written as the contract says, read back equal, and malformed ones rejected.
#include <gtest/gtest.h>

#include <cmath>

#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {
namespace {

constexpr std::int64_t kT = 1'740'981'600'000'000'000;  // 2025-03-03T06:00:00Z

TEST(SignalRecords, DemandSignalRoundTrips) {
  DemandSignalRecord r{"STORE-00014", "SKU-000102", kT, kT + 86'400'000'000'000, DemandDirection::kUp, 14, 17,
                       4.25, 1.2e-05, kT + 93'600'000'000'000};
  std::string json;
  append_demand_signal_json(json, r);
  EXPECT_EQ(json,
            R"({"locationId":"STORE-00014","sku":"SKU-000102","windowStart":"2025-03-03T06:00:00.000Z",)"
            R"("windowEnd":"2025-03-04T06:00:00.000Z","direction":"UP","observedLines":14,"observedUnits":17,)"
            R"("expectedLines":4.25,"tailProbability":1.2e-05,"detectedAt":"2025-03-04T08:00:00.000Z"})");
  EXPECT_EQ(record_key(r), "STORE-00014/SKU-000102");
  std::string error;
  const auto back = parse_demand_signal(json, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->location, r.location);
  EXPECT_EQ(back->sku, r.sku);
  EXPECT_EQ(back->window_start_unix_ns, r.window_start_unix_ns);
  EXPECT_EQ(back->window_end_unix_ns, r.window_end_unix_ns);
  EXPECT_EQ(back->direction, r.direction);
  EXPECT_EQ(back->observed_lines, 14);
  EXPECT_EQ(back->observed_units, 17);
  EXPECT_DOUBLE_EQ(back->expected_lines, 4.25);
  EXPECT_DOUBLE_EQ(back->tail_probability, 1.2e-05);
  EXPECT_EQ(back->detected_at_unix_ns, r.detected_at_unix_ns);
  r.sku.clear();
  EXPECT_EQ(record_key(r), "STORE-00014/*");
}

TEST(SignalRecords, DisruptionImpactRoundTripsWithNullValue) {
  DisruptionImpactRecord r;
  r.cause = ImpactCause::kSupplierOutage;
  r.location = "SUP-0007";
  r.at_unix_ns = kT;
  r.detected_at_unix_ns = kT + 60'000'000'000;
  r.value = std::nan("");
  r.orders = {"PO48", "PO51"};
  r.skus = {"SKU-000122"};
  r.units_at_risk = 140;
  std::string json;
  append_disruption_impact_json(json, r);
  EXPECT_EQ(json, R"({"cause":"SUPPLIER_OUTAGE","locationId":"SUP-0007","at":"2025-03-03T06:00:00.000Z",)"
                  R"("detectedAt":"2025-03-03T06:01:00.000Z","value":null,"orders":["PO48","PO51"],)"
                  R"("skus":["SKU-000122"],"unitsAtRisk":140})");
  std::string error;
  const auto back = parse_disruption_impact(json, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->cause, r.cause);
  EXPECT_EQ(back->location, r.location);
  EXPECT_EQ(back->at_unix_ns, r.at_unix_ns);
  EXPECT_TRUE(std::isnan(back->value));
  EXPECT_EQ(back->orders, r.orders);
  EXPECT_EQ(back->skus, r.skus);
  EXPECT_EQ(back->units_at_risk, 140);
}

TEST(SignalRecords, ReplenishmentSignalRoundTrips) {
  ReplenishmentSignalRecord r{"STORE-00014", "SKU-000102", kT, kT + 1'000'000, 3, 2, 6, 1.9, 1.4, 9};
  std::string json;
  append_replenishment_signal_json(json, r);
  std::string error;
  const auto back = parse_replenishment_signal(json, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->location, r.location);
  EXPECT_EQ(back->sku, r.sku);
  EXPECT_EQ(back->at_unix_ns, r.at_unix_ns);
  EXPECT_EQ(back->detected_at_unix_ns, r.detected_at_unix_ns);
  EXPECT_EQ(back->on_hand, 3);
  EXPECT_EQ(back->on_order, 2);
  EXPECT_EQ(back->reorder_point, 6);
  EXPECT_DOUBLE_EQ(back->daily_demand, 1.9);
  EXPECT_DOUBLE_EQ(back->lead_time_days, 1.4);
  EXPECT_EQ(back->suggested_quantity, 9);
}

TEST(SignalRecords, MalformedRecordsSayWhy) {
  std::string error;
  EXPECT_FALSE(parse_demand_signal("[1]", error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(parse_disruption_impact(
      R"({"cause":"ALIENS","locationId":"X","at":"2025-03-03T06:00:00.000Z","detectedAt":"2025-03-03T06:00:00.000Z",)"
      R"("value":null,"orders":[],"skus":[],"unitsAtRisk":0})",
      error));
  EXPECT_EQ(error, "field 'cause' has an unknown value 'ALIENS'");
  EXPECT_FALSE(parse_replenishment_signal(
      R"({"locationId":"S","sku":"K","at":"yesterday","detectedAt":"2025-03-03T06:00:00.000Z","onHand":1,)"
      R"("onOrder":0,"reorderPoint":1,"dailyDemand":1,"leadTimeDays":1,"suggestedQuantity":1})",
      error));
  EXPECT_EQ(error, "field 'at' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ)");
}

TEST(SignalRecords, OrderNamesAreTheStreamsIds) {
  EXPECT_EQ(order_name({48, OrderKind::kPurchase}), "PO48");
  EXPECT_EQ(order_name({7, OrderKind::kReplenishment}), "RO7");
}

}  // namespace
}  // namespace chaintwin::pipeline
