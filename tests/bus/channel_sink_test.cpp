// The in-process channel: every record reaches the consumer thread intact and in order, counts are right, a full
// queue blocks instead of dropping, and a failing consumer callback surfaces as an Error.
#include "pipeline/bus/channel_sink.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::bus {
namespace {

TEST(ChannelSink, DeliversEveryRecordInOrderWithCounts) {
  std::vector<OwnedRecord> seen;  // written by the consumer thread, read after flush()
  ChannelOptions options;
  options.capacity_records = 64;  // small: the producer must block, not drop
  options.batch_records = 16;
  options.on_record = [&](const Record& r) {
    OwnedRecord o;
    o.topic = r.topic;
    o.key = r.key;
    o.payload = r.payload;
    for (const Header& h : r.headers) o.headers.emplace_back(h.name, h.value);
    o.timestamp_ms = r.timestamp_ms;
    seen.push_back(std::move(o));
    if (seen.size() % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a slow consumer
  };
  auto sink = make_channel_sink(options);
  constexpr int kRecords = 10'000;
  std::uint64_t bytes = 0;
  for (int i = 0; i < kRecords; ++i) {
    const std::string key = "dev-" + std::to_string(i % 7);
    const std::string payload = "{\"seq\":" + std::to_string(i) + "}";
    const std::string seq = std::to_string(i);
    const Header hs[] = {{"seq", seq}, {"src", "test"}};
    const Record r{i % 3 == 0 ? "a" : "b", key, payload, hs, 1000 + i};
    bytes += record_bytes(r);
    sink->send(r);
  }
  sink->flush();
  const SinkReport report = sink->report();
  EXPECT_EQ(report.messages, static_cast<std::uint64_t>(kRecords));
  EXPECT_EQ(report.bytes, bytes);
  EXPECT_EQ(report.lost, 0u);
  ASSERT_EQ(report.topics.size(), 2u);
  EXPECT_EQ(report.topics[0].topic, "a");
  EXPECT_EQ(report.topics[0].messages, 3334u);
  EXPECT_EQ(report.topics[1].messages, 6666u);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    const OwnedRecord& r = seen[static_cast<std::size_t>(i)];
    ASSERT_EQ(r.header("seq"), std::to_string(i));
    EXPECT_EQ(r.payload, "{\"seq\":" + std::to_string(i) + "}");
    EXPECT_EQ(r.key, "dev-" + std::to_string(i % 7));
    EXPECT_EQ(r.timestamp_ms, 1000 + i);
    EXPECT_EQ(r.header("src"), "test");
  }
}

TEST(ChannelSink, CountsWithoutCallbackAndAcrossFlushes) {
  auto sink = make_channel_sink();
  for (int i = 0; i < 1000; ++i) sink->send(Record{"t", "k", "payload", {}, 0});
  sink->flush();
  EXPECT_EQ(sink->report().messages, 1000u);
  for (int i = 0; i < 5; ++i) sink->send(Record{"t", "k", "payload", {}, 0});
  EXPECT_EQ(sink->report().messages, 1005u);  // report() waits for the consumer thread
  EXPECT_EQ(sink->report().bytes, 1005u * 8);
}

TEST(ChannelSink, CallbackFailureIsAnError) {
  ChannelOptions options;
  options.on_record = [](const Record& r) {
    if (r.payload == "bad") throw std::runtime_error("cannot decode");
  };
  auto sink = make_channel_sink(options);
  sink->send(Record{"t", "", "good", {}, 0});
  sink->send(Record{"t", "", "bad", {}, 0});
  try {
    sink->flush();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot decode"), std::string::npos) << e.what();
  }
}

TEST(ChannelSink, DestroyWithoutFlushDoesNotHang) {
  auto sink = make_channel_sink(ChannelOptions{8, 2, {}});
  for (int i = 0; i < 100; ++i) sink->send(Record{"t", "", "x", {}, 0});
}

}  // namespace
}  // namespace chaintwin::bus
