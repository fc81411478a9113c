"""Charts of result tables (the ``plot`` extra: matplotlib, imported only when a chart is drawn).

Three chart shapes cover the results: :func:`threshold_chart` (rates against the threshold each
must reach, as in a pay-for-performance statement), :func:`stacked_bars` (amounts by period, stacked
by item, as in a damages ledger) and :func:`bars` (one figure per row: member months by month, a
community-tenure rate by plan, findings by outcome). Each reads a
:class:`~tenncare_calc.core.parts.Table` by column name,
draw on the given matplotlib ``Axes`` (or a new figure) and return the ``Axes``. Values are
converted to float only for drawing; every total shown is summed exactly first.
"""

from __future__ import annotations

__all__ = ["bars", "draw", "stacked_bars", "threshold_chart"]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.charts import Bars, GroupedBars, StackedBars, ThresholdChart
from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.parts import ColumnType
from tenncare_calc.core.values import exact_context
from tenncare_calc.outputs.grouped_bars import grouped_bars
from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tenncare_calc.core.parts import Cell, Column, Table

QUALIFIES_COLOUR = "tab:green"
FAILS_COLOUR = "tab:grey"
THRESHOLD_COLOUR = "black"
BAR_COLOUR = "tab:blue"
#: Bars are labelled with their values up to this many; x labels turn beyond the second number.
MAX_BAR_LABELS = 24
MAX_FLAT_LABELS = 8
MAX_FLAT_LENGTH = 4


def _axes(ax: Axes | None, *, height: float, width: float = 8) -> Axes:
    if ax is not None:
        return ax
    pyplot = require("matplotlib.pyplot", extra="plot", purpose="plot()")
    figure_and_axes: tuple[Any, Axes] = pyplot.subplots(
        figsize=(width, height), layout="constrained"
    )
    return figure_and_axes[1]


