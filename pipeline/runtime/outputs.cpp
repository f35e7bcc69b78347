#include "pipeline/runtime/outputs.hpp"

#include <simdjson.h>

#include "generators/formats/json_writer.hpp"
#include "generators/formats/time_format.hpp"
#include "pipeline/decode/json_record.hpp"

namespace chaintwin::pipeline {

void append_stock_position_json(std::string& out, const StockPositionRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("locationId").value(r.location);
  w.key("sku").value(r.sku);
  w.key("asOf").begin_string();
  formats::append_iso8601_utc(out, r.as_of_unix_ns);
  w.end_string();
  w.key("onHand").value(r.on_hand);
  w.key("revision").value(static_cast<std::uint64_t>(r.revision));
  w.end_object();
}

void append_progress_json(std::string& out, const ProgressRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("watermark").begin_string();
  formats::append_iso8601_utc(out, r.watermark_unix_ns);
  w.end_string();
  w.key("finished").value(r.finished);
  w.key("inputRecords").value(r.input_records);
  w.key("deadLetters").value(r.dead_letters);
  w.key("duplicates").value(r.duplicates);
  w.key("lateEvents").value(r.late_events);
  w.key("corrections").value(r.corrections);
  w.end_object();
}

void append_alert_json(std::string& out, const AlertRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("id").value(r.id);
  w.key("kind").value(r.kind);
  w.key("subject").value(r.subject);
  w.key("state").value(r.raised ? "raised" : "cleared");
  w.key("eventTime").begin_string();
  formats::append_iso8601_utc(out, r.event_time_unix_ns);
  w.end_string();
  w.key("watermark").begin_string();
  formats::append_iso8601_utc(out, r.watermark_unix_ns);
  w.end_string();
  w.end_object();
}

void append_duplicate_json(std::string& out, const DuplicateRecord& r) {
  formats::JsonWriter w(out);
  w.begin_object();
  w.key("topic").value(r.topic);
  w.key("partition").value(static_cast<std::int64_t>(r.partition));
  w.key("offset").value(r.offset);
  w.key("messageId").value(r.message_id);
  w.key("matched").value(r.matched);
  w.end_object();
}

using namespace json_record;

std::optional<StockPositionRecord> parse_stock_position(std::string_view json, std::string& error) {
  return parse_object<StockPositionRecord>(json, error, [&](simdjson::ondemand::object& o, StockPositionRecord& r) {
    std::string_view location, sku;
    std::uint64_t revision = 0;
    if (!field(o, "locationId", location, error) || !field(o, "sku", sku, error) ||
        !time_field(o, "asOf", r.as_of_unix_ns, error) || !field(o, "onHand", r.on_hand, error) ||
        !field(o, "revision", revision, error))
      return false;
    r.location = location;
    r.sku = sku;
    r.revision = static_cast<std::uint32_t>(revision);
    return true;
  });
}

std::optional<ProgressRecord> parse_progress(std::string_view json, std::string& error) {
  return parse_object<ProgressRecord>(json, error, [&](simdjson::ondemand::object& o, ProgressRecord& r) {
    return time_field(o, "watermark", r.watermark_unix_ns, error) && field(o, "finished", r.finished, error) &&
           field(o, "inputRecords", r.input_records, error) && field(o, "deadLetters", r.dead_letters, error) &&
           field(o, "duplicates", r.duplicates, error) && field(o, "lateEvents", r.late_events, error) &&
           field(o, "corrections", r.corrections, error);
  });
}

std::optional<AlertRecord> parse_alert(std::string_view json, std::string& error) {
  return parse_object<AlertRecord>(json, error, [&](simdjson::ondemand::object& o, AlertRecord& r) {
    std::string_view id, kind, subject, state;
    if (!field(o, "id", id, error) || !field(o, "kind", kind, error) || !field(o, "subject", subject, error) ||
        !field(o, "state", state, error) || !time_field(o, "eventTime", r.event_time_unix_ns, error) ||
        !time_field(o, "watermark", r.watermark_unix_ns, error))
      return false;
    if (state != "raised" && state != "cleared") {
      error = "field 'state' is neither 'raised' nor 'cleared'";
      return false;
    }
    r.id = id;
    r.kind = kind;
    r.subject = subject;
    r.raised = state == "raised";
    return true;
  });
}

std::optional<DuplicateRecord> parse_duplicate(std::string_view json, std::string& error) {
  return parse_object<DuplicateRecord>(json, error, [&](simdjson::ondemand::object& o, DuplicateRecord& r) {
    std::int64_t partition = 0;
    if (!text_field(o, "topic", r.topic, error) || !field(o, "partition", partition, error) ||
        !field(o, "offset", r.offset, error) || !text_field(o, "messageId", r.message_id, error) ||
        !text_field(o, "matched", r.matched, error))
      return false;
    r.partition = static_cast<std::int32_t>(partition);
    return true;
  });
}

}  // namespace chaintwin::pipeline
