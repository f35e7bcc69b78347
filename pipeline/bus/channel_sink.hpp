#pragma once
// The in-process channel: a Sink that copies records into a bounded queue read by a consumer on another thread, to
// measure generator speed without Kafka. send() blocks while the queue is full.
//
// Cost: records are copied into batches (one contiguous buffer per `batch_records` records), so a send() is a few
// memcpy calls and the queue sees one operation per batch, not per record; batches are recycled, so once warm there
// is no allocation. The consumer thread rebuilds a Record view for `on_record` and counts messages and bytes.

#include <cstddef>
#include <functional>
#include <memory>

#include "pipeline/bus/sink.hpp"

namespace chaintwin::bus {

struct ChannelOptions {
  std::size_t capacity_records = 65536;  // records waiting before send() blocks (rounded up to whole batches)
  std::size_t batch_records = 256;       // records per batch handed to the consumer thread
  // Called on the consumer thread for every record, in send() order; the views are valid during the call only.
  // Empty: count only. An exception thrown here is rethrown as Error by flush().
  std::function<void(const Record&)> on_record;
};

std::unique_ptr<Sink> make_channel_sink(ChannelOptions options = {});

}  // namespace chaintwin::bus
