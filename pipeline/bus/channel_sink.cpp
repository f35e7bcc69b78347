#include "pipeline/bus/channel_sink.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <tbb/concurrent_queue.h>

namespace chaintwin::bus {
namespace {

// A batch of records stored as offsets into one buffer (offsets, not pointers: the buffer may grow).
struct Batch {
  struct Span {
    std::uint32_t begin = 0, size = 0;
  };
  struct Entry {
    Span topic, key, payload;
    std::uint32_t first_header = 0, header_count = 0;
    std::int64_t timestamp_ms = 0;
  };
  std::string bytes;
  std::vector<Entry> entries;
  std::vector<std::pair<Span, Span>> headers;

  Span append(std::string_view s) {
    const Span span{static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(s.size())};
    bytes.append(s);
    return span;
  }
  std::string_view view(Span s) const { return std::string_view(bytes).substr(s.begin, s.size); }
  void clear() {
    bytes.clear();
    entries.clear();
    headers.clear();
  }
};

class ChannelSink final : public Sink {
 public:
  explicit ChannelSink(ChannelOptions options) : options_(std::move(options)) {
    options_.batch_records = std::max<std::size_t>(1, options_.batch_records);
    const std::size_t batches =
        std::max<std::size_t>(1, (options_.capacity_records + options_.batch_records - 1) / options_.batch_records);
    full_.set_capacity(static_cast<std::ptrdiff_t>(batches));
    current_ = std::make_unique<Batch>();
    consumer_ = std::thread([this] { consume(); });
  }

  ~ChannelSink() override {
    full_.push(nullptr);  // stop signal, after everything already queued
    consumer_.join();
  }

  void send(const Record& record) override {
    Batch& b = *current_;
    Batch::Entry e;
    e.topic = b.append(record.topic);
    e.key = b.append(record.key);
    e.payload = b.append(record.payload);
    e.first_header = static_cast<std::uint32_t>(b.headers.size());
    e.header_count = static_cast<std::uint32_t>(record.headers.size());
    for (const Header& h : record.headers) b.headers.emplace_back(b.append(h.name), b.append(h.value));
    e.timestamp_ms = record.timestamp_ms;
    b.entries.push_back(e);
    if (b.entries.size() >= options_.batch_records) hand_over();
  }

  void flush() override {
    wait_idle();
    if (failure_) {
      std::exception_ptr failure = std::exchange(failure_, nullptr);
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        throw Error(std::string("channel sink: the consumer callback failed: ") + e.what());
      }
    }
  }

  SinkReport report() override {
    wait_idle();  // the counts belong to the consumer thread until it is idle
    SinkReport report;
    for (const auto& [name, t] : topics_) {
      report.messages += t.messages;
      report.bytes += t.bytes;
      report.topics.push_back(t);
      report.topics.back().delivered = t.messages;
    }
    return report;
  }

 private:
  // Hands over the partial batch and waits until the consumer has processed every batch (acquire: its counts are
  // visible after this, and it stays blocked in pop() until the next send()).
  void wait_idle() {
    if (!current_->entries.empty()) hand_over();
    for (std::uint64_t done = done_.load(std::memory_order_acquire); done != handed_;
         done = done_.load(std::memory_order_acquire)) {
      done_.wait(done, std::memory_order_acquire);
    }
  }

  void hand_over() {
    full_.push(std::move(current_));  // blocks while the queue is full: the bound on memory
    ++handed_;
    if (!free_.try_pop(current_)) current_ = std::make_unique<Batch>();
  }

  void consume() {
    std::vector<Header> headers;
    TopicReport* last = nullptr;
    for (;;) {
      std::unique_ptr<Batch> batch;
      full_.pop(batch);
      if (!batch) return;
      for (const Batch::Entry& e : batch->entries) {
        headers.clear();
        for (std::uint32_t i = 0; i < e.header_count; ++i) {
          const auto& [n, v] = batch->headers[e.first_header + i];
          headers.push_back({batch->view(n), batch->view(v)});
        }
        const Record r{batch->view(e.topic), batch->view(e.key), batch->view(e.payload), headers, e.timestamp_ms};
        if (last == nullptr || last->topic != r.topic) {
          auto it = topics_.find(r.topic);
          if (it == topics_.end()) it = topics_.emplace(std::string(r.topic), TopicReport{std::string(r.topic)}).first;
          last = &it->second;
        }
        ++last->messages;
        last->bytes += record_bytes(r);
        if (options_.on_record && !failure_) {
          try {
            options_.on_record(r);
          } catch (...) {
            failure_ = std::current_exception();  // published to flush() by the release below
          }
        }
      }
      batch->clear();
      free_.push(std::move(batch));
      done_.fetch_add(1, std::memory_order_release);
      done_.notify_all();
    }
  }

  ChannelOptions options_;
  tbb::concurrent_bounded_queue<std::unique_ptr<Batch>> full_;
  tbb::concurrent_queue<std::unique_ptr<Batch>> free_;  // recycled batches: no allocation once warm
  std::unique_ptr<Batch> current_;                      // being filled by send()
  std::uint64_t handed_ = 0;                            // batches handed over (producer side only)
  std::atomic<std::uint64_t> done_{0};                  // batches processed by the consumer
  // Written by the consumer thread only; read by report()/flush() after done_ caught up (acquire).
  std::map<std::string, TopicReport, std::less<>> topics_;
  std::exception_ptr failure_;
  std::thread consumer_;  // last: starts after, and is joined before, everything it uses
};

}  // namespace

std::unique_ptr<Sink> make_channel_sink(ChannelOptions options) {
  return std::make_unique<ChannelSink>(std::move(options));
}

}  // namespace chaintwin::bus
