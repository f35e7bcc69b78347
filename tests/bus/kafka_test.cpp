// The Kafka sink, the consumer and the embedded broker together: records survive the round trip with keys, headers
// and timestamps, per-key order holds, kcat in another process reads them (the real protocol), and an unreachable
// cluster gives a clear Error instead of a hang.
#include "pipeline/bus/kafka.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/bus/scratch_dir.hpp"

namespace chaintwin::bus {
namespace {

using namespace std::chrono_literals;
class KcatTest : public testing::ScratchDirTest {};

constexpr std::int64_t kBaseTime = 1'700'000'000'000;

// Sends `n` records over `keys` keys: payload "key:seq", headers seq and source, timestamp kBaseTime + seq.
SinkReport produce(Sink& sink, const std::string& topic, int n, int keys) {
  for (int i = 0; i < n; ++i) {
    const std::string key = "dev-" + std::to_string(i % keys);
    const std::string seq = std::to_string(i);
    const std::string payload = key + ":" + seq;
    const Header hs[] = {{"seq", seq}, {"source", "test"}};
    sink.send(Record{topic, key, payload, hs, kBaseTime + i});
  }
  sink.flush();
  return sink.report();
}

std::vector<OwnedRecord> read_all(Consumer& consumer, std::size_t expected, std::chrono::seconds limit = 30s) {
  std::vector<OwnedRecord> all;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (all.size() < expected && std::chrono::steady_clock::now() < deadline) {
    for (auto& r : consumer.poll(1000, 100ms)) all.push_back(std::move(r));
  }
  return all;
}

TEST(EmbeddedBroker, RoundTripKeepsKeysHeadersTimestampsAndPerKeyOrder) {
  const TopicSpec topics[] = {{"events", 4, 3}};
  EmbeddedBroker broker(3, topics);
  EXPECT_NE(broker.bootstraps().find("127.0.0.1:"), std::string::npos);
  constexpr int kMessages = 2000;
  {
    auto sink = make_kafka_sink(broker.client_config(), topics);
    const SinkReport report = produce(*sink, "events", kMessages, 10);
    EXPECT_EQ(report.messages, static_cast<std::uint64_t>(kMessages));
    EXPECT_EQ(report.lost, 0u);
    ASSERT_EQ(report.topics.size(), 1u);
    EXPECT_EQ(report.topics[0].delivered, static_cast<std::uint64_t>(kMessages));
    EXPECT_TRUE(report.problems.empty()) << report.problems[0];
  }
  const std::string names[] = {"events"};
  Consumer consumer = Consumer::from_beginning(broker.client_config(), names);
  const auto records = read_all(consumer, kMessages);
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kMessages));

  std::map<std::string, int> last_seq;      // per key: sequence numbers must increase
  std::map<std::string, int> partition_of;  // per key: one partition
  std::set<int> seen;
  for (const OwnedRecord& r : records) {
    EXPECT_EQ(r.topic, "events");
    const int seq = std::stoi(std::string(r.header("seq")));
    EXPECT_TRUE(seen.insert(seq).second) << "duplicate " << seq;
    EXPECT_EQ(r.key, "dev-" + std::to_string(seq % 10));
    EXPECT_EQ(r.payload, r.key + ":" + std::to_string(seq));
    EXPECT_EQ(r.header("source"), "test");
    EXPECT_EQ(r.timestamp_ms, kBaseTime + seq);
    auto [it, fresh] = last_seq.try_emplace(r.key, seq);
    if (!fresh) {
      EXPECT_GT(seq, it->second) << "order broken for key " << r.key;
      it->second = seq;
    }
    auto [p, first] = partition_of.try_emplace(r.key, r.partition);
    EXPECT_EQ(p->second, r.partition) << r.key;
  }
  EXPECT_EQ(last_seq.size(), 10u);
  std::set<int> partitions;
  for (const auto& [key, p] : partition_of) partitions.insert(p);
  EXPECT_GT(partitions.size(), 1u);  // keys are spread over partitions
}

