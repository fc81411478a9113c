"""Utilization management (source 000): sample (U1), Level III.5 (U2), no-utilization (U3), profiles."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import EDGE_DAYS, MEMBER_IDS, days

if TYPE_CHECKING:
    import random

    from tenncare_calc.contract.profile import ContractProfile

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    level_iii_5_restrictive_decision,
    level_iii_5_review,
    load_profile,
    monthly_sample,
    no_utilization_report,
    provider_profiles,
    sample_enrollees,
)
from tenncare_calc.columnar import days_from_date
from tenncare_calc.compliance.utilization.continuous_enrollment import _whole_months
from tenncare_calc.compliance.utilization.outliers import _rounded_texts
from tenncare_calc.core.values import exact_context


class TestMonthlySample:
    """U1: at least 500, uniform without replacement, reproducible; small populations whole."""

    @pytest.mark.parametrize(
        ("population", "size", "whole", "flagged"),
        [(499, 499, True, True), (500, 500, True, False), (501, 500, False, False)],
    )
    def test_five_hundred(self, population: int, size: int, whole: bool, flagged: bool) -> None:
        """499 is taken whole and flagged; 500 is taken whole; 501 gives a sample of 500."""
        sample = sample_enrollees(range(population), seed=7)
        assert (len(sample.members), sample.taken_whole, sample.below_minimum) == (
            size,
            whole,
            flagged,
        )
        assert len(set(sample.members)) == len(sample.members)
        assert set(sample.members) <= set(range(population))

    @given(
        st.one_of(
            st.lists(st.integers(1, 10**9), max_size=800, unique=True),
            st.lists(MEMBER_IDS.filter(lambda m: isinstance(m, str)), max_size=800, unique=True),
        ),
        st.integers(),
        st.randoms(),
    )
    def test_reproducible_and_order_free(
        self, population: list[Any], seed: int, shuffler: random.Random
    ) -> None:
        """The same seed and population give the same draw, in any input order."""
        first = sample_enrollees(population, seed=seed)
        mixed = list(population)
        shuffler.shuffle(mixed)
        assert sample_enrollees(mixed + mixed[:3], seed=seed).members == first.members
        assert len(first.members) == min(500, len(population))

    def test_the_draw_is_the_smallest_sha256_keys(self) -> None:
        """Anyone can check the draw with SHA-256: the sample is the 500 smallest keys."""
        population = [f"M{n:05d}" for n in range(2000)]
        sample = sample_enrollees(population, seed="oct-2008")
        keys = sorted(
            (hashlib.sha256(f"oct-2008\x1f{m}".encode()).hexdigest(), m) for m in population
        )
        assert list(sample.members) == [m for _, m in keys[:500]]
        assert sample.rows()[0] == {"draw": 1, "member_id": keys[0][1], "key": keys[0][0]}

    @given(
        st.one_of(
            st.lists(st.integers(-(2**63), 2**63 - 1), max_size=700),
            st.lists(st.text(min_size=1).filter(str.strip), max_size=700),
        ),
        st.lists(st.integers(-3, 33), max_size=700),
        st.one_of(st.integers(), st.text()),
        st.sampled_from([None, 501, 650]),
    )
    def test_monthly_draw_is_the_smallest_keys(
        self, ids: list[Any], offsets: list[int], seed: int | str, size: int | None
    ) -> None:
        """The columnar draw equals sorting SHA-256 keys of the distinct members in the month."""
        ids = ids[: len(offsets)]
        dates = [dt.date(2008, 10, 1) + dt.timedelta(days=n) for n in offsets[: len(ids)]]
        sample = monthly_sample(
            {"member_id": ids, "service_date": dates},
            month=dt.date(2008, 10, 1),
            seed=seed,
            size=size,
        )
        population = {m for m, day in zip(ids, dates, strict=True) if day.month == 10}
        keys = sorted(
            (hashlib.sha256(f"{seed}\x1f{m}".encode()).hexdigest(), m) for m in population
        )[: size or 500]
        assert sample.population == len(population)
        assert list(zip(sample.keys, sample.members, strict=True)) == keys
        assert [type(m) for m in sample.members] == [type(m) for _, m in keys]

    def test_uniform(self) -> None:
        """Over 400 seeds, each of 1,000 enrollees is drawn about half the time (7 sd band)."""
        counts = dict.fromkeys(range(1000), 0)
        for seed in range(400):
            for member in sample_enrollees(range(1000), seed=seed).members:
                counts[member] += 1  # type: ignore[index]
        assert min(counts.values()) > 130
        assert max(counts.values()) < 270
        assert sum(counts.values()) == 400 * 500

    def test_size_and_seed(self) -> None:
        """A larger size is allowed; a smaller one or a bad seed is an error."""
        assert len(sample_enrollees(range(900), seed=1, size=600).members) == 600
        with pytest.raises(InvalidValueError, match="at least the clause's minimum of 500"):
            sample_enrollees(range(900), seed=1, size=499)
        with pytest.raises(InvalidTypeError, match="'seed'"):
            sample_enrollees(range(9), seed=1.5)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="member ids"):
            sample_enrollees([1, None], seed=1)
        with pytest.raises(InvalidTypeError, match="mixes whole-number and text"):
            sample_enrollees([1, "1"], seed=1)

    @pytest.mark.parametrize("flag", [True, False])
    def test_a_yes_no_value_is_not_a_member_id(self, flag: bool) -> None:
        """True or False among whole-number ids is refused, not drawn as member 1 or 0."""
        with pytest.raises(InvalidTypeError) as raised:
            sample_enrollees([2, flag, 3], seed=1)
        assert (raised.value.field, raised.value.value) == ("enrollees", flag)
        assert str(raised.value) == f"'enrollees' must hold member ids (int or text) (got {flag})"

    def test_from_claims_in_the_month(self) -> None:
        """Members with a service dated in the month, first to last day; bad rows accounted."""
        claims = {
            "member_id": [1, 2, 3, 4, None, 6],
            "service_date": [
                "2008-09-30",
                "2008-10-01",
                "2008-10-31",
                "2008-11-01",
                "2008-10-15",
                "2008-10-15",
            ],
        }
        sample = monthly_sample(claims, month=dt.date(2008, 10, 20), seed=1, on_error="collect")
        assert sorted(sample.members) == [2, 3, 6]  # type: ignore[type-var]
        assert sample.rows_in == 6
        assert sample.rejected.to_pylist() == [{"row": 4, "reason": "member_id is null"}]
        text = sample.explain()
        assert "FLAGGED: below the minimum" in text
        assert "Rows: 6 in = 5 used + 1 rejected" in text
        data = sample.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["month"] == "2008-10"
        with pytest.raises(RejectedRowsError):
            monthly_sample(claims, month=dt.date(2008, 10, 1), seed=1)

    @pytest.mark.parametrize("kind", ["pyarrow", "pandas", "polars"])
    def test_frames(self, kind: str) -> None:
        """Any supported table; another date column by name."""
        data = {
            "member_id": list(range(700)),
            "billed": [dt.date(2008, 10, 1 + n % 28) for n in range(700)],
        }
        frame: object = (
            pa.table(data)
            if kind == "pyarrow"
            else pd.DataFrame(data)
            if kind == "pandas"
            else pl.DataFrame(data)
        )
        sample = monthly_sample(frame, month=dt.date(2008, 10, 1), seed=3, date_column="billed")
        assert sample.population == 700
        assert sample.members == sample_enrollees(range(700), seed=3).members


def _run(start: dt.date, length: int) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range(length)]


class TestLevelIII5:
    """U2: review from day 7; restrictive decisions after 14 consecutive days."""

    @given(days(2008, 2012), st.lists(st.integers(0, 40), max_size=10))
    def test_day_six_and_seven(self, first: dt.date, later: list[int]) -> None:
        """Day 1 is the first day of services: day 6 is too early, day 7 is permitted."""
        service = [first] + [first + dt.timedelta(days=n) for n in later]
        six = level_iii_5_review(service, on=first + dt.timedelta(days=5))
        seven = level_iii_5_review(service, on=first + dt.timedelta(days=6))
        assert (six.met, six.margin, seven.met, seven.margin) == (False, -1, True, 0)

    @given(days(2008, 2012), st.integers(1, 30), st.integers(0, 5))
    def test_thirteen_and_fourteen_consecutive_days(
        self, first: dt.date, length: int, after: int
    ) -> None:
        """A restrictive decision needs a run of at least 14 consecutive service days."""
        service = _run(first, length)
        decision = service[-1] + dt.timedelta(days=after)
        finding = level_iii_5_restrictive_decision(service, on=decision)
        assert finding.met is (length >= 14)
        assert finding.measured == length

    def test_by_hand(self) -> None:
        """13 days, a gap, 13 days: never 14 in a row; the decision day itself can count."""
        broken = _run(dt.date(2008, 10, 1), 13) + _run(dt.date(2008, 10, 15), 13)
        finding = level_iii_5_restrictive_decision(broken, on=dt.date(2008, 10, 31))
        assert (finding.met, finding.measured, finding.margin) == (False, 13, -1)
        fourteen = _run(dt.date(2008, 10, 1), 14)
        assert level_iii_5_restrictive_decision(fourteen, on=dt.date(2008, 10, 14)).met
        excluded = level_iii_5_restrictive_decision(
            fourteen, on=dt.date(2008, 10, 14), include_decision_day=False
        )
        assert (excluded.met, excluded.measured) == (False, 13)
        later = level_iii_5_restrictive_decision(fourteen, on=dt.date(2008, 10, 10))
        assert (later.met, later.measured) == (False, 10)
        assert "longest run 2008-10-01 to 2008-10-10: 10 days" in later.explain()

    def test_bad_input(self) -> None:
        """Empty days, a review before services, datetimes and text are errors."""
        with pytest.raises(InvalidValueError, match="is empty"):
            level_iii_5_review([], on=dt.date(2008, 10, 1))
        with pytest.raises(InvalidValueError, match="before the first day of services"):
            level_iii_5_review([dt.date(2008, 10, 2)], on=dt.date(2008, 10, 1))
        with pytest.raises(InvalidTypeError, match=r"must be a date, not a moment"):
            level_iii_5_review([dt.datetime(2008, 10, 2, 9)], on=dt.date(2008, 10, 3))  # noqa: DTZ001
        with pytest.raises(InvalidTypeError, match="iterable of dates"):
            level_iii_5_review("2008-10-01", on=dt.date(2008, 10, 3))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="include_decision_day"):
            level_iii_5_restrictive_decision(
                [dt.date(2008, 10, 2)],
                on=dt.date(2008, 10, 3),
                include_decision_day=1,  # type: ignore[arg-type]
            )


def _report(
    spans: list[tuple[Any, str, str | None]], claims: list[tuple[Any, str]], **kw: Any
) -> Any:
    return no_utilization_report(
        {
            "member_id": [s[0] for s in spans],
            "start_date": [s[1] for s in spans],
            "end_date": [s[2] for s in spans],
        },
        {"member_id": [c[0] for c in claims], "service_date": [c[1] for c in claims]},
        **kw,
    )


REPORT = dt.date(2008, 12, 31)


class TestNoUtilization:
    """U3: continuously enrolled 12 months ending on the report date, no claim in that time."""

    def test_twelve_month_boundary(self) -> None:
        """Enrolled since the window start is listed; since the next day is not."""
        report = _report(
            [(1, "2008-01-01", None), (2, "2008-01-02", None), (3, "2005-01-01", None)],
            [],
            report_date=REPORT,
        )
        assert report.window_start == dt.date(2008, 1, 1)
        assert report.rows() == [
            {"member_id": 1, "enrolled_since": "2008-01-01", "months_enrolled": 12},
            {"member_id": 3, "enrolled_since": "2005-01-01", "months_enrolled": 48},
        ]
        assert (report.enrollees, report.continuously_enrolled, report.count) == (3, 2, 2)

    def test_leap_day_report(self) -> None:
        """A report on 2008-02-29 looks back to 2007-03-01."""
        report = _report([(1, "2007-03-01", None)], [], report_date=dt.date(2008, 2, 29))
        assert report.window_start == dt.date(2007, 3, 1)
        assert report.count == 1

    def test_claims_in_and_out_of_the_window(self) -> None:
        """A claim on the window's first or last day removes; the day before or after does not."""
        spans = [(m, "2006-01-01", None) for m in (1, 2, 3, 4)]
        claims = [(1, "2008-01-01"), (2, "2008-12-31"), (3, "2007-12-31"), (4, "2009-01-01")]
        report = _report(spans, claims, report_date=REPORT)
        assert [row["member_id"] for row in report.rows()] == [3, 4]
        whole = _report(spans, claims, report_date=REPORT, claims_window="enrollment")
        assert [row["member_id"] for row in whole.rows()] == [4]

    def test_continuity(self) -> None:
        """Adjacent and overlapping spans join; a one-day gap breaks; an ended span is out."""
        report = _report(
            [
                (1, "2007-01-01", "2007-06-30"),
                (1, "2007-07-01", None),
                (2, "2007-01-01", "2008-06-30"),
                (2, "2008-07-02", None),
                (3, "2007-01-01", "2008-03-01"),
                (3, "2007-06-01", "2009-06-01"),
                (4, "2007-01-01", "2008-12-30"),
                (5, "2009-01-01", None),
            ],
            [],
            report_date=REPORT,
        )
        assert [row["member_id"] for row in report.rows()] == [1, 3]
        assert report.rows()[1]["enrolled_since"] == "2007-01-01"

    def test_ten_digit_member_ids(self) -> None:
        """Ids far apart are renumbered, not given an array entry for every number between them."""
        report = _report(
            [
                (9_000_000_000, "2007-01-01", None),
                (1, "2007-01-01", None),
                (5_000_000_000, "2007-01-01", "2008-06-30"),
            ],
            [(1, "2008-05-01"), (7_000_000_000, "2008-05-01")],
            report_date=REPORT,
        )
        assert report.rows() == [
            {"member_id": 9_000_000_000, "enrolled_since": "2007-01-01", "months_enrolled": 24}
        ]
        assert (report.enrollees, report.continuously_enrolled) == (3, 2)

    def test_bad_rows_are_accounted_for(self) -> None:
        """Rows in = used + rejected for each input; raise by default."""
        spans = [
            (1, "2007-01-01", None),
            (2, "2008-05-01", "2008-04-01"),
            (None, "2007-01-01", None),
        ]
        claims = [(1, "2008-13-01"), (9, "2008-05-05")]
        with pytest.raises(RejectedRowsError, match="of 'enrollment'"):
            _report(spans, claims, report_date=REPORT)
        report = _report(spans, claims, report_date=REPORT, on_error="collect")
        assert report.enrollment_rejected.to_pylist() == [
            {"row": 1, "reason": "end_date 2008-04-01 is before start_date 2008-05-01"},
            {"row": 2, "reason": "member_id is null"},
        ]
        assert report.claims_rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "service_date '2008-13-01' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
            }
        ]
        assert [row["member_id"] for row in report.rows()] == [1]
        text = report.explain()
        assert "Rows: 3 in = 1 used + 2 rejected" in text
        assert "Rows: 2 in = 1 used + 1 rejected" in text
        data = report.to_dict()
        assert json.loads(json.dumps(data)) == data

    def test_bad_arguments(self) -> None:
        """A bad claims window, date or on_error is a typed error."""
        with pytest.raises(InvalidValueError, match="claims_window"):
            _report([], [], report_date=REPORT, claims_window="ever")
        with pytest.raises(InvalidTypeError, match="report_date"):
            _report([], [], report_date=20081231)
        with pytest.raises(InvalidValueError, match="on_error"):
            _report([], [], report_date=REPORT, on_error="ignore")

    @given(
        st.lists(
            st.tuples(
                st.integers(1, 6),
                days(2006, 2009),
                st.one_of(st.none(), st.integers(0, 500)),
            ),
            max_size=14,
        ),
        st.lists(st.tuples(st.integers(1, 8), days(2006, 2009)), max_size=10),
        days(2008, 2009),
        st.sampled_from(["twelve_months", "enrollment"]),
    )
    def test_against_a_day_by_day_count(
        self,
        spans: list[tuple[int, dt.date, int | None]],
        claims: list[tuple[int, dt.date]],
        report_date: dt.date,
        window: str,
    ) -> None:
        """The columnar report equals a plain day-by-day reading of the rule."""
        rows = [
            (m, start, None if length is None else start + dt.timedelta(days=length))
            for m, start, length in spans
        ]
        report = no_utilization_report(
            {
                "member_id": [r[0] for r in rows],
                "start_date": [r[1] for r in rows],
                "end_date": [r[2] for r in rows],
            },
            {"member_id": [c[0] for c in claims], "service_date": [c[1] for c in claims]},
            report_date=report_date,
            claims_window=window,  # type: ignore[arg-type]
        )
        window_start = report_date + dt.timedelta(days=1) - relativedelta(months=12)
        expected = []
        for member in sorted({r[0] for r in rows}):
            enrolled = set()
            for m, start, end in rows:
                if m == member:
                    last = report_date if end is None else min(end, report_date)
                    enrolled |= {
                        start + dt.timedelta(days=n) for n in range((last - start).days + 1)
                    }
            if report_date not in enrolled:
                continue
            since = report_date
            while since - dt.timedelta(days=1) in enrolled:
                since -= dt.timedelta(days=1)
            if since > window_start:
                continue
            lower = window_start if window == "twelve_months" else since
            if any(m == member and lower <= day <= report_date for m, day in claims):
                continue
            whole = relativedelta(report_date + dt.timedelta(days=1), since)
            expected.append((member, since.isoformat(), whole.years * 12 + whole.months))
        assert [
            (r["member_id"], r["enrolled_since"], r["months_enrolled"]) for r in report.rows()
        ] == expected

    @given(
        st.lists(EDGE_DAYS | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30)), max_size=20),
        EDGE_DAYS | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30)),
    )
    def test_whole_months_are_relativedelta_months(
        self, since: list[dt.date], through: dt.date
    ) -> None:
        """The columnar month count equals relativedelta's, month ends and leap days included."""
        since = [day for day in since if day <= through]
        expected = []
        for day in since:
            span = relativedelta(through + dt.timedelta(days=1), day)
            expected.append(span.years * 12 + span.months)
        days_since = np.array([days_from_date(day) for day in since], dtype=np.int64)
        assert _whole_months(days_since, through).tolist() == expected


