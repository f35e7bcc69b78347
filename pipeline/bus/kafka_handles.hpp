#pragma once
// Private to pipeline/bus: librdkafka's C handles wrapped once, as unique_ptr with deleters, and the helpers every
// client of the bus shares (configuration with redacted errors, error capture, metadata). Only the bus's .cpp files
// include this header; public headers never include librdkafka.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "pipeline/bus/kafka.hpp"

namespace chaintwin::bus::detail {

struct Deleter {
  // Plain destroy. Producers purge and consumers close before they release (kafka_sink.cpp, consumer.cpp): those
  // steps can fail or wait and so do not belong in a deleter.
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  void operator()(rd_kafka_conf_t* p) const { rd_kafka_conf_destroy(p); }
  void operator()(rd_kafka_topic_t* p) const { rd_kafka_topic_destroy(p); }
  void operator()(rd_kafka_topic_partition_list_t* p) const { rd_kafka_topic_partition_list_destroy(p); }
  void operator()(const rd_kafka_metadata_t* p) const { rd_kafka_metadata_destroy(p); }
  void operator()(rd_kafka_message_t* p) const { rd_kafka_message_destroy(p); }
  void operator()(rd_kafka_headers_t* p) const { rd_kafka_headers_destroy(p); }
  void operator()(rd_kafka_error_t* p) const { rd_kafka_error_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_mock_cluster_t* p) const { rd_kafka_mock_cluster_destroy(p); }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, Deleter>;
using ConfHandle = std::unique_ptr<rd_kafka_conf_t, Deleter>;
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, Deleter>;
using PartitionListHandle = std::unique_ptr<rd_kafka_topic_partition_list_t, Deleter>;
using MetadataHandle = std::unique_ptr<const rd_kafka_metadata_t, Deleter>;
using MessageHandle = std::unique_ptr<rd_kafka_message_t, Deleter>;
using HeadersHandle = std::unique_ptr<rd_kafka_headers_t, Deleter>;
using ErrorHandle = std::unique_ptr<rd_kafka_error_t, Deleter>;
using QueueHandle = std::unique_ptr<rd_kafka_queue_t, Deleter>;
using EventHandle = std::unique_ptr<rd_kafka_event_t, Deleter>;
using NewTopicHandle = std::unique_ptr<rd_kafka_NewTopic_t, Deleter>;
using AdminOptionsHandle = std::unique_ptr<rd_kafka_AdminOptions_t, Deleter>;
using MockClusterHandle = std::unique_ptr<rd_kafka_mock_cluster_t, Deleter>;

// What librdkafka's error callback reported for one client (the client's opaque points here). The callback runs on
// whichever thread serves the client's events, so the text is guarded.
class ClientErrors {
 public:
  void record(rd_kafka_t* rk, rd_kafka_resp_err_t err, const char* reason);
  [[nodiscard]] std::string last() const;  // "" if none
  [[nodiscard]] bool fatal() const { return fatal_.load(std::memory_order_acquire); }
  [[nodiscard]] std::string fatal_reason() const;
  // librdkafka only logs (facility OFFSET) when auto.offset.reset skips data that is gone: kept here so that a
  // consumer can report the loss instead of leaving it in a log line.
  void note_offset_reset(const char* message);
  [[nodiscard]] std::vector<std::string> take_offset_resets();

  void* owner = nullptr;  // the object whose callbacks need more than errors (the sink, for delivery reports)

 private:
  mutable std::mutex mutex_;
  std::string last_;
  std::string fatal_reason_;
  std::vector<std::string> offset_resets_;
  std::atomic<bool> fatal_{false};
};

// A configuration: `defaults`, then bootstrap.servers and client.id, then config.properties (so -X overrides the
// defaults); error and log callbacks installed with `errors` as the opaque. Throws Error naming an invalid property
// and librdkafka's reason, with secrets redacted.
ConfHandle make_conf(const KafkaConfig& config, std::span<const std::pair<std::string_view, std::string_view>> defaults,
                     ClientErrors* errors);
// rd_kafka_new; throws Error with librdkafka's reason.
KafkaHandle make_client(rd_kafka_type_t type, ConfHandle conf, std::string_view what);

// Metadata of all topics within `timeout`; throws Error "cannot reach Kafka at <brokers> within N s: <reason>".
MetadataHandle fetch_metadata(rd_kafka_t* rk, const KafkaConfig& config, const ClientErrors& errors,
                              std::chrono::milliseconds timeout);
// Partition count of `topic` in `md`, or -1 if absent.
int partition_count(const rd_kafka_metadata_t& md, std::string_view topic);

// "5 s", "500 ms"
std::string seconds_text(std::chrono::milliseconds d);
// "3.0 MiB"
std::string bytes_text(std::uint64_t bytes);

}  // namespace chaintwin::bus::detail
