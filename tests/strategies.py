"""Hypothesis strategies shared by the test suite (add new ones here, not in test modules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

#: Steps used to probe a threshold just below and just above: a cent of a point down to 1e-12.
EPSILONS = st.sampled_from([Decimal("0.01"), Decimal("0.001"), Decimal("1E-6"), Decimal("1E-12")])


def decimals(
    min_value: Decimal | int | str, max_value: Decimal | int | str, *, places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Return finite Decimals in [min_value, max_value] with at most ``places`` decimal places."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def rates(places: int = 4) -> st.SearchStrategy[Decimal]:
    """Return percentages in [0, 100] (ruling M2)."""
    return decimals(0, 100, places=places)


def money(max_value: int = 10**10, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Return non-negative dollar amounts (whole cents by default)."""
    return decimals(0, max_value, places=places)


def member_months(max_value: int = 50_000_000) -> st.SearchStrategy[Decimal]:
    """Return non-negative member-month counts, possibly fractional (ruling MM1)."""
    return decimals(0, max_value, places=6)


#: Inputs every numeric field must reject with a TypeError-family error (ruling M1).
WRONG_TYPES = st.one_of(
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.just(object()),
    st.binary(max_size=3),
)

#: Inputs every numeric field must reject with a ValueError-family error (ruling M1).
BAD_NUMBERS = st.one_of(
    st.sampled_from(
        ["NaN", "nan", "sNaN", "Infinity", "-inf", "", " ", "1,00", "1,2,3", "$$5", "5$", "abc"]
    ),
    st.sampled_from(
        [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")]
    ),
)


# --------------------------------------------------------------------------------------------------
# Batch tables (member months, community tenure)

#: Years with and without February 29 (2000 is a leap year, 1900 and 2100 are not).
YEARS = st.sampled_from([1900, 2000, 2007, 2008, 2009, 2012, 2100])


@st.composite
def enrollment_spans(draw: st.DrawFn, year: int, *, max_spans: int = 25) -> list[tuple[Any, ...]]:
    """Return ``(member_id, start, end)`` spans around ``year``.

    They have overlaps, duplicates, same-day spans, open ends (``end=None``), spans crossing
    either year end, and spans outside the year.
    """
    members = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True))
    first = dt.date(year - 1, 11, 1)
    last = dt.date(year + 1, 2, 28)
    span = st.tuples(
        st.sampled_from(members),
        st.dates(first, last),
        st.one_of(st.integers(0, 0), st.integers(0, 40), st.integers(0, 500), st.none()),
    )
    drawn = draw(st.lists(span, max_size=max_spans))
    spans = [(m, s, None if n is None else s + dt.timedelta(days=n)) for m, s, n in drawn]
    duplicates = draw(st.lists(st.sampled_from(spans), max_size=3)) if spans else []
    return spans + duplicates


@st.composite
def inpatient_stays(draw: st.DrawFn, year: int, *, max_stays: int = 25) -> list[tuple[Any, ...]]:
    """Return ``(member_id, admit, discharge, plan)`` stays around ``year``.

    They have transfers (admitted on or before the previous discharge), readmissions on days 29-32,
    same-day stays, stays still open (``discharge=None``) and stays in the year before.
    """
    members = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=5, unique=True))
    plans = ["AGP", "BCT"]
    stays: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, max_stays))):
        member = draw(st.sampled_from(members))
        previous = [s for s in stays if s[0] == member and s[2] is not None]
        if previous and draw(st.booleans()):
            # Chain from an earlier stay's discharge: transfer (<= 0 days) or readmission gap.
            base = draw(st.sampled_from(previous))[2]
            gap = draw(st.sampled_from([-3, -1, 0, 1, 2, 29, 30, 31, 32, 45]))
            admit = base + dt.timedelta(days=gap)
        else:
            admit = draw(st.dates(dt.date(year - 1, 10, 1), dt.date(year + 1, 2, 28)))
        length = draw(st.one_of(st.integers(0, 0), st.integers(0, 20), st.integers(0, 120)))
        discharge = None if draw(st.integers(0, 14)) == 0 else admit + dt.timedelta(days=length)
        stays.append((member, admit, discharge, draw(st.sampled_from(plans))))
    return stays


# --------------------------------------------------------------------------------------------------
# Dates (the contract calendar, issue 3)

#: Days in and around the contract's years, including leap days, month ends and year ends.
CONTRACT_DAYS = st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2040, 12, 31))

