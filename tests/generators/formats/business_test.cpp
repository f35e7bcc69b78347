#include "generators/formats/business.hpp"

#include <gtest/gtest.h>

#include "tests/generators/formats/format_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

using testing::get_double;
using testing::get_int;
using testing::get_string;

template <class Message, class Write>
std::unique_ptr<testing::Parsed> written(const Message& message, Write write, SchemaVersion version = SchemaVersion::kV1) {
  std::string json;
  write(json, message, WriteOptions{version});
  auto doc = testing::parse(json);
  EXPECT_TRUE(doc->ok);
  return doc;
}

TEST(Business, OrderEventLifecycle) {
  auto doc = written(testing::full_order_event(), write_order_event);
  const auto& r = doc->root;
  EXPECT_EQ(get_string(r, "eventType"), "ORDER_SHIPPED");
  EXPECT_EQ(get_string(r, "status"), "SHIPPED");
  EXPECT_EQ(get_string(r, "eventTime"), "2025-03-21T14:30:12.000Z");
  EXPECT_EQ(get_string(r, "requestedDeliveryDate"), "2025-03-23");
  EXPECT_EQ(get_string(r, "shipToLocationId"), "S0412");
  EXPECT_EQ(get_int(r, "lines/1/lineNumber"), 2);
  EXPECT_EQ(get_double(r, "lines/1/quantity"), 6.5);
  EXPECT_EQ(get_string(r, "lines/0/gtin"), "04012345123456");
  for (auto status : {OrderStatus::kCreated, OrderStatus::kConfirmed, OrderStatus::kDelivered}) {
    OrderEvent e = testing::full_order_event();
    e.status = status;
    e.shipment_id = {};
    auto other = written(e, write_order_event);
    EXPECT_EQ(get_string(other->root, "eventType"), "ORDER_" + std::string(to_string(status)));
    EXPECT_FALSE(testing::has(other->root, "shipmentId"));
  }
  EXPECT_EQ(get_string(written(testing::full_order_event(), write_order_event, SchemaVersion::kV2)->root, "priority"),
            "URGENT");
}

TEST(Business, InventoryAdjustmentAndItsNewReasonCode) {
  auto doc = written(testing::full_adjustment(), write_inventory_adjustment);
  EXPECT_EQ(get_double(doc->root, "quantityDelta"), -12.0);
  EXPECT_EQ(get_string(doc->root, "reasonCode"), "SPOILAGE");
  EXPECT_EQ(get_string(written(testing::full_adjustment(), write_inventory_adjustment, SchemaVersion::kV2)->root,
                       "reasonCode"),
            "COLD_CHAIN_BREAK");
  InventoryAdjustment damage = testing::full_adjustment();
  damage.reason = AdjustmentReason::kDamage;
  EXPECT_EQ(get_string(written(damage, write_inventory_adjustment, SchemaVersion::kV2)->root, "reasonCode"), "DAMAGE");
}

TEST(Business, PoStatusAndFulfillment) {
  auto po = written(testing::full_po_status(), write_po_status);
  EXPECT_EQ(get_string(po->root, "status"), "PARTIALLY_RECEIVED");
  EXPECT_EQ(get_string(po->root, "poNumber"), "4500021354");
  auto po2 = written(testing::full_po_status(), write_po_status, SchemaVersion::kV2);
  EXPECT_EQ(get_string(po2->root, "purchaseOrderNumber"), "4500021354");
  auto ff = written(testing::full_fulfillment(), write_fulfillment, SchemaVersion::kV2);
  EXPECT_EQ(get_string(ff->root, "status"), "SHIPPED");
  EXPECT_EQ(get_string(ff->root, "estimatedDeliveryDate"), "2025-03-23");
}

TEST(Business, PosTransactionUsesTheStoresLocalTime) {
  PosTransaction late = testing::full_pos();
  late.transaction_time_ns = unix_ns_from_civil(2025, 3, 21, 23, 30, 0);  // 00:30 next day in the store (+01:00)
  auto doc = written(late, write_pos_transaction);
  EXPECT_EQ(get_string(doc->root, "transactionTime"), "2025-03-22T00:30:00.000+01:00");
  EXPECT_EQ(get_string(doc->root, "businessDate"), "2025-03-22");
  EXPECT_EQ(get_string(doc->root, "channel"), "STORE");
  EXPECT_EQ(get_double(doc->root, "lines/0/unitPrice"), 1.99);
  EXPECT_EQ(get_double(doc->root, "lines/1/quantity"), 0.732);
  EXPECT_EQ(get_double(doc->root, "totalAmount"), 11.62);
  auto v2 = written(late, write_pos_transaction, SchemaVersion::kV2);
  EXPECT_EQ(get_int(v2->root, "lines/1/unitPriceMinor"), 1249);
  EXPECT_FALSE(testing::has(v2->root, "lines/1/unitPrice"));
}

