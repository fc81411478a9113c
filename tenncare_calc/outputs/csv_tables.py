"""Tables as CSV text that a spreadsheet opens safely: exact numbers, ISO dates, escaped text.

>>> from decimal import Decimal
>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> print(render_csv(Table("t", "Lines", (Column("item", ColumnType.TEXT),
...     Column("amount", ColumnType.MONEY)), (("=cmd", Decimal("5.5")), ("fee", None)))), end="")
item,amount
'=cmd,5.5
fee,
"""

from __future__ import annotations

__all__ = ["csv_field", "csv_fields", "escape_spreadsheet_text", "render_csv"]

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tenncare_calc.core.parts import Cell, Column, Table

#: Leading characters a spreadsheet may read as the start of a formula (or a hidden control).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def escape_spreadsheet_text(text: str) -> str:
    """Return ``text`` made safe for a spreadsheet cell: a leading ``'`` if it could start a formula.

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is
    read by spreadsheet programs as a formula (CSV or formula injection); the apostrophe makes them
    show it as the text it is.

    >>> print(escape_spreadsheet_text("=1+2"), escape_spreadsheet_text("@SUM(A1)"))
    '=1+2 '@SUM(A1)
    >>> escape_spreadsheet_text("HbA1c Testing")
    'HbA1c Testing'
    """
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_field(column: Column, value: Cell) -> str:
    """Return ``value`` as a CSV field: exact numbers, ISO dates, ``true``/``false``, safe text.

    >>> from tenncare_calc.core.parts import Column, ColumnType
    >>> csv_field(Column("paid", ColumnType.BOOL), True), csv_field(Column("n", ColumnType.TEXT), "-1")
    ('true', "'-1")
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return escape_spreadsheet_text(value)
    return str(column.plain(value))


def csv_fields(column: Column, values: Sequence[Cell]) -> list[str]:
    """Return each of ``values`` as :func:`csv_field` gives it, a whole column at a time (faster).

    >>> from tenncare_calc.core.parts import Column, ColumnType
    >>> csv_fields(Column("note", ColumnType.TEXT), ["=1+2", None, "ok"])
    ["'=1+2", '', 'ok']
    """
    kinds = set(map(type, values)) - {type(None)}
    if kinds <= {int}:
        return ["" if value is None else str(value) for value in values]
    if kinds <= {str}:
        return ["" if value is None else escape_spreadsheet_text(value) for value in values]  # type: ignore[arg-type]
    return [csv_field(column, value) for value in values]


def render_csv(table: Table) -> str:
    """Return ``table`` as CSV text (RFC 4180: CRLF line ends), text escaped for spreadsheets.

    Fields holding a comma, a quote, a carriage return or a line feed are quoted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_spreadsheet_text(column.name) for column in table.columns])
    fields = [
        csv_fields(column, values)
        for column, values in zip(table.columns, zip(*table.rows, strict=True), strict=False)
    ]
    writer.writerows(zip(*fields, strict=True))
    return buffer.getvalue()
