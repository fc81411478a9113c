"""Ruling U3's report: which enrollees the no-utilization report lists, in every form, pinned.

These are the rule module's own tests (``compliance.utilization.no_utilization``), run against its
mutants (docs/developers.md, "Mutation testing"). The ruling (docs/interpretations.md, U3): the
report as of a date lists the enrollees enrolled on it whose continuous enrollment (a member's
overlapping spans and spans where one begins the day after another ends; a gap of a day breaks it;
an open span runs through the report date) began on or before the first day of the 12 months
(``utilization.no_utilization_months``) ending on it, ``(D + 1 day) - 12 months``, and who have no
claim or encounter dated in those months (``claims_window="enrollment"``: in the whole continuous
enrollment). Claims after the report date and of members not enrolled are ignored. Each report is
compared whole with a plain-Python reading of the ruling written here apart (:func:`oracle`):
spans starting the day before the window, on it and after; touching spans and a gap of a day;
claims the day before the window, on its first and last day and after the report date; the report
date itself; the parts, explanation and data; the rows refused and why; the dated versions of the
months; and the field and value of every error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import no_utilization_report
from tenncare_calc.core.parts import ColumnType
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

UM = "One Care contract (Massachusetts): Utilization Management"
DAY = dt.timedelta(days=1)
REPORT = dt.date(2008, 12, 31)
#: A span: member, start, end (None: open).
Span = tuple[Any, dt.date, "dt.date | None"]
#: A claim: member, service date.
Claim = tuple[Any, dt.date]
PROVENANCE_12 = f"utilization.no_utilization_months = 12 months, {UM}, in force from 2007-04-01"


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by whole calendar months; a day the month lacks is its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (following - DAY).day))


def first_day(report: dt.date, months: int = 12) -> dt.date:
    """Return U3's first day of the months ending on ``report``: ``(D + 1 day) - months``."""
    return add_months(report + DAY, -months)


def whole_months(since: dt.date, report: dt.date) -> int:
    """Return the whole months from ``since`` through ``report``: the most that fit before D + 1."""
    after = report + DAY
    count = (after.year - since.year) * 12 + after.month - since.month
    while add_months(since, count) > after:
        count -= 1
    return count


def oracle(
    spans: list[Span],
    claims: list[Claim],
    report: dt.date,
    claims_window: str = "twelve_months",
    months: int = 12,
) -> dict[str, Any]:
    """Return U3's report read day by day: the counts and the listed members, by id."""
    start = first_day(report, months)
    members = {member for member, _, _ in spans}
    listed = []
    reaching = 0
    for member in members:
        days: set[dt.date] = set()
        for who, begin, end in spans:
            if who == member:
                last = report if end is None else min(end, report)
                days |= {begin + k * DAY for k in range((last - begin).days + 1)}
        if report not in days:
            continue
        since = report
        while since - DAY in days:
            since -= DAY
        if since > start:
            continue
        reaching += 1
        lower = start if claims_window == "twelve_months" else since
        if any(who == member and lower <= day <= report for who, day in claims):
            continue
        listed.append((member, since, whole_months(since, report)))
    listed.sort(key=lambda row: row[0])
    return {
        "enrollees": len(members),
        "continuously_enrolled": reaching,
        "rows": [
            {"member_id": member, "enrolled_since": since.isoformat(), "months_enrolled": count}
            for member, since, count in listed
        ],
    }


def tables_of(spans: list[Span], claims: list[Claim]) -> tuple[dict[str, list[Any]], ...]:
    """Return the spans and claims as the two tables the report reads (columns of lists)."""
    return (
        {
            "member_id": [member for member, _, _ in spans],
            "start_date": [start for _, start, _ in spans],
            "end_date": [end for _, _, end in spans],
        },
        {"member_id": [member for member, _ in claims], "service_date": [day for _, day in claims]},
    )


def report_of(spans: list[Span], claims: list[Claim], report: dt.date, **kw: Any) -> Any:
    """Return the library's report of the spans and claims."""
    enrollment, claim_table = tables_of(spans, claims)
    return no_utilization_report(enrollment, claim_table, report_date=report, **kw)


