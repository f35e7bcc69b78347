#!/usr/bin/python3
"""PHOLD on SimPy 2.3.1: the Python peer of bench/phold (C++).

N processes each keep exactly one event pending: a process wakes (one event), picks a
uniformly random one of N logical processes as the "remote" destination (bumping its
counter, to mirror the C++ model's destination draw), and holds for an Exp(mean 1.0)
delay. The pending-event population therefore stays at N for the whole run.
As in bench/phold, the first --warmup events (default N) are untimed, then exactly
--events events are timed. Python's cyclic garbage collector is off (see main()).

Prints one line:
  RESULT model=phold impl=simpy pending=<N> events=<timed events> seconds=<wall> events_per_s=<rate>
"""

import argparse
import gc
import os
import random
import sys
import time

from SimPy.Simulation import Process, Simulation, hold


class Model:
    """Shared run state; the processes update it directly to keep the hot loop short."""

    def __init__(self, sim, pending, warmup, events, seed):
        self.sim = sim
        self.rng = random.Random(seed)
        self.lp_events = [0] * pending  # events received per logical process
        self.executed = 0
        self.warmup = warmup
        self.total = warmup + events
        self.next_mark = warmup if warmup > 0 else self.total
        self.start = None

    def mark(self):
        """Called when `executed` reaches next_mark: end of warm-up, then end of run."""
        if self.start is None:
            self.start = time.perf_counter()
            self.next_mark = self.total
        if self.executed >= self.total:
            # simulate() checks the stop flag before every step, so no further event
            # runs and the count is exact.
            self.sim.stopSimulation()


class LogicalProcess(Process):
    def run(self, model):
        # Bind everything the loop touches to locals: SimPy's own overhead is what we
        # want to measure, not attribute look-ups in our model code.
        expovariate = model.rng.expovariate
        randrange = model.rng.randrange
        lp_events = model.lp_events
        n = len(lp_events)
        while True:
            # Reaching this point is one executed event (the first one is the
            # activation, which was itself scheduled at an Exp(1) time).
            model.executed += 1
            lp_events[randrange(n)] += 1
            if model.executed >= model.next_mark:
                model.mark()
            yield hold, self, expovariate(1.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pending", type=int, default=1000, help="pending events (= processes)")
    ap.add_argument("--events", type=int, default=2_000_000, help="timed events to execute")
    ap.add_argument(
        "--warmup", type=int, default=None,
        help="untimed events first (default: --pending, so every initial event turns over once "
        "and the queue is in its steady shape, as bench/phold does)",
    )
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.pending < 1 or args.events < 1:
        ap.error("--pending and --events must be positive")
    warmup = args.pending if args.warmup is None else args.warmup
    if warmup < 0:
        ap.error("--warmup must not be negative")

    # No cyclic garbage is made once the processes exist (each event's notice and
    # command tuple die by reference counting), yet the default collector would
    # rescan the 1e6 live processes in full every ~1.5e6 events, a 15-20 s pause that
    # frees nothing and lands inside or outside the timed window by accident of
    # allocation counts. Switching it off measures the scheduler, and can only make
    # SimPy look faster.
    gc.disable()
    sim = Simulation()
    model = Model(sim, args.pending, warmup, args.events, args.seed)
    expovariate = model.rng.expovariate
    for _ in range(args.pending):
        p = LogicalProcess(name="lp", sim=sim)
        sim.activate(p, p.run(model), delay=expovariate(1.0))

    if warmup == 0:
        model.start = time.perf_counter()
    sim.simulate(until=float("inf"))
    seconds = time.perf_counter() - model.start

    executed = model.executed - warmup
    if executed != args.events:
        sys.exit(f"phold.py: executed {executed} timed events, expected {args.events}")
    print(
        f"RESULT model=phold impl=simpy pending={args.pending} events={executed} "
        f"seconds={seconds:.6f} events_per_s={executed / seconds:.0f}"
    )
    # Each process and its suspended generator form a reference cycle, so interpreter
    # shutdown would collect and close 1e6 of them (~20 s) for nothing: skip it.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
