#include "generators/writer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "generators/formats/ais.hpp"
#include "generators/formats/business.hpp"
#include "generators/formats/epcis.hpp"
#include "generators/formats/json_writer.hpp"
#include "generators/formats/sparkplug.hpp"
#include "generators/formats/telematics.hpp"
#include "generators/formats/time_format.hpp"
#include "generators/formats/x12_documents.hpp"
#include "generators/identifiers.hpp"

namespace chaintwin::generators::detail {

using formats::EpcisEvent;
using formats::EpcisEventType;
using network::SiteId;
using network::SiteKind;

namespace {

constexpr double kMetresPerDegree = 111'320.0;

struct EpcisStep {
  std::string_view biz_step;
  std::string_view disposition;
  bool counted;  // reports SKU quantities (else the pallet's SSCC, with where it comes from and goes to)
};

EpcisStep epcis_step(MessageKind kind) {
  switch (kind) {
    case MessageKind::kEpcisArriving: return {"arriving", "in_transit", false};
    case MessageKind::kEpcisUnloading: return {"unloading", "in_progress", false};
    case MessageKind::kEpcisShipping: return {"shipping", "in_transit", false};
    case MessageKind::kEpcisReceiving: return {"receiving", "in_progress", true};
    case MessageKind::kEpcisStoring: return {"storing", "sellable_accessible", true};
    case MessageKind::kEpcisPicking: return {"picking", "in_progress", true};
    case MessageKind::kEpcisLoading: return {"loading", "in_progress", true};
    default: return {"sensor_reporting", "", false};
  }
}

// The fields of one message kind that the noise may leave out: those the writer really writes for that kind.
struct KindFields {
  std::vector<std::string_view> optional;
  std::vector<std::string_view> required;
};

KindFields select(std::span<const formats::FieldSpec> specs, std::initializer_list<std::string_view> written) {
  KindFields k;
  for (const formats::FieldSpec& f : specs) {
    if (f.v2_only || std::find(written.begin(), written.end(), f.name) == written.end()) continue;
    (f.required ? k.required : k.optional).push_back(f.name);
  }
  return k;
}

KindFields select_segments(formats::x12::TransactionSet set, std::initializer_list<std::string_view> written) {
  KindFields k;
  for (const auto& spec : formats::x12::segments(set)) {
    if (std::find(written.begin(), written.end(), spec.tag) == written.end()) continue;
    auto& list = spec.is_mandatory() ? k.required : k.optional;
    if (std::find(list.begin(), list.end(), spec.tag) == list.end()) list.push_back(spec.tag);
  }
  return k;
}

}  // namespace

struct Writer::Impl {
  const world::World& world;
  const world::Ledger& ledger;
  const network::Network& net;
  const StreamsConfig& cfg;
  std::int64_t epoch_ns;
  std::array<KindFields, kMessageKindCount> fields;
  // Scratch space reused by every message: the writers take views.
  std::deque<std::string> strings;  // a deque: growing it keeps the views of earlier strings valid
  std::vector<formats::EpcisQuantity> quantities;
  std::vector<int> utc_offsets;    // per site: utc_offset_minutes, worked out once
  std::vector<std::string> gtins;  // per SKU: its GTIN-14, built once (a POS line needs one per customer)