def found_of(report: Any) -> dict[str, Any]:
    """Return the report in the form of :func:`oracle`."""
    return {
        "enrollees": report.enrollees,
        "continuously_enrolled": report.continuously_enrolled,
        "rows": report.rows(),
    }


def expected_explanation(  # noqa: PLR0917 - the oracle's arguments, as the report's fields
    report: dt.date,
    want: dict[str, Any],
    enrollment_rows: tuple[int, tuple[tuple[int, str], ...]],
    claims_rows: tuple[int, tuple[tuple[int, str], ...]],
    claims_window: str = "twelve_months",
    months: int = 12,
    provenance: str = PROVENANCE_12,
) -> str:
    """Return the report's explanation: rows read, the window, the counts and the parameter."""
    lines = [f"No-utilization report as of {report.isoformat()}  [{UM}]"]
    for title, (rows_in, rejected) in (
        ("enrollment", enrollment_rows),
        ("claims and encounters", claims_rows),
    ):
        lines.append(f"  {title}:")
        lines.append(
            f"    Rows: {rows_in} in = {rows_in - len(rejected)} used + {len(rejected)} rejected"
        )
        lines.extend(f"      row {row}: {reason}" for row, reason in rejected)
    where = "in the window" if claims_window == "twelve_months" else "in the continuous enrollment"
    lines += [
        (
            f"  window: {first_day(report, months).isoformat()} to {report.isoformat()} "
            f"({months} months ending on the report date)"
        ),
        f"  enrollees: {want['enrollees']:,}",
        f"  continuously enrolled through the whole window: {want['continuously_enrolled']:,}",
        f"  of those, with no claim or encounter {where}: {len(want['rows']):,}",
        f"  parameter: {provenance}",
    ]
    return "\n".join(lines)


@functools.cache
def months_profile(months: int) -> ContractProfile:
    """Return the shipped profile with other months (cached: Hypothesis asks often)."""
    return load_profile(overrides={"utilization.no_utilization_months": months})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 24 months from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), "utilization.no_utilization_months", 24)


REPORTS = st.one_of(
    st.sampled_from([REPORT, dt.date(2009, 2, 28), dt.date(2008, 2, 29), dt.date(2008, 2, 28)]),
    st.dates(dt.date(2008, 1, 1), dt.date(2011, 12, 31)),
)


@st.composite
def cases(
    draw: st.DrawFn, months: int = 12, report: dt.date | None = None
) -> tuple[list[Span], list[Claim], dt.date]:
    """Return spans, claims and a report date, their days around the lines of the ruling.

    Each member has a chain of spans: the first starts the day before the window's first day, on
    it, after it or anywhere; each next one starts on the day after the last ends (touching), a
    day later (a gap of one day), overlapping or after a longer gap; the last ends the day before
    the report date, on it, after it, or is open. Claims fall the day before the window, on its
    first or last day, the day after the report date, or anywhere.
    """
    report = report if report is not None else draw(REPORTS)
    start = first_day(report, months)
    edges = [start - DAY, start, start + DAY, report - DAY, report, report + DAY]
    any_day = st.dates(start - 800 * DAY, report + 40 * DAY)
    spans: list[Span] = []
    for member in range(1, draw(st.integers(1, 5)) + 1):
        begin = draw(st.sampled_from(edges[:3]) | any_day)
        for _ in range(draw(st.integers(1, 3))):
            length = draw(st.sampled_from([0, 1, 30, 200]) | st.integers(0, 500))
            end = begin + length * DAY
            last = draw(st.sampled_from(["end", "open", "before", "on", "after"]))
            if last == "open":
                spans.append((member, begin, None))
                break
            if last in ("before", "on", "after") and begin <= report - DAY:
                end = {"before": report - DAY, "on": report, "after": report + DAY}[last]
            spans.append((member, begin, end))
            gap = draw(st.sampled_from([1, 2, 0, -5, 40]))  # touching, a gap of a day, ...
            begin = end + gap * DAY
    claim_days = st.sampled_from([*edges, start - 2 * DAY]) | any_day
    claims = draw(
        st.lists(st.tuples(st.integers(1, 7), claim_days), max_size=8)  # 6, 7: not enrolled
    )
    return draw(st.permutations(spans)), claims, report


