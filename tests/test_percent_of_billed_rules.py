"""§2.13.2 percentage of billed charges: the rule's own tests, every finding and column pinned.

These are the tests of ``compliance.claims.percent_of_billed`` run against its mutants
(docs/developers.md, "Mutation testing"). Each finding is compared whole with what §2.13.2 says,
written here apart from the library (:func:`expected`): the pricing method in or out of the list,
each of the two exceptions, the stop-loss line on both sides and at it; tables whose rows must
each be that finding, column by column; the lists as the caller gives them, as the profile has
them and in their dated versions; and the field and value of every error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, InvalidValueError, default_profile
from tenncare_calc.compliance import (
    FindingsTable,
    percent_of_billed_charges,
    percent_of_billed_charges_table,
)
from tests.strategies import BLANK_TEXT, MISSING
from tests.versioned_profiles import CHANGE_DATE, with_later_version

POBC = "percent_of_billed_charges"
STANDARD = (
    "no reimbursement as a percentage of billed charges, except for a covered service with no "
    "Medicare reimbursement methodology (§2.13.2.2) or a claim exceeding the stop-loss threshold "
    "of an arrangement with the provider (§2.13.2.3)"
)
NO_MEDICARE = "§2.13.2.2: no Medicare reimbursement methodology for the service"
NO_EXCEPTION = (
    "paid as a percentage of billed charges with no stop-loss arrangement and a service that has "
    "a Medicare reimbursement methodology"
)
EXCEEDS = "§2.13.2.3: the claim exceeds the stop-loss threshold"
DOES_NOT = "the claim does not exceed the stop-loss threshold (§2.13.2.3 needs more than it)"
BEFORE, AFTER = dt.date(2008, 10, 1), CHANGE_DATE + dt.timedelta(days=400)
#: A claim: method, billed, stop-loss threshold, service code, no Medicare method flag.
Claim = tuple[str, Decimal | None, Decimal | None, str | None, bool]


def expected(
    method: str,
    billed: Decimal | None,
    threshold: Decimal | None,
    code: str | None,
    flag: bool,
    *,
    methods: tuple[str, ...] = (POBC,),
    codes: tuple[str, ...] = (),
) -> dict[str, object]:
    """Return the finding §2.13.2 gives a paid claim."""
    figures: dict[str, object] = {"measured": None, "limit": None, "margin": None, "unit": ""}
    if method.strip().lower() not in methods:
        outcome, exception = "not_applicable", None
        note = f"priced by {method.strip().lower()}, not as a percentage of billed charges"
    elif flag or (code is not None and code.upper() in codes):
        outcome, exception, note = "met", "2.13.2.2", NO_MEDICARE
    elif billed is None or threshold is None:
        outcome, exception, note = "not_met", None, NO_EXCEPTION
    else:
        exceeds = billed > threshold
        outcome = "met" if exceeds else "not_met"
        exception = "2.13.2.3" if exceeds else None
        note = EXCEEDS if exceeds else DOES_NOT
        figures = {
            "measured": billed,
            "limit": threshold,
            "margin": billed - threshold,
            "unit": "USD",
        }
    sections = ("2.13.2.1",) if exception is None else ("2.13.2.1", exception)
    return {
        "outcome": outcome,
        "exception": exception,
        "note": note,
        "sections": sections,
    } | figures


AMOUNTS = st.decimals(0, 200_000, places=2)
#: The optional arguments of ``percent_of_billed_charges``, each an optional column of its table.
OPTIONAL = ("billed_amount", "stop_loss_threshold", "service_code", "no_medicare_method")


@st.composite
def _claims(draw: st.DrawFn) -> Claim:
    """Return a claim: mostly priced as a percentage, billed a cent either side of its threshold."""
    method = draw(st.sampled_from([POBC, " Percent_Of_Billed_Charges ", "fee_schedule", "drg"]))
    threshold = draw(st.one_of(st.none(), AMOUNTS))
    billed = draw(st.one_of(st.none(), AMOUNTS)) if threshold is None else None
    if threshold is not None:
        step = draw(st.sampled_from([Decimal("-0.01"), Decimal(0), Decimal("0.01")]))
        billed = max(threshold + step, Decimal(0))
    code = draw(st.one_of(st.none(), st.sampled_from(["T1019", "s5125", "99213"])))
    return method, billed, threshold, code, draw(st.booleans())


class TestOneClaim:
    """``percent_of_billed_charges``: every path of §2.13.2, the whole finding."""

    @given(_claims())
    def test_each_claim_is_what_the_clause_says(self, claim: Claim) -> None:
        """Outcome, sections, note, figures, subject, standard and parameters."""
        method, billed, threshold, code, flag = claim
        found = percent_of_billed_charges(
            pricing_method=method,
            billed_amount=billed,
            stop_loss_threshold=threshold,
            service_code=code,
            no_medicare_method=flag,
            no_medicare_method_codes=["T1019"],
        )
        want = expected(method, billed, threshold, code, flag, codes=("T1019",))
        assert found.check == "claims.percent_of_billed_charges"
        assert found.outcome.value == want["outcome"]
        assert found.sections == want["sections"]
        assert found.note == want["note"]
        assert (found.measured, found.limit, found.margin, found.unit) == (
            want["measured"],
            want["limit"],
            want["margin"],
            want["unit"],
        )
        subject = [("pricing_method", method.strip().lower())]
        if code is not None:
            subject.append(("service_code", code.upper()))
        assert found.subject == tuple(subject)
        assert found.standard == STANDARD
        assert [p.name for p in found.parameters] == ["claims.percent_of_billed_methods"]

    def test_the_stop_loss_step_in_words(self) -> None:
        """The comparison is shown in dollars, the line in its own words."""
        found = percent_of_billed_charges(
            pricing_method=POBC, billed_amount="1234.56", stop_loss_threshold=1000
        )
        step = (
            "billed $1,234.56 against the stop-loss threshold $1,000.00: more than 1,000 USD to "
            "qualify"
        )
        assert found.steps == (step,)
        assert found.note == EXCEEDS
        assert found.sections == ("2.13.2.1", "2.13.2.3")

    def test_the_profile_lists_are_its_parameters(self) -> None:
        """Without lists given, both of the profile's, in that order, with their values."""
        found = percent_of_billed_charges(pricing_method=POBC, service_code="T1019")
        assert [(p.name, p.value) for p in found.parameters] == [
            ("claims.percent_of_billed_methods", (POBC,)),
            ("claims.no_medicare_method_codes", ()),
        ]
        assert found.outcome.value == "not_met"  # no service ships without a Medicare method

    def test_methods_given_are_compared_without_regard_to_case(self) -> None:
        """A method list of one's own, in capitals: ``pobc`` is in it."""
        found = percent_of_billed_charges(pricing_method="pobc", methods=["POBC"])
        assert found.outcome.value == "not_met"
        assert found.parameters[0].name == "claims.no_medicare_method_codes"


