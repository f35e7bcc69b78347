#pragma once
// Configuration of the stream generators: which sources emit, on which topics, with how much noise and how late.
// One struct per concern, a documented default per field (the defaults are the rates of
// docs/topics.md, most of them guesses where no published figure exists: keep them configurable).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/time.hpp"

namespace chaintwin::generators {

// The simulated systems that emit messages; one Kafka topic each.
enum class Source : std::uint8_t {
  kEpcis,      // RFID readers and IoT loggers: GS1 EPCIS 2.0 JSON
  kEquipment,  // warehouse equipment (dock doors, conveyors): Sparkplug-B-like JSON
  kGps,        // truck telematics: Traccar-style positions and geofence events
  kAis,        // vessel positions: decoded AIS with the raw NMEA sentence
  kEdi,        // ANSI X12 850, 855, 856, 214, 846 interchanges
  kErp,        // ERP/OMS: replenishment orders, inventory adjustments, PO status, fulfilment
  kPos,        // store tills and web shop: sales and web orders
  kSupplier,   // supplier APIs: confirmations, lead-time changes, out-of-stock
  kExternal,   // external feeds: weather alerts, port closures and congestion
};
inline constexpr std::size_t kSourceCount = 9;
inline std::string_view to_string(Source source) {
  constexpr std::array<std::string_view, kSourceCount> kNames = {"epcis", "equipment", "gps", "ais", "edi",
                                                                 "erp",   "pos",       "supplier", "external"};
  return kNames[static_cast<std::size_t>(source)];
}

// When a message reaches the bus, after the fact it reports.
struct DelayConfig {
  // Lognormal transport delay: most messages within seconds, a long tail (IoT: median 2 s; 1% over 1 h).
  sim::SimTime median = sim::seconds(2);
  double sigma = 1.9;
  // Files sent in batches: 0 for messages sent one by one; else each message waits for the next batch boundary
  // (EDI and POS files: hourly), and `end_of_day_share` of the senders send only once a day, at midnight.
  sim::SimTime batch_every = sim::SimTime::zero();
  double end_of_day_share = 0.0;
};

// Noise rates per message (probabilities in [0, 1]) or per device, as labelled in the message truth.
struct NoiseConfig {
  double duplicate = 0.003;           // exact copy (same message id, same bytes) sent again seconds later
  double reread = 0.0;                // EPCIS: the reader saw the tags again (same content, new eventID)
  double resend = 0.0;                // EDI: the whole interchange sent again (same ISA13) hours later
  double missing_optional = 0.02;     // one optional field left out
  double missing_required = 0.001;    // one required field left out (the message is then invalid)
  // Devices: clock offset and drift, coverage gaps with store-and-forward bursts.
  double clock_offset_devices = 0.005;        // share of devices whose clock is off by whole hours
  double clock_drift_s_per_day = 2.0;         // each device drifts uniformly within +-this
  double gaps_per_day = 0.0;                  // coverage gaps per device per day (Poisson)
  sim::SimTime gap_min = sim::minutes(1);     // gap length: uniform in [min, max]
  sim::SimTime gap_max = sim::minutes(30);
  double reconnect_duplicate = 0.1;           // share of a buffered backlog sent twice after the gap
  // GPS: horizontal error, outliers, (0,0) and stale fixes.
  double gps_sigma_m = 2.5;
  double gps_outlier = 0.002;
  double gps_zero_fix = 0.0005;
  double gps_stale_fix = 0.005;
  // Sensors: a stuck value (repeated for the next few readings), a reading in Fahrenheit labelled Celsius.
  double sensor_stuck = 0.001;
  double sensor_unit_error = 0.0001;
  // EDI: AT7 times written in UTC while coded local (or the reverse), and unknown times written 0000.
  double edi_time_basis = 0.01;
  double edi_unknown_time = 0.005;
};

// Schema drift: from `v2_from` on, the share `v2_share` of the source's senders write schema version 2 (an added
// field, a renamed field or a new enum value: docs/formats.md and docs/x12.md say which, per format).
struct SchemaConfig {
  sim::SimTime v2_from = sim::days(7);  // a producer upgrade rolled out a week into the run
  double v2_share = 0.1;
};

struct SourceConfig {
  bool enabled = true;
  std::string topic;  // default: "chaintwin." + the source's name
  DelayConfig delay;
  NoiseConfig noise;
  SchemaConfig schema;
};

struct StreamsConfig {
  // Wall-clock date of simulated time 0 (a Monday 00:00 UTC; sites keep local time from their longitude).
  std::int64_t epoch_unix_s = 1'740'960'000;  // 2025-03-03T00:00:00Z
  std::array<SourceConfig, kSourceCount> sources = default_sources();
  // GPS pings are the world's truck position samples; AIS reports its vessel samples.
  // Share of store customers who order on the web shop rather than at a till.
  double web_order_share = 0.05;
  // Whether noise is applied at all (false: every message exactly once, on time, complete: the clean stream).
  bool noise = true;
  // Locations, products and opening stock before the streams, stream_end after them (master_data.hpp). One
  // partition, so its records keep their order.
  std::string master_topic = "chaintwin.master";

