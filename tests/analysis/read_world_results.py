"""Reads a world results file with h5py, as a user would, and checks its layout (docs/outputs.md) and a few values.

Usage: read_world_results.py <write_tiny_world_results program> <output.h5> <expected chaintwin version>
"""
import subprocess
import sys

import h5py
import numpy as np

writer, path, version = sys.argv[1:4]
subprocess.run([writer, path], check=True)

with h5py.File(path, "r") as f:
    assert f.attrs["chaintwin_version"] == version, f.attrs["chaintwin_version"]
    assert f.attrs["scenario"] == "tiny flow" and f.attrs["seed"] == 7 and f.attrs["replications"] == 3
    assert f.attrs["horizon_days"] == 10.0 and f.attrs["warm_up_days"] == 1.0
    assert f.attrs["stockout"] == "lost_sales"
    assert sorted(f) == ["conservation", "kpis", "ledger", "stock", "summary"], list(f)

    kpis = f["kpis"]
    names = list(kpis)
    assert names[0] == "replication" and "fill_rate_units" in names and "transit_mean_days" in names, names
    assert all(kpis[name].shape == (3,) for name in names)
    assert list(kpis["replication"][()]) == [0, 1, 2]
    assert list(kpis["sold_units"][()]) == [2.0, 3.0, 4.0]
    assert kpis["throughput_units_per_day"].attrs["unit"] == "units/d"
    # Little's law on a ledger whose shipments all lie inside the window.
    little = kpis["throughput_units_per_day"][()] * kpis["transit_mean_days"][()]
    assert np.allclose(kpis["in_transit_mean_units"][()], little, rtol=1e-12)

    summary = f["summary"]
    assert list(summary["kpi"].asstr()[()]) == names[1:]
    for row, name in enumerate(names[1:]):
        values = kpis[name][()]
        defined = values[~np.isnan(values)]
        assert summary["n"][row] == len(defined), name
        if len(defined):
            assert np.isclose(summary["mean"][row], defined.mean(), rtol=1e-12, atol=0), name
            assert summary["lower"][row] <= summary["mean"][row] <= summary["upper"][row], name

    conservation = f["conservation"]
    assert np.all(conservation["imbalance_units"][()] == 0)
    assert np.all(conservation["demand_imbalance_units"][()] == 0)
    assert conservation["imbalance_units"].dtype == np.int64

    ledger = f["ledger"]
    assert list(ledger["events"][()]) == [100, 200, 300]
    assert np.all(ledger["stock_rows"][()] == 9)

    stock = f["stock"]
    assert stock.attrs["resolution_hours"] == 24.0
    assert list(stock["time_days"][()]) == list(np.arange(11.0))
    locations = stock["locations"]
    assert list(locations["site_name"].asstr()[()]) == ["DC", "DC", "Store-A", "Store-A"]
    assert list(locations["sku_name"].asstr()[()]) == ["apple", "bread", "apple", "bread"]
    assert list(stock["on_hand"]) == ["0", "1", "2"]
    on_hand = stock["on_hand/2"][()]
    assert on_hand.shape == (11, 4), on_hand.shape
    assert list(on_hand[0]) == [50.0, 10.0, 0.0, 0.0]
    assert list(on_hand[7]) == [130.0, 0.0, 16.0, 10.0]  # day 7: replication 2 sold 4 of Store-A's 20 apples
print("h5py read", path, "OK")
