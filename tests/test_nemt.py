"""NEMT: request lead time, decisions, fixed route, ride time, manifests, escorts, meals (item 30)."""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    decision_time,
    decision_time_table,
    escort_coverage,
    fixed_route_appropriateness,
    load_profile,
    meals_and_lodging,
    multi_passenger_ride_time,
    request_lead_time,
    request_lead_time_table,
    trip_manifest,
    trip_manifest_table,
)
from tenncare_calc.compliance import nemt_exclusion, nemt_exclusions_table, price_findings
from tenncare_calc.compliance.nemt import standards
from tenncare_calc.core.thresholds import Comparison
from tests.strategies import BLANK_TEXT, EPSILONS, MICRO_STEPS, MISSING, MOMENTS, written_as

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

ON = dt.date(2008, 10, 1)
HOUR = dt.timedelta(hours=1)


def _step(micros: int) -> dt.timedelta:
    return dt.timedelta(microseconds=micros)


class TestRequestLeadTime:
    """A.3.2: 72 hours expected; 3 hours (urban) or 4 hours (non-urban) must be accommodated."""

    @given(MOMENTS, MICRO_STEPS)
    def test_seventy_two_hours(self, pickup: dt.datetime, step: int) -> None:
        """72 hours ahead or more is an advance request; a moment less is not (member education)."""
        delta = min(_step(step), 60 * HOUR)

        def advance(requested: dt.datetime) -> str:
            finding = request_lead_time(
                requested_at=requested, pickup_at=pickup, urban=True, accommodated=True
            )
            return dict(finding.subject)["advance_request"]

        assert advance(pickup - 72 * HOUR - delta) == "yes"
        assert advance(pickup - 72 * HOUR) == "yes"
        assert advance(pickup - 72 * HOUR + delta) == "no"
        education = request_lead_time(
            requested_at=pickup - 72 * HOUR + delta, pickup_at=pickup, urban=True, accommodated=True
        )
        assert "additional education" in education.explain()

    @given(MOMENTS, MICRO_STEPS, st.booleans())
    def test_short_notice(self, pickup: dt.datetime, step: int, urban: bool) -> None:
        """At 3 h (urban) / 4 h (non-urban) or more the request must be accommodated; under, not."""
        hours = 3 if urban else 4
        delta = min(_step(step), hours * HOUR)

        def outcome(lead: dt.timedelta, accommodated: bool) -> str:
            return request_lead_time(
                requested_at=pickup - lead, pickup_at=pickup, urban=urban, accommodated=accommodated
            ).outcome.value

        assert outcome(hours * HOUR + delta, accommodated=False) == "not_met"
        assert outcome(hours * HOUR, accommodated=False) == "not_met"
        assert outcome(hours * HOUR, accommodated=True) == "met"
        assert outcome(hours * HOUR - delta, accommodated=False) == "not_applicable"
        assert outcome(hours * HOUR - delta, accommodated=True) == "not_applicable"

    def test_three_and_four_hours_by_hand(self) -> None:
        """3 h 30 min ahead: urban must be accommodated, non-urban need not be."""
        pickup = dt.datetime(2008, 10, 6, 13, 0)
        requested = dt.datetime(2008, 10, 6, 9, 30)
        urban = request_lead_time(
            requested_at=requested, pickup_at=pickup, urban=True, accommodated=False
        )
        rural = request_lead_time(
            requested_at=requested, pickup_at=pickup, urban=False, accommodated=False
        )
        assert (urban.outcome.value, urban.margin, urban.limit) == ("not_met", 30, 180)
        assert (rural.outcome.value, rural.margin, rural.limit) == ("not_applicable", -30, 240)

    @pytest.mark.parametrize("exemption", ["urgent", "provider_change", "follow_up"])
    def test_exemptions(self, exemption: str) -> None:
        """Exempt requests under the short notice are not assessed; over it they must be met."""
        pickup = dt.datetime(2008, 10, 6, 13, 0)
        short = request_lead_time(
            requested_at=pickup - HOUR,
            pickup_at=pickup,
            urban=True,
            accommodated=False,
            exemption=exemption,  # type: ignore[arg-type]
        )
        assert short.outcome.value == "not_assessed"
        assert "A.5.7" in (short.note or "")
        long = request_lead_time(
            requested_at=pickup - 5 * HOUR,
            pickup_at=pickup,
            urban=True,
            accommodated=False,
            exemption=exemption,  # type: ignore[arg-type]
        )
        assert long.outcome.value == "not_met"
        assert "education" not in long.explain()

    def test_bad_input(self) -> None:
        """Types, order of times, unknown exemptions, and dates before Attachment XI applies."""
        pickup = dt.datetime(2008, 10, 6, 13, 0)
        with pytest.raises(InvalidTypeError, match=r"datetime\.datetime with a time of day"):
            request_lead_time(
                requested_at=dt.date(2008, 10, 6),  # type: ignore[arg-type]
                pickup_at=pickup,
                urban=True,
                accommodated=True,
            )
        with pytest.raises(InvalidValueError, match="is before 'requested_at'"):
            request_lead_time(
                requested_at=pickup + HOUR, pickup_at=pickup, urban=True, accommodated=True
            )
        with pytest.raises(InvalidValueError, match="'exemption' must be one of"):
            request_lead_time(
                requested_at=pickup - HOUR,
                pickup_at=pickup,
                urban=True,
                accommodated=True,
                exemption="vip",  # type: ignore[arg-type]
            )
        with pytest.raises(InvalidTypeError, match="'urban' must be True or False"):
            request_lead_time(
                requested_at=pickup - HOUR,
                pickup_at=pickup,
                urban="yes",  # type: ignore[arg-type]
                accommodated=True,
            )
        with pytest.raises(OutsideTermError, match="2008-09-01"):
            request_lead_time(
                requested_at=dt.datetime(2008, 8, 1, 9),
                pickup_at=dt.datetime(2008, 8, 5, 9),
                urban=True,
                accommodated=True,
            )
        with pytest.raises(InvalidTypeError, match="naive"):
            request_lead_time(
                requested_at=pickup.replace(tzinfo=dt.UTC),
                pickup_at=pickup,
                urban=True,
                accommodated=True,
            )


