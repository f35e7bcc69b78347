#pragma once
// Internal to generators/: writes a due message's bytes in its source's wire format (generators/formats).

#include <memory>
#include <string>
#include <vector>

#include "generators/config.hpp"
#include "generators/pending.hpp"
#include "sim/world/world.hpp"

namespace chaintwin::generators::detail {

class Writer {
 public:
  Writer(const world::World& world, const StreamsConfig& config);
  ~Writer();
  // Writes the payload of `message` to `out` (cleared first).
  // `snapshots` holds the on-hand an EDI 846 reports (from its `aux` offset on).
  void write(const Pending& message, const std::vector<std::int64_t>& snapshots, std::string& out);
  // Starts loading the world data that writing `message` will read: call it one message ahead.
  void prefetch(const Pending& message) const;
  // How many optional and required fields a kind's format has (the noise picks one of them to leave out).
  std::uint8_t optional_fields(MessageKind kind) const;
  std::uint8_t required_fields(MessageKind kind) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chaintwin::generators::detail