  Impl(const world::World& w, const StreamsConfig& c)
      : world(w), ledger(w.ledger()), net(w.network()), cfg(c), epoch_ns(c.epoch_unix_s * 1'000'000'000) {
    for (const network::Site& site : net.sites()) utc_offsets.push_back(utc_offset_minutes(site));
    for (const network::Sku& sku : net.skus()) gtins.push_back("00" + upc_of(sku.id));
    using K = MessageKind;
    const auto object = formats::fields(EpcisEventType::kObject);
    const std::initializer_list<std::string_view> tagged = {
        "type",       "eventID",     "eventTime",          "eventTimeZoneOffset", "epcList", "action", "bizStep",
        "disposition", "readPoint",  "bizLocation",        "bizTransactionList",  "sourceList", "destinationList"};
    const std::initializer_list<std::string_view> counted = {
        "type",       "eventID",     "eventTime",          "eventTimeZoneOffset", "quantityList", "action", "bizStep",
        "disposition", "readPoint",  "bizLocation",        "bizTransactionList"};
    for (K k : {K::kEpcisArriving, K::kEpcisUnloading, K::kEpcisShipping}) at(k) = select(object, tagged);
    for (K k : {K::kEpcisReceiving, K::kEpcisStoring, K::kEpcisPicking}) at(k) = select(object, counted);
    at(K::kEpcisLoading) = select(formats::fields(EpcisEventType::kAggregation),
                                  {"type", "eventID", "eventTime", "eventTimeZoneOffset", "parentID",
                                   "childQuantityList", "action", "bizStep", "disposition", "readPoint",
                                   "bizLocation", "bizTransactionList"});
    at(K::kEpcisSensor) = select(object, {"type", "eventID", "eventTime", "eventTimeZoneOffset", "epcList", "action",
                                          "bizStep", "readPoint", "bizLocation", "sensorElementList"});
    const auto telematics = formats::fields(formats::TelematicsMessage::kPosition);
    std::vector<std::string_view> all;
    KindFields position;
    for (const auto& f : telematics)
      if (!f.v2_only) (f.required ? position.required : position.optional).push_back(f.name);
    at(K::kGpsPosition) = position;
    KindFields event;
    for (const auto& f : formats::fields(formats::TelematicsMessage::kEvent))
      if (!f.v2_only) (f.required ? event.required : event.optional).push_back(f.name);
    at(K::kGeofenceEnter) = event;
    at(K::kGeofenceExit) = event;
    using formats::x12::TransactionSet;
    at(K::kEdi850) = select_segments(TransactionSet::kPurchaseOrder850, {"BEG", "REF", "DTM", "N1", "PO1", "CTT"});
    at(K::kEdi855) = select_segments(TransactionSet::kPurchaseOrderAck855, {"BAK", "PO1", "ACK", "CTT"});
    at(K::kEdi856) = select_segments(TransactionSet::kShipNotice856,
                                     {"BSN", "HL", "TD1", "TD5", "REF", "DTM", "N1", "PRF", "MAN", "LIN", "SN1", "CTT"});
    at(K::kEdi214) = select_segments(TransactionSet::kShipmentStatus214, {"B10", "L11", "LX", "AT7", "MS1", "MS2"});
    at(K::kEdi846) = select_segments(TransactionSet::kInventoryAdvice846, {"BIA", "N1", "LIN", "QTY", "CTT"});
    at(K::kAisPosition) = select(formats::fields(formats::AisMessage::kVesselPositionJson),
                                 {"MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
                                  "VesselType", "Status"});
    const auto sparkplug = formats::fields(formats::SparkplugMessageType::kDData);
    for (K k : {K::kEquipmentBirth, K::kDockDoor, K::kDockData, K::kConveyorData})
      at(k) = select(sparkplug, {"timestamp", "metrics", "metrics.name", "metrics.timestamp", "metrics.dataType",
                                 "metrics.value", "seq"});
    using formats::BusinessMessage;
    at(K::kErpOrder) = select(formats::fields(BusinessMessage::kOrderEvent),
                              {"messageId", "eventType", "eventTime", "orderId", "orderType", "status",
                               "shipFromLocationId", "shipToLocationId", "requestedDeliveryDate", "lines",
                               "lines.lineNumber", "lines.sku", "lines.gtin", "lines.quantity", "lines.uom"});
    at(K::kErpAdjustment) = select(formats::fields(BusinessMessage::kInventoryAdjustment),
                                   {"messageId", "eventType", "eventTime", "adjustmentId", "locationId", "sku", "gtin",
                                    "quantityDelta", "uom", "reasonCode"});
    at(K::kErpPoStatus) = select(formats::fields(BusinessMessage::kPoStatus),
                                 {"messageId", "eventType", "eventTime", "poNumber", "supplierId", "status",
                                  "shipToLocationId", "expectedDeliveryDate"});
    at(K::kPosSale) = select(formats::fields(BusinessMessage::kPosTransaction),
                             {"transactionId", "storeId", "registerId", "channel", "businessDate", "transactionTime",
                              "currency", "lines", "lines.lineNumber", "lines.sku", "lines.gtin", "lines.quantity",
                              "lines.unitPrice", "lines.discountAmount", "totalAmount", "tenderType"});
    at(K::kWebOrder) = select(formats::fields(BusinessMessage::kWebOrder),
                              {"orderId", "channel", "customerId", "placedAt", "currency", "fulfillmentMethod",
                               "fulfillmentLocationId", "lines", "lines.lineNumber", "lines.sku", "lines.gtin",
                               "lines.quantity", "lines.unitPrice", "lines.discountAmount", "totalAmount"});
    at(K::kSupplierConfirmation) = select(formats::fields(BusinessMessage::kSupplierOrderConfirmation),
                                          {"messageId", "eventType", "supplierId", "poNumber", "confirmedAt", "lines",
                                           "lines.lineNumber", "lines.sku", "lines.orderedQuantity",
                                           "lines.committedQuantity", "lines.committedDeliveryDate"});
    at(K::kSupplierLeadTime) = select(formats::fields(BusinessMessage::kSupplierLeadTimeChange),
                                      {"messageId", "eventType", "supplierId", "sku", "previousLeadTimeDays",
                                       "leadTimeDays", "effectiveDate", "announcedAt", "reason"});
    at(K::kSupplierOutage) = select(formats::fields(BusinessMessage::kSupplierOutOfStock),
                                    {"messageId", "eventType", "supplierId", "sku", "availableQuantity",
                                     "reportedAt"});
    at(K::kWeatherAlert) = select(formats::fields(BusinessMessage::kWeatherAlert),
                                  {"alertId", "event", "severity", "regionId", "areaDesc", "sent", "onset",
                                   "headline"});
    at(K::kErpFulfilment) = select(formats::fields(BusinessMessage::kFulfillment),
                                   {"messageId", "eventType", "eventTime", "fulfillmentId", "orderId", "locationId",
                                    "status", "carrierScac", "trackingNumber", "lines", "lines.lineNumber",
                                    "lines.sku", "lines.gtin", "lines.quantity", "lines.uom"});
    at(K::kPortCongestion) = select(formats::fields(BusinessMessage::kPortCongestion),
                                    {"messageId", "eventType", "portCode", "measuredAt", "vesselsAtAnchor",
                                     "averageWaitHours", "congestionLevel"});
    at(K::kPortStatus) = select(formats::fields(BusinessMessage::kPortStatus),
                                {"messageId", "eventType", "portCode", "portName", "reason", "effectiveFrom"});
  }

  KindFields& at(MessageKind k) { return fields[static_cast<std::size_t>(k)]; }

  // The name of the field the noise left out, if any.
  std::string_view omitted(const Pending& m) {
    if (m.field == kNoField) return {};
    const KindFields& f = fields[static_cast<std::size_t>(m.kind)];
    const auto& list = (m.noise & noise::kMissingRequired) != 0 ? f.required : f.optional;
    return m.field < list.size() ? list[m.field] : std::string_view();
  }

  std::int64_t unix_ns(std::int64_t sim_ns) const { return sim_ns + epoch_ns; }
  // What the sender's clock says at the true time `sim_ns`.
  std::int64_t device_ns(const Pending& m, std::int64_t sim_ns) const { return unix_ns(sim_ns) + m.clock_error_ns; }

