"""Attachment V: the access table as data, distance and time-to-appointment checks, scalar and table."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    ProfileError,
    RejectedRowsError,
    access_distance,
    access_distance_table,
    access_timeliness,
    access_timeliness_table,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import (
    DistanceKind,
    TimeLimit,
    TimeUnit,
    access_standards_from_records,
)
from tenncare_calc.contract.calendar import (
    add_business_days,
    is_business_day,
    no_holidays,
    tennessee_state_holidays,
)
from tenncare_calc.core.thresholds import Comparison, Threshold
from tests.strategies import EPSILONS, HOLIDAY_LISTS, MICRO_STEPS, MOMENTS, days

STANDARDS = default_profile().value("access.behavioral_health", object)
MILEAGE = [
    (code, service.distance.miles, service.distance.rural_exception)
    for service in STANDARDS.services
    if service.distance.kind is DistanceKind.MILES
    for code in service.all_codes()
]
CALENDAR_DAY_CODES = [
    (code, limit.amount)
    for service in STANDARDS.services
    for code in service.all_codes()
    if (limit := service.time.limit("routine")) and limit.unit is TimeUnit.CALENDAR_DAYS
]
URGENT_BUSINESS = ["19", "B5", "20", "B6", "23", "62", "B7", "C3"]


class TestTheTable:
    """The shipped Attachment V, row by row against the amendment's text (item 26)."""

    def test_every_code_and_standard(self) -> None:
        """Transcribed by hand from Attachment V: codes, miles, rural exceptions, time limits."""
        expected = {
            "11": (None, "attachment", False, {"emergency_involuntary": "4 hours"}),
            "A1": (None, "attachment", False, {"voluntary": "24 hours"}),
            "13": (100, "miles", True, {"routine": "30 calendar days"}),
            "H2": (100, "miles", False, {"routine": "30 calendar days"}),
            "19": (None, "attachment", False, {"urgent": "3 business days"}),
            "B6": (30, "miles", False, {"routine": "14 calendar days"}),
            "62": (60, "miles", True, {"urgent": "3 business days"}),
            "A5": (60, "miles", True, {"routine": "2 calendar days"}),
            "17": (60, "miles", True, {"detoxification_emergency": "4 hours"}),
            "F6": (100, "miles", True, {"routine": "14 calendar days"}),
            "D4": (30, "miles", True, {"detoxification": "24 hours"}),
            "K1": (None, "not_subject", False, {"routine": "7 calendar days"}),
            "44": (60, "miles", False, {"routine": "14 calendar days"}),
            "33": (60, "prior_approval", False, {"routine": "30 calendar days"}),
            "E1": (None, "not_subject", False, {"emergency": "1 hour", "urgent": "4 hours"}),
            "41": (None, "not_subject", False, {"routine": "4 hours"}),
        }
        for code, (miles, kind, rural, limits) in expected.items():
            service = STANDARDS.service(code)
            assert service.distance.miles == (None if miles is None else Decimal(miles)), code
            assert service.distance.kind.value == kind, code
            assert service.distance.rural_exception is rural, code
            for variant, text in limits.items():
                limit = service.time.limit(variant)
                assert limit is not None, (code, variant)
                assert limit.describe() == text, (code, variant)
        assert len(STANDARDS.codes()) == 48
        assert STANDARDS.listed_without_standard == ("88", "91", "40", "E2")
        assert STANDARDS.service("41").time.measured_from == "referral"

    def test_profile_data_is_json_ready(self) -> None:
        """The table round-trips through the profile's JSON form."""
        data = default_profile().to_dict()["parameters"]["access.behavioral_health"]
        value = data["versions"][0]["value"]
        assert json.loads(json.dumps(value)) == value
        assert value["listed_without_standard"] == ["88", "91", "40", "E2"]
        rebuilt = access_standards_from_records(value, field="access")
        assert rebuilt.codes() == STANDARDS.codes()

    @pytest.mark.parametrize(
        ("record", "message"),
        [
            ({"id": "x"}, "lacks required keys"),
            ({"time": {"limits": {"someday": "1 hour"}, "text": "t"}}, "unknown variant"),
            ({"time": {"limits": {"routine": "a fortnight"}, "text": "t"}}, "must be text such as"),
            ({"time": {"limits": {"routine": "0 hours"}, "text": "t"}}, "at least 1"),
            ({"distance": {"kind": "miles", "text": "t"}}, "needs 'miles'"),
            ({"distance": {"kind": "miles", "miles": 0, "text": "t"}}, "must be > 0"),
            ({"distance": {"kind": "furlongs", "text": "t"}}, "must be one of"),
            (
                {"distance": {"kind": "not_subject", "text": "t", "rural_exception": True}},
                "true only for kind 'miles'",
            ),
            ({"distance": {"kind": "attachment", "text": "t"}}, "needs 'reference'"),
            ({"codes": [], "adult_codes": []}, "lists no service codes"),
            ({"codes": ["19"]}, "appears twice"),
            ({"extra": 1}, "unknown keys"),
        ],
    )
    def test_bad_records(self, record: dict[str, Any], message: str) -> None:
        """A malformed row is a typed error naming the field."""
        base = {
            "id": "new",
            "service_type": "New",
            "codes": ["ZZ"],
            "distance": {"kind": "not_subject", "text": "Not subject"},
            "time": {"limits": {"routine": "7 calendar days"}, "text": "Within 7 days"},
        }
        rows = [*STANDARDS.to_records(), {**base, **record}]
        if record == {"id": "x"}:
            rows = [record]
        with pytest.raises(InvalidInputError, match=message):
            access_standards_from_records(rows, field="access")

    def test_a_user_profile_can_replace_the_table(self) -> None:
        """A what-if override (TOML inline text) replaces the table, validated like the file."""
        profile = load_profile(
            overrides={
                "access.behavioral_health": (
                    '[{id = "x", service_type = "X", codes = ["19"], distance = {kind = "miles", '
                    'miles = 45, text = "45 miles"}, time = {limits = {routine = "5 calendar '
                    'days"}, text = "5 days"}}]'
                )
            }
        )
        assert access_distance("19", 45, profile=profile).met is True
        with pytest.raises(ProfileError):
            load_profile(overrides={"access.behavioral_health": "[{"})


