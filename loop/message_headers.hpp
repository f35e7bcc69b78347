#pragma once
// The headers every generated message carries on the bus (docs/topics.md): message-id, source, schema-version,
// sim-send-time-ns, and for live sinks intended-send-time-ns (wall-clock Unix ns, for latency measured downstream;
// a recorded stream holds only what is reproducible bit for bit). Shared by `chaintwin stream` and the loops.

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "generators/stream_generator.hpp"
#include "pipeline/bus/sink.hpp"

namespace chaintwin::loop {

class MessageHeaders {
 public:
  // The headers of `m`; valid until the next call. `epoch_ns`: the streams' simulated time 0, Unix ns.
  std::span<const bus::Header> of(const generators::OutgoingMessage& m, std::int64_t epoch_ns, bool live,
                                  std::int64_t intended_unix_ns) {
    id_ = std::to_string(m.id);
    version_ = std::to_string(m.schema_version);
    sim_send_ = std::to_string(m.send_ns + epoch_ns);
    headers_[0] = {"message-id", id_};
    headers_[1] = {"source", generators::to_string(m.source)};
    headers_[2] = {"schema-version", version_};
    headers_[3] = {"sim-send-time-ns", sim_send_};
    if (!live) return {headers_.data(), 4};
    intended_ = std::to_string(intended_unix_ns);
    headers_[4] = {"intended-send-time-ns", intended_};
    return {headers_.data(), 5};
  }

 private:
  std::string id_, version_, sim_send_, intended_;
  std::array<bus::Header, 5> headers_;
};

}  // namespace chaintwin::loop
