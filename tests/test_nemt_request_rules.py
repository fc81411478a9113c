"""Attachment XI A.3.2 request lead time: the rule's own tests, every finding and column pinned.

These are the tests of ``compliance.nemt.requests`` run against its mutants (docs/developers.md,
"Mutation testing"). Each finding is compared whole with what A.3.2 says, written here apart from
the library (:func:`expected`): members should request transportation 72 hours ahead (a later
request calls for member education); the contractor shall accommodate a request made at least 3
hours (urban pick-up address) or 4 hours (non-urban) ahead, and need not accommodate one made
later; urgent trips, provider-initiated changes and follow-ups that cannot be scheduled ahead are
exempt from the 72-hour timeframe, so a late exempt request is not assessed here. Every line is
probed a minute, a second and a microsecond either side and at it, urban or not, each exemption,
accommodated or not; tables' rows must each be that finding and the one-value check's, column by
column, as datetimes and as text; the profile's three hours are read in the version in force on
the day of the request, in both forms; and each error names its field and value.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    RejectedRowsError,
    default_profile,
    request_lead_time,
    request_lead_time_table,
)
from tests.finding_oracle import beside, reported, spoken
from tests.strategies import BLANK_TEXT, MOMENTS, written_as
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.compliance import Finding

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
SECOND = dt.timedelta(seconds=1)
MICRO = dt.timedelta(microseconds=1)
ZERO = dt.timedelta(0)
#: The lines of A.3.2 in hours: urban short notice, non-urban short notice, advance request.
LINES = (3, 4, 72)
#: Steps to either side of a line, and the line itself.
OFFSETS = (-MINUTE, -SECOND, -MICRO, ZERO, MICRO, SECOND, MINUTE)
EXEMPTIONS = ("urgent", "provider_change", "follow_up")
SECTION = "Attachment XI A.3.2"
ADVANCE = "nemt.request_lead_time_hours"
URBAN = "nemt.short_notice_hours_urban"
NON_URBAN = "nemt.short_notice_hours_non_urban"
EDUCATION = " (A.3.2: the member receives additional education, A.10)"
#: A figure column's type in the table.
FIGURE = pa.decimal128(19, 4)
#: The later version's hours in :func:`_later` (advance, urban, non-urban), from CHANGE_DATE.
LATER = (48, 5, 6)
#: The parameters a table reads with that profile: every version of each of the three hours.
BOTH_VERSIONS = [
    (ADVANCE, 72, dt.date(2008, 9, 1)),
    (ADVANCE, 48, dt.date(2010, 1, 1)),
    (URBAN, 3, dt.date(2008, 9, 1)),
    (URBAN, 5, dt.date(2010, 1, 1)),
    (NON_URBAN, 4, dt.date(2008, 9, 1)),
    (NON_URBAN, 6, dt.date(2010, 1, 1)),
]

#: A request: requested at, pick-up at, urban, accommodated, exemption.
Request = tuple[dt.datetime, dt.datetime, bool, bool, str | None]


def expected(
    requested: dt.datetime,
    pickup: dt.datetime,
    urban: bool,
    accommodated: bool,
    exemption: str | None = None,
    *,
    hours: tuple[int, int, int] = (72, 3, 4),
) -> dict[str, Any]:
    """Return the finding A.3.2 gives a request, with the profile's hours (advance, urban, other)."""
    advance, urban_hours, other_hours = hours
    short = urban_hours if urban else other_hours
    area = "urban" if urban else "non-urban"
    lead = pickup - requested
    in_advance = lead >= advance * HOUR
    note = None
    if lead >= short * HOUR:
        outcome = "met" if accommodated else "not_met"
    elif exemption is None:
        outcome = "not_applicable"
        note = (
            f"requested less than {short} hours before the pick-up ({area}); A.3.2 does not "
            "require the contractor to accommodate it"
        )
    else:
        outcome = "not_assessed"
        note = (
            f"exempt ({exemption}) from the {advance}-hour timeframe and requested less than "
            f"{short} hours ahead; the source sets no minimum for it here (urgent trips: A.5.7, "
            "not in the source)"
        )
    education = EDUCATION if not in_advance and exemption is None else ""
    return {
        "check": "nemt.request_lead_time",
        "outcome": outcome,
        "met": {"met": True, "not_met": False}.get(outcome),
        "standard": f"requests made at least {short} hours before the pick-up ({area}) are accommodated",
        "sections": (SECTION,),
        "measured": beside(lead, short * HOUR),
        "limit": Decimal(short * 60),
        "margin": beside(lead - short * HOUR),
        "unit": "minutes",
        "subject": (
            ("pickup_area", area),
            ("advance_request", "yes" if in_advance else "no"),
            ("exemption", exemption or "none"),
            ("accommodated", "yes" if accommodated else "no"),
        ),
        "steps": (
            (
                f"requested {requested.isoformat()}; pick-up {pickup.isoformat()}: lead time "
                f"{spoken(lead)}"
            ),
            f"{advance}-hour advance request: {'yes' if in_advance else 'no'}{education}",
        ),
        "note": note,
        "parameters": ((ADVANCE, advance), (URBAN if urban else NON_URBAN, short)),
    }


