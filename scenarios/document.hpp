#pragma once
// A parsed YAML document as a plain tree with 1-based positions. yaml-cpp is confined to document.cpp: the
// templates that bind this tree to config structs live in headers, and no other module may see yaml-cpp.
// Every node names the file it was read from, so that a tree merged from several files (a scenario that
// `extends:` another) still reports each problem in the file that holds it.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostic.hpp"

namespace chaintwin::scenarios {

struct Entry;

// The name of the file a node came from; null for nodes built in memory (diagnostics then name the file being bound).
using SourceFile = std::shared_ptr<const std::string>;

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  int line = 0;  // 1-based
  int column = 0;
  SourceFile source;
  std::string scalar;          // kScalar: the text as written, quotes removed
  std::vector<Node> items;     // kSequence
  std::vector<Entry> entries;  // kMapping, in file order, duplicate keys kept so that the binder can report them

  // The value of the first entry named key; null when this is not a mapping or has no such entry.
  const Node* find(std::string_view key) const;
};

struct Entry {
  std::string key;
  int line = 0;  // of the key
  int column = 0;
  SourceFile source;
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

// `over` merged onto `base`: two mappings merge key by key (recursively; keys new in `over` are appended, and a
// merged mapping takes `over`'s position); anything else, scalars and lists included, is replaced by `over`.
Node merge(Node base, const Node& over);

// read_document / parse_document, then `extends:`. When the top-level mapping has `extends: other.yaml` (a path
// relative to the file that says it), that file is read first, following its own `extends:`, and this document
// is merged over it (see merge); the `extends` entry is removed. Every node keeps the file it came from, so
// diagnostics point into whichever file holds the problem. A missing file, a cycle or more than 32 levels are
// reported at the `extends:` value.
Document read_extended_document(const std::string& path);
Document parse_extended_document(std::string_view text, const std::string& file);

}  // namespace chaintwin::scenarios
