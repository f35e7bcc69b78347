// The file sink: lossless round trip through read_file_sink, byte-identical files for identical records, the
// documented line format, and clear errors.
#include "pipeline/bus/file_sink.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/bus/scratch_dir.hpp"

namespace chaintwin::bus {
namespace {

class FileSinkTest : public testing::ScratchDirTest {};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Awkward bytes everywhere: separators, escapes, control characters, UTF-8, empty fields.
std::vector<OwnedRecord> awkward_records() {
  std::vector<OwnedRecord> rs;
  auto add = [&](std::string topic, std::string key, std::vector<std::pair<std::string, std::string>> headers,
                 std::string payload, std::int64_t ts) {
    OwnedRecord r;
    r.topic = std::move(topic);
    r.key = std::move(key);
    r.headers = std::move(headers);
    r.payload = std::move(payload);
    r.timestamp_ms = ts;
    rs.push_back(std::move(r));
  };
  add("gps", "truck-1", {{"id", "m-1"}, {"source", "gps"}}, R"({"lat":51.5,"lon":-0.12})", 1700000000123);
  add("gps", "", {}, "", 0);
  add("edi.x12", "k\tey\n", {{"a=b", "c,d"}, {"", ""}, {"back\\slash", "\r\n\t"}},
      "ISA*00*~GS*SM\\x41~\x01\x1f\x7f end", -5);
  add("edi.x12", "caf\xc3\xa9", {{"h", "=,=,\\"}}, std::string("nul\0byte", 8), 42);
  add("gps", "truck-1", {{"id", "m-3"}}, "tail\\", 1700000000999);
  return rs;
}

void send_all(Sink& sink, const std::vector<OwnedRecord>& rs) {
  for (const OwnedRecord& r : rs) {
    std::vector<Header> hs;
    for (const auto& [n, v] : r.headers) hs.push_back({n, v});
    sink.send(Record{r.topic, r.key, r.payload, hs, r.timestamp_ms});
  }
}

std::vector<OwnedRecord> of_topic(const std::vector<OwnedRecord>& rs, const std::string& topic) {
  std::vector<OwnedRecord> out;
  for (const OwnedRecord& r : rs) {
    if (r.topic == topic) out.push_back(r);
  }
  return out;
}

TEST_F(FileSinkTest, RoundTripIsLossless) {
  const auto records = awkward_records();
  {
    auto sink = make_file_sink(dir_);
    send_all(*sink, records);
    sink->flush();
    const SinkReport report = sink->report();
    EXPECT_EQ(report.messages, records.size());
    ASSERT_EQ(report.topics.size(), 2u);
    EXPECT_EQ(report.topics[0].topic, "edi.x12");  // sorted
    EXPECT_EQ(report.topics[0].messages, 2u);
    EXPECT_EQ(report.lost, 0u);
    EXPECT_TRUE(report.problems.empty());
    std::uint64_t bytes = 0;
    for (const auto& r : records) {
      bytes += r.key.size() + r.payload.size();
      for (const auto& [n, v] : r.headers) bytes += n.size() + v.size();
    }
    EXPECT_EQ(report.bytes, bytes);
  }
  for (const std::string topic : {"gps", "edi.x12"}) {
    EXPECT_EQ(read_file_sink(file_sink_path(dir_, topic)), of_topic(records, topic)) << topic;
  }
}

TEST_F(FileSinkTest, SameRecordsGiveSameBytes) {
  const auto records = awkward_records();
  for (const char* run : {"a", "b"}) {
    auto sink = make_file_sink(dir_ / run);
    send_all(*sink, records);
    sink->flush();
  }
  for (const std::string topic : {"gps", "edi.x12"}) {
    const std::string a = slurp(file_sink_path(dir_ / "a", topic));
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, slurp(file_sink_path(dir_ / "b", topic))) << topic;
  }
}

TEST_F(FileSinkTest, LineFormatIsTheDocumentedOne) {
  {
    auto sink = make_file_sink(dir_);
    const Header hs[] = {{"id", "m-1"}, {"x=y", "a,b"}};
    sink->send(Record{"gps", "truck-17", "{\"a\":\"t\tb\\\\\"}", hs, 1700000000123});
    sink->flush();
  }
  EXPECT_EQ(slurp(file_sink_path(dir_, "gps")),
            "# chaintwin-bus-records v1: timestamp_ms\tkey\theaders\tpayload\n"
            "1700000000123\ttruck-17\tid=m-1,x\\=y=a\\,b\t{\"a\":\"t\\tb\\\\\\\\\"}\n");
}

TEST_F(FileSinkTest, ReopeningTruncates) {
  const Header none[] = {{"h", "v"}};
  for (int i = 0; i < 2; ++i) {
    auto sink = make_file_sink(dir_);
    sink->send(Record{"t", "k", "p", none, 1});
    sink->flush();
  }
  EXPECT_EQ(read_file_sink(file_sink_path(dir_, "t")).size(), 1u);
}

TEST_F(FileSinkTest, BadTopicNameIsAnError) {
  auto sink = make_file_sink(dir_);
  try {
    sink->send(Record{"../escape", "k", "p", {}, 1});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("invalid topic name '../escape'"), std::string::npos) << e.what();
  }
}

TEST_F(FileSinkTest, MalformedLineNamesFileAndLine) {
  const auto path = dir_ / "bad.records";
  std::ofstream(path) << "# header\n1\tk\t\tp\n12x\tk\t\tp\n";
  try {
    (void)read_file_sink(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.records:3: bad timestamp '12x'"), std::string::npos) << what;
  }
  std::ofstream(path) << "1\tk\tp\n";
  EXPECT_THROW((void)read_file_sink(path), Error);  // 3 fields
  std::ofstream(path) << "1\tk\t\tbad\\q\n";
  EXPECT_THROW((void)read_file_sink(path), Error);  // unknown escape
}

}  // namespace
}  // namespace chaintwin::bus