class TestReport:
    """The listed members and the counts, against the ruling read day by day."""

    @given(cases(), st.sampled_from(["twelve_months", "enrollment"]))
    def test_each_report_is_what_the_ruling_says(
        self, case: tuple[list[Span], list[Claim], dt.date], claims_window: str
    ) -> None:
        """The counts and every listed member, whole, in both claims windows."""
        spans, claims, report = case
        found = report_of(spans, claims, report, claims_window=claims_window)
        want = oracle(spans, claims, report, claims_window)
        assert found_of(found) == want
        assert found.count == len(want["rows"])
        assert (found.report_date, found.window_start, found.claims_window) == (
            report,
            first_day(report),
            claims_window,
        )
        assert found.explain() == expected_explanation(
            report, want, (len(spans), ()), (len(claims), ()), claims_window
        )

    @given(REPORTS, st.integers(-2, 2), st.sampled_from([None, -1, 0, 1, 300]))
    @example(REPORT, -1, None)
    @example(REPORT, 0, None)
    @example(REPORT, 1, None)
    @example(REPORT, 0, -1)
    @example(REPORT, 0, 0)
    def test_a_span_around_the_first_day_and_the_report_date(
        self, report: dt.date, shift: int, end_shift: int | None
    ) -> None:
        """One span from the first day's neighbours to the report date's (or open)."""
        begin = first_day(report) + shift * DAY
        end = None if end_shift is None else report + end_shift * DAY
        spans: list[Span] = [(1, begin, end)]
        found = report_of(spans, [], report)
        listed = shift <= 0 and (end_shift is None or end_shift >= 0)
        assert found_of(found) == oracle(spans, [], report)
        assert [row["member_id"] for row in found.rows()] == ([1] if listed else [])

    @given(REPORTS, st.integers(-2, 2), st.sampled_from(["twelve_months", "enrollment"]))
    def test_touching_spans_and_a_gap_of_a_day(
        self, report: dt.date, gap: int, claims_window: str
    ) -> None:
        """A span from long before, then one starting ``gap`` days after it ends, open."""
        middle = first_day(report) + 100 * DAY
        spans: list[Span] = [
            (1, middle - 400 * DAY, middle),
            (1, middle + (1 + gap) * DAY, None),
        ]
        found = report_of(spans, [], report, claims_window=claims_window)
        want = oracle(spans, [], report, claims_window)
        assert found_of(found) == want
        since = (middle - 400 * DAY) if gap <= 0 else None
        assert [row["enrolled_since"] for row in found.rows()] == (
            [since.isoformat()] if since is not None else []
        )

    @given(REPORTS, st.sampled_from([-2, -1, 0, 1, 200]), st.sampled_from([-1, 0, 1]))
    @example(REPORT, -1, 0)
    @example(REPORT, 0, 0)
    @example(REPORT, 0, 1)
    @example(REPORT, 0, -1)
    def test_a_claim_around_the_window(self, report: dt.date, at_start: int, at_end: int) -> None:
        """A claim the day before the first day, on it, on the report date or after it."""
        start = first_day(report)
        enrolled_since = start - 500 * DAY
        spans: list[Span] = [(1, enrolled_since, None), (2, enrolled_since, None)]
        claims: list[Claim] = [(1, start + at_start * DAY), (2, report + at_end * DAY)]
        for claims_window in ("twelve_months", "enrollment"):
            found = report_of(spans, claims, report, claims_window=claims_window)
            assert found_of(found) == oracle(spans, claims, report, claims_window)
            ids = [row["member_id"] for row in found.rows()]
            one_listed = at_start < 0 and claims_window == "twelve_months"
            assert (1 in ids) is one_listed
            assert (2 in ids) is (at_end > 0)

    def test_the_rulings_example(self) -> None:
        """Enrolled since 2008-03-01: on the 2009-02-28 report; since 2008-03-02: not."""
        spans: list[Span] = [
            (1, dt.date(2008, 3, 1), None),
            (2, dt.date(2008, 3, 2), None),
            (3, dt.date(2007, 6, 1), dt.date(2007, 12, 31)),
            (3, dt.date(2008, 1, 1), None),
        ]
        found = report_of(spans, [], dt.date(2009, 2, 28))
        assert found.rows() == [
            {"member_id": 1, "enrolled_since": "2008-03-01", "months_enrolled": 12},
            {"member_id": 3, "enrolled_since": "2007-06-01", "months_enrolled": 21},
        ]
        assert (found.enrollees, found.continuously_enrolled, found.count) == (3, 2, 2)

    @given(cases(), st.sampled_from(["pandas", "arrow", "text"]))
    def test_the_columnar_forms(
        self, case: tuple[list[Span], list[Claim], dt.date], form: str
    ) -> None:
        """Frames of pandas, Arrow tables and dates as text give the plain reading's report."""
        spans, claims, report = case
        enrollment, claim_table = tables_of(spans, claims)
        if form == "text":
            enrollment = {
                **enrollment,
                "start_date": [day.isoformat() for day in enrollment["start_date"]],
                "end_date": [
                    None if day is None else day.isoformat() for day in enrollment["end_date"]
                ],
            }
            claim_table = {
                **claim_table,
                "service_date": [d.isoformat() for d in claim_table["service_date"]],
            }
            given_tables: tuple[object, object] = (enrollment, claim_table)
        elif form == "pandas":
            given_tables = (pd.DataFrame(enrollment), pd.DataFrame(claim_table, dtype=object))
        else:
            given_tables = (
                pa.table({**enrollment, "end_date": pa.array(enrollment["end_date"], pa.date32())}),
                pa.table(
                    {
                        "member_id": pa.array(claim_table["member_id"], pa.int64()),
                        "service_date": pa.array(claim_table["service_date"], pa.date32()),
                    }
                ),
            )
        found = no_utilization_report(*given_tables, report_date=report)
        assert found_of(found) == oracle(spans, claims, report)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["B7", "a1", "A1", "10", "9", "Z"]),
                st.sampled_from([dt.date(2006, 1, 1), REPORT - 400 * DAY, REPORT]),
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_text_ids_in_their_order(self, rows: list[tuple[str, dt.date]]) -> None:
        """Text member ids are listed in their text order, each once."""
        spans: list[Span] = [(member, since, None) for member, since in rows]
        found = report_of(spans, [], REPORT)
        assert found_of(found) == oracle(spans, [], REPORT)

    @given(st.lists(st.integers(0, 10**10), min_size=1, max_size=6, unique=True))
    def test_ids_far_apart(self, ids: list[int]) -> None:
        """Ten-digit ids are listed in their order, with their claims."""
        spans: list[Span] = [(member, dt.date(2006, 1, 1), None) for member in ids]
        claims: list[Claim] = [(ids[0], REPORT)]
        found = report_of(spans, claims, REPORT)
        assert found_of(found) == oracle(spans, claims, REPORT)

    def test_no_enrollment(self) -> None:
        """Empty tables: no one listed, every count 0."""
        found = report_of([], [], REPORT)
        assert found_of(found) == {"enrollees": 0, "continuously_enrolled": 0, "rows": []}


