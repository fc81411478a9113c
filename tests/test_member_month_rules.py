"""Member months (§3.10.2.1, ruling MM1): every result compared whole with the rule written apart.

These are the own tests of the member-months modules (``enrollment.spans``, ``span_sweep``,
``span_batches``, ``member_days``, ``member_month_count``, ``month_figures``), run against their
mutants (docs/developers.md, "Mutation testing"). The expected figures are counted here day by
day in plain Python: each member's set of enrolled days of the year (both ends of a span enrolled,
an open end running to December 31, overlapping and duplicate spans counting a day once), then per
month the member days, the members with a day, the members enrolled on the first, and member days
÷ days in the month rounded half-up to 10 places by integer arithmetic. The spans are drawn on
both sides of every line and at it: the first and last day of each month and of the year, the day
before and after, touching spans, a day of overlap and a one-day gap, spans across either year
end, leap days, ends before starts. Everything a result reports is compared: the months, the
total, the summary and month tables with their columns, the per-member table with its types, the
explanation, the JSON, the formulas, the chart and the repr; and every error's field and value.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.columnar.compact_columns import CompactColumns
from tenncare_calc.core.charts import Bars
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Column, ColumnType
from tenncare_calc.enrollment import (
    SPAN_COLUMNS,
    member_days,
    member_month_count,
    span_batches,
    span_sweep,
    spans,
)
from tenncare_calc.enrollment.span_batches import SpanBatches

DAY = dt.timedelta(days=1)
CONVENTIONS = ("prorated", "any_day", "first_of_month")
CONVENTION = st.sampled_from(CONVENTIONS)
#: Leap years (2000, 2008, 2012) and not (1900, 2007, 2100), the centuries both ways.
YEARS = st.sampled_from([1900, 2000, 2007, 2008, 2012, 2100])
Span = tuple[Any, dt.date, dt.date | None]


# ----------------------------------------------------------------------------------------------
# The rule written apart
# ----------------------------------------------------------------------------------------------


def year_days(year: int) -> list[dt.date]:
    """Return every day of ``year``, walked one at a time from January 1."""
    days, day = [], dt.date(year, 1, 1)
    while day.year == year:
        days.append(day)
        day += DAY
    return days


def valid(drawn: list[Span]) -> list[Span]:
    """Return the spans that do not end before they start (the others are rejected)."""
    return [s for s in drawn if s[2] is None or s[2] >= s[1]]


def enrolled(drawn: list[Span], year: int) -> dict[Any, set[dt.date]]:
    """Return each member's enrolled days of ``year``, span by span, day by day."""
    days = set(year_days(year))
    found: dict[Any, set[dt.date]] = {}
    for member, start, end in valid(drawn):
        stop = dt.date(year, 12, 31) if end is None else end
        day = start
        while day <= stop:
            if day in days:
                found.setdefault(member, set()).add(day)
            elif day.year > year:
                break
            day += DAY
    return {member: found_days for member, found_days in found.items() if found_days}


def half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator * 10**10 rounded half-up to a whole number."""
    quotient, remainder = divmod(numerator * 10**10, denominator)
    return quotient + (2 * remainder >= denominator)


def as_places(unscaled: int) -> Decimal:
    """Return ``unscaled`` * 10**-10 as a Decimal with 10 places."""
    return Decimal(unscaled).scaleb(-10)


def month_rows(
    drawn: list[Span], year: int, convention: str
) -> list[tuple[dt.date, int, int, int | None, Decimal]]:
    """Return the twelve month rows: first day, days, member days, members counted, member months."""
    by_member = enrolled(drawn, year)
    rows = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        length = sum(1 for day in year_days(year) if day.month == month)
        member_days = sum(1 for days in by_member.values() for day in days if day.month == month)
        counted: int | None
        if convention == "prorated":
            counted, value = None, as_places(half_up(member_days, length))
        elif convention == "any_day":
            counted = sum(1 for days in by_member.values() if any(d.month == month for d in days))
            value = Decimal(counted)
        else:
            counted = sum(1 for days in by_member.values() if first in days)
            value = Decimal(counted)
        rows.append((first, length, member_days, counted, value))
    return rows


def touching(drawn: list[Span], year: int) -> int:
    """Return how many valid spans have a day in ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return sum(
        1 for _, start, end in valid(drawn) if start <= last and (end is None or end >= first)
    )


def rejected_rows(drawn: list[Span]) -> list[dict[str, Any]]:
    """Return the rejected rows and their reasons: the spans ending before they start."""
    return [
        {"row": row, "reason": f"end_date {end} is before start_date {start}"}
        for row, (_, start, end) in enumerate(drawn)
        if end is not None and end < start
    ]


def per_member_rows(drawn: list[Span], year: int, convention: str) -> list[dict[str, Any]]:
    """Return the per-member rows, sorted by member: days, member months, the twelve months."""
    rows = []
    for member, days in sorted(enrolled(drawn, year).items()):
        months = month_rows([s for s in valid(drawn) if s[0] == member], year, convention)
        values = [row[4] for row in months]
        rows.append(
            {
                "member_id": member,
                "member_days": len(days),
                "member_months": sum(values, Decimal(0)),
                **{f"m{index:02d}": value for index, value in enumerate(values, 1)},
            }
        )
    return rows


RULES = {
    "prorated": "member days / days in the month, each month rounded half-up to 10 decimal places",
    "any_day": "1 for each member and month with at least one enrolled day",
    "first_of_month": "1 for each member enrolled on the first of the month",
}


def month_line(row: tuple[dt.date, int, int, int | None, Decimal], convention: str) -> str:
    """Return the explanation's line of one month."""
    first, length, member_days, counted, value = row
    label = f"{first.year:04d}-{first.month:02d}"
    if convention == "prorated":
        return f"{label}: {member_days:,} member days / {length} days = {value:,f}"
    if convention == "any_day":
        return f"{label}: {counted:,} members enrolled on at least one day"
    return f"{label}: {counted:,} members enrolled on {first.isoformat()}"


