"""Attachment XI A.4.3.2.4-5 fixed route: the rule's own tests, every part of the finding pinned.

These are the tests of ``compliance.nemt.fixed_route`` run against its mutants (docs/developers.md,
"Mutation testing"). Each finding is compared whole with the clause written here apart from the
library (:func:`expected`). A.4.3.2.4: fixed route (bus, trolley) is appropriate only when the
member is not required to walk more than 1/4 mile to or from a stop (.1), to make more than one
change of bus or trolley on a leg (.2), to travel more than 60 minutes longer than direct
transportation from pick-up to drop-off (.3), nor to arrive more than 60 minutes before the
appointment or wait more than 60 minutes after its estimated end for the return (.4); A.4.3.2.5:
not when a physician has stated in writing that the member cannot use it. "More than" a line
fails, the line itself passes. Every line is probed at it and a hair, a cent and a unit either
side; a test whose input is not given (a return leg's arrival) does not apply; the five lines
are the profile's, each its own (none taken for another), read in the version in force on the
day asked; and each error names its field and value.
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
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    default_profile,
    fixed_route_appropriateness,
    load_profile,
)
from tests.finding_oracle import finding_of, reported_whole
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

A4324 = "Attachment XI A.4.3.2.4"
A4325 = "Attachment XI A.4.3.2.5"
WALK, TRANSFERS, ADDED, EARLY, WAIT = (
    "nemt.fixed_route_walk_miles",
    "nemt.fixed_route_transfers_per_leg",
    "nemt.fixed_route_added_minutes",
    "nemt.fixed_route_early_arrival_minutes",
    "nemt.fixed_route_return_wait_minutes",
)
#: The lines of A.4.3.2.4: 1/4 mile, one change, 60 minutes added, 60 early, 60 waiting.
LINES = (Decimal("0.25"), 1, 60, 60, 60)
#: Attachment XI's term begins on 2008-09-01.
TERM_START = dt.date(2008, 9, 1)
ON = dt.date(2008, 10, 1)
#: The later version's lines in :func:`later_profile`, from CHANGE_DATE, each different.
LATER = (Decimal("0.5"), 2, 90, 45, 30)
#: Steps either side of a line (and none), in the line's unit.
OFFSETS = [Decimal(step) for step in ("-1", "-0.01", "-0.0001", "0", "0.0001", "0.01", "1")]

#: A leg: walk to, walk from, transfers, fixed route minutes, direct minutes, minutes early,
#: minutes waiting, physician's statement.
Leg = tuple[Decimal, Decimal, int, Decimal, Decimal, Decimal | None, Decimal | None, bool]


def expected(leg: Leg, lines: tuple[Decimal, int, int, int, int] = LINES) -> dict[str, Any]:
    """Return the finding A.4.3.2.4-5 gives a leg, with the profile's five lines."""
    walk_to, walk_from, changes, fixed, direct, early, waiting, statement = leg
    walk, transfers, added, early_line, wait_line = lines
    longest = max(walk_to, walk_from)
    parts = [
        finding_of(
            "nemt.fixed_route.walk_distance",
            "met" if longest <= walk else "not_met",
            f"walk at most {shown(walk)} mile to or from a stop",
            (f"{A4324}.1",),
            measured=longest,
            limit=walk,
            margin=walk - longest,
            unit="miles",
            steps=(f"walk to the stop {shown(walk_to)} mi, from the stop {shown(walk_from)} mi",),
            parameters=((WALK, walk),),
        ),
        finding_of(
            "nemt.fixed_route.transfers",
            "met" if changes <= transfers else "not_met",
            f"at most {transfers} change of bus or trolley on the leg",
            (f"{A4324}.2",),
            measured=Decimal(changes),
            limit=Decimal(transfers),
            margin=Decimal(transfers - changes),
            unit="transfers",
            parameters=((TRANSFERS, transfers),),
        ),
        finding_of(
            "nemt.fixed_route.added_travel_time",
            "met" if fixed - direct <= added else "not_met",
            f"at most {added} minutes more than direct transportation",
            (f"{A4324}.3",),
            measured=fixed - direct,
            limit=Decimal(added),
            margin=added - (fixed - direct),
            unit="minutes",
            steps=(f"fixed route {shown(fixed)} min - direct {shown(direct)} min",),
            parameters=((ADDED, added),),
        ),
    ]
    early_standard = f"arrive at most {early_line} minutes before the appointment"
    if early is None:
        parts.append(_not_given("nemt.fixed_route.early_arrival", early_standard))
    elif early < 0:
        parts.append(
            finding_of(
                "nemt.fixed_route.early_arrival",
                "not_met",
                early_standard,
                (f"{A4324}.4",),
                note=f"arrives {shown(-early)} minutes after the appointment time",
                parameters=((EARLY, early_line),),
            )
        )
    else:
        parts.append(
            finding_of(
                "nemt.fixed_route.early_arrival",
                "met" if early <= early_line else "not_met",
                early_standard,
                (f"{A4324}.4",),
                measured=early,
                limit=Decimal(early_line),
                margin=early_line - early,
                unit="minutes",
                parameters=((EARLY, early_line),),
            )
        )
    wait_standard = f"wait at most {wait_line} minutes after the appointment's estimated end"
    if waiting is None:
        parts.append(_not_given("nemt.fixed_route.return_wait", wait_standard))
    else:
        parts.append(
            finding_of(
                "nemt.fixed_route.return_wait",
                "met" if waiting <= wait_line else "not_met",
                wait_standard,
                (f"{A4324}.4",),
                measured=waiting,
                limit=Decimal(wait_line),
                margin=wait_line - waiting,
                unit="minutes",
                parameters=((WAIT, wait_line),),
            )
        )
    parts.append(
        finding_of(
            "nemt.fixed_route.physician_statement",
            "not_met" if statement else "met",
            "no physician's written statement that the member cannot use fixed route",
            (A4325,),
            note=(
                "a physician has stated in writing that the member cannot use fixed route"
                if statement
                else None
            ),
        )
    )
    return finding_of(
        "nemt.fixed_route",
        "not_met" if any(part["outcome"] == "not_met" for part in parts) else "met",
        "fixed route is appropriate only when every measurable test is met",
        (A4324, A4325),
        note="A.4.3.2.4.5-6 (disabilities; accessibility and safety of the stops) are not judged",
        parts=tuple(parts),
    )


