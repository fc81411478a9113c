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

from tenncare_calc import default_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
)
from tenncare_calc.damages import (
    accrual_date,
    check_maximum_liability,
    damages_ledger,
    ledger_from_csv,
    load_observations,
    missing_signature_pages,
)
from tenncare_calc.damages.ledger_line import LEDGER_COLUMNS
from tenncare_calc.p4p import sample_path
from tests.golden_records import assert_matches_record, result_record
from tests.strategies import observations
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from pathlib import Path

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.damages import DamagesLedger

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


def _what_if_profile() -> ContractProfile:
    """Return the shipped profile with two what-if overrides: a $6,000 page, a higher maximum."""
    base = default_profile()
    records = [
        {**record, "amount": "6000"} if record["id"] == "missing_signature_pages" else record
        for record in base.get("damages.schedule").value.to_records()
    ]
    return base.with_overrides(
        {"damages.schedule": records, "contract.maximum_liability": "2000000000"}
    )


def _what_if_ledger() -> DamagesLedger:
    """Return a ledger of one line under what-if overrides, with no payments to check."""
    record = {"item": "missing_signature_pages", "date": "2008-06-30", "count": "2"}
    return damages_ledger(2008, [{**record, "reference": " R1 "}], profile=_what_if_profile())


class TestWhatIfLedgerWithoutPayments:
    """A ledger of one line under what-if overrides, with no payments to check."""

    def test_matches_the_reviewed_record(self) -> None:
        """Every part names the overrides; the totals part has no liability check; items titled."""
        assert_matches_record(
            "damages.json", "ledger:what_if_unpaid", result_record(_what_if_ledger())
        )

    def test_by_hand(self) -> None:
        """2 pages x $6,000 (overridden) = $12,000, within the overridden $2,000,000,000."""
        ledger = _what_if_ledger()
        assert ledger.total == Decimal("12000.00")
        assert ledger.liability is None
        check = ledger.check_maximum_liability("1999988000")
        assert (check.within, check.headroom) == (True, Decimal("12000.00"))
        assert check.maximum_liability.value == Decimal(2000000000)

    def test_renumbered(self) -> None:
        """Lines and rejected rows take the new numbers; the amounts do not change."""
        ledger = damages_ledger(
            2008,
            [{"item": "nothing"}, *YEAR_2008[:2], {"count": 1}],
            on_error="collect",
        )
        moved = ledger.renumbered(lambda row: row + 2)
        assert [line.row for line in moved.lines] == [3, 4]
        assert [row for row, _ in moved.rejected] == [2, 5]
        assert [reason for _, reason in moved.rejected] == [r for _, r in ledger.rejected]
        assert moved.total == ledger.total == Decimal("30800.00")
        assert moved.lines[1].assessment is ledger.lines[1].assessment
        assert moved.year == ledger.year

    def test_row_dict(self) -> None:
        """A line as one flat row: its row, dates, rate x quantity + amount paid, exact text."""
        line = damages_ledger(2008, YEAR_2008[:1]).lines[0]
        row = line.row_dict()
        assert list(row) == [column.name for column in LEDGER_COLUMNS]
        assert {
            key: row[key]
            for key in (
                "row",
                "accrual_date",
                "month",
                "quarter",
                "rate",
                "quantity",
                "amount_paid",
                "amount",
            )
        } == {
            "row": 0,
            "accrual_date": "2008-02-02",
            "month": "2008-02",
            "quarter": "2008-Q1",
            "rate": "5000",
            "quantity": 4,
            "amount_paid": "800",
            "amount": "20800.00",
        }


