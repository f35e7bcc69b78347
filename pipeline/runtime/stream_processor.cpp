#include "pipeline/runtime/stream_processor.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <optional>
#include <unordered_map>

#include <tbb/parallel_for.h>

#include "pipeline/decode/decoder.hpp"
#include "pipeline/decode/master_data.hpp"

namespace chaintwin::pipeline {

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::string_view kCheckpointMagic =
    "chaintwin-pipeline-checkpoint-6";  // 2: alerts; 3: signals; 4: dedup per partition; 5: stock events;
                                        // 6: dedup event times

std::optional<std::int64_t> header_ns(const bus::OwnedRecord& r, std::string_view name) {
  const std::string_view text = r.header(name);
  std::int64_t ns = 0;
  if (text.empty() || std::from_chars(text.data(), text.data() + text.size(), ns).ec != std::errc()) return {};
  return ns;
}

// When a record reached the bus: the generator's simulated send time if it says so, else the record's timestamp.
std::int64_t arrival_ns(const bus::OwnedRecord& r) {
  return header_ns(r, "sim-send-time-ns").value_or(r.timestamp_ms * 1'000'000);
}

std::int64_t wall_unix_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ProcessorConfig ProcessorConfig::defaults() {
  ProcessorConfig c;
  for (std::size_t i = 0; i < kInputSourceCount; ++i)
    c.input_topics[i] = "chaintwin." + std::string(to_string(static_cast<InputSource>(i)));
  // Bounds from the sources' usual delays (docs/topics.md, "Delivery"): devices deliver within seconds, the ERP
  // and partner APIs within a minute; EDI and POS files come in hourly batches, which the watermark does not wait
  // for (their late records are corrections).
  auto bound = [&](InputSource s, std::int64_t ns) { c.out_of_orderness_ns[static_cast<std::size_t>(s)] = ns; };
  bound(InputSource::kEpcis, 30 * kSecond);
  bound(InputSource::kEquipment, 30 * kSecond);
  bound(InputSource::kGps, 30 * kSecond);
  bound(InputSource::kAis, 30 * kSecond);
  bound(InputSource::kEdi, 60 * kSecond);
  bound(InputSource::kErp, 60 * kSecond);
  bound(InputSource::kPos, 60 * kSecond);
  bound(InputSource::kSupplier, 60 * kSecond);
  bound(InputSource::kExternal, 60 * kSecond);
  return c;
}

struct Slot {
  std::string topic;
  std::int32_t partition = 0;
  bool master = false;
  InputSource source = InputSource::kEpcis;
  std::size_t watermark_slot = 0;
  std::int64_t next_offset = bus::PartitionOffset::kOffsetBeginning;
  std::int64_t end_offset = 0;  // where it ended when stream_end had been read (0: nothing to wait for)
};

struct StreamProcessor::Impl {
  MasterData master;
  Decoder decoder{master};
  std::vector<Slot> slots;
  std::unordered_map<std::string, std::vector<std::size_t>> slots_by_topic;  // [partition] -> slot
  bool master_ready = false;
  std::int64_t master_replayed_until = 0;  // restored: master records before this offset were applied already
  std::vector<bus::OwnedRecord> waiting;   // input records read before the master data was complete
  // Ends of input partitions reported while records of theirs wait: applied after those records, which would
  // otherwise mark the partition busy again after its end, and no further end would come (the pipeline never
  // finished when the master data was slower to arrive than an input partition's last records).
  std::vector<std::size_t> waiting_ends;      // slots
  std::optional<std::int64_t> stream_end_ns;  // read on the master topic
  bool end_offsets_known = false;
  std::vector<const bus::OwnedRecord*> batch;
  std::vector<DecodedMessage> decoded;  // reused: decode() keeps their storage
  std::vector<PositionUpdate> updates;
  std::vector<AlertUpdate> alerts;
  SignalBatch signals;
  std::size_t located = 0;  // master locations handed to the alerts operator
  std::string payload;
};

StreamProcessor::StreamProcessor(ProcessorConfig config, bus::Sink& out)
    : config_(std::move(config)),
      out_(out),
      impl_(std::make_unique<Impl>()),
      watermarks_(config_.watermark),
      dedup_(config_.dedup),
      positions_(config_.stock),
      alerts_(config_.alerts),
      signals_(config_.signals) {}

StreamProcessor::~StreamProcessor() = default;

std::vector<bus::PartitionOffset> StreamProcessor::set_partitions(std::vector<bus::PartitionOffset> partitions) {
  Impl& im = *impl_;
  std::sort(partitions.begin(), partitions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  });
  for (const bus::PartitionOffset& p : partitions) {
    Slot s;
    s.topic = p.topic;
    s.partition = p.partition;
    s.master = p.topic == config_.master_topic;
    if (!s.master) {
      const auto it = std::find(config_.input_topics.begin(), config_.input_topics.end(), p.topic);
      if (it == config_.input_topics.end()) throw bus::Error("pipeline: " + p.topic + " is not an input topic");
      s.source = static_cast<InputSource>(it - config_.input_topics.begin());
      s.watermark_slot = watermarks_.add_partition(p.topic + "[" + std::to_string(p.partition) + "]",
                                                   config_.out_of_orderness_ns[static_cast<std::size_t>(s.source)]);
    }
    auto& by_partition = im.slots_by_topic[p.topic];
    if (by_partition.size() <= static_cast<std::size_t>(p.partition))
      by_partition.resize(static_cast<std::size_t>(p.partition) + 1, SIZE_MAX);
    by_partition[static_cast<std::size_t>(p.partition)] = im.slots.size();
    im.slots.push_back(std::move(s));
  }
  return resume_offsets();
}

