"""Attachment XI A.5.1.3 NEMT decisions: what the rule says of each request, in both forms, pinned.

These are the rule module's own tests (``compliance.nemt.decisions``), run against its mutants
(docs/developers.md, "Mutation testing"). The clause: the contractor approves and schedules, or
denies, a request (all legs) within 24 hours of receiving it, a timeframe "reduced as necessary
to ensure the member arrives in time": the time allowed is the shorter of the decision hours and
the time to the scheduled pick-up, and a decision exactly at the deadline is in time. Each finding
is compared whole with that clause written here apart (:func:`expected`): the 24 hours and a
pick-up sooner or later than them, a decision a microsecond, a second and a minute either side of
the deadline and at it; tables of requests as text, datetimes and timestamps whose rows must each
be that finding, column by column, including tables of more rows than the rule judges at a time;
the decision hours' dated versions; the rows a table rejects and why; and the field and value of
every error.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import Finding, FindingsTable, decision_time, decision_time_table
from tests.finding_oracle import beside, minutes, reported, shown, spoken
from tests.strategies import BLANK_TEXT
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

A513 = "Attachment XI A.5.1.3"
TERM_START = dt.date(2008, 9, 1)
MICRO = dt.timedelta(microseconds=1)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
ZERO = dt.timedelta(0)
#: The columns of a findings table of decisions, in order.
TABLE_COLUMNS = [
    "row",
    "check",
    "pickup_known",
    "outcome",
    "met",
    "standard",
    "measured",
    "limit",
    "margin",
    "unit",
    "section",
]
#: A figure column's type.
FIGURE = pa.decimal128(19, 4)


def standard(hours: int) -> str:
    """Return the standard A.5.1.3 sets for the decision hours."""
    return (
        f"approved and scheduled, or denied, within {hours} hours of the request and before the "
        "pick-up"
    )


def expected(
    requested: dt.datetime,
    decided: dt.datetime,
    pickup: dt.datetime | None,
    hours: int = 24,
) -> dict[str, object]:
    """Return the finding A.5.1.3 gives a request decided at ``decided``."""
    full = requested + dt.timedelta(hours=hours)
    deadline = full if pickup is None else min(full, pickup)
    steps = [f"requested {requested.isoformat()}; {hours} hours later: {full.isoformat()}"]
    if pickup is not None:
        steps.append(
            f"pick-up {pickup.isoformat()}: deadline is the earlier, {deadline.isoformat()}"
        )
    steps.append(f"decided {decided.isoformat()}: {spoken(decided - requested)} after the request")
    return {
        "check": "nemt.decision_time",
        "outcome": "met" if decided <= deadline else "not_met",
        "met": decided <= deadline,
        "standard": standard(hours),
        "sections": (A513,),
        "measured": beside(decided - requested, deadline - requested),
        "limit": minutes(deadline - requested),
        "margin": beside(deadline - decided),
        "unit": "minutes",
        "subject": (),
        "steps": tuple(steps),
        "note": (
            None
            if pickup is not None
            else f"no pick-up time given: only the {hours}-hour limit was checked"
        ),
        "parts": (),
    }


def found_as_dict(found: Finding) -> dict[str, object]:
    """Return a finding's fields in the form of :func:`expected`."""
    return {**reported(found), "parts": found.parts}


def row_expected(want: dict[str, object], index: int, pickup_known: bool) -> dict[str, object]:
    """Return the table row of a finding :func:`expected` gave, at ``index``."""
    return {
        "row": index,
        "check": "nemt.decision_time",
        "pickup_known": pickup_known,
        "outcome": want["outcome"],
        "met": want["met"],
        "standard": want["standard"],
        "measured": shown(want["measured"]),  # type: ignore[arg-type]
        "limit": shown(want["limit"]),  # type: ignore[arg-type]
        "margin": shown(want["margin"]),  # type: ignore[arg-type]
        "unit": "minutes",
        "section": A513,
    }


@functools.cache
def hours_profile(hours: int) -> ContractProfile:
    """Return the shipped profile with other decision hours (cached: Hypothesis asks often)."""
    return load_profile(overrides={"nemt.decision_hours": hours})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 48 decision hours from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), "nemt.decision_hours", 48)


