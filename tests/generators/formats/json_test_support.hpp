// Shared checks of the JSON format tests: parse with simdjson, look fields up by FieldSpec path, and run the
// field-list contract (every listed field written, omittable, renamed or added in v2 as listed; nothing unlisted).
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "generators/formats/json_writer.hpp"

namespace chaintwin::formats::testing {

// A parsed document that owns its parser (simdjson DOM elements point into the parser).
struct Parsed {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  bool ok = false;
};

inline std::unique_ptr<Parsed> parse(const std::string& json) {
  auto parsed = std::make_unique<Parsed>();
  auto error = parsed->parser.parse(json).get(parsed->root);
  parsed->ok = !error;
  EXPECT_FALSE(error) << simdjson::error_message(error) << " in: " << json;
  return parsed;
}

// "attributes.hdop" -> "/attributes/hdop"
inline std::string pointer(std::string_view dotted) {
  std::string p = "/";
  for (char c : dotted) p += c == '.' ? '/' : c;
  return p;
}

// A dotted FieldSpec path ("attributes.hdop"; through arrays, their first element: "metrics.name"), or a JSON
// pointer without its leading slash when it contains '/' ("quantityList/1/uom").
inline bool has(const simdjson::dom::element& root, std::string_view path) {
  simdjson::dom::element current = root;
  if (path.find('/') != std::string_view::npos) return !root.at_pointer(pointer(path)).get(current);
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    simdjson::dom::array array;
    while (!current.get(array)) {
      if (array.size() == 0 || array.at(0).get(current)) return false;
    }
    simdjson::dom::object object;
    if (current.get(object) || object[path.substr(start, dot - start)].get(current)) return false;
    if (dot == path.size()) return true;
    start = dot + 1;
  }
}

using WriteFn = std::function<void(std::string&, const WriteOptions&)>;

// Members whose names are listed: top-level ones, and those of an object whose children are listed ("attributes.").
inline void expect_only_listed(const simdjson::dom::element& object, const std::string& prefix,
                               const std::set<std::string>& names, const std::string& json) {
  simdjson::dom::object members;
  if (object.get(members)) return;
  for (auto [key, value] : members) {
    const std::string path = prefix + std::string(key);
    if (path == "@context") continue;
    EXPECT_TRUE(names.count(path)) << "unlisted field " << path << " in " << json;
    bool has_listed_children = false;
    for (const auto& name : names) has_listed_children |= name.rfind(path + ".", 0) == 0;
    if (!has_listed_children) continue;
    simdjson::dom::element first = value;
    simdjson::dom::array array;
    if (!value.get(array) && array.size() > 0) first = array.at(0).value_unsafe();
    expect_only_listed(first, path + ".", names, json);
  }
}

// The field-list contract of one message kind. `write` must produce a message with every field set.
inline void check_field_contract(std::span<const FieldSpec> specs, const WriteFn& write) {
  std::set<std::string> v1_names, v2_names;
  for (const FieldSpec& f : specs) {
    if (!f.v2_only) v1_names.emplace(f.name);
    v2_names.emplace(f.v2_name.empty() ? f.name : f.v2_name);
  }
  {
    std::string json;
    write(json, WriteOptions{});
    auto doc = parse(json);
    ASSERT_TRUE(doc->ok);
    for (const FieldSpec& f : specs) EXPECT_EQ(has(doc->root, f.name), !f.v2_only) << f.name << " in v1: " << json;
    expect_only_listed(doc->root, "", v1_names, json);
  }
  {
    std::string json;
    write(json, WriteOptions{SchemaVersion::kV2});
    auto doc = parse(json);
    ASSERT_TRUE(doc->ok);
    for (const FieldSpec& f : specs) {
      const std::string_view v2_name = f.v2_name.empty() ? f.name : f.v2_name;
      EXPECT_TRUE(has(doc->root, v2_name)) << v2_name << " in v2: " << json;
      if (!f.v2_name.empty()) {
        EXPECT_FALSE(has(doc->root, f.name)) << f.name << " renamed in v2: " << json;
      }
    }
    expect_only_listed(doc->root, "", v2_names, json);
  }
  for (const SchemaVersion version : {SchemaVersion::kV1, SchemaVersion::kV2}) {
    for (const FieldSpec& f : specs) {
      const std::string_view omit[] = {f.name};
      std::string json;
      write(json, WriteOptions{version, omit});
      auto doc = parse(json);
      ASSERT_TRUE(doc->ok);
      const std::string_view written_name = version == SchemaVersion::kV2 && !f.v2_name.empty() ? f.v2_name : f.name;
      EXPECT_FALSE(has(doc->root, written_name)) << "omitted " << f.name << ": " << json;
      // Only that field (and its children) went missing.
      for (const FieldSpec& other : specs) {
        const bool is_child = other.name.rfind(std::string(f.name) + ".", 0) == 0;
        if (other.name == f.name || is_child || (other.v2_only && version == SchemaVersion::kV1)) continue;
        const std::string_view other_name =
            version == SchemaVersion::kV2 && !other.v2_name.empty() ? other.v2_name : other.name;
        EXPECT_TRUE(has(doc->root, other_name)) << other_name << " lost when omitting " << f.name << ": " << json;
      }
    }
  }
}

inline std::string_view get_string(const simdjson::dom::element& root, std::string_view dotted) {
  std::string_view value;
  EXPECT_FALSE(root.at_pointer(pointer(dotted)).get(value)) << dotted;
  return value;
}
inline double get_double(const simdjson::dom::element& root, std::string_view dotted) {
  double value = 0;
  EXPECT_FALSE(root.at_pointer(pointer(dotted)).get(value)) << dotted;
  return value;
}
inline std::int64_t get_int(const simdjson::dom::element& root, std::string_view dotted) {
  std::int64_t value = 0;
  EXPECT_FALSE(root.at_pointer(pointer(dotted)).get(value)) << dotted;
  return value;
}
inline bool get_bool(const simdjson::dom::element& root, std::string_view dotted) {
  bool value = false;
  EXPECT_FALSE(root.at_pointer(pointer(dotted)).get(value)) << dotted;
  return value;
}

}  // namespace chaintwin::formats::testing
