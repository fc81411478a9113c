"""A reference for the compliance commands end to end: pyarrow's own reading of a CSV, and nothing else.

``compliance_end_to_end.py`` times this script beside the ``tenncare-calc`` command and the DuckDB
script on the same file. It is not a competitor (it gives no answer): it says what the library's
reader cannot go below. It imports pyarrow and reads, with ``pyarrow.csv.read_csv`` on every core
(the whole table held in memory, its fastest way), the columns the command parses, as text, with
the nulls the command's reader gives (empty cells, quoted or not, and no other text), and prints
the rows read::

    python benchmarks/pyarrow_csv_reading.py claims.csv --columns category,mode
    rows
    1000000

No line is counted or checked, no cell measured, nothing converted but to text, no check run.
"""

from __future__ import annotations

import argparse
import sys

import pyarrow as pa
import pyarrow.csv as pa_csv

#: The block each read hands the parser, as the library's reader reads.
BLOCK_BYTES = 4 << 20


def main() -> None:
    """Read the columns of one CSV file as text and print how many rows were read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--columns", required=True, help="the columns read, comma separated")
    args = parser.parse_args()
    wanted = args.columns.split(",")
    table = pa_csv.read_csv(
        args.file,
        read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(wanted, pa.string()),
            include_columns=wanted,
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    sys.stdout.write(f"rows\n{table.num_rows}\n")


if __name__ == "__main__":
    main()
