// How fast the generators encode a world's facts into messages, and how fast those messages go into the
// in-process channel and into the embedded broker. The world runs first (its ledger complete); then the same
// messages are generated three times, each timed on its own:
//   encode    written into a counter (the generators' own cost),
//   channel   sent to the in-process channel sink (a consumer thread counts them),
//   broker    sent to the embedded broker (librdkafka's mock cluster, 3 brokers, --partitions per topic).
// With --kcat-input DIR it also writes every message as "key<TAB>payload" lines, one file per topic, so that
// bench/stream_vs_kcat.sh can time `kcat -P` producing the same bytes (the peer).
//
//   build/release/bench/stream_throughput [--scenario scenarios/examples/national.yaml] [--days 0.5]
//                                         [--partitions 4] [--kcat-input DIR]
// Prints RESULT lines (messages per CPU-second and per wall second); never pass/fail.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_args.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/bus/channel_sink.hpp"
#include "pipeline/bus/kafka.hpp"
#include "scenarios/world_scenario.hpp"

namespace {

using namespace chaintwin;

using chaintwin::bench::cpu_seconds;
using chaintwin::bench::thread_cpu_seconds;

struct Timing {
  std::uint64_t messages = 0, bytes = 0;
  double wall = 0.0, cpu = 0.0, thread_cpu = 0.0;
};

// Generates every message of the world's ledger once, handing each to `emit`; `finish` runs after (flush).
Timing generate(const world::World& w, const scenarios::LoadedWorldScenario& s, const sim::RandomStreams& streams,
                sim::SimTime horizon, const generators::StreamGenerator::Emit& emit,
                const std::function<void()>& finish = {}) {
  Timing t;
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds(), thread0 = thread_cpu_seconds();
  generators::StreamGenerator gen(w, s.streams, streams);
  auto counted = [&](const generators::OutgoingMessage& m) {
    ++t.messages;
    t.bytes += m.payload.size();
    emit(m);
  };
  for (sim::SimTime at = sim::hours(1);; at = std::min(at + sim::hours(1), horizon)) {
    gen.advance(at, counted);
    if (at >= horizon) break;
  }
  gen.finish(counted);
  if (finish) finish();
  t.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  t.cpu = cpu_seconds() - cpu0;
  t.thread_cpu = thread_cpu_seconds() - thread0;
  return t;
}

void print(const char* name, const Timing& t) {
  std::printf("RESULT sink=%s messages=%llu mb=%.1f wall_s=%.3f cpu_s=%.3f generator_thread_cpu_s=%.3f "
              "messages_per_wall_s=%.0f messages_per_cpu_s=%.0f messages_per_generator_cpu_s=%.0f\n",
              name, static_cast<unsigned long long>(t.messages), static_cast<double>(t.bytes) / 1e6, t.wall, t.cpu,
              t.thread_cpu, static_cast<double>(t.messages) / t.wall, static_cast<double>(t.messages) / t.cpu,
              static_cast<double>(t.messages) / t.thread_cpu);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenario = "scenarios/examples/national.yaml";
  double days = 0.5;
  std::string kcat_dir;
  std::string only;    // run just this stage (encode, channel, broker): for profiling
  int partitions = 4;  // what the mock cluster gives a topic kcat auto-creates, for a like-for-like peer
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--scenario") scenario = argv[i + 1];
    else if (flag == "--days") days = std::atof(argv[i + 1]);
    else if (flag == "--kcat-input") kcat_dir = argv[i + 1];
    else if (flag == "--partitions") partitions = std::atoi(argv[i + 1]);
    else if (flag == "--only") only = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: stream_throughput [--scenario FILE] [--days D] [--partitions N] [--only STAGE] [--kcat-input DIR]\n");
      return 2;
    }
  }
  auto loaded = scenarios::load_world_scenario(scenario);
  if (!loaded) {
    for (const auto& d : loaded.diagnostics()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    return 2;
  }
  const auto& s = loaded.value();
  const sim::SimTime horizon = sim::from_days(days);
  const sim::RandomStreams streams(s.scenario.seed, 0);
  world::World w(s.network, s.world, streams, horizon);
  w.run_until(horizon);
  std::printf("RESULT scenario=%s days=%g ledger_facts=%zu\n", s.scenario.name.c_str(), days,
              w.ledger().total_rows());

  auto wanted = [&](const char* stage) { return only.empty() || only == stage; };
  if (wanted("encode")) print("encode", generate(w, s, streams, horizon, [](const generators::OutgoingMessage&) {}));

  if (wanted("channel")) {
    std::unique_ptr<bus::Sink> channel = bus::make_channel_sink();
    print("channel", generate(w, s, streams, horizon, [&](const generators::OutgoingMessage& m) {
            channel->send({m.topic, m.key, m.payload, {}, 0});
          }, [&] { channel->flush(); }));
  }

  if (wanted("broker")) {
    std::vector<bus::TopicSpec> topics;
    for (const auto& source : s.streams.sources) topics.push_back({source.topic, partitions, 3});
    bus::EmbeddedBroker broker(3, topics);
    std::unique_ptr<bus::Sink> kafka = bus::make_kafka_sink(broker.client_config(), topics);
    print("broker", generate(w, s, streams, horizon, [&](const generators::OutgoingMessage& m) {
            kafka->send({m.topic, m.key, m.payload, {}, 0});
          }, [&] { kafka->flush(); }));
  }

  if (!kcat_dir.empty()) {
    std::filesystem::create_directories(kcat_dir);
    std::map<std::string, std::ofstream> files;
    generate(w, s, streams, horizon, [&](const generators::OutgoingMessage& m) {
      auto it = files.find(std::string(m.topic));
      if (it == files.end())
        it = files.emplace(std::string(m.topic), std::ofstream(kcat_dir + "/" + std::string(m.topic) + ".tsv")).first;
      it->second << m.key << '\t' << m.payload << '\n';
    });
    std::printf("RESULT kcat_input=%s topics=%zu\n", kcat_dir.c_str(), files.size());
  }
  return 0;
}
