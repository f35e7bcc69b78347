#include "generators/formats/business.hpp"

#include <charconv>
#include <cmath>

#include "generators/formats/time_format.hpp"

namespace chaintwin::formats {

namespace {

constexpr FieldSpec kOrderFields[] = {
    {"messageId", true},          {"eventType", true},         {"eventTime", true},
    {"orderId", true},            {"orderType", false},        {"status", true},
    {"shipFromLocationId", true}, {"shipToLocationId", true},  {"requestedDeliveryDate", false},
    {"shipmentId", false},        {"carrierScac", false},      {"priority", false, {}, true},
    {"lines", true},              {"lines.lineNumber", false}, {"lines.sku", true},
    {"lines.gtin", false},        {"lines.quantity", true},    {"lines.uom", false},
};
constexpr FieldSpec kAdjustmentFields[] = {
    {"messageId", true}, {"eventType", true},      {"eventTime", true},     {"adjustmentId", true},
    {"locationId", true}, {"sku", true},           {"gtin", false},         {"lotNumber", false},
    {"quantityDelta", true}, {"uom", false},       {"reasonCode", true},
};
constexpr FieldSpec kPoStatusFields[] = {
    {"messageId", true},  {"eventType", true}, {"eventTime", true},         {"poNumber", true, "purchaseOrderNumber"},
    {"supplierId", true}, {"status", true},    {"shipToLocationId", false}, {"expectedDeliveryDate", false},
};
constexpr FieldSpec kFulfillmentFields[] = {
    {"messageId", true},        {"eventType", true},     {"eventTime", true},
    {"fulfillmentId", true},    {"orderId", true},       {"locationId", true},
    {"status", true},           {"carrierScac", false},  {"trackingNumber", false},
    {"estimatedDeliveryDate", false, {}, true},          {"lines", true},
    {"lines.lineNumber", false}, {"lines.sku", true},    {"lines.gtin", false},
    {"lines.quantity", true},   {"lines.uom", false},
};
constexpr FieldSpec kPosFields[] = {
    {"transactionId", true},  {"storeId", true},     {"registerId", false},       {"channel", true},
    {"businessDate", true},   {"transactionTime", true}, {"currency", true},      {"lines", true},
    {"lines.lineNumber", false}, {"lines.sku", true}, {"lines.gtin", false},      {"lines.quantity", true},
    {"lines.unitPrice", true, "lines.unitPriceMinor"}, {"lines.discountAmount", false},
    {"totalAmount", true},    {"tenderType", false},
};
constexpr FieldSpec kWebOrderFields[] = {
    {"orderId", true},        {"channel", true},      {"customerId", false},      {"placedAt", true},
    {"currency", true},       {"fulfillmentMethod", true}, {"fulfillmentLocationId", true},
    {"shipToPostalCode", false}, {"lines", true},     {"lines.lineNumber", false}, {"lines.sku", true},
    {"lines.gtin", false},    {"lines.quantity", true}, {"lines.unitPrice", true, "lines.unitPriceMinor"},
    {"lines.discountAmount", false}, {"totalAmount", true},
};
constexpr FieldSpec kConfirmationFields[] = {
    {"messageId", true},          {"eventType", true},        {"supplierId", true},
    {"poNumber", true},           {"confirmedAt", true},      {"lines", true},
    {"lines.lineNumber", true},   {"lines.sku", true},        {"lines.orderedQuantity", false},
    {"lines.committedQuantity", true}, {"lines.committedDeliveryDate", true, "lines.promisedDate"},
};
constexpr FieldSpec kLeadTimeFields[] = {
    {"messageId", true}, {"eventType", true}, {"supplierId", true}, {"sku", true},
    {"previousLeadTimeDays", false, "previousLeadTime"}, {"leadTimeDays", true, "leadTime"},
    {"effectiveDate", true}, {"announcedAt", true}, {"reason", false},
};
constexpr FieldSpec kOutOfStockFields[] = {
    {"messageId", true}, {"eventType", true}, {"supplierId", true}, {"sku", true}, {"availableQuantity", true},
    {"expectedRestockDate", false}, {"reportedAt", true}, {"severity", false, {}, true},
};
constexpr FieldSpec kWeatherFields[] = {
    {"alertId", true}, {"event", true}, {"severity", true}, {"regionId", true},
    {"areaDesc", false, "areaDescription"}, {"sent", true}, {"onset", false}, {"expires", false},
    {"headline", false},
};
constexpr FieldSpec kPortStatusFields[] = {
    {"messageId", true}, {"eventType", true},       {"portCode", true, "unlocode"}, {"portName", false},
    {"reason", false},   {"effectiveFrom", true},   {"expectedReopening", false},
};
constexpr FieldSpec kPortCongestionFields[] = {
    {"messageId", true},  {"eventType", true},  {"portCode", true},  {"measuredAt", true},
    {"vesselsAtAnchor", false}, {"averageWaitHours", false, "averageWaitTime"}, {"congestionLevel", false},
};

// Small helpers: each writes key and value if the field is wanted.
class Message {
 public:
  Message(std::string& out, const WriteOptions& options) : w_(out), options_(options) { w_.begin_object(); }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  bool wants(std::string_view field) const { return options_.writes(field); }
  bool v2() const { return options_.v2(); }
  JsonWriter& w() { return w_; }
  void finish() { w_.end_object(); }

