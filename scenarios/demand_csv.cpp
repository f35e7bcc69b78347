#include "scenarios/demand_csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scenarios/schema.hpp"

namespace chaintwin::scenarios {
namespace {

using network::SiteId;
using network::SiteKind;
using network::SkuId;

constexpr std::size_t kColumns = 4;
enum Column : std::size_t { kDay, kStore, kSku, kUnits };
constexpr std::array<std::string_view, kColumns> kColumnNames{"day", "store", "sku", "units"};
constexpr std::string_view kHeader = "day,store,sku,units";
// Suggestions cost a pass over every name; a file naming the wrong network would otherwise cost names x rows.
constexpr std::size_t kMaxSuggestedNames = 64;

struct Field {
  std::string value;
  int column = 0;  // 1-based, of the first character (the opening quote of a quoted field)
};

struct Entry {
  world::DemandHistory::Row row;
  std::uint32_t line = 0;
  std::uint16_t day_column = 0;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, const network::Network& network)
      : text_(text), file_(file), network_(network) {}

  Result<world::DemandHistory> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // a UTF-8 byte-order mark
    std::size_t pos = 0;
    int line_number = 0;
    bool have_header = false;
    std::vector<Field> fields;
    while (pos < text_.size()) {
      const std::size_t end = std::min(text_.find('\n', pos), text_.size());
      std::string_view line = text_.substr(pos, end - pos);
      pos = end + 1;
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::string_view content = trim(line);
      if (content.empty() || content.front() == '#') continue;
      if (!split(line, line_number, fields)) continue;
      if (!have_header) {
        have_header = true;
        if (!read_header(fields, line_number)) return std::move(diagnostics_);
        continue;
      }
      read_row(fields, line, line_number);
    }
    if (!have_header) {
      error(1, 1, "", "the file has no header; expected '" + std::string(kHeader) + "' on its first line");
      return std::move(diagnostics_);
    }
    report_duplicates();
    if (!diagnostics_.empty()) {
      std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
      });
      return std::move(diagnostics_);
    }
    world::DemandHistory history;
    history.rows.reserve(entries_.size());
    for (const Entry& e : entries_) history.rows.push_back(e.row);
    return history;
  }

 private:
  void error(int line, int column, std::string_view field, std::string message) {
    diagnostics_.push_back({file_, line, column, std::string(field), std::move(message)});
  }

  // Splits a line into fields; false, with a diagnostic, when a quoted field is malformed.
  bool split(std::string_view line, int line_number, std::vector<Field>& fields) {
    fields.clear();
    std::size_t i = 0;
    while (true) {
      while (i < line.size() && is_blank(line[i])) ++i;
      Field& field = fields.emplace_back();
      field.column = static_cast<int>(i) + 1;
      if (i < line.size() && line[i] == '"') {
        ++i;
        while (true) {
          const std::size_t quote = line.find('"', i);
          if (quote == std::string_view::npos) {
            error(line_number, field.column, column_name(fields.size() - 1), "the quoted field has no closing quote");
            return false;
          }
          field.value.append(line.substr(i, quote - i));
          i = quote + 1;
          if (i < line.size() && line[i] == '"') {  // "" is a quote inside a quoted field
            field.value.push_back('"');
            ++i;
            continue;
          }
          break;
        }
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i < line.size() && line[i] != ',') {
          error(line_number, static_cast<int>(i) + 1, column_name(fields.size() - 1),
                "unexpected text after the closing quote; expected ',' or the end of the line");
          return false;
        }
      } else {
        const std::size_t comma = std::min(line.find(',', i), line.size());
        field.value.assign(trim(line.substr(i, comma - i)));
        i = comma;
      }
      if (i >= line.size()) return true;
      ++i;  // the comma; a trailing comma leaves an empty last field
    }
  }

  // The name of the field at a position of the row, once the header is known.
  std::string column_name(std::size_t index) const {
    if (index < order_.size()) return std::string(kColumnNames[order_[index]]);
    return "";
  }

  bool read_header(const std::vector<Field>& fields, int line_number) {
    std::array<int, kColumns> given{};  // column of each name in the header, 0: absent
    bool ok = true;
    const std::vector<std::string> names(kColumnNames.begin(), kColumnNames.end());
    for (const Field& f : fields) {
      const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), f.value);
      if (it == kColumnNames.end()) {
        std::string message = "unknown column '" + f.value + "'";
        if (auto near = detail::closest_name(f.value, names)) message += "; did you mean '" + *near + "'?";
        error(line_number, f.column, f.value, message + " (expected the header '" + std::string(kHeader) + "')");
        ok = false;
        continue;
      }
      const auto c = static_cast<std::size_t>(it - kColumnNames.begin());
      if (given[c] != 0) {
        error(line_number, f.column, f.value,
              "column given twice; first at column " + std::to_string(given[c]) + " of this line");
        ok = false;
        continue;
      }
      given[c] = f.column;
      order_.push_back(static_cast<Column>(c));
    }
    for (std::size_t c = 0; c < kColumns; ++c) {
      if (given[c] == 0) {
        error(line_number, 1, kColumnNames[c],
              "missing column '" + std::string(kColumnNames[c]) + "' (expected the header '" + std::string(kHeader) +
                  "')");
        ok = false;
      }
    }
    return ok;
  }

  void read_row(const std::vector<Field>& fields, std::string_view line, int line_number) {
    if (fields.size() < kColumns) {
      error(line_number, static_cast<int>(line.size()) + 1, column_name(fields.size()),
            "missing: the row has " + std::to_string(fields.size()) + " of the " + std::to_string(kColumns) +
                " fields (" + header_in_file_order() + ")");
      return;
    }
    if (fields.size() > kColumns) {
      error(line_number, fields[kColumns].column, "",
            "unexpected field '" + fields[kColumns].value + "': the row has " + std::to_string(fields.size()) +
                " fields; expected " + std::to_string(kColumns) + " (" + header_in_file_order() + ")");
      return;
    }
    std::array<const Field*, kColumns> by_column{};
    for (std::size_t i = 0; i < kColumns; ++i) by_column[order_[i]] = &fields[i];

    Entry entry;
    entry.line = static_cast<std::uint32_t>(line_number);
    entry.day_column = static_cast<std::uint16_t>(std::min(by_column[kDay]->column, 0xffff));
    bool ok = count(*by_column[kDay], line_number, "day", "a day number", entry.row.day);
    ok = count(*by_column[kUnits], line_number, "units", "a whole number of units", entry.row.units) && ok;
    const std::optional<SiteId> store = find_store(*by_column[kStore], line_number);
    const std::optional<SkuId> sku = find_sku(*by_column[kSku], line_number);
    if (store && sku && !network_.assortment().carries(*store, *sku)) {
      error(line_number, by_column[kSku]->column, "sku",
            "store '" + by_column[kStore]->value + "' does not carry SKU '" + by_column[kSku]->value +
                "' (it is not in the store's assortment)");
      return;
    }
    if (!ok || !store || !sku) return;
    entry.row.store = *store;
    entry.row.sku = *sku;
    entries_.push_back(entry);
  }

  std::string header_in_file_order() const {
    std::string text;
    for (const Column c : order_) {
      if (!text.empty()) text += ',';
      text += kColumnNames[c];
    }
    return text;
  }

  bool count(const Field& f, int line_number, std::string_view name, std::string_view what, std::uint32_t& out) {
    const std::string& t = f.value;
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    const bool whole = !t.empty() && end == t.data() + t.size();
    if (whole && ec == std::errc() && v >= 0 && v <= std::numeric_limits<std::uint32_t>::max()) {
      out = static_cast<std::uint32_t>(v);
      return true;
    }
    std::string message;
    if (whole && (ec == std::errc() || ec == std::errc::result_out_of_range)) {
      message = t[0] == '-' ? "must not be negative, got '" + t + "'"
                            : "must be at most " + std::to_string(std::numeric_limits<std::uint32_t>::max()) +
                                  ", got '" + t + "'";
    } else {
      message = "expected " + std::string(what) + " (an integer >= 0), got '" + t + "'";
    }
    error(line_number, f.column, name, std::move(message));
    return false;
  }

  std::optional<SiteId> find_store(const Field& f, int line_number) {
    const std::optional<SiteId> id = network_.find_site(f.value);
    if (!id) {
      error(line_number, f.column, "store", "unknown store '" + f.value + "'" + suggest(f.value, true));
      return std::nullopt;
    }
    const network::Site& site = network_.site(*id);
    if (site.kind != SiteKind::kStore) {
      error(line_number, f.column, "store",
            "site '" + f.value + "' is a " + std::string(network::to_string(site.kind)) + ", not a store");
      return std::nullopt;
    }
    return id;
  }

  std::optional<SkuId> find_sku(const Field& f, int line_number) {
    const std::optional<SkuId> id = network_.find_sku(f.value);
    if (!id) error(line_number, f.column, "sku", "unknown SKU '" + f.value + "'" + suggest(f.value, false));
    return id;
  }

  // "; did you mean 'X'?" or nothing; remembered per name, since a wrong name usually repeats on many rows.
  std::string suggest(const std::string& name, bool store) {
    auto& cache = store ? store_suggestions_ : sku_suggestions_;
    if (const auto it = cache.find(name); it != cache.end()) return it->second;
    if (cache.size() >= kMaxSuggestedNames) return "";
    std::vector<std::string>& names = store ? store_names_ : sku_names_;
    if (names.empty()) {
      if (store) {
        for (const network::Site& s : network_.sites()) {
          if (s.kind == SiteKind::kStore) names.push_back(s.name);
        }
      } else {
        for (const network::Sku& k : network_.skus()) names.push_back(k.name);
      }
    }
    std::string text;
    if (auto near = detail::closest_name(name, names)) text = "; did you mean '" + *near + "'?";
    cache.emplace(name, text);
    return text;
  }

  void report_duplicates() {
    const auto key = [](const Entry& e) { return std::tuple(e.row.store, e.row.sku, e.row.day, e.line); };
    std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
    for (std::size_t i = 1; i < entries_.size(); ++i) {
      const Entry& a = entries_[i - 1];
      const Entry& b = entries_[i];
      if (a.row.store != b.row.store || a.row.sku != b.row.sku || a.row.day != b.row.day) continue;
      error(static_cast<int>(b.line), b.day_column, "day",
            "duplicate row: day " + std::to_string(b.row.day) + " of store '" + network_.site(b.row.store).name +
                "' and SKU '" + network_.sku(b.row.sku).name + "' was already given at line " + std::to_string(a.line));
    }
  }

  std::string_view text_;
  const std::string& file_;
  const network::Network& network_;
  std::vector<Column> order_;  // the column of each field position, from the header
  std::vector<Entry> entries_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::string> store_names_;
  std::vector<std::string> sku_names_;
  std::unordered_map<std::string, std::string> store_suggestions_;
  std::unordered_map<std::string, std::string> sku_suggestions_;
};

}  // namespace

Result<world::DemandHistory> parse_demand_history(std::string_view text, const std::string& file,
                                                  const network::Network& network) {
  return Parser(text, file, network).run();
}

Result<world::DemandHistory> load_demand_history(const std::string& path, const network::Network& network) {
  const auto fail = [&](std::string message) {
    return Result<world::DemandHistory>(std::vector<Diagnostic>{{path, 0, 0, "", std::move(message)}});
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("cannot open the demand CSV: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::string("cannot open the demand CSV: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(std::string("cannot read the demand CSV: ") + std::strerror(errno));
  return parse_demand_history(text.str(), path, network);
}

}  // namespace chaintwin::scenarios
