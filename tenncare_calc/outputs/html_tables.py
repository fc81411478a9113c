"""Tables as HTML, every text escaped: what a notebook shows for a result.

>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> print(render_html(Table("t", "<b>", (Column("n", ColumnType.COUNT),), ((1,),))))
<table class="tenncare-calc-table" data-part="t">
<caption>&lt;b&gt;</caption>
<thead><tr><th>n</th></tr></thead><tbody>
<tr><td style="text-align: right">1</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

__all__ = ["render_html", "render_html_tables"]

import html
from typing import TYPE_CHECKING

from tenncare_calc.core.parts import ColumnType
from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tenncare_calc.core.parts import Cell, Column, Table


def _td(column: Column, value: Cell) -> str:
    style = ' style="text-align: right"' if column.type.numeric else ""
    if not column.brief and column.type is ColumnType.TEXT:
        style = ' class="long-text"'  # a reason or description: room to read it, wrapped
    return f"<td{style}>{html.escape(display(column, value))}</td>"


def render_html(table: Table) -> str:
    """Return ``table`` as an HTML ``<table>`` with a caption; every text is escaped."""
    esc = html.escape
    kind = "tenncare-calc-table record" if table.record else "tenncare-calc-table"
    parts = [f'<table class="{kind}" data-part="{esc(table.name)}">']
    parts.append(f"<caption>{esc(table.title)}</caption>")
    if table.record:
        parts.extend(
            f"<tr><th>{esc(column.heading)}</th>{_td(column, value)}</tr>"
            for column, value in zip(table.columns, table.rows[0], strict=True)
        )
    else:
        header = "".join(f"<th>{esc(column.heading)}</th>" for column in table.columns)
        parts.append(f"<thead><tr>{header}</tr></thead><tbody>")
        rows = [
            "<tr>"
            + "".join(_td(column, value) for column, value in zip(table.columns, row, strict=True))
            + "</tr>"
            for row in table.rows
        ]
        note = table.hidden_note()
        if note is not None and table.hidden is not None:
            rows.insert(
                table.hidden[0],
                f'<tr class="tenncare-calc-hidden"><td colspan="{len(table.columns)}" '
                f'style="text-align: center; font-style: italic">{esc(note)}</td></tr>',
            )
        parts.extend(rows)
        parts.append("</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


#: The look of a result in a notebook: bordered, captioned tables that scroll sideways when wide
#: (scoped to the result's ``<div>``, so a notebook's own styles are left alone).
NOTEBOOK_STYLE = (
    "<style>"
    ".tenncare-calc{overflow-x:auto}"
    ".tenncare-calc table{border-collapse:collapse;margin:0 0 1em;font-size:12px}"
    ".tenncare-calc caption{text-align:left;font-weight:600;caption-side:top}"
    ".tenncare-calc th,.tenncare-calc td{border:1px solid #d0d0d0;padding:2px 6px;"
    "text-align:left;vertical-align:top}"
    ".tenncare-calc th{background:#eef1f7}"
    ".tenncare-calc td.long-text{min-width:16em}"
    "</style>"
)


def render_html_tables(tables: Sequence[Table]) -> str:
    """Return several tables as one styled ``<div>`` of HTML tables (a result's rich display)."""
    body = "\n".join(render_html(table) for table in tables)
    return f'<div class="tenncare-calc">\n{NOTEBOOK_STYLE}\n{body}\n</div>'
