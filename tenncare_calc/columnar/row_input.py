"""Any table as rows: the input of the functions that read a table row by row.

The functions that take a small table one row at a time (the damages observations, the rates of
the pay-for-performance measures, the program's plan facts) accept the same tables as the columnar
functions, through :func:`table_rows`:

* a pandas or polars ``DataFrame``, a pyarrow ``Table`` or ``RecordBatch``, or anything exposing
  the Arrow stream interface (``__arrow_c_stream__``: a DuckDB relation, a findings table);
* a mapping of column name to a sequence of values (list, tuple, numpy array, pandas Series,
  pyarrow array), all of one length;
* a list (or any iterable) of rows, each a mapping of column name to value (``df.to_dict("records")``);
* :class:`~tenncare_calc.columnar.readers.InputRows` already read from a file.

Cells are plain Python values: ``None``, NaN, ``NaT``, ``pd.NA`` and blank text are empty
(``None``); numpy scalars become ``int``, ``float``, ``bool`` or ``str``; a timestamp from a frame
(pandas ``Timestamp``, ``numpy.datetime64``, an Arrow or polars timestamp) at midnight with no
time zone is its ``date`` (a frame has no other way to hold a date); any other timestamp stays a
``datetime``. Column names are text, stripped of surrounding spaces. Rows keep their position: in
messages row ``i`` of the table (0-based) is ``"name, row i"``. ``columns=`` renames before
anything is read (:mod:`~tenncare_calc.columnar.column_mapping`).

>>> rows = table_rows({"ITEM": ["unlicensed_staff", None], "amount": [800.0, float("nan")]},
...     name="observations", columns={"item": "ITEM"}, valid=["item", "amount"])
>>> rows.columns, rows.rows, rows.where(1)
(('amount', 'item'), ({'amount': 800.0, 'item': 'unlicensed_staff'}, {'amount': None, 'item': None}), 'observations, row 1')
"""

from __future__ import annotations

__all__ = ["empty_cell", "plain_cell", "table_rows"]

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from tenncare_calc.columnar.arrow_input import _is_instance_of
from tenncare_calc.columnar.column_mapping import column_names
from tenncare_calc.columnar.readers import InputRows
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError

_MISSING_TYPES = {"NaTType", "NAType"}
#: Cell types taken as they are (a blank text and a NaN are empty).
_PLAIN_TYPES = frozenset({type(None), str, int, float, bool, Decimal, dt.date, dt.datetime})


def empty_cell(value: object) -> bool:
    """Return whether a cell is empty: ``None``, NaN, ``NaT``, ``pd.NA`` or blank text.

    >>> [empty_cell(v) for v in (None, float("nan"), " ", 0, "0")]
    [True, True, True, False, False]
    """
    if value is None or type(value).__name__ in _MISSING_TYPES:  # pandas NaT and NA too
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if type(value) in _PLAIN_TYPES:
        return False
    if _is_instance_of(value, "numpy", ("floating", "datetime64", "timedelta64")):
        return bool(value != value)  # noqa: PLR0124 - NaN and NaT are unequal to themselves
    return False


def _from_timestamp(value: dt.datetime) -> dt.date | dt.datetime:
    if value.tzinfo is None and value.time() == dt.time(0):
        return value.date()
    return value


def plain_cell(value: object, *, from_frame: bool = True) -> object:
    """Return a cell as a plain Python value, ``None`` when it is empty (see the module).

    ``from_frame``: the cell comes from a frame or an Arrow table, so a timestamp at midnight with
    no time zone is its date.

    >>> import datetime as dt
    >>> plain_cell(dt.datetime(2008, 3, 1)), plain_cell(dt.datetime(2008, 3, 1), from_frame=False)
    (datetime.date(2008, 3, 1), datetime.datetime(2008, 3, 1, 0, 0))
    """
    kind = type(value)
    if kind is str:  # the common cells first, without a look at their class's ancestry
        return value if value.strip() else None  # type: ignore[attr-defined]
    if kind in _PLAIN_TYPES:
        if empty_cell(value):
            return None
        return _from_timestamp(value) if kind is dt.datetime and from_frame else value  # type: ignore[arg-type]
    if empty_cell(value):
        return None
    if _is_instance_of(value, "pandas", ("Timestamp",)):
        value = value.to_pydatetime()  # type: ignore[attr-defined]
        from_frame = True
    elif _is_instance_of(value, "numpy", ("datetime64",)):
        value = value.astype("datetime64[us]").item()  # type: ignore[attr-defined]
        from_frame = True
    elif _is_instance_of(value, "numpy", ("generic",)):
        value = value.item()  # type: ignore[attr-defined]
    if from_frame and isinstance(value, dt.datetime):
        return _from_timestamp(value)
    return value


def _pandas_records(frame: Any, wanted: set[str]) -> tuple[list[str], list[dict[str, Any]]]:  # noqa: ANN401 - a pandas DataFrame
    index_names = [n for n in frame.index.names if n is not None]
    if any(str(n) in wanted and n not in frame.columns for n in index_names):
        frame = frame.reset_index()
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise InvalidInputError(
            f"the frame names a column twice ({columns}); give each column one name",
            field="columns",
            value=columns,
        )
    records = frame.to_dict(orient="records")
    return columns, [{str(k): v for k, v in record.items()} for record in records]


