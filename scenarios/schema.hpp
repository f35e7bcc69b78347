#pragma once
// Declarative binding of YAML scenario files to typed config structs.
//
// A schema names each field of a struct once: its YAML name, the member it fills, a one-line doc, a unit, and
// optional checks. Defaults are the struct's own default member initialisers: a field absent from the file keeps
// its default. The same declaration decodes files and documents them (describe_markdown), so the reference page
// cannot drift from the code.
//
//   const Schema<DockConfig>& dock_schema() {
//     static const Schema<DockConfig> s = [] {
//       Schema<DockConfig> s("DockConfig", "A receiving dock.");
//       s.field("doors", &DockConfig::doors, "dock doors", "count").range(1, 1000);
//       s.field("horizon", &DockConfig::horizon, "simulated time to run", "").above(sim::SimTime::zero());
//       s.choice("mode", &DockConfig::mode, "queue discipline", {{"fifo", Mode::kFifo}, {"lifo", Mode::kLifo}});
//       return s;
//     }();
//     return s;
//   }
//   Result<DockConfig> r = load_file("dock.yaml", dock_schema());
//
// Field types: bool, integers, double, std::string, sim::SimTime (written "36h", "2d", "90min", "45s"), any type by
// name (choice), nested structs (nested, also into a std::optional: absent stays empty), std::vector of any of
// these (list for structs), std::array of scalars (a list of exactly N), std::optional of a scalar (absent stays
// empty), and anything else through a decoder of its own (custom). Every problem found is reported, not just the
// first; a struct's cross-field rules run only when its fields decoded cleanly.

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "scenarios/diagnostic.hpp"
#include "scenarios/document.hpp"
#include "sim/core/time.hpp"

