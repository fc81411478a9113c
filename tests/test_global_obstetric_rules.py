"""§2.12.7.32 global obstetric codes: the rule's own tests, every finding and column pinned.

These are the tests of ``compliance.claims.global_obstetric`` run against its mutants
(docs/developers.md, "Mutation testing"). Each finding is compared whole with what §2.12.7.32
says, written here apart from the library (:func:`expected`): a global obstetric code reimbursed
with no supporting record (below the line), with one (at it) or more (above it), a claim not
paid and a code not listed; tables whose rows must each be that finding and the one-value check's,
column by column, with the counts written as text, Python integers, typed integers (sliced, with
nulls and negatives), floats and decimals; the codes as the caller gives them, as the profile has
them and in their dated versions; and the field and value of every error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    default_profile,
)
from tenncare_calc.compliance import (
    FindingsTable,
    global_obstetric_claim,
    global_obstetric_claims_table,
)
from tests.versioned_profiles import CHANGE_DATE, with_later_version

CHECK = "claims.global_obstetric"
SECTION = "2.12.7.32"
STANDARD = (
    "a global obstetric code is reimbursed only with utilization or encounter data supporting "
    "the individual services"
)
NOT_LISTED = "not a global obstetric code"
NOT_PAID = "not reimbursed: the encounter data is a condition of reimbursement"
UNSUPPORTED = "paid without supporting encounter data"
UNIT = "encounter records"
NO_CODES = (
    "the amendment names no global obstetric codes (§2.12.7.32): pass codes=[...] "
    "(--codes on the command line), or set claims.global_obstetric_codes in your profile"
)
PARAMETER = "claims.global_obstetric_codes"
#: The codes the tests list, as the caller writes them (padded, lower case, repeated, a number).
GIVEN = [" 59400", "59510 ", "h1000", "59400", 59610]
#: The same codes as the clause compares them: trimmed, upper case, once each.
LISTED = ("59400", "59510", "H1000", "59610")
#: Procedure codes as claims write them: listed (in any case, padded, as numbers) or not.
CODES = st.sampled_from(
    ["59400", 59400, " 59510 ", "H1000", "h1000", 59610, "99213", "59401", "059400", 1000, "x"]
)
#: Counts of supporting records: none (below the line), one (at it) and more (above it).
#: A count is at most a billion (the library's bound on every count, in both forms).
COUNTS = st.one_of(st.integers(0, 3), st.integers(0, 10**9))
BEFORE, AFTER = dt.date(2008, 10, 1), CHANGE_DATE + dt.timedelta(days=400)
#: A claim: procedure code, supporting records, paid.
Claim = tuple[str | int, int, bool]


def expected(
    code: str | int, encounters: int, paid: bool, listed: tuple[str, ...] = LISTED
) -> dict[str, object]:
    """Return the finding §2.12.7.32 gives a claim: every field but the parameters."""
    key = str(code).strip().upper()
    figures: dict[str, object] = {"measured": None, "limit": None, "margin": None, "unit": ""}
    if key not in listed:
        outcome, note = "not_applicable", NOT_LISTED
    elif not paid:
        outcome, note = "not_applicable", NOT_PAID
    else:
        supported = encounters >= 1  # "shall submit utilization or encounter data": one or more
        outcome = "met" if supported else "not_met"
        note = None if supported else UNSUPPORTED
        figures = {
            "measured": Decimal(encounters),
            "limit": Decimal(1),
            "margin": Decimal(encounters - 1),
            "unit": UNIT,
        }
    return {
        "check": CHECK,
        "outcome": outcome,
        "standard": STANDARD,
        "sections": (SECTION,),
        "subject": (("procedure_code", key), ("paid", "yes" if paid else "no")),
        "steps": (),
        "note": note,
        "parts": (),
    } | figures


def whole(found: object) -> dict[str, object]:
    """Return every field of a finding but its parameters, the outcome as its value."""
    names = ("check", "standard", "sections", "measured", "limit", "margin", "unit", "subject")
    names += ("steps", "note", "parts")
    return {name: getattr(found, name) for name in names} | {
        "outcome": found.outcome.value  # type: ignore[attr-defined]
    }


def cited(parameters: tuple[object, ...]) -> list[tuple[object, ...]]:
    """Return each parameter cited: its name, value and first day."""
    return [(p.name, p.value, p.effective_from) for p in parameters]  # type: ignore[attr-defined]


@st.composite
def _claims(draw: st.DrawFn) -> Claim:
    """Return a claim: a code listed or not, no record, one (the line) or more, paid or not."""
    return draw(CODES), draw(COUNTS), draw(st.booleans())


class TestOneClaim:
    """``global_obstetric_claim``: every path of §2.12.7.32, the whole finding."""

    @given(_claims())
    def test_each_claim_is_what_the_clause_says(self, claim: Claim) -> None:
        """Outcome, figures, note, subject, standard, section; no parameter for codes given."""
        code, encounters, paid = claim
        found = global_obstetric_claim(
            procedure_code=code, encounters=encounters, paid=paid, codes=GIVEN
        )
        assert whole(found) == expected(*claim)
        assert found.met is {"met": True, "not_met": False}.get(expected(*claim)["outcome"])
        assert found.parameters == ()

    @given(st.integers(0, 2), CODES)
    def test_paid_is_the_default(self, encounters: int, code: str | int) -> None:
        """Without ``paid``, the claim was paid."""
        found = global_obstetric_claim(procedure_code=code, encounters=encounters, codes=GIVEN)
        assert whole(found) == expected(code, encounters, paid=True)

    @pytest.mark.parametrize(
        ("encounters", "measured"),
        [("0", 0), ("1", 1), (Decimal("2.0"), 2), (3.0, 3), ("1e1", 10)],
    )
    def test_counts_written_otherwise(self, encounters: object, measured: int) -> None:
        """A whole number as text, a decimal or a float counts as that many records."""
        found = global_obstetric_claim(
            procedure_code="59400",
            encounters=encounters,  # type: ignore[arg-type]
            codes=["59400"],
        )
        assert whole(found) == expected("59400", measured, paid=True, listed=("59400",))

    def test_the_profile_codes_are_its_parameter(self) -> None:
        """Without codes given, the profile's list, cited with its value."""
        profile = default_profile().with_overrides({PARAMETER: ["59400", "h1000"]})
        for code, encounters in (("H1000", 0), ("59400", 1), ("59510", 0)):
            found = global_obstetric_claim(
                procedure_code=code, encounters=encounters, profile=profile
            )
            assert whole(found) == expected(code, encounters, paid=True, listed=("59400", "H1000"))
            # cited as the profile writes them, compared in upper case
            assert [(p.name, p.value) for p in found.parameters] == [
                (PARAMETER, ("59400", "h1000"))
            ]

    def test_given_codes_replace_the_profiles(self) -> None:
        """``codes=`` is the list compared, whatever the profile lists; none is cited."""
        profile = default_profile().with_overrides({PARAMETER: ["59400"]})
        found = global_obstetric_claim(
            procedure_code="59400", encounters=0, codes=["59510"], profile=profile
        )
        assert whole(found) == expected("59400", 0, paid=True, listed=("59510",))
        assert found.parameters == ()


