"""U2 Level III.5: when a review or a restrictive decision is permitted, pinned.

These are the rule module's own tests (``compliance.utilization.level_iii_5``), run against its
mutants (docs/developers.md, "Mutation testing"). The clause (docs/interpretations.md, U2): day 1
is the first service day given, and utilization review may be performed no earlier than day 7
(``utilization.level_iii_5_first_review_day``), in calendar days; a decision restricting or denying
future clinical stabilization services is permitted once the longest run of consecutive calendar
days of services on or before the decision day (before it, with ``include_decision_day=False``) is
at least 14 (``utilization.level_iii_5_consecutive_days``). Each finding is compared whole with
that clause written here apart (:func:`review_expected`, :func:`decision_expected`): a review a day
either side of day 7 and on it, runs of 13, 14 and 15 days ending on the decision day or the day
before, gaps, days after the decision; the lines' dated versions; and every error's field and value.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance.utilization import (
    level_iii_5_restrictive_decision,
    level_iii_5_review,
)
from tenncare_calc.compliance.utilization.level_iii_5 import _consecutive_days, _first_review_day
from tenncare_calc.core.thresholds import Comparison, Threshold
from tests.finding_oracle import finding_of, reported_whole
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

UM = "One Care contract (Massachusetts): Utilization Management"
REVIEW_DAY = "utilization.level_iii_5_first_review_day"
CONSECUTIVE = "utilization.level_iii_5_consecutive_days"
DAY = dt.timedelta(days=1)


def review_expected(days: list[dt.date], on: dt.date, first_day: int = 7) -> dict[str, object]:
    """Return the finding U2 gives a review ``on`` a day of the services on ``days``."""
    first = min(days)
    day = (on - first).days + 1
    earliest = first + dt.timedelta(days=first_day - 1)
    return finding_of(
        "utilization.level_iii_5_review",
        "met" if day >= first_day else "not_met",
        f"utilization review no earlier than day {first_day} of services",
        (UM,),
        measured=Decimal(day),
        limit=Decimal(first_day),
        margin=Decimal(day - first_day),
        unit="days",
        steps=(
            (
                f"day 1 = first day of services {first.isoformat()}; day {first_day} = "
                f"{earliest.isoformat()}"
            ),
            f"review on {on.isoformat()} is day {day}",
        ),
        parameters=((REVIEW_DAY, first_day),),
    )


def runs(days: list[dt.date]) -> list[tuple[dt.date, int]]:
    """Return the runs of consecutive calendar days among ``days``: (first day, length), in order."""
    found: list[tuple[dt.date, int]] = []
    for day in sorted(set(days)):
        if found and found[-1][0] + dt.timedelta(days=found[-1][1]) == day:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((day, 1))
    return found


def decision_expected(
    days: list[dt.date], on: dt.date, *, include: bool = True, needed: int = 14
) -> dict[str, object]:
    """Return the finding U2 gives a restrictive decision ``on`` a day."""
    counted = [d for d in days if d < on or (include and d == on)]
    all_runs = runs(counted)
    longest = max((length for _, length in all_runs), default=0)
    if all_runs:
        start = next(first for first, length in all_runs if length == longest)
        end = start + dt.timedelta(days=longest - 1)
        told = f"longest run {start.isoformat()} to {end.isoformat()}: {longest} days"
    else:
        told = "no service days before the decision"
    return finding_of(
        "utilization.level_iii_5_restrictive_decision",
        "met" if longest >= needed else "not_met",
        f"no restrictive decision before {needed} consecutive days of clinical stabilization "
        "services",
        (UM,),
        measured=Decimal(longest),
        limit=Decimal(needed),
        margin=Decimal(longest - needed),
        unit="days",
        steps=(
            (
                f"service days {'through' if include else 'before'} the decision on "
                f"{on.isoformat()}: {told}"
            ),
        ),
        parameters=((CONSECUTIVE, needed),),
    )


@functools.cache
def days_profile(review_day: int, consecutive: int) -> ContractProfile:
    """Return the shipped profile with other day counts (cached: Hypothesis asks often)."""
    return load_profile(overrides={REVIEW_DAY: review_day, CONSECUTIVE: consecutive})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with day 10 and 21 days from :data:`CHANGE_DATE`."""
    profile = with_later_version(default_profile(), REVIEW_DAY, 10)
    return with_later_version(profile, CONSECUTIVE, 21)