def shown(number: Decimal | int) -> str:
    """Return a figure as the steps and standards write it: as given, in plain positional form."""
    text = format(Decimal(number), "f")
    return "0" if text == "-0" else text


def _not_given(check: str, standard: str) -> dict[str, Any]:
    return finding_of(
        check, "not_applicable", standard, (f"{A4324}.4",), note="not given for this leg"
    )


def _near(line: Decimal | int, most: int) -> st.SearchStrategy[Decimal]:
    """Return figures at a line or a step either side of it, or anywhere from 0 to ``most``."""
    return st.one_of(
        st.sampled_from(OFFSETS).map(lambda step: max(Decimal(0), line + step)),
        st.decimals(0, most, places=2),
        st.decimals(0, most, places=6),
    )


@st.composite
def legs(draw: st.DrawFn, lines: tuple[Decimal, int, int, int, int] = LINES) -> Leg:
    """Return a leg whose every figure is near its line, or anywhere (minutes over 1,000 too)."""
    walk, transfers, added, early_line, wait_line = lines
    direct = draw(st.decimals(0, 2_000, places=2))
    fixed = draw(
        st.one_of(
            st.sampled_from(OFFSETS).map(lambda step: direct + added + step),
            st.decimals(0, 3_000, places=2),
        )
    )
    early = draw(
        st.one_of(
            st.none(),
            _near(early_line, 2_000),
            st.sampled_from([Decimal("-0.01"), Decimal(-5), Decimal("-1500.5")]),
        )
    )
    return (
        draw(_near(walk, 3)),
        draw(_near(walk, 3)),
        draw(st.integers(0, transfers + 2)),
        max(Decimal(0), fixed),
        direct,
        early,
        draw(st.one_of(st.none(), _near(wait_line, 2_000))),
        draw(st.booleans()),
    )


