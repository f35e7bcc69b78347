// Every JSON message kind against its field list, and the samples of docs/formats.md against the writers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "generators/formats/ais.hpp"
#include "generators/formats/sparkplug.hpp"
#include "tests/generators/formats/format_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

namespace fs = std::filesystem;

TEST(AllFormats, EveryKindKeepsItsFieldContract) {
  const auto samples = testing::all_json_samples();
  EXPECT_EQ(samples.size(), 22u);
  for (const auto& sample : samples) {
    SCOPED_TRACE(sample.name);
    EXPECT_FALSE(sample.fields.empty());
    testing::check_field_contract(sample.fields, sample.write);
  }
}

TEST(AllFormats, WritersAreDeterministicAndAppendOnly) {
  for (const auto& sample : testing::all_json_samples()) {
    std::string a = "keep|", b;
    sample.write(a, WriteOptions{});
    sample.write(b, WriteOptions{});
    EXPECT_EQ(a, "keep|" + b) << sample.name;
  }
}

// The samples shown in docs/formats.md must be exactly what the writers produce today. All samples are written to
// <build>/tests/generators/formats/formats_json_test_out/samples.md (the doc was made from it); the doc shows the v1
// sample of every kind and the v2 sample of every kind whose v2 is not already shown by a sibling.
bool documented(const std::string& name, SchemaVersion version) {
  if (name == "sparkplug NBIRTH" || name == "sparkplug DBIRTH") return false;  // same shape as DDATA
  if (version == SchemaVersion::kV1) return true;
  return name.rfind("epcis", 0) != 0 && name != "sparkplug NDEATH";  // EPCIS v2: described, one diff shown
}
TEST(AllFormats, DocsShowWhatTheWritersProduce) {
  std::string listing;
  std::vector<std::string> expected;
  for (const auto& sample : testing::all_json_samples()) {
    for (const SchemaVersion version : {SchemaVersion::kV1, SchemaVersion::kV2}) {
      std::string json;
      sample.write(json, WriteOptions{version});
      listing += "### " + sample.name + (version == SchemaVersion::kV1 ? " (v1)" : " (v2)") + "\n```json\n" + json +
                 "\n```\n";
      if (documented(sample.name, version)) expected.push_back(json);
    }
  }
  const auto vector = decode_aivdm("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A");
  ASSERT_TRUE(vector.has_value());
  std::string nmea_v1, nmea_v2, topic;
  write_aivdm(nmea_v1, *vector, 'A', testing::kSampleTime);
  write_aivdm(nmea_v2, *vector, 'A', testing::kSampleTime, WriteOptions{SchemaVersion::kV2});
  append_sparkplug_topic(topic, "DC14", SparkplugMessageType::kDData, "edge-dock", "Dock03");
  listing += "### nmea\n```\n" + nmea_v1 + "\n" + nmea_v2 + "\n" + topic + "\n```\n";
  expected.push_back(nmea_v1);
  expected.push_back(nmea_v2);
  expected.push_back(topic);

  const fs::path scratch = CHAINTWIN_FORMATS_SCRATCH_DIR;
  fs::create_directories(scratch);
  std::ofstream(scratch / "samples.md", std::ios::binary) << listing;

  const fs::path doc_path = fs::path(CHAINTWIN_FORMATS_TEST_DIR) / ".." / ".." / ".." / "docs" / "formats.md";
  std::ifstream doc_file(doc_path, std::ios::binary);
  ASSERT_TRUE(doc_file) << doc_path;
  const std::string doc((std::istreambuf_iterator<char>(doc_file)), std::istreambuf_iterator<char>());
  for (const std::string& json : expected) {
    EXPECT_NE(doc.find(json), std::string::npos) << "docs/formats.md lacks the current sample:\n" << json;
  }
}

}  // namespace
}  // namespace chaintwin::formats
