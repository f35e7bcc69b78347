// The signal operators end to end: example scenarios streamed in-process with their default noise, every record
// decoded and deduplicated, stock positions kept, events and positions fed to the operators as the watermark
// moves, the records written and read back as JSON, then scored against the world's truth. The bounds are the
// figures measured when this was written (pipeline/signals/README.md), with a margin.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/scoring/signals/signal_score.hpp"
#include "generators/master_data.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/decode/decoder.hpp"
#include "pipeline/operators/dedup.hpp"
#include "pipeline/operators/stock_positions.hpp"
#include "pipeline/signals/signal_operators.hpp"
#include "scenarios/world_scenario.hpp"
#include "sim/world/world.hpp"

namespace chaintwin {
namespace {

constexpr std::int64_t kMinute = 60ll * 1'000'000'000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;

struct SignalRun {
  analysis::SignalScore score;
  std::map<std::string, double> metrics;
  std::size_t demand_records = 0, impact_records = 0, replenishment_records = 0;
};

// `days` of the scenario, streamed with its default noise and run through decode, dedup, stock positions and the
// signal operators; the watermark is the latest send time less the sources' 60 s out-of-orderness.
SignalRun run_scenario(const std::string& file, double days,
                       const std::function<void(scenarios::LoadedWorldScenario&)>& adjust = {}) {
  auto loaded = scenarios::load_world_scenario(CHAINTWIN_SOURCE_DIR "/scenarios/examples/" + file);
  if (!loaded) throw std::runtime_error(file + " does not load");
  if (adjust) adjust(loaded.value());
  const scenarios::LoadedWorldScenario& s = loaded.value();
  const sim::SimTime horizon = sim::from_days(days);
  const sim::RandomStreams streams(s.scenario.seed, 0);
  world::World world(s.network, s.world, streams, horizon);
  generators::StreamGenerator generator(world, s.streams, streams);
  struct Input {
    bus::OwnedRecord record;
    pipeline::InputSource source;
    std::int64_t send_ns;
  };
  std::vector<Input> inputs;
  auto keep = [&](const generators::OutgoingMessage& m) {
    Input in;
    in.record.topic = std::string(m.topic);
    in.record.key = std::string(m.key);
    in.record.payload = std::string(m.payload);
    in.record.headers = {{"message-id", std::to_string(m.id)},
                         {"source", std::string(generators::to_string(m.source))},
                         {"schema-version", std::to_string(m.schema_version)}};
    in.source = *pipeline::input_source_from_string(generators::to_string(m.source));
    in.send_ns = m.send_ns;
    inputs.push_back(std::move(in));
  };
  for (sim::SimTime t = sim::hours(6);; t = std::min(t + sim::hours(6), horizon)) {
    world.run_until(t);
    generator.advance(t, keep);
    if (t >= horizon) break;
  }
  generator.finish(keep);
  const std::int64_t epoch = s.streams.epoch_unix_s * 1'000'000'000;
  pipeline::MasterData master;
  for (const auto& record : generators::master_records(s.network, world.ledger(), epoch))
    EXPECT_EQ(master.add(record.payload), "");

  const pipeline::Decoder decoder(master);
  pipeline::Deduplicator dedup;
  pipeline::StockPositions positions;
  for (const auto& line : master.opening_stock())
    positions.opening(line.location, line.sku, line.quantity, master.opening_as_of_ns().value_or(epoch));
  pipeline::SignalOperators signals;
  pipeline::SignalBatch batch;
  std::vector<pipeline::PositionUpdate> updates;
  std::vector<std::string> demand_json, impact_json, replenishment_json;
  auto publish = [&](std::int64_t watermark) {
    updates.clear();
    positions.advance(watermark, updates);
    for (const auto& u : updates) signals.position(u);
    batch.clear();
    signals.advance(watermark, batch);
    for (const auto& d : batch.demand)
      pipeline::append_demand_signal_json(demand_json.emplace_back(), pipeline::to_record(d, master));
    for (const auto& i : batch.impacts)
      pipeline::append_disruption_impact_json(impact_json.emplace_back(), pipeline::to_record(i, master));
    for (const auto& r : batch.replenishment)
      pipeline::append_replenishment_signal_json(replenishment_json.emplace_back(), pipeline::to_record(r, master));
  };
  pipeline::DecodedMessage m;
  std::int64_t watermark = INT64_MIN;
  for (const Input& in : inputs) {
    decoder.decode(in.source, in.record, m);
    const std::int64_t arrival = in.send_ns + epoch;
    if (!m.error.empty()) continue;
    const std::uint64_t content =
        m.content_key == 0 ? 0 : m.content_key ^ (std::hash<std::string>{}(in.record.key) * 0x9e37'79b9'7f4a'7c15ull);
    if (!dedup.first_time(static_cast<std::size_t>(in.source), m.message_id, content, arrival)) continue;
    for (const pipeline::DecodedEvent& e : m.events) {
      if (e.signal == pipeline::Signal::kStockDelta || e.signal == pipeline::Signal::kStockCount) {
        positions.apply(e, {}, updates);
        for (const auto& u : updates) signals.position(u);
        updates.clear();
      }
      signals.apply(e);
    }
    // Publish each minute the watermark enters.
    const std::int64_t now = arrival - kMinute;
    if (watermark == INT64_MIN || now / kMinute > watermark / kMinute) publish(now);
    watermark = std::max(watermark, now);
  }
  publish(epoch + horizon.ns());
  // Read back through the contract, then score.
  std::string error;
  std::vector<pipeline::DemandSignalRecord> demand;
  std::vector<pipeline::DisruptionImpactRecord> impacts;
  std::vector<pipeline::ReplenishmentSignalRecord> replenishment;
  for (const auto& j : demand_json) demand.push_back(*pipeline::parse_demand_signal(j, error));
  for (const auto& j : impact_json) impacts.push_back(*pipeline::parse_disruption_impact(j, error));
  for (const auto& j : replenishment_json) replenishment.push_back(*pipeline::parse_replenishment_signal(j, error));
  analysis::SignalScoreOptions options;
  options.epoch_unix_ns = epoch;
  options.from_unix_ns = epoch + 14 * kDay;  // the forecast's warm-up
  options.until_unix_ns = epoch + horizon.ns();
  SignalRun run;
  run.score = analysis::score_signals(s.network, s.world, world.ledger(), demand, impacts, replenishment, options);
  for (const auto& [name, value] : run.score.metrics()) {
    run.metrics[name] = value;
    std::printf("%-45s %.4g\n", name.c_str(), value);
  }
  run.demand_records = demand.size();
  run.impact_records = impacts.size();
  run.replenishment_records = replenishment.size();
  return run;
}

TEST(SignalsEndToEnd, DemandSpikeIsDetectedInEveryStoreOfTheRegion) {
  // 52 days: the two weeks' warm-up, then a month of steady demand, then a week of the spike (from day 45).
  const SignalRun run = run_scenario("demand_spike.yaml", 52.0);
  EXPECT_EQ(run.score.unknown_names, 0u);
  EXPECT_EQ(run.score.demand.spikes, 10u);  // the ten stores of us/c3
  EXPECT_GE(run.metrics.at("demand_signals.recall"), 1.0);
  EXPECT_LE(run.metrics.at("demand_signals.max_delay_hours"), 30.0);
  EXPECT_GE(run.metrics.at("demand_signals.store_precision"), 0.9);
  EXPECT_GE(run.metrics.at("demand_signals.precision"), 0.9);
  EXPECT_GT(run.metrics.at("replenishment_signals.count"), 0.0);
  EXPECT_GE(run.metrics.at("replenishment_signals.stockout_coverage"), 0.6);
}

TEST(SignalsEndToEnd, SupplierLeadTimeRisesListTheSuppliersOpenPurchaseOrders) {
  // Three suppliers' lead times triple from day 28.
  const SignalRun run = run_scenario("supplier_delay.yaml", 30.0);
  EXPECT_EQ(run.score.unknown_names, 0u);
  EXPECT_EQ(run.score.impacts.disruptions, 3u);
  EXPECT_EQ(run.score.impacts.detected, 3u);
  EXPECT_EQ(run.score.impacts.unmatched_records, 0u);
  EXPECT_GT(run.score.impacts.truth_orders, 20u);
  EXPECT_GE(run.metrics.at("disruption_impacts.order_recall"), 0.95);
  EXPECT_GE(run.metrics.at("disruption_impacts.order_precision"), 0.95);
}

TEST(SignalsEndToEnd, PortClosureBeforeAnyShipmentReachedThePortListsNothing) {
  // PORT-02 closes on day 30, before the first vessel of the run reached it: the streams have not yet said which
  // suppliers ship through it, so the closure is reported with no orders.
  const SignalRun run = run_scenario("port_closure.yaml", 32.0);
  EXPECT_EQ(run.score.unknown_names, 0u);
  EXPECT_EQ(run.score.impacts.disruptions, 1u);
  EXPECT_EQ(run.score.impacts.detected, 1u);
  EXPECT_GT(run.score.impacts.truth_orders, 0u);
  EXPECT_EQ(run.score.impacts.listed_orders, 0u);
}

TEST(SignalsEndToEnd, PortClosureListsTheShippedOrdersOfSuppliersSeenAtThePort) {
  // The same closure on day 60, once shipments have passed the port.
  const SignalRun run = run_scenario("port_closure.yaml", 62.0, [](scenarios::LoadedWorldScenario& s) {
    s.world.disruptions.at(0).start = sim::days(60);
  });
  EXPECT_EQ(run.score.unknown_names, 0u);
  EXPECT_EQ(run.score.impacts.detected, 1u);
  EXPECT_GT(run.score.impacts.truth_orders, 20u);
  EXPECT_GE(run.metrics.at("disruption_impacts.order_recall"), 0.95);
  EXPECT_GE(run.metrics.at("disruption_impacts.order_precision"), 0.95);
}

}  // namespace
}  // namespace chaintwin
