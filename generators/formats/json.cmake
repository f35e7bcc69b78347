# Sources of the JSON formats: list(APPEND formats_sources ...)