def explanation(drawn: list[Span], year: int, convention: str, rows_in: int) -> str:
    """Return the whole explanation of the member months of ``drawn``."""
    months = month_rows(drawn, year, convention)
    total = sum((row[4] for row in months), Decimal(0))
    rejected = rejected_rows(drawn)
    lines = [
        f"Member months of {year} ({convention})",
        f"  Convention {convention}: {RULES[convention]}  [§3.10.2.1; ruling MM1]",
        (
            "  Overlapping or duplicate spans of a member count each day once; an open-ended span "
            f"runs to {year}-12-31"
        ),
        *(f"    {month_line(row, convention)}" for row in months),
        (
            f"  Total: {total:,f} member months "
            f"({len(enrolled(drawn, year)):,} members with an enrolled day; "
            f"{touching(drawn, year):,} spans touch {year})  [§3.10.2.1]"
        ),
        f"  Rows: {rows_in:,} in = {rows_in - len(rejected):,} used + {len(rejected):,} rejected",
        *(f"    row {r['row']}: {r['reason']}" for r in rejected[:5]),
    ]
    if len(rejected) > 5:
        lines.append(f"    ... and {len(rejected) - 5:,} more (see .rejected)")
    return "\n".join(lines)


def as_table(drawn: list[Span]) -> dict[str, list[Any]]:
    """Return spans as a mapping of the three columns."""
    return {
        "member_id": [s[0] for s in drawn],
        "start_date": [s[1] for s in drawn],
        "end_date": [s[2] for s in drawn],
    }


MONTH_COLUMNS = (
    Column("month", ColumnType.DATE, description="the month's first day"),
    Column("days_in_month", ColumnType.COUNT, title="days in month"),
    Column("member_days", ColumnType.COUNT, title="member days", description="exact"),
    Column(
        "members_counted",
        ColumnType.COUNT,
        title="members counted",
        description="any_day: enrolled on a day of the month; first_of_month: on the 1st",
    ),
    Column(
        "member_months",
        ColumnType.NUMBER,
        title="member months",
        description="prorated: member days / days in month, half-up to 10 places",
    ),
)
SUMMARY_COLUMNS = (
    Column("year", ColumnType.COUNT, grouping=False),
    Column("convention", ColumnType.TEXT, description="ruling MM1"),
    Column("total", ColumnType.NUMBER, unit="member months", description="the sum of the months"),
    Column("members", ColumnType.COUNT, description="members with an enrolled day in the year"),
    Column("spans_in_year", ColumnType.COUNT, title="spans in the year"),
    *ROW_ACCOUNT_COLUMNS,
    Column("section", ColumnType.TEXT),
)


def assert_whole(
    result: Any,
    drawn: list[Span],
    year: int,
    convention: str,
    *,
    per_member: bool,
    rows_in: int | None = None,
    ids: Any = None,
) -> None:
    """Assert everything ``result`` reports against the rule written apart."""
    rows_in = len(drawn) if rows_in is None else rows_in
    months = month_rows(drawn, year, convention)
    total = sum((row[4] for row in months), Decimal(0))
    by_member = enrolled(drawn, year)
    rejected = rejected_rows(drawn)
    members, in_year = len(by_member), touching(drawn, year)
    assert result.year == year
    assert result.convention == convention
    assert [tuple(attrs_tuple(f)) for f in result.months] == months
    assert result.total == total
    assert str(result.total) == str(total)
    assert (result.members, result.spans_in_year, result.rows_in) == (members, in_year, rows_in)
    assert result.rows_used == rows_in - len(rejected)
    assert result.rejected.to_pylist() == rejected
    assert result.by_month == {row[0]: row[4] for row in months}
    assert result.member_days == {row[0]: row[2] for row in months}
    exact = (
        sum((Fraction(row[2], row[1]) for row in months), Fraction(0))
        if convention == "prorated"
        else Fraction(int(total))
    )
    assert result.exact_total == exact
    assert type(result.exact_total) is Fraction
    assert repr(result) == (
        f"MemberMonths(year={year}, convention={convention!r}, total={total!r}, "
        f"members={members}, rows_in={rows_in}, rows_rejected={len(rejected)})"
    )
    assert result.to_dict() == {
        "computation": "member_months",
        "section": "3.10.2.1",
        "year": year,
        "convention": convention,
        "by_month": {row[0].isoformat(): str(row[4]) for row in months},
        "member_days": {row[0].isoformat(): row[2] for row in months},
        "total": str(total),
        "members": members,
        "spans_in_year": in_year,
        "rows_in": rows_in,
        "rows_used": rows_in - len(rejected),
        "rejected": rejected,
    }
    assert result.explain() == explanation(drawn, year, convention, rows_in)
    parts = result.tables()
    names = ["summary", "by_month", *(["per_member"] if per_member else []), "rejected"]
    assert [part.name for part in parts] == names
    summary, by_month = parts[0], parts[1]
    assert (summary.title, summary.record, summary.columns) == (
        f"Member months of {year} ({convention})",
        True,
        SUMMARY_COLUMNS,
    )
    assert summary.rows == (
        (
            year,
            convention,
            total,
            members,
            in_year,
            rows_in,
            rows_in - len(rejected),
            len(rejected),
            "3.10.2.1; ruling MM1",
        ),
    )
    assert (by_month.title, by_month.record, by_month.columns) == (
        f"Member months of {year} by month",
        False,
        MONTH_COLUMNS,
    )
    assert by_month.rows == tuple(months)
    assert parts[-1].title == f"Member months of {year}: rejected rows"
    assert [dict(zip(["row", "reason"], r, strict=True)) for r in parts[-1].rows] == rejected
    assert result.excel_formulas() == {
        "by_month": {
            "member_months": "ROUND({member_days}/{days_in_month}, 10)"
            if convention == "prorated"
            else "{members_counted}"
        },
        "summary": {"total": "SUM({by_month.member_months:*})"},
    }
    chart = result.chart()
    assert isinstance(chart, Bars)
    assert (chart.x, chart.value, chart.title) == (
        "month",
        "member_months",
        f"Member months of {year} by month ({convention})",
    )
    assert chart.table.name == "by_month"
    if not per_member:
        assert result.per_member is None
        return
    table = result.per_member
    if ids is not None:  # identifiers as the file wrote them, in their order as text
        text = ids.decode(table.column("member_id")).cast(pa.string())
        table = table.set_column(0, "member_id", text).sort_by("member_id")
    assert_per_member(table, drawn, year, convention)
    part = parts[2]
    assert (part.title, part.brief) == (f"Member months of {year} by member", False)
    assert [column.name for column in part.columns] == result.per_member.column_names


