// KafkaConfig, redaction, and the helpers all Kafka clients of the bus share (kafka_handles.hpp).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "pipeline/bus/kafka.hpp"
#include "pipeline/bus/kafka_handles.hpp"

namespace chaintwin::bus {

void KafkaConfig::set(std::string_view key_equals_value) {
  const auto eq = key_equals_value.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    // Show only the part before '=' (there is none, or no key): the text may be a secret typed in the wrong place.
    throw Error("bad Kafka property '" + std::string(key_equals_value.substr(0, std::min<std::size_t>(eq, 40))) +
                "': expected key=value (as kcat -X), e.g. -X security.protocol=SASL_SSL");
  }
  set(std::string(key_equals_value.substr(0, eq)), std::string(key_equals_value.substr(eq + 1)));
}

void KafkaConfig::set(std::string key, std::string value) { properties.emplace_back(std::move(key), std::move(value)); }

std::string KafkaConfig::describe() const {
  std::string out = "brokers=" + (brokers.empty() ? std::string("(none)") : brokers);
  for (const auto& [key, value] : properties) out += " " + key + "=" + redacted_value(key, value);
  return out;
}

bool is_secret_property(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 12> kSecret = {"password",
                                                               "secret",
                                                               "jaas",
                                                               "token",
                                                               "key.pem",
                                                               "ssl.key",
                                                               "credential",
                                                               "private",
                                                               "apikey",
                                                               "api.key",
                                                               "sasl.oauthbearer.config",
                                                               "keystore"};
  return std::any_of(kSecret.begin(), kSecret.end(),
                     [&](std::string_view s) { return lower.find(s) != std::string::npos; });
}

std::string redacted_value(std::string_view name, std::string_view value) {
  return is_secret_property(name) ? std::string("***") : std::string(value);
}

namespace detail {
namespace {

void error_cb(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<ClientErrors*>(opaque)->record(rk, static_cast<rd_kafka_resp_err_t>(err), reason);
}

// Warnings and errors go to stderr, except connection failures ("FAIL"): those also reach error_cb and so end up in
// our own one-line Error messages; printing them too would repeat them every retry.
void log_cb(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  if (level >= 3 && level <= 4 && std::strcmp(facility, "FAIL") == 0) return;
  if (std::strcmp(facility, "OFFSET") == 0 && std::strstr(message, "offset reset") != nullptr) {
    if (void* opaque = rd_kafka_opaque(rk)) static_cast<ClientErrors*>(opaque)->note_offset_reset(message);
  }
  std::fprintf(stderr, "kafka %s: %s\n", facility, message);
}

}  // namespace

void ClientErrors::record(rd_kafka_t* rk, rd_kafka_resp_err_t err, const char* reason) {
  std::lock_guard lock(mutex_);
  last_ = reason != nullptr ? reason : rd_kafka_err2str(err);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    std::array<char, 512> buf{};
    const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf.data(), buf.size());
    fatal_reason_ = std::string(rd_kafka_err2name(orig)) + ": " + buf.data();
    fatal_.store(true, std::memory_order_release);
  }
}

void ClientErrors::note_offset_reset(const char* message) {
  std::lock_guard lock(mutex_);
  if (offset_resets_.size() < 1000) offset_resets_.emplace_back(message);  // bounded: a storm of resets repeats itself
}

std::vector<std::string> ClientErrors::take_offset_resets() {
  std::lock_guard lock(mutex_);
  return std::exchange(offset_resets_, {});
}

std::string ClientErrors::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

std::string ClientErrors::fatal_reason() const {
  std::lock_guard lock(mutex_);
  return fatal_reason_;
}

ConfHandle make_conf(const KafkaConfig& config, std::span<const std::pair<std::string_view, std::string_view>> defaults,
                     ClientErrors* errors) {
  ConfHandle conf(rd_kafka_conf_new());
  std::array<char, 512> err{};
  auto set = [&](std::string_view key, std::string_view value, bool from_user) {
    const std::string k(key), v(value);
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK) {
      throw Error("invalid Kafka property " + std::string(from_user ? "-X " : "") + k + "=" + redacted_value(k, v) +
                  ": " + err.data());
    }
  };
  set("log_level", "4", false);  // warnings and errors; -X log_level=7 or -X debug=... for more
  for (const auto& [key, value] : defaults) set(key, value, false);
  if (!config.brokers.empty()) set("bootstrap.servers", config.brokers, false);
  if (!config.client_id.empty()) set("client.id", config.client_id, false);
  for (const auto& [key, value] : config.properties) set(key, value, true);
  rd_kafka_conf_set_opaque(conf.get(), errors);
  rd_kafka_conf_set_error_cb(conf.get(), error_cb);
  rd_kafka_conf_set_log_cb(conf.get(), log_cb);
  return conf;
}

KafkaHandle make_client(rd_kafka_type_t type, ConfHandle conf, std::string_view what) {
  std::array<char, 512> err{};
  // rd_kafka_new takes the configuration only on success.
  KafkaHandle rk(rd_kafka_new(type, conf.get(), err.data(), err.size()));
  if (!rk) throw Error("cannot create the Kafka " + std::string(what) + ": " + err.data());
  (void)conf.release();
  return rk;
}

MetadataHandle fetch_metadata(rd_kafka_t* rk, const KafkaConfig& config, const ClientErrors& errors,
                              std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk, 1, nullptr, &md, static_cast<int>(std::max<std::int64_t>(1, timeout.count())));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_poll(rk, 0);  // serve the error callback: it knows why (connection refused, DNS, TLS, auth)
    std::string reason = errors.last();
    if (reason.empty()) reason = rd_kafka_err2str(err);
    throw Error("cannot reach Kafka at " +
                (config.brokers.empty() ? std::string("(no brokers given)") : config.brokers) + " within " +
                seconds_text(timeout) + ": " + reason +
                " (check --brokers and the -X security settings; config: " + config.describe() + ")");
  }
  return MetadataHandle(md);
}

int partition_count(const rd_kafka_metadata_t& md, std::string_view topic) {
  for (int i = 0; i < md.topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = md.topics[i];
    if (topic == t.topic && t.err == RD_KAFKA_RESP_ERR_NO_ERROR) return t.partition_cnt;
  }
  return -1;
}

std::string seconds_text(std::chrono::milliseconds d) {
  std::array<char, 32> buf{};
  if (d.count() % 1000 == 0) {
    std::snprintf(buf.data(), buf.size(), "%lld s", static_cast<long long>(d.count() / 1000));
  } else if (d.count() < 1000) {
    std::snprintf(buf.data(), buf.size(), "%lld ms", static_cast<long long>(d.count()));
  } else {
    std::snprintf(buf.data(), buf.size(), "%.1f s", static_cast<double>(d.count()) / 1000.0);
  }
  return buf.data();
}

std::string bytes_text(std::uint64_t bytes) {
  std::array<char, 32> buf{};
  if (bytes < 1024) {
    std::snprintf(buf.data(), buf.size(), "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < (1u << 20)) {
    std::snprintf(buf.data(), buf.size(), "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf.data();
}

}  // namespace detail
}  // namespace chaintwin::bus
