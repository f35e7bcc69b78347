// The Kafka sink: an idempotent librdkafka producer with lag-aware flow control and a loss report (docs/bus.md).
//
// Threading: everything here runs on the caller's thread. Delivery reports are served by rd_kafka_poll/flush, which
// this class calls itself, so the bookkeeping needs no locks.
#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <thread>

#include "pipeline/bus/file_sink.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/bus/kafka_handles.hpp"

namespace chaintwin::bus {
namespace {

using Clock = std::chrono::steady_clock;
using detail::bytes_text;
using detail::seconds_text;

constexpr int kPollEvery = 64;  // sends between two rd_kafka_poll(0): delivery reports without a cost per message

// Flow control counts each message as its user bytes plus this much: the broker's retention counts record batches,
// whose framing (a 61-byte batch header, ~10-20 bytes per record) would otherwise let small messages overrun the
// ~5 MiB the embedded broker keeps while the budget still looked met. 64 covers a batch of one record.
constexpr std::uint64_t kFlowOverheadBytes = 64;

// Offsets below this are "no committed offset" (RD_KAFKA_OFFSET_INVALID and friends).
constexpr std::int64_t kNoOffset = RD_KAFKA_OFFSET_INVALID;

struct PartitionState {
  // Our delivered messages in this partition.
  std::int64_t first_offset = -1, last_offset = -1;
  std::uint64_t delivered = 0;
  // Flow control only: (offset, cumulative bytes up to and including it) of delivered messages not yet read by every
  // protected group, ascending (delivery reports of one partition arrive in offset order). Bounded by the budget.
  std::deque<std::pair<std::int64_t, std::uint64_t>> unread;
  std::uint64_t cumulative_bytes = 0;   // all delivered flow-control bytes of this partition
  std::uint64_t pruned_bytes = 0;       // cumulative bytes of the entries dropped from `unread`
  std::vector<std::int64_t> committed;  // per protected group; kNoOffset if none

  // Bytes and messages of ours at or after `offset`.
  [[nodiscard]] std::pair<std::uint64_t, std::uint64_t> lag_from(std::int64_t offset) const {
    if (offset < 0) offset = first_offset;  // no committed offset: the group has read nothing of ours
    const auto it = std::lower_bound(unread.begin(), unread.end(), offset,
                                     [](const auto& e, std::int64_t o) { return e.first < o; });
    const std::uint64_t before = it == unread.begin() ? pruned_bytes : std::prev(it)->second;
    return {cumulative_bytes - before, static_cast<std::uint64_t>(unread.end() - it)};
  }

  // Our messages with offsets in [from, to).
  [[nodiscard]] std::uint64_t ours_in(std::int64_t from, std::int64_t to) const {
    if (delivered == 0) return 0;
    from = std::max(from, first_offset);
    to = std::min(to, last_offset + 1);
    if (to <= from) return 0;
    // Exact when we are the partition's only producer (our offsets are contiguous); otherwise an upper bound.
    return std::min<std::uint64_t>(static_cast<std::uint64_t>(to - from), delivered);
  }
};

struct TopicState {
  TopicReport report;
  detail::TopicHandle rkt;
  std::vector<PartitionState> partitions;  // grown on demand
  std::string first_delivery_error;
  std::uint64_t failed_bytes = 0, delivered_bytes = 0;  // flow-control bytes (user bytes + framing allowance)
};

// The worst lag over partitions and protected groups.
struct Lag {
  std::uint64_t bytes = 0, messages = 0;
  const TopicState* topic = nullptr;
  int partition = -1;
  std::size_t group = 0;
};

class KafkaSink final : public Sink {
 public:
  KafkaSink(const KafkaConfig& config, std::span<const TopicSpec> topics) : config_(config) {
    const std::array<std::pair<std::string_view, std::string_view>, 5> defaults = {{
        {"enable.idempotence", "true"},
        {"linger.ms", "5"},
        {"partitioner", "murmur2_random"},        // the Java client's partitioner
        {"queue.buffering.max.kbytes", "65536"},  // bounded memory: QUEUE_FULL beyond 64 MiB queued
        {"message.timeout.ms", "120000"},
    }};
    auto conf = detail::make_conf(config_, defaults, &errors_);
    errors_.owner = this;
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaSink::on_delivery);
    producer_ = detail::make_client(RD_KAFKA_PRODUCER, std::move(conf), "producer");
    const detail::MetadataHandle md =
        detail::fetch_metadata(producer_.get(), config_, errors_, config_.connect_timeout);
    std::vector<const TopicSpec*> missing;
    for (const TopicSpec& t : topics) {
      check_topic_name(t.name);
      if (detail::partition_count(*md, t.name) < 0) missing.push_back(&t);
    }
    if (!missing.empty()) create_topics(missing);
    if (!config_.flow.protect_groups.empty() &&
        (config_.flow.max_lag_bytes == 0 || config_.flow.max_lag_messages == 0)) {
      throw Error("flow control: the lag budget must be positive (max_lag_bytes " +
                  std::to_string(config_.flow.max_lag_bytes) + ", max_lag_messages " +
                  std::to_string(config_.flow.max_lag_messages) + ")");
    }
    for (const std::string& g : config_.flow.protect_groups) add_protected_group(g);
  }