STARTS = st.dates(dt.date(2007, 4, 1), dt.date(2012, 12, 1))
#: Days after day 1: either side of day 7 and on it, or any.
OFFSETS = st.one_of(st.sampled_from([5, 6, 7]), st.integers(0, 60))


@st.composite
def service_days(draw: st.DrawFn) -> tuple[list[dt.date], dt.date]:
    """Return service days and a day after the first: any days, in any order, repeated."""
    first = draw(STARTS)
    more = draw(st.lists(st.integers(0, 60), max_size=20))
    days = [first] + [first + dt.timedelta(days=n) for n in more]
    on = first + dt.timedelta(days=draw(OFFSETS))
    return draw(st.permutations(days + days[:2])), on


@st.composite
def decisions(draw: st.DrawFn) -> tuple[list[dt.date], dt.date, bool]:
    """Return service days, a decision day and whether it counts.

    A run of 12 to 16 days ends on the decision day, the day before, or two days before, among
    other runs (before and after the decision, split by gaps of one day or more).
    """
    on = draw(st.dates(dt.date(2007, 6, 1), dt.date(2012, 12, 31)))
    length = draw(st.one_of(st.sampled_from([13, 14, 15]), st.integers(1, 16)))
    ends = on - dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 2])))
    days = [ends - dt.timedelta(days=n) for n in range(length)]
    days.extend(
        on + dt.timedelta(days=n) for n in draw(st.lists(st.integers(-40, 20), max_size=25))
    )
    return draw(st.permutations(days)), on, draw(st.booleans())


class TestReview:
    """``level_iii_5_review``: the whole finding, a day either side of day 7 and on it."""

    @given(service_days())
    def test_each_review_is_what_the_clause_says(self, case: tuple[list[dt.date], dt.date]) -> None:
        """Day 1 is the first service day, whatever the order; day 7 and later are permitted."""
        days, on = case
        assert reported_whole(level_iii_5_review(days, on=on)) == review_expected(days, on)

    @given(STARTS)
    def test_day_six_seven_and_eight(self, first: dt.date) -> None:
        """Six days after day 1 is day 7: permitted with no margin; a day sooner is not."""
        found = [level_iii_5_review([first], on=first + DAY * n) for n in (5, 6, 7)]
        assert [(f.met, f.measured, f.margin) for f in found] == [
            (False, Decimal(6), Decimal(-1)),
            (True, Decimal(7), Decimal(0)),
            (True, Decimal(8), Decimal(1)),
        ]

    def test_on_day_one_and_text(self) -> None:
        """A review on day 1 is day 1; days written as text are read as dates."""
        days = ["2008-10-01", "10/3/2008"]
        found = level_iii_5_review(days, on=dt.date(2008, 10, 1))  # type: ignore[arg-type]
        assert reported_whole(found) == review_expected(
            [dt.date(2008, 10, 1), dt.date(2008, 10, 3)], dt.date(2008, 10, 1)
        )
        assert found.measured == 1

    @given(st.integers(1, 30), st.integers(-1, 1), STARTS)
    def test_the_profile_day(self, first_day: int, side: int, first: dt.date) -> None:
        """The first review day comes from the profile: the line, the words and the steps."""
        on = first + dt.timedelta(days=max(first_day - 1 + side, 0))
        found = level_iii_5_review([first], on=on, profile=days_profile(first_day, 14))
        assert reported_whole(found) == review_expected([first], on, first_day)