SERVICES = {
    "provider_id": ["p1"] * 30 + ["p2"] * 10 + ["p3"] * 11 + ["p4"] * 9 + ["p5"],
    "service_category": ["office"] * 61,
}
MONTHS = {"provider_id": ["p1", "p2", "p3", "p4", "p5"], "member_months": [1000] * 5}


def _flags(result: Any) -> dict[tuple[str, str], str]:
    return {(r["provider_id"], r["service_category"]): r["flag"] for r in result.rows()}


class TestProviderProfiles:
    """Services per 1,000 member months against comparable providers, configurable criteria."""

    def test_percentiles_by_hand(self) -> None:
        """Rates 30, 10, 11, 9, 1: P5 = 1 + 0.2 x (9 - 1) = 2.6, P95 = 11 + 0.8 x 19 = 26.2."""
        result = provider_profiles(SERVICES, MONTHS)
        rows = {r["provider_id"]: r for r in result.rows()}
        assert (rows["p1"]["lower"], rows["p1"]["upper"], rows["p1"]["norm"]) == (
            "2.6",
            "26.2",
            "10",
        )
        assert _flags(result) == {
            ("p1", "office"): "over",
            ("p2", "office"): "within",
            ("p3", "office"): "within",
            ("p4", "office"): "within",
            ("p5", "office"): "under",
        }
        assert result.counts() == {"over": 1, "under": 1, "within": 3, "not_assessed": 0}

    def test_standard_scores_by_hand(self) -> None:
        """Mean 12.2, population sd sqrt(91.76) = 9.5791; p1 scores 17.8 / 9.5791 = 1.8582."""
        result = provider_profiles(SERVICES, MONTHS, method="standard_score")
        scores = {r["provider_id"]: r["standard_score"] for r in result.rows()}
        assert scores["p1"] == "1.8582"
        assert set(_flags(result).values()) == {"within"}
        looser = provider_profiles(SERVICES, MONTHS, method="standard_score", standard_score="1.5")
        assert _flags(looser)[("p1", "office")] == "over"

    def test_zero_rates_show_under_use(self) -> None:
        """A provider with member months and no services in a category has a rate of 0."""
        services = {
            "provider_id": ["p1", "p2", "p3", "p4", "p5", "p1"],
            "service_category": ["office", "office", "office", "office", "office", "er"],
            "services": [10, 10, 10, 10, 10, 40],
        }
        result = provider_profiles(services, MONTHS)
        er = {
            r["provider_id"]: r["rate_per_1000"]
            for r in result.rows()
            if r["service_category"] == "er"
        }
        assert er == {"p1": "40", "p2": "0", "p3": "0", "p4": "0", "p5": "0"}
        assert _flags(result)[("p1", "er")] == "over"

    def test_peer_groups_and_minimum(self) -> None:
        """Providers are compared within their peer group; small groups are not assessed."""
        months = {**MONTHS, "peer_group": ["a", "a", "a", "b", "b"]}
        result = provider_profiles(SERVICES, months, minimum_peers=3)
        assert _flags(result)[("p4", "office")] == "not_assessed"
        assert {r["peers"] for r in result.rows() if r["peer_group"] == "a"} == {3}

    def test_missing_member_months(self) -> None:
        """A provider with services but no (or zero) member months is not assessed."""
        months = {
            "provider_id": ["p1", "p2", "p3", "p4", "p5"],
            "member_months": [1000, 1000, 1000, 1000, 0],
        }
        result = provider_profiles(
            {**SERVICES, "provider_id": [*SERVICES["provider_id"][:-1], "p9"]}, months
        )
        flags = _flags(result)
        assert flags[("p5", "office")] == "not_assessed"
        assert flags[("p9", "office")] == "not_assessed"

    def test_exactly_at_the_threshold_is_within(self) -> None:
        """Strictly above the upper percentile is over; equal is within."""
        services = {"provider_id": ["a", "b", "c", "d", "e"], "service_category": ["x"] * 5}
        months = {"provider_id": ["a", "b", "c", "d", "e"], "member_months": [1000] * 5}
        result = provider_profiles(services, months, upper_percentile=100, lower_percentile=0)
        assert set(_flags(result).values()) == {"within"}

    def test_criteria_from_the_profile(self) -> None:
        """The method and thresholds are profile parameters, marked as library defaults."""
        profile = load_profile(overrides={"utilization.outlier_method": "standard_score"})
        result = provider_profiles(SERVICES, MONTHS, profile=profile)
        assert result.method == "standard_score"
        text = result.explain()
        assert "utilization.outlier_standard_score = 2" in text
        assert "library default" in text
        data = result.to_dict()
        assert json.loads(json.dumps(data)) == data

    def test_bad_input(self) -> None:
        """Bad criteria, fractional service counts and two peer groups are errors or rejections."""
        with pytest.raises(InvalidValueError, match="must be below 'upper_percentile'"):
            provider_profiles(SERVICES, MONTHS, lower_percentile=90, upper_percentile=10)
        with pytest.raises(InvalidValueError):
            provider_profiles(SERVICES, MONTHS, method="gut_feeling")  # type: ignore[arg-type]
        result = provider_profiles(
            {"provider_id": ["p1", "p2"], "service_category": ["x", "x"], "services": ["1.5", "2"]},
            {"provider_id": ["p1", "p2", None], "member_months": ["10", "-1", "5"]},
            on_error="collect",
        )
        assert result.services_rejected.to_pylist() == [
            {"row": 0, "reason": "services 1.5 is not a whole number"}
        ]
        assert [r["row"] for r in result.member_months_rejected.to_pylist()] == [1, 2]
        with pytest.raises(InvalidInputError, match="two peer groups"):
            provider_profiles(
                SERVICES,
                {"provider_id": ["p1", "p1"], "member_months": [1, 1], "peer_group": ["a", "b"]},
            )

    def test_exact_rates(self) -> None:
        """1 service in 3 member months is 333.3333 per 1,000 (shown to 4 places)."""
        result = provider_profiles(
            {"provider_id": ["a"], "service_category": ["x"]},
            {"provider_id": ["a"], "member_months": ["3"]},
        )
        assert result.rows()[0]["rate_per_1000"] == "333.3333"
        assert result.rows()[0]["member_months"] == "3"
        assert result.rows()[0]["flag"] == "not_assessed"
        assert Decimal(result.rows()[0]["norm"]) == Decimal("333.3333")