def whole(found: Finding) -> dict[str, Any]:
    """Return everything a finding reports, keyed as :func:`expected` keys it."""
    return {
        **reported(found),
        "parameters": tuple((p.name, p.value) for p in found.parameters),
    }


def _lead_times() -> st.SearchStrategy[dt.timedelta]:
    """Return lead times: at a line of A.3.2 or a step either side, or anywhere up to 100 hours."""
    near = st.builds(
        lambda line, offset: line * HOUR + offset, st.sampled_from(LINES), st.sampled_from(OFFSETS)
    )
    anywhere = st.integers(0, 100 * 3_600_000_000).map(lambda us: us * MICRO)
    return st.one_of(near, anywhere, st.just(ZERO))


@st.composite
def _requests(draw: st.DrawFn, *, whole_seconds: bool = False) -> Request:
    """Return a request: its pick-up after 2008-09-10, its lead time near a line or anywhere."""
    pickup = draw(MOMENTS) + draw(st.sampled_from([ZERO, 30 * SECOND, 250 * MICRO, 59 * SECOND]))
    requested = pickup - draw(_lead_times())
    if whole_seconds:
        pickup, requested = pickup.replace(microsecond=0), requested.replace(microsecond=0)
    return (
        requested,
        pickup,
        draw(st.booleans()),
        draw(st.booleans()),
        draw(st.sampled_from([None, *EXEMPTIONS])),
    )


def _one(request: Request, **kwargs: Any) -> Finding:
    """Return the one-value check's finding of a request."""
    requested, pickup, urban, accommodated, exemption = request
    return request_lead_time(
        requested_at=requested,
        pickup_at=pickup,
        urban=urban,
        accommodated=accommodated,
        exemption=exemption,  # type: ignore[arg-type]
        **kwargs,
    )


def _later() -> Any:
    """Return the shipped profile with all three hours changed from CHANGE_DATE (:data:`LATER`)."""
    profile = default_profile()
    for name, hours in zip((ADVANCE, URBAN, NON_URBAN), LATER, strict=True):
        profile = with_later_version(profile, name, hours)
    return profile


def _hours_on(day: dt.date) -> tuple[int, int, int]:
    """Return the hours :func:`_later`'s profile has in force on ``day``."""
    return LATER if day >= CHANGE_DATE else (72, 3, 4)


