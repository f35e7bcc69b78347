#include "generators/formats/sparkplug.hpp"

#include "generators/formats/time_format.hpp"

namespace chaintwin::formats {

namespace {

constexpr FieldSpec kPayloadFields[] = {
    {"timestamp", true},          {"metrics", true},          {"metrics.name", false},
    {"metrics.alias", false},     {"metrics.timestamp", false}, {"metrics.dataType", true, "metrics.datatype"},
    {"metrics.value", true},      {"seq", true},
};
// NDEATH: no seq.
constexpr std::span<const FieldSpec> kDeathFields(kPayloadFields, std::size(kPayloadFields) - 1);

}  // namespace

std::span<const FieldSpec> fields(SparkplugMessageType type) {
  return type == SparkplugMessageType::kNDeath ? kDeathFields : std::span<const FieldSpec>(kPayloadFields);
}

std::string_view to_string(SparkplugMessageType type) {
  switch (type) {
    case SparkplugMessageType::kNBirth: return "NBIRTH";
    case SparkplugMessageType::kNDeath: return "NDEATH";
    case SparkplugMessageType::kDBirth: return "DBIRTH";
    case SparkplugMessageType::kDDeath: return "DDEATH";
    case SparkplugMessageType::kNData: return "NDATA";
    case SparkplugMessageType::kDData: return "DDATA";
  }
  return "DDATA";
}

std::string_view to_string(SparkplugDataType type) {
  switch (type) {
    case SparkplugDataType::kInt32: return "Int32";
    case SparkplugDataType::kInt64: return "Int64";
    case SparkplugDataType::kUInt32: return "UInt32";
    case SparkplugDataType::kFloat: return "Float";
    case SparkplugDataType::kDouble: return "Double";
    case SparkplugDataType::kBoolean: return "Boolean";
    case SparkplugDataType::kString: return "String";
  }
  return "String";
}

void write_sparkplug_payload(std::string& out, SparkplugMessageType type, const SparkplugPayload& payload,
                             const WriteOptions& options) {
  JsonWriter w(out);
  w.begin_object();
  if (options.writes("timestamp")) w.key("timestamp").value(unix_ms(payload.timestamp_ns));
  if (options.writes("metrics")) {
    w.key("metrics").begin_array();
    for (const SparkplugMetric& m : payload.metrics) {
      w.begin_object();
      if (!m.name.empty() && options.writes("metrics.name")) w.key("name").value(m.name);
      if (m.alias && options.writes("metrics.alias")) w.key("alias").value(*m.alias);
      if (m.timestamp_ns && options.writes("metrics.timestamp")) w.key("timestamp").value(unix_ms(*m.timestamp_ns));
      if (options.writes("metrics.dataType")) w.key(options.v2() ? "datatype" : "dataType").value(to_string(m.data_type));
      if (options.writes("metrics.value")) {
        w.key("value");
        if (const auto* b = std::get_if<bool>(&m.value)) {
          w.value(*b);
        } else if (const auto* i = std::get_if<std::int64_t>(&m.value)) {
          w.value(*i);
        } else if (const auto* d = std::get_if<double>(&m.value)) {
          w.value_fixed(*d, m.decimals);
        } else {
          w.value(std::get<std::string_view>(m.value));
        }
      }
      w.end_object();
    }
    w.end_array();
  }
  if (type != SparkplugMessageType::kNDeath && options.writes("seq")) w.key("seq").value(unsigned{payload.seq});
  w.end_object();
}

void append_sparkplug_topic(std::string& out, std::string_view group, SparkplugMessageType type,
                            std::string_view edge_node, std::string_view device) {
  out += "spBv1.0/";
  out += group;
  out += '/';
  out += to_string(type);
  out += '/';
  out += edge_node;
  if (!device.empty()) {
    out += '/';
    out += device;
  }
}

}  // namespace chaintwin::formats
