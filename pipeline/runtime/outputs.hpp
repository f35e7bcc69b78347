#pragma once
// The reference pipeline's output topics and their records: the contract a third-party pipeline (Flink, Kafka
// Streams...) writes too, so `chaintwin score` can score it the same way. docs/topics.md, "Pipeline outputs".
//
//   stock positions  key "<locationId>/<sku>"
//     {"locationId":"DC-003","sku":"SKU-000102","asOf":"2025-03-03T06:01:00.000Z","onHand":12,"revision":0}
//     on hand at `asOf` (events up to and including it); a later revision of the same (key, asOf) replaces it.
//   progress         key "pipeline"
//     {"watermark":"2025-03-03T06:01:00.000Z","finished":false,"inputRecords":..,"deadLetters":..,"duplicates":..,
//      "lateEvents":..,"corrections":..}
//     every published position up to `watermark` has been written before this record.
//   alerts           key "<kind>/<subject>"
//     {"id":"shipment_delay/SH12/1","kind":"shipment_delay","subject":"SH12","state":"raised",
//      "eventTime":"2025-03-04T09:15:00.000Z","watermark":"2025-03-04T09:16:00.000Z"}
//     kind shipment_delay (subject SH<n>), temperature_excursion (<locationId>/<chilled|frozen>) or route_deviation
//     (TRK<deviceId>); state raised or cleared; the id's last part counts the subject's raises.
//   duplicates       key: the original key
//     {"topic":"chaintwin.pos","partition":0,"offset":1234,"messageId":"567","matched":"message-id"}
//     an input record dropped as a duplicate: where it was read, its message-id header ("" if none), and what
//     recognised it ("message-id" or "content").
//   dead letter      the original key and payload; the original headers plus dead-letter-reason,
//                    original-topic, original-partition, original-offset.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/signals/signal_records.hpp"

namespace chaintwin::pipeline {

struct OutputTopics {
  std::string stock_positions = "chaintwin.stock-positions";
  std::string progress = "chaintwin.progress";
  std::string dead_letter = "chaintwin.dead-letter";
  std::string alerts = "chaintwin.alerts";
  std::string duplicates = "chaintwin.duplicates";
  SignalTopics signals;  // demand signals, disruption impacts, replenishment signals (pipeline/signals)
};

struct AlertRecord {
  std::string id;                       // "<kind>/<subject>/<episode>"
  std::string kind;                     // shipment_delay, temperature_excursion, route_deviation
  std::string subject;                  // "SH12", "DC-003/chilled", "TRK100025"
  bool raised = true;                   // state: raised, or cleared
  std::int64_t event_time_unix_ns = 0;  // the evidence's event time
  std::int64_t watermark_unix_ns = 0;   // the pipeline's watermark when it was decided
};

struct DuplicateRecord {
  std::string topic;  // where the dropped record was read
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string message_id;  // its message-id header, "" if it had none
  std::string matched;     // "message-id" or "content"
};

struct StockPositionRecord {
  std::string location;
  std::string sku;
  std::int64_t as_of_unix_ns = 0;
  std::int64_t on_hand = 0;
  std::uint32_t revision = 0;
};

struct ProgressRecord {
  std::int64_t watermark_unix_ns = 0;
  bool finished = false;
  std::uint64_t input_records = 0;
  std::uint64_t dead_letters = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t late_events = 0;
  std::uint64_t corrections = 0;
};

void append_stock_position_json(std::string& out, const StockPositionRecord& r);
void append_progress_json(std::string& out, const ProgressRecord& r);
void append_alert_json(std::string& out, const AlertRecord& r);
void append_duplicate_json(std::string& out, const DuplicateRecord& r);
// Parse a record; on failure, nullopt and a reason in `error`.
std::optional<StockPositionRecord> parse_stock_position(std::string_view json, std::string& error);
std::optional<ProgressRecord> parse_progress(std::string_view json, std::string& error);
std::optional<AlertRecord> parse_alert(std::string_view json, std::string& error);
std::optional<DuplicateRecord> parse_duplicate(std::string_view json, std::string& error);

}  // namespace chaintwin::pipeline
