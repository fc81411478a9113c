"""The member months of a year as a result: the twelve month figures, tables, formulas, text.

:class:`MemberMonths` is what :func:`~tenncare_calc.enrollment.member_months` returns (§3.10.2.1,
ruling MM1): one :class:`MonthFigure` per month (the days in the month, the exact member days, the
members counted and the member months), the total, the members and spans behind it and the rows not
used. It shows itself as the tables ``summary``, ``by_month``, ``per_member`` (when asked for) and
``rejected``, as Excel formulas, as text and as a chart of the member months by month.
"""

from __future__ import annotations

__all__ = ["MemberMonths"]

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import arrow_part, explain_rejected, rejected_records, rejected_table
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as OutputColumn
from tenncare_calc.core.presentable import Plottable, short_repr
from tenncare_calc.core.values import format_decimal
from tenncare_calc.enrollment.conventions import MEMBER_MONTH_PLACES

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from decimal import Decimal

    from tenncare_calc.core.charts import Bars

_SUMMARY_COLUMNS = (
    OutputColumn("year", ColumnType.COUNT, grouping=False),
    OutputColumn("convention", ColumnType.TEXT, description="ruling MM1"),
    OutputColumn(
        "total", ColumnType.NUMBER, unit="member months", description="the sum of the months"
    ),
    OutputColumn(
        "members", ColumnType.COUNT, description="members with an enrolled day in the year"
    ),
    OutputColumn("spans_in_year", ColumnType.COUNT, title="spans in the year"),
    *ROW_ACCOUNT_COLUMNS,
    OutputColumn("section", ColumnType.TEXT),
)
_MONTH_COLUMNS = (
    OutputColumn("month", ColumnType.DATE, description="the month's first day"),
    OutputColumn("days_in_month", ColumnType.COUNT, title="days in month"),
    OutputColumn("member_days", ColumnType.COUNT, title="member days", description="exact"),
    OutputColumn(
        "members_counted",
        ColumnType.COUNT,
        title="members counted",
        description="any_day: enrolled on a day of the month; first_of_month: on the 1st",
    ),
    OutputColumn(
        "member_months",
        ColumnType.NUMBER,
        title="member months",
        description="prorated: member days / days in month, half-up to 10 places",
    ),
)

_SECTION = "3.10.2.1"
_RULING = "ruling MM1"


@attrs.frozen
class MonthFigure:
    """One month of a member-months result: the count behind it and the member months."""

    month: date
    days_in_month: int
    member_days: int
    #: Members counted under the convention (``any_day``: enrolled at least one day;
    #: ``first_of_month``: enrolled on the 1st); ``None`` for ``prorated``.
    members_counted: int | None
    member_months: Decimal

    def describe(self, convention: str) -> str:
        """Return the month's arithmetic as text."""
        label = self.month.strftime("%Y-%m")
        if convention == "prorated":
            return (
                f"{label}: {self.member_days:,} member days / {self.days_in_month} days = "
                f"{format_decimal(self.member_months)}"
            )
        if convention == "any_day":
            return f"{label}: {self.members_counted:,} members enrolled on at least one day"
        return f"{label}: {self.members_counted:,} members enrolled on {self.month.isoformat()}"