class TestErrors:
    """Each error is the library's, naming the field and the value."""

    @pytest.mark.parametrize("codes", [None, []])
    def test_no_codes_is_an_error(self, codes: list[str] | None) -> None:
        """The amendment names none: a check without any is an error, in both forms."""
        with pytest.raises(InvalidValueError) as raised:
            global_obstetric_claim(procedure_code="59400", encounters=1, codes=codes)
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            NO_CODES,
            "codes",
            codes,
        )
        with pytest.raises(InvalidValueError) as raised:
            global_obstetric_claims_table(
                {"procedure_code": ["59400"], "encounters": [1]}, codes=codes
            )
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            NO_CODES,
            "codes",
            codes,
        )

    @pytest.mark.parametrize(
        ("code", "kind", "message"),
        [
            (" ", InvalidValueError, "'procedure_code' is empty"),
            (
                1.5,
                InvalidValueError,  # a number, but no whole one: no code (59400.0 is one)
                ("'procedure_code' must be a code as text or a whole number (got 1.5)"),
            ),
            (
                True,
                InvalidTypeError,
                (
                    "'procedure_code' must be a code as text or a whole number, such as '59400' "
                    "(got True)"
                ),
            ),
        ],
    )
    def test_a_code_that_is_not_a_code(self, code: object, kind: type, message: str) -> None:
        """The procedure code is text or a whole number, not empty."""
        with pytest.raises(kind) as raised:
            global_obstetric_claim(procedure_code=code, encounters=1, codes=["59400"])  # type: ignore[arg-type]
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            message,
            "procedure_code",
            code,
        )

    @pytest.mark.parametrize(
        ("encounters", "message"),
        [
            (-1, "'encounters' must be >= 0 (got -1)"),
            (1.5, "'encounters' must be a whole number (got 1.5)"),
            (True, "'encounters' must be a whole number, not bool (got True)"),
        ],
    )
    def test_a_count_that_is_not_a_count(self, encounters: object, message: str) -> None:
        """The records are a whole number >= 0."""
        with pytest.raises((InvalidValueError, InvalidTypeError)) as raised:
            global_obstetric_claim(
                procedure_code="59400",
                encounters=encounters,  # type: ignore[arg-type]
                codes=["59400"],
            )
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            message,
            "encounters",
            encounters,
        )

    @pytest.mark.parametrize("paid", ["yes", 1, None])
    def test_paid_is_true_or_false(self, paid: object) -> None:
        """``paid`` is a boolean, not a yes/no word or a number."""
        with pytest.raises(InvalidTypeError) as raised:
            global_obstetric_claim(
                procedure_code="59400",
                encounters=1,
                paid=paid,  # type: ignore[arg-type]
                codes=["59400"],
            )
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            f"'paid' must be True or False (got {paid!r})",
            "paid",
            paid,
        )

    def test_codes_that_are_not_codes(self) -> None:
        """Each code given is one, named by the list's name."""
        with pytest.raises(InvalidValueError) as raised:
            global_obstetric_claim(procedure_code="59400", encounters=1, codes=["59400", " "])
        assert (raised.value.field, raised.value.value) == ("global_obstetric_codes", " ")

    def test_a_table_without_its_columns(self) -> None:
        """The table is named ``claims`` in what it lacks, and in a mapping to no column."""
        with pytest.raises(InvalidInputError) as raised:
            global_obstetric_claims_table({"code": ["1"], "encounters": [1]}, codes=["1"])
        assert str(raised.value) == (
            "'claims' lacks the required column 'procedure_code' (it has: 'code', 'encounters')"
        )
        with pytest.raises(InvalidInputError) as raised:
            global_obstetric_claims_table({"procedure_code": ["1"], "n": [1]}, codes=["1"])
        assert str(raised.value) == (
            "'claims' lacks the required column 'encounters' (it has: 'procedure_code', 'n')"
        )
        with pytest.raises(InvalidInputError) as raised:
            global_obstetric_claims_table(
                {"code": ["1"], "encounters": [1]}, codes=["1"], columns={"procedure_code": "cd"}
            )
        assert str(raised.value) == (
            "columns= maps to 'cd', not a column of 'claims' (it has: 'code', 'encounters')"
        )

    def test_on_error(self) -> None:
        """A bad row raises by default, naming it; only 'raise' and 'collect' are modes."""
        data = {"procedure_code": ["59400", "59400"], "encounters": ["x", "1"]}
        with pytest.raises(RejectedRowsError) as raised:
            global_obstetric_claims_table(data, codes=["59400"])
        assert str(raised.value).startswith(
            "1 of 2 rows of 'claims' cannot be used: row 0: encounters 'x' is not a number"
        )
        assert raised.value.field == "claims"
        with pytest.raises(InvalidValueError) as raised:
            global_obstetric_claims_table(data, codes=["59400"], on_error="keep")  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("on_error", "keep")
        found = global_obstetric_claims_table(data, codes=["59400"], on_error="collect")
        assert found.column("row").to_pylist() == [1]


