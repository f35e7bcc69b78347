// End-to-end latency of the reference pipeline under a steady input rate through the embedded broker, measured from
// each input's intended send time, beside its peer in the same run: a plain consumer of the input topics (the
// broker's own round trip, intended send time to consume time). The machine is shared and noisy: trust the ratios
// against the peer more than the absolute figures.
//
//   bench/pipeline_latency.sh [RATE] [SECONDS]     (streams, runs the pipeline and this program side by side)
//   build/release/bench/pipeline_latency --bootstrap-file F [--warmup 5] [--seconds 25] [--hgrm DIR]
//
// It reads the input topics (the peer) and the output topics from the beginning while the stream and the pipeline
// run, until the pipeline says it finished (or --timeout seconds after the window). Only inputs intended within the
// window [first intended send + warmup, + seconds] count, and only outputs caused by them. Per output kind:
//   published  - intended send time of the input to the output's `published-ns` header (what `chaintwin score`
//                measures: the pipeline handed the record to its producer);
//   readable   - to the moment this program consumed the output (adds the output producer's batching and a broker
//                round trip: when a downstream reader has it).
// Stock positions wait for event time: a tick is published when the watermark passes it, so no earlier than when the
// stream's send time has passed the tick plus the out-of-orderness bound. That floor (from the inputs' sim-send-time
// and intended-send-time headers) is printed apart from what the pipeline adds beyond it.
//
// Prints RESULT, RATIO and TARGET lines; never pass/fail.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_args.hpp"
#include "generators/histogram.hpp"
#include "pipeline/bus/kafka.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "pipeline/runtime/stream_processor.hpp"