  void string(std::string_view field, std::string_view text) {
    if (wants(field)) w_.key(field).value(text);
  }
  void string_if_set(std::string_view field, std::string_view text) {
    if (!text.empty()) string(field, text);
  }
  void utc_time(std::string_view field, std::int64_t unix_ns) { local_time(field, unix_ns, 0); }
  void local_time(std::string_view field, std::int64_t unix_ns, int offset_minutes) {
    if (!wants(field)) return;
    w_.key(field).begin_string();
    if (offset_minutes == 0) {
      append_iso8601_utc(w_.out(), unix_ns);
    } else {
      append_iso8601(w_.out(), unix_ns, offset_minutes);
    }
    w_.end_string();
  }
  void date(std::string_view field, std::int64_t unix_ns, int offset_minutes = 0) {
    if (!wants(field)) return;
    w_.key(field).begin_string();
    append_iso_date(w_.out(), unix_ns, offset_minutes);
    w_.end_string();
  }
  void date_if_set(std::string_view field, const std::optional<std::int64_t>& unix_ns) {
    if (unix_ns) date(field, *unix_ns);
  }

 private:
  JsonWriter w_;
  const WriteOptions& options_;
};

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// ISO-8601 durations: "P12D"; "PT36H30M" (whole minutes).
void days_duration(JsonWriter& w, int days) {
  w.begin_string();
  w.out() += 'P';
  append_int(w.out(), days);
  w.out() += 'D';
  w.end_string();
}
void hours_duration(JsonWriter& w, double hours) {
  const std::int64_t minutes = std::llround(hours * 60.0);
  w.begin_string();
  w.out() += "PT";
  if (minutes / 60 != 0 || minutes % 60 == 0) {
    append_int(w.out(), minutes / 60);
    w.out() += 'H';
  }
  if (minutes % 60 != 0) {
    append_int(w.out(), minutes % 60);
    w.out() += 'M';
  }
  w.end_string();
}

void order_lines(Message& m, std::span<const OrderLine> lines) {
  if (!m.wants("lines")) return;
  JsonWriter& w = m.w();
  w.key("lines").begin_array();
  int number = 1;
  for (const OrderLine& line : lines) {
    w.begin_object();
    if (m.wants("lines.lineNumber")) w.key("lineNumber").value(number);
    if (m.wants("lines.sku")) w.key("sku").value(line.sku);
    if (!line.gtin.empty() && m.wants("lines.gtin")) w.key("gtin").value(line.gtin);
    if (m.wants("lines.quantity")) w.key("quantity").value_trimmed(line.quantity, 3);
    if (m.wants("lines.uom")) w.key("uom").value(line.uom);
    w.end_object();
    ++number;
  }
  w.end_array();
}

void sales_lines(Message& m, std::span<const SalesLine> lines) {
  if (!m.wants("lines")) return;
  JsonWriter& w = m.w();
  w.key("lines").begin_array();
  int number = 1;
  for (const SalesLine& line : lines) {
    w.begin_object();
    if (m.wants("lines.lineNumber")) w.key("lineNumber").value(number);
    if (m.wants("lines.sku")) w.key("sku").value(line.sku);
    if (!line.gtin.empty() && m.wants("lines.gtin")) w.key("gtin").value(line.gtin);
    if (m.wants("lines.quantity")) w.key("quantity").value_trimmed(line.quantity, 3);
    if (m.wants("lines.unitPrice")) {
      if (m.v2()) {
        w.key("unitPriceMinor").value(static_cast<std::int64_t>(std::llround(line.unit_price * 100.0)));
      } else {
        w.key("unitPrice").value_fixed(line.unit_price, 2);
      }
    }
    if (m.wants("lines.discountAmount")) w.key("discountAmount").value_fixed(line.discount_amount, 2);
    w.end_object();
    ++number;
  }
  w.end_array();
}

std::string_view order_event_type(OrderStatus status) {
  switch (status) {
    case OrderStatus::kCreated: return "ORDER_CREATED";
    case OrderStatus::kConfirmed: return "ORDER_CONFIRMED";
    case OrderStatus::kShipped: return "ORDER_SHIPPED";
    case OrderStatus::kDelivered: return "ORDER_DELIVERED";
  }
  return "ORDER_CREATED";
}

}  // namespace

std::span<const FieldSpec> fields(BusinessMessage kind) {
  switch (kind) {
    case BusinessMessage::kOrderEvent: return kOrderFields;
    case BusinessMessage::kInventoryAdjustment: return kAdjustmentFields;
    case BusinessMessage::kPoStatus: return kPoStatusFields;
    case BusinessMessage::kFulfillment: return kFulfillmentFields;
    case BusinessMessage::kPosTransaction: return kPosFields;
    case BusinessMessage::kWebOrder: return kWebOrderFields;
    case BusinessMessage::kSupplierOrderConfirmation: return kConfirmationFields;
    case BusinessMessage::kSupplierLeadTimeChange: return kLeadTimeFields;
    case BusinessMessage::kSupplierOutOfStock: return kOutOfStockFields;
    case BusinessMessage::kWeatherAlert: return kWeatherFields;
    case BusinessMessage::kPortStatus: return kPortStatusFields;
    case BusinessMessage::kPortCongestion: return kPortCongestionFields;
  }
  return {};
}

std::string_view to_string(OrderStatus status) { return order_event_type(status).substr(6); }

std::string_view to_string(AdjustmentReason reason) {
  switch (reason) {
    case AdjustmentReason::kSpoilage: return "SPOILAGE";
    case AdjustmentReason::kDamage: return "DAMAGE";
    case AdjustmentReason::kExpiry: return "EXPIRY";
    case AdjustmentReason::kShrinkage: return "SHRINKAGE";
    case AdjustmentReason::kCycleCount: return "CYCLE_COUNT";
    case AdjustmentReason::kReturnToStock: return "RETURN_TO_STOCK";
  }
  return "SPOILAGE";
}

std::string_view to_string(PoStatus status) {
  switch (status) {
    case PoStatus::kOpen: return "OPEN";
    case PoStatus::kAcknowledged: return "ACKNOWLEDGED";
    case PoStatus::kShipped: return "SHIPPED";
    case PoStatus::kPartiallyReceived: return "PARTIALLY_RECEIVED";
    case PoStatus::kReceived: return "RECEIVED";
    case PoStatus::kClosed: return "CLOSED";
    case PoStatus::kCancelled: return "CANCELLED";
  }
  return "OPEN";
}

std::string_view to_string(FulfillmentStatus status) {
  switch (status) {
    case FulfillmentStatus::kPicked: return "PICKED";
    case FulfillmentStatus::kPacked: return "PACKED";
    case FulfillmentStatus::kShipped: return "SHIPPED";
    case FulfillmentStatus::kDelivered: return "DELIVERED";
    case FulfillmentStatus::kCancelled: return "CANCELLED";
  }
  return "PICKED";
}

std::string_view to_string(AlertSeverity severity) {
  switch (severity) {
    case AlertSeverity::kMinor: return "Minor";
    case AlertSeverity::kModerate: return "Moderate";
    case AlertSeverity::kSevere: return "Severe";
    case AlertSeverity::kExtreme: return "Extreme";
  }
  return "Moderate";
}

void write_order_event(std::string& out, const OrderEvent& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", order_event_type(e.status));
  m.utc_time("eventTime", e.event_time_ns);
  m.string("orderId", e.order_id);
  m.string("orderType", e.order_type);
  m.string("status", to_string(e.status));
  m.string("shipFromLocationId", e.ship_from_location_id);
  m.string("shipToLocationId", e.ship_to_location_id);
  m.date_if_set("requestedDeliveryDate", e.requested_delivery_ns);
  m.string_if_set("shipmentId", e.shipment_id);
  m.string_if_set("carrierScac", e.carrier_scac);
  if (m.v2()) m.string("priority", e.priority);
  order_lines(m, e.lines);
  m.finish();
}

void write_inventory_adjustment(std::string& out, const InventoryAdjustment& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "INVENTORY_ADJUSTED");
  m.utc_time("eventTime", e.event_time_ns);
  m.string("adjustmentId", e.adjustment_id);
  m.string("locationId", e.location_id);
  m.string("sku", e.sku);
  m.string_if_set("gtin", e.gtin);
  m.string_if_set("lotNumber", e.lot_number);
  if (m.wants("quantityDelta")) m.w().key("quantityDelta").value_trimmed(e.quantity_delta, 3);
  m.string("uom", e.uom);
  // v2: the ERP upgrade splits temperature-caused spoilage into its own, new code.
  m.string("reasonCode",
           m.v2() && e.reason == AdjustmentReason::kSpoilage ? std::string_view("COLD_CHAIN_BREAK") : to_string(e.reason));
  m.finish();
}

