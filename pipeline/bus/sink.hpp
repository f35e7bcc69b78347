#pragma once
// The bus: where generated messages go. A Sink takes records (topic, key, headers, timestamp, payload) and delivers
// them to Kafka (kafka.hpp), to files (file_sink.hpp) or to an in-process channel (channel_sink.hpp). This header is
// all a producer of messages needs; it does not include librdkafka.
//
// Byte counts everywhere in the bus are user bytes: key + payload + header names + header values (no protocol
// overhead), so every sink reports the same figure for the same records.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chaintwin::bus {

struct Header {
  std::string_view name;
  std::string_view value;
};

// A message to send. The views are valid only during send(): every sink copies what it keeps.
struct Record {
  std::string_view topic;
  std::string_view key;  // partition key (device or entity id): per-key order holds. Empty: no key.
  std::string_view payload;
  std::span<const Header> headers;  // e.g. message id, source, schema version, intended send time
  std::int64_t timestamp_ms = 0;    // Kafka message timestamp (the intended send time, ms since the Unix epoch)
};

// A record that owns its bytes: what a Consumer returns and what read_file_sink() reads back.
struct OwnedRecord {
  std::string topic;
  std::int32_t partition = -1;  // -1 where there are no partitions (file sink)
  std::int64_t offset = -1;     // -1 where there are no offsets (file sink)
  std::string key;
  std::string payload;
  std::vector<std::pair<std::string, std::string>> headers;
  std::int64_t timestamp_ms = 0;

  // The header's value, or empty if absent (first match).
  [[nodiscard]] std::string_view header(std::string_view name) const;
  bool operator==(const OwnedRecord&) const = default;
};

// user bytes of a record (see the top of this file)
[[nodiscard]] std::uint64_t record_bytes(const Record& record);

// A topic to create (embedded broker, or a real cluster that lacks it).
struct TopicSpec {
  std::string name;
  int partitions = 8;
  int replication_factor = 3;  // capped at the number of brokers of the embedded broker
};

struct TopicReport {
  std::string topic;
  std::uint64_t messages = 0;              // accepted by send()
  std::uint64_t bytes = 0;                 // user bytes accepted by send()
  std::uint64_t lost = 0;                  // sent but not delivered, or dropped by retention before it was read
  std::uint64_t delivered = 0;             // acknowledged by the destination (== messages for file and channel sinks)
  std::uint64_t delivery_errors = 0;       // Kafka: messages the producer gave up on (also counted in lost)
  std::uint64_t dropped_by_retention = 0;  // Kafka: produced messages no longer in the log at report() time
  std::uint64_t flow_control_waits = 0;    // Kafka: times send() blocked for consumer lag
  double flow_control_wait_s = 0;          // Kafka: total time send() blocked for consumer lag
};

struct SinkReport {
  std::vector<TopicReport> topics;  // sorted by topic name
  std::uint64_t messages = 0, bytes = 0, lost = 0;
  std::vector<std::string> problems;  // human-readable: loss, stalls, delivery errors. Empty when all went well.
};

// A fatal failure: the run must stop. The message is one clear line (what failed, where, what to do).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void send(const Record& record) = 0;  // may block for flow control; throws Error on a fatal failure
  virtual void flush() = 0;                     // returns when everything sent is delivered; throws Error on failure
  virtual SinkReport report() = 0;              // call after flush()

  // flush() without the wait, for a caller that must not stop (a stream processor's checkpoint): mark() names
  // every record sent so far, and reached(mark) says, without blocking, whether all of them are acknowledged as
  // flush() would have waited for. By default mark() flushes, so every sink is correct; a sink that delivers
  // asynchronously overrides both.
  virtual std::uint64_t mark() {
    flush();
    return 0;
  }
  virtual bool reached(std::uint64_t /*mark*/) { return true; }
};

}  // namespace chaintwin::bus