namespace {

using namespace chaintwin;
using generators::LogLinearHistogram;

constexpr double kTargetP99Ms = 50.0;  // issue 5: p99 at most 50 ms from intended send time

std::int64_t unix_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::int64_t> header_ns(const bus::OwnedRecord& r, std::string_view name) {
  const std::string_view text = r.header(name);
  std::int64_t ns = 0;
  if (text.empty() || std::from_chars(text.data(), text.data() + text.size(), ns).ec != std::errc()) return {};
  return ns;
}

struct InputSample {
  std::int64_t intended_ns;
  std::int64_t sim_send_ns;
  std::int64_t consumed_ns;
};

enum class OutputKind : std::uint8_t { kPosition, kCorrection, kDeadLetter };
constexpr std::size_t kOutputKinds = 3;
constexpr const char* kOutputNames[kOutputKinds] = {"stock positions", "stock position corrections", "dead letters"};

struct OutputSample {
  OutputKind kind;
  std::int64_t intended_ns;
  std::int64_t published_ns;
  std::int64_t consumed_ns;
  std::int64_t as_of_ns;  // positions: the tick
};

// Reads `topics` from the beginning until `stop`, calling take(record, consume time) for each record.
template <class Take>
void read_until(const bus::KafkaConfig& kafka, const std::vector<std::string>& topics, const std::atomic<bool>& stop,
                std::vector<std::string>& problems, Take take) {
  bus::Consumer consumer = bus::Consumer::from_beginning(kafka, topics);
  while (!stop.load()) {
    const std::vector<bus::OwnedRecord> records = consumer.poll(10'000, std::chrono::milliseconds(50));
    const std::int64_t now = unix_now_ns();  // a batch is consumed when poll returns it
    for (const bus::OwnedRecord& r : records) take(r, now);
  }
  for (std::string& p : consumer.take_problems()) problems.push_back(std::move(p));
}

void print_row(const char* what, const LogLinearHistogram& h) {
  const auto s = h.summary();
  auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  std::printf("  %-44s %9llu %9.2f %9.2f %9.2f %9.2f %9.2f\n", what, static_cast<unsigned long long>(s.count),
              ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max));
}

double ratio(const LogLinearHistogram& a, const LogLinearHistogram& b, double q) {
  const auto d = static_cast<double>(b.quantile(q));
  return d > 0 ? static_cast<double>(a.quantile(q)) / d : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args(argc, argv);
  const std::string bootstrap_file = args.text("bootstrap-file", "results/bootstrap.txt");
  std::string brokers = args.text("brokers", "");
  const double warmup_s = args.number("warmup", 5);
  const double window_s = args.number("seconds", 25);
  const double timeout_s = args.number("timeout", 60);
  const std::string hgrm_dir = args.text("hgrm", "");
  if (brokers.empty()) {
    std::ifstream in(bootstrap_file);
    if (!std::getline(in, brokers) || brokers.empty()) {
      std::fprintf(stderr, "%s: no broker address in %s: start `chaintwin stream SCENARIO --pace rate:N` first\n",
                   argv[0], bootstrap_file.c_str());
      return 2;
    }
  }
  bus::KafkaConfig kafka;
  kafka.brokers = brokers;
  kafka.client_id = "chaintwin-latency-bench";

  const pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();
  const std::vector<std::string> inputs = bus::existing_topics(kafka, config.input_topics);
  const std::vector<std::string> outputs = bus::existing_topics(
      kafka,
      std::vector<std::string>{config.outputs.stock_positions, config.outputs.dead_letter, config.outputs.progress});
  if (inputs.empty() || outputs.size() < 3) {
    std::fprintf(stderr,
                 "%s: the input or output topics are missing at %s (the embedded broker of `chaintwin "
                 "stream` hosts both)\n",
                 argv[0], brokers.c_str());
    return 2;
  }
  // The watermark waits this long in event time after a tick for the slowest source.
  const std::int64_t bound_ns = *std::max_element(config.out_of_orderness_ns.begin(), config.out_of_orderness_ns.end());

  std::atomic<bool> stop{false};
  std::atomic<bool> finished{false};
  std::mutex mutex;  // guards what the two readers share with the main thread
  std::vector<InputSample> input_samples;
  std::vector<OutputSample> output_samples;
  std::vector<std::string> problems;
  std::uint64_t malformed = 0;
  std::int64_t first_intended_ns = INT64_MAX;
  pipeline::ProgressRecord last_progress;

  std::thread peer([&] {
    std::vector<std::string> own_problems;
    read_until(kafka, inputs, stop, own_problems, [&](const bus::OwnedRecord& r, std::int64_t now) {
      const auto intended = header_ns(r, "intended-send-time-ns");
      const auto sim_send = header_ns(r, "sim-send-time-ns");
      if (!intended || !sim_send) return;
      const std::lock_guard lock(mutex);
      input_samples.push_back({*intended, *sim_send, now});
      first_intended_ns = std::min(first_intended_ns, *intended);
    });
    const std::lock_guard lock(mutex);
    for (std::string& p : own_problems) problems.push_back("input topics: " + p);
  });
  std::thread reader([&] {
    std::vector<std::string> own_problems;
    std::string error;
    read_until(kafka, outputs, stop, own_problems, [&](const bus::OwnedRecord& r, std::int64_t now) {
      if (r.topic == config.outputs.progress) {
        const auto p = pipeline::parse_progress(r.payload, error);
        if (!p) return;
        const std::lock_guard lock(mutex);
        last_progress = *p;
        if (p->finished) finished.store(true);
        return;
      }
      const auto published = header_ns(r, "published-ns");
      if (r.topic == config.outputs.dead_letter) {
        const auto intended = header_ns(r, "intended-send-time-ns");
        if (!published || !intended) return;
        const std::lock_guard lock(mutex);
        output_samples.push_back({OutputKind::kDeadLetter, *intended, *published, now, 0});
        return;
      }
      const auto intended = header_ns(r, "input-intended-send-time-ns");
      if (!published || !intended) return;  // opening stock: no input caused it
      const auto position = pipeline::parse_stock_position(r.payload, error);
      const std::lock_guard lock(mutex);
      if (!position) {
        ++malformed;
        return;
      }
      output_samples.push_back({position->revision == 0 ? OutputKind::kPosition : OutputKind::kCorrection, *intended,
                                *published, now, position->as_of_unix_ns});
    });
    const std::lock_guard lock(mutex);
    for (std::string& p : own_problems) problems.push_back("output topics: " + p);
  });

  // Until the pipeline finished (and a moment for the last outputs of other partitions), or the timeout.
  const auto ns = [](double s) { return static_cast<std::int64_t>(s * 1e9); };
  std::int64_t finished_at = 0;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::int64_t now = unix_now_ns();
    if (finished.load() && finished_at == 0) finished_at = now;
    if (finished_at != 0 && now - finished_at > ns(1.0)) break;
    std::int64_t first = 0;
    {
      const std::lock_guard lock(mutex);
      first = first_intended_ns;
    }
    if (first != INT64_MAX && now > first + ns(warmup_s + window_s + timeout_s)) {
      std::fprintf(stderr, "%s: the pipeline had not finished %.0f s after the window: figures so far\n", argv[0],
                   timeout_s);
      break;
    }
  }
  stop.store(true);
  peer.join();
  reader.join();
  if (input_samples.empty()) {
    std::fprintf(stderr, "%s: no input records with intended send times (a live stream is needed)\n", argv[0]);
    return 1;
  }

