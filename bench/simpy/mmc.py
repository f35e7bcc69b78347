#!/usr/bin/python3
"""M/M/c truck dock on SimPy 2.3.1: the Python peer of bench/mmc (C++).

Trucks arrive as a Poisson process (--arrival-rate per hour), each takes one of
--servers dock doors (a FIFO Resource), unloads for an Exp(--service-rate per hour)
time and releases the door. The run stops when --trucks trucks have been served.
Simulated time is in hours.

It computes what the C++ model computes, so that both do the same work: mean wait and
the share of trucks that waited, and, through SimPy's own monitored Resource (the
lightweight Tally kind), the time-average queue length and door utilisation.

Prints one line:
  RESULT model=mmc impl=simpy servers=<c> trucks=<served> events=<n> seconds=<wall>
         trucks_per_s=<rate> mean_wait_h=<mean queue wait> p_wait=<share that waited>
         mean_queue=<time-average trucks queueing> utilisation=<time-average busy doors / c>
"""

import argparse
import random
import sys
import time

from SimPy.Simulation import Process, Resource, Simulation, Tally, hold, release, request


class Dock:
    """Shared run state and statistics."""

    def __init__(self, sim, servers, arrival_rate, service_rate, trucks, seed):
        self.sim = sim
        self.rng = random.Random(seed)
        self.doors = Resource(capacity=servers, name="doors", sim=sim, monitored=True, monitorType=Tally)
        self.arrival_rate = arrival_rate
        self.service_rate = service_rate
        self.limit = trucks
        self.served = 0
        self.waited = 0  # trucks that found every door busy
        self.total_wait = 0.0  # hours spent queueing, summed over served trucks


class Truck(Process):
    def unload(self, dock):
        sim = self.sim
        doors = dock.doors
        arrived = sim.now()
        # Every door busy now means the request queues; with continuous service times
        # this is exactly "had to wait", without comparing float waits against zero.
        must_wait = doors.n == 0
        yield request, self, doors
        wait = sim.now() - arrived
        yield hold, self, dock.rng.expovariate(dock.service_rate)
        yield release, self, doors
        dock.served += 1
        dock.total_wait += wait
        if must_wait:
            dock.waited += 1
        if dock.served >= dock.limit:
            sim.stopSimulation()


class Arrivals(Process):
    def generate(self, dock):
        sim = self.sim
        expovariate = dock.rng.expovariate
        rate = dock.arrival_rate
        while True:
            yield hold, self, expovariate(rate)
            truck = Truck(name="truck", sim=sim)
            sim.activate(truck, truck.unload(dock))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--servers", type=int, default=4, help="dock doors (c)")
    ap.add_argument("--arrival-rate", type=float, default=3.6, help="trucks per hour (lambda)")
    ap.add_argument("--service-rate", type=float, default=1.0, help="unloads per door-hour (mu)")
    ap.add_argument("--trucks", type=int, default=200_000, help="trucks to serve")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.servers < 1 or args.trucks < 1 or args.arrival_rate <= 0 or args.service_rate <= 0:
        ap.error("--servers, --trucks and both rates must be positive")
    if args.arrival_rate >= args.servers * args.service_rate:
        ap.error("unstable queue: need arrival-rate < servers * service-rate")

    sim = Simulation()
    dock = Dock(sim, args.servers, args.arrival_rate, args.service_rate, args.trucks, args.seed)
    source = Arrivals(name="arrivals", sim=sim)
    sim.activate(source, source.generate(dock))

    t0 = time.perf_counter()
    sim.simulate(until=float("inf"))
    seconds = time.perf_counter() - t0

    # SimPy 2.3.1 decrements Simulation._sortpr once per event notice posted, and this
    # model never cancels a notice, so executed events = posted - still queued. That
    # costs nothing in the timed loop, unlike wrapping step().
    if any(rec[3] for rec in sim._timestamps):
        sys.exit("mmc.py: cancelled event notices found; the event count would be wrong")
    events = -sim._sortpr - len(sim._timestamps)

    served = dock.served
    print(
        f"RESULT model=mmc impl=simpy servers={args.servers} trucks={served} events={events} "
        f"seconds={seconds:.6f} trucks_per_s={served / seconds:.0f} "
        f"mean_wait_h={dock.total_wait / served:.4f} p_wait={dock.waited / served:.4f} "
        f"mean_queue={dock.doors.waitMon.timeAverage():.4f} "
        f"utilisation={dock.doors.actMon.timeAverage() / args.servers:.4f}"
    )


if __name__ == "__main__":
    main()
