"""U1 the monthly review sample: what the rule draws, in both forms, pinned.

These are the rule module's own tests (``compliance.utilization.sample``), run against its mutants
(docs/developers.md, "Mutation testing"). The clause (docs/interpretations.md, U1): a random sample
of at least 500 enrollees (``utilization.monthly_sample_minimum``) with billed services in the
month; ``size`` may ask for more, never fewer. Each distinct enrollee's key is SHA-256 of the seed,
U+001F and the member id (as text); the smallest keys are the sample, in key order. A population no
larger than the size is taken whole; one smaller than the minimum is flagged. Each sample is
compared whole with that rule written here apart (:func:`expected`): populations and sizes either
side of the minimum and of each other and at them, claims either side of the month's first and last
day; the claims form against the one-value form; the minimum's dated versions; and the field and
value of every error.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np
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
    load_profile,
)
from tenncare_calc.compliance.utilization import monthly_sample, sample_enrollees
from tenncare_calc.compliance.utilization.sample import SAMPLE_SUMMARY_COLUMNS, _minimum_sample
from tenncare_calc.contract.parameters import parameter_values_table
from tenncare_calc.core.parts import REJECTED_COLUMNS, Column, ColumnType, Table
from tenncare_calc.core.thresholds import Comparison, Threshold
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.compliance.utilization.sample import MonthlySample
    from tenncare_calc.contract.profile import ContractProfile

UM = "One Care contract (Massachusetts): Utilization Management"
MINIMUM = 500
NAME = "utilization.monthly_sample_minimum"
TERM_START = dt.date(2007, 4, 1)
DESCRIPTION = "Fewest enrollees in the monthly random sample reviewed to confirm billed services were received"


def key(seed: str, member: object) -> str:
    """Return a member's draw key: SHA-256 of the seed, U+001F and the member id, in hex."""
    return hashlib.sha256(f"{seed}\x1f{member}".encode()).hexdigest()


def expected(
    population: list[Any],
    seed: str,
    size: int | None = None,
    *,
    minimum: int = MINIMUM,
    month: dt.date | None = None,
    effective_from: dt.date = TERM_START,
    rows_in: int | None = None,
    rejected: list[dict[str, Any]] | None = None,
    profile: ContractProfile | None = None,
) -> dict[str, object]:
    """Return everything U1's sample of the distinct ``population`` reports, and its parts.

    ``profile`` is where the minimum's citation is written from (its provenance and term).
    """
    cited = (profile or default_profile()).get(NAME, on=month)
    assert (cited.value, cited.effective_from) == (minimum, effective_from)
    wanted = minimum if size is None else size
    drawn = sorted((key(seed, member), member) for member in set(population))[:wanted]
    distinct = len(set(population))
    whole, below = distinct <= wanted, distinct < minimum
    shown = None if month is None else f"{month.year:04d}-{month.month:02d}"
    rows = [{"draw": n + 1, "member_id": m, "key": k} for n, (k, m) in enumerate(drawn)]
    named = "" if month is None else month.strftime(" for %B %Y")
    titled = "" if month is None else month.strftime(", %B %Y")
    whole_ids = bool(drawn) and all(isinstance(m, int) for _, m in drawn)
    lines = [f"Monthly billed-services review sample{named}  [{UM}]"]
    if rejected is not None and rows_in is not None:
        lines.append(
            f"  Rows: {rows_in} in = {rows_in - len(rejected)} used + {len(rejected)} rejected"
        )
        lines += [f"    row {r['row']}: {r['reason']}" for r in rejected]
    lines += [
        f"  population: {distinct:,} distinct enrollees with billed services",
        f"  sample size: {wanted:,} (the clause's minimum is {minimum:,})",
    ]
    if whole:
        flag = " - FLAGGED: below the minimum" if below else ""
        lines.append(f"  the population is no larger than the size: taken whole{flag}")
    lines.append(
        f"  draw: each enrollee's key is SHA-256 of '{seed}' + U+001F + the member id; the "
        f"{len(drawn):,} smallest keys are taken (uniform without replacement)"
    )
    lines += [f"    {n + 1}. {m} (key {k[:16]}...)" for n, (k, m) in enumerate(drawn[:3])]
    lines.append(f"  parameter: {cited.provenance()}")
    return {
        "month": month,
        "seed": seed,
        "population": distinct,
        "size": wanted,
        "members": tuple(m for _, m in drawn),
        "keys": tuple(k for k, _ in drawn),
        "taken_whole": whole,
        "below_minimum": below,
        "parameter": (NAME, minimum, effective_from),
        "rows_in": rows_in,
        "tables": (
            Table(
                "summary",
                f"Monthly billed-services review sample{titled}",
                SAMPLE_SUMMARY_COLUMNS,
                (
                    (
                        shown,
                        seed,
                        distinct,
                        wanted,
                        len(drawn),
                        minimum,
                        whole,
                        below,
                        rows_in,
                        None if rejected is None else len(rejected),
                        UM,
                    ),
                ),
                record=True,
            ),
            Table(
                "members",
                "Sampled enrollees, in draw order",
                (
                    Column("draw", ColumnType.COUNT, description="the draw order (1 is first)"),
                    Column(
                        "member_id",
                        ColumnType.COUNT if whole_ids else ColumnType.TEXT,
                        grouping=False,
                        description="the enrollee's id",
                    ),
                    Column(
                        "key",
                        ColumnType.TEXT,
                        brief=False,
                        description="SHA-256 of the seed, U+001F and the member id (hex)",
                    ),
                ),
                tuple((r["draw"], r["member_id"], r["key"]) for r in rows),
            ),
            Table(
                "rejected",
                "Rejected input rows",
                REJECTED_COLUMNS,
                tuple((r["row"], r["reason"]) for r in rejected or ()),
                brief=bool(rejected),
            ),
            parameter_values_table((cited,)),
        ),
        "to_dict": {
            "month": shown,
            "seed": seed,
            "population": distinct,
            "size": wanted,
            "minimum": minimum,
            "taken_whole": whole,
            "below_minimum": below,
            "members": rows,
            "rows_in": rows_in,
            "rejected": rejected,
            "section": UM,
        },
        "explain": "\n".join(lines),
    }