class TestOneRequest:
    """``request_lead_time``: each line of A.3.2 on both sides, the whole finding."""

    @given(_requests())
    def test_each_request_is_what_the_clause_says(self, request: Request) -> None:
        """Outcome, standard, figures, subject, steps, note, sections and parameters."""
        assert whole(_one(request)) == expected(*request)

    @given(
        MOMENTS,
        st.sampled_from(LINES),
        st.sampled_from(OFFSETS),
        st.tuples(st.booleans(), st.booleans(), st.sampled_from([None, *EXEMPTIONS])),
    )
    def test_at_and_either_side_of_every_line(
        self,
        pickup: dt.datetime,
        line: int,
        offset: dt.timedelta,
        case: tuple[bool, bool, str | None],
    ) -> None:
        """3, 4 and 72 hours: a minute, a second, a microsecond below, at, and above."""
        request = (pickup - line * HOUR - offset, pickup, *case)
        assert whole(_one(request)) == expected(*request)

    @pytest.mark.parametrize("exemption", [None, *EXEMPTIONS])
    def test_three_and_a_half_hours_by_hand(self, exemption: str | None) -> None:
        """3 h 30 min ahead: an urban request must be accommodated, a non-urban one need not be."""
        requested, pickup = dt.datetime(2008, 10, 6, 9, 30), dt.datetime(2008, 10, 6, 13)
        urban = _one((requested, pickup, True, False, exemption))
        rural = _one((requested, pickup, False, False, exemption))
        assert (urban.outcome.value, urban.measured, urban.limit, urban.margin) == (
            "not_met",
            210,
            180,
            30,
        )
        assert (rural.measured, rural.limit, rural.margin) == (210, 240, -30)
        assert rural.outcome.value == ("not_applicable" if exemption is None else "not_assessed")
        assert urban.steps[0] == (
            "requested 2008-10-06T09:30:00; pick-up 2008-10-06T13:00:00: lead time 3 h 30 min"
        )
        assert urban.note is None
        if exemption is None:
            assert urban.steps[1] == f"72-hour advance request: no{EDUCATION}"
            assert rural.note == (
                "requested less than 4 hours before the pick-up (non-urban); A.3.2 does not "
                "require the contractor to accommodate it"
            )
        else:
            assert urban.steps[1] == "72-hour advance request: no"
            assert rural.note == (
                f"exempt ({exemption}) from the 72-hour timeframe and requested less than 4 hours "
                "ahead; the source sets no minimum for it here (urgent trips: A.5.7, not in the "
                "source)"
            )

    def test_seconds_are_shown_and_a_request_at_the_pick_up(self) -> None:
        """A lead time with seconds shows them; a lead time of nothing is one."""
        found = _one(
            (dt.datetime(2008, 10, 6, 9, 0, 7), dt.datetime(2008, 10, 9, 9), True, True, None)
        )
        assert found.steps == (
            "requested 2008-10-06T09:00:07; pick-up 2008-10-09T09:00:00: lead time 71 h 59 min 53 s",
            f"72-hour advance request: no{EDUCATION}",
        )
        assert (found.outcome.value, found.measured, found.margin) == (
            "met",
            Decimal("4319.8833"),
            Decimal("4139.8833"),
        )
        moment = dt.datetime(2008, 10, 6, 9)
        at = _one((moment, moment, False, True, "urgent"))
        assert (at.outcome.value, at.measured, at.margin) == ("not_assessed", 0, -240)
        assert at.steps[0].endswith("lead time 0 h 00 min")

    @pytest.mark.parametrize(
        "form",
        [
            lambda moment: moment,
            lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S"),
            lambda moment: f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M:%S}",
            np.datetime64,
            pd.Timestamp,
        ],
        ids=["datetime", "iso text", "us text", "numpy", "pandas"],
    )
    def test_each_form_of_a_moment(self, form: Any) -> None:
        """Datetimes, ISO or month-first text, numpy and pandas moments: the same finding."""
        requested, pickup = dt.datetime(2008, 10, 6, 9, 0, 30), dt.datetime(2008, 10, 6, 12, 0, 30)
        found = request_lead_time(
            requested_at=form(requested), pickup_at=form(pickup), urban=True, accommodated=False
        )
        assert whole(found) == expected(requested, pickup, urban=True, accommodated=False)

    def test_aware_moments(self) -> None:
        """Times with a zone are compared as instants; the steps show them with their offsets."""
        east = dt.timezone(dt.timedelta(hours=-5))
        requested = dt.datetime(2008, 10, 6, 9, tzinfo=dt.UTC)
        pickup = dt.datetime(2008, 10, 6, 8, tzinfo=east)  # 13:00 UTC
        found = _one((requested, pickup, False, False, None))
        assert whole(found) == expected(requested, pickup, urban=False, accommodated=False)
        assert found.outcome.value == "not_met"
        assert found.steps[0] == (
            "requested 2008-10-06T09:00:00+00:00; pick-up 2008-10-06T08:00:00-05:00: lead time "
            "4 h 00 min"
        )

    def test_the_parameters_it_read(self) -> None:
        """The advance hours and the pick-up area's short-notice hours, with their values and term."""
        for urban, name, hours in ((True, URBAN, 3), (False, NON_URBAN, 4)):
            found = _one(
                (dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 9, 9), urban, True, None)
            )
            assert [(p.name, p.value, p.effective_from) for p in found.parameters] == [
                (ADVANCE, 72, dt.date(2008, 9, 1)),
                (name, hours, dt.date(2008, 9, 1)),
            ]


class TestDatedHours:
    """The three hours are read in the version in force on the day of the request."""

    @given(
        st.datetimes(dt.datetime(2009, 12, 25), dt.datetime(2010, 1, 8)),
        _lead_times(),
        st.booleans(),
        st.booleans(),
        st.sampled_from([None, *EXEMPTIONS]),
    )
    def test_each_side_of_the_change(
        self,
        requested: dt.datetime,
        lead: dt.timedelta,
        urban: bool,
        accommodated: bool,
        exemption: str | None,
    ) -> None:
        """Before the change 72, 3 and 4 hours; from it 48, 5 and 6."""
        request = (requested, requested + lead, urban, accommodated, exemption)
        found = _one(request, profile=_later())
        hours = _hours_on(requested.date())
        assert whole(found) == expected(*request, hours=hours)
        on = CHANGE_DATE if requested.date() >= CHANGE_DATE else dt.date(2008, 9, 1)
        assert [p.effective_from for p in found.parameters] == [on, on]

    def test_the_day_of_the_request_not_of_the_pick_up(self) -> None:
        """Requested the evening before the change for a pick-up 4 h 30 min later: 3 and 4 hours."""
        profile = _later()
        requested = dt.datetime.combine(CHANGE_DATE, dt.time(0)) - dt.timedelta(hours=1)
        pickup = requested + dt.timedelta(hours=4, minutes=30)
        for urban in (True, False):
            found = _one((requested, pickup, urban, False, None), profile=profile)
            assert found.outcome.value == "not_met"
            assert found.limit == (180 if urban else 240)
            table = request_lead_time_table(
                {
                    "requested_at": [requested],
                    "pickup_at": [pickup],
                    "urban": [urban],
                    "accommodated": [False],
                },
                profile=profile,
            )
            assert table.rows()[0]["outcome"] == "not_met"
            assert table.rows()[0]["limit"] == ("180" if urban else "240")


