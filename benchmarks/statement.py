"""Benchmark: one pay-for-performance statement for a full plan year, in microseconds per call.

One command (from the project root)::

    python benchmarks/statement.py

It reads the bundled plan year (``tenncare_calc/data/samples/plan_year_2008.toml``: every measure
in force, community tenure, member months, capitation) once, then times
``incentive_statement(**inputs)`` with :mod:`timeit` (``--repeat`` batches of ``--number`` calls)
and prints the best and the median microseconds per call, with the machine's load average. The
target (issue 15) is under 200 µs. ``--profile`` prints the functions the time goes to
(``cProfile``, sorted by own time). ``--cpu`` times the process's CPU time
(:func:`time.process_time`) instead of the wall clock: on a loaded machine it leaves out the time
the process waited for a core, so runs of two checkouts compare more steadily.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
import timeit

from tenncare_calc.p4p import incentive_statement
from tenncare_calc.p4p.plan_year import plan_year_inputs, sample_path


def main() -> None:
    """Time the statement of the bundled plan year and print microseconds per call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=500, help="calls per batch")
    parser.add_argument("--repeat", type=int, default=7, help="batches (best and median shown)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile breakdown")
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU time (process_time), not the wall clock"
    )
    args = parser.parse_args()
    inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
    statement = incentive_statement(**inputs)
    print(f"load average {os.getloadavg()[0]:.2f}; statement: {len(statement.lines)} lines")
    batches = timeit.repeat(
        lambda: incentive_statement(**inputs),
        number=args.number,
        repeat=args.repeat,
        timer=time.process_time if args.cpu else time.perf_counter,
    )
    per_call = [batch / args.number * 1e6 for batch in batches]
    print(
        f"incentive_statement: best {min(per_call):.1f} µs, median "
        f"{statistics.median(per_call):.1f} µs per call{' (CPU time)' if args.cpu else ''} "
        f"({args.repeat} batches of {args.number})"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.number):
            incentive_statement(**inputs)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