REQUESTED = st.datetimes(dt.datetime(2008, 9, 1), dt.datetime(2012, 12, 31))
#: A decision's place against the deadline: before, at or after it by a unit, or anywhere.
SIDES = st.one_of(
    st.sampled_from([-MINUTE, -SECOND, -MICRO, ZERO, MICRO, SECOND, MINUTE]),
    st.timedeltas(-30 * HOUR, 30 * HOUR),
)


@st.composite
def requests(
    draw: st.DrawFn, hours: int = 24, *, whole_seconds: bool = False
) -> tuple[dt.datetime, dt.datetime, dt.datetime | None]:
    """Return a request, its decision and its pick-up (None: not given).

    The pick-up is absent, after the decision hours, at them, or sooner (down to the request
    itself); the decision is at the deadline, a unit either side of it, or anywhere after the
    request. ``whole_seconds``: times written as text (no fractions of a second).
    """
    requested = draw(REQUESTED)
    if whole_seconds:
        requested = requested.replace(microsecond=0)
    full = dt.timedelta(hours=hours)
    where = draw(st.sampled_from(["none", "later", "at", "sooner", "at once"]))
    to_pickup: dt.timedelta | None = None
    if where == "later":
        to_pickup = full + draw(st.sampled_from([MICRO, SECOND, MINUTE, HOUR, DAY]))
    elif where == "at":
        to_pickup = full
    elif where == "sooner":
        to_pickup = full - draw(
            st.one_of(st.sampled_from([MICRO, SECOND, MINUTE]), st.timedeltas(MICRO, full))
        )
    elif where == "at once":
        to_pickup = ZERO
    if whole_seconds and to_pickup is not None:
        to_pickup = dt.timedelta(seconds=-(-to_pickup // SECOND))
    allowed = full if to_pickup is None else min(full, to_pickup)
    after = max(ZERO, allowed + draw(SIDES))
    if whole_seconds:
        after = dt.timedelta(seconds=after // SECOND)
    pickup = None if to_pickup is None else requested + to_pickup
    return requested, requested + after, pickup


class TestOneRequest:
    """``decision_time``: the whole finding, on both sides of each line and at it."""

    @given(requests())
    def test_each_request_is_what_the_clause_says(
        self, case: tuple[dt.datetime, dt.datetime, dt.datetime | None]
    ) -> None:
        """Outcome, figures, steps, note, standard, section and the parameter read."""
        requested, decided, pickup = case
        found = decision_time(requested_at=requested, decided_at=decided, pickup_at=pickup)
        assert found_as_dict(found) == expected(requested, decided, pickup)
        assert [(p.name, p.value, p.effective_from) for p in found.parameters] == [
            ("nemt.decision_hours", 24, TERM_START)
        ]

    @given(REQUESTED, st.sampled_from([MICRO, SECOND, MINUTE]))
    def test_twenty_four_hours_without_a_pickup(
        self, requested: dt.datetime, step: dt.timedelta
    ) -> None:
        """Decided at 24 hours is in time, with no margin; a unit later is late, a unit sooner not."""
        found = [
            decision_time(requested_at=requested, decided_at=requested + 24 * HOUR + side)
            for side in (-step, ZERO, step)
        ]
        assert [f.outcome.value for f in found] == ["met", "met", "not_met"]
        assert [f.margin for f in found] == [beside(step), 0, beside(-step)]
        assert {f.limit for f in found} == {Decimal(1440)}

    @given(REQUESTED, st.timedeltas(ZERO, 24 * HOUR), st.sampled_from([MICRO, SECOND, MINUTE]))
    def test_a_sooner_pickup_is_the_deadline(
        self, requested: dt.datetime, to_pickup: dt.timedelta, step: dt.timedelta
    ) -> None:
        """A pick-up within 24 hours: decided at it is in time, a unit after it is late."""
        pickup = requested + to_pickup
        at = decision_time(requested_at=requested, decided_at=pickup, pickup_at=pickup)
        late = decision_time(requested_at=requested, decided_at=pickup + step, pickup_at=pickup)
        assert (at.met, late.met) == (True, False)
        assert (at.limit, at.margin, late.margin) == (
            minutes(to_pickup),
            Decimal(0),
            beside(-step),
        )

    @given(REQUESTED, st.sampled_from([MICRO, SECOND, MINUTE, DAY]))
    def test_a_later_pickup_leaves_the_24_hours(
        self, requested: dt.datetime, step: dt.timedelta
    ) -> None:
        """A pick-up after 24 hours: a decision after the 24 hours is late, though before it."""
        decided, pickup = requested + 24 * HOUR + step, requested + 24 * HOUR + 2 * step
        late = decision_time(requested_at=requested, decided_at=decided, pickup_at=pickup)
        assert found_as_dict(late) == expected(requested, decided, pickup)
        assert (late.met, late.limit) == (False, Decimal(1440))

    def test_decided_at_the_moment_of_the_request_and_of_a_pickup_then(self) -> None:
        """A decision the moment a request arrives is in time, even for a pick-up at that moment."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        found = decision_time(requested_at=requested, decided_at=requested, pickup_at=requested)
        assert found_as_dict(found) == expected(requested, requested, requested)
        assert (found.met, found.measured, found.limit, found.margin) == (
            True,
            Decimal(0),
            Decimal(0),
            Decimal(0),
        )

    @given(REQUESTED, st.integers(1, 72), st.sampled_from([-MICRO, ZERO, MICRO]))
    def test_the_profile_hours(
        self, requested: dt.datetime, hours: int, side: dt.timedelta
    ) -> None:
        """The decision hours come from the profile: its value is the line, and the words."""
        profile = hours_profile(hours)
        decided = requested + dt.timedelta(hours=hours) + side
        found = decision_time(requested_at=requested, decided_at=decided, profile=profile)
        assert found_as_dict(found) == expected(requested, decided, None, hours)
        assert [(p.name, p.value) for p in found.parameters] == [("nemt.decision_hours", hours)]

    def test_text_numpy_and_missing_pickups(self) -> None:
        """Moments as text in both forms, or numpy's; a NaN or NaT pick-up is none given."""
        found = decision_time(
            requested_at="10/6/2008 09:00:30",  # type: ignore[arg-type]
            decided_at=np.datetime64("2008-10-06T10:00:00"),  # type: ignore[arg-type]
            pickup_at="2008-10-06 10:00",  # type: ignore[arg-type]
        )
        requested, decided = dt.datetime(2008, 10, 6, 9, 0, 30), dt.datetime(2008, 10, 6, 10)
        assert found_as_dict(found) == expected(requested, decided, decided)
        assert found.steps[-1] == "decided 2008-10-06T10:00:00: 0 h 59 min 30 s after the request"
        for missing in (None, float("nan"), np.datetime64("NaT")):
            found = decision_time(requested_at=requested, decided_at=decided, pickup_at=missing)  # type: ignore[arg-type]
            assert found_as_dict(found) == expected(requested, decided, None)

    def test_time_zone_aware_moments(self) -> None:
        """Aware moments in different zones: the time between them is the time that passed."""
        eastern = dt.timezone(dt.timedelta(hours=-5))
        requested = dt.datetime(2008, 10, 6, 22, 0, tzinfo=eastern)
        decided = dt.datetime(2008, 10, 7, 4, 30, tzinfo=dt.UTC)
        pickup = dt.datetime(2008, 10, 7, 4, 0, tzinfo=dt.UTC)
        found = decision_time(requested_at=requested, decided_at=decided, pickup_at=pickup)
        assert found_as_dict(found) == expected(requested, decided, pickup)
        assert (found.met, found.measured, found.limit) == (False, Decimal(90), Decimal(60))


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    REQUESTED = dt.datetime(2008, 10, 6, 9, 0)

    def test_a_decision_before_the_request(self) -> None:
        """``decided_at`` before ``requested_at``: a value error naming both."""
        decided = self.REQUESTED - MICRO
        with pytest.raises(InvalidValueError) as raised:
            decision_time(requested_at=self.REQUESTED, decided_at=decided)
        assert (raised.value.field, raised.value.value) == ("decided_at", decided)
        assert str(raised.value) == (
            "'decided_at' (2008-10-06T08:59:59.999999) is before 'requested_at' "
            "(2008-10-06T09:00:00)"
        )

    def test_a_pickup_before_the_request(self) -> None:
        """``pickup_at`` before ``requested_at``: a value error naming both."""
        pickup = self.REQUESTED - MINUTE
        with pytest.raises(InvalidValueError) as raised:
            decision_time(requested_at=self.REQUESTED, decided_at=self.REQUESTED, pickup_at=pickup)
        assert (raised.value.field, raised.value.value) == ("pickup_at", pickup)
        assert str(raised.value) == (
            "'pickup_at' (2008-10-06T08:59:00) is before 'requested_at' (2008-10-06T09:00:00)"
        )

    def test_naive_and_aware_mixed(self) -> None:
        """A decision or a pick-up aware where the request is naive: a type error naming it."""
        aware = self.REQUESTED.replace(tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError) as decided:
            decision_time(requested_at=self.REQUESTED, decided_at=aware)
        assert (decided.value.field, decided.value.value) == ("decided_at", aware)
        with pytest.raises(InvalidTypeError) as pickup:
            decision_time(requested_at=self.REQUESTED, decided_at=self.REQUESTED, pickup_at=aware)
        assert (pickup.value.field, pickup.value.value) == ("pickup_at", aware)
        assert str(pickup.value).startswith("'pickup_at' must be naive (local time) or time-zone")

    @pytest.mark.parametrize("field", ["requested_at", "decided_at", "pickup_at"])
    def test_a_date_without_a_time(self, field: str) -> None:
        """A date alone, for any of the three moments: a type error naming that moment."""
        moments: dict[str, object] = {
            "requested_at": self.REQUESTED,
            "decided_at": self.REQUESTED + HOUR,
            "pickup_at": self.REQUESTED + 2 * HOUR,
        }
        moments[field] = dt.date(2008, 10, 7)
        with pytest.raises(InvalidTypeError) as raised:
            decision_time(**moments)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == (field, dt.date(2008, 10, 7))

    def test_a_missing_request_or_decision(self) -> None:
        """``requested_at`` and ``decided_at`` are required: a missing value names its field."""
        with pytest.raises(MissingValueError) as requested:
            decision_time(requested_at=None, decided_at=self.REQUESTED)  # type: ignore[arg-type]
        assert requested.value.field == "requested_at"
        with pytest.raises(MissingValueError) as decided:
            decision_time(requested_at=self.REQUESTED, decided_at=None)  # type: ignore[arg-type]
        assert decided.value.field == "decided_at"

    def test_a_request_before_the_term(self) -> None:
        """The decision hours are read on the request's day: none before the term."""
        with pytest.raises(OutsideTermError) as raised:
            decision_time(
                requested_at=dt.datetime(2008, 8, 31, 23, 59),
                decided_at=dt.datetime(2008, 9, 1, 0, 1),
            )
        assert (raised.value.field, raised.value.value) == (
            "nemt.decision_hours",
            dt.date(2008, 8, 31),
        )

    def test_a_table_without_its_columns_or_with_a_bad_mapping(self) -> None:
        """The table is named ``requests`` in what it lacks and in a column mapping's mistake."""
        with pytest.raises(InvalidInputError) as lacking:
            decision_time_table({"requested_at": ["2008-10-06 09:00"], "decided": ["x"]})
        assert str(lacking.value) == (
            "'requests' lacks the required column 'decided_at' (it has: 'requested_at', 'decided')"
        )
        with pytest.raises(InvalidInputError) as mapped:
            decision_time_table(
                {"requested_at": ["2008-10-06 09:00"], "decided": ["x"]},
                columns={"decided_at": "dec"},
            )
        assert str(mapped.value) == (
            "columns= maps to 'dec', not a column of 'requests' (it has: 'requested_at', 'decided')"
        )

    def test_a_table_with_a_bad_row_raises_by_default(self) -> None:
        """Without ``on_error``, a row it cannot use is an error naming the row and the reason."""
        with pytest.raises(InvalidInputError) as raised:
            decision_time_table(
                {"requested_at": ["2008-10-06 09:00"], "decided_at": ["2008-10-06 08:00"]}
            )
        assert str(raised.value).startswith(
            "1 of 1 rows of 'requests' cannot be used: row 0: decided_at 2008-10-06 08:00 is "
            "before requested_at 2008-10-06 09:00."
        )
        with pytest.raises(InvalidValueError) as mode:
            decision_time_table(
                {"requested_at": ["2008-10-06 09:00"], "decided_at": ["2008-10-06 10:00"]},
                on_error="keep",  # type: ignore[arg-type]
            )
        assert (mode.value.field, mode.value.value) == ("on_error", "keep")


def _text(moment: dt.datetime | None, form: str) -> str | None:
    """Return a moment as text in one of the forms the table reads."""
    if moment is None:
        return None
    if form == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M:%S}"


class TestTable:
    """``decision_time_table``: each row is the one-value finding, column by column."""

    @given(st.lists(requests(), min_size=1, max_size=30))
    def test_datetimes_row_by_row(
        self, cases: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]]
    ) -> None:
        """Requests as datetimes (timestamps, a null where no pick-up is known)."""
        found = decision_time_table(
            {
                "requested_at": [requested for requested, _, _ in cases],
                "decided_at": [decided for _, decided, _ in cases],
                "pickup_at": [pickup for _, _, pickup in cases],
            }
        )
        self._compare(found, cases)

    @given(
        st.lists(requests(whole_seconds=True), min_size=1, max_size=30),
        st.sampled_from(["iso", "us"]),
        st.sampled_from([None, "", "  "]),
    )
    def test_text_row_by_row(
        self,
        cases: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]],
        form: str,
        blank: str | None,
    ) -> None:
        """Requests as text in either form; an unknown pick-up null, empty or blank."""
        found = decision_time_table(
            {
                "requested_at": [_text(requested, form) for requested, _, _ in cases],
                "decided_at": [_text(decided, form) for _, decided, _ in cases],
                "pickup_at": [
                    blank if pickup is None else _text(pickup, form) for _, _, pickup in cases
                ],
            }
        )
        self._compare(found, cases)

    @staticmethod
    def _compare(
        found: FindingsTable,
        cases: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]],
        hours: int = 24,
    ) -> None:
        rows = found.rows()
        assert len(rows) == len(cases)
        for index, (row, (requested, decided, pickup)) in enumerate(zip(rows, cases, strict=True)):
            want = expected(requested, decided, pickup, hours)
            assert row == row_expected(want, index, pickup is not None)
            one = decision_time(
                requested_at=requested,
                decided_at=decided,
                pickup_at=pickup,
                profile=hours_profile(hours),
            ).row()
            assert {key: row[key] for key in one if key in row} == {
                key: one[key] for key in one if key in row
            }
        assert found.arrow.schema.names == TABLE_COLUMNS

    @given(st.integers(1, 72), st.data())
    def test_the_profile_hours(self, hours: int, data: st.DataObject) -> None:
        """The profile's decision hours are each row's line and its standard's words."""
        cases = data.draw(st.lists(requests(hours), min_size=1, max_size=10))
        found = decision_time_table(
            {
                "requested_at": [requested for requested, _, _ in cases],
                "decided_at": [decided for _, decided, _ in cases],
                "pickup_at": [pickup for _, _, pickup in cases],
            },
            profile=hours_profile(hours),
        )
        self._compare(found, cases, hours)
        assert [(p.name, p.value) for p in found.parameters] == [("nemt.decision_hours", hours)]

    def test_columns_and_their_types(self) -> None:
        """The findings' columns, figure types and a known pick-up's flag as booleans."""
        found = decision_time_table(
            {
                "requested_at": ["2008-10-06 09:00", "2008-10-06 09:00"],
                "decided_at": ["2008-10-07 09:00", "2008-10-06 15:00"],
                "pickup_at": [None, "2008-10-06 14:00"],
            }
        )
        schema = found.arrow.schema
        assert schema.names == TABLE_COLUMNS
        assert [schema.field(name).type for name in ("measured", "limit", "margin")] == [FIGURE] * 3
        assert (schema.field("met").type, schema.field("pickup_known").type) == (pa.bool_(),) * 2
        assert found.arrow.column("pickup_known").to_pylist() == [False, True]
        assert [(row["outcome"], row["margin"]) for row in found.rows()] == [
            ("met", "0"),
            ("not_met", "-60"),
        ]
        assert (found.rows_in, found.rows_used) == (2, 2)

    def test_without_a_pickup_column(self) -> None:
        """No ``pickup_at`` column: only the decision hours are checked, no pick-up known."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        decided = [requested + 24 * HOUR, requested + 24 * HOUR + MICRO, requested]
        found = decision_time_table({"requested_at": [requested] * 3, "decided_at": decided})
        assert found.rows() == [
            row_expected(expected(requested, moment, None), index, pickup_known=False)
            for index, moment in enumerate(decided)
        ]
        assert found.arrow.schema.field("pickup_known").type == pa.bool_()

    def test_no_pickup_known_in_a_pickup_column(self) -> None:
        """A ``pickup_at`` column with no time in it: as if it were absent."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        decided = [requested + HOUR, requested + 25 * HOUR]
        for pickups in ([None, None], ["", " "]):
            found = decision_time_table(
                {"requested_at": [requested] * 2, "decided_at": decided, "pickup_at": pickups}
            )
            assert found.rows() == [
                row_expected(expected(requested, moment, None), index, pickup_known=False)
                for index, moment in enumerate(decided)
            ]

    def test_columns_of_other_names_and_carried(self) -> None:
        """``columns=`` maps the library's names to the table's; ``carry`` keeps an id."""
        found = decision_time_table(
            {
                "id": ["R1", "R2"],
                "asked": ["2008-10-06 09:00", "2008-10-06 09:00"],
                "done": ["2008-10-06 11:00", "2008-10-06 11:00"],
                "ride": ["2008-10-06 10:00", None],
            },
            columns={"requested_at": "asked", "decided_at": "done", "pickup_at": "ride"},
            carry="id",
        )
        assert [(row["id"], row["met"], row["limit"]) for row in found.rows()] == [
            ("R1", False, "60"),
            ("R2", True, "1440"),
        ]

    def test_an_empty_table(self) -> None:
        """No requests: no findings, and the decision hours still named."""
        found = decision_time_table({"requested_at": [], "decided_at": [], "pickup_at": []})
        assert found.rows() == []
        assert (found.rows_in, found.rows_used) == (0, 0)
        assert found.arrow.schema.names == TABLE_COLUMNS
        assert [(p.name, p.value) for p in found.parameters] == [("nemt.decision_hours", 24)]

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """Each reason a request is refused, with its row; the others are judged."""
        found = decision_time_table(
            {
                "requested_at": [
                    "2008-10-06 09:00",
                    "2008-10-06",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                ],
                "decided_at": [
                    "2008-10-06 08:59:59",
                    "2008-10-06 10:00",
                    "2008-10-07",
                    "2008-10-06 10:00",
                    "2008-10-06 10:00",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                ],
                "pickup_at": [
                    "",
                    "",
                    "",
                    "2008-10-06",
                    "2008-10-06 08:59:59",
                    "",
                    "2008-10-06 09:00",
                ],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "decided_at 2008-10-06 08:59:59 is before requested_at 2008-10-06 09:00",
            },
            {"row": 1, "reason": "requested_at 2008-10-06 has no time of day"},
            {"row": 2, "reason": "decided_at 2008-10-07 has no time of day"},
            {"row": 3, "reason": "pickup_at 2008-10-06 has no time of day"},
            {
                "row": 4,
                "reason": ("pickup_at 2008-10-06 08:59:59 is before requested_at 2008-10-06 09:00"),
            },
        ]
        requested = dt.datetime(2008, 10, 6, 9, 0)
        assert found.rows() == [
            row_expected(expected(requested, requested, None), 5, pickup_known=False),
            row_expected(expected(requested, requested, requested), 6, pickup_known=True),
        ]

    def test_dates_as_pickups_are_rejected(self) -> None:
        """A pick-up column of dates: no time of day, each known one rejected."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        found = decision_time_table(
            {
                "requested_at": [requested] * 2,
                "decided_at": [requested] * 2,
                "pickup_at": [dt.date(2008, 10, 7), None],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": "pickup_at 2008-10-07 has no time of day"}
        ]
        assert [row["row"] for row in found.rows()] == [1]

    def test_requests_before_the_term_are_rejected(self) -> None:
        """The decision hours are read on each request's day: none before the term."""
        found = decision_time_table(
            {
                "requested_at": ["2008-08-31 23:59", "2008-09-01 00:00"],
                "decided_at": ["2008-09-01 00:01", "2008-09-01 00:01"],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": (
                    "requested_at 2008-08-31 23:59 is outside the term of nemt.decision_hours "
                    "(from 2008-09-01)"
                ),
            }
        ]
        assert [(row["row"], row["met"]) for row in found.rows()] == [(1, True)]


