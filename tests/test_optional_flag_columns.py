"""Optional yes/no columns of the table checks: an empty cell reads as ``None`` does one by one.

Each table check with a yes/no column it may lack reads an absent column as the one-value check's
default. A null (or empty) cell in a column that is present is what ``None`` is to the one-value
check: where ``None`` is an error naming the flag, the cell rejects its row naming the column
(``blanket_policy is null``, for blank text as for a null); where ``None`` means "not stated"
(``no_medicare_method`` of §2.13.2), the cell means it too. Every such column of the compliance
checks is listed here, so a new one cannot read an empty cell otherwise unnoticed (docs/inputs.md,
"Optional yes/no columns").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import InvalidTypeError
from tenncare_calc import compliance as c
from tests.strategies import BLANK_TEXT

if TYPE_CHECKING:
    from collections.abc import Callable

#: (one-value check, its arguments, table check, its columns of one row, table keyword arguments)
Check = tuple[
    "Callable[..., Any]", dict[str, Any], "Callable[..., Any]", dict[str, list[Any]], dict[str, Any]
]

MINOR = (
    c.minor_denial,
    {"member_age": 12, "reason": "age", "mental_health_service": False},
    c.minor_denials_table,
    {"member_age": [12], "reason": ["age"]},
    {},
)
EXCLUSION = (
    c.nemt_exclusion,
    {"category": "trip"},
    c.nemt_exclusions_table,
    {"category": ["trip"]},
    {},
)
NOTIFICATION = (
    c.member_notification,
    {"requested_at": dt.datetime(2008, 10, 1, 9, 0), "service_date": dt.date(2008, 10, 9)},  # noqa: DTZ001 - local time
    c.member_notification_table,
    {"requested_at": ["2008-10-01 09:00"], "service_date": ["2008-10-09"]},
    {},
)
OBSTETRIC = (
    c.global_obstetric_claim,
    {"procedure_code": "59400", "encounters": 1, "codes": ["59400"]},
    c.global_obstetric_claims_table,
    {"procedure_code": ["59400"], "encounters": [1]},
    {"codes": ["59400"]},
)
DISTANCE = (
    lambda **kw: c.access_distance("23", 75, **kw),
    {},
    c.access_distance_table,
    {"service_code": ["23"], "distance_miles": [75]},
    {},
)
TIMELINESS = (
    lambda **kw: c.access_timeliness("19", **kw),
    {"requested_at": dt.date(2008, 12, 23), "appointment_at": dt.date(2008, 12, 29)},
    c.access_timeliness_table,
    {"service_code": ["19"], "requested_at": ["2008-12-23"], "appointment_at": ["2008-12-29"]},
    {},
)
#: Each optional flag column whose ``None`` the one-value check refuses, by its check.
REFUSED: dict[str, Check] = {
    "blanket_policy": MINOR,
    "mental_health_service": MINOR,
    "hcbs_waiver_service": EXCLUSION,
    "informed_during_call": NOTIFICATION,
    "paid": OBSTETRIC,
    "rural": DISTANCE,
    "placement_approved": DISTANCE,
    "detoxification": TIMELINESS,
}


@pytest.mark.parametrize("flag", sorted(REFUSED))
@given(empty=st.one_of(st.none(), BLANK_TEXT))
@example(empty=None)
@example(empty="")
def test_an_empty_cell_is_refused_as_none_is(flag: str, empty: str | None) -> None:
    """The one-value check refuses ``None`` (and blank text) naming the flag; the table the row.

    A blank cell is empty as a null is (docs/inputs.md, "Empty cells"), so it is refused for the
    same reason: ``rural is null``, not "is not a yes/no value".
    """
    one, arguments, table, columns, keywords = REFUSED[flag]
    with pytest.raises(InvalidTypeError) as raised:
        one(**{**arguments, flag: empty})
    assert (raised.value.field, raised.value.value) == (flag, empty)
    found = table({**columns, flag: [empty]}, on_error="collect", **keywords)
    assert found.rows() == []
    reasons = [row["reason"] for row in found.rejected.to_pylist()]
    assert reasons == [f"{flag} is null"]


@pytest.mark.parametrize("flag", sorted(REFUSED))
def test_a_blank_cell_among_values_is_refused_as_a_null(flag: str) -> None:
    """Beside cells the fast reading of flags takes (false, 0), a blank cell is still null."""
    _, _, table, columns, keywords = REFUSED[flag]
    rows = {name: values * 4 for name, values in columns.items()}
    found = table({**rows, flag: ["false", " ", None, "0"]}, on_error="collect", **keywords)
    assert found.rejected.to_pylist() == [
        {"row": 1, "reason": f"{flag} is null"},
        {"row": 2, "reason": f"{flag} is null"},
    ]


@pytest.mark.parametrize("flag", sorted(REFUSED))
def test_an_absent_column_is_the_default(flag: str) -> None:
    """Without the column, each row is the one-value finding with the flag not given."""
    one, arguments, table, columns, keywords = REFUSED[flag]
    given = {key: value for key, value in arguments.items() if key != flag}
    want = one(**given)
    row = table(columns, **keywords).rows()[0]
    assert (row["outcome"], row["met"]) == (want.outcome.value, want.met)


@pytest.mark.parametrize("empty", [None, "", " "], ids=["null", "empty text", "blank text"])
@pytest.mark.parametrize("code", ["T1019", "99213"])
def test_no_medicare_method_empty_is_not_stated(empty: str | None, code: str) -> None:
    """``no_medicare_method=None`` is not stated (the codes listed decide): an empty cell too."""
    want = c.percent_of_billed_charges(
        pricing_method="percent_of_billed_charges",
        service_code=code,
        no_medicare_method=None,
        no_medicare_method_codes=["T1019"],
    )
    found = c.percent_of_billed_charges_table(
        {
            "pricing_method": ["percent_of_billed_charges"],
            "service_code": [code],
            "no_medicare_method": [empty],
        },
        no_medicare_method_codes=["T1019"],
    )
    row = found.rows()[0]
    assert (row["outcome"], row["section"]) == (want.outcome.value, "; ".join(want.sections))
