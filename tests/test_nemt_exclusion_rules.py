"""§2.6.1.2 exclusions: what the rule says of each claim, in each of its two forms, pinned value by value.

These are the rule module's own tests (``compliance.nemt.exclusions``), run against its mutants
(docs/developers.md, "Mutation testing"): every kind of claim, mode and HCBS flag, with the
exclusion, note and subject each gives; tables of many claims whose rows must each be the
one-value check's finding, column by column; the dated versions of the profile's two lists; and
the field and value every error names.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, default_profile
from tenncare_calc.compliance import nemt_exclusion, nemt_exclusions_table
from tests.versioned_profiles import CHANGE_DATE, with_later_version

#: The shipped profile's ``nemt.excluded_reimbursements`` (§2.6.1.2, item 2 of the amendment).
EXCLUDED = ("mileage_reimbursement", "car_rental", "private_automobile")
CATEGORIES = ("trip", "escort", "accompanying_adult", *EXCLUDED)
MODES = ("nemt_provider", "fixed_route", "commercial_carrier")
#: Every claim the check can be given: each kind, mode and HCBS flag.
CASES = tuple(itertools.product(CATEGORIES, MODES, (False, True)))

PRIVATE = "private automobile reimbursement"
HCBS = "service provided through an HCBS waiver"
COMPANION = "separate escort or accompanying-adult payment"
NOTES = {
    None: None,
    PRIVATE: (
        "not a covered NEMT service (mileage, car rental or other private automobile reimbursement)"
    ),
    HCBS: "NEMT to a service provided through an HCBS waiver is not the CONTRACTOR's responsibility",
    COMPANION: (
        "no separate or additional payment to a NEMT provider for an escort or accompanying adult, "
        "except for fixed route and commercial carrier transport"
    ),
}
STANDARD = (
    "a covered NEMT service: no private automobile reimbursement, no trip to a service provided "
    "through an HCBS waiver, no separate escort or accompanying-adult payment except for fixed "
    "route and commercial carrier transport"
)
#: A figure column's type (the check has none: each is null, of the findings' figure type).
FIGURE = pa.decimal128(19, 4)
BEFORE, AFTER = dt.date(2008, 10, 1), CHANGE_DATE + dt.timedelta(days=400)


def excluded_by(category: str, mode: str, hcbs: bool) -> str | None:
    """Return the exclusion §2.6.1.2 names for a claim, first that applies (None: covered)."""
    if category in EXCLUDED:
        return PRIVATE
    if hcbs:
        return HCBS
    if category in ("escort", "accompanying_adult") and mode not in (
        "fixed_route",
        "commercial_carrier",
    ):
        return COMPANION
    return None


class TestOneClaim:
    """``nemt_exclusion``: every kind of claim, mode and flag."""

    @pytest.mark.parametrize(("category", "mode", "hcbs"), CASES)
    def test_each_case_says_its_exclusion(self, category: str, mode: str, hcbs: bool) -> None:
        """The outcome, the exclusion named, its note, the standard and the section."""
        found = nemt_exclusion(category=category, mode=mode, hcbs_waiver_service=hcbs)
        exclusion = excluded_by(category, mode, hcbs)
        assert found.check == "nemt.exclusions"
        assert found.outcome.value == ("met" if exclusion is None else "not_met")
        assert found.met is (exclusion is None)
        assert found.subject == (
            ("category", category),
            ("mode", mode),
            ("hcbs_waiver_service", "yes" if hcbs else "no"),
            ("exclusion", exclusion or "none"),
        )
        assert found.note == NOTES[exclusion]
        assert found.standard == STANDARD
        assert found.sections == ("2.6.1.2",)
        assert (found.measured, found.limit, found.margin, found.unit) == (None, None, None, "")

    def test_defaults_a_trip_by_a_nemt_provider_not_to_a_waiver_service(self) -> None:
        """Without ``mode`` and the flag: a NEMT provider's transport to a service not under a waiver."""
        assert nemt_exclusion(category="trip").met is True
        escort = nemt_exclusion(category="escort")
        assert dict(escort.subject)["mode"] == "nemt_provider"
        assert dict(escort.subject)["hcbs_waiver_service"] == "no"
        assert dict(escort.subject)["exclusion"] == COMPANION

    def test_the_parameters_it_read(self) -> None:
        """Both of the profile's lists, with their values, as the finding's parameters."""
        found = nemt_exclusion(category="trip")
        assert [(p.name, p.value) for p in found.parameters] == [
            ("nemt.excluded_reimbursements", EXCLUDED),
            ("nemt.companion_payment_modes", ("fixed_route", "commercial_carrier")),
        ]

    @given(st.sampled_from(CATEGORIES), st.sampled_from(MODES))
    def test_text_is_trimmed_and_folded(self, category: str, mode: str) -> None:
        """`` Car_Rental `` is ``car_rental``: the text is compared trimmed and in lower case."""
        found = nemt_exclusion(category=f" {category.upper()} ", mode=mode.title())
        assert dict(found.subject)["category"] == category
        assert dict(found.subject)["mode"] == mode


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    def test_a_category_not_text(self) -> None:
        """A number for the category: a type error naming the kinds of claim."""
        with pytest.raises(InvalidTypeError) as raised:
            nemt_exclusion(category=5)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("category", 5)
        assert str(raised.value) == (
            "'category' must be one of ['trip', 'escort', 'accompanying_adult', "
            "'mileage_reimbursement', 'car_rental', 'private_automobile'] (got 5)"
        )

    def test_an_unknown_mode(self) -> None:
        """A mode the clause does not name: a value error naming the modes."""
        with pytest.raises(InvalidInputError) as raised:
            nemt_exclusion(category="trip", mode="taxi")
        assert (raised.value.field, raised.value.value) == ("mode", "taxi")
        assert str(raised.value).startswith(
            "'mode' must be one of ['nemt_provider', 'fixed_route', 'commercial_carrier'] "
            "(got 'taxi')"
        )
        with pytest.raises(InvalidTypeError) as missing:
            nemt_exclusion(category="trip", mode=None)  # type: ignore[arg-type]
        assert (missing.value.field, missing.value.value) == ("mode", None)

    def test_an_unknown_category_names_the_nearest(self) -> None:
        """A misspelt kind of claim: the error suggests the kind meant."""
        with pytest.raises(InvalidInputError, match="did you mean 'car_rental'") as raised:
            nemt_exclusion(category="car_rentals")
        assert (raised.value.field, raised.value.value) == ("category", "car_rentals")

    def test_a_flag_not_a_boolean(self) -> None:
        """The HCBS flag is True or False, not text."""
        with pytest.raises(InvalidTypeError) as raised:
            nemt_exclusion(category="trip", hcbs_waiver_service="yes")  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("hcbs_waiver_service", "yes")

    def test_a_table_without_its_category_column(self) -> None:
        """The table is named ``claims`` in what it lacks, and in a column mapping's mistake."""
        with pytest.raises(InvalidInputError) as raised:
            nemt_exclusions_table({"kind": ["trip"]})
        assert str(raised.value) == "'claims' lacks the required column 'category' (it has: 'kind')"
        with pytest.raises(InvalidInputError) as mapped:
            nemt_exclusions_table({"kind": ["trip"]}, columns={"category": "cat"})
        assert "not a column of 'claims'" in str(mapped.value)