class TestParts:
    """The report's parts, data and formulas, whole."""

    SPANS: ClassVar[list[Span]] = [
        (1, dt.date(2007, 1, 1), None),
        (2, dt.date(2008, 5, 1), dt.date(2008, 4, 1)),  # refused: ends before it starts
        (2, dt.date(2007, 1, 1), None),
        (None, dt.date(2007, 1, 1), None),  # refused: no member
        (3, dt.date(2008, 6, 1), dt.date(2008, 6, 1)),  # one day: read
    ]
    CLAIMS: ClassVar[list[Any]] = [(2, "2008-05-01"), (9, "2008-13-01")]
    ENROLLMENT_REJECTED = (
        (1, "end_date 2008-04-01 is before start_date 2008-05-01"),
        (3, "member_id is null"),
    )
    CLAIMS_REJECTED = (
        (1, "service_date '2008-13-01' is not a date (expected YYYY-MM-DD or M/D/YYYY)"),
    )

    def collected(self) -> Any:
        """Return the report of the spans and claims with the bad rows collected."""
        return report_of(self.SPANS, self.CLAIMS, REPORT, on_error="collect")

    def test_bad_rows_raise_by_default(self) -> None:
        """The first input with bad rows is refused, naming them."""
        with pytest.raises(RejectedRowsError) as caught:
            report_of(self.SPANS, self.CLAIMS, REPORT)
        assert caught.value.field == "enrollment"
        assert caught.value.rejected == self.ENROLLMENT_REJECTED
        with pytest.raises(RejectedRowsError) as caught:
            report_of(self.SPANS[:1], self.CLAIMS, REPORT)
        assert caught.value.field == "claims"
        assert caught.value.rejected == self.CLAIMS_REJECTED

    @pytest.mark.parametrize(
        ("member", "reason"),
        [
            ("", "member_id is empty"),
            (" ", "member_id is empty"),
            (2.5, "member_id 2.5 is not a whole number"),
        ],
    )
    def test_member_ids_that_are_not_identifiers(self, member: object, reason: str) -> None:
        """An enrollment row whose member id is blank or a fraction is refused, the others read."""
        spans: list[Any] = [("7" if isinstance(member, str) else 7, dt.date(2007, 1, 1), None)]
        found = report_of(
            [*spans, (member, dt.date(2007, 1, 1), None)], [], REPORT, on_error="collect"
        )
        assert found.enrollment_rejected.to_pylist() == [{"row": 1, "reason": reason}]
        assert found_of(found) == oracle(spans, [], REPORT)

    def test_a_member_id_column_of_flags(self) -> None:
        """A column of true/false is no identifier: refused naming the column and its type."""
        with pytest.raises(InvalidInputError) as caught:
            report_of([(True, REPORT, None)], [], REPORT)
        assert (caught.value.field, caught.value.value) == ("member_id", "bool")
        assert str(caught.value) == (
            "column 'member_id' of 'enrollment' must hold identifiers (whole numbers or text) "
            "(got values of type bool)"
        )

    def test_the_summary(self) -> None:
        """The summary row and its columns, named, typed and described."""
        summary = self.collected().tables()[0]
        assert (summary.name, summary.title, summary.record) == (
            "summary",
            "No-utilization report as of 2008-12-31",
            True,
        )
        assert [(c.name, c.type, c.title, c.description) for c in summary.columns] == [
            ("report_date", ColumnType.DATE, "report date", ""),
            (
                "window_start",
                ColumnType.DATE,
                "window start",
                "the first day of the months ending on the report date",
            ),
            (
                "claims_window",
                ColumnType.TEXT,
                "claims window",
                (
                    "twelve_months: claims in the window count; enrollment: claims in the whole "
                    "continuous enrollment count"
                ),
            ),
            ("months", ColumnType.COUNT, "", "months of continuous enrollment required"),
            ("enrollees", ColumnType.COUNT, "", "distinct enrollees in the enrollment"),
            (
                "continuously_enrolled",
                ColumnType.COUNT,
                "continuously enrolled",
                "enrollees enrolled through the whole window",
            ),
            (
                "no_utilization",
                ColumnType.COUNT,
                "no utilization",
                "of those, enrollees with no claim or encounter (the members part)",
            ),
            ("enrollment_rows_in", ColumnType.COUNT, "enrollment rows in", ""),
            ("enrollment_rows_rejected", ColumnType.COUNT, "enrollment rows rejected", ""),
            ("claims_rows_in", ColumnType.COUNT, "claims rows in", ""),
            ("claims_rows_rejected", ColumnType.COUNT, "claims rows rejected", ""),
            ("section", ColumnType.TEXT, "", "the clause cited"),
        ]
        assert summary.rows == (
            (REPORT, dt.date(2008, 1, 1), "twelve_months", 12, 3, 2, 1, 5, 2, 2, 1, UM),
        )

    def test_the_members_rejected_and_parameters(self) -> None:
        """The members part, the rows refused by input, the months cited."""
        _, members, rejected, parameters = self.collected().tables()
        assert (members.name, members.title) == ("members", "Enrollees with no claim or encounter")
        assert [(c.name, c.type, c.title, c.description) for c in members.columns] == [
            ("member_id", ColumnType.COUNT, "", ""),  # whole-number ids
            (
                "enrolled_since",
                ColumnType.DATE,
                "enrolled since",
                "the first day of the continuous enrollment reaching the report date",
            ),
            (
                "months_enrolled",
                ColumnType.COUNT,
                "months enrolled",
                "whole months from then through the report date",
            ),
        ]
        assert members.rows == ((1, dt.date(2007, 1, 1), 24),)
        assert rejected.rows == (
            *(("enrollment", row, reason) for row, reason in self.ENROLLMENT_REJECTED),
            *(("claims", row, reason) for row, reason in self.CLAIMS_REJECTED),
        )
        assert [row[:6] for row in parameters.rows] == [
            ("utilization.no_utilization_months", "12", "months", UM, dt.date(2007, 4, 1), None)
        ]

    def test_the_data_and_the_explanation(self) -> None:
        """``to_dict``, JSON-ready, and the explanation with the rows refused."""
        found = self.collected()
        data = found.to_dict()
        assert data == {
            "report_date": "2008-12-31",
            "window_start": "2008-01-01",
            "claims_window": "twelve_months",
            "months": 12,
            "enrollees": 3,
            "continuously_enrolled": 2,
            "no_utilization": 1,
            "members": [{"member_id": 1, "enrolled_since": "2007-01-01", "months_enrolled": 24}],
            "enrollment": {
                "rows_in": 5,
                "rejected": [{"row": r, "reason": why} for r, why in self.ENROLLMENT_REJECTED],
            },
            "claims": {
                "rows_in": 2,
                "rejected": [{"row": r, "reason": why} for r, why in self.CLAIMS_REJECTED],
            },
            "section": UM,
        }
        assert json.loads(json.dumps(data)) == data
        want = {"enrollees": 3, "continuously_enrolled": 2, "rows": data["members"]}
        assert found.explain() == expected_explanation(
            REPORT, want, (5, self.ENROLLMENT_REJECTED), (2, self.CLAIMS_REJECTED)
        )
        assert repr(found) == (
            "NoUtilizationReport(report_date=datetime.date(2008, 12, 31), "
            "window_start=datetime.date(2008, 1, 1), claims_window='twelve_months', "
            "enrollees=3, continuously_enrolled=2, enrollment_rows_in=5, claims_rows_in=2)"
        )

    def test_the_formulas(self) -> None:
        """The listed and refused counts as counts of the other sheets."""
        assert self.collected().excel_formulas() == {
            "summary": {
                "no_utilization": "COUNTA({members.member_id:*})",
                "enrollment_rows_rejected": 'COUNTIF({rejected.input:*}, "enrollment")',
                "claims_rows_rejected": 'COUNTIF({rejected.input:*}, "claims")',
            }
        }


