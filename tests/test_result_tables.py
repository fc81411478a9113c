"""The damages ledger and assessments, member months and community tenure on every surface.

HTML by its parsed cells, Markdown and CSV by their text, DataFrames by exact values, the chart by
its bars, and the line arithmetic the workbook's formulas rely on as a property of every ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc import damages
from tenncare_calc.columnar import read_columns
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.values import round_cents
from tenncare_calc.demo import Demo, demo
from tenncare_calc.p4p import sample_path
from tests.strategies import observations
from tests.test_presentation import parse

if TYPE_CHECKING:
    from pathlib import Path

mpl.use("Agg")

SPANS = {
    "member_id": [1, 1, 2, None],
    "start_date": ["2008-01-01", "2008-01-10", "2008-02-15", "2008-03-01"],
    "end_date": ["2008-01-20", "2008-02-10", None, None],
}
STAYS = {
    "member_id": [1, 1, 2, 3],
    "admit_date": ["2008-03-01", "2008-03-20", "2008-04-01", "2008-12-20"],
    "discharge_date": ["2008-03-05", "2008-03-22", "2008-04-03", "2008-12-30"],
    "plan": ["a", "a", "b", "c"],
}


@pytest.fixture(scope="module")
def ledger() -> damages.DamagesLedger:
    """Return the bundled 2008 sample ledger with a liability check."""
    return damages.ledger_from_csv(
        sample_path("damages_2008.csv"), 2008, total_payments="1573838036.01"
    )


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def cells_of(row: dict[str, Any]) -> dict[str, Decimal]:
    """Return a row's money cells as Decimals, empty cells as zero."""
    names = ("rate", "amount_paid", "fixed_amount", "base_amount", "amount")
    return {name: Decimal(row[name] or 0) for name in names}