void write_po_status(std::string& out, const PoStatusUpdate& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "PO_STATUS_CHANGED");
  m.utc_time("eventTime", e.event_time_ns);
  if (m.wants("poNumber")) m.w().key(m.v2() ? "purchaseOrderNumber" : "poNumber").value(e.po_number);
  m.string("supplierId", e.supplier_id);
  m.string("status", to_string(e.status));
  m.string_if_set("shipToLocationId", e.ship_to_location_id);
  m.date_if_set("expectedDeliveryDate", e.expected_delivery_ns);
  m.finish();
}

void write_fulfillment(std::string& out, const FulfillmentUpdate& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "FULFILLMENT_UPDATED");
  m.utc_time("eventTime", e.event_time_ns);
  m.string("fulfillmentId", e.fulfillment_id);
  m.string("orderId", e.order_id);
  m.string("locationId", e.location_id);
  m.string("status", to_string(e.status));
  m.string_if_set("carrierScac", e.carrier_scac);
  m.string_if_set("trackingNumber", e.tracking_number);
  if (m.v2()) m.date_if_set("estimatedDeliveryDate", e.estimated_delivery_ns);
  order_lines(m, e.lines);
  m.finish();
}

void write_pos_transaction(std::string& out, const PosTransaction& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("transactionId", e.transaction_id);
  m.string("storeId", e.store_id);
  m.string_if_set("registerId", e.register_id);
  m.string("channel", "STORE");
  m.date("businessDate", e.transaction_time_ns, e.utc_offset_minutes);
  m.local_time("transactionTime", e.transaction_time_ns, e.utc_offset_minutes);
  m.string("currency", e.currency);
  sales_lines(m, e.lines);
  if (m.wants("totalAmount")) m.w().key("totalAmount").value_fixed(e.total_amount, 2);
  m.string("tenderType", e.tender_type);
  m.finish();
}