class TestChart:
    """The chart of a year: every month on the axis, stacked by the items that cost anything."""

    def test_stacked_by_item(self) -> None:
        """Each month x each item with a nonzero total; a month's bars sum to its total."""
        # without May's specialist record, the network's only line is April's, waived to $0
        ledger = damages_ledger(2008, [*YEAR_2008[:6], *YEAR_2008[7:]])
        chart = ledger.chart()
        assert (chart.x, chart.stack, chart.value) == ("month", "item", "amount")
        assert chart.table.name == "by_month_and_item"
        assert chart.table.title == "Liquidated damages 2008 by month and item"
        assert [column.name for column in chart.table.columns] == ["month", "item", "amount"]
        items = [item for item, total in ledger.by_item.items() if total]
        assert "specialist_network" not in items
        assert len(items) == 7
        rows = chart.table.rows
        assert len(rows) == 12 * len(items)
        assert [row[:2] for row in rows[: len(items)]] == [("2008-01", item) for item in items]
        for month, total in ledger.by_month.items():
            assert sum(row[2] for row in rows if row[0] == month) == total
        assert ("2008-02", "unlicensed_staff", Decimal("20800.00")) in rows

    def test_an_empty_year(self) -> None:
        """No damages: every month shows one zero bar, '(no damages)'."""
        rows = damages_ledger(2009, []).chart().table.rows
        assert rows == tuple((f"2009-{m:02d}", "(no damages)", ZERO) for m in range(1, 13))


def test_accrual_reads_the_schedule_in_force() -> None:
    """An item that becomes quarterly in 2010 (in this profile) is dated by its quarter then."""
    base = default_profile()
    records = [
        {**record, "period": "quarterly"} if record["id"] == "geographic_access" else record
        for record in base.get("damages.schedule").value.to_records()
    ]
    profile = with_later_version(base, "damages.schedule", records)
    record = {"item": "geographic_access", "month": "2010-02", "quarter": "2010-Q1"}
    before = CHANGE_DATE - dt.timedelta(days=1)
    assert accrual_date(record, profile=profile, on=before) == D(2010, 2, 28)
    assert accrual_date(record, profile=profile, on=CHANGE_DATE) == D(2010, 3, 31)
    assert accrual_date(record, profile=profile) == D(2010, 3, 31)


def test_maximum_liability_in_force_on_a_date() -> None:
    """A maximum raised from 2010 (in this profile) is the one checked on and after that day."""
    profile = with_later_version(default_profile(), "contract.maximum_liability", "2000000000")
    before = CHANGE_DATE - dt.timedelta(days=1)
    payments = "1600000000"
    assert check_maximum_liability(payments, profile=profile, on=before).within is False
    assert check_maximum_liability(payments, profile=profile, on=CHANGE_DATE).within is True


def test_a_superseded_schedule_version_shows_its_term() -> None:
    """An assessment under an older schedule version says when that version stopped."""
    base = default_profile()
    profile = with_later_version(
        base, "damages.schedule", base.get("damages.schedule").value.to_records()
    )
    result = missing_signature_pages(1, profile=profile, on=D(2008, 6, 1))
    assert result.explain().splitlines()[-1] == (
        "  schedule: item 'missing_signature_pages' of damages.schedule, version in force on "
        "2008-06-01, in force from 2007-04-01 through 2009-12-31"
    )


