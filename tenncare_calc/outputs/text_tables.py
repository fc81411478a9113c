"""Tables as aligned plain text, and each cell as a person reads it (the terminal's surface).

:func:`display` shows a cell the way every human-facing surface does (text, Markdown, HTML, the
width of a workbook column): money as ``$1,234.50``, rates as ``58.2%``, booleans as ``yes``/``no``,
an empty cell as its column's ``none_text``. :func:`render_text` lays a table out in aligned
columns under its title (numbers right-aligned), or a record part as field/value pairs.

>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> display(Column("rate", ColumnType.RATE, places=1), Decimal("58.25"))
'58.3%'
>>> print(render_text(Table("t", "Lines", (Column("n", ColumnType.COUNT),), ((1200,),))))
Lines
    n
-----
1,200
"""

from __future__ import annotations

__all__ = ["BRIEF_TEXT_WIDTH", "display", "render_text"]

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tenncare_calc.core.parts import ColumnType
from tenncare_calc.core.values import exact_context, format_decimal, format_money

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tenncare_calc.core.parts import Cell, Column, Table

#: The widest a text cell is shown in a brief (terminal) table before it is cut with "…".
BRIEF_TEXT_WIDTH = 48


def _shown(column: Column, value: Decimal) -> Decimal:
    """Return ``value`` rounded half-up to the column's ``places`` when it has more digits."""
    places = column.places
    if places is None or value.as_tuple().exponent >= -places:  # type: ignore[operator]
        return value
    with exact_context():
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(column: Column, value: Cell) -> str:  # noqa: PLR0911 - one return per column type
    """Return ``value`` of ``column`` as a person reads it (``$1,234.50``, ``58.2%``, ``yes``).

    >>> from tenncare_calc.core.parts import Column, ColumnType
    >>> display(Column("paid", ColumnType.MONEY), Decimal("1234.5")), display(Column("ok", ColumnType.BOOL), None)
    ('$1,234.50', '—')
    """
    if value is None:
        return column.none_text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        value = _shown(column, value)
        if column.type is ColumnType.MONEY:
            return format_money(value)
        if column.type is ColumnType.RATE:
            return f"{format_decimal(value, grouping=False)}%"
        return format_decimal(value, grouping=column.grouping)
    if isinstance(value, int):
        return f"{value:,}" if column.grouping else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cut(text: str, *, brief: bool) -> str:
    if brief and len(text) > BRIEF_TEXT_WIDTH:
        return text[: BRIEF_TEXT_WIDTH - 1] + "…"
    return text


def render_text(table: Table, *, brief: bool = False) -> str:
    """Return ``table`` as aligned plain text under its title (numbers right-aligned).

    ``brief`` leaves out the columns not marked ``brief`` (long reasons) and cuts long texts, for
    a terminal.
    """
    if table.record:
        row = table.rows[0]
        pairs = [
            (
                column.heading + (f" ({column.unit})" if column.unit else ""),
                _cut(display(column, v), brief=brief),
            )
            for column, v in zip(table.columns, row, strict=True)
            if column.brief or not brief
        ]
        width = max((len(label) for label, _ in pairs), default=0)
        lines = [f"{label.ljust(width)}  {value}" for label, value in pairs]
        return "\n".join([table.title, *lines])
    shown = [column for column in table.columns if column.brief or not brief]
    body = [
        [_cut(display(column, row[table.index(column.name)]), brief=brief) for column in shown]
        for row in table.rows
    ]
    widths = [
        max([len(column.heading), *(len(cells[i]) for cells in body)])
        for i, column in enumerate(shown)
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if column.type.numeric else cell.ljust(width)
            for cell, width, column in zip(cells, widths, shown, strict=True)
        ]
        return "  ".join(parts).rstrip()

    header = line([column.heading for column in shown])
    rule = "  ".join("-" * width for width in widths)
    lines = [line(cells) for cells in body]
    note = table.hidden_note()
    if note is not None and table.hidden is not None:
        lines.insert(table.hidden[0], note)
    return "\n".join([table.title, header, rule, *lines])
