"""The end-to-end competitor of the compliance commands: DuckDB reads a CSV and runs the check's SQL.

``compliance_end_to_end.py`` times this script as a whole process against the ``tenncare-calc``
command on the same file. It imports DuckDB only: the check's SQL and the file's column types are
handed over in a small JSON file the benchmark writes (``--query``), so the process pays for what a
DuckDB user's script would: starting Python, importing DuckDB, reading the file with ``read_csv``
(column types given, as for an extract whose layout is known) and the small lookup tables
(Attachment V's standards, the holidays) the analyst keeps beside it, and running the query. It
prints how many rows have each verdict, as CSV::

    python benchmarks/duckdb_csv_checks.py requests.csv --query decision_time.json
    verdict,rows
    met,...
"""

from __future__ import annotations

import argparse
import json
import sys

import duckdb
from duckdb_csv import _source


def main() -> None:
    """Run one check's SQL on one CSV file and print the count of each verdict as CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--query", required=True, help="the JSON the benchmark wrote")
    args = parser.parse_args()
    with open(args.query, encoding="utf-8") as handle:  # noqa: PTH123 - no pathlib import
        query = json.load(handle)
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW {query['table']} AS SELECT * FROM {_source(args.file, query['types'])}"
    )
    for name, (path, types) in query["lookups"].items():
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {_source(path, types)}")
    verdict = query["verdict"]
    rows = con.execute(
        f"SELECT {verdict} AS verdict, count(*) FROM ({query['sql']}) GROUP BY ALL ORDER BY 1"
    ).fetchall()
    sys.stdout.write("verdict,rows\n" + "".join(f"{v},{n}\n" for v, n in rows))


if __name__ == "__main__":
    main()