  ~KafkaSink() override {
    // Bounded: wait close_timeout for deliveries, then purge whatever is left (it is lost, and report() said so
    // if it was called), serve the resulting delivery reports, then destroy the handles.
    if (rd_kafka_outq_len(producer_.get()) > 0) {
      rd_kafka_flush(producer_.get(), static_cast<int>(config_.close_timeout.count()));
    }
    if (rd_kafka_outq_len(producer_.get()) > 0) {
      rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_poll(producer_.get(), 0);
    }
    closing_ = true;
    for (auto& g : groups_) destroy_without_close(std::move(g->client));
    topics_.clear();  // topic handles before the producer (librdkafka's rule)
    producer_.reset();
  }

  void send(const Record& record) override {
    check_fatal();
    TopicState& topic = topic_for(record.topic);
    const std::uint64_t bytes = record_bytes(record);
    const std::uint64_t flow_bytes = bytes + kFlowOverheadBytes;  // what flow control counts
    if (!groups_.empty()) {
      estimated_lag_bytes_ += flow_bytes;
      estimated_lag_messages_ += 1;
      if (estimated_lag_bytes_ > config_.flow.max_lag_bytes ||
          estimated_lag_messages_ > config_.flow.max_lag_messages) {
        wait_for_room(topic, flow_bytes);
      }
    }

    detail::HeadersHandle headers;
    if (!record.headers.empty()) {
      headers.reset(rd_kafka_headers_new(record.headers.size()));
      for (const Header& h : record.headers) {
        rd_kafka_header_add(headers.get(), h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                            static_cast<ssize_t>(h.value.size()));
      }
    }
    std::array<rd_kafka_vu_t, 7> vu{};
    std::size_t n = 0;
    vu[n].vtype = RD_KAFKA_VTYPE_RKT;
    vu[n++].u.rkt = topic.rkt.get();
    vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
    vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
    vu[n].u.mem.ptr = const_cast<char*>(record.payload.data());  // copied (F_COPY), never written
    vu[n++].u.mem.size = record.payload.size();
    if (!record.key.empty()) {
      vu[n].vtype = RD_KAFKA_VTYPE_KEY;
      vu[n].u.mem.ptr = const_cast<char*>(record.key.data());
      vu[n++].u.mem.size = record.key.size();
    }
    if (record.timestamp_ms != 0) {
      vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
      vu[n++].u.i64 = record.timestamp_ms;
    }
    // The per-message opaque carries to its delivery report the record's flow-control byte count (low 32 bits; a
    // record is far below 4 GiB) and the generation of marks it was sent in (high bits): an integer, not a pointer.
    vu[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
    const std::uint64_t opaque = (generation_ << 32) | std::min<std::uint64_t>(flow_bytes, 0xffff'ffffu);
    vu[n++].u.ptr = reinterpret_cast<void*>(static_cast<std::uintptr_t>(opaque));
    if (headers) {
      vu[n].vtype = RD_KAFKA_VTYPE_HEADERS;
      vu[n++].u.headers = headers.get();
    }

    for (;;) {
      const detail::ErrorHandle err(rd_kafka_produceva(producer_.get(), vu.data(), n));
      if (!err) break;
      const rd_kafka_resp_err_t code = rd_kafka_error_code(err.get());
      if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(producer_.get(), 10);  // serve delivery reports: frees queue space
        check_fatal();
        continue;
      }
      check_fatal();
      throw Error("cannot send to Kafka topic " + topic.report.topic + " (" + bytes_text(bytes) +
                  "): " + rd_kafka_error_string(err.get()));
    }
    (void)headers.release();  // the producer owns the headers once produceva succeeded
    ++unacknowledged_.back();
    ++topic.report.messages;
    topic.report.bytes += bytes;
    ++sent_messages_;
    sent_bytes_ += flow_bytes;
    if (++since_poll_ >= kPollEvery) {
      since_poll_ = 0;
      rd_kafka_poll(producer_.get(), 0);
    }
  }

  void flush() override {
    check_fatal();
    const rd_kafka_resp_err_t err = rd_kafka_flush(producer_.get(), static_cast<int>(config_.flush_timeout.count()));
    check_fatal();
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const int left = rd_kafka_outq_len(producer_.get());
      std::string last = errors_.last();
      throw Error(std::to_string(left) + " messages not delivered to Kafka at " + config_.brokers + " within " +
                  seconds_text(config_.flush_timeout) + (last.empty() ? "" : " (last error: " + last + ")"));
    }
  }

