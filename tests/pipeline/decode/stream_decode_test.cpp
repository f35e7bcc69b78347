// The decoder against two weeks of the baseline's streams, reconciled with the world's truth: the clean stream
// decodes without error and its stock deltas are exactly the ledger's movements; with default noise exactly the
// messages left without a required field go to the dead letter, duplicates and re-reads share their keys, schema v2
// decodes to what v1 says; and no bytes, however mangled, crash the decoder.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "pipeline/decode/decoder.hpp"
#include "stream_fixture.hpp"

namespace chaintwin::pipeline {
namespace {

using generators::MessageKind;
using testing::Stream;
namespace noise = generators::noise;

constexpr double kDays = 14.0;
constexpr std::int64_t kMinuteNs = 60'000'000'000;

std::vector<DecodedMessage> decode_all(const Stream& s) {
  const Decoder decoder(s.master);
  std::vector<DecodedMessage> out(s.records.size());
  for (std::size_t i = 0; i < s.records.size(); ++i) decoder.decode(s.sources[i], s.records[i], out[i]);
  return out;
}

// Streams are made once per program: two weeks take a few seconds (more under the sanitizers).
class StreamDecodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clean_ = testing::make_stream(false, kDays).release();
    clean_decoded_ = new std::vector<DecodedMessage>(decode_all(*clean_));
    noisy_ = testing::make_stream(true, kDays).release();
    noisy_decoded_ = new std::vector<DecodedMessage>(decode_all(*noisy_));
  }
  static void TearDownTestSuite() {
    delete clean_;
    delete clean_decoded_;
    delete noisy_;
    delete noisy_decoded_;
  }
  static Stream* clean_;
  static std::vector<DecodedMessage>* clean_decoded_;
  static Stream* noisy_;
  static std::vector<DecodedMessage>* noisy_decoded_;
};
Stream* StreamDecodeTest::clean_ = nullptr;
std::vector<DecodedMessage>* StreamDecodeTest::clean_decoded_ = nullptr;
Stream* StreamDecodeTest::noisy_ = nullptr;
std::vector<DecodedMessage>* StreamDecodeTest::noisy_decoded_ = nullptr;

std::string describe(const Stream& s, std::size_t i) {
  const auto& row = s.truth().row(i);
  return std::string(generators::to_string(row.kind)) + " [" + generators::noise_names(row.noise) + "] " +
         s.records[i].payload.substr(0, 600);
}

TEST_F(StreamDecodeTest, EveryCleanMessageDecodes) {
  std::size_t failures = 0;
  std::set<Signal> signals;
  for (std::size_t i = 0; i < clean_->records.size(); ++i) {
    const DecodedMessage& m = (*clean_decoded_)[i];
    if (!m.error.empty() && ++failures <= 10) ADD_FAILURE() << m.error << "\n" << describe(*clean_, i);
    EXPECT_EQ(m.message_id, clean_->truth().row(i).message_id);
    for (const DecodedEvent& e : m.events) signals.insert(e.signal);
  }
  EXPECT_EQ(failures, 0u);
  // The baseline's first two weeks have no port or weather events; everything else is there.
  for (Signal s : {Signal::kStockDelta, Signal::kStockCount, Signal::kDemand, Signal::kShipmentStatus,
                   Signal::kOrderStatus, Signal::kOrderLine, Signal::kVehiclePosition, Signal::kGeofence,
                   Signal::kTemperature, Signal::kEquipment})
    EXPECT_TRUE(signals.count(s)) << static_cast<int>(s);
}

// Grouped by (site, SKU, ms): what several rows or lines of one instant add up to.
using StockKey = std::tuple<std::string, std::string, std::int64_t>;