#: Days that are month ends, year ends or leap days (or the day after one): the edges dates break on.
EDGE_DAYS = st.builds(
    lambda year, month, delta: (
        dt.date(year, month, 1) + relativedelta(months=+1, days=-1) + dt.timedelta(days=delta)
    ),
    st.integers(2006, 2040),
    st.integers(1, 12),
    st.integers(-1, 1),
) | st.sampled_from(
    [dt.date(y, 2, 29) for y in (2008, 2012, 2016, 2020, 2024, 2028)]
    + [dt.date(y, 12, 31) for y in (2007, 2010, 2021)]
)

#: Business-day counts as used by time standards ("within 3 business days"), both directions.
BUSINESS_DAY_COUNTS = st.integers(min_value=-400, max_value=400)


def days(min_year: int = 2006, max_year: int = 2040) -> st.SearchStrategy[dt.date]:
    """Return days between January 1 of ``min_year`` and December 31 of ``max_year``."""
    return st.one_of(
        st.dates(min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31)),
        EDGE_DAYS.filter(lambda day: min_year <= day.year <= max_year),
    )


#: Caller-supplied holiday lists (ruling D1): any days, weekends included, possibly none.
HOLIDAY_LISTS = st.lists(
    st.dates(min_value=dt.date(2007, 1, 1), max_value=dt.date(2010, 12, 31)), max_size=40
)


# --------------------------------------------------------------------------------------------------
# Liquidated damages (issue 3)

#: The four Specialist Provider Network standards (Attachment VII).
SPECIALIST_STANDARDS = (
    "physician_specialists",
    "essential_hospital_services",
    "aids_centers_of_excellence",
    "behavioral_health_centers_of_excellence",
)

#: Any set of unmet Specialist Provider Network standards, as a list (possibly empty).
UNMET_STANDARDS = st.lists(st.sampled_from(SPECIALIST_STANDARDS), unique=True)

#: Counts of agreements or providers.
COUNTS = st.integers(min_value=0, max_value=100_000)

#: Data element names of a Provider Enrollment File audit.
ELEMENT_NAMES = st.sampled_from(
    ["address", "phone", "specialty", "accepting_new_patients", "hours", "npi", "language"]
)


def near(threshold: int | str, *, places: int = 4) -> st.SearchStrategy[Decimal]:
    """Return percentages just below, at or just above ``threshold``, within [0, 100]."""
    at = Decimal(threshold)
    return st.one_of(
        st.just(at),
        EPSILONS.map(lambda eps: at - eps),
        EPSILONS.map(lambda eps: at + eps),
        decimals(max(0, at - 1), min(100, at + 1), places=places),
    ).filter(lambda value: Decimal(0) <= value <= Decimal(100))


#: Incorrect percentages per data element, with the tier edges (10, 30, 31) well represented.
ELEMENT_PERCENTS = st.dictionaries(
    ELEMENT_NAMES, st.one_of(rates(), near(10), near(30), near(31)), min_size=1, max_size=5
)


def observations(year: int = 2008) -> st.SearchStrategy[dict[str, object]]:
    """Return valid ledger records of every damage item, dated within ``year`` (text or typed)."""
    in_year = st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year, 12, 31))
    flags = st.booleans()
    month = st.integers(1, 12).map(lambda m: f"{year}-{m:02d}")
    quarter = st.integers(1, 4).map(lambda q: f"{year}-Q{q}")
    return st.one_of(
        st.builds(
            lambda end, length, paid: {
                "item": "unlicensed_staff",
                "start": end - dt.timedelta(days=length),
                "end": end,
                "amount_paid": paid,
            },
            in_year,
            st.integers(0, 400),
            money(10**6),
        ),
        st.builds(
            lambda received, late: {
                "item": "late_provider_enrollment_file",
                "due": received - dt.timedelta(days=late),
                "received": received,
            },
            in_year,
            st.integers(-5, 60),
        ).filter(lambda record: record["due"].year == year),  # type: ignore[attr-defined]
        st.builds(
            lambda item, day, count: {"item": item, "date": day.isoformat(), "count": str(count)},
            st.sampled_from(["noncompliant_provider_agreements", "missing_signature_pages"]),
            in_year,
            st.integers(0, 50),
        ),
        st.builds(
            lambda m, unmet, plan, waiver: {
                "item": "specialist_network",
                "month": m,
                "unmet": unmet,
                "corrective_action_plan": plan,
                "shortage_waiver": waiver,
            },
            month,
            UNMET_STANDARDS,
            flags,
            flags,
        ),
        st.builds(
            lambda m, met, plan: {
                "item": "geographic_access",
                "month": m,
                "standards_met": "yes" if met else "no",
                "corrective_action_plan": plan,
            },
            month,
            flags,
            flags,
        ),
        st.builds(
            lambda q, percent, plan, waived: {
                "item": "provider_participation_accuracy",
                "quarter": q,
                "confirmed_percent": str(percent),
                "corrective_action_plan": plan,
                "waived": waived,
            },
            quarter,
            st.one_of(rates(), near(90)),
            flags,
            flags,
        ),
        st.builds(
            lambda q, percents, plan: {
                "item": "provider_information_accuracy",
                "quarter": q,
                "incorrect_percent_by_element": percents,
                "corrective_action_plan": plan,
            },
            quarter,
            ELEMENT_PERCENTS,
            flags,
        ),
    )