std::vector<bus::PartitionOffset> StreamProcessor::resume_offsets() const {
  std::vector<bus::PartitionOffset> out;
  for (const Slot& s : impl_->slots) {
    // The master data is not in the checkpoint: it is read again from the beginning (it is small, and compacted
    // on a real cluster).
    out.push_back({s.topic, s.partition, s.master ? bus::PartitionOffset::kOffsetBeginning : s.next_offset});
  }
  return out;
}

std::size_t StreamProcessor::slot_of(const bus::OwnedRecord& r) const { return slot_of(r.topic, r.partition); }

std::size_t StreamProcessor::slot_of(const std::string& topic, std::int32_t partition) const {
  const auto it = impl_->slots_by_topic.find(topic);
  const auto p = static_cast<std::size_t>(std::max(partition, 0));
  if (it == impl_->slots_by_topic.end() || p >= it->second.size() || it->second[p] == SIZE_MAX)
    throw bus::Error("pipeline: " + topic + "[" + std::to_string(partition) + "] is not one of its partitions");
  return it->second[p];
}

void StreamProcessor::process(std::span<const bus::OwnedRecord> records) {
  Impl& im = *impl_;
  // Master records first, in order; inputs wait (copied) only until the master data is complete.
  im.batch.clear();
  for (const bus::OwnedRecord& r : records) {
    if (im.slots[slot_of(r)].master) {
      apply_master(r);
    } else if (!im.master_ready) {
      im.waiting.push_back(r);
    } else {
      im.batch.push_back(&r);
    }
  }
  if (!im.master_ready) return;
  if (!im.waiting.empty()) {
    const std::vector<bus::OwnedRecord> waited = std::exchange(im.waiting, {});
    std::vector<const bus::OwnedRecord*> pointers;
    for (const bus::OwnedRecord& r : waited) pointers.push_back(&r);
    apply_inputs(pointers);
  }
  for (const std::size_t slot : std::exchange(im.waiting_ends, {}))
    watermarks_.set_at_end(im.slots[slot].watermark_slot, true);
  apply_inputs(im.batch);
  if (im.end_offsets_known) end_if_read_to_the_end();
}

