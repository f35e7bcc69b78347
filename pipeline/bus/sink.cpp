#include "pipeline/bus/sink.hpp"

namespace chaintwin::bus {

std::string_view OwnedRecord::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return {};
}

std::uint64_t record_bytes(const Record& record) {
  std::uint64_t bytes = record.key.size() + record.payload.size();
  for (const Header& h : record.headers) bytes += h.name.size() + h.value.size();
  return bytes;
}

}  // namespace chaintwin::bus