def _columns(requests: list[Request], *, as_text: bool) -> dict[str, list[Any]]:
    """Return a table of requests: moments and flags as values, or as text."""

    def moment(value: dt.datetime) -> Any:
        return value.strftime("%Y-%m-%d %H:%M:%S") if as_text else value

    def flag(value: bool) -> Any:
        return ("yes" if value else "no") if as_text else value

    return {
        "trip_id": [f"T{at}" for at in range(len(requests))],
        "requested_at": [moment(r[0]) for r in requests],
        "pickup_at": [moment(r[1]) for r in requests],
        "urban": [flag(r[2]) for r in requests],
        "accommodated": [flag(r[3]) for r in requests],
        "exemption": [r[4] for r in requests],
    }


def _check_rows(rows: list[dict[str, Any]], requests: list[Request], profile: Any = None) -> None:
    """Assert each row is the finding A.3.2 gives its request and the one-value check's, column by column."""
    assert len(rows) == len(requests)
    for row, request in zip(rows, requests, strict=True):
        hours = (72, 3, 4) if profile is None else _hours_on(request[0].date())
        want = expected(*request, hours=hours)
        one = _one(request, profile=profile)
        subject = dict(want["subject"])
        assert row["check"] == want["check"] == one.check
        assert row["pickup_area"] == subject["pickup_area"] == dict(one.subject)["pickup_area"]
        assert row["advance_request"] is (subject["advance_request"] == "yes")
        assert row["advance_request"] is (dict(one.subject)["advance_request"] == "yes")
        assert row["exemption"] == request[4]
        assert row["accommodated"] is request[3]
        assert row["outcome"] == want["outcome"] == one.outcome.value, request
        assert row["met"] is want["met"]
        assert row["met"] is one.met
        assert row["standard"] == want["standard"] == one.standard
        for figure in ("measured", "limit", "margin"):
            assert Decimal(row[figure]) == want[figure] == getattr(one, figure), figure
        assert row["unit"] == want["unit"] == one.unit
        assert row["section"] == SECTION


