// The stream generators against the world they observe (two weeks of the baseline): every message decodes, the noise is exactly what the truth
// says, the streams of one fact agree with each other, and the same seed gives the same bytes.
#include "generators/stream_generator.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "generators/formats/x12.hpp"
#include "generators/formats/x12_documents.hpp"
#include "scenarios/world_scenario.hpp"

namespace chaintwin::generators {
namespace {

using world::FactTable;
using world::ShipmentState;

struct Got {
  std::uint64_t id;
  Source source;
  MessageKind kind;
  std::string topic, key, payload;
  std::int64_t send_ns;
};

struct Streamed {
  std::vector<Got> messages;
  std::unique_ptr<scenarios::LoadedWorldScenario> scenario;
  std::unique_ptr<world::World> world;
  std::unique_ptr<StreamGenerator> generator;
};

// `days` of the baseline scenario, advanced in `step` hours.
std::unique_ptr<Streamed> stream(bool noise, std::int64_t step_hours, double days) {
  auto run = std::make_unique<Streamed>();
  auto loaded = scenarios::load_world_scenario(CHAINTWIN_SOURCE_DIR "/scenarios/examples/baseline.yaml");
  if (!loaded) throw std::runtime_error("baseline.yaml does not load");
  run->scenario = std::make_unique<scenarios::LoadedWorldScenario>(std::move(loaded.value()));
  auto& s = *run->scenario;
  s.streams.noise = noise;
  const sim::SimTime horizon = sim::from_days(days);
  static const sim::RandomStreams streams(2024, 0);
  run->world = std::make_unique<world::World>(s.network, s.world, streams, horizon);
  run->generator = std::make_unique<StreamGenerator>(*run->world, s.streams, streams);
  auto keep = [&](const OutgoingMessage& m) {
    run->messages.push_back({m.id, m.source, m.kind, std::string(m.topic), std::string(m.key), std::string(m.payload),
                             m.send_ns});
  };
  for (sim::SimTime t = sim::hours(step_hours);; t = std::min(t + sim::hours(step_hours), horizon)) {
    run->world->run_until(t);
    run->generator->advance(t, keep);
    if (t >= horizon) break;
  }
  run->generator->finish(keep);
  return run;
}

class StreamGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { noisy_ = stream(true, 1, 14.0).release(); }
  static void TearDownTestSuite() {
    delete noisy_;
    noisy_ = nullptr;
  }
  static Streamed* noisy_;
  const MessageTruth& truth() const { return noisy_->generator->truth(); }
};
Streamed* StreamGeneratorTest::noisy_ = nullptr;

TEST_F(StreamGeneratorTest, EverySourceOfTheBaselineSpeaks) {
  std::set<Source> seen;
  for (const Got& m : noisy_->messages) seen.insert(m.source);
  // The baseline has no port closures or weather in its first two weeks.
  for (Source s : {Source::kEpcis, Source::kEquipment, Source::kGps, Source::kEdi, Source::kErp, Source::kPos,
                   Source::kSupplier})
    EXPECT_TRUE(seen.count(s)) << to_string(s);
  ASSERT_EQ(truth().size(), noisy_->messages.size());
}

TEST_F(StreamGeneratorTest, EveryJsonMessageParses) {
  simdjson::dom::parser parser;
  std::size_t parsed = 0;
  for (const Got& m : noisy_->messages) {
    if (m.source == Source::kEdi) continue;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(m.payload).get(doc), simdjson::SUCCESS) << to_string(m.kind) << ": " << m.payload;
    ++parsed;
  }
  EXPECT_GT(parsed, 1000u);
}

