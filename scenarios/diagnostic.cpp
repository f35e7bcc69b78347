#include "scenarios/diagnostic.hpp"

namespace chaintwin::scenarios {

std::string Diagnostic::to_string() const {
  std::string text = file + ":";
  if (line > 0) text += std::to_string(line) + ":" + std::to_string(column) + ":";
  text += " ";
  if (!path.empty()) text += "field '" + path + "': ";
  return text + message;
}

std::string to_string(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += d.to_string() + "\n";
  return text;
}

}  // namespace chaintwin::scenarios