namespace chaintwin::scenarios {

// One row of a schema's reference table.
struct FieldInfo {
  std::string name;
  std::string type;
  std::string unit;
  std::string default_text;  // "required" for required fields
  std::string allowed;       // range, names or other constraints; empty when anything of the type goes
  std::string doc;
};

// Collects diagnostics while a document is bound.
class DecodeContext {
 public:
  explicit DecodeContext(std::string file) : file_(std::move(file)) {}
  void error(int line, int column, std::string path, std::string message) {
    diagnostics_.push_back({file_, line, column, std::move(path), std::move(message)});
  }
  // At a node or an entry's key, in the file it came from (a tree merged from several files keeps each node's).
  void error(const Node& at, std::string path, std::string message) {
    diagnostics_.push_back({at.source ? *at.source : file_, at.line, at.column, std::move(path), std::move(message)});
  }
  void error(const Entry& at, std::string path, std::string message) {
    diagnostics_.push_back({at.source ? *at.source : file_, at.line, at.column, std::move(path), std::move(message)});
  }
  // A problem found elsewhere (a file that this one names), kept as it is.
  void add(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }
  std::size_t error_count() const { return diagnostics_.size(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

namespace detail {

// Non-template helpers (schema.cpp). The parse_* functions return the error message, or nullopt on success.
std::optional<std::string> parse_bool(const Node& node, bool& out);
std::optional<std::string> parse_int64(const Node& node, std::int64_t lo, std::int64_t hi, std::string_view unit,
                                       std::int64_t& out);
std::optional<std::string> parse_uint64(const Node& node, std::uint64_t hi, std::string_view unit, std::uint64_t& out);
std::optional<std::string> parse_double(const Node& node, std::string_view unit, double& out);
std::optional<std::string> parse_text(const Node& node, std::string& out);
std::optional<std::string> parse_duration(const Node& node, sim::SimTime& out);
std::string describe_got(const Node& node);                      // "'many'", "nothing", "a list", "a mapping"
std::string format_double(double value);                         // shortest text that reads back to the same double
std::string format_duration(sim::SimTime value);                 // largest unit that divides it exactly: "30d", "90min"
std::string quoted_list(const std::vector<std::string>& names);  // 'a', 'b', 'c'
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);
std::string join_path(const std::string& path, std::string_view name);
std::string index_path(const std::string& path, std::size_t index);
std::string render_markdown(const std::string& name, const std::string& doc, const std::vector<FieldInfo>& rows,
                            const std::vector<std::string>& rules);

// How a scalar type is read from text and printed in docs and messages.
template <class T>
struct Scalar;

template <>
struct Scalar<bool> {
  static std::string type() { return "boolean"; }
  static std::optional<std::string> decode(const Node& n, std::string_view, bool& out) { return parse_bool(n, out); }
  static std::string format(bool v) { return v ? "true" : "false"; }
};

template <class T>
requires std::integral<T> &&(!std::same_as<T, bool>)struct Scalar<T> {
  static std::string type() { return "integer"; }
  static std::optional<std::string> decode(const Node& n, std::string_view unit, T& out) {
    if constexpr (std::is_signed_v<T>) {
      std::int64_t v = 0;
      auto err = parse_int64(n, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), unit, v);
      if (!err) out = static_cast<T>(v);
      return err;
    } else {
      std::uint64_t v = 0;
      auto err = parse_uint64(n, std::numeric_limits<T>::max(), unit, v);
      if (!err) out = static_cast<T>(v);
      return err;
    }
  }
  static std::string format(T v) { return std::to_string(v); }
};

template <>
struct Scalar<double> {
  static std::string type() { return "number"; }
  static std::optional<std::string> decode(const Node& n, std::string_view unit, double& out) {
    return parse_double(n, unit, out);
  }
  static std::string format(double v) { return format_double(v); }
};

template <>
struct Scalar<std::string> {
  static std::string type() { return "text"; }
  static std::optional<std::string> decode(const Node& n, std::string_view, std::string& out) {
    return parse_text(n, out);
  }
  static std::string format(const std::string& v) { return "\"" + v + "\""; }
};

template <>
struct Scalar<sim::SimTime> {
  static std::string type() { return "duration"; }
  static std::optional<std::string> decode(const Node& n, std::string_view, sim::SimTime& out) {
    return parse_duration(n, out);
  }
  static std::string format(sim::SimTime v) { return format_duration(v); }
};

template <class T>
concept ScalarType = requires {
  Scalar<T>::type();
};

// An optional scalar: absent from the file, it stays empty; given, it holds the value.
template <ScalarType T>
struct Scalar<std::optional<T>> {
  static std::string type() { return Scalar<T>::type(); }
  static std::optional<std::string> decode(const Node& n, std::string_view unit, std::optional<T>& out) {
    T value{};
    auto err = Scalar<T>::decode(n, unit, value);
    if (!err) out = std::move(value);
    return err;
  }
  static std::string format(const std::optional<T>& v) { return v ? Scalar<T>::format(*v) : "none"; }
};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {
  using Item = T;
};

template <class T>
struct IsArray : std::false_type {};
template <class T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {
  using Item = T;
  static constexpr std::size_t kSize = N;
};

// Lists and arrays: checks on them compare items, never the whole sequence.
template <class T>
concept Sequence = IsVector<T>::value || IsArray<T>::value;

// The item type of a list or array; NoItem for other types, so that declarations naming it stay well-formed.
struct NoItem {};
template <class T>
struct ItemOf {
  using type = NoItem;
};
template <Sequence T>
struct ItemOf<T> {
  using type = typename T::value_type;
};

// "numbers", "integers", "texts", "durations": the item type of a list in messages and docs.
inline std::string plural(std::string type) { return type + "s"; }

// Decodes a node into a value, reporting any problem under path; false when it reported one.
template <class T>
using Decoder = std::function<bool(const Node&, T&, DecodeContext&, const std::string& path)>;

template <ScalarType T>
Decoder<T> scalar_decoder(std::string unit) {
  return [unit = std::move(unit)](const Node& n, T& out, DecodeContext& ctx, const std::string& path) {
    if (auto err = Scalar<T>::decode(n, unit, out)) {
      ctx.error(n, path, std::move(*err));
      return false;
    }
    return true;
  };
}

// Items are decoded into fresh default values, so that a struct item absent fields keep their defaults.
template <class T>
Decoder<std::vector<T>> list_decoder(Decoder<T> item) {
  return [item = std::move(item)](const Node& n, std::vector<T>& out, DecodeContext& ctx, const std::string& path) {
    if (n.kind != Node::Kind::kSequence) {
      ctx.error(n, path, "expected a list, got " + describe_got(n));
      return false;
    }
    std::vector<T> values;
    bool ok = true;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      T value{};
      ok = item(n.items[i], value, ctx, index_path(path, i)) && ok;
      values.push_back(std::move(value));
    }
    if (ok) out = std::move(values);
    return ok;
  };
}

// A fixed-size list: exactly N items, each decoded by item.
template <class T, std::size_t N>
Decoder<std::array<T, N>> array_decoder(Decoder<T> item, std::string what) {
  return [item = std::move(item), what = std::move(what)](const Node& n, std::array<T, N>& out, DecodeContext& ctx,
                                                          const std::string& path) {
    const std::string expected = "expected a list of exactly " + std::to_string(N) + " " + what;
    if (n.kind != Node::Kind::kSequence) {
      ctx.error(n, path, expected + ", got " + describe_got(n));
      return false;
    }
    if (n.items.size() != N) {
      ctx.error(n, path, expected + ", got " + std::to_string(n.items.size()));
      return false;
    }
    std::array<T, N> values = out;
    bool ok = true;
    for (std::size_t i = 0; i < N; ++i) ok = item(n.items[i], values[i], ctx, index_path(path, i)) && ok;
    if (ok) out = values;
    return ok;
  };
}

}  // namespace detail

template <class S>
class FieldBase {
 public:
  virtual ~FieldBase() = default;
  virtual bool decode(const Node& node, S& out, DecodeContext& ctx, const std::string& path) const = 0;
  virtual FieldInfo info(const S& defaults) const = 0;
  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }
  bool is_required() const { return required_; }
  void set_required() { required_ = true; }