class TestLedger:
    """A year's ledger as a notebook, a report, a spreadsheet and a chart show it."""

    def test_parts(self, ledger: damages.DamagesLedger) -> None:
        """The parts, in reading order; the primary part is the lines."""
        names = [table.name for table in ledger.tables()]
        assert names == ["assessments", "by_month", "by_quarter", "by_item", "totals", "rejected"]
        assert ledger.table().name == "assessments"
        assert len(ledger.rows()) == len(ledger.lines) == 9

    def test_html(self, ledger: damages.DamagesLedger) -> None:
        """One captioned table per part with the figures a reader checks."""
        shown = parse(ledger._repr_html_())
        assert shown.captions[0] == "Liquidated damages 2008: assessments"
        assert "Liquidated damages 2008: total and maximum liability (§3.12.1.1)" in shown.captions
        cells = shown.cells
        row = cells.index("LIC-2008-01")
        line = cells[row - 1 : row + 21]
        assert line[0] == "0"
        assert line[7:9] == ["unlicensed_staff", "4.20.2.2.7 A.2"]
        assert line[-1] == "$20,800.00"
        assert line[11:15] == ["4", "calendar day", "$5,000.00", "$800.00"]
        assert cells[cells.index("total") + 1] == "$117,050.00"
        assert cells[cells.index("headroom") + 1] == "-$0.01"
        assert cells[cells.index("within") + 1] == "no"
        quarter = len(cells) - 1 - cells[::-1].index("2008-Q4")  # the by_quarter row
        assert cells[quarter : quarter + 3] == ["2008-Q4", "2", "$28,000.00"]

    def test_markdown_and_csv(self, ledger: damages.DamagesLedger) -> None:
        """Markdown rows and CSV rows carry the same figures, CSV as exact text."""
        assert "| 2008-Q1 | 4 | $60,800.00 |" in ledger.to_markdown()
        rows = list(csv.DictReader(io.StringIO(ledger.to_csv())))
        assert [row["amount"] for row in rows] == [str(line.amount) for line in ledger.lines]
        assert rows[0]["quantity"] == "4"
        assert rows[2]["quantity"] == ""
        assert rows[2]["reduced_to"] == "5000.00"
        totals = list(csv.DictReader(io.StringIO(ledger.to_csv("totals"))))
        assert totals[0]["total"] == "117050.00"
        assert totals[0]["within"] == "false"

    def test_frame_is_exact(self, ledger: damages.DamagesLedger) -> None:
        """to_frame() keeps every amount a Decimal; months as text, counts as nullable ints."""
        frame = ledger.to_frame()
        assert frame["amount"].tolist() == [line.amount for line in ledger.lines]
        assert frame["amount"].sum() == ledger.total
        assert str(frame["quantity"].dtype) == "Int64"
        assert frame["quantity"].isna().sum() == 5
        assert str(frame["accrual_date"].dtype) == "datetime64[s]"
        by_month = ledger.to_frame("by_month", numbers="string")
        assert by_month["amount"].tolist() == [str(v) for v in ledger.by_month.values()]
        assert by_month["month"].tolist()[0] == "2008-01"

    def test_terminal_view_hides_what_is_empty(self, ledger: damages.DamagesLedger) -> None:
        """Without rejected rows the rejected part is left out of the terminal view only."""
        rejected = ledger.table("rejected")
        assert (rejected.rows, rejected.brief) == ((), False)
        unchecked = damages.ledger_from_csv(sample_path("damages_2008.csv"), 2008)
        text = unchecked.table("totals").render_text(brief=True)
        assert "headroom" not in text
        assert "headroom" in unchecked.table("totals").render_text()

    def test_hostile_reference_is_escaped(self) -> None:
        """A reference that looks like a formula stays text in CSV; markup stays text in HTML."""
        records = [
            {"item": "missing_signature_pages", "date": "2008-05-01", "count": "1",
             "reference": '=HYPERLINK("http://x.invalid")'},
            {"item": "missing_signature_pages", "date": "2008-06-01", "count": "1",
             "reference": "<b>x</b>"},
        ]  # fmt: skip
        hostile = damages.damages_ledger(2008, records)
        assert "\r\n0,'=HYPERLINK" in hostile.to_csv().replace('"', "")
        assert "&lt;b&gt;x&lt;/b&gt;" in hostile._repr_html_()

    def test_plot(self, ledger: damages.DamagesLedger) -> None:
        """Bars for all twelve months, stacked by item, summing to the ledger's total."""
        ax = ledger.plot()
        assert [label.get_text() for label in ax.get_xticklabels()][:2] == ["2008-01", "2008-02"]
        assert len(ax.get_xticklabels()) == 12
        heights = sum(patch.get_height() for patch in ax.patches)
        assert heights == pytest.approx(float(ledger.total))
        legend = [text.get_text() for text in ax.get_legend().get_texts()]
        assert "specialist_network" in legend
        assert legend == [item for item, total in ledger.by_item.items() if total]
        figure, given_ax = plt.subplots()
        assert ledger.plot(given_ax) is given_ax
        del figure

    def test_plot_of_an_empty_year(self) -> None:
        """A year without damages still draws its twelve months, all zero."""
        ax = damages.damages_ledger(2008, []).plot()
        assert len(ax.get_xticklabels()) == 12
        assert sum(patch.get_height() for patch in ax.patches) == 0

    @given(st.lists(observations(2008), max_size=12))
    def test_every_line_reads_as_its_formulas(self, records: list[dict[str, object]]) -> None:
        """Each line: base = rate x quantity + paid + period or tier amount; amount after MIN/waiver.

        This is the arithmetic the workbook's live formulas do, checked exactly for any year.
        """
        ledger = damages.damages_ledger(2008, records, on_error="collect")
        for row in ledger.rows():
            money = cells_of(row)
            quantity = Decimal(row["quantity"] or 0)
            base = round_cents(
                money["rate"] * quantity + money["amount_paid"] + money["fixed_amount"]
            )
            assert base == money["base_amount"]
            if row["waived"]:
                expected = Decimal(0)
            elif row["reduced_to"] is not None:
                expected = min(base, Decimal(row["reduced_to"]))
            else:
                expected = base
            assert expected == money["amount"]
        for part, key in (("by_month", "month"), ("by_quarter", "quarter"), ("by_item", "item")):
            grouped = {row[key]: Decimal(row["amount"]) for row in ledger.rows(part)}
            assert sum(grouped.values(), Decimal(0)) == ledger.total
            assert sum(row["lines"] for row in ledger.rows(part)) == len(ledger.lines)


