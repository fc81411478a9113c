"""Attachment XI A.4.1.1 denials of a minor's trip: what the rule says of each, in both forms, pinned.

These are the rule module's own tests (``compliance.nemt.minor_denials``), run against its mutants
(docs/developers.md, "Mutation testing"). The clause: a minor child's transportation is not denied
under a blanket restriction due to age or lack of an accompanying adult; such a denial is made case
by case, on the facts and State law; the age of consent for mental health treatment is 16 (TCA
33-8-202). So: a member at or over the minor age (18) is no minor child (not applicable); a denial
for another reason is not applicable; a blanket denial is not met; a denial of a trip to mental
health treatment at or over the age of consent is not met; any other is met, and a mental health
trip shows the age against the age of consent (below it by at least a year). Each finding is
compared whole with that clause written here apart (:func:`expected`): every age either side of
both lines and at them, each reason and flag, the two ages from the profile and their dated
versions; tables whose rows must each be that finding, column by column, with ages and flags in
each form the table reads; the rows a table rejects and why; and the field and value of every
error.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import Finding, FindingsTable, minor_denial, minor_denials_table
from tests.finding_oracle import reported
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

A411 = "Attachment XI A.4.1.1"
CHECK = "nemt.minor_denial"
TERM_START = dt.date(2008, 9, 1)
DAY = dt.timedelta(days=1)
REASONS = ("age", "no_accompanying_adult", "other")
#: The columns of a findings table of denials, in order.
TABLE_COLUMNS = [
    "row",
    "check",
    "member_age",
    "reason",
    "mental_health_service",
    "blanket_policy",
    "outcome",
    "met",
    "standard",
    "measured",
    "limit",
    "margin",
    "unit",
    "section",
    "note",
]
SUBJECT = ("member_age", "reason", "mental_health_service", "blanket_policy")
CASE_BY_CASE = "decided case by case; the individual facts are not judged"
NOT_A_MINOR = "not a minor child"
OTHER_REASON = "denied for another reason than age or lack of an accompanying adult"
BLANKET = "denied under a blanket restriction due to age or lack of an accompanying adult"
CONSENT = (
    "the member has reached the age of consent for mental health treatment (TCA 33-8-202): "
    "age or lack of an accompanying adult does not justify the denial"
)


def standard(consent: int) -> str:
    """Return the standard A.4.1.1 sets for the age of consent."""
    return (
        "no denial for age or lack of an accompanying adult under a blanket policy, nor of a trip "
        f"to mental health treatment at or over the age of consent ({consent})"
    )


def expected(
    case: tuple[int, str, bool, bool], *, under: int = 18, consent: int = 16
) -> dict[str, object]:
    """Return the finding A.4.1.1 gives a denial: age, reason, mental health trip, blanket policy.

    ``under`` and ``consent`` are the profile's minor age and age of consent.
    """
    age, reason, mental, blanket = case
    if age >= under:
        outcome, note = "not_applicable", NOT_A_MINOR
    elif reason == "other":
        outcome, note = "not_applicable", OTHER_REASON
    elif blanket:
        outcome, note = "not_met", BLANKET
    elif mental and age >= consent:
        outcome, note = "not_met", CONSENT
    else:
        outcome, note = "met", CASE_BY_CASE
    shown = mental and note in (CASE_BY_CASE, CONSENT)
    return {
        "check": CHECK,
        "outcome": outcome,
        "met": {"met": True, "not_met": False}.get(outcome),
        "standard": standard(consent),
        "sections": (A411,),
        "measured": Decimal(age) if shown else None,
        "limit": Decimal(consent) if shown else None,
        "margin": Decimal(consent - age) if shown else None,
        "unit": "years" if shown else "",
        "subject": (
            ("member_age", str(age)),
            ("reason", reason),
            ("mental_health_service", "yes" if mental else "no"),
            ("blanket_policy", "yes" if blanket else "no"),
        ),
        "steps": (),
        "note": note,
        "parts": (),
    }


def found_as_dict(found: Finding) -> dict[str, object]:
    """Return a finding's fields in the form of :func:`expected`."""
    return {**reported(found), "parts": found.parts}


