#pragma once
// The stream generators: the world's truth ledger in, the messages its systems would send out, at the simulated
// time they would reach the bus, with noise, each labelled in a MessageTruth.
//
// Observation. Facts are read from the ledger in one global order (time, then table, then row), whatever the
// steps the caller advances by, so message ids and every random draw are the same for the same seed and scenario.
// One fact gives zero or more messages: a truck's arrival at a store gives a GPS geofence entry just before it, an
// EPCIS arriving event, and for carriers an X12 214 AT7*X1.
//
// Delivery. Each message is due at its fact's time plus its source's delay (lognormal transport delay; batch
// boundaries for EDI and POS files; coverage gaps that hold a device's messages until it reconnects). Pending
// messages wait in a queue ordered by (due time, creation order) and are emitted once the ledger has been read
// past their due time: out-of-order delivery is real, not shuffled after the fact.
//
// Noise. Per source and per device, from their own random streams (keyed by source and device): duplicates,
// rereads, resends, missing fields, clock offset and drift, GPS error, sensor faults, EDI time quirks, schema v2.
// Per-key order violations are labelled when they happen, at emission.
//
// Cost: a pending message is ~80 bytes until it is due; its payload is written only when it is emitted.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "generators/config.hpp"
#include "generators/message_truth.hpp"
#include "sim/core/random.hpp"
#include "sim/core/time.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::generators {

// One message, as it goes to a sink. Views are valid only during the emit callback.
struct OutgoingMessage {
  std::uint64_t id;
  Source source;
  MessageKind kind;
  std::string_view topic;
  std::string_view key;
  std::string_view payload;
  std::int64_t send_ns;  // simulated time it is due on the bus (the pacer maps it to a wall-clock time)
  std::uint8_t schema_version;
};

struct GeneratorCounters {
  std::uint64_t facts = 0;       // ledger rows read
  std::uint64_t created = 0;     // messages created (duplicates included)
  std::uint64_t emitted = 0;     // deliveries emitted
  std::uint64_t bytes = 0;       // payload bytes emitted
  std::uint64_t pending = 0;     // created, not yet due
  std::array<std::uint64_t, kSourceCount> per_source{};
};

class StreamGenerator {
 public:
  using Emit = std::function<void(const OutgoingMessage&)>;

  // The world must outlive the generator; only its ledger, network and locations are read.
  StreamGenerator(const world::World& world, const StreamsConfig& config, const sim::RandomStreams& streams);
  ~StreamGenerator();
  StreamGenerator(const StreamGenerator&) = delete;
  StreamGenerator& operator=(const StreamGenerator&) = delete;

  // Reads the ledger's facts before `until` (the world must have run that far) and emits, in order, every message
  // due before `until`.
  void advance(sim::SimTime until, const Emit& emit);
  // After the world's last step: emits every message still pending (due at or after the horizon).
  void finish(const Emit& emit);

  const MessageTruth& truth() const;
  const GeneratorCounters& counters() const;
  std::string_view topic(Source source) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chaintwin::generators
