#include "generators/formats/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/generators/formats/json_test_support.hpp"

namespace chaintwin::formats {
namespace {

TEST(JsonWriter, NestedContainersGetCommasOnlyBetweenSiblings) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").begin_array().value(1).value(2).begin_object().end_object().begin_array().end_array().end_array();
  w.key("b").begin_object().key("c").null().key("d").value(true).end_object();
  w.key("e").value("x");
  w.end_object();
  EXPECT_EQ(out, R"({"a":[1,2,{},[]],"b":{"c":null,"d":true},"e":"x"})");
  auto doc = testing::parse(out);
  EXPECT_TRUE(doc->ok);
}

TEST(JsonWriter, AppendsToExistingContent) {
  std::string out = "prefix:";
  JsonWriter(out).begin_array().value(false).end_array();
  EXPECT_EQ(out, "prefix:[false]");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  const std::string nasty = std::string("q\"b\\n\n r\r t\t b\b f\f nul") + '\0' + "\x1f end \xc3\xa9";
  JsonWriter(out).value(nasty);
  EXPECT_EQ(out, "\"q\\\"b\\\\n\\n r\\r t\\t b\\b f\\f nul\\u0000\\u001f end \xc3\xa9\"");
  auto doc = testing::parse(out);
  std::string_view back;
  ASSERT_FALSE(doc->root.get(back));
  EXPECT_EQ(back, nasty);
}

TEST(JsonWriter, EscapesKeysToo) {
  std::string out;
  JsonWriter(out).begin_object().key("a\"b").value(1).end_object();
  EXPECT_EQ(out, R"({"a\"b":1})");
}

TEST(JsonWriter, IntegersCoverTheFullRange) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .value(std::numeric_limits<std::int64_t>::min())
      .value(std::numeric_limits<std::uint64_t>::max())
      .value(0)
      .value(-7)
      .end_array();
  EXPECT_EQ(out, "[-9223372036854775808,18446744073709551615,0,-7]");
}

TEST(JsonWriter, FixedDecimalsRoundAndNeverWriteNegativeZero) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .value_fixed(12.345, 1)
      .value_fixed(2.5, 0)
      .value_fixed(-0.0001, 2)
      .value_fixed(-0.0, 1)
      .value_fixed(-3.14159, 3)
      .value_fixed(1e20, 2)
      .value_fixed(std::nan(""), 2)
      .value_fixed(std::numeric_limits<double>::infinity(), 2)
      .end_array();
  EXPECT_EQ(out, "[12.3,2,0.00,0.0,-3.142,100000000000000000000.00,null,null]");
  EXPECT_TRUE(testing::parse(out)->ok);
}

TEST(JsonWriter, TrimmedDecimalsDropTrailingZeros) {
  std::string out;
  JsonWriter(out)
      .begin_array()
      .value_trimmed(10.0, 3)
      .value_trimmed(200.5, 3)
      .value_trimmed(0.1 + 0.2, 3)
      .value_trimmed(-0.0004, 3)
      .value_trimmed(7.0, 0)
      .end_array();
  EXPECT_EQ(out, "[10,200.5,0.3,0,7]");
}

TEST(JsonWriter, StringPiecesAndRawValues) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("t").begin_string();
  w.out() += "2025";
  w.end_string().key("raw").raw_value("[1,2]").end_object();
  EXPECT_EQ(out, R"({"t":"2025","raw":[1,2]})");
}

TEST(WriteOptions, OmitsByName) {
  const std::string_view omit[] = {"speed", "attributes.sat"};
  const WriteOptions options{SchemaVersion::kV2, omit};
  EXPECT_TRUE(options.omits("speed"));
  EXPECT_TRUE(options.omits("attributes.sat"));
  EXPECT_FALSE(options.omits("sat"));
  EXPECT_TRUE(options.writes("course"));
  EXPECT_TRUE(options.v2());
  EXPECT_FALSE(WriteOptions{}.v2());
}

}  // namespace
}  // namespace chaintwin::formats
