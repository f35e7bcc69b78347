// The one place that includes yaml-cpp: converts its node graph into scenarios::Node, with 1-based positions.
#include "scenarios/document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace chaintwin::scenarios {
namespace {

// Aliases can make yaml-cpp's graph arbitrarily deep (or cyclic); no scenario needs more than a few levels.
constexpr int kMaxDepth = 64;

struct Converter {
  Document& doc;

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
          out.entries.push_back(
              {it->first.Scalar(), key_mark.line + 1, key_mark.column + 1, convert(it->second, key_mark, depth + 1)});
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
  Converter converter{doc};
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

}  // namespace chaintwin::scenarios
