"""Benchmark: member months and community tenure, library vs the best DuckDB SQL vs the best pandas.

One command (from the project root, after ``pip install -e '.[bench]'``)::

    python benchmarks/run.py

It generates (once, cached under ``benchmarks/data/``) a state-scale data set: 1.5 million members,
about 4.1 million enrollment spans over 2007-2009 with overlaps, duplicates and open ends, and about
300,000 inpatient mental-health stays with transfers, readmissions and three plans. It runs every
method once and **stops with exit status 1** unless they all give exactly the same answer; then,
in one process, it times each computation interleaved (the order of the methods shuffled every
round) and reports the median of several rounds:

* **library**: ``tenncare_calc.enrollment.member_months`` / ``community_tenure`` on the pyarrow
  tables;
* **duckdb**: the best SQL we know (``queries.py``: one window per computation, a running maximum
  of the earlier spans' ends or stays' discharges, with ``lead`` for the next admission), on
  DuckDB's own tables (loading them is not timed), with DuckDB's default thread count (every core);
* **pandas**: what a competent pandas user writes: sort once, ``groupby(...).cummax()`` for the
  reach of the earlier spans, a shift within the member, then numpy (``bincount``, ``cumsum``) for
  the enrolled members of each day; member ids factorized before the sort;
* **library_pandas_input**: the library again, given the pandas DataFrame (conversion included).

Peak memory is measured separately, each method in a fresh child process: the rise of the resident
set (VmHWM after resetting it, minus VmRSS before the call) while the computation runs, against the
Arrow size of its input.

Options: ``--scale 0.1`` runs on a tenth of the data (a quick check); ``--rounds`` sets the
rounds; ``--text-ids`` makes member ids text (``M100000123``) instead of numbers; ``--no-pandas``
and ``--no-memory`` leave those out; ``--data DIR`` keeps the generated data elsewhere.

Two more modes:

* ``--sweep 1,4,16``: the same at each size (millions of spans, ~2.75 spans a member, stays a fifth
  of the members; generated from fixed seeds and cached), then a **growth table**: each method's
  median time and peak memory rise at each size, how they grow from the smallest size to the
  largest against the rows, and library / DuckDB at each size.
* ``--end-to-end 1,10``: writes the spans and stays of each size to CSV once (text member ids,
  ISO dates, an empty cell for an open end, as extracts have them), checks that the two commands
  agree, then times **whole processes** run alternately (A B A B, ``--rounds`` each):
  ``tenncare-calc member-months FILE --year 2008 --format csv --part by_month`` against
  ``python benchmarks/duckdb_csv.py member-months FILE --year 2008`` (DuckDB ``read_csv`` and the
  best query), and the same for ``community-tenure``. It reports each process's median wall time,
  CPU time (user + system, all threads: steadier than wall time on a shared machine) and peak
  resident set (``ru_maxrss``), the ratios library / DuckDB, the 1-minute load while measuring,
  and growth tables over the sizes. ``--delete-data`` removes each size's files once measured
  (``--end-to-end 40 --rounds 1 --delete-data``: the 1 GB-class file). The library's modules are
  compiled to bytecode first, as an installed package's are (DuckDB's were, when installed).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import ctypes
import datetime as dt
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from queries import community_tenure_sql, member_months_sql
from timing import machine_line, mb, report_times, time_interleaved

import tenncare_calc as tc

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
YEAR = 2008
THROUGH = dt.date(2009, 1, 20)  # December discharges after the 21st are incomplete
WINDOW = 30
EPOCH = dt.date(1970, 1, 1)
STATE_MEMBERS = 1_500_000  # --scale 1
SPANS_PER_MEMBER = 2.75  # what generate_spans gives on average: (1 + 1.67) spans, 3% duplicated
STAYS_PER_MEMBER = 0.2  # 300,000 stays at state scale


# --------------------------------------------------------------------------------------------------
# Data


def _day(day: dt.date) -> int:
    return (day - EPOCH).days


def generate_spans(members: int, seed: int) -> pa.Table:
    """Return ~2.7 spans per member over 2007-2009: overlaps, 3% duplicates, 10% open ends."""
    rng = np.random.default_rng(seed)
    ids = rng.permutation(members).astype(np.int64) + 100_000_000
    per_member = 1 + rng.poisson(1.67, members)
    member = np.repeat(ids, per_member)
    n = len(member)
    first, last = _day(dt.date(2007, 1, 1)), _day(dt.date(2009, 12, 31))
    start = rng.integers(first, last + 1, n)
    kind = rng.random(n)
    length = np.where(
        kind < 0.10,
        0,  # one day
        np.where(
            kind < 0.35,
            rng.integers(1, 31, n),
            np.where(kind < 0.75, rng.integers(28, 200, n), rng.integers(300, 400, n)),
        ),
    )
    end = start + length
    open_end = rng.random(n) < 0.10
    duplicates = rng.choice(n, size=int(n * 0.03), replace=False)
    member = np.concatenate([member, member[duplicates]])
    start = np.concatenate([start, start[duplicates]])
    end = np.concatenate([end, end[duplicates]])
    open_end = np.concatenate([open_end, open_end[duplicates]])
    order = rng.permutation(len(member))
    return pa.table(
        {
            "member_id": pa.array(member[order]),
            "start_date": pa.array(start[order].astype(np.int32), pa.int32()).view(pa.date32()),
            "end_date": pa.array(
                end[order].astype(np.int32), pa.int32(), mask=open_end[order]
            ).view(pa.date32()),
        }
    )


def generate_stays(members: int, stays: int, seed: int) -> pa.Table:
    """Return stays of ~40% of members in sequences: transfers, readmissions, longer gaps."""
    rng = np.random.default_rng(seed)
    patients = rng.choice(members, size=int(stays / 2.5), replace=False).astype(np.int64)
    per_patient = 1 + rng.poisson(1.5, len(patients))
    member = np.repeat(patients + 100_000_000, per_patient)
    n = len(member)
    first_of_member = np.zeros(n, dtype=bool)
    first_of_member[np.concatenate([[0], np.cumsum(per_patient)[:-1]])] = True
    length = rng.geometric(0.15, n) - 1
    kind = rng.random(n)
    gap = np.where(
        kind < 0.10,
        -rng.integers(0, 3, n),  # transfer: admitted on or before the previous discharge
        np.where(kind < 0.35, rng.integers(1, 31, n), rng.integers(31, 400, n)),
    )
    start_day = rng.integers(_day(dt.date(2006, 10, 1)), _day(dt.date(2009, 6, 30)), n)
    # admit = previous discharge + gap, restarting at each member's first stay
    step = np.where(first_of_member, 0, gap)
    admit = np.empty(n, dtype=np.int64)
    discharge = np.empty(n, dtype=np.int64)
    group_start = np.flatnonzero(first_of_member)
    offset = np.cumsum(np.where(first_of_member, 0, step + np.roll(length, 1)))
    base = offset[np.repeat(group_start, per_patient)]
    admit[:] = start_day[np.repeat(group_start, per_patient)] + (offset - base)
    discharge[:] = admit + length
    plan_of_member = rng.integers(0, 3, len(patients))
    plan = np.repeat(plan_of_member, per_patient)
    switch = rng.random(n) < 0.05
    plan = np.where(switch, rng.integers(0, 3, n), plan)
    still_in = rng.random(n) < 0.005
    order = rng.permutation(n)
    names = np.array(["AGP", "BCT", "UHC"])
    return pa.table(
        {
            "member_id": pa.array(member[order]),
            "admit_date": pa.array(admit[order].astype(np.int32), pa.int32()).view(pa.date32()),
            "discharge_date": pa.array(
                discharge[order].astype(np.int32), pa.int32(), mask=still_in[order]
            ).view(pa.date32()),
            "plan": pa.array(names[plan[order]]),
        }
    )


def members_for(millions_of_spans: float) -> int:
    """Return the number of members whose generated spans number about ``millions_of_spans`` M."""
    return round(millions_of_spans * 1_000_000 / SPANS_PER_MEMBER)


def load(members: int, *, text_ids: bool = False, data: Path = DATA) -> tuple[pa.Table, pa.Table]:
    """Return the spans and stays of ``members`` members, generated once and cached in ``data``."""
    data.mkdir(parents=True, exist_ok=True)
    spans_file = data / f"spans_{members}.parquet"
    stays_file = data / f"stays_{members}.parquet"
    if not spans_file.exists():
        pq.write_table(generate_spans(members, seed=1), spans_file)
    if not stays_file.exists():
        stays = int(members * STAYS_PER_MEMBER)
        pq.write_table(generate_stays(members, stays, seed=2), stays_file)
    spans = pq.read_table(spans_file).combine_chunks()
    stays = pq.read_table(stays_file).combine_chunks()
    if text_ids:
        spans, stays = (_text_ids(spans), _text_ids(stays))
    return spans, stays


def _text_ids(table: pa.Table) -> pa.Table:
    text = pc.binary_join_element_wise("M", table["member_id"].cast(pa.string()), "")
    return table.set_column(0, "member_id", text.combine_chunks())


# --------------------------------------------------------------------------------------------------
# The methods. Each returns member days by month (twelve integers), or {plan: (denominator,
# readmitted, incomplete)}, so the script can check that they agree exactly.

MEMBER_MONTHS_SQL = member_months_sql(YEAR)
COMMUNITY_TENURE_SQL = community_tenure_sql(YEAR, THROUGH.isoformat(), WINDOW)


def library_member_months(spans: Any) -> list[int]:  # noqa: ANN401 - an Arrow table or DataFrame
    """Return member days by month, from the library."""
    return list(tc.member_months(spans, year=YEAR).member_days.values())


def library_community_tenure(stays: Any) -> dict[str, tuple[int, int, int]]:  # noqa: ANN401
    """Return counts by plan, from the library."""
    result = tc.community_tenure(stays, year=YEAR, data_through=THROUGH, window_days=WINDOW)
    return {p: (c.denominator, c.readmitted, c.incomplete) for p, c in result.by_plan.items()}


def duckdb_member_months(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Return member days by month, from DuckDB SQL."""
    return [int(days) for _, days in con.execute(MEMBER_MONTHS_SQL).fetchall()]