 protected:
  FieldBase(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}

 private:
  std::string name_;
  std::string doc_;
  bool required_ = false;
};

template <class S, class T>
class Field final : public FieldBase<S> {
 public:
  using Check = std::function<std::optional<std::string>(const T&)>;  // the problem with a decoded value, if any

  Field(std::string name, T S::*member, std::string doc, std::string unit, std::string type, detail::Decoder<T> decoder,
        std::function<std::string(const T&)> format)
      : FieldBase<S>(std::move(name), std::move(doc)),
        member_(member),
        unit_(std::move(unit)),
        type_(std::move(type)),
        decoder_(std::move(decoder)),
        format_(std::move(format)) {}

  // The problem with item i of a decoded list, if any; reported at the item.
  using ItemCheck = std::function<std::optional<std::string>(const T&, std::size_t)>;

  bool decode(const Node& node, S& out, DecodeContext& ctx, const std::string& path) const override {
    T value = out.*member_;
    if (!decoder_(node, value, ctx, path)) {
      // What did decode is kept (a nested struct's good fields; decoders leave anything else as it was), so that
      // a loader can still check it and report its problems too.
      out.*member_ = std::move(value);
      return false;
    }
    if constexpr (detail::Sequence<T>) {
      bool items_ok = true;
      for (std::size_t i = 0; i < value.size() && i < node.items.size(); ++i) {
        for (const auto& [text, check] : item_checks_) {
          if (auto problem = check(value, i)) {
            ctx.error(node.items[i], detail::index_path(path, i), std::move(*problem));
            items_ok = false;
            break;
          }
        }
      }
      if (!items_ok) return false;
    }
    for (const auto& [text, check] : checks_) {
      if (auto problem = check(value)) {
        ctx.error(node, path, std::move(*problem));
        return false;
      }
    }
    out.*member_ = std::move(value);
    return true;
  }

  FieldInfo info(const S& defaults) const override {
    std::string allowed = allowed_;
    for (const auto& [text, check] : item_checks_) allowed += (allowed.empty() ? "" : "; ") + text;
    for (const auto& [text, check] : checks_) allowed += (allowed.empty() ? "" : "; ") + text;
    std::string default_text = default_text_ ? *default_text_ : format_(defaults.*member_);
    return {this->name(), type_,      unit_, this->is_required() ? "required" : std::move(default_text),
            allowed,      this->doc()};
  }