def threshold_chart(
    table: Table,
    *,
    label: str = "measure",
    sublabel: str = "rate",
    baseline: str = "baseline",
    current: str = "current",
    threshold: str = "threshold",
    qualifies: str = "measure_qualifies",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return Axes showing, per row, the baseline, the current rate and the threshold to reach.

    One horizontal row per table row (named ``label``, plus ``sublabel`` when it is not
    ``"rate"``): a hollow marker at the baseline, a filled marker at the current rate, an arrow
    between them and a black bar at the threshold. Rows whose ``qualifies`` is true are drawn in
    green, the others in grey; rows without a current rate are labelled *not reported*.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from tenncare_calc.p4p import sample_path, statement_from_file
    >>> ax = threshold_chart(statement_from_file(sample_path("plan_year_2008.toml")).table("rates"))
    >>> ax.get_yticklabels()[0].get_text()
    'hba1c_testing'
    """
    lines = require("matplotlib.lines", extra="plot", purpose="plot()")
    for name in (label, sublabel, baseline, current, threshold, qualifies):
        table.column(name)
    rows = table.records()
    axes = _axes(ax, height=1.2 + 0.42 * max(len(rows), 1))
    labels = []
    for position, row in enumerate(rows):
        text = row[label] if row[sublabel] in {"rate", None} else f"{row[label]}: {row[sublabel]}"
        colour = QUALIFIES_COLOUR if row[qualifies] else FAILS_COLOUR
        if row[current] is None:
            text += " (not reported)"
        else:
            now = float(row[current])
            if row[baseline] is not None:
                before = float(row[baseline])
                axes.annotate(
                    "",
                    xy=(now, position),
                    xytext=(before, position),
                    arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.5},
                )
                axes.plot([before], [position], "o", mfc="white", mec=colour, ms=7, zorder=3)
            axes.plot([now], [position], "o", color=colour, ms=7, zorder=4)
            if row[threshold] is not None:
                axes.plot(
                    [float(row[threshold])], [position], "|", color=THRESHOLD_COLOUR, ms=16, mew=2
                )
        labels.append(text)
    axes.set_yticks(range(len(rows)), labels)
    axes.invert_yaxis()
    axes.set_xlabel("rate (%)")
    axes.grid(axis="x", alpha=0.3)
    if title:
        axes.set_title(title)
    legend = [
        lines.Line2D([], [], marker="o", ls="", mfc="white", mec="black", label="baseline"),
        lines.Line2D([], [], marker="o", ls="", color="black", label="current"),
        lines.Line2D(
            [], [], marker="|", ls="", color=THRESHOLD_COLOUR, ms=12, mew=2, label="threshold"
        ),
        lines.Line2D([], [], marker="s", ls="", color=QUALIFIES_COLOUR, label="qualifies"),
        lines.Line2D([], [], marker="s", ls="", color=FAILS_COLOUR, label="does not qualify"),
    ]
    axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return axes


def stacked_bars(
    table: Table,
    *,
    x: str,
    stack: str,
    value: str,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return Axes with the sum of ``value`` per ``x`` (bars), stacked by ``stack``.

    For a damages ledger: ``x="month"``, ``stack="item"``, ``value="amount"``. Sums are exact
    (Decimal) before drawing; ``x`` categories keep their first-seen order, or sorted order for
    dates; a money column is labelled in dollars.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from tenncare_calc.core.parts import Column, ColumnType, Table
    >>> table = Table(
    ...     "assessments",
    ...     "Assessments",
    ...     (Column("month", ColumnType.DATE), Column("item", ColumnType.TEXT), Column("amount", ColumnType.MONEY)),
    ...     ((date(2008, 1, 1), "C.6", Decimal("250")), (date(2008, 1, 1), "B.23", Decimal("5000")),
    ...      (date(2008, 2, 1), "C.6", Decimal("500"))),
    ... )
    >>> ax = stacked_bars(table, x="month", stack="item", value="amount")
    >>> [round(patch.get_height()) for patch in ax.patches]
    [250, 500, 5000, 0]
    """
    amount_column = table.column(value)
    if not amount_column.type.numeric:
        raise InvalidInputError(f"column {value!r} is not numeric", field="value", value=value)
    x_column = table.column(x)
    table.column(stack)
    totals: dict[tuple[Cell, Cell], Decimal] = {}
    groups: list[Cell] = []
    stacks: list[Cell] = []
    with exact_context():
        for group, item, amount in zip(
            table.values(x), table.values(stack), table.values(value), strict=True
        ):
            if group not in groups:
                groups.append(group)
            if item not in stacks:
                stacks.append(item)
            if isinstance(amount, Decimal):
                number = amount
            else:
                number = Decimal(amount if isinstance(amount, int) else 0)
            totals[group, item] = totals.get((group, item), Decimal(0)) + number
    if x_column.type is ColumnType.DATE:
        groups.sort(key=lambda group: (group is None, group))
    axes = _axes(ax, height=4.5, width=10)
    positions = list(range(len(groups)))
    bottom = [0.0] * len(groups)
    for item in stacks:
        heights = [float(totals.get((group, item), Decimal(0))) for group in groups]
        axes.bar(positions, heights, bottom=bottom, label=str(item))
        bottom = [low + high for low, high in zip(bottom, heights, strict=True)]
    axes.set_xticks(
        positions,
        _labels(x_column, groups),
        rotation=45 if len(groups) > MAX_FLAT_LABELS else 0,
        ha="right" if len(groups) > MAX_FLAT_LABELS else "center",
    )
    if amount_column.type is ColumnType.MONEY:
        axes.yaxis.set_major_formatter("${x:,.0f}")
    axes.set_ylabel(amount_column.heading)
    axes.set_xlabel(x_column.heading)
    # Beside the plot, never over a bar (December's stood under a legend in the corner).
    axes.legend(
        title=table.column(stack).heading,
        fontsize="small",
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
    )
    if title:
        axes.set_title(title)
    return axes


def _labels(column: Column, values: list[Cell]) -> list[str]:
    """Return axis labels: the months of one year as ``Jan``..., anything else as displayed."""
    dates = [value for value in values if isinstance(value, dt.date)]
    if dates and len(dates) == len(values) and all(d.day == 1 for d in dates):
        same_year = len({d.year for d in dates}) == 1
        return [d.strftime("%b" if same_year else "%Y-%m") for d in dates]
    return [display(column, value) for value in values]


def bars(
    table: Table, *, x: str, value: str, title: str | None = None, ax: Axes | None = None
) -> Axes:
    """Return Axes with one bar per row: ``value`` labelled by ``x`` (rows in order).

    Rates and counts are written on their bars as the tables show them (a rate to its column's
    places); a row without a value has no bar and its label says ``(undefined)``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from tenncare_calc.core.parts import Column, ColumnType, Table
    >>> table = Table("t", "Findings by outcome", (Column("outcome", ColumnType.TEXT),
    ...     Column("findings", ColumnType.COUNT)), (("met", 4), ("not_met", 4)))
    >>> ax = bars(table, x="outcome", value="findings")
    >>> [round(patch.get_height()) for patch in ax.patches], ax.get_ylabel()
    ([4, 4], 'findings')
    """
    value_column = table.column(value)
    if not value_column.type.numeric:
        raise InvalidInputError(f"column {value!r} is not numeric", field="value", value=value)
    x_column = table.column(x)
    labels, heights, shown = [], [], []
    keys = table.values(x)
    for label, number in zip(_labels(x_column, keys), table.values(value), strict=True):
        labels.append(label if number is not None else f"{label} (undefined)")
        heights.append(0.0 if number is None else float(number))  # type: ignore[arg-type]
        shown.append("" if number is None else display(value_column, number))
    axes = _axes(ax, height=4.5)
    positions = list(range(len(labels)))
    drawn = axes.bar(positions, heights, color=BAR_COLOUR)
    if value_column.type in {ColumnType.RATE, ColumnType.COUNT} and len(labels) <= MAX_BAR_LABELS:
        axes.bar_label(drawn, labels=shown, fontsize="small", padding=2)
    turned = len(labels) > MAX_FLAT_LABELS and max(map(len, labels)) > MAX_FLAT_LENGTH
    axes.set_xticks(
        positions, labels, rotation=45 if turned else 0, ha="right" if turned else "center"
    )
    unit = f" ({value_column.unit})" if value_column.unit else ""
    axes.set_ylabel(value_column.heading + unit)
    axes.set_xlabel(x_column.heading)
    if value_column.type is ColumnType.MONEY:
        axes.yaxis.set_major_formatter("${x:,.0f}")
    elif value_column.type is ColumnType.RATE:
        axes.yaxis.set_major_formatter("{x:g}%")
    else:
        axes.yaxis.set_major_formatter("{x:,g}")
    if value_column.type is ColumnType.COUNT:
        ticker = require("matplotlib.ticker", extra="plot", purpose="plot()")
        axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    if title:
        axes.set_title(title)
    return axes


def draw(chart: object, *, ax: Axes | None = None) -> Axes:
    """Return Axes with a result's chart description (:mod:`tenncare_calc.core.charts`) drawn.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from tenncare_calc.core.parts import Column, ColumnType, Table
    >>> table = Table("t", "Damages", (Column("month", ColumnType.TEXT),
    ...     Column("item", ColumnType.TEXT), Column("amount", ColumnType.MONEY)),
    ...     (("2008-01", "C.6", Decimal("250.00")),))
    >>> draw(StackedBars(table, x="month", stack="item", value="amount")).get_title()
    'Damages'
    """
    if isinstance(chart, ThresholdChart):
        return threshold_chart(
            chart.table,
            label=chart.label,
            sublabel=chart.sublabel,
            baseline=chart.baseline,
            current=chart.current,
            threshold=chart.threshold,
            qualifies=chart.qualifies,
            title=chart.title,
            ax=ax,
        )
    if isinstance(chart, StackedBars):
        return stacked_bars(
            chart.table, x=chart.x, stack=chart.stack, value=chart.value, title=chart.title, ax=ax
        )
    if isinstance(chart, Bars):
        return bars(chart.table, x=chart.x, value=chart.value, title=chart.title, ax=ax)
    if isinstance(chart, GroupedBars):
        return grouped_bars(chart.table, x=chart.x, values=chart.values, title=chart.title, ax=ax)
    raise InvalidInputError(
        f"cannot draw {type(chart).__name__}: a chart is a ThresholdChart, StackedBars, Bars or "
        "GroupedBars",
        field="chart",
        value=chart,
    )
