"""Batch results as presentation parts: a pyarrow table as a :class:`~tenncare_calc.core.parts.Table`.

A batch computation's result is a pyarrow table; :func:`arrow_part` turns it into the neutral part
every surface renders (text, markdown, html, csv, frames, workbook), each column typed by its Arrow
type unless given outright, exact decimals written without trailing zeros (:func:`trimmed_decimal`).
"""

from __future__ import annotations

__all__ = ["arrow_part", "trimmed_decimal"]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.core.errors import require
from tenncare_calc.core.parts import Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as TableColumn
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from collections.abc import Mapping


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


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
    pa, pc = _pa(), compute
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
