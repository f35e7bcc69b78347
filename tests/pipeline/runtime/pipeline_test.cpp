// The reference pipeline on two recorded weeks of the baseline: without noise its stock positions equal the truth
// at every tick it published; with the default noise its errors stay within the bounds docs/pipeline.md states.
// Its alerts, on six noisy weeks of the baseline and of the cold-chain failure, within their documented bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/scoring/alert_score.hpp"
#include "analysis/scoring/dedup_score.hpp"
#include "analysis/scoring/output_checks.hpp"
#include "analysis/scoring/stock_score.hpp"
#include "generators/stream_generator.hpp"
#include "pipeline/bus/file_sink.hpp"
#include "pipeline/bus/sink.hpp"
#include "pipeline/runtime/outputs.hpp"
#include "pipeline/runtime/run.hpp"
#include "scenarios/world_scenario.hpp"
#include "sim/world/world.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;
constexpr double kDays = 14.0;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run(const std::string& command) { return std::system((command + " > /dev/null 2>&1").c_str()); }

// The baseline, with or without noise, streamed to files and replayed through the pipeline; then scored.
struct Replayed {
  fs::path dir;
  analysis::StockPositionScore score;
  analysis::OutputCheck position_checks, alert_checks;  // against the topics' contract
  analysis::DedupScore dedup;
  pipeline::ProgressRecord last_progress;
  std::uint64_t dead_letters = 0;
};

