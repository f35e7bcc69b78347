#pragma once
// Internal to pipeline/decode: what the decoders of every family share: time stamps, identifiers, hashing, and
// the context one record is decoded in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/decode/decoded.hpp"
#include "pipeline/decode/json_reader.hpp"
#include "pipeline/decode/master_data.hpp"

namespace chaintwin::pipeline::detail {

inline constexpr std::int64_t kNanosPerMinute = 60'000'000'000;
// Years whose instants fit in int64 Unix ns (1677-09-21 .. 2262-04-11), with a margin for offsets.
inline constexpr int kFirstYear = 1678;
inline constexpr int kLastYear = 2261;

// 64-bit hash of bytes, 8 at a time (content keys, ids without a number). Not cryptographic.
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0);

// ISO-8601 as the sources write it: "2025-03-21T15:30:12.000+01:00", "...Z", "2025-03-21T14:30:12" (no zone: UTC),
// any number of fraction digits (ns kept), or a date alone "2025-03-21" (midnight UTC). Unix ns, or nullopt.
std::optional<std::int64_t> parse_iso8601(std::string_view text);
// ISO-8601 durations "P12D", "PT36H30M", "P1DT2H": hours, or nullopt.
std::optional<double> parse_duration_hours(std::string_view text);

// The number an id carries: "SH12" -> 12, "PO48" -> 48, "RO1" -> 1 (letters, then 1-18 digits: the testbed's
// shipment and order ids, which share their numbering across sources); any other id -> its hash.
std::uint64_t entity_of(std::string_view id);

// The GS1 Web Vocabulary form of a CBV value ("https://ref.gs1.org/cbv/BizStep-receiving") as the bare word
// ("receiving"); `uri` is set when the value was a URI (schema v2). Bare words are returned as they are.
std::string_view cbv_word(std::string_view value, bool& uri);

// An id without the trailing spaces of a fixed-width field (ISA06 and ISA08 are padded to 15).
std::string_view without_padding(std::string_view id);

// A whole number of units from a JSON number; nullopt if it has a fraction or is out of range.
std::optional<std::int64_t> whole_units(double value);

// Everything a family decoder needs for one record. Decoders append events to `out.events` and return true, or
// write what is wrong into `error` and return false (the caller prefixes the source and drops the events).
struct Context {
  const MasterData& master;
  std::string_view key;    // the record's key
  DecodedMessage& out;
  std::string& error;
  bool v2 = false;         // the payload showed a schema-v2 trait (when the header does not say)

  DecodedEvent& add(Signal signal, std::int64_t time_ns) {
    DecodedEvent& e = out.events.emplace_back();
    e.signal = signal;
    e.event_time_ns = time_ns;
    return e;
  }
  // Resolves `id` with one of MasterData's lookups; fails with "unknown <what> '<id>' in '<field>'".
  bool location(LocationIndex (MasterData::*lookup)(std::string_view) const, std::string_view id,
                std::string_view field, LocationIndex& index);
  bool product(SkuIndex (MasterData::*lookup)(std::string_view) const, std::string_view id, std::string_view field,
               SkuIndex& index);
  // The site a record key names ("DC-003/edge", "buyer/DC-003"): the first '/'-separated part that is a location
  // name; kUnknown if none.
  LocationIndex location_of_key() const;
};

// The family decoders (one .cpp each): true with events appended, or false with `ctx.error` set. JSON decoders get
// the document simdjson is iterating over the record's payload (a padded copy: `payload` views it).
bool decode_epcis(Context& ctx, od::document& document, std::string_view payload);  // sets the content key
bool decode_equipment(Context& ctx, od::document& document);
bool decode_gps(Context& ctx, od::document& document);
bool decode_ais(Context& ctx, od::document& document);
bool decode_erp(Context& ctx, od::document& document);
bool decode_pos(Context& ctx, od::document& document);
bool decode_supplier(Context& ctx, od::document& document);
bool decode_external(Context& ctx, od::document& document);
bool decode_edi(Context& ctx, std::string_view payload);  // sets the content key

}  // namespace chaintwin::pipeline::detail
