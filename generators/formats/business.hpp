// Business messages as JSON: ERP/OMS order lifecycle, inventory adjustments, PO status and fulfillment; POS
// transactions and web orders; supplier API messages; external feeds (weather alerts, port status and congestion).
//
// Field names follow what such systems publish: camelCase, ISO-8601 times ("Z" for system-to-system messages, the
// store's offset for POS), dates as "YYYY-MM-DD", money as decimal numbers with a currency code, GTINs as 14-digit
// strings, US spelling "fulfillment" as commerce platforms use it. Every message carries an id chosen by the caller
// (messageId / transactionId / orderId / alertId): duplicates are the caller's to make, with the same id.
// Structs hold views: what they point to must outlive the write call. Cost: one pass, no allocation beyond `out`.
//
// Schema drift (v2), one per message kind (also in fields(kind) and docs/formats.md):
//   order events           + "priority" (added optional field)
//   inventory adjustment   reasonCode SPOILAGE written "COLD_CHAIN_BREAK" (a new enum value)
//   PO status              "poNumber" renamed "purchaseOrderNumber"
//   fulfillment            + "estimatedDeliveryDate" (added)
//   POS / web order        lines[].unitPrice (decimal) renamed lines[].unitPriceMinor (integer minor units)
//   supplier confirmation  lines[].committedDeliveryDate renamed lines[].promisedDate
//   lead-time change       leadTimeDays / previousLeadTimeDays renamed leadTime / previousLeadTime, ISO-8601
//                          durations ("P12D")
//   out of stock           + "severity" FULL | PARTIAL (added)
//   weather alert          "areaDesc" renamed "areaDescription"
//   port status            "portCode" renamed "unlocode"
//   port congestion        "averageWaitHours" (number) renamed "averageWaitTime" (ISO-8601 duration "PT36H30M")
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats {

enum class BusinessMessage : std::uint8_t {
  kOrderEvent,
  kInventoryAdjustment,
  kPoStatus,
  kFulfillment,
  kPosTransaction,
  kWebOrder,
  kSupplierOrderConfirmation,
  kSupplierLeadTimeChange,
  kSupplierOutOfStock,
  kWeatherAlert,
  kPortStatus,
  kPortCongestion,
};

// Fields of a message kind; "lines.x" applies to every line.
std::span<const FieldSpec> fields(BusinessMessage kind);

// ---- ERP / OMS ----

struct OrderLine {
  std::string_view sku;
  std::string_view gtin{};   // 14 digits
  double quantity = 0;       // up to 3 decimals, trailing zeros trimmed
  std::string_view uom = "EA";
};

enum class OrderStatus : std::uint8_t { kCreated, kConfirmed, kShipped, kDelivered };

// Store replenishment order lifecycle: eventType ORDER_CREATED | ORDER_CONFIRMED | ORDER_SHIPPED | ORDER_DELIVERED.
struct OrderEvent {
  std::string_view message_id;
  OrderStatus status = OrderStatus::kCreated;
  std::int64_t event_time_ns = 0;
  std::string_view order_id;
  std::string_view order_type = "STORE_REPLENISHMENT";
  std::string_view ship_from_location_id;  // the DC
  std::string_view ship_to_location_id;    // the store
  std::optional<std::int64_t> requested_delivery_ns{};  // written as a date (UTC)
  std::string_view shipment_id{};   // empty: not written (known once shipped)
  std::string_view carrier_scac{};  // empty: not written
  std::span<const OrderLine> lines{};
  std::string_view priority = "STANDARD";  // v2 only: STANDARD | URGENT
};

enum class AdjustmentReason : std::uint8_t { kSpoilage, kDamage, kExpiry, kShrinkage, kCycleCount, kReturnToStock };

struct InventoryAdjustment {
  std::string_view message_id;
  std::int64_t event_time_ns = 0;
  std::string_view adjustment_id;
  std::string_view location_id;
  std::string_view sku;
  std::string_view gtin{};
  std::string_view lot_number{};  // empty: not written
  double quantity_delta = 0;      // negative for write-offs
  std::string_view uom = "EA";
  AdjustmentReason reason = AdjustmentReason::kSpoilage;
};

enum class PoStatus : std::uint8_t {
  kOpen, kAcknowledged, kShipped, kPartiallyReceived, kReceived, kClosed, kCancelled
};

struct PoStatusUpdate {
  std::string_view message_id;
  std::int64_t event_time_ns = 0;
  std::string_view po_number;
  std::string_view supplier_id;
  PoStatus status = PoStatus::kOpen;
  std::string_view ship_to_location_id;
  std::optional<std::int64_t> expected_delivery_ns{};  // date
};

enum class FulfillmentStatus : std::uint8_t { kPicked, kPacked, kShipped, kDelivered, kCancelled };

struct FulfillmentUpdate {
  std::string_view message_id;
  std::int64_t event_time_ns = 0;
  std::string_view fulfillment_id;
  std::string_view order_id;
  std::string_view location_id;
  FulfillmentStatus status = FulfillmentStatus::kPicked;
  std::string_view carrier_scac{};
  std::string_view tracking_number{};
  std::span<const OrderLine> lines{};
  std::optional<std::int64_t> estimated_delivery_ns{};  // v2 only, date
};

// ---- Demand: POS and web ----

struct SalesLine {
  std::string_view sku;
  std::string_view gtin{};
  double quantity = 1;        // up to 3 decimals (weighed goods)
  double unit_price = 0;      // 2 decimals; v2: integer minor units
  double discount_amount = 0; // 2 decimals
};

struct PosTransaction {
  std::string_view transaction_id;
  std::string_view store_id;
  std::string_view register_id;
  std::int64_t transaction_time_ns = 0;
  int utc_offset_minutes = 0;     // the store's; transactionTime and businessDate are local
  std::string_view currency = "EUR";
  std::span<const SalesLine> lines{};
  double total_amount = 0;        // as the till computed it (the caller's)
  std::string_view tender_type = "CARD";  // CARD | CASH | MOBILE | VOUCHER
};

enum class SalesChannel : std::uint8_t { kWeb, kApp };
enum class FulfillmentMethod : std::uint8_t { kShipToHome, kClickAndCollect };

struct WebOrder {
  std::string_view order_id;
  SalesChannel channel = SalesChannel::kWeb;
  std::string_view customer_id;  // pseudonymous
  std::int64_t placed_at_ns = 0;
  std::string_view currency = "EUR";
  FulfillmentMethod fulfillment_method = FulfillmentMethod::kShipToHome;
  std::string_view fulfillment_location_id;  // store (collect) or DC (ship)
  std::string_view ship_to_postal_code{};    // empty: not written
  std::span<const SalesLine> lines{};
  double total_amount = 0;
};

// ---- Supplier API ----

struct ConfirmationLine {
  int line_number = 1;
  std::string_view sku;
  double ordered_quantity = 0;
  double committed_quantity = 0;          // may be short of ordered
  std::int64_t committed_delivery_ns = 0; // date
};

struct SupplierOrderConfirmation {
  std::string_view message_id;
  std::string_view supplier_id;
  std::string_view po_number;
  std::int64_t confirmed_at_ns = 0;
  std::span<const ConfirmationLine> lines{};
};

struct SupplierLeadTimeChange {
  std::string_view message_id;
  std::string_view supplier_id;
  std::string_view sku;
  int previous_lead_time_days = 0;
  int lead_time_days = 0;
  std::int64_t effective_ns = 0;  // date
  std::int64_t announced_at_ns = 0;
  std::string_view reason{};      // free text; empty: not written
};

struct SupplierOutOfStock {
  std::string_view message_id;
  std::string_view supplier_id;
  std::string_view sku;
  double available_quantity = 0;
  std::optional<std::int64_t> expected_restock_ns{};  // date
  std::int64_t reported_at_ns = 0;
};

// ---- External feeds ----

enum class AlertSeverity : std::uint8_t { kMinor, kModerate, kSevere, kExtreme };  // CAP 1.2 severities

struct WeatherAlert {
  std::string_view alert_id;
  std::string_view event;      // "Winter Storm Warning", "Flood Warning"
  AlertSeverity severity = AlertSeverity::kModerate;
  std::string_view region_id;  // our region key
  std::string_view area_desc;  // human description of the area
  std::int64_t sent_ns = 0;
  std::int64_t onset_ns = 0;
  std::int64_t expires_ns = 0;
  std::string_view headline{};  // empty: not written
};

enum class PortStatusEvent : std::uint8_t { kClosed, kReopened };

struct PortStatus {
  std::string_view message_id;
  PortStatusEvent event = PortStatusEvent::kClosed;
  std::string_view port_code;   // UN/LOCODE, e.g. USLAX
  std::string_view port_name;
  std::string_view reason{};    // WEATHER | LABOR_ACTION | ACCIDENT | SECURITY | CONGESTION; empty: not written
  std::int64_t effective_ns = 0;
  std::optional<std::int64_t> expected_reopening_ns{};
};

struct PortCongestion {
  std::string_view message_id;
  std::string_view port_code;
  std::int64_t measured_at_ns = 0;
  int vessels_at_anchor = 0;
  double average_wait_hours = 0;     // 1 decimal; v2: ISO-8601 duration (whole minutes)
  std::string_view congestion_level = "MODERATE";  // LOW | MODERATE | HIGH | SEVERE
};

void write_order_event(std::string& out, const OrderEvent& message, const WriteOptions& options = {});
void write_inventory_adjustment(std::string& out, const InventoryAdjustment& message, const WriteOptions& options = {});
void write_po_status(std::string& out, const PoStatusUpdate& message, const WriteOptions& options = {});
void write_fulfillment(std::string& out, const FulfillmentUpdate& message, const WriteOptions& options = {});
void write_pos_transaction(std::string& out, const PosTransaction& message, const WriteOptions& options = {});
void write_web_order(std::string& out, const WebOrder& message, const WriteOptions& options = {});
void write_supplier_confirmation(std::string& out, const SupplierOrderConfirmation& message,
                                 const WriteOptions& options = {});
void write_supplier_lead_time_change(std::string& out, const SupplierLeadTimeChange& message,
                                     const WriteOptions& options = {});
void write_supplier_out_of_stock(std::string& out, const SupplierOutOfStock& message, const WriteOptions& options = {});
void write_weather_alert(std::string& out, const WeatherAlert& message, const WriteOptions& options = {});
void write_port_status(std::string& out, const PortStatus& message, const WriteOptions& options = {});
void write_port_congestion(std::string& out, const PortCongestion& message, const WriteOptions& options = {});

std::string_view to_string(OrderStatus status);        // "CREATED", ...
std::string_view to_string(AdjustmentReason reason);   // v1 code: "SPOILAGE", ...
std::string_view to_string(PoStatus status);           // "PARTIALLY_RECEIVED", ...
std::string_view to_string(FulfillmentStatus status);  // "PACKED", ...
std::string_view to_string(AlertSeverity severity);    // "Severe", ...

}  // namespace chaintwin::formats
