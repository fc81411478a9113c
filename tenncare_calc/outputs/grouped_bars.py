"""Grouped bar charts: for each row of a table, one bar per amount column, side by side.

The program run's chart (:class:`~tenncare_calc.core.charts.GroupedBars`): per plan, the incentive
earned beside the incentive payable after the 105% cap, so a binding cap shows as a shorter second
bar. Values are converted to float only for drawing (the ``plot`` extra: matplotlib).
"""

from __future__ import annotations

__all__ = ["grouped_bars"]

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.parts import ColumnType
from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.axes import Axes

    from tenncare_calc.core.parts import Table


def _axes(ax: Axes | None, *, width: float) -> Axes:
    if ax is not None:
        return ax
    pyplot = require("matplotlib.pyplot", extra="plot", purpose="plot()")
    figure_and_axes: tuple[Any, Axes] = pyplot.subplots(figsize=(width, 4.5), layout="constrained")
    return figure_and_axes[1]


def grouped_bars(
    table: Table,
    *,
    x: str,
    values: Sequence[str],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return Axes with, for each row of ``table``, one bar per column of ``values``.

    Rows keep their order; an empty cell is drawn as zero; money columns are labelled in dollars.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from tenncare_calc.core.parts import Column, Table
    >>> table = Table("t", "Plans", (Column("plan", ColumnType.TEXT),
    ...     Column("earned", ColumnType.MONEY), Column("payable", ColumnType.MONEY)),
    ...     (("east", Decimal("300"), Decimal("300")), ("west", Decimal("300"), Decimal("120"))))
    >>> ax = grouped_bars(table, x="plan", values=("earned", "payable"))
    >>> [round(patch.get_height()) for patch in ax.patches]
    [300, 300, 300, 120]
    """
    if not values:
        raise InvalidInputError(
            "a grouped bar chart needs at least one value column", field="values"
        )
    columns = [table.column(name) for name in values]
    for column in columns:
        if not column.type.numeric:
            raise InvalidInputError(
                f"column {column.name!r} is not numeric", field="values", value=column.name
            )
    x_column = table.column(x)
    labels = [display(x_column, cell) for cell in table.values(x)]
    axes = _axes(ax, width=max(6.0, 1.2 * len(labels) * len(columns)))
    width = 0.8 / len(columns)
    for at, column in enumerate(columns):
        heights = [
            float(cell) if isinstance(cell, Decimal | int) else 0.0
            for cell in table.values(column.name)
        ]
        positions = [row + (at - (len(columns) - 1) / 2) * width for row in range(len(labels))]
        axes.bar(positions, heights, width=width, label=column.heading)
    axes.set_xticks(range(len(labels)), labels)
    if all(column.type is ColumnType.MONEY for column in columns):
        axes.yaxis.set_major_formatter("${x:,.0f}")
    axes.set_xlabel(x_column.heading)
    axes.legend(fontsize="small")
    if title:
        axes.set_title(title)
    return axes
