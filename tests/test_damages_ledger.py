"""Tests of the year's liquidated damages ledger (records, CSV, totals, maximum liability)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
)
from tenncare_calc.damages import (
    check_maximum_liability,
    damages_ledger,
    ledger_from_csv,
    load_observations,
)
from tenncare_calc.p4p import sample_path
from tests.strategies import observations

if TYPE_CHECKING:
    from pathlib import Path

D = dt.date
ZERO = Decimal("0.00")

#: A year worked by hand (each amount in the comment).
YEAR_2008: list[dict[str, Any]] = [
    # A.2: Jan 30 - Feb 2 = 4 days x $5,000 + $800 = $20,800 (accrues Feb 2)
    {"item": "unlicensed_staff", "start": "2008-01-30", "end": "2008-02-02", "amount_paid": "800"},
    # B.23: 2 x $5,000 = $10,000 (Feb 14)
    {"item": "noncompliant_provider_agreements", "date": "2008-02-14", "count": "2"},
    # VII distance: February not met, plan accepted: $5,000 (Feb 29, a leap day)
    {
        "item": "geographic_access",
        "month": "2008-02",
        "standards_met": "no",
        "corrective_action_plan": "yes",
    },
    # C.6: due Mar 20, received Apr 2: 13 x $250 = $3,250 (Apr 2)
    {"item": "late_provider_enrollment_file", "due": "2008-03-20", "received": "2008-04-02"},
    # VII information: Q1 worst element 35% -> $25,000 (Mar 31)
    {
        "item": "provider_information_accuracy",
        "quarter": "2008-Q1",
        "incorrect_percent_by_element": "address=35; phone=12",
    },
    # VII specialists: April, physician specialists only, shortage waiver: $0 (Apr 30)
    {
        "item": "specialist_network",
        "month": "2008-04",
        "unmet": "physician_specialists",
        "shortage_waiver": "true",
    },
    # VII specialists: May, two unmet: $25,000 (May 31)
    {
        "item": "specialist_network",
        "month": "2008-05",
        "unmet": "physician_specialists; aids_centers_of_excellence",
        "shortage_waiver": "true",
    },
    # VII participation: Q4 89.5% -> $25,000 (Dec 31)
    {"item": "provider_participation_accuracy", "quarter": "2008-Q4", "confirmed_percent": "89.5"},
    # VII signature pages: 3 x $1,000 = $3,000 (Dec 31)
    {"item": "missing_signature_pages", "date": "2008-12-31", "count": "3", "reference": "REQ-9"},
]


class TestLedgerByHand:
    """The 2008 year above, checked by hand."""

    def test_totals(self) -> None:
        """Months, quarters, items and the total, each from the comments above."""
        ledger = damages_ledger(2008, YEAR_2008)
        assert ledger.total == Decimal("117050.00")
        by_month = ledger.by_month
        assert by_month["2008-02"] == Decimal("35800.00")
        assert by_month["2008-03"] == Decimal("25000.00")
        assert by_month["2008-04"] == Decimal("3250.00")
        assert by_month["2008-05"] == Decimal("25000.00")
        assert by_month["2008-12"] == Decimal("28000.00")
        assert list(ledger.by_quarter.values()) == [
            Decimal("60800.00"),
            Decimal("28250.00"),
            ZERO,
            Decimal("28000.00"),
        ]
        assert ledger.by_item["specialist_network"] == Decimal("25000.00")
        assert ledger.by_item["late_provider_enrollment_file"] == Decimal("3250.00")
        assert list(ledger.by_item) == [
            "unlicensed_staff",
            "noncompliant_provider_agreements",
            "late_provider_enrollment_file",
            "missing_signature_pages",
            "specialist_network",
            "provider_participation_accuracy",
            "provider_information_accuracy",
            "geographic_access",
        ]

    def test_lines_are_in_accrual_order_with_their_periods(self) -> None:
        """Each line keeps its row, period and accrual date; the leap day is February's."""
        ledger = damages_ledger(2008, YEAR_2008)
        assert [line.row for line in ledger.lines] == [0, 1, 2, 4, 3, 5, 6, 7, 8]
        february = ledger.lines[2]
        assert (february.period_start, february.period_end) == (D(2008, 2, 1), D(2008, 2, 29))
        assert (february.month, february.quarter) == ("2008-02", "2008-Q1")
        assert ledger.lines[-1].reference == "REQ-9"
        assert ledger.lines[-1].quarter == "2008-Q4"

    def test_explain_rows_and_to_dict(self) -> None:
        """explain() lists lines and totals; rows() are flat; to_dict() is JSON-ready and stable."""
        ledger = damages_ledger(2008, YEAR_2008, total_payments="500000000")
        text = ledger.explain()
        assert "Total: $117,050.00" in text
        assert "2008-Q2: $28,250.00" in text
        assert "payments are within the maximum" in text
        rows = ledger.rows()
        assert len(rows) == 9
        assert all(not isinstance(value, dict | list) for row in rows for value in row.values())
        assert rows[0]["amount"] == "20800.00"
        data = ledger.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data == damages_ledger(2008, YEAR_2008, total_payments="500000000").to_dict()
        assert data["totals"]["total"] == "117050.00"
        assert data["liability_check"]["within"] is True
        assert repr(ledger) == (
            "DamagesLedger(year=2008, lines=9, rejected=0, total=Decimal('117050.00'))"
        )

    def test_per_element_switch(self) -> None:
        """Ledger-wide per-element assessment (L3 switched): Q1 becomes $25,000 + $5,000."""
        ledger = damages_ledger(2008, YEAR_2008, per_element=True)
        assert ledger.by_item["provider_information_accuracy"] == Decimal("30000.00")


