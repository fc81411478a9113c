"""Reimbursement checks over paid claims: §2.13.2 (percentage of billed charges) and §2.12.7.32."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
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
    global_obstetric_claim,
    global_obstetric_claims_table,
    percent_of_billed_charges,
    percent_of_billed_charges_table,
    price_findings,
)
from tenncare_calc.compliance.claims.percent_of_billed import EXCEEDS_STOP_LOSS
from tenncare_calc.core.thresholds import Comparison
from tests.strategies import EPSILONS, money

POBC = "percent_of_billed_charges"
OB_CODES = ["59400", "59510", "59610", "59618"]


class TestPercentOfBilledCharges:
    """§2.13.2.1 with the exceptions of §2.13.2.2 (no Medicare method) and §2.13.2.3 (stop-loss)."""

    def test_the_line_is_strictly_more_than(self) -> None:
        """'claims that exceed the applicable stop-loss threshold': at the threshold is not above."""
        assert EXCEEDS_STOP_LOSS is Comparison.MORE_THAN

    @given(money(10**8), EPSILONS.filter(lambda eps: eps >= Decimal("0.01")), st.integers(-1, 1))
    def test_stop_loss_below_at_above(self, threshold: Decimal, eps: Decimal, side: int) -> None:
        """Billed a cent (or more) below, at and above the threshold: not met, not met, met."""
        billed = max(Decimal(0), threshold + side * eps)
        finding = percent_of_billed_charges(
            pricing_method=POBC, billed_amount=billed, stop_loss_threshold=threshold
        )
        exceeds = billed > threshold
        assert finding.outcome.value == ("met" if exceeds else "not_met")
        assert finding.margin == billed - threshold
        assert finding.sections == (("2.13.2.1", "2.13.2.3") if exceeds else ("2.13.2.1",))
        table = percent_of_billed_charges_table(
            {
                "pricing_method": [POBC],
                "billed_amount": [str(billed)],
                "stop_loss_threshold": [str(threshold)],
            }
        ).rows()[0]
        assert (table["outcome"], Decimal(table["margin"])) == (
            finding.outcome.value,
            finding.margin,
        )
        assert table["exception"] == ("2.13.2.3" if exceeds else None)

    @given(
        st.sampled_from(["fee_schedule", POBC, "Percent_Of_Billed_Charges", "per_diem", "drg"]),
        st.booleans(),
        st.sampled_from(["T1019", "99213", None]),
        st.one_of(st.none(), money(10**6)),
        money(10**6),
    )
    def test_both_forms_agree(
        self,
        method: str,
        flagged: bool,
        code: str | None,
        threshold: Decimal | None,
        billed: Decimal,
    ) -> None:
        """Every combination: the one-value finding and the table row say the same."""
        codes = ["T1019"]
        one = percent_of_billed_charges(
            pricing_method=method,
            billed_amount=billed,
            stop_loss_threshold=threshold,
            service_code=code,
            no_medicare_method=flagged,
            no_medicare_method_codes=codes,
        )
        row = percent_of_billed_charges_table(
            {
                "pricing_method": [method],
                "billed_amount": [billed],
                "stop_loss_threshold": [threshold],
                "service_code": [code],
                "no_medicare_method": [flagged],
            },
            no_medicare_method_codes=codes,
        ).rows()[0]
        assert row["outcome"] == one.outcome.value
        assert row["met"] == one.met
        assert (row["margin"] is None) is (one.margin is None)
        if one.margin is not None:
            assert Decimal(row["margin"]) == one.margin
        in_scope = method.lower() == POBC
        excepted = flagged or code == "T1019"
        if not in_scope:
            assert one.outcome.value == "not_applicable"
        elif excepted:
            assert one.outcome.value == "met"
            assert "2.13.2.2" in one.sections
        else:
            assert one.met is (threshold is not None and billed > threshold)

    def test_no_medicare_codes_from_the_profile(self) -> None:
        """The profile's list (empty as shipped) is the default; a profile can supply it."""
        plain = percent_of_billed_charges(pricing_method=POBC, service_code="t1019")
        assert plain.outcome.value == "not_met"
        assert default_profile().get("claims.no_medicare_method_codes").value == ()
        mine = default_profile().with_overrides({"claims.no_medicare_method_codes": ["T1019"]})
        found = percent_of_billed_charges(pricing_method=POBC, service_code="t1019", profile=mine)
        assert found.met is True
        assert found.parameters[1].name == "claims.no_medicare_method_codes"

    def test_methods_from_the_profile(self) -> None:
        """A system's own name for the method is a profile list."""
        mine = default_profile().with_overrides(
            {"claims.percent_of_billed_methods": ["POBC", "pct_billed"]}
        )
        assert percent_of_billed_charges(pricing_method="pct_billed", profile=mine).met is False
        assert percent_of_billed_charges(pricing_method=POBC, profile=mine).met is None

    def test_bad_input(self) -> None:
        """Typed errors name the field; a threshold without a billed amount is refused."""
        with pytest.raises(InvalidInputError, match="billed_amount"):
            percent_of_billed_charges(pricing_method=POBC, stop_loss_threshold=100)
        with pytest.raises(InvalidValueError, match="billed_amount"):
            percent_of_billed_charges(pricing_method=POBC, billed_amount=-1)
        with pytest.raises(InvalidTypeError, match="pricing_method"):
            percent_of_billed_charges(pricing_method=" ")
        with pytest.raises(InvalidTypeError, match="no_medicare_method"):
            percent_of_billed_charges(pricing_method=POBC, no_medicare_method="yes")  # type: ignore[arg-type]

    def test_rows_are_accounted_for(self) -> None:
        """Rows in = used + rejected, each rejection with its reason; a DataFrame reads alike."""
        frame = pd.DataFrame(
            {
                "claim_id": ["C1", "C2", "C3", "C4"],
                "pricing_method": [POBC, POBC, "", POBC],
                "billed_amount": ["100", None, "5", "-3"],
                "stop_loss_threshold": ["50", "80", None, None],
            }
        )
        findings = percent_of_billed_charges_table(frame, on_error="collect", carry="claim_id")
        assert (findings.rows_in, findings.rows_used) == (4, 1)
        assert [row["reason"] for row in findings.rejected.to_pylist()] == [
            "stop_loss_threshold 80 is given without billed_amount (§2.13.2.3)",
            "pricing_method is null",
            "billed_amount must be >= 0 (got -3)",
        ]
        with pytest.raises(RejectedRowsError):
            percent_of_billed_charges_table(frame)

    def test_priced_like_every_check(self) -> None:
        """Not-met findings are counted for pricing with the profile's amounts (none ship)."""
        findings = percent_of_billed_charges_table({"pricing_method": [POBC, POBC, "drg"]})
        priced = price_findings([findings])
        assert priced.unpriced == ("claims.percent_of_billed_charges",)
        assert findings.counts() == {"met": 0, "not_met": 2, "not_applicable": 1, "not_assessed": 0}