class TestRestrictiveDecision:
    """``level_iii_5_restrictive_decision``: runs of 13, 14 and 15 days, the decision day in or out."""

    @given(decisions())
    def test_each_decision_is_what_the_clause_says(
        self, case: tuple[list[dt.date], dt.date, bool]
    ) -> None:
        """The longest run of days counted, the first of the longest named."""
        days, on, include = case
        found = level_iii_5_restrictive_decision(days, on=on, include_decision_day=include)
        assert reported_whole(found) == decision_expected(days, on, include=include)
        if include:
            assert reported_whole(level_iii_5_restrictive_decision(days, on=on)) == (
                decision_expected(days, on)
            )

    @given(st.dates(dt.date(2007, 6, 1), dt.date(2012, 12, 31)))
    def test_thirteen_fourteen_and_fifteen_days(self, on: dt.date) -> None:
        """A run ending on the decision day: 14 permits it, counted; not counted, 13 does not."""
        for length, include, met, measured in (
            (13, True, False, 13),
            (14, True, True, 14),
            (15, True, True, 15),
            (14, False, False, 13),
            (15, False, True, 14),
        ):
            days = [on - DAY * n for n in range(length)]
            found = level_iii_5_restrictive_decision(days, on=on, include_decision_day=include)
            assert (found.met, found.measured, found.margin) == (
                met,
                Decimal(measured),
                Decimal(measured - 14),
            )

    def test_a_gap_breaks_the_run_and_later_days_do_not_count(self) -> None:
        """Two runs of 7 split by a day, and days after the decision: a run of 7."""
        start = dt.date(2008, 10, 1)
        days = [start + DAY * n for n in (*range(7), *range(8, 15), *range(15, 30))]
        on = start + DAY * 14
        found = level_iii_5_restrictive_decision(days, on=on, include_decision_day=False)
        assert reported_whole(found) == decision_expected(days, on, include=False)
        assert (found.met, found.measured) == (False, Decimal(7))
        assert found.steps == (
            (
                "service days before the decision on 2008-10-15: longest run 2008-10-01 to "
                "2008-10-07: 7 days"
            ),
        )

    def test_no_days_before_the_decision(self) -> None:
        """Services only from the decision day on, not counted: no run at all."""
        on = dt.date(2008, 10, 1)
        found = level_iii_5_restrictive_decision([on, on + DAY], on=on, include_decision_day=False)
        assert reported_whole(found) == decision_expected([on, on + DAY], on, include=False)
        assert found.steps == (
            "service days before the decision on 2008-10-01: no service days before the decision",
        )

    @given(
        st.integers(1, 30), st.integers(-1, 1), st.dates(dt.date(2007, 6, 1), dt.date(2012, 1, 1))
    )
    def test_the_profile_days(self, needed: int, side: int, on: dt.date) -> None:
        """The consecutive days come from the profile: the line and the words."""
        days = [on - DAY * n for n in range(max(needed + side, 1))]
        found = level_iii_5_restrictive_decision(days, on=on, profile=days_profile(7, needed))
        assert reported_whole(found) == decision_expected(days, on, needed=needed)


class TestLines:
    """Each day count is one line, at least the profile's value, in days."""

    @given(st.integers(1, 60), st.integers(0, 80))
    def test_the_lines(self, value: int, measured: int) -> None:
        """Met on the value and above it, not below."""
        for line in (_first_review_day(value), _consecutive_days(value)):
            assert line == Threshold(value, "days", Comparison.AT_LEAST)
            assert line.met(measured) is (measured >= value)
        assert _first_review_day(7).describe() == "at least 7 days"