class TestTable:
    """``request_lead_time_table``: each row is the clause's finding and the one-value check's."""

    @given(st.lists(_requests(), min_size=1, max_size=15))
    def test_each_row_of_datetimes(self, requests: list[Request]) -> None:
        """Every column of every row, trip ids carried in order."""
        found = request_lead_time_table(_columns(requests, as_text=False), carry="trip_id")
        rows = found.rows()
        _check_rows(rows, requests)
        assert [row["trip_id"] for row in rows] == [f"T{at}" for at in range(len(requests))]
        assert [row["row"] for row in rows] == list(range(len(requests)))
        assert (found.rows_in, found.rows_used) == (len(requests), len(requests))

    @given(st.lists(_requests(whole_seconds=True), min_size=1, max_size=15))
    def test_each_row_of_text(self, requests: list[Request]) -> None:
        """Moments written ``YYYY-MM-DD HH:MM:SS``, flags ``yes``/``no``."""
        found = request_lead_time_table(_columns(requests, as_text=True))
        _check_rows(found.rows(), requests)

    def test_the_columns_and_their_types(self) -> None:
        """The findings' columns in order, their types, and the three hours as parameters."""
        request = (dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 13), True, False, None)
        found = request_lead_time_table(_columns([request], as_text=False), carry="trip_id")
        schema = found.arrow.schema
        assert schema.names == [
            "row",
            "trip_id",
            "check",
            "pickup_area",
            "advance_request",
            "exemption",
            "accommodated",
            "outcome",
            "met",
            "standard",
            "measured",
            "limit",
            "margin",
            "unit",
            "section",
        ]
        assert [schema.field(name).type for name in ("measured", "limit", "margin")] == [FIGURE] * 3
        for name in ("advance_request", "accommodated", "met"):
            assert schema.field(name).type == pa.bool_(), name
        assert [(p.name, p.value) for p in found.parameters] == [
            (ADVANCE, 72),
            (URBAN, 3),
            (NON_URBAN, 4),
        ]

    def test_without_an_exemption_column(self) -> None:
        """No ``exemption`` column: no request is exempt; a late one is not applicable."""
        found = request_lead_time_table(
            {
                "requested_at": ["2008-10-06 11:00", "2008-10-06 08:00"],
                "pickup_at": ["2008-10-06 13:00"] * 2,
                "urban": [False, False],
                "accommodated": [True, True],
            }
        )
        rows = found.rows()
        assert [(row["outcome"], row["exemption"]) for row in rows] == [
            ("not_applicable", None),
            ("met", None),
        ]

    def test_columns_of_other_names(self) -> None:
        """``columns=`` maps the library's names to the table's; a wrong one names ``trips``."""
        found = request_lead_time_table(
            {
                "asked": ["2008-10-06 09:00"],
                "ride": ["2008-10-06 12:00"],
                "city": ["yes"],
                "done": ["no"],
            },
            columns={
                "requested_at": "asked",
                "pickup_at": "ride",
                "urban": "city",
                "accommodated": "done",
            },
        )
        assert [(row["outcome"], row["margin"]) for row in found.rows()] == [("not_met", "0")]
        with pytest.raises(InvalidInputError, match="not a column of 'trips'"):
            request_lead_time_table({"asked": ["x"]}, columns={"requested_at": "when"})

    def test_an_empty_table(self) -> None:
        """No trips: no findings, the three hours still its parameters."""
        found = request_lead_time_table(
            {"requested_at": [], "pickup_at": [], "urban": [], "accommodated": []}
        )
        assert (found.rows(), found.rows_in, found.rows_used) == ([], 0, 0)
        assert [p.name for p in found.parameters] == [ADVANCE, URBAN, NON_URBAN]

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """Each kind of bad row is rejected, with its reason; the others judged as usual."""
        good = (dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 13), False, True, "urgent")
        table = {
            "requested_at": [
                "2008-10-06 09:00",
                "garbage",
                "2008-10-06",
                "2008-10-06 14:00",
                "2008-10-06 09:00",
                "2008-10-06 09:00",
                "2008-10-06 09:00",
                "2008-08-06 09:00",
                "2008-10-06 12:00",
            ],
            "pickup_at": ["2008-10-06 13:00"] * 4
            + ["2008-10-06", "2008-10-06 13:00", "2008-10-06 13:00", "2008-10-06 13:00"]
            + ["2008-10-06 13:00"],
            "urban": ["no", "yes", "yes", "yes", "yes", "maybe", "yes", "yes", "yes"],
            "accommodated": ["yes"] * 9,
            "exemption": ["urgent", None, None, None, None, None, "vip", None, "follow_up"],
        }
        found = request_lead_time_table(table, on_error="collect")
        assert found.rejected.to_pylist() == [
            {
                "row": 1,
                "reason": (
                    "requested_at 'garbage' is not a date or time (expected YYYY-MM-DD or M/D/YYYY "
                    "(month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)"
                ),
            },
            {"row": 2, "reason": "requested_at 2008-10-06 has no time of day"},
            {
                "row": 3,
                "reason": "pickup_at 2008-10-06 13:00 is before requested_at 2008-10-06 14:00",
            },
            {"row": 4, "reason": "pickup_at 2008-10-06 has no time of day"},
            {"row": 5, "reason": "urban 'maybe' is not a yes/no value (true/false, yes/no, 1/0)"},
            {
                "row": 6,
                "reason": "exemption 'vip' is not one of urgent, provider_change, follow_up",
            },
            {
                "row": 7,
                "reason": (
                    "requested_at 2008-08-06 09:00 is outside the term of "
                    "nemt.request_lead_time_hours (from 2008-09-01)"
                ),
            },
        ]
        rows = found.rows()
        assert [row["row"] for row in rows] == [0, 8]
        late = (dt.datetime(2008, 10, 6, 12), dt.datetime(2008, 10, 6, 13), True, True, "follow_up")
        _check_rows(rows, [good, late])
        assert (found.rows_in, found.rows_used) == (9, 2)
        with pytest.raises(RejectedRowsError) as raised:
            request_lead_time_table(table)
        assert raised.value.field == "trips"
        assert str(raised.value).startswith("7 of 9 rows of 'trips' cannot be used: row 1: ")

    def test_a_table_without_its_columns(self) -> None:
        """The table is named ``trips`` in what it lacks."""
        with pytest.raises(InvalidInputError) as raised:
            request_lead_time_table({"requested_at": ["2008-10-06 09:00"]})
        assert str(raised.value).startswith("'trips' lacks the required column")
        with pytest.raises(InvalidValueError) as mode:
            request_lead_time_table(
                _columns([], as_text=False),
                on_error="skip",  # type: ignore[arg-type]
            )
        assert (mode.value.field, mode.value.value) == ("on_error", "skip")