  void add_check(std::string text, Check check) { checks_.emplace_back(std::move(text), std::move(check)); }
  void add_item_check(std::string text, ItemCheck check) {
    item_checks_.emplace_back(std::move(text), std::move(check));
  }
  // What the docs show as the default, when the value alone would mislead (an empty optional computed later).
  void set_default_text(std::string text) { default_text_ = std::move(text); }
  // What the decoder itself accepts, for the docs (a choice's names).
  void set_allowed(std::string text) { allowed_ = std::move(text); }
  const std::function<std::string(const T&)>& format() const { return format_; }

 private:
  T S::*member_;
  std::string unit_;
  std::string type_;
  detail::Decoder<T> decoder_;
  std::function<std::string(const T&)> format_;
  std::string allowed_;
  std::optional<std::string> default_text_;
  std::vector<std::pair<std::string, Check>> checks_;  // doc text, check
  std::vector<std::pair<std::string, ItemCheck>> item_checks_;
};

// Returned by Schema's declarations to attach checks: s.field(...).range(1, 100).required().
template <class S, class T>
class FieldBuilder {
 public:
  explicit FieldBuilder(Field<S, T>& field) : field_(field) {}

  // For fields with no sensible default: absence is an error.
  FieldBuilder& required() {
    field_.set_required();
    return *this;
  }
  FieldBuilder& range(T lo, T hi) requires(std::totally_ordered<T> && !detail::Sequence<T>) {
    const auto& f = field_.format();
    std::string text = "between " + f(lo) + " and " + f(hi);
    field_.add_check(text, [lo, hi, text, f](const T& v) -> std::optional<std::string> {
      if (v < lo || hi < v) return "must be " + text + ", got " + f(v);
      return std::nullopt;
    });
    return *this;
  }
  FieldBuilder& at_least(T lo) requires(std::totally_ordered<T> && !detail::Sequence<T>) {
    const auto& f = field_.format();
    field_.add_check(">= " + f(lo), [lo, f](const T& v) -> std::optional<std::string> {
      if (v < lo) return "must be at least " + f(lo) + ", got " + f(v);
      return std::nullopt;
    });
    return *this;
  }
  FieldBuilder& above(T lo) requires(std::totally_ordered<T> && !detail::Sequence<T>) {
    const auto& f = field_.format();
    field_.add_check("> " + f(lo), [lo, f](const T& v) -> std::optional<std::string> {
      if (!(lo < v)) return "must be greater than " + f(lo) + ", got " + f(v);
      return std::nullopt;
    });
    return *this;
  }
  FieldBuilder& at_most(T hi) requires(std::totally_ordered<T> && !detail::Sequence<T>) {
    const auto& f = field_.format();
    field_.add_check("<= " + f(hi), [hi, f](const T& v) -> std::optional<std::string> {
      if (hi < v) return "must be at most " + f(hi) + ", got " + f(v);
      return std::nullopt;
    });
    return *this;
  }
  // Every item of a list or array; a bad item is reported at its own position.
  FieldBuilder& each_at_least(typename detail::ItemOf<T>::type lo) requires detail::Sequence<T> {
    using Item = typename detail::ItemOf<T>::type;
    const std::string text = detail::Scalar<Item>::format(lo);
    field_.add_item_check("each >= " + text, [lo, text](const T& v, std::size_t i) -> std::optional<std::string> {
      if (v[i] < lo) return "must be at least " + text + ", got " + detail::Scalar<Item>::format(v[i]);
      return std::nullopt;
    });
    return *this;
  }
  // Any other constraint: check returns the problem with a decoded value, or nullopt; text documents it.
  FieldBuilder& check(std::string text, typename Field<S, T>::Check check) {
    field_.add_check(std::move(text), std::move(check));
    return *this;
  }
  // The docs' default column, for a default the value alone does not explain ("from the mode profile").
  FieldBuilder& default_text(std::string text) {
    field_.set_default_text(std::move(text));
    return *this;
  }
  // Strings and lists.
  FieldBuilder& non_empty() requires requires(const T& v) { v.empty(); }
  {
    field_.add_check("non-empty", [](const T& v) -> std::optional<std::string> {
      if (v.empty()) return "must not be empty";
      return std::nullopt;
    });
    return *this;
  }