def _check_rows(
    found: FindingsTable,
    claims: list[Claim],
    listed: tuple[str, ...] = LISTED,
    numbers: list[int] | None = None,
) -> None:
    """Assert each row of ``found`` is the finding :func:`expected` and the one-value check give.

    ``numbers`` are the rows' positions in the table (default: every row, in order).
    """
    rows = found.rows()
    assert len(rows) == len(claims)
    numbers = list(range(len(claims))) if numbers is None else numbers
    for at, row, claim in zip(numbers, rows, claims, strict=True):
        want = expected(*claim, listed)
        assert row["row"] == at
        assert row["check"] == want["check"]
        assert row["procedure_code"] == str(claim[0]).strip().upper()
        assert row["paid"] is claim[2]
        assert row["outcome"] == want["outcome"], claim
        assert row["met"] == {"met": True, "not_met": False}.get(want["outcome"])  # type: ignore[arg-type]
        assert row["section"] == SECTION
        assert row["standard"] == STANDARD
        for figure in ("measured", "limit", "margin"):
            value = row[figure]
            assert (None if value is None else Decimal(value)) == want[figure], figure
        assert row["unit"] == want["unit"]
        one = global_obstetric_claim(
            procedure_code=claim[0], encounters=claim[1], paid=claim[2], codes=listed
        )
        assert whole(one) == want
        assert (row["outcome"], row["met"], row["unit"]) == (one.outcome.value, one.met, one.unit)
        assert (row["section"], row["standard"]) == ("; ".join(one.sections), one.standard)
        for figure in ("measured", "limit", "margin"):
            value = row[figure]
            assert (None if value is None else Decimal(value)) == getattr(one, figure), figure