class TestDatedMonths:
    """The months in force on the report date are read, not the first version."""

    @given(
        cases(months=12, report=CHANGE_DATE - DAY) | cases(months=24, report=CHANGE_DATE),
    )
    def test_either_side_of_the_change(self, case: tuple[list[Span], list[Claim], dt.date]) -> None:
        """12 months the day before the change, 24 from it: window, members, explanation."""
        spans, claims, report = case
        months = 12 if report < CHANGE_DATE else 24
        found = report_of(spans, claims, report, profile=later_profile())
        want = oracle(spans, claims, report, months=months)
        assert found_of(found) == want
        assert found.window_start == first_day(report, months)
        assert found.to_dict()["months"] == months
        term = (
            f"in force from 2007-04-01 through {(CHANGE_DATE - DAY).isoformat()}"
            if months == 12
            else f"in force from {CHANGE_DATE.isoformat()}"
        )
        assert found.explain() == expected_explanation(
            report,
            want,
            (len(spans), ()),
            (len(claims), ()),
            months=months,
            provenance=f"utilization.no_utilization_months = {months} months, {UM}, {term}",
        )

    @given(st.sampled_from([1, 6, 13]).flatmap(lambda m: st.tuples(st.just(m), cases(months=m))))
    def test_the_profile_months(
        self, drawn: tuple[int, tuple[list[Span], list[Claim], dt.date]]
    ) -> None:
        """Other months in the profile: their own window and members."""
        months, (spans, claims, report) = drawn
        found = report_of(spans, claims, report, profile=months_profile(months))
        assert found_of(found) == oracle(spans, claims, report, months=months)
        assert found.window_start == first_day(report, months)


