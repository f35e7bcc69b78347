// Sparkplug-B-like JSON payloads for warehouse equipment (dock doors, conveyors, cold-room PLCs) and their topic paths.
//
// Payload: {"timestamp":<ms>,"metrics":[{"name","alias","timestamp","dataType","value"}],"seq":<0-255>}. The real
// wire format is protobuf; brokers' JSON bridges publish this shape. NDEATH carries no seq (as in the spec: it is
// the broker's will message); the caller adds the "bdSeq" metric to NBIRTH/NDEATH. Topic (used as a key or
// attribute: the Kafka topic is per source): spBv1.0/{group}/{NBIRTH|NDEATH|DBIRTH|DDEATH|NDATA|DDATA}/{edge}[/{device}].
// Cost: one pass, no allocation beyond the output string.
//
// Schema drift (v2): the metric member "dataType" is renamed "datatype" (the protobuf field's own spelling, which
// some bridges emit).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats {

enum class SparkplugMessageType : std::uint8_t { kNBirth, kNDeath, kDBirth, kDDeath, kNData, kDData };
enum class SparkplugDataType : std::uint8_t { kInt32, kInt64, kUInt32, kFloat, kDouble, kBoolean, kString };

struct SparkplugMetric {
  std::string_view name{};               // empty: not written (DATA messages that rely on the alias)
  std::optional<std::uint64_t> alias{};
  std::optional<std::int64_t> timestamp_ns{};  // Unix ns (device clock), written in ms
  SparkplugDataType data_type = SparkplugDataType::kBoolean;
  std::variant<bool, std::int64_t, double, std::string_view> value = false;
  int decimals = 3;  // for double values
};

struct SparkplugPayload {
  std::int64_t timestamp_ns = 0;  // Unix ns (edge node clock), written in ms
  std::span<const SparkplugMetric> metrics{};
  std::uint8_t seq = 0;           // from SparkplugSequence; not written for NDEATH
};

// Per edge node, owned by the caller: NBIRTH takes seq 0, every later message of the node (its devices included)
// the next value, wrapping 255 -> 0.
class SparkplugSequence {
 public:
  std::uint8_t birth() {
    next_ = 1;
    return 0;
  }
  std::uint8_t next() { return next_++; }  // uint8_t arithmetic wraps at 256

 private:
  std::uint8_t next_ = 0;
};

// Payload fields; "metrics.x" applies to every metric of the message.
std::span<const FieldSpec> fields(SparkplugMessageType type);
std::string_view to_string(SparkplugMessageType type);  // "NBIRTH", ...
std::string_view to_string(SparkplugDataType type);     // "Boolean", "Int32", ...

void write_sparkplug_payload(std::string& out, SparkplugMessageType type, const SparkplugPayload& payload,
                             const WriteOptions& options = {});
// spBv1.0/{group}/{type}/{edge}[/{device}] (device is empty for node messages).
void append_sparkplug_topic(std::string& out, std::string_view group, SparkplugMessageType type,
                            std::string_view edge_node, std::string_view device = {});

}  // namespace chaintwin::formats
