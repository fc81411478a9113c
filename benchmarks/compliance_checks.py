"""Benchmark: the columnar compliance checks (issue 5), library vs DuckDB SQL vs pandas.

One command (from the project root, after ``pip install -e '.[bench]'``)::

    python benchmarks/compliance_checks.py

It generates (in memory, from fixed seeds, in a few seconds) a million rows for each check:
appointments with their service code, urgency, request and appointment times; distances to
providers; NEMT requests; enrollment spans and claims; services of 2,000 providers; and, for the
newer checks (``compliance_more.py``), NEMT trips with their manifests, NEMT claims (§2.6.1.2),
claims priced as a percentage of billed charges (§2.13.2) and global obstetric claims
(§2.12.7.32). Then, for each batch check, in one process, it runs three methods:

* **library**: the ``tenncare_calc`` function on pyarrow tables, giving what the SQL gives: for a
  findings check, each row's verdict (``row`` and ``met`` or ``outcome``: the figures that explain
  each finding are computed when they are read, so they are not);
* **library, whole findings** (findings checks and provider profiles): the same call, then the
  whole findings table, every figure of every finding computed (``.arrow``; for the profiles
  every rate, norm, line and score): the library's full answer, compared with the SQL's verdict
  in a column of its own;
* **duckdb**: the SQL a DuckDB user would call idiomatic and fast, on DuckDB's own tables (loading
  them is not timed), with DuckDB's default thread count (every core); Attachment V's standards
  and the Tennessee holidays are small lookup tables, as an analyst would keep them. Work is done
  only where it is needed: the business-day calendar is joined only to the rows with a
  business-day limit, and the members with a claim are dropped before the enrollment window;
* **pandas**: what a pandas user who knows pandas writes: per-code tests made on the small
  standards table, numpy's ``busday_offset``/``busday_count`` only on business-day rows, a
  categorical outcome instead of a million strings, ``isin`` to drop claimants before sorting.

It checks that the three give the same answer (the same rows met and not met, the same members
listed, the same providers flagged, the same sample) and **stops with exit status 1** when one
does not, printing the difference. Then it times them interleaved (the order shuffled every
round) and reports the median of several rounds and the ratios library / DuckDB and
library / pandas (below 1: the library is faster), then each method's peak memory in one more
run (how far the process's resident memory rose above its size before the call, on Linux), and
a table of every check at the end.

``--scale 0.1`` runs on a tenth of the data (a quick check); ``--rounds`` sets the rounds;
``--only TEXT`` runs the checks whose name contains TEXT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import heapq
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from compliance_more import (
    GLOBAL_OBSTETRIC_SQL,
    NEMT_EXCLUSIONS_SQL,
    NO_MEDICARE_CODES,
    OBSTETRIC_CODES,
    PERCENT_METHOD,
    PERCENT_OF_BILLED_SQL,
    REQUEST_LEAD_TIME_SQL,
    TRIP_MANIFEST_SQL,
    generate_tables,
    pandas_global_obstetric,
    pandas_nemt_exclusions,
    pandas_percent_of_billed,
    pandas_request_lead_time,
    pandas_trip_manifest,
)
from timing import machine_line, mb, report_times, time_interleaved

import tenncare_calc as tc
from tenncare_calc import compliance
from tenncare_calc.contract.calendar import holiday_dates

if TYPE_CHECKING:
    from collections.abc import Callable

    #: A method: the computation that is timed, and what turns its result into the answer the
    #: methods must agree on.
    Method = tuple[Callable[[], Any], Callable[[Any], dict[str, tuple[Any, ...]]]]

FIRST_REQUEST = dt.date(2008, 10, 1)
CALENDAR = (dt.date(2008, 1, 1), dt.date(2012, 12, 31))  # covers every request and appointment
REPORT_DATE = dt.date(2008, 12, 31)
LEAP_REPORT_DATE = dt.date(2008, 2, 29)  # agreement only: the window then starts on 2007-03-01
SAMPLE_MONTH = dt.date(2008, 6, 1)
SAMPLE_SEED = 2008
# The library's default outlier criteria (profile parameters utilization.outlier_*).
LOWER_PERCENTILE, UPPER_PERCENTILE, STANDARD_SCORE, MINIMUM_PEERS = 0.05, 0.95, 2, 5

# Attachment V for the service codes in the data, typed in from docs/compliance.md as an analyst
# would keep it: the time limit of a routine and of an urgent request (an urgent request falls
# back to the routine limit where the service has no urgent one), and the distance standard.
TIME_STANDARDS: dict[str, tuple[tuple[str, int], tuple[str, int]]] = {
    "19": (("calendar days", 14), ("business days", 3)),  # outpatient MD (psychiatry), adult
    "B5": (("calendar days", 14), ("business days", 3)),  # the same, child
    "20": (("calendar days", 14), ("business days", 3)),  # outpatient non-MD
    "23": (("calendar days", 14), ("business days", 3)),  # intensive outpatient
    "13": (("calendar days", 30), ("calendar days", 30)),  # psychiatric residential, adult
    "15": (("calendar days", 2), ("calendar days", 2)),  # substance abuse inpatient facility
    "56": (("calendar days", 14), ("calendar days", 14)),  # substance abuse residential
    "31": (("calendar days", 7), ("calendar days", 7)),  # mental health case management
    "42": (("calendar days", 14), ("calendar days", 14)),  # psychosocial rehabilitation
    "41": (("hours", 4), ("hours", 4)),  # crisis, code 41: 4 hours of referral
}
# code: (kind, miles, rural exception)
DISTANCE_STANDARDS: dict[str, tuple[str, int | None, bool]] = {
    "19": ("attachment", None, False),  # "in accordance with Attachment IV": not assessed
    "B5": ("attachment", None, False),
    "20": ("miles", 30, False),
    "23": ("miles", 60, True),
    "13": ("miles", 100, True),
    "15": ("miles", 60, True),
    "56": ("miles", 100, True),
    "31": ("not_subject", None, False),
    "42": ("miles", 60, False),
    "41": ("not_subject", None, False),
    "32": ("prior_approval", 60, False),  # beyond 60 miles only with the member's prior approval
}
CODES = np.array(list(TIME_STANDARDS))
CATEGORIES = np.array(["office", "er", "inpatient", "lab", "behavioral"])
PEER_GROUPS = np.array(["family practice", "internal medicine", "pediatrics", "psychiatry"])


# --------------------------------------------------------------------------------------------------
# Data


def _days(rng: np.random.Generator, first: dt.date, count: int, rows: int) -> np.ndarray:
    """Return ``rows`` random days from ``first`` to ``count`` days later (datetime64[D])."""
    return np.datetime64(first.isoformat()) + rng.integers(0, count, rows).astype("timedelta64[D]")


def _requests(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Return request times over three years from October 2008, to the second."""
    day = _days(rng, FIRST_REQUEST, 365 * 3, rows).astype("datetime64[us]")
    return day + rng.integers(0, 86_400, rows).astype("timedelta64[s]")


