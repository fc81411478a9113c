"""Community tenure (§3.10.4, ruling P7) against a slow reference built stay by stay."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError, RejectedRowsError
from tenncare_calc.core.values import HUNDRED, exact_context
from tests.strategies import YEARS, inpatient_stays

DAY = dt.timedelta(days=1)


def reference_episodes(stays: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Merge each member's stays into episodes, one stay at a time (None discharge: still in)."""
    episodes = []
    for member in sorted({s[0] for s in stays}):
        own = sorted(
            (s for s in stays if s[0] == member),
            key=lambda s: (s[1], dt.date.max if s[2] is None else s[2], s[3]),
        )
        current: dict[str, Any] | None = None
        for _, admit, discharge, plan in own:
            end = dt.date.max if discharge is None else discharge
            if current is not None and admit <= current["discharge"]:
                if end >= current["discharge"]:
                    current["discharge"], current["plan"] = end, plan
                continue
            current = {"member": member, "admit": admit, "discharge": end, "plan": plan}
            episodes.append(current)
    return episodes


def reference(
    stays: list[tuple[Any, ...]], year: int, through: dt.date, window: int = 30
) -> dict[Any, list[int]]:
    """Return {plan: [denominator, readmitted, incomplete]} and the total under key "all"."""
    episodes = reference_episodes(stays)
    counts: dict[Any, list[int]] = {"all": [0, 0, 0]}
    for episode in episodes:
        discharge = episode["discharge"]
        if discharge == dt.date.max or discharge.year != year:
            continue
        slot = counts.setdefault(episode["plan"], [0, 0, 0])
        if discharge + window * DAY > through:
            slot[2] += 1
            counts["all"][2] += 1
            continue
        slot[0] += 1
        counts["all"][0] += 1
        readmitted = any(
            other["member"] == episode["member"]
            and 1 <= (other["admit"] - discharge).days <= window
            for other in episodes
        )
        slot[1] += readmitted
        counts["all"][1] += readmitted
    return counts


def as_table(stays: list[tuple[Any, ...]], *, plan: bool = True) -> dict[str, list[Any]]:
    """Return stays as a mapping of columns."""
    table = {
        "member_id": [s[0] for s in stays],
        "admit_date": [s[1] for s in stays],
        "discharge_date": [s[2] for s in stays],
    }
    if plan:
        table["plan"] = [s[3] for s in stays]
    return table


THROUGH_DAYS = st.integers(-60, 120)

#: Every other measure of the statement without an audited rate.
NO_OTHER_RATES: dict[str, Any] = {
    "physical_health": dict.fromkeys(
        [
            "hba1c_testing",
            "hba1c_control",
            "ldl_c_screening",
            "adolescent_well_care",
            "breast_cancer_screening",
            "controlling_high_blood_pressure",
        ]
    ),
    "behavioral_health": dict.fromkeys(["antidepressant_medication_management", "adhd_follow_up"]),
}


@given(st.data(), YEARS, THROUGH_DAYS, st.sampled_from([30, 30, 7, 1]))
def test_counts_equal_the_reference(
    data: st.DataObject, year: int, through_days: int, window: int
) -> None:
    """Episodes, index episodes, readmissions and incomplete windows match the reference."""
    stays = data.draw(inpatient_stays(year))
    through = dt.date(year, 12, 31) + through_days * DAY
    result = tc.community_tenure(
        as_table(stays), year=year, data_through=through, window_days=window
    )
    expected = reference(stays, year, through, window)
    assert [result.denominator, result.readmitted, result.incomplete] == expected.pop("all")
    assert {
        plan: [c.denominator, c.readmitted, c.incomplete] for plan, c in result.by_plan.items()
    } == expected
    if result.denominator:
        with exact_context():
            rate = Decimal(result.denominator - result.readmitted) * HUNDRED / result.denominator
        assert result.rate == rate
        assert Decimal(0) <= result.rate <= HUNDRED