  const std::int64_t window_begin = first_intended_ns + ns(warmup_s);
  const std::int64_t window_end = window_begin + ns(window_s);
  auto in_window = [&](std::int64_t intended) { return intended >= window_begin && intended < window_end; };

  // The broker peer, and the stream's pace in the window.
  LogLinearHistogram broker;
  std::int64_t last_intended = window_begin;
  for (const InputSample& s : input_samples) {
    if (!in_window(s.intended_ns)) continue;
    broker.record(s.consumed_ns - s.intended_ns);
    last_intended = std::max(last_intended, s.intended_ns);
  }
  const double measured_s = static_cast<double>(last_intended - window_begin) / 1e9;

  // When the stream's send time first reached each point: inputs by sim send time, with the earliest intended send
  // time at or after it (a suffix minimum: robust to records read out of order across partitions).
  std::vector<std::pair<std::int64_t, std::int64_t>> reached;  // (sim send, intended)
  reached.reserve(input_samples.size());
  for (const InputSample& s : input_samples) reached.emplace_back(s.sim_send_ns, s.intended_ns);
  std::sort(reached.begin(), reached.end());
  for (std::size_t i = reached.size(); i-- > 1;)
    reached[i - 1].second = std::min(reached[i - 1].second, reached[i].second);
  auto reached_at = [&](std::int64_t sim_ns) -> std::optional<std::int64_t> {
    const auto it = std::lower_bound(reached.begin(), reached.end(), std::pair{sim_ns, INT64_MIN});
    if (it == reached.end()) return {};
    return it->second;
  };

  std::vector<LogLinearHistogram> published(kOutputKinds), readable(kOutputKinds);
  LogLinearHistogram floor_part, beyond_floor;
  for (const OutputSample& s : output_samples) {
    if (!in_window(s.intended_ns)) continue;
    const auto k = static_cast<std::size_t>(s.kind);
    published[k].record(s.published_ns - s.intended_ns);
    readable[k].record(s.consumed_ns - s.intended_ns);
    if (s.kind != OutputKind::kPosition) continue;
    if (const auto release = reached_at(s.as_of_ns + bound_ns)) {
      const std::int64_t floor_ns = std::max(*release, s.intended_ns);
      floor_part.record(floor_ns - s.intended_ns);
      beyond_floor.record(s.published_ns - floor_ns);
    }
  }

