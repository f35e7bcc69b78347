#include "pipeline/decode/input_source.hpp"

#include <array>

namespace chaintwin::pipeline {

namespace {
constexpr std::array<std::string_view, kInputSourceCount> kNames = {
    "epcis", "equipment", "gps", "ais", "edi", "erp", "pos", "supplier", "external"};
}

std::string_view to_string(InputSource source) { return kNames[static_cast<std::size_t>(source)]; }

std::optional<InputSource> input_source_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<InputSource>(i);
  return std::nullopt;
}

}  // namespace chaintwin::pipeline