 private:
  Field<S, T>& field_;
};

template <class S>
class Schema {
 public:
  // A cross-field rule of the struct, reported at `field`, or where the struct starts when that field is absent.
  struct Rule {
    std::string field;
    std::string text;  // the message when broken, and the line in the docs
    std::function<bool(const S&)> holds;
  };

  Schema(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}

  // A scalar field (bool, integer, double, text, duration) or a std::vector of them.
  template <class T>
  FieldBuilder<S, T> field(std::string name, T S::*member, std::string doc, std::string unit) {
    if constexpr (detail::IsVector<T>::value) {
      using Item = typename detail::IsVector<T>::Item;
      static_assert(detail::ScalarType<Item>, "declare a list of structs with list()");
      auto decoder = detail::list_decoder<Item>(detail::scalar_decoder<Item>(unit));
      auto format = [](const T& v) {
        std::string text;
        for (const Item& item : v) text += (text.empty() ? "" : ", ") + detail::Scalar<Item>::format(item);
        return "[" + text + "]";
      };
      return FieldBuilder<S, T>(add<T>(std::move(name), member, std::move(doc), std::move(unit),
                                       "list of " + detail::Scalar<Item>::type(), std::move(decoder), format));
    } else if constexpr (detail::IsArray<T>::value) {
      using Item = typename detail::IsArray<T>::Item;
      constexpr std::size_t kSize = detail::IsArray<T>::kSize;
      static_assert(detail::ScalarType<Item>, "arrays hold scalars");
      const std::string items = detail::plural(detail::Scalar<Item>::type());
      auto decoder = detail::array_decoder<Item, kSize>(detail::scalar_decoder<Item>(unit),
                                                        unit.empty() ? items : items + " (" + unit + ")");
      auto format = [](const T& v) {
        std::string text;
        for (const Item& item : v) text += (text.empty() ? "" : ", ") + detail::Scalar<Item>::format(item);
        return "[" + text + "]";
      };
      return FieldBuilder<S, T>(add<T>(std::move(name), member, std::move(doc), std::move(unit),
                                       "list of " + std::to_string(kSize) + " " + items, std::move(decoder), format));
    } else {
      static_assert(detail::ScalarType<T>, "declare enums and named values with choice(), structs with nested()");
      auto decoder = detail::scalar_decoder<T>(unit);
      auto format = [](const T& v) { return detail::Scalar<T>::format(v); };
      return FieldBuilder<S, T>(add<T>(std::move(name), member, std::move(doc), std::move(unit),
                                       detail::Scalar<T>::type(), std::move(decoder), format));
    }
  }

  // A value chosen by name (enums, named presets); names are case-sensitive. `same` tells which name the default
  // has, for types without operator==. T is deduced from the member alone, so that the names can be a braced list.
  template <class T>
  FieldBuilder<S, T> choice(std::string name, T S::*member, std::string doc,
                            std::type_identity_t<std::vector<std::pair<std::string, T>>> names,
                            std::type_identity_t<std::function<bool(const T&, const T&)>> same = std::equal_to<T>()) {
    std::vector<std::string> keys;
    for (const auto& entry : names) keys.push_back(entry.first);
    auto table = std::make_shared<const std::vector<std::pair<std::string, T>>>(std::move(names));
    auto decoder = [table, keys](const Node& n, T& out, DecodeContext& ctx, const std::string& path) {
      std::string text;
      if (!detail::parse_text(n, text)) {
        for (const auto& [key, value] : *table) {
          if (key == text) {
            out = value;
            return true;
          }
        }
      }
      std::string message = "expected one of " + detail::quoted_list(keys) + ", got " + detail::describe_got(n);
      if (auto near = detail::closest_name(text, keys); near && n.kind == Node::Kind::kScalar) {
        message += "; did you mean '" + *near + "'?";
      }
      ctx.error(n, path, std::move(message));
      return false;
    };
    auto format = [table, same](const T& v) {
      for (const auto& [key, value] : *table) {
        if (same(value, v)) return key;
      }
      return std::string("(unnamed)");
    };
    Field<S, T>& field =
        add<T>(std::move(name), member, std::move(doc), "", "name", std::move(decoder), std::move(format));
    field.set_allowed(detail::quoted_list(keys));
    return FieldBuilder<S, T>(field);
  }

