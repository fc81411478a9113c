"""Ruling P7's community tenure: every result compared whole with the ruling written apart, pinned.

These are the rule modules' own tests (``enrollment.stays``, ``episodes``, ``readmissions``,
``tenure_counts``, ``tenure_rate``, ``tenure_measurement``), run against their mutants
(docs/developers.md, "Mutation testing"). The ruling (docs/interpretations.md, P7 and "Community
tenure: library readings"): a member's stays that overlap, or where one is admitted on or before
the previous discharge day, are one episode discharged on its latest discharge; index episodes are
discharged in the measurement year; one is readmitted when the member's next episode is admitted 1
to ``window_days`` days after its discharge; its window ends on discharge + ``window_days`` and is
incomplete when that day is after ``data_through``; a stay with no discharge joins what it overlaps
and is never an index episode; an episode is the plan's of the stay that discharged it (the one
admitted last, then the plan last in sorted order). The reading here is plain Python: each
member's stays in admission order, gaps counted a day at a time, the rate as an exact fraction
rounded once to 60 digits. Stays are drawn around every line the ruling has: the year's first and
last day, the last day a readmission can count, the window's last day against ``data_through``,
readmissions on days 0, 1, ``window_days`` and ``window_days + 1``, touching and overlapping stays,
equal discharges of different plans, both ways the stays are sorted (packed keys and columns) and
sweeps of a block of stays at a time.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.errors import (
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    RejectedRowsError,
)
from tenncare_calc.enrollment import episodes as episodes_module
from tenncare_calc.enrollment import stays as stays_module
from tenncare_calc.enrollment.tenure_counts import TenureCounts
from tests.versioned_profiles import CHANGE_DATE, with_later_version

DAY = dt.timedelta(days=1)
#: A stay: member, admission, discharge (None: still in hospital), plan.
Stay = tuple[Any, dt.date, dt.date | None, Any]
#: 60 significant digits, rounded half even: the library's exact context, written apart.
SIXTY = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)


# --------------------------------------------------------------------------------------------------
# The ruling, written apart


def days_between(first: dt.date, last: dt.date, most: int) -> int:
    """Return the days from ``first`` to ``last`` counted one at a time (``most + 1`` when more)."""
    count, day = 0, first
    while day < last and count <= most:
        day += DAY
        count += 1
    return count


def member_episodes(member: Any, own: list[Stay]) -> list[dict[str, Any]]:
    """Return one member's episodes: stays in admission order, each joining the last if it can."""
    mine: list[dict[str, Any]] = []
    for _, admit, discharge, plan in sorted(own, key=lambda s: s[1]):
        open_ = discharge is None
        if mine and (mine[-1]["open"] or admit <= mine[-1]["discharge"]):
            episode = mine[-1]
            episode["stays"].append((admit, discharge, plan))
            if open_:
                episode["open"] = True
            elif discharge > episode["discharge"]:
                episode["discharge"] = discharge
            continue
        mine.append(
            {
                "member": member,
                "admit": admit,
                "discharge": admit if open_ else discharge,
                "open": open_,
                "stays": [(admit, discharge, plan)],
            }
        )
    for n, episode in enumerate(mine):
        episode["next"] = mine[n + 1]["admit"] if n + 1 < len(mine) else None
        # the plan of the stay that discharged it: admitted last, then the plan last in order
        closing = [s for s in episode["stays"] if s[1] == episode["discharge"]]
        episode["plan"] = max(closing, key=lambda s: (s[0], s[2]))[2] if closing else None
    return mine


def status_of(episode: dict[str, Any], through: dt.date, window: int) -> tuple[str, Any]:
    """Return an index episode's status and readmission date (None unless readmitted)."""
    discharge = episode["discharge"]
    if discharge + window * DAY > through:  # the window's last day after the data
        return "incomplete", None
    following = episode["next"]
    if following is not None and 1 <= days_between(discharge, following, window) <= window:
        return "readmitted", following
    return "not_readmitted", None


def reading(stays: list[Stay], year: int, through: dt.date, window: int) -> dict[str, Any]:
    """Return the stays considered, the episodes and the index episodes of ruling P7."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    last_admit = last + window * DAY
    # Stays that could matter: discharged in or after the year (or still in), admitted by the last
    # day a readmission of the year can be. Episodes are formed of every stay admitted by then;
    # those with a stay that could matter are considered whole (an episode begun before the year
    # by stays discharged before it is admitted on its first stay's day).
    admitted = [s for s in stays if s[1] <= last_admit]
    episodes: list[dict[str, Any]] = []
    for member in sorted({s[0] for s in admitted}):
        episodes.extend(
            episode
            for episode in member_episodes(member, [s for s in admitted if s[0] == member])
            if any(discharge is None or discharge >= first for _, discharge, _ in episode["stays"])
        )
    considered = sum(len(episode["stays"]) for episode in episodes)
    index = []
    for episode in episodes:
        if episode["open"] or not first <= episode["discharge"] <= last:
            continue
        status, readmission = status_of(episode, through, window)
        index.append({**episode, "status": status, "readmission": readmission})
    index.sort(key=lambda e: (e["member"], e["discharge"]))
    return {"considered": considered, "episodes": len(episodes), "index": index}


def counts_of(index: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Return (denominator, readmitted, incomplete) of index episodes."""
    statuses = [e["status"] for e in index]
    incomplete = statuses.count("incomplete")
    return len(statuses) - incomplete, statuses.count("readmitted"), incomplete


