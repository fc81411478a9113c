"""Batch input tables: one way to accept, check and reject rows of columnar data.

Every batch computation of the library (member months, community tenure, reports over claims) reads
its rows through this module, so they all accept the same inputs and treat bad rows the same way:

* **Inputs.** A pyarrow ``Table`` or ``RecordBatch``, a pandas or polars ``DataFrame``, or a mapping
  from column name to a sequence (list, tuple, numpy array, pandas Series, pyarrow array). Only the
  columns a computation names are read; other columns are ignored. A pandas index whose name is a
  wanted column is used as that column.
* **Columns.** A missing required column is an :class:`~tenncare_calc.core.errors.InvalidInputError`
  naming it (and the columns that are there). A column of a type that can never hold the kind of
  value wanted (numbers in a date column) is the same error, whatever ``on_error`` says.
* **Dates** may be ``date`` values (pyarrow ``date32``/``date64``, polars ``Date``, Python
  ``datetime.date``), timestamps (the calendar date is used; a time-zone-aware timestamp gives its
  local date), or text written ``YYYY-MM-DD`` (surrounding spaces allowed). Empty text is null. Any
  other text (``2008-02-30``, ``1/5/2008``) rejects the row as unparseable.
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
(3, 1, [{'row': 1, 'reason': 'member_id is null'}, {'row': 2, 'reason': "start_date '2008-13-01' is not a date (expected YYYY-MM-DD)"}])
>>> spans.check(on_error="raise")
Traceback (most recent call last):
...
tenncare_calc.RejectedRowsError: 2 of 3 rows of 'spans' cannot be used: row 1: member_id is null; row 2: start_date '2008-13-01' is not a date (expected YYYY-MM-DD). Fix them, or pass on_error='collect' to compute with the valid rows and get these in .rejected
"""

from __future__ import annotations

__all__ = [
    "EPOCH",
    "MAX_ERROR_ROWS",
    "ON_ERROR_CHOICES",
    "QUOTED_ROWS",
    "CheckedTable",
    "Column",
    "ColumnKind",
    "IdCodes",
    "OnError",
    "TableInput",
    "arrow_part",
    "check_on_error",
    "date_from_days",
    "days_from_date",
    "empty_rejected",
    "encode_ids",
    "explain_rejected",
    "read_table",
    "rejected_error",
    "rejected_records",
    "rejected_rows",
    "rejected_table",
    "trimmed_decimal",
]

import datetime as dt
import enum
import math
import string
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    require,
)
from tenncare_calc.core.parts import REJECTED_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as TableColumn
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.core.explanation import Explanation

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]

#: What a batch function does with bad rows: raise, or compute with the rest and report them.
OnError = Literal["raise", "collect"]
ON_ERROR_CHOICES: tuple[str, ...] = ("raise", "collect")

#: Day 0 of the integer day numbers the columnar code works in (the Unix epoch, as Arrow's date32).
EPOCH = dt.date(1970, 1, 1)

#: At most this many ``(row, reason)`` pairs are carried by a :class:`RejectedRowsError`.
MAX_ERROR_ROWS = 1000
#: How many rejected rows an error message and an explanation quote.
QUOTED_ROWS = 5

_DATE_TEXT = "%Y-%m-%d"


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="reading batch input tables")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch input tables")


def check_on_error(on_error: object) -> OnError:
    """Return ``on_error`` if it is ``"raise"`` or ``"collect"``; otherwise raise a typed error.

    >>> check_on_error("collect")
    'collect'
    >>> check_on_error("ignore")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'on_error' must be 'raise' or 'collect' (got 'ignore')

    """
    if on_error == "raise":
        return "raise"
    if on_error == "collect":
        return "collect"
    raise InvalidValueError(
        f"'on_error' must be 'raise' or 'collect' (got {on_error!r})",
        field="on_error",
        value=on_error,
    )