class TestErrors:
    """Each error is the library's, naming the field and the value."""

    @pytest.mark.parametrize("method", [" ", 3])
    def test_a_method_that_is_not_text(self, method: object) -> None:
        """The method is non-empty text."""
        with pytest.raises(InvalidTypeError) as raised:
            percent_of_billed_charges(pricing_method=method)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("pricing_method", method)
        assert str(raised.value) == f"'pricing_method' must be non-empty text (got {method!r})"

    def test_a_flag_that_is_not_a_boolean(self) -> None:
        """``no_medicare_method`` is True, False or None."""
        with pytest.raises(InvalidTypeError) as raised:
            percent_of_billed_charges(pricing_method=POBC, no_medicare_method="yes")  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("no_medicare_method", "yes")

    def test_a_threshold_without_the_billed_amount(self) -> None:
        """§2.13.2.3 compares the billed charges: a threshold alone is an error naming them."""
        with pytest.raises(InvalidInputError) as raised:
            percent_of_billed_charges(pricing_method=POBC, stop_loss_threshold=100)
        assert (raised.value.field, raised.value.value) == ("billed_amount", None)
        assert str(raised.value) == (
            "'billed_amount' is needed to compare the claim with 'stop_loss_threshold' (§2.13.2.3)"
        )

    @pytest.mark.parametrize(
        ("field", "value"), [("billed_amount", "-1"), ("stop_loss_threshold", "x")]
    )
    def test_amounts_that_are_not_money(self, field: str, value: str) -> None:
        """An amount that is not a sum of money names its own field."""
        amounts = {"billed_amount": "10", "stop_loss_threshold": "5", field: value}
        with pytest.raises((InvalidInputError, ValueError)) as raised:
            percent_of_billed_charges(pricing_method=POBC, **amounts)
        assert getattr(raised.value, "field", None) == field

    def test_a_code_that_is_not_a_code(self) -> None:
        """A service code that cannot be one names ``service_code``."""
        with pytest.raises((InvalidInputError, InvalidValueError)) as raised:
            percent_of_billed_charges(pricing_method=POBC, service_code=1.5)  # type: ignore[arg-type]
        assert raised.value.field == "service_code"

    def test_a_table_without_its_method(self) -> None:
        """The table is named ``claims`` in what it lacks."""
        with pytest.raises(InvalidInputError) as raised:
            percent_of_billed_charges_table({"method": [POBC]})
        assert str(raised.value) == (
            "'claims' lacks the required column 'pricing_method' (it has: 'method')"
        )