TEST_F(StreamGeneratorTest, EdiInterchangesCheckUnlessARequiredSegmentWasLeftOut) {
  std::size_t checked = 0;
  for (std::size_t i = 0; i < noisy_->messages.size(); ++i) {
    const Got& m = noisy_->messages[i];
    if (m.source != Source::kEdi) continue;
    const auto envelope = formats::x12::validate(m.payload);
    EXPECT_TRUE(envelope.empty()) << m.payload;
    const auto interchange = formats::x12::parse(m.payload);
    std::size_t problems = 0;
    for (const auto& group : interchange.groups())
      for (const auto& transaction : group.transactions)
        problems += formats::x12::check_transaction(transaction).size();
    const bool missing_required = (truth().row(i).noise & noise::kMissingRequired) != 0;
    EXPECT_EQ(problems > 0, missing_required) << to_string(m.kind) << ": " << m.payload;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST_F(StreamGeneratorTest, EpcisEventsValidateAgainstGs1Schema) {
  // Up to 25 documents of each EPCIS kind, none with a required field left out, checked by GS1's JSON Schema.
  const std::filesystem::path dir = std::filesystem::path(CHAINTWIN_BINARY_DIR) / "epcis_generated";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::map<MessageKind, int> written;
  std::string args;
  for (std::size_t i = 0; i < noisy_->messages.size(); ++i) {
    const Got& m = noisy_->messages[i];
    if (m.source != Source::kEpcis || (truth().row(i).noise & noise::kMissingRequired) != 0) continue;
    int& n = written[m.kind];
    if (n == 25) continue;
    std::string name(to_string(m.kind));
    name += '_';
    name += std::to_string(n++);
    name += ".json";
    const auto path = dir / name;
    std::ofstream(path) << m.payload;
    args += ' ';
    args += path.string();
  }
  EXPECT_GE(written.size(), 7u);  // every EPCIS kind but loading or sensor may be rare; most must be there
  std::string command = "python3 " CHAINTWIN_SOURCE_DIR "/tests/generators/formats/validate_epcis.py ";
  command += CHAINTWIN_SOURCE_DIR "/tests/generators/formats/data/EPCIS-JSON-Schema.json --valid";
  command += args;
  const int status = std::system(command.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << "python3-jsonschema is not installed";
  EXPECT_EQ(status, 0) << command;
}

TEST_F(StreamGeneratorTest, LabelledDuplicatesAppearTwiceWithTheSameBytes) {
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> deliveries;
  for (std::size_t i = 0; i < truth().size(); ++i) deliveries[truth().row(i).message_id].push_back(i);
  std::size_t duplicates = 0;
  for (const auto& [id, rows] : deliveries) {
    std::size_t copies = 0;
    for (std::size_t r : rows) copies += (truth().row(r).noise & (noise::kDuplicate | noise::kResent)) != 0;
    ASSERT_EQ(rows.size(), 1 + copies) << "message " << id;
    for (std::size_t r : rows) EXPECT_EQ(noisy_->messages[r].payload, noisy_->messages[rows[0]].payload);
    duplicates += copies;
  }
  EXPECT_GT(duplicates, 10u);
}

TEST_F(StreamGeneratorTest, PerKeyOrderViolationsAreExactlyTheLabelledOnes) {
  // Per topic and key, in the order sent: a message about an earlier event than one already sent is out of order.
  std::map<std::pair<std::string, std::string>, std::int64_t> latest;
  std::size_t violations = 0;
  for (std::size_t i = 0; i < noisy_->messages.size(); ++i) {
    const Got& m = noisy_->messages[i];
    const std::int64_t event = truth().row(i).event_ns;
    auto [it, fresh] = latest.try_emplace({m.topic, m.key}, event);
    const bool violation = !fresh && event < it->second;
    if (!fresh) it->second = std::max(it->second, event);
    EXPECT_EQ(violation, (truth().row(i).noise & noise::kOutOfOrder) != 0) << to_string(m.kind) << " " << m.key;
    violations += violation;
  }
  EXPECT_GT(violations, 10u);
}

TEST_F(StreamGeneratorTest, EveryFactHasItsMessages) {
  std::set<std::pair<std::uint64_t, MessageKind>> reported;
  for (std::size_t i = 0; i < truth().size(); ++i)
    for (world::FactId f : truth().facts(i)) reported.insert({f.packed, truth().row(i).kind});
  const auto& ledger = noisy_->world->ledger();
  const auto& net = noisy_->world->network();
  auto has = [&](FactTable table, std::size_t row, MessageKind kind) {
    return reported.count({world::FactId::make(table, row).packed, kind}) > 0;
  };
  const auto& d = ledger.demand();
  std::size_t sales = 0;
  for (std::size_t r = 0; r < d.time.size(); ++r) {
    const bool web = has(FactTable::kDemand, r, MessageKind::kWebOrder);
    EXPECT_TRUE(web || d.filled[r] == 0 || has(FactTable::kDemand, r, MessageKind::kPosSale)) << "demand " << r;
    EXPECT_FALSE(!web && d.filled[r] == 0 && has(FactTable::kDemand, r, MessageKind::kPosSale));
    sales += !web && d.filled[r] > 0;
  }
  EXPECT_GT(sales, 1000u);
  const auto& e = ledger.shipment_events();
  for (std::size_t r = 0; r < e.time.size(); ++r) {
    if (e.state[r] == ShipmentState::kDispatched &&
        net.site(e.site[r]).kind == network::SiteKind::kDistributionCenter) {
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kErpFulfilment));
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kEpcisLoading));
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kGeofenceExit));
    }
    if (e.state[r] == ShipmentState::kDocked) {
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kDockDoor));
    }
    if (e.state[r] != ShipmentState::kArrived) continue;
    const auto& info = ledger.shipments()[e.shipment[r]];
    EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kEdi214));
    if (net.site(e.site[r]).kind == network::SiteKind::kStore ||
        net.site(e.site[r]).kind == network::SiteKind::kDistributionCenter) {
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kEpcisArriving));
    }
    if (info.vehicle != world::kNone) {
      EXPECT_TRUE(has(FactTable::kShipmentEvents, r, MessageKind::kGeofenceEnter));
    }
  }
  const auto& p = ledger.positions();
  for (std::size_t r = 0; r < p.time.size(); ++r)
    if (ledger.vehicles()[p.vehicle[r]].kind == world::VehicleKind::kTruck) {
      EXPECT_TRUE(has(FactTable::kPositions, r, MessageKind::kGpsPosition)) << "position " << r;
    }
}

