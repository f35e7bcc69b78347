#!/usr/bin/env python3
"""Reads a .hgrm percentile distribution as HdrHistogram's tools do, and checks it.

The plotter (HdrHistogram's GoogleChartsExample/plotFiles.html) keeps the lines that do not start with '#' and split
into exactly 4 fields, and plots parseFloat of the first (value) against the fourth (1/(1-percentile)); the footer
lines start with '#['. Exits non-zero, naming the problem, when the text is not what those readers expect.
"""
import argparse
import math
import re
import sys

RELATIVE_ERROR = 1.0 / 128.0  # LogLinearHistogram::kRelativeError
# The values are written with 3 decimals: allow the rounding of the last one on top of the bucket precision.
ROUNDING = 0.0005


def fail(message):
    print(f"read_hgrm: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--max-ms", type=float, required=True)
    parser.add_argument("--tick", action="append", default=[], help="PERCENTILE=EXACT_QUANTILE_MS")
    args = parser.parse_args()

    lines = open(args.path).read().split("\n")
    if lines[0].split() != ["Value", "Percentile", "TotalCount", "1/(1-Percentile)"]:
        fail(f"unexpected header {lines[0]!r}")

    rows = []  # (value, percentile, total count, 1/(1-percentile)): the lines the plotter plots
    last = None  # the 100% line, without the fourth column
    footer = {}
    for line in lines[1:]:
        fields = line.strip().split()
        if line.startswith("#["):
            for key, value in re.findall(r"(\w[\w ]*?)\s*=\s*([0-9.]+)", line):
                footer[key.strip()] = float(value)
        elif len(fields) == 4:
            rows.append(tuple(float(f) for f in fields))
        elif len(fields) == 3:
            last = tuple(float(f) for f in fields)
        elif fields:
            fail(f"unexpected line {line!r}")
    if not rows or last is None:
        fail("no percentile lines")

    for previous, row in zip(rows, rows[1:]):
        if row[0] < previous[0] or row[1] <= previous[1] or row[2] < previous[2]:
            fail(f"not ascending: {previous} then {row}")
    for value, percentile, total, inverse in rows:
        if not math.isclose(inverse, 1.0 / (1.0 - percentile), rel_tol=0, abs_tol=0.006):
            fail(f"1/(1-Percentile) {inverse} disagrees with Percentile {percentile}")
    if last[1] != 1.0 or last[2] != args.count:
        fail(f"last line {last}: expected percentile 1 and the total count {args.count}")

    for key in ("Mean", "StdDeviation", "Max", "Total count", "Buckets", "SubBuckets"):
        if key not in footer:
            fail(f"footer lacks {key}: {footer}")
    if footer["Total count"] != args.count or not math.isclose(footer["Max"], args.max_ms, abs_tol=0.001):
        fail(f"footer {footer} disagrees with count {args.count} and max {args.max_ms} ms")

    # A quantile lies in the bucket where the cumulative percentage first reaches it: at or below the value of the
    # first line at or beyond its percentile, and above the value of the line before divided by (1 + error).
    lines_to_100 = rows + [(last[0], 1.0, last[2], math.inf)]
    for tick in args.tick:
        percentile, exact = (float(x) for x in tick.split("="))
        at = next(i for i, row in enumerate(lines_to_100) if row[1] >= percentile - 1e-12)
        upper = lines_to_100[at][0]
        lower = lines_to_100[at - 1][0] / (1 + RELATIVE_ERROR) if at > 0 else 0.0
        if abs(lines_to_100[at][1] - percentile) < 1e-12:  # a line at exactly this percentile: its bucket's edge
            lower = upper / (1 + RELATIVE_ERROR)
            upper = min(upper, exact * (1 + RELATIVE_ERROR))
        if not lower - ROUNDING <= exact <= upper + ROUNDING:
            fail(f"the exact quantile {exact} ms at percentile {percentile} is outside [{lower}, {upper}] ms")
    print(f"read_hgrm: {len(rows)} percentile lines, {args.count} values, max {footer['Max']} ms: ok")


if __name__ == "__main__":
    main()
