# Sources of the JSON formats: list(APPEND formats_sources ...)
# Relative names resolve against generators/formats/ (add_library in that directory's CMakeLists.txt).
list(APPEND formats_sources
  json_writer.cpp
  time_format.cpp
  sha256.cpp
  epcis.cpp
  telematics.cpp
  ais.cpp
  sparkplug.cpp
  business.cpp)
