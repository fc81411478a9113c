"""Attachment XI A.5.2.2 multi-passenger ride time: the rule's own tests, the finding pinned whole.

These are the tests of ``compliance.nemt.multi_passenger`` run against its mutants
(docs/developers.md, "Mutation testing"). A.5.2.2: on a multi-passenger trip a member may not
"remain in the vehicle more than one (1) hour longer than the average travel time for direct
transportation of that member": the ride less the direct time is at most 60 minutes, and a ride
exactly 60 minutes longer is within it. Each finding is compared whole with that clause written
here apart (:func:`expected`), a hair, a cent and a minute either side of the line and at it; the
minutes are the profile's, read in the version in force on the day asked; each error names its
field and value.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidValueError,
    OutsideTermError,
    default_profile,
    load_profile,
    multi_passenger_ride_time,
)
from tests.finding_oracle import finding_of, reported_whole
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

NAME = "nemt.multi_passenger_added_minutes"
TERM_START = dt.date(2008, 9, 1)
ON = dt.date(2008, 10, 1)
OFFSETS = [Decimal(step) for step in ("-1", "-0.01", "-0.000001", "0", "0.000001", "0.01", "1")]


def plain(number: Decimal) -> str:
    """Return a figure as the steps write it: as given, in plain positional form."""
    text = format(number, "f")
    return "0" if text == "-0" else text


def expected(ride: Decimal, direct: Decimal, minutes: int = 60) -> dict[str, Any]:
    """Return the finding A.5.2.2 gives a leg: at most ``minutes`` longer than the direct trip."""
    longer = ride - direct
    return finding_of(
        "nemt.multi_passenger_ride",
        "met" if longer <= minutes else "not_met",
        f"at most {minutes} minutes longer than the direct trip",
        ("Attachment XI A.5.2.2",),
        measured=longer,
        limit=Decimal(minutes),
        margin=minutes - longer,
        unit="minutes",
        steps=(f"ride {plain(ride)} min - direct {plain(direct)} min",),
        parameters=((NAME, minutes),),
    )


@st.composite
def legs(draw: st.DrawFn, minutes: int = 60) -> tuple[Decimal, Decimal]:
    """Return a ride and a direct time: the ride at the line, a step either side, or anywhere."""
    direct = draw(st.one_of(st.decimals(0, 2_000, places=2), st.decimals(0, 10, places=6)))
    ride = draw(
        st.one_of(
            st.sampled_from(OFFSETS).map(lambda step: direct + minutes + step),
            st.decimals(0, 3_000, places=2),
        )
    )
    return ride, direct


@functools.cache
def minutes_profile(minutes: int) -> ContractProfile:
    """Return the shipped profile with other minutes (cached: Hypothesis asks often)."""
    return load_profile(overrides={NAME: minutes})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 45 minutes from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), NAME, 45)


class TestOneLeg:
    """``multi_passenger_ride_time``: the whole finding on both sides of the line and at it."""

    @given(legs())
    def test_each_leg_is_what_the_clause_says(self, leg: tuple[Decimal, Decimal]) -> None:
        """Outcome, figures, steps, standard, section and the parameter read."""
        ride, direct = leg
        found = multi_passenger_ride_time(ride_minutes=ride, direct_minutes=direct, on=ON)
        assert reported_whole(found) == expected(ride, direct)
        assert [(p.name, p.effective_from) for p in found.parameters] == [(NAME, TERM_START)]

    @pytest.mark.parametrize("offset", OFFSETS)
    def test_the_hour(self, offset: Decimal) -> None:
        """An hour longer is within the line, with no margin; past it is not."""
        found = multi_passenger_ride_time(
            ride_minutes=Decimal("1095.5") + offset, direct_minutes=Decimal("1035.5")
        )
        assert (found.met, found.margin) == (offset <= 0, -offset)

    def test_text_and_numbers(self) -> None:
        """Minutes as text, whole numbers or floats; a ride shorter than direct has room to spare."""
        found = multi_passenger_ride_time(ride_minutes="30.25", direct_minutes=35.5)
        assert reported_whole(found) == expected(Decimal("30.25"), Decimal("35.5"))
        assert found.margin == Decimal("65.25")

    @given(st.integers(1, 240), st.data())
    def test_the_profile_minutes(self, minutes: int, data: st.DataObject) -> None:
        """The minutes are the profile's: its value is the line and the standard's words."""
        ride, direct = data.draw(legs(minutes))
        found = multi_passenger_ride_time(
            ride_minutes=ride, direct_minutes=direct, profile=minutes_profile(minutes)
        )
        assert reported_whole(found) == expected(ride, direct, minutes)


class TestDatedMinutes:
    """The minutes are read in the version in force on the day asked."""

    @given(legs(45))
    def test_either_side_of_the_change(self, leg: tuple[Decimal, Decimal]) -> None:
        """The day before the change 60 minutes; from its day 45; without a day, the latest."""
        ride, direct = leg
        for on, minutes, since in (
            (CHANGE_DATE - dt.timedelta(days=1), 60, TERM_START),
            (CHANGE_DATE, 45, CHANGE_DATE),
            (None, 45, CHANGE_DATE),
        ):
            found = multi_passenger_ride_time(
                ride_minutes=ride, direct_minutes=direct, on=on, profile=later_profile()
            )
            assert reported_whole(found) == expected(ride, direct, minutes)
            assert [p.effective_from for p in found.parameters] == [since]

    def test_before_the_term(self) -> None:
        """The day before Attachment XI: the error names the parameter and the day."""
        before = TERM_START - dt.timedelta(days=1)
        with pytest.raises(OutsideTermError) as raised:
            multi_passenger_ride_time(ride_minutes=60, direct_minutes=30, on=before)
        assert (raised.value.field, raised.value.value) == (NAME, before)


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    @pytest.mark.parametrize("field", ["ride_minutes", "direct_minutes"])
    def test_negative_minutes(self, field: str) -> None:
        """A negative time: a value error naming it."""
        arguments: dict[str, Any] = {"ride_minutes": 60, "direct_minutes": 30, field: "-0.5"}
        with pytest.raises(InvalidValueError) as raised:
            multi_passenger_ride_time(**arguments)
        assert (raised.value.field, raised.value.value) == (field, Decimal("-0.5"))
        assert str(raised.value) == f"'{field}' must be >= 0 (got Decimal('-0.5'))"