class TestBlankPickups:
    """A blank ``pickup_at`` is no pick-up known in both forms: the same finding for the same text."""

    @given(st.lists(requests(whole_seconds=True), min_size=1, max_size=10), BLANK_TEXT)
    def test_blank_text_is_no_pickup_in_both_forms(
        self,
        cases: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]],
        blank: str,
    ) -> None:
        """Empty or any white space: the one-value finding of no pick-up, and each table row's."""
        pickups = [blank if pickup is None else pickup for _, _, pickup in cases]
        found = decision_time_table(
            {
                "requested_at": [_text(requested, "iso") for requested, _, _ in cases],
                "decided_at": [_text(decided, "iso") for _, decided, _ in cases],
                "pickup_at": [
                    blank if pickup is None else _text(pickup, "iso") for _, _, pickup in cases
                ],
            }
        )
        rows = found.rows()
        assert len(rows) == len(cases)
        for index, (row, (requested, decided, pickup), given_pickup) in enumerate(
            zip(rows, cases, pickups, strict=True)
        ):
            want = expected(requested, decided, pickup)
            one = decision_time(
                requested_at=requested,
                decided_at=decided,
                pickup_at=given_pickup,  # type: ignore[arg-type]
            )
            assert found_as_dict(one) == want
            assert row == row_expected(want, index, pickup is not None)
            assert {key: row[key] for key in one.row() if key in row} == {
                key: value for key, value in one.row().items() if key in row
            }

    @pytest.mark.parametrize("blank", ["", " ", "  ", "\t", " \r\n", "\u00a0", "\u3000 "])
    def test_the_blanks_an_extract_writes(self, blank: str) -> None:
        """An empty cell of Excel, SAS or CSV as text: as None, and as the table's empty cell."""
        requested, decided = dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 7, 9, 30)
        one = decision_time(requested_at=requested, decided_at=decided, pickup_at=blank)  # type: ignore[arg-type]
        assert one == decision_time(requested_at=requested, decided_at=decided)
        assert one.note == "no pick-up time given: only the 24-hour limit was checked"
        row = decision_time_table(
            {
                "requested_at": ["2008-10-06 09:00"],
                "decided_at": ["2008-10-07 09:30"],
                "pickup_at": [blank],
            }
        ).rows()[0]
        assert (row["pickup_known"], row["outcome"], row["limit"]) == (False, "not_met", "1440")
        assert {key: row[key] for key in one.row() if key in row} == {
            key: value for key, value in one.row().items() if key in row
        }

    @pytest.mark.parametrize("text", ["x", " 2008-10-06 ", "2008-10-06"])
    def test_text_that_is_not_blank_is_still_read(self, text: str) -> None:
        """Text with anything but white space is a pick-up to read, refused when no moment."""
        requested = dt.datetime(2008, 10, 6, 9)
        with pytest.raises(InvalidValueError) as raised:
            decision_time(requested_at=requested, decided_at=requested, pickup_at=text)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("pickup_at", text)