def days_from_date(day: dt.date) -> int:
    """Return a date as its day number since 1970-01-01 (Arrow's ``date32``).

    >>> days_from_date(dt.date(2008, 1, 1))
    13879
    """
    return (day - EPOCH).days


def date_from_days(days: int) -> dt.date:
    """Return the date of a day number since 1970-01-01.

    >>> date_from_days(13879)
    datetime.date(2008, 1, 1)
    """
    return EPOCH + dt.timedelta(days=int(days))


# --------------------------------------------------------------------------------------------------
# Column specifications


class ColumnKind(enum.Enum):
    """What a column holds, which decides how it is parsed and which values reject a row."""

    #: An identifier such as ``member_id``: whole numbers or text. Null and empty text reject.
    ID = "id"
    #: A calendar date: date values, timestamps, or ``YYYY-MM-DD`` text.
    DATE = "date"
    #: Any scalar kept as given (a plan name or number), e.g. to group results by.
    LABEL = "label"


@attrs.frozen
class Column:
    """One column a computation reads: its name, kind, and whether it may be absent or null."""

    name: str
    kind: ColumnKind
    #: The input must have this column (otherwise it is optional and may be absent).
    required: bool = True
    #: A null value is valid (such as an open end date); otherwise a null rejects the row.
    nullable: bool = False


# --------------------------------------------------------------------------------------------------
# Reading any supported input into pyarrow arrays


def _is_instance_of(data: object, module: str, names: tuple[str, ...]) -> bool:
    kind = type(data)
    return any(
        klass.__module__.split(".")[0] == module and klass.__name__ in names
        for klass in kind.__mro__
    )


def _raw_columns(data: object, wanted: Sequence[str], *, name: str) -> tuple[dict[str, Any], int]:
    """Return the wanted columns present in ``data`` (as Python-side objects) and the row count."""
    pa = _pa()
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        return {c: data.column(c) for c in wanted if c in data.column_names}, data.num_rows
    if _is_instance_of(data, "pandas", ("DataFrame",)):
        frame: Any = data
        index_names = [n for n in frame.index.names if n is not None]
        if any(n in wanted and n not in frame.columns for n in index_names):
            frame = frame.reset_index()
        columns = {c: frame[c] for c in wanted if c in frame.columns}
        return columns, len(frame)
    if _is_instance_of(data, "polars", ("DataFrame",)):
        present = [c for c in wanted if c in data.columns]  # type: ignore[attr-defined]
        table = data.select(present).to_arrow()  # type: ignore[attr-defined]
        return {c: table.column(c) for c in present}, data.height  # type: ignore[attr-defined]
    if _is_instance_of(data, "polars", ("LazyFrame",)):
        raise InvalidTypeError(
            f"{name!r} is a polars LazyFrame; call .collect() on it first",
            field=name,
            value=type(data).__name__,
        )
    if isinstance(data, Mapping):
        columns = {c: data[c] for c in wanted if c in data}
        lengths = {c: len(v) for c, v in columns.items()}
        if len(set(lengths.values())) > 1:
            raise InvalidInputError(
                f"the columns of {name!r} have different lengths: {lengths}",
                field=name,
                value=lengths,
            )
        rows = next(iter(lengths.values())) if lengths else _mapping_rows(data)
        return columns, rows
    raise InvalidTypeError(
        f"{name!r} must be a pyarrow Table, a pandas or polars DataFrame, or a mapping from column "
        f"name to values (got {type(data).__name__})",
        field=name,
        value=type(data).__name__,
    )


def _mapping_rows(data: Mapping[Any, Any]) -> int:
    for value in data.values():
        try:
            return len(value)
        except TypeError:
            continue
    return 0


def _fallback_text(values: Any, kind: ColumnKind) -> Any:  # noqa: ANN401 - a pyarrow array
    """Convert a mixed-type sequence element by element (the slow path for untidy object data)."""
    pa = _pa()

    def one(value: object) -> str | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if type(value).__name__ in {"NaTType", "NAType"}:
            return None
        if kind is ColumnKind.DATE and isinstance(value, dt.date):
            return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
        if kind is ColumnKind.ID and isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return pa.array([one(value) for value in values], type=pa.large_string())


