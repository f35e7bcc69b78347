#include "generators/formats/sparkplug.hpp"

#include <gtest/gtest.h>

#include "generators/formats/time_format.hpp"
#include "tests/generators/formats/format_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

const std::int64_t kT = testing::kSampleTime;
using testing::kDockMetrics;

TEST(Sparkplug, DdataMatchesTheReferenceShape) {
  const SparkplugMetric door[] = {
      {.name = "Dock03/DoorOpen", .timestamp_ns = kT - 50 * kNanosPerMilli, .value = true}};
  std::string json;
  write_sparkplug_payload(json, SparkplugMessageType::kDData, {kT, door, 17});
  EXPECT_EQ(json,
            R"({"timestamp":1742567412000,"metrics":[{"name":"Dock03/DoorOpen","timestamp":1742567411950,)"
            R"("dataType":"Boolean","value":true}],"seq":17})");
}

TEST(Sparkplug, ValueTypesParse) {
  std::string json;
  write_sparkplug_payload(json, SparkplugMessageType::kDBirth, {kT, kDockMetrics, 0});
  auto doc = testing::parse(json);
  ASSERT_TRUE(doc->ok);
  EXPECT_TRUE(testing::get_bool(doc->root, "metrics/0/value"));
  EXPECT_EQ(testing::get_int(doc->root, "metrics/1/value"), 18233);
  EXPECT_EQ(testing::get_double(doc->root, "metrics/2/value"), 1.23);
  EXPECT_EQ(testing::get_string(doc->root, "metrics/3/value"), "OPEN");
  EXPECT_EQ(testing::get_string(doc->root, "metrics/1/dataType"), "Int64");
  EXPECT_EQ(testing::get_int(doc->root, "metrics/3/alias"), 4);
  EXPECT_EQ(testing::get_int(doc->root, "seq"), 0);
}

TEST(Sparkplug, FieldContractPerMessageType) {
  for (auto type : {SparkplugMessageType::kNBirth, SparkplugMessageType::kDBirth, SparkplugMessageType::kDData,
                    SparkplugMessageType::kNDeath}) {
    SCOPED_TRACE(to_string(type));
    testing::check_field_contract(fields(type), [type](std::string& out, const WriteOptions& o) {
      write_sparkplug_payload(out, type, {kT, kDockMetrics, 42}, o);
    });
  }
  std::string death;
  write_sparkplug_payload(death, SparkplugMessageType::kNDeath, {kT, kDockMetrics, 42});
  EXPECT_FALSE(testing::has(testing::parse(death)->root, "seq"));
}

TEST(Sparkplug, V2RenamesDataType) {
  std::string json;
  write_sparkplug_payload(json, SparkplugMessageType::kDData, {kT, kDockMetrics, 1}, WriteOptions{SchemaVersion::kV2});
  auto doc = testing::parse(json);
  EXPECT_EQ(testing::get_string(doc->root, "metrics/0/datatype"), "Boolean");
  EXPECT_FALSE(testing::has(doc->root, "metrics/0/dataType"));
}

TEST(Sparkplug, SequenceWrapsAfter255AndResetsAtBirth) {
  SparkplugSequence seq;
  EXPECT_EQ(seq.birth(), 0);
  for (int expected = 1; expected <= 255; ++expected) ASSERT_EQ(seq.next(), expected);
  EXPECT_EQ(seq.next(), 0);
  EXPECT_EQ(seq.next(), 1);
  EXPECT_EQ(seq.birth(), 0);
  EXPECT_EQ(seq.next(), 1);
  // The written seq after a wrap.
  SparkplugSequence s;
  s.birth();
  std::uint8_t last = 0;
  for (int i = 0; i < 300; ++i) last = s.next();
  std::string json;
  write_sparkplug_payload(json, SparkplugMessageType::kDData, {kT, kDockMetrics, last});
  EXPECT_EQ(testing::get_int(testing::parse(json)->root, "seq"), 300 % 256);
}

TEST(Sparkplug, TopicPaths) {
  std::string topic;
  append_sparkplug_topic(topic, "DC14", SparkplugMessageType::kDData, "edge-dock", "Dock03");
  EXPECT_EQ(topic, "spBv1.0/DC14/DDATA/edge-dock/Dock03");
  topic.clear();
  append_sparkplug_topic(topic, "DC14", SparkplugMessageType::kNBirth, "edge-dock");
  EXPECT_EQ(topic, "spBv1.0/DC14/NBIRTH/edge-dock");
}

}  // namespace
}  // namespace chaintwin::formats
