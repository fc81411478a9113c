"""Where member months spend their time: each step of the kernel timed, wall clock and CPU.

One command (from the project root, after ``pip install -e '.[bench]'``)::

    python benchmarks/member_months_steps.py --size 4 [--text-ids]

It loads the benchmark's spans of ``--size`` million spans (``run.py``'s data, generated once and
cached in ``benchmarks/data/``) and runs the steps of ``member_months`` one after the other,
``--rounds`` times, printing for each step the median wall time and the median CPU time of the
whole process (above the wall time: the step ran on more than one core):

* ``read and check``: ``read_table`` and ``check`` of the three columns (parsing, the reasons);
* ``code and pack``: the member codes (``encode_ids`` / ``fixed_width_codes``) and the packed keys
  of the spans in the year, written over them;
* ``sort``: ``sort_in_place`` of the keys (split by value as packed, one slice per thread,
  each sorted by buckets);
* ``sweep``: the pieces and difference arrays, one part of the members per thread;
* ``member_months``: the whole public call, for comparison (figures and result object included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from run import DATA, load, members_for

import tenncare_calc as tc
from tenncare_calc.enrollment import member_days, span_sweep, spans

if TYPE_CHECKING:
    from collections.abc import Callable

YEAR = 2008


def _timed(step: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    """Time each step of member months on the benchmark's spans and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=4, help="millions of spans")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (medians shown)")
    parser.add_argument("--text-ids", action="store_true", help="member ids as text")
    parser.add_argument("--data", type=Path, default=DATA, help="where generated data is kept")
    args = parser.parse_args()
    table = load(members_for(args.size), text_ids=args.text_ids, data=args.data)[0]
    days = (date(YEAR + 1, 1, 1) - date(YEAR, 1, 1)).days
    bounds = np.asarray(member_days._month_bounds(YEAR))  # noqa: SLF001 - the kernel's own steps
    month_of_day = np.repeat(np.arange(12, dtype=np.int8), np.diff(bounds))
    threads = span_sweep.workers()
    tc.member_months(table.slice(0, 1000), year=YEAR)  # imports and first calls
    times: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        wall, cpu, _result = _timed(
            lambda: spans.read_table(table, spans.SPAN_COLUMNS, name="spans").check()
        )
        times.setdefault("read and check", []).append((wall, cpu))
        wall_all, cpu_all, packed = _timed(
            lambda: spans._packed_spans(table, year=YEAR, on_error="raise")  # noqa: SLF001
        )
        # _packed_spans reads and checks too: its own part is the difference
        times.setdefault("code and pack", []).append((wall_all - wall, cpu_all - cpu))
        key, cuts = packed[0], packed[3]  # type: ignore[index]
        wall, cpu, _ = _timed(
            lambda key=key, cuts=cuts: span_sweep.sort_in_place(
                key, threads=threads, cuts=cuts, bucketed=True
            )
        )
        times.setdefault("sort", []).append((wall, cpu))
        wall, cpu, _ = _timed(
            lambda key=key: span_sweep.sweep(
                key,
                days=days,
                month_of_day=month_of_day,
                per_member=False,
                threads=threads,
                months=False,  # as for the default convention, prorated
            )
        )
        times.setdefault("sweep", []).append((wall, cpu))
        del key, cuts, packed
        wall, cpu, _ = _timed(lambda: tc.member_months(table, year=YEAR))
        times.setdefault("member_months", []).append((wall, cpu))
    ids = "text" if args.text_ids else "numeric"
    print(
        f"{table.num_rows:,} spans, {ids} member ids, {threads} threads, {args.rounds} rounds; "
        f"load average {os.getloadavg()[0]:.2f} at end"
    )
    for step, values in times.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"   {step:16s} wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