class TestDistance:
    """Distance to service (30/60/100 miles, rural exceptions, Attachment III/IV, 32/33)."""

    @given(st.sampled_from(MILEAGE), EPSILONS)
    def test_below_at_and_above_each_mileage(
        self, case: tuple[str, Decimal, bool], epsilon: Decimal
    ) -> None:
        """Met up to and at the miles (inclusive), not met a hair above; margin is the difference."""
        code, miles, _ = case
        below = access_distance(code, miles - epsilon)
        at = access_distance(code, miles)
        above = access_distance(code, miles + epsilon)
        assert (below.met, at.met, above.met) == (True, True, False)
        assert (below.margin, at.margin, above.margin) == (epsilon, 0, -epsilon)
        assert above.limit == miles

    @pytest.mark.parametrize("miles", [30, 60, 100])
    def test_each_standard_exists(self, miles: int) -> None:
        """The table has each of the three mileages."""
        assert any(limit == miles for _, limit, _ in MILEAGE)

    @given(st.sampled_from(MILEAGE), st.decimals(0, 500, places=3))
    def test_rural_exception(self, case: tuple[str, Decimal, bool], miles: Decimal) -> None:
        """Rural members: community standards apply where the text says so, else the miles do."""
        code, limit, exception = case
        finding = access_distance(code, miles, rural=True)
        if exception:
            assert finding.outcome.value == "not_applicable"
            assert "community standards" in (finding.note or "")
        else:
            assert finding.met is (miles <= limit)
            assert finding.note == "the text gives no rural exception for this service"

    def test_attachment_and_not_subject(self) -> None:
        """Attachment III/IV are not in the source; case management is not subject to access."""
        hospital = access_distance("A1", 500)
        assert hospital.outcome.value == "not_assessed"
        assert "Attachment III for Hospitals" in (hospital.note or "")
        assert access_distance("19", 0).outcome.value == "not_assessed"
        assert access_distance("31", 999).outcome.value == "not_applicable"
        assert hospital.margin is None

    @given(EPSILONS)
    def test_codes_32_and_33_prior_approval(self, epsilon: Decimal) -> None:
        """Beyond 60 miles a placement needs the member's prior approval (footnote ****)."""
        assert access_distance("32", 60).met is True
        assert access_distance("33", Decimal(60) + epsilon).met is False
        approved = access_distance("33", Decimal(60) + epsilon, placement_approved=True)
        assert approved.met is True
        assert approved.margin is None

    @pytest.mark.parametrize(
        ("code", "miles", "error", "message"),
        [
            ("99", 1, InvalidInputError, "is not in Attachment V"),
            ("88", 1, InvalidInputError, "Provider Enrollment File only"),
            ("e2", 1, InvalidInputError, "Provider Enrollment File only"),
            ("", 1, InvalidValueError, "is empty"),
            (19.5, 1, InvalidValueError, "must be a code"),  # 19.0 is code 19, as in a table
            (True, 1, InvalidTypeError, "must be a code"),
            ("20", -1, InvalidValueError, "must be >= 0"),
            ("20", "far", InvalidValueError, "must be a number"),
            ("20", None, InvalidTypeError, "is missing"),
        ],
    )
    def test_bad_input(self, code: object, miles: object, error: type, message: str) -> None:
        """Unknown codes are errors, never silent passes; bad distances are typed errors."""
        with pytest.raises(error, match=message):
            access_distance(code, miles)  # type: ignore[arg-type]

    def test_codes_are_normalised(self) -> None:
        """An int code, spaces and lower case are accepted."""
        assert access_distance(20, 1).to_dict()["subject"]["service_code"] == "20"
        assert access_distance(" b6 ", 1).to_dict()["subject"]["age_group"] == "child"

    def test_explain(self) -> None:
        """The explanation names the code, the standard, the figures and the parameter."""
        text = access_distance("20", "30.5").explain()
        assert "Distance to service: NOT MET  [Attachment V]" in text
        assert "within 30 miles of the residence" in text
        assert "short by 0.5 miles" in text
        assert "access.behavioral_health = 14 service types" in text


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


