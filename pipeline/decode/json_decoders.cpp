// The JSON sources other than EPCIS: equipment (Sparkplug JSON), GPS (Traccar), AIS (MarineCadastre), ERP, POS and
// web shop, supplier APIs, external feeds. Each source has one member table for all its kinds, read in one pass;
// the kind is then told by a member (eventType, channel, type) and its required members checked. Members a kind
// requires are listed even when no event uses them (a missing one is a dead letter), and so are members v2 added,
// unread: they tell the payload's version when the schema-version header does not.
#include <cmath>
#include <limits>
#include <vector>

#include "pipeline/decode/decode_support.hpp"

namespace chaintwin::pipeline::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kKmPerNauticalMile = 1.852;

// A time member, or fail.
bool time_of(Context& ctx, const Scalars& s, int slot, std::string_view field, std::int64_t& ns) {
  const auto t = parse_iso8601(s.text[slot]);
  if (!t) return fail(ctx.error, "field '", field, "' is not an ISO-8601 time '", s.text[slot], "'");
  ns = *t;
  return true;
}

// An optional time or date member: 0 if absent.
bool optional_time(Context& ctx, const Scalars& s, int slot, std::string_view field, std::int64_t& ns) {
  ns = 0;
  return !s.has(slot) || time_of(ctx, s, slot, field, ns);
}

bool units_of(Context& ctx, double value, std::string_view field, std::int64_t& units) {
  const auto u = whole_units(value);
  if (!u) return fail(ctx.error, "field '", field, "' is not a whole number of units");
  units = *u;
  return true;
}

// Order or sales lines: the SKU (by name) and units of each, gathered while the object is read.
struct Line {
  SkuIndex sku;
  std::int64_t units;
  double committed = -1.0;
  std::int64_t promised_ns = 0;
};

// ---------------------------------------------------------------------------------------------- equipment

enum EquipmentSlot : std::uint8_t { kTimestamp, kMetrics, kSeq };
constexpr Member kEquipmentMembers[] = {
    {"timestamp", kTimestamp, JsonType::kNumber},
    {"metrics", kMetrics, JsonType::kNested},
    {"seq", kSeq, JsonType::kNumber},
};
enum MetricSlot : std::uint8_t { kName, kAlias, kMetricTimestamp, kDataType, kValue };
constexpr Member kMetricMembers[] = {
    {"name", kName, JsonType::kString},
    {"alias", kAlias, JsonType::kNumber},
    {"timestamp", kMetricTimestamp, JsonType::kNumber},
    {"dataType", kDataType, JsonType::kString},
    {"datatype", kDataType, JsonType::kString, true},
    {"value", kValue, JsonType::kNested},  // bool, number or string: read by its type
};

struct Metric {
  std::uint64_t entity;
  double value;
  double timestamp_ms;  // NaN: the payload's
};

}  // namespace