# Compliance checks (issue 5)

#: Moments (naive, to the minute) in the years the NEMT and access standards are in force.
MOMENTS = st.datetimes(
    min_value=dt.datetime(2008, 9, 10),  # noqa: DTZ001 - naive local times, as contract data
    max_value=dt.datetime(2012, 12, 31),  # noqa: DTZ001 - naive local times, as contract data
).map(lambda moment: moment.replace(second=0, microsecond=0))

#: Small positive steps across a threshold, in microseconds: 1 microsecond up to a day.
MICRO_STEPS = st.sampled_from([1, 1_000, 1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000])

#: Member ids as the tables accept them: whole numbers or text.
MEMBER_IDS = st.one_of(st.integers(1, 10**9), st.text("ABCDEFGH0123456789", min_size=1, max_size=8))


# --------------------------------------------------------------------------------------------------
# Programs: several plans and years (issue 14)

PROGRAM_PLANS = ("east", "middle", "west", "north")


def _improvement_rows(draw: st.DrawFn, measure: str) -> list[dict[str, object]]:
    if draw(st.integers(0, 5)) == 0:
        return [{"measure": measure}]  # not reported
    # at least 1 %: a table whose rates are all under 1 % looks like fractions and is refused
    baseline = draw(decimals(1, 100, places=1))
    current = draw(decimals(max(1, baseline - 3), min(100, baseline + 9), places=1))
    return [{"measure": measure, "baseline": str(baseline), "current": str(current)}]


def _percentile_rows(
    draw: st.DrawFn, measure: str, components: tuple[str, ...]
) -> list[dict[str, object]]:
    if draw(st.integers(0, 5)) == 0:
        return [{"measure": measure}]
    rows: list[dict[str, object]] = []
    for name in components:
        percentile = draw(decimals(20, 80, places=1))
        rate = draw(decimals(max(0, percentile - 3), min(100, percentile + 3), places=1))
        rows.append(
            {
                "measure": measure,
                "rate": name,
                "current": str(rate),
                "percentile_75": str(percentile),
            }
        )
    return rows


@st.composite
def programs(draw: st.DrawFn, *, max_plans: int = 3) -> dict[str, list[dict[str, object]]]:
    """Return a program's ``rates`` and ``plans`` tables: 1-3 plans, one or two years.

    Every measure in force has its rows (some not reported, community tenure sometimes absent);
    member months are given; other payments sometimes leave less room under the 105% cap than
    the plan earns, so the cap binds for some plan-years.
    """
    from tenncare_calc import default_profile  # noqa: PLC0415 - the measures in force

    measures = default_profile().value("p4p.measures", tuple)
    plans = draw(
        st.lists(st.sampled_from(PROGRAM_PLANS), min_size=1, max_size=max_plans, unique=True)
    )
    years = draw(st.sampled_from([(2008,), (2009,), (2008, 2009)]))
    rates: list[dict[str, object]] = []
    facts: list[dict[str, object]] = []
    for plan in plans:
        for year in years:
            rows: list[dict[str, object]] = []
            for measure in measures:
                if measure.components:
                    rows += _percentile_rows(draw, measure.id, measure.components)
                elif measure.group.value == "community_tenure" and draw(st.booleans()):
                    continue  # community tenure not supplied at all
                else:
                    rows += _improvement_rows(draw, measure.id)
            rates += [{"plan": plan, "measurement_year": str(year), **row} for row in rows]
            capitation = draw(money(10**9))
            # 105% of capitation, less capitation, less these, leaves 0 to 5% of capitation
            other = draw(
                decimals(0, (capitation * Decimal("0.05")).quantize(Decimal("0.01")), places=2)
            )
            facts.append(
                {
                    "plan": plan,
                    "year": str(year),
                    "member_months": str(draw(member_months(3_000_000))),
                    "capitation": str(capitation),
                    "other_payments": str(other),
                }
            )
    return {"rates": rates, "plans": facts}


