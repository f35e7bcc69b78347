#pragma once
// What a scenario loader reports about a bad file: one Diagnostic per problem, printed gcc-style so that editors
// jump to it, and Result<T>, a loaded value or the full list of diagnostics. Bad input never throws.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace chaintwin::scenarios {

struct Diagnostic {
  std::string file;
  int line = 0;      // 1-based; 0 when the problem concerns the whole file (it cannot be opened)
  int column = 0;    // 1-based
  std::string path;  // field path, e.g. "network.stores" or "lanes[2].mode"; empty for the document itself
  std::string message;

  // "file:line:column: field 'path': message"; the position is left out when line is 0, the field when path is empty.
  std::string to_string() const;
};

// One diagnostic per line.
std::string to_string(const std::vector<Diagnostic>& diagnostics);

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // implicit, so that a loader can return either
  Result(std::vector<Diagnostic> diagnostics) : state_(std::move(diagnostics)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Calling value() on a failed result is a bug in the caller.
  const T& value() const {
    if (!ok()) throw std::logic_error("scenarios::Result::value() on a failed load");
    return std::get<0>(state_);
  }
  T& value() {
    if (!ok()) throw std::logic_error("scenarios::Result::value() on a failed load");
    return std::get<0>(state_);
  }
  // Empty when ok().
  const std::vector<Diagnostic>& diagnostics() const {
    static const std::vector<Diagnostic> kNone;
    return ok() ? kNone : std::get<1>(state_);
  }

 private:
  std::variant<T, std::vector<Diagnostic>> state_;
};

}  // namespace chaintwin::scenarios