def attrs_tuple(figure: Any) -> tuple[Any, ...]:
    """Return a month figure's fields in order."""
    return (
        figure.month,
        figure.days_in_month,
        figure.member_days,
        figure.members_counted,
        figure.member_months,
    )


def assert_per_member(table: Any, drawn: list[Span], year: int, convention: str) -> None:
    """Assert the per-member table: its columns and types, and every row."""
    scale = 10 if convention == "prorated" else 0
    kind = pa.decimal128(28, 10) if scale else pa.decimal128(18, 0)
    assert table.column_names == [
        "member_id",
        "member_days",
        "member_months",
        *(f"m{month:02d}" for month in range(1, 13)),
    ]
    assert table.schema.field("member_days").type == pa.int64()
    assert [table.schema.field(name).type for name in table.column_names[2:]] == [kind] * 13
    assert table.to_pylist() == per_member_rows(drawn, year, convention)
    for name in table.column_names[2:]:
        assert all(value.as_tuple().exponent == -scale for value in table.column(name).to_pylist())


# ----------------------------------------------------------------------------------------------
# Spans drawn at the lines
# ----------------------------------------------------------------------------------------------


def edge_days(year: int) -> list[dt.date]:
    """Return the first and last day of each month of ``year`` and the days either side."""
    days = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        days += [first - DAY, first, first + DAY, following - 2 * DAY, following - DAY, following]
    return sorted(set(days))


@st.composite
def spans_at_lines(draw: st.DrawFn, year: int, *, members: list[Any], most: int = 12) -> list[Span]:
    """Return spans of ``members`` starting and ending at the lines, or chained at a drawn step.

    A chain's next span starts the day after the previous one ends (touching), on that day (a
    day of overlap), two days after (a one-day gap) or before it (overlap); some spans end before
    they start (rejected), some are open-ended, some lie wholly outside the year.
    """
    edges = edge_days(year)
    day = st.sampled_from(edges) | st.dates(dt.date(year - 1, 11, 1), dt.date(year + 1, 2, 28))
    drawn: list[Span] = []
    for _ in range(draw(st.integers(0, most))):
        member = draw(st.sampled_from(members))
        if drawn and draw(st.booleans()):
            previous = draw(st.sampled_from(drawn))
            anchor = previous[2] if previous[2] is not None else previous[1]
            start = anchor + draw(st.sampled_from([-3, -1, 0, 1, 2])) * DAY
            member = previous[0] if draw(st.booleans()) else member
        else:
            start = draw(day)
        shape = draw(st.sampled_from(["edge", "length", "open", "before"]))
        end: dt.date | None
        if shape == "edge":
            end = max(start, draw(st.sampled_from(edges)))
        elif shape == "length":
            end = start + draw(st.sampled_from([0, 1, 2, 27, 28, 29, 30, 31, 365, 366])) * DAY
        elif shape == "open":
            end = None
        else:
            end = start - draw(st.sampled_from([1, 2, 40])) * DAY
        drawn.append((member, start, end))
    return drawn


MEMBERS = st.sampled_from(
    [
        [1, 2, 3],
        [0, 7, 2**40],
        [0, 2**62],
        ["a", "b", "c"],
        ["TN0001", "TN0002", "TN0010"],
        ["x", "long member id", "é"],
    ]
)


# ----------------------------------------------------------------------------------------------
# The whole result
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_the_module_example(convention: str) -> None:
    """The module's example: 2 + 1 + 10 on the firsts (January: members 1 and 3)."""
    drawn: list[Span] = [
        (1, dt.date(2008, 1, 1), dt.date(2008, 1, 20)),
        (1, dt.date(2008, 1, 10), dt.date(2008, 2, 10)),
        (2, dt.date(2008, 2, 15), None),
        (3, dt.date(2007, 6, 1), dt.date(2008, 1, 31)),
    ]
    result = tc.member_months(as_table(drawn), year=2008, convention=convention, per_member=True)
    assert_whole(result, drawn, 2008, convention, per_member=True)
    assert result.total == {"prorated": Decimal("12.8620689655"), "any_day": 14}.get(convention, 13)


@given(st.data(), YEARS, CONVENTION, st.booleans())
def test_the_whole_result_is_the_rule_counted_day_by_day(
    data: st.DataObject, year: int, convention: str, per_member: bool
) -> None:
    """Months, total, tables, per-member rows, text, JSON, formulas and chart, at every line."""
    drawn = data.draw(spans_at_lines(year, members=data.draw(MEMBERS)))
    result = tc.member_months(
        as_table(drawn), year=year, convention=convention, on_error="collect", per_member=per_member
    )
    assert_whole(result, drawn, year, convention, per_member=per_member)