class TestAssessment:
    """One assessment: its line, its inputs and, per element, its elements."""

    def test_parts_and_html(self) -> None:
        """The worst element decides; the elements part lists each with its tier."""
        result = damages.provider_information_accuracy(
            {"address": 35, "phone": 12}, corrective_action_plan=True
        )
        assert [table.name for table in result.tables()] == ["assessment", "inputs", "elements"]
        line = result.rows("assessment")[0]
        assert (line["fixed_amount"], line["reduced_to"], line["amount"]) == (
            "25000.00", "5000.00", "5000.00"
        )  # fmt: skip
        assert result.rows()[0] == {"name": "incorrect_percent_by_element[address]", "value": "35"}
        cells = parse(result._repr_html_()).cells
        assert cells[cells.index("address") : cells.index("address") + 5] == [
            "address", "35%", "more than 30%: $25,000.00", "$25,000.00", "yes"
        ]  # fmt: skip

    def test_a_waived_line(self) -> None:
        """A waived damage keeps its base amount and shows zero."""
        result = damages.specialist_network(["physician_specialists"], shortage_waiver=True)
        line = result.rows("assessment")[0]
        assert (line["base_amount"], line["waived"], line["amount"]) == ("25000.00", True, "0.00")
        assert "elements" not in [table.name for table in result.tables()]


class TestMemberMonths:
    """Member months as a summary, a month table and the rejected rows."""

    def test_parts_frame_and_html(self) -> None:
        """by_month is the primary part; its frame holds the exact Decimals of by_month."""
        result = tc.member_months(SPANS, year=2008, on_error="collect")
        assert [table.name for table in result.tables()] == ["summary", "by_month", "rejected"]
        frame = result.to_frame()
        assert frame["member_months"].tolist() == list(result.by_month.values())
        assert frame["member_months"].sum() == result.total
        assert frame["member_days"].tolist() == list(result.member_days.values())
        assert result.rows("rejected") == [{"row": 3, "reason": "member_id is null"}]
        summary = result.rows("summary")[0]
        assert (summary["rows_in"], summary["rows_used"], summary["rows_rejected"]) == (4, 3, 1)
        cells = parse(result._repr_html_()).cells
        assert cells[cells.index("total") + 1] == "11.8620689655"
        assert cells[cells.index("2008-02-01") + 4] == "0.8620689655"

    def test_conventions(self) -> None:
        """Whole-number conventions fill members counted; prorated leaves it empty."""
        any_day = tc.member_months(SPANS, year=2008, convention="any_day", on_error="collect")
        assert any_day.rows()[1]["members_counted"] == 2
        assert any_day.rows()[1]["member_months"] == "2"
        assert (
            tc.member_months(SPANS, year=2008, on_error="collect").rows()[1]["members_counted"]
            is None
        )


class TestCommunityTenure:
    """Community tenure as a summary, a plan table (all plans first) and the rejected rows."""

    def test_parts_frame_and_html(self) -> None:
        """The rate is exact in data, shown to six places, empty where undefined."""
        result = tc.community_tenure(STAYS, year=2008, data_through=dt.date(2009, 1, 15))
        rows = result.rows()
        assert [row["plan"] for row in rows] == [None, "a", "b", "c"]
        assert rows[1]["rate"] == str(Decimal(100) / 2)
        assert rows[3]["rate"] is None
        frame = result.to_frame()
        assert frame["rate"].tolist()[:3] == [result.rate, Decimal(50), Decimal(100)]
        cells = parse(result._repr_html_()).cells
        assert cells[cells.index("all plans") : cells.index("all plans") + 7] == [
            "all plans", "4", "1", "3", "1", "2", "66.666667%"
        ]  # fmt: skip
        assert cells[cells.index("c") + 6] == "—"
        assert result.rows("summary")[0]["rate"] == str(result.rate)

    def test_without_plans(self) -> None:
        """Stays without a plan column: one row, all plans together."""
        stays = {key: value for key, value in STAYS.items() if key != "plan"}
        result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
        assert [row["plan"] for row in result.rows()] == [None]