def found(sample: MonthlySample) -> dict[str, object]:
    """Return what a sample reports, in the form of :func:`expected`."""
    return {
        "month": sample.month,
        "seed": sample.seed,
        "population": sample.population,
        "size": sample.size,
        "members": sample.members,
        "keys": sample.keys,
        "taken_whole": sample.taken_whole,
        "below_minimum": sample.below_minimum,
        "parameter": (sample.minimum.name, sample.minimum.value, sample.minimum.effective_from),
        "rows_in": sample.rows_in,
        "tables": sample.tables(),
        "to_dict": sample.to_dict(),
        "explain": sample.explain(),
    }


@functools.cache
def minimum_profile(minimum: int) -> ContractProfile:
    """Return the shipped profile with another sample minimum (cached: Hypothesis asks often)."""
    return load_profile(overrides={NAME: minimum})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with a minimum of 600 from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), NAME, 600)


SEEDS = st.one_of(st.integers(-(10**6), 10**6), st.text(max_size=8))
#: A population's size: either side of the minimum and at it, or small.
AROUND = st.one_of(st.sampled_from([MINIMUM - 1, MINIMUM, MINIMUM + 1]), st.integers(0, 40))
MONTHS = st.dates(dt.date(2007, 4, 1), dt.date(2012, 12, 31))


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Return a month's first and last day."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