  // A nested struct, written as a mapping.
  template <class T>
  FieldBuilder<S, T> nested(std::string name, T S::*member, std::string doc, const Schema<T>& schema) {
    return FieldBuilder<S, T>(add<T>(
        std::move(name), member, std::move(doc), "", "mapping: `" + schema.name() + "`",
        [&schema](const Node& n, T& out, DecodeContext& ctx, const std::string& path) {
          return schema.decode(n, out, ctx, path);
        },
        [&schema](const T&) { return "see `" + schema.name() + "`"; }));
  }

  // An optional nested struct: absent, the member stays empty; given, it is decoded onto the struct's defaults.
  template <class T>
  FieldBuilder<S, std::optional<T>> nested(std::string name, std::optional<T> S::*member, std::string doc,
                                           const Schema<T>& schema) {
    return FieldBuilder<S, std::optional<T>>(add<std::optional<T>>(
        std::move(name), member, std::move(doc), "", "mapping: `" + schema.name() + "`",
        [&schema](const Node& n, std::optional<T>& out, DecodeContext& ctx, const std::string& path) {
          T value = out ? *out : T{};
          if (!schema.decode(n, value, ctx, path)) return false;
          out = std::move(value);
          return true;
        },
        [](const std::optional<T>& v) { return v ? std::string("given") : std::string("none"); }));
  }

  // A field with a decoder of its own, for shapes the other declarations do not cover (a list or a keyword).
  template <class T>
  FieldBuilder<S, T> custom(std::string name, T S::*member, std::string doc, std::string unit, std::string type,
                            std::type_identity_t<detail::Decoder<T>> decoder,
                            std::type_identity_t<std::function<std::string(const T&)>> format) {
    return FieldBuilder<S, T>(add<T>(std::move(name), member, std::move(doc), std::move(unit), std::move(type),
                                     std::move(decoder), std::move(format)));
  }

  // A list of structs, each written as a mapping.
  template <class T>
  FieldBuilder<S, std::vector<T>> list(std::string name, std::vector<T> S::*member, std::string doc,
                                       const Schema<T>& schema) {
    detail::Decoder<T> item = [&schema](const Node& n, T& out, DecodeContext& ctx, const std::string& path) {
      return schema.decode(n, out, ctx, path);
    };
    return FieldBuilder<S, std::vector<T>>(
        add<std::vector<T>>(std::move(name), member, std::move(doc), "", "list of `" + schema.name() + "`",
                            detail::list_decoder<T>(std::move(item)),
                            [](const std::vector<T>& v) { return std::to_string(v.size()) + " items"; }));
  }

