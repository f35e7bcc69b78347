// The embedded broker: librdkafka's mock cluster, hosted by a client handle of its own.
#include <algorithm>
#include <fstream>
#include <system_error>

#include "pipeline/bus/file_sink.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/bus/kafka_handles.hpp"

namespace chaintwin::bus {

struct EmbeddedBroker::Impl {
  detail::ClientErrors errors;        // the host's opaque: declared first, destroyed last
  detail::KafkaHandle host;           // the cluster runs on this handle's threads: destroyed after the cluster
  detail::MockClusterHandle cluster;  // declared after host: destroyed before it
  std::string bootstraps;
  int brokers = 0;
  std::vector<std::filesystem::path> bootstrap_files;  // removed on stop

  ~Impl() {
    for (const auto& path : bootstrap_files) {
      std::error_code ec;
      std::filesystem::remove(path, ec);  // best effort: a stale address file would point clients at nothing
    }
  }
};

EmbeddedBroker::EmbeddedBroker(int brokers, std::span<const TopicSpec> topics,
                               const std::filesystem::path& bootstrap_file)
    : impl_(std::make_unique<Impl>()) {
  if (brokers < 1) throw Error("embedded broker: need at least 1 broker, got " + std::to_string(brokers));
  // The host is a plain producer that never produces. No bootstrap.servers: log_level 4 hides the harmless
  // configuration warning about that.
  KafkaConfig host_config;
  host_config.client_id = "chaintwin-embedded-broker";
  impl_->host = detail::make_client(RD_KAFKA_PRODUCER, detail::make_conf(host_config, {}, &impl_->errors),
                                    "embedded broker host");
  impl_->cluster.reset(rd_kafka_mock_cluster_new(impl_->host.get(), brokers));
  if (!impl_->cluster)
    throw Error("embedded broker: librdkafka could not start a mock cluster of " + std::to_string(brokers) +
                " brokers (no free loopback ports?)");
  impl_->bootstraps = rd_kafka_mock_cluster_bootstraps(impl_->cluster.get());
  impl_->brokers = brokers;
  for (const TopicSpec& t : topics) create_topic(t);
  if (!bootstrap_file.empty()) write_bootstrap_file(bootstrap_file);
}

EmbeddedBroker::~EmbeddedBroker() = default;

const std::string& EmbeddedBroker::bootstraps() const { return impl_->bootstraps; }

int EmbeddedBroker::brokers() const { return impl_->brokers; }

void EmbeddedBroker::create_topic(const TopicSpec& topic) {
  check_topic_name(topic.name);
  if (topic.partitions < 1) {
    throw Error("embedded broker: topic " + topic.name + " needs at least 1 partition, got " +
                std::to_string(topic.partitions));
  }
  const int replicas = std::clamp(topic.replication_factor, 1, impl_->brokers);
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(impl_->cluster.get(), topic.name.c_str(), topic.partitions, replicas);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw Error("embedded broker: cannot create topic " + topic.name + ": " + rd_kafka_err2str(err));
  }
}

void EmbeddedBroker::write_bootstrap_file(const std::filesystem::path& path) {
  // Write then rename, so a process polling for the file never reads half an address.
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << impl_->bootstraps << '\n';
    if (!out.flush()) throw Error("embedded broker: cannot write the bootstrap file " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error("embedded broker: cannot write the bootstrap file " + path.string() + ": " + ec.message());
  impl_->bootstrap_files.push_back(path);
}

KafkaConfig EmbeddedBroker::client_config() const {
  KafkaConfig config;
  config.brokers = impl_->bootstraps;
  return config;
}

void EmbeddedBroker::set_broker_down(int broker_id, bool down) {
  const rd_kafka_resp_err_t err = down ? rd_kafka_mock_broker_set_down(impl_->cluster.get(), broker_id)
                                       : rd_kafka_mock_broker_set_up(impl_->cluster.get(), broker_id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw Error("embedded broker: cannot set broker " + std::to_string(broker_id) + (down ? " down: " : " up: ") +
                rd_kafka_err2str(err));
  }
}

}  // namespace chaintwin::bus

namespace chaintwin::bus {

void EmbeddedBroker::fail_next_produce_requests(int count) {
  constexpr std::int16_t kProduceApiKey = 0;  // Kafka protocol ApiKey of Produce (not in librdkafka's public headers)
  const std::vector<rd_kafka_resp_err_t> errors(static_cast<std::size_t>(std::max(0, count)),
                                                RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  rd_kafka_mock_push_request_errors_array(impl_->cluster.get(), kProduceApiKey, errors.size(), errors.data());
}

}  // namespace chaintwin::bus