def exact_rate(denominator: int, readmitted: int) -> decimal.Decimal:
    """Return (denominator - readmitted) x 100 / denominator to 60 digits, from the fraction."""
    value = Fraction((denominator - readmitted) * 100, denominator)
    return SIXTY.divide(decimal.Decimal(value.numerator), decimal.Decimal(value.denominator))


def shown(denominator: int, readmitted: int, places: int = 6) -> tuple[str, str]:
    """Return ("=" or "~", the rate to ``places`` half even, trailing zeros gone when exact)."""
    value = Fraction((denominator - readmitted) * 100, denominator) * 10**places
    rounded = round(value)
    whole, part = divmod(rounded, 10**places)
    digits = f"{whole}.{part:0{places}d}" if places else str(whole)
    if rounded == value:
        digits = digits.rstrip("0").rstrip(".") if places else digits
        return "=", digits
    return "~", digits


def describe(denominator: int, readmitted: int, incomplete: int, places: int = 6) -> str:
    """Return the line ruling P7's counts are explained with."""
    if not denominator:
        return f"0 complete index episodes ({incomplete:,} incomplete): rate undefined"
    sign, digits = shown(denominator, readmitted, places)
    return (
        f"{denominator - readmitted:,} not readmitted / {denominator:,} complete index episodes "
        f"x 100 {sign} {digits}% ({readmitted:,} readmitted; {incomplete:,} incomplete, excluded)"
    )


def count_record(denominator: int, readmitted: int, incomplete: int) -> dict[str, Any]:
    """Return the JSON of one population's counts."""
    return {
        "denominator": denominator,
        "readmitted": readmitted,
        "not_readmitted": denominator - readmitted,
        "incomplete": incomplete,
        "rate": str(exact_rate(denominator, readmitted)) if denominator else None,
    }


def by_plan(index: list[dict[str, Any]]) -> dict[Any, tuple[int, int, int]]:
    """Return each plan's counts, plans in sorted order (numbers numerically)."""
    plans = sorted({e["plan"] for e in index})
    return {p: counts_of([e for e in index if e["plan"] == p]) for p in plans}


# --------------------------------------------------------------------------------------------------
# Stays around every line


YEAR_OF = st.sampled_from([2007, 2008, 2012, 2023])
WINDOW = st.sampled_from([30, 30, 1, 2, 7, 45])


@st.composite
def stays_near_lines(draw: st.DrawFn, year: int, window: int) -> list[Stay]:
    """Return stays whose admissions and discharges fall on and either side of the ruling's lines."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    anchors = [first, last, last + window * DAY, dt.date(year, 2, 28), dt.date(year, 6, 30)]
    near = st.builds(
        lambda anchor, shift: anchor + shift * DAY,
        st.sampled_from(anchors),
        st.sampled_from([-window - 1, -window, -2, -1, 0, 1, 2, window - 1, window, window + 1]),
    )
    members = draw(st.lists(st.integers(0, 40), min_size=1, max_size=4, unique=True))
    plans = draw(st.sampled_from([["A", "B"], ["B"], [9, 10], ["Z", "Y", "X"]]))
    stays: list[Stay] = []
    for _ in range(draw(st.integers(0, 14))):
        member = draw(st.sampled_from(members))
        done = [s for s in stays if s[0] == member and s[2] is not None]
        if done and draw(st.booleans()):
            base = draw(st.sampled_from(done))[2]
            gap = draw(st.sampled_from([-2, -1, 0, 1, 2, window - 1, window, window + 1]))
            admit = base + gap * DAY
        else:
            admit = draw(near | st.dates(first - 90 * DAY, last + 90 * DAY))
        length = draw(st.sampled_from([0, 0, 1, 2, 5, 40, 400]))
        discharge = None if draw(st.integers(0, 9)) == 0 else admit + length * DAY
        stays.append((member, admit, discharge, draw(st.sampled_from(plans))))
    return stays


def as_columns(stays: list[Stay], *, plan: bool) -> dict[str, list[Any]]:
    """Return stays as a mapping of columns (with ``plan`` or without)."""
    columns: dict[str, list[Any]] = {
        "member_id": [s[0] for s in stays],
        "admit_date": [s[1] for s in stays],
        "discharge_date": [s[2] for s in stays],
    }
    if plan:
        columns["plan"] = [s[3] for s in stays]
    return columns


def expected_dict(
    stays: list[Stay], year: int, through: dt.date, window: int, *, plan: bool
) -> dict[str, Any]:
    """Return the whole JSON of the result as ruling P7 reads the stays."""
    read = reading(stays, year, through, window)
    index = read["index"]
    plans = by_plan(index) if plan else {}
    return {
        "computation": "community_tenure",
        "section": "3.10.4",
        "year": year,
        "data_through": through.isoformat(),
        "window_days": window,
        **count_record(*counts_of(index)),
        "by_plan": [{"plan": p, **count_record(*c)} for p, c in plans.items()],
        "episodes": read["episodes"],
        "stays_considered": read["considered"],
        "rows_in": len(stays),
        "rows_used": len(stays),
        "rejected": [],
    }


def expected_episode_rows(
    stays: list[Stay], year: int, through: dt.date, window: int, *, plan: bool
) -> list[dict[str, Any]]:
    """Return the index-episode table's rows as ruling P7 reads the stays."""
    rows = []
    for e in reading(stays, year, through, window)["index"]:
        row = {
            "member_id": e["member"],
            "admit_date": e["admit"],
            "discharge_date": e["discharge"],
            "readmission_date": e["readmission"],
            "status": e["status"],
        }
        if plan:
            row["plan"] = e["plan"]
        rows.append(row)
    return rows


