# Tests of ANSI X12.