def _around_the_change() -> st.SearchStrategy[Request]:
    """Return requests made in the days either side of CHANGE_DATE."""
    return st.tuples(
        st.datetimes(dt.datetime(2009, 12, 28), dt.datetime(2010, 1, 4)),
        _lead_times(),
        st.booleans(),
        st.booleans(),
        st.sampled_from([None, *EXEMPTIONS]),
    ).map(lambda r: (r[0], r[0] + r[1], r[2], r[3], r[4]))


class TestDatedTable:
    """The table reads each row's hours in the version in force on the day of its request."""

    @given(st.lists(_around_the_change(), min_size=1, max_size=15))
    def test_rows_either_side_of_the_change(self, requests: list[Request]) -> None:
        """Each row against its own day's hours; both versions of the three hours as parameters."""
        profile = _later()
        found = request_lead_time_table(_columns(requests, as_text=False), profile=profile)
        _check_rows(found.rows(), requests, profile)
        assert [(p.name, p.value, p.effective_from) for p in found.parameters] == BOTH_VERSIONS

    def test_rows_either_side_among_rejected_rows(self) -> None:
        """Rejected rows between them do not shift any row's hours, exemption or flags."""
        before = dt.datetime(2009, 12, 31, 20)
        after = dt.datetime(2010, 1, 1, 8)
        requests = [
            (before, before + 3 * HOUR + 30 * MINUTE, True, False, "urgent"),
            (after, after + 3 * HOUR + 30 * MINUTE, True, False, "urgent"),
            (before, before + 50 * HOUR, False, True, None),
            (after, after + 50 * HOUR, False, True, None),
            (after, after + 5 * HOUR + 30 * MINUTE, False, True, "provider_change"),
            (before, before + 5 * HOUR + 30 * MINUTE, False, False, None),
        ]
        columns = _columns(requests, as_text=False)
        bad = {
            "trip_id": "X",
            "requested_at": "nonsense",
            "pickup_at": "2010-01-01 09:00",
            "urban": "yes",
            "accommodated": "yes",
            "exemption": "urgent",
        }
        for at in (5, 3, 1, 0):
            for name, column in columns.items():
                column.insert(at, bad[name])
        found = request_lead_time_table(
            columns, profile=_later(), on_error="collect", carry="trip_id"
        )
        assert [entry["row"] for entry in found.rejected.to_pylist()] == [0, 2, 5, 8]
        rows = found.rows()
        assert [row["trip_id"] for row in rows] == [f"T{at}" for at in range(6)]
        _check_rows(rows, requests, _later())
        assert [row["outcome"] for row in rows] == [
            "not_met",
            "not_assessed",
            "met",
            "met",
            "not_assessed",
            "not_met",
        ]
        assert [row["advance_request"] for row in rows] == [False, False, False, True, False, False]

    def test_all_rows_after_the_change(self) -> None:
        """Every row from the change: the later hours for all (both versions listed, as always)."""
        after = dt.datetime(2010, 3, 1, 8)
        requests = [
            (after, after + 5 * HOUR, True, False, None),
            (after, after + 5 * HOUR, False, False, None),
            (after, after + 48 * HOUR, False, True, "follow_up"),
        ]
        found = request_lead_time_table(_columns(requests, as_text=True), profile=_later())
        _check_rows(found.rows(), requests, _later())
        assert [(p.name, p.value, p.effective_from) for p in found.parameters] == BOTH_VERSIONS

    def test_more_rows_than_a_block(self) -> None:
        """70,000 rows either side of the change (judged 65,536 at a time), column by column."""
        rows = 70_000
        at = np.arange(rows)
        requested = np.datetime64("2009-12-31T12:00", "us") + (at * 37 % 2880).astype(
            "timedelta64[m]"
        )
        lead = (at * 7919 % (80 * 3600)).astype("timedelta64[s]")
        urban, accommodated, exempt = at % 3 == 0, at % 5 != 0, at % 4 == 0
        found = request_lead_time_table(
            pa.table(
                {
                    "requested_at": pa.array(requested),
                    "pickup_at": pa.array(requested + lead),
                    "urban": pa.array(urban),
                    "accommodated": pa.array(accommodated),
                    "exemption": pa.array(np.where(exempt, "follow_up", None).tolist()),
                }
            ),
            profile=_later(),
        ).arrow
        after = requested >= np.datetime64(CHANGE_DATE)
        short = np.where(urban, np.where(after, 5, 3), np.where(after, 6, 4))
        seconds = lead.astype(np.int64)
        accommodate = seconds >= short * 3600
        outcome = np.where(
            accommodate,
            np.where(accommodated, "met", "not_met"),
            np.where(exempt, "not_assessed", "not_applicable"),
        )
        assert found.column("outcome").to_pylist() == outcome.tolist()
        assert found.column("met").to_pylist() == [
            {"met": True, "not_met": False}.get(value) for value in outcome.tolist()
        ]
        advance = seconds >= np.where(after, 48, 72) * 3600
        assert found.column("advance_request").to_pylist() == advance.tolist()
        assert found.column("limit").to_pylist() == [Decimal(h * 60) for h in short.tolist()]
        assert found.column("measured").to_pylist() == [
            (Decimal(s) / 60).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            for s in seconds.tolist()
        ]
        assert found.column("margin").to_pylist() == [
            (Decimal(s - h * 3600) / 60).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            for s, h in zip(seconds.tolist(), short.tolist(), strict=True)
        ]
        areas = np.where(urban, "urban", "non-urban")
        assert found.column("pickup_area").to_pylist() == areas.tolist()
        assert found.column("standard").to_pylist() == [
            f"requests made at least {h} hours before the pick-up ({area}) are accommodated"
            for h, area in zip(short.tolist(), areas.tolist(), strict=True)
        ]
        assert found.column("exemption").to_pylist() == np.where(exempt, "follow_up", None).tolist()
        assert found.column("accommodated").to_pylist() == accommodated.tolist()
        assert found.column("unit").to_pylist() == ["minutes"] * rows
        assert found.column("section").to_pylist() == [SECTION] * rows