void write_web_order(std::string& out, const WebOrder& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("orderId", e.order_id);
  m.string("channel", e.channel == SalesChannel::kWeb ? "WEB" : "APP");
  m.string_if_set("customerId", e.customer_id);
  m.utc_time("placedAt", e.placed_at_ns);
  m.string("currency", e.currency);
  m.string("fulfillmentMethod",
           e.fulfillment_method == FulfillmentMethod::kShipToHome ? "SHIP_TO_HOME" : "CLICK_AND_COLLECT");
  m.string("fulfillmentLocationId", e.fulfillment_location_id);
  m.string_if_set("shipToPostalCode", e.ship_to_postal_code);
  sales_lines(m, e.lines);
  if (m.wants("totalAmount")) m.w().key("totalAmount").value_fixed(e.total_amount, 2);
  m.finish();
}

void write_supplier_confirmation(std::string& out, const SupplierOrderConfirmation& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "ORDER_CONFIRMATION");
  m.string("supplierId", e.supplier_id);
  m.string("poNumber", e.po_number);
  m.utc_time("confirmedAt", e.confirmed_at_ns);
  if (m.wants("lines")) {
    JsonWriter& w = m.w();
    w.key("lines").begin_array();
    for (const ConfirmationLine& line : e.lines) {
      w.begin_object();
      if (m.wants("lines.lineNumber")) w.key("lineNumber").value(line.line_number);
      if (m.wants("lines.sku")) w.key("sku").value(line.sku);
      if (m.wants("lines.orderedQuantity")) w.key("orderedQuantity").value_trimmed(line.ordered_quantity, 3);
      if (m.wants("lines.committedQuantity")) w.key("committedQuantity").value_trimmed(line.committed_quantity, 3);
      if (m.wants("lines.committedDeliveryDate")) {
        w.key(m.v2() ? "promisedDate" : "committedDeliveryDate").begin_string();
        append_iso_date(w.out(), line.committed_delivery_ns, 0);
        w.end_string();
      }
      w.end_object();
    }
    w.end_array();
  }
  m.finish();
}