def generate_appointments(rows: int, seed: int) -> pa.Table:
    """Return appointments: waits of up to 20 days, up to 8 hours for the 4-hour code 41."""
    rng = np.random.default_rng(seed)
    codes = CODES[rng.integers(0, len(CODES), rows)]
    requested = _requests(rng, rows)
    crisis = codes == "41"
    wait = np.where(crisis, rng.integers(0, 8 * 3600, rows), rng.integers(0, 20 * 86_400, rows))
    wait[crisis & (rng.random(rows) < 0.05)] = 4 * 3600  # exactly on the limit: met
    return pa.table(
        {
            "appointment_id": np.arange(rows),
            "service_code": codes,
            "requested_at": requested,
            "appointment_at": requested + wait.astype("timedelta64[s]"),
            "urgency": np.array(["routine", "urgent"])[rng.integers(0, 2, rows)],
        }
    )


def generate_distances(rows: int, seed: int) -> pa.Table:
    """Return distances to the 0.01 mile, 5% of them exactly on a limit (30, 60 or 100 miles)."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(DISTANCE_STANDARDS))
    miles = rng.integers(0, 12_000, rows) / 100
    on_limit = rng.random(rows) < 0.05
    miles[on_limit] = np.array([30.0, 60.0, 100.0])[rng.integers(0, 3, int(on_limit.sum()))]
    return pa.table(
        {
            "distance_id": np.arange(rows),
            "service_code": codes[rng.integers(0, len(codes), rows)],
            "distance_miles": miles,
            "rural": rng.random(rows) < 0.2,
            "placement_approved": rng.random(rows) < 0.5,
        }
    )


def generate_nemt_requests(rows: int, seed: int) -> pa.Table:
    """Return NEMT requests decided within 2 days; 40% with a pick-up time, some before 24 hours."""
    rng = np.random.default_rng(seed)
    requested = _requests(rng, rows)
    decided = requested + rng.integers(0, 2 * 86_400, rows).astype("timedelta64[s]")
    pickup = requested + rng.integers(3 * 3600, 4 * 86_400, rows).astype("timedelta64[s]")
    exact = rng.random(rows) < 0.02
    decided[exact] = requested[exact] + np.timedelta64(24, "h")  # exactly at the deadline: met
    return pa.table(
        {
            "request_id": np.arange(rows),
            "requested_at": requested,
            "decided_at": decided,
            "pickup_at": pa.array(pickup, mask=rng.random(rows) < 0.6),
        }
    )


def generate_enrollment(rows: int, members: int, seed: int) -> pa.Table:
    """Return enrollment spans from 2005 on: overlaps, 30% open, re-enrolments, duplicates.

    One span in ten is followed by the member's re-enrolment, half of them the next day (the
    enrollment stays continuous) and half a day later (a one-day gap breaks it); 2% of the rows are
    exact duplicates.
    """
    rng = np.random.default_rng(seed)
    base = int(rows * 0.88)
    member = rng.integers(0, members, base)
    start = _days(rng, dt.date(2005, 1, 1), 365 * 4, base)
    end = start + rng.integers(0, 800, base).astype("timedelta64[D]")
    open_end = rng.random(base) < 0.3
    follows = rng.choice(np.flatnonzero(~open_end), size=int(rows * 0.10), replace=False)
    gap = rng.integers(1, 3, len(follows)).astype("timedelta64[D]")  # next day, or a day later
    next_start = end[follows] + gap
    next_end = next_start + rng.integers(0, 800, len(follows)).astype("timedelta64[D]")
    member = np.concatenate([member, member[follows]])
    start = np.concatenate([start, next_start])
    end = np.concatenate([end, next_end])
    open_end = np.concatenate([open_end, rng.random(len(follows)) < 0.3])
    again = rng.choice(len(member), size=rows - len(member), replace=False)
    member, start, end, open_end = (
        np.concatenate([column, column[again]]) for column in (member, start, end, open_end)
    )
    order = rng.permutation(rows)
    return pa.table(
        {
            "member_id": member[order],
            "start_date": start[order],
            "end_date": pa.array(end[order], mask=open_end[order]),
        }
    )


def generate_claims(rows: int, members: int, seed: int) -> pa.Table:
    """Return claims from 2007 to March 2009, 5% of them of members with no enrollment."""
    rng = np.random.default_rng(seed)
    return pa.table(
        {
            "member_id": rng.integers(0, int(members * 1.05), rows),
            "service_date": _days(rng, dt.date(2007, 1, 1), 820, rows),
        }
    )


def generate_services(rows: int, providers: int, seed: int) -> tuple[pa.Table, pa.Table]:
    """Return services (one row each) and member months of ``providers`` providers.

    Providers' volumes vary (log-normal) and their member months follow, give or take 20%. Office
    visits are 40% of nearly every provider's services (so their rates cluster and a provider with
    2% office visits stands out below: standard scores flag it under); the other categories' mixes
    vary widely, some providers having none in a category (a rate of 0). 1% of providers have no
    member months (not assessed), three with services are missing from the member months, 5% have
    their member months on two rows, and a fifth peer group has only three providers (too few
    peers: not assessed).
    """
    rng = np.random.default_rng(seed)
    volume = rng.lognormal(0, 1, providers)
    office = np.where(rng.random(providers) < 0.03, 0.02, 0.4)
    others = rng.dirichlet(np.ones(len(CATEGORIES) - 1) * 0.7, providers) * (1 - office)[:, None]
    mix = np.column_stack([office, others])
    # providers, then three more with services but no member months
    weight = np.append(volume, volume[:3])
    provider = rng.choice(providers + 3, size=rows, p=weight / weight.sum())
    mix = np.vstack([mix, mix[:3]])
    category = (rng.random(rows)[:, None] > np.cumsum(mix[provider], axis=1)).sum(axis=1)
    services = pa.table(
        {"provider_id": provider, "service_category": CATEGORIES[np.minimum(category, 4)]}
    )
    groups = np.append(PEER_GROUPS, "geriatric psychiatry")
    group = np.where(
        np.arange(providers) < 3, len(PEER_GROUPS), rng.integers(0, len(PEER_GROUPS), providers)
    )
    months = (volume * rng.uniform(80, 120, providers) * 100).astype(np.int64) + 100
    months[rng.random(providers) < 0.01] = 0
    split = np.flatnonzero(rng.random(providers) < 0.05)
    first_part = months[split] // 3
    months[split] -= first_part
    return services, pa.table(
        {
            "provider_id": np.concatenate([np.arange(providers), split]),
            "member_months": np.concatenate([months, first_part]),
            "peer_group": groups[np.concatenate([group, group[split]])],
        }
    )


# --------------------------------------------------------------------------------------------------
# DuckDB SQL. The lookup tables (time_standards, distance_standards, holidays) are loaded with the
# data, untimed, as an analyst keeps them.

ACCESS_TIMELINESS_SQL = f"""
WITH days AS (
    SELECT d::DATE AS d,
           isodow(d) <= 5 AND d::DATE NOT IN (SELECT day FROM holidays) AS business
    FROM generate_series(DATE '{CALENDAR[0]}', DATE '{CALENDAR[1]}', INTERVAL 1 DAY) AS t(d)
), calendar AS (
    -- number: the business days up to and including d
    SELECT d, business, sum(business::INTEGER) OVER (ORDER BY d) AS number FROM days
), limited AS (
    SELECT a.appointment_id, a.requested_at, a.appointment_at, s.unit, s.amount
    FROM appointments AS a JOIN time_standards AS s USING (service_code, urgency)
)
SELECT appointment_id AS row, unit,
       CASE unit
           WHEN 'hours' THEN appointment_at - requested_at <= to_hours(amount)
           ELSE appointment_at::DATE - requested_at::DATE <= amount
       END AS met