def duckdb_community_tenure(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, int]]:
    """Return counts by plan, from DuckDB SQL."""
    rows = con.execute(COMMUNITY_TENURE_SQL).fetchall()
    return {plan: (int(a), int(b), int(c)) for plan, a, b, c in rows}


def _days_since(column: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Return the whole days from ``day`` to each date of ``column`` (NaN where it is missing)."""
    return (column - day).dt.days


def pandas_member_months(spans: pd.DataFrame) -> list[int]:
    """Return member days by month, as a competent pandas user writes it.

    Clip the spans to the year as day numbers, sort by member and start, and keep of each span only
    the days after the reach (running maximum end) of the member's earlier spans: those pieces are
    disjoint. Ordering by start alone is enough for that (a span that starts with an earlier one
    keeps only what reaches further), and a third sort key costs pandas a tenth of a second at
    4 M rows. Then the members enrolled on each day are a ``cumsum`` of +1 at each piece's start
    and -1 after its end, and each month's member days their sum.
    """
    first = pd.Timestamp(YEAR, 1, 1)
    days = (pd.Timestamp(YEAR + 1, 1, 1) - first).days
    start = _days_since(spans["start_date"], first)
    end = _days_since(spans["end_date"], first).fillna(days - 1)  # open: to the year's end
    keep = (start < days) & (end >= 0)
    frame = pd.DataFrame(
        {
            "member": pd.factorize(spans["member_id"][keep])[0],
            "s": start[keep].clip(lower=0),
            "e": end[keep].clip(upper=days - 1).astype(np.int64),
        }
    ).sort_values(["member", "s"], ignore_index=True)
    reach = frame.groupby("member", sort=False)["e"].cummax()
    same_member = frame["member"].eq(frame["member"].shift())
    earlier = reach.shift(fill_value=-1).where(same_member, -1).to_numpy()
    piece_start = np.maximum(frame["s"].to_numpy(), earlier + 1)
    piece_end = frame["e"].to_numpy()
    piece = piece_start <= piece_end
    change = np.bincount(piece_start[piece], minlength=days + 1) - np.bincount(
        piece_end[piece] + 1, minlength=days + 1
    )
    enrolled = pd.Series(np.cumsum(change)[:days], index=pd.date_range(first, periods=days))
    return [int(v) for v in enrolled.groupby(enrolled.index.month).sum()]


def pandas_community_tenure(stays: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """Return counts by plan, as a competent pandas user writes it.

    Sort by member, admission, discharge and plan; the running maximum discharge within the member
    (``groupby(...).cummax()``) is the reach of the episode so far, and a stay ends its episode when
    the member's next stay is admitted after it (or there is none). The discharging stay is the
    last one whose discharge equals the running reach (the latest discharge, then the latest
    admission, then the last plan): its plan carried forward with ``ffill``, which never crosses
    into another episode because the first stay of every episode sets the reach.
    """
    epoch = pd.Timestamp(EPOCH)
    plan, plans = pd.factorize(stays["plan"], sort=True)
    frame = pd.DataFrame(
        {
            "member": pd.factorize(stays["member_id"])[0],
            "a": _days_since(stays["admit_date"], epoch),
            "d": _days_since(stays["discharge_date"], epoch).fillna(np.iinfo(np.int32).max),
            "plan": plan,
        }
    ).sort_values(["member", "a", "d", "plan"], ignore_index=True)
    member = frame["member"]
    reach = frame.groupby("member", sort=False)["d"].cummax()
    discharging_plan = frame["plan"].where(frame["d"].eq(reach)).ffill()
    next_a = frame["a"].shift(-1).where(member.eq(member.shift(-1)))
    ends = next_a.isna() | (next_a > reach)
    index = ends & reach.between(_day(dt.date(YEAR, 1, 1)), _day(dt.date(YEAR, 12, 31)))
    complete = reach + WINDOW <= _day(THROUGH)
    readmitted = complete & (next_a - reach <= WINDOW)
    counts = (
        pd.DataFrame({"plan": discharging_plan, "c": complete, "r": readmitted, "i": ~complete})[
            index
        ]
        .groupby("plan")[["c", "r", "i"]]
        .sum()
    )
    return {str(plans[int(p)]): (int(r.c), int(r.r), int(r.i)) for p, r in counts.iterrows()}


COMPUTATIONS = ("member_months", "community_tenure")
RUNS = {
    ("library", "member_months"): library_member_months,
    ("library", "community_tenure"): library_community_tenure,
    ("duckdb", "member_months"): duckdb_member_months,
    ("duckdb", "community_tenure"): duckdb_community_tenure,
    ("pandas", "member_months"): pandas_member_months,
    ("pandas", "community_tenure"): pandas_community_tenure,
}


# --------------------------------------------------------------------------------------------------
# Checking, timing and memory


def check_agreement(name: str, answers: dict[str, Any]) -> None:
    """Print the library's answer; exit with status 1 unless every method's is the same."""
    expected = answers["library"]
    differ = [method for method, answer in answers.items() if answer != expected]
    if differ:
        print(f"\n== {name}: the methods DISAGREE", file=sys.stderr)
        for method, answer in answers.items():
            print(f"   {method}: {answer}", file=sys.stderr)
        sys.exit(1)
    print(f"\n== {name}: the methods agree")
    if name.startswith("member_months"):
        total = sum(
            (
                Fraction(
                    days, (dt.date(YEAR + (m == 12), m % 12 + 1, 1) - dt.date(YEAR, m, 1)).days
                )
                for m, days in enumerate(expected, start=1)
            ),
            Fraction(0),
        )
        exact = Decimal(total.numerator) / total.denominator
        print(f"   total prorated member months of {YEAR}: {exact:.4f}")
    else:
        overall = [sum(v[i] for v in expected.values()) for i in range(3)]
        print(f"   denominator, readmitted, incomplete: {overall}")


def _rss() -> dict[str, int]:
    values = {}
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) * 1024
    return values


def _release_free_memory() -> None:
    """Give back to the system the memory freed so far (loading, conversions, the warm-up run).

    Otherwise the computation reuses pages that the process already holds, and its rise reads
    lower than what it needs (at 16 M spans a method could seem to need nothing at all).
    """
    gc.collect()
    pa.default_memory_pool().release_unused()
    # not glibc: numpy's freed memory may stay in the process
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _duckdb_with(name: str, table: pa.Table) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("source", table)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
    con.unregister("source")
    return con


def _inputs(method: str, computation: str, table: pa.Table) -> Any:  # noqa: ANN401
    """Return what ``method`` computes from: the Arrow table, a DuckDB connection or a frame."""
    if method == "library":
        return table
    if method == "duckdb":
        return _duckdb_with("spans" if computation == "member_months" else "stays", table)
    return table.to_pandas(date_as_object=False)


def memory_child(
    method: str, computation: str, members: int, *, text_ids: bool, data: Path
) -> None:
    """Run one method once in this (fresh) process and print its memory rise as JSON."""
    spans, stays = load(members, text_ids=text_ids, data=data)
    table = spans if computation == "member_months" else stays
    arrow_bytes = table.nbytes
    run = RUNS[method, computation]
    subject = _inputs(method, computation, table)
    warm = _inputs(method, computation, table.slice(0, 1000))
    run(warm)  # imports and first-call set-up are not part of the computation's memory
    del spans, stays, table, warm
    _release_free_memory()
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss()["VmRSS"]
    run(subject)
    peak = _rss()["VmHWM"]
    print(json.dumps({"arrow_bytes": arrow_bytes, "before": before, "peak": peak}))


def measure_memory(
    method: str, computation: str, members: int, *, text_ids: bool, data: Path
) -> dict[str, int]:
    """Return the memory rise of one method, measured in a child process."""
    text = ["--text-ids"] if text_ids else []
    output = subprocess.run(  # noqa: S603 - runs this script itself with fixed arguments
        [
            sys.executable,
            __file__,
            "--memory-child",
            method,
            computation,
            "--members",
            str(members),
            "--data",
            str(data),
            *text,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_computation(
    name: str,
    methods: dict[str, Any],
    *,
    rounds: int,
    members: int,
    memory: bool,
    text_ids: bool,
    data: Path,
) -> dict[str, dict[str, float]]:
    """Check that the methods agree, time them interleaved, measure their memory.

    Return, for each method, its median ``time`` and (when measured) its peak memory ``rise`` and
    the ``arrow`` size of its input, in bytes.
    """
    check_agreement(name, {method: run() for method, run in methods.items()})
    times = time_interleaved(methods, rounds, seed=len(name))
    medians = report_times(times)
    results: dict[str, dict[str, float]] = {
        m: {"time": t, "best": min(times[m])} for m, t in medians.items()
    }
    if memory:
        for method in ("library", "duckdb", "pandas"):
            if method not in methods:
                continue
            used = measure_memory(method, name, members, text_ids=text_ids, data=data)
            rise = used["peak"] - used["before"]
            results[method].update(rise=rise, arrow=used["arrow_bytes"])
            print(
                f"   {method:20s} peak memory rise {mb(rise)} = "
                f"{rise / used['arrow_bytes']:.2f} x the input's Arrow size "
                f"({mb(used['arrow_bytes'])})"
            )
    return results


def benchmark(
    members: int, *, rounds: int, pandas: bool, memory: bool, text_ids: bool, data: Path, full: bool
) -> tuple[dict[str, int], dict[str, dict[str, dict[str, float]]]]:
    """Run both computations on the data of ``members`` members; return rows and results.

    ``full`` adds the library given pandas DataFrames (``library_pandas_input``).
    """
    started = time.perf_counter()
    spans, stays = load(members, text_ids=text_ids, data=data)
    print(f"\ngenerated/loaded in {time.perf_counter() - started:.1f} s")
    print(
        f"spans: {spans.num_rows:,} rows, {pc.count_distinct(spans['member_id']).as_py():,}"
        f" members, Arrow size {mb(spans.nbytes)}; stays: {stays.num_rows:,} rows, Arrow size "
        f"{mb(stays.nbytes)}; member ids {'text' if text_ids else 'numbers'}"
    )
    con = duckdb.connect()
    con.execute("CREATE TABLE spans AS SELECT * FROM spans")
    con.execute("CREATE TABLE stays AS SELECT * FROM stays")
    threads = con.execute("SELECT current_setting('threads')").fetchone()
    print(f"duckdb threads: {threads[0] if threads else '?'}")
    frames = {}
    if pandas or full:
        frames = {
            "member_months": spans.to_pandas(date_as_object=False),
            "community_tenure": stays.to_pandas(date_as_object=False),
        }
    tables = {"member_months": spans, "community_tenure": stays}
    results = {}
    for name in COMPUTATIONS:
        table = tables[name]
        methods: dict[str, Any] = {
            "library": lambda run=RUNS["library", name], table=table: run(table),
            "duckdb": lambda run=RUNS["duckdb", name]: run(con),
        }
        if full:
            methods["library_pandas_input"] = lambda run=RUNS["library", name], name=name: run(
                frames[name]
            )
        if pandas:
            methods["pandas"] = lambda run=RUNS["pandas", name], name=name: run(frames[name])
        results[name] = run_computation(
            name,
            methods,
            rounds=rounds,
            members=members,
            memory=memory,
            text_ids=text_ids,
            data=data,
        )
    con.close()
    return {"member_months": spans.num_rows, "community_tenure": stays.num_rows}, results


# --------------------------------------------------------------------------------------------------
# Growth tables


def _millions(rows: int) -> str:
    return f"{rows / 1e6:.3g} M" if rows >= 100_000 else f"{rows:,}"


def _seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def growth_table(
    title: str,
    sizes: list[int],
    results: list[dict[str, dict[str, float]]],
    *,
    memory_name: str,
    unit: str,
) -> None:
    """Print a Markdown table: each method's time and memory at each size, growth and ratios.

    ``sizes`` are the input rows of each run and ``results[i][method]`` has ``time`` (the median)
    and ``best`` (the fastest run) and, when measured, ``rise`` (bytes) and ``arrow`` (the input's
    Arrow size, for the multiple).
    """
    growth = (
        f"growth {_millions(sizes[0])} → {_millions(sizes[-1])} (rows ×{sizes[-1] / sizes[0]:.1f})"
    )
    head = ["", *(f"{_millions(rows)} {unit}" for rows in sizes)]
    if len(sizes) > 1:
        head.append(growth)
    print(f"\n### {title}\n")
    print("| " + " | ".join(head) + " |")
    print("| " + " | ".join(["---"] * len(head)) + " |")
    methods = [m for m in results[0] if all(m in r for r in results)]

    def line(label: str, cells: list[str], first: float | None, last: float | None) -> None:
        row = [label, *cells]
        if len(sizes) > 1:
            row.append(f"×{last / first:.1f}" if first and last else "")
        print("| " + " | ".join(row) + " |")

    for method in methods:
        times = [r[method]["time"] for r in results]
        line(f"{method}, time", [_seconds(t) for t in times], times[0], times[-1])
        if all("rise" in r[method] for r in results):
            rises = [r[method]["rise"] for r in results]
            cells = [
                mb(r[method]["rise"])
                + (
                    f" ({r[method]['rise'] / r[method]['arrow']:.2f}×)"
                    if "arrow" in r[method]
                    else ""
                )
                for r in results
            ]
            line(f"{method}, {memory_name}", cells, rises[0], rises[-1])
    for competitor in ("duckdb", "pandas"):
        if competitor not in methods:
            continue
        ratios = [r["library"]["time"] / r[competitor]["time"] for r in results]
        line(f"library / {competitor}, time", [f"**{x:.2f}**" for x in ratios], None, None)
        # DuckDB runs on every core: when another process holds one, its runs slow down while
        # the library's (one core) do not, so the fastest runs are shown too.
        fastest = [r["library"]["best"] / r[competitor]["best"] for r in results]
        line(f"library / {competitor}, fastest runs", [f"{x:.2f}" for x in fastest], None, None)
        if all("rise" in r["library"] and "rise" in r[competitor] for r in results):
            memory = [
                f"{r['library']['rise'] / r[competitor]['rise']:.2f}"
                if r[competitor]["rise"] >= 2**20  # a rise under 1 MB is noise: no ratio
                else "—"
                for r in results
            ]
            line(f"library / {competitor}, memory", memory, None, None)


def sweep(sizes: list[float], args: argparse.Namespace) -> None:
    """Run the benchmark at each size (millions of spans) and print the growth tables."""
    rows: dict[str, list[int]] = {name: [] for name in COMPUTATIONS}
    results: dict[str, list[dict[str, dict[str, float]]]] = {name: [] for name in COMPUTATIONS}
    for size in sizes:
        print(f"\n==== {size:g} M spans")
        counts, result = benchmark(
            members_for(size),
            rounds=args.rounds,
            pandas=not args.no_pandas,
            memory=not args.no_memory,
            text_ids=args.text_ids,
            data=args.data,
            full=False,
        )
        for name in COMPUTATIONS:
            rows[name].append(counts[name])
            results[name].append(result[name])
    ids = "text member ids" if args.text_ids else "numeric member ids"
    print(
        f"\n## Growth ({ids}; median of {args.rounds} rounds; memory: peak rise in a fresh process)"
    )
    for name, unit in (("member_months", "spans"), ("community_tenure", "stays")):
        growth_table(
            f"{name} ({ids})", rows[name], results[name], memory_name="peak memory rise", unit=unit
        )


# --------------------------------------------------------------------------------------------------
# End to end: whole processes on a CSV file


def write_csv(members: int, data: Path) -> tuple[Path, Path]:
    """Write the spans and stays of ``members`` members as CSV extracts, once; return the files.

    Text member ids, ISO dates, an empty cell for an open end or a stay still in hospital, no
    quotes.
    """
    spans_csv = data / f"spans_{members}.csv"
    stays_csv = data / f"stays_{members}.csv"
    if not (spans_csv.exists() and stays_csv.exists()):
        spans, stays = load(members, text_ids=True, data=data)
        options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
        for table, path in ((spans, spans_csv), (stays, stays_csv)):
            partial = path.with_suffix(".partial")
            with partial.open("wb") as out:  # pyarrow would quote the header's names
                out.write((",".join(table.column_names) + "\n").encode())
                pa_csv.write_csv(table, out, write_options=options)
            partial.replace(path)
    return spans_csv, stays_csv


def _cli() -> list[str]:
    """Return the command that starts ``tenncare-calc``: the installed script, as users run it."""
    script = Path(sys.executable).parent / "tenncare-calc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tenncare_calc"]


def commands(computation: str, path: Path) -> dict[str, list[str]]:
    """Return the library's and DuckDB's command lines for ``computation`` on the CSV ``path``."""
    duckdb_script = [sys.executable, str(HERE / "duckdb_csv.py")]
    if computation == "member_months":
        return {
            "library": [
                *_cli(), "member-months", str(path), "--year", str(YEAR),
                "--format", "csv", "--part", "by_month", "--no-progress",
            ],
            "duckdb": [*duckdb_script, "member-months", str(path), "--year", str(YEAR)],
        }  # fmt: skip
    through = ["--data-through", THROUGH.isoformat(), "--window-days", str(WINDOW)]
    return {
        "library": [
            *_cli(), "community-tenure", str(path), "--year", str(YEAR), *through,
            "--format", "csv", "--part", "by_plan", "--no-progress",
        ],
        "duckdb": [*duckdb_script, "community-tenure", str(path), "--year", str(YEAR), *through],
    }  # fmt: skip


TIME = Path("/usr/bin/time")


def _shown(command: list[str]) -> str:
    """Return ``command`` as a person would type it: program names bare, paths relative."""
    words = [Path(command[0]).name]
    for word in command[1:]:
        path = Path(word)
        if path.is_absolute() and path.exists():
            word = os.path.relpath(path)  # noqa: PLW2901 - shown, not run
        words.append(word)
    return " ".join(words)


def run_process(command: list[str]) -> tuple[float, int, str, float]:
    """Run ``command``; return its wall time, peak resident set (bytes), output and CPU seconds.

    The peak is the process's own ``ru_maxrss``; the CPU time is its user + system time (all
    threads), which says more than the wall time on a machine shared with other work. Both are
    read through ``/usr/bin/time`` (or, where that is missing, a small Python launcher) rather
    than from this script's ``wait4``: a child started straight from this process inherits this
    process's high-water mark at the fork, so every command would seem to use at least the memory
    of the benchmark that started it.
    """
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "maxrss"
        if TIME.exists():
            launcher = [str(TIME), "-f", "%M %U %S", "-o", str(report)]
        else:
            launcher = [sys.executable, "-c", _LAUNCHER, str(report)]
        out, err = Path(folder) / "out", Path(folder) / "err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            started = time.perf_counter()
            code = subprocess.call([*launcher, *command], stdout=stdout, stderr=stderr)  # noqa: S603
            elapsed = time.perf_counter() - started
        if code != 0:
            message = err.read_text(errors="replace")
            raise RuntimeError(f"{command[:3]} exited {code}: {message}")
        kib, user, system = report.read_text().split()[-3:]
        return elapsed, int(kib) * 1024, out.read_text(), float(user) + float(system)


# Runs the command in sys.argv[2:] and writes "peak-KiB user-seconds system-seconds" to sys.argv[1].
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(f"{usage.ru_maxrss} {usage.ru_utime} {usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def parse_output(computation: str, method: str, text: str) -> Any:  # noqa: ANN401
    """Return the figures both commands print, in one form: [(month, days)] or {plan: counts}."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if computation == "member_months":
        return [(row["month"], int(row["member_days"])) for row in rows]
    if method == "library":
        rows = [row for row in rows if row["plan"]]  # the first row is all plans
    return {
        row["plan"]: (int(row["denominator"]), int(row["readmitted"]), int(row["incomplete"]))
        for row in rows
    }


