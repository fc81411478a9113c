r"""Reading tabular inputs from CSV, JSON or Parquet files, as rows or as columns.

:func:`read_rows` (defined in :mod:`~tenncare_calc.columnar.row_files`) returns the file's rows as
mappings, every line accounted for. :func:`read_columns` (defined in
:mod:`~tenncare_calc.columnar.column_files`, handed on lazily: it needs the ``data`` extra) reads a
large table for the columnar computations (member months, community tenure, the program run)
without a Python object per row. Both name a row by its line in the file, the header being line 1
(:mod:`~tenncare_calc.columnar.row_lines`).
"""

from __future__ import annotations

__all__ = ["FORMATS", "InputColumns", "InputRows", "read_columns", "read_rows"]  # noqa: F822 - two handed on lazily

from tenncare_calc.columnar.row_files import FORMATS, InputRows, read_rows
from tenncare_calc.core.exports import lazy_exports

# read_columns and InputColumns live in column_files and input_columns; handed on lazily.
__getattr__, _ = lazy_exports(
    __name__,
    {
        "InputColumns": "tenncare_calc.columnar.input_columns",
        "read_columns": "tenncare_calc.columnar.column_files",
    },
)
