// Bus throughput: messages/s through the in-process channel sink and through the embedded broker (librdkafka's mock
// cluster, idempotent producer, linger.ms=5), in one process, and their ratio. 200-byte payloads, 8 partitions,
// 1,000 keys by default. With --protect 1 a consumer group reads concurrently and the Kafka sink's lag-aware flow
// control protects it (the mode that loses nothing on the embedded broker). Prints figures, never fails.
//   bus_throughput [--messages 2000000] [--bytes 200] [--partitions 8] [--brokers 3] [--headers 0] [--protect 0]
//                  [--X key=value]   (one producer property, as -X)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_args.hpp"
#include "pipeline/bus/channel_sink.hpp"
#include "pipeline/bus/kafka.hpp"

namespace {

using namespace chaintwin;
using Clock = std::chrono::steady_clock;

struct Workload {
  std::vector<std::string> keys;
  std::string payload;
  std::vector<std::string> header_values;
};

// Sends `n` records and flushes; returns seconds (send + flush: everything delivered).
double run(bus::Sink& sink, const Workload& w, std::uint64_t n, int headers) {
  std::vector<bus::Header> hs(static_cast<std::size_t>(headers));
  for (int h = 0; h < headers; ++h)
    hs[static_cast<std::size_t>(h)] = {"h", w.header_values[static_cast<std::size_t>(h)]};
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    sink.send(bus::Record{"bench", w.keys[i % w.keys.size()], w.payload, hs,
                          1'700'000'000'000 + static_cast<std::int64_t>(i / 1000)});
  }
  sink.flush();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void print(const char* impl, std::uint64_t n, double seconds, const bus::SinkReport& report, int bytes) {
  std::printf(
      "RESULT bench=bus_throughput impl=%s messages=%llu payload_bytes=%d seconds=%.3f msgs_per_s=%.0f "
      "mb_per_s=%.1f lost=%llu\n",
      impl, static_cast<unsigned long long>(n), bytes, seconds, static_cast<double>(n) / seconds,
      static_cast<double>(report.bytes) / seconds / 1e6, static_cast<unsigned long long>(report.lost));
}

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args(argc, argv);
  const auto n = static_cast<std::uint64_t>(args.number("messages", 2'000'000));
  const int bytes = static_cast<int>(args.number("bytes", 200));
  const int partitions = static_cast<int>(args.number("partitions", 8));
  const int brokers = static_cast<int>(args.number("brokers", 3));
  const int headers = static_cast<int>(args.number("headers", 0));
  const bool protect = args.number("protect", 0) != 0;

  Workload w;
  for (int k = 0; k < 1000; ++k) w.keys.push_back("device-" + std::to_string(k));
  w.payload.assign(static_cast<std::size_t>(bytes), 'x');
  for (int h = 0; h < headers; ++h) w.header_values.push_back("value-" + std::to_string(h));

  try {
    double channel_s = 0;
    {
      auto sink = bus::make_channel_sink();
      channel_s = run(*sink, w, n, headers);
      print("channel", n, channel_s, sink->report(), bytes);
    }

    const bus::TopicSpec topics[] = {{"bench", partitions, std::min(3, brokers)}};
    bus::EmbeddedBroker broker(brokers, topics);
    bus::KafkaConfig config = broker.client_config();
    if (const std::string x = args.text("X", ""); !x.empty()) config.set(x);
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> consumed{0};
    std::atomic<bool> reader_ready{false};
    std::thread reader;
    if (protect) {
      config.flow.protect_groups = {"bench-readers"};
      reader = std::thread([&] {
        const std::string names[] = {"bench"};
        bus::Consumer consumer = bus::Consumer::subscribe(broker.client_config(), "bench-readers", names);
        while (!stop) {
          consumed += consumer.poll(10'000, std::chrono::milliseconds(50)).size();
          consumer.commit();
          if (!reader_ready && consumer.assigned_partitions() > 0) reader_ready = true;
        }
      });
      // Time the steady state, not the group's first join (~3 s on the mock).
      while (!reader_ready) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    double kafka_s = 0;
    {
      auto sink = bus::make_kafka_sink(config, topics);
      kafka_s = run(*sink, w, n, headers);
      const bus::SinkReport report = sink->report();
      print(protect ? "embedded_broker_protected" : "embedded_broker", n, kafka_s, report, bytes);
      if (protect) {
        std::printf("# the protected group had read %llu messages when the producer finished\n",
                    static_cast<unsigned long long>(consumed.load()));
      }
      if (!protect && report.lost > 0) {
        std::printf(
            "# %llu messages were dropped by the embedded broker's retention (~5 MiB per partition, no "
            "consumer): expected here, this measures the producer only\n",
            static_cast<unsigned long long>(report.lost));
      }
      if (!report.topics.empty() && report.topics[0].flow_control_waits > 0) {
        std::printf("# flow control blocked send() %llu times, %.2f s in all\n",
                    static_cast<unsigned long long>(report.topics[0].flow_control_waits),
                    report.topics[0].flow_control_wait_s);
      }
    }
    stop = true;
    if (reader.joinable()) reader.join();
    std::printf("RESULT bench=bus_throughput ratio_channel_over_embedded_broker=%.2f\n", kafka_s / channel_s);
  } catch (const bus::Error& e) {
    std::fprintf(stderr, "bus_throughput: %s\n", e.what());
    return 1;
  }
  return 0;
}