def judged(leg: Leg, **kwargs: Any) -> Any:
    """Return the finding of ``fixed_route_appropriateness`` for a leg."""
    walk_to, walk_from, changes, fixed, direct, early, waiting, statement = leg
    return fixed_route_appropriateness(
        walk_to_stop_miles=walk_to,
        walk_from_stop_miles=walk_from,
        transfers=changes,
        fixed_route_minutes=fixed,
        direct_minutes=direct,
        minutes_early=early,
        minutes_waiting=waiting,
        physician_statement=statement,
        **kwargs,
    )


@functools.cache
def lines_profile(lines: tuple[Decimal, int, int, int, int]) -> ContractProfile:
    """Return the shipped profile with other lines (cached: Hypothesis asks often)."""
    return load_profile(
        overrides=dict(zip((WALK, TRANSFERS, ADDED, EARLY, WAIT), lines, strict=True))
    )


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with the :data:`LATER` lines from :data:`CHANGE_DATE`."""
    profile = default_profile()
    for name, value in zip((WALK, TRANSFERS, ADDED, EARLY, WAIT), LATER, strict=True):
        profile = with_later_version(profile, name, str(value))
    return profile


#: A leg that meets every test, to change one figure of.
GOOD: Leg = (Decimal("0.1"), Decimal("0.2"), 0, Decimal(40), Decimal(20), Decimal(15), None, False)


def _with(**changes: Any) -> Leg:
    names = ("walk_to", "walk_from", "changes", "fixed", "direct", "early", "waiting", "statement")
    values = dict(zip(names, GOOD, strict=True))
    return tuple({**values, **changes}.values())


class TestOneLeg:
    """``fixed_route_appropriateness``: the whole finding, each line on both sides and at it."""

    @given(legs())
    def test_each_leg_is_what_the_clause_says(self, leg: Leg) -> None:
        """Outcome, parts, figures, steps, notes, sections and the parameters read."""
        assert reported_whole(judged(leg)) == expected(leg)

    @pytest.mark.parametrize("offset", OFFSETS)
    def test_each_line_at_and_either_side(self, offset: Decimal) -> None:
        """At each line the part is met, past it not; either walk; minutes past 1,000 too."""
        past = offset > 0
        hair = offset / 100  # a walk's steps: 1/100 mile down to a millionth
        cases = [
            (0, _with(walk_to=Decimal("0.25") + hair), -hair),
            (0, _with(walk_from=Decimal("0.25") + hair), -hair),
            (2, _with(fixed=Decimal(80) + offset), -offset),
            (2, _with(fixed=Decimal("1280.5") + offset, direct=Decimal("1220.5")), -offset),
            (3, _with(early=Decimal(60) + offset), -offset),
            (4, _with(waiting=Decimal(60) + offset), -offset),
        ]
        for part, leg, margin in cases:
            found = judged(leg)
            assert reported_whole(found) == expected(leg)
            assert (found.parts[part].met, found.met) == (not past, not past), (part, leg)
            assert found.parts[part].margin == margin

    def test_the_transfers_line(self) -> None:
        """No change and one are within the line; two are one too many."""
        found = [judged(_with(changes=changes)) for changes in (0, 1, 2)]
        assert [(f.parts[1].met, f.parts[1].margin, f.met) for f in found] == [
            (True, Decimal(1), True),
            (True, Decimal(0), True),
            (False, Decimal(-1), False),
        ]

    def test_arriving_after_the_appointment(self) -> None:
        """A negative arrival is after the appointment: not met, and how late it says."""
        found = judged(_with(early=Decimal("-12.5")))
        assert reported_whole(found) == expected(_with(early=Decimal("-12.5")))
        assert found.parts[3].note == "arrives 12.5 minutes after the appointment time"
        at = judged(_with(early=Decimal(0)))
        assert (at.parts[3].met, at.parts[3].margin) == (True, Decimal(60))

    def test_tests_not_given_do_not_apply(self) -> None:
        """A return leg (no arrival) and an outward one (no wait): those tests do not apply."""
        found = judged(_with(early=None, waiting=None))
        assert [part.outcome.value for part in found.parts] == [
            "met",
            "met",
            "met",
            "not_applicable",
            "not_applicable",
            "met",
        ]
        assert found.met is True

    def test_a_physicians_statement(self) -> None:
        """A physician's written statement alone makes fixed route inappropriate."""
        found = judged(_with(statement=True))
        assert [part.met for part in found.parts] == [True, True, True, True, None, False]
        assert found.met is False

    def test_figures_written_as_text_and_numbers(self) -> None:
        """Miles and minutes as text, whole numbers and floats: the same finding."""
        found = fixed_route_appropriateness(
            walk_to_stop_miles="0.25",
            walk_from_stop_miles=0.3,
            transfers=1,
            fixed_route_minutes="1075.25",
            direct_minutes=1000,
            minutes_early="0",
            minutes_waiting=60.5,
            on=ON,
        )
        leg: Leg = (
            Decimal("0.25"),
            Decimal("0.3"),
            1,
            Decimal("1075.25"),
            Decimal(1000),
            Decimal(0),
            Decimal("60.5"),
            False,
        )
        assert reported_whole(found) == expected(leg)
        assert found.parts[0].steps == ("walk to the stop 0.25 mi, from the stop 0.3 mi",)
        assert found.parts[2].steps == ("fixed route 1075.25 min - direct 1000 min",)

    def test_the_parameters_read(self) -> None:
        """Each measured part reads its own line, with its term."""
        found = judged(_with(waiting=Decimal(10)), on=ON)
        assert [
            [(p.name, p.value, p.effective_from) for p in part.parameters] for part in found.parts
        ] == [
            [(WALK, Decimal("0.25"), TERM_START)],
            [(TRANSFERS, 1, TERM_START)],
            [(ADDED, 60, TERM_START)],
            [(EARLY, 60, TERM_START)],
            [(WAIT, 60, TERM_START)],
            [],
        ]