def figure(number: object) -> str | None:
    """Return a figure as a table row shows it: ``16``, ``-2``; None for none."""
    return None if number is None else format(number, "f")


def row_expected(want: dict[str, object], index: int) -> dict[str, object]:
    """Return the table row of a finding :func:`expected` gave, at ``index``."""
    subject = dict(want["subject"])  # type: ignore[call-overload]
    return {
        "row": index,
        "check": CHECK,
        "member_age": int(subject["member_age"]),
        "reason": subject["reason"],
        "mental_health_service": subject["mental_health_service"] == "yes",
        "blanket_policy": subject["blanket_policy"] == "yes",
        "outcome": want["outcome"],
        "met": want["met"],
        "standard": want["standard"],
        "measured": figure(want["measured"]),
        "limit": figure(want["limit"]),
        "margin": figure(want["margin"]),
        "unit": want["unit"],
        "section": A411,
        "note": want["note"],
    }


@functools.cache
def ages_profile(under: int, consent: int) -> ContractProfile:
    """Return the shipped profile with other ages (cached: Hypothesis asks often)."""
    return load_profile(
        overrides={"nemt.minor_under_age": under, "nemt.mental_health_consent_age": consent}
    )


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with minors under 21 and consent at 14 from :data:`CHANGE_DATE`."""
    profile = with_later_version(default_profile(), "nemt.minor_under_age", 21)
    return with_later_version(profile, "nemt.mental_health_consent_age", 14)


def near(*lines: int) -> st.SearchStrategy[int]:
    """Return ages a year either side of each line and at it, or any age up to 40."""
    return st.one_of(
        st.sampled_from(sorted({max(0, line + side) for line in lines for side in (-1, 0, 1)})),
        st.integers(0, 40),
    )


#: A denial: age, reason, mental health trip, blanket policy (for the shipped ages, 18 and 16).
DENIALS = st.tuples(near(16, 18), st.sampled_from(REASONS), st.booleans(), st.booleans())
#: Spaces a reason may have around it in an extract (tabs, line ends, no-break and em spaces).
PADDING = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003", max_size=3)


@st.composite
def written(draw: st.DrawFn, reason: str) -> str:
    """Return ``reason`` as an extract may write it: any letter in upper case, spaces around it."""
    letters = "".join(letter.upper() if draw(st.booleans()) else letter for letter in reason)
    return draw(PADDING) + letters + draw(PADDING)


def parameters_of(found: Finding | FindingsTable) -> list[tuple[str, object, dt.date]]:
    """Return the parameters a result names: name, value and the day its version took effect."""
    return [(p.name, p.value, p.effective_from) for p in found.parameters]


SHIPPED = [
    ("nemt.minor_under_age", 18, TERM_START),
    ("nemt.mental_health_consent_age", 16, TERM_START),
]


class TestOneDenial:
    """``minor_denial``: the whole finding, on both sides of each line and at it."""

    @given(DENIALS)
    def test_each_denial_is_what_the_clause_says(self, case: tuple[int, str, bool, bool]) -> None:
        """Outcome, figures, subject, note, standard, section and the parameters read."""
        age, reason, mental, blanket = case
        found = minor_denial(
            member_age=age, reason=reason, mental_health_service=mental, blanket_policy=blanket
        )
        assert found_as_dict(found) == expected((age, reason, mental, blanket))
        assert parameters_of(found) == SHIPPED

    @pytest.mark.parametrize("reason", ["age", "no_accompanying_adult"])
    def test_a_mental_health_trip_at_the_age_of_consent(self, reason: str) -> None:
        """15 may be denied case by case (a year to spare); at 16 and 17 the denial is not met."""
        found = [
            minor_denial(member_age=age, reason=reason, mental_health_service=True)
            for age in (15, 16, 17, 18)
        ]
        assert [f.outcome.value for f in found] == ["met", "not_met", "not_met", "not_applicable"]
        assert [f.margin for f in found] == [Decimal(1), Decimal(0), Decimal(-1), None]
        assert [f.note for f in found] == [CASE_BY_CASE, CONSENT, CONSENT, NOT_A_MINOR]

    def test_other_trips_at_any_age_of_a_minor(self) -> None:
        """A trip to other care: met at 16 and 17 as at 0, no figures; at 18 no minor child."""
        found = [
            minor_denial(member_age=age, reason="age", mental_health_service=False)
            for age in (0, 16, 17, 18)
        ]
        assert [f.outcome.value for f in found] == ["met", "met", "met", "not_applicable"]
        assert {(f.measured, f.limit, f.margin, f.unit) for f in found} == {(None, None, None, "")}

    def test_blanket_is_not_met_at_any_age_of_a_minor(self) -> None:
        """A blanket denial is not met below the age of consent too, and shows no figures."""
        for mental in (False, True):
            found = minor_denial(
                member_age=10, reason="age", mental_health_service=mental, blanket_policy=True
            )
            assert found_as_dict(found) == expected((10, "age", mental, True))
            assert (found.outcome.value, found.measured) == ("not_met", None)

    def test_the_blanket_policy_is_no_by_default(self) -> None:
        """Without ``blanket_policy`` the denial is taken as made case by case."""
        found = minor_denial(
            member_age=12, reason="no_accompanying_adult", mental_health_service=False
        )
        assert found_as_dict(found) == expected((12, "no_accompanying_adult", False, False))

    @given(DENIALS)
    def test_a_mental_health_trip_only_when_said(self, case: tuple[int, str, bool, bool]) -> None:
        """Without ``mental_health_service`` the trip is not to mental health treatment.

        A.4.1.1's age of consent is the rule of a trip to mental health treatment: a denial not
        said to be of one is judged by the general rule, as a table without the column judges it
        (``test_a_table_without_the_flag_columns``).
        """
        age, reason, _, blanket = case
        found = minor_denial(member_age=age, reason=reason, blanket_policy=blanket)
        assert found_as_dict(found) == expected((age, reason, False, blanket))

    @given(
        st.integers(1, 25),
        st.integers(1, 25),
        st.data(),
        st.tuples(st.sampled_from(REASONS), st.booleans(), st.booleans()),
    )
    def test_the_profile_ages(
        self, under: int, consent: int, data: st.DataObject, rest: tuple[str, bool, bool]
    ) -> None:
        """Both ages come from the profile: each is its line, the consent age also the words."""
        age = data.draw(near(under, consent))
        reason, mental, blanket = rest
        profile = ages_profile(under, consent)
        found = minor_denial(
            member_age=age,
            reason=reason,
            mental_health_service=mental,
            blanket_policy=blanket,
            profile=profile,
        )
        assert found_as_dict(found) == expected(
            (age, reason, mental, blanket), under=under, consent=consent
        )
        assert [(p.name, p.value) for p in found.parameters] == [
            ("nemt.minor_under_age", under),
            ("nemt.mental_health_consent_age", consent),
        ]

    @given(DENIALS, st.data())
    def test_a_reason_in_any_case_and_spacing(
        self, case: tuple[int, str, bool, bool], data: st.DataObject
    ) -> None:
        """``" AGE"`` is ``age``, as the table reads it: the finding of the option, shown so."""
        age, reason, mental, blanket = case
        given_reason = data.draw(written(reason))
        found = minor_denial(
            member_age=age,
            reason=given_reason,
            mental_health_service=mental,
            blanket_policy=blanket,
        )
        assert found_as_dict(found) == expected(case)

    def test_ages_in_other_forms(self) -> None:
        """An age as text, a float or a Decimal with a whole value is the age in years."""
        for given_age in ("15", " 15 ", "15.0", 15.0, Decimal("15.00"), "1.5e1"):
            found = minor_denial(member_age=given_age, reason="age", mental_health_service=True)  # type: ignore[arg-type]
            assert found_as_dict(found) == expected((15, "age", True, False))


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    def test_a_reason_not_in_the_list(self) -> None:
        """A reason not one of the three in any case, or blank: an input error; not text: a type error.

        A misspelling close to a reason is answered with it, as other choices are. A value that
        is not text (a list, None, a number) is of the wrong type, an ``InvalidTypeError`` (a
        ``TypeError``, not a ``ValueError``) as in every choice of the library.
        """
        cases: list[tuple[object, str]] = [
            ("zzz", ""),
            ("", ""),
            ("   ", ""),
            ("agee", " (did you mean 'age'?)"),
            (" Othr ", " (did you mean 'other'?)"),
            (["age"], ""),
            (None, ""),
            (1, ""),
        ]
        for reason, hint in cases:
            wrong = InvalidInputError if isinstance(reason, str) else InvalidTypeError
            with pytest.raises(wrong) as raised:
                minor_denial(member_age=12, reason=reason, mental_health_service=False)  # type: ignore[arg-type]
            assert (raised.value.field, raised.value.value) == ("reason", reason)
            assert str(raised.value) == (
                "'reason' must be one of ['age', 'no_accompanying_adult', 'other'] "
                f"(got {reason!r}){hint}"
            )

    @pytest.mark.parametrize("field", ["mental_health_service", "blanket_policy"])
    def test_a_flag_not_true_or_false(self, field: str) -> None:
        """A flag given as text, a number or None: a type error naming it."""
        for value in ("yes", 1, None):
            flags: dict[str, object] = {"mental_health_service": False, "blanket_policy": False}
            flags[field] = value
            with pytest.raises(InvalidTypeError) as raised:
                minor_denial(member_age=12, reason="age", **flags)  # type: ignore[arg-type]
            assert (raised.value.field, raised.value.value) == (field, value)
            assert str(raised.value) == f"{field!r} must be True or False (got {value!r})"

    def test_an_age_that_is_no_count_of_years(self) -> None:
        """Negative, fractional, a bool, missing, too large: each error names ``member_age``."""
        cases: list[tuple[object, type[Exception]]] = [
            (-1, InvalidValueError),
            (15.5, InvalidValueError),
            ("x", InvalidValueError),
            (1_000_000_001, InvalidValueError),
            (True, InvalidTypeError),
            (None, MissingValueError),
        ]
        for value, error in cases:
            with pytest.raises(error) as raised:
                minor_denial(member_age=value, reason="age", mental_health_service=False)  # type: ignore[arg-type]
            assert raised.value.field == "member_age"  # type: ignore[attr-defined]
        assert (
            minor_denial(member_age=1_000_000_000, reason="age", mental_health_service=False).note
            == NOT_A_MINOR
        )

    def test_a_day_before_the_term(self) -> None:
        """The ages are read on the day given: none before A.4.1.1 took effect."""
        with pytest.raises(OutsideTermError) as raised:
            minor_denial(
                member_age=12, reason="age", mental_health_service=False, on=TERM_START - DAY
            )
        assert (raised.value.field, raised.value.value) == (
            "nemt.minor_under_age",
            TERM_START - DAY,
        )
        with pytest.raises(OutsideTermError) as in_table:
            minor_denials_table({"member_age": [12], "reason": ["age"]}, on=TERM_START - DAY)
        assert in_table.value.field == "nemt.minor_under_age"

    def test_a_table_without_its_columns_or_with_a_bad_mapping(self) -> None:
        """The table is named ``denials`` in what it lacks and in a column mapping's mistake."""
        with pytest.raises(InvalidInputError) as lacking:
            minor_denials_table({"member_age": [12], "why": ["age"]})
        assert str(lacking.value) == (
            "'denials' lacks the required column 'reason' (it has: 'member_age', 'why')"
        )
        with pytest.raises(InvalidInputError) as mapped:
            minor_denials_table({"member_age": [12], "why": ["age"]}, columns={"reason": "cause"})
        assert str(mapped.value) == (
            "columns= maps to 'cause', not a column of 'denials' (it has: 'member_age', 'why')"
        )

    def test_a_table_with_a_bad_row_raises_by_default(self) -> None:
        """Without ``on_error``, a row it cannot use is an error naming the row and the reason."""
        with pytest.raises(InvalidInputError) as raised:
            minor_denials_table({"member_age": [12, 13], "reason": ["age", "weather"]})
        assert str(raised.value).startswith(
            "1 of 2 rows of 'denials' cannot be used: row 1: reason 'weather' is not one of age, "
            "no_accompanying_adult, other"
        )
        with pytest.raises(InvalidValueError) as mode:
            minor_denials_table({"member_age": [12], "reason": ["age"]}, on_error="keep")  # type: ignore[arg-type]
        assert (mode.value.field, mode.value.value) == ("on_error", "keep")