class TestDemo:
    """The demo result: every sample's parts, the statement's under their own names."""

    def test_parts_and_formulas(self) -> None:
        """Parts are prefixed by result; formula references follow the new names."""
        result = demo()
        names = [table.name for table in result.tables()]
        assert names[:7] == [
            "summary", "measures", "rates", "cap", "model_parameters", "effect_size_bands",
            "parameters",
        ]  # fmt: skip
        assert "damages_totals" in names
        assert "member_months_by_month" in names
        assert "community_tenure_by_plan" in names
        formulas = result.excel_formulas()
        assert formulas["damages_totals"]["total"] == "SUM({damages_assessments.amount:*})"
        assert formulas["member_months_summary"]["total"] == (
            "SUM({member_months_by_month.member_months:*})"
        )
        assert formulas["summary"]["earned"] == "SUM({measures.amount:*})"
        assert result.member_months is not None
        assert result.member_months.total == Decimal("697.5285873194")
        data = result.to_dict()
        assert data["statement"]["payable"] == "324632.80"
        assert data["damages_ledger"]["totals"]["total"] == "117050.00"

    def test_without_the_data_extra(self) -> None:
        """Without member months and community tenure the demo says what to install."""
        full = demo()
        partial = Demo(full.statement, full.ledger, None, None, missing="pip install 'x[data]'")
        assert partial.tables()[-1].name == "data_note"
        assert "pip install 'x[data]'" in partial.explain()
        assert partial.to_dict()["member_months"] is None


def test_columnar_csv_matches_the_row_reader() -> None:
    """The pyarrow CSV reader and the row reader give the same member months for the sample."""
    path = sample_path("enrollment_spans_2008.csv")
    columns = read_columns(path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    mapping = {
        "member_id": [int(row["member_id"]) for row in rows],
        "start_date": [row["start_date"] for row in rows],
        "end_date": [row["end_date"] or None for row in rows],
    }
    assert tc.member_months(columns.data, year=2008) == tc.member_months(mapping, year=2008)
    assert columns.rows_in == len(rows)


def test_display_places_and_none_text() -> None:
    """A column's places round what is shown only; none_text names an empty cell."""
    column = Column("rate", ColumnType.RATE, places=2, none_text="undefined")
    table = Table("t", "T", (column,), ((Decimal("66.6666"),), (Decimal(50),), (None,)))
    assert [line.strip() for line in table.render_text().splitlines()[3:]] == [
        "66.67%", "50%", "undefined"
    ]  # fmt: skip
    assert table.records() == [{"rate": "66.6666"}, {"rate": "50"}, {"rate": None}]


def test_columnar_csv_types(tmp_path: Path) -> None:
    """Plain whole numbers become int64 and valid ISO dates date32; anything else stays text."""
    path = tmp_path / "mixed.csv"
    path.write_text(
        "member_id,padded,start_date,bad_date,plan\n"
        "101,0101,2008-02-29,2008-02-29,1\n"
        "-3,7,2008-03-01,2008-02-30,\n",
        encoding="utf-8",
    )
    table = read_columns(path).data
    assert [str(field.type) for field in table.schema] == [
        "int64", "large_string", "date32[day]", "large_string", "int64"
    ]  # fmt: skip
    assert table.column("padded").to_pylist() == ["0101", "7"]
    assert table.column("bad_date").to_pylist() == ["2008-02-29", "2008-02-30"]
