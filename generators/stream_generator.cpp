#include "generators/stream_generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <new>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/mman.h>

#include "generators/pending.hpp"
#include "generators/writer.hpp"
#include "network/geo.hpp"

namespace chaintwin::generators {

using detail::Device;
using detail::Pending;
using network::SiteKind;
using world::FactId;
using world::FactTable;

namespace {

constexpr std::int64_t kDayNs = 86'400'000'000'000;
constexpr std::int64_t kSecondNs = 1'000'000'000;
// Messages due on a multiple of this (batch files) queue per due time rather than in the heap.
constexpr std::int64_t kBatchGrainNs = 60 * kSecondNs;
// A clock error this large is labelled (every error, however small, is in the truth's clock_error_ns).
constexpr std::int64_t kClockErrorLabelNs = 5 * kSecondNs;

// A geofence of this radius around every site, crossed at this speed: the GPS entry precedes the arrival at the
// gate (and so the carrier's 214 X1 and the EPCIS arriving event) by radius / speed.
constexpr double kGeofenceRadiusM = 300.0;
constexpr double kGeofenceSpeedMs = 30.0 / 3.6;
constexpr std::int64_t kGeofenceLeadNs = static_cast<std::int64_t>(kGeofenceRadiusM / kGeofenceSpeedMs * 1e9);

// Kinds of sender, for the device table's lookup code.
enum class DeviceRole : std::uint8_t {
  kSiteReader,    // a site's RFID portal readers (EPCIS)
  kColdLogger,    // a cold room's logger (EPCIS sensor reports); entity: site * 4 + zone
  kEdgeNode,      // a DC's equipment edge node (Sparkplug)
  kTruck,         // a truck's tracker
  kVessel,        // a vessel's AIS transponder
  kPartner,       // an EDI trading partner (a supplier)
  kCarrier,       // an EDI carrier (by origin site)
  kBuyer,         // the retailer's own EDI sender, per DC
  kErpOrder,      // the ERP, keyed by order
  kErpSite,       // the ERP, keyed by site
  kTill,          // a store's tills
  kWebShop,       // the web shop
  kSupplierApi,   // a supplier's API
  kFeed,          // an external feed (weather per region, port authority)
};

std::uint64_t device_code(DeviceRole role, std::uint64_t entity) {
  return (std::uint64_t{static_cast<std::uint8_t>(role)} << 48) | entity;
}

}  // namespace

std::string_view to_string(MessageKind kind) {
  static constexpr std::array<std::string_view, kMessageKindCount> kNames = {
      "epcis_arriving", "epcis_unloading", "epcis_receiving", "epcis_storing", "epcis_picking", "epcis_loading",
      "epcis_shipping", "epcis_sensor", "equipment_birth", "dock_door", "dock_data", "conveyor_data", "gps_position",
      "geofence_enter", "geofence_exit", "ais_position", "edi_850", "edi_855", "edi_856", "edi_214", "edi_846",
      "erp_order", "erp_adjustment", "erp_po_status", "erp_fulfilment", "pos_sale", "web_order",
      "supplier_confirmation", "supplier_lead_time", "supplier_outage", "weather_alert", "port_status",
      "port_congestion"};
  return kNames[static_cast<std::size_t>(kind)];
}

Source source_of(MessageKind kind) {
  using K = MessageKind;
  switch (kind) {
    case K::kEpcisArriving: case K::kEpcisUnloading: case K::kEpcisReceiving: case K::kEpcisStoring:
    case K::kEpcisPicking: case K::kEpcisLoading: case K::kEpcisShipping: case K::kEpcisSensor:
      return Source::kEpcis;
    case K::kEquipmentBirth: case K::kDockDoor: case K::kDockData: case K::kConveyorData:
      return Source::kEquipment;
    case K::kGpsPosition: case K::kGeofenceEnter: case K::kGeofenceExit: return Source::kGps;
    case K::kAisPosition: return Source::kAis;
    case K::kEdi850: case K::kEdi855: case K::kEdi856: case K::kEdi214: case K::kEdi846: return Source::kEdi;
    case K::kErpOrder: case K::kErpAdjustment: case K::kErpPoStatus: case K::kErpFulfilment: return Source::kErp;
    case K::kPosSale: case K::kWebOrder: return Source::kPos;
    case K::kSupplierConfirmation: case K::kSupplierLeadTime: case K::kSupplierOutage: return Source::kSupplier;
    case K::kWeatherAlert: case K::kPortStatus: case K::kPortCongestion: return Source::kExternal;
  }
  return Source::kExternal;
}

std::string noise_names(std::uint32_t bits) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "duplicate", "reread",      "resent",     "buffered",   "out_of_order", "missing_optional",
      "missing_required", "clock_error", "time_basis", "unknown_time", "gps_outlier", "gps_zero_fix",
      "gps_stale_fix", "sensor_stuck", "unit_error", "schema_v2", "late"};
  std::string out;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if ((bits & (1u << i)) == 0) continue;
    if (!out.empty()) out += '|';
    out += kNames[i];
  }
  return out;
}