class TestTimeliness:
    """Time to appointment: hours, calendar days and business days across weekends and holidays."""

    @given(st.sampled_from(CALENDAR_DAY_CODES), days(2008, 2012))
    def test_calendar_days_below_at_above(self, case: tuple[str, int], request: dt.date) -> None:
        """Day N after the request is in time, day N+1 is not, whatever weekends intervene."""
        code, limit = case
        check = [
            access_timeliness(
                code, requested_at=request, appointment_at=request + dt.timedelta(days=n)
            )
            for n in (limit - 1, limit, limit + 1)
        ]
        assert [f.met for f in check] == [True, True, False]
        assert [f.margin for f in check] == [1, 0, -1]
        assert check[2].unit == "calendar days"

    def test_fourteen_calendar_days_over_christmas(self) -> None:
        """Requested Friday 2008-12-19: day 14 is Friday 2009-01-02 despite two holidays."""
        request = dt.date(2008, 12, 19)
        assert access_timeliness("20", requested_at=request, appointment_at=dt.date(2009, 1, 2)).met
        late = access_timeliness("20", requested_at=request, appointment_at=dt.date(2009, 1, 3))
        assert (late.met, late.margin) == (False, -1)

    @given(
        st.sampled_from(URGENT_BUSINESS),
        days(2008, 2012),
        st.one_of(st.none(), HOLIDAY_LISTS),
    )
    @example("19", dt.date(2008, 12, 23), None)  # Christmas in the window
    @example("19", dt.date(2008, 11, 26), None)  # Thanksgiving and its Friday
    @example("19", dt.date(2008, 12, 27), None)  # a Saturday request
    def test_three_business_days(
        self, code: str, request: dt.date, holidays: list[dt.date] | None
    ) -> None:
        """Due by the 3rd business day after the request day (D1); the day after is late."""
        deadline = add_business_days(request, 3, holidays=holidays)

        def check(day: dt.date) -> Any:
            return access_timeliness(
                code,
                requested_at=request,
                appointment_at=day,
                urgency="urgent",
                holidays=holidays,
            )

        at = check(deadline)
        assert (at.met, at.margin, at.unit) == (True, 0, "business days")
        assert check(deadline + dt.timedelta(days=1)).met is False
        before = deadline - dt.timedelta(days=1)
        if before >= request:
            assert check(before).met is True
        # the count by brute force: business days in (request, appointment], a non-business
        # appointment day counting as the next business day
        appointment = deadline + dt.timedelta(days=5)
        counted = appointment
        while not is_business_day(counted, holidays=holidays):
            counted += dt.timedelta(days=1)
        brute = sum(
            1
            for n in range(1, (counted - request).days + 1)
            if is_business_day(request + dt.timedelta(days=n), holidays=holidays)
        )
        assert check(appointment).measured == brute

    def test_three_business_days_by_hand(self) -> None:
        """Tuesday 2008-12-23: Wed 24 (1), Thu 25 Christmas, Fri 26 (2), Mon 29 (3)."""
        finding = access_timeliness(
            "19",
            requested_at=dt.date(2008, 12, 23),
            appointment_at=dt.date(2008, 12, 27),
            urgency="urgent",
        )
        # Saturday 27 counts as Monday 29: business day 3, in time
        assert (finding.met, finding.measured, finding.margin) == (True, 3, 0)
        assert "not a business day: counted as 2008-12-29" in finding.explain()
        no_holidays_late = access_timeliness(
            "19",
            requested_at=dt.date(2008, 12, 23),
            appointment_at=dt.date(2008, 12, 29),
            urgency="urgent",
            holidays=no_holidays(),
        )
        # without holidays the deadline is Friday 26, and Monday 29 is business day 4
        assert (no_holidays_late.met, no_holidays_late.margin) == (False, -1)

    @given(MOMENTS, MICRO_STEPS)
    def test_hour_standards_below_at_above(self, request: dt.datetime, step: int) -> None:
        """4 hours (detox emergency), 24 hours (detox), 1 hour (crisis emergency), 4 hours (41)."""
        cases = [
            ("15", {"detoxification": True, "urgency": "emergency"}, 4),
            ("27", {"detoxification": True}, 24),
            ("A3", {"detoxification": True, "urgency": "urgent"}, 24),
            ("37", {"urgency": "emergency"}, 1),
            ("D9", {"urgency": "urgent"}, 4),
            ("41", {}, 4),
            ("11", {"admission": "involuntary", "urgency": "emergency"}, 4),
            ("H9", {"admission": "voluntary", "urgency": "emergency"}, 24),
            ("79", {"admission": "involuntary"}, 24),
        ]
        for code, options, hours in cases:
            delta = min(dt.timedelta(microseconds=step), dt.timedelta(hours=hours))
            limit = request + dt.timedelta(hours=hours)
            at = access_timeliness(code, requested_at=request, appointment_at=limit, **options)
            above = access_timeliness(
                code, requested_at=request, appointment_at=limit + delta, **options
            )
            below = access_timeliness(
                code, requested_at=request, appointment_at=limit - delta, **options
            )
            assert (below.met, at.met, above.met) == (True, True, False), code
            assert at.margin == 0
            assert at.limit == hours * 60
            assert at.unit == "minutes"

    def test_urgency_falls_back_to_the_less_urgent_standard(self) -> None:
        """An emergency outpatient request uses the urgent standard; residential has one."""
        request = dt.date(2008, 10, 6)
        emergency = access_timeliness(
            "20", requested_at=request, appointment_at=request, urgency="emergency"
        )
        assert emergency.standard == "within 3 business days of the request (if urgent)"
        residential = access_timeliness(
            "56", requested_at=request, appointment_at=request, urgency="emergency"
        )
        assert residential.standard == "within 14 calendar days of the request"
        referral = access_timeliness(
            "41", requested_at=_at(request), appointment_at=_at(request, 12)
        )
        assert referral.standard == "within 4 hours of the referral"

    @pytest.mark.parametrize(
        ("code", "options", "message"),
        [
            ("37", {}, "has no standard for a routine request"),
            ("11", {}, "give admission 'voluntary' or 'involuntary'"),
            ("19", {"admission": "voluntary"}, "has no admission-type standard"),
            ("19", {"detoxification": True}, "has no detoxification standard"),
            ("19", {"urgency": "soon"}, "must be one of"),
            ("11", {"admission": "forced"}, "must be one of"),
            ("19", {"detoxification": "yes"}, "must be True or False"),
        ],
    )
    def test_requests_without_a_standard(
        self, code: str, options: dict[str, Any], message: str
    ) -> None:
        """A request the table sets no standard for is an error naming what to give."""
        with pytest.raises((InvalidInputError, InvalidValueError, InvalidTypeError), match=message):
            access_timeliness(
                code,
                requested_at=_at(dt.date(2008, 10, 6)),
                appointment_at=_at(dt.date(2008, 10, 6), 10),
                **options,
            )

    def test_bad_times(self) -> None:
        """Dates for an hours standard, appointments before requests, mixed zones: errors."""
        day = dt.date(2008, 10, 6)
        with pytest.raises(InvalidTypeError, match="must be a datetime with a time of day"):
            access_timeliness("41", requested_at=day, appointment_at=day)
        with pytest.raises(InvalidValueError, match="is before 'requested_at'"):
            access_timeliness("20", requested_at=day, appointment_at=day - dt.timedelta(days=1))
        with pytest.raises(InvalidValueError, match="is before 'requested_at'"):
            access_timeliness("41", requested_at=_at(day, 10), appointment_at=_at(day, 9))
        aware = _at(day).replace(tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError, match="both be naive"):
            access_timeliness("41", requested_at=aware, appointment_at=_at(day, 10))
        with pytest.raises(InvalidTypeError, match=r"'requested_at' must be a date"):
            access_timeliness("20", requested_at=20081006, appointment_at=day)  # type: ignore[arg-type]
        with pytest.raises(OutsideTermError):
            access_timeliness("20", requested_at=dt.date(2006, 1, 2), appointment_at=day)

    def test_explain_and_dict(self) -> None:
        """The explanation shows the deadline and the calendar used."""
        finding = access_timeliness(
            "19",
            requested_at=_at(dt.date(2008, 12, 23)),
            appointment_at=_at(dt.date(2008, 12, 30)),
            urgency="urgent",
            holidays=tennessee_state_holidays(),
        )
        text = finding.explain()
        assert "deadline Monday 2008-12-29" in text
        assert "Tennessee state holidays" in text
        assert "short by 1 business day" in text
        assert json.loads(json.dumps(finding.to_dict()))["margin"] == "-1"


