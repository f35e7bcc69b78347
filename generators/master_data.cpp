#include "generators/master_data.hpp"

#include <algorithm>
#include <map>

#include "generators/formats/epcis.hpp"
#include "generators/formats/json_writer.hpp"
#include "generators/formats/time_format.hpp"
#include "generators/identifiers.hpp"

namespace chaintwin::generators {

namespace {

std::string_view kind_code(network::SiteKind kind) {
  switch (kind) {
    case network::SiteKind::kSupplier: return "SUPPLIER";
    case network::SiteKind::kFactory: return "FACTORY";
    case network::SiteKind::kPort: return "PORT";
    case network::SiteKind::kDistributionCenter: return "DC";
    case network::SiteKind::kStore: return "STORE";
  }
  return "UNKNOWN";
}

std::string_view temperature_code(network::TemperatureClass t) {
  switch (t) {
    case network::TemperatureClass::kAmbient: return "AMBIENT";
    case network::TemperatureClass::kChilled: return "CHILLED";
    case network::TemperatureClass::kFrozen: return "FROZEN";
  }
  return "AMBIENT";
}

std::string location_record(const network::Site& site) {
  std::string out;
  formats::JsonWriter w(out);
  std::string sgln;
  formats::append_sgln(sgln, kCompanyPrefix, padded(site.id.value(), 5));
  w.begin_object();
  w.key("type").value("location");
  w.key("locationId").value(site.name);
  w.key("kind").value(kind_code(site.kind));
  w.key("sgln").value(sgln);
  w.key("ediCode").value(padded(site.id.value(), 4));   // X12 N1 id code, qualifier 92
  w.key("x12Id").value(x12_id(site.name));               // as in ISA06/GS02, N1 names and MS1
  w.key("scac").value(scac_of(site.id.value()));         // the carrier collecting here (214 sender)
  if (site.kind == network::SiteKind::kPort) w.key("locode").value(locode_of(site.id));
  w.key("region").value(site.region);
  w.key("latitude").value_fixed(site.location.lat_deg, 6);
  w.key("longitude").value_fixed(site.location.lon_deg, 6);
  w.key("utcOffsetMinutes").value(utc_offset_minutes(site));
  w.end_object();
  return out;
}

std::string product_record(const network::Sku& sku) {
  std::string out;
  formats::JsonWriter w(out);
  const std::string upc = upc_of(sku.id);
  std::string epc_class;
  formats::append_lgtin(epc_class, kCompanyPrefix, padded(sku.id.value() % 1'000'000, 6), "0");
  w.begin_object();
  w.key("type").value("product");
  w.key("sku").value(sku.name);
  w.key("gtin").value("00" + upc);
  w.key("upc").value(upc);
  w.key("epcClass").value(epc_class);
  w.key("temperatureClass").value(temperature_code(sku.temperature));
  w.key("unitValue").value_fixed(sku.unit_value, 2);
  w.end_object();
  return out;
}

}  // namespace

std::vector<MasterRecord> master_records(const network::Network& net, const world::Ledger& ledger,
                                         std::int64_t epoch_unix_ns) {
  std::vector<MasterRecord> records;
  for (const auto& site : net.sites()) records.push_back({"location/" + site.name, location_record(site)});
  for (const auto& sku : net.skus()) records.push_back({"product/" + sku.name, product_record(sku)});

  // Opening stock: the kInitial rows (all at time 0), grouped by site in site order, SKUs ascending.
  std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::int64_t>>> by_site;
  const auto& stock = ledger.stock();
  for (std::size_t r = 0; r < stock.time.size() && stock.time[r] == 0; ++r) {
    if (stock.reason[r] != world::StockReason::kInitial) continue;
    by_site[stock.site[r].value()].emplace_back(stock.sku[r].value(), stock.delta[r]);
  }
  std::string as_of;
  formats::append_iso8601_utc(as_of, epoch_unix_ns);
  for (auto& [site_value, lines] : by_site) {
    std::sort(lines.begin(), lines.end());
    const network::Site& site = net.site(network::SiteId(site_value));
    const std::size_t parts = (lines.size() + kOpeningStockLinesPerRecord - 1) / kOpeningStockLinesPerRecord;
    for (std::size_t part = 0; part < parts; ++part) {
      std::string out;
      formats::JsonWriter w(out);
      w.begin_object();
      w.key("type").value("opening_stock");
      w.key("locationId").value(site.name);
      w.key("asOf").value(as_of);
      w.key("part").value(static_cast<std::uint64_t>(part + 1));
      w.key("parts").value(static_cast<std::uint64_t>(parts));
      w.key("lines").begin_array();
      const std::size_t end = std::min(lines.size(), (part + 1) * kOpeningStockLinesPerRecord);
      for (std::size_t i = part * kOpeningStockLinesPerRecord; i < end; ++i) {
        w.begin_object();
        w.key("sku").value(net.sku(network::SkuId(lines[i].first)).name);
        w.key("quantityOnHand").value(lines[i].second);
        w.end_object();
      }
      w.end_array();
      w.end_object();
      records.push_back({"opening_stock/" + site.name + "/" + std::to_string(part + 1), std::move(out)});
    }
  }
  return records;
}

MasterRecord stream_end_record(std::int64_t end_unix_ns, std::uint64_t messages) {
  std::string out;
  formats::JsonWriter w(out);
  std::string at;
  formats::append_iso8601_utc(at, end_unix_ns);
  w.begin_object();
  w.key("type").value("stream_end");
  w.key("at").value(at);
  w.key("messages").value(messages);
  w.end_object();
  return {"control/stream_end", std::move(out)};
}

}  // namespace chaintwin::generators