def _as_shown(value: Decimal) -> str:
    """Return a rate as the profiles show it, the obvious way (4 places half-up, no trailing 0s)."""
    with exact_context():
        rounded = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if rounded == rounded.to_integral_value():
            rounded = rounded.quantize(Decimal(1)) + 0
        text = format(rounded.normalize(), "f")
    return "0" if text in {"-0", "+0"} else text


def _percentile(ordered: list[Decimal], percent: Decimal) -> Decimal:
    with exact_context():
        position = Decimal(len(ordered) - 1) * percent / 100
        low = int(position)
        if low + 1 >= len(ordered):
            return ordered[-1]
        return ordered[low] + (ordered[low + 1] - ordered[low]) * (position - low)


def _plain_profiles(
    services: list[tuple[Any, str, int]],
    months: list[tuple[Any, str, str]],
    criteria: dict[str, Any],
) -> list[dict[str, Any]]:
    """Return the profile rows read plainly from the documented rule: dict counts, exact rates."""
    totals: dict[Any, Decimal] = {}
    group_of: dict[Any, str] = {}
    with exact_context():
        for provider, value, group in months:
            totals[provider] = totals.get(provider, Decimal(0)) + Decimal(value)
            group_of.setdefault(provider, group)
    tally: dict[tuple[Any, str], int] = {}
    for provider, category, count in services:
        tally[provider, category.strip()] = tally.get((provider, category.strip()), 0) + count
    everyone = list(dict.fromkeys([m[0] for m in months] + [s[0] for s in services]))
    rows, rates = [], {}
    for category in sorted({s[1].strip() for s in services}):
        for provider in everyone:
            total = totals.get(provider)
            count = tally.get((provider, category), 0)
            if total:
                with exact_context():
                    rates[len(rows)] = Decimal(count) * 1000 / total
            rows.append(
                {
                    "provider_id": provider,
                    "peer_group": group_of.get(provider),
                    "service_category": category,
                    "services": count,
                    "member_months": None if total is None else format(total.normalize(), "f"),
                    "rate_per_1000": _as_shown(rates[len(rows)]) if total else None,
                    **dict.fromkeys(("peers", "norm", "lower", "upper", "standard_score")),
                    "flag": "not_assessed",
                }
            )
    _plain_flags(rows, rates, criteria)
    return rows