class TestDecisionTime:
    """A.5.1.3: decide within 24 hours, and before the pick-up."""

    @given(MOMENTS, MICRO_STEPS)
    def test_twenty_four_hours(self, requested: dt.datetime, step: int) -> None:
        """Decided at exactly 24 hours is in time; a moment later is not."""
        delta = min(_step(step), 24 * HOUR)
        at = decision_time(requested_at=requested, decided_at=requested + 24 * HOUR)
        late = decision_time(requested_at=requested, decided_at=requested + 24 * HOUR + delta)
        early = decision_time(requested_at=requested, decided_at=requested + 24 * HOUR - delta)
        assert (early.met, at.met, late.met) == (True, True, False)
        assert at.margin == 0
        assert at.limit == 24 * 60
        assert "only the 24-hour limit" in (at.note or "")

    @given(MOMENTS, st.integers(0, 24 * 60), st.integers(-120, 120))
    def test_deadline_is_the_earlier_of_24_hours_and_the_pickup(
        self, requested: dt.datetime, pickup_minutes: int, decided_offset: int
    ) -> None:
        """The timeframe is reduced so the member arrives in time: deadline = min(24 h, pick-up)."""
        pickup = requested + dt.timedelta(minutes=pickup_minutes)
        decided = max(requested, pickup + dt.timedelta(minutes=decided_offset))
        finding = decision_time(requested_at=requested, decided_at=decided, pickup_at=pickup)
        deadline = min(requested + 24 * HOUR, pickup)
        assert finding.met is (decided <= deadline)
        assert finding.margin == Decimal(int((deadline - decided).total_seconds()) // 60)

    def test_the_note_names_the_profile_hours(self) -> None:
        """Without a pick-up, the note names the decision hours the profile gives, not 24."""
        requested = dt.datetime(2008, 10, 6, 9)
        finding = decision_time(
            requested_at=requested,
            decided_at=requested + HOUR,
            profile=load_profile(overrides={"nemt.decision_hours": 48}),
        )
        assert finding.note == "no pick-up time given: only the 48-hour limit was checked"

    def test_bad_input(self) -> None:
        """Decisions before requests, pick-ups before requests, and dates are errors."""
        requested = dt.datetime(2008, 10, 6, 9)
        with pytest.raises(InvalidValueError, match="'decided_at'"):
            decision_time(requested_at=requested, decided_at=requested - HOUR)
        with pytest.raises(InvalidValueError, match="'pickup_at'"):
            decision_time(requested_at=requested, decided_at=requested, pickup_at=requested - HOUR)
        with pytest.raises(InvalidTypeError):
            decision_time(requested_at=requested, decided_at=dt.date(2008, 10, 7))  # type: ignore[arg-type]


def _fixed(**changes: object) -> dict[str, str]:
    base: dict[str, object] = {
        "walk_to_stop_miles": "0.1",
        "walk_from_stop_miles": "0.1",
        "transfers": 0,
        "fixed_route_minutes": 40,
        "direct_minutes": 20,
        "minutes_early": 15,
        "minutes_waiting": None,
        "physician_statement": False,
        "on": ON,
    }
    finding = fixed_route_appropriateness(**{**base, **changes})  # type: ignore[arg-type]
    outcomes = {part.check.rsplit(".", 1)[1]: part.outcome.value for part in finding.parts}
    return {"all": finding.outcome.value, **outcomes}


class TestFixedRoute:
    """A.4.3.2.4-5: each measurable test just below, at and just above its line."""

    @given(EPSILONS)
    def test_quarter_mile(self, epsilon: Decimal) -> None:
        """The furthest walk to or from a stop is 1/4 mile, either end."""
        quarter = Decimal("0.25")
        assert _fixed(walk_to_stop_miles=quarter - epsilon)["walk_distance"] == "met"
        assert _fixed(walk_from_stop_miles=quarter)["walk_distance"] == "met"
        assert _fixed(walk_to_stop_miles=quarter + epsilon)["walk_distance"] == "not_met"
        assert _fixed(walk_from_stop_miles=quarter + epsilon)["all"] == "not_met"

    def test_one_transfer_per_leg(self) -> None:
        """0 and 1 transfer pass; 2 do not."""
        assert [_fixed(transfers=n)["transfers"] for n in (0, 1, 2)] == ["met", "met", "not_met"]

    @given(EPSILONS, st.decimals(0, 300, places=2))
    def test_sixty_minutes_added(self, epsilon: Decimal, direct: Decimal) -> None:
        """Fixed route may add at most 60 minutes over direct transportation."""
        assert (
            _fixed(fixed_route_minutes=direct + 60 - epsilon, direct_minutes=direct)[
                "added_travel_time"
            ]
            == "met"
        )
        assert (
            _fixed(fixed_route_minutes=direct + 60, direct_minutes=direct)["added_travel_time"]
            == "met"
        )
        assert (
            _fixed(fixed_route_minutes=direct + 60 + epsilon, direct_minutes=direct)[
                "added_travel_time"
            ]
            == "not_met"
        )

    @given(EPSILONS)
    def test_sixty_minutes_early_and_waiting(self, epsilon: Decimal) -> None:
        """Arrive at most 60 minutes early; wait at most 60 minutes after the appointment."""
        sixty = Decimal(60)
        assert _fixed(minutes_early=sixty - epsilon)["early_arrival"] == "met"
        assert _fixed(minutes_early=sixty)["early_arrival"] == "met"
        assert _fixed(minutes_early=sixty + epsilon)["early_arrival"] == "not_met"
        assert _fixed(minutes_waiting=sixty - epsilon)["return_wait"] == "met"
        assert _fixed(minutes_waiting=sixty)["return_wait"] == "met"
        assert _fixed(minutes_waiting=sixty + epsilon)["return_wait"] == "not_met"

    def test_arriving_late_and_omitted_tests(self) -> None:
        """Arriving after the appointment fails; a test without its input does not apply."""
        assert _fixed(minutes_early=-5)["early_arrival"] == "not_met"
        assert _fixed(minutes_early=None)["early_arrival"] == "not_applicable"
        assert _fixed()["return_wait"] == "not_applicable"
        assert _fixed()["all"] == "met"

    @given(
        st.sampled_from([("minutes_early", "early_arrival"), ("minutes_waiting", "return_wait")]),
        st.one_of(st.sampled_from(MISSING), BLANK_TEXT),
    )
    def test_a_missing_or_blank_input_is_not_given(
        self, field_and_part: tuple[str, str], missing: object
    ) -> None:
        """NaN, ``NaT``, ``pd.NA`` or blank text in an optional input is not given, as None is.

        docs/inputs.md: where an argument is optional, a missing value means it was not given;
        an empty cell of an extract arrives as one of these.
        """
        field, part = field_and_part
        found = _fixed(**{field: missing})
        assert found == _fixed(**{field: None})
        assert found[part] == "not_applicable"

    def test_physician_statement(self) -> None:
        """Never appropriate when a physician states in writing the member cannot use it."""
        assert _fixed(physician_statement=True)["all"] == "not_met"
        assert _fixed(physician_statement=True)["physician_statement"] == "not_met"

    def test_explain_and_rows(self) -> None:
        """The whole and each part explain themselves; rows() has one row per part."""
        finding = fixed_route_appropriateness(
            walk_to_stop_miles="0.3",
            walk_from_stop_miles=0,
            transfers=1,
            fixed_route_minutes=50,
            direct_minutes=20,
            on=ON,
        )
        text = finding.explain()
        assert "Fixed route appropriateness: NOT MET" in text
        assert "short by 0.05 miles" in text
        rows = finding.rows()
        assert [row["check"] for row in rows][:2] == [
            "nemt.fixed_route",
            "nemt.fixed_route.walk_distance",
        ]
        assert len(rows) == 7
        assert json.loads(json.dumps(finding.to_dict())) == finding.to_dict()

    def test_bad_input(self) -> None:
        """Negative distances or times, fractional transfers and non-flags are errors."""
        with pytest.raises(InvalidValueError, match="'walk_to_stop_miles' must be >= 0"):
            _fixed(walk_to_stop_miles=-1)
        with pytest.raises(InvalidValueError, match="whole number"):
            _fixed(transfers=1.5)
        with pytest.raises(InvalidTypeError, match="physician_statement"):
            _fixed(physician_statement="no")


class TestMultiPassenger:
    """A.5.2.2: at most one hour longer than the direct trip."""

    @given(EPSILONS, st.decimals(0, 600, places=2))
    def test_one_hour(self, epsilon: Decimal, direct: Decimal) -> None:
        """Direct + 60 minutes is allowed; a hair more is not."""
        outcomes = [
            multi_passenger_ride_time(ride_minutes=ride, direct_minutes=direct, on=ON).met
            for ride in (direct + 60 - epsilon, direct + 60, direct + 60 + epsilon)
        ]
        assert outcomes == [True, True, False]

    def test_by_hand(self) -> None:
        """A 95-minute ride for a 30-minute direct trip is 5 minutes over."""
        finding = multi_passenger_ride_time(ride_minutes=95, direct_minutes=30, on=ON)
        assert (finding.measured, finding.limit, finding.margin) == (65, 60, -5)


class TestManifest:
    """A.5.5.1: by the NEMT provider's close of business the day before the trip."""

    @given(
        st.dates(dt.date(2008, 9, 2), dt.date(2012, 12, 31)),
        st.times(),
        MICRO_STEPS,
    )
    def test_close_of_business_the_day_before(
        self, service: dt.date, close: dt.time, step: int
    ) -> None:
        """At the close of business the day before is in time; a moment later is late."""
        deadline = dt.datetime.combine(service - dt.timedelta(days=1), close)
        delta = _step(step)

        def met(sent: dt.datetime) -> bool | None:
            return trip_manifest(sent_at=sent, service_date=service, close_of_business=close).met

        assert (met(deadline - delta), met(deadline), met(deadline + delta)) == (True, True, False)

    def test_weekends_count(self) -> None:
        """A Monday trip's manifest is due Sunday (the day before, not the business day before)."""
        finding = trip_manifest(
            sent_at=dt.datetime(2008, 10, 5, 17, 1),
            service_date=dt.date(2008, 10, 6),
            close_of_business=dt.time(17, 0),
        )
        assert (finding.met, finding.margin) == (False, -1)
        assert "on Sunday" in finding.explain()

    def test_before_attachment_xi(self) -> None:
        """Trips before 2008-09-01 are outside Attachment XI's term (A.2.1)."""
        with pytest.raises(OutsideTermError, match=r"nemt\.manifest_days_before"):
            trip_manifest(
                sent_at=dt.datetime(2008, 8, 1, 9),
                service_date=dt.date(2008, 8, 2),
                close_of_business=dt.time(17),
            )

    def test_bad_input(self) -> None:
        """A datetime as the service date or text as the close of business is a type error."""
        with pytest.raises(InvalidTypeError, match="service_date"):
            trip_manifest(
                sent_at=dt.datetime(2008, 10, 5, 17),
                service_date=dt.datetime(2008, 10, 6, 9),
                close_of_business=dt.time(17),
            )
        with pytest.raises(InvalidTypeError, match="close_of_business"):
            trip_manifest(
                sent_at=dt.datetime(2008, 10, 5, 17),
                service_date=dt.date(2008, 10, 6),
                close_of_business="17:00",  # type: ignore[arg-type]
            )


class TestEscortsMealsLodging:
    """§2.6.1.2 and §2.7.5.4.6.1."""

    def test_one_escort(self) -> None:
        """One escort per member; two is one too many."""
        assert escort_coverage(member_age=40, escorts=1).met is True
        two = escort_coverage(member_age=40, escorts=2)
        assert two.met is False
        assert two.parts[0].margin == -1

    @pytest.mark.parametrize(("age", "covered"), [(0, True), (17, True), (18, False), (19, False)])
    def test_accompanying_adult_under_eighteen(self, age: int, covered: bool) -> None:
        """An accompanying adult is covered below 18; for an adult member it counts as an escort."""
        finding = escort_coverage(member_age=age, escorts=1, accompanying_adult=True)
        assert finding.met is covered
        assert escort_coverage(member_age=age, escorts=0, accompanying_adult=True).parts[0].met

    @pytest.mark.parametrize(
        ("mode", "met"),
        [("nemt_provider", False), ("fixed_route", True), ("commercial_carrier", True)],
    )
    def test_separate_payment(self, mode: str, met: bool) -> None:
        """No separate payment to a NEMT provider for an escort, except fixed route and carriers."""
        finding = escort_coverage(
            member_age=40,
            escorts=1,
            mode=mode,  # type: ignore[arg-type]
            separate_payment=True,
        )
        assert finding.met is met

    @given(st.sampled_from(["nemt_provider", "fixed_route", "commercial_carrier"]), st.data())
    def test_a_mode_in_any_case_and_padding(self, mode: str, data: st.DataObject) -> None:
        """The mode is read as ``nemt_exclusion`` and its table read it: trimmed, any case."""
        written = data.draw(written_as(mode))
        finding = escort_coverage(member_age=40, escorts=1, mode=written, separate_payment=True)  # type: ignore[arg-type]
        assert finding == escort_coverage(
            member_age=40,
            escorts=1,
            mode=mode,  # type: ignore[arg-type]
            separate_payment=True,
        )
        assert dict(finding.subject)["mode"] == mode
        assert nemt_exclusion(category="escort", mode=written).subject[1] == ("mode", mode)
        (row,) = nemt_exclusions_table({"category": ["escort"], "mode": [written]}).rows()
        assert row["mode"] == mode

    @given(st.one_of(st.text(max_size=24), st.sampled_from(["fixed route", " Taxi", "", " "])))
    def test_a_mode_not_named_as_nemt_exclusion_refuses_it(self, text: str) -> None:
        """Text that is no mode is refused by both one-value checks alike, naming the closest."""

        def refusal(call: Any) -> tuple[str | None, object, str] | None:
            try:
                call()
            except InvalidValueError as error:
                return (error.field, error.value, str(error))
            return None

        escort = refusal(lambda: escort_coverage(member_age=40, escorts=1, mode=text))  # type: ignore[arg-type]
        assert escort == refusal(lambda: nemt_exclusion(category="escort", mode=text))
        if escort is not None:
            assert escort[:2] == ("mode", text)
        if text.strip().lower() == "fixed route":
            assert escort is not None
            assert escort[2].endswith("(did you mean 'fixed_route'?)")

    @pytest.mark.parametrize(
        ("age", "one_day", "provided", "outcome"),
        [
            (20, False, True, "met"),
            (20, False, False, "not_met"),
            (20, True, True, "not_met"),
            (20, True, False, "met"),
            (21, False, True, "not_applicable"),
        ],
    )
    def test_meals_and_lodging(self, age: int, one_day: bool, provided: bool, outcome: str) -> None:
        """Only when the trip cannot be completed in one day; children (under 21) only."""
        finding = meals_and_lodging(member_age=age, completed_in_one_day=one_day, provided=provided)
        assert finding.outcome.value == outcome

    def test_bad_input(self) -> None:
        """Unknown modes, negative counts and non-flags are errors."""
        with pytest.raises(InvalidValueError, match="'mode' must be one of"):
            escort_coverage(member_age=4, escorts=1, mode="taxi")  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="'escorts' must be >= 0"):
            escort_coverage(member_age=4, escorts=-1)
        with pytest.raises(InvalidTypeError, match="'provided'"):
            meals_and_lodging(member_age=4, completed_in_one_day=True, provided=1)  # type: ignore[arg-type]