def _to_arrow(values: Any, kind: ColumnKind, *, column: str, name: str) -> Any:  # noqa: ANN401
    """Return one column as a single (not chunked) pyarrow Array."""
    pa = _pa()
    array = _to_arrow_any(values, kind, column=column, name=name)
    if isinstance(array, pa.ChunkedArray):
        # pandas columns backed by pyarrow (pandas 3 strings) and polars give chunked arrays.
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


def _to_arrow_any(values: Any, kind: ColumnKind, *, column: str, name: str) -> Any:  # noqa: ANN401 - returns a pyarrow array
    """Return one column as a pyarrow Array or ChunkedArray."""
    pa = _pa()
    if isinstance(values, pa.ChunkedArray | pa.Array):
        return values
    try:
        if _is_instance_of(values, "pandas", ("Series", "Index")):
            return pa.Array.from_pandas(values)
        if _is_instance_of(values, "polars", ("Series",)):
            return values.to_arrow()
        if _is_instance_of(values, "numpy", ("ndarray",)):
            return pa.array(values, from_pandas=True)
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            raise InvalidTypeError(
                f"column {column!r} of {name!r} must be a sequence of values "
                f"(got {type(values).__name__})",
                field=column,
                value=type(values).__name__,
            )
        return pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as error:
        if isinstance(error, InvalidTypeError):
            raise
        return _fallback_text(values, kind)


# --------------------------------------------------------------------------------------------------
# Parsing each kind; returns (parsed array, [(mask, reason template)]) in check order


Problem = tuple["BoolArray", str]


def _mask(array: Any) -> BoolArray:  # noqa: ANN401 - a pyarrow boolean array
    """Return a pyarrow boolean array as a numpy bool array, null meaning False."""
    pc = _pc()
    result: BoolArray = pc.fill_null(array, fill_value=False).to_numpy(zero_copy_only=False)
    return result


def _plain(array: Any) -> Any:  # noqa: ANN401 - a pyarrow array
    pa = _pa()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_string_view(array.type):
        array = array.cast(pa.large_string())
    return array


def _column_type_error(column: str, name: str, what: str, array: Any) -> InvalidInputError:  # noqa: ANN401
    return InvalidInputError(
        f"column {column!r} of {name!r} must hold {what} (got values of type {array.type})",
        field=column,
        value=str(array.type),
    )


def _parse_date(array: Any, column: str, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    pa, pc = _pa(), _pc()
    array = _plain(array)
    kind = array.type
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.date32()), []
    if pa.types.is_date32(kind):
        return array, []
    if pa.types.is_date64(kind):
        return array.cast(pa.date32()), []
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:
            array = pc.local_timestamp(array)
        return array.cast(pa.date32()), []
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = pc.utf8_trim_whitespace(array)
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
        parsed = pc.strptime(text, format=_DATE_TEXT, unit="s", error_is_null=True)
        parsed = parsed.cast(pa.date32())
        # strptime rolls impossible days over (2008-02-30 -> 2008-03-01) and accepts unpadded
        # fields; a round trip through the canonical text rejects both.
        canonical = pc.equal(pc.strftime(parsed, format=_DATE_TEXT), text)
        unparseable = _mask(
            pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(canonical, fill_value=False)))
        )
        if unparseable.any():
            parsed = pc.if_else(pa.array(unparseable), pa.scalar(None, pa.date32()), parsed)
        reason = f"{column} {{{column}!r}} is not a date (expected YYYY-MM-DD)"
        return parsed, [(unparseable, reason)] if unparseable.any() else []
    raise _column_type_error(column, name, "dates (date, timestamp or 'YYYY-MM-DD' text)", array)