def _table(
    cases: list[tuple[int, str, bool, bool]], age_form: object = int, flag_form: object = bool
) -> dict[str, list[object]]:
    """Return denials as a table's columns, ages and flags written by the forms given."""
    return {
        "member_age": [age_form(age) for age, _, _, _ in cases],  # type: ignore[operator]
        "reason": [reason for _, reason, _, _ in cases],
        "mental_health_service": [flag_form(mental) for _, _, mental, _ in cases],  # type: ignore[operator]
        "blanket_policy": [flag_form(blanket) for _, _, _, blanket in cases],  # type: ignore[operator]
    }


AGE_FORMS = {
    "int": int,
    "text": str,
    "decimal text": lambda age: f"{age}.00",
    "float": float,
    "decimal": Decimal,
}
FLAG_FORMS = {
    "bool": bool,
    "yes/no": lambda flag: "yes" if flag else "no",
    "Y/N": lambda flag: "Y" if flag else "N",
    "true/false": lambda flag: str(flag).lower(),
    "1/0": int,
}


class TestTable:
    """``minor_denials_table``: each row is the one-value finding, column by column."""

    @given(
        st.lists(DENIALS, min_size=1, max_size=30),
        st.sampled_from(sorted(AGE_FORMS)),
        st.sampled_from(sorted(FLAG_FORMS)),
    )
    @settings(max_examples=60)
    def test_row_by_row(
        self, cases: list[tuple[int, str, bool, bool]], age_form: str, flag_form: str
    ) -> None:
        """Ages as integers, text, floats or decimals; flags as booleans, yes/no, Y/N, 1/0."""
        found = minor_denials_table(_table(cases, AGE_FORMS[age_form], FLAG_FORMS[flag_form]))
        self._compare(found, cases)
        assert parameters_of(found) == SHIPPED

    @given(st.lists(DENIALS, min_size=1, max_size=20))
    @settings(max_examples=40)
    def test_a_table_without_the_flag_columns(
        self, cases: list[tuple[int, str, bool, bool]]
    ) -> None:
        """Without a flag's column each row is the one-value finding without that argument.

        Both forms read ``mental_health_service`` and ``blanket_policy`` not given as "no".
        """
        columns = _table(cases)
        for absent in (("mental_health_service",), ("blanket_policy",), SUBJECT[2:]):
            rows = minor_denials_table(
                {name: values for name, values in columns.items() if name not in absent}
            ).rows()
            for row, (age, reason, mental, blanket) in zip(rows, cases, strict=True):
                flags = {"mental_health_service": mental, "blanket_policy": blanket}
                given_flags: dict[str, Any] = {k: v for k, v in flags.items() if k not in absent}
                one = minor_denial(member_age=age, reason=reason, **given_flags)
                assert row == row_expected(found_as_dict(one), row["row"])

    @staticmethod
    def _compare(
        found: FindingsTable,
        cases: list[tuple[int, str, bool, bool]],
        *,
        under: int = 18,
        consent: int = 16,
        profile: ContractProfile | None = None,
        on: dt.date | None = None,
    ) -> None:
        rows = found.rows()
        assert len(rows) == len(cases)
        assert (found.rows_in, found.rows_used) == (len(cases), len(cases))
        for index, (row, (age, reason, mental, blanket)) in enumerate(
            zip(rows, cases, strict=True)
        ):
            want = expected((age, reason, mental, blanket), under=under, consent=consent)
            assert row == row_expected(want, index)
            one = minor_denial(
                member_age=age,
                reason=reason,
                mental_health_service=mental,
                blanket_policy=blanket,
                profile=profile,
                on=on,
            ).row()
            assert {key: row[key] for key in one if key in row and key not in SUBJECT} == {
                key: one[key] for key in one if key in row and key not in SUBJECT
            }
            assert {key: str(row[key]) for key in ("member_age", "reason")} == {
                key: one[key] for key in ("member_age", "reason")
            }
            assert {key: "yes" if row[key] else "no" for key in SUBJECT[2:]} == {
                key: one[key] for key in SUBJECT[2:]
            }
        assert found.arrow.schema.names == TABLE_COLUMNS

    @given(st.integers(1, 25), st.integers(1, 25), st.data())
    @settings(max_examples=40)
    def test_the_profile_ages(self, under: int, consent: int, data: st.DataObject) -> None:
        """The profile's two ages are each row's lines and its standard's words."""
        cases = data.draw(
            st.lists(
                st.tuples(
                    near(under, consent), st.sampled_from(REASONS), st.booleans(), st.booleans()
                ),
                min_size=1,
                max_size=10,
            )
        )
        profile = ages_profile(under, consent)
        found = minor_denials_table(_table(cases), profile=profile)
        self._compare(found, cases, under=under, consent=consent, profile=profile)
        assert [(p.name, p.value) for p in found.parameters] == [
            ("nemt.minor_under_age", under),
            ("nemt.mental_health_consent_age", consent),
        ]

    def test_columns_and_their_types(self) -> None:
        """The findings' columns and their types: ages whole, flags booleans, figures decimals."""
        found = minor_denials_table(_table([(15, "age", True, False), (17, "other", False, True)]))
        schema = found.arrow.schema
        assert schema.names == TABLE_COLUMNS
        assert schema.field("member_age").type == pa.int64()
        assert [
            schema.field(name).type for name in ("mental_health_service", "blanket_policy", "met")
        ] == [pa.bool_()] * 3
        assert {str(schema.field(name).type) for name in ("measured", "limit", "margin")} == {
            "decimal256(60, 30)"
        }
        assert found.arrow.column("met").to_pylist() == [True, None]
        assert found.arrow.column("margin").to_pylist() == [Decimal(1), None]

    def test_without_the_optional_flag_columns(self) -> None:
        """No ``mental_health_service`` or ``blanket_policy`` column: each is no on every row."""
        cases = [(age, reason, False, False) for age in (0, 15, 16, 17, 18) for reason in REASONS]
        found = minor_denials_table(
            {"member_age": [age for age, *_ in cases], "reason": [r for _, r, *_ in cases]}
        )
        self._compare(found, cases)
        mental_only = [(16, "age", True, False), (15, "age", False, False)]
        found = minor_denials_table(
            {
                "member_age": [16, 15],
                "reason": ["age", "age"],
                "mental_health_service": [True, False],
            }
        )
        self._compare(found, mental_only)
        blanket_only = [(12, "age", False, True), (12, "no_accompanying_adult", False, False)]
        found = minor_denials_table(
            {
                "member_age": [12, 12],
                "reason": ["age", "no_accompanying_adult"],
                "blanket_policy": ["yes", "no"],
            }
        )
        self._compare(found, blanket_only)

    def test_reasons_in_any_case_and_spacing(self) -> None:
        """The table reads a reason in any case, with spaces around it."""
        found = minor_denials_table(
            {"member_age": [12, 12, 12], "reason": ["AGE", " No_Accompanying_Adult ", "Other"]}
        )
        self._compare(found, [(12, r, False, False) for r in REASONS])

    @given(st.lists(DENIALS, min_size=1, max_size=12), st.data())
    @settings(max_examples=40)
    def test_a_reason_written_alike_in_both_forms(
        self, cases: list[tuple[int, str, bool, bool]], data: st.DataObject
    ) -> None:
        """The same written reason (any case, spaces around it): the same finding in both forms."""
        reasons = [data.draw(written(reason)) for _, reason, _, _ in cases]
        found = minor_denials_table({**_table(cases), "reason": reasons})
        assert found.rows() == [
            row_expected(expected(case), index) for index, case in enumerate(cases)
        ]
        for (age, _, mental, blanket), given_reason, case in zip(
            cases, reasons, cases, strict=True
        ):
            one = minor_denial(
                member_age=age,
                reason=given_reason,
                mental_health_service=mental,
                blanket_policy=blanket,
            )
            assert found_as_dict(one) == expected(case)

    def test_columns_of_other_names_and_carried(self) -> None:
        """``columns=`` maps the library's names to the table's; ``carry`` keeps an id."""
        found = minor_denials_table(
            {
                "id": ["D1", "D2"],
                "age": [16, 15],
                "why": ["age", "age"],
                "mh": ["yes", "yes"],
                "policy": ["no", "no"],
            },
            columns={
                "member_age": "age",
                "reason": "why",
                "mental_health_service": "mh",
                "blanket_policy": "policy",
            },
            carry="id",
        )
        assert [(row["id"], row["outcome"], row["margin"]) for row in found.rows()] == [
            ("D1", "not_met", "0"),
            ("D2", "met", "1"),
        ]
        assert found.arrow.schema.names == ["row", "id", *TABLE_COLUMNS[1:]]

    def test_an_empty_table(self) -> None:
        """No denials: no findings, and the two ages still named."""
        found = minor_denials_table({"member_age": [], "reason": []})
        assert found.rows() == []
        assert (found.rows_in, found.rows_used) == (0, 0)
        assert found.arrow.schema.names == TABLE_COLUMNS
        assert parameters_of(found) == SHIPPED

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """Each reason a denial is refused, with its row; the others are judged."""
        found = minor_denials_table(
            {
                "member_age": ["15.5", "x", None, "-1", "", "16", "16", "16", "15", "17"],
                "reason": [
                    "age",
                    "age",
                    "age",
                    "age",
                    "age",
                    "weather",
                    None,
                    "age",
                    "age",
                    "other",
                ],
                "mental_health_service": [
                    "yes",
                    "no",
                    "no",
                    "no",
                    "no",
                    "no",
                    "no",
                    "maybe",
                    "yes",
                    "no",
                ],
                "blanket_policy": ["no", "no", "no", "no", "no", "no", "no", "no", None, "no"],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": "member_age 15.5 is not a whole number of years"},
            {
                "row": 1,
                "reason": "member_age 'x' is not a number with at most 30 digits either side of the point",
            },
            {"row": 2, "reason": "member_age is null"},
            {"row": 3, "reason": "member_age must be >= 0 (got -1)"},
            {
                "row": 4,
                "reason": "member_age '' is not a number with at most 30 digits either side of the point",
            },
            {
                "row": 5,
                "reason": "reason 'weather' is not one of age, no_accompanying_adult, other",
            },
            {"row": 6, "reason": "reason is null"},
            {
                "row": 7,
                "reason": "mental_health_service 'maybe' is not a yes/no value (true/false, yes/no, 1/0)",
            },
            {"row": 8, "reason": "blanket_policy is null"},
        ]
        assert found.rows() == [row_expected(expected((17, "other", False, False)), 9)]
        assert (found.rows_in, found.rows_used) == (10, 1)

    def test_ages_past_the_largest_count_are_rejected(self) -> None:
        """Over a billion years (as the one-value check refuses), even past 64 bits: rejected."""
        found = minor_denials_table(
            {
                "member_age": ["100000000000000000000", "1000000001", "1000000000", None, "7"],
                "reason": ["age"] * 5,
                "mental_health_service": [True] * 5,
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": "member_age 100000000000000000000 is more than 1,000,000,000"},
            {"row": 1, "reason": "member_age 1000000001 is more than 1,000,000,000"},
            {"row": 3, "reason": "member_age is null"},
        ]
        assert found.rows() == [
            row_expected(expected((1_000_000_000, "age", True, False)), 2),
            row_expected(expected((7, "age", True, False)), 4),
        ]

    def test_rejected_rows_between_judged_ones(self) -> None:
        """Rows judged around rejected ones keep their own values and row numbers."""
        ages: list[object] = [16, "x", 15, 17.5, 18, 16]
        mental = [True, True, True, True, False, False]
        found = minor_denials_table(
            {"member_age": ages, "reason": ["age"] * 6, "mental_health_service": mental},
            on_error="collect",
        )
        assert [row["row"] for row in found.rejected.to_pylist()] == [1, 3]
        assert found.rows() == [
            row_expected(expected((16, "age", True, False)), 0),
            row_expected(expected((15, "age", True, False)), 2),
            row_expected(expected((18, "age", False, False)), 4),
            row_expected(expected((16, "age", False, False)), 5),
        ]


class TestDatedAges:
    """The two ages are read in the version in force on the day given."""

    @given(DENIALS, st.booleans())
    def test_one_denial_on_either_side_of_the_change(
        self, case: tuple[int, str, bool, bool], later: bool
    ) -> None:
        """18 and 16 the day before the change; 21 and 14 from its day, and with no day given."""
        age, reason, mental, blanket = case
        under, consent, since = (21, 14, CHANGE_DATE) if later else (18, 16, TERM_START)
        days = (CHANGE_DATE, None) if later else (CHANGE_DATE - DAY,)
        for on in days:
            found = minor_denial(
                member_age=age,
                reason=reason,
                mental_health_service=mental,
                blanket_policy=blanket,
                on=on,
                profile=later_profile(),
            )
            assert found_as_dict(found) == expected(
                (age, reason, mental, blanket), under=under, consent=consent
            )
            assert parameters_of(found) == [
                ("nemt.minor_under_age", under, since),
                ("nemt.mental_health_consent_age", consent, since),
            ]

    @given(st.lists(DENIALS, min_size=1, max_size=12), st.booleans())
    @settings(max_examples=40)
    def test_tables_on_either_side(
        self, cases: list[tuple[int, str, bool, bool]], later: bool
    ) -> None:
        """A table is judged by the ages in force on its day."""
        under, consent, since = (21, 14, CHANGE_DATE) if later else (18, 16, TERM_START)
        on = CHANGE_DATE if later else CHANGE_DATE - DAY
        found = minor_denials_table(_table(cases), on=on, profile=later_profile())
        self._check(found, cases, under, consent)
        assert parameters_of(found) == [
            ("nemt.minor_under_age", under, since),
            ("nemt.mental_health_consent_age", consent, since),
        ]

    @staticmethod
    def _check(
        found: FindingsTable, cases: list[tuple[int, str, bool, bool]], under: int, consent: int
    ) -> None:
        assert found.rows() == [
            row_expected(expected(case, under=under, consent=consent), index)
            for index, case in enumerate(cases)
        ]