namespace detail {

void* allocate_huge_pages(std::size_t bytes) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  const std::size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* memory = std::aligned_alloc(kHugePage, size);
  if (memory == nullptr) throw std::bad_alloc();
  // Advice only: where transparent huge pages are off, the memory comes in small pages as usual.
  madvise(memory, size, MADV_HUGEPAGE);
  return memory;
}

void FreeHugePages::operator()(void* memory) const noexcept { std::free(memory); }

}  // namespace detail

void MessageTruth::add_chunk() {
  // Rows are trivial types: the memory holds them as it is (C++20 implicit object creation).
  chunks_.emplace_back(static_cast<Row*>(detail::allocate_huge_pages(kChunkRows * sizeof(Row))));
}

std::uint32_t MessageTruth::add_key(std::string key) {
  keys_.push_back(std::move(key));
  return static_cast<std::uint32_t>(keys_.size() - 1);
}

struct StreamGenerator::Impl {
  const world::World& world;
  const world::Ledger& ledger;
  const network::Network& net;
  StreamsConfig cfg;
  const sim::RandomStreams& streams;
  detail::Writer writer;
  MessageTruth truth;
  GeneratorCounters counters;

  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> due;
  detail::PendingBlockPool batch_blocks;                      // before `batches`: their blocks go back to it
  std::map<std::int64_t, detail::PendingQueue> batches;  // due on a whole minute: FIFO per due time
  std::vector<Device> devices;
  // What emission reads of every message's sender, apart from the large Device: a dense array stays in cache.
  struct Sender {
    std::int64_t last_event_emitted = INT64_MIN;  // for labelling per-key order violations
    std::string_view key;                         // the truth's key text
    std::uint32_t key_index = 0;                  // into MessageTruth::keys
  };
  std::vector<Sender> senders;  // parallel to `devices`
  std::unordered_map<std::uint64_t, std::uint32_t> device_index;
  std::uint64_t next_message_id = 1;
  std::uint64_t next_order = 0;

  // Read position in each ledger table, and the next daily snapshot.
  std::array<std::size_t, world::kFactTableCount> cursor{};
  std::int64_t next_snapshot_ns = kDayNs;
  std::int64_t read_until = 0;
  std::int64_t reading_ns = 0;  // time of the fact being observed

  // Each truck's last position row (a stale fix repeats it) and the running on-hand of every DC location (for
  // the daily EDI 846).
  std::vector<std::uint32_t> last_position_row;
  std::vector<std::int32_t> dc_ordinal;  // per site: its index among the DCs, -1 for other sites
  std::vector<std::int64_t> dc_on_hand;   // per DC and SKU (dense: one add per stock movement, no lookup)
  std::vector<std::int64_t> snapshots;  // the on-hand each 846 reports, from its `aux` offset on

  std::string payload;

  Impl(const world::World& w, const StreamsConfig& config, const sim::RandomStreams& s)
      : world(w), ledger(w.ledger()), net(w.network()), cfg(config), streams(s), writer(w, cfg),
        dc_ordinal(w.network().sites().size(), -1) {
    std::int32_t dcs = 0;
    for (const auto& site : net.sites())
      if (site.kind == SiteKind::kDistributionCenter) dc_ordinal[site.id.index()] = dcs++;
    dc_on_hand.assign(static_cast<std::size_t>(dcs) * net.skus().size(), 0);
  }

  const SourceConfig& source_config(Source s) const { return cfg.source(s); }

  // ---------------------------------------------------------------- devices

  std::string device_name(DeviceRole role, std::uint64_t entity) const {
    auto site_name = [&](std::uint64_t id) { return net.site(network::SiteId(static_cast<std::uint32_t>(id))).name; };
    switch (role) {
      case DeviceRole::kSiteReader: return site_name(entity) + "/rfid";
      case DeviceRole::kColdLogger:
        return site_name(entity / 4) + "/" +
               std::string(network::to_string(static_cast<network::TemperatureClass>(entity % 4))) + "-logger";
      case DeviceRole::kEdgeNode: return site_name(entity) + "/edge";
      case DeviceRole::kTruck: return "TRK" + std::to_string(100000 + entity);
      case DeviceRole::kVessel: return std::to_string(366000000 + entity);  // an MMSI (US prefix 366)
      case DeviceRole::kPartner: return site_name(entity);
      case DeviceRole::kCarrier: return "carrier/" + site_name(entity);
      case DeviceRole::kBuyer: return "buyer/" + site_name(entity);
      case DeviceRole::kErpOrder: return "order/" + std::to_string(entity);
      case DeviceRole::kErpSite: return "site/" + site_name(entity);
      case DeviceRole::kTill: return site_name(entity) + "/pos";
      case DeviceRole::kWebShop: return "webshop";
      case DeviceRole::kSupplierApi: return site_name(entity) + "/api";
      case DeviceRole::kFeed: return entity == world::kNone ? std::string("feed/all") : "feed/" + site_name(entity);
    }
    return "unknown";
  }