def _table(claims: list[Claim], encounters: object, *, paid: bool = True) -> dict[str, object]:
    """Return the claims as a table, with their ids and the counts given."""
    data: dict[str, object] = {
        "claim_id": [f"C{at}" for at in range(len(claims))],
        "procedure_code": [c[0] for c in claims],
        "encounters": encounters,
    }
    if paid:
        data["paid"] = ["yes" if c[2] else "no" for c in claims]
    return data


class TestTable:
    """``global_obstetric_claims_table``: each row is the clause's finding."""

    @given(st.lists(_claims(), min_size=1, max_size=30), st.sampled_from(["int", "text", "int64"]))
    def test_each_row_is_the_finding(self, claims: list[Claim], form: str) -> None:
        """Every column of every row, the claim ids carried in order, no parameter cited."""
        counts = [c[1] for c in claims]
        written = {
            "int": counts,
            "text": [str(count) for count in counts],
            "int64": pa.array(counts, pa.int64()),
        }[form]
        found = global_obstetric_claims_table(
            _table(claims, written), codes=GIVEN, carry="claim_id"
        )
        _check_rows(found, claims)
        assert found.column("claim_id").to_pylist() == [f"C{at}" for at in range(len(claims))]
        assert found.parameters == ()
        assert found.rejected.to_pylist() == []

    @given(st.lists(st.tuples(CODES, st.integers(0, 3)), min_size=1, max_size=10))
    def test_a_table_without_paid_is_paid(self, rows: list[tuple[str | int, int]]) -> None:
        """Without the ``paid`` column, every claim was reimbursed."""
        claims = [(code, count, True) for code, count in rows]
        found = global_obstetric_claims_table(
            _table(claims, [count for _, count in rows], paid=False), codes=GIVEN
        )
        _check_rows(found, claims)

    def test_paid_written_as_booleans(self) -> None:
        """A column of booleans is the flag as given."""
        claims = [("59400", 0, True), ("59400", 0, False), ("59510", 2, True)]
        data = _table(claims, [0, 0, 2]) | {"paid": [True, False, True]}
        _check_rows(global_obstetric_claims_table(data, codes=GIVEN), claims)

    def test_columns_of_other_names(self) -> None:
        """``columns=`` maps the library's names to the table's."""
        found = global_obstetric_claims_table(
            {"code": ["59400", "59400", "99213"], "n": [0, 3, 0], "p": ["yes", "no", "yes"]},
            columns={"procedure_code": "code", "encounters": "n", "paid": "p"},
            codes=GIVEN,
        )
        _check_rows(found, [("59400", 0, True), ("59400", 3, False), ("99213", 0, True)])

    def test_the_profile_codes_are_its_parameter(self) -> None:
        """Without codes given, the profile's list, cited once with its value."""
        profile = default_profile().with_overrides({PARAMETER: ["59400", "h1000"]})
        claims = [("h1000", 0, True), ("59400", 1, True), ("59510", 0, True)]
        found = global_obstetric_claims_table(_table(claims, [0, 1, 0]), profile=profile)
        _check_rows(found, claims, ("59400", "H1000"))
        assert [(p.name, p.value) for p in found.parameters] == [(PARAMETER, ("59400", "h1000"))]

    @given(
        st.lists(st.one_of(st.none(), st.integers(-2, 4)), min_size=1, max_size=25),
        st.sampled_from([pa.int8(), pa.int64(), pa.uint16(), pa.int32()]),
        st.integers(0, 9),
        st.integers(0, 3),
        st.sampled_from([0, 100, -5]),
    )
    def test_typed_counts_are_read_as_their_text(
        self,
        counts: list[int | None],
        kind: pa.DataType,
        start: int,
        after: int,
        hidden: int,
    ) -> None:
        """Typed counts give the table their text gives, with the same reasons.

        The column is a slice of a longer one (rows before and after it), and a null's slot holds
        a value (``hidden``) that is no count: only the values present are read.
        """
        if pa.types.is_unsigned_integer(kind):
            counts = [None if count is None else abs(count) for count in counts]
            hidden = abs(hidden)
        whole_column = [0, 7, None, 3, -1, 2, None, 1, 0][:start] + counts + [8, None, 1][:after]
        if pa.types.is_unsigned_integer(kind):
            whole_column = [None if count is None else abs(count) for count in whole_column]
        values = [hidden if count is None else count for count in whole_column]
        typed = pa.array(
            pa.array(values, kind).to_numpy(),
            kind,
            mask=pa.array([count is None for count in whole_column]).to_numpy(zero_copy_only=False),
        ).slice(start, len(counts))
        assert typed.to_pylist() == counts
        codes = ["59400" if at % 3 else "99213" for at in range(len(counts))]
        data = {"procedure_code": codes, "encounters": typed}
        found = global_obstetric_claims_table(data, codes=GIVEN, on_error="collect")
        text = global_obstetric_claims_table(
            {**data, "encounters": [None if c is None else str(c) for c in counts]},
            codes=GIVEN,
            on_error="collect",
        )
        assert found.arrow.equals(text.arrow)
        reasons = []
        for row, count in enumerate(counts):
            if count is None:
                reasons.append({"row": row, "reason": "encounters is null"})
            elif count < 0:
                reasons.append({"row": row, "reason": f"encounters must be >= 0 (got {count})"})
        assert found.rejected.to_pylist() == reasons
        usable = [row for row, count in enumerate(counts) if count is not None and count >= 0]
        assert found.column("row").to_pylist() == usable
        _check_rows(found, [(codes[row], counts[row] or 0, True) for row in usable], numbers=usable)

    @pytest.mark.parametrize(
        "counts",
        [[0, 9], [9, 0, None], [-1, 0, 1, 2], [-1, 0, None, 2], [3, 3], [0], [None, 99, -100]],
    )
    def test_typed_counts_at_the_edges(self, counts: list[int | None]) -> None:
        """A largest count of 9, negatives and zeros with and without nulls: as their text."""
        data = {"procedure_code": ["59400"] * len(counts), "encounters": counts}
        typed = global_obstetric_claims_table(
            data | {"encounters": pa.array(counts, pa.int64())}, codes=GIVEN, on_error="collect"
        )
        text = global_obstetric_claims_table(
            data | {"encounters": [None if c is None else str(c) for c in counts]},
            codes=GIVEN,
            on_error="collect",
        )
        assert typed.arrow.equals(text.arrow)
        assert typed.rejected.equals(text.rejected)
        usable = [row for row, count in enumerate(counts) if count is not None and count >= 0]
        _check_rows(typed, [("59400", counts[row] or 0, True) for row in usable], numbers=usable)

    @pytest.mark.parametrize(
        "counts",
        [[2**63], [2**63 - 3, 2**63], [2**63, 2**63 + 3], [2**64 - 2, 2**64 - 1], [2**64 - 1, 0]],
    )
    def test_counts_past_int64(self, counts: list[int]) -> None:
        """Counts of 2**63 and more (a uint64 column) are read exactly, and refused as too many."""
        found = global_obstetric_claims_table(
            {
                "procedure_code": ["59400"] * len(counts),
                "encounters": pa.array(counts, pa.uint64()),
            },
            codes=["59400"],
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": row, "reason": f"encounters {count} is more than 1,000,000,000"}
            for row, count in enumerate(counts)
            if count > 10**9
        ]
        usable = [row for row, count in enumerate(counts) if count <= 10**9]
        _check_rows(found, [("59400", counts[row], True) for row in usable], numbers=usable)

    @pytest.mark.parametrize(
        ("counts", "form"),
        [
            (["1000000000", "1000000001", "1e10", "3"], "text"),
            ([10**9, 10**9 + 1, 10**10, 3], "int64"),
            ([10**9, 10**9 + 1, 10**10, 3], "uint64"),
        ],
    )
    def test_the_largest_count(self, counts: list[object], form: str) -> None:
        """At most 1,000,000,000 records, as the one-value check takes; more rejects the row."""
        column = counts if form == "text" else pa.array(counts, getattr(pa, form)())
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 4, "encounters": column},
            codes=["59400"],
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": row, "reason": f"encounters {counts[row]} is more than 1,000,000,000"}
            for row in (1, 2)
        ]
        _check_rows(found, [("59400", 10**9, True), ("59400", 3, True)], numbers=[0, 3])
        with pytest.raises(InvalidValueError) as raised:
            global_obstetric_claim(procedure_code="59400", encounters=10**9 + 1, codes=["59400"])
        assert (raised.value.field, raised.value.value) == ("encounters", 10**9 + 1)

    def test_counts_spread_wide(self) -> None:
        """Typed counts 65,536 or more apart are read as decimals, the same findings."""
        counts = [0, 1, 1 << 16, (1 << 16) - 1, None, -(1 << 17)]
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 6, "encounters": pa.array(counts, pa.int64())},
            codes=["59400"],
            on_error="collect",
        )
        _check_rows(found, [("59400", count, True) for count in counts[:4]], ("59400",))
        assert found.rejected.to_pylist() == [
            {"row": 4, "reason": "encounters is null"},
            {"row": 5, "reason": f"encounters must be >= 0 (got {-(1 << 17)})"},
        ]

    def test_counts_all_null(self) -> None:
        """A typed column with no count rejects every row."""
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 2, "encounters": pa.array([None, None], pa.int64())},
            codes=["59400"],
            on_error="collect",
        )
        assert found.rows() == []
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": "encounters is null"},
            {"row": 1, "reason": "encounters is null"},
        ]

    @pytest.mark.parametrize("form", ["text", "float", "decimal"])
    def test_counts_that_are_not_integers(self, form: str) -> None:
        """Whole decimals count; a fraction, a negative or nothing rejects its row."""
        decimals = [
            Decimal(f"{n}.0") if n is not None else None for n in (2, 1, None, -1, 0, 3, 10)
        ]
        decimals[1] = Decimal("1.5")
        counts = {
            "text": ["2.0", "1.50", None, "-1", "0", " 3 ", "1e1"],
            "float": pa.array([2.0, 1.5, None, -1.0, 0.0, 3.0, 10.0]),
            "decimal": pa.array(decimals, pa.decimal128(5, 1)),
        }[form]
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 7, "encounters": counts},
            codes=["59400"],
            on_error="collect",
        )
        rows = [0, 4, 5, 6]
        assert found.column("row").to_pylist() == rows
        _check_rows(found, [("59400", n, True) for n in (2, 0, 3, 10)], ("59400",), rows)
        reasons = [row["reason"] for row in found.rejected.to_pylist()]
        assert [row["row"] for row in found.rejected.to_pylist()] == [1, 2, 3]
        assert reasons[0].endswith(" is not a whole number")
        assert reasons[0].startswith("encounters 1.5")
        assert reasons[1] == "encounters is null"
        assert reasons[2] in (
            "encounters must be >= 0 (got -1)",
            "encounters must be >= 0 (got -1.0)",
        )

    def test_a_paid_flag_that_is_not_yes_or_no(self) -> None:
        """The flag is read as yes/no; anything else rejects its row."""
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 2, "encounters": [1, 0], "paid": ["yes", "maybe"]},
            codes=["59400"],
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": 1, "reason": "paid 'maybe' is not a yes/no value (true/false, yes/no, 1/0)"}
        ]
        _check_rows(found, [("59400", 1, True)], ("59400",))


