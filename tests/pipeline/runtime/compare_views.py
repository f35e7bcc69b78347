"""Compares the final views of two stock-position topics (docs/topics.md, "Pipeline outputs"): for every
SKU-location, the position at every time either published (the last record, in topic order, of the latest asOf at
or before it), from the time both have published it. Prints "ok: the final views agree" or the differences.

usage: compare_views.py REFERENCE.records OTHER   (REFERENCE: a file sink's file; OTHER: one JSON per line)"""
import bisect
import json
import sys


def view(lines):
    """{key: {asOf: onHand}}, the last record of each (key, asOf) winning."""
    out = {}
    for line in lines:
        record = json.loads(line)
        out.setdefault((record["locationId"], record["sku"]), {})[record["asOf"]] = record["onHand"]
    return out


def file_sink_payloads(path):
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t", 3)[3]


def at(points, values, t):
    i = bisect.bisect_right(points, t)
    return values[i - 1] if i > 0 else None


reference = view(file_sink_payloads(sys.argv[1]))
with open(sys.argv[2]) as f:
    other = view(line for line in f if line.strip())
differences = []
if set(reference) != set(other):
    differences.append(f"SKU-locations: {len(set(reference) ^ set(other))} published by one run only")
for key in sorted(set(reference) & set(other)):
    a, b = reference[key], other[key]
    pa, pb = sorted(a), sorted(b)
    va, vb = [a[t] for t in pa], [b[t] for t in pb]
    start = max(pa[0], pb[0])
    for t in sorted(set(pa) | set(pb)):
        if t >= start and at(pa, va, t) != at(pb, vb, t):
            differences.append(f"{key} at {t}: {at(pa, va, t)} vs {at(pb, vb, t)}")
print(f"{len(reference)} SKU-locations, {sum(len(v) for v in reference.values())} and "
      f"{sum(len(v) for v in other.values())} published positions")
if differences:
    print(f"{len(differences)} differences, e.g.:")
    print("\n".join(differences[:20]))
    sys.exit(1)
print("ok: the final views agree")
