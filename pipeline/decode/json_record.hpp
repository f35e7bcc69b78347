#pragma once
// Reading one flat JSON object record (the pipeline's output contracts: pipeline/runtime/outputs.hpp and
// pipeline/signals/signal_records.hpp) with simdjson, each failure a reason naming the field: "field 'asOf' is
// not a UTC timestamp (...)". Header-only; the includer links simdjson.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generators/formats/time_format.hpp"

namespace chaintwin::pipeline::json_record {

inline bool fail(std::string& error, std::string_view name, std::string_view what) {
  error = "field '" + std::string(name) + "' " + std::string(what);
  return false;
}

template <class T>
bool field(simdjson::ondemand::object& o, std::string_view name, T& out, std::string& error) {
  if (o[name].get(out) != simdjson::SUCCESS) return fail(error, name, "missing or of the wrong type");
  return true;
}

inline bool text_field(simdjson::ondemand::object& o, std::string_view name, std::string& out, std::string& error) {
  std::string_view text;
  if (!field(o, name, text, error)) return false;
  out = text;
  return true;
}

inline bool time_field(simdjson::ondemand::object& o, std::string_view name, std::int64_t& out, std::string& error) {
  std::string_view text;
  if (!field(o, name, text, error)) return false;
  const auto t = formats::parse_iso8601_utc(text);
  if (!t) return fail(error, name, "is not a UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ)");
  out = *t;
  return true;
}

// A number, or null for NaN.
inline bool number_or_null(simdjson::ondemand::object& o, std::string_view name, double& out, std::string& error) {
  simdjson::ondemand::value v;
  if (o[name].get(v) != simdjson::SUCCESS) return fail(error, name, "missing");
  bool is_null = false;
  if (v.is_null().get(is_null) == simdjson::SUCCESS && is_null) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (v.get_double().get(out) != simdjson::SUCCESS) return fail(error, name, "is not a number");
  return true;
}

// One of `names`, as the enum value of its position.
template <class Enum, std::size_t N>
bool enum_field(simdjson::ondemand::object& o, std::string_view name, const std::string_view (&names)[N], Enum& out,
                std::string& error) {
  std::string_view text;
  if (!field(o, name, text, error)) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  return fail(error, name, "has an unknown value '" + std::string(text) + "'");
}

inline bool strings_field(simdjson::ondemand::object& o, std::string_view name, std::vector<std::string>& out,
                          std::string& error) {
  simdjson::ondemand::array array;
  if (o[name].get(array) != simdjson::SUCCESS) return fail(error, name, "missing or not an array");
  for (auto element : array) {
    std::string_view text;
    if (element.get(text) != simdjson::SUCCESS) return fail(error, name, "holds something other than strings");
    out.emplace_back(text);
  }
  return true;
}

// Parses `json` as one object and hands it to `read(object, record)`; "not a JSON object" otherwise.
template <class Record, class Read>
std::optional<Record> parse_object(std::string_view json, std::string& error, Read read) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object o;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(o) != simdjson::SUCCESS) {
    error = "not a JSON object";
    return std::nullopt;
  }
  Record r;
  if (!read(o, r)) return std::nullopt;
  return r;
}

}  // namespace chaintwin::pipeline::json_record