Replayed replay(bool noise, const std::string& name) {
  Replayed r;
  r.dir = fs::temp_directory_path() / ("chaintwin-pipeline-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(r.dir);
  fs::create_directories(r.dir);
  const fs::path scenario = r.dir / "baseline.yaml";
  {
    std::ofstream out(scenario);
    out << slurp(CHAINTWIN_SOURCE_DIR "/scenarios/examples/baseline.yaml");
    if (!noise) out << "\nstreams:\n  noise: false\n";
  }
  const std::string exe = CHAINTWIN_EXE;
  EXPECT_EQ(run(exe + " stream " + scenario.string() + " --sink file --out " + (r.dir / "stream").string() +
                " --days 14 --no-output"), 0);
  EXPECT_EQ(run(exe + " pipeline --from-files " + (r.dir / "stream").string() + " --out " +
                (r.dir / "out").string()), 0);

  std::vector<pipeline::StockPositionRecord> positions;
  std::string error;
  for (const auto& rec : bus::read_file_sink(bus::file_sink_path(r.dir / "out", "chaintwin.stock-positions"))) {
    auto p = pipeline::parse_stock_position(rec.payload, error);
    EXPECT_TRUE(p) << error;
    if (p) positions.push_back(std::move(*p));
  }
  for (const auto& rec : bus::read_file_sink(bus::file_sink_path(r.dir / "out", "chaintwin.progress"))) {
    auto p = pipeline::parse_progress(rec.payload, error);
    EXPECT_TRUE(p) << error;
    if (p) r.last_progress = *p;
  }
  r.position_checks = analysis::check_stock_positions(positions);
  std::vector<pipeline::AlertRecord> alerts;
  for (const auto& rec : bus::read_file_sink(bus::file_sink_path(r.dir / "out", "chaintwin.alerts"))) {
    auto a = pipeline::parse_alert(rec.payload, error);
    EXPECT_TRUE(a) << error;
    if (a) alerts.push_back(std::move(*a));
  }
  r.alert_checks = analysis::check_alerts(alerts);
  if (const auto dlq = bus::file_sink_path(r.dir / "out", "chaintwin.dead-letter"); fs::exists(dlq))
    r.dead_letters = bus::read_file_sink(dlq).size();

  // The same world again (same scenario, same seed): its ledger is the truth the stream reported.
  auto loaded = scenarios::load_world_scenario(scenario.string());
  EXPECT_TRUE(loaded);
  const auto& s = loaded.value();
  const sim::RandomStreams streams(s.scenario.seed, 0);
  world::World w(s.network, s.world, streams, sim::from_days(kDays));
  w.run_until(sim::from_days(kDays));
  const std::int64_t epoch = s.streams.epoch_unix_s * 1'000'000'000;
  r.score = analysis::score_stock_positions(s.network, w.ledger(), epoch, positions, r.last_progress.watermark_unix_ns);

  // The same streams again: their truth says which deliveries were copies.
  std::vector<pipeline::DuplicateRecord> dropped;
  if (const auto file = bus::file_sink_path(r.dir / "out", "chaintwin.duplicates"); fs::exists(file)) {
    for (const auto& rec : bus::read_file_sink(file)) {
      auto d = pipeline::parse_duplicate(rec.payload, error);
      EXPECT_TRUE(d) << error;
      if (d) dropped.push_back(std::move(*d));
    }
  }
  generators::StreamGenerator gen(w, s.streams, streams);
  const auto discard = [](const generators::OutgoingMessage&) {};
  gen.advance(sim::from_days(kDays), discard);
  gen.finish(discard);
  r.dedup = analysis::score_dedup(gen.truth(), dropped);
  return r;
}

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clean_ = new Replayed(replay(false, "clean"));
    noisy_ = new Replayed(replay(true, "noisy"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(clean_->dir);
    fs::remove_all(noisy_->dir);
    delete clean_;
    delete noisy_;
  }
  static Replayed* clean_;
  static Replayed* noisy_;
};
Replayed* PipelineTest::clean_ = nullptr;
Replayed* PipelineTest::noisy_ = nullptr;

TEST_F(PipelineTest, WithoutNoiseEveryPublishedPositionEqualsTheTruth) {
  const auto& s = clean_->score;
  ASSERT_GT(s.records, 1'000u);
  EXPECT_EQ(s.unknown_names, 0u);
  // One uninterrupted run: every record once, no revision skipped, none out of order.
  const analysis::OutputCheck& c = clean_->position_checks;
  EXPECT_EQ(c.records, s.records);
  EXPECT_EQ(c.lost + c.duplicated + c.conflicting + c.out_of_order, 0u) << c.first_problem;
  EXPECT_EQ(s.final_records.exact, s.final_records.points) << "mean abs error " << s.final_records.mean_abs_error;
  EXPECT_EQ(s.first_records.exact, s.first_records.points);  // on time: nothing needed correcting
  EXPECT_EQ(s.missing_keys, 0u);
  EXPECT_EQ(s.hourly.exact, s.hourly.points) << "mean abs error " << s.hourly.mean_abs_error;
  EXPECT_GT(s.hourly.points, 100'000u);
  EXPECT_EQ(clean_->dead_letters, 0u);
  EXPECT_TRUE(clean_->last_progress.finished);
  EXPECT_EQ(clean_->last_progress.duplicates, 0u);
  EXPECT_EQ(clean_->dedup.copies, 0u);
  EXPECT_EQ(clean_->dedup.dropped, 0u);  // nothing new taken for a copy (a sensor repeating its value, say)
}

TEST_F(PipelineTest, WithTheDefaultNoiseErrorsStayWithinTheirDocumentedBounds) {
  const auto& s = noisy_->score;
  const auto& p = noisy_->last_progress;
  EXPECT_TRUE(p.finished);
  EXPECT_GT(p.duplicates, 0u);
  EXPECT_GT(p.dead_letters, 0u);   // required fields left out on purpose
  EXPECT_GT(p.late_events, 0u);    // hourly and daily POS and EDI batches
  EXPECT_GT(p.corrections, 0u);
  // One uninterrupted run publishes each (key, asOf, revision) once, corrections with consecutive revisions, and
  // each alert's raise before its clear.
  for (const analysis::OutputCheck* c : {&noisy_->position_checks, &noisy_->alert_checks}) {
    EXPECT_GT(c->records, 0u);
    EXPECT_EQ(c->lost + c->duplicated + c->conflicting + c->out_of_order, 0u) << c->first_problem;
  }
  // Duplicate removal against the streams' truth (docs/pipeline.md, "Deduplicate"): measured 1.0 and 1.0.
  const analysis::DedupScore& d = noisy_->dedup;
  std::printf("noisy: dedup %llu dropped, %llu copies, precision %.4f recall %.4f (re-reads %.4f)\n",
              static_cast<unsigned long long>(d.dropped), static_cast<unsigned long long>(d.copies), d.precision,
              d.recall, d.reread_recall);
  EXPECT_GT(d.copies, 100u);
  EXPECT_EQ(d.dropped, p.duplicates);  // every record dropped is reported once
  EXPECT_GE(d.precision, 0.99);
  EXPECT_GE(d.recall, 0.99);
  EXPECT_GE(d.reread_recall, 0.95);
  // docs/pipeline.md, "Accuracy": the bounds below are the documented ones.
  std::printf("noisy: final exact %.4f MAE %.4f; first exact %.4f MAE %.4f; hourly exact %.4f MAE %.4f\n",
              s.final_records.exact_share(), s.final_records.mean_abs_error, s.first_records.exact_share(),
              s.first_records.mean_abs_error, s.hourly.exact_share(), s.hourly.mean_abs_error);
  EXPECT_GE(s.hourly.exact_share(), 0.95);
  EXPECT_LE(s.hourly.mean_abs_error, 0.5);
}

// Random bytes, empty payloads and truncated real messages on every input topic all end in the dead-letter topic
// with their bytes and a reason; the rest of the stream is unaffected.
TEST_F(PipelineTest, GarbageOnEveryInputTopicEndsInTheDeadLetterTopic) {
  const fs::path recorded = clean_->dir / "stream";
  const fs::path garbled = clean_->dir / "garbled";
  std::mt19937_64 rng(11);
  std::size_t injected = 0;
  std::set<std::string> garbage;  // payloads injected
  {
    auto sink = bus::make_file_sink(garbled);
    for (const auto& entry : fs::directory_iterator(recorded)) {
      std::vector<bus::OwnedRecord> records = bus::read_file_sink(entry.path());
      const bool input = entry.path().stem() != "chaintwin.master";
      std::vector<bus::OwnedRecord> out;
      for (std::size_t i = 0; i < records.size(); ++i) {
        out.push_back(records[i]);
        if (!input || i % 97 != 5) continue;
        bus::OwnedRecord bad = records[i];
        std::string& p = bad.payload;
        switch (injected % 3) {
          case 0: {  // random bytes
            p.assign(1 + rng() % 300, '\0');
            for (char& c : p) c = static_cast<char>(rng());
            break;
          }
          case 1: p.resize(rng() % std::max<std::size_t>(1, p.size() - 1)); break;  // truncated
          default: p.clear(); break;                                                    // empty
        }
        for (auto& [name, value] : bad.headers)
          if (name == "message-id") value = std::to_string(1'000'000'000 + injected);
        garbage.insert(p);
        out.push_back(std::move(bad));
        ++injected;
      }
      for (const auto& r : out) {
        std::vector<bus::Header> headers;
        for (const auto& [name, value] : r.headers) headers.push_back({name, value});
        sink->send({r.topic, r.key, r.payload, headers, r.timestamp_ms});
      }
    }
    sink->flush();
  }
  ASSERT_GT(injected, 500u);
  ASSERT_EQ(run(std::string(CHAINTWIN_EXE) + " pipeline --from-files " + garbled.string() + " --out " +
                (clean_->dir / "garbled-out").string()), 0);
  const auto dead = bus::read_file_sink(bus::file_sink_path(clean_->dir / "garbled-out", "chaintwin.dead-letter"));
  EXPECT_EQ(dead.size(), injected);
  for (const auto& r : dead) {
    EXPECT_TRUE(garbage.contains(r.payload)) << "a real message went to the dead letter: " << r.payload;
    EXPECT_FALSE(r.header("dead-letter-reason").empty());
    EXPECT_FALSE(r.header("original-topic").empty());
  }
}

// Keeps the alert records a processor publishes.
class AlertCapture final : public bus::Sink {
 public:
  void send(const bus::Record& r) override {
    if (r.topic == pipeline::OutputTopics{}.alerts) payloads.emplace_back(r.payload);
  }
  void flush() override {}
  bus::SinkReport report() override { return {}; }
  std::vector<std::string> payloads;
};

// One batch as `pipeline --from-files` reads it (pipeline/runtime/run.cpp): a simulated minute of sending.
std::size_t replay_batch(pipeline::StreamProcessor& p, const pipeline::RecordedStream& stream, std::size_t at) {
  std::size_t n = 0;
  const auto& records = stream.records;
  while (at + n < records.size() && n < 4'096 && records[at + n].timestamp_ms - records[at].timestamp_ms < 60'000) ++n;
  p.process({records.data() + at, n});
  for (const bus::PartitionOffset& partition : stream.partitions) p.partition_end(partition.topic, 0);
  p.publish();
  return at + n;
}

// A processor restored from a checkpoint taken mid-stream, fed the records after it, publishes the alerts an
// uninterrupted one publishes after that point (the whole alerts state is in the checkpoint).
TEST_F(PipelineTest, ARestoredProcessorPublishesTheSameAlerts) {
  const pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();
  const pipeline::RecordedStream stream = pipeline::load_recorded_stream(config, noisy_->dir / "stream");
  AlertCapture whole;
  std::vector<std::pair<std::size_t, std::size_t>> boundaries;  // (next record, alerts so far)
  {
    pipeline::StreamProcessor p(config, whole);
    p.set_partitions(stream.partitions);
    for (std::size_t at = 0; at < stream.records.size();) {
      at = replay_batch(p, stream, at);
      boundaries.emplace_back(at, whole.payloads.size());
    }
  }
  ASSERT_GE(whole.payloads.size(), 2u);
  // Cut where half the alerts are out: some before, some after.
  const auto cut = *std::find_if(boundaries.begin(), boundaries.end(),
                                 [&](const auto& b) { return b.second >= whole.payloads.size() / 2; });
  ASSERT_LT(cut.second, whole.payloads.size());

  AlertCapture first, second;
  std::string checkpoint;
  {
    pipeline::StreamProcessor p(config, first);
    p.set_partitions(stream.partitions);
    for (std::size_t at = 0; at < cut.first;) at = replay_batch(p, stream, at);
    checkpoint = p.checkpoint();
  }
  EXPECT_EQ(first.payloads, std::vector<std::string>(whole.payloads.begin(), whole.payloads.begin() + cut.second));
  pipeline::StreamProcessor restored(config, second);
  restored.set_partitions(stream.partitions);
  restored.restore(checkpoint);
  // The master data read before the checkpoint is read again; the rest of the stream (the stream's end on the
  // master topic included) follows as before.
  std::vector<bus::OwnedRecord> master;
  for (std::size_t i = 0; i < cut.first; ++i)
    if (stream.records[i].topic == config.master_topic) master.push_back(stream.records[i]);
  restored.process(master);
  for (std::size_t at = cut.first; at < stream.records.size();) at = replay_batch(restored, stream, at);
  EXPECT_EQ(second.payloads, std::vector<std::string>(whole.payloads.begin() + cut.second, whole.payloads.end()));
}

// Input partitions read to their end before the master data is complete (their records wait for it) still count
// as at their end once those records are applied: the pipeline finishes. It used to wait for an end that never
// came again when the master topic was slower to arrive than an input partition's last records.
TEST_F(PipelineTest, InputsReadToTheirEndBeforeTheMasterDataStillFinish) {
  const pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();
  const pipeline::RecordedStream stream = pipeline::load_recorded_stream(config, clean_->dir / "stream");
  std::vector<bus::OwnedRecord> inputs, master;
  for (const bus::OwnedRecord& r : stream.records) (r.topic == config.master_topic ? master : inputs).push_back(r);
  ASSERT_FALSE(master.empty());
  AlertCapture out;
  pipeline::StreamProcessor p(config, out);
  p.set_partitions(stream.partitions);
  p.process(inputs);
  for (const bus::PartitionOffset& partition : stream.partitions)
    if (partition.topic != config.master_topic) p.partition_end(partition.topic, 0);
  p.publish();
  EXPECT_FALSE(p.finished());
  p.process(master);
  p.partition_end(config.master_topic, 0);
  p.publish();
  EXPECT_TRUE(p.finished());
  EXPECT_EQ(p.counters().input_records, inputs.size());
}

// Kafka orders nothing across partitions: a live consumer may read stream_end, and see every input partition's end,
// before the last records of one input reached the broker. It ends only once each input is read to where the
// broker says it ended after stream_end had been read.
TEST_F(PipelineTest, ALiveStreamEndsOnlyOnceEveryInputIsReadToItsEnd) {
  pipeline::ProcessorConfig config = pipeline::ProcessorConfig::defaults();
  config.end_needs_offsets = true;
  const pipeline::RecordedStream stream = pipeline::load_recorded_stream(config, clean_->dir / "stream");
  const std::string& last_topic = stream.partitions.back().topic;
  std::vector<bus::OwnedRecord> master, early, last;
  std::map<std::string, std::int64_t> counts;
  for (const bus::OwnedRecord& r : stream.records) {
    if (r.topic != config.master_topic) ++counts[r.topic];
    (r.topic == config.master_topic ? master : early).push_back(r);
  }
  // The last 50 records of one input arrive after everything else.
  for (auto it = early.end(); it != early.begin() && last.size() < 50;) {
    --it;
    if (it->topic != last_topic) continue;
    last.insert(last.begin(), *it);
    it = early.erase(it);
  }
  ASSERT_EQ(last.size(), 50u);
  AlertCapture out;
  pipeline::StreamProcessor p(config, out);
  p.set_partitions(stream.partitions);
  p.process(master);
  p.process(early);
  for (const bus::PartitionOffset& partition : stream.partitions) p.partition_end(partition.topic, 0);
  p.publish();
  EXPECT_FALSE(p.finished());
  ASSERT_TRUE(p.needs_end_offsets());
  std::vector<bus::PartitionOffset> ends = p.input_partitions();
  for (bus::PartitionOffset& e : ends) e.offset = counts[e.topic];
  p.set_end_offsets(ends);
  EXPECT_FALSE(p.needs_end_offsets());
  p.publish();
  EXPECT_FALSE(p.finished()) << "ended with 50 records of " << last_topic << " unread";
  p.process(last);
  p.partition_end(last_topic, 0);
  p.publish();
  EXPECT_TRUE(p.finished());
  EXPECT_EQ(p.counters().input_records, early.size() + last.size());
}

// A scenario file streamed with its default noise for `days`, replayed, and its alerts scored.
struct AlertRun {
  analysis::AlertScore score;
  pipeline::ProgressRecord last_progress;
  std::uint64_t malformed = 0;
};

AlertRun replay_alerts(const std::string& scenario, const std::string& name, double days) {
  AlertRun result;
  const fs::path dir = fs::temp_directory_path() / ("chaintwin-alerts-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string exe = CHAINTWIN_EXE;
  EXPECT_EQ(run(exe + " stream " + scenario + " --sink file --out " + (dir / "stream").string() + " --days " +
                        std::to_string(days) + " --no-output"), 0);
  EXPECT_EQ(run(exe + " pipeline --from-files " + (dir / "stream").string() + " --out " + (dir / "out").string()), 0);
  std::vector<pipeline::AlertRecord> alerts;
  std::string error;
  for (const auto& rec : bus::read_file_sink(bus::file_sink_path(dir / "out", "chaintwin.alerts"))) {
    if (auto a = pipeline::parse_alert(rec.payload, error)) {
      alerts.push_back(std::move(*a));
    } else {
      ++result.malformed;
    }
  }
  for (const auto& rec : bus::read_file_sink(bus::file_sink_path(dir / "out", "chaintwin.progress")))
    if (auto p = pipeline::parse_progress(rec.payload, error)) result.last_progress = *p;
  fs::remove_all(dir);

  auto loaded = scenarios::load_world_scenario(scenario);
  EXPECT_TRUE(loaded);
  const auto& s = loaded.value();
  const sim::RandomStreams streams(s.scenario.seed, 0);
  world::World w(s.network, s.world, streams, sim::from_days(days));
  w.run_until(sim::from_days(days));
  result.score = analysis::score_alerts(s.network, w.ledger(), s.streams.epoch_unix_s * 1'000'000'000, alerts,
                                     result.last_progress.watermark_unix_ns);
  for (const auto& k : result.score.kinds)
    std::printf("%s %s: truth %llu raised %llu right %llu precision %.4f recall %.4f delay p50 %.0f s p90 %.0f s "
                "(watermark: p50 %.0f s p90 %.0f s)\n",
                name.c_str(), k.kind.c_str(), static_cast<unsigned long long>(k.truth),
                static_cast<unsigned long long>(k.alerts), static_cast<unsigned long long>(k.correct), k.precision,
                k.recall, k.delay_p50_s, k.delay_p90_s, k.watermark_delay_p50_s, k.watermark_delay_p90_s);
  return result;
}

// Six weeks: the cold-chain failure hits DC-003 on day 40, and the first supplier shipments are late from week 3.
constexpr double kAlertDays = 42.0;

TEST(PipelineAlerts, TheColdChainFailureIsDetectedAndNothingElse) {
  const AlertRun run =
      replay_alerts(CHAINTWIN_SOURCE_DIR "/scenarios/examples/cold_chain_failure.yaml", "cold-chain", kAlertDays);
  EXPECT_TRUE(run.last_progress.finished);
  EXPECT_EQ(run.malformed, 0u);
  EXPECT_EQ(run.score.unknown, 0u);
  const analysis::AlertKindScore& excursion = run.score.kinds[1];
  ASSERT_EQ(excursion.kind, "temperature_excursion");
  // docs/pipeline.md, "Accuracy": both rooms of DC-003 go out of range; each excursion is alerted, and no alert is
  // raised for any other room in six weeks of noisy readings (stuck sensors, Fahrenheit, late batches).
  EXPECT_EQ(excursion.truth, 2u);
  EXPECT_EQ(excursion.recall, 1.0);
  EXPECT_EQ(excursion.precision, 1.0);
  // Raised on the reading that completes the minimum duration, or one 15-minute reading later.
  EXPECT_LE(excursion.delay_p90_s, 15.0 * 60.0);
}

TEST(PipelineAlerts, DelaysOnTheNoisyBaselineStayWithinTheirDocumentedBounds) {
  const AlertRun run = replay_alerts(CHAINTWIN_SOURCE_DIR "/scenarios/examples/baseline.yaml", "baseline", kAlertDays);
  EXPECT_TRUE(run.last_progress.finished);
  EXPECT_EQ(run.malformed, 0u);
  const analysis::AlertKindScore& delay = run.score.kinds[0];
  ASSERT_EQ(delay.kind, "shipment_delay");
  // docs/pipeline.md, "Accuracy" (measured: 33 late, 24 alerted, all of them late: precision 1, recall 0.727). The
  // messages state promised dates, not times: a shipment late by hours on its promised day cannot be told.
  EXPECT_GE(delay.truth, 20u);
  EXPECT_GE(delay.precision, 0.95);
  EXPECT_GE(delay.recall, 0.70);
  // Without excursions in the truth, no excursion alert.
  EXPECT_EQ(run.score.kinds[1].truth, 0u);
  EXPECT_EQ(run.score.kinds[1].alerts, 0u);
  // The world's trucks keep to their routes: every deviation alert is false (truck pairings guessed wrong).
  EXPECT_LE(run.score.kinds[2].alerts, 5u);
}

}  // namespace
}  // namespace chaintwin
