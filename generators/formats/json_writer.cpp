#include "generators/formats/json_writer.hpp"

#include <cassert>
#include <charconv>
#include <cmath>

namespace chaintwin::formats {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

void append_json_escaped(std::string& out, std::string_view text) {
  // Copy runs of plain characters in one append: most strings need no escaping at all.
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
}

void append_fixed(std::string& out, double number, int decimals) {
  if (!std::isfinite(number)) {
    out += "null";
    return;
  }
  assert(decimals >= 0 && decimals <= 17);
  char buffer[352];  // enough for +-1.8e308 in fixed notation with 17 decimals
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed, decimals);
  assert(ec == std::errc());
  (void)ec;
  const char* begin = buffer;
  // "-0.00" would compare equal to 0 in every consumer but differ byte-wise from "0.00": write one form only.
  if (*begin == '-') {
    bool all_zero = true;
    for (const char* p = begin + 1; p != end; ++p) {
      if (*p != '0' && *p != '.') {
        all_zero = false;
        break;
      }
    }
    if (all_zero) ++begin;
  }
  out.append(begin, static_cast<std::size_t>(end - begin));
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_container_) out_ += ',';
  first_in_container_ = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_in_container_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  assert(!after_key_);
  out_ += '}';
  first_in_container_ = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_in_container_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  assert(!after_key_);
  out_ += ']';
  first_in_container_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  assert(!after_key_);
  before_value();
  out_ += '"';
  append_json_escaped(out_, name);
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ += '"';
  append_json_escaped(out_, text);
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::value_fixed(double number, int decimals) {
  before_value();
  append_fixed(out_, number, decimals);
  return *this;
}

JsonWriter& JsonWriter::value_trimmed(double number, int max_decimals) {
  before_value();
  const std::size_t start = out_.size();
  append_fixed(out_, number, max_decimals);
  if (max_decimals > 0 && out_.compare(start, 4, "null") != 0) {
    while (out_.back() == '0') out_.pop_back();
    if (out_.back() == '.') out_.pop_back();
  }
  return *this;
}

JsonWriter& JsonWriter::raw_value(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::begin_string() {
  before_value();
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::end_string() {
  out_ += '"';
  return *this;
}

}  // namespace chaintwin::formats
