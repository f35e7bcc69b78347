// The reference pipeline in process, on a recorded stream (a file sink's directory): input records per CPU-second
// and decoded events per CPU-second, on one thread, for
//   decode  - decoding every record (the Decoder alone: JSON and X12 parsing, identifier resolution), the peer;
//   full    - the whole pipeline: decode, deduplicate, watermarks, stock positions, outputs to an in-process channel.
// The ratio full/decode says what the stateful part costs on top of parsing. Target (issue 5): at least 1 M events
// per second per core for the full pipeline.
//
//   bench/pipeline_vs_decode.sh [DAYS]       (records the national network's stream, then runs this)
//   build/release/bench/pipeline_throughput --from-files DIR [--repeat 3]
//
// Prints RESULT lines; never pass/fail.
#include <oneapi/tbb/global_control.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "bench/bench_args.hpp"
#include "pipeline/bus/channel_sink.hpp"
#include "pipeline/bus/file_sink.hpp"
#include "pipeline/decode/decoder.hpp"
#include "pipeline/decode/master_data.hpp"
#include "pipeline/runtime/run.hpp"

namespace {

using namespace chaintwin;

using bench::thread_cpu_seconds;

}  // namespace

int main(int argc, char** argv) {
  const bench::Args args(argc, argv);
  const std::filesystem::path dir = args.text("from-files", "");
  const int repeat = static_cast<int>(args.number("repeat", 3));
  if (dir.empty() || !std::filesystem::exists(dir)) {
    std::fprintf(stderr, "usage: %s --from-files DIR (a stream recorded with chaintwin stream --sink file)\n", argv[0]);
    return 2;
  }
  // One thread: figures per core.
  const tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();

  // Load everything first: the benchmark times processing, not reading files.
  pipeline::MasterData master;
  for (const auto& r : bus::read_file_sink(bus::file_sink_path(dir, config.master_topic))) master.add(r.payload);
  std::vector<std::pair<pipeline::InputSource, bus::OwnedRecord>> inputs;
  for (std::size_t i = 0; i < pipeline::kInputSourceCount; ++i) {
    const auto path = bus::file_sink_path(dir, config.input_topics[i]);
    if (!std::filesystem::exists(path)) continue;
    for (auto& r : bus::read_file_sink(path)) inputs.emplace_back(static_cast<pipeline::InputSource>(i), std::move(r));
  }
  const pipeline::RecordedStream stream = pipeline::load_recorded_stream(config, dir);
  std::printf("pipeline_throughput: %zu input records from %s\n", inputs.size(), dir.string().c_str());

  for (int run = 0; run < repeat; ++run) {
    // decode: the peer.
    const pipeline::Decoder decoder(master);
    pipeline::DecodedMessage m;
    std::uint64_t events = 0;
    double t0 = thread_cpu_seconds();
    for (const auto& [source, record] : inputs) {
      decoder.decode(source, record, m);
      events += m.events.size();
    }
    const double decode_s = thread_cpu_seconds() - t0;

    // full: the whole pipeline over the same records, already read and merged in send order.
    auto sink = bus::make_channel_sink();
    t0 = thread_cpu_seconds();
    const pipeline::RunSummary s = pipeline::replay(config, stream, *sink);
    const double process_s = thread_cpu_seconds() - t0;

    const double records = static_cast<double>(inputs.size());
    std::printf("RESULT run=%d mode=decode records_per_cpu_s=%.0f events_per_cpu_s=%.0f cpu_s=%.3f\n", run,
                records / decode_s, static_cast<double>(events) / decode_s, decode_s);
    std::printf("RESULT run=%d mode=full records_per_cpu_s=%.0f events_per_cpu_s=%.0f cpu_s=%.3f outputs=%llu "
                "ratio_full_to_decode=%.2f\n",
                run, records / process_s, static_cast<double>(s.counters.events) / process_s, process_s,
                static_cast<unsigned long long>(s.counters.position_records + s.counters.progress_records),
                decode_s / process_s);
  }
  return 0;
}