  std::uint64_t window_inputs = broker.count();
  std::printf(
      "pipeline_latency: %llu input records intended in a %.1f s window after a %.1f s warm-up "
      "(%.0f records/s); %llu outputs read\n",
      static_cast<unsigned long long>(window_inputs), measured_s, warmup_s,
      measured_s > 0 ? static_cast<double>(window_inputs) / measured_s : 0.0,
      static_cast<unsigned long long>(output_samples.size()));
  std::printf("  %-44s %9s %9s %9s %9s %9s %9s\n", "latency from intended send time (ms)", "count", "p50", "p90", "p99",
              "p99.9", "max");
  print_row("broker round trip (plain consumer of inputs)", broker);
  for (std::size_t k = 0; k < kOutputKinds; ++k) {
    if (published[k].count() == 0) continue;
    print_row((std::string(kOutputNames[k]) + ", published").c_str(), published[k]);
    print_row((std::string(kOutputNames[k]) + ", readable").c_str(), readable[k]);
    if (static_cast<OutputKind>(k) == OutputKind::kPosition && floor_part.count() > 0) {
      print_row("  event-time floor (tick + bound reached)", floor_part);
      print_row("  beyond the floor (transport, processing)", beyond_floor);
    }
  }
  const LogLinearHistogram& positions = published[static_cast<std::size_t>(OutputKind::kPosition)];
  const LogLinearHistogram& positions_readable = readable[static_cast<std::size_t>(OutputKind::kPosition)];
  const LogLinearHistogram& dead_letters = published[static_cast<std::size_t>(OutputKind::kDeadLetter)];
  for (std::size_t k = 0; k < kOutputKinds; ++k) {
    if (published[k].count() == 0) continue;
    std::printf("RATIO %s published/broker: p50 %.2f, p99 %.2f\n", kOutputNames[k], ratio(published[k], broker, 0.5),
                ratio(published[k], broker, 0.99));
  }
  std::printf(
      "RESULT broker_p99_ms=%.2f positions_p99_ms=%.2f positions_readable_p99_ms=%.2f "
      "dead_letters_p99_ms=%.2f records_per_s=%.0f\n",
      static_cast<double>(broker.quantile(0.99)) / 1e6, static_cast<double>(positions.quantile(0.99)) / 1e6,
      static_cast<double>(positions_readable.quantile(0.99)) / 1e6,
      static_cast<double>(dead_letters.quantile(0.99)) / 1e6,
      measured_s > 0 ? static_cast<double>(window_inputs) / measured_s : 0.0);
  const double p99_ms = static_cast<double>(positions.quantile(0.99)) / 1e6;
  std::printf("TARGET stock positions p99 %.2f ms from intended send time (target <= %.0f ms): %s\n", p99_ms,
              kTargetP99Ms, positions.count() > 0 && p99_ms <= kTargetP99Ms ? "met" : "NOT met");

  // Late events are the price of a watermark that does not wait: each corrects what was published.
  std::printf("pipeline (whole run%s): %llu input records, %llu late events, %llu records corrected\n",
              last_progress.finished ? "" : ", not finished",
              static_cast<unsigned long long>(last_progress.input_records),
              static_cast<unsigned long long>(last_progress.late_events),
              static_cast<unsigned long long>(last_progress.corrections));
  if (!hgrm_dir.empty()) {
    std::filesystem::create_directories(hgrm_dir);
    auto write = [&](const char* name, const LogLinearHistogram& h) {
      std::ofstream(std::filesystem::path(hgrm_dir) / name) << h.percentile_distribution();
    };
    write("broker.hgrm", broker);
    write("stock-positions.hgrm", positions);
    write("stock-positions-readable.hgrm", positions_readable);
    write("dead-letters.hgrm", dead_letters);
  }
  if (malformed > 0)
    std::printf("problem: %llu stock position records did not parse\n", static_cast<unsigned long long>(malformed));
  // Offset resets repeat for every fetch that fell behind the broker's retention: the count and the first few.
  for (std::size_t i = 0; i < problems.size() && i < 3; ++i) std::printf("problem: %s\n", problems[i].c_str());
  if (problems.size() > 3) std::printf("problem: ... %zu problems in all\n", problems.size());
  return 0;
}
