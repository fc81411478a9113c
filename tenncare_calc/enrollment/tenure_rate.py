"""The community-tenure rate of a measurement year as a result: counts, plans, tables, text.

:class:`CommunityTenure` is what :func:`~tenncare_calc.enrollment.community_tenure` returns
(§3.10.4, ruling P7): the :class:`~tenncare_calc.enrollment.TenureCounts` of all stays and of each
plan, the episodes and stays behind them and the rows not used. It shows itself as the tables
``summary``, ``by_plan``, ``episodes`` (when asked for) and ``rejected``, as Excel formulas, as text
and as a chart of the rate by plan.
"""

from __future__ import annotations

__all__ = ["CommunityTenure"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import arrow_part, explain_rejected, rejected_records, rejected_table
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as OutputColumn
from tenncare_calc.core.presentable import Plottable, short_repr

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from decimal import Decimal

    from tenncare_calc.core.charts import Bars
    from tenncare_calc.enrollment.tenure_counts import TenureCounts

_SECTION = "3.10.4"
_RULING = "ruling P7"

_COUNT_COLUMNS = (
    OutputColumn(
        "index_episodes",
        ColumnType.COUNT,
        title="index episodes",
        description="episodes discharged in the year: denominator + incomplete",
    ),
    OutputColumn(
        "incomplete",
        ColumnType.COUNT,
        description="window ends after data_through: excluded from numerator and denominator",
    ),
    OutputColumn("denominator", ColumnType.COUNT, description="complete index episodes"),
    OutputColumn("readmitted", ColumnType.COUNT, description="readmitted within the window"),
    OutputColumn(
        "not_readmitted",
        ColumnType.COUNT,
        title="not readmitted",
        description="the rate's numerator: denominator - readmitted",
    ),
    OutputColumn(
        "rate",
        ColumnType.RATE,
        places=6,
        description="not readmitted x 100 / denominator (shown rounded; exact in data)",
    ),
)
_SUMMARY_COLUMNS = (
    OutputColumn("year", ColumnType.COUNT, grouping=False, title="measurement year"),
    OutputColumn("data_through", ColumnType.DATE, title="data complete through"),
    OutputColumn("window_days", ColumnType.COUNT, title="window", unit="days"),
    *_COUNT_COLUMNS,
    OutputColumn("episodes", ColumnType.COUNT, brief=False),
    OutputColumn("stays_considered", ColumnType.COUNT, title="stays considered", brief=False),
    *ROW_ACCOUNT_COLUMNS,
    OutputColumn("section", ColumnType.TEXT),
)
_PLAN_COLUMNS = (
    OutputColumn("plan", ColumnType.TEXT, none_text="all plans", description="empty: all plans"),
    *_COUNT_COLUMNS,
)


def _count_cells(counts: TenureCounts) -> dict[str, Cell]:
    return {
        "index_episodes": counts.index_episodes,
        "incomplete": counts.incomplete,
        "denominator": counts.denominator,
        "readmitted": counts.readmitted,
        "not_readmitted": counts.not_readmitted,
        "rate": counts.rate if counts.denominator else None,
    }


@attrs.frozen(repr=False)
class CommunityTenure(Plottable):
    """The community-tenure rate of one measurement year (§3.10.4, ruling P7).

    ``denominator`` counts complete index episodes, ``readmitted`` those readmitted within the
    window, ``incomplete`` those whose window ends after ``data_through`` (excluded from both);
    ``rate`` is the Decimal percentage not readmitted. ``by_plan`` maps each plan with at least one
    index episode (when the input has a ``plan`` column) to its :class:`TenureCounts`.
    ``rejected`` is a pyarrow table (``row``, ``reason``); ``rows_in == rows_used +
    rejected.num_rows``.
    """

    year: int
    data_through: date
    window_days: int
    counts: TenureCounts
    by_plan: Mapping[Any, TenureCounts]
    episodes: int
    stays_considered: int
    rows_in: int
    rejected: Any = attrs.field(repr=False, eq=False)
    index_episodes: Any = attrs.field(default=None, repr=False, eq=False)
    #: Decimal places the rate is shown with in tables and text (the profile's
    #: ``p4p.shown_rate_decimals``, 6 by default); data outputs keep every digit.
    shown_decimals: int = 6

    def __repr__(self) -> str:
        """Return the year, the counts, the rate (to 6 places; exact in ``rate``) and the plans."""
        rate = "undefined" if not self.denominator else f"{self.rate:.6f}%"
        return short_repr(
            self,
            year=self.year,
            denominator=self.denominator,
            readmitted=self.readmitted,
            incomplete=self.incomplete,
            rate=rate,
            plans=len(self.by_plan),
            rows_in=self.rows_in,
        )

    @property
    def denominator(self) -> int:
        """Return the complete index episodes (discharged in the year, window within the data)."""
        return self.counts.denominator

    @property
    def readmitted(self) -> int:
        """Return the complete index episodes readmitted within the window."""
        return self.counts.readmitted

    @property
    def not_readmitted(self) -> int:
        """Return the complete index episodes not readmitted (the rate's numerator)."""
        return self.counts.not_readmitted

    @property
    def incomplete(self) -> int:
        """Return the index episodes whose window ends after ``data_through`` (excluded)."""
        return self.counts.incomplete

    @property
    def rate(self) -> Decimal:
        """Return the percentage of complete index episodes not readmitted (a Decimal)."""
        return self.counts.rate

    @property
    def rows_used(self) -> int:
        """Return how many input rows were used."""
        return self.rows_in - int(self.rejected.num_rows)

    def _shown(self, columns: tuple[OutputColumn, ...]) -> tuple[OutputColumn, ...]:
        """Return ``columns`` with the rate shown to :attr:`shown_decimals` places."""
        return tuple(
            attrs.evolve(column, places=self.shown_decimals) if column.name == "rate" else column
            for column in columns
        )

    def _episodes(self) -> tuple[Table, ...]:
        """Return the ``episodes`` part when the index episodes were kept, else nothing."""
        if self.index_episodes is None:
            return ()
        part = arrow_part(
            self.index_episodes, "episodes", f"Community tenure {self.year}: index episodes"
        )
        return (attrs.evolve(part, brief=False),)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary`` (one record), ``by_plan`` (the primary part), ``rejected``.

        ``by_plan`` has a first row for all plans together (``plan`` empty), then one row per plan
        when the stays have a ``plan`` column. With ``index_episodes`` (``--episodes``) an
        ``episodes`` part comes before ``rejected``: one row per index episode.

        Examples
        --------
        >>> from datetime import date
        >>> from tenncare_calc.enrollment import community_tenure
        >>> stays = {"member_id": [1, 2, 2], "admit_date": ["2008-01-01", "2008-02-01", "2008-02-20"],
        ...          "discharge_date": ["2008-01-03", "2008-02-05", "2008-02-21"], "plan": ["A", "B", "B"]}
        >>> result = community_tenure(stays, year=2008, data_through=date(2009, 3, 31))
        >>> [(row["plan"], row["rate"]) for row in result.rows()]
        [(None, '66.6666666666666666666666666666666666666666666666666666666667'), ('A', '100'), ('B', '50')]
        >>> print(result.table().render_text())
        Community tenure 2008 by plan
        plan       index episodes  incomplete  denominator  readmitted  not readmitted        rate
        ---------  --------------  ----------  -----------  ----------  --------------  ----------
        all plans               3           0            3           1               2  66.666667%
        A                       1           0            1           0               1        100%
        B                       2           0            2           1               1         50%
        """
        summary: dict[str, Cell] = {
            "year": self.year,
            "data_through": self.data_through,
            "window_days": self.window_days,
            **_count_cells(self.counts),
            "episodes": self.episodes,
            "stays_considered": self.stays_considered,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rows_rejected": int(self.rejected.num_rows),
            "section": f"{_SECTION}; {_RULING}",
        }
        plans: list[dict[str, Cell]] = [
            {"plan": None, **_count_cells(self.counts)},
            *({"plan": str(plan), **_count_cells(c)} for plan, c in self.by_plan.items()),
        ]
        year = self.year
        return (
            Table.from_records(
                "summary",
                f"Community tenure, measurement year {year} (§3.10.4)",
                self._shown(_SUMMARY_COLUMNS),
                [summary],
                record=True,
            ),
            Table.from_records(
                "by_plan", f"Community tenure {year} by plan", self._shown(_PLAN_COLUMNS), plans
            ),
            *self._episodes(),
            rejected_table(
                {"stays": self.rejected}, title=f"Community tenure {year}: rejected rows"
            ),
        )

    def chart(self) -> Bars:
        """Return the chart of the rate of all plans and of each plan (``plot()`` draws it)."""
        from tenncare_calc.core.charts import Bars  # noqa: PLC0415 - only for a plot, not every run

        return Bars(
            self.table("by_plan"),
            x="plan",
            value="rate",
            title=f"Community tenure {self.year}: not readmitted within {self.window_days} days",
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the counts' arithmetic and the rate as Excel formulas.

        Index episodes = denominator + incomplete; not readmitted = denominator - readmitted;
        rate = not readmitted x 100 / denominator, empty when the denominator is zero (the rate is
        undefined).
        """
        counts = {
            "index_episodes": "{denominator}+{incomplete}",
            "not_readmitted": "{denominator}-{readmitted}",
            "rate": 'IF({denominator}>0, {not_readmitted}*100/{denominator}, "")',
        }
        return {"summary": counts, "by_plan": counts}

    def explain(self) -> str:
        """Return the rate as text: the rule, the counts, the arithmetic, per plan, the rows."""
        text = Explanation(f"Community tenure, measurement year {self.year}")
        text.add(
            "Episodes: stays of a member that overlap or are admitted on or before the previous "
            "discharge day are one episode",
            cites=[_SECTION, _RULING],
        )
        text.add(
            f"Index episodes: discharged {self.year}-01-01..{self.year}-12-31; readmitted when the "
            f"member's next episode is admitted 1-{self.window_days} days after discharge"
        )
        text.add(
            f"Incomplete: window ends after the data's completeness date "
            f"{self.data_through.isoformat()} (discharge + {self.window_days} days); excluded from "
            "numerator and denominator"
        )
        text.add(self.counts.describe(self.shown_decimals), cites=[_SECTION])
        for plan, counts in self.by_plan.items():
            text.add(f"plan {plan}: {counts.describe(self.shown_decimals)}", indent=2)
        text.add(
            f"{self.episodes:,} episodes from {self.stays_considered:,} stays that could matter"
        )
        explain_rejected(text, self.rejected, self.rows_in)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as deterministic JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "computation": "community_tenure",
            "section": _SECTION,
            "year": self.year,
            "data_through": self.data_through.isoformat(),
            "window_days": self.window_days,
            **self.counts.to_dict(),
            "by_plan": [{"plan": plan, **c.to_dict()} for plan, c in self.by_plan.items()],
            "episodes": self.episodes,
            "stays_considered": self.stays_considered,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rejected": rejected_records(self.rejected),
        }