TEST(Business, WebOrder) {
  auto doc = written(testing::full_web_order(), write_web_order);
  EXPECT_EQ(get_string(doc->root, "channel"), "APP");
  EXPECT_EQ(get_string(doc->root, "fulfillmentMethod"), "CLICK_AND_COLLECT");
  EXPECT_EQ(get_string(doc->root, "placedAt"), "2025-03-21T14:30:12.000Z");
  EXPECT_EQ(get_int(written(testing::full_web_order(), write_web_order, SchemaVersion::kV2)->root,
                    "lines/0/unitPriceMinor"),
            199);
}

TEST(Business, SupplierMessages) {
  auto confirmation = written(testing::full_confirmation(), write_supplier_confirmation);
  EXPECT_EQ(get_double(confirmation->root, "lines/0/committedQuantity"), 400.0);
  EXPECT_EQ(get_string(confirmation->root, "lines/0/committedDeliveryDate"), "2025-03-26");
  EXPECT_EQ(get_string(written(testing::full_confirmation(), write_supplier_confirmation, SchemaVersion::kV2)->root,
                       "lines/1/promisedDate"),
            "2025-03-27");
  auto lead = written(testing::full_lead_time_change(), write_supplier_lead_time_change);
  EXPECT_EQ(get_int(lead->root, "leadTimeDays"), 12);
  EXPECT_EQ(get_string(lead->root, "effectiveDate"), "2025-04-01");
  auto lead2 = written(testing::full_lead_time_change(), write_supplier_lead_time_change, SchemaVersion::kV2);
  EXPECT_EQ(get_string(lead2->root, "leadTime"), "P12D");
  EXPECT_EQ(get_string(lead2->root, "previousLeadTime"), "P9D");
  auto oos = written(testing::full_out_of_stock(), write_supplier_out_of_stock, SchemaVersion::kV2);
  EXPECT_EQ(get_string(oos->root, "severity"), "FULL");
  EXPECT_EQ(get_string(oos->root, "expectedRestockDate"), "2025-04-10");
}

TEST(Business, ExternalFeeds) {
  auto alert = written(testing::full_weather_alert(), write_weather_alert);
  EXPECT_EQ(get_string(alert->root, "severity"), "Severe");
  EXPECT_EQ(get_string(alert->root, "expires"), "2025-03-23T02:30:12.000Z");
  EXPECT_EQ(get_string(written(testing::full_weather_alert(), write_weather_alert, SchemaVersion::kV2)->root,
                       "areaDescription"),
            "Shelby; Fayette; Tipton");
  PortStatus reopened = testing::full_port_status();
  reopened.event = PortStatusEvent::kReopened;
  reopened.expected_reopening_ns.reset();
  auto port = written(reopened, write_port_status);
  EXPECT_EQ(get_string(port->root, "eventType"), "PORT_REOPENED");
  EXPECT_FALSE(testing::has(port->root, "expectedReopening"));
  EXPECT_EQ(get_string(written(reopened, write_port_status, SchemaVersion::kV2)->root, "unlocode"), "USLAX");
  auto congestion = written(testing::full_port_congestion(), write_port_congestion);
  EXPECT_EQ(get_double(congestion->root, "averageWaitHours"), 36.5);
  EXPECT_EQ(get_string(written(testing::full_port_congestion(), write_port_congestion, SchemaVersion::kV2)->root,
                       "averageWaitTime"),
            "PT36H30M");
  PortCongestion whole = testing::full_port_congestion();
  whole.average_wait_hours = 48;
  EXPECT_EQ(get_string(written(whole, write_port_congestion, SchemaVersion::kV2)->root, "averageWaitTime"), "PT48H");
  whole.average_wait_hours = 0.25;
  EXPECT_EQ(get_string(written(whole, write_port_congestion, SchemaVersion::kV2)->root, "averageWaitTime"), "PT15M");
}

}  // namespace
}  // namespace chaintwin::formats