class TestLedgerProperties:
    """Totals equal the sums of the lines, whatever the observations."""

    @given(st.lists(observations(2008), max_size=30))
    def test_totals_are_sums_of_lines(self, records: list[dict[str, object]]) -> None:
        """Total, months, quarters and items all add up to the sum of the rounded lines."""
        ledger = damages_ledger(2008, records, on_error="collect")
        assert ledger.rows_in == len(records) == len(ledger.lines) + len(ledger.rejected)
        total = sum((line.amount for line in ledger.lines), ZERO)
        assert ledger.total == total
        assert sum(ledger.by_month.values(), ZERO) == total
        assert sum(ledger.by_quarter.values(), ZERO) == total
        assert sum(ledger.by_item.values(), ZERO) == total
        months = list(ledger.by_month.values())
        for index, quarter in enumerate(ledger.by_quarter.values()):
            assert quarter == sum(months[3 * index : 3 * index + 3], ZERO)
        assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in ledger.lines)
        assert all(line.accrual.year == 2008 for line in ledger.lines)
        # only repeated rows and duplicate monthly/quarterly periods can be rejected in these
        # valid records; with duplicates="keep", only the periods
        assert all(
            "assessed once per period" in reason or "an exact duplicate of row" in reason
            for _, reason in ledger.rejected
        )
        kept = damages_ledger(2008, records, on_error="collect", duplicates="keep")
        assert all("assessed once per period" in reason for _, reason in kept.rejected)

    @given(st.lists(observations(2008), max_size=10))
    def test_each_line_is_its_single_assessment(self, records: list[dict[str, object]]) -> None:
        """A line's amount is what the item function gives for that record alone."""
        ledger = damages_ledger(2008, records, on_error="collect")
        for line in ledger.lines:
            alone = damages_ledger(2008, [records[line.row]])
            assert alone.total == line.amount


