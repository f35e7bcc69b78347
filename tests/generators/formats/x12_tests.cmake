# Tests of ANSI X12.
chaintwin_test(formats_x12_test
  x12_test.cpp
  x12_documents_test.cpp
  LIBS chaintwin_formats)
# The docs test reads docs/x12.md to check that its samples are what the writer produces.
target_compile_definitions(formats_x12_test PRIVATE CHAINTWIN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# Prints the samples of docs/x12.md.
add_executable(x12_print_samples x12_print_samples.cpp)
target_link_libraries(x12_print_samples PRIVATE chaintwin_options chaintwin_formats)