void StreamProcessor::apply_master(const bus::OwnedRecord& r) {
  Impl& im = *impl_;
  Slot& slot = im.slots[slot_of(r)];
  slot.next_offset = r.offset + 1;
  if (r.offset >= im.master_replayed_until) ++counters_.master_records;
  const std::size_t opening_before = im.master.opening_stock().size();
  if (const std::string problem = im.master.add(r.payload); !problem.empty()) {
    dead_letter(r, problem);
    return;
  }
  // On a restart the positions already hold the opening stock of the records read before the checkpoint.
  if (r.offset >= im.master_replayed_until) {
    const auto& opening = im.master.opening_stock();
    for (std::size_t i = opening_before; i < opening.size(); ++i)
      positions_.opening(opening[i].location, opening[i].sku, opening[i].quantity,
                         im.master.opening_as_of_ns().value_or(INT64_MIN + 1));
  }
  // Estimates and routes need where sites are.
  const auto& locations = im.master.locations();
  for (; im.located < locations.size(); ++im.located)
    alerts_.set_location(static_cast<LocationIndex>(im.located), locations[im.located].latitude,
                         locations[im.located].longitude);
  if (const auto end = im.master.stream_end_ns(); end && !im.stream_end_ns) {
    im.stream_end_ns = *end;
    end_if_read_to_the_end();
  }
}

bool StreamProcessor::needs_end_offsets() const {
  return config_.end_needs_offsets && impl_->stream_end_ns && !impl_->end_offsets_known;
}

std::vector<bus::PartitionOffset> StreamProcessor::input_partitions() const {
  std::vector<bus::PartitionOffset> out;
  for (const Slot& s : impl_->slots)
    if (!s.master) out.push_back({s.topic, s.partition, s.next_offset});
  return out;
}

void StreamProcessor::set_end_offsets(std::span<const bus::PartitionOffset> ends) {
  Impl& im = *impl_;
  for (const bus::PartitionOffset& e : ends) im.slots[slot_of(e.topic, e.partition)].end_offset = e.offset;
  im.end_offsets_known = true;
  end_if_read_to_the_end();
}

void StreamProcessor::end_if_read_to_the_end() {
  const Impl& im = *impl_;
  if (!im.stream_end_ns) return;
  if (config_.end_needs_offsets) {
    if (!im.end_offsets_known) return;
    for (const Slot& s : im.slots)
      if (!s.master && s.end_offset > 0 && s.next_offset < s.end_offset) return;
  }
  watermarks_.set_stream_end(*im.stream_end_ns);
}

void StreamProcessor::partition_end(const std::string& topic, std::int32_t partition) {
  const std::size_t s = slot_of(topic, partition);
  const Slot& slot = impl_->slots[s];
  if (slot.master) {
    impl_->master_ready = impl_->master_ready || !impl_->master.locations().empty();
    if (impl_->master_ready && (!impl_->waiting.empty() || !impl_->waiting_ends.empty())) process({});
    return;
  }
  if (!impl_->master_ready) {
    impl_->waiting_ends.push_back(s);
    return;
  }
  watermarks_.set_at_end(slot.watermark_slot, true);
}

