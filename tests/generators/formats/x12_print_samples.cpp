// Prints the segment tables and sample interchanges of docs/x12.md, so that the doc shows what the code holds.
// Usage: x12_print_samples [--specs]. X12Docs.SamplesInTheDocAreWhatTheWriterProduces keeps the samples honest.

#include <cstdio>
#include <string>
#include <string_view>

#include "tests/generators/formats/x12_samples.hpp"

namespace x12 = chaintwin::formats::x12;

namespace {

std::string mandatory_elements(const x12::SegmentSpec& spec) {
  std::string out;
  for (std::size_t p = 1; p < 32; ++p) {
    if (!spec.element_mandatory(p)) continue;
    if (!out.empty()) out += ", ";
    if (p < 10) out.push_back('0');
    out += std::to_string(p);
  }
  return out;
}

void print_specs() {
  for (x12::SchemaVersion version : {x12::SchemaVersion::kV1, x12::SchemaVersion::kV2}) {
    for (x12::TransactionSet set : x12::kAllTransactionSets) {
      const bool v2 = version == x12::SchemaVersion::kV2;
      if (v2 && set != x12::TransactionSet::kShipmentStatus214) continue;  // the only table that changes
      std::printf(
          "#### %s (GS01 %s)%s\n\n| segment | loop | req. | mandatory elements | written |\n|---|---|---|---|---|\n",
          std::string(x12::transaction_set_id(set)).c_str(), std::string(x12::functional_id_code(set)).c_str(),
          v2 ? ", v2" : "");
      for (const x12::SegmentSpec& s : x12::segments(set, version))
        std::printf("| %s | %s | %s | %s | %s |\n", std::string(s.tag).c_str(), std::string(s.loop).c_str(),
                    s.is_mandatory() ? "M" : "O", mandatory_elements(s).c_str(), std::string(s.content).c_str());
      std::printf("\n");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--specs") {
    print_specs();
    return 0;
  }
  for (const auto& [title, bytes] : x12::samples::documented_samples()) {
    const std::string text = x12::samples::one_segment_per_line(bytes);
    std::printf("### %s\n```\n%s```\n\n", title.c_str(), text.c_str());
  }
  return 0;
}