def _parse_id(array: Any, column: str, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    pa, pc = _pa(), _pc()
    array = _plain(array)
    kind = array.type
    problems: list[Problem] = []
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.int64()), []
    if pa.types.is_integer(kind):
        return (array if kind == pa.int64() else array.cast(pa.int64())), []
    if pa.types.is_floating(kind):
        whole = pc.and_(pc.is_finite(array), pc.equal(array, pc.floor(array)))
        bad = _mask(pc.and_(pc.is_valid(array), pc.invert(whole)))
        if bad.any():
            problems.append((bad, f"{column} {{{column}!s}} is not a whole number"))
            array = pc.if_else(pa.array(bad), pa.scalar(None, kind), array)
        return array.cast(pa.int64()), problems
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        empty = _mask(pc.equal(pc.utf8_trim_whitespace(array), ""))
        if empty.any():
            problems.append((empty, f"{column} is empty"))
        return array, problems
    raise _column_type_error(column, name, "identifiers (whole numbers or text)", array)


def _parse(array: Any, spec: Column, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    if spec.kind is ColumnKind.DATE:
        parsed, problems = _parse_date(array, spec.name, name)
    elif spec.kind is ColumnKind.ID:
        parsed, problems = _parse_id(array, spec.name, name)
    else:
        parsed, problems = _plain(array), []
    if not spec.nullable and parsed.null_count:
        # A value that failed to parse is null now too, but its own reason comes first. Empty text
        # in a date column counts as null.
        problems.append((_mask(_pc().is_null(parsed)), f"{spec.name} is null"))
    return parsed, problems


# --------------------------------------------------------------------------------------------------
# The tables


def _reasons(
    template: str, rows: IntArray, parsed: Mapping[str, Any], raw: Mapping[str, Any]
) -> Any:  # noqa: ANN401 - a pyarrow array
    """Return the reason text for ``rows`` with columns filled in, vectorised.

    ``{column}`` is the parsed value; ``{column!s}`` the value as received; ``{column!r}`` the value
    as received, in quotes.
    """
    pa, pc = _pa(), _pc()
    parts: list[Any] = []
    for literal, field, _spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(pa.scalar(literal, pa.large_string()))
        if field is None:
            continue
        source = parsed if conversion is None else raw
        values = source[field].take(pa.array(rows))
        text = pc.fill_null(values.cast(pa.large_string()), "null")
        if conversion == "r":
            quote = pa.scalar("'", pa.large_string())
            text = pc.binary_join_element_wise(quote, text, quote, pa.scalar("", pa.large_string()))
        parts.append(text)
    if len(parts) == 1 and isinstance(parts[0], pa.Scalar):
        return pa.array([template] * len(rows), pa.large_string())
    return pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))


