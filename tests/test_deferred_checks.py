"""The access and NEMT findings tables compute their verdict at once and their figures when read.

For each batch check of ``compliance.access`` and ``compliance.nemt``: every column read alone
(:meth:`FindingsTable.column`) equals the same column of the whole table (``.arrow``), the table
read whole after columns read alone equals the table read whole at once, and counting the outcomes
leaves the figures uncomputed. The rows are drawn with values on both sides of each line (the
limit exactly, a minute either side) and with bad rows collected, so rejected rows are skipped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import compliance
from tenncare_calc.compliance.access import distance_table, timeliness_table

if TYPE_CHECKING:
    from collections.abc import Callable

_START = dt.datetime(2008, 10, 6, 9, 0)  # noqa: DTZ001 - naive local times, as trip data


def _at(minutes: int) -> str:
    """Return the moment ``minutes`` after 2008-10-06 09:00 as ``YYYY-MM-DD HH:MM`` text."""
    return f"{_START + dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M}"


def _day(days: int) -> str:
    return f"{_START.date() + dt.timedelta(days=days):%Y-%m-%d}"


#: Offsets in minutes around the lines the checks draw: 3 and 4 hours, 24 hours, 1 day, 2 weeks;
#: negative ones make rows that are rejected (before their request).
_MINUTES = st.sampled_from([-1, 0, 1, 179, 180, 181, 239, 240, 241, 1439, 1440, 1441, 20_160])
_MINUTES_OR_ANY = st.one_of(_MINUTES, st.integers(min_value=-60, max_value=30_000))


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Return the rows as a mapping of columns."""
    return {name: [row[name] for row in rows] for name in rows[0]}


def _rows(row: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, list[Any]]]:
    return st.lists(row, min_size=1, max_size=12).map(_columns)


_APPOINTMENTS = _rows(
    st.fixed_dictionaries(
        {
            "service_code": st.sampled_from(["19", "20", "13", "41", "31", "99"]),
            "requested_at": st.just(_at(0)),
            "appointment_at": _MINUTES_OR_ANY.map(_at),
            "urgency": st.sampled_from(["routine", "urgent"]),
        }
    )
)
_DISTANCES = _rows(
    st.fixed_dictionaries(
        {
            "service_code": st.sampled_from(["19", "20", "23", "31", "32", "99"]),
            "distance_miles": st.sampled_from([0, 29.99, 30, 30.01, 60, 60.5, 100, -1]),
            "rural": st.booleans(),
            "placement_approved": st.booleans(),
        }
    )
)
_DECISIONS = _rows(
    st.fixed_dictionaries(
        {
            "requested_at": st.just(_at(0)),
            "decided_at": _MINUTES_OR_ANY.map(_at),
            "pickup_at": st.one_of(st.none(), _MINUTES.map(_at)),
        }
    )
)
_TRIPS = _rows(
    st.fixed_dictionaries(
        {
            "requested_at": st.just(_at(0)),
            "pickup_at": _MINUTES_OR_ANY.map(_at),
            "urban": st.booleans(),
            "accommodated": st.booleans(),
            "exemption": st.sampled_from([None, "urgent", "provider_change", "follow_up"]),
        }
    )
)
_MANIFESTS = _rows(
    st.fixed_dictionaries(
        {
            "sent_at": _MINUTES_OR_ANY.map(_at),
            "service_date": st.integers(min_value=0, max_value=3).map(_day),
            "close_of_business": st.sampled_from(["17:00", "09:00", "9:00"]),
        }
    )
)
_CLAIMS = _rows(
    st.fixed_dictionaries(
        {
            "category": st.sampled_from(["trip", "escort", "car_rental", "accompanying_adult"]),
            "mode": st.sampled_from(["nemt_provider", "fixed_route", "commercial_carrier", "cab"]),
            "hcbs_waiver_service": st.booleans(),
        }
    )
)
_DENIALS = _rows(
    st.fixed_dictionaries(
        {
            "member_age": st.sampled_from([13, 14, 15, 16, 17, 18, 30, 15.5]),
            "reason": st.sampled_from(["age", "no_accompanying_adult", "other"]),
            "mental_health_service": st.booleans(),
            "blanket_policy": st.booleans(),
        }
    )
)
_NOTIFICATIONS = _rows(
    st.fixed_dictionaries(
        {
            "requested_at": st.just(_at(0)),
            "service_date": st.integers(min_value=0, max_value=3).map(_day),
            "notified_at": st.one_of(st.none(), _MINUTES.map(_at)),
            "informed_during_call": st.booleans(),
            "pickup_at": st.one_of(st.none(), _MINUTES.map(_at)),
        }
    )
)

