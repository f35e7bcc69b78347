# Sources of ANSI X12: list(APPEND formats_sources ...)
