"""The end-to-end competitor: DuckDB reads a CSV extract and runs the best query, in one process.

``run.py --end-to-end`` times this script as a whole process against the ``tenncare-calc``
command on the same file. It imports DuckDB and the SQL text (``queries.py``, which imports
nothing), so the process pays for what a DuckDB user's script would: starting Python, importing
DuckDB, reading the file with ``read_csv`` and running the query. It prints CSV on standard
output::

    python benchmarks/duckdb_csv.py member-months spans.csv --year 2008
    month,member_days
    2008-01-01,...

    python benchmarks/duckdb_csv.py community-tenure stays.csv --year 2008 \
        --data-through 2009-01-20 --window-days 30
    plan,denominator,readmitted,incomplete
    AGP,...

Column types are given (member ids as text, ISO dates), as for an extract whose layout is known;
DuckDB still sniffs the dialect.
"""

from __future__ import annotations

import argparse
import sys

import duckdb
from queries import community_tenure_sql, member_months_sql


def _source(path: str, types: dict[str, str]) -> str:
    quoted = path.replace("'", "''")
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    return f"read_csv('{quoted}', header = true, columns = {{{columns}}})"


def main() -> None:
    """Run one computation on one CSV file and print its figures as CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("computation", choices=("member-months", "community-tenure"))
    parser.add_argument("file")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--data-through", help="community tenure: YYYY-MM-DD")
    parser.add_argument("--window-days", type=int, default=30)
    args = parser.parse_args()
    con = duckdb.connect()
    if args.computation == "member-months":
        source = _source(
            args.file, {"member_id": "VARCHAR", "start_date": "DATE", "end_date": "DATE"}
        )
        header = "month,member_days"
        rows = con.execute(member_months_sql(args.year, source)).fetchall()
    else:
        if not args.data_through:
            parser.error("community-tenure needs --data-through")
        source = _source(
            args.file,
            {
                "member_id": "VARCHAR",
                "admit_date": "DATE",
                "discharge_date": "DATE",
                "plan": "VARCHAR",
            },
        )
        header = "plan,denominator,readmitted,incomplete"
        query = community_tenure_sql(args.year, args.data_through, args.window_days, source)
        rows = con.execute(query).fetchall()
    lines = [header, *(",".join(str(value) for value in row) for row in rows)]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
