#include "scenarios/expectation.hpp"

#include <utility>

namespace chaintwin::scenarios {

namespace {

bool is_lower_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_name_char(char c) { return is_lower_letter(c) || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

bool is_metric_name(std::string_view name) {
  std::size_t segments = 0;
  while (true) {
    const std::size_t dot = name.find('.');
    const std::string_view segment = name.substr(0, dot);
    if (segment.empty() || !is_lower_letter(segment.front())) return false;
    for (const char c : segment) {
      if (!is_name_char(c)) return false;
    }
    ++segments;
    if (dot == std::string_view::npos) return segments >= 2;
    name.remove_prefix(dot + 1);
  }
}

const Schema<Expectation>& expectation_schema() {
  static const Schema<Expectation> schema = [] {
    Schema<Expectation> s("Expectation",
                          "An item of `expectations:`: a bound on one measured metric, e.g. `{metric: "
                          "kpi.fill_rate_units, at_least: 0.95}`. Give exactly one of `at_most` and `at_least`; the "
                          "bound itself passes. A metric the command does not measure fails.");
    s.field("metric", &Expectation::metric,
            "dotted lower-case name: `kpi.<KPI name>` from `chaintwin run` (see `docs/outputs.md`), or a metric "
            "of `chaintwin score` (`stock_position.*`, `alerts.*`, `latency.*`, `outputs.*`, `pipeline.*`, "
            "`demand_signals.*`, `disruption_impacts.*`, `replenishment_signals.*`)",
            "")
        .required()
        .check("segments of a-z, 0-9 and _ joined by dots", [](const std::string& name) -> std::optional<std::string> {
          if (is_metric_name(name)) return std::nullopt;
          return "expected a dotted lower-case name such as 'kpi.fill_rate_units' (at least two segments of a-z, "
                 "0-9 and _, each starting with a letter), got '" +
                 name + "'";
        });
    s.field("at_most", &Expectation::at_most, "the metric must be at most this", "the metric's").default_text("none");
    s.field("at_least", &Expectation::at_least, "the metric must be at least this", "the metric's")
        .default_text("none");
    s.rule("at_least", "give either at_most or at_least, not both",
           [](const Expectation& e) { return !(e.at_most && e.at_least); });
    s.rule("metric", "give a bound: at_most: X or at_least: X",
           [](const Expectation& e) { return e.at_most || e.at_least; });
    return s;
  }();
  return schema;
}

detail::Decoder<std::vector<Expectation>> expectations_decoder() {
  detail::Decoder<Expectation> item = [](const Node& n, Expectation& out, DecodeContext& ctx, const std::string& path) {
    if (!expectation_schema().decode(n, out, ctx, path)) return false;
    const Node& metric = *n.find("metric");  // required, so present once decoded
    out.file = metric.source ? *metric.source : std::string();
    out.line = metric.line;
    out.column = metric.column;
    return true;
  };
  return detail::list_decoder<Expectation>(std::move(item));
}

}  // namespace chaintwin::scenarios
