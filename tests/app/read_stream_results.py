#!/usr/bin/env python3
"""Runs `chaintwin stream` into an in-process channel and reads its results file as a user would, with h5py.

usage: read_stream_results.py CHAINTWIN SCENARIO OUTPUT.h5
Checks: the layout of docs/outputs.md, one truth row per message sent, every labelled duplicate is a second
delivery of an id, and the noise bits are named."""
import subprocess
import sys

import h5py
import numpy as np

chaintwin, scenario, output = sys.argv[1:4]
run = subprocess.run([chaintwin, "stream", scenario, "--days", "2", "--sink", "channel", "--output", output],
                     capture_output=True, text=True)
assert run.returncode == 0, run.stderr
with h5py.File(output, "r") as f:
    for name in ("messages", "send_delay", "topics", "keys", "kind_names", "noise_names"):
        assert name in f, name
    assert f.attrs["scenario"] == "baseline" and f.attrs["days"] == 2.0
    m = {k: f["messages"][k][()] for k in f["messages"]}
    n = len(m["message_id"])
    assert all(len(v) == n for v in m.values()), "columns of unequal length"
    topics = f["topics"]
    streamed = [t.decode() != "chaintwin.master" for t in topics["topic"][()]]
    assert n == int(topics["messages"][()][streamed].sum()), "truth rows != messages sent"
    noise = list(f["noise_names"].asstr()[()])
    dup = (m["noise"] & (1 << noise.index("duplicate"))) != 0
    ids, counts = np.unique(m["message_id"], return_counts=True)
    assert dup.sum() > 0 and dup.sum() == (counts - 1).sum() - ((m["noise"] & (1 << noise.index("resent"))) != 0).sum()
    kinds = f["kind_names"].asstr()[()]
    assert "pos_sale" in set(kinds[m["kind"]])
    assert (m["send_ns"] >= m["event_ns"] - 60_000_000_000).all()
print(f"ok: {n} messages, {int(dup.sum())} duplicates")