  std::string& scratch(std::size_t i) {
    if (strings.size() <= i) strings.resize(i + 1);
    strings[i].clear();
    return strings[i];
  }

  // `prefix` and `number` in decimal ("RO123"), in scratch string `i`: no temporaries on the way.
  std::string_view numbered(std::size_t i, std::string_view prefix, std::uint64_t number) {
    std::string& text = scratch(i);
    text = prefix;
    char digits[20];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
    return text;
  }

  // ---------------------------------------------------------------- EPCIS

  void epcis(const Pending& m, std::string& out) {
    const bool sensor = m.kind == MessageKind::kEpcisSensor;
    const SiteId site = sensor ? SiteId(m.ref) : site_of(m);
    const std::string_view omit[] = {omitted(m)};
    formats::WriteOptions options;
    options.version = m.schema_version == 2 ? formats::SchemaVersion::kV2 : formats::SchemaVersion::kV1;
    if (!omit[0].empty()) options.omit = omit;

    EpcisEvent e;
    e.event_time_ns = device_ns(m, m.event_ns);
    e.time_zone_offset_minutes = utc_offsets[site.index()];
    std::string& location = scratch(0);
    formats::append_sgln(location, kCompanyPrefix, padded(site.value(), 5));
    std::string& read_point = scratch(1);
    formats::append_sgln(read_point, kCompanyPrefix, padded(site.value(), 5), sensor ? "COLD" : "DOCK");
    e.biz_location = location;
    e.read_point = read_point;

    if (sensor) {
      const auto& t = ledger.temperatures();
      const std::size_t r = m.fact.row();
      const network::TemperatureClass zone = t.zone[r];
      const double truth = t.celsius[r];
      const bool excursion = zone == network::TemperatureClass::kFrozen ? truth > -18.0 : (truth < 2.0 || truth > 8.0);
      std::string& device = scratch(2);
      formats::append_giai(device, kCompanyPrefix, "LOG" + padded(site.value(), 5) + padded(static_cast<int>(zone), 1));
      std::array<formats::EpcisSensorReport, 2> reports;
      formats::EpcisSensorReport& temperature = reports[0];
      temperature.type = "Temperature";
      temperature.value = static_cast<double>(m.value_a);
      temperature.uom = "CEL";  // also when the value is in Fahrenheit: that is the unit error
      if (excursion) temperature.exception = "ALARM_CONDITION";
      temperature.decimals = 1;
      // The room's air holds a fixed amount of water (dew point 3 C under the set point), so relative humidity
      // follows the true temperature (Magnus formula): it falls as the room warms.
      const double set_point = zone == network::TemperatureClass::kFrozen ? -22.0 : 5.0;
      const double dew_point = std::min(truth, set_point - 3.0);
      auto magnus = [](double c) { return 17.62 * c / (243.12 + c); };
      formats::EpcisSensorReport& humidity = reports[1];
      humidity.type = "RelativeHumidity";
      humidity.value = std::clamp(100.0 * std::exp(magnus(dew_point) - magnus(truth)), 0.0, 100.0);
      humidity.uom = "P1";
      humidity.decimals = 1;
      formats::EpcisSensorElement element;
      element.metadata.time_ns = e.event_time_ns;
      element.metadata.device_id = device;
      element.reports = reports;
      e.action = formats::EpcisAction::kObserve;
      e.biz_step = "sensor_reporting";
      e.sensor_elements = {&element, 1};
      formats::write_epcis_document(out, {&e, 1}, e.event_time_ns, options);
      return;
    }

    const world::ShipmentId shipment = m.kind == MessageKind::kEpcisPicking
                                           ? m.ref
                                           : ledger.shipment_events().shipment[m.fact.row()];
    const world::ShipmentInfo& info = ledger.shipments()[shipment];
    std::string& sscc = scratch(3);
    formats::append_sscc(sscc, kCompanyPrefix, shipment);
    const std::string_view epcs[] = {sscc};
    std::string& po = scratch(4);
    formats::append_biz_transaction_urn(po, "0614141000005", "PO" + std::to_string(info.order));
    std::string& asn = scratch(5);
    formats::append_biz_transaction_urn(asn, "0614141000005", "SH" + std::to_string(shipment));
    const formats::EpcisBizTransaction transactions[] = {{"po", po}, {"desadv", asn}};
    e.biz_transactions = transactions;
    std::string& from = scratch(6);
    formats::append_sgln(from, kCompanyPrefix, padded(info.origin.value(), 5));
    std::string& to = scratch(7);
    formats::append_sgln(to, kCompanyPrefix, padded(info.destination.value(), 5));
    const formats::EpcisSourceDest source[] = {{"location", from}};
    const formats::EpcisSourceDest destination[] = {{"location", to}};

    // The shipment's lines as quantities of each SKU (an LGTIN class per SKU).
    auto lines = ledger.lines_of_shipment(shipment);
    quantities.clear();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string& cls = scratch(8 + i);
      formats::append_lgtin(cls, kCompanyPrefix, padded(lines[i].sku.value() % 1'000'000, 6), "0");
      quantities.push_back({cls, static_cast<double>(lines[i].quantity), {}});
    }

    // What each step reads: the pallet's SSCC at the gates and the dock, the SKU quantities once counted.
    const EpcisStep step = epcis_step(m.kind);
    e.biz_step = step.biz_step;
    e.disposition = step.disposition;
    if (m.kind == MessageKind::kEpcisLoading) {
      e.type = EpcisEventType::kAggregation;
      e.action = formats::EpcisAction::kAdd;
      e.parent_id = sscc;
      e.child_quantity_list = quantities;
    } else if (step.counted) {
      e.quantity_list = quantities;
    } else {
      e.epc_list = epcs;
      e.sources = source;
      e.destinations = destination;
    }
    formats::write_epcis_document(out, {&e, 1}, e.event_time_ns, options);
  }

