"""Benchmark: the compliance commands end to end, CSV extract to answer, against DuckDB (issue 15).

One command (from the project root, after ``pip install -e '.[bench]'``)::

    python benchmarks/compliance_end_to_end.py --sizes 1 --rounds 3

For each size (millions of rows) it writes, once, a CSV extract of each check's table from the same
generators as ``compliance_checks.py`` (moments as ``YYYY-MM-DD HH:MM``, yes/no as ``true`` /
``false``), and the small lookup tables a DuckDB user keeps beside them (Attachment V's standards,
the Tennessee holidays). Then, for each check, two whole processes read the same file:

* **library**: ``tenncare-calc <command> FILE --part summary --format csv`` (with ``--on-error
  collect``): the row accounting and the count of each outcome;
* **duckdb**: ``duckdb_csv_checks.py FILE``: DuckDB's ``read_csv`` (column types given), the check's
  SQL from ``compliance_checks.py`` (the same text the in-process benchmark times) and the count of
  each verdict;
* **pyarrow**, a reference, not a competitor: ``pyarrow_csv_reading.py FILE``, pyarrow's own
  ``read_csv`` of the columns the command parses (its module's list), as text, on every core, and
  nothing else: what the library's reader, built on pyarrow's parser, cannot go below.

It checks the library and DuckDB count the same rows met, not met, not applicable and not assessed,
and pyarrow reads as many rows (and **stops with exit status 1** when they do not), then times the
three alternately and prints the medians, CPU time and peak resident memory of each, and a summary
table.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from compliance_checks import (
    ACCESS_DISTANCE_SQL,
    ACCESS_TIMELINESS_SQL,
    DECISION_TIME_SQL,
    generate_appointments,
    generate_distances,
    generate_nemt_requests,
    lookup_tables,
)
from compliance_more import (
    GLOBAL_OBSTETRIC_SQL,
    NEMT_EXCLUSIONS_SQL,
    NO_MEDICARE_CODES,
    OBSTETRIC_CODES,
    PERCENT_OF_BILLED_SQL,
    REQUEST_LEAD_TIME_SQL,
    TRIP_MANIFEST_SQL,
    generate_nemt_claims,
    generate_obstetric_claims,
    generate_priced_claims,
    generate_trips,
)
from run import _cli, _shown, _time_commands, compile_library, mb, run_process
from timing import machine_line

from tenncare_calc.compliance.access.distance_table import DISTANCE_COLUMNS
from tenncare_calc.compliance.access.timeliness_table import TIMELINESS_COLUMNS
from tenncare_calc.compliance.claims.global_obstetric import GLOBAL_OBSTETRIC_COLUMNS
from tenncare_calc.compliance.claims.percent_of_billed import PERCENT_OF_BILLED_COLUMNS
from tenncare_calc.compliance.nemt.decisions import DECISION_COLUMNS
from tenncare_calc.compliance.nemt.exclusions import EXCLUSION_COLUMNS
from tenncare_calc.compliance.nemt.manifests import MANIFEST_COLUMNS
from tenncare_calc.compliance.nemt.requests import LEAD_TIME_COLUMNS

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

#: A boolean verdict column as the library's outcomes.
_MET = "CASE WHEN met THEN 'met' ELSE 'not_met' END"

#: Each check: its table and generator, the columns its command parses (its module's list), the
#: command's words and options, the SQL and its verdict.
CHECKS: dict[str, dict[str, Any]] = {
    "access timeliness": {
        "table": "appointments",
        "reads": TIMELINESS_COLUMNS,
        "make": lambda rows: generate_appointments(rows, seed=1),
        "sql": ACCESS_TIMELINESS_SQL,
        "verdict": _MET,
        "lookups": ("time_standards", "holidays"),
    },
    "access distance": {
        "table": "distances",
        "reads": DISTANCE_COLUMNS,
        "make": lambda rows: generate_distances(rows, seed=2),
        "sql": ACCESS_DISTANCE_SQL,
        "verdict": "outcome",
        "lookups": ("distance_standards",),
    },
    "nemt decision": {
        "table": "nemt_requests",
        "reads": DECISION_COLUMNS,
        "make": lambda rows: generate_nemt_requests(rows, seed=3),
        "sql": DECISION_TIME_SQL,
        "verdict": _MET,
    },
    "nemt lead-time": {
        "table": "trips",
        "reads": LEAD_TIME_COLUMNS,
        "make": lambda rows: generate_trips(rows, seed=7),
        "sql": REQUEST_LEAD_TIME_SQL,
        "verdict": "outcome",
    },
    "nemt manifest": {
        "table": "trips",
        "reads": MANIFEST_COLUMNS,
        "make": lambda rows: generate_trips(rows, seed=7),
        "sql": TRIP_MANIFEST_SQL,
        "verdict": _MET,
    },
    "nemt exclusions": {
        "table": "nemt_claims",
        "reads": EXCLUSION_COLUMNS,
        "make": lambda rows: generate_nemt_claims(rows, seed=8),
        "sql": NEMT_EXCLUSIONS_SQL,
        "verdict": "CASE WHEN exclusion = 'none' THEN 'met' ELSE 'not_met' END",
    },
    "claims percent-of-billed": {
        "table": "priced_claims",
        "reads": PERCENT_OF_BILLED_COLUMNS,
        "make": lambda rows: generate_priced_claims(rows, seed=9),
        "options": ("--no-medicare-codes", ",".join(NO_MEDICARE_CODES)),
        "sql": PERCENT_OF_BILLED_SQL,
        "verdict": "outcome",
    },
    "claims global-obstetric": {
        "table": "obstetric_claims",
        "reads": GLOBAL_OBSTETRIC_COLUMNS,
        "make": lambda rows: generate_obstetric_claims(rows, seed=10),
        "options": ("--codes", ",".join(OBSTETRIC_CODES)),
        "sql": GLOBAL_OBSTETRIC_SQL,
        "verdict": "outcome",
    },
}
OUTCOMES = ("met", "not_met", "not_applicable", "not_assessed")


def duckdb_type(kind: pa.DataType) -> str:
    """Return the DuckDB type ``read_csv`` is told for a column of the Arrow type ``kind``."""
    if pa.types.is_decimal(kind):
        return f"DECIMAL({kind.precision}, {kind.scale})"
    tests = (
        (pa.types.is_timestamp, "TIMESTAMP"),
        (pa.types.is_date, "DATE"),
        (pa.types.is_boolean, "BOOLEAN"),
        (pa.types.is_integer, "BIGINT"),
        (pa.types.is_floating, "DOUBLE"),
    )
    return next((name for test, name in tests if test(kind)), "VARCHAR")


def write_extract(table: pa.Table, path: Path) -> dict[str, str]:
    """Write ``table`` as an extract would be (moments to the minute); return its DuckDB types."""
    columns = {}
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_timestamp(field.type):
            column = pc.strftime(column, "%Y-%m-%d %H:%M")
        columns[field.name] = column
    pa_csv.write_csv(
        pa.table(columns), path, pa_csv.WriteOptions(quoting_style="needed", batch_size=65_536)
    )
    return {field.name: duckdb_type(field.type) for field in table.schema}


def prepare(size: float, folder: Path) -> dict[str, tuple[Path, Path]]:
    """Return, for each check, its CSV extract and the JSON its DuckDB process reads (written once)."""
    rows = int(size * 1_000_000)
    folder.mkdir(parents=True, exist_ok=True)
    lookups = {}
    for name, table in lookup_tables().items():
        path = folder / f"lookup_{name}.csv"
        lookups[name] = (str(path), write_extract(table, path))
    written: dict[str, tuple[Path, dict[str, str]]] = {}
    prepared = {}
    for words, check in CHECKS.items():
        name = check["table"]
        path = folder / f"check_{name}_{rows}.csv"
        if name not in written:
            table = check["make"](rows)
            types = {field.name: duckdb_type(field.type) for field in table.schema}
            if not path.exists():
                write_extract(table, path)
            written[name] = (path, types)
        query = {
            "table": name,
            "types": written[name][1],
            "sql": check["sql"],
            "verdict": check["verdict"],
            "lookups": {key: lookups[key] for key in check.get("lookups", ())},
        }
        query_path = folder / f"query_{words.replace(' ', '_')}.json"
        query_path.write_text(json.dumps(query), encoding="utf-8")
        prepared[words] = (path, query_path)
    return prepared


def read_columns(words: str, path: Path) -> list[str]:
    """Return the columns of ``path`` the command ``words`` parses (its module's list), in file order."""
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    wanted = {column.name for column in CHECKS[words]["reads"]}
    return [name for name in header if name in wanted]


def commands(words: str, path: Path, query: Path) -> dict[str, list[str]]:
    """Return the library's, DuckDB's and pyarrow's command lines for the check ``words`` on ``path``."""
    options = CHECKS[words].get("options", ())
    return {
        "library": [
            *_cli(), *words.split(), str(path), *options, "--on-error", "collect",
            "--part", "summary", "--format", "csv", "--no-progress",
        ],
        "duckdb": [sys.executable, str(HERE / "duckdb_csv_checks.py"), str(path), "--query", str(query)],
        "pyarrow": [
            sys.executable, str(HERE / "pyarrow_csv_reading.py"), str(path),
            "--columns", ",".join(read_columns(words, path)),
        ],
    }  # fmt: skip


def counts(method: str, text: str) -> dict[str, int]:
    """Return the rows of each outcome a command printed (outcomes with no row left out)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if method == "pyarrow":
        return {"rows": int(rows[0]["rows"])}
    if method == "library":
        (summary,) = rows
        found = {outcome: int(summary[outcome]) for outcome in OUTCOMES}
    else:
        found = {row["verdict"]: int(row["rows"]) for row in rows}
    return {outcome: count for outcome, count in sorted(found.items()) if count}


def main() -> None:
    """Write the extracts, check the three agree on every check, time them, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1", help="millions of rows, comma separated")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (median reported)")
    parser.add_argument("--only", action="append", default=[], help="checks containing TEXT")
    parser.add_argument("--data", type=Path, default=DATA, help="where the extracts are written")
    args = parser.parse_args()
    compile_library()  # as an installed copy is: no process compiles the modules again
    print(machine_line())
    summary = []
    for size in (float(text) for text in args.sizes.split(",")):
        started = time.perf_counter()
        prepared = prepare(size, args.data)
        print(
            f"\n==== {size:g} M rows: extracts written/found in {time.perf_counter() - started:.1f} s"
        )
        for words, (path, query) in prepared.items():
            if args.only and not any(text in words for text in args.only):
                continue
            runs = commands(words, path, query)
            print(f"\n== {words}: {path.name}, {mb(path.stat().st_size)}")
            answers = {}
            for method, command in runs.items():
                print(f"   {method:8s} $ {_shown(command)}")
                answers[method] = counts(method, run_process(command)[2])
            read = answers.pop("pyarrow")["rows"]
            if answers["library"] != answers["duckdb"] or read != sum(answers["duckdb"].values()):
                print(f"   the commands DISAGREE: {answers}, pyarrow read {read}", file=sys.stderr)
                sys.exit(1)
            print(f"   the commands agree: {answers['library']}; pyarrow read {read} rows")
            summary.append((words, size, _time_commands(runs, args.rounds)))
    print(
        "\n| command | rows | library / DuckDB, time | CPU | pyarrow reading alone / DuckDB, "
        "time | CPU | peak RSS: library, DuckDB, pyarrow |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for words, size, result in summary:
        library, duck, floor = result["library"], result["duckdb"], result["pyarrow"]
        print(
            f"| {words} | {size:g} M | {library['time'] / duck['time']:.2f} | "
            f"{library['cpu'] / duck['cpu']:.2f} | {floor['time'] / duck['time']:.2f} | "
            f"{floor['cpu'] / duck['cpu']:.2f} | {mb(library['rise'])}, {mb(duck['rise'])}, "
            f"{mb(floor['rise'])} |"
        )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