def _time_commands(runs: dict[str, list[str]], rounds: int) -> dict[str, dict[str, float]]:
    """Run the commands alternately (A B A B ...); return each one's medians, with the load."""
    times: dict[str, list[float]] = {method: [] for method in runs}
    peaks: dict[str, list[int]] = {method: [] for method in runs}
    cpus: dict[str, list[float]] = {method: [] for method in runs}
    loads = [os.getloadavg()[0]]
    for _ in range(rounds):
        for method, command in runs.items():
            elapsed, peak, _, cpu = run_process(command)
            times[method].append(elapsed)
            peaks[method].append(peak)
            cpus[method].append(cpu)
        loads.append(os.getloadavg()[0])
    result = {}
    for method in runs:
        result[method] = {
            "time": statistics.median(times[method]),
            "best": min(times[method]),
            "rise": statistics.median(peaks[method]),
            "cpu": statistics.median(cpus[method]),
        }
        print(
            f"   {method:8s} median {result[method]['time']:7.3f} s (CPU "
            f"{result[method]['cpu']:.2f} s), peak RSS {mb(result[method]['rise'])}   (runs: "
            + ", ".join(f"{t:.3f}" for t in times[method])
            + ")"
        )
    library, duck = result["library"], result["duckdb"]
    print(
        f"   ratio library / duckdb: time {library['time'] / duck['time']:.2f}, CPU "
        f"{library['cpu'] / duck['cpu']:.2f}, peak RSS {library['rise'] / duck['rise']:.2f}; "
        f"1-minute load {min(loads):.2f} to {max(loads):.2f} ({os.cpu_count()} cores)"
    )
    return result