class TestGlobalObstetric:
    """§2.12.7.32: a global obstetric code paid only with supporting encounter data."""

    @given(st.integers(0, 5))
    def test_at_least_one_record(self, encounters: int) -> None:
        """0 records: not met (short by 1); 1: met, exactly at the line; more: met."""
        one = global_obstetric_claim(procedure_code="59400", encounters=encounters, codes=OB_CODES)
        assert one.met is (encounters >= 1)
        assert one.margin == encounters - 1
        row = global_obstetric_claims_table(
            {"procedure_code": ["59400"], "encounters": [encounters]}, codes=OB_CODES
        ).rows()[0]
        assert (row["met"], row["margin"]) == (one.met, str(encounters - 1))

    def test_codes_are_required(self) -> None:
        """The source names no codes: none ship, and a check without any is an error."""
        assert default_profile().get("claims.global_obstetric_codes").library_default
        with pytest.raises(InvalidValueError, match="no global obstetric codes"):
            global_obstetric_claims_table({"procedure_code": ["59400"], "encounters": [0]})
        mine = default_profile().with_overrides({"claims.global_obstetric_codes": OB_CODES})
        assert global_obstetric_claim(procedure_code=59400, encounters=0, profile=mine).met is False

    def test_not_applicable(self) -> None:
        """Another code, or a claim not paid, is not applicable."""
        rows = global_obstetric_claims_table(
            {
                "procedure_code": ["99213", "59400", "59400"],
                "encounters": [0, 0, 0],
                "paid": ["yes", "no", "yes"],
            },
            codes=OB_CODES,
        ).rows()
        assert [row["outcome"] for row in rows] == ["not_applicable", "not_applicable", "not_met"]
        one = global_obstetric_claim(
            procedure_code="59400", encounters=0, paid=False, codes=OB_CODES
        )
        assert one.outcome.value == "not_applicable"

    def test_bad_rows(self) -> None:
        """A count that is not a whole number >= 0 rejects the row."""
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"] * 3, "encounters": ["1.5", "-1", "x"]},
            codes=OB_CODES,
            on_error="collect",
        )
        assert found.rows_used == 0
        assert len(found.rejected) == 3