@attrs.frozen(repr=False)
class MemberMonths(Plottable):
    """Member months of one calendar year from enrollment spans (§3.10.2.1, ruling MM1).

    ``by_month`` maps the first day of each of the twelve months to Decimal member months;
    ``total`` is their sum. ``rejected`` is a pyarrow table (``row``, ``reason``) of the input rows
    not used; ``rows_in == rows_used + rejected.num_rows``. ``per_member`` is a pyarrow table (one
    row per member with at least one enrolled day in the year) when asked for, else ``None``.
    """

    year: int
    convention: str
    months: tuple[MonthFigure, ...]
    total: Decimal
    members: int
    spans_in_year: int
    rows_in: int
    rejected: Any = attrs.field(repr=False, eq=False)
    per_member: Any = attrs.field(default=None, repr=False, eq=False)

    def __repr__(self) -> str:
        """Return the year, the convention, the total and the row accounting."""
        return short_repr(
            self,
            year=self.year,
            convention=self.convention,
            total=self.total,
            members=self.members,
            rows_in=self.rows_in,
            rows_rejected=int(self.rejected.num_rows),
        )

    @property
    def by_month(self) -> dict[date, Decimal]:
        """Return member months by month (first day of the month -> Decimal), all twelve months."""
        return {figure.month: figure.member_months for figure in self.months}

    @property
    def member_days(self) -> dict[date, int]:
        """Return enrolled member days by month (exact integers, whatever the convention)."""
        return {figure.month: figure.member_days for figure in self.months}

    @property
    def rows_used(self) -> int:
        """Return how many input rows were used."""
        return self.rows_in - int(self.rejected.num_rows)

    @property
    def exact_total(self) -> Fraction:
        """Return the total before any rounding, as an exact fraction."""
        if self.convention != "prorated":
            return Fraction(self.total)
        return sum(
            (Fraction(figure.member_days, figure.days_in_month) for figure in self.months),
            Fraction(0),
        )

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary`` (one record), ``by_month`` (the primary part), ``rejected``.

        With ``per_member`` (``member_months(..., per_member=True)``, ``--per-member``) a
        ``per_member`` part comes before ``rejected``: one row per member.

        Examples
        --------
        >>> from tenncare_calc.enrollment import member_months
        >>> result = member_months({"member_id": [1], "start_date": ["2008-02-10"],
        ...                         "end_date": [None]}, year=2008)
        >>> result.rows()[1]
        {'month': '2008-02-01', 'days_in_month': 29, 'member_days': 20, 'members_counted': None, 'member_months': '0.6896551724'}
        >>> result.rows("summary")[0]["total"]
        '10.6896551724'
        """
        summary: dict[str, Cell] = {
            "year": self.year,
            "convention": self.convention,
            "total": self.total,
            "members": self.members,
            "spans_in_year": self.spans_in_year,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rows_rejected": int(self.rejected.num_rows),
            "section": f"{_SECTION}; {_RULING}",
        }
        months = tuple(
            (f.month, f.days_in_month, f.member_days, f.members_counted, f.member_months)
            for f in self.months
        )
        title = f"Member months of {self.year} ({self.convention})"
        per_member: tuple[Table, ...] = ()
        if self.per_member is not None:
            part = arrow_part(
                self.per_member, "per_member", f"Member months of {self.year} by member"
            )
            per_member = (attrs.evolve(part, brief=False),)
        return (
            Table.from_records("summary", title, _SUMMARY_COLUMNS, [summary], record=True),
            Table("by_month", f"Member months of {self.year} by month", _MONTH_COLUMNS, months),
            *per_member,
            rejected_table(
                {"spans": self.rejected}, title=f"Member months of {self.year}: rejected rows"
            ),
        )

    def chart(self) -> Bars:
        """Return the chart of the year's member months, one bar per month (``plot()`` draws it)."""
        from tenncare_calc.core.charts import Bars  # noqa: PLC0415 - only for a plot, not every run

        return Bars(
            self.table("by_month"),
            x="month",
            value="member_months",
            title=f"Member months of {self.year} by month ({self.convention})",
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return each month's member months and the total as Excel formulas.

        Prorated: ``ROUND(member days / days in month, 10)`` (half-up to 10 places, like the
        library; the spreadsheet's binary floating point keeps about 15 significant digits, so at
        state scale the tenth decimal place may differ); the other conventions: the members
        counted. The total is the ``SUM`` of the months.
        """
        month = (
            f"ROUND({{member_days}}/{{days_in_month}}, {MEMBER_MONTH_PLACES})"
            if self.convention == "prorated"
            else "{members_counted}"
        )
        return {
            "by_month": {"member_months": month},
            "summary": {"total": "SUM({by_month.member_months:*})"},
        }

    def explain(self) -> str:
        """Return the member months as text: convention, each month's arithmetic, total, rows."""
        rule = {
            "prorated": "member days / days in the month, each month rounded half-up to "
            f"{MEMBER_MONTH_PLACES} decimal places",
            "any_day": "1 for each member and month with at least one enrolled day",
            "first_of_month": "1 for each member enrolled on the first of the month",
        }[self.convention]
        text = Explanation(f"Member months of {self.year} ({self.convention})")
        text.add(f"Convention {self.convention}: {rule}", cites=[_SECTION, _RULING])
        text.add(
            "Overlapping or duplicate spans of a member count each day once; an open-ended span "
            f"runs to {self.year}-12-31"
        )
        for figure in self.months:
            text.add(figure.describe(self.convention), indent=2)
        text.add(
            f"Total: {format_decimal(self.total)} member months "
            f"({self.members:,} members with an enrolled day; {self.spans_in_year:,} spans touch "
            f"{self.year})",
            cites=[_SECTION],
        )
        explain_rejected(text, self.rejected, self.rows_in)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as deterministic JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "computation": "member_months",
            "section": _SECTION,
            "year": self.year,
            "convention": self.convention,
            "by_month": {f.month.isoformat(): str(f.member_months) for f in self.months},
            "member_days": {f.month.isoformat(): f.member_days for f in self.months},
            "total": str(self.total),
            "members": self.members,
            "spans_in_year": self.spans_in_year,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rejected": rejected_records(self.rejected),
        }
