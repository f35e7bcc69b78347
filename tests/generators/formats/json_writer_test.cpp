#include "generators/formats/json_writer.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

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

// The reference for value_fixed: to_chars with a precision, "-0.00" written "0.00".
std::string fixed_by_to_chars(double number, int decimals) {
  char buffer[400];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed, decimals);
  std::string text(buffer, result.ptr);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

TEST(JsonWriter, FixedDecimalsMatchToCharsEverywhere) {
  // The integer fast path must round exactly as to_chars: values near halves (0.125, 2.675, 1.005), exact ties,
  // prices, large and tiny magnitudes, negatives, and the neighbours of each.
  std::mt19937_64 rng(42);
  std::vector<double> values = {0.0, 0.125, 0.375, 2.5, 3.5, 2.675, 1.005, 1.015, 0.045, 1e-300, 4503599627370495.5,
                                4503599627370496.0, 123456789.125, 9007199254740993.0, 0.1 + 0.2};
  for (int i = 0; i < 4'000; ++i) {
    values.push_back(static_cast<double>(rng() % 1'000'000) / 100.0);  // prices
    values.push_back(static_cast<double>(rng() % 2'000'001) / 1000.0 + 0.0005);  // halves at 3 decimals
    values.push_back(std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 80) - 70));
  }
  for (std::size_t i = 0, n = values.size(); i < n; ++i) {
    values.push_back(std::nextafter(values[i], 0.0));
    values.push_back(std::nextafter(values[i], 1e300));
  }
  for (const double v : values) {
    for (const double x : {v, -v}) {
      for (int decimals = 0; decimals <= 17; ++decimals) {
        std::string out;
        append_fixed(out, x, decimals);
        ASSERT_EQ(out, fixed_by_to_chars(x, decimals)) << std::hexfloat << x << " with " << decimals << " decimals";
      }
    }
  }
}

TEST(JsonWriter, EscapingFindsEveryByteThatNeedsIt) {
  // Strings of every length around the 8-byte words, with one byte that needs escaping at every position, and
  // long keys and values (written piece by piece rather than in one go).
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string clean(length, 'a');
    std::string out;
    JsonWriter(out).begin_object().key(clean).value(clean).end_object();
    EXPECT_EQ(out, "{\"" + clean + "\":\"" + clean + "\"}");
    for (std::size_t at = 0; at < length; ++at) {
      for (const char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
        std::string dirty = clean;
        dirty[at] = special;
        std::string escaped;
        append_json_escaped(escaped, dirty);
        std::string expected = clean.substr(0, at);
        switch (special) {
          case '"': expected += "\\\""; break;
          case '\\': expected += "\\\\"; break;
          case '\n': expected += "\\n"; break;
          case '\x01': expected += "\\u0001"; break;
          default: expected += "\\u001f"; break;
        }
        expected += clean.substr(at + 1);
        ASSERT_EQ(escaped, expected) << "length " << length << ", at " << at;
        std::string member;
        JsonWriter(member).begin_object().key(dirty).value(dirty).end_object();
        ASSERT_EQ(member, "{\"" + expected + "\":\"" + expected + "\"}");
      }
    }
  }
  const std::string long_text(300, 'x');
  std::string out;
  JsonWriter(out).begin_array().value("a").value(long_text).value("\xc3\xa9").end_array();
  EXPECT_EQ(out, "[\"a\",\"" + long_text + "\",\"\xc3\xa9\"]");
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