def _table_cases() -> st.SearchStrategy[list[tuple[str, str, bool]]]:
    """Return lists of claims, in any order, most with several kinds and modes."""
    return st.lists(st.sampled_from(CASES), min_size=1, max_size=40)


class TestTable:
    """``nemt_exclusions_table``: each row is the one-value check's finding, column by column."""

    @given(_table_cases(), st.booleans())
    def test_each_row_is_the_one_value_finding(
        self, cases: list[tuple[str, str, bool]], as_text: bool
    ) -> None:
        """Outcome, met, exclusion, note and the claim's own columns, row by row, in order."""
        flags = [("yes" if hcbs else "no") if as_text else hcbs for _, _, hcbs in cases]
        found = nemt_exclusions_table(
            {
                "claim_id": [f"N{row}" for row in range(len(cases))],
                "category": [category for category, _, _ in cases],
                "mode": [mode for _, mode, _ in cases],
                "hcbs_waiver_service": flags,
            },
            carry="claim_id",
        )
        rows = found.rows()
        assert [row["claim_id"] for row in rows] == [f"N{row}" for row in range(len(cases))]
        for row, (category, mode, hcbs) in zip(rows, cases, strict=True):
            one = nemt_exclusion(category=category, mode=mode, hcbs_waiver_service=hcbs)
            exclusion = excluded_by(category, mode, hcbs)
            assert (row["category"], row["mode"], row["hcbs_waiver_service"]) == (
                category,
                mode,
                hcbs,
            )
            assert row["exclusion"] == exclusion
            assert (row["outcome"], row["met"], row["note"]) == (
                one.outcome.value,
                one.met,
                one.note,
            )
            assert (row["check"], row["standard"], row["section"], row["unit"]) == (
                "nemt.exclusions",
                STANDARD,
                "2.6.1.2",
                "",
            )
            assert (row["measured"], row["limit"], row["margin"]) == (None, None, None)

    def test_every_case_at_once_and_its_columns_types(self) -> None:
        """All 36 cases in one table (each looked up by its kind, mode and flag together)."""
        cases = list(CASES) * 3
        found = nemt_exclusions_table(
            {
                "category": [category for category, _, _ in cases],
                "mode": [mode for _, mode, _ in cases],
                "hcbs_waiver_service": [hcbs for _, _, hcbs in cases],
            }
        )
        assert [row["exclusion"] for row in found.rows()] == [excluded_by(*case) for case in cases]
        assert found.arrow.column("met").to_pylist() == [excluded_by(*c) is None for c in cases]
        schema = found.arrow.schema
        assert [schema.field(name).type for name in ("measured", "limit", "margin")] == [FIGURE] * 3
        assert schema.field("hcbs_waiver_service").type == pa.bool_()
        assert schema.field("met").type == pa.bool_()
        assert found.rows_in == found.rows_used == len(cases)
        assert [p.name for p in found.parameters] == [
            "nemt.excluded_reimbursements",
            "nemt.companion_payment_modes",
        ]

    def test_without_mode_or_flag_columns(self) -> None:
        """Absent columns: every claim by a NEMT provider, to a service not under a waiver."""
        found = nemt_exclusions_table({"category": ["escort", "trip", "car_rental"]})
        rows = found.rows()
        assert [row["mode"] for row in rows] == ["nemt_provider"] * 3
        assert [row["hcbs_waiver_service"] for row in rows] == [False] * 3
        assert [row["exclusion"] for row in rows] == [COMPANION, None, PRIVATE]

    def test_columns_of_other_names(self) -> None:
        """``columns=`` maps the library's names to the table's."""
        found = nemt_exclusions_table(
            {"kind": ["escort", "escort"], "how": ["fixed_route", "nemt_provider"]},
            columns={"category": "kind", "mode": "how"},
        )
        assert [row["met"] for row in found.rows()] == [True, False]

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """An unknown mode or kind rejects its row, naming the value and the choices."""
        found = nemt_exclusions_table(
            {"category": ["trip", "taxi", "trip"], "mode": ["bus", "fixed_route", "fixed_route"]},
            on_error="collect",
        )
        assert (found.rows_in, found.rows_used) == (3, 1)
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "mode 'bus' is not one of nemt_provider, fixed_route, commercial_carrier",
            },
            {
                "row": 1,
                "reason": (
                    "category 'taxi' is not one of trip, escort, accompanying_adult, "
                    "mileage_reimbursement, car_rental, private_automobile"
                ),
            },
        ]
        assert [row["row"] for row in found.rows()] == [2]


