"""Reads the demo results file with h5py, as a user would, and checks its layout (docs/outputs.md) and a few values.

Usage: read_demo_results.py <write_demo_results program> <output.h5> <expected chaintwin version>
"""
import subprocess
import sys

import h5py
import numpy as np

writer, path, version = sys.argv[1:4]
subprocess.run([writer, path], check=True)

with h5py.File(path, "r") as f:
    assert f.attrs["chaintwin_version"] == version, f.attrs["chaintwin_version"]
    reps = f["replications"]
    assert list(reps) == ["replication", "probability_wait", "mean_wait_hours", "mean_queue_length",
                          "utilisation", "trucks_served", "events", "trajectory_hash"], list(reps)
    columns = {name: reps[name][()] for name in reps}
    assert all(c.shape == (4,) for c in columns.values())
    assert columns["trajectory_hash"].dtype == np.uint64
    assert list(columns["replication"]) == [0, 1, 2, 3]
    assert np.all((columns["probability_wait"] > 0) & (columns["probability_wait"] < 1))
    assert reps["mean_wait_hours"].attrs["unit"] == "h"

    summary = f["summary"]
    assert summary.attrs["seed"] == 7 and summary.attrs["replications"] == 4 and summary.attrs["doors"] == 4
    assert summary.attrs["days"] == 20.0
    quantities = list(summary["quantity"].asstr()[()])
    assert quantities == ["probability_wait", "mean_wait_hours", "mean_queue_length", "utilisation"], quantities
    for row, name in enumerate(quantities):
        assert np.isclose(summary["mean"][row], columns[name].mean(), rtol=1e-12, atol=0), name
        assert summary["lower"][row] < summary["mean"][row] < summary["upper"][row], name
    assert abs(summary["erlang_c"][3] - 0.9) < 1e-12  # utilisation = 3.6 / (4 x 1.0)
print("h5py read", path, "OK")