@given(st.data(), YEARS)
def test_index_episode_table_matches_the_reference(data: st.DataObject, year: int) -> None:
    """The per-episode table lists every index episode with its status and readmission date."""
    stays = data.draw(inpatient_stays(year))
    through = dt.date(year + 1, 1, 20)
    result = tc.community_tenure(
        as_table(stays), year=year, data_through=through, index_episodes=True
    )
    rows = result.index_episodes.to_pylist()
    expected = [
        e
        for e in reference_episodes(stays)
        if e["discharge"] != dt.date.max and e["discharge"].year == year
    ]
    expected.sort(key=lambda e: (e["member"], e["discharge"]))
    assert [(r["member_id"], r["discharge_date"], r["plan"]) for r in rows] == [
        (e["member"], e["discharge"], e["plan"]) for e in expected
    ]
    statuses = [r["status"] for r in rows]
    assert statuses.count("incomplete") == result.incomplete
    assert statuses.count("readmitted") == result.readmitted
    for row in rows:
        if row["status"] == "readmitted":
            assert 1 <= (row["readmission_date"] - row["discharge_date"]).days <= 30
        else:
            assert row["readmission_date"] is None


@given(st.data(), YEARS)
def test_pandas_polars_pyarrow_and_mapping_inputs_give_identical_results(
    data: st.DataObject, year: int
) -> None:
    """Every supported input kind gives the same counts, rate, plans and rejected rows."""
    stays = data.draw(inpatient_stays(year, max_stays=12))
    stays.append((None, dt.date(year, 1, 1), None, "AGP"))
    stays.append((5, dt.date(year, 3, 2), dt.date(year, 3, 1), "AGP"))
    columns = as_table(stays)
    inputs = {
        "mapping": columns,
        "pyarrow": pa.table(columns),
        "pandas": pd.DataFrame(columns),
        "polars": pl.DataFrame(columns),
    }
    dicts = [
        json.dumps(
            tc.community_tenure(
                value, year=year, data_through=dt.date(year + 1, 3, 1), on_error="collect"
            ).to_dict(),
            sort_keys=True,
        )
        for value in inputs.values()
    ]
    assert len(set(dicts)) == 1
    assert json.loads(dicts[0])["rows_in"] == json.loads(dicts[0])["rows_used"] + 2


def _one(
    admit: dt.date, discharge: dt.date, readmit: dt.date | None, **kwargs: Any
) -> tc.CommunityTenure:
    stays = [("m", admit, discharge, "p")]
    if readmit is not None:
        stays.append(("m", readmit, readmit + 2 * DAY, "p"))
    return tc.community_tenure(as_table(stays, plan=False), year=2008, **kwargs)


def test_readmission_on_day_30_counts_and_day_31_does_not() -> None:
    """Day 30 after discharge is inside the window, day 31 outside (ruling P7)."""
    discharge = dt.date(2008, 3, 10)
    through = dt.date(2008, 12, 31)
    day_30 = _one(dt.date(2008, 3, 1), discharge, discharge + 30 * DAY, data_through=through)
    day_31 = _one(dt.date(2008, 3, 1), discharge, discharge + 31 * DAY, data_through=through)
    assert (day_30.denominator, day_30.readmitted) == (2, 1)
    assert (day_31.denominator, day_31.readmitted) == (2, 0)


def test_transfer_on_the_discharge_day_is_one_episode_and_the_next_day_a_readmission() -> None:
    """Admitted on the previous discharge day: same episode. The day after: a readmission."""
    through = dt.date(2009, 6, 30)
    transfer = _one(
        dt.date(2008, 3, 1), dt.date(2008, 3, 10), dt.date(2008, 3, 10), data_through=through
    )
    next_day = _one(
        dt.date(2008, 3, 1), dt.date(2008, 3, 10), dt.date(2008, 3, 11), data_through=through
    )
    assert (transfer.denominator, transfer.readmitted, transfer.episodes) == (1, 0, 1)
    assert (next_day.denominator, next_day.readmitted, next_day.episodes) == (2, 1, 2)