  void rule(std::string field, std::string text, std::function<bool(const S&)> holds) {
    rules_.push_back({std::move(field), std::move(text), std::move(holds)});
  }

  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }
  const std::vector<Rule>& rules() const { return rules_; }

  std::vector<std::string> field_names() const {
    std::vector<std::string> names;
    for (const auto& field : fields_) names.push_back(field->name());
    return names;
  }

  std::vector<FieldInfo> fields() const {
    // On the heap: GCC 12 sees phantom uninitialised reads in a large defaults object on the stack.
    const auto defaults = std::make_unique<const S>();
    std::vector<FieldInfo> rows;
    for (const auto& field : fields_) rows.push_back(field->info(*defaults));
    return rows;
  }

  // Binds a mapping onto out, field by field; fields the mapping lacks keep out's values. Reports every problem
  // under path and returns false if there was any.
  bool decode(const Node& node, S& out, DecodeContext& ctx, const std::string& path) const {
    if (node.kind != Node::Kind::kMapping) {
      ctx.error(node, path,
                "expected a mapping of " + name_ + " fields (name: value), got " + detail::describe_got(node));
      return false;
    }
    const std::size_t errors_before = ctx.error_count();
    std::vector<const Entry*> seen(fields_.size(), nullptr);
    for (const Entry& entry : node.entries) {
      const std::string field_path = detail::join_path(path, entry.key);
      const auto index = find(entry.key);
      if (!index) {
        std::string message = "unknown field '" + entry.key + "'";
        if (auto near = detail::closest_name(entry.key, field_names())) message += "; did you mean '" + *near + "'?";
        ctx.error(entry, field_path, message + " (valid fields: " + detail::quoted_list(field_names()) + ")");
        continue;
      }
      if (const Entry* first = seen[*index]) {
        ctx.error(entry, field_path, "duplicate field; it was already given at line " + std::to_string(first->line));
        continue;
      }
      seen[*index] = &entry;
      fields_[*index]->decode(entry.value, out, ctx, field_path);
    }
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const FieldBase<S>& field = *fields_[i];
      if (!seen[i] && field.is_required()) {
        ctx.error(node, detail::join_path(path, field.name()),
                  "missing required field '" + field.name() + "' (" + field.doc() + ")");
      }
    }
    if (ctx.error_count() != errors_before) return false;  // a rule over half-decoded fields would only add noise
    for (const Rule& r : rules_) {
      if (r.holds(out)) continue;
      const auto index = find(r.field);
      const Entry* at = index ? seen[*index] : nullptr;
      if (at) {
        ctx.error(at->value, detail::join_path(path, r.field), r.text);
      } else {
        ctx.error(node, detail::join_path(path, r.field), r.text);
      }
    }
    return ctx.error_count() == errors_before;
  }

 private:
  template <class T>
  Field<S, T>& add(std::string name, T S::*member, std::string doc, std::string unit, std::string type,
                   detail::Decoder<T> decoder, std::function<std::string(const T&)> format) {
    if (find(name)) throw std::logic_error("Schema " + name_ + ": field '" + name + "' declared twice");
    auto field = std::make_unique<Field<S, T>>(std::move(name), member, std::move(doc), std::move(unit),
                                               std::move(type), std::move(decoder), std::move(format));
    Field<S, T>& ref = *field;
    fields_.push_back(std::move(field));
    return ref;
  }

  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i]->name() == name) return i;
    }
    return std::nullopt;
  }

  std::string name_;
  std::string doc_;
  std::vector<std::unique_ptr<FieldBase<S>>> fields_;
  std::vector<Rule> rules_;
};

// The schema's reference table in Markdown: field, type, unit, default, allowed values, description, then its rules.
template <class S>
std::string describe_markdown(const Schema<S>& schema) {
  std::vector<std::string> rules;
  for (const auto& r : schema.rules()) rules.push_back("`" + r.field + "`: " + r.text);
  return detail::render_markdown(schema.name(), schema.doc(), schema.fields(), rules);
}

// Binds a parsed document to a fresh S (its defaults first).
template <class S>
Result<S> bind_document(const Document& document, const Schema<S>& schema) {
  if (!document.diagnostics.empty()) return document.diagnostics;
  DecodeContext ctx(document.file);
  if (document.root.kind != Node::Kind::kMapping) {
    ctx.error(
        document.root, "",
        "expected a mapping of fields (name: value) at the top level, got " + detail::describe_got(document.root));
    return ctx.take();
  }
  S value{};
  if (!schema.decode(document.root, value, ctx, "")) return ctx.take();
  return value;
}

// Loads a scenario file; reads nothing but the file and writes nothing.
template <class S>
Result<S> load_file(const std::string& path, const Schema<S>& schema) {
  return bind_document(read_document(path), schema);
}

// Loads scenario text held in memory; file names it in diagnostics.
template <class S>
Result<S> load_text(std::string_view text, const std::string& file, const Schema<S>& schema) {
  return bind_document(parse_document(text, file), schema);
}

}  // namespace chaintwin::scenarios