def _plain_flags(
    rows: list[dict[str, Any]], rates: dict[int, Decimal], criteria: dict[str, Any]
) -> None:
    """Flag the rated rows against their peers (same group and category), the obvious way."""
    peers: dict[tuple[str, str], list[int]] = {}
    for number, row in enumerate(rows):
        if number in rates:
            peers.setdefault((row["peer_group"], row["service_category"]), []).append(number)
    for numbers in peers.values():
        ordered = sorted(rates[n] for n in numbers)
        norm = _percentile(ordered, Decimal(50))
        for n in numbers:
            rows[n].update(peers=len(numbers), norm=_as_shown(norm))
        if len(numbers) < criteria["minimum_peers"]:
            continue
        with exact_context():
            mean = sum(ordered, Decimal(0)) / len(ordered)
            spread = (sum(((r - mean) ** 2 for r in ordered), Decimal(0)) / len(ordered)).sqrt()
            k = Decimal(criteria["standard_score"])
            for n in numbers:
                if criteria["method"] == "percentile":
                    low = _percentile(ordered, Decimal(criteria["lower_percentile"]))
                    high = _percentile(ordered, Decimal(criteria["upper_percentile"]))
                    measure = rates[n]
                else:
                    low, high = -k, k
                    measure = Decimal(0) if spread == 0 else (rates[n] - mean) / spread
                    rows[n]["standard_score"] = _as_shown(measure)
                flag = "over" if measure > high else "under" if measure < low else "within"
                shown_low, shown_high = (
                    (low, high)
                    if criteria["method"] == "percentile"
                    else (mean - k * spread, mean + k * spread)
                )
                rows[n].update(lower=_as_shown(shown_low), upper=_as_shown(shown_high), flag=flag)