# --------------------------------------------------------------------------------------------------
# Bad values of every kind, for the table of public functions (issue 13, tests/test_bad_values.py)


def notebook_scalars() -> list[object]:
    """Return pandas and numpy scalars a notebook passes (empty when those are not installed)."""
    try:
        import numpy as np  # noqa: PLC0415 - optional: the suite runs without the data extra
        import pandas as pd  # noqa: PLC0415 - optional, as above
    except ImportError:  # pragma: no cover - the data extra is installed in CI
        return []
    return [
        pd.NaT,
        pd.NA,
        np.datetime64("NaT"),
        np.float64("nan"),
        np.float32("inf"),
        np.int64(-1),
        np.int64(2**62),
        np.uint64(2**64 - 1),
        np.bool_(True),  # noqa: FBT003 - a bad value under test
        np.str_("abc"),
        np.datetime64("2008-01"),
        np.datetime64("2008-01-01T09:30"),
        pd.Timestamp("2008-01-01 09:30"),
        pd.Timestamp("2008-01-01", tz="UTC"),
        pd.Timedelta(days=1),
        pd.Period("2008-01", freq="M"),
    ]


#: Missing values in every form a table or notebook gives them.
MISSING = [None, float("nan"), Decimal("NaN"), Decimal("sNaN")] + [
    value for value in notebook_scalars() if str(value) in {"NaT", "<NA>", "nan"}
]

#: Numbers far out of any range: 10^59, exponent bombs, infinities, just past the stated limits.
HUGE = [
    10**59,
    10**70,
    -(10**59),
    2**63,
    10**15 + 1,
    10**21,
    100_001,
    Decimal("1E+999999"),
    Decimal("-1E+999999"),
    Decimal("1E-999999"),
    Decimal("Infinity"),
    "1e999999",
    "9" * 200,
    1e308,
    float("inf"),
    float("-inf"),
    "-Infinity",
]

#: Text that is no value of any kind, or a trap for a parser (day-first, impossible days, bombs).
WEIRD_TEXT = [
    "",
    " ",
    "abc",
    "1,2,3",
    "$$5",
    "5%%",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\x00",
    "2008-02-30",
    "13/5/2008",
    "2008-01-01T25:00",
    "NaT",
    "None",
    "null",
    "x" * 10_000,
    "1_000",
    "0x10",
    "-",
    ".",
    "1e",
    "\U0001f642",
]

#: Values of types no scalar argument takes.
ODD_TYPES = [
    object(),
    [],
    {},
    (),
    b"2008",
    set(),
    1j,
    dt.time(9),
    dt.timedelta(days=1),
    True,
    False,
    dt.datetime(2008, 1, 1, 9, 30),  # noqa: DTZ001 - naive, as the contract's times are
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    -1,
    Decimal("-0.01"),
    "-1",
    0,
    "0",
]


def bad_values() -> st.SearchStrategy[object]:
    """Return values that are wrong for some argument: every class above, and random ones."""
    return st.one_of(
        st.sampled_from(MISSING + HUGE + WEIRD_TEXT + ODD_TYPES + notebook_scalars()),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.text(max_size=12),
        st.dates(),
        st.datetimes(),
    )


#: Every character ``str.strip`` drops from the ends of a text, which are the characters pyarrow's
#: ``utf8_trim_whitespace`` drops from a cell (every Unicode white space: the last is U+3000).
WHITE_SPACE = "".join(character for character in map(chr, range(0x3001)) if character.isspace())

#: Blank text: empty, or only white space, as an empty cell of a spreadsheet or extract holds it.
BLANK_TEXT = st.text(WHITE_SPACE, max_size=6)


#: Capitals the table checks lower to an ASCII letter besides the letter's own: pyarrow's
#: ``utf8_lower`` makes the I with a dot above a plain ``i`` (Python: ``i`` and a combining dot).
OTHER_CAPITALS = {"i": ("\u0130",)}


@st.composite
def written_as(draw: st.DrawFn, word: str) -> str:
    """Return ``word`` as an extract may write it: each letter in either case, padded with space.

    A letter's capital may be any a table reads as it (:data:`OTHER_CAPITALS`).
    """
    cased = "".join(
        draw(st.sampled_from([letter.lower(), letter.upper(), *OTHER_CAPITALS.get(letter, ())]))
        for letter in word
    )
    return draw(BLANK_TEXT) + cased + draw(BLANK_TEXT)
