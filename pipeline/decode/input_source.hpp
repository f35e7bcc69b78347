#pragma once
// The input topics of the reference pipeline, one per simulated source. The runtime maps each topic name to its
// source (topics are renamable; the record's `source` header names it too).

#include <cstdint>
#include <optional>
#include <string_view>

namespace chaintwin::pipeline {

enum class InputSource : std::uint8_t { kEpcis, kEquipment, kGps, kAis, kEdi, kErp, kPos, kSupplier, kExternal };
inline constexpr std::size_t kInputSourceCount = 9;

std::string_view to_string(InputSource source);  // "epcis", "equipment", ... (the `source` header's values)
std::optional<InputSource> input_source_from_string(std::string_view name);

}  // namespace chaintwin::pipeline
