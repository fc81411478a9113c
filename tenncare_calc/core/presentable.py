"""Every surface a result gets from one method, ``tables()``: the :class:`Presentable` mixin.

A result class inherits :class:`Presentable` and implements ``tables()`` (its parts, in reading
order); it may declare live spreadsheet formulas (``excel_formulas()``, templates as in
:mod:`tenncare_calc.core.formulas`) and, through :class:`Plottable`, the chart that fits it
(``chart()``, a description from :mod:`tenncare_calc.core.charts`). From that it gets

* ``table(part)``, ``rows(part)`` (JSON-ready dicts),
* ``to_markdown()`` (Markdown tables) and ``to_html()`` (a self-contained HTML report),
* ``_repr_html_()`` and ``_repr_markdown_()`` (what Jupyter shows: every part, each cut to its
  first and last rows, the whole under about 100 KB whatever the data),
* ``to_csv(part=...)`` (one part as CSV, spreadsheet-safe),
* ``to_frame(part=...)`` (a pandas DataFrame),
* ``to_excel(path)`` (a workbook with live formulas),
* ``plot(ax=None)`` (a matplotlib chart), for a :class:`Plottable`,

all rendered by :mod:`tenncare_calc.outputs` through the surfaces it installs in
:mod:`tenncare_calc.core.parts`. How a new result type plugs in is described in
``docs/developers.md``.
"""

from __future__ import annotations

__all__ = ["NOTEBOOK_BYTES", "NOTEBOOK_TEXT", "Plottable", "Presentable", "short_repr"]

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.parts import Table, surfaces

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    import pandas as pd
    from matplotlib.axes import Axes

    from tenncare_calc.core.charts import Chart


#: The most a notebook's view of a result holds (HTML or Markdown, in bytes): parts past it are
#: shown with fewer rows, down to their headings and a line saying how many rows they have.
NOTEBOOK_BYTES = 90_000
#: The longest a text cell is shown in a notebook (the rest is cut with "…").
NOTEBOOK_TEXT = 240


def short_repr(result: object, **fields: object) -> str:
    """Return a result's ``repr()``: its class and a few telling fields, never its whole data.

    >>> from decimal import Decimal
    >>> short_repr(object(), year=2008, total=Decimal("5.00"))
    "object(year=2008, total=Decimal('5.00'))"
    """
    shown = ", ".join(f"{name}={value!r}" for name, value in fields.items())
    return f"{type(result).__name__}({shown})"


def _fitted(
    tables: tuple[Table, ...], rows: int | None, render: Callable[[Table], str]
) -> list[Table]:
    """Return the tables a notebook shows: excerpts of at most ``rows`` rows, within the budget."""
    room = NOTEBOOK_BYTES
    shown = []
    for table in tables:
        limit = len(table.rows) if rows is None else rows
        view = table.excerpt(limit).clipped(NOTEBOOK_TEXT)
        size = len(render(view).encode())
        while size > room and limit > 0 and not table.record:
            limit //= 2
            view = table.excerpt(limit).clipped(NOTEBOOK_TEXT)
            size = len(render(view).encode())
        room -= size
        shown.append(view)
    return shown


class Presentable:
    """Mixin: every surface (Markdown, HTML, CSV, pandas, Excel) from one method, ``tables()``.

    A result class inherits it and implements :meth:`tables`; it may override
    :meth:`excel_formulas` to make amounts live formulas in the workbook. See
    ``docs/developers.md``.
    """

    __slots__ = ()

    #: The most rows of each part a notebook shows (``_repr_html_``, ``_repr_markdown_``): the
    #: first and last, with a line saying how many are hidden between (``None``: every row, within
    #: :data:`NOTEBOOK_BYTES`). ``to_markdown()``, ``to_csv()``, ``to_frame()`` and ``to_excel()``
    #: always have every row.
    notebook_rows: ClassVar[int | None] = 20
    #: The heading of the result's HTML report (``to_html()``); ``None``: its first part's title.
    report_title: ClassVar[str | None] = None

    def __repr__(self) -> str:
        """Return the class and its parts with their sizes (a result may say more, briefly)."""
        parts = [
            table.name if table.record else f"{table.name}: {len(table.rows):,} rows"
            for table in self.tables()
        ]
        return f"<{type(self).__name__}: {'; '.join(parts)}>"

    def tables(self) -> tuple[Table, ...]:
        """Return the result's parts as named tables, in reading order."""
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return live Excel formulas by part and column (none by default).

        See :mod:`tenncare_calc.core.formulas` for the template syntax.
        """
        return {}

    def table(self, part: str | None = None) -> Table:
        """Return one part by name; ``None`` gives the primary part (the first that has rows)."""
        tables = self.tables()
        if part is None:
            return next((table for table in tables if not table.record), tables[0])
        for table in tables:
            if table.name == part:
                return table
        names = [table.name for table in tables]
        raise InvalidInputError(f"no part named {part!r}; parts: {names}", field="part", value=part)

    def rows(self, part: str | None = None) -> list[dict[str, Any]]:
        """Return one part (the primary part by default) as flat JSON-ready dicts."""
        return self.table(part).records()

    def to_markdown(self) -> str:
        """Return every part as a Markdown table, separated by blank lines."""
        return "\n\n".join(table.render_markdown() for table in self.tables()) + "\n"

    def _repr_markdown_(self) -> str:
        shown = _fitted(self.tables(), self.notebook_rows, surfaces().markdown)
        return "\n\n".join(table.render_markdown() for table in shown) + "\n"

    def _repr_html_(self) -> str:
        return surfaces().html_document(_fitted(self.tables(), self.notebook_rows, surfaces().html))

    def charts(self) -> tuple[Chart, ...]:
        """Return the descriptions of the result's charts (none by default; see :class:`Plottable`)."""
        return ()

    def to_html(self) -> str:
        """Return the result as one self-contained, printable HTML page.

        The explanation, every part as a table and the charts inline as SVG, with no script and
        nothing loaded from elsewhere; see :func:`tenncare_calc.outputs.html_report.render_report`.
        """
        return surfaces().report(self)

    def to_csv(self, part: str | None = None) -> str:
        """Return one part (the primary part by default) as spreadsheet-safe CSV text."""
        return self.table(part).render_csv()

    def to_frame(
        self,
        part: str | None = None,
        *,
        numbers: Literal["decimal", "string", "float"] = "decimal",
    ) -> pd.DataFrame:
        """Return one part (the primary part by default) as a pandas DataFrame.

        See :func:`tenncare_calc.outputs.frames.table_to_frame` for the column types.
        """
        frame: pd.DataFrame = surfaces().frame(self.table(part), numbers=numbers)
        return frame

    def to_excel(self, path: str | Path) -> Path:
        """Return the path of a new workbook: one sheet per part, amounts as live formulas.

        See :func:`tenncare_calc.outputs.workbook.write_workbook`.
        """
        return surfaces().workbook(self, path)


class Plottable(Presentable):
    """Mixin: a result with a natural picture, described by :meth:`chart`, drawn by :meth:`plot`."""

    __slots__ = ()

    def chart(self) -> Chart:
        """Return the description of the result's chart (see :mod:`tenncare_calc.core.charts`)."""
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    def charts(self) -> tuple[Chart, ...]:
        """Return the result's one chart, as the HTML report draws it."""
        return (self.chart(),)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Return matplotlib Axes with the result's chart drawn (the ``plot`` extra).

        Drawn on ``ax`` when given, else on a new figure; see :mod:`tenncare_calc.outputs.charts`.
        """
        axes: Axes = surfaces().plot(self.chart(), ax)
        return axes