THROUGH_SHIFT = st.sampled_from([-1, 0, 1, 29, 30, 31, 44, 45, 46, 400]) | st.integers(-60, 120)


# --------------------------------------------------------------------------------------------------
# The whole result against the reading


def run(
    stays: list[Stay], year: int, through: dt.date, window: int, *, plan: bool
) -> tc.CommunityTenure:
    """Return the library's result for the stays (with the index-episode table)."""
    return tc.community_tenure(
        as_columns(stays, plan=plan),
        year=year,
        data_through=through,
        window_days=window,
        index_episodes=True,
    )


def assert_whole(
    result: tc.CommunityTenure,
    stays: list[Stay],
    year: int,
    through: dt.date,
    window: int,
    *,
    plan: bool,
) -> None:
    """Assert the JSON, the index episodes, the tables, the text and the repr against the reading."""
    expected = expected_dict(stays, year, through, window, plan=plan)
    assert result.to_dict() == expected
    assert result.index_episodes.to_pylist() == expected_episode_rows(
        stays, year, through, window, plan=plan
    )
    denominator, readmitted, incomplete = (
        expected["denominator"],
        expected["readmitted"],
        expected["incomplete"],
    )
    plans = {row["plan"]: row for row in expected["by_plan"]}
    lines = [
        f"Community tenure, measurement year {year}",
        (
            "  Episodes: stays of a member that overlap or are admitted on or before the previous "
            "discharge day are one episode  [§3.10.4; ruling P7]"
        ),
        (
            f"  Index episodes: discharged {year}-01-01..{year}-12-31; readmitted when the "
            f"member's next episode is admitted 1-{window} days after discharge"
        ),
        (
            f"  Incomplete: window ends after the data's completeness date {through.isoformat()} "
            f"(discharge + {window} days); excluded from numerator and denominator"
        ),
        f"  {describe(denominator, readmitted, incomplete)}  [§3.10.4]",
        *(
            f"    plan {p}: {describe(r['denominator'], r['readmitted'], r['incomplete'])}"
            for p, r in plans.items()
        ),
        (
            f"  {expected['episodes']:,} episodes from {expected['stays_considered']:,} stays "
            "that could matter"
        ),
        f"  Rows: {len(stays):,} in = {len(stays):,} used + 0 rejected",
    ]
    assert result.explain() == "\n".join(lines)
    rate = exact_rate(denominator, readmitted) if denominator else None
    summary, plan_part, episode_part, rejected = result.tables()
    index_total = denominator + incomplete
    counts = (index_total, incomplete, denominator, readmitted, denominator - readmitted, rate)
    assert summary.rows == (
        (
            year,
            through,
            window,
            *counts,
            expected["episodes"],
            expected["stays_considered"],
            len(stays),
            len(stays),
            0,
            "3.10.4; ruling P7",
        ),
    )
    assert plan_part.rows == (
        (None, *counts),
        *(
            (
                str(p),
                r["denominator"] + r["incomplete"],
                r["incomplete"],
                r["denominator"],
                r["readmitted"],
                r["not_readmitted"],
                None if r["rate"] is None else decimal.Decimal(r["rate"]),
            )
            for p, r in plans.items()
        ),
    )
    assert episode_part.rows == tuple(
        tuple(row.values())
        for row in expected_episode_rows(stays, year, through, window, plan=plan)
    )
    assert [(part.name, part.title) for part in result.tables()] == [
        ("summary", f"Community tenure, measurement year {year} (§3.10.4)"),
        ("by_plan", f"Community tenure {year} by plan"),
        ("episodes", f"Community tenure {year}: index episodes"),
        ("rejected", f"Community tenure {year}: rejected rows"),
    ]
    assert [c.name for c in episode_part.columns] == [
        "member_id",
        "admit_date",
        "discharge_date",
        "readmission_date",
        "status",
        *(["plan"] if plan else []),
    ]
    assert (summary.record, plan_part.record, episode_part.brief, rejected.rows) == (
        True,
        False,
        False,
        (),
    )
    shown_rate = "undefined" if not denominator else f"{rate:.6f}%"
    assert repr(result) == (
        f"CommunityTenure(year={year}, denominator={denominator}, readmitted={readmitted}, "
        f"incomplete={incomplete}, rate={shown_rate!r}, plans={len(plans)}, rows_in={len(stays)})"
    )


@given(st.data(), YEAR_OF, WINDOW, THROUGH_SHIFT, st.booleans())
def test_the_whole_result_is_the_ruling(
    data: st.DataObject, year: int, window: int, shift: int, plan: bool
) -> None:
    """JSON, index episodes, tables, explanation and repr equal ruling P7 read stay by stay."""
    stays = data.draw(stays_near_lines(year, window))
    through = dt.date(year, 12, 31) + shift * DAY
    assert_whole(
        run(stays, year, through, window, plan=plan), stays, year, through, window, plan=plan
    )