  std::uint32_t device(Source source, DeviceRole role, std::uint64_t entity) {
    const std::uint64_t code = device_code(role, entity);
    auto it = device_index.find(code);
    if (it != device_index.end()) return it->second;
    Device d;
    d.source = source;
    d.entity = static_cast<std::uint32_t>(entity);
    d.key = truth.add_key(device_name(role, entity));
    d.rs = streams.stream("generators/" + std::string(to_string(source)) + "/" + std::string(truth.key(d.key)),
                          "noise");
    const SourceConfig& sc = source_config(source);
    if (cfg.noise) {
      const NoiseConfig& n = sc.noise;
      // Drawn in a fixed order, whether or not each is used, so changing one rate leaves the others' numbers.
      const double u_offset = d.rs.uniform01();
      const double hours = 1.0 + static_cast<double>(d.rs.below(3));
      const double sign = d.rs.uniform01() < 0.5 ? -1.0 : 1.0;
      const double u_drift = d.rs.uniform01();
      const double u_v2 = d.rs.uniform01();
      const double u_eod = d.rs.uniform01();
      if (u_offset < n.clock_offset_devices) d.clock_offset_ns = static_cast<std::int64_t>(sign * hours * 3.6e12);
      d.drift = (2.0 * u_drift - 1.0) * n.clock_drift_s_per_day / 86'400.0;
      d.migrates_to_v2 = u_v2 < sc.schema.v2_share;
      d.end_of_day = u_eod < sc.delay.end_of_day_share;
    }
    senders.push_back({INT64_MIN, truth.key(d.key), d.key});
    devices.push_back(std::move(d));
    const auto index = static_cast<std::uint32_t>(devices.size() - 1);
    device_index.emplace(code, index);
    return index;
  }

  // ---------------------------------------------------------------- creating messages

