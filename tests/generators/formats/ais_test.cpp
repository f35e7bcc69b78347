#include "generators/formats/ais.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "generators/formats/time_format.hpp"
#include "tests/generators/formats/format_samples.hpp"
#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

// gpsd test/sample.aivdm (from Kurt Schwehr's collection), as quoted in event-formats.md section 4.
constexpr std::string_view kVector = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
constexpr std::string_view kVectorPayload = "15RTgt0PAso;90TKcjM8h6g208CQ";

TEST(AisNmea, DecodesTheReferenceVector) {
  const auto r = decode_aivdm(kVector);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->message_type, 1u);
  EXPECT_EQ(r->repeat, 0u);
  EXPECT_EQ(r->mmsi, 371798000u);
  EXPECT_EQ(r->nav_status, 0u);
  EXPECT_EQ(r->sog_tenths, 123u);
  EXPECT_NEAR(*r->sog_knots(), 12.3, 1e-12);
  EXPECT_NEAR(*r->longitude(), -123.3954, 5e-5);
  EXPECT_NEAR(*r->latitude(), 48.3816, 5e-5);
  EXPECT_EQ(r->cog_tenths, 2240u);
  EXPECT_EQ(*r->cog_degrees(), 224.0);
  EXPECT_EQ(*r->true_heading(), 215u);
  // The raw units: 1/10000 minute.
  EXPECT_EQ(r->lon_ten_thousandths_min, -74037230);
  EXPECT_EQ(r->lat_ten_thousandths_min, 29028980);
}

TEST(AisNmea, EncodingTheDecodedReportGivesBackTheSentence) {
  const auto r = decode_aivdm(kVector);
  ASSERT_TRUE(r.has_value());
  std::string payload;
  append_ais_payload(payload, *r);
  EXPECT_EQ(payload, kVectorPayload);
  std::string sentence;
  write_aivdm(sentence, *r, 'A');
  EXPECT_EQ(sentence, kVector);
}

TEST(AisNmea, EncodingFromDegreesMatchesTheVectorPosition) {
  const auto reference = decode_aivdm(kVector);
  ASSERT_TRUE(reference.has_value());
  AisKinematics k;
  k.longitude = -74037230 / 600000.0;
  k.latitude = 29028980 / 600000.0;
  k.sog_knots = 12.3;
  k.cog_degrees = 224.0;
  k.heading = 215;
  k.second = reference->second;
  AisPositionReport r = make_ais_position_report(371798000, 0, k);
  // The fields the degrees API does not set come from the reference (turn, accuracy, radio state).
  r.turn = reference->turn;
  r.position_accuracy = reference->position_accuracy;
  r.maneuver = reference->maneuver;
  r.raim = reference->raim;
  r.radio_status = reference->radio_status;
  std::string payload;
  append_ais_payload(payload, r);
  EXPECT_EQ(payload, kVectorPayload);
}

TEST(AisNmea, NotAvailableSentinelsRoundTrip) {
  const AisPositionReport r = make_ais_position_report(244670316, 1, AisKinematics{});
  EXPECT_EQ(r.lon_ten_thousandths_min, 181 * 600000);
  EXPECT_EQ(r.lat_ten_thousandths_min, 91 * 600000);
  EXPECT_EQ(r.sog_tenths, 1023u);
  EXPECT_EQ(r.cog_tenths, 3600u);
  EXPECT_EQ(r.heading, 511u);
  std::string sentence;
  write_aivdm(sentence, r, 'B');
  const auto back = decode_aivdm(sentence);
  ASSERT_TRUE(back.has_value()) << sentence;
  EXPECT_FALSE(back->longitude().has_value());
  EXPECT_FALSE(back->latitude().has_value());
  EXPECT_FALSE(back->sog_knots().has_value());
  EXPECT_FALSE(back->cog_degrees().has_value());
  EXPECT_FALSE(back->true_heading().has_value());
  EXPECT_EQ(back->mmsi, 244670316u);
  EXPECT_EQ(back->nav_status, 1u);
}