class TestProfileLines:
    """The five lines are the profile's, each read for its own test."""

    @given(
        st.tuples(
            st.sampled_from([Decimal("0.1"), Decimal("0.5"), Decimal(1)]),
            st.integers(0, 3),
            st.integers(1, 120),
            st.integers(1, 120),
            st.integers(1, 120),
        ),
        st.data(),
    )
    def test_other_lines(
        self, lines: tuple[Decimal, int, int, int, int], data: st.DataObject
    ) -> None:
        """Any values: each is its test's line and its standard's words."""
        leg = data.draw(legs(lines))
        found = judged(leg, profile=lines_profile(lines))
        assert reported_whole(found) == expected(leg, lines)

    def test_each_line_its_own(self) -> None:
        """Lines that differ: 45 added, 30 early, 50 waiting, each at its own line and past it."""
        lines = (Decimal("0.5"), 2, 45, 30, 50)
        profile = lines_profile(lines)
        at = _with(
            walk_to=Decimal("0.5"),
            changes=2,
            fixed=Decimal(65),
            early=Decimal(30),
            waiting=Decimal(50),
        )
        past = _with(
            walk_from=Decimal("0.51"),
            changes=3,
            fixed=Decimal("65.01"),
            early=Decimal("30.01"),
            waiting=Decimal("50.01"),
        )
        assert [part.met for part in judged(at, profile=profile).parts] == [True] * 6
        assert [part.met for part in judged(past, profile=profile).parts] == [False] * 5 + [True]
        assert reported_whole(judged(past, profile=profile)) == expected(past, lines)