TEST_F(StreamDecodeTest, CleanStockDeltasAreTheLedgersMovements) {
  const world::Ledger& ledger = clean_->world->ledger();
  const network::Network& net = clean_->scenario->network;
  std::map<StockKey, std::int64_t> expected, decoded;
  ASSERT_TRUE(std::none_of(ledger.stock().reason.begin(), ledger.stock().reason.end(),
                           [](world::StockReason r) { return r == world::StockReason::kSold; }))
      << "backorder fills (kSold stock rows) have no message: the baseline has lost sales only";
  for (world::StockMovements moves(ledger); !moves.done();) {
    const world::StockMovement m = moves.next();
    if (m.reason == world::StockReason::kInitial) continue;
    const std::int64_t ms = (clean_->epoch_ns + m.time) / 1'000'000 * 1'000'000;
    expected[{net.site(m.site).name, net.sku(m.sku).name, ms}] += m.delta;
  }
  for (const DecodedMessage& message : *clean_decoded_)
    for (const DecodedEvent& e : message.events)
      if (e.signal == Signal::kStockDelta)
        decoded[{clean_->master.locations()[e.location].name, clean_->master.products()[e.sku].name,
                 e.event_time_ns}] += e.quantity;
  std::erase_if(expected, [](const auto& kv) { return kv.second == 0; });
  std::erase_if(decoded, [](const auto& kv) { return kv.second == 0; });
  EXPECT_GT(expected.size(), 10'000u);
  EXPECT_EQ(decoded.size(), expected.size());
  std::size_t shown = 0;
  for (const auto& [key, delta] : expected) {
    const auto it = decoded.find(key);
    const std::int64_t got = it == decoded.end() ? 0 : it->second;
    if (got != delta && ++shown <= 10)
      ADD_FAILURE() << std::get<0>(key) << " " << std::get<1>(key) << " at " << std::get<2>(key) << ": ledger "
                    << delta << ", decoded " << got;
  }
  for (const auto& [key, delta] : decoded)
    if (!expected.count(key) && ++shown <= 20)
      ADD_FAILURE() << "decoded only: " << std::get<0>(key) << " " << std::get<1>(key) << " at " << std::get<2>(key)
                    << ": " << delta;
}

TEST_F(StreamDecodeTest, OpeningStockIsTheLedgersInitialRows) {
  const world::Ledger& ledger = clean_->world->ledger();
  const network::Network& net = clean_->scenario->network;
  std::map<std::pair<std::string, std::string>, std::int64_t> expected, read;
  for (std::size_t r = 0; r < ledger.stock().time.size(); ++r)
    if (ledger.stock().reason[r] == world::StockReason::kInitial)
      expected[{net.site(ledger.stock().site[r]).name, net.sku(ledger.stock().sku[r]).name}] += ledger.stock().delta[r];
  for (const OpeningStockLine& line : clean_->master.opening_stock())
    read[{clean_->master.locations()[line.location].name, clean_->master.products()[line.sku].name}] += line.quantity;
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(read, expected);
}

// Demand per (store, SKU): every walk-in's units taken and every web order's units ordered (not the collection
// receipts, which ring up web orders already counted).
TEST_F(StreamDecodeTest, CleanDemandIsWalkInSalesAndWebOrders) {
  const world::Ledger& ledger = clean_->world->ledger();
  const network::Network& net = clean_->scenario->network;
  const auto& demand = ledger.demand();
  std::vector<bool> web(demand.time.size(), false);
  for (std::size_t i = 0; i < clean_->truth().size(); ++i)
    if (clean_->truth().row(i).kind == MessageKind::kWebOrder) web[clean_->truth().row(i).fact.row()] = true;
  std::map<std::pair<std::string, std::string>, std::int64_t> expected, decoded;
  for (std::size_t r = 0; r < demand.time.size(); ++r)
    expected[{net.site(demand.site[r]).name, net.sku(demand.sku[r]).name}] += web[r] ? demand.requested[r]
                                                                                     : demand.filled[r];
  for (const DecodedMessage& message : *clean_decoded_)
    for (const DecodedEvent& e : message.events)
      if (e.signal == Signal::kDemand)
        decoded[{clean_->master.locations()[e.location].name, clean_->master.products()[e.sku].name}] += e.quantity;
  std::erase_if(expected, [](const auto& kv) { return kv.second == 0; });
  EXPECT_EQ(decoded, expected);
}

// Every event's time is its fact's (to the minute for EDI, which writes minutes), and shipment and order events
// name real shipments and orders, at places they were.
TEST_F(StreamDecodeTest, CleanEventsNameRealFactsAtTheirTimes) {
  const world::Ledger& ledger = clean_->world->ledger();
  const network::Network& net = clean_->scenario->network;
  std::set<std::pair<std::uint64_t, std::string>> shipment_sites;
  for (std::size_t r = 0; r < ledger.shipment_events().time.size(); ++r)
    shipment_sites.insert({ledger.shipment_events().shipment[r], net.site(ledger.shipment_events().site[r]).name});
  auto name = [&](LocationIndex l) { return clean_->master.locations()[l].name; };
  std::size_t failures = 0, shipments = 0, orders = 0;
  for (std::size_t i = 0; i < clean_->records.size(); ++i) {
    const std::int64_t true_ns = clean_->epoch_ns + clean_->truth().row(i).event_ns;
    for (const DecodedEvent& e : (*clean_decoded_)[i].events) {
      bool ok = true;
      ok = ok && true_ns - e.event_time_ns >= 0 && true_ns - e.event_time_ns < kMinuteNs;
      if (e.signal == Signal::kShipmentStatus) {
        ++shipments;
        ok = ok && e.entity < ledger.shipments().size();
        ok = ok && (e.location == kUnknown || shipment_sites.count({e.entity, name(e.location)}));
      }
      if (e.signal == Signal::kOrderStatus || e.signal == Signal::kOrderLine) {
        ++orders;
        ok = ok && e.entity < ledger.orders().size();
        if (!ok) break;
        const world::OrderInfo& order = ledger.orders()[e.entity];
        ok = ok && e.status_b == static_cast<std::uint8_t>(order.kind);
        ok = ok && (e.location == kUnknown || name(e.location) == net.site(order.destination).name);
        ok = ok && (e.other_location == kUnknown || name(e.other_location) == net.site(order.source).name);
      }
      if (!ok && ++failures <= 10)
        ADD_FAILURE() << "signal " << static_cast<int>(e.signal) << " entity " << e.entity << " at "
                      << e.event_time_ns << " (true " << true_ns << "): " << describe(*clean_, i);
    }
  }
  EXPECT_GT(shipments, 1000u);
  EXPECT_GT(orders, 1000u);
  EXPECT_EQ(failures, 0u);
}

// Without noise a cold-room logger reports the room's true temperature (to the tenth of a degree the logger writes).
TEST_F(StreamDecodeTest, CleanTemperaturesAreTheLedgersReadings) {
  const world::Ledger& ledger = clean_->world->ledger();
  std::size_t readings = 0, wrong = 0;
  for (std::size_t i = 0; i < clean_->records.size(); ++i) {
    const auto fact = clean_->truth().row(i).fact;
    for (const DecodedEvent& e : (*clean_decoded_)[i].events) {
      if (e.signal != Signal::kTemperature) continue;
      ASSERT_EQ(fact.table(), world::FactTable::kTemperatures) << describe(*clean_, i);
      ++readings;
      const double truth = ledger.temperatures().celsius[fact.row()];
      if (std::abs(e.value_a - truth) > 0.0501 && ++wrong <= 5)
        ADD_FAILURE() << "read " << e.value_a << ", true " << truth << ": " << describe(*clean_, i);
    }
  }
  EXPECT_GT(readings, 100u);
  EXPECT_EQ(wrong, 0u);
}

TEST_F(StreamDecodeTest, ExactlyTheMessagesMissingARequiredFieldGoToTheDeadLetter) {
  std::size_t dead = 0, labelled = 0, shown = 0;
  for (std::size_t i = 0; i < noisy_->records.size(); ++i) {
    const bool missing_required = (noisy_->truth().row(i).noise & noise::kMissingRequired) != 0;
    const DecodedMessage& m = (*noisy_decoded_)[i];
    dead += !m.error.empty();
    labelled += missing_required;
    if (missing_required != !m.error.empty() && ++shown <= 15)
      ADD_FAILURE() << (m.error.empty() ? "decoded" : m.error) << "\n" << describe(*noisy_, i);
    if (!m.error.empty()) {
      EXPECT_TRUE(m.events.empty());
      EXPECT_EQ(m.error.substr(0, m.error.find(':')), to_string(noisy_->sources[i]));
    }
  }
  EXPECT_GT(labelled, 50u);
  EXPECT_EQ(dead, labelled);
}

TEST_F(StreamDecodeTest, CopiesShareTheirOriginalsKeys) {
  std::unordered_map<std::uint64_t, std::size_t> first_of_id;  // a re-read may arrive before its original
  for (std::size_t i = 0; i < noisy_->records.size(); ++i) first_of_id.emplace(noisy_->truth().row(i).message_id, i);
  std::size_t duplicates = 0, rereads = 0, resent = 0;
  for (std::size_t i = 0; i < noisy_->records.size(); ++i) {
    const auto& row = noisy_->truth().row(i);
    const DecodedMessage& m = (*noisy_decoded_)[i];
    const auto it = first_of_id.find(row.message_id);
    if (it->second != i) {  // an exact duplicate or a re-sent interchange: the same id and content
      const DecodedMessage& original = (*noisy_decoded_)[it->second];
      EXPECT_EQ(m.message_id, original.message_id);
      EXPECT_EQ(m.content_key, original.content_key) << describe(*noisy_, i);
      duplicates += (row.noise & noise::kDuplicate) != 0;
      resent += (row.noise & noise::kResent) != 0;
    }
    if ((row.noise & noise::kReread) != 0) {  // a new id, one after its original's, and the same content
      const auto original = first_of_id.find(row.message_id - 1);
      ASSERT_NE(original, first_of_id.end());
      EXPECT_NE(m.message_id, (*noisy_decoded_)[original->second].message_id);
      EXPECT_EQ(m.content_key, (*noisy_decoded_)[original->second].content_key) << describe(*noisy_, i);
      ++rereads;
    }
  }
  EXPECT_GT(duplicates, 100u);
  EXPECT_GT(rereads, 20u);
  EXPECT_GT(resent, 3u);
}

// The carriers' 214s, with their time-basis and unknown-time quirks, still say when each status happened (to the
// minute): the repairs of x12_decoder.cpp.
TEST_F(StreamDecodeTest, NoisyShipmentStatusTimesAreRepaired) {
  std::size_t quirks = 0, failures = 0;
  for (std::size_t i = 0; i < noisy_->records.size(); ++i) {
    const auto& row = noisy_->truth().row(i);
    if (row.kind != MessageKind::kEdi214 || !(*noisy_decoded_)[i].error.empty()) continue;
    quirks += (row.noise & (noise::kTimeBasis | noise::kUnknownTime)) != 0;
    const std::int64_t written = noisy_->epoch_ns + row.event_ns + row.clock_error_ns;
    for (const DecodedEvent& e : (*noisy_decoded_)[i].events) {
      const bool ok = written - e.event_time_ns >= 0 && written - e.event_time_ns < kMinuteNs;
      // Estimated (the preparation time): a time written 0000, or a local time without its place (MS1 left out).
      EXPECT_EQ(e.status_b, (row.noise & noise::kUnknownTime) != 0 || e.location == kUnknown ? 1 : 0);
      if (!ok && ++failures <= 10) ADD_FAILURE() << e.event_time_ns << " vs " << written << ": " << describe(*noisy_, i);
    }
  }
  EXPECT_GT(quirks, 10u);
  EXPECT_EQ(failures, 0u);
}

bool same_events(const std::vector<DecodedEvent>& a, const std::vector<DecodedEvent>& b) {
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const DecodedEvent& x = a[i];
    const DecodedEvent& y = b[i];
    if (x.signal != y.signal || x.status != y.status || x.status_b != y.status_b ||
        x.event_time_ns != y.event_time_ns || x.location != y.location || x.other_location != y.other_location ||
        x.sku != y.sku || x.quantity != y.quantity || x.entity != y.entity || !same(x.value_a, y.value_a) ||
        !same(x.value_b, y.value_b) || !same(x.value_c, y.value_c) || x.time_b_ns != y.time_b_ns)
      return false;
  }
  return true;
}