class TestObservationsFile:
    """The observations file: UTF-8 with or without a byte-order mark, cells as written."""

    def test_byte_order_mark_and_quoted_line_breaks(self, tmp_path: Path) -> None:
        """A spreadsheet's BOM is not part of 'item'; a quoted cell keeps its CR LF exactly."""
        path = tmp_path / "bom.csv"
        path.write_bytes(
            b"\xef\xbb\xbfitem,date,count,reference\r\n"
            b'missing_signature_pages,2008-05-01,2,"Requ\xc3\xaate 7\r\nsecond line"\r\n'
        )
        (record,) = load_observations(path)
        assert record == {
            "item": "missing_signature_pages",
            "date": "2008-05-01",
            "count": "2",
            "reference": "Requête 7\r\nsecond line",
        }

    def test_errors_name_the_file_and_the_field(self, tmp_path: Path) -> None:
        """No 'item' column (field item), extra cells (a rejected row at its line), no file (path)."""
        no_item = tmp_path / "no_item.csv"
        no_item.write_text("count,date\n1,2008-01-01\n", encoding="utf-8")
        extra = tmp_path / "extra.csv"
        extra.write_text("item,count\nmissing_signature_pages,1\nx,1,2\n", encoding="utf-8")
        missing = tmp_path / "none.csv"
        cases = [
            (
                no_item,
                "item",
                ["count", "date"],
                (
                    f"observations file {str(no_item)!r} needs a header row with an 'item' "
                    "column (got ['count', 'date'])"
                ),
            ),
            (extra, "path", None, "extra.csv, line 3: 3 cells for 2 columns"),
            (
                missing,
                "path",
                str(missing),
                f"{missing}: no such file",
            ),
        ]
        for path, field, value, message in cases:
            with pytest.raises(InvalidInputError) as caught:
                load_observations(path)
            assert (caught.value.field, caught.value.value, str(caught.value)) == (
                field,
                value,
                message,
            )

    def test_ledger_from_csv_passes_every_option(self, tmp_path: Path) -> None:
        """columns, duplicates, total_payments, per_element, on_error and profile all reach it."""
        records = [
            *YEAR_2008,
            YEAR_2008[-1],
            {"item": "missing_signature_pages", "date": "2008-13-01", "count": "1"},
        ]
        renamed = [{("DAY" if k == "date" else k): v for k, v in r.items()} for r in records]
        path = tmp_path / "renamed.csv"
        columns = sorted({key for record in renamed for key in record} - {"item"})
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["item", *columns])
            writer.writeheader()
            writer.writerows(renamed)
        options: dict[str, Any] = {
            "columns": {"date": "DAY"},
            "duplicates": "keep",
            "total_payments": "1000000",
            "per_element": True,
            "on_error": "collect",
            "profile": _what_if_profile(),
        }
        from_csv = ledger_from_csv(path, 2008, **options)
        assert (
            from_csv.to_dict() == damages_ledger(2008, load_observations(path), **options).to_dict()
        )
        # each option shows: the repeated row is charged, elements each assessed, $6,000 pages
        assert len(from_csv.lines) == len(YEAR_2008) + 1
        assert len(from_csv.rejected) == 1
        assert from_csv.liability is not None
        assert from_csv.by_item["missing_signature_pages"] == Decimal("36000.00")
        assert from_csv.by_item["provider_information_accuracy"] == Decimal("30000.00")


def test_the_ledger_reads_the_versions_in_force_at_the_end_of_its_year() -> None:
    """The maximum liability and the schedule (item titles) of a year are those in force on Dec 31."""
    base = default_profile()
    records = [
        {**record, "title": "Signature pages (2010)"}
        if record["id"] == "missing_signature_pages"
        else record
        for record in base.get("damages.schedule").value.to_records()
    ]
    profile = with_later_version(
        with_later_version(base, "contract.maximum_liability", "2000000000"),
        "damages.schedule",
        records,
    )
    titles = {}
    for year in (2009, 2010):
        ledger = damages_ledger(year, [], profile=profile, total_payments="1800000000")
        assert ledger.item_ids == base.get("damages.schedule").value.ids()
        assert ledger.liability is not None
        assert ledger.liability.within is (year == 2010)
        (row,) = [r for r in ledger.rows("by_item") if r["item"] == "missing_signature_pages"]
        titles[year] = row["title"]
    assert titles == {2009: "Provider Network Documentation", 2010: "Signature pages (2010)"}


def test_an_empty_ledger_checks_payments_with_no_damages() -> None:
    """No lines: the check's damages are $0.00, shown to the cent."""
    ledger = damages_ledger(2008, [], total_payments="100")
    assert ledger.liability is not None
    assert ledger.liability.to_dict()["damages"] == "0.00"
    assert ledger.liability.net_payments == Decimal("100.00")


@pytest.mark.parametrize("bad", [3, 4, 5])
def test_the_error_quotes_three_rejected_rows_and_counts_the_rest(bad: int) -> None:
    """Three rejected rows are quoted in the error; more are counted: '(and 1 more)'."""
    records = [{"item": "nothing", "reference": str(n)} for n in range(bad)]
    with pytest.raises(RejectedRowsError) as caught:
        damages_ledger(2008, records)
    message = str(caught.value)
    assert message.startswith(f"{bad} of {bad} observation(s) cannot be assessed: row 0: ")
    assert message.count("no damage item 'nothing'") == 3
    more = f" (and {bad - 3} more); " if bad > 3 else "; "
    assert f"geographic_access']{more}fix them or pass on_error='collect'" in message