def compile_library() -> None:
    """Compile the library's modules to bytecode, as installing a package does.

    DuckDB's and numpy's modules were compiled when they were installed; an editable install of
    the library is compiled on first import, except where ``PYTHONDONTWRITEBYTECODE`` is set (or a
    source is newer than its bytecode): then every process would compile the modules it imports
    again, a tenth of a second of a small file's time that no installed copy pays.
    """
    import compileall  # noqa: PLC0415 - only for the end-to-end mode

    compileall.compile_dir(Path(tc.__file__).parent, quiet=1)


def end_to_end(sizes: list[float], args: argparse.Namespace) -> None:
    """Time whole processes on CSV extracts of each size; print medians, ratios and growth."""
    compile_library()
    rows: dict[str, list[int]] = {name: [] for name in COMPUTATIONS}
    results: dict[str, list[dict[str, dict[str, float]]]] = {name: [] for name in COMPUTATIONS}
    for size in sizes:
        members = members_for(size)
        started = time.perf_counter()
        files = dict(zip(COMPUTATIONS, write_csv(members, args.data), strict=True))
        print(
            f"\n==== {size:g} M spans: CSV written/found in {time.perf_counter() - started:.1f} s"
        )
        for name in COMPUTATIONS:
            path = files[name]
            with path.open("rb") as handle:
                count = (
                    sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
                )
            rows[name].append(count)
            print(f"\n== {name}: {path.name}, {count:,} rows, {mb(path.stat().st_size)}")
            runs = commands(name, path)
            answers = {}
            for method, command in runs.items():
                print(f"   {method:8s} $ {_shown(command)}")
                answers[method] = parse_output(name, method, run_process(command)[2])
            if answers["duckdb"] != answers["library"]:
                print(f"   the commands DISAGREE: {answers}", file=sys.stderr)
                sys.exit(1)
            print("   the commands agree")
            results[name].append(_time_commands(runs, args.rounds))
        if args.delete_data:
            for path in [*files.values(), *args.data.glob(f"*_{members}.parquet")]:
                path.unlink(missing_ok=True)
    print(f"\n## End to end, CSV to answer (whole processes; median of {args.rounds} runs each)")
    for name, unit in (("member_months", "spans"), ("community_tenure", "stays")):
        growth_table(
            f"{name}, end to end", rows[name], results[name], memory_name="peak RSS", unit=unit
        )
        print()
        print(
            "| CPU seconds (user + system) | "
            + " | ".join(f"{_millions(count)} {unit}" for count in rows[name])
            + " |"
        )
        print("| --- |" + " --- |" * len(rows[name]))
        for method in ("library", "duckdb"):
            cells = [f"{result[method]['cpu']:.2f}" for result in results[name]]
            print(f"| {method} | " + " | ".join(cells) + " |")
        ratios = [
            f"**{result['library']['cpu'] / result['duckdb']['cpu']:.2f}**"
            for result in results[name]
        ]
        print("| library / duckdb | " + " | ".join(ratios) + " |")


