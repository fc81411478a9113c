"""The surfaces this package installs in the core: how every table and result is rendered.

:func:`install` registers them with :func:`tenncare_calc.core.parts.install_surfaces`; importing
:mod:`tenncare_calc.outputs` (which ``import tenncare_calc`` does) calls it. Frames, workbooks and
charts import their optional libraries only when one is made; each renderer's module is imported
when a table is first rendered through it, so a command that prints CSV imports no HTML.
"""

from __future__ import annotations

__all__ = ["OutputSurfaces", "install"]

from typing import TYPE_CHECKING, Any, Literal

from tenncare_calc.core.parts import install_surfaces

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from tenncare_calc.core.parts import Table


class OutputSurfaces:
    """Text, Markdown, HTML and CSV here; DataFrames, workbooks and charts from their modules."""

    def text(self, table: Table, *, brief: bool) -> str:
        """Return ``table`` as aligned plain text."""
        from tenncare_calc.outputs.text_tables import render_text  # noqa: PLC0415 - see the module

        return render_text(table, brief=brief)

    def markdown(self, table: Table) -> str:
        """Return ``table`` as a Markdown table."""
        from tenncare_calc.outputs.markdown_tables import render_markdown  # noqa: PLC0415

        return render_markdown(table)

    def html(self, table: Table) -> str:
        """Return ``table`` as an escaped HTML table."""
        from tenncare_calc.outputs.html_tables import render_html  # noqa: PLC0415 - see the module

        return render_html(table)

    def html_document(self, tables: Sequence[Table]) -> str:
        """Return several tables as one HTML fragment."""
        from tenncare_calc.outputs.html_tables import render_html_tables  # noqa: PLC0415

        return render_html_tables(tables)

    def csv(self, table: Table) -> str:
        """Return ``table`` as spreadsheet-safe CSV text."""
        from tenncare_calc.outputs.csv_tables import render_csv  # noqa: PLC0415 - see the module

        return render_csv(table)

    def frame(self, table: Table, *, numbers: Literal["decimal", "string", "float"]) -> Any:  # noqa: ANN401 - a pandas DataFrame
        """Return ``table`` as a pandas DataFrame (the ``pandas`` extra)."""
        from tenncare_calc.outputs.frames import table_to_frame  # noqa: PLC0415 - pandas is optional

        return table_to_frame(table, numbers=numbers)

    def workbook(self, result: object, path: str | Path) -> Path:
        """Return the path of the workbook written from ``result`` (the ``excel`` extra)."""
        from tenncare_calc.outputs.workbook import write_workbook  # noqa: PLC0415 - openpyxl is optional

        return write_workbook(result, path)  # type: ignore[arg-type]

    def plot(self, chart: object, ax: Any) -> Any:  # noqa: ANN401 - matplotlib Axes
        """Return the Axes with ``chart`` drawn (the ``plot`` extra)."""
        from tenncare_calc.outputs.charts import draw  # noqa: PLC0415 - matplotlib is optional

        return draw(chart, ax=ax)

    def report(self, result: Any) -> str:  # noqa: ANN401 - a Presentable
        """Return ``result`` as one self-contained HTML page (charts need the ``plot`` extra)."""
        from tenncare_calc.outputs.html_report import render_report  # noqa: PLC0415 - loaded on use

        return render_report(result)


def install() -> None:
    """Make these surfaces the ones every table and result renders through."""
    install_surfaces(OutputSurfaces())
