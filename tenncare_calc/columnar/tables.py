"""Batch input tables: one way to accept, check and reject rows of columnar data.

Every batch computation of the library (member months, community tenure, reports over claims) reads
its rows through this module, so they all accept the same inputs and treat bad rows the same way:

* **Inputs.** A pyarrow ``Table`` or ``RecordBatch``, a pandas or polars ``DataFrame``, a mapping
  from column name to a sequence (list, tuple, numpy array, pandas Series, pyarrow array), or any
  object exposing the Arrow PyCapsule stream interface (``__arrow_c_stream__``: a findings table,
  a DuckDB relation). Only the columns a computation names are read; other columns are ignored. A
  pandas index whose name is a wanted column is used as that column.
* **Columns.** A missing required column is an :class:`~tenncare_calc.core.errors.InvalidInputError`
  naming it (and the columns that are there). A column of a type that can never hold the kind of
  value wanted (numbers in a date column) is the same error, whatever ``on_error`` says.
* **Dates** may be ``date`` values (pyarrow ``date32``/``date64``, polars ``Date``, Python
  ``datetime.date``), timestamps (the calendar date is used; a time-zone-aware timestamp gives its
  local date), or text written ``YYYY-MM-DD`` or ``M/D/YYYY`` (month first, ruling IN1; surrounding
  spaces allowed). Empty text is null. Any other text (``2008-02-30``, ``13/5/2008``) rejects the
  row as unparseable.
* **Identifiers** (``member_id``) may be whole numbers or text. Null, empty text and non-whole
  numbers reject the row.
* **Bad rows.** Each row is either used or rejected with one reason (the first problem found, in
  column order). With ``on_error="raise"`` (the default everywhere) any rejected row raises
  :class:`~tenncare_calc.core.errors.RejectedRowsError` naming the first rows and their reasons; with
  ``on_error="collect"`` the computation uses the valid rows and the result's ``.rejected`` is a
  pyarrow table with columns ``row`` (0-based position in the input) and ``reason``.
  **Rows in = rows used + rows rejected, always.**

The data extra (``pip install 'tenncare-calc[data]'``) provides numpy and pyarrow; they are
imported only when a table is read.

>>> spans = read_table(
...     {"member_id": [1, None, 3], "start_date": ["2008-01-01", "2008-01-05", "2008-13-01"]},
...     [Column("member_id", ColumnKind.ID), Column("start_date", ColumnKind.DATE)],
...     name="spans",
... )
>>> checked = spans.check(on_error="collect")
>>> checked.rows_in, checked.rows_used, checked.rejected.to_pylist()
(3, 1, [{'row': 1, 'reason': 'member_id is null'}, {'row': 2, 'reason': "start_date '2008-13-01' is not a date (expected YYYY-MM-DD or M/D/YYYY)"}])
>>> spans.check(on_error="raise")
Traceback (most recent call last):
...
tenncare_calc.RejectedRowsError: 2 of 3 rows of 'spans' cannot be used: row 1: member_id is null; row 2: start_date '2008-13-01' is not a date (expected YYYY-MM-DD or M/D/YYYY). Fix them, or pass on_error='collect' to compute with the valid rows and get these in .rejected
"""

from __future__ import annotations

__all__ = [
    "CheckedTable",
    "TableInput",
    "read_table",
]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_input import (
    _from_arrow_stream,
    _present_columns,
    _raw_columns,
    _to_arrow,
)
from tenncare_calc.columnar.arrow_kernels import call
from tenncare_calc.columnar.column_batches import (
    arrow_mask,
    arrow_numbers,
    numpy_nulls,
    numpy_numbers,
    numpy_valid,
)
from tenncare_calc.columnar.column_kinds import Column, ColumnKind, _mask, _parse, _plain  # noqa: F401 - ColumnKind for the module's example
from tenncare_calc.columnar.column_mapping import NamedColumns
from tenncare_calc.columnar.rejected import (
    OnError,
    _reasons,
    check_on_error,
    empty_rejected,
    rejected_error,
)
from tenncare_calc.core.errors import InvalidInputError, InvalidValueError, require

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.column_kinds import Problem

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch input tables")