class TestOnePopulation:
    """``sample_enrollees``: the whole sample, on both sides of each line and at it."""

    @given(AROUND, SEEDS, st.booleans())
    def test_each_population_is_what_the_clause_draws(
        self, count: int, seed: int | str, as_text: bool
    ) -> None:
        """499, 500, 501 or a few enrollees: members, keys, flags and every part."""
        population: list[Any] = [f"m{n}" if as_text else n * 7 for n in range(count)]
        sample = sample_enrollees(population, seed=seed)
        assert found(sample) == expected(population, str(seed))

    @given(st.integers(0, 30), st.integers(-2, 2), SEEDS)
    def test_a_size_either_side_of_the_population(
        self, extra: int, side: int, seed: int | str
    ) -> None:
        """A size above the minimum, and a population one less, equal or one more than it."""
        size = MINIMUM + extra
        population = list(range(size + side))
        sample = sample_enrollees(population, seed=seed, size=size)
        want = expected(population, str(seed), size)
        assert found(sample) == want
        assert (sample.taken_whole, sample.below_minimum) == (side <= 0, size + side < MINIMUM)

    @given(st.integers(1, 40), st.integers(-1, 1), st.integers(0, 3), SEEDS)
    def test_the_profile_minimum(self, minimum: int, side: int, more: int, seed: int | str) -> None:
        """The minimum comes from the profile: the default size, the flag and the words."""
        population = list(range(minimum + side))
        profile = minimum_profile(minimum)
        sample = sample_enrollees(population, seed=seed, profile=profile)
        assert found(sample) == expected(population, str(seed), minimum=minimum, profile=profile)
        larger = sample_enrollees(population, seed=seed, size=minimum + more, profile=profile)
        assert found(larger) == expected(
            population, str(seed), minimum + more, minimum=minimum, profile=profile
        )

    @given(st.lists(st.integers(0, 30), max_size=60), SEEDS)
    def test_repeats_and_order_do_not_change_the_draw(
        self, population: list[int], seed: int | str
    ) -> None:
        """Repeated ids count once; numpy whole numbers are the same ids."""
        sample = sample_enrollees([np.int64(m) for m in population], seed=seed)
        assert found(sample) == expected(population, str(seed))
        assert all(type(m) is int for m in sample.members)
        assert sample.members == sample_enrollees(population[::-1], seed=seed).members

    @given(MONTHS, SEEDS)
    def test_a_month_is_its_first_day(self, day: dt.date, seed: int | str) -> None:
        """A month given as any day is read as its first day."""
        sample = sample_enrollees(["a", "b"], seed=seed, month=day)
        assert found(sample) == expected(["a", "b"], str(seed), month=day.replace(day=1))

    @given(st.integers(0, 2_000))
    def test_the_line(self, population: int) -> None:
        """U1's line is at least the minimum, in enrollees: 499 below it, 500 on it."""
        line = _minimum_sample(default_profile().get(NAME))
        assert line == Threshold(MINIMUM, "enrollees", Comparison.AT_LEAST)
        assert line.describe() == "at least 500 enrollees"
        assert line.met(population) is (population >= MINIMUM)

    def test_an_empty_population(self) -> None:
        """No enrollees: an empty sample, taken whole and flagged, whole-number ids shown as text."""
        sample = sample_enrollees([], seed=1)
        assert found(sample) == expected([], "1")
        assert sample.excel_formulas() == {
            "summary": {
                "sampled": "COUNTA({members.member_id:*})",
                "taken_whole": "{population}<={size}",
                "below_minimum": "{population}<{minimum}",
            }
        }


class TestDatedMinimum:
    """The minimum in force in the month sampled (or the latest, without a month)."""

    def test_either_side_of_the_change(self) -> None:
        """500 in the month before the change, 600 from it (any day of it), 600 with no month."""
        profile = later_profile()
        population = list(range(550))
        before = sample_enrollees(
            population, seed=1, month=CHANGE_DATE - dt.timedelta(days=1), profile=profile
        )
        assert found(before) == expected(
            population, "1", month=dt.date(2009, 12, 1), profile=profile
        )
        for day in (CHANGE_DATE, CHANGE_DATE + dt.timedelta(days=30)):
            after = sample_enrollees(population, seed=1, month=day, profile=profile)
            assert found(after) == expected(
                population,
                "1",
                minimum=600,
                month=CHANGE_DATE,
                effective_from=CHANGE_DATE,
                profile=profile,
            )
        latest = sample_enrollees(population, seed=1, profile=profile)
        assert found(latest) == expected(
            population, "1", minimum=600, effective_from=CHANGE_DATE, profile=profile
        )
        with pytest.raises(InvalidValueError) as raised:
            sample_enrollees(population, seed=1, size=599, month=CHANGE_DATE, profile=profile)
        assert (raised.value.field, raised.value.value) == ("size", 599)
        assert (
            sample_enrollees(
                population, seed=1, size=599, month=dt.date(2009, 12, 31), profile=profile
            ).size
            == 599
        )

    def test_the_claims_month_reads_its_version(self) -> None:
        """``monthly_sample`` reads the minimum in force on the month's first day."""
        profile = later_profile()
        for day, minimum, since in (
            (dt.date(2009, 12, 31), 500, TERM_START),
            (dt.date(2010, 1, 31), 600, CHANGE_DATE),
        ):
            claims = {"member_id": [1, 2], "service_date": [day, day]}
            sample = monthly_sample(claims, month=day, seed=3, profile=profile)
            want = expected(
                [1, 2],
                "3",
                minimum=minimum,
                month=day.replace(day=1),
                effective_from=since,
                rows_in=2,
                rejected=[],
                profile=profile,
            )
            assert found(sample) == want

    def test_a_month_before_the_term(self) -> None:
        """A month before the minimum's term: the profile's error, in both forms."""
        with pytest.raises(OutsideTermError) as one:
            sample_enrollees([1], seed=1, month=dt.date(2007, 3, 31))
        claims = {"member_id": [1], "service_date": ["2007-03-01"]}
        with pytest.raises(OutsideTermError) as table:
            monthly_sample(claims, seed=1, month=dt.date(2007, 3, 31))
        for raised in (one, table):
            assert (raised.value.field, raised.value.value) == (NAME, dt.date(2007, 3, 1))