@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("year", [2007, 2008])
def test_one_member_every_day_of_the_year_is_twelve(year: int, convention: str) -> None:
    """The whole year, by spans touching at every month's end: one member month each month."""
    firsts = [dt.date(year, month, 1) for month in range(1, 13)]
    lasts = [following - DAY for following in [*firsts[1:], dt.date(year + 1, 1, 1)]]
    drawn: list[Span] = [("m", first, last) for first, last in zip(firsts, lasts, strict=True)]
    result = tc.member_months(as_table(drawn), year=year, convention=convention, per_member=True)
    assert result.total == 12
    assert result.by_month == dict.fromkeys(
        firsts, Decimal("1.0000000000") if convention == "prorated" else Decimal(1)
    )
    assert sum(result.member_days.values()) == 365 + (year == 2008)
    assert_whole(result, drawn, year, convention, per_member=True)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_a_single_day_at_each_line(convention: str) -> None:
    """One member one day, for every day at a line: that month alone counts, and only that day."""
    year = 2008
    for day in edge_days(year):
        drawn: list[Span] = [(5, day, day)]
        result = tc.member_months(
            as_table(drawn), year=year, convention=convention, per_member=True
        )
        assert_whole(result, drawn, year, convention, per_member=True)
        assert sum(result.member_days.values()) == (day.year == year)


@pytest.mark.parametrize(
    ("days", "length", "expected"),
    [
        (1, 31, "0.0322580645"),  # 0.03225806451... down
        (1, 29, "0.0344827586"),  # 0.03448275862... down
        (2, 31, "0.0645161290"),  # 0.06451612903... down
        (15, 31, "0.4838709677"),  # 0.48387096774... down
        (16, 31, "0.5161290323"),  # 0.51612903225... up
        (1, 30, "0.0333333333"),
        (2, 30, "0.0666666667"),  # 0.0666...6 up
        (5, 29, "0.1724137931"),  # 0.17241379310... down
        (6, 29, "0.2068965517"),  # 0.20689655172... down
        (3, 28, "0.1071428571"),  # 0.107142857142... down
    ],
)
def test_prorated_months_are_rounded_half_up_to_ten_places(
    days: int, length: int, expected: str
) -> None:
    """Member days / days in the month to 10 places, written out by hand."""
    year = {31: 2007, 30: 2007, 29: 2008, 28: 2007}[length]
    month = {31: 1, 30: 4, 29: 2, 28: 2}[length]
    first = dt.date(year, month, 1)
    drawn: list[Span] = [(n, first, first) for n in range(days)]
    result = tc.member_months(as_table(drawn), year=year, per_member=True)
    assert str(result.by_month[first]) == expected
    assert_whole(result, drawn, year, "prorated", per_member=True)


def test_the_rounding_written_apart() -> None:
    """The test's own half-up rounding (guards the oracle): a half and more up, less down."""
    assert half_up(1, 2) == 5 * 10**9
    assert half_up(1, 2 * 10**10) == 1
    assert half_up(1, 2 * 10**10 + 1) == 0
    assert half_up(1, 3) == 3333333333
    assert half_up(2, 3) == 6666666667


# ----------------------------------------------------------------------------------------------
# Properties of the rule
# ----------------------------------------------------------------------------------------------


@given(st.data(), YEARS, CONVENTION)
def test_adding_a_span_never_lowers_a_figure(
    data: st.DataObject, year: int, convention: str
) -> None:
    """Member days, members counted, member months and members only grow with a span more."""
    members = data.draw(MEMBERS)
    drawn = data.draw(spans_at_lines(year, members=members, most=8))
    more = data.draw(spans_at_lines(year, members=members, most=2))
    before = tc.member_months(as_table(valid(drawn)), year=year, convention=convention)
    after = tc.member_months(as_table(valid(drawn + more)), year=year, convention=convention)
    for old, new in zip(before.months, after.months, strict=True):
        assert new.member_days >= old.member_days
        assert new.member_months >= old.member_months
        if convention != "prorated":
            assert new.members_counted >= old.members_counted
    assert after.members >= before.members
    assert after.total >= before.total


@given(st.data(), YEARS, CONVENTION)
def test_disjoint_members_add_up(data: st.DataObject, year: int, convention: str) -> None:
    """The member days and counts of two sets of members add up to those of both together."""
    drawn = valid(data.draw(spans_at_lines(year, members=[1, 2, 3, 4], most=10)))
    left = [s for s in drawn if s[0] <= 2]
    right = [s for s in drawn if s[0] > 2]
    both = tc.member_months(as_table(drawn), year=year, convention=convention)
    parts = [tc.member_months(as_table(p), year=year, convention=convention) for p in (left, right)]
    for month, (a, b) in zip(
        both.months, zip(*(p.months for p in parts), strict=True), strict=True
    ):
        assert month.member_days == a.member_days + b.member_days
        if convention != "prorated":
            assert month.members_counted == a.members_counted + b.members_counted
    assert both.members == parts[0].members + parts[1].members


# ----------------------------------------------------------------------------------------------
# Every path of the kernels on small data
# ----------------------------------------------------------------------------------------------


#: Threads, keys per block of the sweep, rows per block of the pack.
SPLITS = st.tuples(
    st.sampled_from([1, 2, 3, 8]), st.sampled_from([1, 2, 3, 5]), st.sampled_from([1, 2, 3, 7])
)