class TestLedgerErrors:
    """Every bad row is reported with its reason; none is lost."""

    BAD: tuple[tuple[dict[str, Any], str], ...] = (
        ({"item": "bogus"}, "no damage item 'bogus'"),
        ({"count": 2}, "needs 'item'"),
        ({"item": "missing_signature_pages", "count": 2}, "needs 'date'"),
        ({"item": "missing_signature_pages", "date": "2008-01-01", "count": -2}, ">= 0"),
        ({"item": "geographic_access", "month": "2008-13", "standards_met": "no"}, "YYYY-MM"),
        (
            {"item": "geographic_access", "month": "2008-03", "standards_met": "maybe"},
            "true or false",
        ),
        (
            {"item": "geographic_access", "date": "2008-03-01", "standards_met": "no"},
            "do(es) not date",
        ),
        (
            {
                "item": "provider_participation_accuracy",
                "quarter": "2008-Q5",
                "confirmed_percent": "80",
            },
            "YYYY-Qn",
        ),
        (
            {
                "item": "provider_participation_accuracy",
                "quarter": "2008-Q1",
                "confirmed_percent": "180",
            },
            "[0, 100]",
        ),
        (
            {
                "item": "late_provider_enrollment_file",
                "due": "2008-12-20",
                "received": "2009-01-05",
            },
            "outside the ledger year 2008",
        ),
        (
            {"item": "late_provider_enrollment_file", "due": "20 March", "received": "2008-04-02"},
            "YYYY-MM-DD",
        ),
        (
            {
                "item": "unlicensed_staff",
                "start": "2008-03-02",
                "end": "2008-03-01",
                "amount_paid": 0,
            },
            "before 'start'",
        ),
        (
            {"item": "unlicensed_staff", "start": "2008-03-01", "end": "2008-03-02"},
            "needs ['amount_paid']",
        ),
        (
            {
                "item": "noncompliant_provider_agreements",
                "date": "2008-03-01",
                "count": 1,
                "colour": "red",
            },
            "do(es) not apply",
        ),
        (
            {
                "item": "provider_information_accuracy",
                "quarter": "2008-Q1",
                "incorrect_percent_by_element": "address 35",
            },
            "element=percent",
        ),
        ({"item": "specialist_network", "month": "2008-01", "unmet": "urology"}, "not a standard"),
        ({"item": "specialist_network", "month": "2008-01"}, "needs ['unmet']"),
    )

    @pytest.mark.parametrize(("record", "reason"), BAD)
    def test_each_bad_row_is_collected_with_its_reason(
        self, record: dict[str, Any], reason: str
    ) -> None:
        """With on_error='collect' the row is kept on .rejected, with a reason naming the problem."""
        ledger = damages_ledger(2008, [YEAR_2008[1], record], on_error="collect")
        assert len(ledger.lines) == 1
        assert ledger.rejected[0][0] == 1
        assert reason in ledger.rejected[0][1]
        assert f"row 1: {ledger.rejected[0][1]}" in ledger.explain()

    def test_raise_lists_every_rejected_row(self) -> None:
        """By default the ledger raises RejectedRowsError carrying all rejected rows."""
        records = [YEAR_2008[0], *(record for record, _ in self.BAD)]
        with pytest.raises(RejectedRowsError) as caught:
            damages_ledger(2008, records)
        assert [row for row, _ in caught.value.rejected] == list(range(1, len(self.BAD) + 1))
        assert "on_error='collect'" in str(caught.value)
        assert isinstance(caught.value, ValueError)

    def test_a_period_is_assessed_once(self) -> None:
        """A second record for the same monthly item and month is rejected, naming the first."""
        record = {"item": "geographic_access", "month": "2008-02", "standards_met": False}
        again = {**record, "reference": "GEO-2"}
        ledger = damages_ledger(2008, [record, again], on_error="collect")
        assert ledger.total == Decimal("25000.00")
        assert "already assessed for the month starting 2008-02-01 (row 0)" in ledger.rejected[0][1]

    def test_arguments(self) -> None:
        """Year, observations and on_error are checked."""
        with pytest.raises(InvalidTypeError, match="'year'"):
            damages_ledger(year=True, observations=[])  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="'observations'"):
            damages_ledger(2008, {"item": "x"})  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="'on_error'"):
            damages_ledger(2008, [], on_error="ignore")  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="'total_payments'"):
            damages_ledger(2008, [], total_payments=-1)
        with pytest.raises(InvalidTypeError, match="row 0: each row must be a mapping"):
            damages_ledger(2008, ["not a record"], on_error="collect")

    def test_empty_year(self) -> None:
        """No observations: every total is zero, all periods present."""
        ledger = damages_ledger(2012, [])
        assert ledger.total == ZERO
        assert len(ledger.by_month) == 12
        assert "2012-02" in ledger.by_month
        assert list(ledger.by_quarter) == ["2012-Q1", "2012-Q2", "2012-Q3", "2012-Q4"]


