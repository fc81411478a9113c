r"""Tables as Markdown (GitHub) tables, each under its bold title.

>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> print(render_markdown(Table("t", "Lines", (Column("item", ColumnType.TEXT),), (("a|b",),))))
**Lines**
<BLANKLINE>
| item |
| --- |
| a\|b |
"""

from __future__ import annotations

__all__ = ["render_markdown"]

from typing import TYPE_CHECKING

from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from tenncare_calc.core.parts import Table


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(table: Table) -> str:
    """Return ``table`` as a Markdown (GitHub) table under a bold title."""
    if table.record:
        head = "| field | value |\n| --- | ---: |"
        lines = [
            f"| {_cell(column.heading)} | {_cell(display(column, value))} |"
            for column, value in zip(table.columns, table.rows[0], strict=True)
        ]
    else:
        head = (
            "| "
            + " | ".join(_cell(column.heading) for column in table.columns)
            + " |\n| "
            + " | ".join("---:" if column.type.numeric else "---" for column in table.columns)
            + " |"
        )
        lines = [
            "| "
            + " | ".join(
                _cell(display(column, value))
                for column, value in zip(table.columns, row, strict=True)
            )
            + " |"
            for row in table.rows
        ]
    return "\n".join([f"**{_cell(table.title)}**", "", head, *lines])
