#pragma once
// Internal to pipeline/decode: a table-driven, single-pass reader of JSON objects over simdjson's on-demand API.
//
// A message kind lists the members it knows (Member: name, slot, JSON type); read_object() walks the object once,
// keeps each known scalar in its slot (strings as views into the parser's buffer, numbers as double), hands arrays
// and objects to a callback as it meets them, and records which slots it saw. Unknown members are skipped (schema
// drift adds some); null counts as absent. Required members are checked by the caller with first_missing(), so one
// table can serve several kinds of a source. Problems are written as text into `error` and return false.

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chaintwin::pipeline::detail {

namespace od = simdjson::ondemand;

enum class JsonType : std::uint8_t { kString, kNumber, kBool, kNested };  // kNested: array or object, via callback

struct Member {
  std::string_view name;
  std::uint8_t slot;
  JsonType type;
  bool v2 = false;                  // a schema-v2 spelling (renamed or added member)
  bool excluded_from_key = false;   // its raw value is left out of the content key (EPCIS eventID, times)
};

inline constexpr std::size_t kMaxSlots = 32;

constexpr std::uint32_t slots(std::initializer_list<int> list) {
  std::uint32_t mask = 0;
  for (int s : list) mask |= 1u << s;
  return mask;
}

struct Scalars {
  std::array<std::string_view, kMaxSlots> text{};
  std::array<double, kMaxSlots> number{};
  std::uint32_t seen = 0;
  bool v2 = false;
  // Where read_object() records the raw tokens of members excluded from the content key (null: not recorded).
  std::vector<std::string_view>* excluded_tokens = nullptr;

  bool has(int slot) const { return (seen >> slot & 1u) != 0; }
  void reset() {
    seen = 0;
    v2 = false;
  }
};

// Appends "<parts...>" to `error` (cleared first) and returns false: the decoders' one way of failing.
template <class... Parts>
bool fail(std::string& error, const Parts&... parts) {
  error.clear();
  (error.append(std::string_view(parts)), ...);
  return false;
}

bool json_fail(std::string& error, simdjson::error_code code);

// The name of the first slot of `required` not in `seen` (empty if none), as the table spells it in v1.
std::string_view first_missing(std::span<const Member> members, std::uint32_t seen, std::uint32_t required);

// Fails with "missing required field '<prefix><name>'" if a required member is absent.
bool check_required(std::span<const Member> members, const Scalars& s, std::uint32_t required, std::string& error,
                    std::string_view prefix = {});

// on_nested(slot, od::value&) -> bool is called for kNested members.
template <class OnNested>
bool read_object(od::object object, std::span<const Member> members, Scalars& out, std::string& error,
                 OnNested&& on_nested) {
  out.reset();
  for (auto member_result : object) {
    od::field member;
    if (auto e = std::move(member_result).get(member)) return json_fail(error, e);
    std::string_view key;
    if (auto e = member.unescaped_key().get(key)) return json_fail(error, e);
    const Member* known = nullptr;
    for (const Member& m : members)
      if (m.name == key) {
        known = &m;
        break;
      }
    if (known == nullptr) continue;  // unknown members are skipped by the iteration
    od::value value = member.value();
    bool is_null = false;
    if (auto e = value.is_null().get(is_null)) return json_fail(error, e);
    if (is_null) continue;
    if (known->excluded_from_key && out.excluded_tokens != nullptr) out.excluded_tokens->push_back(value.raw_json_token());
    const int slot = known->slot;
    simdjson::error_code e = simdjson::SUCCESS;
    switch (known->type) {
      case JsonType::kString: e = value.get_string().get(out.text[slot]); break;
      case JsonType::kNumber: e = value.get_double().get(out.number[slot]); break;
      case JsonType::kBool: {
        bool b = false;
        e = value.get_bool().get(b);
        out.number[slot] = b ? 1.0 : 0.0;
        break;
      }
      case JsonType::kNested:
        if (!on_nested(slot, value)) return false;
        break;
    }
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR)
      return fail(error, "field '", known->name, "' has the wrong type");
    if (e) return json_fail(error, e);
    out.seen |= 1u << slot;
    out.v2 = out.v2 || known->v2;
  }
  return true;
}

// Each element of an array, as an object: on_element(od::object&) -> bool.
template <class OnElement>
bool for_each_object(od::value& value, std::string_view field, std::string& error, OnElement&& on_element) {
  od::array array;
  if (auto e = value.get_array().get(array)) {
    return e == simdjson::INCORRECT_TYPE ? fail(error, "field '", field, "' is not an array") : json_fail(error, e);
  }
  for (auto element_result : array) {
    od::object element;
    if (auto e = std::move(element_result).get_object().get(element)) {
      return e == simdjson::INCORRECT_TYPE ? fail(error, "field '", field, "' holds a non-object")
                                           : json_fail(error, e);
    }
    if (!on_element(element)) return false;
  }
  return true;
}

// A nested object: on_object(od::object&) -> bool.
template <class OnObject>
bool with_object(od::value& value, std::string_view field, std::string& error, OnObject&& on_object) {
  od::object object;
  if (auto e = value.get_object().get(object))
    return e == simdjson::INCORRECT_TYPE ? fail(error, "field '", field, "' is not an object") : json_fail(error, e);
  return on_object(object);
}

// The payload's top-level object, read as read_object() does; fails on anything after it.
template <class OnNested>
bool read_document(od::document& document, std::span<const Member> members, Scalars& out, std::string& error,
                   OnNested&& on_nested) {
  od::object object;
  if (auto e = document.get_object().get(object))
    return e == simdjson::INCORRECT_TYPE ? fail(error, "not a JSON object") : json_fail(error, e);
  if (!read_object(object, members, out, error, on_nested)) return false;
  // simdjson 3.0 has no document::at_end(): past the last token, current_location() says OUT_OF_BOUNDS.
  if (document.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return fail(error, "not valid JSON (bytes after the object)");
  return true;
}

// For members nobody reads (kinds without nested content): a nested value is fine and skipped.
inline constexpr auto kSkipNested = [](int, od::value&) { return true; };

}  // namespace chaintwin::pipeline::detail