  // Marks are generations: records sent after mark g belong to generation g. Mark g is reached when every earlier
  // generation has no unacknowledged record left.
  std::uint64_t mark() override {
    check_fatal();
    ++generation_;
    unacknowledged_.push_back(0);
    return generation_;
  }

  bool reached(std::uint64_t mark) override {
    rd_kafka_poll(producer_.get(), 0);  // serve delivery reports
    check_fatal();
    return first_generation_ >= mark;
  }

  SinkReport report() override {
    rd_kafka_poll(producer_.get(), 0);
    if (!groups_.empty()) refresh_committed();
    SinkReport report;
    for (auto& [name, topic] : topics_) {
      TopicReport t = topic.report;
      t.lost = t.delivery_errors;
      if (t.delivery_errors > 0) {
        report.problems.push_back(topic.report.topic + ": " + std::to_string(t.delivery_errors) +
                                  " messages could not be delivered (" + topic.first_delivery_error + ")");
      }
      check_retention(topic, t, report.problems);
      report.messages += t.messages;
      report.bytes += t.bytes;
      report.lost += t.lost;
      report.topics.push_back(std::move(t));
    }
    const int in_flight = rd_kafka_outq_len(producer_.get());
    if (in_flight > 0) {
      report.problems.push_back(std::to_string(in_flight) +
                                " messages still in flight: call flush() before report() for final figures");
    }
    return report;
  }

 private:
  struct Group {
    std::string id;
    detail::ClientErrors errors;
    detail::KafkaHandle client;  // a consumer handle that never subscribes: it only reads committed offsets
    Clock::time_point last_progress{};
    std::string last_error;
  };

  static void destroy_without_close(detail::KafkaHandle client) {
    if (client) rd_kafka_destroy_flags(client.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }

  static void on_delivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m, void* opaque) {
    static_cast<KafkaSink*>(static_cast<detail::ClientErrors*>(opaque)->owner)->delivered(m);
  }

