"""Any supported batch input as pyarrow arrays: Arrow tables, pandas and polars frames, mappings.

:func:`~tenncare_calc.columnar.tables.read_table` reads only the columns a computation names, from
a pyarrow ``Table`` or ``RecordBatch``, a pandas or polars ``DataFrame`` (a pandas index whose name
is a wanted column is used as that column), or a mapping from column name to a sequence (list,
tuple, numpy array, pandas Series, pyarrow array). Untidy object data (mixed types) is read value
by value as text, so the column's kind can reject the values it cannot use.

>>> columns, rows = _raw_columns({"member_id": [1, 2], "plan": ["A", "B"]}, ["member_id"],
...     name="spans")
>>> list(columns), rows
(['member_id'], 2)
>>> _to_arrow(columns["member_id"], ColumnKind.ID, column="member_id", name="spans").to_pylist()
[1, 2]
"""

from __future__ import annotations

__all__: list[str] = []

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_kinds import ColumnKind
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, require


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


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
        f"name to values, or expose an Arrow stream (__arrow_c_stream__) (got {type(data).__name__})",
        field=name,
        value=type(data).__name__,
    )


def _from_arrow_stream(data: object) -> object:
    """Return an object exposing the Arrow PyCapsule stream interface as a pyarrow Table.

    Any table that hands out its data through ``__arrow_c_stream__`` (a
    :class:`~tenncare_calc.compliance.findings.table.FindingsTable`, a DuckDB relation, a
    RecordBatchReader) is read once into a pyarrow Table; a list (or any iterable) of records,
    one mapping per row, becomes a mapping of columns (a field a record lacks is empty); the inputs
    read directly (pyarrow tables, pandas and polars frames, mappings) are returned as they are.

    >>> _from_arrow_stream([{"member_id": 1}, {"member_id": 2, "plan": "A"}])
    {'member_id': [1, 2], 'plan': [None, 'A']}
    """
    if isinstance(data, Mapping) or _is_frame(data):
        return data
    if hasattr(data, "__arrow_c_stream__"):
        pa = _pa()
        return data if isinstance(data, pa.Table | pa.RecordBatch) else pa.table(data)
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        return _columns_of_records(data)
    return data


def _is_frame(data: object) -> bool:
    return (
        _is_instance_of(data, "pandas", ("DataFrame",))
        or _is_instance_of(data, "polars", ("DataFrame", "LazyFrame"))
        or _is_instance_of(data, "dask", ("DataFrame",))
        or _is_instance_of(data, "pyarrow", ("Table", "RecordBatch"))
    )


def _columns_of_records(records: Iterable[object]) -> dict[str, list[object]]:
    """Return rows given as mappings as a mapping of column name to values, in row order."""
    columns: dict[str, list[object]] = {}
    for count, row in enumerate(records):
        if not isinstance(row, Mapping):
            raise InvalidTypeError(
                "a table must be a pyarrow Table, a pandas or polars DataFrame, a mapping from "
                f"column name to values, or a list of rows, each a mapping (row {count + 1} is "
                f"{type(row).__name__})",
                field="row",
                value=type(row).__name__,
            )
        for key in row:
            if str(key) not in columns:
                columns[str(key)] = [None] * count
        for key, values in columns.items():
            values.append(row.get(key))
    return columns


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
    """Return one column as a single (not chunked) pyarrow Array; a float NaN is null.

    A NaN in a column of floats is an empty cell, as pandas and a list's NaN already are (their
    arrays are built ``from_pandas``): a pyarrow or polars column of floats keeps NaN as a value,
    so it is made null here, and the same rows give the same result in every form of table.
    """
    pa = _pa()
    array = _to_arrow_any(values, kind, column=column, name=name)
    if isinstance(array, pa.ChunkedArray):
        # pandas columns backed by pyarrow (pandas 3 strings) and polars give chunked arrays.
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    if pa.types.is_floating(array.type):
        empty = compute.is_null(array, nan_is_null=True)
        if empty.true_count > array.null_count:  # a NaN to make null (else no copy of the column)
            array = compute.if_else(empty, pa.scalar(None, array.type), array)
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


def _present_columns(data: object) -> list[str]:
    pa = _pa()
    if isinstance(data, pa.Table | pa.RecordBatch):
        return [str(c) for c in data.column_names]
    if isinstance(data, Mapping):
        return [str(c) for c in data]
    names = getattr(data, "columns", [])
    return [str(c) for c in names]