FROM limited WHERE unit <> 'business days'
UNION ALL
-- only business-day limits need the calendar: business days after the request day, through the
-- appointment day moved forward to a business day
SELECT appointment_id, unit, ap.number + (NOT ap.business)::INTEGER - rq.number <= amount
FROM limited
JOIN calendar AS rq ON rq.d = requested_at::DATE
JOIN calendar AS ap ON ap.d = appointment_at::DATE
WHERE unit = 'business days'
"""

ACCESS_DISTANCE_SQL = """
SELECT d.distance_id AS row,
       CASE
           WHEN s.kind = 'not_subject' OR (s.kind = 'miles' AND d.rural AND s.rural_exception)
               THEN 'not_applicable'
           WHEN s.kind = 'attachment' THEN 'not_assessed'
           WHEN d.distance_miles <= s.miles THEN 'met'
           WHEN s.kind = 'prior_approval' AND d.placement_approved THEN 'met'
           ELSE 'not_met'
       END AS outcome
FROM distances AS d JOIN distance_standards AS s USING (service_code)
"""

DECISION_TIME_SQL = """
-- DuckDB's least() skips a NULL pick-up time
SELECT request_id AS row, decided_at <= least(requested_at + INTERVAL 24 HOUR, pickup_at) AS met
FROM nemt_requests
"""


def no_utilization_sql(report: dt.date) -> str:
    """Return the SQL listing members enrolled 12 months through ``report`` with no claim.

    The members with a claim in the window are left out first (an anti-join), so the window runs
    only over the spans of members who can be listed.
    """
    return f"""
