// The streams through the embedded broker and back: what a consumer reads from Kafka is exactly what the message
// truth says was sent, per-key order on the wire is the order sent, and the headers carry id, source and version.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "generators/stream_generator.hpp"
#include "pipeline/bus/kafka.hpp"
#include "scenarios/world_scenario.hpp"

namespace chaintwin::generators {
namespace {

using namespace std::chrono_literals;

TEST(StreamThroughKafka, AConsumerReadsExactlyWhatTheTruthSaysInPerKeyOrder) {
  auto loaded = scenarios::load_world_scenario(CHAINTWIN_SOURCE_DIR "/scenarios/examples/baseline.yaml");
  ASSERT_TRUE(loaded);
  const auto& s = loaded.value();
  const sim::SimTime horizon = sim::days(2);  // ~6 MB over 72 partitions: within the broker's retention
  const sim::RandomStreams streams(7, 0);
  world::World w(s.network, s.world, streams, horizon);
  StreamGenerator gen(w, s.streams, streams);

  std::vector<bus::TopicSpec> topics;
  for (const auto& source : s.streams.sources) topics.push_back({source.topic, 8, 3});
  bus::EmbeddedBroker broker(3, topics);
  auto sink = bus::make_kafka_sink(broker.client_config(), topics);
  auto send = [&](const OutgoingMessage& m) {
    const std::string id = std::to_string(m.id);
    const std::string version = std::to_string(m.schema_version);
    const bus::Header headers[] = {{"message-id", id}, {"source", to_string(m.source)}, {"schema-version", version}};
    sink->send({m.topic, m.key, m.payload, headers, 0});
  };
  for (sim::SimTime t = sim::hours(6);; t = std::min(t + sim::hours(6), horizon)) {
    w.run_until(t);
    gen.advance(t, send);
    if (t >= horizon) break;
  }
  gen.finish(send);
  sink->flush();
  const bus::SinkReport report = sink->report();
  ASSERT_EQ(report.lost, 0u);
  const MessageTruth& truth = gen.truth();
  ASSERT_EQ(report.messages, truth.size());

  // Per (topic, key), the message ids in the order the truth says they were sent...
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> sent;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto& row = truth.row(i);
    const std::string topic = s.streams.source(source_of(row.kind)).topic;
    sent[{topic, std::string(truth.key(row.key))}].push_back(std::to_string(row.message_id));
  }
  // ...and in the order a consumer reads them from the broker.
  std::vector<std::string> names;
  for (const auto& t : topics) names.push_back(t.name);
  auto consumer = bus::Consumer::from_beginning(broker.client_config(), names);
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> read;
  std::size_t count = 0;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (count < truth.size() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& r : consumer.poll(5000, 200ms)) {
      EXPECT_FALSE(r.header("source").empty());
      EXPECT_FALSE(r.header("schema-version").empty());
      read[{r.topic, r.key}].push_back(std::string(r.header("message-id")));
      ++count;
    }
  }
  ASSERT_EQ(count, truth.size());
  EXPECT_EQ(read, sent);
}

}  // namespace
}  // namespace chaintwin::generators
