#pragma once
// The master data as the pipeline learns it from the master topic: locations with every identifier the messages
// use for them, products with theirs, each site's opening stock, and the end of the stream. Identifiers resolve to
// dense indices (LocationIndex, SkuIndex: positions in locations() and products(), in the order first seen).
//
// Loading (add) is single-threaded and happens before decoding; lookups are const and safe from any thread once
// loading is done. A record that cannot be used is rejected whole with the reason (for the dead-letter topic); it
// never throws on bad bytes.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/decode/decoded.hpp"

namespace chaintwin::pipeline {

enum class LocationKind : std::uint8_t { kSupplier, kFactory, kPort, kDistributionCenter, kStore };
enum class TemperatureClass : std::uint8_t { kAmbient, kChilled, kFrozen };

struct Location {
  std::string name;  // locationId: what business messages use ("DC-003")
  LocationKind kind = LocationKind::kStore;
  std::string sgln;      // urn:epc:id:sgln:<prefix>.<location ref>.0 (EPCIS; any extension names the same place)
  std::string edi_code;  // X12 N1 id (qualifier 92)
  std::string x12_id;    // ISA06/GS02 and MS1 city
  std::string scac;      // the carrier collecting here (sender of EDI 214)
  std::string locode;    // UN/LOCODE (ports)
  std::string region;
  double latitude = 0.0;
  double longitude = 0.0;
  int utc_offset_minutes = 0;  // the site's clock (local standard time)
};

struct Product {
  std::string name;       // sku
  std::string gtin;       // GTIN-14
  std::string upc;        // UPC-A (12 digits)
  std::string epc_class;  // urn:epc:class:lgtin:<prefix>.<item ref>.<lot> (any lot names the product)
  TemperatureClass temperature = TemperatureClass::kAmbient;
  double unit_value = 0.0;
};

struct OpeningStockLine {
  LocationIndex location;
  SkuIndex sku;
  std::int64_t quantity;
};

class MasterData {
 public:
  // Reads one master record (its payload: one JSON object of type location, product, opening_stock or
  // stream_end). Returns empty on success, else the reason it was rejected ("master: ..."), changing nothing.
  // Records may come again (a re-read topic): a location or product is updated in place, an opening-stock part
  // already read is ignored.
  std::string add(std::string_view payload);

  std::span<const Location> locations() const { return locations_; }
  std::span<const Product> products() const { return products_; }
  std::span<const OpeningStockLine> opening_stock() const { return opening_stock_; }
  // The time the opening stock holds at (its records' asOf), once a record said it.
  std::optional<std::int64_t> opening_as_of_ns() const { return opening_as_of_ns_; }
  // When the stream ended and how many messages it had (after the stream_end record).
  std::optional<std::int64_t> stream_end_ns() const { return stream_end_ns_; }
  std::optional<std::uint64_t> stream_messages() const { return stream_messages_; }

  // Locations; kUnknown if not known.
  LocationIndex location_by_name(std::string_view name) const;
  LocationIndex location_by_sgln(std::string_view sgln) const;  // any extension of the location reference
  LocationIndex location_by_edi_code(std::string_view code) const;
  LocationIndex location_by_x12_id(std::string_view id) const;  // trailing ISA padding ignored
  LocationIndex location_by_scac(std::string_view scac) const;
  LocationIndex location_by_locode(std::string_view locode) const;
  // Products; kUnknown if not known.
  SkuIndex product_by_name(std::string_view name) const;
  SkuIndex product_by_gtin(std::string_view gtin) const;  // GTIN-14, or a shorter GTIN (UPC-12, EAN-13) zero-padded
  SkuIndex product_by_upc(std::string_view upc) const;
  SkuIndex product_by_epc_class(std::string_view epc_class) const;  // any lot

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>>;
  static std::uint32_t find(const Index& index, std::string_view id);

  std::string add_location(Location location);
  std::string add_product(Product product);

  std::vector<Location> locations_;
  std::vector<Product> products_;
  std::vector<OpeningStockLine> opening_stock_;
  std::vector<std::pair<LocationIndex, std::int64_t>> opening_parts_read_;  // (location, part)
  Index location_names_, location_sglns_, location_edi_codes_, location_x12_ids_, location_scacs_, location_locodes_;
  Index product_names_, product_gtins_, product_epc_classes_;
  std::optional<std::int64_t> opening_as_of_ns_;
  std::optional<std::int64_t> stream_end_ns_;
  std::optional<std::uint64_t> stream_messages_;
};

}  // namespace chaintwin::pipeline