def test_a_window_ending_after_data_through_is_incomplete_whatever_was_seen() -> None:
    """Window end == data_through: complete. One day later: incomplete, even if readmitted."""
    discharge = dt.date(2008, 12, 1)
    window_end = discharge + 30 * DAY
    complete = _one(dt.date(2008, 11, 20), discharge, None, data_through=window_end)
    seen = _one(
        dt.date(2008, 11, 20), discharge, discharge + 3 * DAY, data_through=window_end - DAY
    )
    assert (complete.denominator, complete.incomplete, complete.rate) == (1, 0, Decimal(100))
    assert (seen.denominator, seen.readmitted, seen.incomplete) == (0, 0, 2)
    with pytest.raises(InvalidValueError, match=r"rate is undefined: no index episode"):
        _ = seen.rate
    assert seen.to_dict()["rate"] is None


def test_an_open_stay_is_a_readmission_but_never_an_index_episode() -> None:
    """A stay with no discharge date (still in hospital) readmits an earlier episode."""
    stays = {
        "member_id": [1, 1, 2],
        "admit_date": ["2008-05-01", "2008-05-20", "2008-12-30"],
        "discharge_date": ["2008-05-10", None, None],
    }
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 1))
    assert (result.denominator, result.readmitted, result.incomplete) == (1, 1, 0)
    assert result.rate == 0


def test_window_days_is_switchable_and_defaults_to_the_profile_value() -> None:
    """The window is 30 days by default, the profile's value; window_days changes it (P7)."""
    profile_window = tc.default_profile().value("p4p.community_tenure_window_days", int)
    assert tc.community_tenure.__kwdefaults__["window_days"] == profile_window == 30
    discharge = dt.date(2008, 3, 10)
    result = _one(
        dt.date(2008, 3, 1),
        discharge,
        discharge + 10 * DAY,
        data_through=dt.date(2009, 1, 31),
        window_days=7,
    )
    assert (result.denominator, result.readmitted) == (2, 0)
    with pytest.raises(InvalidValueError, match=r"'window_days' must be at least 1"):
        _one(dt.date(2008, 3, 1), discharge, None, data_through=dt.date(2009, 1, 31), window_days=0)
    with pytest.raises(InvalidTypeError, match=r"'data_through' must be a date"):
        _one(dt.date(2008, 3, 1), discharge, None, data_through=20090131)


def test_bad_rows_raise_or_are_collected() -> None:
    """Discharge before admit, null admit, null plan: raised with rows, or collected."""
    stays = {
        "member_id": [1, 2, 3, 4],
        "admit_date": ["2008-01-05", None, "2008-02-01", "2008-03-01"],
        "discharge_date": ["2008-01-04", "2008-01-01", "2008-02-03", "2008-03-02"],
        "plan": ["AGP", "AGP", None, "AGP"],
    }
    with pytest.raises(
        RejectedRowsError,
        match=r"3 of 4 rows of 'stays' cannot be used: row 0: discharge_date 2008-01-04 is before admit_date 2008-01-05",
    ):
        tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 6, 30))
    result = tc.community_tenure(
        stays, year=2008, data_through=dt.date(2009, 6, 30), on_error="collect"
    )
    assert result.rejected.to_pylist() == [
        {"row": 0, "reason": "discharge_date 2008-01-04 is before admit_date 2008-01-05"},
        {"row": 1, "reason": "admit_date is null"},
        {"row": 2, "reason": "plan is null"},
    ]
    assert result.rows_in == result.rows_used + 3
    assert list(result.by_plan) == ["AGP"]


