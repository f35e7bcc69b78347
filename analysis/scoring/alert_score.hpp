#pragma once
// Scoring a pipeline's alerts (the chaintwin.alerts topic, docs/topics.md) against the world's truth, per kind:
// how many alerts the truth calls for, how many were raised, precision, recall and detection delay. Works for any
// pipeline that writes the topic: only its records and the ledger are read.
//
// The truth:
//   shipment_delay         a shipment that arrived at its destination after its order's promise (OrderInfo.promised)
//                          plus the tolerance, or had not arrived by the last watermark when that time had passed;
//                          onset: the promise.
//   temperature_excursion  a cold room (site, chilled or frozen) whose readings were out of range (the world's rule)
//                          continuously for at least the minimum duration: from its first out-of-range reading to
//                          the first in-range one; onset: the first out-of-range reading plus the minimum duration.
//   route_deviation        none: the world's trucks keep to their routes, so every such alert is a false positive.
// An alert is one id (kind/subject/episode) raised at least once; a re-published record of an id is the same alert.
// A delay alert is right when its shipment is late; an excursion alert is right when its first raise's event time
// falls within an excursion of its room (first out-of-range reading to the first in-range one after the minimum
// duration). Detection delay: the first raise's event time (and the watermark it was raised at) minus the onset of
// the truth it matched; negative means warned in advance.

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "network/network.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::analysis {

struct AlertScoreConfig {
  std::int64_t delay_tolerance_ns = 0;
  std::int64_t excursion_min_ns = 30ll * 60 * 1'000'000'000;  // as the reference pipeline's default
};

struct AlertKindScore {
  std::string kind;            // shipment_delay, temperature_excursion, route_deviation
  std::uint64_t truth = 0;     // occurrences the truth calls for
  std::uint64_t alerts = 0;    // alert ids raised
  std::uint64_t correct = 0;   // of those, matching a truth occurrence
  std::uint64_t detected = 0;  // truth occurrences matched by at least one alert
  double precision = 0.0;      // correct / alerts (NaN without alerts)
  double recall = 0.0;         // detected / truth (NaN without truth)
  double delay_p50_s = 0.0;    // first raise's event time minus onset, over detected truths (NaN if none)
  double delay_p90_s = 0.0;
  double watermark_delay_p50_s = 0.0;  // first raise's watermark minus onset
  double watermark_delay_p90_s = 0.0;
};

struct AlertScore {
  std::array<AlertKindScore, 3> kinds;  // shipment_delay, temperature_excursion, route_deviation
  std::uint64_t records = 0;
  std::uint64_t unknown = 0;  // records of an unknown kind or naming a subject the world does not have
};

// `records` in topic order; `until_unix_ns`: the pipeline's last watermark (truth after it is not scored);
// `epoch_unix_ns`: the world's simulated time 0.
AlertScore score_alerts(const network::Network& net, const world::Ledger& ledger, std::int64_t epoch_unix_ns,
                        std::span<const pipeline::AlertRecord> records, std::int64_t until_unix_ns,
                        const AlertScoreConfig& config = {});

}  // namespace chaintwin::analysis