WITH window_ AS (
    SELECT (DATE '{report}' + INTERVAL 1 DAY - INTERVAL 12 MONTH)::DATE AS first_day
), spans AS (
    SELECT member_id, start_date AS s,
           least(coalesce(end_date, DATE '{report}'), DATE '{report}') AS e
    FROM enrollment
    ANTI JOIN (SELECT member_id FROM claims, window_
               WHERE service_date BETWEEN first_day AND DATE '{report}') USING (member_id)
    WHERE start_date <= DATE '{report}'
), reached AS (
    SELECT member_id, s, e,
           max(e) OVER (PARTITION BY member_id ORDER BY s, e
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM spans
), runs AS (
    -- the member's last continuous run starts at the latest span that neither overlaps nor
    -- touches (starts the day after) the spans before it, and ends at the member's last day
    SELECT member_id, max(s) FILTER (WHERE reach IS NULL OR s > reach + 1) AS since,
           max(e) AS last_day
    FROM reached GROUP BY member_id
)
SELECT member_id, since AS enrolled_since
FROM runs, window_
WHERE last_day = DATE '{report}' AND since <= first_day
"""


MONTHLY_SAMPLE_SQL = f"""
SELECT member_id
FROM (SELECT DISTINCT member_id FROM claims
      WHERE service_date BETWEEN DATE '{SAMPLE_MONTH}' AND last_day(DATE '{SAMPLE_MONTH}'))
ORDER BY sha256('{SAMPLE_SEED}' || chr(31) || member_id::VARCHAR)
LIMIT 500
"""

PROVIDER_RATES_SQL = """
WITH months AS (
    SELECT provider_id, sum(member_months) AS member_months, any_value(peer_group) AS peer_group
    FROM provider_months GROUP BY provider_id
), counts AS (
    SELECT provider_id, service_category, count(*) AS services
    FROM services GROUP BY provider_id, service_category
), grid AS (
    -- every provider in every category: no services there is a rate of 0
    SELECT provider_id, service_category
    FROM (SELECT provider_id FROM months UNION SELECT provider_id FROM counts)
    CROSS JOIN (SELECT DISTINCT service_category FROM counts)
), rates AS (
    SELECT provider_id, service_category, peer_group,
           CASE WHEN member_months > 0
                THEN coalesce(services, 0) * 1000 / member_months::DOUBLE END AS rate
    FROM grid
    LEFT JOIN months USING (provider_id)
    LEFT JOIN counts USING (provider_id, service_category)
)"""

PROVIDER_PERCENTILE_SQL = f"""{PROVIDER_RATES_SQL}, norms AS (
    SELECT peer_group, service_category, count(*) AS peers,
           quantile_cont(rate, {LOWER_PERCENTILE}) AS lower,
           quantile_cont(rate, {UPPER_PERCENTILE}) AS upper
    FROM rates WHERE rate IS NOT NULL GROUP BY peer_group, service_category
)
SELECT provider_id, service_category,
       CASE WHEN rate IS NULL OR peers < {MINIMUM_PEERS} THEN 'not_assessed'
            WHEN rate > upper THEN 'over'
            WHEN rate < lower THEN 'under'
            ELSE 'within' END AS flag
FROM rates LEFT JOIN norms USING (peer_group, service_category)
"""

PROVIDER_STANDARD_SCORE_SQL = f"""{PROVIDER_RATES_SQL}, norms AS (
    SELECT peer_group, service_category, count(*) AS peers,
           avg(rate) AS mean, stddev_pop(rate) AS spread
    FROM rates WHERE rate IS NOT NULL GROUP BY peer_group, service_category
)
SELECT provider_id, service_category,
       CASE WHEN rate IS NULL OR peers < {MINIMUM_PEERS} THEN 'not_assessed'
            WHEN spread > 0 AND (rate - mean) / spread > {STANDARD_SCORE} THEN 'over'
            WHEN spread > 0 AND (rate - mean) / spread < -{STANDARD_SCORE} THEN 'under'
            ELSE 'within' END AS flag
FROM rates LEFT JOIN norms USING (peer_group, service_category)
"""


def lookup_tables() -> dict[str, pa.Table]:
    """Return Attachment V's standards for the codes in the data and the Tennessee holidays."""
    time_rows = [
        (code, urgency, unit, amount)
        for code, limits in TIME_STANDARDS.items()
        for urgency, (unit, amount) in zip(("routine", "urgent"), limits, strict=True)
    ]
    return {
        "time_standards": pa.table(
            dict(
                zip(
                    ("service_code", "urgency", "unit", "amount"),
                    zip(*time_rows, strict=True),
                    strict=True,
                )
            )
        ),
        "distance_standards": pa.table(
            {
                "service_code": list(DISTANCE_STANDARDS),
                "kind": [kind for kind, _, _ in DISTANCE_STANDARDS.values()],
                "miles": pa.array([m for _, m, _ in DISTANCE_STANDARDS.values()], pa.float64()),
                "rural_exception": [r for _, _, r in DISTANCE_STANDARDS.values()],
            }
        ),
        "holidays": pa.table({"day": pa.array(holiday_dates(*CALENDAR), pa.date32())}),
    }


# --------------------------------------------------------------------------------------------------
# pandas


def pandas_access_timeliness(
    appointments: pd.DataFrame, standards: pd.DataFrame, holidays: np.ndarray
) -> pd.DataFrame:
    """Return each appointment's unit and whether it met its limit, as a pandas user writes it.

    Calendar days for every row, then hours and business days (numpy's ``busday_offset`` and
    ``busday_count``) only on the rows whose limit is in those units.
    """
    rows = appointments.merge(standards, on=["service_code", "urgency"], how="left")
    unit = rows["unit"]
    amount = rows["amount"].to_numpy()
    requested = rows["requested_at"].to_numpy()
    appointment = rows["appointment_at"].to_numpy()
    request_day = requested.astype("datetime64[D]")
    appointment_day = appointment.astype("datetime64[D]")
    met = (appointment_day - request_day).astype(np.int64) <= amount
    hours = (unit == "hours").to_numpy()
    met[hours] = appointment[hours] - requested[hours] <= amount[hours] * np.timedelta64(1, "h")
    business = (unit == "business days").to_numpy()
    # business days after the request day through the appointment day, moved forward to a
    # business day when it is a weekend or holiday
    counted = np.busday_offset(appointment_day[business], 0, roll="forward", holidays=holidays)
    met[business] = (
        np.busday_count(request_day[business] + 1, counted + 1, holidays=holidays)
        <= amount[business]
    )
    return pd.DataFrame({"row": rows["appointment_id"], "unit": unit, "met": met})


OUTCOMES = ["not_applicable", "not_assessed", "met", "not_met"]


def pandas_access_distance(distances: pd.DataFrame, standards: pd.DataFrame) -> pd.DataFrame:
    """Return each distance's outcome, as a pandas user writes it.

    The tests on the standard's kind are made once per code on the small standards table; the
    outcome is a categorical (four labels), not a million strings.
    """
    kind = standards["kind"]
    flags = pd.DataFrame(
        {
            "service_code": standards["service_code"],
            "not_subject": kind.eq("not_subject"),
            "rural_exempt": kind.eq("miles") & standards["rural_exception"],
            "attachment": kind.eq("attachment"),
            "prior_approval": kind.eq("prior_approval"),
            "miles": standards["miles"],
        }
    )
    rows = distances.merge(flags, on="service_code", how="left")
    code = np.select(
        [
            rows["not_subject"] | (rows["rural_exempt"] & rows["rural"]),
            rows["attachment"],
            (rows["distance_miles"] <= rows["miles"])
            | (rows["prior_approval"] & rows["placement_approved"]),
        ],
        [0, 1, 2],
        3,
    )
    outcome = pd.Categorical.from_codes(code, categories=OUTCOMES)
    return pd.DataFrame({"row": rows["distance_id"], "outcome": outcome})


def pandas_decision_time(requests: pd.DataFrame) -> pd.DataFrame:
    """Return whether each NEMT request was decided by its deadline, as a pandas user writes it."""
    decided, pickup = requests["decided_at"], requests["pickup_at"]
    met = (decided <= requests["requested_at"] + pd.Timedelta(hours=24)) & (
        pickup.isna() | (decided <= pickup)
    )
    return pd.DataFrame({"row": requests["request_id"], "met": met})


def pandas_no_utilization(
    enrollment: pd.DataFrame, claims: pd.DataFrame, report: dt.date
) -> pd.DataFrame:
    """Return the members enrolled 12 months through ``report`` with no claim, the pandas way.

    Members with a claim in the window are dropped first (``isin``); the rest are sorted by member
    and start (the start alone orders the runs: a span starting with an earlier one cannot start
    a run), and a span starts a run when it begins more than a day after the reach (running
    maximum end) of the member's earlier spans.
    """
    last = pd.Timestamp(report)
    first = last + pd.Timedelta(days=1) - pd.DateOffset(months=12)
    claimed = claims.loc[claims["service_date"].between(first, last), "member_id"].unique()
    spans = enrollment[(enrollment["start_date"] <= last) & ~enrollment["member_id"].isin(claimed)]
    frame = pd.DataFrame(
        {
            "member_id": spans["member_id"],
            "s": spans["start_date"],
            "e": spans["end_date"].fillna(last).clip(upper=last),
        }
    ).sort_values(["member_id", "s"], ignore_index=True)
    member = frame["member_id"]
    reach = frame.groupby("member_id", sort=False)["e"].cummax()
    earlier = reach.shift().where(member.eq(member.shift()))
    starts_run = earlier.isna() | (frame["s"] > earlier + pd.Timedelta(days=1))
    runs = pd.DataFrame(
        {
            "last_day": frame.groupby("member_id")["e"].max(),
            "since": frame["s"].where(starts_run).groupby(member).max(),
        }
    )
    listed = runs[(runs["last_day"] == last) & (runs["since"] <= first)]
    return pd.DataFrame({"member_id": listed.index, "enrolled_since": listed["since"]})


def pandas_monthly_sample(claims: pd.DataFrame) -> list[Any]:
    """Return the month's sample of 500 members by their SHA-256 draw keys, the plain way.

    There is no vectorised SHA-256 in pandas or numpy: one ``hashlib`` call per distinct member
    of the month, then the 500 smallest keys (``heapq.nsmallest``, no full sort). The raw digests
    order as their hex texts do, and are cheaper to make.
    """
    first = pd.Timestamp(SAMPLE_MONTH)
    in_month = claims["service_date"].between(first, first + pd.offsets.MonthEnd(0))
    population = claims.loc[in_month, "member_id"].unique().tolist()
    keyed = heapq.nsmallest(
        500,
        (
            (hashlib.sha256(f"{SAMPLE_SEED}\x1f{member}".encode()).digest(), member)
            for member in population
        ),
    )
    return [member for _, member in keyed]


def pandas_provider_rates(services: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """Return every provider's rate per 1,000 member months in every category (NaN: none)."""
    totals = months.groupby("provider_id").agg(
        member_months=("member_months", "sum"), peer_group=("peer_group", "first")
    )
    counts = services.groupby(["provider_id", "service_category"]).size()
    providers = totals.index.union(counts.index.get_level_values(0).unique())
    grid = pd.MultiIndex.from_product(
        [providers, counts.index.get_level_values(1).unique()],
        names=["provider_id", "service_category"],
    )
    frame = counts.reindex(grid, fill_value=0).rename("services").reset_index()
    frame = frame.join(totals, on="provider_id")
    frame["rate"] = (frame["services"] * 1000 / frame["member_months"]).where(
        frame["member_months"] > 0
    )
    return frame


def pandas_provider_flags(
    services: pd.DataFrame, months: pd.DataFrame, method: str
) -> pd.DataFrame:
    """Return each provider's flag in each category against its peers, the pandas way."""
    frame = pandas_provider_rates(services, months)
    rated = frame[frame["rate"].notna()]
    peers = rated.groupby(["peer_group", "service_category"])["rate"]
    if method == "percentile":
        over = rated["rate"] > peers.transform("quantile", UPPER_PERCENTILE)
        under = rated["rate"] < peers.transform("quantile", LOWER_PERCENTILE)
    else:
        spread = peers.transform("std", ddof=0)
        score = ((rated["rate"] - peers.transform("mean")) / spread).where(spread > 0, 0)
        over, under = score > STANDARD_SCORE, score < -STANDARD_SCORE
    flag = np.select(
        [peers.transform("size") < MINIMUM_PEERS, over, under],
        ["not_assessed", "over", "under"],
        "within",
    )
    frame["flag"] = "not_assessed"
    frame.loc[rated.index, "flag"] = flag
    return frame[["provider_id", "service_category", "flag"]]


# --------------------------------------------------------------------------------------------------
# Answers: what the methods must agree on, from any method's result


def _table(result: Any) -> pa.Table:  # noqa: ANN401 - a pyarrow Table or a pandas DataFrame
    if isinstance(result, pa.Table):
        return result
    return pa.Table.from_pandas(result, preserve_index=False)


def rows_by(result: Any, *keys: str) -> dict[str, tuple[Any, ...]]:  # noqa: ANN401
    """Return the sorted row numbers of each distinct combination of the ``keys`` columns.

    A boolean ``met`` column reads as ``met`` / ``not_met``, a null as ``none``; the library's
    unit ``minutes`` (its hour standards measured in minutes) as ``hours``.
    """
    table = _table(result)
    rows = np.asarray(table["row"])
    key = np.full(len(rows), "", dtype=object)
    for name in keys:
        column = table[name]
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if pa.types.is_boolean(column.type):
            values = np.where(np.asarray(column), "met", "not_met")
        else:
            values = np.asarray(pc.fill_null(column.cast(pa.string()), "none"))
        key = key + " " + np.char.replace(values.astype(str), "minutes", "hours").astype(object)
    return {str(k).strip(): tuple(np.sort(rows[key == k]).tolist()) for k in sorted(set(key))}


def listed_members(result: Any) -> dict[str, tuple[Any, ...]]:  # noqa: ANN401
    """Return the listed members with the day their continuous enrollment began."""
    table = _table(result)
    since = table["enrolled_since"].cast(pa.date32()).to_pylist()
    return {"listed": tuple(sorted(zip(table["member_id"].to_pylist(), since, strict=True)))}


def flags(result: Any) -> dict[str, tuple[Any, ...]]:  # noqa: ANN401
    """Return the (provider, category) pairs carrying each flag."""
    table = _table(result)
    pairs: dict[str, list[tuple[Any, str]]] = {}
    for provider, category, flag in zip(
        table["provider_id"].to_pylist(),
        table["service_category"].to_pylist(),
        table["flag"].to_pylist(),
        strict=True,
    ):
        pairs.setdefault(flag, []).append((provider, category))
    return {flag: tuple(sorted(pairs[flag])) for flag in sorted(pairs)}


# --------------------------------------------------------------------------------------------------
# Checking and timing


def check_agreement(name: str, methods: dict[str, Method]) -> dict[str, tuple[Any, ...]]:
    """Run every method once; print the library's answer; exit with status 1 if any differs."""
    answers = {method: answer(run()) for method, (run, answer) in methods.items()}
    expected = answers["library"]
    differ = [method for method, answer in answers.items() if answer != expected]
    summary = ", ".join(f"{key} {len(value):,}" for key, value in expected.items())
    if not differ:
        print(f"\n== {name}: the methods agree\n   {summary}")
        return expected
    print(f"\n== {name}: the methods DISAGREE\n   library: {summary}", file=sys.stderr)
    for method in differ:
        got = answers[method]
        for key in sorted(set(expected) | set(got)):
            want, have = set(expected.get(key, ())), set(got.get(key, ()))
            if want != have:
                print(
                    f"   {method}, {key}: {len(have):,} (library {len(want):,}); only in the "
                    f"library: {sorted(want - have)[:5]}; only in {method}: "
                    f"{sorted(have - want)[:5]}",
                    file=sys.stderr,
                )
        if got.keys() == expected.keys() and all(set(got[k]) == set(expected[k]) for k in got):
            print(f"   {method}: the same items in another order", file=sys.stderr)
    sys.exit(1)


def frames(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Return the pandas DataFrames of the tables (dates and times as datetime64).

    Amounts in cents become floats, as a pandas user reading them from a file has them (every
    amount and threshold of the data is exact in a float).
    """
    result = {}
    for name, table in tables.items():
        floats = table
        for index, field in enumerate(table.schema):
            if pa.types.is_decimal(field.type):
                floats = floats.set_column(index, field.name, table[field.name].cast(pa.float64()))
        result[name] = floats.to_pandas(date_as_object=False)
    return result


def _status(field: str) -> int:
    """Return a size in bytes from /proc/self/status (``VmRSS``, ``VmHWM``)."""
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def peak_memory(run: Callable[[], Any]) -> float | None:
    """Return how far the process's resident memory peaked above its size before ``run()``.

    Linux resets the peak (``VmHWM``) when 5 is written to ``/proc/self/clear_refs``; elsewhere
    there is no figure (None). The result of ``run()`` is kept until the peak is read, so its
    size counts.
    """
    gc.collect()
    pa.default_memory_pool().release_unused()  # Arrow's pool gives back what it keeps for reuse
    try:
        with Path("/proc/self/clear_refs").open("w") as clear:
            clear.write("5")
    except OSError:
        return None
    before = _status("VmRSS")
    result = run()
    peak = max(_status("VmHWM") - before, 0)
    del result
    return float(peak)


def load_duckdb(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection with every table copied into DuckDB's own storage."""
    con = duckdb.connect()
    for name, table in tables.items():
        con.register("source", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM source")
        con.unregister("source")
    return con


def _provider_profiles(tables: dict[str, pa.Table], method: str) -> Callable[[], Any]:
    """Return the call of ``provider_profiles`` by ``method`` on the services and member months."""
    return lambda: tc.provider_profiles(
        tables["services"], tables["provider_months"], method=method
    )


#: The method that times a findings check's whole table: every figure of every finding computed.
WHOLE = "library, whole findings"


def build_checks(
    tables: dict[str, pa.Table], con: duckdb.DuckDBPyConnection, lookups: dict[str, pa.Table]
) -> dict[str, dict[str, Method]]:
    """Return, for each check, its three methods (the library first) on the data."""
    frame = frames(tables)
    lookup = frames(lookups)
    holidays = np.array(holiday_dates(*CALENDAR), dtype="datetime64[D]")

    def sql(query: str) -> Callable[[], pa.Table]:
        return lambda: con.sql(query).to_arrow_table()

    def findings(*keys: str) -> Callable[[Any], dict[str, tuple[Any, ...]]]:
        return lambda result: rows_by(result, *keys)

    def verdict(call: Callable[[], Any], *keys: str, row: bool = True) -> Callable[[], pa.Table]:
        # what the SQL gives: each row and its verdict (the figures are computed when read)
        def run() -> pa.Table:
            found = call()
            return pa.table({name: found.column(name) for name in ("row", *keys)[not row :]})

        return run

    def library(call: Callable[[], Any], *keys: str) -> dict[str, Method]:
        # the row and its verdict, as the SQL gives them; then the whole findings table, every
        # figure of every finding computed
        return {
            "library": (verdict(call, *keys), findings(*keys)),
            WHOLE: (lambda: call().arrow, findings(*keys)),
        }

    def by(*keys: str) -> Callable[[Any], dict[str, tuple[Any, ...]]]:
        return lambda result: rows_by(result, *keys)

    t = tables
    checks: dict[str, dict[str, Method]] = {
        "access_timeliness_table": {
            **library(lambda: tc.access_timeliness_table(t["appointments"]), "unit", "met"),
            "duckdb": (sql(ACCESS_TIMELINESS_SQL), by("unit", "met")),
            "pandas": (
                lambda: pandas_access_timeliness(
                    frame["appointments"], lookup["time_standards"], holidays
                ),
                by("unit", "met"),
            ),
        },
        "access_distance_table": {
            **library(lambda: tc.access_distance_table(t["distances"]), "outcome"),
            "duckdb": (sql(ACCESS_DISTANCE_SQL), by("outcome")),
            "pandas": (
                lambda: pandas_access_distance(frame["distances"], lookup["distance_standards"]),
                by("outcome"),
            ),
        },
        "decision_time_table": {
            **library(lambda: tc.decision_time_table(t["nemt_requests"]), "met"),
            "duckdb": (sql(DECISION_TIME_SQL), by("met")),
            "pandas": (lambda: pandas_decision_time(frame["nemt_requests"]), by("met")),
        },
    }
    newer = {
        "request_lead_time_table": (
            lambda: tc.request_lead_time_table(t["trips"]),
            sql(REQUEST_LEAD_TIME_SQL),
            lambda: pandas_request_lead_time(frame["trips"]),
            ("outcome",),
        ),
        "trip_manifest_table": (
            lambda: tc.trip_manifest_table(t["trips"]),
            sql(TRIP_MANIFEST_SQL),
            lambda: pandas_trip_manifest(frame["trips"]),
            ("met",),
        ),
        "nemt_exclusions_table": (
            lambda: compliance.nemt_exclusions_table(t["nemt_claims"]),
            sql(NEMT_EXCLUSIONS_SQL),
            lambda: pandas_nemt_exclusions(frame["nemt_claims"]),
            ("exclusion",),
        ),
        "percent_of_billed_charges_table": (
            lambda: compliance.percent_of_billed_charges_table(
                t["priced_claims"],
                methods=[PERCENT_METHOD],
                no_medicare_method_codes=list(NO_MEDICARE_CODES),
            ),
            sql(PERCENT_OF_BILLED_SQL),
            lambda: pandas_percent_of_billed(frame["priced_claims"]),
            ("outcome",),
        ),
        "global_obstetric_claims_table": (
            lambda: compliance.global_obstetric_claims_table(
                t["obstetric_claims"], codes=list(OBSTETRIC_CODES)
            ),
            sql(GLOBAL_OBSTETRIC_SQL),
            lambda: pandas_global_obstetric(frame["obstetric_claims"]),
            ("outcome",),
        ),
    }
    for name, (call, duckdb_query, pandas_code, keys) in newer.items():
        checks[name] = {
            **library(call, *keys),
            "duckdb": (duckdb_query, by(*keys)),
            "pandas": (pandas_code, by(*keys)),
        }
    for report in (LEAP_REPORT_DATE, REPORT_DATE):
        checks[f"no_utilization_report as of {report}"] = {
            "library": (
                lambda report=report: tc.no_utilization_report(
                    t["enrollment"], t["claims"], report_date=report
                ),
                lambda result: listed_members(result.members),
            ),
            "duckdb": (sql(no_utilization_sql(report)), listed_members),
            "pandas": (
                lambda report=report: pandas_no_utilization(
                    frame["enrollment"], frame["claims"], report
                ),
                listed_members,
            ),
        }
    checks["monthly_sample"] = {
        "library": (
            lambda: tc.monthly_sample(t["claims"], month=SAMPLE_MONTH, seed=SAMPLE_SEED),
            lambda result: {"sample": tuple(result.members)},
        ),
        "duckdb": (
            sql(MONTHLY_SAMPLE_SQL),
            lambda result: {"sample": tuple(result["member_id"].to_pylist())},
        ),
        "pandas": (
            lambda: pandas_monthly_sample(frame["claims"]),
            lambda result: {"sample": tuple(result)},
        ),
    }
    for method, query in (
        ("percentile", PROVIDER_PERCENTILE_SQL),
        ("standard_score", PROVIDER_STANDARD_SCORE_SQL),
    ):
        profiles = _provider_profiles(t, method)
        checks[f"provider_profiles, {method}"] = {
            # the flags, as the SQL gives them (the figures are computed when read); then the
            # whole table, every rate, norm, line and score written
            "library": (
                verdict(profiles, "provider_id", "service_category", "flag", row=False),
                flags,
            ),
            WHOLE: (lambda profiles=profiles: profiles().arrow, flags),
            "duckdb": (sql(query), flags),
            "pandas": (
                lambda method=method: pandas_provider_flags(
                    frame["services"], frame["provider_months"], method
                ),
                flags,
            ),
        }
    return checks


def main() -> None:
    """Generate the data, check the methods agree on every check, time them, print a report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of a million rows")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (median reported)")
    parser.add_argument(
        "--only",
        metavar="TEXT",
        action="append",
        default=[],
        help="run only the checks whose name contains TEXT (repeat for several)",
    )
    args = parser.parse_args()
    rows = max(int(1_000_000 * args.scale), 1_000)
    providers = max(int(2_000 * args.scale), 40)

    started = time.perf_counter()
    services, provider_months = generate_services(rows, providers, seed=6)
    tables = {
        "appointments": generate_appointments(rows, seed=1),
        "distances": generate_distances(rows, seed=2),
        "nemt_requests": generate_nemt_requests(rows, seed=3),
        "enrollment": generate_enrollment(rows, members=int(rows * 0.4), seed=4),
        "claims": generate_claims(rows, members=int(rows * 0.4), seed=5),
        "services": services,
        "provider_months": provider_months,
        **generate_tables(rows),
    }
    lookups = lookup_tables()
    print(f"generated in {time.perf_counter() - started:.1f} s")
    print(machine_line())
    print(
        "; ".join(f"{name}: {table.num_rows:,} rows" for name, table in tables.items())
        + f"; {providers:,} providers"
    )
    con = load_duckdb({**tables, **lookups})
    (threads,) = con.sql("SELECT current_setting('threads')").fetchall()[0]
    print(f"duckdb threads: {threads}")
    summary: list[tuple[str, dict[str, float], dict[str, float | None]]] = []
    for seed, (name, methods) in enumerate(build_checks(tables, con, lookups).items()):
        if args.only and not any(text in name for text in args.only):
            continue
        check_agreement(name, methods)
        if name == f"no_utilization_report as of {LEAP_REPORT_DATE}":
            print("   (agreement only: timed as of the year's end, next)")
            continue
        runs = {method: run for method, (run, _) in methods.items()}
        medians = report_times(time_interleaved(runs, args.rounds, seed))
        peaks = {method: peak_memory(run) for method, run in runs.items()}
        print(
            "   peak memory above the start: "
            + ", ".join(f"{m} {'?' if p is None else mb(p)}" for m, p in peaks.items())
        )
        summary.append((name, medians, peaks))
    print_summary(summary)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


def print_summary(summary: list[tuple[str, dict[str, float], dict[str, float | None]]]) -> None:
    """Print one line per check: the ratios to DuckDB and pandas, and each method's peak memory.

    ``library`` is the check giving what the SQL gives (each row's verdict); the whole findings
    table (every figure computed) is compared with DuckDB in its own column.
    """
    print(
        "\n| check | library / DuckDB | library / pandas | whole findings / DuckDB "
        "| peak memory: library, DuckDB, pandas, whole findings |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, medians, peaks in summary:
        memory = ", ".join(
            "?" if peaks.get(m) is None else mb(peaks[m] or 0)
            for m in ("library", "duckdb", "pandas", WHOLE)
            if m in peaks
        )
        whole = f"{medians[WHOLE] / medians['duckdb']:.2f}" if WHOLE in medians else "-"
        print(
            f"| {name} | {medians['library'] / medians['duckdb']:.2f} | "
            f"{medians['library'] / medians['pandas']:.2f} | {whole} | {memory} |"
        )


if __name__ == "__main__":
    main()
