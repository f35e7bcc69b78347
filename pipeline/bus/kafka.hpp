#pragma once
// Kafka through librdkafka: the embedded broker (librdkafka's mock cluster on loopback), the Kafka sink (an idempotent
// producer with lag-aware flow control and a loss report), and a small consumer. This header does not include
// librdkafka: the C handles live in the .cpp files (pipeline/bus/kafka_handles.hpp wraps them once).
//
// Lifetimes: destroy every client (sink, consumer) of an EmbeddedBroker before the broker itself.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/bus/sink.hpp"

namespace chaintwin::bus {

// Lag-aware flow control (see docs/bus.md). With groups to protect, send() blocks while on any partition the data
// produced beyond one of those groups' committed offsets (plus what is still in flight) exceeds a budget, so the
// embedded broker's retention (~5 MiB or 100,000 batches per partition, silently dropping older data) never drops
// data a protected group has not read.
struct FlowControl {
  std::vector<std::string> protect_groups;          // consumer group ids; empty: no flow control
  std::uint64_t max_lag_bytes = 3u << 20;           // per partition, user bytes (retention keeps ~5 MiB)
  std::uint64_t max_lag_messages = 50'000;          // per partition (a batch holds >= 1 message; 100,000 kept)
  std::chrono::milliseconds check_interval{20};     // committed offsets are re-read at most this often, and
                                                    // only while send() is blocked
  std::chrono::milliseconds stall_timeout{60'000};  // blocked this long without the group committing: Error
};

struct KafkaConfig {
  std::string brokers;  // bootstrap.servers ("host:9092,host2:9092"), e.g. EmbeddedBroker::bootstraps()
  // Client properties (kcat's -X key=value), applied in order after the bus's defaults, so they override them.
  // SASL and TLS settings pass through as they are.
  std::vector<std::pair<std::string, std::string>> properties;
  std::chrono::milliseconds connect_timeout{5'000};  // metadata request at start: an unreachable cluster fails here
  std::chrono::milliseconds flush_timeout{60'000};   // flush() gives up (Error) after this
  std::chrono::milliseconds close_timeout{5'000};    // destructors wait at most this, then purge what is left
  std::string client_id = "chaintwin";
  FlowControl flow;

  // Adds "key=value" (as -X does). Throws Error if there is no '=' or the key is empty.
  void set(std::string_view key_equals_value);
  void set(std::string key, std::string value);
  // One line for messages and logs: brokers and properties, secrets as ***. Every message of the bus that shows
  // configuration goes through this or redacted_value().
  [[nodiscard]] std::string describe() const;
};

// True for properties whose value must never be printed (names containing password, secret, jaas, token, key.pem,
// ssl.key, credential, private, apikey, ...; case-insensitive).
[[nodiscard]] bool is_secret_property(std::string_view name);
// `value`, or "***" if `name` is secret.
[[nodiscard]] std::string redacted_value(std::string_view name, std::string_view value);

// librdkafka's mock cluster, in-process, on 127.0.0.1 (random ports), speaking the real Kafka protocol: kcat and any
// client in another process on this machine can connect. Limits (measured, docs/bus.md): ~5 MiB or 100,000 batches
// kept per partition, read_committed not honoured, transactional offsets discarded.
class EmbeddedBroker {
 public:
  // Starts `brokers` brokers and creates `topics`. If `bootstrap_file` is not empty, writes the bootstrap address
  // there (one line) and removes the file again when the broker stops. Throws Error on failure.
  explicit EmbeddedBroker(int brokers = 3, std::span<const TopicSpec> topics = {},
                          const std::filesystem::path& bootstrap_file = {});
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  [[nodiscard]] const std::string& bootstraps() const;  // "127.0.0.1:port,..."
  [[nodiscard]] int brokers() const;
  // Throws Error if the topic cannot be created (bad name, already exists).
  void create_topic(const TopicSpec& topic);
  // Writes the bootstrap address to `path` (one line, LF); the file is removed when the broker stops.
  void write_bootstrap_file(const std::filesystem::path& path);
  // A client configuration for this broker (brokers set, everything else default).
  [[nodiscard]] KafkaConfig client_config() const;
  // Fault injection for tests: a broker (1..brokers()) stops answering, or answers again.
  void set_broker_down(int broker_id, bool down);
  // Fault injection for tests: the next `count` Produce requests fail with a permanent error (topic authorization
  // failed), so every message in them gets a failed delivery report.
  void fail_next_produce_requests(int count);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A Kafka producer as a Sink: key, headers and timestamp per record; idempotent (enable.idempotence=true),
// linger.ms=5, murmur2_random partitioner (the Java client's: keys land where Kafka Streams and Flink expect them).
// Checks at once that the cluster is reachable (metadata within connect_timeout, else Error "cannot reach Kafka at
// ...") and that `topics` exist, creating missing ones through the Admin API (a real cluster; on the embedded broker
// create them with EmbeddedBroker). QUEUE_FULL is handled by serving delivery reports and retrying, so memory stays
// bounded. Delivery errors are counted and reported; a fatal producer error throws Error. The destructor waits at
// most close_timeout and purges what is left: it never hangs.
std::unique_ptr<Sink> make_kafka_sink(const KafkaConfig& config, std::span<const TopicSpec> topics);

// A small consumer: a group member (subscribe) or a reader of whole topics from the beginning (no group).
// Defaults: cooperative-sticky assignment, session.timeout.ms=6000, fetch.wait.max.ms=5 (the mock holds empty fetches
// for the whole wait), auto.offset.reset=earliest, no auto-commit (call commit()). KafkaConfig.properties apply.
// Note: the embedded broker does not honour isolation.level=read_committed.
// A partition and where to read it from (or the offset after the last record read, for commits).
struct PartitionOffset {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = kOffsetBeginning;
  static constexpr std::int64_t kOffsetBeginning = -2;  // librdkafka's RD_KAFKA_OFFSET_BEGINNING
};

// Every partition of `topics`, from the beginning. Throws Error if the cluster is unreachable or a topic is missing.
std::vector<PartitionOffset> partitions_of(const KafkaConfig& config, std::span<const std::string> topics);
// Those of `topics` the cluster has (a source switched off, an output a pipeline does not write), in their order.
// Throws Error if the cluster is unreachable.
std::vector<std::string> existing_topics(const KafkaConfig& config, std::span<const std::string> topics);

// Everything `topics` hold now: each partition read from the beginning to its end. Throws Error if the cluster is
// unreachable, a topic is missing, or the end is not reached within `timeout`.
std::vector<OwnedRecord> read_to_end(const KafkaConfig& config, std::span<const std::string> topics,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

class Consumer {
 public:
  // Joins `group` and subscribes to `topics`. Throws Error if the cluster is unreachable within connect_timeout.
  static Consumer subscribe(const KafkaConfig& config, std::string_view group, std::span<const std::string> topics);
  // Assigns every partition of `topics` from the beginning, without a group. Throws Error if the cluster is
  // unreachable or a topic does not exist.
  static Consumer from_beginning(const KafkaConfig& config, std::span<const std::string> topics);
  // Reads exactly these partitions from these offsets, committing under `group` (a stream processor that owns its
  // partitions and keeps its offsets in its own checkpoints; the commits let a producer's flow control see its lag).
  // Reports reaching the end of a partition (take_partition_ends). Throws Error if the cluster is unreachable.
  static Consumer assign(const KafkaConfig& config, std::string_view group, std::span<const PartitionOffset> from);

  Consumer(Consumer&&) noexcept;
  Consumer& operator=(Consumer&&) noexcept;
  ~Consumer();  // leaves the group (bounded), then destroys the client

  // Up to `max_records` records, waiting at most `timeout` for the first one. Throws Error on a fatal error.
  std::vector<OwnedRecord> poll(std::size_t max_records, std::chrono::milliseconds timeout);
  // Commits, synchronously, the offsets after the records poll() returned. Returns false if the commit was rejected
  // because a rebalance is in progress (retry later); true if committed or nothing to commit. Throws Error otherwise.
  bool commit();
  // Commits these offsets (each the offset of the next record to read), synchronously. Same results as commit().
  bool commit(std::span<const PartitionOffset> offsets);
  // The same without waiting for the broker's answer: a commit the broker rejects is not reported (the next one
  // supersedes it); one that cannot be sent goes to take_problems().
  void commit_async(std::span<const PartitionOffset> offsets);
  // Partitions whose end this consumer reached since the last call (assign() consumers only): everything they held
  // when the fetch was answered has been returned by poll().
  std::vector<std::pair<std::string, std::int32_t>> take_partition_ends();
  // Non-fatal errors seen by poll(), and every offset reset ("data lost: ... offset reset (at offset N) to BEGINNING:
  // ... Offset out of range": retention removed data before this consumer read it). Cleared on read.
  std::vector<std::string> take_problems();
  // Number of partitions currently assigned to this consumer.
  [[nodiscard]] std::size_t assigned_partitions();
  // Where each partition ends now, asked of its leader: the offset after its last record, or 0 if it holds no
  // record any more (empty, or everything removed by retention). Throws Error if a leader does not answer within
  // `timeout`.
  std::vector<PartitionOffset> end_offsets(std::span<const PartitionOffset> partitions,
                                           std::chrono::milliseconds timeout);

  struct Impl;  // opaque: defined in consumer.cpp

 private:
  explicit Consumer(std::unique_ptr<Impl> impl);
  bool commit_list(const void* partitions);  // an rd_kafka_topic_partition_list_t, or null: what poll() returned
  std::unique_ptr<Impl> impl_;
};

}  // namespace chaintwin::bus