def _check_rows(found: FindingsTable, claims: list[Claim], codes: tuple[str, ...]) -> None:
    """Assert each row of ``found`` is the finding :func:`expected` gives its claim."""
    rows = found.rows()
    assert len(rows) == len(claims)
    for row, claim in zip(rows, claims, strict=True):
        want = expected(*claim, codes=codes)
        assert row["check"] == "claims.percent_of_billed_charges"
        assert (
            row["pricing_method"] == claim[0].strip()
        )  # as written, trimmed (the one-value subject: lower case)
        assert (row["outcome"], row["exception"]) == (want["outcome"], want["exception"]), claim
        assert row["met"] == (
            None if want["outcome"] == "not_applicable" else want["outcome"] == "met"
        )
        assert row["section"] == "; ".join(want["sections"])  # type: ignore[arg-type]
        assert row["standard"] == STANDARD
        for figure in ("measured", "limit", "margin"):
            value = row[figure]
            assert (None if value is None else Decimal(value)) == want[figure], figure
        assert row["unit"] == want["unit"]


class TestTable:
    """``percent_of_billed_charges_table``: each row is the clause's finding."""

    @given(st.lists(_claims(), min_size=1, max_size=30))
    def test_each_row_is_the_finding(self, claims: list[Claim]) -> None:
        """Every column of every row, the claim ids carried in order."""
        found = percent_of_billed_charges_table(
            {
                "claim_id": [f"C{at}" for at in range(len(claims))],
                "pricing_method": [c[0] for c in claims],
                "billed_amount": [None if c[1] is None else str(c[1]) for c in claims],
                "stop_loss_threshold": [None if c[2] is None else str(c[2]) for c in claims],
                "service_code": [c[3] for c in claims],
                "no_medicare_method": ["yes" if c[4] else "no" for c in claims],
            },
            no_medicare_method_codes=["T1019"],
            carry="claim_id",
        )
        _check_rows(found, claims, ("T1019",))
        assert [row["claim_id"] for row in found.rows()] == [f"C{at}" for at in range(len(claims))]
        assert [p.name for p in found.parameters] == ["claims.percent_of_billed_methods"]

    @given(st.lists(_claims(), min_size=1, max_size=20), st.data())
    def test_an_empty_no_medicare_method_is_not_stated(
        self, claims: list[Claim], data: st.DataObject
    ) -> None:
        """An empty cell is the one-value ``no_medicare_method=None``: only the codes listed apply.

        Null, empty or blank text, beside yes/no cells: no row is rejected, and each is the
        finding of its claim with the flag not stated, as one by one.
        """
        stated = [data.draw(st.one_of(st.none(), st.booleans())) for _ in claims]
        empty = data.draw(st.sampled_from([None, "", " \t"]))
        found = percent_of_billed_charges_table(
            {
                "pricing_method": [c[0] for c in claims],
                "billed_amount": [None if c[1] is None else str(c[1]) for c in claims],
                "stop_loss_threshold": [None if c[2] is None else str(c[2]) for c in claims],
                "service_code": [c[3] for c in claims],
                "no_medicare_method": [
                    empty if flag is None else ("yes" if flag else "no") for flag in stated
                ],
            },
            no_medicare_method_codes=["T1019"],
        )
        assert (found.rows_used, found.rejected.num_rows) == (len(claims), 0)
        _check_rows(
            found,
            [(*claim[:4], bool(flag)) for claim, flag in zip(claims, stated, strict=True)],
            ("T1019",),
        )
        for row, claim, flag in zip(found.rows(), claims, stated, strict=True):
            one = percent_of_billed_charges(
                pricing_method=claim[0],
                billed_amount=claim[1],
                stop_loss_threshold=claim[2],
                service_code=claim[3],
                no_medicare_method=flag,
                no_medicare_method_codes=["T1019"],
            )
            assert (row["outcome"], row["section"]) == (one.outcome.value, "; ".join(one.sections))

    @given(
        _claims(),
        st.sampled_from(OPTIONAL),
        st.one_of(st.sampled_from(MISSING), BLANK_TEXT),
    )
    def test_an_optional_argument_missing_or_blank_is_not_given(
        self, claim: Claim, field: str, empty: object
    ) -> None:
        """NaN, ``NaT``, ``pd.NA`` or blank text is not given, one by one and in a table's cell.

        Each optional argument (amounts, code, flag) so given is the finding of ``None``
        (docs/inputs.md), and the table's row with that cell empty is the same finding.
        """
        method, billed, threshold, code, flag = claim
        given_values: dict[str, object] = {
            "billed_amount": billed,
            "stop_loss_threshold": threshold,
            "service_code": code,
            "no_medicare_method": flag,
        }
        if field == "billed_amount":
            given_values["stop_loss_threshold"] = None  # a threshold needs the billed amount
        one = {
            name: percent_of_billed_charges(
                pricing_method=method,
                no_medicare_method_codes=["T1019"],
                **(given_values | {field: value}),  # type: ignore[arg-type]
            )
            for name, value in (("empty", empty), ("none", None))
        }
        assert one["empty"] == one["none"]
        cell = empty if isinstance(empty, str) else None
        columns = {
            name: [None if value is None else str(value)]
            for name, value in given_values.items()
            if name != "no_medicare_method"
        }
        columns["no_medicare_method"] = ["yes" if flag else "no"]
        columns[field] = [cell]
        (row,) = percent_of_billed_charges_table(
            {"pricing_method": [method], **columns}, no_medicare_method_codes=["T1019"]
        ).rows()
        want = one["none"]
        margin = None if row["margin"] is None else Decimal(row["margin"])
        assert (row["outcome"], row["section"], margin) == (
            want.outcome.value,
            "; ".join(want.sections),
            want.margin,
        )

    @pytest.mark.parametrize(
        "cells",
        [
            pa.array([None, None, True, False], pa.bool_()),
            pa.array([None, None, 1, 0], pa.int64()),
            pa.array([None, None, 1.0, 0.0], pa.float64()),
            pa.array([None, " ", "Y", "n"], pa.string_view()),
            pa.array([None, "", "true", "false"], pa.large_string()),
            pa.array([None, None, "yes", "no"], pa.string()).dictionary_encode(),
        ],
        ids=lambda cells: str(cells.type),
    )
    def test_empty_cells_of_each_type(self, cells: pa.Array) -> None:
        """A typed column's null, and blank text, is not stated, as ``None`` is one by one."""
        codes = ["99213", "T1019", "99213", "99213"]
        flags = [None, None, True, False]
        found = percent_of_billed_charges_table(
            {"pricing_method": [POBC] * 4, "service_code": codes, "no_medicare_method": cells},
            no_medicare_method_codes=["T1019"],
        )
        one = [
            percent_of_billed_charges(
                pricing_method=POBC,
                service_code=code,
                no_medicare_method=flag,
                no_medicare_method_codes=["T1019"],
            )
            for code, flag in zip(codes, flags, strict=True)
        ]
        assert [(row["outcome"], row["exception"]) for row in found.rows()] == [
            (f.outcome.value, f.sections[1] if len(f.sections) > 1 else None) for f in one
        ]
        every_null = percent_of_billed_charges_table(
            {
                "pricing_method": [POBC] * 4,
                "service_code": codes,
                "no_medicare_method": pa.nulls(4),
            },
            no_medicare_method_codes=["T1019"],
        )
        assert [row["outcome"] for row in every_null.rows()] == [
            percent_of_billed_charges(
                pricing_method=POBC, service_code=code, no_medicare_method_codes=["T1019"]
            ).outcome.value
            for code in codes
        ]

    def test_a_no_medicare_method_that_is_no_flag_rejects_the_row(self) -> None:
        """Text that is not yes/no is still refused, naming it, as one by one."""
        found = percent_of_billed_charges_table(
            {"pricing_method": [POBC, POBC], "no_medicare_method": ["maybe", None]},
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "no_medicare_method 'maybe' is not a yes/no value (true/false, yes/no, 1/0)",
            }
        ]
        assert found.rows_used == 1

    def test_columns_of_other_names_and_lists_given(self) -> None:
        """``columns=`` maps the names; ``methods=`` replaces the profile's list."""
        found = percent_of_billed_charges_table(
            {"how": ["POBC", "percent_of_billed_charges"], "billed": ["10", "10"]},
            columns={"pricing_method": "how", "billed_amount": "billed"},
            methods=["pobc"],
        )
        assert [row["outcome"] for row in found.rows()] == ["not_met", "not_applicable"]
        assert [p.name for p in found.parameters] == ["claims.no_medicare_method_codes"]
        with pytest.raises(InvalidInputError, match="not a column of 'claims'"):
            percent_of_billed_charges_table({"how": [POBC]}, columns={"pricing_method": "what"})

    def test_a_threshold_without_the_billed_amount_rejects_the_row(self) -> None:
        """The row is rejected, its threshold named as given."""
        found = percent_of_billed_charges_table(
            {"pricing_method": [POBC, POBC], "stop_loss_threshold": ["$5,000.00", "5"],
             "billed_amount": [None, "6"]},
            on_error="collect",
        )  # fmt: skip
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "stop_loss_threshold $5,000.00 is given without billed_amount (§2.13.2.3)",
            }
        ]
        assert [row["outcome"] for row in found.rows()] == ["met"]


