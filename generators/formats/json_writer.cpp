#include "generators/formats/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>

namespace chaintwin::formats {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Eight bytes at a time: whether any byte of `word` is below 0x20, '"' or '\\' (the classic "has zero byte" and
// "has byte less than" bit tricks; exact as a yes/no answer for the whole word). Bytes >= 0x80 never match.
constexpr std::uint64_t kEveryByte = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
bool word_needs_escaping(std::uint64_t word) {
  const std::uint64_t quote = word ^ (kEveryByte * '"');       // a zero byte where word has '"'
  const std::uint64_t backslash = word ^ (kEveryByte * '\\');  // a zero byte where word has '\\'
  const std::uint64_t below_space = (word - kEveryByte * 0x20) & ~word;
  const std::uint64_t zero_quote = (quote - kEveryByte) & ~quote;
  const std::uint64_t zero_backslash = (backslash - kEveryByte) & ~backslash;
  return ((below_space | zero_quote | zero_backslash) & kHighBits) != 0;
}

bool plain(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

// A short run of output composed on the stack, then appended to the string in one call: each std::string append
// is a call, each push_back a store and reload of the string's size, and a message's members are short.
class Piece {
 public:
  void add(char c) { *end_++ = c; }
  // Adds `text` if it needs no escaping and fits, leaving room for a few closing characters; returns whether it
  // did. Copies and checks eight bytes at a time.
  bool add_plain(std::string_view text) {
    const std::size_t n = text.size();
    if (n + kClosingRoom > static_cast<std::size_t>(buffer_.end() - end_)) return false;
    if (n < 8) {
      for (std::size_t i = 0; i < n; ++i) {
        if (!plain(static_cast<unsigned char>(text[i]))) return false;
        end_[i] = text[i];
      }
    } else {
      std::uint64_t word;
      for (std::size_t i = 0; i + 8 <= n; i += 8) {
        std::memcpy(&word, text.data() + i, 8);
        if (word_needs_escaping(word)) return false;
        std::memcpy(end_ + i, &word, 8);
      }
      std::memcpy(&word, text.data() + n - 8, 8);  // the last bytes, overlapping the words before
      if (word_needs_escaping(word)) return false;
      std::memcpy(end_ + n - 8, &word, 8);
    }
    end_ += n;
    return true;
  }
  void append_to(std::string& out) const {
    out.append(buffer_.data(), static_cast<std::size_t>(end_ - buffer_.data()));
  }

 private:
  static constexpr std::size_t kClosingRoom = 4;
  std::array<char, 128> buffer_;
  char* end_ = buffer_.data();
};

// append_fixed for the common case, |number| * 10^decimals below 2^52, in integer arithmetic (to_chars with a
// precision is several times slower). Rounds as to_chars does, to nearest on the exact binary value: the product's
// rounding error is recovered with fma, so a value just under a half is never rounded up. Returns false, writing
// nothing, when it cannot decide (out of range, or an exact tie, which to_chars breaks to even).
bool append_fixed_in_integers(std::string& out, double number, int decimals) {
  static constexpr std::array<std::uint64_t, 18> kPowersOfTen = [] {
    std::array<std::uint64_t, 18> powers{};
    powers[0] = 1;
    for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
    return powers;
  }();
  const std::uint64_t power = kPowersOfTen[static_cast<std::size_t>(decimals)];
  const double magnitude = std::fabs(number);
  const auto scale = static_cast<double>(power);  // exact: powers of ten up to 10^22 are doubles
  const double scaled = magnitude * scale;
  if (!(scaled < 0x1p52)) return false;
  const double error = std::fma(magnitude, scale, -scaled);  // magnitude * scale == scaled + error, exactly
  const double whole = std::floor(scaled);
  const double fraction = scaled - whole;  // exact; a multiple of scaled's ulp, which is more than 2 |error|
  if (fraction == 0.5 && error == 0.0) return false;
  auto units = static_cast<std::uint64_t>(whole);
  if (fraction > 0.5 || (fraction == 0.5 && error > 0.0)) ++units;

  char buffer[48];
  char* end = buffer;
  if (number < 0 && units != 0) *end++ = '-';  // a value that rounds to zero is written without a sign
  end = std::to_chars(end, buffer + sizeof buffer, units / power).ptr;
  if (decimals > 0) {
    *end++ = '.';
    std::uint64_t rest = units % power;
    for (int i = decimals - 1; i >= 0; --i, rest /= 10) end[i] = static_cast<char>('0' + rest % 10);
    end += decimals;
  }
  out.append(buffer, end);
  return true;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  // Skip what needs no escaping eight bytes at a time, then copy runs of plain characters in one append: most
  // strings need no escaping at all.
  std::size_t start = 0;
  for (std::uint64_t word; start + 8 <= text.size(); start += 8) {
    std::memcpy(&word, text.data() + start, 8);
    if (word_needs_escaping(word)) break;
  }
  std::size_t run_start = 0;
  for (std::size_t i = start; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (plain(c)) continue;
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
  if (append_fixed_in_integers(out, number, decimals)) return;
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
  Piece piece;
  if (!first_in_container_) piece.add(',');
  piece.add('"');
  if (piece.add_plain(name)) {
    piece.add('"');
    piece.add(':');
    piece.append_to(out_);
    first_in_container_ = false;
  } else {
    before_value();
    out_ += '"';
    append_json_escaped(out_, name);
    out_ += "\":";
  }
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  Piece piece;
  if (!after_key_ && !first_in_container_) piece.add(',');
  piece.add('"');
  if (piece.add_plain(text)) {
    piece.add('"');
    piece.append_to(out_);
    after_key_ = false;
    first_in_container_ = false;
    return *this;
  }
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
  append_fixed(out_, number, max_decimals);
  if (max_decimals > 0 && std::isfinite(number)) {
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