TEST_F(StreamGeneratorTest, TheStreamsOfOneDeliveryAgreeInTime) {
  // For each arrival: the geofence entry comes before the carrier's X1, which comes no later than the EPCIS arriving.
  std::map<std::pair<std::uint64_t, MessageKind>, std::int64_t> when;
  for (std::size_t i = 0; i < truth().size(); ++i)
    for (world::FactId f : truth().facts(i)) when.emplace(std::pair{f.packed, truth().row(i).kind}, truth().row(i).event_ns);
  const auto& ledger = noisy_->world->ledger();
  const auto& e = ledger.shipment_events();
  std::size_t checked = 0;
  std::map<world::ShipmentId, std::int64_t> asn_time;
  for (std::size_t r = 0; r < e.time.size(); ++r) {
    const std::uint64_t fact = world::FactId::make(FactTable::kShipmentEvents, r).packed;
    if (e.state[r] == ShipmentState::kDispatched && when.count({fact, MessageKind::kEdi856}))
      asn_time[e.shipment[r]] = when[{fact, MessageKind::kEdi856}];
    const bool stored = when.count({fact, MessageKind::kEpcisStoring}) > 0;
    if (e.state[r] == ShipmentState::kReceived && asn_time.count(e.shipment[r]) && stored) {
      EXPECT_LT(asn_time[e.shipment[r]], (when[{fact, MessageKind::kEpcisStoring}]));
    }
    const bool fenced = when.count({fact, MessageKind::kGeofenceEnter}) > 0;
    if (e.state[r] != ShipmentState::kArrived || !fenced) continue;
    const std::int64_t fence = when[{fact, MessageKind::kGeofenceEnter}];
    const std::int64_t x1 = when.at({fact, MessageKind::kEdi214});
    const std::int64_t arriving = when.at({fact, MessageKind::kEpcisArriving});
    EXPECT_LT(fence, x1);
    EXPECT_LE(x1, arriving);
    ++checked;
  }
  EXPECT_GT(checked, 50u);
  EXPECT_GT(asn_time.size(), 5u);
}

std::uint64_t fingerprint(const Streamed& run) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  for (const Got& m : run.messages) {
    mix(m.topic);
    mix(m.key);
    mix(m.payload);
    mix(std::to_string(m.send_ns));
    mix(std::to_string(m.id));
  }
  return h;
}

TEST_F(StreamGeneratorTest, SameSeedSameBytesWhateverTheStep) {
  // Facts are read in one global order and every draw comes from a keyed stream: the step does not matter.
  const auto again = stream(true, 7, 14.0);
  ASSERT_EQ(again->messages.size(), noisy_->messages.size());
  EXPECT_EQ(fingerprint(*again), fingerprint(*noisy_));
}

TEST(StreamGeneratorClean, WithoutNoiseEveryMessageOnceOnTimeAndComplete) {
  const auto run = stream(false, 1, 3.0);
  const MessageTruth& truth = run->generator->truth();
  std::set<std::uint64_t> ids;
  ASSERT_GT(truth.size(), 1000u);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto& row = truth.row(i);
    EXPECT_EQ(row.noise, 0u) << noise_names(row.noise);
    // On time: at the fact's moment. A geofence entry happens just before the arrival it announces, and is sent
    // once the arrival has happened.
    if (row.kind == MessageKind::kGeofenceEnter) {
      EXPECT_GE(row.send_ns, row.event_ns);
      EXPECT_LT(row.send_ns - row.event_ns, sim::minutes(1).ns());
    } else {
      EXPECT_EQ(row.send_ns, row.event_ns) << to_string(row.kind);
    }
    EXPECT_EQ(row.clock_error_ns, 0);
    EXPECT_TRUE(ids.insert(row.message_id).second);
  }
}

}  // namespace
}  // namespace chaintwin::generators