def empty_rejected() -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return an empty rejected-rows table (columns ``row`` int64, ``reason`` string).

    >>> empty_rejected().schema.names
    ['row', 'reason']
    """
    pa = _pa()
    return pa.table(
        {"row": pa.array([], pa.int64()), "reason": pa.array([], pa.large_string())},
    )


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
        return _nulls(self.columns[column])

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
        np, pa, pc = _np(), _pa(), _pc()
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
        rejected = pa.table({"row": pa.array(rows[order]), "reason": reasons.take(order)})
        if mode == "raise":
            raise rejected_error(self.name, self.rows_in, rejected)
        keep = ~taken
        keep_arrow = pa.array(keep)
        columns = {c: pc.filter(v, keep_arrow) for c, v in self.columns.items()}
        return CheckedTable(
            name=self.name,
            rows_in=self.rows_in,
            columns=columns,
            rows=np.flatnonzero(keep).astype(np.int64),
            rejected=rejected,
        )


def _days(array: Any, null: int) -> IntArray:  # noqa: ANN401 - a pyarrow date32 array
    pa, pc = _pa(), _pc()
    numbers = array.view(pa.int32())
    if numbers.null_count:
        numbers = pc.fill_null(numbers, null)
    result: IntArray = numbers.to_numpy(zero_copy_only=False)
    return result


def _nulls(array: Any) -> BoolArray:  # noqa: ANN401 - a pyarrow array
    np = _np()
    if not array.null_count:
        result: BoolArray = np.zeros(len(array), dtype=bool)
        return result
    return _mask(_pc().is_null(array))


def rejected_error(name: str, rows_in: int, rejected: Any) -> RejectedRowsError:  # noqa: ANN401
    """Return the error for rejected rows of ``name``: count, first rows and reasons, how to go on."""
    count = rejected.num_rows
    first = rejected.slice(0, MAX_ERROR_ROWS).to_pylist()
    quoted = "; ".join(f"row {r['row']}: {r['reason']}" for r in first[:QUOTED_ROWS])
    more = f" (and {count - QUOTED_ROWS:,} more)" if count > QUOTED_ROWS else ""
    return RejectedRowsError(
        f"{count:,} of {rows_in:,} rows of {name!r} cannot be used: {quoted}{more}. Fix them, or "
        "pass on_error='collect' to compute with the valid rows and get these in .rejected",
        field=name,
        rejected=tuple((r["row"], r["reason"]) for r in first),
    )


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
        return _nulls(self.columns[column])

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


def _present_columns(data: object) -> list[str]:
    pa = _pa()
    if isinstance(data, pa.Table | pa.RecordBatch):
        return [str(c) for c in data.column_names]
    if isinstance(data, Mapping):
        return [str(c) for c in data]
    names = getattr(data, "columns", [])
    return [str(c) for c in names]


# --------------------------------------------------------------------------------------------------
# Identifiers shared across tables, and rejected rows in results


@attrs.frozen
class IdCodes:
    """Dense non-negative int64 codes for identifiers, consistent across the arrays encoded together.

    ``codes[i]`` belongs to ``arrays[i]`` of :func:`encode_ids`; ``decode(codes)`` gives the
    original identifiers back as a pyarrow array. ``count`` is one more than the largest code.
    """

    codes: tuple[IntArray, ...] = attrs.field(repr=False)
    count: int
    _decode: Callable[[IntArray], Any] = attrs.field(repr=False)

    def decode(self, codes: IntArray) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return the identifiers of ``codes``."""
        return self._decode(codes)


#: Integer identifiers spanning less than this are coded by offset (no hashing).
_OFFSET_RANGE = 1 << 40


def encode_ids(*arrays: Any) -> IdCodes:  # noqa: ANN401 - pyarrow arrays
    """Return dense int64 codes for identifier arrays (whole numbers or text), shared across them.

    Whole numbers spanning less than 2**40 are coded as ``id - min`` (order-preserving, no
    hashing); other identifiers are dictionary-encoded. Identifiers of different types (numbers in
    one table, text in another) are compared as text.

    >>> import pyarrow as pa
    >>> ids = encode_ids(pa.array([105, 101]), pa.array([101, 999]))
    >>> [c.tolist() for c in ids.codes], ids.decode(ids.codes[1]).to_pylist()
    ([[4, 0], [0, 898]], [101, 999])
    >>> tuple(c.tolist() for c in encode_ids(pa.array([], pa.string()), pa.array(["b", "a"])).codes)
    ([], [0, 1])
    """
    np, pa, pc = _np(), _pa(), _pc()
    if not arrays:
        return IdCodes((), 0, pa.array)
    types = {str(a.type) for a in arrays}
    integral = all(pa.types.is_integer(a.type) for a in arrays)
    if integral:
        lows = [pc.min(a).as_py() for a in arrays if len(a) and a.null_count < len(a)]
        highs = [pc.max(a).as_py() for a in arrays if len(a) and a.null_count < len(a)]
        low = min(lows, default=0)
        high = max(highs, default=0)
        if high - low < _OFFSET_RANGE:
            codes = tuple(
                pc.fill_null(a.cast(pa.int64()), low).to_numpy(zero_copy_only=False) - low
                for a in arrays
            )

            def offset_decode(values: IntArray) -> Any:  # noqa: ANN401
                return pa.array(np.asarray(values, dtype=np.int64) + low)

            return IdCodes(codes, high - low + 1, offset_decode)
    if len(types) > 1:
        arrays = tuple(a.cast(pa.large_string()) for a in arrays)
    combined = pa.chunked_array(arrays, arrays[0].type)
    encoded = pc.dictionary_encode(combined)
    dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else arrays[0][:0]
    # The encoded chunks need not match the arrays one to one (pyarrow drops empty chunks), so
    # the codes are split back by the arrays' lengths.
    indices = [pc.fill_null(chunk.indices, 0).cast(pa.int64()) for chunk in encoded.chunks]
    everything = (
        pa.chunked_array(indices, pa.int64()).to_numpy() if indices else np.zeros(0, dtype=np.int64)
    )
    bounds = np.cumsum([len(array) for array in arrays])[:-1]
    codes = tuple(np.split(everything, bounds))

    def dictionary_decode(values: IntArray) -> Any:  # noqa: ANN401
        return dictionary.take(pa.array(np.asarray(values, dtype=np.int64)))

    return IdCodes(codes, len(dictionary), dictionary_decode)


