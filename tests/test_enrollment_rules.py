"""Member months and community tenure checked against plain reference implementations.

The enrollment kernels are vectorised (numpy, pyarrow): packed keys, sorted sweeps. Each property
here computes the same figure the slow, obvious way (a set of enrolled days per member; a list of
episodes per member) and compares, for random spans and stays that touch every boundary: the first
and last day of a month and of the year, open-ended spans, transfers on the discharge day,
readmissions on day ``window_days`` and the day after, windows ending on ``data_through``. The
reports of the two bundled samples are compared with reviewed records
(``tests/golden/enrollment.json``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.values import exact_context
from tenncare_calc.enrollment import community_tenure, member_months
from tenncare_calc.p4p import sample_path
from tests.golden_records import assert_matches_record, result_record

YEAR = 2008
DAY = dt.timedelta(days=1)
DATES = st.dates(min_value=dt.date(2007, 11, 1), max_value=dt.date(2009, 2, 28))
CONVENTIONS = ("prorated", "any_day", "first_of_month")


def _first_days() -> list[dt.date]:
    return [dt.date(YEAR, month, 1) for month in range(1, 13)]


def reference_member_months(
    spans: list[tuple[int, dt.date, dt.date | None]], convention: str
) -> dict[dt.date, Decimal]:
    """Return each month's member months the obvious way: sets of enrolled days per member."""
    days: dict[int, set[dt.date]] = {}
    for member, start, end in spans:
        last = dt.date(YEAR, 12, 31) if end is None else min(end, dt.date(YEAR, 12, 31))
        day = max(start, dt.date(YEAR, 1, 1))
        enrolled = days.setdefault(member, set())
        while day <= last:
            enrolled.add(day)
            day += DAY
    result = {}
    for first in _first_days():
        length = calendar.monthrange(YEAR, first.month)[1]
        in_month = [
            sum(1 for d in enrolled if d.month == first.month) for enrolled in days.values()
        ]
        if convention == "prorated":
            value = (Decimal(sum(in_month)) / length).quantize(
                Decimal("1E-10"), rounding=ROUND_HALF_UP
            )
        elif convention == "any_day":
            value = Decimal(sum(1 for n in in_month if n))
        else:
            value = Decimal(sum(1 for enrolled in days.values() if first in enrolled))
        result[first] = value
    return result


SPANS = st.lists(
    st.tuples(
        st.integers(0, 3),
        DATES,
        st.one_of(st.none(), st.integers(0, 70)),
    ),
    max_size=8,
)


class TestMemberMonths:
    """Member months of ruling MM1 equal the reference for every convention."""

    @given(SPANS, st.sampled_from(CONVENTIONS))
    def test_equals_the_reference(
        self, raw: list[tuple[int, dt.date, int | None]], convention: str
    ) -> None:
        """Each month, and the total as the sum of the (rounded) months."""
        spans = [
            (member, start, None if length is None else start + dt.timedelta(days=length))
            for member, start, length in raw
        ]
        result = member_months(
            {
                "member_id": [s[0] for s in spans],
                "start_date": [s[1] for s in spans],
                "end_date": [s[2] for s in spans],
            },
            year=YEAR,
            convention=convention,
        )
        expected = reference_member_months(spans, convention)
        assert {first: result.by_month[first] for first in _first_days()} == expected
        assert result.total == sum(expected.values(), Decimal(0))

    def test_month_edges(self) -> None:
        """A span of Jan 31 to Feb 1: one day each month; only February counts a first-of-month."""
        spans = {
            "member_id": [1],
            "start_date": [dt.date(2008, 1, 31)],
            "end_date": [dt.date(2008, 2, 1)],
        }
        prorated = member_months(spans, year=YEAR)
        assert prorated.by_month[dt.date(2008, 1, 1)] == Decimal("0.0322580645")  # 1/31 half-up
        assert prorated.by_month[dt.date(2008, 2, 1)] == Decimal("0.0344827586")  # 1/29
        first = member_months(spans, year=YEAR, convention="first_of_month")
        assert (first.by_month[dt.date(2008, 1, 1)], first.by_month[dt.date(2008, 2, 1)]) == (0, 1)
        any_day = member_months(spans, year=YEAR, convention="any_day")
        assert any_day.total == 2

    def test_bad_convention_names_the_field(self) -> None:
        """The error names ``convention`` and lists the three of ruling MM1."""
        with pytest.raises(tc.InvalidValueError) as caught:
            member_months(
                {"member_id": [], "start_date": [], "end_date": []}, year=YEAR, convention="daily"
            )
        assert caught.value.field == "convention"
        assert str(caught.value) == (
            "'convention' must be one of 'prorated', 'any_day', 'first_of_month' (ruling MM1) "
            "(got 'daily')"
        )


def reference_tenure(
    stays: list[tuple[int, dt.date, dt.date | None]],
    *,
    data_through: dt.date,
    window: int,
) -> tuple[int, int, int]:
    """Return (denominator, readmitted, incomplete) by building each member's episodes in turn."""
    by_member: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for member, admit, discharge in stays:
        by_member.setdefault(member, []).append((admit, discharge))
    denominator = readmitted = incomplete = 0
    for member_stays in by_member.values():
        episodes: list[list[Any]] = []
        for admit, discharge in sorted(member_stays, key=lambda s: s[0]):
            last = episodes[-1] if episodes else None
            if last is not None and (last[1] is None or admit <= last[1]):
                if last[1] is not None:
                    last[1] = None if discharge is None else max(last[1], discharge)
            else:
                episodes.append([admit, discharge])
        for index, (_, discharge) in enumerate(episodes):
            if discharge is None or discharge.year != YEAR:
                continue
            if discharge + dt.timedelta(days=window) > data_through:
                incomplete += 1
                continue
            denominator += 1
            following = episodes[index + 1][0] if index + 1 < len(episodes) else None
            if following is not None and (following - discharge).days <= window:
                readmitted += 1
    return denominator, readmitted, incomplete


