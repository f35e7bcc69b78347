// Lag-aware flow control and the loss report against the embedded broker, whose retention keeps only ~5 MiB per
// partition: a protected slow group gets every message; without protection report() counts what retention dropped;
// a protected group that never reads stops the producer with an Error instead of hanging it.
#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/bus/kafka.hpp"

namespace chaintwin::bus {
namespace {

using namespace std::chrono_literals;

constexpr int kPayloadBytes = 1024;
constexpr int kMessages = 20 * 1024;  // 20 MiB of payload into one partition: four times what the broker keeps

void send_numbered(Sink& sink, const std::string& topic, int i) {
  const std::string seq = std::to_string(i);
  std::string payload(kPayloadBytes, 'x');
  payload.replace(0, seq.size(), seq);
  const Header hs[] = {{"seq", seq}};
  sink.send(Record{topic, "key-" + std::to_string(i % 16), payload, hs, 0});
}

TEST(FlowControl, ProtectedSlowGroupGetsEveryMessage) {
  const TopicSpec topics[] = {{"stream", 1, 1}};
  EmbeddedBroker broker(1, topics);
  const std::string names[] = {"stream"};

  // A deliberately slow reader: small batches, a pause after each, a synchronous commit.
  std::atomic<bool> producer_done{false};
  auto reader = std::async(std::launch::async, [&] {
    Consumer consumer = Consumer::subscribe(broker.client_config(), "slow-readers", names);
    std::set<int> seen;
    std::vector<std::string> problems;
    const auto deadline = std::chrono::steady_clock::now() + 120s;  // a hang guard, not a speed assertion
    while (seen.size() < static_cast<std::size_t>(kMessages) && std::chrono::steady_clock::now() < deadline) {
      for (const OwnedRecord& r : consumer.poll(500, 100ms)) seen.insert(std::stoi(std::string(r.header("seq"))));
      consumer.commit();
      std::this_thread::sleep_for(2ms);
    }
    for (auto& p : consumer.take_problems()) problems.push_back(std::move(p));
    return std::make_pair(seen, problems);
  });

  KafkaConfig config = broker.client_config();
  config.flow.protect_groups = {"slow-readers"};
  SinkReport report;
  {
    auto sink = make_kafka_sink(config, topics);
    for (int i = 0; i < kMessages; ++i) send_numbered(*sink, "stream", i);
    sink->flush();
    producer_done = true;
    auto [seen, problems] = reader.get();
    report = sink->report();  // after the reader finished: its final commit is what report() checks against
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kMessages));
    EXPECT_TRUE(problems.empty()) << problems[0];  // e.g. "offset out of range": data dropped before it was read
  }
  EXPECT_EQ(report.messages, static_cast<std::uint64_t>(kMessages));
  EXPECT_EQ(report.lost, 0u);
  EXPECT_TRUE(report.problems.empty()) << report.problems[0];
  ASSERT_EQ(report.topics.size(), 1u);
  EXPECT_GT(report.topics[0].flow_control_waits, 0u);    // the budget was reached: flow control did the work
  EXPECT_GT(report.topics[0].dropped_by_retention, 0u);  // retention ran, but only over data already read
}

TEST(FlowControl, UnprotectedRetentionLossIsReported) {
  const TopicSpec topics[] = {{"stream", 1, 1}};
  EmbeddedBroker broker(1, topics);
  SinkReport report;
  {
    auto sink = make_kafka_sink(broker.client_config(), topics);
    for (int i = 0; i < kMessages; ++i) send_numbered(*sink, "stream", i);
    sink->flush();
    report = sink->report();
  }
  const std::string names[] = {"stream"};
  Consumer late = Consumer::from_beginning(broker.client_config(), names);
  std::size_t readable = 0;
  for (auto batch = late.poll(5000, 2s); !batch.empty(); batch = late.poll(5000, 500ms)) readable += batch.size();

  EXPECT_EQ(report.messages, static_cast<std::uint64_t>(kMessages));
  EXPECT_GT(report.lost, 0u);
  EXPECT_EQ(report.lost + readable, static_cast<std::uint64_t>(kMessages));  // exactly what a late reader misses
  EXPECT_EQ(report.topics[0].dropped_by_retention, report.lost);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("stream: " + std::to_string(report.lost) + " of " + std::to_string(kMessages) +
                                    " messages were already dropped by retention"),
            std::string::npos)
      << report.problems[0];
}

TEST(FlowControl, ConsumerThatFallsBehindReportsTheOffsetReset) {
  const TopicSpec topics[] = {{"stream", 1, 1}};
  EmbeddedBroker broker(1, topics);
  const std::string names[] = {"stream"};
  KafkaConfig reader_config = broker.client_config();
  reader_config.set("queued.max.messages.kbytes=1024");  // prefetch little, so the reader really falls behind
  reader_config.set("max.partition.fetch.bytes=65536");
  Consumer reader = Consumer::subscribe(reader_config, "behind", names);
  auto sink = make_kafka_sink(broker.client_config(), topics);
  send_numbered(*sink, "stream", 0);
  sink->flush();
  std::size_t got = 0;
  for (int i = 0; i < 300 && got == 0; ++i) got += reader.poll(1, 100ms).size();  // joined, reading
  ASSERT_EQ(got, 1u);
  for (int i = 1; i < kMessages; ++i) send_numbered(*sink, "stream", i);  // unprotected, while the reader sleeps
  sink->flush();
  // librdkafka backs off 500 ms after "offset out of range", then resets: poll until the reset is reported.
  std::vector<std::string> problems;
  const auto deadline = std::chrono::steady_clock::now() + 60s;  // a hang guard, not a speed assertion
  while (problems.empty() && std::chrono::steady_clock::now() < deadline) {
    got += reader.poll(5000, 200ms).size();
    problems = reader.take_problems();
  }
  EXPECT_LT(got, static_cast<std::size_t>(kMessages));
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("data lost: "), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("offset reset"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("Offset out of range"), std::string::npos) << problems[0];
  EXPECT_GT(sink->report().lost, 0u);  // and the producer side says so too
}

TEST(FlowControl, GroupThatNeverReadsStopsTheProducerWithAnError) {
  const TopicSpec topics[] = {{"stream", 1, 1}};
  EmbeddedBroker broker(1, topics);
  KafkaConfig config = broker.client_config();
  config.flow.protect_groups = {"nobody-home"};
  config.flow.max_lag_bytes = 64 << 10;
  config.flow.stall_timeout = 1s;
  auto sink = make_kafka_sink(config, topics);
  auto result = std::async(std::launch::async, [&]() -> std::string {
    try {
      for (int i = 0; i < kMessages; ++i) send_numbered(*sink, "stream", i);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  });
  ASSERT_EQ(result.wait_for(60s), std::future_status::ready) << "the producer hung";
  const std::string what = result.get();
  EXPECT_NE(what.find("consumer group 'nobody-home' has not committed progress for 1 s: on stream[0] it is"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find("committed offset none"), std::string::npos) << what;
}

}  // namespace
}  // namespace chaintwin::bus
