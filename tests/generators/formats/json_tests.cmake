# Tests of the JSON formats.
find_package(simdjson REQUIRED)
chaintwin_test(formats_json_test
  json_writer_test.cpp
  time_format_test.cpp
  sha256_test.cpp
  epcis_test.cpp
  epcis_schema_test.cpp
  telematics_test.cpp
  ais_test.cpp
  sparkplug_test.cpp
  business_test.cpp
  samples_test.cpp
  LIBS chaintwin_formats simdjson::simdjson)
# The EPCIS schema test runs tests/generators/formats/validate_epcis.py on GS1's schema copied into data/.
target_compile_definitions(formats_json_test PRIVATE
  CHAINTWIN_FORMATS_TEST_DIR="${CMAKE_CURRENT_SOURCE_DIR}"
  CHAINTWIN_FORMATS_SCRATCH_DIR="${CMAKE_CURRENT_BINARY_DIR}/formats_json_test_out")