  // When a message created at `event_ns` by `d` reaches the bus, and the noise of its delivery.
  std::int64_t delivery(Device& d, const SourceConfig& sc, std::int64_t event_ns, std::uint32_t& bits) {
    if (!cfg.noise) return event_ns;
    const DelayConfig& delay = sc.delay;
    double delay_ns = 0.0;
    if (delay.median > sim::SimTime::zero())
      delay_ns = sim::LogNormal::from_median(static_cast<double>(delay.median.ns()), delay.sigma)(d.rs);
    std::int64_t send = event_ns + static_cast<std::int64_t>(std::min(delay_ns, 30.0 * kDayNs));
    const std::int64_t batch = d.end_of_day ? kDayNs : delay.batch_every.ns();
    if (batch > 0) {
      const std::int64_t boundary = (send / batch + 1) * batch;
      if (boundary - event_ns > batch + 3'600 * kSecondNs) bits |= noise::kLate;
      send = boundary;
    } else if (send - event_ns > 3'600 * kSecondNs) {
      bits |= noise::kLate;
    }
    // Coverage gaps: a device holds what it records in a gap and flushes it when it reconnects.
    const NoiseConfig& n = sc.noise;
    if (n.gaps_per_day > 0.0) {
      const double mean_between = static_cast<double>(kDayNs) / n.gaps_per_day;
      auto draw_gap = [&](std::int64_t after) {
        d.gap_start = after + static_cast<std::int64_t>(mean_between * sim::standard_exponential(d.rs));
        const double u = d.rs.uniform01();
        d.gap_end = d.gap_start + n.gap_min.ns() +
                    static_cast<std::int64_t>(u * static_cast<double>((n.gap_max - n.gap_min).ns()));
      };
      if (!d.gaps_started) {
        d.gaps_started = true;
        draw_gap(0);
      }
      while (event_ns >= d.gap_end) draw_gap(d.gap_end);
      if (event_ns >= d.gap_start) {
        // Flushed in recording order, a millisecond apart, from the reconnection on.
        const std::int64_t flushed = d.gap_end + (event_ns - d.gap_start) / 1'000;
        if (flushed > send) {
          send = flushed;
          bits |= noise::kBuffered;
        }
      }
    }
    return send;
  }

  void push(Pending p) {
    p.order = next_order++;
    ++counters.created;
    // Batch files (POS, EDI) are due on whole minutes, hundreds of thousands at a time on a national network: they
    // wait in a FIFO per due time instead of the heap. Both hold (due, order) order, and emission merges them.
    if (p.send_ns % kBatchGrainNs == 0) {
      batches.try_emplace(p.send_ns, batch_blocks).first->second.push(p);
      return;
    }
    due.push(p);
  }

  // The next message due before `before`, from the heap or the earliest batch, by (due time, creation order).
  struct Next {
    const Pending* message = nullptr;  // null: none is due
    bool in_batch = false;
  };
  Next peek_due(std::int64_t before) const {
    const bool heap = !due.empty() && due.top().send_ns < before;
    const auto batch = batches.begin();
    const bool file = batch != batches.end() && batch->first < before;
    if (!heap && !file) return {};
    const bool from_batch = file && (!heap || (batch->first < due.top().send_ns ||
                                               (batch->first == due.top().send_ns &&
                                                batch->second.front().order < due.top().order)));
    return from_batch ? Next{&batch->second.front(), true} : Next{&due.top(), false};
  }
  // Removes the message peek_due returned.
  void pop_due(const Next& next) {
    if (!next.in_batch) {
      due.pop();
      return;
    }
    const auto batch = batches.begin();
    batch->second.pop();
    if (batch->second.empty()) batches.erase(batch);
  }

  // Creates one message of `kind` from device `dev` reporting `fact` at `event_ns`, with its noise, and queues it
  // (and its duplicates) for delivery.
  void create(MessageKind kind, std::uint32_t dev, std::int64_t event_ns, FactId fact, std::uint32_t ref,
              std::uint8_t variant = 0, std::uint32_t aux = 0, float value = 0.0f) {
    const Source source = source_of(kind);
    const SourceConfig& sc = source_config(source);
    if (!sc.enabled) return;
    Device& d = devices[dev];
    Pending p{};
    p.message_id = next_message_id++;
    p.event_ns = event_ns;
    p.fact = fact;
    p.device = dev;
    p.ref = ref;
    p.kind = kind;
    p.variant = variant;
    p.value_a = value;
    // An EDI sender numbers its interchanges; a re-sent one keeps its number.
    p.aux = source == Source::kEdi ? ++d.sequence : aux;
    p.schema_version = 1;
    p.field = detail::kNoField;
    std::uint32_t bits = 0;
    if (cfg.noise) {
      const NoiseConfig& n = sc.noise;
      if (d.migrates_to_v2 && event_ns >= sc.schema.v2_from.ns()) {
        p.schema_version = 2;
        bits |= noise::kSchemaV2;
      }
      // Devices resynchronise their clocks daily (NTP, GNSS): drift accumulates within a day, offsets persist.
      p.clock_error_ns = d.clock_offset_ns + static_cast<std::int64_t>(d.drift * static_cast<double>(event_ns % kDayNs));
      if (std::llabs(p.clock_error_ns) >= kClockErrorLabelNs) bits |= noise::kClockError;
      // One draw per message for each noise, in a fixed order.
      const double u_missing = d.rs.uniform01();
      const double u_pick = d.rs.uniform01();
      if (u_missing < n.missing_required) {
        const std::uint8_t count = writer.required_fields(kind);
        if (count > 0) {
          p.field = static_cast<std::uint8_t>(u_pick * count);
          bits |= noise::kMissingRequired;
        }
      } else if (u_missing < n.missing_required + n.missing_optional) {
        const std::uint8_t count = writer.optional_fields(kind);
        if (count > 0) {
          p.field = static_cast<std::uint8_t>(u_pick * count);
          bits |= noise::kMissingOptional;
        }
      }
      kind_noise(p, d, n, bits);
    }
    // A message about a moment just before its fact (a geofence crossed on the way in) is still sent only once the
    // fact has happened: nothing is ever due before the ledger time being read, whatever the caller's steps.
    p.send_ns = std::max(delivery(d, sc, event_ns, bits), reading_ns);
    p.noise = bits;
    push(p);
    if (!cfg.noise) return;
    const NoiseConfig& n = sc.noise;
    const double u_dup = d.rs.uniform01();
    const double u_again = d.rs.uniform01();
    const bool reconnect = (bits & noise::kBuffered) != 0 && u_again < n.reconnect_duplicate;
    const bool read_again = source == Source::kEpcis && kind != MessageKind::kEpcisSensor && u_again < n.reread && !reconnect;
    const bool duplicate = u_dup < n.duplicate || reconnect;
    // The seconds until the copy: drawn only when there is a copy (the stream's order stays fixed by the draws
    // before it).
    const double dup_delay =
        duplicate || read_again ? sim::LogNormal::from_median(5.0 * kSecondNs, 1.0)(d.rs) : 0.0;
    if (duplicate) {
      Pending copy = p;
      copy.noise |= noise::kDuplicate;
      copy.send_ns += std::max<std::int64_t>(1, static_cast<std::int64_t>(dup_delay));
      push(copy);
    }
    if (read_again) {
      // A second read of the same tags a few seconds later: the same content under a new eventID.
      Pending reread = p;
      reread.message_id = next_message_id++;
      reread.noise = (p.noise & ~(noise::kBuffered | noise::kLate)) | noise::kReread;
      reread.variant = 1;
      reread.event_ns = p.event_ns + std::max<std::int64_t>(1, static_cast<std::int64_t>(dup_delay));
      reread.send_ns = std::max(delivery(d, sc, reread.event_ns, reread.noise), reading_ns);
      push(reread);
    }
    if (source == Source::kEdi && u_dup < n.resend) {
      Pending again = p;
      again.noise |= noise::kResent;
      again.send_ns += static_cast<std::int64_t>(sim::LogNormal::from_median(2.0 * 3.6e12, 0.7)(d.rs));
      push(again);
    }
  }

  // Noise that only some kinds have: GPS errors, sensor faults, EDI time quirks.
  void kind_noise(Pending& p, Device& d, const NoiseConfig& n, std::uint32_t& bits) {
    switch (p.kind) {
      case MessageKind::kGpsPosition:
      case MessageKind::kAisPosition: {
        const double ex = n.gps_sigma_m * sim::standard_normal(d.rs);
        const double ey = n.gps_sigma_m * sim::standard_normal(d.rs);
        const double u = d.rs.uniform01();
        const double jump = 100.0 * std::exp(std::log(50.0) * d.rs.uniform01());  // 100 m to 5 km
        const double angle = 6.283185307179586 * d.rs.uniform01();
        p.value_a = static_cast<float>(ey);  // north error, m
        p.value_b = static_cast<float>(ex);  // east error, m
        if (u < n.gps_zero_fix) {
          bits |= noise::kGpsZeroFix;
        } else if (u < n.gps_zero_fix + n.gps_stale_fix && p.kind == MessageKind::kGpsPosition) {
          bits |= noise::kGpsStaleFix;
        } else if (u < n.gps_zero_fix + n.gps_stale_fix + n.gps_outlier) {
          bits |= noise::kGpsOutlier;
          p.value_a = static_cast<float>(jump * std::cos(angle));
          p.value_b = static_cast<float>(jump * std::sin(angle));
        }
        return;
      }
      case MessageKind::kEpcisSensor: {
        const float celsius = ledger.temperatures().celsius[p.fact.row()];
        const double u = d.rs.uniform01();
        const auto stuck_for = static_cast<std::uint32_t>(1 + d.rs.below(8));
        p.value_a = celsius;
        if (d.stuck_left > 0) {
          --d.stuck_left;
          p.value_a = d.stuck_value;
          bits |= noise::kSensorStuck;
        } else if (u < n.sensor_stuck) {
          d.stuck_left = stuck_for;  // this reading is right; the next ones repeat it
          d.stuck_value = celsius;
        } else if (u < n.sensor_stuck + n.sensor_unit_error) {
          p.value_a = celsius * 9.0f / 5.0f + 32.0f;
          bits |= noise::kUnitError;
        }
        return;
      }
      case MessageKind::kEdi214: {
        const double u = d.rs.uniform01();
        if (u < n.edi_unknown_time)
          bits |= noise::kUnknownTime;
        else if (u < n.edi_unknown_time + n.edi_time_basis)
          bits |= noise::kTimeBasis;
        return;
      }
      default: return;
    }
  }

  // ---------------------------------------------------------------- observing facts

  bool stocking_site(network::SiteId s) const {
    const SiteKind k = net.site(s).kind;
    return k == SiteKind::kDistributionCenter || k == SiteKind::kStore;
  }

  std::uint32_t reader(network::SiteId s) { return device(Source::kEpcis, DeviceRole::kSiteReader, s.value()); }

  void observe_shipment_event(std::size_t r) {
    const auto& t = ledger.shipment_events();
    const std::int64_t now = t.time[r];
    const world::ShipmentId s = t.shipment[r];
    const world::ShipmentInfo& info = ledger.shipments()[s];
    const network::SiteId site = t.site[r];
    const FactId fact = FactId::make(FactTable::kShipmentEvents, r);
    const bool own_truck = info.vehicle != world::kNone;
    const std::uint32_t carrier = device(Source::kEdi, DeviceRole::kCarrier, info.origin.value());
    using S = world::ShipmentState;
    switch (t.state[r]) {
      case S::kDispatched:
        if (stocking_site(site)) {
          create(MessageKind::kEpcisLoading, reader(site), now, fact, s);
          create(MessageKind::kEpcisShipping, reader(site), now, fact, s);
          create(MessageKind::kErpFulfilment, device(Source::kErp, DeviceRole::kErpOrder, info.order), now, fact,
                 info.order, detail::kFulfilmentShipped);
        }
        if (own_truck)
          create(MessageKind::kGeofenceExit, device(Source::kGps, DeviceRole::kTruck, info.vehicle),
                 now + kGeofenceLeadNs, fact, site.value());
        if (net.site(info.origin).kind == SiteKind::kSupplier)
          create(MessageKind::kEdi856, device(Source::kEdi, DeviceRole::kPartner, info.origin.value()), now, fact, s);
        create(MessageKind::kEdi214, carrier, now, fact, s, 'A');  // AF: departed pickup location
        return;
      case S::kLegArrived:
        if (net.site(site).kind == SiteKind::kPort) anchor(site, s, now);
        create(MessageKind::kEdi214, carrier, now, fact, s, 'X');  // X4: arrived at terminal
        return;
      case S::kLegDeparted: create(MessageKind::kEdi214, carrier, now, fact, s, 'P'); return;  // P1: departed
      case S::kCustomsHold: create(MessageKind::kEdi214, carrier, now, fact, s, 'S'); return;  // SD: delayed
      case S::kBerthed: berth(s, now); return;
      case S::kCustomsRelease: return;
      case S::kArrived:
        if (own_truck) {
          // Crossed on the way in, after the truck's last position fix: its track reaches the fence in order.
          const std::uint32_t tracker = device(Source::kGps, DeviceRole::kTruck, info.vehicle);
          const std::int64_t crossed = std::max(now - kGeofenceLeadNs, devices[tracker].last_fix_ns + 1);
          create(MessageKind::kGeofenceEnter, tracker, std::min(crossed, now), fact, site.value());
        }
        create(MessageKind::kEdi214, carrier, now, fact, s, '1');  // X1: arrived at delivery location
        if (stocking_site(site)) create(MessageKind::kEpcisArriving, reader(site), now, fact, s);
        return;
      case S::kUnloaded:
        create(MessageKind::kEdi214, carrier, now, fact, s, 'D');  // D1: completed unloading
        if (stocking_site(site)) {
          create(MessageKind::kEpcisUnloading, reader(site), now, fact, s);
          create(MessageKind::kEpcisReceiving, reader(site), now, fact, s);
          if (net.site(site).kind == SiteKind::kDistributionCenter) equipment(MessageKind::kDockData, site, now, fact);
        }
        return;
      case S::kDocked: equipment(MessageKind::kDockDoor, site, now, fact); return;
      case S::kReceived:
        if (stocking_site(site)) create(MessageKind::kEpcisStoring, reader(site), now, fact, s);
        if (net.site(site).kind == SiteKind::kStore)
          create(MessageKind::kErpFulfilment, device(Source::kErp, DeviceRole::kErpOrder, info.order), now, fact,
                 info.order, detail::kFulfilmentDelivered);
        return;
    }
  }

  // Equipment edge nodes announce themselves (NBIRTH, sequence 0) before their first data message; each data
  // message carries the node's counter after the fact, and the next sequence number (0-255, wrapping).
  void equipment(MessageKind kind, network::SiteId site, std::int64_t now, FactId fact) {
    const std::uint32_t dev = device(Source::kEquipment, DeviceRole::kEdgeNode, site.value());
    if (!devices[dev].born) {
      devices[dev].born = true;
      create(MessageKind::kEquipmentBirth, dev, now, detail::kNoFact, site.value(), 0);
      devices[dev].sequence = 1;
    }
    Device& d = devices[dev];
    const std::uint32_t seq = d.sequence;
    d.sequence = (seq + 1) % 256;
    // The counters after the fact: doors in use go up at docking and down when the unloading ends.
    std::uint32_t count = 0;
    if (kind == MessageKind::kDockDoor) count = ++d.doors_in_use;
    if (kind == MessageKind::kDockData) {
      d.doors_in_use -= d.doors_in_use > 0 ? 1 : 0;
      count = ++d.unloads;
    }
    if (kind == MessageKind::kConveyorData) count = ++d.picks;
    create(kind, dev, now, fact, site.value(), static_cast<std::uint8_t>(seq), count,
           static_cast<float>(d.doors_in_use));
  }

  void observe_order_event(std::size_t r) {
    const auto& t = ledger.order_events();
    const std::int64_t now = t.time[r];
    const world::OrderId o = t.order[r];
    const world::OrderInfo& info = ledger.orders()[o];
    const FactId fact = FactId::make(FactTable::kOrderEvents, r);
    const auto state = static_cast<std::uint8_t>(t.state[r]);
    if (info.kind == world::OrderKind::kReplenishment) {
      create(MessageKind::kErpOrder, device(Source::kErp, DeviceRole::kErpOrder, o), now, fact, o, state);
      return;
    }
    create(MessageKind::kErpPoStatus, device(Source::kErp, DeviceRole::kErpOrder, o), now, fact, o, state);
    if (t.state[r] == world::OrderState::kCreated)
      create(MessageKind::kEdi850, device(Source::kEdi, DeviceRole::kBuyer, info.destination.value()), now, fact, o);
    if (t.state[r] == world::OrderState::kConfirmed) {
      create(MessageKind::kEdi855, device(Source::kEdi, DeviceRole::kPartner, info.source.value()), now, fact, o);
      create(MessageKind::kSupplierConfirmation,
             device(Source::kSupplier, DeviceRole::kSupplierApi, info.source.value()), now, fact, o);
    }
  }

  void observe_stock(std::size_t r) {
    const auto& t = ledger.stock();
    if (const std::int32_t dc = dc_ordinal[t.site[r].index()]; dc >= 0)
      dc_on_hand[static_cast<std::size_t>(dc) * net.skus().size() + t.sku[r].index()] += t.delta[r];
    const FactId fact = FactId::make(FactTable::kStock, r);
    switch (t.reason[r]) {
      case world::StockReason::kPicked: {
        // One picking event per shipment: its lines are consecutive rows of one instant.
        const bool continues = r > 0 && t.reason[r - 1] == world::StockReason::kPicked && t.ref[r - 1] == t.ref[r] &&
                               t.time[r - 1] == t.time[r];
        if (continues) return;
        create(MessageKind::kEpcisPicking, reader(t.site[r]), t.time[r], fact, t.ref[r]);
        equipment(MessageKind::kConveyorData, t.site[r], t.time[r], fact);
        return;
      }
      case world::StockReason::kSpoiled:
        create(MessageKind::kErpAdjustment, device(Source::kErp, DeviceRole::kErpSite, t.site[r].value()), t.time[r],
               fact, static_cast<std::uint32_t>(r));
        return;
      default: return;
    }
  }

  void observe_demand(std::size_t r) {
    const auto& t = ledger.demand();
    const FactId fact = FactId::make(FactTable::kDemand, r);
    // Which customers order on the web is a property of the customer (a hash of the demand id), not a draw: it
    // must not shift any device's random numbers.
    std::uint64_t h = r * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    const bool web = static_cast<double>(h >> 11) * 0x1.0p-53 < cfg.web_order_share;
    if (web)
      create(MessageKind::kWebOrder, device(Source::kPos, DeviceRole::kWebShop, 0), t.time[r], fact,
             static_cast<std::uint32_t>(r));
    // A customer who finds nothing leaves no receipt; a web order collected at the store is rung up at its
    // collection desk (variant 1), so the tills account for every unit that left the shelf.
    if (t.filled[r] > 0)
      create(MessageKind::kPosSale, device(Source::kPos, DeviceRole::kTill, t.site[r].value()), t.time[r], fact,
             static_cast<std::uint32_t>(r), web ? detail::kSaleCollected : detail::kSaleAtTill);
  }

  void observe_position(std::size_t r) {
    const auto& t = ledger.positions();
    const world::VehicleId v = t.vehicle[r];
    const FactId fact = FactId::make(FactTable::kPositions, r);
    if (ledger.vehicles()[v].kind == world::VehicleKind::kVessel) {
      create(MessageKind::kAisPosition, device(Source::kAis, DeviceRole::kVessel, v), t.time[r], fact, v);
      return;
    }
    if (last_position_row.size() <= v) last_position_row.resize(v + 1, static_cast<std::uint32_t>(r));
    const std::uint32_t dev = device(Source::kGps, DeviceRole::kTruck, v);
    Device& d = devices[dev];
    if (d.has_fix) d.odometer_m += 1'000.0 * network::haversine_km({d.last_lat, d.last_lon}, {t.lat[r], t.lon[r]});
    d.has_fix = true;
    d.last_fix_ns = t.time[r];
    d.last_lat = t.lat[r];
    d.last_lon = t.lon[r];
    create(MessageKind::kGpsPosition, dev, t.time[r], fact, last_position_row[v], 0,
           static_cast<std::uint32_t>(std::min(d.odometer_m, 4.0e9)));
    last_position_row[v] = static_cast<std::uint32_t>(r);
  }

  void observe_temperature(std::size_t r) {
    const auto& t = ledger.temperatures();
    const std::uint64_t entity = std::uint64_t{t.site[r].value()} * 4 + static_cast<std::uint8_t>(t.zone[r]);
    create(MessageKind::kEpcisSensor, device(Source::kEpcis, DeviceRole::kColdLogger, entity), t.time[r],
           FactId::make(FactTable::kTemperatures, r), t.site[r].value(), 0, 0, t.celsius[r]);  // the true reading
  }

  void observe_disruption(std::size_t r) {
    const auto& t = ledger.disruptions();
    const FactId fact = FactId::make(FactTable::kDisruptions, r);
    const auto kind = static_cast<world::DisruptionKind>(t.kind[r]);
    const std::uint32_t target = t.target[r];
    const auto phase = static_cast<std::uint8_t>(t.phase[r]);
    auto for_suppliers = [&](MessageKind k) {
      for (const auto& site : net.sites()) {
        if (site.kind != SiteKind::kSupplier) continue;
        if (target != world::kNone && target != site.id.value()) continue;
        create(k, device(Source::kSupplier, DeviceRole::kSupplierApi, site.id.value()), t.time[r], fact,
               site.id.value(), phase);
      }
    };
    switch (kind) {
      case world::DisruptionKind::kSupplierLeadTime: for_suppliers(MessageKind::kSupplierLeadTime); return;
      case world::DisruptionKind::kSupplierOutage: for_suppliers(MessageKind::kSupplierOutage); return;
      case world::DisruptionKind::kWeather:
        create(MessageKind::kWeatherAlert, device(Source::kExternal, DeviceRole::kFeed, world::kNone), t.time[r],
               fact, target, phase);
        return;
      case world::DisruptionKind::kPortClosure:
        create(MessageKind::kPortStatus, device(Source::kExternal, DeviceRole::kFeed, target), t.time[r], fact,
               target, phase);
        return;
      default: return;  // not seen by any outside system: only by its effects
    }
  }

  // Ports: the vessels at anchor (a vessel is the cargo that arrived at one instant) and the waits of those that
  // berthed, for the daily congestion report.
  struct PortQueue {
    std::map<std::int64_t, std::uint32_t> waiting;  // arrival time -> shipments of that vessel not yet berthed
    double waited_hours = 0.0;                       // vessels berthed since the last report
    std::uint32_t berthed = 0;
  };
  std::map<std::uint32_t, PortQueue> ports;  // by port site; ordered, so reports come in a fixed order
  std::unordered_map<world::ShipmentId, std::pair<std::uint32_t, std::int64_t>> at_anchor;

  void anchor(network::SiteId port, world::ShipmentId s, std::int64_t now) {
    ++ports[port.value()].waiting[now];
    at_anchor[s] = {port.value(), now};
  }

  void berth(world::ShipmentId s, std::int64_t now) {
    const auto it = at_anchor.find(s);
    if (it == at_anchor.end()) return;
    PortQueue& q = ports[it->second.first];
    const auto vessel = q.waiting.find(it->second.second);
    if (vessel != q.waiting.end() && --vessel->second == 0) {
      q.waited_hours += static_cast<double>(now - vessel->first) / 3.6e12;
      ++q.berthed;
      q.waiting.erase(vessel);
    }
    at_anchor.erase(it);
  }

  // The daily EDI 846 of every DC (its on-hand at midnight, from the stock movements read so far) and the daily
  // congestion report of every port that has seen a vessel.
  void snapshot(std::int64_t now) {
    for (auto& [port, q] : ports) {
      const float average = q.berthed == 0 ? 0.0f : static_cast<float>(q.waited_hours / q.berthed);
      const std::uint32_t dev = device(Source::kExternal, DeviceRole::kFeed, port);
      create(MessageKind::kPortCongestion, dev, now, detail::kNoFact, port, 0,
             static_cast<std::uint32_t>(q.waiting.size()), average);
      q.waited_hours = 0.0;
      q.berthed = 0;
    }
    for (const auto& site : net.sites()) {
      if (site.kind != SiteKind::kDistributionCenter) continue;
      // The on-hand is copied now: the message is written later, when the stock has moved on. The snapshot is the
      // site, then its SKUs' on-hand; `ref` says where it starts (an EDI message's `aux` is its control number).
      const auto offset = static_cast<std::uint32_t>(snapshots.size());
      const std::size_t base = static_cast<std::size_t>(dc_ordinal[site.id.index()]) * net.skus().size();
      snapshots.push_back(site.id.value());
      for (network::SkuId sku : world.locations().skus_at(site.id)) snapshots.push_back(dc_on_hand[base + sku.index()]);
      create(MessageKind::kEdi846, device(Source::kEdi, DeviceRole::kBuyer, site.id.value()), now, detail::kNoFact,
             offset);
    }
  }

  // Reads every fact before `until`, in (time, table, row) order.
  void read(std::int64_t until) {
    const std::array<const std::vector<std::int64_t>*, world::kFactTableCount> times = {
        &ledger.stock().time,          &ledger.demand().time,    &ledger.backorder_fills().time,
        &ledger.order_events().time,   &ledger.shipment_events().time, &ledger.positions().time,
        &ledger.temperatures().time,   &ledger.disruptions().time};
    while (true) {
      std::int64_t best = until;
      std::size_t best_table = world::kFactTableCount;
      for (std::size_t k = 0; k < world::kFactTableCount; ++k) {
        const auto& col = *times[k];
        if (cursor[k] < col.size() && col[cursor[k]] < best) {
          best = col[cursor[k]];
          best_table = k;
        }
      }
      // The daily snapshot comes after every fact of the instant before midnight, before those at midnight.
      // Only for days the world has reached.
      if (next_snapshot_ns <= best && next_snapshot_ns < until && next_snapshot_ns <= world.now().ns()) {
        reading_ns = next_snapshot_ns;
        snapshot(next_snapshot_ns);
        next_snapshot_ns += kDayNs;
        continue;
      }
      if (best_table == world::kFactTableCount) break;
      const std::size_t r = cursor[best_table]++;
      reading_ns = best;
      ++counters.facts;
      switch (static_cast<FactTable>(best_table)) {
        case FactTable::kStock: observe_stock(r); break;
        case FactTable::kDemand: observe_demand(r); break;
        case FactTable::kBackorderFills: break;
        case FactTable::kOrderEvents: observe_order_event(r); break;
        case FactTable::kShipmentEvents: observe_shipment_event(r); break;
        case FactTable::kPositions: observe_position(r); break;
        case FactTable::kTemperatures: observe_temperature(r); break;
        case FactTable::kDisruptions: observe_disruption(r); break;
      }
    }
    read_until = std::max(read_until, until);
  }

  // ---------------------------------------------------------------- emitting

  void emit_due(std::int64_t before, const Emit& emit) {
    for (Next next = peek_due(before); next.message != nullptr;) {
      Pending p = *next.message;
      pop_due(next);
      next = peek_due(before);
      // What the next message's writer will read comes into cache while this one is written.
      if (next.message != nullptr) writer.prefetch(*next.message);
      Sender& sender = senders[p.device];
      // A per-key order violation: this device already sent a message about a later event.
      if (p.event_ns < sender.last_event_emitted) p.noise |= noise::kOutOfOrder;
      sender.last_event_emitted = std::max(sender.last_event_emitted, p.event_ns);
      writer.write(p, snapshots, payload);
      const Source source = source_of(p.kind);
      truth.append({p.message_id, p.event_ns, p.send_ns, p.clock_error_ns, sender.key_index, p.noise, p.kind,
                    p.schema_version, p.field, p.fact});
      OutgoingMessage m{p.message_id, source, p.kind, source_config(source).topic, sender.key, payload, p.send_ns,
                        p.schema_version};
      ++counters.emitted;
      ++counters.per_source[static_cast<std::size_t>(source)];
      counters.bytes += payload.size();
      emit(m);
    }
    counters.pending = due.size();
    for (const auto& [at, batch] : batches) counters.pending += batch.size();
  }
};

StreamGenerator::StreamGenerator(const world::World& world, const StreamsConfig& config,
                                 const sim::RandomStreams& streams)
    : impl_(std::make_unique<Impl>(world, config, streams)) {}
StreamGenerator::~StreamGenerator() = default;

void StreamGenerator::advance(sim::SimTime until, const Emit& emit) {
  impl_->read(until.ns());
  impl_->emit_due(until.ns(), emit);
}

void StreamGenerator::finish(const Emit& emit) {
  impl_->read(std::numeric_limits<std::int64_t>::max());
  impl_->emit_due(std::numeric_limits<std::int64_t>::max(), emit);
}

const MessageTruth& StreamGenerator::truth() const { return impl_->truth; }
const GeneratorCounters& StreamGenerator::counters() const { return impl_->counters; }
std::string_view StreamGenerator::topic(Source source) const { return impl_->cfg.source(source).topic; }

}  // namespace chaintwin::generators
