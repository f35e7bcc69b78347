#pragma once
// Records of the input topics -> DecodedMessages (decoded.hpp). docs/pipeline.md ("Decoding") says what each
// message kind becomes and what goes to the dead-letter topic.
//
// A Decoder reads only the record (key, headers, payload) and the master data: never the simulator's truth.
// decode() is const and thread-safe (each thread keeps its own simdjson parser and scratch buffers), so the
// runtime may decode partitions in parallel with one Decoder. The master data must outlive the decoder and must not
// change while decoding.

#include "pipeline/bus/sink.hpp"
#include "pipeline/decode/decoded.hpp"
#include "pipeline/decode/input_source.hpp"
#include "pipeline/decode/master_data.hpp"

namespace chaintwin::pipeline {

class Decoder {
 public:
  explicit Decoder(const MasterData& master) : master_(master) {}

  // The record's events, or an error ("<source>: <what is wrong>") and no events.
  DecodedMessage decode(InputSource source, const bus::OwnedRecord& record) const;
  // The same into `out`, reusing its storage (a runtime's hot loop): out is overwritten.
  void decode(InputSource source, const bus::OwnedRecord& record, DecodedMessage& out) const;

 private:
  const MasterData& master_;
};

}  // namespace chaintwin::pipeline