class TestDatedLines:
    """The lines are read in the version in force on the day asked."""

    @given(legs(), st.data())
    def test_either_side_of_the_change(self, leg: Leg, data: st.DataObject) -> None:
        """The day before the change the A.4.3.2.4 lines; from its day the later ones."""
        later = data.draw(legs(LATER))
        for on, lines, case in (
            (CHANGE_DATE - dt.timedelta(days=1), LINES, leg),
            (CHANGE_DATE, LATER, later),
        ):
            found = judged(case, on=on, profile=later_profile())
            assert reported_whole(found) == expected(case, lines)
            since = TERM_START if lines == LINES else CHANGE_DATE
            assert {p.effective_from for part in found.parts for p in part.parameters} == {since}

    def test_without_a_day_the_latest(self) -> None:
        """No ``on``: the latest version of every line."""
        found = judged(GOOD, profile=later_profile())
        assert reported_whole(found) == expected(GOOD, LATER)

    def test_before_the_term(self) -> None:
        """The day before Attachment XI: no line in force, the error names the first read."""
        before = TERM_START - dt.timedelta(days=1)
        with pytest.raises(OutsideTermError) as raised:
            judged(GOOD, on=before)
        assert (raised.value.field, raised.value.value) == (WALK, before)


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    @pytest.mark.parametrize(
        ("field", "given", "error", "value", "message"),
        [
            (
                "walk_to_stop_miles",
                "-0.1",
                InvalidValueError,
                Decimal("-0.1"),
                "'walk_to_stop_miles' must be >= 0 (got Decimal('-0.1'))",
            ),
            (
                "walk_from_stop_miles",
                -1,
                InvalidValueError,
                Decimal(-1),
                "'walk_from_stop_miles' must be >= 0 (got Decimal('-1'))",
            ),
            ("transfers", -1, InvalidValueError, -1, "'transfers' must be >= 0 (got -1)"),
            (
                "transfers",
                1.5,
                InvalidValueError,
                1.5,
                "'transfers' must be a whole number (got 1.5)",
            ),
            (
                "fixed_route_minutes",
                "-0.01",
                InvalidValueError,
                Decimal("-0.01"),
                "'fixed_route_minutes' must be >= 0 (got Decimal('-0.01'))",
            ),
            (
                "fixed_route_minutes",
                "forty",
                InvalidValueError,
                "forty",
                (
                    "'fixed_route_minutes' must be a number written in decimal digits, thousands "
                    "grouped by commas if at all, such as 12,345.67 (got 'forty')"
                ),
            ),
            (
                "direct_minutes",
                -5,
                InvalidValueError,
                Decimal(-5),
                "'direct_minutes' must be >= 0 (got Decimal('-5'))",
            ),
            (
                "minutes_waiting",
                "-1",
                InvalidValueError,
                Decimal(-1),
                "'minutes_waiting' must be >= 0 (got Decimal('-1'))",
            ),
            (
                "physician_statement",
                "no",
                InvalidTypeError,
                "no",
                "'physician_statement' must be True or False (got 'no')",
            ),
        ],
    )
    def test_each_argument(
        self, field: str, given: object, error: type[Exception], value: object, message: str
    ) -> None:
        """Negative figures or no number, fractional transfers and non-flags: field and value."""
        arguments: dict[str, Any] = {
            "walk_to_stop_miles": "0.1",
            "walk_from_stop_miles": "0.1",
            "transfers": 0,
            "fixed_route_minutes": 40,
            "direct_minutes": 20,
            "minutes_early": 15,
            "minutes_waiting": 5,
            field: given,
        }
        with pytest.raises(error) as raised:
            fixed_route_appropriateness(**arguments)
        assert (raised.value.field, raised.value.value) == (field, value)  # type: ignore[attr-defined]
        assert str(raised.value) == message

    def test_an_arrival_that_is_not_a_number(self) -> None:
        """``minutes_early`` may be negative, but must be a number."""
        with pytest.raises(InvalidValueError) as raised:
            fixed_route_appropriateness(
                walk_to_stop_miles=0,
                walk_from_stop_miles=0,
                transfers=0,
                fixed_route_minutes=0,
                direct_minutes=0,
                minutes_early="soon",
            )
        assert (raised.value.field, raised.value.value) == ("minutes_early", "soon")