def _table_rows(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {key: [row[key] for row in rows] for key in rows[0]}


REQUESTS = st.fixed_dictionaries(
    {
        "case": st.sampled_from(
            [
                ("19", "urgent", False, None),
                ("19", "routine", False, None),
                ("B7", "emergency", False, None),
                ("56", "urgent", False, None),
                ("15", "emergency", True, None),
                ("D3", "routine", True, None),
                ("37", "emergency", False, None),
                ("41", "routine", False, None),
                ("85", "emergency", False, "involuntary"),
                ("H9", "routine", False, "voluntary"),
            ]
        ),
        "requested": MOMENTS,
        "minutes": st.integers(0, 60 * 24 * 40),
    }
)


class TestTimelinessTable:
    """The columnar check equals the scalar check row by row, and accounts for every row."""

    @given(st.lists(REQUESTS, min_size=1, max_size=30), st.one_of(st.none(), HOLIDAY_LISTS))
    def test_table_equals_scalar(
        self, requests: list[dict[str, Any]], holidays: list[dt.date] | None
    ) -> None:
        """Same outcome, standard and figures as access_timeliness for every row."""
        rows = []
        expected = []
        for request in requests:
            code, urgency, detox, admission = request["case"]
            appointment = request["requested"] + dt.timedelta(minutes=request["minutes"])
            rows.append(
                {
                    "service_code": code,
                    "requested_at": request["requested"],
                    "appointment_at": appointment,
                    "urgency": urgency,
                    "detoxification": detox,
                    "admission": admission,
                }
            )
            expected.append(
                access_timeliness(
                    code,
                    requested_at=request["requested"],
                    appointment_at=appointment,
                    urgency=urgency,
                    detoxification=detox,
                    admission=admission,
                    holidays=holidays,
                ).row()
            )
        findings = access_timeliness_table(_table_rows(rows), holidays=holidays)
        assert findings.rows_in == findings.rows_used == len(rows)
        for got, want in zip(findings.rows(), expected, strict=True):
            for key in ("outcome", "met", "standard", "measured", "limit", "margin", "unit"):
                assert got[key] == want[key], key
            assert got["service_type"] == want["service_type"]

    def test_rows_in_equal_rows_used_plus_rejected(self) -> None:
        """Every bad row is rejected with its reason; nothing is lost."""
        data = {
            "service_code": ["19", "99", "88", None, "41", "20", "11", "37", "19", "19"],
            "requested_at": [
                "2008-12-23",
                "2008-12-23",
                "2008-12-23",
                "2008-12-23",
                "2008-12-23",
                "2008-12-23",
                "2008-12-23 10:00",
                "2008-12-23 10:00",
                "soon",
                "2005-01-03",
            ],
            "appointment_at": [
                "2008-12-29",
                "2008-12-24",
                "2008-12-24",
                "2008-12-24",
                "2008-12-23",
                "2008-12-22",
                "2008-12-23 11:00",
                "2008-12-23 10:30",
                "2008-12-24",
                "2005-01-04",
            ],
            "urgency": [
                "urgent",
                "routine",
                "routine",
                "routine",
                "routine",
                "routine",
                "emergency",
                "routine",
                "routine",
                "routine",
            ],
        }
        findings = access_timeliness_table(data, on_error="collect")
        assert findings.rows_in == 10
        assert findings.rows_used + findings.rejected.num_rows == 10
        reasons = {r["row"]: r["reason"] for r in findings.rejected.to_pylist()}
        assert reasons == {
            1: "service code '99' is not in Attachment V",
            2: (
                "service code '88' is listed in Attachment V for the Provider Enrollment File only"
            ),
            3: "service_code is null",
            4: (
                "the standard is in hours but requested_at 2008-12-23 or appointment_at "
                "2008-12-23 has no time of day"
            ),
            5: "appointment_at 2008-12-22 is before requested_at 2008-12-23",
            6: (
                "service code 11 (Psychiatric Inpatient Hospital Services) sets its time by "
                "admission type; give admission 'voluntary' or 'involuntary'"
            ),
            7: (
                "service code 37 (Codes 37-39 and D8, D9, E1 (service-type name lost in the "
                "converted text)) has no standard for a routine request; its standard is "
                "'Face-to-face contact within 1 hour for emergency situations and 4 hours for "
                "urgent situations'"
            ),
            8: (
                "requested_at 'soon' is not a date or time (expected YYYY-MM-DD or "
                "M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)"
            ),
            9: (
                "requested_at 2005-01-03 is outside the term of access.behavioral_health "
                "(from 2007-04-01)"
            ),
        }
        assert [row["row"] for row in findings.rows()] == [0]
        with pytest.raises(RejectedRowsError, match="9 of 10 rows of 'appointments'"):
            access_timeliness_table(data)
        text = findings.explain()
        assert "Rows: 10 in = 1 used + 9 rejected" in text

    @pytest.mark.parametrize("kind", ["pyarrow", "pandas", "polars"])
    def test_frames_and_timestamps(self, kind: str) -> None:
        """Timestamps (zone-aware gives local time), dates and booleans from each library."""
        requested = [dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 9)]  # noqa: DTZ001
        appointment = [dt.datetime(2008, 10, 6, 13), dt.datetime(2008, 10, 6, 13, 1)]  # noqa: DTZ001
        data = {
            "service_code": ["15", "15"],
            "requested_at": requested,
            "appointment_at": appointment,
            "urgency": ["emergency", "emergency"],
            "detoxification": [True, True],
        }
        frame: object
        if kind == "pyarrow":
            frame = pa.table(data)
        elif kind == "pandas":
            frame = pd.DataFrame(data)
        else:
            frame = pl.DataFrame(data)
        findings = access_timeliness_table(frame)
        assert [r["outcome"] for r in findings.rows()] == ["met", "not_met"]
        assert [r["margin"] for r in findings.rows()] == ["0", "-1"]

    def test_zone_aware_timestamps_use_local_time(self) -> None:
        """An aware timestamp column is read as its local wall-clock time."""
        zone = "America/Chicago"
        requested = pd.Series(pd.to_datetime(["2008-10-06 09:00"])).dt.tz_localize(zone)
        appointment = pd.Series(pd.to_datetime(["2008-10-06 13:00"])).dt.tz_localize(zone)
        findings = access_timeliness_table(
            pd.DataFrame(
                {
                    "service_code": ["41"],
                    "requested_at": requested,
                    "appointment_at": appointment,
                }
            )
        )
        assert findings.rows()[0]["margin"] == "0"

    def test_counts_and_dict(self) -> None:
        """counts() lists every outcome; to_dict() is JSON-ready."""
        findings = access_timeliness_table(
            {
                "service_code": ["20", "20"],
                "requested_at": ["2008-10-01", "2008-10-01"],
                "appointment_at": ["2008-10-15", "2008-10-16"],
            }
        )
        assert findings.counts() == {"met": 1, "not_met": 1, "not_applicable": 0, "not_assessed": 0}
        data = findings.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert [row["row"] for row in findings.not_met()] == [1]