void write_supplier_lead_time_change(std::string& out, const SupplierLeadTimeChange& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "LEAD_TIME_CHANGED");
  m.string("supplierId", e.supplier_id);
  m.string("sku", e.sku);
  JsonWriter& w = m.w();
  if (m.wants("previousLeadTimeDays")) {
    if (m.v2()) {
      days_duration(w.key("previousLeadTime"), e.previous_lead_time_days);
    } else {
      w.key("previousLeadTimeDays").value(e.previous_lead_time_days);
    }
  }
  if (m.wants("leadTimeDays")) {
    if (m.v2()) {
      days_duration(w.key("leadTime"), e.lead_time_days);
    } else {
      w.key("leadTimeDays").value(e.lead_time_days);
    }
  }
  m.date("effectiveDate", e.effective_ns);
  m.utc_time("announcedAt", e.announced_at_ns);
  m.string_if_set("reason", e.reason);
  m.finish();
}

void write_supplier_out_of_stock(std::string& out, const SupplierOutOfStock& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "OUT_OF_STOCK");
  m.string("supplierId", e.supplier_id);
  m.string("sku", e.sku);
  if (m.wants("availableQuantity")) m.w().key("availableQuantity").value_trimmed(e.available_quantity, 3);
  m.date_if_set("expectedRestockDate", e.expected_restock_ns);
  m.utc_time("reportedAt", e.reported_at_ns);
  if (m.v2()) m.string("severity", e.available_quantity <= 0 ? "FULL" : "PARTIAL");
  m.finish();
}

void write_weather_alert(std::string& out, const WeatherAlert& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("alertId", e.alert_id);
  m.string("event", e.event);
  m.string("severity", to_string(e.severity));
  m.string("regionId", e.region_id);
  if (m.wants("areaDesc")) m.w().key(m.v2() ? "areaDescription" : "areaDesc").value(e.area_desc);
  m.utc_time("sent", e.sent_ns);
  m.utc_time("onset", e.onset_ns);
  m.utc_time("expires", e.expires_ns);
  m.string_if_set("headline", e.headline);
  m.finish();
}

void write_port_status(std::string& out, const PortStatus& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", e.event == PortStatusEvent::kClosed ? "PORT_CLOSED" : "PORT_REOPENED");
  if (m.wants("portCode")) m.w().key(m.v2() ? "unlocode" : "portCode").value(e.port_code);
  m.string_if_set("portName", e.port_name);
  m.string_if_set("reason", e.reason);
  m.utc_time("effectiveFrom", e.effective_ns);
  if (e.expected_reopening_ns) m.utc_time("expectedReopening", *e.expected_reopening_ns);
  m.finish();
}

void write_port_congestion(std::string& out, const PortCongestion& e, const WriteOptions& options) {
  Message m(out, options);
  m.string("messageId", e.message_id);
  m.string("eventType", "PORT_CONGESTION");
  m.string("portCode", e.port_code);
  m.utc_time("measuredAt", e.measured_at_ns);
  if (m.wants("vesselsAtAnchor")) m.w().key("vesselsAtAnchor").value(e.vessels_at_anchor);
  if (m.wants("averageWaitHours")) {
    if (m.v2()) {
      hours_duration(m.w().key("averageWaitTime"), e.average_wait_hours);
    } else {
      m.w().key("averageWaitHours").value_fixed(e.average_wait_hours, 1);
    }
  }
  m.string("congestionLevel", e.congestion_level);
  m.finish();
}

}  // namespace chaintwin::formats
