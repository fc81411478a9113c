r"""Tables as Markdown (GitHub) tables, each under its bold title, HTML in the text escaped.

Markdown lets raw HTML through to the page it renders, so every cell and title has ``<`` (and an
``&`` that would start a character reference) written as an entity: a ``<script>`` in a member id
or a profile's title arrives as text, and "Residential & Outpatient" stays as it reads.

>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> print(render_markdown(Table("t", "Lines", (Column("item", ColumnType.TEXT),), (("a|b",),))))
**Lines**
<BLANKLINE>
| item |
| --- |
| a\|b |
>>> print(render_markdown(Table("t", "<b>", (Column("id", ColumnType.TEXT),), (("<script>",),))))
**&lt;b>**
<BLANKLINE>
| id |
| --- |
| &lt;script> |
"""

from __future__ import annotations

__all__ = ["render_markdown"]

import re
from typing import TYPE_CHECKING

from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from tenncare_calc.core.parts import Table


#: An ``&`` that would start a character reference (``&lt;``, ``&#60;``); any other stays as it is.
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _cell(text: str) -> str:
    """Return ``text`` safe in a Markdown table cell: no raw HTML, no cell break, one line."""
    escaped = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return escaped.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


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
        note = table.hidden_note()
        if note is not None and table.hidden is not None:
            blanks = " |" * (len(table.columns) - 1)
            lines.insert(table.hidden[0], f"| *{_cell(note)}* |{blanks}")
    return "\n".join([f"**{_cell(table.title)}**", "", head, *lines])