class TestCsv:
    """Observations from CSV with the stdlib csv module."""

    def _write(self, path: Path, records: list[dict[str, Any]]) -> None:
        columns = sorted({key for record in records for key in record})
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=["item", *[c for c in columns if c != "item"]]
            )
            writer.writeheader()
            writer.writerows(records)

    def test_csv_gives_the_same_ledger(self, tmp_path: Path) -> None:
        """A CSV of the hand-worked year gives the same lines and totals."""
        path = tmp_path / "2008.csv"
        self._write(path, YEAR_2008)
        from_csv = ledger_from_csv(path, 2008)
        assert from_csv.to_dict() == damages_ledger(2008, YEAR_2008).to_dict()
        assert load_observations(path)[0]["item"] == "unlicensed_staff"

    def test_the_bundled_sample_is_the_hand_worked_year(self) -> None:
        """tenncare_calc/data/samples/damages_2008.csv is YEAR_2008 with references added."""
        sample = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
        by_hand = damages_ledger(2008, YEAR_2008)
        assert sample.total == by_hand.total == Decimal("117050.00")
        assert sample.by_month == by_hand.by_month
        assert [line.amount for line in sample.lines] == [line.amount for line in by_hand.lines]
        assert sample.lines[0].reference == "LIC-2008-01"

    def test_bad_files(self, tmp_path: Path) -> None:
        """No item column, extra cells, bytes not UTF-8, a missing file: errors naming the file."""
        no_item = tmp_path / "no_item.csv"
        no_item.write_text("count,date\n1,2008-01-01\n", encoding="utf-8")
        with pytest.raises(InvalidInputError, match="'item' column"):
            load_observations(no_item)
        extra = tmp_path / "extra.csv"
        extra.write_text("item,count\nmissing_signature_pages,1,2\n", encoding="utf-8")
        with pytest.raises(RejectedRowsError, match=r"extra.csv, line 2: 3 cells for 2 columns"):
            load_observations(extra)
        latin = tmp_path / "latin.csv"
        latin.write_bytes("item,reference\nunlicensed_staff,caf\xe9\n".encode("latin-1"))
        with pytest.raises(RejectedRowsError, match=r"latin.csv, line 2: not UTF-8 text") as caught:
            load_observations(latin)
        assert caught.value.rejected == ((2, "not UTF-8 text (byte 0xe9 at character 21)"),)
        with pytest.raises(InvalidInputError, match=r"none\.csv: no such file"):
            load_observations(tmp_path / "none.csv")


class TestMaximumLiability:
    """§3.12.1.1: $1,573,838,036.00, a profile value the ledger checks payments against."""

    def test_by_hand(self) -> None:
        """At the maximum is within; a cent over exceeds."""
        at = check_maximum_liability("1573838036.00")
        assert at.within
        assert at.headroom == ZERO
        over = check_maximum_liability("1573838036.01", damages="100")
        assert not over.within
        assert over.headroom == Decimal("-0.01")
        assert over.net_payments == Decimal("1573837936.01")
        assert "payments EXCEED the maximum" in over.explain()
        assert over.to_dict()["section"] == "3.12.1.1"

    def test_from_the_ledger(self) -> None:
        """The ledger reports the profile's maximum and checks payments with its damages."""
        ledger = damages_ledger(2008, YEAR_2008)
        assert ledger.maximum_liability.value == Decimal("1573838036.00")
        check = ledger.check_maximum_liability(1_000_000)
        assert check.damages == ledger.total
        assert check.net_payments == Decimal(1_000_000) - ledger.total
        assert ledger.liability is None
        with pytest.raises(InvalidTypeError, match="'total_payments'"):
            ledger.check_maximum_liability(None)