// The same run with every sender kept on v1 has the same messages, ids and noise: only the v2 ones' bytes differ.
TEST_F(StreamDecodeTest, SchemaV2DecodesToWhatV1Says) {
  const auto v1 = testing::make_stream(true, kDays, false);
  ASSERT_EQ(v1->records.size(), noisy_->records.size());
  const std::vector<DecodedMessage> v1_decoded = decode_all(*v1);
  std::set<MessageKind> kinds;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < noisy_->records.size(); ++i) {
    const auto& row = noisy_->truth().row(i);
    if ((row.noise & noise::kSchemaV2) == 0) continue;
    ASSERT_EQ(v1->truth().row(i).message_id, row.message_id);
    const DecodedMessage& m = (*noisy_decoded_)[i];
    EXPECT_EQ(m.schema_version, 2);
    EXPECT_EQ(m.error, v1_decoded[i].error);
    if (!same_events(m.events, v1_decoded[i].events) && ++shown <= 10)
      ADD_FAILURE() << describe(*noisy_, i) << "\nv1: " << v1->records[i].payload;
    kinds.insert(row.kind);
  }
  EXPECT_GT(kinds.size(), 10u);
}

// The runtime decodes partitions in parallel with one decoder: the same results as one thread.
TEST_F(StreamDecodeTest, DecodingInParallelGivesTheSameResults) {
  const Decoder decoder(noisy_->master);
  std::vector<DecodedMessage> parallel(noisy_->records.size());
  std::vector<std::thread> threads;
  constexpr std::size_t kThreads = 4;
  for (std::size_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < noisy_->records.size(); i += kThreads)
        decoder.decode(noisy_->sources[i], noisy_->records[i], parallel[i]);
    });
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < parallel.size(); ++i) {
    ASSERT_EQ(parallel[i].error, (*noisy_decoded_)[i].error);
    ASSERT_EQ(parallel[i].content_key, (*noisy_decoded_)[i].content_key);
    ASSERT_TRUE(same_events(parallel[i].events, (*noisy_decoded_)[i].events)) << describe(*noisy_, i);
  }
}