STAYS = st.lists(
    st.tuples(st.integers(0, 3), DATES, st.one_of(st.none(), st.integers(0, 12))),
    max_size=10,
)


class TestCommunityTenure:
    """Episodes, readmissions and incomplete windows of ruling P7 equal the reference."""

    @given(
        STAYS,
        st.dates(min_value=dt.date(2008, 6, 1), max_value=dt.date(2009, 3, 31)),
        st.sampled_from([30, 1, 7]),
    )
    def test_equals_the_reference(
        self, raw: list[tuple[int, dt.date, int | None]], through: dt.date, window: int
    ) -> None:
        """Denominator, readmitted and incomplete; the rate is the share not readmitted."""
        stays = [
            (member, admit, None if length is None else admit + dt.timedelta(days=length))
            for member, admit, length in raw
        ]
        result = community_tenure(
            {
                "member_id": [s[0] for s in stays],
                "admit_date": [s[1] for s in stays],
                "discharge_date": [s[2] for s in stays],
            },
            year=YEAR,
            data_through=through,
            window_days=window,
        )
        denominator, readmitted, incomplete = reference_tenure(
            stays, data_through=through, window=window
        )
        assert (result.denominator, result.readmitted, result.incomplete) == (
            denominator,
            readmitted,
            incomplete,
        )
        if denominator:
            with exact_context():  # the library's 60 digits: 1/3 does not terminate
                expected_rate = Decimal(denominator - readmitted) * 100 / denominator
            assert result.rate == expected_rate

    @pytest.mark.parametrize(("gap", "readmitted"), [(0, 0), (1, 1), (30, 1), (31, 0)])
    def test_window_edges(self, gap: int, readmitted: int) -> None:
        """Admitted on the discharge day: a transfer; days 1 and 30: a readmission; day 31: not."""
        discharge = dt.date(2008, 3, 10)
        result = community_tenure(
            {
                "member_id": [1, 1],
                "admit_date": [dt.date(2008, 3, 1), discharge + dt.timedelta(days=gap)],
                "discharge_date": [discharge, dt.date(2008, 5, 20)],
            },
            year=YEAR,
            data_through=dt.date(2009, 3, 31),
        )
        assert result.readmitted == readmitted
        assert result.episodes == (1 if gap == 0 else 2)

    @pytest.mark.parametrize(("through", "incomplete"), [((2009, 1, 30), 0), ((2009, 1, 29), 1)])
    def test_data_through_edge(self, through: tuple[int, int, int], incomplete: int) -> None:
        """A window ending on data_through is complete; a day later it is incomplete."""
        result = community_tenure(
            {
                "member_id": [1],
                "admit_date": [dt.date(2008, 12, 20)],
                "discharge_date": [dt.date(2008, 12, 31)],
            },
            year=YEAR,
            data_through=dt.date(*through),
        )
        assert (result.incomplete, result.denominator) == (incomplete, 1 - incomplete)


def _results() -> dict[str, Any]:
    spans = sample_path("enrollment_spans_2008.csv")
    stays = sample_path("mental_health_stays_2008.csv")
    import pyarrow.csv as pacsv  # noqa: PLC0415 - the columnar extra

    span_table = pacsv.read_csv(spans)
    stay_table = pacsv.read_csv(stays)
    results = {
        f"member_months_{convention}": member_months(span_table, year=YEAR, convention=convention)
        for convention in CONVENTIONS
    }
    results["community_tenure"] = community_tenure(
        stay_table, year=YEAR, data_through=dt.date(2009, 1, 31)
    )
    return results


@pytest.mark.parametrize(
    "name",
    [*(f"member_months_{c}" for c in CONVENTIONS), "community_tenure"],
)
def test_sample_matches_the_reviewed_record(name: str) -> None:
    """The bundled samples' results report exactly what the reviewed records say."""
    pytest.importorskip("pyarrow")
    result = _results()[name]
    assert_matches_record("enrollment.json", name, result_record(result))


def _rows(table: Any) -> list[dict[str, str]]:
    return [{key: str(value) for key, value in row.items()} for row in table.to_pylist()]


def test_index_episodes_and_per_member_tables_match_the_reviewed_record() -> None:
    """The optional detail tables: each index episode with its status, each member's months."""
    pytest.importorskip("pyarrow")
    import pyarrow.csv as pacsv  # noqa: PLC0415 - the columnar extra

    stays = pacsv.read_csv(sample_path("mental_health_stays_2008.csv"))
    tenure = community_tenure(
        stays, year=YEAR, data_through=dt.date(2009, 1, 31), index_episodes=True
    )
    spans = pacsv.read_csv(sample_path("enrollment_spans_2008.csv"))
    months = member_months(spans, year=YEAR, per_member=True)
    record = {
        "index_episodes": _rows(tenure.index_episodes),
        "per_member": _rows(months.per_member.slice(0, 40)),
    }
    assert_matches_record("enrollment.json", "detail_tables", record)