def test_findings_priced_with_user_amounts() -> None:
    """Exhibit F amounts from a user profile price the not-met NEMT findings (M3 per line)."""
    profile = load_profile(
        overrides={
            "compliance.finding_amounts": {"nemt.decision_time": "100", "nemt.escorts": "25.50"}
        }
    )
    requested = dt.datetime(2008, 10, 6, 9)
    findings = [
        decision_time(requested_at=requested, decided_at=requested + 25 * HOUR),
        decision_time(requested_at=requested, decided_at=requested + 26 * HOUR),
        decision_time(requested_at=requested, decided_at=requested + HOUR),
        escort_coverage(member_age=40, escorts=3),
        multi_passenger_ride_time(ride_minutes=200, direct_minutes=20, on=ON),
    ]
    priced = price_findings(findings, profile=profile)
    assert [(line.check, line.not_met, line.total) for line in priced.lines] == [
        ("nemt.decision_time", 2, Decimal("200.00")),
        ("nemt.escorts", 1, Decimal("25.50")),
        ("nemt.multi_passenger_ride", 1, None),
    ]
    assert priced.total == Decimal("225.50")
    assert priced.unpriced == ("nemt.multi_passenger_ride",)


def _column(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    return {key: [row[key] for row in rows] for key in rows[0]}


FIGURES = ("outcome", "met", "standard", "measured", "limit", "margin", "unit", "section")


class TestTables:
    """The columnar trip checks equal the scalar checks row by row, and account for every row."""

    @given(
        st.lists(
            st.tuples(
                MOMENTS,
                st.integers(0, 100 * 60 * 60_000_000),
                st.booleans(),
                st.booleans(),
                st.sampled_from([None, "urgent", "provider_change", "follow_up"]),
            ),
            min_size=1,
            max_size=20,
        )
    )
    def test_request_lead_time(
        self, rows: list[tuple[dt.datetime, int, bool, bool, str | None]]
    ) -> None:
        """Same outcome and figures as request_lead_time for every row."""
        data = [
            {
                "requested_at": pickup - _step(lead),
                "pickup_at": pickup,
                "urban": urban,
                "accommodated": accommodated,
                "exemption": exemption,
            }
            for pickup, lead, urban, accommodated, exemption in rows
        ]
        findings = request_lead_time_table(_column(data))
        for got, row in zip(findings.rows(), data, strict=True):
            want = request_lead_time(**row).row()  # type: ignore[arg-type]
            assert {k: got[k] for k in FIGURES} == {k: want[k] for k in FIGURES}
            assert got["advance_request"] is (want["advance_request"] == "yes")

    @given(
        st.lists(
            st.tuples(
                MOMENTS,
                st.integers(0, 48 * 60 * 60_000_000),
                st.one_of(st.none(), st.integers(0, 48 * 60 * 60_000_000)),
            ),
            min_size=1,
            max_size=20,
        )
    )
    def test_decision_time(self, rows: list[tuple[dt.datetime, int, int | None]]) -> None:
        """Same outcome and figures as decision_time for every row, with or without pick-up."""
        data = [
            {
                "requested_at": requested,
                "decided_at": requested + _step(decided),
                "pickup_at": None if pickup is None else requested + _step(pickup),
            }
            for requested, decided, pickup in rows
        ]
        findings = decision_time_table(_column(data))
        for got, row in zip(findings.rows(), data, strict=True):
            want = decision_time(**row).row()  # type: ignore[arg-type]
            assert {k: got[k] for k in FIGURES} == {k: want[k] for k in FIGURES}

    @given(
        st.lists(
            st.tuples(
                st.dates(dt.date(2008, 9, 2), dt.date(2012, 12, 31)),
                st.times(),
                st.integers(-3 * 86_400_000_000, 3 * 86_400_000_000),
            ),
            min_size=1,
            max_size=20,
        )
    )
    def test_trip_manifest(self, rows: list[tuple[dt.date, dt.time, int]]) -> None:
        """Same outcome and margin as trip_manifest for every row."""
        data = [
            {
                "sent_at": dt.datetime.combine(service, dt.time(12)) + _step(offset),
                "service_date": service,
                "close_of_business": close.replace(microsecond=0),
            }
            for service, close, offset in rows
        ]
        findings = trip_manifest_table(_column(data))
        for got, row in zip(findings.rows(), data, strict=True):
            want = trip_manifest(**row).row()  # type: ignore[arg-type]
            assert {k: got[k] for k in ("outcome", "met", "margin", "unit")} == {
                k: want[k] for k in ("outcome", "met", "margin", "unit")
            }

    def test_rows_in_equal_rows_used_plus_rejected(self) -> None:
        """Dates without times, reversed times, unknown exemptions and early trips are rejected."""
        findings = request_lead_time_table(
            {
                "requested_at": [
                    "2008-10-06 09:00",
                    "2008-10-06",
                    "2008-10-06 15:00",
                    "2008-10-06 09:00",
                    "2008-08-01 09:00",
                ],
                "pickup_at": ["2008-10-06 13:00"] * 4 + ["2008-08-02 09:00"],
                "urban": ["yes", "yes", "yes", "yes", "yes"],
                "accommodated": ["yes", "yes", "yes", "yes", "yes"],
                "exemption": [None, None, None, "vip", None],
            },
            on_error="collect",
        )
        assert findings.rows_used + findings.rejected.num_rows == findings.rows_in == 5
        assert findings.rejected.to_pylist() == [
            {"row": 1, "reason": "requested_at 2008-10-06 has no time of day"},
            {
                "row": 2,
                "reason": "pickup_at 2008-10-06 13:00 is before requested_at 2008-10-06 15:00",
            },
            {
                "row": 3,
                "reason": "exemption 'vip' is not one of urgent, provider_change, follow_up",
            },
            {
                "row": 4,
                "reason": (
                    "requested_at 2008-08-01 09:00 is outside the term of "
                    "nemt.request_lead_time_hours (from 2008-09-01)"
                ),
            },
        ]
        decisions = decision_time_table(
            {
                "requested_at": ["2008-10-06 09:00", "2008-10-06 09:00", "2008-10-06 09:00"],
                "decided_at": ["2008-10-06 08:00", "2008-10-06 10:00", "2008-10-06 10:00"],
                "pickup_at": ["", "2008-10-06", "x"],
            },
            on_error="collect",
        )
        assert [r["reason"] for r in decisions.rejected.to_pylist()] == [
            "decided_at 2008-10-06 08:00 is before requested_at 2008-10-06 09:00",
            "pickup_at 2008-10-06 has no time of day",
            "pickup_at 'x' is not a date or time (expected YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)",
        ]
        manifests = trip_manifest_table(
            {
                "sent_at": ["2008-10-05 17:00", "2008-10-05 17:00"],
                "service_date": ["2008-10-06", "2008-10-06"],
                "close_of_business": ["17:00", "5pm"],
            },
            on_error="collect",
        )
        assert manifests.rejected.to_pylist() == [
            {
                "row": 1,
                "reason": "close_of_business '5pm' is not a time of day (expected HH:MM or HH:MM:SS)",
            }
        ]
        assert "Rows: 2 in = 1 used + 1 rejected" in manifests.explain()


MICRO = dt.timedelta(microseconds=1)


@functools.cache
def _with(*values: tuple[str, object]) -> ContractProfile:
    """Return the shipped profile with some NEMT values changed (cached: hypothesis asks often)."""
    return load_profile(overrides=dict(values))


class TestAtTheLine:
    """Each line exactly, and one unit (a microsecond, a minute, a year) to each side of it.

    Where a check has a table form, both forms are asked the same three questions. The lines come
    from the profile, so each is drawn: the checks must follow the value, not a number of their own.
    """

    @given(MOMENTS, st.integers(1, 48), st.booleans(), st.booleans())
    def test_short_notice(
        self, pickup: dt.datetime, hours: int, urban: bool, accommodated: bool
    ) -> None:
        """Exactly the short-notice hours ahead must be accommodated; a microsecond less need not be."""
        name = "nemt.short_notice_hours_urban" if urban else "nemt.short_notice_hours_non_urban"
        profile = _with((name, hours))
        rows = [
            {
                "requested_at": pickup - hours * HOUR + step,
                "pickup_at": pickup,
                "urban": urban,
                "accommodated": accommodated,
            }
            for step in (MICRO, dt.timedelta(0), -MICRO)
        ]
        judged = "met" if accommodated else "not_met"
        scalar = [
            request_lead_time(**row, profile=profile)  # type: ignore[arg-type]
            for row in rows
        ]
        assert [f.outcome.value for f in scalar] == ["not_applicable", judged, judged]
        assert (scalar[1].margin, scalar[1].limit) == (0, hours * 60)
        table = request_lead_time_table(_column(rows), profile=profile).rows()
        assert [r["outcome"] for r in table] == ["not_applicable", judged, judged]
        assert (table[1]["margin"], table[1]["limit"]) == ("0", str(hours * 60))

    @given(MOMENTS, st.integers(5, 120))
    def test_advance_request(self, pickup: dt.datetime, hours: int) -> None:
        """Exactly the advance hours ahead is an advance request; a microsecond later is not."""
        profile = _with(("nemt.request_lead_time_hours", hours))
        rows = [
            {
                "requested_at": pickup - hours * HOUR + step,
                "pickup_at": pickup,
                "urban": True,
                "accommodated": True,
            }
            for step in (MICRO, dt.timedelta(0), -MICRO)
        ]
        scalar = [
            request_lead_time(**row, profile=profile)  # type: ignore[arg-type]
            for row in rows
        ]
        assert [dict(f.subject)["advance_request"] for f in scalar] == ["no", "yes", "yes"]
        table = request_lead_time_table(_column(rows), profile=profile).rows()
        assert [r["advance_request"] for r in table] == [False, True, True]

    @given(MOMENTS, st.integers(1, 72), st.one_of(st.none(), st.integers(1, 72 * 60)))
    def test_decision(self, requested: dt.datetime, hours: int, pickup_minutes: int | None) -> None:
        """Decided exactly when the time allowed runs out is in time; a microsecond later is not."""
        profile = _with(("nemt.decision_hours", hours))
        pickup = (
            None if pickup_minutes is None else requested + dt.timedelta(minutes=pickup_minutes)
        )
        allowed = hours * HOUR if pickup is None else min(hours * HOUR, pickup - requested)
        rows = [
            {
                "requested_at": requested,
                "decided_at": requested + allowed + step,
                "pickup_at": pickup,
            }
            for step in (-MICRO, dt.timedelta(0), MICRO)
        ]
        scalar = [decision_time(**row, profile=profile) for row in rows]  # type: ignore[arg-type]
        assert [f.met for f in scalar] == [True, True, False]
        assert scalar[1].margin == 0
        table = decision_time_table(_column(rows), profile=profile).rows()
        assert [r["met"] for r in table] == [True, True, False]
        assert table[1]["margin"] == "0"

    @given(
        st.dates(dt.date(2008, 9, 2), dt.date(2012, 12, 31)),
        st.times().map(lambda close: close.replace(microsecond=0)),
        st.integers(1, 5),
    )
    def test_manifest(self, service: dt.date, close: dt.time, days_before: int) -> None:
        """Sent at the close of business the days before is in time; a microsecond later is late."""
        profile = _with(("nemt.manifest_days_before", days_before))
        deadline = dt.datetime.combine(service - dt.timedelta(days=days_before), close)
        rows = [
            {"sent_at": deadline + step, "service_date": service, "close_of_business": close}
            for step in (-MICRO, dt.timedelta(0), MICRO)
        ]
        scalar = [trip_manifest(**row, profile=profile) for row in rows]  # type: ignore[arg-type]
        assert [f.met for f in scalar] == [True, True, False]
        assert scalar[1].margin == 0
        table = trip_manifest_table(_column(rows), profile=profile).rows()
        assert [r["met"] for r in table] == [True, True, False]
        assert table[1]["margin"] == "0"

    @given(st.integers(1, 120), st.integers(0, 300))
    def test_minutes_of_fixed_route_and_ride_time(self, limit: int, direct: int) -> None:
        """Added travel, early arrival, return wait, ride time: at the line met, a minute over not."""
        profile = _with(
            ("nemt.fixed_route_added_minutes", limit),
            ("nemt.fixed_route_early_arrival_minutes", limit),
            ("nemt.fixed_route_return_wait_minutes", limit),
            ("nemt.multi_passenger_added_minutes", limit),
        )
        for minutes in (limit - 1, limit, limit + 1):
            parts = {
                part.check.rsplit(".", 1)[1]: part
                for part in fixed_route_appropriateness(
                    walk_to_stop_miles=0,
                    walk_from_stop_miles=0,
                    transfers=0,
                    fixed_route_minutes=direct + minutes,
                    direct_minutes=direct,
                    minutes_early=minutes,
                    minutes_waiting=minutes,
                    on=ON,
                    profile=profile,
                ).parts
            }
            ride = multi_passenger_ride_time(
                ride_minutes=direct + minutes, direct_minutes=direct, on=ON, profile=profile
            )
            for finding in (
                parts["added_travel_time"],
                parts["early_arrival"],
                parts["return_wait"],
                ride,
            ):
                assert finding.met is (minutes <= limit), finding.check
                assert finding.margin == limit - minutes

    @given(st.integers(1, 200), st.integers(1, 5), st.integers(1, 4))
    def test_walk_transfers_and_escorts(
        self, hundredths: int, transfers: int, escorts: int
    ) -> None:
        """The walk (by the hundredth of a mile), transfers, escorts: at the line met, one over not."""
        walk = Decimal(hundredths) / 100
        profile = _with(
            ("nemt.fixed_route_walk_miles", walk),
            ("nemt.fixed_route_transfers_per_leg", transfers),
            ("nemt.escorts_per_member", escorts),
        )
        for step in (-1, 0, 1):
            finding = fixed_route_appropriateness(
                walk_to_stop_miles=walk + Decimal(step) / 100,
                walk_from_stop_miles=0,
                transfers=transfers + step,
                fixed_route_minutes=0,
                direct_minutes=0,
                on=ON,
                profile=profile,
            )
            parts = {part.check.rsplit(".", 1)[1]: part for part in finding.parts}
            assert parts["walk_distance"].met is (step <= 0)
            assert parts["walk_distance"].margin == -Decimal(step) / 100
            assert parts["transfers"].met is (step <= 0)
            escort = escort_coverage(
                member_age=40, escorts=escorts + step, on=ON, profile=profile
            ).parts[0]
            assert (escort.met, escort.margin) == (step <= 0, -step)

    @given(st.integers(2, 30), st.integers(2, 30))
    def test_ages(self, adult_under: int, child_under: int) -> None:
        """Accompanying adult, meals and lodging: a year under the age applies, the age does not."""
        profile = _with(
            ("nemt.accompanying_adult_under_age", adult_under),
            ("nemt.child_under_age", child_under),
        )
        covered = [
            escort_coverage(member_age=age, escorts=0, accompanying_adult=True, profile=profile)
            .parts[1]
            .met
            for age in (adult_under - 1, adult_under, adult_under + 1)
        ]
        assert covered == [True, False, False]
        outcomes = [
            meals_and_lodging(
                member_age=age, completed_in_one_day=False, provided=True, profile=profile
            ).outcome.value
            for age in (child_under - 1, child_under, child_under + 1)
        ]
        assert outcomes == ["met", "not_applicable", "not_applicable"]


#: How each line of Attachment XI and the benefit is met, as the contract words it.
CONTRACT_WORDS = {
    "ADVANCE_REQUEST": Comparison.AT_LEAST,  # "at least 72 hours"
    "SHORT_NOTICE": Comparison.AT_LEAST,  # "at least three (3) hours" / four
    "DECISION": Comparison.AT_MOST,  # "within 24 hours"
    "MANIFEST_LEAD": Comparison.AT_LEAST,  # "by close of business the day before"
    "WALK": Comparison.AT_MOST,  # "no more than 1/4 mile"
    "TRANSFERS": Comparison.AT_MOST,  # "no more than one transfer"
    "ADDED_TRAVEL_TIME": Comparison.AT_MOST,  # "no more than 60 minutes"
    "EARLY_ARRIVAL": Comparison.AT_MOST,
    "RETURN_WAIT": Comparison.AT_MOST,
    "RIDE_TIME": Comparison.AT_MOST,  # "not more than one hour longer"
    "ESCORTS": Comparison.AT_MOST,  # "one escort"
    "ACCOMPANYING_ADULT_AGE": Comparison.LESS_THAN,  # "under age 18"
    "CHILD_AGE": Comparison.LESS_THAN,  # "under age 21"
}


class TestStandards:
    """Each line is one value: the one-value threshold and the column form agree at and around it."""

    def test_every_line_is_worded(self) -> None:
        """Every standard of the module is pinned to the contract's comparison."""
        found = {
            name: getattr(standards, name).comparison
            for name in standards.__all__
            if isinstance(getattr(standards, name), standards.Standard)
        }
        assert found == CONTRACT_WORDS

    @pytest.mark.parametrize("name", sorted(CONTRACT_WORDS))
    @given(value=st.integers(1, 10_000), offset=st.integers(-1, 1))
    def test_one_value_and_column_forms(self, name: str, value: int, offset: int) -> None:
        """At the limit and one unit either side, both forms give the same answer and margin."""
        standard: standards.Standard = getattr(standards, name)
        measured = standard.limit(value) + offset
        threshold = standard.threshold(value)
        column = standard.met(np.array([measured, measured]), np.array([value, value]))
        margins = standard.margin(np.array([measured]), np.array([value]))
        assert column.tolist() == [threshold.met(measured)] * 2
        assert margins.tolist() == [threshold.margin(measured)]
        expected = {
            Comparison.AT_MOST: offset <= 0,
            Comparison.AT_LEAST: offset >= 0,
            Comparison.LESS_THAN: offset < 0,
            Comparison.MORE_THAN: offset > 0,
        }[standard.comparison]
        assert threshold.met(measured) is expected