def rejected_records(rejected: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a pyarrow Table
    """Return a rejected-rows table as a list of ``{"row": int, "reason": str}`` dicts.

    >>> rejected_records(empty_rejected())
    []
    """
    return [{"row": int(r["row"]), "reason": str(r["reason"])} for r in rejected.to_pylist()]


def rejected_rows(rejected: Any) -> tuple[tuple[int, str], ...]:  # noqa: ANN401 - a pyarrow Table
    """Return a rejected-rows table as ``(row, reason)`` pairs, for a result's ``rejected`` part.

    >>> rejected_rows(empty_rejected())
    ()
    """
    return tuple(
        (int(row), str(reason))
        for row, reason in zip(
            rejected.column("row").to_pylist(), rejected.column("reason").to_pylist(), strict=True
        )
    )


def explain_rejected(text: Explanation, rejected: Any, rows_in: int, *, indent: int = 1) -> None:  # noqa: ANN401
    """Add the row accounting (rows in = used + rejected) and the first rejected rows to ``text``."""
    count = int(rejected.num_rows)
    text.add(
        f"Rows: {rows_in:,} in = {rows_in - count:,} used + {count:,} rejected",
        indent=indent,
    )
    for record in rejected.slice(0, QUOTED_ROWS).to_pylist():
        text.add(f"row {record['row']}: {record['reason']}", indent=indent + 1)
    if count > QUOTED_ROWS:
        text.add(f"... and {count - QUOTED_ROWS:,} more (see .rejected)", indent=indent + 1)


# --------------------------------------------------------------------------------------------------
# Batch results as presentation parts (tenncare_calc.core.parts)


def trimmed_decimal(value: Decimal | None) -> Decimal | None:
    """Return a Decimal without trailing zeros or exponent, the same number (or None).

    >>> trimmed_decimal(Decimal("30.000")), trimmed_decimal(Decimal("1E+1")), trimmed_decimal(Decimal("-0.250"))
    (Decimal('30'), Decimal('10'), Decimal('-0.25'))
    """
    if value is None:
        return None
    with exact_context():
        normal = value.normalize()
        if normal == normal.to_integral_value():
            return normal.quantize(Decimal(1)) + 0
        return normal


def _trimmed_decimals(array: Any) -> list[Cell]:  # noqa: ANN401 - a pyarrow decimal array
    """Return a decimal column as :func:`trimmed_decimal` values, trimmed as text by Arrow (faster)."""
    pa, pc = _pa(), _pc()
    text = pc.cast(array, pa.large_string())
    text = pc.replace_substring_regex(text, r"(\.\d*?)0+$", r"\1")  # 30.2500 -> 30.25, 30.0 -> 30.
    text = pc.replace_substring_regex(text, r"\.$", "")
    text = pc.replace_substring_regex(text, r"^-0$", "0")
    # Arrow writes zero and tiny values with an exponent (0E-30, 1.5E-7): trim those one by one
    return [
        None
        if value is None
        else trimmed_decimal(Decimal(value))
        if "E" in value
        else Decimal(value)
        for value in text.to_pylist()
    ]


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def arrow_part(
    arrow: Any,  # noqa: ANN401 - a pyarrow Table
    name: str,
    title: str,
    *,
    columns: Mapping[str, TableColumn] | None = None,
) -> Table:
    """Return a pyarrow table as a presentation part (:class:`~tenncare_calc.core.parts.Table`).

    ``columns`` gives the column of a name outright (its type, title, description); any other
    column is typed by its Arrow type: booleans as bool, integers as count (shown without
    thousands separators, as identifiers and row numbers are), decimals as exact numbers (trailing
    zeros dropped), dates as dates, and anything else as text (timestamps and times in ISO form).
    A column given as a number may hold decimal text, which is read exactly.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> part = arrow_part(pa.table({"id": [7], "rural": [True], "miles": [Decimal("30.50")]}),
    ...     "distances", "Distances")
    >>> [(column.name, column.type.value) for column in part.columns]
    [('id', 'count'), ('rural', 'bool'), ('miles', 'number')]
    >>> part.records()
    [{'id': 7, 'rural': True, 'miles': '30.5'}]
    """
    pa = _pa()
    given = columns or {}
    typed: list[TableColumn] = []
    cells: list[list[Cell]] = []
    for field in arrow.schema:
        kind = field.type
        column = given.get(field.name)
        if column is None:
            if pa.types.is_boolean(kind):
                column = TableColumn(field.name, ColumnType.BOOL)
            elif pa.types.is_integer(kind):
                column = TableColumn(field.name, ColumnType.COUNT, grouping=False)
            elif pa.types.is_decimal(kind):
                column = TableColumn(field.name, ColumnType.NUMBER)
            elif pa.types.is_date(kind):
                column = TableColumn(field.name, ColumnType.DATE)
            else:
                column = TableColumn(field.name, ColumnType.TEXT)
        array = arrow.column(field.name)
        if column.type is ColumnType.NUMBER and pa.types.is_decimal(kind):
            values = _trimmed_decimals(array)
        elif column.type is ColumnType.NUMBER:
            values = [
                trimmed_decimal(Decimal(value) if isinstance(value, str) else value)
                for value in array.to_pylist()
            ]
        elif column.type is ColumnType.TEXT:
            values = [_text(value) for value in array.to_pylist()]
        else:
            values = array.to_pylist()
        typed.append(column)
        cells.append(values)
    rows = tuple(zip(*cells, strict=True)) if cells else ()
    return Table(name, title, tuple(typed), rows)


def rejected_table(rejected: Mapping[str, Any], *, title: str = "Rejected input rows") -> Table:
    """Return the ``rejected`` part of a batch result: each rejected row and its reason.

    ``rejected`` maps each input's name to its rejected-rows table (``row``, ``reason``, as
    :meth:`TableInput.check` gives it). With one input the part has the columns ``row`` and
    ``reason``; with several, an ``input`` column first says which input the row is from. The part
    is there (empty) when nothing was rejected, so every result of a kind has the same parts; an
    empty part is left out of the terminal's brief view (``Table.brief``).

    Examples
    --------
    >>> part = rejected_table({"enrollment": empty_rejected(), "claims": empty_rejected()})
    >>> [column.name for column in part.columns], part.rows
    (['input', 'row', 'reason'], ())
    """
    several = len(rejected) > 1
    columns = (
        (TableColumn("input", ColumnType.TEXT, description="the input the row is from"),)
        if several
        else ()
    ) + REJECTED_COLUMNS
    rows: list[tuple[Cell, ...]] = []
    for source, table in rejected.items():
        for record in rejected_records(table):
            cells: tuple[Cell, ...] = (record["row"], record["reason"])
            rows.append((source, *cells) if several else cells)
    return Table("rejected", title, columns, tuple(rows), brief=bool(rows))
