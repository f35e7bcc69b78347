#include "analysis/stream_results.hpp"

#include <string>
#include <vector>

#include "analysis/results_file.hpp"

namespace chaintwin::analysis {

void write_stream_results(const std::filesystem::path& path, const StreamRunInfo& info,
                          const generators::MessageTruth& truth, const generators::LogLinearHistogram& send_delay) {
  ResultsFile file(path);
  file.set_attribute("/", "scenario", info.scenario);
  file.set_attribute("/", "seed", info.seed);
  file.set_attribute("/", "days", info.days);
  file.set_attribute("/", "sink", info.sink);
  file.set_attribute("/", "destination", info.destination);
  file.set_attribute("/", "epoch_unix_s", info.epoch_unix_s);
  file.set_attribute("/", "wall_seconds", info.seconds);

  // One row per delivery, in the order sent.
  const std::size_t n = truth.size();
  std::vector<std::uint64_t> id(n), noise(n), fact(n);
  std::vector<std::int64_t> event(n), send(n), clock(n), fact_count(n);
  std::vector<std::int64_t> key(n), kind(n), version(n), field(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = truth.row(i);
    id[i] = r.message_id;
    noise[i] = r.noise;
    event[i] = r.event_ns;
    send[i] = r.send_ns;
    clock[i] = r.clock_error_ns;
    key[i] = r.key;
    kind[i] = static_cast<std::int64_t>(r.kind);
    version[i] = r.schema_version;
    field[i] = r.field == 0xff ? -1 : r.field;
    fact_count[i] = r.fact == generators::MessageTruth::kNoFact ? 0 : 1;
    fact[i] = r.fact.packed;
  }
  const std::vector<Column> messages = {
      {"message_id", std::move(id), "", "id in the message-id header; a duplicate delivery repeats it"},
      {"kind", std::move(kind), "", "index into /kind_names"},
      {"key", std::move(key), "", "index into /keys: the Kafka key (sender)"},
      {"event_ns", std::move(event), "ns", "true time of the fact reported, simulated"},
      {"send_ns", std::move(send), "ns", "simulated time the message was due on the bus"},
      {"clock_error_ns", std::move(clock), "ns", "what the sender's clock added to the times it wrote"},
      {"noise", std::move(noise), "", "bit set; bit i is named by /noise_names[i]"},
      {"schema_version", std::move(version), "", "1, or 2 after schema drift"},
      {"field", std::move(field), "", "the field left out (index into the format's optional or required list), -1"},
      {"fact", std::move(fact), "", "ledger fact reported: table << 56 | row (all ones: a snapshot, no one fact)"},
      {"fact_count", std::move(fact_count), "", "facts reported (0 for snapshots)"},
  };
  file.write_table("/messages", messages);
  std::vector<std::string> keys(truth.key_count()), kinds(generators::kMessageKindCount), noises;
  for (std::size_t k = 0; k < keys.size(); ++k) keys[k] = std::string(truth.key(static_cast<std::uint32_t>(k)));
  for (std::size_t k = 0; k < kinds.size(); ++k)
    kinds[k] = std::string(generators::to_string(static_cast<generators::MessageKind>(k)));
  for (int b = 0; b < 17; ++b) noises.push_back(generators::noise_names(1u << b));
  file.write("/keys", keys);
  file.write("/kind_names", kinds);
  file.write("/noise_names", noises);

  // The send delay (actual minus intended send time), as histogram buckets and summary quantiles.
  std::vector<std::int64_t> upper;
  std::vector<std::uint64_t> counts;
  for (const auto& [edge, count] : send_delay.buckets()) {
    upper.push_back(edge);
    counts.push_back(count);
  }
  file.write_table("/send_delay", std::vector<Column>{{"upper_ns", std::move(upper), "ns", "bucket's upper edge"},
                                                      {"count", std::move(counts), "", "messages in the bucket"}});
  file.set_attribute("/send_delay", "p50_ns", send_delay.quantile(0.5));
  file.set_attribute("/send_delay", "p99_ns", send_delay.quantile(0.99));
  file.set_attribute("/send_delay", "p999_ns", send_delay.quantile(0.999));
  file.set_attribute("/send_delay", "max_ns", send_delay.max());

  std::vector<std::string> topic;
  std::vector<std::uint64_t> sent, bytes, lost;
  for (const auto& t : info.topics) {
    topic.push_back(t.topic);
    sent.push_back(t.messages);
    bytes.push_back(t.bytes);
    lost.push_back(t.lost);
  }
  file.write_table("/topics", std::vector<Column>{{"topic", std::move(topic), "", ""},
                                                  {"messages", std::move(sent), "", "accepted by the sink"},
                                                  {"bytes", std::move(bytes), "bytes", "payload and key bytes"},
                                                  {"lost", std::move(lost), "", "sent but not delivered, or dropped"}});
  file.commit();
}

}  // namespace chaintwin::analysis