  void delivered(const rd_kafka_message_t* m) {
    if (closing_) return;  // purged messages while the destructor runs: nothing to count any more
    auto* topic = static_cast<TopicState*>(rd_kafka_topic_opaque(m->rkt));
    const auto opaque = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(m->_private));
    const std::uint64_t bytes = opaque & 0xffff'ffffu;
    acknowledged(opaque >> 32);
    ++acked_messages_;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++topic->report.delivery_errors;
      topic->failed_bytes += bytes;
      if (topic->first_delivery_error.empty()) topic->first_delivery_error = rd_kafka_err2str(m->err);
      return;
    }
    ++topic->report.delivered;
    topic->delivered_bytes += bytes;
    if (m->partition < 0) return;
    const auto p = static_cast<std::size_t>(m->partition);
    if (topic->partitions.size() <= p) topic->partitions.resize(p + 1);
    PartitionState& part = topic->partitions[p];
    if (part.delivered == 0) part.first_offset = m->offset;
    part.last_offset = std::max(part.last_offset, m->offset);
    ++part.delivered;
    part.cumulative_bytes += bytes;
    if (!groups_.empty()) {
      if (part.committed.size() != groups_.size()) part.committed.assign(groups_.size(), kNoOffset);
      part.unread.emplace_back(m->offset, part.cumulative_bytes);
    }
  }

  // A record of `generation` has its delivery report (delivered or failed for good).
  void acknowledged(std::uint64_t generation) {
    --unacknowledged_[generation - first_generation_];
    while (unacknowledged_.size() > 1 && unacknowledged_.front() == 0) {
      unacknowledged_.pop_front();
      ++first_generation_;
    }
  }

  void check_fatal() const {
    if (errors_.fatal()) {
      throw Error("the Kafka producer failed (" + config_.brokers + "): " + errors_.fatal_reason());
    }
  }

  TopicState& topic_for(std::string_view name) {
    if (last_topic_ != nullptr && last_topic_->report.topic == name) return *last_topic_;
    auto it = topics_.find(name);
    if (it == topics_.end()) {
      check_topic_name(name);
      it = topics_.emplace(std::string(name), TopicState{}).first;
      TopicState& t = it->second;
      t.report.topic = std::string(name);
      rd_kafka_topic_conf_t* tconf = rd_kafka_topic_conf_new();
      rd_kafka_topic_conf_set_opaque(tconf, &t);  // map nodes never move: the delivery report finds its topic
      t.rkt.reset(rd_kafka_topic_new(producer_.get(), t.report.topic.c_str(), tconf));  // takes tconf
      if (!t.rkt) {
        const std::string reason = rd_kafka_err2str(rd_kafka_last_error());
        topics_.erase(it);
        throw Error("cannot use Kafka topic " + std::string(name) + ": " + reason);
      }
    }
    last_topic_ = &it->second;
    return it->second;
  }

  void create_topics(const std::vector<const TopicSpec*>& specs) {
    std::vector<detail::NewTopicHandle> owned;
    std::vector<rd_kafka_NewTopic_t*> raw;
    std::array<char, 512> err{};
    for (const TopicSpec* t : specs) {
      owned.emplace_back(
          rd_kafka_NewTopic_new(t->name.c_str(), t->partitions, t->replication_factor, err.data(), err.size()));
      if (!owned.back()) throw Error("cannot create Kafka topic " + t->name + ": " + err.data());
      raw.push_back(owned.back().get());
    }
    const detail::QueueHandle queue(rd_kafka_queue_new(producer_.get()));
    const detail::AdminOptionsHandle options(
        rd_kafka_AdminOptions_new(producer_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(config_.connect_timeout.count()),
                                              err.data(), err.size());
    rd_kafka_CreateTopics(producer_.get(), raw.data(), raw.size(), options.get(), queue.get());
    const detail::EventHandle event(
        rd_kafka_queue_poll(queue.get(), static_cast<int>(config_.connect_timeout.count()) + 1000));
    auto fail = [&](const std::string& why) {
      std::string names;
      for (const TopicSpec* t : specs) names += (names.empty() ? "" : ", ") + t->name;
      return Error("Kafka topic(s) " + names + " do not exist at " + config_.brokers +
                   " and could not be created: " + why + " (create them first, e.g. with kafka-topics.sh --create)");
    };
    if (!event) throw fail("no answer within " + seconds_text(config_.connect_timeout));
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
      throw fail(rd_kafka_event_error_string(event.get()));
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
    std::size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &n);
    for (std::size_t i = 0; i < n; ++i) {
      const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        const char* msg = rd_kafka_topic_result_error_string(results[i]);
        throw fail(std::string(rd_kafka_topic_result_name(results[i])) + ": " + (msg ? msg : rd_kafka_err2str(e)));
      }
    }
  }

  void add_protected_group(const std::string& id) {
    auto g = std::make_unique<Group>();  // ClientErrors is the client's opaque: its address must not change
    g->id = id;
    KafkaConfig c = config_;
    c.client_id = config_.client_id + "-lag";
    const std::array<std::pair<std::string_view, std::string_view>, 2> defaults = {{
        {"group.id", id},
        {"enable.auto.commit", "false"},
    }};
    g->client =
        detail::make_client(RD_KAFKA_CONSUMER, detail::make_conf(c, defaults, &g->errors), "lag reader of group " + id);
    groups_.push_back(std::move(g));
  }

  // Re-reads the committed offsets of every protected group for every partition we have delivered to, and drops
  // the bookkeeping every group has read past.
  void refresh_committed() {
    last_refresh_ = Clock::now();
    std::vector<std::pair<TopicState*, int>> keys;
    for (auto& [name, topic] : topics_) {
      for (std::size_t p = 0; p < topic.partitions.size(); ++p) {
        if (topic.partitions[p].delivered > 0) keys.emplace_back(&topic, static_cast<int>(p));
      }
    }
    if (keys.empty()) return;
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      Group& g = *groups_[gi];
      const detail::PartitionListHandle list(rd_kafka_topic_partition_list_new(static_cast<int>(keys.size())));
      for (const auto& [topic, p] : keys) rd_kafka_topic_partition_list_add(list.get(), topic->report.topic.c_str(), p);
      const rd_kafka_resp_err_t err = rd_kafka_committed(
          g.client.get(), list.get(), static_cast<int>(std::max<std::int64_t>(1000, config_.connect_timeout.count())));
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        g.last_error = rd_kafka_err2str(err);
        continue;
      }
      for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& tp = list->elems[i];
        PartitionState& part =
            keys[static_cast<std::size_t>(i)].first->partitions[static_cast<std::size_t>(tp.partition)];
        if (part.committed.size() != groups_.size()) part.committed.assign(groups_.size(), kNoOffset);
        const std::int64_t offset = tp.err == RD_KAFKA_RESP_ERR_NO_ERROR ? tp.offset : kNoOffset;
        if (offset > part.committed[gi]) g.last_progress = last_refresh_;
        part.committed[gi] = offset;
      }
    }
    for (const auto& [topic, p] : keys) {
      PartitionState& part = topic->partitions[static_cast<std::size_t>(p)];
      if (part.committed.size() != groups_.size()) continue;
      const std::int64_t read_by_all = *std::min_element(part.committed.begin(), part.committed.end());
      while (!part.unread.empty() && part.unread.front().first < read_by_all) {
        part.pruned_bytes = part.unread.front().second;
        part.unread.pop_front();
      }
    }
  }

  [[nodiscard]] Lag worst_lag() const {
    Lag worst;
    double worst_share = 0;
    for (const auto& [name, topic] : topics_) {
      for (std::size_t p = 0; p < topic.partitions.size(); ++p) {
        const PartitionState& part = topic.partitions[p];
        if (part.delivered == 0) continue;
        for (std::size_t g = 0; g < groups_.size(); ++g) {
          const std::int64_t c = g < part.committed.size() ? part.committed[g] : kNoOffset;
          const auto [bytes, messages] = part.lag_from(c);
          // Worst: the largest share of either budget.
          const double share =
              std::max(static_cast<double>(bytes) / static_cast<double>(config_.flow.max_lag_bytes),
                       static_cast<double>(messages) / static_cast<double>(config_.flow.max_lag_messages));
          if (worst.topic == nullptr || share > worst_share) {
            worst = {bytes, messages, &topic, static_cast<int>(p), g};
            worst_share = share;
          }
        }
      }
    }
    return worst;
  }

  // Blocks until the worst partition's lag behind a protected group, plus what is in flight, leaves room for a
  // record of `bytes`. Committed offsets are re-read at most every check_interval, and only while blocked.
  void wait_for_room(TopicState& topic, std::uint64_t bytes) {
    const Clock::time_point start = Clock::now();
    bool waited = false;
    for (;;) {
      rd_kafka_poll(producer_.get(), 0);
      check_fatal();
      const Lag worst = worst_lag();
      const std::uint64_t in_flight_messages = sent_messages_ - acked_messages_;
      const std::uint64_t in_flight_bytes = sent_bytes_ - acked_bytes();
      estimated_lag_bytes_ = worst.bytes + in_flight_bytes + bytes;
      estimated_lag_messages_ = worst.messages + in_flight_messages + 1;
      const bool empty = worst.bytes == 0 && in_flight_messages == 0;  // a record larger than the budget still goes
      if (empty || (estimated_lag_bytes_ <= config_.flow.max_lag_bytes &&
                    estimated_lag_messages_ <= config_.flow.max_lag_messages)) {
        break;
      }
      if (!waited) {
        waited = true;
        ++topic.report.flow_control_waits;
        for (auto& g : groups_) g->last_progress = std::max(g->last_progress, start);
      }
      const Clock::time_point now = Clock::now();
      if (now - last_refresh_ >= config_.flow.check_interval) {
        refresh_committed();
        continue;
      }
      if (worst.topic != nullptr && now - groups_[worst.group]->last_progress > config_.flow.stall_timeout) {
        throw stalled(worst);
      }
      rd_kafka_poll(producer_.get(), 2);  // a short sleep that still serves delivery reports
    }
    if (waited) topic.report.flow_control_wait_s += std::chrono::duration<double>(Clock::now() - start).count();
  }

  Error stalled(const Lag& worst) const {
    const Group& g = *groups_[worst.group];
    const PartitionState& part = worst.topic->partitions[static_cast<std::size_t>(worst.partition)];
    const std::int64_t c = worst.group < part.committed.size() ? part.committed[worst.group] : kNoOffset;
    return Error("consumer group '" + g.id + "' has not committed progress for " +
                 seconds_text(config_.flow.stall_timeout) + ": on " + worst.topic->report.topic + "[" +
                 std::to_string(worst.partition) + "] it is " + bytes_text(worst.bytes) + " / " +
                 std::to_string(worst.messages) + " messages behind (committed offset " +
                 (c < 0 ? std::string("none") : std::to_string(c)) + ", budget " +
                 bytes_text(config_.flow.max_lag_bytes) + " / " + std::to_string(config_.flow.max_lag_messages) +
                 " messages" + (g.last_error.empty() ? "" : ", last error reading its offsets: " + g.last_error) +
                 "). Start the consumer, stop protecting the group, or raise the stall timeout");
  }

  [[nodiscard]] std::uint64_t acked_bytes() const {
    std::uint64_t b = 0;
    for (const auto& [name, t] : topics_) b += t.delivered_bytes + t.failed_bytes;
    return b;
  }

  // Compares each partition's log start offset with what we produced and what the protected groups committed.
  void check_retention(const TopicState& topic, TopicReport& t, std::vector<std::string>& problems) {
    std::uint64_t dropped_unprotected = 0;
    std::string detail_text;
    for (std::size_t p = 0; p < topic.partitions.size(); ++p) {
      const PartitionState& part = topic.partitions[p];
      if (part.delivered == 0) continue;
      std::int64_t low = 0, high = 0;
      const rd_kafka_resp_err_t err =
          rd_kafka_query_watermark_offsets(producer_.get(), topic.report.topic.c_str(), static_cast<int>(p), &low,
                                           &high, static_cast<int>(config_.connect_timeout.count()));
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        problems.push_back(topic.report.topic + "[" + std::to_string(p) +
                           "]: cannot check for retention loss: " + rd_kafka_err2str(err));
        continue;
      }
      const std::uint64_t dropped = part.ours_in(part.first_offset, low);
      t.dropped_by_retention += dropped;
      if (dropped == 0) continue;
      if (groups_.empty()) {
        dropped_unprotected += dropped;
        continue;
      }
      // Lost: dropped before some protected group read it (its committed offset is below the log start).
      std::uint64_t lost = 0;
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        const std::int64_t c = g < part.committed.size() ? part.committed[g] : kNoOffset;
        const std::uint64_t n = part.ours_in(c < 0 ? part.first_offset : c, low);
        if (n > 0) {
          problems.push_back(topic.report.topic + "[" + std::to_string(p) + "]: " + std::to_string(n) +
                             " messages were dropped by retention before consumer group '" + groups_[g]->id +
                             "' read them (log start offset " + std::to_string(low) + ", its committed offset " +
                             (c < 0 ? std::string("none") : std::to_string(c)) + ")");
        }
        lost = std::max(lost, n);
      }
      t.lost += lost;
    }
    if (dropped_unprotected > 0) {
      t.lost += dropped_unprotected;
      problems.push_back(topic.report.topic + ": " + std::to_string(dropped_unprotected) + " of " +
                         std::to_string(t.delivered) +
                         " messages were already dropped by retention (the embedded broker keeps ~5 MiB per "
                         "partition): a consumer starting now will not see them. Protect the consumer group "
                         "(flow control) or consume while producing");
    }
  }

  KafkaConfig config_;
  detail::ClientErrors errors_;  // before producer_: the producer's callbacks use it until it is destroyed
  std::vector<std::unique_ptr<Group>> groups_;  // clients destroyed explicitly in the destructor (no consumer close)
  std::map<std::string, TopicState, std::less<>> topics_;  // node-based: topic opaques stay valid
  detail::KafkaHandle producer_;  // declared last: destroyed first, before what its callbacks touch
  TopicState* last_topic_ = nullptr;
  std::uint64_t sent_messages_ = 0, sent_bytes_ = 0, acked_messages_ = 0;
  std::uint64_t estimated_lag_bytes_ = 0, estimated_lag_messages_ = 0;  // upper bounds since the last exact check
  Clock::time_point last_refresh_{};
  int since_poll_ = 0;
  bool closing_ = false;
  // Unacknowledged records per generation of marks, from first_generation_ to generation_ (the current one, last).
  std::uint64_t generation_ = 0, first_generation_ = 0;
  std::deque<std::uint64_t> unacknowledged_ = std::deque<std::uint64_t>(1, 0);
};

}  // namespace

std::unique_ptr<Sink> make_kafka_sink(const KafkaConfig& config, std::span<const TopicSpec> topics) {
  return std::make_unique<KafkaSink>(config, topics);
}

}  // namespace chaintwin::bus