@st.composite
def claims_around(draw: st.DrawFn) -> tuple[dt.date, list[int], list[dt.date]]:
    """Return a month and claims on its first and last day, the days either side, or inside it."""
    first, last = month_of(draw(MONTHS))
    day = st.one_of(
        st.sampled_from([first - dt.timedelta(days=1), first, last, last + dt.timedelta(days=1)]),
        st.dates(first - dt.timedelta(days=40), last + dt.timedelta(days=40)),
    )
    rows = draw(st.lists(st.tuples(st.integers(0, 40), day), max_size=40))
    return first, [m for m, _ in rows], [d for _, d in rows]


class TestClaims:
    """``monthly_sample``: the enrollees with a claim in the month, drawn as one population."""

    @given(claims_around(), SEEDS, st.sampled_from(["date", "text", "arrow"]))
    def test_the_month_is_its_first_to_its_last_day(
        self, case: tuple[dt.date, list[int], list[dt.date]], seed: int | str, form: str
    ) -> None:
        """Claims on the first and last day count; the day before and the day after do not."""
        first, members, days = case
        last = month_of(first)[1]
        dates: Any = days
        if form == "text":
            dates = [d.isoformat() for d in days]
        elif form == "arrow":
            dates = pa.array(days, pa.date32())
        claims = {"member_id": members, "service_date": dates}
        inside = [m for m, d in zip(members, days, strict=True) if first <= d <= last]
        given_day = first + dt.timedelta(days=len(members) % 28)
        sample = monthly_sample(claims, month=given_day, seed=seed)
        want = expected(inside, str(seed), month=first, rows_in=len(members), rejected=[])
        assert found(sample) == want
        one = sample_enrollees(inside, seed=seed, month=first)
        assert (sample.members, sample.keys, sample.population, sample.size) == (
            one.members,
            one.keys,
            one.population,
            one.size,
        )

    @given(st.integers(-2, 2), SEEDS, st.sampled_from([None, 501, 520]))
    def test_populations_either_side_of_the_size(
        self, side: int, seed: int | str, size: int | None
    ) -> None:
        """A month of more enrollees than the size: the smallest keys, as ``sample_enrollees``'s."""
        wanted = MINIMUM if size is None else size
        count = wanted + side
        members = [n * 3 + 1 for n in range(count)] + [5, 8]
        days = [dt.date(2008, 10, 1 + n % 31) for n in range(count)] + [
            dt.date(2008, 9, 30),
            dt.date(2008, 11, 1),
        ]
        claims = {"member_id": members, "service_date": days}
        sample = monthly_sample(claims, month=dt.date(2008, 10, 1), seed=seed, size=size)
        inside = members[:count]
        want = expected(
            inside, str(seed), size, month=dt.date(2008, 10, 1), rows_in=count + 2, rejected=[]
        )
        assert found(sample) == want

    def test_text_ids_large_and_unsigned_ids(self) -> None:
        """Text ids, and whole numbers spread too far for a table of flags or beyond int64."""
        october = dt.date(2008, 10, 15)
        texts = [f"T{n}" for n in range(600)]
        sample = monthly_sample(
            {"member_id": texts, "service_date": [october] * 600}, month=october, seed="s"
        )
        assert found(sample) == expected(
            texts, "s", month=dt.date(2008, 10, 1), rows_in=600, rejected=[]
        )
        for ids in (
            pa.array([2**63 - 1 - n for n in range(510)], pa.uint64()),
            pa.array([n * 1_000_003 for n in range(510)], pa.int64()),
            pa.array(list(range(510)), pa.uint32()),
            pa.array([-n for n in range(510)], pa.int16()),
        ):
            claims = pa.table({"member_id": ids, "service_date": pa.array([october] * 510)})
            sample = monthly_sample(claims, month=october, seed=9)
            want = expected(
                ids.to_pylist(), "9", month=dt.date(2008, 10, 1), rows_in=510, rejected=[]
            )
            assert found(sample) == want

    def test_another_date_column_and_mapped_columns(self) -> None:
        """``date_column=`` reads another date; ``columns=`` maps the names."""
        claims = {
            "id": [1, 2, 3],
            "billed": ["2008-10-01", "2008-10-31", "2008-11-01"],
            "service_date": ["2008-09-01", "2008-09-01", "2008-10-02"],
        }
        sample = monthly_sample(
            claims,
            columns={"member_id": "id"},
            month=dt.date(2008, 10, 1),
            seed=1,
            date_column="billed",
        )
        assert found(sample) == expected(
            [1, 2], "1", month=dt.date(2008, 10, 1), rows_in=3, rejected=[]
        )

    def test_rows_it_cannot_use(self) -> None:
        """A missing id or date raises by default; collected, the rows are listed and explained."""
        claims = {
            "member_id": [1, None, 2, 3],
            "service_date": ["2008-10-01", "2008-10-02", None, "2008-10-03"],
        }
        sample = monthly_sample(claims, month=dt.date(2008, 10, 1), seed=1, on_error="collect")
        rejected = [
            {"row": 1, "reason": "member_id is null"},
            {"row": 2, "reason": "service_date is null"},
        ]
        assert found(sample) == expected(
            [1, 3], "1", month=dt.date(2008, 10, 1), rows_in=4, rejected=rejected
        )
        with pytest.raises(RejectedRowsError) as raised:
            monthly_sample(claims, month=dt.date(2008, 10, 1), seed=1)
        assert (raised.value.field, raised.value.value) == ("claims", None)
        assert str(raised.value) == (
            "2 of 4 rows of 'claims' cannot be used: row 1: member_id is null; row 2: "
            "service_date is null. Fix them, or pass on_error='collect' to compute with the valid "
            "rows and get these in .rejected"
        )

    def test_ids_read_as_identifiers(self) -> None:
        """Whole floats are whole-number ids (keyed '1', not '1.0'); others and blank text are rejected."""
        october = dt.date(2008, 10, 1)
        days = ["2008-10-01"] * 3
        floats = monthly_sample(
            {"member_id": [1.0, 2.0, 3.5], "service_date": days},
            month=october,
            seed=1,
            on_error="collect",
        )
        rejected = [{"row": 2, "reason": "member_id 3.5 is not a whole number"}]
        assert found(floats) == expected([1, 2], "1", month=october, rows_in=3, rejected=rejected)
        texts = monthly_sample(
            {"member_id": ["a", " ", "b"], "service_date": days},
            month=october,
            seed=1,
            on_error="collect",
        )
        rejected = [{"row": 1, "reason": "member_id is empty"}]
        assert found(texts) == expected(
            ["a", "b"], "1", month=october, rows_in=3, rejected=rejected
        )

    def test_columns_it_cannot_find(self) -> None:
        """A mapping to no column, or no date column: the claims table named."""
        claims = {"member_id": [1], "service_date": ["2008-10-01"]}
        with pytest.raises(InvalidInputError) as mapped:
            monthly_sample(claims, columns={"member_id": "id"}, month=dt.date(2008, 10, 1), seed=1)
        assert (mapped.value.field, mapped.value.value) == ("columns", ["id"])
        assert str(mapped.value) == (
            "columns= maps to 'id', not a column of 'claims' (it has: 'member_id', 'service_date')"
        )
        with pytest.raises(InvalidInputError) as missing:
            monthly_sample({"member_id": [1]}, month=dt.date(2008, 10, 1), seed=1)
        assert (missing.value.field, missing.value.value) == ("claims", ["service_date"])
        assert str(missing.value) == (
            "'claims' lacks the required column 'service_date' (it has: 'member_id')"
        )


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    @pytest.mark.parametrize("seed", [True, 1.5, None, b"1", [1]])
    def test_a_seed_neither_int_nor_text(self, seed: object) -> None:
        """Both forms refuse the seed, naming it."""
        claims = {"member_id": [1], "service_date": ["2008-10-01"]}
        with pytest.raises(InvalidTypeError) as one:
            sample_enrollees([1], seed=seed)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError) as table:
            monthly_sample(claims, month=dt.date(2008, 10, 1), seed=seed)  # type: ignore[arg-type]
        for raised in (one, table):
            assert (raised.value.field, raised.value.value) == ("seed", seed)
            assert str(raised.value) == (
                f"'seed' must be an int or text, such as 2008 or '2008-10 review' (got {seed!r})"
            )

    @given(st.integers(0, MINIMUM - 1))
    def test_a_size_below_the_minimum(self, size: int) -> None:
        """Any size below 500 is refused in both forms; 500 is not."""
        claims = {"member_id": [1], "service_date": ["2008-10-01"]}

        def one(wanted: int) -> MonthlySample:
            return sample_enrollees([1], seed=1, size=wanted)

        def table(wanted: int) -> MonthlySample:
            return monthly_sample(claims, month=dt.date(2008, 10, 1), seed=1, size=wanted)

        for draw in (one, table):
            with pytest.raises(InvalidValueError) as raised:
                draw(size)
            assert (raised.value.field, raised.value.value) == ("size", size)
            assert str(raised.value) == (
                f"'size' must be at least the clause's minimum of 500 enrollees (got {size})"
            )
            assert draw(MINIMUM).size == MINIMUM

    @pytest.mark.parametrize("size", [-1, 500.5, "many"])
    def test_a_size_that_is_not_a_count(self, size: object) -> None:
        """A size that is not a whole number of enrollees names ``size``."""
        with pytest.raises(InvalidValueError) as raised:
            sample_enrollees([1], seed=1, size=size)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("size", size)

    @pytest.mark.parametrize("member", [None, 1.5, True, ("a",)])
    def test_an_id_that_is_neither_int_nor_text(self, member: object) -> None:
        """The first id that is not a member id is named."""
        with pytest.raises(InvalidTypeError) as raised:
            sample_enrollees(["a", member, "b"], seed=1)
        assert (raised.value.field, raised.value.value) == ("enrollees", member)
        assert str(raised.value) == (
            f"'enrollees' must hold member ids (int or text) (got {member!r})"
        )

    def test_whole_number_and_text_ids_mixed(self) -> None:
        """1 and '1' would draw one key: refused, naming the first five distinct ids."""
        with pytest.raises(InvalidTypeError) as raised:
            sample_enrollees([1, 2, 2, 3, "4", 5, 6, 7], seed=1)
        assert (raised.value.field, raised.value.value) == ("enrollees", [1, 2, 3, "4", 5])
        assert str(raised.value) == (
            "'enrollees' mixes whole-number and text member ids; use one type (1 and '1' would "
            "be the same enrollee in the draw)"
        )

    def test_enrollees_that_are_not_a_collection(self) -> None:
        """A single id or text is not a population."""
        for enrollees in (5, "abc"):
            with pytest.raises(InvalidTypeError) as raised:
                sample_enrollees(enrollees, seed=1)  # type: ignore[arg-type]
            assert (raised.value.field, raised.value.value) == ("enrollees", enrollees)
            assert str(raised.value) == (
                "'enrollees' must be a sequence of member ids, such as a list or a column, not "
                f"one {type(enrollees).__name__} (got {enrollees!r})"
            )

    def test_a_month_that_is_not_a_date(self) -> None:
        """Both forms name ``month``."""
        with pytest.raises(InvalidValueError) as one:
            sample_enrollees([1], seed=1, month="October")  # type: ignore[arg-type]
        assert (one.value.field, one.value.value) == ("month", "October")
        with pytest.raises(InvalidValueError) as table:
            monthly_sample(
                {"member_id": [1], "service_date": ["2008-10-01"]},
                month="October",  # type: ignore[arg-type]
                seed=1,
            )
        assert (table.value.field, table.value.value) == ("month", "October")