@attrs.frozen
class TableInput:
    """A batch input read and parsed, with the rows found bad so far; :meth:`check` settles it.

    ``columns`` holds every wanted column present, parsed (dates as ``date32``, identifiers as
    ``int64`` or text), full length, in input order. ``problems`` lists ``(mask, reason)`` pairs
    in the order they were found; a row's reason is the first one whose mask covers it.
    """

    name: str
    rows_in: int
    columns: Mapping[str, Any] = attrs.field(repr=False)
    problems: tuple[Problem, ...] = attrs.field(default=(), repr=False)
    #: Values as received (before parsing), for quoting in reasons.
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    def has(self, column: str) -> bool:
        """Return whether the input has ``column``."""
        return column in self.columns

    def column(self, column: str) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return a parsed column (full length), as a pyarrow Array."""
        return self.columns[column]

    def days(self, column: str, *, null: int = 0) -> IntArray:
        """Return a date column as int32 day numbers since 1970-01-01, nulls as ``null``."""
        return _days(self.columns[column], null)

    def nulls(self, column: str) -> BoolArray:
        """Return a numpy mask of the rows where ``column`` is null."""
        nulls: BoolArray = numpy_nulls(self.columns[column])
        return nulls

    def reject(self, where: BoolArray, reason: str) -> TableInput:
        """Return this input with the rows where ``where`` is true rejected for ``reason``.

        ``reason`` may quote columns of the row: ``"end_date {end_date} is before start_date
        {start_date}"`` (parsed values); ``{column!s}`` is the value as received and ``{column!r}``
        the same in quotes. Rows already rejected keep their first reason.
        """
        np = _np()
        mask = np.asarray(where, dtype=bool)
        if mask.shape != (self.rows_in,):
            raise InvalidValueError(
                f"a rejection mask must have one entry per row ({self.rows_in}), not {mask.shape}",
                field="where",
                value=mask.shape,
            )
        if not mask.any():
            return self
        return attrs.evolve(self, problems=(*self.problems, (mask, reason)))

    def check(self, *, on_error: OnError = "raise") -> CheckedTable:
        """Return the usable rows; raise :class:`RejectedRowsError` for bad rows unless collecting."""
        np, pa = _np(), _pa()
        mode = check_on_error(on_error)
        taken = np.zeros(self.rows_in, dtype=bool)
        row_parts: list[IntArray] = []
        reason_parts: list[Any] = []
        for mask, template in self.problems:
            new = mask & ~taken
            if not new.any():
                continue
            taken |= new
            rows = np.flatnonzero(new).astype(np.int64)
            row_parts.append(rows)
            reason_parts.append(_reasons(template, rows, self.columns, self.raw))
        if not row_parts:
            return CheckedTable(
                name=self.name,
                rows_in=self.rows_in,
                columns=self.columns,
                rows=None,
                rejected=empty_rejected(),
            )
        rows = np.concatenate(row_parts)
        reasons = pa.chunked_array(reason_parts, pa.large_string()).combine_chunks()
        order = np.argsort(rows, kind="stable")
        rejected = pa.table(
            {
                "row": arrow_numbers(rows[order]),
                "reason": call("take", reasons, arrow_numbers(order)),
            }
        )
        if mode == "raise":
            raise rejected_error(self.name, self.rows_in, rejected)
        keep = ~taken
        keep_arrow = arrow_mask(keep)
        columns = {c: call("filter", v, keep_arrow) for c, v in self.columns.items()}
        return CheckedTable(
            name=self.name,
            rows_in=self.rows_in,
            columns=columns,
            rows=np.flatnonzero(keep).astype(np.int64),
            rejected=rejected,
        )


def _days(array: Any, null: int) -> IntArray:  # noqa: ANN401 - a pyarrow date32 (chunked) array
    """Return the day numbers of a date32 array, nulls as ``null`` (read in place if none is)."""
    np, pa = _np(), _pa()
    chunks = [
        chunk
        for chunk in (array.chunks if isinstance(array, pa.ChunkedArray) else [array])
        if len(chunk)
    ]
    parts = []
    for chunk in chunks:
        days = numpy_numbers(chunk, np.int32)
        if chunk.null_count:
            days = days.copy()
            days[~numpy_valid(chunk)] = null
        else:  # the column's own memory: not to be written through
            days = days.view()
            days.flags.writeable = False
        parts.append(days)
    result: IntArray = (
        parts[0]
        if len(parts) == 1
        else np.concatenate(parts)
        if parts
        else np.zeros(0, dtype=np.int32)
    )
    return result


@attrs.frozen
class CheckedTable:
    """The usable rows of a batch input, and the rejected ones with their reasons.

    ``rows`` gives, for each usable row, its 0-based position in the input (``None`` when every row
    is used, so row ``i`` is input row ``i``). ``rejected`` has columns ``row`` and ``reason``,
    sorted by row. ``rows_in == rows_used + rejected.num_rows`` always.
    """

    name: str
    rows_in: int
    columns: Mapping[str, Any] = attrs.field(repr=False)
    rows: IntArray | None = attrs.field(repr=False, eq=False)
    rejected: Any = attrs.field(repr=False, eq=False)

    @property
    def rows_used(self) -> int:
        """Return how many input rows are used."""
        return self.rows_in - int(self.rejected.num_rows)

    def has(self, column: str) -> bool:
        """Return whether the input has ``column``."""
        return column in self.columns

    def column(self, column: str) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return a usable column as a pyarrow Array (parsed: dates as date32)."""
        return self.columns[column]

    def days(self, column: str, *, null: int = 0) -> IntArray:
        """Return a date column of the usable rows as int32 day numbers, nulls as ``null``."""
        return _days(self.columns[column], null)

    def nulls(self, column: str) -> BoolArray:
        """Return a numpy mask of the usable rows where ``column`` is null."""
        nulls: BoolArray = numpy_nulls(self.columns[column])
        return nulls

    def positions(self) -> IntArray:
        """Return the input position of each usable row."""
        if self.rows is not None:
            return self.rows
        np = _np()
        result: IntArray = np.arange(self.rows_in, dtype=np.int64)
        return result


