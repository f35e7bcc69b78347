#include "analysis/junit_report.hpp"

#include <fstream>
#include <stdexcept>

namespace chaintwin::analysis {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control character but tab, newline and carriage return, not even escaped.
        const bool forbidden = static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
        out += forbidden ? '?' : c;
    }
  }
  return out;
}

std::string junit_report(std::string_view scenario, std::span<const ExpectationResult> results) {
  std::size_t failures = 0;
  for (const ExpectationResult& r : results) failures += r.passed ? 0 : 1;
  const std::string suite = xml_escape("chaintwin." + std::string(scenario));
  const std::string counts =
      " tests=\"" + std::to_string(results.size()) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"chaintwin\"" + counts + ">\n";
  xml += "  <testsuite name=\"" + suite + "\"" + counts + " skipped=\"0\">\n";
  for (const ExpectationResult& r : results) {
    xml += "    <testcase classname=\"" + suite + "\" name=\"" + xml_escape(expectation_name(r.expectation)) + "\"";
    if (r.passed) {
      xml += "/>\n";
      continue;
    }
    const std::string reason = xml_escape(r.reason);
    xml += ">\n      <failure message=\"" + reason + "\" type=\"expectation\">" + reason + "</failure>\n";
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

void write_junit_report(const std::filesystem::path& path, std::string_view scenario,
                        std::span<const ExpectationResult> results) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file << junit_report(scenario, results);
  file.close();
  if (!file) throw std::runtime_error("cannot write the JUnit report " + path.string());
}

}  // namespace chaintwin::analysis