class TestDatedHours:
    """The decision hours are read in the version in force on the request's day."""

    def test_one_request_on_either_side_of_the_change(self) -> None:
        """24 hours for a request the day before the change, 48 from its day."""
        profile = later_profile()
        before = dt.datetime.combine(CHANGE_DATE - DAY, dt.time(23, 59, 59))
        after = dt.datetime.combine(CHANGE_DATE, dt.time(0, 0))
        for requested, hours, since in ((before, 24, TERM_START), (after, 48, CHANGE_DATE)):
            for decided in (requested + 30 * HOUR, requested + hours * HOUR + MICRO):
                found = decision_time(requested_at=requested, decided_at=decided, profile=profile)
                assert found_as_dict(found) == expected(requested, decided, None, hours)
                assert [(p.value, p.effective_from) for p in found.parameters] == [(hours, since)]

    @given(
        st.lists(requests(), min_size=1, max_size=12), st.sampled_from(["before", "after", "both"])
    )
    def test_tables_on_either_side_and_across(
        self,
        cases: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]],
        side: str,
    ) -> None:
        """Rows on one side of the change read one version; rows across it each their own."""
        moved: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = []
        hours: list[int] = []
        for index, (requested, decided, pickup) in enumerate(cases):
            later = side == "after" or (side == "both" and index % 2 == 1)
            day = CHANGE_DATE if later else CHANGE_DATE - DAY
            shift = dt.datetime.combine(day, requested.time()) - requested
            moved.append(
                (requested + shift, decided + shift, None if pickup is None else pickup + shift)
            )
            hours.append(48 if later else 24)
        found = decision_time_table(
            {
                "requested_at": [requested for requested, _, _ in moved],
                "decided_at": [decided for _, decided, _ in moved],
                "pickup_at": [pickup for _, _, pickup in moved],
            },
            profile=later_profile(),
        )
        assert found.rows() == [
            row_expected(expected(*case, hours=each), index, case[2] is not None)
            for index, (case, each) in enumerate(zip(moved, hours, strict=True))
        ]
        assert [(p.value, p.effective_from) for p in found.parameters] == [
            (24, TERM_START),
            (48, CHANGE_DATE),
        ]

    def test_more_rows_than_are_judged_at_a_time(self) -> None:
        """70,000 requests across the change, pick-ups known on some: every row still its own."""
        rows = 70_000
        index = np.arange(rows)
        later = index % 3 == 0
        day = np.where(later, CHANGE_DATE.toordinal(), CHANGE_DATE.toordinal() - 1)
        epoch = dt.date(1970, 1, 1).toordinal()
        micros_per_hour = 3_600_000_000
        requested = (day - epoch) * 24 * micros_per_hour + (index % 1_000) * 1_000_003
        hours = np.where(later, 48, 24)
        known = index % 2 == 0
        to_pickup = (index % 60) * micros_per_hour
        allowed = np.where(
            known, np.minimum(hours * micros_per_hour, to_pickup), hours * micros_per_hour
        )
        decided = requested + allowed + np.where(index % 5 == 0, 60_000_000, 0)
        found = decision_time_table(
            pa.table(
                {
                    "requested_at": pa.array(requested, pa.timestamp("us")),
                    "decided_at": pa.array(decided, pa.timestamp("us")),
                    "pickup_at": pa.array(requested + to_pickup, pa.timestamp("us"), mask=~known),
                }
            ),
            profile=later_profile(),
        )
        table = found.arrow
        assert table.column("met").to_pylist() == (index % 5 != 0).tolist()
        assert table.column("pickup_known").to_pylist() == known.tolist()
        limits = [Decimal(int(micros)) / 60_000_000 for micros in allowed]
        assert table.column("limit").to_pylist() == limits
        assert table.column("margin").to_pylist() == [-1 if late else 0 for late in index % 5 == 0]
        assert table.column("standard").to_pylist() == [standard(int(each)) for each in hours]