# --------------------------------------------------------------------------------------------------


def _sizes(text: str) -> list[float]:
    return [float(size) for size in text.split(",") if size.strip()]


def main() -> None:
    """Parse the options and run the default benchmark, the sweep or the end-to-end mode."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of state scale")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (median reported)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas method")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument(
        "--text-ids",
        action="store_true",
        help="member ids as text ('M100000123') instead of numbers",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="where generated data is kept")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--sweep", type=_sizes, metavar="M,M,...", help="sizes in millions of spans, e.g. 1,4,16"
    )
    mode.add_argument(
        "--end-to-end",
        type=_sizes,
        metavar="M,M,...",
        help="CSV extracts of these sizes (millions of spans), whole processes timed",
    )
    parser.add_argument(
        "--delete-data",
        action="store_true",
        help="--end-to-end: delete each size's generated files once it is measured (a 40 M-span "
        "CSV is about 1.3 GB)",
    )
    parser.add_argument("--memory-child", nargs=2, metavar=("METHOD", "COMPUTATION"))
    parser.add_argument("--members", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child, args.members, text_ids=args.text_ids, data=args.data)
        return

    print(machine_line())
    if args.sweep:
        sweep(args.sweep, args)
    elif args.end_to_end:
        end_to_end(args.end_to_end, args)
    else:
        benchmark(
            int(STATE_MEMBERS * args.scale),
            rounds=args.rounds,
            pandas=not args.no_pandas,
            memory=not args.no_memory,
            text_ids=args.text_ids,
            data=args.data,
            full=True,
        )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
