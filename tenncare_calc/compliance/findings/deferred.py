"""The columns of a batch check's findings, each computed when it is first read.

A batch check computes its verdict (``outcome``, ``met``) at once; the figures that explain each
finding (``measured``, ``limit``, ``margin``, the standard's text) may be handed over as functions
that compute them. :class:`DeferredColumns` keeps both and computes a function's column the first
time it is read, once: counting the outcomes of ten million findings never writes their margins,
and asking for the whole table (:attr:`FindingsTable.arrow
<tenncare_calc.compliance.findings.table.FindingsTable.arrow>`) gives every column, identical to
one computed at once.

Examples
--------
>>> import pyarrow as pa
>>> calls = []
>>> def margins():
...     calls.append("margin")
...     return pa.array([1, -2])
>>> columns = DeferredColumns({"met": pa.array([True, False]), "margin": margins}, rows=2)
>>> columns.column("met").to_pylist(), calls
([True, False], [])
>>> columns.table().column("margin").to_pylist(), calls
([1, -2], ['margin'])
>>> columns.column("margin").to_pylist(), calls  # computed once
([1, -2], ['margin'])
"""

from __future__ import annotations

__all__ = ["Deferred", "DeferredColumns", "named_column", "whole_table"]

from typing import TYPE_CHECKING, Any, TypeAlias

from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    from collections.abc import Mapping

#: A column given to :class:`DeferredColumns`: an Arrow array, or a function computing it.
Deferred: TypeAlias = Any


class DeferredColumns:
    """The named columns of a table, each an Arrow array or a function computing it when first read.

    ``rows`` is the table's length; every column, once computed, has it.
    """

    __slots__ = ("_parts", "num_rows")

    def __init__(self, parts: Mapping[str, Deferred], *, rows: int) -> None:
        """Keep ``parts`` (name → array or zero-argument function) in their order, ``rows`` long."""
        self._parts: dict[str, Any] = dict(parts)
        self.num_rows = rows

    @property
    def column_names(self) -> list[str]:
        """Return the column names, in order."""
        return list(self._parts)

    def pending(self) -> list[str]:
        """Return the names of the columns not computed yet."""
        return [name for name, part in self._parts.items() if _is_function(part)]

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow array
        """Return the column ``name``, computing it (once) if it was given as a function."""
        try:
            part = self._parts[name]
        except KeyError:
            raise InvalidInputError(
                f"findings: no column {name!r}; the columns are {', '.join(self._parts)}",
                field="column",
                value=name,
            ) from None
        if _is_function(part):
            part = self._parts[name] = part()
        return part

    def replaced(self, name: str, column: Deferred) -> DeferredColumns:
        """Return these columns with ``name`` replaced by ``column`` (the others shared as they are)."""
        return DeferredColumns({**self._parts, name: column}, rows=self.num_rows)

    def table(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """Return every column as one pyarrow Table, computing those not computed yet."""
        pa = require("pyarrow", extra="data", purpose="findings over a table")
        return pa.table({name: self.column(name) for name in self._parts})


def _is_function(part: object) -> bool:
    """Return whether ``part`` is a column still to compute (a function, not an array)."""
    return callable(part)


def named_column(columns: Any, name: str, *, what: str) -> Any:  # noqa: ANN401 - pyarrow
    """Return the column ``name`` of a Table or :class:`DeferredColumns`, as a ChunkedArray.

    A deferred column is computed alone (once); a name not among the columns is an
    :class:`~tenncare_calc.core.errors.InvalidInputError` naming ``what`` (``findings``) and the
    columns there are.

    >>> import pyarrow as pa
    >>> deferred = DeferredColumns({"met": pa.array([True])}, rows=1)
    >>> named_column(deferred, "met", what="findings").to_pylist()
    [True]
    >>> try:
    ...     named_column(pa.table({"met": [True]}), "outcome", what="findings")
    ... except InvalidInputError as error:
    ...     print(error)
    findings: no column 'outcome'; the columns are met
    """
    pa = require("pyarrow", extra="data", purpose=f"{what} over a table")
    deferred = isinstance(columns, DeferredColumns)
    names = columns.column_names
    if name not in names:  # named ``what`` whether the columns are computed yet or not
        raise InvalidInputError(
            f"{what}: no column {name!r}; the columns are {', '.join(names)}",
            field="column",
            value=name,
        )
    if deferred:
        part = columns.column(name)
        return part if isinstance(part, pa.ChunkedArray) else pa.chunked_array([part], part.type)
    return columns.column(name)


def whole_table(columns: Any) -> Any:  # noqa: ANN401 - a pyarrow Table or DeferredColumns
    """Return a Table as it is and :class:`DeferredColumns` as its whole table (results compare so).

    >>> import pyarrow as pa
    >>> whole_table(DeferredColumns({"met": lambda: pa.array([True])}, rows=1)).num_columns
    1
    """
    return columns.table() if isinstance(columns, DeferredColumns) else columns