  // Per source: topic "chaintwin.<source>", and the delays and noise of docs/topics.md.
  static std::array<SourceConfig, kSourceCount> default_sources();
  const SourceConfig& source(Source s) const { return sources[static_cast<std::size_t>(s)]; }
  SourceConfig& source(Source s) { return sources[static_cast<std::size_t>(s)]; }
};

inline std::array<SourceConfig, kSourceCount> StreamsConfig::default_sources() {
  std::array<SourceConfig, kSourceCount> s{};
  auto of = [&](Source source) -> SourceConfig& { return s[static_cast<std::size_t>(source)]; };
  for (std::size_t i = 0; i < kSourceCount; ++i) s[i].topic = "chaintwin." + std::string(to_string(Source(i)));
  // RFID portals and loggers: duplicate reads; Wi-Fi dead spots in the yard.
  of(Source::kEpcis).noise.reread = 0.02;
  of(Source::kEpcis).noise.gaps_per_day = 0.5;
  of(Source::kEquipment).noise.gaps_per_day = 0.5;
  // Trackers lose coverage in tunnels and depots a few times a day.
  of(Source::kGps).noise.gaps_per_day = 2.0;
  // AIS: satellite coverage gaps of hours at sea; no (0,0) or stale fixes, more position noise.
  SourceConfig& ais = of(Source::kAis);
  ais.noise.gaps_per_day = 1.0;
  ais.noise.gap_max = sim::hours(3);
  ais.noise.gps_sigma_m = 10.0;
  ais.noise.gps_outlier = 0.001;
  ais.noise.gps_zero_fix = 0.0;
  ais.noise.gps_stale_fix = 0.0;
  // EDI: through a VAN, about an hour, in hourly batches; a fifth of partners send once a day.
  SourceConfig& edi = of(Source::kEdi);
  edi.delay = {sim::hours(1), 0.8, sim::hours(1), 0.2};
  edi.noise.duplicate = 0.0;
  edi.noise.resend = 0.005;
  edi.noise.clock_offset_devices = 0.0;
  edi.noise.clock_drift_s_per_day = 0.0;
  // Tills upload hourly; one store in ten once a day.
  of(Source::kPos).delay = {sim::seconds(30), 1.0, sim::hours(1), 0.1};
  // Server-side systems: seconds, with clocks kept by NTP.
  for (Source server : {Source::kErp, Source::kSupplier, Source::kExternal}) {
    of(server).delay = {sim::seconds(5), 1.2, sim::SimTime::zero(), 0.0};
    of(server).noise.clock_offset_devices = 0.0;
    of(server).noise.clock_drift_s_per_day = 0.0;
  }
  return s;
}

}  // namespace chaintwin::generators