  SiteId site_of(const Pending& m) const {
    if (m.kind == MessageKind::kEpcisPicking) return ledger.stock().site[m.fact.row()];
    return ledger.shipment_events().site[m.fact.row()];
  }

  // ---------------------------------------------------------------- GPS

  void gps(const Pending& m, std::string& out) {
    const std::string_view omit[] = {omitted(m)};
    formats::WriteOptions options;
    options.version = m.schema_version == 2 ? formats::SchemaVersion::kV2 : formats::SchemaVersion::kV1;
    if (!omit[0].empty()) options.omit = omit;
    if (m.kind != MessageKind::kGpsPosition) {
      const world::ShipmentInfo& info = ledger.shipments()[ledger.shipment_events().shipment[m.fact.row()]];
      formats::GpsEvent e;
      e.type = m.kind == MessageKind::kGeofenceEnter ? formats::GpsEventType::kGeofenceEnter
                                                     : formats::GpsEventType::kGeofenceExit;
      e.device_id = 100'000 + info.vehicle;
      e.event_time_ns = device_ns(m, m.event_ns);
      e.geofence_id = 1 + m.ref;  // the site's geofence
      formats::write_gps_event(out, e, options);
      return;
    }
    const auto& t = ledger.positions();
    const bool stale = (m.noise & noise::kGpsStaleFix) != 0;
    const std::size_t r = stale ? m.ref : m.fact.row();
    formats::GpsPosition p;
    p.device_id = 100'000 + t.vehicle[m.fact.row()];
    p.device_time_ns = device_ns(m, m.event_ns);
    p.fix_time_ns = unix_ns(t.time[r]);  // satellite time: right even when the device clock is not
    const double lat = t.lat[r];
    const double lon = t.lon[r];
    if ((m.noise & noise::kGpsZeroFix) != 0) {
      p.latitude = 0.0;
      p.longitude = 0.0;
    } else {
      p.latitude = lat + m.value_a / kMetresPerDegree;
      p.longitude = lon + m.value_b / (kMetresPerDegree * std::max(0.01, std::cos(lat * 0.017453292519943295)));
    }
    p.valid = !stale;
    const world::VehicleStatus status = t.status[m.fact.row()];
    p.speed_knots = t.speed_kmh[r] / 1.852;
    p.course_deg = t.heading_deg[r];
    p.satellites = 9;
    p.hdop = 0.9;
    p.accuracy_m = cfg.source(Source::kGps).noise.gps_sigma_m * 2.0;
    p.motion = status == world::VehicleStatus::kMoving;
    p.ignition = status != world::VehicleStatus::kStopped;
    p.odometer_m = m.aux;
    formats::write_gps_position(out, p, options);
  }

  // ---------------------------------------------------------------- X12

  formats::x12::InterchangeHeader envelope(const Pending& m, std::string_view sender, std::string_view receiver) {
    formats::x12::InterchangeHeader h;
    h.sender_id = x12_id(sender);
    h.receiver_id = x12_id(receiver);
    h.prepared_at = device_ns(m, m.event_ns);
    h.control_number = m.aux % 1'000'000'000;
    h.version = m.schema_version == 2 ? formats::x12::SchemaVersion::kV2 : formats::x12::SchemaVersion::kV1;
    return h;
  }

  formats::x12::GroupHeader group(const Pending& m, const formats::x12::InterchangeHeader& h) {
    formats::x12::GroupHeader g;
    g.application_sender = h.sender_id;
    g.application_receiver = h.receiver_id;
    g.prepared_at = h.prepared_at;
    g.control_number = m.aux % 1'000'000'000;
    return g;
  }

  formats::x12::WriteOptions x12_options(const Pending& m) {
    formats::x12::WriteOptions o;
    if (const std::string_view f = omitted(m); !f.empty()) o.omit.emplace_back(f);
    return o;
  }

