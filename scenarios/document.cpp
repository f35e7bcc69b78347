// The one place that includes yaml-cpp: converts its node graph into scenarios::Node, with 1-based positions.
#include "scenarios/document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace chaintwin::scenarios {
namespace {

// Aliases can make yaml-cpp's graph arbitrarily deep (or cyclic); no scenario needs more than a few levels.
constexpr int kMaxDepth = 64;
// A chain of what-ifs this long is a mistake, even without a cycle.
constexpr std::size_t kMaxExtends = 32;

struct Converter {
  Document& doc;
  SourceFile source;

  void error(const YAML::Mark& mark, std::string message) {
    doc.diagnostics.push_back({doc.file, mark.line + 1, mark.column + 1, "", std::move(message)});
  }

  Node convert(const YAML::Node& in, const YAML::Mark& fallback, int depth) {
    Node out;
    // An empty value ("wait:") is marked where the next token starts, often on a later line: point at its key.
    const bool use_fallback = in.Mark().is_null() || (in.IsNull() && in.Mark().line != fallback.line);
    const YAML::Mark mark = use_fallback ? fallback : in.Mark();
    out.line = mark.line + 1;
    out.column = mark.column + 1;
    out.source = source;
    if (depth > kMaxDepth) {
      error(mark, "nested more than " + std::to_string(kMaxDepth) + " levels deep (an alias that refers to itself?)");
      return out;
    }
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = Node::Kind::kScalar;
        out.scalar = in.Scalar();
        break;
      case YAML::NodeType::Sequence:
        out.kind = Node::Kind::kSequence;
        for (const YAML::Node& item : in) out.items.push_back(convert(item, mark, depth + 1));
        break;
      case YAML::NodeType::Map:
        out.kind = Node::Kind::kMapping;
        for (auto it = in.begin(); it != in.end(); ++it) {
          const YAML::Mark key_mark = it->first.Mark().is_null() ? mark : it->first.Mark();
          if (!it->first.IsScalar()) {
            error(key_mark, "a field name must be plain text, not a list or a mapping");
            continue;
          }
          out.entries.push_back({it->first.Scalar(), key_mark.line + 1, key_mark.column + 1, source,
                                 convert(it->second, key_mark, depth + 1)});
        }
        break;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        break;
    }
    return out;
  }
};

}  // namespace

Document parse_document(std::string_view text, const std::string& file) {
  Document doc;
  doc.file = file;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks are 0-based; some errors carry no mark at all.
    const int line = e.mark.is_null() ? 1 : e.mark.line + 1;
    const int column = e.mark.is_null() ? 1 : e.mark.column + 1;
    doc.diagnostics.push_back({file, line, column, "", "YAML syntax error: " + e.msg});
    return doc;
  }
  if (!root.IsDefined() || root.IsNull()) {
    doc.diagnostics.push_back({file, 1, 1, "", "the file has no content; expected a mapping of fields (name: value)"});
    return doc;
  }
  Converter converter{doc, std::make_shared<const std::string>(file)};
  doc.root = converter.convert(root, YAML::Mark(), 0);
  return doc;
}