TEST(AisNmea, SouthernAndEasternHemispheresAndClamping) {
  AisKinematics k;
  k.longitude = 151.2093;
  k.latitude = -33.8688;
  k.sog_knots = 150.0;    // beyond the field: clamped to 102.2
  k.cog_degrees = 359.99;  // rounds to 3600 = not available: clamped to 359.9
  k.heading = 360;
  const AisPositionReport r = make_ais_position_report(503000001, 5, k);
  std::string sentence;
  write_aivdm(sentence, r);
  const auto back = decode_aivdm(sentence);
  ASSERT_TRUE(back.has_value());
  EXPECT_NEAR(*back->longitude(), 151.2093, 1e-6);
  EXPECT_NEAR(*back->latitude(), -33.8688, 1e-6);
  EXPECT_EQ(back->sog_tenths, 1022u);
  EXPECT_EQ(back->cog_tenths, 3599u);
  EXPECT_EQ(back->heading, 0u);
}

TEST(AisNmea, RejectsBadChecksumFramingAndTypes) {
  std::string bad(kVector);
  bad.back() = 'B';
  EXPECT_FALSE(decode_aivdm(bad).has_value());
  EXPECT_FALSE(decode_aivdm("!AIVDM,2,1,3,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A").has_value());
  EXPECT_FALSE(decode_aivdm("garbage").has_value());
  EXPECT_FALSE(decode_aivdm("").has_value());
  // Type 5 (static data) is not a position report.
  AisPositionReport five;
  five.message_type = 5;
  std::string sentence;
  write_aivdm(sentence, five);
  EXPECT_FALSE(decode_aivdm(sentence).has_value());
}

TEST(AisNmea, V2PrependsATagBlockWithTheReceiveTime) {
  const auto r = decode_aivdm(kVector);
  std::string sentence;
  write_aivdm(sentence, *r, 'A', unix_ns_from_civil(2025, 3, 21, 14, 30, 12) + 900 * kNanosPerMilli,
              WriteOptions{SchemaVersion::kV2});
  // Checksum of "c:1742567412": XOR of its characters.
  std::uint8_t x = 0;
  for (char c : std::string_view("c:1742567412")) x ^= static_cast<std::uint8_t>(c);
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", x);
  EXPECT_EQ(sentence, "\\c:1742567412*" + std::string(hex) + "\\" + std::string(kVector));
  ASSERT_TRUE(decode_aivdm(sentence).has_value());
  std::string v1;
  write_aivdm(v1, *r, 'A', unix_ns_from_civil(2025, 3, 21, 14, 30, 12));
  EXPECT_EQ(v1, kVector);
}

using testing::full_vessel;

TEST(AisJson, MarineCadastreColumns) {
  std::string json;
  write_ais_position_json(json, full_vessel());
  auto doc = testing::parse(json);
  ASSERT_TRUE(doc->ok);
  EXPECT_EQ(testing::get_int(doc->root, "MMSI"), 371798000);
  EXPECT_EQ(testing::get_string(doc->root, "BaseDateTime"), "2025-03-21T14:30:12");
  EXPECT_EQ(testing::get_double(doc->root, "LAT"), 48.38163);
  EXPECT_EQ(testing::get_double(doc->root, "LON"), -123.39538);
  EXPECT_EQ(testing::get_double(doc->root, "SOG"), 12.3);
  EXPECT_EQ(testing::get_int(doc->root, "Heading"), 215);
  EXPECT_EQ(testing::get_string(doc->root, "VesselName"), "OCEAN \"STAR\"");
  EXPECT_EQ(testing::get_int(doc->root, "Status"), 0);
}

TEST(AisJson, FieldContractAndV2) {
  testing::check_field_contract(fields(AisMessage::kVesselPositionJson),
                                [](std::string& out, const WriteOptions& o) { write_ais_position_json(out, full_vessel(), o); });
  std::string json;
  write_ais_position_json(json, full_vessel(), WriteOptions{SchemaVersion::kV2});
  auto doc = testing::parse(json);
  EXPECT_EQ(testing::get_int(doc->root, "TrueHeading"), 215);
  EXPECT_EQ(testing::get_string(doc->root, "TransceiverClass"), "A");
  EXPECT_TRUE(fields(AisMessage::kNmeaType1).empty());
}

}  // namespace
}  // namespace chaintwin::formats