class TestDistanceTable:
    """Distances over a table: exact decimals, every row accounted for."""

    @given(
        st.lists(
            st.tuples(
                st.sampled_from([code for code, _, _ in MILEAGE] + ["11", "31", "32", "19"]),
                st.decimals(0, 200, places=4),
                st.booleans(),
                st.booleans(),
            ),
            min_size=1,
            max_size=25,
        )
    )
    def test_table_equals_scalar(self, rows: list[tuple[str, Decimal, bool, bool]]) -> None:
        """Same outcome and figures as access_distance, row by row."""
        findings = access_distance_table(
            {
                "service_code": [r[0] for r in rows],
                "distance_miles": [str(r[1]) for r in rows],
                "rural": [r[2] for r in rows],
                "placement_approved": [r[3] for r in rows],
            }
        )
        for got, (code, miles, rural, approved) in zip(findings.rows(), rows, strict=True):
            want = access_distance(code, miles, rural=rural, placement_approved=approved).row()
            for key in ("outcome", "met", "standard", "measured", "limit", "margin", "unit"):
                assert got[key] == want[key], (key, code, miles, rural, approved)

    def test_floats_are_read_through_their_shortest_text(self) -> None:
        """30.000000000000004 is just over 30 miles (ruling M1), 0.1 + 0.2 is exact."""
        findings = access_distance_table(
            {"service_code": ["20", "20"], "distance_miles": [30.000000000000004, 0.1 + 0.2]}
        )
        assert [r["outcome"] for r in findings.rows()] == ["not_met", "met"]
        assert findings.rows()[0]["margin"] == "-0.000000000000004"

    def test_bad_rows(self) -> None:
        """Unknown codes, missing, negative or unreadable distances and flags are rejected."""
        findings = access_distance_table(
            {
                "service_code": ["20", "99", "20", "20", "20", "20", "20"],
                "distance_miles": ["1", "1", None, "-2", "x", float("inf"), "3"],
                "rural": ["no", "no", "no", "no", "no", "no", "maybe"],
            },
            on_error="collect",
        )
        assert findings.rows_used == 1
        assert findings.rejected.to_pylist() == [
            {"row": 1, "reason": "service code '99' is not in Attachment V"},
            {"row": 2, "reason": "distance_miles is null"},
            {"row": 3, "reason": "distance_miles must be >= 0 (got -2)"},
            {
                "row": 4,
                "reason": (
                    "distance_miles 'x' is not a number with at most 30 digits either side of "
                    "the point"
                ),
            },
            {
                "row": 5,
                "reason": (
                    "distance_miles 'inf' is not a number with at most 30 digits either side of "
                    "the point"
                ),
            },
            {"row": 6, "reason": "rural 'maybe' is not a yes/no value (true/false, yes/no, 1/0)"},
        ]