// Joining a group and committing. That a commit is visible to other clients is proven by
// FlowControl.ProtectedSlowGroupGetsEveryMessage: the producer there only unblocks when it reads the group's commits.
// (A second member joining after this one left would wait session.timeout.ms + ~5 s on the mock: too slow here.)
TEST(EmbeddedBroker, GroupConsumerReadsEveryPartitionAndCommits) {
  const TopicSpec topics[] = {{"orders", 3, 1}};
  EmbeddedBroker broker(1, topics);
  {
    auto sink = make_kafka_sink(broker.client_config(), topics);
    produce(*sink, "orders", 100, 5);
  }
  const std::string names[] = {"orders"};
  Consumer consumer = Consumer::subscribe(broker.client_config(), "readers", names);
  const auto records = read_all(consumer, 100);
  EXPECT_EQ(records.size(), 100u);
  EXPECT_EQ(consumer.assigned_partitions(), 3u);
  EXPECT_TRUE(consumer.commit());
  EXPECT_TRUE(consumer.commit());  // nothing new: still fine
  EXPECT_TRUE(consumer.take_problems().empty());
}

TEST_F(KcatTest, KcatInAnotherProcessReadsWhatWasProduced) {
#ifndef CHAINTWIN_KCAT
  GTEST_SKIP() << "kcat is not installed";
#else
  if (!std::filesystem::exists(CHAINTWIN_KCAT)) GTEST_SKIP() << "kcat is not installed";
  const auto bootstrap_file = dir_ / "bootstrap.txt";
  const TopicSpec topics[] = {{"telemetry", 3, 3}};
  {
    EmbeddedBroker broker(3, topics, bootstrap_file);
    std::string address;
    std::getline(std::ifstream(bootstrap_file), address);
    EXPECT_EQ(address, broker.bootstraps());
    {
      auto sink = make_kafka_sink(broker.client_config(), topics);
      produce(*sink, "telemetry", 300, 7);
    }
    const std::string command =
        std::string(CHAINTWIN_KCAT) + " -b " + address + " -C -t telemetry -e -o beginning -q -f '%k|%s|%T|%h\\n' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    ASSERT_TRUE(pipe);
    std::set<std::string> lines;
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) lines.insert(buf.data());
    EXPECT_EQ(lines.size(), 300u);
    for (int i = 0; i < 300; ++i) {
      const std::string key = "dev-" + std::to_string(i % 7);
      const std::string line = key + "|" + key + ":" + std::to_string(i) + "|" + std::to_string(kBaseTime + i) +
                               "|seq=" + std::to_string(i) + ",source=test\n";
      EXPECT_TRUE(lines.count(line)) << "missing: " << line << "first line: " << *lines.begin();
    }
  }
  EXPECT_FALSE(std::filesystem::exists(bootstrap_file));  // removed when the broker stops
#endif
}

