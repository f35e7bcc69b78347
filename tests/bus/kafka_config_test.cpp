// KafkaConfig: -X parsing, secrets never shown, invalid properties named with librdkafka's reason (no network
// needed: configuration fails before any connection).
#include <string>

#include <gtest/gtest.h>

#include "pipeline/bus/kafka.hpp"

namespace chaintwin::bus {
namespace {

TEST(KafkaConfig, SecretPropertiesAreRecognised) {
  for (const char* name :
       {"sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.jaas.config",
        "sasl.oauthbearer.client.secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl.key.location", "SASL.PASSWORD",
        "schema.registry.basic.auth.credentials.source", "my.api.key", "sasl.oauthbearer.token.endpoint.url"}) {
    EXPECT_TRUE(is_secret_property(name)) << name;
  }
  for (const char* name :
       {"bootstrap.servers", "sasl.username", "security.protocol", "linger.ms", "sasl.mechanisms", "ssl.ca.location"}) {
    EXPECT_FALSE(is_secret_property(name)) << name;
  }
  EXPECT_EQ(redacted_value("sasl.password", "hunter2"), "***");
  EXPECT_EQ(redacted_value("sasl.username", "alice"), "alice");
}

TEST(KafkaConfig, DescribeRedactsSecrets) {
  KafkaConfig c;
  c.brokers = "kafka-1:9093,kafka-2:9093";
  c.set("security.protocol=SASL_SSL");
  c.set("sasl.username=alice");
  c.set("sasl.password=hunter2=with=equals");
  c.set("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cr3t\";");
  const std::string d = c.describe();
  EXPECT_EQ(d,
            "brokers=kafka-1:9093,kafka-2:9093 security.protocol=SASL_SSL sasl.username=alice sasl.password=*** "
            "sasl.jaas.config=***");
  EXPECT_EQ(c.properties[2].second, "hunter2=with=equals");  // split at the first '=' only
}

TEST(KafkaConfig, MalformedPropertyIsAnError) {
  KafkaConfig c;
  EXPECT_THROW(c.set("linger.ms"), Error);
  EXPECT_THROW(c.set("=5"), Error);
  try {
    c.set("nothing-here");
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("expected key=value"), std::string::npos) << e.what();
  }
}

std::string error_of(const KafkaConfig& c) {
  try {
    (void)make_kafka_sink(c, {});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(KafkaConfig, InvalidPropertyNamesItAndTheReason) {
  KafkaConfig c;
  c.brokers = "127.0.0.1:1";
  c.set("linger.mss=5");
  const std::string what = error_of(c);
  EXPECT_NE(what.find("invalid Kafka property -X linger.mss=5"), std::string::npos) << what;
  EXPECT_NE(what.find("No such configuration property"), std::string::npos) << what;  // librdkafka's reason

  KafkaConfig bad_value;
  bad_value.brokers = "127.0.0.1:1";
  bad_value.set("linger.ms=soon");
  EXPECT_NE(error_of(bad_value).find("linger.ms=soon"), std::string::npos) << error_of(bad_value);
}

TEST(KafkaConfig, InvalidSecretPropertyIsRedacted) {
  KafkaConfig c;
  c.brokers = "127.0.0.1:1";
  c.set("sasl.passwrd.secret=hunter2");
  const std::string what = error_of(c);
  EXPECT_NE(what.find("sasl.passwrd.secret=***"), std::string::npos) << what;
  EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
}

TEST(KafkaConfig, ConsumerRejectsInvalidPropertyToo) {
  KafkaConfig c;
  c.brokers = "127.0.0.1:1";
  c.set("fetch.wait.max.ms=-3");
  try {
    (void)Consumer::from_beginning(c, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fetch.wait.max.ms=-3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace chaintwin::bus