@given(st.data(), YEAR_OF, WINDOW, THROUGH_SHIFT)
def test_both_sorts_and_any_block_give_the_ruling(
    data: st.DataObject, year: int, window: int, shift: int
) -> None:
    """Members too wide to pack (sorted by columns) and sweeps of 1-3 stays a block: the same."""
    stays = data.draw(stays_near_lines(year, window))
    wide = [(m * 2**40 + 7, a, d, p) for m, a, d, p in stays]
    through = dt.date(year, 12, 31) + shift * DAY
    assert_whole(
        run(wide, year, through, window, plan=True), wide, year, through, window, plan=True
    )
    block = data.draw(st.sampled_from([1, 2, 3]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(episodes_module, "_BLOCK", block)
        patch.setattr(stays_module, "_BLOCK", block)
        result = run(stays, year, through, window, plan=True)
    assert_whole(result, stays, year, through, window, plan=True)


@given(
    st.sampled_from([dt.date(2008, 1, 1), dt.date(2008, 12, 31), dt.date(2008, 2, 29)])
    | st.dates(dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
    WINDOW,
    st.sampled_from(["window", "before", "after", "day1", "day0", "none"]),
    st.sampled_from([-1, 0, 1]),
)
def test_a_readmission_on_either_side_of_the_window_and_data_through(
    discharge: dt.date, window: int, where: str, through_shift: int
) -> None:
    """Readmitted on days 1 to ``window``, not on day 0 (one episode) nor ``window + 1``.

    The window's last day on ``data_through`` is complete, a day after it incomplete.
    """
    gap = {"window": window, "before": window - 1, "after": window + 1, "day1": 1, "day0": 0}
    stays: list[Stay] = [("m", discharge - 3 * DAY, discharge, "p")]
    if where != "none":
        readmit = discharge + gap[where] * DAY
        stays.append(("m", readmit, readmit + 400 * DAY, "p"))
    through = discharge + (window + through_shift) * DAY
    result = run(stays, 2008, through, window, plan=False)
    if where != "none" and gap[where] == 0:  # a transfer: one episode discharged 400 days on
        assert (result.denominator, result.incomplete, result.episodes) == (0, 0, 1)
    else:
        complete = through_shift >= 0  # the window ends on discharge + window
        readmitted = complete and where in {"window", "before", "day1"}
        assert (result.denominator, result.readmitted, result.incomplete) == (
            int(complete),
            int(readmitted),
            int(not complete),
        )
    assert_whole(result, stays, 2008, through, window, plan=False)


@given(st.data(), YEAR_OF)
def test_more_days_of_window_or_of_data_move_the_counts_one_way(
    data: st.DataObject, year: int
) -> None:
    """A longer window never readmits fewer; a later data_through never leaves more incomplete.

    Index episodes are the same whatever data_through; fewer incomplete means more complete.
    """
    stays = data.draw(stays_near_lines(year, 30))
    far = dt.date(year + 3, 1, 1)
    readmitted = [run(stays, year, far, w, plan=False).readmitted for w in (1, 2, 29, 30, 31, 60)]
    assert readmitted == sorted(readmitted)
    counts = [
        run(stays, year, dt.date(year, 12, 31) + s * DAY, 30, plan=False)
        for s in (-1, 0, 29, 30, 31, 400)
    ]
    incomplete = [c.incomplete for c in counts]
    assert incomplete == sorted(incomplete, reverse=True)
    assert [c.denominator for c in counts] == sorted(c.denominator for c in counts)
    assert len({c.denominator + c.incomplete for c in counts}) == 1


@given(
    st.integers(0, 3000),
    st.data(),
    st.integers(0, 3000),
    st.integers(0, 8),
    st.sampled_from([None, "AGP", 7]),
)
@example(512, 1, 0, 6, None)  # 100 x 511 / 512 has seven places: shown ~ rounded half even
@example(21, 2, 0, 6, None)  # 100 x 19 / 21 = 90.4761904...: shown ~ 90.476190, the 0 kept
def test_counts_rate_and_their_line(
    denominator: int, data: Any, incomplete: int, places: int, plan: Any
) -> None:
    """TenureCounts: the rate as an exact fraction, its line to any places, JSON, the undefined."""
    readmitted = data if isinstance(data, int) else data.draw(st.integers(0, denominator))
    counts = TenureCounts(denominator, readmitted, incomplete, plan=plan)
    assert (counts.not_readmitted, counts.index_episodes) == (
        denominator - readmitted,
        denominator + incomplete,
    )
    assert counts.describe(places) == describe(denominator, readmitted, incomplete, places)
    if places == 6:
        assert counts.describe() == describe(denominator, readmitted, incomplete)
    assert counts.to_dict() == count_record(denominator, readmitted, incomplete)
    if denominator:
        assert counts.rate == exact_rate(denominator, readmitted)
        assert str(counts.rate) == str(exact_rate(denominator, readmitted))
        return
    with pytest.raises(InvalidValueError) as raised:
        _ = counts.rate
    whose = "" if plan is None else f" of plan {plan!r}"
    assert str(raised.value) == (
        f"the community-tenure rate{whose} is undefined: no index episode has a complete "
        f"readmission window ({incomplete} incomplete); use a later data_through or more data"
    )
    assert (raised.value.field, raised.value.value) == ("rate", None)


def test_the_window_read_from_a_dated_profile_version() -> None:
    """A window of 7 days from 2010 (a dated version): a readmission on day 10 counts before only."""
    profile = with_later_version(tc.default_profile(), "p4p.community_tenure_window_days", "7")
    for year, counted in ((2008, 1), (CHANGE_DATE.year + 2, 0)):
        window = profile.value("p4p.community_tenure_window_days", int, on=dt.date(year, 12, 31))
        discharge = dt.date(year, 3, 10)
        stays: list[Stay] = [
            (1, dt.date(year, 3, 1), discharge, "p"),
            (1, discharge + 10 * DAY, discharge + 12 * DAY, "p"),
        ]
        through = dt.date(year + 1, 6, 30)
        result = run(stays, year, through, window, plan=False)
        assert (result.window_days, result.readmitted) == (window, counted)
        assert_whole(result, stays, year, through, window, plan=False)
    assert tc.community_tenure(
        {
            "member_id": [1, 1],
            "admit_date": ["2008-01-01", "2008-01-31"],
            "discharge_date": ["2008-01-01", "2008-02-01"],
        },
        year=2008,
        data_through=dt.date(2008, 12, 31),
    ).to_dict()["window_days"] == tc.default_profile().value(
        "p4p.community_tenure_window_days", int
    )


@pytest.mark.parametrize(
    ("options", "error", "field", "value", "message"),
    [
        (
            {"window_days": 0},
            InvalidValueError,
            "window_days",
            0,
            "'window_days' must be at least 1 (got 0)",
        ),
        ({"window_days": -3}, InvalidValueError, "window_days", -3, None),
        ({"window_days": "x"}, InvalidValueError, "window_days", "x", None),
        ({"window_days": "1"}, None, None, None, None),
        ({"on_error": "skip"}, InvalidValueError, "on_error", "skip", None),
        ({"columns": {"bogus": "x"}}, tc.InvalidInputError, "columns", "bogus", None),
        ({"year": "next"}, InvalidTypeError, "year", "next", None),
        ({"data_through": 20090131}, InvalidTypeError, "data_through", 20090131, None),
    ],
)
def test_each_error_names_its_field_and_value(
    options: dict[str, Any],
    error: type[Exception] | None,
    field: str | None,
    value: object,
    message: str | None,
) -> None:
    """A bad window, year, data_through, on_error or column is refused naming field and value."""
    arguments: dict[str, Any] = {"year": 2008, "data_through": dt.date(2009, 6, 30), **options}
    stays = {"member_id": [1], "admit_date": ["2008-01-01"], "discharge_date": ["2008-01-02"]}
    if error is None:  # the least window accepted
        assert tc.community_tenure(stays, **arguments).window_days == 1
        return
    with pytest.raises(error) as raised:
        tc.community_tenure(stays, **arguments)
    assert (raised.value.field, raised.value.value) == (field, value)  # type: ignore[attr-defined]
    if message is not None:
        assert str(raised.value) == message


def test_one_day_windows_are_the_smallest_accepted() -> None:
    """window_days=1: a readmission the day after discharge counts, two days after does not."""
    stays: list[Stay] = [
        (1, dt.date(2008, 5, 1), dt.date(2008, 5, 3), "p"),
        (1, dt.date(2008, 5, 4), dt.date(2008, 5, 5), "p"),
        (1, dt.date(2008, 5, 7), dt.date(2008, 5, 8), "p"),
    ]
    result = run(stays, 2008, dt.date(2008, 12, 31), 1, plan=False)
    assert (result.denominator, result.readmitted) == (3, 1)
    assert_whole(result, stays, 2008, dt.date(2008, 12, 31), 1, plan=False)


@given(st.data(), YEAR_OF, WINDOW)
def test_rejected_rows_are_reported_and_the_rest_is_the_ruling(
    data: st.DataObject, year: int, window: int
) -> None:
    """Discharge a day before admission (not on it), null admission, null plan: rejected rows."""
    stays = data.draw(stays_near_lines(year, window))
    day = dt.date(year, 6, 1)
    plan = stays[0][3] if stays else "A"  # a plan of the stays' kind
    bad: list[Stay] = [
        (90, day, day - DAY, plan),
        (91, None, day, plan),  # type: ignore[list-item]
        (92, day, day, None),
    ]
    rows = [*stays, *bad]
    through = dt.date(year + 1, 3, 1)
    with pytest.raises(RejectedRowsError) as raised:
        tc.community_tenure(as_columns(rows, plan=True), year=year, data_through=through)
    assert raised.value.field == "stays"
    result = tc.community_tenure(
        as_columns(rows, plan=True),
        year=year,
        data_through=through,
        window_days=window,
        on_error="collect",
    )
    n = len(stays)
    assert result.rejected.to_pylist() == [
        {"row": n, "reason": f"discharge_date {day - DAY} is before admit_date {day}"},
        {"row": n + 1, "reason": "admit_date is null"},
        {"row": n + 2, "reason": "plan is null"},
    ]
    expected = expected_dict(stays, year, through, window, plan=True)
    expected.update(rows_in=n + 3, rows_used=n, rejected=result.to_dict()["rejected"])
    assert result.to_dict() == expected
    assert f"Rows: {n + 3:,} in = {n:,} used + 3 rejected" in result.explain()
    assert result.tables()[-1].rows == tuple(
        (r["row"], r["reason"]) for r in result.rejected.to_pylist()
    )


@given(st.data(), YEAR_OF, WINDOW, THROUGH_SHIFT)
def test_partials_of_disjoint_members_add_up_to_the_whole(
    data: st.DataObject, year: int, window: int, shift: int
) -> None:
    """The counts of members split into parts (as Dask partitions are) add up to the ruling's."""
    from tenncare_calc.enrollment.readmissions import _partial  # noqa: PLC0415
    from tenncare_calc.enrollment.tenure_measurement import _combine  # noqa: PLC0415

    stays = data.draw(stays_near_lines(year, window))
    through = dt.date(year, 12, 31) + shift * DAY
    members = sorted({s[0] for s in stays})
    cut = data.draw(st.integers(0, len(members)))
    parts = [
        [s for s in stays if s[0] in members[:cut]],
        [s for s in stays if s[0] in members[cut:]],
    ]
    parts.reverse() if data.draw(st.booleans()) else None
    options = {"year": year, "data_through": through, "window_days": window}
    partials = [
        _partial(as_columns(p, plan=True), index_episodes=True, on_error="raise", **options)
        for p in parts
        if p
    ]
    combined = _combine(partials, rejected=partials[0].rejected if partials else None, **options)
    if not partials:
        return
    assert combined.to_dict() == expected_dict(stays, year, through, window, plan=True)
    assert combined.index_episodes.to_pylist() == expected_episode_rows(
        stays, year, through, window, plan=True
    )


def test_plans_are_listed_numbers_numerically_then_text() -> None:
    """Plans 10, 9 and 100: 9 first (not as text); a plan with no index episode is not listed."""
    stays: list[Stay] = [
        (1, dt.date(2008, 3, 1), dt.date(2008, 3, 2), 10),
        (2, dt.date(2008, 3, 1), dt.date(2008, 3, 2), 9),
        (3, dt.date(2007, 3, 1), dt.date(2007, 3, 2), 8),
        (4, dt.date(2008, 3, 1), dt.date(2008, 3, 2), 100),
    ]
    result = run(stays, 2008, dt.date(2009, 6, 30), 30, plan=True)
    assert list(result.by_plan) == [9, 10, 100]
    assert [r["plan"] for r in result.rows()] == [None, "9", "10", "100"]
    assert_whole(result, stays, 2008, dt.date(2009, 6, 30), 30, plan=True)


def test_text_plans_are_listed_in_text_order_whichever_part_has_them() -> None:
    """Plans "z'" and "a" (a quote: their reprs sort the other way), met in either order."""
    from tenncare_calc.enrollment.readmissions import _partial  # noqa: PLC0415
    from tenncare_calc.enrollment.tenure_measurement import _combine  # noqa: PLC0415

    stays: list[Stay] = [
        (1, dt.date(2008, 3, 1), dt.date(2008, 3, 2), "z'"),
        (2, dt.date(2008, 3, 1), dt.date(2008, 3, 2), "a"),
        (2, dt.date(2008, 3, 20), dt.date(2008, 3, 21), "a"),
    ]
    through = dt.date(2009, 6, 30)
    result = run(stays, 2008, through, 30, plan=True)
    assert list(result.by_plan) == ["a", "z'"]
    assert_whole(result, stays, 2008, through, 30, plan=True)
    options = {"year": 2008, "data_through": through, "window_days": 30}
    partials = [
        _partial(as_columns(part, plan=True), index_episodes=False, on_error="raise", **options)
        for part in (stays[:1], stays[1:])
    ]
    combined = _combine(partials, rejected=partials[0].rejected, **options)
    assert combined.to_dict() == expected_dict(stays, 2008, through, 30, plan=True)


def test_text_members_and_shown_places() -> None:
    """Members as text; the rate shown to two places where the profile says two; formulas."""
    import attrs  # noqa: PLC0415

    stays: list[Stay] = [
        ("b", dt.date(2008, 1, 1), dt.date(2008, 1, 2), "A"),
        ("a", dt.date(2008, 1, 1), dt.date(2008, 1, 2), "A"),
        ("a", dt.date(2008, 1, 3), dt.date(2008, 1, 4), "A"),
    ]
    through = dt.date(2009, 6, 30)
    result = run(stays, 2008, through, 30, plan=True)
    assert_whole(result, stays, 2008, through, 30, plan=True)
    assert result.rate == exact_rate(3, 1)
    two = attrs.evolve(result, shown_decimals=2)
    assert f"  {describe(3, 1, 0, 2)}  [§3.10.4]" in two.explain().splitlines()
    assert f"    plan A: {describe(3, 1, 0, 2)}" in two.explain().splitlines()
    for part in two.tables()[:2]:
        assert {c.name: c.places for c in part.columns}["rate"] == 2
    assert [c.places for c in result.tables()[0].columns if c.name == "rate"] == [6]
    counts = {
        "index_episodes": "{denominator}+{incomplete}",
        "not_readmitted": "{denominator}-{readmitted}",
        "rate": 'IF({denominator}>0, {not_readmitted}*100/{denominator}, "")',
    }
    assert result.excel_formulas() == {"summary": counts, "by_plan": counts}
    chart = result.chart()
    assert (chart.x, chart.value, chart.title) == (
        "plan",
        "rate",
        "Community tenure 2008: not readmitted within 30 days",
    )
    assert chart.table == result.table("by_plan")
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


@pytest.mark.parametrize(
    "ids",
    [(1, 2), ("M1", "M2"), (2**40 - 1, 0)],  # codes in a table of members; 40-bit codes sorted
)
def test_an_episode_begun_by_a_stay_discharged_before_the_year_is_admitted_on_its_first_day(
    ids: tuple[Any, Any],
) -> None:
    """Transfers across the new year: the episode's admission is its first stay's, however far back.

    Member 1: 1-20 November, 18 November - 31 December (a transfer), 31 December - 5 January; a
    stay of 3-4 October before them is an episode of its own. Member 2: its only stay discharged
    in the year is admitted in it, and its December stay is another episode.
    """
    one, two = ids
    stays = {
        "member_id": [one, one, one, one, one, two, two],
        "admit_date": [
            dt.date(2007, 12, 31),
            dt.date(2007, 11, 18),
            dt.date(2007, 11, 1),
            dt.date(2007, 11, 15),  # within the episode: it does not move its admission
            dt.date(2007, 10, 3),
            dt.date(2007, 12, 1),
            dt.date(2008, 1, 2),
        ],
        "discharge_date": [
            dt.date(2008, 1, 5),
            dt.date(2007, 12, 31),
            dt.date(2007, 11, 20),
            dt.date(2007, 11, 16),
            dt.date(2007, 10, 4),
            dt.date(2007, 12, 31),
            dt.date(2008, 1, 9),
        ],
    }
    result = tc.community_tenure(
        stays, year=2008, data_through=dt.date(2009, 6, 30), index_episodes=True
    )
    admitted = [(row["member_id"], row["admit_date"]) for row in result.index_episodes.to_pylist()]
    assert dict(admitted) == {one: dt.date(2007, 11, 1), two: dt.date(2008, 1, 2)}
    assert len(admitted) == 2
    # member 1's four stays of the episode, member 2's stay of the year; not the October stay, nor
    # member 2's December stay (discharged before the year, not joined to the January one)
    assert result.to_dict()["stays_considered"] == 5  # counted above
    assert result.to_dict()["episodes"] == 2  # counted above


@given(
    st.data(),
    WINDOW,
    st.sampled_from([1023, 1024, 2047, 2048]),
    st.sampled_from([["A", "B"], ["A", "B", "C"], ["A"]]),
)
def test_keys_on_either_side_of_63_bits(
    data: st.DataObject, window: int, span: int, plans: list[str]
) -> None:
    """Member codes of 40 bits, days of 10 to 12 bits, plans of 1 or 2: packed or sorted by columns.

    40 + 2 x 11 + 1 = 63 bits are packed into a key; one bit more is not (it would not fit in a
    non-negative int64): both give the ruling. The days run over 2**10 - 1 to 2**11 values, the
    last of them the cap of a discharge after the last admission that can matter.
    """
    year = 2008
    last_admit = dt.date(year, 12, 31) + window * DAY
    earliest = last_admit + DAY - span * DAY  # the days run over `span` values
    stays = data.draw(stays_near_lines(year, window))
    stays = [(m, a, d, data.draw(st.sampled_from(plans))) for m, a, d, _ in stays]
    stays += [
        (0, earliest, dt.date(year, 3, 1), plans[0]),
        (2**40 - 1, dt.date(year, 4, 1), dt.date(year, 4, 2), plans[-1]),
        (2**40 - 1, dt.date(year, 4, 20), dt.date(year, 4, 22), plans[0]),
        # discharged after the last admission that matters, and still in: the capped discharges
        (1, dt.date(year, 12, 1), last_admit + 5 * DAY, plans[-1]),
        (2, dt.date(year, 12, 2), None, plans[0]),
    ]
    through = dt.date(year, 12, 31) + data.draw(THROUGH_SHIFT) * DAY
    plan = data.draw(st.booleans())  # without a plan column: no plan bits, no ranks to sort by
    assert_whole(
        run(stays, year, through, window, plan=plan), stays, year, through, window, plan=plan
    )


@pytest.mark.parametrize(
    ("module", "package"),
    [
        ("stays", "numpy"),
        ("episodes", "numpy"),
        ("readmissions", "numpy"),
        ("readmissions", "pyarrow"),
        ("tenure_measurement", "pyarrow"),
    ],
)
def test_without_the_data_extra(module: str, package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without numpy or pyarrow, community tenure names the extra to install and what it was for."""
    import importlib  # noqa: PLC0415

    loaded = importlib.import_module(f"tenncare_calc.enrollment.{module}")
    ask = getattr(loaded, {"numpy": "_np", "pyarrow": "_pa"}[package])
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(MissingDependencyError) as raised:
        ask()
    assert raised.value.extra == "data"
    assert str(raised.value) == (
        f"community tenure needs the optional package {package!r}, which is not installed; "
        "install it with: pip install 'tenncare-calc[data]'"
    )


def test_the_stays_table_is_named_in_what_is_wrong_with_it() -> None:
    """Not a table, columns missing, a renaming to a column not there or of a column not read."""
    through = dt.date(2009, 1, 1)
    with pytest.raises(InvalidTypeError) as not_a_table:
        tc.community_tenure(42, year=2008, data_through=through)
    assert (not_a_table.value.field, not_a_table.value.value) == ("stays", "int")
    assert str(not_a_table.value).startswith("'stays' must be a pyarrow Table")
    with pytest.raises(tc.InvalidInputError) as lacking:
        tc.community_tenure({"member_id": [1]}, year=2008, data_through=through)
    assert str(lacking.value) == (
        "'stays' lacks the required columns 'admit_date', 'discharge_date' (it has: 'member_id')"
    )
    stays = {"MID": [1], "admit_date": ["2008-01-01"], "discharge_date": ["2008-01-02"]}
    with pytest.raises(tc.InvalidInputError) as renamed:
        tc.community_tenure(
            stays, columns={"member_id": "MID", "plan": "P"}, year=2008, data_through=through
        )
    assert (renamed.value.field, renamed.value.value) == ("columns", ["P"])
    assert str(renamed.value) == (
        "columns= maps to 'P', not a column of 'stays' (it has: 'MID', 'admit_date', "
        "'discharge_date')"
    )
    with pytest.raises(tc.InvalidInputError) as unread:
        tc.community_tenure(stays, columns={"bogus": "MID"}, year=2008, data_through=through)
    assert str(unread.value).startswith("columns= names 'bogus', a column 'stays' does not read;")
    result = tc.community_tenure(
        stays, columns={"member_id": "MID"}, year=2008, data_through=through
    )
    assert (result.denominator, result.rows_in) == (1, 1)


def test_a_plan_with_only_incomplete_episodes_has_no_rate_and_says_which() -> None:
    """Plan A's only index episode is incomplete: its rate is undefined, naming plan A."""
    stays: list[Stay] = [
        (1, dt.date(2008, 12, 20), dt.date(2008, 12, 21), "A"),
        (2, dt.date(2008, 1, 1), dt.date(2008, 1, 2), "B"),
    ]
    result = run(stays, 2008, dt.date(2009, 1, 1), 30, plan=True)
    assert_whole(result, stays, 2008, dt.date(2009, 1, 1), 30, plan=True)
    with pytest.raises(InvalidValueError) as raised:
        _ = result.by_plan["A"].rate
    assert str(raised.value) == (
        "the community-tenure rate of plan 'A' is undefined: no index episode has a complete "
        "readmission window (1 incomplete); use a later data_through or more data"
    )
    assert result.by_plan["B"].rate == 100


def test_a_dask_frame_gives_the_ruling_and_its_rejected_rows() -> None:
    """Partitions by member (Dask, one thread) add up to the ruling; bad rows raise or are kept."""
    dd = pytest.importorskip("dask.dataframe")
    dask = pytest.importorskip("dask")
    pd = pytest.importorskip("pandas")

    stays: list[Stay] = [
        (1, dt.date(2008, 1, 1), dt.date(2008, 1, 5), "A"),
        (1, dt.date(2008, 2, 4), dt.date(2008, 2, 6), "B"),
        (2, dt.date(2007, 12, 20), dt.date(2008, 1, 1), "A"),
        (3, dt.date(2008, 12, 1), dt.date(2008, 12, 30), "B"),
        (4, dt.date(2008, 6, 1), dt.date(2008, 6, 2), "A"),
        (4, dt.date(2008, 7, 2), dt.date(2008, 7, 9), "A"),
    ]
    bad = (5, dt.date(2008, 3, 2), dt.date(2008, 3, 1), "A")
    through = dt.date(2009, 1, 15)

    def frame(rows: list[Stay]) -> Any:
        columns = as_columns(rows, plan=True)
        table = pd.DataFrame(
            {
                **columns,
                "admit_date": pd.to_datetime(columns["admit_date"]),
                "discharge_date": pd.to_datetime(columns["discharge_date"]),
            }
        )
        return dd.from_pandas(table, npartitions=3)

    with dask.config.set(scheduler="synchronous"):
        result = tc.community_tenure(
            frame(stays), year=2008, data_through=through, index_episodes=True
        )
        expected = expected_dict(stays, 2008, through, 30, plan=True)
        assert result.to_dict() == expected
        assert result.index_episodes.to_pylist() == expected_episode_rows(
            stays, 2008, through, 30, plan=True
        )
        with pytest.raises(RejectedRowsError) as raised:
            tc.community_tenure(frame([*stays, bad]), year=2008, data_through=through)
        assert raised.value.field == "stays"
        assert str(raised.value).startswith("1 of 7 rows of 'stays' cannot be used: row 6:")
        collected = tc.community_tenure(
            frame([*stays, bad]), year=2008, data_through=through, on_error="collect"
        )
    assert collected.rejected.to_pylist() == [
        {"row": 6, "reason": "discharge_date 2008-03-01 is before admit_date 2008-03-02"}
    ]
    expected.update(rows_in=7, rows_used=6, rejected=collected.to_dict()["rejected"])
    assert collected.to_dict() == expected


def test_wide_member_codes_each_find_their_own_earlier_stays() -> None:
    """Two members with an episode begun before the year, codes 40 bits apart (looked up sorted).

    The member with the larger code is the last of the members looked up: its December stay is
    still found and joined, and the other's episode is admitted on its own first day.
    """
    wide = 2**40 - 1
    stays = {
        "member_id": [wide, wide, 0],
        "admit_date": [dt.date(2007, 12, 1), dt.date(2007, 12, 31), dt.date(2007, 12, 20)],
        "discharge_date": [dt.date(2007, 12, 31), dt.date(2008, 1, 5), dt.date(2008, 1, 3)],
    }
    result = tc.community_tenure(
        stays, year=2008, data_through=dt.date(2009, 6, 30), index_episodes=True
    )
    admitted = {row["member_id"]: row["admit_date"] for row in result.index_episodes.to_pylist()}
    assert admitted == {wide: dt.date(2007, 12, 1), 0: dt.date(2007, 12, 20)}