def read_table(
    data: object,
    columns: Sequence[Column],
    *,
    name: str,
) -> TableInput:
    """Return ``data`` read into pyarrow arrays and parsed per ``columns``, bad rows noted.

    Raises :class:`~tenncare_calc.core.errors.InvalidInputError` for a missing required column or a
    column whose type cannot hold its kind, and :class:`~tenncare_calc.core.errors.InvalidTypeError` for
    an input that is not a table. Bad *rows* are not raised here: call :meth:`TableInput.check`.

    >>> table = read_table({"member_id": ["a", "b"]}, [Column("member_id", ColumnKind.ID),
    ...     Column("plan", ColumnKind.LABEL, required=False)], name="stays")
    >>> table.rows_in, table.has("plan")
    (2, False)
    >>> read_table({"id": [1]}, [Column("member_id", ColumnKind.ID)], name="spans")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'spans' lacks the required column 'member_id' (it has: 'id')

    """
    wanted = [spec.name for spec in columns]
    if isinstance(data, NamedColumns):
        data = data.renamed_for(wanted)
    data = _from_arrow_stream(data)
    raw, rows_in = _raw_columns(data, wanted, name=name)
    missing = [spec.name for spec in columns if spec.required and spec.name not in raw]
    if missing:
        present = _present_columns(data)
        plural = "s" if len(missing) > 1 else ""
        raise InvalidInputError(
            f"{name!r} lacks the required column{plural} {', '.join(map(repr, missing))} "
            f"(it has: {', '.join(map(repr, present)) or 'no columns'})",
            field=name,
            value=missing,
        )
    parsed: dict[str, Any] = {}
    originals: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in columns:
        if spec.name not in raw:
            continue
        array = _to_arrow(raw[spec.name], spec.kind, column=spec.name, name=name)
        if len(array) != rows_in:
            raise InvalidInputError(
                f"column {spec.name!r} of {name!r} has {len(array)} values, not {rows_in}",
                field=spec.name,
                value=len(array),
            )
        parsed[spec.name], found = _parse(array, spec, name)
        originals[spec.name] = array
        problems.extend(found)
    return TableInput(
        name=name,
        rows_in=rows_in,
        columns=parsed,
        problems=tuple(problems),
        raw={c: _plain(a) for c, a in originals.items()},
    )
