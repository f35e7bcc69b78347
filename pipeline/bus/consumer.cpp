// The consumer: a librdkafka high-level consumer returning owned records.
#include <array>
#include <set>

#include "pipeline/bus/kafka.hpp"
#include "pipeline/bus/kafka_handles.hpp"

namespace chaintwin::bus {

struct Consumer::Impl {
  KafkaConfig config;
  std::unique_ptr<detail::ClientErrors> errors = std::make_unique<detail::ClientErrors>();  // the client's opaque
  detail::KafkaHandle rk;
  bool in_group = false;
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, std::int32_t>> partition_ends;

  ~Impl() {
    if (!rk) return;
    // Leave the group now rather than let the coordinator wait session.timeout.ms; close is bounded by the
    // rebalance protocol, which on a live cluster takes milliseconds.
    if (in_group) rd_kafka_consumer_close(rk.get());
    rd_kafka_destroy_flags(rk.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }
};

namespace {

std::unique_ptr<Consumer::Impl> make_impl(const KafkaConfig& config, std::string_view group,
                                          bool report_partition_ends = false) {
  auto impl = std::make_unique<Consumer::Impl>();
  impl->config = config;
  const std::string group_id(group);
  std::vector<std::pair<std::string_view, std::string_view>> defaults = {
      {"enable.auto.commit", "false"},  // commit() commits what poll() returned, no more
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", report_partition_ends ? "true" : "false"},
      {"partition.assignment.strategy", "cooperative-sticky"},  // commits survive rebalances, nothing re-delivered
      {"session.timeout.ms", "6000"},  // a rebalance waits session.timeout.ms - 1 s on the mock (44 s by default)
      {"heartbeat.interval.ms", "1000"},
      {"fetch.wait.max.ms", "5"},  // the mock holds empty fetches for the whole wait (default 500 ms)
  };
  if (!group_id.empty()) defaults.emplace_back("group.id", group_id);
  auto conf = detail::make_conf(impl->config, defaults, impl->errors.get());
  impl->rk = detail::make_client(RD_KAFKA_CONSUMER, std::move(conf), "consumer");
  rd_kafka_poll_set_consumer(impl->rk.get());  // one queue: poll() serves rebalances and errors too
  return impl;
}

}  // namespace

Consumer::Consumer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Consumer::Consumer(Consumer&&) noexcept = default;
Consumer& Consumer::operator=(Consumer&&) noexcept = default;
Consumer::~Consumer() = default;

Consumer Consumer::subscribe(const KafkaConfig& config, std::string_view group, std::span<const std::string> topics) {
  if (group.empty()) throw Error("consumer: a group id is needed to subscribe");
  auto impl = make_impl(config, group);
  // Fail fast, with a clear message, if the cluster is unreachable (subscribe alone would just wait).
  detail::fetch_metadata(impl->rk.get(), config, *impl->errors, config.connect_timeout);
  const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& t : topics) rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(impl->rk.get(), list.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw Error("consumer group '" + std::string(group) + "' cannot subscribe at " + config.brokers + ": " +
                rd_kafka_err2str(err));
  }
  impl->in_group = true;
  return Consumer(std::move(impl));
}

Consumer Consumer::from_beginning(const KafkaConfig& config, std::span<const std::string> topics) {
  // librdkafka 2.0 refuses assign() without a group.id ("Unknown group"). This one never joins (no subscribe) and
  // never commits (no commit() call needed, auto-commit off), so sharing the name between readers is harmless.
  auto impl = make_impl(config, "chaintwin-assign-only");
  const detail::MetadataHandle md =
      detail::fetch_metadata(impl->rk.get(), config, *impl->errors, config.connect_timeout);
  const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(8));
  for (const std::string& t : topics) {
    const int n = detail::partition_count(*md, t);
    if (n < 0) throw Error("consumer: topic " + t + " does not exist at " + config.brokers);
    for (int p = 0; p < n; ++p) {
      rd_kafka_topic_partition_list_add(list.get(), t.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
  }
  const rd_kafka_resp_err_t err = rd_kafka_assign(impl->rk.get(), list.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw Error("consumer: cannot assign partitions at " + config.brokers + ": " + rd_kafka_err2str(err));
  }
  return Consumer(std::move(impl));
}

std::vector<PartitionOffset> partitions_of(const KafkaConfig& config, std::span<const std::string> topics) {
  auto impl = make_impl(config, "chaintwin-metadata");
  const detail::MetadataHandle md =
      detail::fetch_metadata(impl->rk.get(), config, *impl->errors, config.connect_timeout);
  std::vector<PartitionOffset> out;
  for (const std::string& t : topics) {
    const int n = detail::partition_count(*md, t);
    if (n < 0) throw Error("topic " + t + " does not exist at " + config.brokers);
    for (int p = 0; p < n; ++p) out.push_back({t, p, PartitionOffset::kOffsetBeginning});
  }
  return out;
}

std::vector<std::string> existing_topics(const KafkaConfig& config, std::span<const std::string> topics) {
  auto impl = make_impl(config, "chaintwin-metadata");
  const detail::MetadataHandle md =
      detail::fetch_metadata(impl->rk.get(), config, *impl->errors, config.connect_timeout);
  std::vector<std::string> out;
  for (const std::string& t : topics)
    if (detail::partition_count(*md, t) >= 0) out.push_back(t);
  return out;
}

Consumer Consumer::assign(const KafkaConfig& config, std::string_view group, std::span<const PartitionOffset> from) {
  if (group.empty()) throw Error("consumer: a group id is needed to commit offsets");
  auto impl = make_impl(config, group, true);
  detail::fetch_metadata(impl->rk.get(), config, *impl->errors, config.connect_timeout);
  const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(from.size())));
  for (const PartitionOffset& p : from)
    rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset = p.offset;
  const rd_kafka_resp_err_t err = rd_kafka_assign(impl->rk.get(), list.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw Error("consumer: cannot assign partitions at " + config.brokers + ": " + rd_kafka_err2str(err));
  return Consumer(std::move(impl));
}

std::vector<OwnedRecord> read_to_end(const KafkaConfig& config, std::span<const std::string> topics,
                                     std::chrono::milliseconds timeout) {
  const std::vector<PartitionOffset> partitions = partitions_of(config, topics);
  Consumer consumer = Consumer::assign(config, "chaintwin-reader", partitions);
  std::set<std::pair<std::string, std::int32_t>> open;
  for (const PartitionOffset& p : partitions) open.emplace(p.topic, p.partition);
  std::vector<OwnedRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!open.empty()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw Error("reading " + std::to_string(open.size()) + " partitions to their end at " + config.brokers +
                  " took longer than " + std::to_string(timeout.count()) + " ms");
    for (OwnedRecord& r : consumer.poll(10'000, std::chrono::milliseconds(100))) records.push_back(std::move(r));
    for (const auto& end : consumer.take_partition_ends()) open.erase(end);
  }
  return records;
}

std::vector<std::pair<std::string, std::int32_t>> Consumer::take_partition_ends() {
  return std::exchange(impl_->partition_ends, {});
}

std::vector<OwnedRecord> Consumer::poll(std::size_t max_records, std::chrono::milliseconds timeout) {
  std::vector<OwnedRecord> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < max_records) {
    // Wait for the first record only; then take what is already there.
    int wait_ms = 0;
    if (out.empty()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      wait_ms = static_cast<int>(std::max<std::int64_t>(0, left.count()));
    }
    const detail::MessageHandle m(rd_kafka_consumer_poll(impl_->rk.get(), wait_ms));
    if (impl_->errors->fatal()) {
      throw Error("the Kafka consumer failed (" + impl_->config.brokers + "): " + impl_->errors->fatal_reason());
    }
    if (!m) {
      if (wait_ms == 0) break;
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        if (m->rkt != nullptr) impl_->partition_ends.emplace_back(rd_kafka_topic_name(m->rkt), m->partition);
        continue;
      }
      std::string where = m->rkt != nullptr
                              ? std::string(rd_kafka_topic_name(m->rkt)) + "[" + std::to_string(m->partition) + "]: "
                              : std::string();
      impl_->problems.push_back(where + rd_kafka_message_errstr(m.get()));
      if (m->err == RD_KAFKA_RESP_ERR__FATAL) throw Error("the Kafka consumer failed: " + impl_->problems.back());
      continue;
    }
    OwnedRecord r;
    r.topic = rd_kafka_topic_name(m->rkt);
    r.partition = m->partition;
    r.offset = m->offset;
    if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload != nullptr) r.payload.assign(static_cast<const char*>(m->payload), m->len);
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    r.timestamp_ms = rd_kafka_message_timestamp(m.get(), &type);
    rd_kafka_headers_t* headers = nullptr;  // owned by the message
    if (rd_kafka_message_headers(m.get(), &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      std::size_t size = 0;
      for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        r.headers.emplace_back(name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool Consumer::commit() { return commit_list(nullptr); }

bool Consumer::commit(std::span<const PartitionOffset> offsets) {
  if (offsets.empty()) return true;
  const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const PartitionOffset& p : offsets)
    rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset = p.offset;
  return commit_list(list.get());
}

void Consumer::commit_async(std::span<const PartitionOffset> offsets) {
  if (offsets.empty()) return;
  const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const PartitionOffset& p : offsets)
    rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset = p.offset;
  const rd_kafka_resp_err_t err = rd_kafka_commit(impl_->rk.get(), list.get(), 1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    impl_->problems.push_back(std::string("cannot commit offsets: ") + rd_kafka_err2str(err));
}

bool Consumer::commit_list(const void* partitions) {
  // Synchronous, but bounded: rd_kafka_commit(..., 0) waits as long as the coordinator takes, and a cluster gone
  // away (an embedded broker whose process ended) left a stopping pipeline retrying forever.
  const auto timeout = 2 * impl_->config.connect_timeout;
  rd_kafka_queue_t* answers = rd_kafka_queue_new(impl_->rk.get());
  rd_kafka_resp_err_t err = rd_kafka_commit_queue(
      impl_->rk.get(), static_cast<const rd_kafka_topic_partition_list_t*>(partitions), answers, nullptr, nullptr);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_event_t* answer = rd_kafka_queue_poll(answers, static_cast<int>(timeout.count()));
    if (answer == nullptr) {
      rd_kafka_queue_destroy(answers);
      throw Error("consumer: cannot commit offsets at " + impl_->config.brokers + ": no answer within " +
                  std::to_string(timeout.count() / 1000) + " s");
    }
    err = rd_kafka_event_error(answer);
    rd_kafka_event_destroy(answer);
  }
  rd_kafka_queue_destroy(answers);
  switch (err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
    case RD_KAFKA_RESP_ERR__NO_OFFSET:  // nothing new to commit
      return true;
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR__STATE:
      return false;
    default:
      throw Error("consumer: cannot commit offsets at " + impl_->config.brokers + ": " + rd_kafka_err2str(err));
  }
}

std::vector<std::string> Consumer::take_problems() {
  for (std::string& reset : impl_->errors->take_offset_resets()) impl_->problems.push_back("data lost: " + reset);
  return std::exchange(impl_->problems, {});
}

std::vector<PartitionOffset> Consumer::end_offsets(std::span<const PartitionOffset> partitions,
                                                   std::chrono::milliseconds timeout) {
  std::vector<PartitionOffset> ends;
  ends.reserve(partitions.size());
  for (const PartitionOffset& p : partitions) {
    std::int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(impl_->rk.get(), p.topic.c_str(), p.partition,
                                                                     &low, &high, static_cast<int>(timeout.count()));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw Error("consumer: cannot ask where " + p.topic + "[" + std::to_string(p.partition) + "] ends at " +
                  impl_->config.brokers + ": " + rd_kafka_err2str(err));
    }
    ends.push_back({p.topic, p.partition, high > low ? high : 0});
  }
  return ends;
}

std::size_t Consumer::assigned_partitions() {
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(impl_->rk.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
  const detail::PartitionListHandle list(raw);
  return static_cast<std::size_t>(list->cnt);
}

}  // namespace chaintwin::bus