def _column_values(values: object, column: str, name: str) -> list[Any]:
    to_pylist = getattr(values, "to_pylist", None)
    if callable(to_pylist):  # a pyarrow array
        found: list[Any] = to_pylist()
        return found
    if (
        _is_instance_of(values, "numpy", ("ndarray",))
        or _is_instance_of(values, "pandas", ("Series", "Index"))
        or _is_instance_of(values, "polars", ("Series",))
    ):
        array: Any = values
        return list(array)
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidTypeError(
            f"{name!r} as a mapping of columns: column {column!r} must be a sequence of values "
            f"(got {type(values).__name__}); one record is given as a list of one mapping",
            field=name,
            value=type(values).__name__,
        )
    return list(values)


def _mapping_records(data: Mapping[Any, Any], name: str) -> tuple[list[str], list[dict[str, Any]]]:
    columns = {str(key): _column_values(values, str(key), name) for key, values in data.items()}
    lengths = {key: len(values) for key, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidInputError(
            f"the columns of {name!r} have different lengths: {lengths}", field=name, value=lengths
        )
    count = next(iter(lengths.values()), 0)
    return list(columns), [{key: v[at] for key, v in columns.items()} for at in range(count)]


def _iterable_records(data: Iterable[object], name: str) -> tuple[list[str], list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    columns: dict[str, None] = {}
    for at, row in enumerate(data):
        if not isinstance(row, Mapping):
            raise InvalidTypeError(
                f"{name!r}, row {at}: each row must be a mapping of column name to value "
                f"(got {type(row).__name__})",
                field=name,
                value=type(row).__name__,
            )
        record = {str(key): value for key, value in row.items()}
        columns.update(dict.fromkeys(record))
        records.append(record)
    return list(columns), records


def _records(
    data: object, name: str, wanted: set[str]
) -> tuple[list[str], list[dict[str, Any]], bool]:
    """Return (column names, records, whether the cells come from a frame)."""
    if _is_instance_of(data, "pandas", ("DataFrame",)):
        return (*_pandas_records(data, wanted), True)
    if _is_instance_of(data, "polars", ("DataFrame",)):
        frame: Any = data
        return [str(c) for c in frame.columns], frame.to_dicts(), True
    if _is_instance_of(data, "polars", ("LazyFrame",)):
        raise InvalidTypeError(
            f"{name!r} is a polars LazyFrame; call .collect() on it first",
            field=name,
            value=type(data).__name__,
        )
    if _is_instance_of(data, "pyarrow", ("Table", "RecordBatch")) or hasattr(
        data, "__arrow_c_stream__"
    ):
        from tenncare_calc.columnar.arrow_input import _from_arrow_stream, _pa  # noqa: PLC0415

        table: Any = _from_arrow_stream(data)
        if isinstance(table, _pa().RecordBatch):
            table = _pa().Table.from_batches([table])
        return [str(c) for c in table.column_names], table.to_pylist(), True
    if isinstance(data, Mapping):
        return (*_mapping_records(data, name), False)
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        return (*_iterable_records(data, name), False)
    raise InvalidTypeError(
        f"{name!r} must be a table: a pandas or polars DataFrame, a pyarrow Table, a mapping of "
        f"column name to values, or a list of rows (mappings) (got {type(data).__name__})",
        field=name,
        value=type(data).__name__,
    )


def table_rows(
    data: object,
    *,
    name: str,
    columns: Mapping[str, str] | None = None,
    valid: Iterable[str] = (),
) -> InputRows:
    """Return any table (see the module) as :class:`~tenncare_calc.columnar.readers.InputRows`.

    ``columns`` is the ``columns=`` argument of the calling function, checked against ``valid``,
    the column names that function reads; an :class:`InputRows` keeps its source and format.

    >>> table_rows([{"plan": "east"}], name="plans").rows
    ({'plan': 'east'},)
    >>> table_rows({"PLAN": ["east"]}, name="plans", columns={"plan": "PLAN"}, valid=["plan"]).rows
    ({'plan': 'east'},)
    """
    known = list(valid)
    mapping = column_names(columns, valid=known, name=name)
    if isinstance(data, InputRows):
        names, records, from_frame = list(data.columns), [dict(r) for r in data.rows], False
        source, kind, lines, malformed = data.source, data.format, data.lines, data.malformed
    else:
        names, records, from_frame = _records(data, name, {*known, *mapping.values()})
        source, kind, lines, malformed = name, "rows", (), ()
    stripped = [column.strip() for column in names]
    if absent := [s for s in dict.fromkeys(mapping.values()) if s not in stripped]:
        raise InvalidInputError(
            f"columns= maps to {', '.join(map(repr, absent))}, not a column of {source!r} "
            f"(it has: {', '.join(map(repr, stripped)) or 'no columns'})",
            field="columns",
            value=absent,
        )
    gone = set(mapping) | set(mapping.values())
    final = [c for c in stripped if c not in gone] + list(mapping)
    rows = []
    keys: dict[str, str] = {}
    for record in records:
        cells = {
            keys.get(key) or keys.setdefault(key, key.strip()): plain_cell(
                value, from_frame=from_frame
            )
            for key, value in record.items()
        }
        row = {column: cells.get(column) for column in stripped if column not in gone}
        row.update({target: cells.get(source_name) for target, source_name in mapping.items()})
        rows.append(row)
    return InputRows(
        source, kind, tuple(dict.fromkeys(final)), tuple(rows), lines=lines, malformed=malformed
    )