class TestDatedLists:
    """The two lists are read in the version in force on ``on``."""

    def test_excluded_reimbursements_change_on_a_date(self) -> None:
        """A later version of the list: a kind excluded from its date, another known until then."""
        profile = with_later_version(
            default_profile(), "nemt.excluded_reimbursements", ["gas_card"]
        )
        assert nemt_exclusion(category="car_rental", on=BEFORE, profile=profile).met is False
        assert nemt_exclusion(category="gas_card", on=AFTER, profile=profile).met is False
        with pytest.raises(InvalidInputError):
            nemt_exclusion(category="gas_card", on=BEFORE, profile=profile)
        table = {"category": ["gas_card", "car_rental"]}
        before = nemt_exclusions_table(table, on=BEFORE, profile=profile, on_error="collect")
        after = nemt_exclusions_table(table, on=AFTER, profile=profile, on_error="collect")
        assert [row["row"] for row in before.rows()] == [1]
        assert [row["row"] for row in after.rows()] == [0]

    def test_companion_payment_modes_change_on_a_date(self) -> None:
        """A later version without commercial carriers: their escort payments excluded from then."""
        profile = with_later_version(
            default_profile(), "nemt.companion_payment_modes", ["fixed_route"]
        )
        claim = {"category": "escort", "mode": "commercial_carrier"}
        assert nemt_exclusion(**claim, on=BEFORE, profile=profile).met is True
        assert nemt_exclusion(**claim, on=AFTER, profile=profile).met is False
        table = {"category": ["escort"], "mode": ["commercial_carrier"]}
        assert nemt_exclusions_table(table, on=BEFORE, profile=profile).rows()[0]["met"] is True
        assert nemt_exclusions_table(table, on=AFTER, profile=profile).rows()[0]["met"] is False
