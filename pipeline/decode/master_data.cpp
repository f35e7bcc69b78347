#include "pipeline/decode/master_data.hpp"

#include <algorithm>
#include <cmath>

#include "pipeline/decode/decode_support.hpp"

namespace chaintwin::pipeline {

namespace {

using detail::JsonType;
using detail::Member;
using detail::slots;

// What every identifier is reduced to before lookup: the location reference of an SGLN, the class of an LGTIN
// without its lot, a GTIN as 14 digits, an X12 id without its ISA padding.
std::string_view without_last_part(std::string_view urn) {
  const std::size_t dot = urn.rfind('.');
  return dot == std::string_view::npos ? urn : urn.substr(0, dot);
}

std::string gtin14(std::string_view gtin) {
  if (gtin.empty() || gtin.size() > 14 || !std::all_of(gtin.begin(), gtin.end(), [](char c) {
        return c >= '0' && c <= '9';
      }))
    return {};
  return std::string(14 - gtin.size(), '0') + std::string(gtin);
}

// One table for the four record types: `type` says which members it must have.
enum Slot : std::uint8_t {
  kType, kLocationId, kKind, kSgln, kEdiCode, kX12Id, kScac, kLocode, kRegion, kLatitude, kLongitude, kUtcOffset,
  kSku, kGtin, kUpc, kEpcClass, kTemperatureClass, kUnitValue, kAsOf, kPart, kParts, kLines, kAt, kMessages,
};
constexpr Member kMembers[] = {
    {"type", kType, JsonType::kString},
    {"locationId", kLocationId, JsonType::kString},
    {"kind", kKind, JsonType::kString},
    {"sgln", kSgln, JsonType::kString},
    {"ediCode", kEdiCode, JsonType::kString},
    {"x12Id", kX12Id, JsonType::kString},
    {"scac", kScac, JsonType::kString},
    {"locode", kLocode, JsonType::kString},
    {"region", kRegion, JsonType::kString},
    {"latitude", kLatitude, JsonType::kNumber},
    {"longitude", kLongitude, JsonType::kNumber},
    {"utcOffsetMinutes", kUtcOffset, JsonType::kNumber},
    {"sku", kSku, JsonType::kString},
    {"gtin", kGtin, JsonType::kString},
    {"upc", kUpc, JsonType::kString},
    {"epcClass", kEpcClass, JsonType::kString},
    {"temperatureClass", kTemperatureClass, JsonType::kString},
    {"unitValue", kUnitValue, JsonType::kNumber},
    {"asOf", kAsOf, JsonType::kString},
    {"part", kPart, JsonType::kNumber},
    {"parts", kParts, JsonType::kNumber},
    {"lines", kLines, JsonType::kNested},
    {"at", kAt, JsonType::kString},
    {"messages", kMessages, JsonType::kNumber},
};
enum LineSlot : std::uint8_t { kLineSku, kLineQuantity };
constexpr Member kLineMembers[] = {
    {"sku", kLineSku, JsonType::kString},
    {"quantityOnHand", kLineQuantity, JsonType::kNumber},
};

std::optional<LocationKind> location_kind(std::string_view code) {
  if (code == "SUPPLIER") return LocationKind::kSupplier;
  if (code == "FACTORY") return LocationKind::kFactory;
  if (code == "PORT") return LocationKind::kPort;
  if (code == "DC") return LocationKind::kDistributionCenter;
  if (code == "STORE") return LocationKind::kStore;
  return std::nullopt;
}

std::optional<TemperatureClass> temperature_class(std::string_view code) {
  if (code == "AMBIENT") return TemperatureClass::kAmbient;
  if (code == "CHILLED") return TemperatureClass::kChilled;
  if (code == "FROZEN") return TemperatureClass::kFrozen;
  return std::nullopt;
}

}  // namespace

std::uint32_t MasterData::find(const Index& index, std::string_view id) {
  const auto it = index.find(id);
  return it == index.end() ? kUnknown : it->second;
}

LocationIndex MasterData::location_by_name(std::string_view name) const { return find(location_names_, name); }
LocationIndex MasterData::location_by_sgln(std::string_view sgln) const {
  return find(location_sglns_, without_last_part(sgln));
}
LocationIndex MasterData::location_by_edi_code(std::string_view code) const {
  return find(location_edi_codes_, code);
}
LocationIndex MasterData::location_by_x12_id(std::string_view id) const {
  return find(location_x12_ids_, detail::without_padding(id));
}
LocationIndex MasterData::location_by_scac(std::string_view scac) const { return find(location_scacs_, scac); }
LocationIndex MasterData::location_by_locode(std::string_view locode) const {
  return find(location_locodes_, locode);
}
SkuIndex MasterData::product_by_name(std::string_view name) const { return find(product_names_, name); }
SkuIndex MasterData::product_by_gtin(std::string_view gtin) const {
  if (gtin.size() == 14) return find(product_gtins_, gtin);  // the common case, without a copy
  const std::string padded = gtin14(gtin);
  return padded.empty() ? kUnknown : find(product_gtins_, padded);
}
SkuIndex MasterData::product_by_upc(std::string_view upc) const {
  return upc.size() == 12 ? product_by_gtin(upc) : kUnknown;
}
SkuIndex MasterData::product_by_epc_class(std::string_view epc_class) const {
  return find(product_epc_classes_, without_last_part(epc_class));
}

std::string MasterData::add_location(Location location) {
  const std::uint32_t existing = find(location_names_, location.name);
  const std::uint32_t index = existing != kUnknown ? existing : static_cast<std::uint32_t>(locations_.size());
  const std::pair<Index*, std::string_view> keys[] = {
      {&location_sglns_, without_last_part(location.sgln)}, {&location_edi_codes_, location.edi_code},
      {&location_x12_ids_, location.x12_id},                {&location_scacs_, location.scac},
      {&location_locodes_, location.locode}};
  for (const auto& [map, key] : keys) {
    const std::uint32_t holder = key.empty() ? kUnknown : find(*map, key);
    if (holder != kUnknown && holder != index)
      return "master: location '" + location.name + "': identifier '" + std::string(key) + "' already names '" +
             locations_[holder].name + "'";
  }
  for (const auto& [map, key] : keys)
    if (!key.empty()) map->insert_or_assign(std::string(key), index);
  location_names_.insert_or_assign(location.name, index);
  if (existing != kUnknown) {
    locations_[index] = std::move(location);
  } else {
    locations_.push_back(std::move(location));
  }
  return {};
}

std::string MasterData::add_product(Product product) {
  const std::uint32_t existing = find(product_names_, product.name);
  const std::uint32_t index = existing != kUnknown ? existing : static_cast<std::uint32_t>(products_.size());
  const std::string gtin = gtin14(product.gtin.empty() ? product.upc : product.gtin);
  if (!product.gtin.empty() && !product.upc.empty() && gtin != gtin14(product.upc))
    return "master: product '" + product.name + "': gtin '" + product.gtin + "' and upc '" + product.upc +
           "' differ";
  const std::pair<Index*, std::string_view> keys[] = {{&product_gtins_, gtin},
                                                      {&product_epc_classes_, without_last_part(product.epc_class)}};
  for (const auto& [map, key] : keys) {
    const std::uint32_t holder = key.empty() ? kUnknown : find(*map, key);
    if (holder != kUnknown && holder != index)
      return "master: product '" + product.name + "': identifier '" + std::string(key) + "' already names '" +
             products_[holder].name + "'";
  }
  for (const auto& [map, key] : keys)
    if (!key.empty()) map->insert_or_assign(std::string(key), index);
  product_names_.insert_or_assign(product.name, index);
  if (existing != kUnknown) {
    products_[index] = std::move(product);
  } else {
    products_.push_back(std::move(product));
  }
  return {};
}

std::string MasterData::add(std::string_view payload) {
  // Master records are few (one per site and product): a fresh parser and padded copy each is fine.
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(payload);
  detail::od::document document;
  std::string error;
  if (auto e = parser.iterate(padded).get(document)) {
    detail::json_fail(error, e);
    return "master: " + error;
  }
  detail::Scalars s;
  std::vector<std::pair<std::string_view, double>> lines;
  detail::Scalars line;
  auto read_lines = [&](int, detail::od::value& value) {
    return detail::for_each_object(value, "lines", error, [&](detail::od::object& object) {
      if (!detail::read_object(object, kLineMembers, line, error, detail::kSkipNested)) return false;
      if (!detail::check_required(kLineMembers, line, slots({kLineSku, kLineQuantity}), error, "lines.")) return false;
      lines.emplace_back(line.text[kLineSku], line.number[kLineQuantity]);
      return true;
    });
  };
  if (!detail::read_document(document, kMembers, s, error, read_lines)) return "master: " + error;
  if (!detail::check_required(kMembers, s, slots({kType}), error)) return "master: " + error;
  const std::string_view type = s.text[kType];
  auto text = [&](int slot) { return std::string(s.text[slot]); };

  if (type == "location") {
    if (!detail::check_required(kMembers, s, slots({kLocationId, kKind}), error)) return "master: location: " + error;
    const auto kind = location_kind(s.text[kKind]);
    if (!kind) return "master: location '" + text(kLocationId) + "': unknown kind '" + text(kKind) + "'";
    const double offset = s.number[kUtcOffset];
    if (s.has(kUtcOffset) && (std::abs(offset) >= 24 * 60 || offset != std::floor(offset)))
      return "master: location '" + text(kLocationId) + "': utcOffsetMinutes is not whole minutes within a day";
    return add_location({text(kLocationId), *kind, text(kSgln), text(kEdiCode), text(kX12Id), text(kScac),
                         text(kLocode), text(kRegion), s.number[kLatitude], s.number[kLongitude],
                         static_cast<int>(offset)});
  }
  if (type == "product") {
    if (!detail::check_required(kMembers, s, slots({kSku}), error)) return "master: product: " + error;
    TemperatureClass temperature = TemperatureClass::kAmbient;
    if (s.has(kTemperatureClass)) {
      const auto t = temperature_class(s.text[kTemperatureClass]);
      if (!t) return "master: product '" + text(kSku) + "': unknown temperatureClass '" + text(kTemperatureClass) + "'";
      temperature = *t;
    }
    if (s.has(kGtin) && gtin14(s.text[kGtin]).empty())
      return "master: product '" + text(kSku) + "': gtin '" + text(kGtin) + "' is not a GTIN";
    if (s.has(kUpc) && (s.text[kUpc].size() != 12 || gtin14(s.text[kUpc]).empty()))
      return "master: product '" + text(kSku) + "': upc '" + text(kUpc) + "' is not 12 digits";
    return add_product({text(kSku), text(kGtin), text(kUpc), text(kEpcClass), temperature, s.number[kUnitValue]});
  }
  if (type == "opening_stock") {
    if (!detail::check_required(kMembers, s, slots({kLocationId, kLines}), error))
      return "master: opening_stock: " + error;
    const LocationIndex location = location_by_name(s.text[kLocationId]);
    if (location == kUnknown) return "master: opening_stock: unknown location '" + text(kLocationId) + "'";
    std::optional<std::int64_t> as_of;
    if (s.has(kAsOf) && !(as_of = detail::parse_iso8601(s.text[kAsOf])))
      return "master: opening_stock: 'asOf' is not an ISO-8601 time";
    const auto part = static_cast<std::int64_t>(s.has(kPart) ? s.number[kPart] : 1.0);
    const std::pair<LocationIndex, std::int64_t> id{location, part};
    if (std::find(opening_parts_read_.begin(), opening_parts_read_.end(), id) != opening_parts_read_.end()) return {};
    std::vector<OpeningStockLine> resolved;
    resolved.reserve(lines.size());
    for (const auto& [sku_name, quantity] : lines) {
      const SkuIndex sku = product_by_name(sku_name);
      if (sku == kUnknown) return "master: opening_stock: unknown product '" + std::string(sku_name) + "'";
      const auto units = detail::whole_units(quantity);
      if (!units) return "master: opening_stock: quantityOnHand of '" + std::string(sku_name) + "' is not whole";
      resolved.push_back({location, sku, *units});
    }
    opening_parts_read_.push_back(id);
    if (as_of) opening_as_of_ns_ = *as_of;
    opening_stock_.insert(opening_stock_.end(), resolved.begin(), resolved.end());
    return {};
  }
  if (type == "stream_end") {
    if (!detail::check_required(kMembers, s, slots({kAt}), error)) return "master: stream_end: " + error;
    const auto at = detail::parse_iso8601(s.text[kAt]);
    if (!at) return "master: stream_end: 'at' is not an ISO-8601 time";
    stream_end_ns_ = *at;
    if (s.has(kMessages)) stream_messages_ = static_cast<std::uint64_t>(std::max(0.0, s.number[kMessages]));
    return {};
  }
  return "master: unknown record type '" + std::string(type) + "'";
}

}  // namespace chaintwin::pipeline