class TestErrors:
    """Every error names its field and value."""

    @pytest.mark.parametrize("value", ["ever", "Twelve_Months", "", None, 12, ("enrollment",)])
    def test_a_claims_window_not_one_of_the_two(self, value: object) -> None:
        """Only the two windows, exactly, are read."""
        with pytest.raises(InvalidValueError) as caught:
            report_of([], [], REPORT, claims_window=value)
        assert (caught.value.field, caught.value.value) == ("claims_window", value)
        assert str(caught.value) == (
            f"'claims_window' must be 'twelve_months' or 'enrollment' (got {value!r})"
        )

    @pytest.mark.parametrize(
        ("value", "error"), [(20081231, InvalidTypeError), ("2008-13-01", InvalidValueError)]
    )
    def test_a_report_date_that_is_not_a_date(self, value: object, error: type) -> None:
        """The report date is read as a date, or refused naming it."""
        with pytest.raises(error) as caught:
            report_of([], [], value)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value) == ("report_date", value)

    def test_an_on_error_not_one_of_the_two(self) -> None:
        """``on_error`` is 'raise' or 'collect'."""
        with pytest.raises(InvalidValueError) as caught:
            report_of([], [], REPORT, on_error="ignore")
        assert (caught.value.field, caught.value.value) == ("on_error", "ignore")

    def test_missing_columns_name_their_table(self) -> None:
        """A table without a column it reads is refused naming the table and the column."""
        enrollment, claims = tables_of([(1, REPORT, None)], [])
        del enrollment["end_date"]
        with pytest.raises(InvalidInputError) as caught:
            no_utilization_report(enrollment, claims, report_date=REPORT)
        assert (caught.value.field, caught.value.value) == ("enrollment", ["end_date"])
        enrollment, claims = tables_of([(1, REPORT, None)], [])
        del claims["service_date"]
        with pytest.raises(InvalidInputError) as caught:
            no_utilization_report(enrollment, claims, report_date=REPORT)
        assert (caught.value.field, caught.value.value) == ("claims", ["service_date"])

    def test_a_mapping_of_a_column_it_does_not_read(self) -> None:
        """``columns=`` naming a column the report does not read is refused naming the report."""
        enrollment, claims = tables_of([(1, REPORT, None)], [])
        with pytest.raises(InvalidInputError) as caught:
            no_utilization_report(enrollment, claims, report_date=REPORT, columns={"zzz": "id"})
        assert (caught.value.field, caught.value.value) == ("columns", "zzz")
        assert "'no utilization report'" in str(caught.value)

    @pytest.mark.parametrize(
        ("mapping", "table", "column", "has"),
        [
            ({"member_id": "id"}, "enrollment", "id", "'member_id', 'start_date', 'end_date'"),
            ({"service_date": "on"}, "claims", "on", "'member_id', 'service_date'"),
        ],
    )
    def test_a_mapping_to_a_column_a_table_lacks(
        self, mapping: dict[str, str], table: str, column: str, has: str
    ) -> None:
        """``columns=`` naming a column a table lacks is refused naming the table."""
        enrollment, claims = tables_of([(1, REPORT, None)], [])
        with pytest.raises(InvalidInputError) as caught:
            no_utilization_report(enrollment, claims, report_date=REPORT, columns=mapping)
        assert (caught.value.field, caught.value.value) == ("columns", [column])
        assert str(caught.value) == (
            f"columns= maps to {column!r}, not a column of {table!r} (it has: {has})"
        )

    def test_columns_of_other_names(self) -> None:
        """``columns=`` maps the library's names to the tables'."""
        spans: list[Span] = [(1, dt.date(2007, 1, 1), None), (2, dt.date(2007, 1, 1), None)]
        claims: list[Claim] = [(2, REPORT)]
        enrollment, claim_table = tables_of(spans, claims)
        found = no_utilization_report(
            {
                "id": enrollment["member_id"],
                "from": enrollment["start_date"],
                "to": enrollment["end_date"],
            },
            {"id": claim_table["member_id"], "on": claim_table["service_date"]},
            columns={
                "member_id": "id",
                "start_date": "from",
                "end_date": "to",
                "service_date": "on",
            },
            report_date=REPORT,
        )
        assert found_of(found) == oracle(spans, claims, REPORT)