@st.composite
def _profile_inputs(draw: st.DrawFn) -> tuple[Any, ...]:
    text = draw(st.booleans())
    pool = [f"p{n}" if text else n * 1000 for n in range(draw(st.integers(1, 9)))]
    group = {provider: draw(st.sampled_from(["a", "b"])) for provider in pool}
    months = [
        (provider, value, group[provider])
        for provider, value in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(pool), st.sampled_from(["0", "0.5", "3", "7", "12.25", "1000"])
                ),
                max_size=12,
            )
        )
    ]
    services = draw(
        st.lists(
            st.tuples(
                st.sampled_from(pool),
                st.sampled_from([" office", "office", "er ", "er", "lab"]),
                st.integers(0, 4),
            ),
            max_size=40,
        )
    )
    counted = draw(st.booleans())
    if not counted:
        services = [(provider, category, 1) for provider, category, _ in services]
    criteria = {
        "method": draw(st.sampled_from(["percentile", "standard_score"])),
        "minimum_peers": draw(st.integers(1, 4)),
        "standard_score": draw(st.sampled_from(["0.5", "1", "2"])),
        **dict(
            zip(
                ("lower_percentile", "upper_percentile"),
                draw(st.sampled_from([("0", "100"), ("5", "95"), ("25", "75"), ("10", "90.5")])),
                strict=True,
            )
        ),
    }
    return services, months, counted, criteria