#: name: (the check, its rows, the columns left to compute after counting the outcomes).
CHECKS: dict[str, tuple[Callable[..., Any], Any, tuple[str, ...]]] = {
    "access_timeliness": (
        compliance.access_timeliness_table,
        _APPOINTMENTS,
        ("service_type", "standard", "measured", "limit", "margin", "section"),
    ),
    "access_distance": (
        compliance.access_distance_table,
        _DISTANCES,
        ("service_type", "standard", "measured", "limit", "margin", "unit", "section"),
    ),
    "decision_time": (
        compliance.decision_time_table,
        _DECISIONS,
        ("standard", "measured", "limit", "margin", "unit", "section"),
    ),
    "request_lead_time": (
        compliance.request_lead_time_table,
        _TRIPS,
        ("standard", "measured", "limit", "margin", "unit", "section"),
    ),
    "trip_manifest": (
        compliance.trip_manifest_table,
        _MANIFESTS,
        ("standard", "measured", "limit", "margin", "unit", "section"),
    ),
    "nemt_exclusions": (
        compliance.nemt_exclusions_table,
        _CLAIMS,
        ("standard", "measured", "limit", "margin", "unit", "section", "note"),
    ),
    "minor_denials": (
        compliance.minor_denials_table,
        _DENIALS,
        ("standard", "measured", "limit", "margin", "unit", "section", "note"),
    ),
    "member_notification": (
        compliance.member_notification_table,
        _NOTIFICATIONS,
        ("standard", "measured", "limit", "margin", "unit", "section"),
    ),
}


@pytest.mark.parametrize("name", list(CHECKS))
@given(data=st.data())
def test_each_column_read_alone_is_the_whole_tables_column(name: str, data: st.DataObject) -> None:
    """A column read alone equals the column of the table read whole; so does the whole table."""
    check, rows, _ = CHECKS[name]
    table = data.draw(rows)
    whole = check(table, on_error="collect").arrow
    alone = check(table, on_error="collect")
    for column in reversed(whole.column_names):  # the figures before the verdict
        assert alone.column(column).equals(whole.column(column)), column
    assert alone.arrow.equals(whole)


@pytest.mark.parametrize("name", list(CHECKS))
@given(data=st.data())
def test_counting_outcomes_leaves_the_figures_uncomputed(name: str, data: st.DataObject) -> None:
    """Counting the outcomes computes the verdict only: the figures are still to compute."""
    check, rows, figures = CHECKS[name]
    findings = check(data.draw(rows), on_error="collect")
    counted = findings.counts()
    assert sum(counted.values()) == findings.rows_used
    pending = findings._arrow.pending()  # noqa: SLF001 - what is left to compute
    assert set(figures) <= set(pending), sorted(set(figures) - set(pending))
    assert "outcome" not in pending
    assert "met" not in pending


@pytest.mark.parametrize(
    ("name", "module", "constant"),
    [
        ("access_timeliness", timeliness_table, "_DENSE_COMBINATIONS"),
        ("access_timeliness", timeliness_table, "_CALENDAR_DAYS"),
        ("access_distance", distance_table, "_PAIRS_AT_ONCE"),
    ],
)
@given(data=st.data())
def test_the_way_for_many_values_gives_the_same_findings(
    name: str, module: Any, constant: str, data: st.DataObject
) -> None:
    """Grouping the rows (many combinations, a long span) gives what the small tables give."""
    check, rows, _ = CHECKS[name]
    table = data.draw(rows)
    expected = check(table, on_error="collect")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, constant, -1)
        found = check(table, on_error="collect")
    assert found.arrow.equals(expected.arrow)
    assert found.rejected.equals(expected.rejected)


_NEAR_LIMITS = st.sampled_from([0.0, -0.0, 30.0, 60.0, 100.0, 1e-13, 5e-324]).flatmap(
    lambda limit: st.sampled_from(
        [limit, float(np.nextafter(limit, np.inf)), float(np.nextafter(limit, -np.inf))]
    )
)


@given(
    miles=st.lists(
        _NEAR_LIMITS | st.floats(min_value=0, max_value=2e13, allow_nan=False) | st.just(np.nan),
        min_size=1,
        max_size=12,
    ),
    codes=st.lists(st.sampled_from(["19", "20", "23", "31", "32", "99"]), min_size=12, max_size=12),
)
def test_distances_compared_as_floats_are_compared_as_decimals(
    miles: list[float], codes: list[str]
) -> None:
    """Float distances on, just under and just over each limit: the decimals' findings."""
    table = {"service_code": codes[: len(miles)], "distance_miles": miles}
    fast = compliance.access_distance_table(table, on_error="collect")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(distance_table, "_plain_floats", lambda _array: None)
        slow = compliance.access_distance_table(table, on_error="collect")
    assert fast.arrow.equals(slow.arrow)
    assert fast.rejected.equals(slow.rejected)


def test_distances_needing_38_digits_have_their_margins() -> None:
    """A distance of 10 trillion miles beside one of 11 billionths needs 38 digits: no internal error.

    Their margins (distance less limit) take one digit more than a ``decimal128`` holds; the
    figures are then kept as ``decimal256`` (found by the property above: pyarrow's
    "Decimal precision out of range" escaped the check).
    """
    table = {
        "service_code": ["20", "20", "19"],
        "distance_miles": [1e13, 1.1256190452138716e-08, 1],
    }
    found = compliance.access_distance_table(table, on_error="collect")
    assert found.arrow.column("margin").to_pylist() == [
        Decimal(-9999999999970),
        Decimal("29.999999988743809547861284"),  # 30 less the float's shortest text (ruling M1)
        None,
    ]
    assert found.arrow.column("outcome").to_pylist() == ["not_met", "met", "not_assessed"]


@given(st.floats(min_value=0, max_value=1e13, allow_nan=False, exclude_max=True))
def test_a_float_reads_as_text_that_rounds_back_to_it(number: float) -> None:
    """The text pyarrow gives a float (a distance is read through it) rounds back to the float."""
    text = pa.array([number], pa.float64()).cast(pa.string())[0].as_py()
    assert float(Decimal(text)) == number
