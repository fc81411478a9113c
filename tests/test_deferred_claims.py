"""The claims checks give their verdict at once and their figures when read (issue 15).

``percent_of_billed_charges_table`` (§2.13.2) and ``global_obstetric_claims_table`` (§2.12.7.32)
hand their figures over as functions (``compliance.findings.deferred``): each column read alone must
be the column of the table read whole, counting outcomes must leave the figures uncomputed, and the
verdict must be the one-value check's, on both sides of each line and with rows rejected.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.compliance import (
    global_obstetric_claim,
    global_obstetric_claims_table,
    percent_of_billed_charges,
    percent_of_billed_charges_table,
)

POBC = "percent_of_billed_charges"
OB_CODES = ["59400", "59510"]
FIGURES = ("standard", "measured", "limit", "margin", "unit", "section")

#: A priced claim: method, billed cents (None: none), threshold cents (None: no arrangement), code.
claims = st.tuples(
    st.sampled_from([POBC, " Percent_Of_Billed_Charges ", "fee_schedule", ""]),
    st.one_of(st.none(), st.integers(0, 10_000)),
    st.one_of(st.none(), st.integers(0, 10_000)),
    st.sampled_from(["T1019", " t1019", "99213", None]),
)


def _priced(rows: list[tuple[str, int | None, int | None, str | None]]) -> dict[str, pa.Array]:
    """Return claims as Arrow columns: billed in exact cents, the threshold in whole dollars."""
    return {
        "claim_id": pa.array(range(len(rows)), pa.int64()),
        "pricing_method": pa.array([row[0] for row in rows], pa.string()),
        "billed_amount": pa.array(
            [None if row[1] is None else Decimal(row[1]).scaleb(-2) for row in rows],
            pa.decimal128(12, 2),
        ),
        "stop_loss_threshold": pa.array(
            [None if row[2] is None else row[2] // 100 for row in rows], pa.int64()
        ),
        "service_code": pa.array([row[3] for row in rows], pa.string()),
    }


def _same_alone_and_whole(make: object) -> None:
    """Assert each column read alone (figures first) is the whole table's column."""
    alone, whole = make(), make().arrow  # type: ignore[operator]
    for name in reversed(whole.column_names):
        assert alone.column(name).equals(whole.column(name)), name
    assert alone.arrow.equals(whole)


class TestPercentOfBilledCharges:
    """§2.13.2 over a table: the verdict at once, the figures when read."""

    @given(st.lists(claims, min_size=1, max_size=25))
    def test_each_column_read_alone_is_the_whole_tables_column(
        self, rows: list[tuple[str, int | None, int | None, str | None]]
    ) -> None:
        """Rows met, not met, not applicable and rejected: every column alone equals the whole."""
        data = _priced(rows)

        def make() -> object:
            return percent_of_billed_charges_table(
                data, no_medicare_method_codes=["T1019"], on_error="collect", carry="claim_id"
            )

        _same_alone_and_whole(make)

    @given(st.integers(1, 10_000), st.integers(-1, 1))
    def test_the_verdict_is_the_one_value_checks(self, threshold: int, side: int) -> None:
        """A cent below, at and above the stop-loss line, beside a rejected and an excepted claim."""
        billed = Decimal(threshold) + side * Decimal("0.01")
        found = percent_of_billed_charges_table(
            {
                "pricing_method": [POBC, POBC, POBC, "drg"],
                "billed_amount": [str(billed), None, "5", "5"],
                "stop_loss_threshold": [str(threshold), str(threshold), None, None],
                "service_code": ["99213", "99213", "T1019", "T1019"],
            },
            no_medicare_method_codes=["T1019"],
            on_error="collect",
        )
        one = percent_of_billed_charges(
            pricing_method=POBC, billed_amount=billed, stop_loss_threshold=threshold
        )
        assert found.column("row").to_pylist() == [0, 2, 3]  # row 1: a threshold, no billed amount
        assert found.column("outcome").to_pylist() == [one.outcome.value, "met", "not_applicable"]
        assert found.column("met").to_pylist() == [one.outcome.value == "met", True, None]
        assert found.column("margin").to_pylist() == [one.margin, None, None]

    def test_counting_outcomes_leaves_the_figures_uncomputed(self) -> None:
        """Counting outcomes reads the verdict only."""
        found = percent_of_billed_charges_table(
            _priced([(POBC, 9_000, 8_000, "99213"), ("drg", 10, None, None)])
        )
        assert found.counts() == {
            "met": 1,
            "not_met": 0,
            "not_applicable": 1,
            "not_assessed": 0,
        }
        pending = found._arrow.pending()  # noqa: SLF001 - what is left to compute
        assert set(FIGURES) <= set(pending)
        assert "outcome" not in pending

    def test_no_claim_compared(self) -> None:
        """No claim has a stop-loss arrangement: the figures are all null, of their types."""
        found = percent_of_billed_charges_table(_priced([(POBC, 10, None, "99213")] * 3))
        assert found.column("margin").to_pylist() == [None] * 3
        assert found.arrow.column("measured").type == pa.decimal128(12, 2)