class TestExemptionAsWritten:
    """An exemption in any case, padded with space, or blank: one reading in both forms."""

    @given(st.lists(_requests(), min_size=1, max_size=10), st.data())
    def test_any_case_and_padding_in_both_forms(
        self, requests: list[Request], data: st.DataObject
    ) -> None:
        """As an extract writes it: the finding of its lower-case name, in both forms; blank: none."""
        written = [
            data.draw(
                st.one_of(st.none(), BLANK_TEXT) if request[4] is None else written_as(request[4])
            )
            for request in requests
        ]
        for request, exemption in zip(requests, written, strict=True):
            found = _one((*request[:4], exemption))
            assert whole(found) == expected(*request)
            assert found == _one(request)
        columns = _columns(requests, as_text=False) | {"exemption": written}
        _check_rows(request_lead_time_table(columns).rows(), requests)

    @pytest.mark.parametrize(
        ("written", "exemption"),
        [
            ("Urgent ", "urgent"),
            ("URGENT", "urgent"),
            ("\tProvider_Change\n", "provider_change"),
            ("\u00a0follow_UP", "follow_up"),
            ("", None),
            ("   ", None),
            (float("nan"), None),
            (pd.NA, None),
        ],
    )
    def test_what_a_user_writes(self, written: object, exemption: str | None) -> None:
        """Each by hand: the note and subject name the exemption in lower case, in both forms."""
        requested, pickup = dt.datetime(2008, 10, 6, 11), dt.datetime(2008, 10, 6, 12)
        request: Request = (requested, pickup, True, False, exemption)
        found = _one((*request[:4], written))
        assert whole(found) == expected(*request)
        assert dict(found.subject)["exemption"] == (exemption or "none")
        table = _columns([request], as_text=True) | {"exemption": [written]}
        row = request_lead_time_table(table).rows()[0]
        assert (row["exemption"], row["outcome"]) == (
            exemption,
            "not_applicable" if exemption is None else "not_assessed",
        )
        _check_rows([row], [request])

    @pytest.mark.parametrize("written", ["vip", "follow up", "urgent!", "ur gent", "urgentx"])
    def test_a_name_not_of_an_exemption_in_both_forms(self, written: str) -> None:
        """Not one of the three once trimmed and in lower case: refused, and the row rejected."""
        request: Request = (
            dt.datetime(2008, 10, 6, 11),
            dt.datetime(2008, 10, 6, 12),
            True,
            False,
            None,
        )
        with pytest.raises(InvalidValueError) as raised:
            _one((*request[:4], written))
        assert (raised.value.field, raised.value.value) == ("exemption", written)
        table = _columns([request], as_text=True) | {"exemption": [written]}
        found = request_lead_time_table(table, on_error="collect")
        assert found.rows() == []
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": f"exemption {written!r} is not one of urgent, provider_change, follow_up",
            }
        ]


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    PICKUP = dt.datetime(2008, 10, 6, 13)

    def _call(self, **given: Any) -> Finding:
        arguments = {
            "requested_at": self.PICKUP - HOUR,
            "pickup_at": self.PICKUP,
            "urban": True,
            "accommodated": True,
        }
        return request_lead_time(**(arguments | given))

    @pytest.mark.parametrize(
        ("exemption", "close"),
        [
            ("vip", None),
            ("follow up", "follow_up"),
            ("urgent!", "urgent"),
            ("ur gent", "urgent"),
            (5, None),
            (["urgent"], None),
            (b"urgent", None),
        ],
    )
    def test_an_exemption_not_named(self, exemption: object, close: str | None) -> None:
        """Only the three exemptions of A.3.2 (in any case, padded), or none; not their bytes.

        Text close to an exemption is answered with it, as every choice of the library is; a
        value that is not text (a number, a list, bytes) is of the wrong type, an
        ``InvalidTypeError`` as in every choice, never a ``ValueError``.
        """
        wrong = InvalidValueError if isinstance(exemption, str) else InvalidTypeError
        with pytest.raises(wrong) as raised:
            self._call(exemption=exemption)
        assert isinstance(raised.value, ValueError) is isinstance(exemption, str)
        assert (raised.value.field, raised.value.value) == ("exemption", exemption)
        assert str(raised.value) == (
            f"'exemption' must be one of ['urgent', 'provider_change', 'follow_up'] or None "
            f"(got {exemption!r})" + (f" (did you mean {close!r}?)" if close else "")
        )

    def test_an_exemption_equal_to_one_but_not_text(self) -> None:
        """A value that compares equal to ``urgent`` but is not text is refused: the wrong type."""

        class Alike:
            def __eq__(self, other: object) -> bool:
                return other == "urgent"

            def __hash__(self) -> int:
                return hash("urgent")

            def __repr__(self) -> str:
                return "Alike()"

        alike = Alike()
        with pytest.raises(InvalidTypeError) as raised:
            self._call(exemption=alike)
        assert (raised.value.field, raised.value.value) == ("exemption", alike)

    def test_a_pick_up_before_the_request(self) -> None:
        """A pick-up a microsecond before the request names the pick-up; at it, none."""
        pickup = dt.datetime(2008, 10, 6, 13)
        with pytest.raises(InvalidValueError) as raised:
            self._call(requested_at=pickup + MICRO, pickup_at=pickup)
        assert (raised.value.field, raised.value.value) == ("pickup_at", pickup)
        assert str(raised.value) == (
            "'pickup_at' (2008-10-06T13:00:00) is before 'requested_at' (2008-10-06T13:00:00.000001)"
        )
        assert self._call(requested_at=pickup, pickup_at=pickup).measured == 0

    @pytest.mark.parametrize("field", ["urban", "accommodated"])
    def test_a_flag_not_a_boolean(self, field: str) -> None:
        """Each flag is True or False, not text or a number."""
        for value in ("yes", 1, None):
            with pytest.raises(InvalidTypeError) as raised:
                self._call(**{field: value})
            assert (raised.value.field, raised.value.value) == (field, value)
            assert str(raised.value) == f"{field!r} must be True or False (got {value!r})"

    @pytest.mark.parametrize("field", ["requested_at", "pickup_at"])
    def test_a_moment_that_is_not_one(self, field: str) -> None:
        """A date alone, or text that is no moment, names its field."""
        day = dt.date(2008, 10, 6)
        with pytest.raises(InvalidTypeError) as raised:
            self._call(**{field: day})
        assert (raised.value.field, raised.value.value) == (field, day)
        with pytest.raises(InvalidValueError) as text:
            self._call(**{field: "2008-10-06 25:00"})
        assert (text.value.field, text.value.value) == (field, "2008-10-06 25:00")

    def test_naive_and_aware_together(self) -> None:
        """An aware pick-up with a naive request (or the other way) names the pick-up."""
        aware = self.PICKUP.replace(tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError) as raised:
            self._call(pickup_at=aware)
        assert (raised.value.field, raised.value.value) == ("pickup_at", aware)
        with pytest.raises(InvalidTypeError) as other:
            self._call(requested_at=aware - HOUR)
        assert (other.value.field, other.value.value) == ("pickup_at", self.PICKUP)

    def test_a_request_before_the_term(self) -> None:
        """A request before 2008-09-01: the advance hours are not in force on its day."""
        with pytest.raises(OutsideTermError) as raised:
            self._call(
                requested_at=dt.datetime(2008, 8, 31, 23), pickup_at=dt.datetime(2008, 9, 5, 9)
            )
        assert (raised.value.field, raised.value.value) == (ADVANCE, dt.date(2008, 8, 31))
        found = self._call(requested_at=dt.datetime(2008, 9, 1), pickup_at=dt.datetime(2008, 9, 4))
        assert dict(found.subject)["advance_request"] == "yes"