class TestProviderProfilesColumnar:
    """The columnar profiles equal the rule read plainly, row for row."""

    @given(_profile_inputs())
    def test_against_a_plain_reading(self, inputs: tuple[Any, ...]) -> None:
        """Counts, rates, peers, thresholds, scores and flags equal dict counting with Decimals."""
        services, months, counted, criteria = inputs
        service_table = {
            "provider_id": [s[0] for s in services],
            "service_category": [s[1] for s in services],
        }
        if counted:
            service_table["services"] = [s[2] for s in services]
        result = provider_profiles(
            service_table,
            {
                "provider_id": [m[0] for m in months],
                "member_months": [m[1] for m in months],
                "peer_group": [m[2] for m in months],
            },
            **criteria,
        )
        assert result.arrow.to_pylist() == _plain_profiles(services, months, criteria)

    @given(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**40), max_value=10**40)
    )
    def test_rates_shown(self, value: Decimal) -> None:
        """Rates and scores are shown to 4 places half-up without trailing zeros."""
        assert _rounded_texts([value]) == [_as_shown(value)]

    def test_large_member_months_add_as_the_decimal_context_does(self) -> None:
        """Sums beyond 10**30 member months are rounded to 60 digits, as Decimal adds them."""
        huge = "999999999999999999999999999999.000000000000000000000000000001"
        result = provider_profiles(
            {"provider_id": ["a"], "service_category": ["x"]},
            {"provider_id": ["a", "a"], "member_months": [huge, huge]},
        )
        assert result.rows()[0]["member_months"] == "1999999999999999999999999999998"

    def test_whole_numbers_and_text_ids_are_an_error(self) -> None:
        """Provider ids of different kinds in the two inputs are a clear error, not a crash."""
        with pytest.raises(InvalidInputError, match="'provider_id' is text in services but whole"):
            provider_profiles(
                {"provider_id": ["1001"], "service_category": ["x"]},
                {"provider_id": [1001], "member_months": [10]},
            )