class TestGlobalObstetric:
    """§2.12.7.32 over a table: the verdict at once, the figures when read."""

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["59400", " 59510", "99213", None]),
                st.one_of(st.none(), st.integers(-1, 3)),
                st.booleans(),
            ),
            min_size=1,
            max_size=25,
        )
    )
    def test_each_column_read_alone_is_the_whole_tables_column(
        self, rows: list[tuple[str | None, int | None, bool]]
    ) -> None:
        """Rows met (1 record or more), not met (0), not applicable and rejected."""
        data = {
            "claim_id": list(range(len(rows))),
            "procedure_code": [row[0] for row in rows],
            "encounters": pa.array([row[1] for row in rows], pa.int64()),
            "paid": [row[2] for row in rows],
        }

        def make() -> object:
            return global_obstetric_claims_table(
                data, codes=OB_CODES, on_error="collect", carry="claim_id"
            )

        _same_alone_and_whole(make)

    @given(st.integers(0, 3), st.booleans())
    def test_the_verdict_is_the_one_value_checks(self, encounters: int, paid: bool) -> None:
        """No record, one (the line) and more, paid or not: as the one-value check."""
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400"], "encounters": [encounters], "paid": [paid]},
            codes=OB_CODES,
        )
        one = global_obstetric_claim(
            procedure_code="59400", encounters=encounters, paid=paid, codes=OB_CODES
        )
        assert found.column("outcome").to_pylist() == [one.outcome.value]
        assert found.column("margin").to_pylist() == [one.margin]

    def test_counting_outcomes_leaves_the_figures_uncomputed(self) -> None:
        """Counting outcomes reads the verdict only."""
        found = global_obstetric_claims_table(
            {"procedure_code": ["59400", "59400"], "encounters": [0, 2]}, codes=OB_CODES
        )
        assert found.counts()["met"] == 1
        pending = found._arrow.pending()  # noqa: SLF001 - what is left to compute
        assert set(FIGURES) <= set(pending)


class TestAmounts:
    """Amounts read for §2.13.2.3: negatives found by the sign of the decimal's high word."""

    @given(
        st.lists(st.one_of(st.none(), st.integers(-(10**12), 10**12)), min_size=1, max_size=30),
        st.integers(0, 3),
    )
    def test_negative_amounts_reject_their_rows(self, cents: list[int | None], cut: int) -> None:
        """Negative amounts (and only they) reject, in a sliced Arrow column with nulls or not."""
        cut = min(cut, len(cents) - 1)
        billed = pa.array(
            [None if c is None else Decimal(c).scaleb(-2) for c in cents], pa.decimal128(16, 2)
        ).slice(cut)
        found = percent_of_billed_charges_table(
            {"pricing_method": [POBC] * len(billed), "billed_amount": billed},
            on_error="collect",
        )
        negative = [row for row, c in enumerate(cents[cut:]) if c is not None and c < 0]
        assert [r["row"] for r in found.rejected.to_pylist()] == negative


@given(
    st.lists(st.integers(-(10**20), 10**20), min_size=1, max_size=20),
    st.integers(0, 3),
    st.lists(st.tuples(st.integers(0, 30), st.booleans()), max_size=20),
)
def test_taken_where_is_arrows_take(
    numbers: list[int], cut: int, picks: list[tuple[int, bool]]
) -> None:
    """A decimal128 column (sliced or not) taken by numpy: Arrow's take with nulls where hidden."""
    from tenncare_calc.compliance.claims.claim_rows import taken_where  # noqa: PLC0415

    values = pa.array([Decimal(n).scaleb(-3) for n in numbers], pa.decimal128(25, 3))
    values = values.slice(min(cut, len(values) - 1))
    at = np.array([i % len(values) for i, _ in picks], dtype=np.int64)
    hidden = np.array([h for _, h in picks], dtype=bool)
    expected = values.take(pa.array(at, pa.int64(), mask=hidden))
    assert taken_where(values, at, hidden).equals(expected)