// Runs `body` on another thread and fails (instead of hanging the suite) if it takes longer than 60 s. The bound
// catches a hang; it is not a speed assertion.
std::string error_within_a_minute(std::function<void()> body) {
  auto result = std::async(std::launch::async, [&]() -> std::string {
    try {
      body();
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  });
  if (result.wait_for(60s) != std::future_status::ready) {
    ADD_FAILURE() << "hung for 60 s";
    std::abort();  // the thread cannot be cancelled: stop here rather than hang the suite
  }
  return result.get();
}

TEST(UnreachableBroker, SinkFailsWithAClearMessage) {
  KafkaConfig config;
  config.brokers = "127.0.0.1:1";
  config.set("sasl.password=hunter2");
  const std::string what = error_within_a_minute([&] { (void)make_kafka_sink(config, {}); });
  EXPECT_NE(what.find("cannot reach Kafka at 127.0.0.1:1 within 5 s: "), std::string::npos) << what;
  EXPECT_NE(what.find("sasl.password=***"), std::string::npos) << what;
  EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
}

TEST(UnreachableBroker, ConsumerFailsWithAClearMessage) {
  KafkaConfig config;
  config.brokers = "127.0.0.1:1";
  config.connect_timeout = 2s;
  const std::string names[] = {"t"};
  const std::string what = error_within_a_minute([&] { (void)Consumer::subscribe(config, "g", names); });
  EXPECT_NE(what.find("cannot reach Kafka at 127.0.0.1:1 within 2 s"), std::string::npos) << what;
}

TEST(UnreachableBroker, DestroyingASinkWithUndeliveredMessagesDoesNotHang) {
  const TopicSpec topics[] = {{"t", 1, 1}};
  EmbeddedBroker broker(1, topics);
  KafkaConfig config = broker.client_config();
  config.close_timeout = 1s;
  config.flush_timeout = 1s;
  std::string what = error_within_a_minute([&] {
    auto sink = make_kafka_sink(config, topics);
    broker.set_broker_down(1, true);
    for (int i = 0; i < 100; ++i) sink->send(Record{"t", "k", "payload", {}, 0});
    sink->flush();  // cannot deliver: Error after flush_timeout; then the destructor purges
  });
  EXPECT_NE(what.find("100 messages not delivered to Kafka at " + broker.bootstraps() + " within 1 s"),
            std::string::npos)
      << what;
}

// A stream processor's checkpoint waits for mark()/reached() instead of flush(): a mark is reached only once every
// record sent before it is acknowledged, and records sent after it do not hold it back.
TEST(EmbeddedBroker, AMarkIsReachedOnceEveryRecordBeforeItIsAcknowledged) {
  const TopicSpec topics[] = {{"t", 1, 1}};
  EmbeddedBroker broker(1, topics);
  auto sink = make_kafka_sink(broker.client_config(), topics);
  auto reached_within = [&](std::uint64_t mark, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!sink->reached(mark) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return sink->reached(mark);
  };
  sink->send(Record{"t", "k", "first", {}, 0});
  const std::uint64_t first = sink->mark();
  ASSERT_TRUE(reached_within(first, 30s));

  broker.set_broker_down(1, true);
  for (int i = 0; i < 10; ++i) sink->send(Record{"t", "k", "held", {}, 0});
  const std::uint64_t held = sink->mark();
  EXPECT_TRUE(sink->reached(first));  // later records do not hold an earlier mark back
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(sink->reached(held));  // nothing can be acknowledged while the broker is down
  sink->send(Record{"t", "k", "after the mark", {}, 0});
  broker.set_broker_down(1, false);
  EXPECT_TRUE(reached_within(held, 60s));
  sink->flush();
  EXPECT_EQ(sink->report().topics[0].delivered, 12u);
}

TEST(EmbeddedBroker, DeliveryErrorsAreCountedAsLostAndReported) {
  const TopicSpec topics[] = {{"t", 1, 1}};
  EmbeddedBroker broker(1, topics);
  auto sink = make_kafka_sink(broker.client_config(), topics);
  sink->send(Record{"t", "k", "before", {}, 0});
  sink->flush();
  broker.fail_next_produce_requests(1);
  for (int i = 0; i < 10; ++i) sink->send(Record{"t", "k", "payload", {}, 0});
  sink->flush();  // returns: the messages failed, they are not outstanding any more
  // librdkafka now remembers the topic as unauthorized: the next send fails at once, with a clear Error.
  try {
    sink->send(Record{"t", "k", "after", {}, 0});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot send to Kafka topic t (6 B): "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Topic authorization failed"), std::string::npos) << e.what();
  }
  const SinkReport report = sink->report();
  EXPECT_EQ(report.messages, 11u);
  ASSERT_EQ(report.topics.size(), 1u);
  const TopicReport& t = report.topics[0];
  EXPECT_GT(t.delivery_errors, 0u);  // the failed request's batch: all 10 unless linger split them
  EXPECT_EQ(t.delivered + t.delivery_errors, 11u);
  EXPECT_EQ(report.lost, t.delivery_errors);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find("t: " + std::to_string(t.delivery_errors) + " messages could not be delivered ("),
            std::string::npos)
      << report.problems[0];
}

// Optional topics (an output a third-party pipeline does not write, a source switched off) are looked up, not
// assumed: existing_topics keeps those the cluster has, in the order asked.
TEST(EmbeddedBroker, ExistingTopicsAreThoseTheClusterHas) {
  const TopicSpec topics[] = {{"positions", 2, 1}, {"progress", 1, 1}};
  EmbeddedBroker broker(1, topics);
  const std::string asked[] = {"progress", "alerts", "positions", "duplicates"};
  EXPECT_EQ(existing_topics(broker.client_config(), asked), (std::vector<std::string>{"progress", "positions"}));
}

TEST(EmbeddedBroker, MissingTopicOrBadBrokerCountIsAnError) {
  EXPECT_THROW(EmbeddedBroker(0), Error);
  EmbeddedBroker broker(1);
  EXPECT_THROW(broker.create_topic(TopicSpec{"bad topic", 1, 1}), Error);
  const std::string names[] = {"absent"};
  EXPECT_THROW((void)Consumer::from_beginning(broker.client_config(), names), Error);
}

}  // namespace
}  // namespace chaintwin::bus