// ------------------------------------------------------------------------------------------ fuzz

// Whatever a decoder makes of mangled bytes, it is an error without events, or events naming known things only.
void expect_sane(const DecodedMessage& m, const MasterData& master) {
  if (!m.error.empty()) {
    EXPECT_TRUE(m.events.empty());
    return;
  }
  for (const DecodedEvent& e : m.events) {
    EXPECT_TRUE(e.location == kUnknown || e.location < master.locations().size());
    EXPECT_TRUE(e.other_location == kUnknown || e.other_location < master.locations().size());
    EXPECT_TRUE(e.sku == kUnknown || e.sku < master.products().size());
  }
}

// A few messages of every kind of the noisy stream.
std::vector<std::size_t> samples(const Stream& s, std::size_t per_kind) {
  std::map<MessageKind, std::size_t> taken;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.records.size(); ++i)
    if (taken[s.truth().row(i).kind]++ < per_kind) out.push_back(i);
  return out;
}

TEST_F(StreamDecodeTest, FuzzRandomBytesAreErrors) {
  const Decoder decoder(noisy_->master);
  std::mt19937_64 rng(7);
  bus::OwnedRecord record;
  record.key = "DC-001/edge";
  for (std::size_t source = 0; source < kInputSourceCount; ++source) {
    for (int n = 0; n < 300; ++n) {
      record.payload.resize(rng() % 700);
      for (char& c : record.payload) c = static_cast<char>(rng());
      if (n % 3 == 0 && record.payload.size() > 3) record.payload.replace(0, 3, n % 2 ? "ISA" : "{\"a");
      const DecodedMessage m = decoder.decode(static_cast<InputSource>(source), record);
      EXPECT_FALSE(m.error.empty()) << record.payload;
      EXPECT_TRUE(m.events.empty());
    }
  }
}

