#pragma once
// The file sink: one text file per topic, `<dir>/<topic>.records`, lossless and deterministic (the same records give
// the same bytes, so runs can be compared by hashing the files). A person can read it:
//
//   # chaintwin-bus-records v1: timestamp_ms<TAB>key<TAB>headers<TAB>payload
//   1700000000123<TAB>truck-17<TAB>id=m-1,source=gps<TAB>{"lat":51.5,"lon":-0.12}
//
// - one record per line, in send() order; fields separated by a TAB; the line ends with LF;
// - headers are name=value pairs joined by ',' (empty field: no headers);
// - escapes in every field: backslash -> \\, TAB -> \t, LF -> \n, CR -> \r, other bytes below 0x20 and 0x7f ->
//   \xHH; in header names and values also ',' -> \, and '=' -> \= . Other bytes (UTF-8) are written as they are.
// - an empty key field means "no key".
// Files are truncated when the sink is created. Cost: one formatted write per record (buffered).

#include <filesystem>
#include <memory>
#include <vector>

#include "pipeline/bus/sink.hpp"

namespace chaintwin::bus {

// Creates `dir` if needed. Throws Error if it cannot be created.
std::unique_ptr<Sink> make_file_sink(const std::filesystem::path& dir);

// Reads one file written by the file sink; the topic is the file's stem. Throws Error naming file:line on a malformed
// line.
std::vector<OwnedRecord> read_file_sink(const std::filesystem::path& path);

// The file a topic goes to in `dir`.
std::filesystem::path file_sink_path(const std::filesystem::path& dir, std::string_view topic);

// Throws Error unless `topic` is a legal Kafka topic name (1-249 of [a-zA-Z0-9._-], not "." or ".."): the same names
// work as files and as Kafka topics.
void check_topic_name(std::string_view topic);

}  // namespace chaintwin::bus