@functools.cache
def _with(*values: tuple[str, object]) -> ContractProfile:
    """Return the shipped profile with some UM values changed (cached: hypothesis asks often)."""
    return load_profile(overrides=dict(values))


class TestAtTheLine:
    """Each line of the clause exactly, and one unit (an enrollee, a day) to each side of it.

    The lines come from the profile, so each is drawn: the rules must follow the value. Where a
    rule has two forms (a population, or claims in a table), both are asked the same questions.
    """

    @given(st.integers(2, 60), st.integers(), st.booleans())
    def test_minimum_sample(self, minimum: int, seed: int, text_ids: bool) -> None:
        """One short of the minimum: whole and flagged; at it: whole; one over: a sample of it."""
        profile = _with(("utilization.monthly_sample_minimum", minimum))
        month = dt.date(2008, 10, 1)

        def population(size: int) -> list[Any]:
            return [f"M{n}" if text_ids else n for n in range(size)]

        def from_enrollees(people: int, size: int | None = None) -> Any:
            return sample_enrollees(
                population(people), seed=seed, size=size, month=month, profile=profile
            )

        def from_claims(people: int, size: int | None = None) -> Any:
            claims = {"member_id": population(people), "service_date": [month] * people}
            return monthly_sample(claims, month=month, seed=seed, size=size, profile=profile)

        for people, whole, flagged in (
            (minimum - 1, True, True),
            (minimum, True, False),
            (minimum + 1, False, False),
        ):
            samples = [form(people) for form in (from_enrollees, from_claims)]
            for sample in samples:
                assert (len(sample.members), sample.taken_whole, sample.below_minimum) == (
                    min(people, minimum),
                    whole,
                    flagged,
                )
            assert samples[0].members == samples[1].members
        for form in (from_enrollees, from_claims):
            with pytest.raises(InvalidValueError, match=f"minimum of {minimum} enrollees"):
                form(minimum + 2, size=minimum - 1)
            assert len(form(minimum + 2, size=minimum).members) == minimum
            assert len(form(minimum + 2, size=minimum + 1).members) == minimum + 1

    @given(days(2008, 2012), st.integers(2, 30))
    def test_first_review_day(self, first: dt.date, day: int) -> None:
        """The day before the review day is too early; the day itself and the next are permitted."""
        profile = _with(("utilization.level_iii_5_first_review_day", day))
        found = [
            level_iii_5_review(
                [first], on=first + dt.timedelta(days=day - 1 + step), profile=profile
            )
            for step in (-1, 0, 1)
        ]
        assert [(f.met, f.measured, f.margin) for f in found] == [
            (False, day - 1, -1),
            (True, day, 0),
            (True, day + 1, 1),
        ]

    @given(days(2008, 2012), st.integers(2, 30), st.booleans())
    def test_consecutive_days(self, first: dt.date, needed: int, include: bool) -> None:
        """One day short of the consecutive days restricts nothing; the days exactly, or one more, do."""
        profile = _with(("utilization.level_iii_5_consecutive_days", needed))
        for step in (-1, 0, 1):
            # a run ending on the decision day, which counts only when it is included
            length = needed + step + (0 if include else 1)
            service = _run(first, length)
            finding = level_iii_5_restrictive_decision(
                service, on=service[-1], include_decision_day=include, profile=profile
            )
            assert (finding.met, finding.measured, finding.margin) == (
                step >= 0,
                needed + step,
                step,
            )

    @given(days(2008, 2012), st.integers(1, 24))
    def test_no_utilization_window(self, report: dt.date, months: int) -> None:
        """Enrolled since the window's first day is listed, a day later not; claims count from it."""
        profile = _with(("utilization.no_utilization_months", months))
        start = report + dt.timedelta(days=1) - relativedelta(months=months)
        day = dt.timedelta(days=1)
        long_ago = start - relativedelta(years=2)
        spans = [(1, start - day, None), (2, start, None), (3, start + day, None)]
        spans += [(member, long_ago, None) for member in (4, 5, 6, 7, 8)]
        claims = [(4, start - day), (5, start), (6, start + day), (7, report), (8, report + day)]
        found = _report(spans, claims, report_date=report, profile=profile)  # type: ignore[arg-type]
        assert found.window_start == start
        assert [row["member_id"] for row in found.rows()] == [1, 2, 4, 8]
