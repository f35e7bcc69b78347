#include "pipeline/bus/file_sink.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <system_error>

namespace chaintwin::bus {
namespace {

constexpr std::string_view kFileHeader = "# chaintwin-bus-records v1: timestamp_ms\tkey\theaders\tpayload\n";
constexpr std::string_view kExtension = ".records";

void escape_into(std::string& out, std::string_view field, bool header_field) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : field) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case ',':
      case '=':
        if (header_field) out += '\\';
        out += c;
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += "\\x";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits `line` at unescaped `sep` and unescapes each part. Returns false on a malformed escape.
bool split_unescape(std::string_view line, char sep, std::vector<std::string>& parts) {
  parts.clear();
  parts.emplace_back();
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == sep) {
      parts.emplace_back();
      continue;
    }
    if (c != '\\') {
      parts.back() += c;
      continue;
    }
    if (++i == line.size()) return false;
    switch (line[i]) {
      case '\\':
        parts.back() += '\\';
        break;
      case 't':
        parts.back() += '\t';
        break;
      case 'n':
        parts.back() += '\n';
        break;
      case 'r':
        parts.back() += '\r';
        break;
      case ',':
        parts.back() += ',';
        break;
      case '=':
        parts.back() += '=';
        break;
      case 'x': {
        if (i + 2 >= line.size()) return false;
        const int hi = hex_digit(line[i + 1]);
        const int lo = hex_digit(line[i + 2]);
        if (hi < 0 || lo < 0) return false;
        parts.back() += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

// Splits at unescaped `sep` without unescaping (escapes stay for the next level).
std::vector<std::string_view> split_raw(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

class FileSink final : public Sink {
 public:
  explicit FileSink(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw Error("file sink: cannot create directory " + dir_.string() + ": " + ec.message());
  }

  void send(const Record& record) override {
    Topic& topic = topic_for(record.topic);
    line_.clear();
    line_ += std::to_string(record.timestamp_ms);
    line_ += '\t';
    escape_into(line_, record.key, false);
    line_ += '\t';
    bool first = true;
    for (const Header& h : record.headers) {
      if (!first) line_ += ',';
      first = false;
      escape_into(line_, h.name, true);
      line_ += '=';
      escape_into(line_, h.value, true);
    }
    line_ += '\t';
    escape_into(line_, record.payload, false);
    line_ += '\n';
    topic.out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    if (!topic.out) throw Error("file sink: cannot write " + topic.path.string() + ": " + std::strerror(errno));
    ++topic.report.messages;
    topic.report.bytes += record_bytes(record);
  }

  void flush() override {
    for (auto& [name, topic] : topics_) {
      topic.out.flush();
      if (!topic.out) throw Error("file sink: cannot write " + topic.path.string() + ": " + std::strerror(errno));
    }
  }

  SinkReport report() override {
    SinkReport report;
    for (auto& [name, topic] : topics_) {  // std::map: sorted by topic
      TopicReport t = topic.report;
      t.delivered = t.messages;
      report.messages += t.messages;
      report.bytes += t.bytes;
      report.topics.push_back(std::move(t));
    }
    return report;
  }

 private:
  struct Topic {
    std::filesystem::path path;
    std::ofstream out;
    TopicReport report;
  };

  Topic& topic_for(std::string_view name) {
    if (last_ != nullptr && last_->report.topic == name) return *last_;  // generators send runs of one topic
    auto it = topics_.find(name);
    if (it == topics_.end()) {
      check_topic_name(name);
      Topic topic;
      topic.path = file_sink_path(dir_, name);
      topic.out.open(topic.path, std::ios::binary | std::ios::trunc);
      if (!topic.out) throw Error("file sink: cannot open " + topic.path.string() + ": " + std::strerror(errno));
      topic.out.write(kFileHeader.data(), static_cast<std::streamsize>(kFileHeader.size()));
      topic.report.topic = std::string(name);
      it = topics_.emplace(std::string(name), std::move(topic)).first;
    }
    last_ = &it->second;
    return it->second;
  }

  std::filesystem::path dir_;
  std::map<std::string, Topic, std::less<>> topics_;  // node-based: last_ stays valid
  Topic* last_ = nullptr;
  std::string line_;  // reused: no allocation per record once warm
};

}  // namespace

void check_topic_name(std::string_view topic) {
  bool ok = !topic.empty() && topic.size() <= 249 && topic != "." && topic != "..";
  for (char c : topic) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                c == '-');
  }
  if (!ok) {
    throw Error("invalid topic name '" + std::string(topic) +
                "': use 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (Kafka's rule)");
  }
}

std::filesystem::path file_sink_path(const std::filesystem::path& dir, std::string_view topic) {
  return dir / (std::string(topic) + std::string(kExtension));
}

std::unique_ptr<Sink> make_file_sink(const std::filesystem::path& dir) { return std::make_unique<FileSink>(dir); }

std::vector<OwnedRecord> read_file_sink(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
  const std::string topic = path.stem().string();
  std::vector<OwnedRecord> records;
  std::string line;
  std::vector<std::string> parts;
  std::size_t line_number = 0;
  auto bad = [&](const std::string& what) {
    return Error(path.string() + ":" + std::to_string(line_number) + ": " + what +
                 " (expected timestamp_ms<TAB>key<TAB>headers<TAB>payload, see pipeline/bus/file_sink.hpp)");
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> fields = split_raw(line, '\t');
    if (fields.size() != 4) throw bad(std::to_string(fields.size()) + " fields instead of 4");
    OwnedRecord r;
    r.topic = topic;
    try {
      std::size_t used = 0;
      r.timestamp_ms = std::stoll(std::string(fields[0]), &used);
      if (used != fields[0].size()) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
      throw bad("bad timestamp '" + std::string(fields[0]) + "'");
    }
    if (!split_unescape(fields[1], '\0', parts)) throw bad("bad escape in the key");
    r.key = std::move(parts[0]);
    if (!fields[2].empty()) {
      for (std::string_view pair : split_raw(fields[2], ',')) {
        if (!split_unescape(pair, '=', parts) || parts.size() != 2) throw bad("bad header '" + std::string(pair) + "'");
        r.headers.emplace_back(std::move(parts[0]), std::move(parts[1]));
      }
    }
    if (!split_unescape(fields[3], '\0', parts)) throw bad("bad escape in the payload");
    r.payload = std::move(parts[0]);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace chaintwin::bus
