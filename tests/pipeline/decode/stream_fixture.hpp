#pragma once
// Streams of the baseline scenario, made in-process (world + stream generators), with their master records, for
// the decode tests: the messages as the pipeline would read them (OwnedRecords with their headers) and the truth.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "generators/master_data.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/bus/sink.hpp"
#include "pipeline/decode/decoder.hpp"
#include "scenarios/world_scenario.hpp"

namespace chaintwin::pipeline::testing {

struct Stream {
  std::unique_ptr<scenarios::LoadedWorldScenario> scenario;
  std::unique_ptr<world::World> world;
  std::unique_ptr<generators::StreamGenerator> generator;
  std::vector<bus::OwnedRecord> records;  // in the order sent; records[i] is truth().row(i)
  std::vector<InputSource> sources;
  MasterData master;
  std::int64_t epoch_ns = 0;

  const generators::MessageTruth& truth() const { return generator->truth(); }
};

// `days` of the baseline; `noise` off gives the clean stream; `schema_v2` false keeps every sender on v1.
inline std::unique_ptr<Stream> make_stream(bool noise, double days, bool schema_v2 = true) {
  auto run = std::make_unique<Stream>();
  auto loaded = scenarios::load_world_scenario(CHAINTWIN_SOURCE_DIR "/scenarios/examples/baseline.yaml");
  if (!loaded) throw std::runtime_error("baseline.yaml does not load");
  run->scenario = std::make_unique<scenarios::LoadedWorldScenario>(std::move(loaded.value()));
  auto& s = *run->scenario;
  s.streams.noise = noise;
  if (!schema_v2)
    for (auto& source : s.streams.sources) source.schema.v2_share = 0.0;
  const sim::SimTime horizon = sim::from_days(days);
  static const sim::RandomStreams streams(2024, 0);
  run->world = std::make_unique<world::World>(s.network, s.world, streams, horizon);
  run->generator = std::make_unique<generators::StreamGenerator>(*run->world, s.streams, streams);
  auto keep = [&](const generators::OutgoingMessage& m) {
    bus::OwnedRecord r;
    r.topic = std::string(m.topic);
    r.key = std::string(m.key);
    r.payload = std::string(m.payload);
    r.headers = {{"message-id", std::to_string(m.id)},
                 {"source", std::string(generators::to_string(m.source))},
                 {"schema-version", std::to_string(m.schema_version)}};
    run->records.push_back(std::move(r));
    run->sources.push_back(*input_source_from_string(generators::to_string(m.source)));
  };
  for (sim::SimTime t = sim::hours(6);; t = std::min(t + sim::hours(6), horizon)) {
    run->world->run_until(t);
    run->generator->advance(t, keep);
    if (t >= horizon) break;
  }
  run->generator->finish(keep);
  run->epoch_ns = s.streams.epoch_unix_s * 1'000'000'000;
  for (const auto& record : generators::master_records(s.network, run->world->ledger(), run->epoch_ns)) {
    const std::string problem = run->master.add(record.payload);
    if (!problem.empty()) throw std::runtime_error(problem);
  }
  return run;
}

}  // namespace chaintwin::pipeline::testing