#: Service codes of five bytes each: upper and lower case, a space in front, and a blank code.
FIVE_BYTE_CODES = ["T1019", "t1019", "99213", " 9921", "S5125", "     "]


class TestManyCodesOfOneWidth:
    """A column of 2**14 or more codes of one width (read in place): each claim's §2.13.2.2 exception.

    The codes listed are compared trimmed and in upper case; a blank code is no code, so it is not
    the code ``NONE`` either.
    """

    @given(
        st.lists(
            st.tuples(st.sampled_from([POBC, "drg"]), st.sampled_from(FIVE_BYTE_CODES)),
            min_size=1,
            max_size=12,
        ),
        st.lists(st.sampled_from(["t1019", "9921", "S5125", "99999", "none"]), max_size=3),
        st.integers(0, 5),
    )
    def test_each_claim_has_the_exception_of_its_code(
        self, claims: list[tuple[str, str]], codes: list[str], extra: int
    ) -> None:
        """Claims repeated past 2**14 rows: the exception where the trimmed code is listed."""
        rows = (claims * (2**14 // len(claims) + 2))[: 2**14 + extra]
        found = percent_of_billed_charges_table(
            {"pricing_method": [m for m, _ in rows], "service_code": [c for _, c in rows]},
            no_medicare_method_codes=codes,
        )
        listed = {code.upper() for code in codes}
        excepted = [
            method == POBC and bool(code.strip()) and code.strip().upper() in listed
            for method, code in rows
        ]
        assert found.column("exception").to_pylist() == [
            "2.13.2.2" if hit else None for hit in excepted
        ]
        assert found.column("outcome").to_pylist() == [
            "not_applicable" if method != POBC else ("met" if hit else "not_met")
            for (method, _), hit in zip(rows, excepted, strict=True)
        ]

    def test_a_blank_code_is_not_the_code_none(self) -> None:
        """A few claims (read code by code): a blank or missing code is no code, not ``NONE``."""
        found = percent_of_billed_charges_table(
            {"pricing_method": [POBC] * 4, "service_code": ["none", " ", None, "T1019"]},
            no_medicare_method_codes=["None"],
        )
        assert found.column("exception").to_pylist() == ["2.13.2.2", None, None, None]


class TestDatedLists:
    """The two lists are read in the version in force on ``on``, in both forms."""

    def test_methods_change_on_a_date(self) -> None:
        """From the change, ``pct`` is a percentage of billed charges too."""
        profile = with_later_version(
            default_profile(), "claims.percent_of_billed_methods", [POBC, "pct"]
        )
        assert (
            percent_of_billed_charges(pricing_method="pct", on=BEFORE, profile=profile).met is None
        )
        assert (
            percent_of_billed_charges(pricing_method="pct", on=AFTER, profile=profile).met is False
        )
        table = {"pricing_method": ["pct"]}
        before = percent_of_billed_charges_table(table, on=BEFORE, profile=profile)
        after = percent_of_billed_charges_table(table, on=AFTER, profile=profile)
        assert (before.rows()[0]["outcome"], after.rows()[0]["outcome"]) == (
            "not_applicable",
            "not_met",
        )

    def test_codes_change_on_a_date(self) -> None:
        """From the change, T1019 has no Medicare methodology."""
        profile = with_later_version(
            default_profile(), "claims.no_medicare_method_codes", ["T1019"]
        )
        claim = {"pricing_method": POBC, "service_code": "T1019"}
        assert percent_of_billed_charges(**claim, on=BEFORE, profile=profile).met is False
        assert percent_of_billed_charges(**claim, on=AFTER, profile=profile).met is True
        table = {"pricing_method": [POBC], "service_code": ["T1019"]}
        assert (
            percent_of_billed_charges_table(table, on=BEFORE, profile=profile).rows()[0][
                "exception"
            ]
            is None
        )
        assert (
            percent_of_billed_charges_table(table, on=AFTER, profile=profile).rows()[0]["exception"]
            == "2.13.2.2"
        )
