"""Charts a result asks for, described as data: which part, which columns, which shape.

A rule's result says *what* picture fits it (a :class:`ThresholdChart` of rates against the
thresholds they must reach, :class:`StackedBars` of amounts by period and item, or :class:`Bars`
of one figure per row: member months by month, a rate by plan, findings by outcome); the charts of
:mod:`tenncare_calc.outputs.charts` draw it with matplotlib. So a rule module never imports a
plotting library, and the same description could be drawn by another surface.

>>> from decimal import Decimal
>>> from tenncare_calc.core.parts import Column, ColumnType, Table
>>> table = Table("t", "Amounts", (Column("month", ColumnType.TEXT), Column("item", ColumnType.TEXT),
...     Column("amount", ColumnType.MONEY)), (("2008-01", "C.6", Decimal("250.00")),))
>>> StackedBars(table, x="month", stack="item", value="amount").title
'Amounts'
"""

from __future__ import annotations

__all__ = ["Bars", "Chart", "GroupedBars", "StackedBars", "ThresholdChart"]

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from tenncare_calc.core.parts import Table


def _title_of_table(chart: ThresholdChart | StackedBars | Bars | GroupedBars) -> str:
    return chart.table.title


@attrs.frozen
class ThresholdChart:
    """Per row of ``table``: the baseline, the current rate and the threshold the rate must reach.

    Rows whose ``qualifies`` column is true are drawn as qualifying; rows without a current rate
    as not reported. Column names default to those of an incentive statement's ``rates`` part.
    """

    table: Table
    title: str = attrs.field(default=attrs.Factory(_title_of_table, takes_self=True))
    label: str = "measure"
    sublabel: str = "rate"
    baseline: str = "baseline"
    current: str = "current"
    threshold: str = "threshold"
    qualifies: str = "measure_qualifies"


@attrs.frozen
class StackedBars:
    """Amounts (``value``) by ``x`` (a period, in order), stacked by ``stack`` (an item)."""

    table: Table
    x: str
    stack: str
    value: str
    title: str = attrs.field(default=attrs.Factory(_title_of_table, takes_self=True))


@attrs.frozen
class Bars:
    """One bar per row of ``table``: ``value`` (a number column) labelled by ``x``, in row order.

    A row whose ``value`` is empty (a rate that is undefined) has no bar; its label says so.
    """

    table: Table
    x: str
    value: str
    title: str = attrs.field(default=attrs.Factory(_title_of_table, takes_self=True))


@attrs.frozen
class GroupedBars:
    """Per row of ``table`` (labelled by ``x``), one bar for each column of ``values``, side by side.

    For a program run: ``x="plan"``, ``values=("earned", "payable")``: what each plan earned beside
    what it is paid after the cap.
    """

    table: Table
    x: str
    values: tuple[str, ...]
    title: str = attrs.field(default=attrs.Factory(_title_of_table, takes_self=True))


#: Every chart shape a result may ask for.
Chart = ThresholdChart | StackedBars | Bars | GroupedBars