class TestDatedDays:
    """Each line is the version in force on the review or decision day."""

    def test_either_side_of_the_change(self) -> None:
        """Day 7 and 14 days before the change; day 10 and 21 days from it."""
        profile = later_profile()
        for on, first_day, needed in (
            (CHANGE_DATE - DAY, 7, 14),
            (CHANGE_DATE, 10, 21),
        ):
            days = [on - DAY * n for n in range(30)]
            review = level_iii_5_review(days, on=on, profile=profile)
            assert reported_whole(review) == review_expected(days, on, first_day)
            decision = level_iii_5_restrictive_decision(days, on=on, profile=profile)
            assert reported_whole(decision) == decision_expected(days, on, needed=needed)
            assert [(p.name, p.value) for p in (*review.parameters, *decision.parameters)] == [
                (REVIEW_DAY, first_day),
                (CONSECUTIVE, needed),
            ]

    def test_before_the_term(self) -> None:
        """A day before the parameters' term: the profile's error."""
        before = dt.date(2007, 3, 31)
        with pytest.raises(OutsideTermError) as review:
            level_iii_5_review([before], on=before)
        assert (review.value.field, review.value.value) == (REVIEW_DAY, before)
        with pytest.raises(OutsideTermError) as decision:
            level_iii_5_restrictive_decision([before], on=before)
        assert (decision.value.field, decision.value.value) == (CONSECUTIVE, before)


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    def test_a_review_before_day_one(self) -> None:
        """``on`` before the first service day: a value error naming both."""
        first = dt.date(2008, 10, 2)
        with pytest.raises(InvalidValueError) as raised:
            level_iii_5_review([first, first + DAY], on=first - DAY)
        assert (raised.value.field, raised.value.value) == ("on", first - DAY)
        assert str(raised.value) == (
            "'on' (2008-10-01) is before the first day of services (2008-10-02)"
        )
        assert level_iii_5_review([first], on=first).measured == 1

    @pytest.mark.parametrize("given", ["2008-10-01", b"2008", 5, None, dt.date(2008, 10, 1)])
    def test_service_days_that_are_not_a_collection(self, given: object) -> None:
        """Text, bytes or one value: a type error naming ``service_days``, in both rules."""
        for rule in (level_iii_5_review, level_iii_5_restrictive_decision):
            with pytest.raises(InvalidTypeError) as raised:
                rule(given, on=dt.date(2008, 10, 1))  # type: ignore[arg-type]
            assert (raised.value.field, raised.value.value) == ("service_days", given)
            assert str(raised.value) == (
                f"'service_days' must be an iterable of dates (got {type(given).__name__})"
            )

    def test_no_service_days(self) -> None:
        """An empty collection: a value error naming ``service_days``, in both rules."""
        for rule in (level_iii_5_review, level_iii_5_restrictive_decision):
            with pytest.raises(InvalidValueError) as raised:
                rule(iter(()), on=dt.date(2008, 10, 1))
            assert (raised.value.field, raised.value.value) == ("service_days", [])
            assert str(raised.value) == (
                "'service_days' is empty: give the days Level III.5 services were provided"
            )

    def test_a_day_or_a_decision_that_is_not_a_date(self) -> None:
        """A service day or ``on`` that is not a date names its field."""
        for rule in (level_iii_5_review, level_iii_5_restrictive_decision):
            with pytest.raises(InvalidValueError) as day:
                rule([dt.date(2008, 10, 1), "soon"], on=dt.date(2008, 10, 1))  # type: ignore[list-item]
            assert (day.value.field, day.value.value) == ("service_days", "soon")
            with pytest.raises(InvalidValueError) as on:
                rule([dt.date(2008, 10, 1)], on="later")  # type: ignore[arg-type]
            assert (on.value.field, on.value.value) == ("on", "later")

    @pytest.mark.parametrize("flag", [1, 0, "yes", None])
    def test_include_decision_day_not_a_bool(self, flag: object) -> None:
        """``include_decision_day`` must be True or False."""
        with pytest.raises(InvalidTypeError) as raised:
            level_iii_5_restrictive_decision(
                [dt.date(2008, 10, 1)],
                on=dt.date(2008, 10, 1),
                include_decision_day=flag,  # type: ignore[arg-type]
            )
        assert (raised.value.field, raised.value.value) == ("include_decision_day", flag)
        assert str(raised.value) == (f"'include_decision_day' must be True or False (got {flag!r})")