@given(st.data(), YEARS, CONVENTION, SPLITS)
@settings(max_examples=60)
def test_threads_and_blocks_give_the_same_whole_result(
    data: st.DataObject, year: int, convention: str, splits: tuple[int, int, int]
) -> None:
    """The sort, the pack and the sweep over threads and blocks of any size: the same result."""
    threads, sweep_block, pack_block = splits
    drawn = data.draw(spans_at_lines(year, members=data.draw(MEMBERS), most=16))
    if data.draw(st.booleans()):
        drawn = sorted(drawn, key=lambda s: (str(s[0]), s[1], s[2] or dt.date.max))
    bucket = data.draw(st.sampled_from([1, 2, 3, 256]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "PARALLEL_MIN", 0)
        patch.setattr(span_sweep, "_BLOCK", sweep_block)
        patch.setattr(spans, "_BLOCK", pack_block)
        patch.setattr(span_sweep, "workers", lambda: threads)
        patch.setattr(span_sweep, "_BUCKET", bucket)
        patch.setattr(span_sweep, "_BUCKETED_MIN", data.draw(st.sampled_from([0, 2, 3])))
        patch.setattr(span_sweep, "_SORT_CHUNK", data.draw(st.sampled_from([2, 3, 5, 1 << 19])))
        patch.setattr(spans, "_SAMPLE", data.draw(st.sampled_from([1, 2, 1 << 12])))
        result = tc.member_months(
            as_table(drawn), year=year, convention=convention, on_error="collect", per_member=True
        )
    assert_whole(result, drawn, year, convention, per_member=True)


@given(st.lists(st.integers(0, 2**62) | st.integers(0, 40), max_size=300), st.data())
@settings(max_examples=60)
def test_the_sort_sorts_in_every_way(values: list[int], data: st.DataObject) -> None:
    """By buckets or not, split by value or not, on one thread or several: numpy's order."""
    keys = np.array(values, dtype=np.int64)
    threads = data.draw(st.sampled_from([1, 2, 3]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "PARALLEL_MIN", data.draw(st.sampled_from([0, 1 << 18])))
        patch.setattr(span_sweep, "_BLOCK", data.draw(st.sampled_from([1, 2, 1 << 16])))
        patch.setattr(span_sweep, "_BUCKET", data.draw(st.sampled_from([1, 2, 7, 256])))
        patch.setattr(span_sweep, "_BUCKETED_MIN", data.draw(st.sampled_from([0, 2, 50, 1 << 15])))
        patch.setattr(span_sweep, "_SORT_CHUNK", data.draw(st.sampled_from([2, 3, 40, 1 << 19])))
        span_sweep.sort_in_place(keys, threads=threads, bucketed=data.draw(st.booleans()))
    assert keys.tolist() == sorted(values)


@pytest.mark.parametrize("count", [65_536, 70_000, 100_000])
def test_the_sort_uses_at_most_65536_buckets(count: int) -> None:
    """Bucket numbers are 16 bits: a key a bucket and more keys than 65,536 still sort.

    The keys span ``count * (2**30 - 1)``, so that as many buckets as keys would give bucket
    numbers up to ``count - 1``, past 16 bits.
    """
    high = count * (2**30 - 1)
    keys = np.random.default_rng(count).integers(0, high, size=count, dtype=np.int64)
    keys[:2] = [high, 0]
    expected = np.sort(keys)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "_BUCKET", 1)
        patch.setattr(span_sweep, "_BUCKETED_MIN", 0)
        span_sweep.sort_in_place(keys, threads=1, bucketed=True)
    assert np.array_equal(keys, expected)


def test_sorted_keys_are_left_alone_and_a_block_boundary_is_seen() -> None:
    """Sorted keys are not sorted again; a key out of order at a block's edge is found."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "_BLOCK", 2)
        for values in ([1, 2, 3, 4, 5], [1, 2, 4, 3, 5], [1, 2, 3, 5, 4], [2, 1], [1]):
            keys = np.array(values, dtype=np.int64)
            assert span_sweep._is_sorted(keys) == (values == sorted(values))  # noqa: SLF001
            span_sweep.sort_in_place(keys, threads=1)
            assert keys.tolist() == sorted(values)


def test_the_sweep_reads_the_packed_layout() -> None:
    """A key is ``code << 18 | start << 9 | end``: pieces, members and months as written by hand."""
    keys = np.array(
        [
            (0 << 18) | (3 << 9) | 3,
            (1 << 18) | (0 << 9) | 6,
            (1 << 18) | (5 << 9) | 9,
            (2 << 18) | (365 << 9) | 365,
        ],
        dtype=np.int64,
    )
    month_of_day = np.array([0] * 5 + [1] * 361, dtype=np.int8)
    swept = span_sweep.sweep(keys, days=366, month_of_day=month_of_day, per_member=True)
    assert swept.members == 3
    assert [a.tolist() for a in swept.pieces] == [[0, 1, 1, 2], [3, 0, 7, 365], [3, 6, 9, 365]]
    expected = [0] * 367
    for first, last in [(3, 3), (0, 9), (365, 365)]:
        expected[first] += 1
        expected[last + 1] -= 1
    assert swept.enrolled_difference.tolist() == expected
    assert np.cumsum(swept.month_difference)[:12].tolist() == [2, 2] + [0] * 10
    no_months = span_sweep.sweep(
        keys, days=366, month_of_day=month_of_day, per_member=False, months=False
    )
    assert (no_months.members, no_months.pieces) == (3, None)
    assert no_months.month_difference.tolist() == [0] * 13
    assert span_sweep.workers() >= 1


# ----------------------------------------------------------------------------------------------
# Spans read batch by batch
# ----------------------------------------------------------------------------------------------


def text_batch(drawn: list[Span]) -> Any:
    """Return spans as the CSV reader gives a batch: every cell text, an empty end null."""
    return pa.record_batch(
        {
            "member_id": pa.array([str(s[0]) for s in drawn], pa.string()),
            "start_date": pa.array([s[1].isoformat() for s in drawn], pa.string()),
            "end_date": pa.array([None if s[2] is None else s[2].isoformat() for s in drawn]),
        }
    )


def read_in_batches(drawn: list[Span], cuts: list[int], year: int) -> tuple[SpanBatches, Any]:
    """Return the spans taken batch by batch, cut at ``cuts``, and the converter that read them."""
    taken = SpanBatches(year)
    converter = CompactColumns(SPAN_COLUMNS, rows_hint=len(drawn) // 2, reduce=taken)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(drawn)), len(drawn)]
    for low, high in itertools.pairwise(bounds):
        if high > low:
            converter.add(text_batch(drawn[low:high]))
    return taken, converter


ID_FORMS = st.sampled_from(["M number", "number", "text", "a large number", "a text id later"])


def written(drawn: list[Span], form: str, switch: int) -> list[Span]:
    """Return the spans' members written in ``form`` (from row ``switch`` on, for the last)."""
    out = []
    for row, (member, start, end) in enumerate(drawn):
        text = {
            "M number": f"M{member}",
            "number": str(member),
            "text": f"T{member}X",
            "a large number": f"M{member + (1 << 45) - 2}",
        }.get(form, f"M{member}" if row < switch else f"Q{member}Z")
        out.append((text, start, end))
    return out


@given(st.data(), YEARS, CONVENTION, ID_FORMS, st.booleans())
@settings(max_examples=60)
def test_spans_read_batch_by_batch_give_the_whole_result(
    data: st.DataObject, year: int, convention: str, form: str, per_member: bool
) -> None:
    """Any cuts, any identifiers, keys grown past the reserve: the rule counted day by day."""
    drawn = data.draw(spans_at_lines(year, members=[0, 1, 2, 3], most=14))
    text = written(drawn, form, data.draw(st.integers(0, max(len(drawn), 1))))
    cuts = data.draw(st.lists(st.integers(0, max(len(drawn), 1)), max_size=5))
    with pytest.MonkeyPatch.context() as patch:
        if data.draw(st.booleans()):
            patch.setattr(span_batches, "_RESERVED_MIN", 1)
        taken, converter = read_in_batches(text, cuts, year)
    assert taken.rows == len(text)
    assert taken.spans_in_year == touching(text, year)
    assert taken.rejected().to_pylist() == rejected_rows(text)
    threads = data.draw(st.sampled_from([1, 3]))
    with pytest.MonkeyPatch.context() as patch:  # keys sorted and swept on one thread or three
        patch.setattr(span_sweep, "PARALLEL_MIN", 0)
        patch.setattr(span_sweep, "workers", lambda: threads)
        result = tc.member_months(
            taken, year=year, convention=convention, on_error="collect", per_member=per_member
        )
    ids = converter.ids["member_id"]
    assert_whole(result, text, year, convention, per_member=per_member, ids=ids)


def test_batches_of_a_number_at_the_limit_are_kept_as_keys_or_columns() -> None:
    """Identifier numbers below 2**45 are kept in keys; 2**45 itself turns the spans into columns."""
    year = 2008
    for number in [0, (1 << 45) - 1, 1 << 45]:
        drawn: list[Span] = [
            (f"M{number}", dt.date(2008, 1, 31), dt.date(2008, 2, 1)),
            ("M5", dt.date(2007, 12, 31), None),
        ]
        taken, converter = read_in_batches(drawn, [1], year)
        assert (taken._columns is None) == (number < 1 << 45)  # noqa: SLF001
        assert taken.spans_in_year == 2
        result = tc.member_months(taken, year=year, per_member=True)
        ids = converter.ids["member_id"]
        assert_whole(result, drawn, year, "prorated", per_member=True, ids=ids)


def test_batches_keep_only_the_spans_of_their_year() -> None:
    """Spans before or after the year are dropped; those reaching it by a day are kept, clipped."""
    year = 2008
    drawn: list[Span] = [
        ("M1", dt.date(2007, 1, 1), dt.date(2007, 12, 31)),  # the day before: dropped
        ("M2", dt.date(2007, 1, 1), dt.date(2008, 1, 1)),  # reaches January 1
        ("M3", dt.date(2008, 12, 31), dt.date(2009, 6, 1)),  # starts December 31
        ("M4", dt.date(2009, 1, 1), None),  # the day after: dropped
        ("M5", dt.date(2006, 1, 1), None),  # open, from long before
    ]
    taken, _ = read_in_batches(drawn, [2], year)
    assert (taken.rows, taken.spans_in_year) == (5, 3)
    result = tc.member_months(taken, year=year, convention="any_day")
    assert_whole(result, drawn, year, "any_day", per_member=False)


def test_reading_again_starts_afresh() -> None:
    """``start`` forgets every batch, the rejected rows and the columns."""
    drawn: list[Span] = [
        ("T1X", dt.date(2008, 3, 1), dt.date(2008, 2, 1)),
        ("T2X", dt.date(2008, 3, 1), None),
    ]
    taken, _ = read_in_batches(drawn, [], 2008)
    again = CompactColumns(SPAN_COLUMNS, reduce=taken)
    again.add(text_batch(drawn))
    result = tc.member_months(taken, year=2008, on_error="collect")
    assert_whole(result, drawn, 2008, "prorated", per_member=False)


# ----------------------------------------------------------------------------------------------
# Errors: their field and value
# ----------------------------------------------------------------------------------------------


def test_the_errors_name_their_field_and_value() -> None:
    """Convention, year and columns: the field named, the value given, the message."""
    empty = {"member_id": [], "start_date": [], "end_date": []}
    with pytest.raises(tc.InvalidValueError) as caught:
        tc.member_months(empty, year=2008, convention="daily")
    assert (caught.value.field, caught.value.value) == ("convention", "daily")
    taken = SpanBatches(2008)
    with pytest.raises(tc.InvalidValueError) as caught:
        tc.member_months(taken, year=2009)
    assert (caught.value.field, caught.value.value) == ("year", 2009)
    assert str(caught.value) == (
        "year: the spans were kept for 2008, not 2009; read them with SpanBatches(2009)"
    )
    with pytest.raises(tc.InvalidValueError) as caught:
        tc.member_months(taken, year=2008, columns={"member_id": "MEMBER"})
    assert (caught.value.field, caught.value.value) == ("columns", {"member_id": "MEMBER"})
    assert str(caught.value) == (
        "columns: spans read batch by batch were named when read (read_columns(columns=...))"
    )
    with pytest.raises(tc.InvalidValueError) as caught:
        tc.member_months(taken, year=2008, convention="any")
    assert (caught.value.field, caught.value.value) == ("convention", "any")
    with pytest.raises(tc.InvalidValueError) as caught:
        tc.member_months(taken, year=2008, on_error="skip")  # type: ignore[arg-type]
    assert caught.value.field == "on_error"
    assert tc.member_months(taken, year=2008).total == 0
    calls = [
        lambda: tc.member_months(taken, year="2008.5"),
        lambda: tc.member_months(empty, year="2008.5"),
        lambda: SpanBatches("2008.5"),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(tc.InvalidTypeError) as wrong_type:
            call()
        assert (wrong_type.value.field, wrong_type.value.value) == ("year", "2008.5")
        assert str(wrong_type.value) == (
            "'year' must be a year as a whole number, such as 2008 (got '2008.5')"
        )


@pytest.mark.parametrize("batches", [False, True])
def test_raise_rejects_an_end_before_its_start(batches: bool) -> None:
    """``on_error='raise'``: the row and its reason; ``collect`` computes with the others."""
    drawn: list[Span] = [
        ("M1", dt.date(2008, 1, 1), dt.date(2008, 1, 31)),
        ("M2", dt.date(2008, 2, 1), dt.date(2008, 1, 31)),
        ("M3", dt.date(2008, 2, 1), dt.date(2008, 2, 1)),
    ]
    spans_in = read_in_batches(drawn, [1], 2008)[0] if batches else as_table(drawn)
    with pytest.raises(tc.RejectedRowsError) as caught:
        tc.member_months(spans_in, year=2008)
    assert list(caught.value.rejected) == [
        (1, "end_date 2008-01-31 is before start_date 2008-02-01")
    ]
    assert str(caught.value).startswith("1 of 3 rows of 'spans' cannot be used: row 1: end_date")
    taken, converter = read_in_batches(drawn, [1], 2008)
    spans_in = taken if batches else as_table(drawn)
    result = tc.member_months(spans_in, year=2008, on_error="collect", per_member=True)
    ids = converter.ids["member_id"] if batches else None
    assert_whole(result, drawn, 2008, "prorated", per_member=True, ids=ids)


# ----------------------------------------------------------------------------------------------
# A Dask DataFrame, partition by partition
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_a_dask_frame_gives_the_whole_result(convention: str) -> None:
    """Partitions computed apart (in this process: Dask's synchronous scheduler) add up."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    edges = edge_days(2008)
    drawn: list[Span] = [
        (member, edges[(7 * member) % len(edges)], edges[(7 * member + member % 5) % len(edges)])
        for member in range(30)
    ]
    drawn += [(3, dt.date(2008, 5, 2), None), (4, dt.date(2008, 6, 1), dt.date(2008, 5, 31))]
    frame = dd.from_pandas(pd.DataFrame(as_table(drawn)), npartitions=3)
    with dask.config.set(scheduler="synchronous"):
        result = tc.member_months(
            frame, year=2008, convention=convention, on_error="collect", per_member=True
        )
        assert_whole(result, drawn, 2008, convention, per_member=True)
        with pytest.raises(tc.RejectedRowsError) as caught:
            tc.member_months(frame, year=2008, convention=convention)
    rejected = rejected_rows(drawn)
    assert [row for row, _ in caught.value.rejected] == [r["row"] for r in rejected]
    assert str(caught.value).startswith(
        f"{len(rejected)} of {len(drawn)} rows of 'spans' cannot be used: row {rejected[0]['row']}:"
    )


# ----------------------------------------------------------------------------------------------
# What the modules ask of the environment
# ----------------------------------------------------------------------------------------------


def test_a_missing_library_names_the_extra_to_install() -> None:
    """Each module asks for numpy and pyarrow through the ``data`` extra, for member months."""
    modules = [spans, span_sweep, span_batches, member_days, member_month_count]
    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            patch.setattr(module, "require", lambda *args, **options: (args, options))
        for module in modules:
            assert module._np() == (("numpy",), {"extra": "data", "purpose": "member months"})  # noqa: SLF001
        for module in [spans, span_batches, member_days, member_month_count]:
            assert module._pa() == (("pyarrow",), {"extra": "data", "purpose": "member months"})  # noqa: SLF001
        assert span_batches._pc() == (  # noqa: SLF001
            ("pyarrow.compute",),
            {"extra": "data", "purpose": "member months"},
        )


def test_the_threads_are_the_usable_cores_up_to_eight() -> None:
    """The sort and the sweep use the cores this process may run on, eight at the most."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "usable_cores", lambda at_most: at_most)
        assert span_sweep.workers() == 8


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_thousands_are_grouped_in_the_explanation(convention: str) -> None:
    """1,200 members enrolled all of 2008 (by 1,201 spans): every count of a thousand or more."""
    drawn: list[Span] = [(member, dt.date(2007, 12, 1), None) for member in range(1200)]
    drawn.append((0, dt.date(2008, 3, 1), dt.date(2008, 3, 2)))
    result = tc.member_months(as_table(drawn), year=2008, convention=convention)
    lines = result.explain().splitlines()
    assert (
        lines[3]
        == {
            "prorated": "    2008-01: 37,200 member days / 31 days = 1,200.0000000000",
            "any_day": "    2008-01: 1,200 members enrolled on at least one day",
            "first_of_month": "    2008-01: 1,200 members enrolled on 2008-01-01",
        }[convention]
    )
    total = "14,400.0000000000" if convention == "prorated" else "14,400"
    assert lines[15] == (
        f"  Total: {total} member months (1,200 members with an enrolled day; 1,201 spans touch "
        "2008)  [§3.10.2.1]"
    )
    assert result.member_days[dt.date(2008, 2, 1)] == 1200 * 29


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_a_sliced_table_with_nulls_reads_its_own_rows(convention: str) -> None:
    """A pyarrow table sliced (its arrays start at an offset), nulls under a member or a start."""
    day = dt.date
    rows: list[tuple[Any, Any, Any]] = [
        (9, day(2008, 5, 1), day(2008, 4, 1)),  # sliced off
        (9, day(2008, 6, 1), day(2008, 5, 1)),  # sliced off
        (9, day(2008, 7, 1), None),  # sliced off
        (1, day(2008, 1, 31), day(2008, 2, 1)),
        (None, day(2008, 1, 1), None),
        (2, None, day(1900, 1, 1)),  # an end before whatever lies under the null start
        (3, day(2008, 3, 1), day(2008, 2, 28)),
        (3, day(2007, 12, 31), day(2008, 1, 1)),
        (4, day(2008, 12, 31), None),
    ]
    table = pa.table(
        {
            "member_id": pa.array([r[0] for r in rows], pa.int64()),
            "start_date": pa.array([r[1] for r in rows], pa.date32()),
            "end_date": pa.array([r[2] for r in rows], pa.date32()),
        }
    ).slice(3)
    result = tc.member_months(table, year=2008, convention=convention, on_error="collect")
    assert result.rejected.to_pylist() == [
        {"row": 1, "reason": "member_id is null"},
        {"row": 2, "reason": "start_date is null"},
        {"row": 3, "reason": "end_date 2008-02-28 is before start_date 2008-03-01"},
    ]
    kept: list[Span] = [rows[3], rows[7], rows[8]]
    expected = month_rows(kept, 2008, convention)
    assert [attrs_tuple(f) for f in result.months] == expected
    assert (result.rows_in, result.rows_used, result.members, result.spans_in_year) == (6, 3, 3, 3)


def test_columns_map_the_library_names_to_yours() -> None:
    """``columns=`` renames; a name the spans do not read or a column missing names the field."""
    drawn: list[Span] = [("a", dt.date(2008, 1, 31), None), ("b", dt.date(2008, 3, 1), None)]
    mine = {"MEMBER": [s[0] for s in drawn], "START": [s[1] for s in drawn], "end_date": [None] * 2}
    result = tc.member_months(
        mine, year=2008, columns={"member_id": "MEMBER", "start_date": "START"}, per_member=True
    )
    assert_whole(result, drawn, 2008, "prorated", per_member=True)
    with pytest.raises(tc.InvalidInputError) as caught:
        tc.member_months(mine, year=2008, columns={"member": "MEMBER"})
    assert (caught.value.field, caught.value.value) == ("columns", "member")
    assert str(caught.value) == (
        "columns= names 'member', a column 'spans' does not read (did you mean 'member_id'?); the "
        "library's names for its columns are 'member_id', 'start_date', 'end_date' (map each to "
        "yours: columns={'member_id': 'YOUR_NAME'})"
    )
    with pytest.raises(tc.InvalidInputError) as caught:
        tc.member_months(mine, year=2008, columns={"member_id": "MEMBERS", "start_date": "START"})
    assert (caught.value.field, caught.value.value) == ("columns", ["MEMBERS"])
    assert str(caught.value) == (
        "columns= maps to 'MEMBERS', not a column of 'spans' (it has: 'MEMBER', 'START', "
        "'end_date')"
    )
    with pytest.raises(tc.InvalidInputError) as caught:
        tc.member_months(mine, year=2008, columns={"member_id": "MEMBER"})
    assert (caught.value.field, caught.value.value) == ("spans", ["start_date"])
    assert str(caught.value) == (
        "'spans' lacks the required column 'start_date' (it has: 'START', 'end_date', 'member_id')"
    )


@pytest.mark.parametrize(
    "ids",
    [
        [1, 2, 3, 4, 5, 6],  # whole numbers
        ["TN01", "TN02", "TN03", "TN04", "TN05", "TN06"],  # text of one width: no dictionary
        ["a", "bb", "ccc", "dddd", "é", "long member id"],  # text of many widths: a dictionary
    ],
)
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_spans_at_the_year_ends_for_every_kind_of_identifier(
    ids: list[Any], convention: str
) -> None:
    """Spans starting on December 31 or ending on January 1 count; a day either side does not."""
    year = 2008
    shapes: list[tuple[dt.date, dt.date | None]] = [
        (dt.date(2008, 12, 31), None),  # starts on the last day: one day
        (dt.date(2008, 12, 31), dt.date(2009, 3, 1)),  # starts on the last day, ends after
        (dt.date(2007, 6, 1), dt.date(2008, 1, 1)),  # ends on the first day: one day
        (dt.date(2009, 1, 1), None),  # starts the day after: none
        (dt.date(2007, 1, 1), dt.date(2007, 12, 31)),  # ends the day before: none
        (dt.date(2006, 1, 1), None),  # open from long before: every day
    ]
    drawn: list[Span] = [(member, *shape) for member, shape in zip(ids, shapes, strict=True)]
    drawn += [
        (ids[3], dt.date(2009, 1, 1), dt.date(2009, 1, 5)),
        (ids[0], dt.date(2008, 6, 2), None),
    ]
    result = tc.member_months(as_table(drawn), year=year, convention=convention, per_member=True)
    assert_whole(result, drawn, year, convention, per_member=True)
    assert (result.members, result.spans_in_year) == (4, 5)
