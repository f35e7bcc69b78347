// Generated EPCIS validated against GS1's own EPCIS 2.0 JSON Schema (data/EPCIS-JSON-Schema.json) by
// validate_epcis.py (python3-jsonschema). Positive control: GS1's sample events; negative controls: events with a
// required field omitted and hand-broken ones, which the validator must reject.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "generators/formats/epcis.hpp"
#include "tests/generators/formats/epcis_samples.hpp"

namespace chaintwin::formats {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBizSteps[] = {
    "accepting", "arriving",         "commissioning", "departing", "inspecting", "loading",
    "packing",   "picking",          "receiving",     "sensor_reporting", "shipping", "staging_outbound",
    "storing",   "transporting",     "unloading",     "unpacking", "destroying", "retail_selling"};
constexpr std::string_view kDispositions[] = {"active",   "in_progress", "in_transit", "damaged", "expired",
                                              "recalled", "returned",    "sellable_accessible", "destroyed"};

class EpcisSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(CHAINTWIN_FORMATS_SCRATCH_DIR) / "epcis";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  void save(std::vector<std::string>& list, const std::string& name, const std::string& json) {
    const fs::path path = dir_ / (name + ".json");
    std::ofstream(path, std::ios::binary) << json;
    list.push_back(path.string());
  }
  void save_event(std::vector<std::string>& list, const std::string& name, const EpcisEvent& e,
                  const WriteOptions& options = {}) {
    std::string json;
    write_epcis_event(json, e, options);
    save(list, name, json);
  }

  // Runs the validator; returns its exit status (77 = jsonschema missing).
  int validate() {
    const fs::path test_dir = CHAINTWIN_FORMATS_TEST_DIR;
    std::string command = "python3 '" + (test_dir / "validate_epcis.py").string() + "' '" +
                          (test_dir / "data" / "EPCIS-JSON-Schema.json").string() + "' --valid";
    for (const auto& f : valid_) command += " '" + f + "'";
    command += " --invalid";
    for (const auto& f : invalid_) command += " '" + f + "'";
    command += " > '" + (dir_ / "validator.log").string() + "' 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream log(dir_ / "validator.log");
    log_.assign(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
  std::vector<std::string> valid_, invalid_;
  std::string log_;
};

TEST_F(EpcisSchema, GeneratedEventsValidateAndBrokenOnesAreRejected) {
  // Positive control: GS1's own samples.
  for (const char* sample : {"ObjectEvent", "AggregationEvent", "TransformationEvent"}) {
    valid_.push_back((fs::path(CHAINTWIN_FORMATS_TEST_DIR) / "data" / ("gs1-sample-" + std::string(sample) + ".json"))
                         .string());
  }
  const std::pair<EpcisEventType, EpcisEvent> full[] = {
      {EpcisEventType::kObject, testing::full_object_event()},
      {EpcisEventType::kAggregation, testing::full_aggregation_event()},
      {EpcisEventType::kTransformation, testing::full_transformation_event()},
  };
  for (const auto& [type, event] : full) {
    const std::string name(to_string(type));
    for (const SchemaVersion version : {SchemaVersion::kV1, SchemaVersion::kV2}) {
      const std::string v = version == SchemaVersion::kV1 ? "-v1" : "-v2";
      save_event(valid_, name + v, event, WriteOptions{version});
      // Each field omitted alone: optional -> still valid; required -> the schema must reject it.
      for (const FieldSpec& field : fields(type)) {
        const std::string_view omit[] = {field.name};
        save_event(field.required ? invalid_ : valid_, name + v + "-without-" + std::string(field.name), event,
                   WriteOptions{version, omit});
      }
    }
  }
  // Every bizStep and disposition we use, in documents, v1 and v2.
  std::vector<EpcisEvent> events;
  for (std::size_t i = 0; i < std::size(kBizSteps); ++i) {
    EpcisEvent e = testing::full_object_event();
    e.biz_step = kBizSteps[i];
    e.disposition = kDispositions[i % std::size(kDispositions)];
    e.action = i % 3 == 0 ? EpcisAction::kAdd : (i % 3 == 1 ? EpcisAction::kObserve : EpcisAction::kDelete);
    events.push_back(e);
  }
  events.push_back(testing::full_aggregation_event());
  events.push_back(testing::full_transformation_event());
  // Sensor variants: a single value with its own time and an error, and a sensor-only event (no EPCs).
  const EpcisSensorReport single[] = {{.type = "Temperature", .value = 46.4, .uom = "FAH", .exception = "ERROR_CONDITION",
                                       .time_ns = unix_ns_from_civil(2025, 3, 21, 14, 0, 0)}};
  const EpcisSensorElement single_element[] = {{{.time_ns = unix_ns_from_civil(2025, 3, 21, 14, 0, 0),
                                                 .device_id = "urn:epc:id:giai:4012345.TL0043"},
                                                single}};
  EpcisEvent sensor_only = testing::full_object_event();
  sensor_only.epc_list = {};
  sensor_only.quantity_list = {};
  sensor_only.biz_step = "sensor_reporting";
  sensor_only.sensor_elements = single_element;
  sensor_only.time_zone_offset_minutes = -5 * 60;
  events.push_back(sensor_only);
  for (const SchemaVersion version : {SchemaVersion::kV1, SchemaVersion::kV2}) {
    std::string json;
    write_epcis_document(json, events, unix_ns_from_civil(2025, 3, 21, 14, 31, 5), WriteOptions{version});
    save(valid_, version == SchemaVersion::kV1 ? "document-v1" : "document-v2", json);
  }
  save_event(valid_, "sensor-only", sensor_only);

  // Hand-broken events: a CBV 1.x URN where 2.0 wants a bare word, and an impossible date.
  EpcisEvent urn_step = testing::full_object_event();
  urn_step.biz_step = "urn:epcglobal:cbv:bizstep:receiving";
  save_event(invalid_, "broken-urn-bizstep", urn_step);
  std::string bad_time;
  write_epcis_event(bad_time, testing::full_object_event());
  bad_time.replace(bad_time.find("2025-03-21T15:30:12"), 10, "2025-02-30");
  save(invalid_, "broken-date", bad_time);
  EpcisEvent bad_uri = testing::full_object_event();
  bad_uri.read_point = "DOCK 03";
  save_event(invalid_, "broken-readpoint-not-a-uri", bad_uri);

  const int status = validate();
  if (status == 77) GTEST_SKIP() << log_;
  EXPECT_EQ(status, 0) << log_;
  EXPECT_NE(log_.find("checked " + std::to_string(valid_.size()) + " valid and " + std::to_string(invalid_.size()) +
                      " invalid files: 0 failure(s)"),
            std::string::npos)
      << log_;
  EXPECT_GE(invalid_.size(), 10u);
}

}  // namespace
}  // namespace chaintwin::formats