bool decode_equipment(Context& ctx, od::document& document) {
  thread_local std::vector<Metric> metrics;
  metrics.clear();
  Scalars s, m;
  auto read_metrics = [&](int, od::value& list) {
    return for_each_object(list, "metrics", ctx.error, [&](od::object& object) {
      double value = kNaN;
      auto read_value = [&](int, od::value& v) {
        od::json_type type;
        if (auto e = v.type().get(type)) return json_fail(ctx.error, e);
        if (type == od::json_type::number) {
          if (auto e = v.get_double().get(value)) return json_fail(ctx.error, e);
        } else if (type == od::json_type::boolean) {
          bool b = false;
          if (auto e = v.get_bool().get(b)) return json_fail(ctx.error, e);
          value = b ? 1.0 : 0.0;
        }
        return true;  // strings and others: no numeric value
      };
      if (!read_object(object, kMetricMembers, m, ctx.error, read_value)) return false;
      if (!check_required(kMetricMembers, m, slots({kDataType, kValue}), ctx.error, "metrics.")) return false;
      if (!m.has(kAlias) && !m.has(kName)) return fail(ctx.error, "a metric has neither name nor alias");
      const double alias = m.number[kAlias];
      if (m.has(kAlias) && !whole_units(alias)) return fail(ctx.error, "field 'metrics.alias' is not an integer");
      metrics.push_back({m.has(kAlias) ? static_cast<std::uint64_t>(alias) : hash_bytes(m.text[kName]), value,
                         m.has(kMetricTimestamp) ? m.number[kMetricTimestamp] : kNaN});
      ctx.v2 = ctx.v2 || m.v2;
      return true;
    });
  };
  if (!read_document(document, kEquipmentMembers, s, ctx.error, read_metrics)) return false;
  if (!check_required(kEquipmentMembers, s, slots({kTimestamp, kMetrics, kSeq}), ctx.error)) return false;
  const LocationIndex site = ctx.location_of_key();
  if (site == kUnknown) return fail(ctx.error, "key '", ctx.key, "' names no known site");
  for (const Metric& metric : metrics) {
    const double ms = std::isnan(metric.timestamp_ms) ? s.number[kTimestamp] : metric.timestamp_ms;
    const auto whole_ms = whole_units(ms);
    constexpr std::int64_t kLastMs = 9'000'000'000'000;  // Unix ns fit int64 to 2262
    if (!whole_ms || *whole_ms < -kLastMs || *whole_ms > kLastMs)
      return fail(ctx.error, "a timestamp is not whole milliseconds of 1678-2261");
    DecodedEvent& e = ctx.add(Signal::kEquipment, *whole_ms * 1'000'000);
    e.location = site;
    e.entity = metric.entity;
    e.value_a = metric.value;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------- GPS

namespace {

enum GpsSlot : std::uint8_t {
  kGpsType, kDeviceId, kEventTime, kPositionId, kDeviceTime, kFixTime, kOutdated, kValid, kLatitude,
  kLongitude, kSpeed,
};
constexpr Member kGpsMembers[] = {
    {"type", kGpsType, JsonType::kString},
    {"deviceId", kDeviceId, JsonType::kNumber},
    {"eventTime", kEventTime, JsonType::kString},
    {"positionId", kPositionId, JsonType::kNumber, true},
    {"deviceTime", kDeviceTime, JsonType::kString},
    {"fixTime", kFixTime, JsonType::kString},
    {"outdated", kOutdated, JsonType::kBool, true},
    {"valid", kValid, JsonType::kBool},
    {"latitude", kLatitude, JsonType::kNumber},
    {"longitude", kLongitude, JsonType::kNumber},
    {"speed", kSpeed, JsonType::kNumber},
};

bool device_of(Context& ctx, double id, std::string_view field, std::uint64_t& entity) {
  const auto whole = whole_units(id);
  if (!whole || *whole < 0) return fail(ctx.error, "field '", field, "' is not a device number");
  entity = static_cast<std::uint64_t>(*whole);
  return true;
}

}  // namespace

bool decode_gps(Context& ctx, od::document& document) {
  Scalars s;
  if (!read_document(document, kGpsMembers, s, ctx.error, kSkipNested)) return false;
  ctx.v2 = s.v2;
  if (s.has(kGpsType)) {  // an event (geofence, ignition)
    if (!check_required(kGpsMembers, s, slots({kGpsType, kDeviceId, kEventTime}), ctx.error)) return false;
    const std::string_view type = s.text[kGpsType];
    std::int64_t time = 0;
    std::uint64_t vehicle = 0;
    if (!time_of(ctx, s, kEventTime, "eventTime", time) || !device_of(ctx, s.number[kDeviceId], "deviceId", vehicle))
      return false;
    if (type == "ignitionOn" || type == "ignitionOff") return true;  // nothing the pipeline tracks
    if (type != "geofenceEnter" && type != "geofenceExit") return fail(ctx.error, "unknown event type '", type, "'");
    DecodedEvent& e = ctx.add(Signal::kGeofence, time);
    e.entity = vehicle;
    e.status = type == "geofenceEnter" ? 1 : 0;
    e.location = kUnknown;  // the master data publishes no geofences (docs/pipeline.md)
    return true;
  }
  if (!check_required(kGpsMembers, s, slots({kDeviceId, kDeviceTime, kFixTime, kValid, kLatitude, kLongitude}),
                      ctx.error))
    return false;
  std::int64_t fix_time = 0;
  std::uint64_t vehicle = 0;
  if (!time_of(ctx, s, kFixTime, "fixTime", fix_time) || !device_of(ctx, s.number[kDeviceId], "deviceId", vehicle))
    return false;
  const double lat = s.number[kLatitude];
  const double lon = s.number[kLongitude];
  // A (0, 0) fix is a receiver that has no fix, whatever its flag says.
  const bool valid = s.number[kValid] != 0.0 && std::abs(lat) <= 90.0 && std::abs(lon) <= 180.0 &&
                     !(lat == 0.0 && lon == 0.0);
  DecodedEvent& e = ctx.add(Signal::kVehiclePosition, fix_time);
  e.entity = vehicle;
  e.value_a = lat;
  e.value_b = lon;
  e.value_c = s.has(kSpeed) ? s.number[kSpeed] * kKmPerNauticalMile : kNaN;
  e.status = valid ? 1 : 0;
  return true;
}

// ---------------------------------------------------------------------------------------------- AIS

namespace {

enum AisSlot : std::uint8_t { kMmsi, kBaseDateTime, kLat, kLon, kSog, kTransceiverClass, kTrueHeading };
constexpr Member kAisMembers[] = {
    {"MMSI", kMmsi, JsonType::kNumber},
    {"BaseDateTime", kBaseDateTime, JsonType::kString},
    {"LAT", kLat, JsonType::kNumber},
    {"LON", kLon, JsonType::kNumber},
    {"SOG", kSog, JsonType::kNumber},
    {"TransceiverClass", kTransceiverClass, JsonType::kString, true},
    {"TrueHeading", kTrueHeading, JsonType::kNumber, true},
};
constexpr double kSogNotAvailable = 102.3;

}  // namespace

bool decode_ais(Context& ctx, od::document& document) {
  Scalars s;
  if (!read_document(document, kAisMembers, s, ctx.error, kSkipNested)) return false;
  ctx.v2 = s.v2;
  if (!check_required(kAisMembers, s, slots({kMmsi, kBaseDateTime, kLat, kLon}), ctx.error)) return false;
  std::int64_t time = 0;
  std::uint64_t vessel = 0;
  if (!time_of(ctx, s, kBaseDateTime, "BaseDateTime", time) || !device_of(ctx, s.number[kMmsi], "MMSI", vessel))
    return false;
  const double lat = s.number[kLat];
  const double lon = s.number[kLon];
  const double sog = s.number[kSog];
  DecodedEvent& e = ctx.add(Signal::kVehiclePosition, time);
  e.entity = vessel;
  e.value_a = lat;
  e.value_b = lon;
  e.value_c = s.has(kSog) && sog < kSogNotAvailable ? sog * kKmPerNauticalMile : kNaN;
  e.status = std::abs(lat) <= 90.0 && std::abs(lon) <= 180.0 ? 1 : 0;  // 91 / 181: not available
  return true;
}

// ---------------------------------------------------------------------------------------------- lines

namespace {

enum LineSlot : std::uint8_t { kLineSku, kLineQuantity, kLineUom, kLineUnitPrice, kLineCommitted, kLinePromised,
                               kLineNumber };
constexpr Member kOrderLineMembers[] = {
    {"sku", kLineSku, JsonType::kString},
    {"quantity", kLineQuantity, JsonType::kNumber},
    {"uom", kLineUom, JsonType::kString},
};
constexpr Member kSalesLineMembers[] = {
    {"sku", kLineSku, JsonType::kString},
    {"quantity", kLineQuantity, JsonType::kNumber},
    {"unitPrice", kLineUnitPrice, JsonType::kNumber},
    {"unitPriceMinor", kLineUnitPrice, JsonType::kNumber, true},
};
constexpr Member kConfirmationLineMembers[] = {
    {"lineNumber", kLineNumber, JsonType::kNumber},
    {"sku", kLineSku, JsonType::kString},
    {"orderedQuantity", kLineQuantity, JsonType::kNumber},
    {"committedQuantity", kLineCommitted, JsonType::kNumber},
    {"committedDeliveryDate", kLinePromised, JsonType::kString},
    {"promisedDate", kLinePromised, JsonType::kString, true},
};

// Reads the array `lines` with `members`, checking `required` in each; units -1 where quantity is not stated.
bool read_lines(Context& ctx, od::value& value, std::span<const Member> members, std::uint32_t required,
                std::vector<Line>& lines) {
  Scalars l;
  return for_each_object(value, "lines", ctx.error, [&](od::object& object) {
    if (!read_object(object, members, l, ctx.error, kSkipNested)) return false;
    if (!check_required(members, l, required, ctx.error, "lines.")) return false;
    ctx.v2 = ctx.v2 || l.v2;
    if (l.has(kLineUom) && l.text[kLineUom] != "EA")
      return fail(ctx.error, "line of '", l.text[kLineSku], "' is not in units (uom '", l.text[kLineUom], "')");
    Line line{kUnknown, -1};
    if (!ctx.product(&MasterData::product_by_name, l.text[kLineSku], "lines.sku", line.sku)) return false;
    if (l.has(kLineQuantity) && !units_of(ctx, l.number[kLineQuantity], "lines.quantity", line.units)) return false;
    if (l.has(kLineCommitted)) line.committed = l.number[kLineCommitted];
    if (!optional_time(ctx, l, kLinePromised, "lines.committedDeliveryDate", line.promised_ns)) return false;
    lines.push_back(line);
    return true;
  });
}

std::vector<Line>& line_scratch() {
  thread_local std::vector<Line> lines;
  lines.clear();
  return lines;
}

// ---------------------------------------------------------------------------------------------- ERP

enum ErpSlot : std::uint8_t {
  kMessageId, kEventType, kErpEventTime, kOrderId, kStatus, kShipFrom, kShipTo, kRequestedDelivery, kLines,
  kAdjustmentId, kLocationId, kSku, kQuantityDelta, kUom, kReasonCode, kPoNumber, kSupplierId, kExpectedDelivery,
  kFulfillmentId, kPriority, kEstimatedDelivery,
};
constexpr Member kErpMembers[] = {
    {"messageId", kMessageId, JsonType::kString},
    {"eventType", kEventType, JsonType::kString},
    {"eventTime", kErpEventTime, JsonType::kString},
    {"orderId", kOrderId, JsonType::kString},
    {"status", kStatus, JsonType::kString},
    {"shipFromLocationId", kShipFrom, JsonType::kString},
    {"shipToLocationId", kShipTo, JsonType::kString},
    {"requestedDeliveryDate", kRequestedDelivery, JsonType::kString},
    {"lines", kLines, JsonType::kNested},
    {"adjustmentId", kAdjustmentId, JsonType::kString},
    {"locationId", kLocationId, JsonType::kString},
    {"sku", kSku, JsonType::kString},
    {"quantityDelta", kQuantityDelta, JsonType::kNumber},
    {"uom", kUom, JsonType::kString},
    {"reasonCode", kReasonCode, JsonType::kString},
    {"poNumber", kPoNumber, JsonType::kString},
    {"purchaseOrderNumber", kPoNumber, JsonType::kString, true},
    {"supplierId", kSupplierId, JsonType::kString},
    {"expectedDeliveryDate", kExpectedDelivery, JsonType::kString},
    {"fulfillmentId", kFulfillmentId, JsonType::kString},
    {"priority", kPriority, JsonType::kString, true},
    {"estimatedDeliveryDate", kEstimatedDelivery, JsonType::kString, true},
};

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> list) {
  for (std::string_view v : list)
    if (v == value) return true;
  return false;
}

void add_order(Context& ctx, std::int64_t time, std::uint64_t order, OrderStatus status, OrderKind kind,
               LocationIndex destination, LocationIndex source, std::int64_t promised_ns) {
  DecodedEvent& e = ctx.add(Signal::kOrderStatus, time);
  e.entity = order;
  e.status = static_cast<std::uint8_t>(status);
  e.status_b = static_cast<std::uint8_t>(kind);
  e.location = destination;
  e.other_location = source;
  e.time_b_ns = promised_ns;
}

void add_order_lines(Context& ctx, std::int64_t time, std::uint64_t order, OrderKind kind,
                     const std::vector<Line>& lines) {
  for (const Line& line : lines) {
    DecodedEvent& e = ctx.add(Signal::kOrderLine, time);
    e.entity = order;
    e.status_b = static_cast<std::uint8_t>(kind);
    e.sku = line.sku;
    e.quantity = line.units;
    e.value_a = line.committed;
  }
}

bool erp_order(Context& ctx, const Scalars& s, std::int64_t time, const std::vector<Line>& lines) {
  if (!check_required(kErpMembers, s, slots({kOrderId, kStatus, kShipFrom, kShipTo, kLines}), ctx.error)) return false;
  const std::string_view type = s.text[kEventType];
  const OrderStatus status = type == "ORDER_CREATED"     ? OrderStatus::kCreated
                             : type == "ORDER_CONFIRMED" ? OrderStatus::kConfirmed
                             : type == "ORDER_SHIPPED"   ? OrderStatus::kShipped
                                                         : OrderStatus::kDelivered;
  LocationIndex to = kUnknown, from = kUnknown;
  std::int64_t requested = 0;
  if (!ctx.location(&MasterData::location_by_name, s.text[kShipTo], "shipToLocationId", to) ||
      !ctx.location(&MasterData::location_by_name, s.text[kShipFrom], "shipFromLocationId", from) ||
      !optional_time(ctx, s, kRequestedDelivery, "requestedDeliveryDate", requested))
    return false;
  const std::uint64_t order = entity_of(s.text[kOrderId]);
  add_order(ctx, time, order, status, OrderKind::kReplenishment, to, from, requested);
  add_order_lines(ctx, time, order, OrderKind::kReplenishment, lines);
  return true;
}

bool erp_adjustment(Context& ctx, const Scalars& s, std::int64_t time) {
  if (!check_required(kErpMembers, s, slots({kAdjustmentId, kLocationId, kSku, kQuantityDelta, kReasonCode}),
                      ctx.error))
    return false;
  const std::string_view reason = s.text[kReasonCode];
  if (!is_one_of(reason, {"SPOILAGE", "DAMAGE", "EXPIRY", "SHRINKAGE", "CYCLE_COUNT", "RETURN_TO_STOCK"})) {
    if (reason != "COLD_CHAIN_BREAK") return fail(ctx.error, "erp_adjustment: unknown reasonCode '", reason, "'");
    ctx.v2 = true;
  }
  if (s.has(kUom) && s.text[kUom] != "EA") return fail(ctx.error, "erp_adjustment: not in units (uom '", s.text[kUom], "')");
  LocationIndex location = kUnknown;
  SkuIndex sku = kUnknown;
  std::int64_t delta = 0;
  if (!ctx.location(&MasterData::location_by_name, s.text[kLocationId], "locationId", location) ||
      !ctx.product(&MasterData::product_by_name, s.text[kSku], "sku", sku) ||
      !units_of(ctx, s.number[kQuantityDelta], "quantityDelta", delta))
    return false;
  DecodedEvent& d = ctx.add(Signal::kStockDelta, time);
  d.location = location;
  d.sku = sku;
  d.quantity = delta;
  return true;
}

bool erp_po_status(Context& ctx, const Scalars& s, std::int64_t time) {
  if (!check_required(kErpMembers, s, slots({kPoNumber, kSupplierId, kStatus}), ctx.error)) return false;
  const std::string_view text = s.text[kStatus];
  OrderStatus status;
  if (text == "OPEN") {
    status = OrderStatus::kCreated;
  } else if (text == "ACKNOWLEDGED") {
    status = OrderStatus::kConfirmed;
  } else if (text == "SHIPPED" || text == "PARTIALLY_RECEIVED") {  // partly received: still on its way
    status = OrderStatus::kShipped;
  } else if (text == "RECEIVED" || text == "CLOSED") {
    status = OrderStatus::kDelivered;
  } else if (text == "CANCELLED") {
    status = OrderStatus::kCancelled;
  } else {
    return fail(ctx.error, "erp_po_status: unknown status '", text, "'");
  }
  LocationIndex to = kUnknown, supplier = kUnknown;
  std::int64_t expected = 0;
  if ((s.has(kShipTo) && !ctx.location(&MasterData::location_by_name, s.text[kShipTo], "shipToLocationId", to)) ||
      !ctx.location(&MasterData::location_by_name, s.text[kSupplierId], "supplierId", supplier) ||
      !optional_time(ctx, s, kExpectedDelivery, "expectedDeliveryDate", expected))
    return false;
  add_order(ctx, time, entity_of(s.text[kPoNumber]), status, OrderKind::kPurchase, to, supplier, expected);
  return true;
}

bool erp_fulfilment(Context& ctx, const Scalars& s, std::int64_t time) {
  if (!check_required(kErpMembers, s, slots({kFulfillmentId, kOrderId, kLocationId, kStatus, kLines}), ctx.error))
    return false;
  const std::string_view status = s.text[kStatus];
  LocationIndex where = kUnknown;
  if (!ctx.location(&MasterData::location_by_name, s.text[kLocationId], "locationId", where)) return false;
  if (is_one_of(status, {"PICKED", "PACKED", "CANCELLED"})) return true;  // no shipment status of ours
  if (status != "SHIPPED" && status != "DELIVERED")
    return fail(ctx.error, "erp_fulfilment: unknown status '", status, "'");
  DecodedEvent& e = ctx.add(Signal::kShipmentStatus, time);
  e.entity = entity_of(s.text[kFulfillmentId]);  // a fulfilment is one shipment of the order
  e.status = static_cast<std::uint8_t>(status == "SHIPPED" ? ShipmentStatus::kDispatched : ShipmentStatus::kReceived);
  e.location = where;
  return true;
}

}  // namespace

bool decode_erp(Context& ctx, od::document& document) {
  Scalars s;
  std::vector<Line>& lines = line_scratch();
  auto nested = [&](int, od::value& value) {
    return read_lines(ctx, value, kOrderLineMembers, slots({kLineSku, kLineQuantity}), lines);
  };
  if (!read_document(document, kErpMembers, s, ctx.error, nested)) return false;
  ctx.v2 = ctx.v2 || s.v2;
  if (!check_required(kErpMembers, s, slots({kMessageId, kEventType, kErpEventTime}), ctx.error)) return false;
  std::int64_t time = 0;
  if (!time_of(ctx, s, kErpEventTime, "eventTime", time)) return false;
  const std::string_view type = s.text[kEventType];
  if (is_one_of(type, {"ORDER_CREATED", "ORDER_CONFIRMED", "ORDER_SHIPPED", "ORDER_DELIVERED"}))
    return erp_order(ctx, s, time, lines);
  if (type == "INVENTORY_ADJUSTED") return erp_adjustment(ctx, s, time);
  if (type == "PO_STATUS_CHANGED") return erp_po_status(ctx, s, time);
  if (type == "FULFILLMENT_UPDATED") return erp_fulfilment(ctx, s, time);
  return fail(ctx.error, "unknown eventType '", type, "'");
}

// ---------------------------------------------------------------------------------------------- POS

namespace {

enum PosSlot : std::uint8_t {
  kTransactionId, kStoreId, kRegisterId, kChannel, kBusinessDate, kTransactionTime, kCurrency, kPosLines,
  kTotalAmount, kWebOrderId, kPlacedAt, kFulfillmentMethod, kFulfillmentLocation,
};
constexpr Member kPosMembers[] = {
    {"transactionId", kTransactionId, JsonType::kString},
    {"storeId", kStoreId, JsonType::kString},
    {"registerId", kRegisterId, JsonType::kString},
    {"channel", kChannel, JsonType::kString},
    {"businessDate", kBusinessDate, JsonType::kString},
    {"transactionTime", kTransactionTime, JsonType::kString},
    {"currency", kCurrency, JsonType::kString},
    {"lines", kPosLines, JsonType::kNested},
    {"totalAmount", kTotalAmount, JsonType::kNumber},
    {"orderId", kWebOrderId, JsonType::kString},
    {"placedAt", kPlacedAt, JsonType::kString},
    {"fulfillmentMethod", kFulfillmentMethod, JsonType::kString},
    {"fulfillmentLocationId", kFulfillmentLocation, JsonType::kString},
};
// A web order collected at the store is rung up at this register with the order's id: its demand was the web
// order's, its stock movement is this receipt's.
constexpr std::string_view kCollectRegister = "COLLECT";

void add_demand(Context& ctx, std::int64_t time, LocationIndex store, std::uint64_t order, const Line& line) {
  DecodedEvent& d = ctx.add(Signal::kDemand, time);
  d.location = store;
  d.sku = line.sku;
  d.quantity = line.units;
  d.entity = order;
}

}  // namespace

bool decode_pos(Context& ctx, od::document& document) {
  Scalars s;
  std::vector<Line>& lines = line_scratch();
  auto nested = [&](int, od::value& value) {
    return read_lines(ctx, value, kSalesLineMembers, slots({kLineSku, kLineQuantity, kLineUnitPrice}), lines);
  };
  if (!read_document(document, kPosMembers, s, ctx.error, nested)) return false;
  ctx.v2 = ctx.v2 || s.v2;
  if (!check_required(kPosMembers, s, slots({kChannel}), ctx.error)) return false;
  const std::string_view channel = s.text[kChannel];
  std::int64_t time = 0;
  if (channel == "STORE") {
    if (!check_required(kPosMembers, s,
                        slots({kTransactionId, kStoreId, kBusinessDate, kTransactionTime, kCurrency, kPosLines,
                               kTotalAmount}),
                        ctx.error))
      return false;
    LocationIndex store = kUnknown;
    if (!ctx.location(&MasterData::location_by_name, s.text[kStoreId], "storeId", store) ||
        !time_of(ctx, s, kTransactionTime, "transactionTime", time))
      return false;
    const bool collected = s.text[kRegisterId] == kCollectRegister;
    const std::uint64_t transaction = hash_bytes(s.text[kTransactionId]);
    for (const Line& line : lines) {
      DecodedEvent& d = ctx.add(Signal::kStockDelta, time);
      d.location = store;
      d.sku = line.sku;
      d.quantity = -line.units;
      if (!collected) add_demand(ctx, time, store, transaction, line);
    }
    return true;
  }
  if (channel == "WEB" || channel == "APP") {
    if (!check_required(kPosMembers, s,
                        slots({kWebOrderId, kPlacedAt, kCurrency, kFulfillmentMethod, kFulfillmentLocation, kPosLines,
                               kTotalAmount}),
                        ctx.error))
      return false;
    LocationIndex store = kUnknown;
    if (!ctx.location(&MasterData::location_by_name, s.text[kFulfillmentLocation], "fulfillmentLocationId", store) ||
        !time_of(ctx, s, kPlacedAt, "placedAt", time))
      return false;
    const std::uint64_t order = hash_bytes(s.text[kWebOrderId]);
    for (const Line& line : lines) add_demand(ctx, time, store, order, line);
    return true;
  }
  return fail(ctx.error, "unknown channel '", channel, "'");
}

// ---------------------------------------------------------------------------------------------- supplier

namespace {

enum SupplierSlot : std::uint8_t {
  kSupMessageId, kSupEventType, kSupSupplierId, kSupPoNumber, kConfirmedAt, kSupLines, kSupSku, kLeadTimeDays,
  kLeadTime, kEffectiveDate, kAnnouncedAt, kAvailableQuantity, kReportedAt, kSeverity,
};
constexpr Member kSupplierMembers[] = {
    {"messageId", kSupMessageId, JsonType::kString},
    {"eventType", kSupEventType, JsonType::kString},
    {"supplierId", kSupSupplierId, JsonType::kString},
    {"poNumber", kSupPoNumber, JsonType::kString},
    {"confirmedAt", kConfirmedAt, JsonType::kString},
    {"lines", kSupLines, JsonType::kNested},
    {"sku", kSupSku, JsonType::kString},
    {"leadTimeDays", kLeadTimeDays, JsonType::kNumber},
    {"leadTime", kLeadTime, JsonType::kString, true},  // v2: an ISO-8601 duration
    {"effectiveDate", kEffectiveDate, JsonType::kString},
    {"announcedAt", kAnnouncedAt, JsonType::kString},
    {"availableQuantity", kAvailableQuantity, JsonType::kNumber},
    {"reportedAt", kReportedAt, JsonType::kString},
    {"severity", kSeverity, JsonType::kString, true},
};
// "*": every SKU the supplier supplies.
bool supplier_sku(Context& ctx, std::string_view sku, SkuIndex& index) {
  index = kUnknown;
  return sku == "*" || ctx.product(&MasterData::product_by_name, sku, "sku", index);
}

}  // namespace

bool decode_supplier(Context& ctx, od::document& document) {
  Scalars s;
  std::vector<Line>& lines = line_scratch();
  auto nested = [&](int, od::value& value) {
    return read_lines(ctx, value, kConfirmationLineMembers,
                      slots({kLineNumber, kLineSku, kLineCommitted, kLinePromised}), lines);
  };
  if (!read_document(document, kSupplierMembers, s, ctx.error, nested)) return false;
  ctx.v2 = ctx.v2 || s.v2;
  if (s.has(kLeadTime)) {  // v2's duration stands for v1's days
    const auto hours = parse_duration_hours(s.text[kLeadTime]);
    if (!hours) return fail(ctx.error, "field 'leadTime' is not an ISO-8601 duration");
    s.number[kLeadTimeDays] = *hours / 24.0;
    s.seen |= slots({kLeadTimeDays});
  }
  if (!check_required(kSupplierMembers, s, slots({kSupMessageId, kSupEventType, kSupSupplierId}), ctx.error))
    return false;
  LocationIndex supplier = kUnknown;
  if (!ctx.location(&MasterData::location_by_name, s.text[kSupSupplierId], "supplierId", supplier)) return false;
  const std::string_view type = s.text[kSupEventType];
  std::int64_t time = 0;
  if (type == "ORDER_CONFIRMATION") {
    if (!check_required(kSupplierMembers, s, slots({kSupPoNumber, kConfirmedAt, kSupLines}), ctx.error) ||
        !time_of(ctx, s, kConfirmedAt, "confirmedAt", time))
      return false;
    std::int64_t promised = 0;  // the order is complete when its last line is
    for (const Line& line : lines) promised = std::max(promised, line.promised_ns);
    const std::uint64_t order = entity_of(s.text[kSupPoNumber]);
    add_order(ctx, time, order, OrderStatus::kConfirmed, OrderKind::kPurchase, kUnknown, supplier, promised);
    add_order_lines(ctx, time, order, OrderKind::kPurchase, lines);
    return true;
  }
  const bool lead_time = type == "LEAD_TIME_CHANGED";
  if (!lead_time && type != "OUT_OF_STOCK") return fail(ctx.error, "unknown eventType '", type, "'");
  const std::uint32_t required = lead_time ? slots({kSupSku, kLeadTimeDays, kEffectiveDate, kAnnouncedAt})
                                           : slots({kSupSku, kAvailableQuantity, kReportedAt});
  SkuIndex sku = kUnknown;
  if (!check_required(kSupplierMembers, s, required, ctx.error) || !supplier_sku(ctx, s.text[kSupSku], sku) ||
      !time_of(ctx, s, lead_time ? kAnnouncedAt : kReportedAt, lead_time ? "announcedAt" : "reportedAt", time))
    return false;
  DecodedEvent& e = ctx.add(Signal::kSupplierStatus, time);
  e.location = supplier;
  e.sku = sku;
  e.value_a = lead_time ? kNaN : s.number[kAvailableQuantity];
  e.value_b = lead_time ? s.number[kLeadTimeDays] : kNaN;
  return true;
}

// ---------------------------------------------------------------------------------------------- external

namespace {

enum ExternalSlot : std::uint8_t {
  kExtMessageId, kExtEventType, kPortCode, kEffectiveFrom, kMeasuredAt, kVesselsAtAnchor, kAverageWaitHours,
  kAverageWaitTime, kAlertId, kEvent, kAlertSeverity, kRegionId, kSent, kOnset, kAreaDescription,
};
constexpr Member kExternalMembers[] = {
    {"messageId", kExtMessageId, JsonType::kString},
    {"eventType", kExtEventType, JsonType::kString},
    {"portCode", kPortCode, JsonType::kString},
    {"unlocode", kPortCode, JsonType::kString, true},
    {"effectiveFrom", kEffectiveFrom, JsonType::kString},
    {"measuredAt", kMeasuredAt, JsonType::kString},
    {"vesselsAtAnchor", kVesselsAtAnchor, JsonType::kNumber},
    {"averageWaitHours", kAverageWaitHours, JsonType::kNumber},
    {"averageWaitTime", kAverageWaitTime, JsonType::kString, true},  // v2: an ISO-8601 duration
    {"alertId", kAlertId, JsonType::kString},
    {"event", kEvent, JsonType::kString},
    {"severity", kAlertSeverity, JsonType::kString},
    {"regionId", kRegionId, JsonType::kString},
    {"sent", kSent, JsonType::kString},
    {"onset", kOnset, JsonType::kString},
    {"areaDescription", kAreaDescription, JsonType::kString, true},
};

// CAP 1.2 severities as 1..4; 0 for Unknown.
std::optional<double> severity_of(std::string_view text) {
  static constexpr std::string_view kNames[] = {"Unknown", "Minor", "Moderate", "Severe", "Extreme"};
  for (std::size_t i = 0; i < std::size(kNames); ++i)
    if (kNames[i] == text) return static_cast<double>(i);
  return std::nullopt;
}

bool weather_alert(Context& ctx, const Scalars& s) {
  if (!check_required(kExternalMembers, s, slots({kAlertId, kEvent, kAlertSeverity, kRegionId, kSent}), ctx.error))
    return false;
  const auto severity = severity_of(s.text[kAlertSeverity]);
  if (!severity) return fail(ctx.error, "weather_alert: unknown severity '", s.text[kAlertSeverity], "'");
  std::int64_t time = 0;
  if (!time_of(ctx, s, s.has(kOnset) ? kOnset : kSent, s.has(kOnset) ? "onset" : "sent", time)) return false;
  DecodedEvent& e = ctx.add(Signal::kWeatherAlert, time);
  e.entity = hash_bytes(s.text[kRegionId]);
  // The feed ends an alert with a cancellation ("Winter Storm Warning Cancelled"), as CAP's msgType Cancel.
  e.status = s.text[kEvent].find("Cancel") == std::string_view::npos ? 1 : 0;
  e.value_a = *severity;
  return true;
}

}  // namespace

bool decode_external(Context& ctx, od::document& document) {
  Scalars s;
  if (!read_document(document, kExternalMembers, s, ctx.error, kSkipNested)) return false;
  ctx.v2 = s.v2;
  if (!s.has(kExtEventType) && (s.has(kAlertId) || s.has(kEvent) || s.has(kRegionId))) return weather_alert(ctx, s);
  if (!check_required(kExternalMembers, s, slots({kExtMessageId, kExtEventType, kPortCode}), ctx.error)) return false;
  LocationIndex port = kUnknown;
  if (!ctx.location(&MasterData::location_by_locode, s.text[kPortCode], "portCode", port)) return false;
  const std::string_view type = s.text[kExtEventType];
  std::int64_t time = 0;
  if (type == "PORT_CLOSED" || type == "PORT_REOPENED") {
    if (!check_required(kExternalMembers, s, slots({kEffectiveFrom}), ctx.error) ||
        !time_of(ctx, s, kEffectiveFrom, "effectiveFrom", time))
      return false;
    DecodedEvent& e = ctx.add(Signal::kPortStatus, time);
    e.location = port;
    e.status = type == "PORT_CLOSED" ? 1 : 0;
    return true;
  }
  if (type != "PORT_CONGESTION") return fail(ctx.error, "unknown eventType '", type, "'");
  if (!check_required(kExternalMembers, s, slots({kMeasuredAt}), ctx.error) ||
      !time_of(ctx, s, kMeasuredAt, "measuredAt", time))
    return false;
  double wait_hours = s.has(kAverageWaitHours) ? s.number[kAverageWaitHours] : kNaN;
  if (s.has(kAverageWaitTime)) {
    const auto hours = parse_duration_hours(s.text[kAverageWaitTime]);
    if (!hours) return fail(ctx.error, "field 'averageWaitTime' is not an ISO-8601 duration");
    wait_hours = *hours;
  }
  DecodedEvent& e = ctx.add(Signal::kPortCongestion, time);
  e.location = port;
  e.value_a = s.has(kVesselsAtAnchor) ? s.number[kVesselsAtAnchor] : kNaN;
  e.value_b = wait_hours;
  return true;
}

}  // namespace chaintwin::pipeline::detail