#: Every mileage a distance is judged by: "within N miles" and, for codes 32 and 33, the miles
#: beyond which a placement needs prior approval.
LINES = [
    (code, service.distance.miles)
    for service in STANDARDS.services
    if service.distance.miles is not None
    for code in service.all_codes()
]
#: A request of each unit of time standard: code, urgency, admission, and the limit it gets.
TIME_LINES = [
    ("41", "routine", None, TimeLimit(4, TimeUnit.HOURS)),
    ("85", "emergency", "involuntary", TimeLimit(4, TimeUnit.HOURS)),
    ("H9", "routine", "voluntary", TimeLimit(24, TimeUnit.HOURS)),
    ("20", "routine", None, TimeLimit(14, TimeUnit.CALENDAR_DAYS)),
    ("19", "urgent", None, TimeLimit(3, TimeUnit.BUSINESS_DAYS)),
]


class TestAtTheLine:
    """Each standard's line is one Threshold, which the one-value and the table check both evaluate.

    At the line (a distance equal to the miles, an appointment exactly at the deadline) both forms
    say met with a margin of 0; a cent, a minute or a day past it both say not met. Were the two
    forms to write their own comparisons (``<=`` in one, ``<`` in the other), these would differ.
    """

    def test_each_standard_gives_its_threshold(self) -> None:
        """The miles are an at-most threshold in miles; a time limit is at most its amount."""
        for code, miles in LINES:
            threshold = STANDARDS.service(code).distance.threshold
            assert threshold == Threshold(miles, "miles", Comparison.AT_MOST), code
        assert STANDARDS.service("31").distance.threshold is None
        assert TimeLimit(14, TimeUnit.CALENDAR_DAYS).threshold == Threshold(
            14, "calendar days", Comparison.AT_MOST
        )
        assert TimeLimit(4, TimeUnit.HOURS).threshold == Threshold(
            4 * 3_600_000_000, "microseconds", Comparison.AT_MOST
        )

    @given(st.sampled_from(LINES))
    def test_distance_at_the_miles_and_a_cent_above(self, case: tuple[str, Decimal]) -> None:
        """At the miles: met, margin 0, in both forms; a cent above: not met, short by a cent."""
        code, miles = case
        distances = [miles, miles + Decimal("0.01")]
        threshold = STANDARDS.service(code).distance.threshold
        assert threshold is not None
        assert [threshold.met(distance) for distance in distances] == [True, False]
        scalar = [access_distance(code, distance).row() for distance in distances]
        table = access_distance_table(
            {"service_code": [code, code], "distance_miles": [str(d) for d in distances]}
        ).rows()
        for rows in (scalar, table):
            assert [row["outcome"] for row in rows] == ["met", "not_met"], code
            assert [row["margin"] for row in rows] == ["0", "-0.01"], code
            assert [row["limit"] for row in rows] == [str(miles)] * 2, code

    @given(st.sampled_from(TIME_LINES), MOMENTS, st.one_of(st.none(), HOLIDAY_LISTS))
    def test_appointment_at_the_deadline_and_just_after(
        self,
        case: tuple[str, str, str | None, TimeLimit],
        request: dt.datetime,
        holidays: list[dt.date] | None,
    ) -> None:
        """At the deadline: met, margin 0, in both forms; a minute (hours) or a day after: not met."""
        code, urgency, admission, limit = case
        if limit.unit is TimeUnit.HOURS:
            deadline = request + dt.timedelta(hours=limit.amount)
            after = deadline + dt.timedelta(minutes=1)
            measured = [limit.amount * 3_600_000_000, limit.amount * 3_600_000_000 + 60_000_000]
        else:
            day = request.date() + dt.timedelta(days=limit.amount)
            if limit.unit is TimeUnit.BUSINESS_DAYS:
                day = add_business_days(request.date(), limit.amount, holidays=holidays)
            deadline = dt.datetime.combine(day, request.time())
            after = deadline + dt.timedelta(days=1)
            measured = [limit.amount, limit.amount + 1]
        assert [limit.threshold.met(figure) for figure in measured] == [True, False]
        options: dict[str, Any] = {"urgency": urgency, "admission": admission}
        scalar = [
            access_timeliness(
                code, requested_at=request, appointment_at=moment, holidays=holidays, **options
            ).row()
            for moment in (deadline, after)
        ]
        table = access_timeliness_table(
            {
                "service_code": [code, code],
                "requested_at": [request, request],
                "appointment_at": [deadline, after],
                "urgency": [urgency, urgency],
                "admission": [admission, admission],
            },
            holidays=holidays,
        ).rows()
        for rows in (scalar, table):
            assert [row["outcome"] for row in rows] == ["met", "not_met"], code
            assert [row["margin"] for row in rows] == ["0", "-1"], code
