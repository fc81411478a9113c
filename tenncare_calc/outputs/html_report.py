"""A result as one self-contained HTML page: explanation, tables and charts, printable, offline.

:func:`render_report` gives what ``to_html()`` and ``--format html`` write: a complete HTML document
with the result's explanation (every figure with its rule and section), every part as a table, and
its charts drawn inline as SVG (when matplotlib, the ``plot`` extra, is installed). Everything is
in the one file: the styles are inline, the charts are SVG text, there is no script, and the page's
content security policy forbids loading anything (``default-src 'none'``), so it opens the same
with no network and can be mailed or archived as it is. Every text from the data is escaped. It
prints on Letter or A4 paper, landscape, with each table's headings repeated on every page.

A part of more than :data:`REPORT_ROWS` rows shows its first and last rows with a line saying how
many are left out (a 100,000-line ledger belongs in CSV or a workbook, not in a printed page).

>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> from tenncare_calc.core.presentable import Presentable
>>> class Note(Presentable):
...     def tables(self):
...         return (Table("lines", "<Lines>", (Column("n", ColumnType.COUNT),), ((1,),)),)
>>> page = render_report(Note())
>>> page.startswith("<!DOCTYPE html>"), "<caption>&lt;Lines&gt;</caption>" in page
(True, True)
"""

from __future__ import annotations

__all__ = ["REPORT_ROWS", "chart_svg", "render_report"]

import html
import io
import re
from importlib import metadata
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import MissingDependencyError, require
from tenncare_calc.outputs.html_tables import render_html

if TYPE_CHECKING:
    from tenncare_calc.core.charts import Chart
    from tenncare_calc.core.presentable import Presentable

#: The most rows of a part the report shows (its first and last halves, the gap counted).
REPORT_ROWS = 1000
#: What the page may load: nothing but its own inline styles and inline images.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: #1b1b1b; margin: 2rem auto; max-width: 78rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
.meta, .note { color: #555; font-size: .9rem; }
nav ol { columns: 2; font-size: .9rem; }
pre.explanation { white-space: pre-wrap; font: 12.5px/1.4 ui-monospace, Menlo, Consolas, monospace;
                  background: #f6f6f6; padding: .75rem 1rem; border-radius: 4px; }
table.tenncare-calc-table { border-collapse: collapse; margin: 0 0 1.5rem; font-size: 12.5px;
                  width: 100%; }
table.tenncare-calc-table.record { width: auto; }
table.tenncare-calc-table caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.tenncare-calc-table th, table.tenncare-calc-table td { border: 1px solid #d0d0d0;
                  padding: .2rem .45rem; vertical-align: top; }
table.tenncare-calc-table th { background: #eef1f7; text-align: left; }
table.tenncare-calc-table td.long-text { min-width: 16em; }
table.tenncare-calc-table tbody tr:nth-child(even) td { background: #fafafa; }
.table-scroll { overflow-x: auto; }
figure.chart { margin: 0 0 1.5rem; }
figure.chart svg { max-width: 100%; height: auto; }
@page { size: landscape; margin: 1.2cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10px; }
  table.tenncare-calc-table { font-size: 9px; }
  pre.explanation { font-size: 9px; }
  nav { display: none; }
  .table-scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, figure.chart, pre.explanation { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _version() -> str:
    try:
        return metadata.version("tenncare-calc")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "(not installed)"


def chart_svg(chart: Chart) -> str:
    """Return a chart description drawn as an inline ``<svg>`` element (the ``plot`` extra).

    The same chart always gives the same text (fixed ids, no date); the text of the chart is drawn
    as outlines, so the page needs no font.
    """
    matplotlib = require("matplotlib", extra="plot", purpose="charts in an HTML report")
    pyplot = require("matplotlib.pyplot", extra="plot", purpose="charts in an HTML report")
    from tenncare_calc.outputs.charts import draw  # noqa: PLC0415 - matplotlib is optional

    settings = {"svg.hashsalt": "tenncare-calc", "svg.fonttype": "path"}
    with matplotlib.rc_context(settings):
        axes = draw(chart)
        figure: Any = axes.figure
        buffer = io.StringIO()
        try:
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            pyplot.close(figure)
    text = buffer.getvalue()
    svg = text[text.index("<svg") :].strip()
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)


def _charts(result: Presentable) -> list[str]:
    charts: tuple[Chart, ...] = result.charts()
    if not charts:
        return []
    try:
        drawn = [chart_svg(chart) for chart in charts]
    except MissingDependencyError as error:
        return ['<h2 id="charts">Charts</h2>', f'<p class="note">{html.escape(str(error))}</p>']
    figures = [
        f'<figure class="chart" aria-label="{html.escape(chart.title)}">\n{svg}\n</figure>'
        for chart, svg in zip(charts, drawn, strict=True)
    ]
    return ['<h2 id="charts">Charts</h2>', *figures]


def render_report(result: Presentable, *, title: str | None = None) -> str:
    """Return ``result`` as one self-contained, printable HTML document (see the module docs).

    ``title`` defaults to the result's ``report_title``, else the title of its first part.
    """
    esc = html.escape
    tables = result.tables()
    first = tables[0].title if tables else type(result).__name__
    heading = title or result.report_title or first
    explain: Any = getattr(result, "explain", None)
    body = [
        f"<header><h1>{esc(heading)}</h1>",
        (
            f'<p class="meta">{esc(type(result).__name__)}, computed by tenncare_calc '
            f"{esc(_version())}; every figure is explained with its rule and section.</p></header>"
        ),
        "<nav><ol>",
        *(f'<li><a href="#part-{esc(table.name)}">{esc(table.title)}</a></li>' for table in tables),
        "</ol></nav>",
    ]
    if callable(explain):
        body += [
            '<h2 id="explanation">Explanation</h2>',
            f'<pre class="explanation">{esc(explain())}</pre>',
        ]
    body += _charts(result)
    body.append('<h2 id="tables">Tables</h2>')
    for table in tables:
        shown = table.excerpt(REPORT_ROWS)
        body.append(f'<div class="table-scroll" id="part-{esc(table.name)}">')
        body.append(render_html(shown))
        if shown.hidden is not None:
            body.append(
                f'<p class="note">The part {esc(table.name)!s} has {len(table.rows):,} rows; '
                "CSV (--format csv --part NAME) or a workbook (--format xlsx) has every one.</p>"
            )
        body.append("</div>")
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="tenncare_calc {esc(_version())}">',
        f"<title>{esc(heading)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>", ""])
