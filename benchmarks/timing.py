"""What the benchmark scripts share: the machine line, interleaved timing, medians and ratios.

``run.py`` and ``compliance_checks.py`` import this file as ``timing`` (Python puts the folder of
the script it runs first on the path), so both time and report their methods the same way:

* :func:`time_interleaved` runs every method once per round, in an order shuffled each round (so
  no method always runs first, on a cold cache, or right after the most expensive one);
* :func:`report_times` prints each method's median and runs, then the library's ratio to each
  competitor (below 1: the library is faster).
"""

from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import time
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

import tenncare_calc as tc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

COMPETITORS = ("duckdb", "pandas")


def machine_line() -> str:
    """Return the machine, its load average now, and the versions of everything timed."""
    load_average = os.getloadavg()
    return (
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load_average[0]:.2f} at start; python {platform.python_version()}, "
        f"numpy {np.__version__}, pyarrow {pa.__version__}, duckdb {duckdb.__version__}, "
        f"pandas {pd.__version__}, tenncare_calc {tc.__version__}"
    )


def time_interleaved(
    methods: dict[str, Callable[[], object]], rounds: int, seed: int
) -> dict[str, list[float]]:
    """Return each method's wall times over ``rounds`` rounds, method order shuffled each round."""
    order = list(methods)
    shuffler = random.Random(seed)  # noqa: S311 - shuffles timing order, not security
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(rounds):
        shuffler.shuffle(order)
        for name in order:
            gc.collect()
            start = time.perf_counter()
            methods[name]()
            times[name].append(time.perf_counter() - start)
    return times


def report_times(
    times: dict[str, list[float]], *, against: Iterable[str] = COMPETITORS
) -> dict[str, float]:
    """Print each method's median and runs, then library / competitor; return the medians."""
    medians = {method: statistics.median(values) for method, values in times.items()}
    for method, values in times.items():
        runs = ", ".join(f"{v:.3f}" for v in values)
        print(f"   {method:20s} median {medians[method]:7.3f} s   (runs: {runs})")
    for method in against:
        if method in medians:
            print(f"   ratio library / {method}: {medians['library'] / medians[method]:.2f}")
    return medians


def mb(size: float) -> str:
    """Return a size in bytes as whole megabytes (MiB), e.g. ``63 MB``."""
    return f"{size / 2**20:,.0f} MB"
