#pragma once
// A parsed YAML document as a plain tree with 1-based positions. yaml-cpp is confined to document.cpp: the
// templates that bind this tree to config structs live in headers, and no other module may see yaml-cpp.

#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostic.hpp"

namespace chaintwin::scenarios {

struct Entry;

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  int line = 0;  // 1-based
  int column = 0;
  std::string scalar;          // kScalar: the text as written, quotes removed
  std::vector<Node> items;     // kSequence
  std::vector<Entry> entries;  // kMapping, in file order, duplicate keys kept so that the binder can report them
};

struct Entry {
  std::string key;
  int line = 0;  // of the key
  int column = 0;
  Node value;
};

struct Document {
  std::string file;
  Node root;
  std::vector<Diagnostic> diagnostics;  // when not empty, root is meaningless
};

// Reads and parses a file. Problems (cannot open, empty, YAML syntax, non-text keys) become diagnostics.
Document read_document(const std::string& path);
// The same for text already in memory; file names it in diagnostics.
Document parse_document(std::string_view text, const std::string& file);

}  // namespace chaintwin::scenarios