def test_the_rate_feeds_the_incentive_statement_community_tenure_line() -> None:
    """A result (or one plan's counts) is accepted as the current rate: anything with .rate."""
    stays = {
        "member_id": [*list(range(10)), 0],
        "admit_date": ["2008-03-01"] * 10 + ["2008-03-20"],
        "discharge_date": ["2008-03-05"] * 10 + ["2008-03-25"],
        "plan": ["AGP"] * 11,
    }
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
    with exact_context():
        expected = Decimal(1000) / 11
    assert (result.denominator, result.readmitted, result.rate) == (11, 1, expected)
    statement = tc.incentive_statement(
        2008,
        member_months=1_000_000,
        **NO_OTHER_RATES,
        community_tenure=(80, result),
        capitation=10_000_000,
    )
    line = statement.line("community_tenure")
    assert line.qualifies  # 90.909...% - 80% = 10.9 points >= the 1-point effect size above 80
    assert dict(line.reported)["current"] == result.rate
    assert line.amount == Decimal("30000.00")
    by_plan = tc.incentive_statement(
        2008,
        member_months=1_000_000,
        **NO_OTHER_RATES,
        community_tenure=(95, result.by_plan["AGP"]),
        capitation=10_000_000,
    )
    assert not by_plan.line("community_tenure").qualifies
    undefined = tc.community_tenure(stays, year=2008, data_through=dt.date(2008, 3, 1))
    with pytest.raises(InvalidValueError, match=r"rate is undefined"):
        tc.incentive_statement(
            2008,
            member_months=1_000_000,
            **NO_OTHER_RATES,
            community_tenure=(80, undefined),
            capitation=10_000_000,
        )


def test_explanation_dict_and_rows() -> None:
    """explain() shows the rule, the counts and arithmetic, and each plan; rows() is flat."""
    stays = {
        "member_id": [1, 2, 2],
        "admit_date": ["2008-01-01", "2008-02-01", "2008-02-20"],
        "discharge_date": ["2008-01-03", "2008-02-05", "2008-02-21"],
        "plan": ["AGP", "BCT", "BCT"],
    }
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
    text = result.explain()
    assert "2 not readmitted / 3 complete index episodes x 100 ~ 66.666667%" in text
    assert "plan BCT: 1 not readmitted / 2 complete index episodes x 100 = 50%" in text
    assert "[§3.10.4; ruling P7]" in text
    assert "Rows: 3 in = 3 used + 0 rejected" in text
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()
    assert [row["plan"] for row in result.rows()] == [None, "AGP", "BCT"]


def test_reference_merges_transfers() -> None:
    """The reference itself: a transfer chain is one episode with the latest discharge."""
    stays = [
        (1, dt.date(2008, 1, 1), dt.date(2008, 1, 5), "a"),
        (1, dt.date(2008, 1, 5), dt.date(2008, 1, 9), "b"),
        (1, dt.date(2008, 1, 2), dt.date(2008, 1, 3), "c"),
        (1, dt.date(2008, 1, 10), None, "d"),
    ]
    episodes = reference_episodes(stays)
    assert [(e["admit"], e["discharge"], e["plan"]) for e in episodes] == [
        (dt.date(2008, 1, 1), dt.date(2008, 1, 9), "b"),
        (dt.date(2008, 1, 10), dt.date.max, "d"),
    ]


@given(st.data(), YEARS)
def test_wide_member_ids_and_dates_far_apart_take_the_unpacked_path(
    data: st.DataObject, year: int
) -> None:
    """Ids spread over 2**40 and a stay admitted centuries earlier: too wide to pack, same counts."""
    stays = [(m * 2**20, a, d, p) for m, a, d, p in data.draw(inpatient_stays(year))]
    stays.append((0, dt.date(1000, 1, 1), dt.date(year, 2, 1), "AGP"))
    through = dt.date(year + 1, 2, 15)
    result = tc.community_tenure(as_table(stays), year=year, data_through=through)
    expected = reference(stays, year, through)
    assert [result.denominator, result.readmitted, result.incomplete] == expected.pop("all")
    assert {
        p: [c.denominator, c.readmitted, c.incomplete] for p, c in result.by_plan.items()
    } == expected


@pytest.mark.parametrize("member", ["x", 1])
def test_every_row_rejected_is_zero_not_a_crash(member: object) -> None:
    """With on_error='collect' and no usable stay, the counts are zero and every row reported."""
    stays = {"member_id": [member], "admit_date": ["2008-02-01"], "discharge_date": ["2008-01-01"]}
    result = tc.community_tenure(
        stays, year=2008, data_through=dt.date(2009, 3, 31), on_error="collect"
    )
    assert (result.denominator, result.incomplete, result.rows_used) == (0, 0, 0)
    assert result.rejected.num_rows == 1