class TestDatedCodes:
    """The codes are read in the version in force on ``on``, in both forms."""

    def test_codes_change_on_a_date(self) -> None:
        """Before the change no code is listed (an error); from it 59400, later 59510."""
        later = CHANGE_DATE + dt.timedelta(days=200)
        profile = with_later_version(default_profile(), PARAMETER, ["59400"])
        profile = with_later_version(profile, PARAMETER, ["59510"], effective_from=later)
        with pytest.raises(InvalidValueError, match="no global obstetric codes"):
            global_obstetric_claim(procedure_code="59400", encounters=0, profile=profile, on=BEFORE)
        with pytest.raises(InvalidValueError, match="no global obstetric codes"):
            global_obstetric_claims_table(
                {"procedure_code": ["59400"], "encounters": [0]}, profile=profile, on=BEFORE
            )
        middle = CHANGE_DATE + dt.timedelta(days=10)
        for on, listed, since in ((middle, ("59400",), CHANGE_DATE), (AFTER, ("59510",), later)):
            claims = [("59400", 0, True), ("59510", 0, True)]
            for code, count, paid in claims:
                one = global_obstetric_claim(
                    procedure_code=code, encounters=count, profile=profile, on=on
                )
                assert whole(one) == expected(code, count, paid, listed)
                assert cited(one.parameters) == [(PARAMETER, listed, since)]
            found = global_obstetric_claims_table(_table(claims, [0, 0]), profile=profile, on=on)
            _check_rows(found, claims, listed)
            assert cited(found.parameters) == [(PARAMETER, listed, since)]
        today = global_obstetric_claim(procedure_code="59510", encounters=0, profile=profile)
        assert whole(today) == expected("59510", 0, paid=True, listed=("59510",))
