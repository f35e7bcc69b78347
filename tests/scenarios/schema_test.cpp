// The binder: every field type round-trips, defaults survive, and each kind of error is reported at the right
// file:line:column with its field path and a message saying what was expected.
#include "scenarios/schema.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::scenarios {
namespace {

using sim::SimTime;

enum class Mode { kFifo, kLifo };

struct Item {
  std::string sku;
  std::uint32_t quantity = 1;
};

struct All {
  bool flag = false;
  std::int32_t small = -1;
  std::uint16_t tiny = 7;
  std::int64_t big = 0;
  std::uint64_t huge = 0;
  double ratio = 0.5;
  std::string label = "default";
  SimTime wait = sim::hours(1);
  Mode mode = Mode::kFifo;
  std::vector<std::int32_t> numbers{1, 2};
  std::vector<std::string> tags;
  std::vector<SimTime> waits;
  std::vector<Item> items;
  Item main;
};

const Schema<Item>& item_schema() {
  static const Schema<Item> schema = [] {
    Schema<Item> s("Item", "An order line.");
    s.field("sku", &Item::sku, "what is ordered", "").required().non_empty();
    s.field("quantity", &Item::quantity, "how many", "count").range(1, 100'000);
    return s;
  }();
  return schema;
}

const Schema<All>& all_schema() {
  static const Schema<All> schema = [] {
    Schema<All> s("All", "Every field type.");
    s.field("flag", &All::flag, "a switch", "");
    s.field("small", &All::small, "a signed integer", "count");
    s.field("tiny", &All::tiny, "a 16-bit count", "count");
    s.field("big", &All::big, "a 64-bit integer", "");
    s.field("huge", &All::huge, "a 64-bit count", "count");
    s.field("ratio", &All::ratio, "a share", "fraction").range(0.0, 1.0);
    s.field("label", &All::label, "some text", "").non_empty();
    s.field("wait", &All::wait, "a duration", "").at_least(sim::minutes(1));
    s.choice("mode", &All::mode, "queue discipline", {{"fifo", Mode::kFifo}, {"lifo", Mode::kLifo}});
    s.field("numbers", &All::numbers, "integers", "");
    s.field("tags", &All::tags, "texts", "");
    s.field("waits", &All::waits, "durations", "");
    s.list("items", &All::items, "order lines", item_schema());
    s.nested("main", &All::main, "the main line", item_schema());
    s.rule("tiny", "must not exceed small", [](const All& a) { return a.tiny <= a.small || a.small < 0; });
    return s;
  }();
  return schema;
}

// Loads text that must fail, and returns its diagnostics as printed.
std::vector<std::string> errors(const std::string& text) {
  const Result<All> r = load_text(text, "t.yaml", all_schema());
  EXPECT_FALSE(r.ok()) << "expected errors for:\n" << text;
  std::vector<std::string> lines;
  for (const Diagnostic& d : r.diagnostics()) lines.push_back(d.to_string());
  return lines;
}

TEST(Schema, EveryFieldTypeRoundTrips) {
  const std::string text = R"(flag: true
small: -2147483648
tiny: 65535
big: -9223372036854775808
huge: 18446744073709551615
ratio: 0.25
label: "hello: world"
wait: 90min
mode: lifo
numbers: [3, -4, 5]
tags: [a, "b c"]
waits: [45s, 2d, 1.5h, 36h, 250ms, 2w]
items:
  - sku: apples
    quantity: 12
  - sku: pears
main:
  sku: plums
)";
  const Result<All> r = load_text(text, "t.yaml", all_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const All& a = r.value();
  EXPECT_TRUE(a.flag);
  EXPECT_EQ(a.small, INT32_MIN);
  EXPECT_EQ(a.tiny, 65535);
  EXPECT_EQ(a.big, INT64_MIN);
  EXPECT_EQ(a.huge, UINT64_MAX);
  EXPECT_EQ(a.ratio, 0.25);
  EXPECT_EQ(a.label, "hello: world");
  EXPECT_EQ(a.wait, sim::minutes(90));
  EXPECT_EQ(a.mode, Mode::kLifo);
  EXPECT_EQ(a.numbers, (std::vector<std::int32_t>{3, -4, 5}));
  EXPECT_EQ(a.tags, (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(a.waits, (std::vector<SimTime>{sim::seconds(45), sim::days(2), sim::minutes(90), sim::hours(36),
                                           sim::milliseconds(250), sim::days(14)}));
  ASSERT_EQ(a.items.size(), 2u);
  EXPECT_EQ(a.items[0].sku, "apples");
  EXPECT_EQ(a.items[0].quantity, 12u);
  EXPECT_EQ(a.items[1].sku, "pears");
  EXPECT_EQ(a.items[1].quantity, 1u);  // the item's own default
  EXPECT_EQ(a.main.sku, "plums");
}

TEST(Schema, AbsentFieldsKeepTheirDefaults) {
  const Result<All> r = load_text("flag: true\nmain: {sku: x}\n", "t.yaml", all_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  const All defaults;
  EXPECT_EQ(r.value().small, defaults.small);
  EXPECT_EQ(r.value().ratio, defaults.ratio);
  EXPECT_EQ(r.value().label, defaults.label);
  EXPECT_EQ(r.value().wait, defaults.wait);
  EXPECT_EQ(r.value().numbers, defaults.numbers);
  EXPECT_EQ(r.value().main.quantity, 1u);
}

TEST(Schema, DiagnosticFormatIsGccStyle) {
  EXPECT_EQ((Diagnostic{"a.yaml", 3, 7, "network.stores", "must be positive"}).to_string(),
            "a.yaml:3:7: field 'network.stores': must be positive");
  EXPECT_EQ((Diagnostic{"a.yaml", 1, 1, "", "bad"}).to_string(), "a.yaml:1:1: bad");
  EXPECT_EQ((Diagnostic{"a.yaml", 0, 0, "", "gone"}).to_string(), "a.yaml: gone");
}

TEST(Schema, UnknownFieldSuggestsTheClosestAndListsValidOnes) {
  const auto e = errors("flag: true\nlabl: x\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "t.yaml:2:1: field 'labl': unknown field 'labl'; did you mean 'label'? (valid fields: 'flag', 'small', "
            "'tiny', 'big', 'huge', 'ratio', 'label', 'wait', 'mode', 'numbers', 'tags', 'waits', 'items', 'main')");
}

TEST(Schema, UnknownFieldWithTransposedLettersIsSuggested) {
  const auto e = errors("main:\n  skU: x\n  sku: y\n  qunatity: 3\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].find("t.yaml:2:3: field 'main.skU': unknown field 'skU'; did you mean 'sku'?"), std::string::npos);
  EXPECT_NE(e[1].find("t.yaml:4:3: field 'main.qunatity': unknown field 'qunatity'; did you mean 'quantity'?"),
            std::string::npos);
}

TEST(Schema, UnrelatedUnknownFieldGetsNoSuggestion) {
  const auto e = errors("colour: blue\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].find("did you mean"), std::string::npos);
  EXPECT_NE(e[0].find("t.yaml:1:1: field 'colour': unknown field 'colour' (valid fields: 'flag'"), std::string::npos);
}

TEST(Schema, WrongTypeSaysWhatWasExpected) {
  const auto e = errors("small: many\nflag: yes please\nratio: [1]\nmode: FIFO\nwait:\n");
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[0], "t.yaml:1:8: field 'small': expected an integer (count), got 'many'");
  EXPECT_EQ(e[1], "t.yaml:2:7: field 'flag': expected true or false, got 'yes please'");
  EXPECT_EQ(e[2], "t.yaml:3:8: field 'ratio': expected a number (fraction), got a list");
  EXPECT_EQ(e[3], "t.yaml:4:7: field 'mode': expected one of 'fifo', 'lifo', got 'FIFO'; did you mean 'fifo'?");
  EXPECT_EQ(e[4], "t.yaml:5:1: field 'wait': expected a duration such as '36h', got nothing");
}

TEST(Schema, IntegersRejectFractionsAndValuesOutsideTheirType) {
  const auto e = errors("tiny: 65536\nhuge: -1\nsmall: 2.5\nbig: 99999999999999999999\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0], "t.yaml:1:7: field 'tiny': expected a non-negative integer (count) from 0 to 65535, got '65536'");
  EXPECT_EQ(e[1],
            "t.yaml:2:7: field 'huge': expected a non-negative integer (count) from 0 to "
            "18446744073709551615, got '-1'");
  EXPECT_EQ(e[2], "t.yaml:3:8: field 'small': expected an integer (count), got '2.5'");
  EXPECT_EQ(e[3],
            "t.yaml:4:6: field 'big': expected an integer from -9223372036854775808 to 9223372036854775807, "
            "got '99999999999999999999'");
}

TEST(Schema, DoublesRejectNanAndInfinity) {
  const auto e = errors("ratio: .nan\nnumbers: []\n---\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:1:8: field 'ratio': expected a finite number (fraction), got '.nan'");
  EXPECT_EQ(errors("ratio: inf\n")[0], "t.yaml:1:8: field 'ratio': expected a finite number (fraction), got 'inf'");
}

TEST(Schema, DurationsNeedAUnit) {
  const auto e = errors("wait: 36\nwaits: [2 days, -1h]\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0],
            "t.yaml:1:7: field 'wait': expected a duration with a unit, got '36'; write e.g. '36h' or '36d' "
            "(units: w, d, h, min, s, ms, ns)");
  EXPECT_EQ(e[1],
            "t.yaml:2:9: field 'waits[0]': unknown duration unit 'days' in '2 days' "
            "(units: w, d, h, min, s, ms, ns)");
  EXPECT_EQ(e[2],
            "t.yaml:2:17: field 'waits[1]': expected a duration such as '36h' or '90min', got '-1h' "
            "(units: w, d, h, min, s, ms, ns)");
}

TEST(Schema, OutOfRangeNamesTheRange) {
  const auto e = errors("ratio: 1.5\nwait: 30s\nitems:\n  - sku: a\n    quantity: 0\nlabel: ''\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0], "t.yaml:1:8: field 'ratio': must be between 0 and 1, got 1.5");
  EXPECT_EQ(e[1], "t.yaml:2:7: field 'wait': must be at least 1min, got 30s");
  EXPECT_EQ(e[2], "t.yaml:5:15: field 'items[0].quantity': must be between 1 and 100000, got 0");
  EXPECT_EQ(e[3], "t.yaml:6:8: field 'label': must not be empty");
}

TEST(Schema, MissingRequiredFieldIsReportedAtItsStruct) {
  const auto e = errors("flag: true\nitems:\n  - quantity: 3\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:3:5: field 'items[0].sku': missing required field 'sku' (what is ordered)");
}

TEST(Schema, DuplicateKeysAreReported) {
  const auto e = errors("flag: true\nsmall: 3\nflag: false\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:3:1: field 'flag': duplicate field; it was already given at line 1");
}

TEST(Schema, RulesRunOnlyOnCleanStructs) {
  auto e = errors("small: 3\ntiny: 4\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:2:7: field 'tiny': must not exceed small");
  e = errors("small: 3\ntiny: 4\nflag: 2\n");
  ASSERT_EQ(e.size(), 1u);  // the broken flag, not the rule
  EXPECT_NE(e[0].find("field 'flag'"), std::string::npos);
}

TEST(Schema, EveryErrorIsReportedNotJustTheFirst) {
  const auto e = errors("small: x\nmain: {sku: a, quantity: -3}\nnope: 1\ntags: {a: 1}\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_NE(e[0].find("t.yaml:1:8: field 'small'"), std::string::npos);
  EXPECT_NE(e[1].find("t.yaml:2:26: field 'main.quantity'"), std::string::npos);
  EXPECT_NE(e[2].find("t.yaml:3:1: field 'nope'"), std::string::npos);
  EXPECT_EQ(e[3], "t.yaml:4:7: field 'tags': expected a list, got a mapping");
}

TEST(Schema, YamlSyntaxErrorsCarryOneBasedPositions) {
  // yaml-cpp marks where it noticed the problem: the unclosed list is found at the ':' on line 3.
  const auto e = errors("flag: true\nitems: [a, b\nsmall: 3\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:3:6: YAML syntax error: end of sequence flow not found");
  const auto tab = errors("flag: true\nmain:\n\tsku: x\n");
  ASSERT_EQ(tab.size(), 1u);
  EXPECT_EQ(tab[0], "t.yaml:3:5: YAML syntax error: illegal map value");
}

TEST(Schema, SelfReferentialAliasIsReportedNotFollowedForever) {
  const auto e = errors("main: &m\n  sku: *m\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "t.yaml:1:7: nested more than 64 levels deep (an alias that refers to itself?)");  // at the anchor
}

TEST(Schema, TopLevelMustBeAMapping) {
  EXPECT_EQ(errors("- a\n- b\n")[0],
            "t.yaml:1:1: expected a mapping of fields (name: value) at the top level, got a list");
  EXPECT_EQ(errors("just text\n")[0],
            "t.yaml:1:1: expected a mapping of fields (name: value) at the top level, got 'just text'");
}

TEST(Schema, EmptyFileIsReported) {
  EXPECT_EQ(errors("")[0], "t.yaml:1:1: the file has no content; expected a mapping of fields (name: value)");
  EXPECT_EQ(errors("# only a comment\n\n")[0],
            "t.yaml:1:1: the file has no content; expected a mapping of fields (name: value)");
  const std::string path = (std::filesystem::path(testing::TempDir()) / "chaintwin_empty.yaml").string();
  { std::ofstream(path).flush(); }
  const Result<All> r = load_file(path, all_schema());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            path + ":1:1: the file has no content; expected a mapping of fields (name: value)");
  std::filesystem::remove(path);
}

TEST(Schema, MissingFileIsReported) {
  const Result<All> r = load_file("/nonexistent/dir/s.yaml", all_schema());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1u);
  EXPECT_EQ(r.diagnostics()[0].to_string(),
            "/nonexistent/dir/s.yaml: cannot open the scenario file: No such file or directory");
  const Result<All> dir = load_file(testing::TempDir(), all_schema());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.diagnostics()[0].message.find("it is a directory"), std::string::npos);
}

TEST(Schema, DescribeMarkdownListsEveryField) {
  const std::string md = describe_markdown(item_schema());
  EXPECT_EQ(md,
            "### `Item`\n\nAn order line.\n\n"
            "| field | type | unit | default | allowed | description |\n|---|---|---|---|---|---|\n"
            "| `sku` | text |  | required | non-empty | what is ordered |\n"
            "| `quantity` | integer | count | 1 | between 1 and 100000 | how many |\n");
  const std::string all = describe_markdown(all_schema());
  EXPECT_NE(all.find("| `mode` | name |  | fifo | 'fifo', 'lifo' | queue discipline |"), std::string::npos);
  EXPECT_NE(all.find("| `wait` | duration |  | 1h | >= 1min | a duration |"), std::string::npos);
  EXPECT_NE(all.find("| `numbers` | list of integer |  | [1, 2] |  | integers |"), std::string::npos);
  EXPECT_NE(all.find("\nRules:\n- `tiny`: must not exceed small\n"), std::string::npos);
}

// Arrays, optionals, optional blocks and custom decoders.
struct Extras {
  std::array<double, 3> weights = {1.0, 2.0, 3.0};
  std::optional<double> limit;
  std::optional<Item> extra;
  std::vector<double> levels;
  std::pair<bool, std::string> switch_or_name{false, ""};
};

const Schema<Extras>& extras_schema() {
  static const Schema<Extras> schema = [] {
    Schema<Extras> s("Extras", "Fixed lists, optional values and a custom field.");
    s.field("weights", &Extras::weights, "three weights", "kg").each_at_least(0.0);
    s.field("limit", &Extras::limit, "an optional limit", "km").above(0.0).default_text("no limit");
    s.nested("extra", &Extras::extra, "an optional line", item_schema());
    s.field("levels", &Extras::levels, "levels", "").each_at_least(1.0);
    s.custom(
        "switch", &Extras::switch_or_name, "true or a name", "", "boolean or text",
        [](const Node& n, std::pair<bool, std::string>& out, DecodeContext& ctx, const std::string& path) {
          bool flag = false;
          if (!detail::parse_bool(n, flag)) {
            out = {flag, ""};
            return true;
          }
          if (n.kind == Node::Kind::kScalar) {
            out = {false, n.scalar};
            return true;
          }
          ctx.error(n, path, "expected true, false or a name, got " + detail::describe_got(n));
          return false;
        },
        [](const std::pair<bool, std::string>& v) { return v.first ? std::string("true") : v.second; });
    return s;
  }();
  return schema;
}

std::vector<std::string> extras_errors(const std::string& text) {
  const Result<Extras> r = load_text(text, "x.yaml", extras_schema());
  EXPECT_FALSE(r.ok()) << "expected errors for:\n" << text;
  std::vector<std::string> lines;
  for (const Diagnostic& d : r.diagnostics()) lines.push_back(d.to_string());
  return lines;
}

TEST(Schema, ArraysOptionalsAndCustomFieldsRoundTrip) {
  Result<Extras> r =
      load_text("weights: [0, 0.5, 7]\nlimit: 12.5\nextra: {sku: figs}\nswitch: true\n", "x.yaml", extras_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  EXPECT_EQ(r.value().weights, (std::array<double, 3>{0.0, 0.5, 7.0}));
  EXPECT_EQ(r.value().limit, 12.5);
  ASSERT_TRUE(r.value().extra.has_value());
  EXPECT_EQ(r.value().extra->sku, "figs");
  EXPECT_EQ(r.value().extra->quantity, 1u);
  EXPECT_TRUE(r.value().switch_or_name.first);

  r = load_text("switch: fast\n", "x.yaml", extras_schema());
  ASSERT_TRUE(r.ok()) << to_string(r.diagnostics());
  EXPECT_EQ(r.value().weights, (std::array<double, 3>{1.0, 2.0, 3.0}));  // absent: the default
  EXPECT_FALSE(r.value().limit.has_value());
  EXPECT_FALSE(r.value().extra.has_value());
  EXPECT_EQ(r.value().switch_or_name.second, "fast");
}

TEST(Schema, ArraysNeedExactlyTheirSizeAndItemsAreCheckedWhereWritten) {
  auto e = extras_errors("weights: [1, 2]\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "x.yaml:1:10: field 'weights': expected a list of exactly 3 numbers (kg), got 2");
  e = extras_errors("weights: {a: 1}\n");
  EXPECT_EQ(e[0], "x.yaml:1:10: field 'weights': expected a list of exactly 3 numbers (kg), got a mapping");
  e = extras_errors("weights:\n  - -1\n  - 2\n  - -3\nlevels: [1, 0.5]\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], "x.yaml:2:5: field 'weights[0]': must be at least 0, got -1");
  EXPECT_EQ(e[1], "x.yaml:4:5: field 'weights[2]': must be at least 0, got -3");
  EXPECT_EQ(e[2], "x.yaml:5:13: field 'levels[1]': must be at least 1, got 0.5");
  e = extras_errors("limit: 0\nextra: {quantity: 2}\nswitch: [1]\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], "x.yaml:1:8: field 'limit': must be greater than 0, got 0");
  EXPECT_EQ(e[1], "x.yaml:2:8: field 'extra.sku': missing required field 'sku' (what is ordered)");
  EXPECT_EQ(e[2], "x.yaml:3:9: field 'switch': expected true, false or a name, got a list");
}

TEST(Schema, ArraysOptionalsAndCustomFieldsAreDocumented) {
  const std::string md = describe_markdown(extras_schema());
  EXPECT_NE(md.find("| `weights` | list of 3 numbers | kg | [1, 2, 3] | each >= 0 | three weights |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `limit` | number | km | no limit | > 0 | an optional limit |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `extra` | mapping: `Item` |  | none |  | an optional line |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `switch` | boolean or text |  |  |  | true or a name |"), std::string::npos) << md;
}

TEST(Schema, NodesFromAnotherFileAreReportedInIt) {
  Document doc = parse_document("label: x\nsmall: 1\n", "top.yaml");
  const Document other = parse_document("small: many\n", "other.yaml");
  ASSERT_TRUE(doc.diagnostics.empty() && other.diagnostics.empty());
  doc.root = merge(doc.root, other.root);  // other's `small` replaces top's; `label` stays top's
  const auto r = bind_document(doc, all_schema());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1u);
  EXPECT_EQ(r.diagnostics()[0].to_string(), "other.yaml:1:8: field 'small': expected an integer (count), got 'many'");
}

}  // namespace
}  // namespace chaintwin::scenarios
