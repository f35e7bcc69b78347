#include "pipeline/decode/decoder.hpp"

#include <charconv>
#include <vector>

#include "pipeline/decode/decode_support.hpp"

namespace chaintwin::pipeline {

namespace {

// The header's decimal value, or 0 if absent or not a number.
std::uint64_t header_number(const bus::OwnedRecord& record, std::string_view name) {
  const std::string_view text = record.header(name);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

// One parser and one padded copy of the payload per thread: simdjson's on-demand API reads past the end of the
// bytes (SIMDJSON_PADDING), which a record's string does not promise.
struct ThreadScratch {
  simdjson::ondemand::parser parser;
  std::vector<char> padded;
  std::string error;
};

ThreadScratch& scratch() {
  thread_local ThreadScratch s;
  return s;
}

bool decode_json(detail::Context& ctx, InputSource source, std::string_view payload, ThreadScratch& s) {
  s.padded.resize(payload.size() + simdjson::SIMDJSON_PADDING);
  std::copy(payload.begin(), payload.end(), s.padded.begin());
  const std::string_view padded(s.padded.data(), payload.size());
  detail::od::document document;
  if (auto e = s.parser.iterate(padded.data(), padded.size(), s.padded.size()).get(document))
    return detail::json_fail(ctx.error, e);
  switch (source) {
    case InputSource::kEpcis: return detail::decode_epcis(ctx, document, padded);
    case InputSource::kEquipment: return detail::decode_equipment(ctx, document);
    case InputSource::kGps: return detail::decode_gps(ctx, document);
    case InputSource::kAis: return detail::decode_ais(ctx, document);
    case InputSource::kErp: return detail::decode_erp(ctx, document);
    case InputSource::kPos: return detail::decode_pos(ctx, document);
    case InputSource::kSupplier: return detail::decode_supplier(ctx, document);
    case InputSource::kExternal: return detail::decode_external(ctx, document);
    case InputSource::kEdi: break;
  }
  return detail::fail(ctx.error, "no JSON decoder");
}

}  // namespace

DecodedMessage Decoder::decode(InputSource source, const bus::OwnedRecord& record) const {
  DecodedMessage out;
  decode(source, record, out);
  return out;
}

void Decoder::decode(InputSource source, const bus::OwnedRecord& record, DecodedMessage& out) const {
  out.events.clear();
  out.error.clear();
  out.message_id = header_number(record, "message-id");
  // Sources other than EPCIS and EDI have no identity finer than their bytes: an exact duplicate has the same key.
  out.content_key = detail::hash_bytes(record.payload);
  out.stated_time_ns = 0;
  ThreadScratch& s = scratch();
  detail::Context ctx{master_, record.key, out, s.error};
  const bool ok = source == InputSource::kEdi ? detail::decode_edi(ctx, record.payload)
                                              : decode_json(ctx, source, record.payload, s);
  const std::uint64_t header_version = header_number(record, "schema-version");
  out.schema_version = header_version != 0 ? static_cast<std::uint8_t>(std::min<std::uint64_t>(header_version, 255))
                                           : (ctx.v2 ? 2 : 1);
  if (!ok) {
    out.events.clear();
    out.error.reserve(to_string(source).size() + 2 + s.error.size());
    out.error.append(to_string(source)).append(": ").append(s.error);
  }
}

}  // namespace chaintwin::pipeline
