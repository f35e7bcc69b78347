// Compact JSON writer that appends to a caller's std::string, plus the message options every format writer takes.
//
// Hot path (millions of messages per run): no allocation besides the growth of the output string, no iostreams, no
// locale. Numbers go through std::to_chars, so the bytes are identical on every platform.
//
//   std::string out;
//   JsonWriter w(out);
//   w.begin_object().key("deviceId").value(std::int64_t{42}).key("speed").value_fixed(12.34, 1).end_object();
//   // out == {"deviceId":42,"speed":12.3}
//
// The writer inserts commas itself; the caller only balances begin/end (checked by assert in debug builds).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace chaintwin::formats {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // A member name; the next call writes its value.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);  // escaped JSON string
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(double) = delete;  // say how many decimals: value_fixed or value_trimmed
  JsonWriter& null();
  // Exactly `decimals` digits after the point (0..17): 12.3 with 2 -> 12.30. NaN and infinities -> null (JSON has
  // none); a result that rounds to zero is written without a minus sign.
  JsonWriter& value_fixed(double number, int decimals);
  // As value_fixed, then trailing zeros (and a bare point) removed: 10.0 -> 10, 200.50 -> 200.5.
  JsonWriter& value_trimmed(double number, int max_decimals);
  // Pre-formatted JSON (a number, a nested document); the caller guarantees it is valid.
  JsonWriter& raw_value(std::string_view json);
  // Appends the characters of a string value piecewise: begin_string(), out() += ..., end_string(). Lets a caller
  // build a value (an ISO time, a URN) in place without a temporary; the appended text must need no escaping.
  JsonWriter& begin_string();
  JsonWriter& end_string();

  std::string& out() { return out_; }

 private:
  void before_value();

  std::string& out_;
  bool first_in_container_ = true;
  bool after_key_ = false;
};

// Appends `text` escaped as the inside of a JSON string (no quotes): ", \, and control characters below 0x20
// (\b \f \n \r \t, others as \u00XX). Bytes >= 0x80 pass through: the input is taken to be UTF-8.
void append_json_escaped(std::string& out, std::string_view text);
// Appends a double with exactly `decimals` decimals (see JsonWriter::value_fixed), or "null" if not finite.
void append_fixed(std::string& out, double number, int decimals);

// ---- Options shared by every message writer (the caller's noise decisions; writers hold no randomness) ----

// Schema version of a message. v1 is the baseline; v2 is schema drift as a producer upgrade would cause it (an added
// optional field, a renamed field or a new enum value, per format: see each writer and docs/formats.md).
enum class SchemaVersion : std::uint8_t { kV1 = 1, kV2 = 2 };

// One field a writer can write. `name` is the v1 name, a dotted path for members of nested objects
// ("attributes.hdop"); it is also the name to pass in WriteOptions::omit, in v1 and v2 alike.
struct FieldSpec {
  std::string_view name;
  bool required;               // required by the format (omitting it makes an invalid message, on purpose)
  std::string_view v2_name{};  // non-empty: v2 writes the field under this name instead
  bool v2_only = false;        // the field exists only in v2 (an added optional field)
};

struct WriteOptions {
  SchemaVersion version = SchemaVersion::kV1;
  // Fields to leave out, by FieldSpec::name. Required ones too: a missing required field is a kind of noise.
  std::span<const std::string_view> omit{};

  bool v2() const { return version == SchemaVersion::kV2; }
  bool omits(std::string_view field) const {
    for (std::string_view name : omit) {
      if (name == field) return true;
    }
    return false;
  }
  bool writes(std::string_view field) const { return !omits(field); }
};

}  // namespace chaintwin::formats
