"""Benchmark: member months and community tenure at state scale, library vs DuckDB SQL vs pandas.

One command (from the project root, after ``pip install -e '.[bench]'``)::

    python benchmarks/run.py

It generates (once, cached under ``benchmarks/data/``) a state-scale data set: 1.5 million members,
about 4 million enrollment spans over 2007-2009 with overlaps, duplicates and open ends, and about
300,000 inpatient mental-health stays with transfers, readmissions and three plans. Then, in one
process, it times each computation interleaved (the order of the three methods shuffled every
round) and reports the median of several rounds:

* **library**: ``tenncare_calc.enrollment.member_months`` / ``community_tenure`` on the pyarrow tables;
* **duckdb**: the SQL a competent analyst would write (islands merge with window functions, then
  month overlap; episodes, then ``lead`` for the next admission), on DuckDB's own tables (loading
  them is not timed), with DuckDB's default thread count (every core);
* **pandas**: a straightforward pandas version (sort, grouped cummax, islands, overlap per month);
* **library_pandas_input**: the library again, given the pandas DataFrame (conversion included).

All three must agree; the script checks it. Peak memory is measured separately, each method in a
fresh child process: the rise of the resident set (VmHWM after resetting it, minus VmRSS before the
call) while the computation runs, against the Arrow size of its input.

``--scale 0.1`` runs on a tenth of the data (a quick check); ``--rounds`` sets the rounds;
``--text-ids`` makes member ids text (``M100000123``) instead of numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from timing import machine_line, mb, report_times, time_interleaved

import tenncare_calc as tc

DATA = Path(__file__).parent / "data"
YEAR = 2008
THROUGH = dt.date(2009, 1, 20)  # December discharges after the 21st are incomplete
WINDOW = 30
EPOCH = dt.date(1970, 1, 1)


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


def load(scale: float, *, text_ids: bool = False) -> tuple[pa.Table, pa.Table]:
    """Return the (cached) spans and stays tables for ``scale`` x state size."""
    DATA.mkdir(exist_ok=True)
    members = int(1_500_000 * scale)
    stays = int(300_000 * scale)
    spans_file = DATA / f"spans_{members}.parquet"
    stays_file = DATA / f"stays_{members}.parquet"
    if not spans_file.exists():
        pq.write_table(generate_spans(members, seed=1), spans_file)
    if not stays_file.exists():
        pq.write_table(generate_stays(members, stays, seed=2), stays_file)
    spans = pq.read_table(spans_file).combine_chunks()
    stays = pq.read_table(stays_file).combine_chunks()
    if text_ids:
        spans, stays = (_text_ids(spans), _text_ids(stays))
    return spans, stays


def _text_ids(table: pa.Table) -> pa.Table:
    text = pa.compute.binary_join_element_wise("M", table["member_id"].cast(pa.string()), "")
    return table.set_column(0, "member_id", text.combine_chunks())


# --------------------------------------------------------------------------------------------------
# The three methods. Each returns (member days by month, {plan: (denominator, readmitted, incomplete)})
# in a common form so the script can check that they agree.

MEMBER_MONTHS_SQL = f"""
WITH clipped AS (
    SELECT member_id,
           greatest(start_date, DATE '{YEAR}-01-01') AS s,
           least(coalesce(end_date, DATE '{YEAR}-12-31'), DATE '{YEAR}-12-31') AS e
    FROM spans
    WHERE start_date <= DATE '{YEAR}-12-31'
      AND coalesce(end_date, DATE '{YEAR}-12-31') >= DATE '{YEAR}-01-01'
), marked AS (
    SELECT member_id, s, e,
           CASE WHEN s <= max(e) OVER (PARTITION BY member_id ORDER BY s, e
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
                THEN 0 ELSE 1 END AS new_island
    FROM clipped
), numbered AS (
    SELECT member_id, s, e,
           -- new_island DESC: among identical spans the one opening an island comes first
           sum(new_island) OVER (PARTITION BY member_id ORDER BY s, e, new_island DESC
                                 ROWS UNBOUNDED PRECEDING) AS island
    FROM marked
), islands AS (
    SELECT member_id, min(s) AS s, max(e) AS e FROM numbered GROUP BY member_id, island
), months AS (
    SELECT m::DATE AS m, (m + INTERVAL 1 MONTH)::DATE - 1 AS m_end
    FROM generate_series(DATE '{YEAR}-01-01', DATE '{YEAR}-12-01', INTERVAL 1 MONTH) AS t(m)
)
SELECT m, sum(least(e, m_end) - greatest(s, m) + 1) AS member_days
FROM islands JOIN months ON s <= m_end AND e >= m
GROUP BY m ORDER BY m
"""

COMMUNITY_TENURE_SQL = f"""
WITH stays_ AS (
    SELECT member_id, plan, admit_date AS a, coalesce(discharge_date, DATE '9999-12-31') AS d
    FROM stays
), marked AS (
    SELECT *, CASE WHEN a <= max(d) OVER (PARTITION BY member_id ORDER BY a, d
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                   THEN 0 ELSE 1 END AS new_episode
    FROM stays_
), numbered AS (
    SELECT *, sum(new_episode) OVER (PARTITION BY member_id ORDER BY a, d, new_episode DESC
                                     ROWS UNBOUNDED PRECEDING) AS episode
    FROM marked
), episodes AS (
    SELECT member_id, min(a) AS a, max(d) AS d, arg_max(plan, (d, a, plan)) AS plan
    FROM numbered GROUP BY member_id, episode
), followed AS (
    SELECT *, lead(a) OVER (PARTITION BY member_id ORDER BY a) AS next_a FROM episodes
)
SELECT plan,
       count(*) FILTER (WHERE d + {WINDOW} <= DATE '{THROUGH}') AS denominator,
       count(*) FILTER (WHERE d + {WINDOW} <= DATE '{THROUGH}'
                        AND next_a - d BETWEEN 1 AND {WINDOW}) AS readmitted,
       count(*) FILTER (WHERE d + {WINDOW} > DATE '{THROUGH}') AS incomplete
FROM followed
WHERE d BETWEEN DATE '{YEAR}-01-01' AND DATE '{YEAR}-12-31'
GROUP BY plan ORDER BY plan
"""


def library_member_months(spans: pa.Table) -> list[int]:
    """Return member days by month, from the library."""
    return list(tc.member_months(spans, year=YEAR).member_days.values())


def library_community_tenure(stays: pa.Table) -> dict[str, tuple[int, int, int]]:
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


def pandas_member_months(spans: pd.DataFrame) -> list[int]:
    """Return member days by month, the straightforward pandas way."""
    first, last = pd.Timestamp(YEAR, 1, 1), pd.Timestamp(YEAR, 12, 31)
    end = spans["end_date"].fillna(last)
    keep = (spans["start_date"] <= last) & (end >= first)
    frame = pd.DataFrame(
        {
            "member_id": spans["member_id"][keep],
            "s": spans["start_date"][keep].clip(lower=first),
            "e": end[keep].clip(upper=last),
        }
    ).sort_values(["member_id", "s", "e"])
    reach = frame.groupby("member_id")["e"].cummax()
    previous = reach.groupby(frame["member_id"]).shift()
    new_island = previous.isna() | (frame["s"] > previous + pd.Timedelta(days=1))
    frame["island"] = new_island.cumsum()
    islands = frame.groupby("island").agg(s=("s", "min"), e=("e", "max"))
    result = []
    for month in range(1, 13):
        low = pd.Timestamp(YEAR, month, 1)
        high = low + pd.offsets.MonthEnd(0)
        overlap = (islands["e"].clip(upper=high) - islands["s"].clip(lower=low)).dt.days + 1
        result.append(int(overlap[overlap > 0].sum()))
    return result


def pandas_community_tenure(stays: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """Return counts by plan, the straightforward pandas way."""
    frame = stays.assign(
        discharge_date=stays["discharge_date"].fillna(pd.Timestamp("2262-01-01"))
    ).sort_values(["member_id", "admit_date", "discharge_date", "plan"])
    reach = frame.groupby("member_id")["discharge_date"].cummax()
    previous = reach.groupby(frame["member_id"]).shift()
    frame["episode"] = (previous.isna() | (frame["admit_date"] > previous)).cumsum()
    latest = frame.groupby("episode")["discharge_date"].transform("max")
    # the plan of the stay that discharged the episode (the last such stay when several tie)
    last_stay = frame[frame["discharge_date"] == latest].groupby("episode").tail(1)
    episodes = frame.groupby("episode").agg(
        member_id=("member_id", "first"), a=("admit_date", "min"), d=("discharge_date", "max")
    )
    episodes["plan"] = last_stay.set_index("episode")["plan"]
    episodes["next_a"] = episodes.groupby("member_id")["a"].shift(-1)
    index = episodes[
        (episodes["d"] >= pd.Timestamp(YEAR, 1, 1)) & (episodes["d"] <= pd.Timestamp(YEAR, 12, 31))
    ]
    complete = index["d"] + pd.Timedelta(days=WINDOW) <= pd.Timestamp(THROUGH)
    gap = (index["next_a"] - index["d"]).dt.days
    readmitted = complete & gap.between(1, WINDOW)
    counts = (
        pd.DataFrame({"plan": index["plan"], "c": complete, "r": readmitted, "i": ~complete})
        .groupby("plan")[["c", "r", "i"]]
        .sum()
    )
    return {str(p): (int(r.c), int(r.r), int(r.i)) for p, r in counts.iterrows()}


# --------------------------------------------------------------------------------------------------
# Timing and memory


def _rss() -> dict[str, int]:
    values = {}
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) * 1024
    return values


def memory_child(method: str, computation: str, scale: float, *, text_ids: bool) -> None:
    """Run one method once in this (fresh) process and print its memory rise as JSON."""
    spans, stays = load(scale, text_ids=text_ids)
    table = spans if computation == "member_months" else stays
    arrow_bytes = table.nbytes
    small = table.slice(0, 1000)
    if method == "library":
        data: Any = table
        warm: Any = small
        run = library_member_months if computation == "member_months" else library_community_tenure
    elif method == "duckdb":
        name = "spans" if computation == "member_months" else "stays"
        data = duckdb.connect()
        data.register("source", table)
        data.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
        data.unregister("source")
        warm = duckdb.connect()
        warm.register("source", small)
        warm.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
        run = duckdb_member_months if computation == "member_months" else duckdb_community_tenure
    else:
        data = table.to_pandas(date_as_object=False)
        warm = small.to_pandas(date_as_object=False)
        run = pandas_member_months if computation == "member_months" else pandas_community_tenure
    run(warm)  # imports and first-call set-up are not part of the computation's memory
    del spans, stays, table, small, warm
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss()["VmRSS"]
    run(data)
    peak = _rss()["VmHWM"]
    print(json.dumps({"arrow_bytes": arrow_bytes, "before": before, "peak": peak}))


def measure_memory(
    method: str, computation: str, scale: float, *, text_ids: bool
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
            "--scale",
            str(scale),
            *text,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_computation(
    name: str, methods: dict[str, Any], *, rounds: int, scale: float, memory: bool, text_ids: bool
) -> None:
    """Check that the methods agree, time them interleaved, and measure their memory."""
    answers = {method: run() for method, run in methods.items()}
    agree = all(answer == answers["library"] for answer in answers.values())
    print(f"\n== {name}: the methods {'agree' if agree else 'DISAGREE'}")
    if not agree:
        for method, answer in answers.items():
            print(f"   {method}: {answer}")
    if name == "member_months":
        total = sum(
            (
                Fraction(
                    days, (dt.date(YEAR + (m == 12), m % 12 + 1, 1) - dt.date(YEAR, m, 1)).days
                )
                for m, days in enumerate(answers["library"], start=1)
            ),
            Fraction(0),
        )
        exact = Decimal(total.numerator) / total.denominator
        print(f"   total prorated member months of {YEAR}: {exact:.4f}")
    else:
        overall = [sum(v[i] for v in answers["library"].values()) for i in range(3)]
        print(f"   denominator, readmitted, incomplete: {overall}")
    report_times(time_interleaved(methods, rounds, seed=len(name)))
    if memory:
        for method in ("library", "duckdb", "pandas"):
            if method not in methods:
                continue
            used = measure_memory(method, name, scale, text_ids=text_ids)
            rise = used["peak"] - used["before"]
            print(
                f"   {method:20s} peak memory rise {mb(rise)} = "
                f"{rise / used['arrow_bytes']:.2f} x the input's Arrow size "
                f"({mb(used['arrow_bytes'])})"
            )


def main() -> None:
    """Generate the data, check the methods agree, time them, measure memory, print a report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of state scale")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (median reported)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the (slow) pandas method")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument(
        "--text-ids",
        action="store_true",
        help="member ids as text ('M100000123') instead of numbers",
    )
    parser.add_argument("--memory-child", nargs=2, metavar=("METHOD", "COMPUTATION"))
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child, args.scale, text_ids=args.text_ids)
        return

    started = time.perf_counter()
    spans, stays = load(args.scale, text_ids=args.text_ids)
    print(f"generated/loaded in {time.perf_counter() - started:.1f} s")
    print(machine_line())
    print(
        f"spans: {spans.num_rows:,} rows, {pa.compute.count_distinct(spans['member_id']).as_py():,}"
        f" members, Arrow size {mb(spans.nbytes)}; stays: {stays.num_rows:,} rows, Arrow size "
        f"{mb(stays.nbytes)}"
    )
    con = duckdb.connect()
    con.execute("CREATE TABLE spans AS SELECT * FROM spans")
    con.execute("CREATE TABLE stays AS SELECT * FROM stays")
    threads = con.execute("SELECT current_setting('threads')").fetchone()
    frames = {
        "spans": spans.to_pandas(date_as_object=False),
        "stays": stays.to_pandas(date_as_object=False),
    }
    print(f"duckdb threads: {threads[0] if threads else '?'}")

    computations = {
        "member_months": {
            "library": lambda: library_member_months(spans),
            "library_pandas_input": lambda: library_member_months(frames["spans"]),
            "duckdb": lambda: duckdb_member_months(con),
            "pandas": lambda: pandas_member_months(frames["spans"]),
        },
        "community_tenure": {
            "library": lambda: library_community_tenure(stays),
            "library_pandas_input": lambda: library_community_tenure(frames["stays"]),
            "duckdb": lambda: duckdb_community_tenure(con),
            "pandas": lambda: pandas_community_tenure(frames["stays"]),
        },
    }
    for name, methods in computations.items():
        if args.no_pandas:
            methods.pop("pandas")
        run_computation(
            name,
            methods,
            rounds=args.rounds,
            scale=args.scale,
            memory=not args.no_memory,
            text_ids=args.text_ids,
        )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