void StreamProcessor::apply_inputs(std::span<const bus::OwnedRecord* const> records) {
  Impl& im = *impl_;
  im.decoded.resize(records.size());
  auto decode = [&](std::size_t i) {
    im.decoder.decode(im.slots[slot_of(*records[i])].source, *records[i], im.decoded[i]);
  };
  if (records.size() < 256) {
    for (std::size_t i = 0; i < records.size(); ++i) decode(i);
  } else {
    tbb::parallel_for(std::size_t{0}, records.size(), decode);
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const bus::OwnedRecord& r = *records[i];
    const std::size_t slot_index = slot_of(r);
    Slot& slot = im.slots[slot_index];
    slot.next_offset = r.offset + 1;
    ++counters_.input_records;
    const std::int64_t arrival = arrival_ns(r);
    latest_send_ns_ = std::max(latest_send_ns_, arrival);
    const DecodedMessage& m = im.decoded[i];
    if (!m.error.empty()) {
      dead_letter(r, m.error);
      watermarks_.observe(slot.watermark_slot, kNoTime, arrival, idleness_now());
      continue;
    }
    // A content key identifies a message within its sender's stream (two DCs' systems may number their EDI
    // interchanges alike): the record key, the sender, is part of it.
    const std::uint64_t content =
        m.content_key == 0 ? 0 : m.content_key ^ (std::hash<std::string>{}(r.key) * 0x9e37'79b9'7f4a'7c15ull);
    if (const DedupVerdict v = dedup_.check(slot_index, m.message_id, content, arrival, m.stated_time_ns);
        v != DedupVerdict::kNew) {
      ++counters_.duplicates;
      report_duplicate(r, v);
      watermarks_.observe(slot.watermark_slot, kNoTime, arrival, idleness_now());
      continue;
    }
    std::int64_t latest = kNoTime;
    // The latency of what this record causes is measured from the time the sender meant to send it (live streams).
    const Cause cause{header_ns(r, "intended-send-time-ns").value_or(Cause::kNone),
                      static_cast<std::uint8_t>(slot.source)};
    step_cause_.merge(cause);
    im.updates.clear();
    im.alerts.clear();
    for (const DecodedEvent& e : m.events) {
      ++counters_.events;
      latest = std::max(latest, e.event_time_ns);
      if (e.signal == Signal::kStockDelta || e.signal == Signal::kStockCount) {
        positions_.apply(e, cause, im.updates);
      } else {
        alerts_.apply(e, im.alerts);
      }
      signals_.apply(e);  // demand, orders, supplier and port events (stock moves reach it as positions)
    }
    send_positions(im.updates);     // corrections of late events
    send_alerts(im.alerts, cause);  // late evidence
    watermarks_.observe(slot.watermark_slot, latest, arrival, idleness_now());
  }
}

void StreamProcessor::publish() {
  Impl& im = *impl_;
  if (!im.master_ready) return;
  im.updates.clear();
  im.alerts.clear();
  positions_.advance(watermarks_.update(idleness_now()), im.updates);
  send_positions(im.updates);
  // Alerts follow the positions' one-minute grid: what they were decided at is a tick the progress topic names.
  alerts_.advance(positions_.last_published_tick(), im.alerts);
  send_alerts(im.alerts, step_cause_);
  im.signals.clear();
  signals_.advance(positions_.last_published_tick(), im.signals);
  send_signals(im.signals, step_cause_);
  step_cause_ = {};
  const std::int64_t published = positions_.last_published_tick();
  const bool done = finished();
  // A progress record when the published watermark moves, and one (finished) at the end.
  if (published == INT64_MIN || (published == last_progress_ns_ && (!done || finish_reported_))) return;
  finish_reported_ = done;
  last_progress_ns_ = published;
  ProgressRecord p;
  p.watermark_unix_ns = published;
  p.finished = done;
  p.input_records = counters_.input_records;
  p.dead_letters = counters_.dead_letters;
  p.duplicates = counters_.duplicates;
  p.late_events = positions_.counters().late;
  p.corrections = positions_.counters().corrections;
  im.payload.clear();
  append_progress_json(im.payload, p);
  bus::Record rec;
  rec.topic = config_.outputs.progress;
  rec.key = "pipeline";
  rec.payload = im.payload;
  rec.timestamp_ms = published / 1'000'000;
  out_.send(rec);
  ++counters_.progress_records;
}

std::int64_t StreamProcessor::idleness_now() const {
  if (config_.idle_clock == ProcessorConfig::IdleClock::kSendTime) return latest_send_ns_;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool StreamProcessor::finished() const {
  if (!watermarks_.finished()) return false;
  const std::int64_t end = watermarks_.current();
  return positions_.last_published_tick() >= end - end % config_.stock.tick_ns;
}

namespace {

// published-ns, and what caused the record when known (a live stream's intended send time and its source).
struct CauseHeaders {
  std::string published = std::to_string(wall_unix_ns());
  std::string intended;
  std::array<bus::Header, 3> headers;
  std::span<const bus::Header> of(const Cause& cause) {
    headers[0] = {"published-ns", published};
    if (cause.intended_ns == Cause::kNone) return {headers.data(), 1};
    intended = std::to_string(cause.intended_ns);
    headers[1] = {"input-intended-send-time-ns", intended};
    headers[2] = {"input-source", to_string(static_cast<InputSource>(cause.source))};
    return headers;
  }
};

}  // namespace

void StreamProcessor::send_positions(const std::vector<PositionUpdate>& updates) {
  if (updates.empty()) return;
  Impl& im = *impl_;
  std::string key;
  CauseHeaders cause_headers;
  for (const PositionUpdate& u : updates) {
    StockPositionRecord r;
    r.location = im.master.locations()[u.location].name;
    r.sku = im.master.products()[u.sku].name;
    r.as_of_unix_ns = u.as_of_ns;
    r.on_hand = u.on_hand;
    r.revision = u.revision;
    im.payload.clear();
    append_stock_position_json(im.payload, r);
    key.assign(r.location).append("/").append(r.sku);
    bus::Record rec;
    rec.topic = config_.outputs.stock_positions;
    rec.key = key;
    rec.payload = im.payload;
    rec.headers = cause_headers.of(u.cause);
    rec.timestamp_ms = u.as_of_ns / 1'000'000;
    out_.send(rec);
    ++counters_.position_records;
    signals_.position(u);  // replenishment watches the positions as published, corrections included
  }
}

void StreamProcessor::send_signals(const SignalBatch& batch, const Cause& cause) {
  if (batch.empty()) return;
  Impl& im = *impl_;
  CauseHeaders cause_headers;
  const std::span<const bus::Header> headers = cause_headers.of(cause);
  // Each signal named through the master data, written in its topic's schema and keyed as the contract says.
  auto send_all = [&](const auto& signals, const std::string& topic, auto append_json) {
    for (const auto& signal : signals) {
      const auto r = to_record(signal, im.master);
      im.payload.clear();
      append_json(im.payload, r);
      const std::string key = record_key(r);
      bus::Record rec;
      rec.topic = topic;
      rec.key = key;
      rec.payload = im.payload;
      rec.headers = headers;
      rec.timestamp_ms = r.detected_at_unix_ns / 1'000'000;
      out_.send(rec);
      ++counters_.signal_records;
    }
  };
  const SignalTopics& topics = config_.outputs.signals;
  send_all(batch.demand, topics.demand_signals, append_demand_signal_json);
  send_all(batch.impacts, topics.disruption_impacts, append_disruption_impact_json);
  send_all(batch.replenishment, topics.replenishment_signals, append_replenishment_signal_json);
}

void StreamProcessor::send_alerts(const std::vector<AlertUpdate>& updates, const Cause& cause) {
  if (updates.empty()) return;
  Impl& im = *impl_;
  CauseHeaders cause_headers;
  const std::span<const bus::Header> headers = cause_headers.of(cause);
  std::string key;
  for (const AlertUpdate& u : updates) {
    AlertRecord r;
    r.kind = to_string(u.kind);
    switch (u.kind) {
      case AlertKind::kShipmentDelay:
        r.subject = "SH" + std::to_string(u.entity);
        break;
      case AlertKind::kRouteDeviation:
        r.subject = "TRK" + std::to_string(u.entity);
        break;
      case AlertKind::kTemperatureExcursion:
        r.subject = im.master.locations()[u.location].name + (u.temperature_class == 2 ? "/frozen" : "/chilled");
        break;
    }
    key.assign(r.kind).append("/").append(r.subject);
    r.id = key + "/" + std::to_string(u.episode);
    r.raised = u.raised;
    r.event_time_unix_ns = u.event_time_ns;
    r.watermark_unix_ns = u.watermark_ns;
    im.payload.clear();
    append_alert_json(im.payload, r);
    bus::Record rec;
    rec.topic = config_.outputs.alerts;
    rec.key = key;
    rec.payload = im.payload;
    rec.headers = headers;
    rec.timestamp_ms = u.watermark_ns / 1'000'000;
    out_.send(rec);
    ++counters_.alert_records;
    ++(u.raised ? counters_.alerts_raised : counters_.alerts_cleared)[static_cast<std::size_t>(u.kind)];
  }
}

void StreamProcessor::dead_letter(const bus::OwnedRecord& r, std::string_view reason) {
  ++counters_.dead_letters;
  std::vector<bus::Header> headers;
  for (const auto& [name, value] : r.headers) headers.push_back({name, value});
  const std::string partition = std::to_string(r.partition);
  const std::string offset = std::to_string(r.offset);
  headers.push_back({"dead-letter-reason", reason});
  headers.push_back({"original-topic", r.topic});
  headers.push_back({"original-partition", partition});
  headers.push_back({"original-offset", offset});
  const std::string published = std::to_string(wall_unix_ns());
  headers.push_back({"published-ns", published});
  bus::Record rec;
  rec.topic = config_.outputs.dead_letter;
  rec.key = r.key;
  rec.payload = r.payload;
  rec.headers = headers;
  rec.timestamp_ms = r.timestamp_ms;
  out_.send(rec);
}

// What was dropped, so that duplicate removal can be scored against the truth (which records were copies).
void StreamProcessor::report_duplicate(const bus::OwnedRecord& r, DedupVerdict verdict) {
  DuplicateRecord d;
  d.topic = r.topic;
  d.partition = r.partition;
  d.offset = r.offset;
  d.message_id = r.header("message-id");
  d.matched = verdict == DedupVerdict::kSameMessageId ? "message-id" : "content";
  std::string payload;
  append_duplicate_json(payload, d);
  const std::string published = std::to_string(wall_unix_ns());
  const bus::Header headers[] = {{"published-ns", published}};
  bus::Record rec;
  rec.topic = config_.outputs.duplicates;
  rec.key = r.key;
  rec.payload = payload;
  rec.headers = headers;
  rec.timestamp_ms = r.timestamp_ms;
  out_.send(rec);
}

std::string StreamProcessor::checkpoint() const {
  CheckpointWriter w;
  w.put_string(kCheckpointMagic);
  w.put<std::uint64_t>(impl_->slots.size());
  for (const Slot& s : impl_->slots) {
    w.put_string(s.topic);
    w.put(s.partition);
    w.put(s.next_offset);
  }
  w.put(counters_);
  w.put(last_progress_ns_);
  w.put(finish_reported_);
  w.put(latest_send_ns_);
  watermarks_.save(w);
  dedup_.save(w);
  positions_.save(w);
  alerts_.save(w);
  signals_.save(w);
  return w.take();
}

void StreamProcessor::restore(std::string_view bytes) {
  CheckpointReader r(bytes);
  if (r.get_string() != kCheckpointMagic) throw CheckpointError("not a chaintwin pipeline checkpoint");
  if (r.get<std::uint64_t>() != impl_->slots.size())
    throw CheckpointError("the checkpoint was written for other input partitions");
  for (Slot& s : impl_->slots) {
    if (r.get_string() != s.topic || r.get<std::int32_t>() != s.partition)
      throw CheckpointError("the checkpoint was written for other input partitions");
    s.next_offset = r.get<std::int64_t>();
    if (s.master) impl_->master_replayed_until = s.next_offset;
  }
  counters_ = r.get<ProcessorCounters>();
  last_progress_ns_ = r.get<std::int64_t>();
  finish_reported_ = r.get<bool>();
  latest_send_ns_ = r.get<std::int64_t>();
  watermarks_.load(r);
  dedup_.load(r);
  positions_.load(r);
  alerts_.load(r);
  signals_.load(r);
  if (!r.at_end()) throw CheckpointError("checkpoint has trailing bytes");
}

}  // namespace chaintwin::pipeline
