"""Benchmark: a program run of 10 plans x 5 years x 9 measures, in Python and on the command line.

One command, from the project root::

    python benchmarks/program.py

It writes a program (by default 10 plans, measurement years 2008-2012, every measure in force with
its rates, member months given in the plan facts, four damages observations per plan-year) to CSV
files in a temporary folder, checks that every plan-year's statement is the single-plan statement
of its rows (ruling PR3) and that the totals are the sums of the statements (exit status 1
otherwise), then reports the median wall time of

* **program_run**: ``tenncare_calc.program.program_from_folder`` in this process (reading the
  CSV files, every statement and ledger, the summary), and its ``tables()``, ``to_dict()`` and
  ``explain()``;
* **command line**: whole processes ``tenncare-calc program FOLDER --format F`` for the table and
  JSON formats (start-up and imports included), beside ``python -c "import tenncare_calc"``.

Member months from enrollment spans are not part of this run (the plan facts give them); the
member-months kernel has its own benchmark (``benchmarks/run.py``). Options: ``--plans``,
``--years``, ``--rounds``, ``--observations`` (per plan-year), ``--data DIR`` (keep the files).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import tenncare_calc as tc
from tenncare_calc.columnar import InputRows
from tenncare_calc.p4p import rates_from_rows
from tenncare_calc.program import program_from_folder

FIRST_YEAR = 2008


def _rates(generator: random.Random, plans: list[str], years: list[int]) -> list[dict[str, str]]:
    measures = tc.default_profile().value("p4p.measures", tuple)
    rows = []
    for plan in plans:
        for year in years:
            for measure in measures:
                base = {"plan": plan, "measurement_year": str(year), "measure": measure.id}
                if measure.components:
                    for name in measure.components:
                        percentile = generator.uniform(30, 60)
                        current = percentile + generator.uniform(-3, 3)
                        rows.append({**base, "rate": name, "current": f"{current:.1f}",
                                     "percentile_75": f"{percentile:.1f}"})  # fmt: skip
                else:
                    baseline = generator.uniform(40, 85)
                    current = min(100.0, baseline + generator.uniform(-2, 8))
                    rows.append(
                        {**base, "baseline": f"{baseline:.1f}", "current": f"{current:.1f}"}
                    )
    return rows


def _plans(generator: random.Random, plans: list[str], years: list[int]) -> list[dict[str, str]]:
    rows = []
    for plan in plans:
        for year in years:
            capitation = Decimal(generator.randrange(300_000_000, 900_000_000))
            months = Decimal(generator.randrange(1_000_000, 3_000_000)) / 4
            tight = generator.randrange(4) == 0  # a quarter of the plan-years: the cap binds
            other = capitation * Decimal("0.05") - Decimal(1000 if tight else 5_000_000)
            rows.append(
                {"plan": plan, "year": str(year), "capitation": str(capitation),
                 "other_payments": str(other.quantize(Decimal("0.01"))),
                 "member_months": str(months)}
            )  # fmt: skip
    return rows


def _damages(
    generator: random.Random, plans: list[str], years: list[int], count: int
) -> list[dict[str, str]]:
    rows = []
    for plan in plans:
        for year in years:
            for _ in range(count):
                month = generator.randrange(1, 13)
                rows.append(
                    {"plan": plan, "item": "geographic_access", "month": f"{year}-{month:02d}",
                     "standards_met": "no", "date": "", "count": ""}
                    if generator.randrange(2)
                    else {"plan": plan, "item": "noncompliant_provider_agreements", "month": "",
                          "standards_met": "", "date": f"{year}-{month:02d}-15",
                          "count": str(generator.randrange(1, 5))}
                )  # fmt: skip
    # one geographic-access record per month: drop repeats so every row is assessed
    seen, kept = set(), []
    for row in rows:
        key = (row["plan"], row["item"], row["month"] or row["date"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def write_program(folder: Path, *, plans: int, years: int, observations: int) -> None:
    """Write rates.csv, plans.csv and damages.csv of a generated program into ``folder``."""
    generator = random.Random(14)  # noqa: S311 - reproducible sample data, nothing secret
    names = [f"plan{number:02d}" for number in range(1, plans + 1)]
    span = list(range(FIRST_YEAR, FIRST_YEAR + years))
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "rates.csv", _rates(generator, names, span))
    _write(folder / "plans.csv", _plans(generator, names, span))
    _write(folder / "damages.csv", _damages(generator, names, span, observations))


def check(folder: Path) -> tc.ProgramRun:
    """Return the run, after checking each statement against a single-plan run (exit 1 if not)."""
    run = program_from_folder(folder)
    with (folder / "rates.csv").open(encoding="utf-8") as handle:
        rates = list(csv.DictReader(handle))
    for entry in run.plan_years:
        rows = tuple(
            {k: v or None for k, v in row.items() if k not in {"plan", "measurement_year"}}
            for row in rates
            if (row["plan"], row["measurement_year"]) == (entry.plan, str(entry.year))
        )
        columns = tuple(rows[0])
        arguments = rates_from_rows(
            InputRows("single", "rows", columns, rows), measurement_year=entry.year
        )
        single = tc.incentive_statement(
            entry.year,
            member_months=entry.facts.member_months,
            capitation=entry.facts.capitation,
            other_payments=entry.facts.other_payments,
            **arguments,
        )
        if single != entry.statement:
            sys.exit(f"{entry.plan} {entry.year}: the program's statement is not the single run's")
    if run.totals.payable != sum((e.payable for e in run.plan_years), Decimal(0)):
        sys.exit("the program's payable is not the sum of its statements")
    binding = sum(1 for e in run.plan_years if e.statement.cap.binding)
    print(
        f"== the program agrees with {len(run.plan_years)} single-plan runs "
        f"({binding} with a binding cap); payable {run.totals.payable:,}, damages "
        f"{run.totals.damages:,} on {run.totals.damages_lines} lines"
    )
    return run


def _median(times: list[float]) -> str:
    return (
        f"median {statistics.median(times) * 1000:8.1f} ms  (runs: "
        + ", ".join(f"{t * 1000:.0f}" for t in times)
        + ")"
    )


def _process(arguments: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(arguments, check=True, capture_output=True)  # noqa: S603 - fixed commands
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Write the program, check it, time it and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--observations", type=int, default=4, help="per plan-year")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--data", type=Path, default=None, help="keep the program's files here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.data or Path(scratch) / "program"
        write_program(
            folder, plans=options.plans, years=options.years, observations=options.observations
        )
        load = os.getloadavg()[0]
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load "
            f"average {load:.2f} at start; python {platform.python_version()}, tenncare_calc "
            f"{tc.__version__}"
        )
        measures = len(tc.default_profile().value("p4p.measures", tuple))
        print(
            f"program: {options.plans} plans x {options.years} years x {measures} measures; "
            f"member months given (spans not read)"
        )
        run = check(folder)
        times, outputs = [], []
        for _ in range(options.rounds):
            start = time.perf_counter()
            run = program_from_folder(folder)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            run.tables()
            run.to_dict()
            run.explain()
            outputs.append(time.perf_counter() - start)
        print(f"program_run (in process, from the CSV files)        {_median(times)}")
        print(f"tables(), to_dict(), explain() of the run           {_median(outputs)}")
        command = [sys.executable, "-m", "tenncare_calc", "program", str(folder)]
        for chosen in ("table", "json"):
            taken = _process([*command, "--format", chosen], options.rounds)
            print(f"command line: tenncare-calc program --format {chosen:5}  {_median(taken)}")
        start_up = _process([sys.executable, "-c", "import tenncare_calc"], options.rounds)
        print(f"command line start-up: python -c 'import tenncare_calc' {_median(start_up)}")


if __name__ == "__main__":
    main()