Document read_document(const std::string& path) {
  const auto fail = [&](std::string message) {
    Document doc;
    doc.file = path;
    doc.diagnostics.push_back({path, 0, 0, "", std::move(message)});
    return doc;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("cannot open the scenario file: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::string("cannot open the scenario file: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(std::string("cannot read the scenario file: ") + std::strerror(errno));
  return parse_document(text.str(), path);
}

const Node* Node::find(std::string_view key) const {
  if (kind != Kind::kMapping) return nullptr;
  for (const Entry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Node merge(Node base, const Node& over) {
  if (base.kind != Node::Kind::kMapping || over.kind != Node::Kind::kMapping) return over;
  Node out = std::move(base);
  out.line = over.line;
  out.column = over.column;
  out.source = over.source;
  // Each inherited key is merged at most once: a key `over` repeats is appended, for the binder to report.
  const std::size_t inherited = out.entries.size();
  std::vector<bool> merged(inherited, false);
  for (const Entry& e : over.entries) {
    std::size_t i = 0;
    while (i < inherited && (merged[i] || out.entries[i].key != e.key)) ++i;
    if (i == inherited) {
      out.entries.push_back(e);
      continue;
    }
    merged[i] = true;
    Node value = merge(std::move(out.entries[i].value), e.value);
    out.entries[i] = Entry{e.key, e.line, e.column, e.source, std::move(value)};
  }
  return out;
}

namespace {

namespace fs = std::filesystem;

struct ChainLink {
  std::string identity;  // the canonical path, so that two spellings of one file are one file
  std::string name;      // as resolved, for messages
};

std::string identity_of(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal().string() : canonical.string();
}

// Resolves doc's `extends:` recursively and merges doc over it; problems are added to doc.diagnostics. chain holds
// the files being read, outermost first, doc's own last.
void follow_extends(Document& doc, std::vector<ChainLink>& chain) {
  if (!doc.diagnostics.empty() || doc.root.kind != Node::Kind::kMapping) return;
  std::vector<Entry> extends;
  auto& entries = doc.root.entries;
  for (auto it = entries.begin(); it != entries.end();) {
    if (it->key == "extends") {
      extends.push_back(std::move(*it));
      it = entries.erase(it);
    } else {
      ++it;
    }
  }
  if (extends.empty()) return;
  const auto error = [&](const Node& at, std::string message) {
    doc.diagnostics.push_back({at.source ? *at.source : doc.file, at.line, at.column, "extends", std::move(message)});
  };
  if (extends.size() > 1) {
    const Entry& again = extends[1];
    doc.diagnostics.push_back({again.source ? *again.source : doc.file, again.line, again.column, "extends",
                               "duplicate field; it was already given at line " + std::to_string(extends[0].line)});
    return;
  }
  const Node& value = extends[0].value;
  if (value.kind != Node::Kind::kScalar || value.scalar.empty()) {
    const std::string got = value.kind == Node::Kind::kSequence  ? "a list"
                            : value.kind == Node::Kind::kMapping ? "a mapping"
                                                                 : "nothing";
    error(value, "expected the path of the scenario file this one extends, got " + got);
    return;
  }
  fs::path target(value.scalar);
  if (target.is_relative()) target = fs::path(value.source ? *value.source : doc.file).parent_path() / target;
  target = target.lexically_normal();
  ChainLink link{identity_of(target), target.string()};
  const auto cycle =
      std::find_if(chain.begin(), chain.end(), [&](const ChainLink& l) { return l.identity == link.identity; });
  if (cycle != chain.end()) {
    std::string path;
    for (auto it = cycle; it != chain.end(); ++it) path += it->name + " -> ";
    error(value, "extends cycle: " + path + link.name);
    return;
  }
  if (chain.size() >= kMaxExtends) {
    error(value, "more than " + std::to_string(kMaxExtends) + " files extend one another");
    return;
  }
  Document base = read_document(link.name);
  if (!base.diagnostics.empty() && base.diagnostics.front().line == 0) {
    error(value, "cannot extend '" + link.name + "': " + base.diagnostics.front().message);
    return;
  }
  if (base.diagnostics.empty() && base.root.kind != Node::Kind::kMapping) {
    base.diagnostics.push_back({base.file, base.root.line, base.root.column, "",
                                "expected a mapping of fields (name: value) at the top level of a file that is "
                                "extended"});
  }
  chain.push_back(std::move(link));
  follow_extends(base, chain);
  chain.pop_back();
  if (!base.diagnostics.empty()) {
    doc.diagnostics.insert(doc.diagnostics.end(), base.diagnostics.begin(), base.diagnostics.end());
    return;
  }
  doc.root = merge(std::move(base.root), doc.root);
}

Document with_extends(Document doc) {
  std::vector<ChainLink> chain{{identity_of(fs::path(doc.file)), fs::path(doc.file).lexically_normal().string()}};
  follow_extends(doc, chain);
  return doc;
}

}  // namespace

Document read_extended_document(const std::string& path) { return with_extends(read_document(path)); }

Document parse_extended_document(std::string_view text, const std::string& file) {
  return with_extends(parse_document(text, file));
}

}  // namespace chaintwin::scenarios