TEST_F(StreamDecodeTest, FuzzTruncatedMessagesAreErrors) {
  const Decoder decoder(noisy_->master);
  for (std::size_t i : samples(*noisy_, 3)) {
    bus::OwnedRecord record = noisy_->records[i];
    const std::string payload = record.payload;
    const std::size_t step = std::max<std::size_t>(1, payload.size() / 150);
    for (std::size_t length = 0; length < payload.size(); length += step) {
      record.payload = payload.substr(0, length);
      const DecodedMessage m = decoder.decode(noisy_->sources[i], record);
      EXPECT_FALSE(m.error.empty()) << describe(*noisy_, i) << "\ncut at " << length;
      EXPECT_TRUE(m.events.empty());
    }
  }
}

// A flipped bit may leave a valid message (a digit for another digit): never a crash, never an unknown index.
TEST_F(StreamDecodeTest, FuzzBitFlipsNeverCrash) {
  const Decoder decoder(noisy_->master);
  std::mt19937_64 rng(11);
  std::size_t errors = 0, total = 0;
  for (std::size_t i : samples(*noisy_, 3)) {
    bus::OwnedRecord record = noisy_->records[i];
    const std::string payload = record.payload;
    for (int n = 0; n < 400; ++n) {
      record.payload = payload;
      for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
        record.payload[rng() % payload.size()] ^= static_cast<char>(1u << (rng() % 8));
      const DecodedMessage m = decoder.decode(noisy_->sources[i], record);
      expect_sane(m, noisy_->master);
      errors += !m.error.empty();
      ++total;
    }
  }
  EXPECT_GT(errors, total / 4);
}

}  // namespace
}  // namespace chaintwin::pipeline
