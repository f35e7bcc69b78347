# Sources of ANSI X12: list(APPEND formats_sources ...)
list(APPEND formats_sources
  ${CMAKE_CURRENT_SOURCE_DIR}/x12.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/x12_documents.cpp)