  void edi(const Pending& m, std::string& out, const std::vector<std::int64_t>& snapshots) {
    namespace x12 = formats::x12;
    using x12::write_interchange;
    switch (m.kind) {
      case MessageKind::kEdi850:
      case MessageKind::kEdi855: {
        const world::OrderId o = ledger.order_events().order[m.fact.row()];
        const world::OrderInfo& info = ledger.orders()[o];
        const network::Site& dc = net.site(info.destination);
        const network::Site& supplier = net.site(info.source);
        std::vector<x12::PurchaseOrderLine> lines;
        for (const world::OrderLine& line : ledger.lines_of(o)) {
          x12::PurchaseOrderLine l;
          l.line_number = std::to_string(lines.size() + 1);
          l.quantity = line.quantity;
          l.unit_price_cents = std::llround(net.sku(line.sku).unit_value * 100.0);
          l.upc = upc_of(line.sku);
          lines.push_back(std::move(l));
        }
        if (m.kind == MessageKind::kEdi850) {
          x12::PurchaseOrder po;
          po.po_number = "PO" + std::to_string(o);
          po.ordered_at = device_ns(m, m.event_ns);
          po.utc_offset_minutes = utc_offset_minutes(dc);
          po.requested_delivery = unix_ns(info.promised.ns());
          po.parties = {{"BY", std::string(kRetailerId), "92", "0001"}, {"ST", dc.name, "92", padded(dc.id.value(), 4)}};
          po.lines = std::move(lines);
          const auto h = envelope(m, kRetailerId, supplier.name);
          out = write_interchange(h, group(m, h), po, m.aux % 10'000, x12_options(m));
          return;
        }
        // The supplier commits to the confirmed total; short lines are the last ones, as a supplier fills in order.
        x12::PurchaseOrderAck ack;
        ack.po_number = "PO" + std::to_string(o);
        ack.po_date = unix_ns(info.created.ns());
        ack.seller_order_number = "SO" + std::to_string(o);
        ack.acknowledged_at = device_ns(m, m.event_ns);
        ack.utc_offset_minutes = utc_offset_minutes(supplier);
        std::int64_t left = ledger.order_events().value[m.fact.row()];
        bool changed = false;
        for (auto& line : lines) {
          x12::AckLine a;
          a.committed_quantity = std::min<std::int64_t>(line.quantity, left);
          left -= a.committed_quantity;
          a.status = a.committed_quantity == line.quantity ? "IA" : a.committed_quantity == 0 ? "IR" : "IQ";
          changed = changed || a.committed_quantity != line.quantity;
          a.line = std::move(line);
          ack.lines.push_back(std::move(a));
        }
        ack.ack_type = changed ? "AC" : "AD";
        const auto h = envelope(m, supplier.name, kRetailerId);
        out = write_interchange(h, group(m, h), ack, m.aux % 10'000, x12_options(m));
        return;
      }
      case MessageKind::kEdi856: {
        const world::ShipmentId s = ledger.shipment_events().shipment[m.fact.row()];
        const world::ShipmentInfo& info = ledger.shipments()[s];
        const network::Site& supplier = net.site(info.origin);
        const network::Site& dc = net.site(info.destination);
        x12::ShipNotice asn;
        asn.shipment_id = "SH" + std::to_string(s);
        asn.created_at = device_ns(m, m.event_ns);
        asn.utc_offset_minutes = utc_offset_minutes(supplier);
        asn.carrier_scac = scac_of(info.origin.value());
        asn.bill_of_lading = "BOL" + std::to_string(s);
        asn.shipped_at = asn.created_at;
        asn.ship_to = {"ST", dc.name, "92", padded(dc.id.value(), 4)};
        asn.ship_from = x12::Party{"SF", supplier.name, "92", padded(supplier.id.value(), 4)};
        x12::AsnOrder order;
        order.po_number = "PO" + std::to_string(info.order);
        order.po_date = unix_ns(ledger.orders()[info.order].created.ns());
        x12::AsnPack pack;
        pack.sscc = "0" + std::string(kCompanyPrefix) + padded(s % 1'000'000'000, 9);
        pack.sscc += std::to_string(sscc_check_digit(pack.sscc));
        double weight_kg = 0.0;
        for (const world::OrderLine& line : ledger.lines_of_shipment(s)) {
          pack.items.push_back({upc_of(line.sku), "", line.quantity, "EA"});
          asn.lading_quantity += line.quantity;
          weight_kg += line.quantity * net.sku(line.sku).unit_weight_kg;
        }
        asn.gross_weight = std::llround(weight_kg * 2.20462);
        order.packs.push_back(std::move(pack));
        asn.orders.push_back(std::move(order));
        const auto h = envelope(m, supplier.name, kRetailerId);
        out = write_interchange(h, group(m, h), asn, m.aux % 10'000, x12_options(m));
        return;
      }
      case MessageKind::kEdi214: {
        const auto& t = ledger.shipment_events();
        const world::ShipmentId s = t.shipment[m.fact.row()];
        const world::ShipmentInfo& info = ledger.shipments()[s];
        const network::Site& where = net.site(t.site[m.fact.row()]);
        x12::ShipmentStatus status;
        status.carrier_scac = scac_of(info.origin.value());
        status.carrier_pro = "PRO" + std::to_string(s);
        status.shipment_id = "SH" + std::to_string(s);
        status.references = {{"PO", "PO" + std::to_string(info.order)}};
        x12::StatusEvent e;
        switch (m.variant) {
          case 'A': e.status_code = "AF"; break;
          case 'X': e.status_code = "X4"; break;
          case 'P': e.status_code = "P1"; break;
          case 'S': e.status_code = "SD"; break;
          case '1': e.status_code = "X1"; break;
          default: e.status_code = "D1"; break;
        }
        e.at = device_ns(m, m.event_ns);
        e.clock_offset_minutes = utc_offset_minutes(where);
        // The time-basis quirk: a local time written while the code says UTC, or UTC coded local.
        if ((m.noise & noise::kTimeBasis) != 0) e.clock_offset_minutes = 0;
        e.time_unknown = (m.noise & noise::kUnknownTime) != 0;
        e.location = x12::Location{x12_id(where.name), where.region.substr(0, 2), "US"};
        for (char& c : e.location->state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        status.equipment_number = "TRL" + std::to_string(s % 100'000);
        status.events.push_back(std::move(e));
        const auto h = envelope(m, status.carrier_scac, kRetailerId);
        out = write_interchange(h, group(m, h), status, m.aux % 10'000, x12_options(m));
        return;
      }
      case MessageKind::kEdi846: {
        const SiteId site(static_cast<std::uint32_t>(snapshots[m.ref]));
        const network::Site& dc = net.site(site);
        x12::InventoryAdvice advice;
        advice.report_id = "INV" + std::to_string(site.value()) + "-" + std::to_string(m.event_ns / 86'400'000'000'000);
        advice.as_of = device_ns(m, m.event_ns);
        advice.utc_offset_minutes = utc_offset_minutes(dc);
        advice.location = x12::Party{"WH", dc.name, "92", padded(site.value(), 4)};
        const auto skus = world.locations().skus_at(site);
        for (std::size_t i = 0; i < skus.size(); ++i)
          advice.items.push_back({upc_of(skus[i]), "", std::max<std::int64_t>(0, snapshots[m.ref + 1 + i]), {}, "EA"});
        const auto h = envelope(m, kRetailerId, "PLANNING");
        out = write_interchange(h, group(m, h), advice, m.aux % 10'000, x12_options(m));
        return;
      }
      default: return;
    }
  }

  static int sscc_check_digit(const std::string& digits17) {
    int sum = 0;
    for (std::size_t i = 0; i < digits17.size(); ++i) sum += (digits17[i] - '0') * (i % 2 == 0 ? 3 : 1);
    return (10 - sum % 10) % 10;
  }


  formats::WriteOptions json_options(const Pending& m, std::string_view& omit_slot) {
    formats::WriteOptions options;
    options.version = m.schema_version == 2 ? formats::SchemaVersion::kV2 : formats::SchemaVersion::kV1;
    omit_slot = omitted(m);
    if (!omit_slot.empty()) options.omit = {&omit_slot, 1};
    return options;
  }

  // ---------------------------------------------------------------- AIS

  void ais(const Pending& m, std::string& out) {
    std::string_view omit;
    const formats::WriteOptions options = json_options(m, omit);
    const auto& t = ledger.positions();
    const std::size_t r = m.fact.row();
    const world::VehicleId v = t.vehicle[r];
    std::string& name = scratch(0);
    name = "CT VESSEL " + std::to_string(v);
    std::string& imo = scratch(1);
    imo = "IMO" + std::to_string(9'000'000 + v);
    formats::AisVesselPosition p;
    p.mmsi = 366'000'000 + v;
    p.base_time_ns = device_ns(m, m.event_ns);
    const double lat = t.lat[r];
    p.latitude = lat + m.value_a / kMetresPerDegree;
    p.longitude = t.lon[r] + m.value_b / (kMetresPerDegree * std::max(0.01, std::cos(lat * 0.017453292519943295)));
    p.sog_knots = t.speed_kmh[r] / 1.852;
    p.cog_degrees = t.heading_deg[r];
    p.heading = static_cast<unsigned>(std::lround(t.heading_deg[r])) % 360;
    p.vessel_name = name;
    p.imo = imo;
    p.vessel_type = 70;  // cargo
    p.nav_status = t.status[r] == world::VehicleStatus::kMoving ? 0 : 5;  // under way, moored
    formats::write_ais_position_json(out, p, options);
  }

  // ---------------------------------------------------------------- equipment

  void equipment(const Pending& m, std::string& out) {
    std::string_view omit;
    const formats::WriteOptions options = json_options(m, omit);
    formats::SparkplugPayload payload;
    payload.timestamp_ns = device_ns(m, m.event_ns);
    // Every metric is announced in the birth with its alias; data messages carry the ones that changed.
    std::array<formats::SparkplugMetric, 3> metrics;
    metrics[0] = {"Dock/DoorsInUse", 1, payload.timestamp_ns, formats::SparkplugDataType::kInt32, std::int64_t{0}, 3};
    metrics[1] = {"Dock/TrucksUnloaded", 2, payload.timestamp_ns, formats::SparkplugDataType::kInt64,
                  std::int64_t{0}, 3};
    metrics[2] = {"Conveyor/ShipmentsPicked", 3, payload.timestamp_ns, formats::SparkplugDataType::kInt64,
                  std::int64_t{0}, 3};
    if (m.kind == MessageKind::kEquipmentBirth) {
      payload.seq = 0;
      payload.metrics = metrics;
      formats::write_sparkplug_payload(out, formats::SparkplugMessageType::kNBirth, payload, options);
      return;
    }
    metrics[0].value = static_cast<std::int64_t>(m.value_a);
    metrics[1].value = static_cast<std::int64_t>(m.aux);
    metrics[2].value = static_cast<std::int64_t>(m.aux);
    payload.seq = m.variant;
    switch (m.kind) {
      case MessageKind::kDockDoor: payload.metrics = {metrics.data(), 1}; break;
      case MessageKind::kDockData: payload.metrics = {metrics.data(), 2}; break;
      default: payload.metrics = {metrics.data() + 2, 1}; break;
    }
    formats::write_sparkplug_payload(out, formats::SparkplugMessageType::kNData, payload, options);
  }

  // ---------------------------------------------------------------- ERP, POS, supplier and external feeds

  const std::string& gtin_of(network::SkuId sku) const { return gtins[sku.index()]; }

  // Order lines as the business formats write them, in a buffer reused by every message.
  std::vector<formats::OrderLine> line_buffer;
  std::span<const formats::OrderLine> business_lines(std::span<const world::OrderLine> lines) {
    line_buffer.clear();
    for (const world::OrderLine& line : lines)
      line_buffer.push_back({net.sku(line.sku).name, gtin_of(line.sku), static_cast<double>(line.quantity), "EA"});
    return line_buffer;
  }

  // A till's register: one of six, or the desk where web orders are collected.
  static std::string_view register_of(std::size_t demand_row, bool collected) {
    static constexpr std::array<std::string_view, 6> kRegisters = {"R1", "R2", "R3", "R4", "R5", "R6"};
    return collected ? "COLLECT" : kRegisters[demand_row % kRegisters.size()];
  }

  // POS receipts read a SKU and a store in no order a cache could follow: their lines are fetched ahead.
  void prefetch(const Pending& m) const {
    if (source_of(m.kind) != Source::kPos) return;
    const auto& t = ledger.demand();
    const std::size_t r = m.fact.row();
    const network::Sku& sku = net.sku(t.sku[r]);
    __builtin_prefetch(&sku.name);
    __builtin_prefetch(&sku.unit_value);
    __builtin_prefetch(&gtins[sku.id.index()]);
    __builtin_prefetch(&net.site(t.site[r]).name);
  }

  // POS receipts and web orders: nine in ten messages of a national network.
  void pos(const Pending& m, std::string& out) {
    std::string_view omit;
    const formats::WriteOptions options = json_options(m, omit);
    const std::int64_t at = device_ns(m, m.event_ns);
    const auto& t = ledger.demand();
    const std::size_t r = m.fact.row();
    const network::Site& store = net.site(t.site[r]);
    const network::Sku& sku = net.sku(t.sku[r]);
    const double price = std::round(sku.unit_value * 100.0) / 100.0;
    const bool web = m.kind == MessageKind::kWebOrder;
    // A till records what the customer took; the web shop records what was ordered.
    const double units = web ? t.requested[r] : t.filled[r];
    const formats::SalesLine line{sku.name, gtin_of(sku.id), units, price, 0.0};
    if (web) {
      formats::WebOrder w;
      w.order_id = numbered(0, "W", r);
      w.customer_id = numbered(1, "C", (r * 2654435761u) % 1'000'003);
      w.placed_at_ns = at;
      w.currency = "USD";
      w.fulfillment_method = formats::FulfillmentMethod::kClickAndCollect;
      w.fulfillment_location_id = store.name;
      w.lines = {&line, 1};
      w.total_amount = units * price;
      formats::write_web_order(out, w, options);
      return;
    }
    // A collected web order's receipt carries the order's id, so a reader can tell it from a walk-in sale.
    const bool collected = m.variant == detail::kSaleCollected;
    formats::PosTransaction p;
    p.transaction_id = numbered(0, collected ? "W" : "T", r);
    p.store_id = store.name;
    p.register_id = register_of(r, collected);
    p.transaction_time_ns = at;
    p.utc_offset_minutes = utc_offsets[store.id.index()];
    p.currency = "USD";
    p.lines = {&line, 1};
    p.total_amount = units * price;
    p.tender_type = r % 5 == 0 ? "CASH" : "CARD";
    formats::write_pos_transaction(out, p, options);
  }

  void business(const Pending& m, std::string& out) {
    std::string_view omit;
    const formats::WriteOptions options = json_options(m, omit);
    const std::string_view id = numbered(0, "MSG", m.message_id);
    const std::int64_t at = device_ns(m, m.event_ns);
    switch (m.kind) {
      case MessageKind::kErpOrder: {
        const auto& t = ledger.order_events();
        const world::OrderId o = t.order[m.fact.row()];
        const world::OrderInfo& info = ledger.orders()[o];
        formats::OrderEvent e;
        e.message_id = id;
        e.status = static_cast<formats::OrderStatus>(m.variant);
        e.event_time_ns = at;
        e.order_id = numbered(1, "RO", o);
        e.ship_from_location_id = net.site(info.source).name;
        e.ship_to_location_id = net.site(info.destination).name;
        e.requested_delivery_ns = unix_ns(info.promised.ns());
        if (t.state[m.fact.row()] == world::OrderState::kShipped) {
          e.shipment_id = numbered(2, "SH", static_cast<std::uint64_t>(t.value[m.fact.row()]));
          e.carrier_scac = "CTWN";
        }
        e.lines = business_lines(ledger.lines_of(o));
        formats::write_order_event(out, e, options);
        return;
      }
      case MessageKind::kErpPoStatus: {
        const auto& t = ledger.order_events();
        const world::OrderId o = t.order[m.fact.row()];
        const world::OrderInfo& info = ledger.orders()[o];
        static constexpr std::array<formats::PoStatus, 4> kStatus = {
            formats::PoStatus::kOpen, formats::PoStatus::kAcknowledged, formats::PoStatus::kShipped,
            formats::PoStatus::kReceived};
        formats::PoStatusUpdate u;
        u.message_id = id;
        u.event_time_ns = at;
        u.po_number = numbered(1, "PO", o);
        u.supplier_id = net.site(info.source).name;
        u.status = kStatus[m.variant & 3];
        u.ship_to_location_id = net.site(info.destination).name;
        u.expected_delivery_ns = unix_ns(info.promised.ns());
        formats::write_po_status(out, u, options);
        return;
      }
      case MessageKind::kErpAdjustment: {
        const auto& t = ledger.stock();
        const std::size_t r = m.fact.row();
        formats::InventoryAdjustment a;
        a.message_id = id;
        a.event_time_ns = at;
        a.adjustment_id = numbered(1, "ADJ", r);
        a.location_id = net.site(t.site[r]).name;
        a.sku = net.sku(t.sku[r]).name;
        a.gtin = gtin_of(t.sku[r]);
        a.quantity_delta = t.delta[r];
        a.reason = formats::AdjustmentReason::kSpoilage;
        formats::write_inventory_adjustment(out, a, options);
        return;
      }
      case MessageKind::kSupplierConfirmation: {
        const auto& t = ledger.order_events();
        const world::OrderId o = t.order[m.fact.row()];
        const world::OrderInfo& info = ledger.orders()[o];
        // The committed total, filled line by line in order (as the EDI 855 says it).
        std::int64_t left = t.value[m.fact.row()];
        std::vector<formats::ConfirmationLine> lines;
        const auto order_lines = ledger.lines_of(o);
        for (std::size_t i = 0; i < order_lines.size(); ++i) {
          const std::string& sku = net.sku(order_lines[i].sku).name;
          const std::int64_t committed = std::min<std::int64_t>(order_lines[i].quantity, left);
          left -= committed;
          lines.push_back({static_cast<int>(i + 1), sku, static_cast<double>(order_lines[i].quantity),
                           static_cast<double>(committed), unix_ns(info.promised.ns())});
        }
        formats::SupplierOrderConfirmation c;
        c.message_id = id;
        c.supplier_id = net.site(info.source).name;
        c.po_number = numbered(1, "PO", o);
        c.confirmed_at_ns = at;
        c.lines = lines;
        formats::write_supplier_confirmation(out, c, options);
        return;
      }
      case MessageKind::kSupplierLeadTime:
      case MessageKind::kSupplierOutage: {
        const auto& t = ledger.disruptions();
        const std::size_t r = m.fact.row();
        const std::string& supplier = net.site(SiteId(m.ref)).name;
        const bool start = m.variant == static_cast<std::uint8_t>(world::DisruptionPhase::kStart);
        if (m.kind == MessageKind::kSupplierOutage) {
          formats::SupplierOutOfStock o;
          o.message_id = id;
          o.supplier_id = supplier;
          o.sku = "*";  // every SKU it supplies
          o.available_quantity = start ? 0.0 : 1'000'000.0;
          o.reported_at_ns = at;
          formats::write_supplier_out_of_stock(out, o, options);
          return;
        }
        const double base_days = world.config().supplier.lead_time.to_days();
        const double changed_days = base_days * std::max(0.0f, t.magnitude[r]);
        formats::SupplierLeadTimeChange c;
        c.message_id = id;
        c.supplier_id = supplier;
        c.sku = "*";
        c.previous_lead_time_days = static_cast<int>(std::lround(start ? base_days : changed_days));
        c.lead_time_days = static_cast<int>(std::lround(start ? changed_days : base_days));
        c.effective_ns = unix_ns(m.event_ns);
        c.announced_at_ns = at;
        c.reason = start ? "capacity" : "recovered";
        formats::write_supplier_lead_time_change(out, c, options);
        return;
      }
      case MessageKind::kWeatherAlert: {
        const auto& t = ledger.disruptions();
        const std::size_t r = m.fact.row();
        const bool start = m.variant == static_cast<std::uint8_t>(world::DisruptionPhase::kStart);
        std::string& alert = scratch(1);
        alert = "WX" + std::to_string(t.disruption[r]) + (start ? "" : "-END");
        const float magnitude = t.magnitude[r];
        formats::WeatherAlert a;
        a.alert_id = alert;
        a.event = start ? "Winter Storm Warning" : "Winter Storm Warning Cancelled";
        a.severity = magnitude >= 2.0f   ? formats::AlertSeverity::kExtreme
                     : magnitude >= 1.5f ? formats::AlertSeverity::kSevere
                                         : formats::AlertSeverity::kModerate;
        a.region_id = "ALL";
        a.area_desc = "network-wide";
        a.sent_ns = at;
        a.onset_ns = unix_ns(m.event_ns);
        a.expires_ns = unix_ns(m.event_ns);
        a.headline = start ? "Transit times slowed" : "Conditions back to normal";
        formats::write_weather_alert(out, a, options);
        return;
      }
      case MessageKind::kErpFulfilment: {
        const auto& t = ledger.shipment_events();
        const world::ShipmentId shipment = t.shipment[m.fact.row()];
        const world::ShipmentInfo& info = ledger.shipments()[shipment];
        std::string& tracking = scratch(3);
        tracking = "CTWN" + padded(shipment, 10);
        const bool delivered = m.variant == kFulfilmentDelivered;
        formats::FulfillmentUpdate f;
        f.message_id = id;
        f.event_time_ns = at;
        f.fulfillment_id = numbered(1, "F", shipment);
        f.order_id = numbered(2, "RO", info.order);
        f.location_id = net.site(delivered ? info.destination : info.origin).name;
        f.status = delivered ? formats::FulfillmentStatus::kDelivered : formats::FulfillmentStatus::kShipped;
        f.carrier_scac = "CTWN";
        f.tracking_number = tracking;
        f.lines = business_lines(ledger.lines_of_shipment(shipment));
        formats::write_fulfillment(out, f, options);
        return;
      }
      case MessageKind::kPortCongestion: {
        std::string& code = scratch(1);
        code = locode_of(SiteId(m.ref));
        formats::PortCongestion c;
        c.message_id = id;
        c.port_code = code;
        c.measured_at_ns = at;
        c.vessels_at_anchor = static_cast<int>(m.aux);
        c.average_wait_hours = m.value_a;
        c.congestion_level = m.aux == 0 ? "LOW" : m.aux <= 2 ? "MODERATE" : m.aux <= 5 ? "HIGH" : "SEVERE";
        formats::write_port_congestion(out, c, options);
        return;
      }
      case MessageKind::kPortStatus: {
        const bool start = m.variant == static_cast<std::uint8_t>(world::DisruptionPhase::kStart);
        const network::Site& port = net.site(SiteId(m.ref));
        std::string& code = scratch(1);
        code = locode_of(SiteId(m.ref));
        formats::PortStatus p;
        p.message_id = id;
        p.event = start ? formats::PortStatusEvent::kClosed : formats::PortStatusEvent::kReopened;
        p.port_code = code;
        p.port_name = port.name;
        p.reason = start ? "LABOR_ACTION" : "";
        p.effective_ns = unix_ns(m.event_ns);
        formats::write_port_status(out, p, options);
        return;
      }
      default: return;
    }
  }

  void write(const Pending& m, const std::vector<std::int64_t>& snapshots, std::string& out) {
    out.clear();
    switch (source_of(m.kind)) {
      case Source::kEpcis: epcis(m, out); return;
      case Source::kGps: gps(m, out); return;
      case Source::kEdi: edi(m, out, snapshots); return;
      case Source::kAis: ais(m, out); return;
      case Source::kEquipment: equipment(m, out); return;
      case Source::kPos: pos(m, out); return;
      case Source::kErp:
      case Source::kSupplier:
      case Source::kExternal: business(m, out); return;
    }
  }
};

Writer::Writer(const world::World& world, const StreamsConfig& config)
    : impl_(std::make_unique<Impl>(world, config)) {}
Writer::~Writer() = default;

void Writer::write(const Pending& message, const std::vector<std::int64_t>& snapshots, std::string& out) {
  impl_->write(message, snapshots, out);
}

void Writer::prefetch(const Pending& message) const { impl_->prefetch(message); }

std::uint8_t Writer::optional_fields(MessageKind kind) const {
  return static_cast<std::uint8_t>(impl_->fields[static_cast<std::size_t>(kind)].optional.size());
}
std::uint8_t Writer::required_fields(MessageKind kind) const {
  return static_cast<std::uint8_t>(impl_->fields[static_cast<std::size_t>(kind)].required.size());
}

}  // namespace chaintwin::generators::detail
