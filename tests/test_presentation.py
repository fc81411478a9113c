"""Tests of results presented as tables: HTML in a notebook, Markdown, CSV, DataFrames, charts, the protocol."""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
from decimal import Decimal
from typing import Any

import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.outputs import charts as plots
from tenncare_calc.outputs.csv_tables import csv_field, csv_fields, escape_spreadsheet_text
from tenncare_calc.outputs.frames import table_to_frame
from tenncare_calc.p4p import sample_path, statement_from_file
from tests.strategies import money


@pytest.fixture(scope="module")
def statement() -> tc.IncentiveStatement:
    """Return the bundled sample plan-year's statement."""
    return statement_from_file(sample_path("plan_year_2008.toml"))


class Cells(html.parser.HTMLParser):
    """Collect the text of every table cell and caption of an HTML fragment."""

    def __init__(self) -> None:
        """Start with no cells."""
        super().__init__()
        self.cells: list[str] = []
        self.captions: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start collecting at a cell or caption."""
        del attrs
        if tag in {"td", "th"}:
            self.cells.append("")
            self._into = self.cells
        elif tag == "caption":
            self.captions.append("")
            self._into = self.captions

    def handle_endtag(self, tag: str) -> None:
        """Stop collecting."""
        if tag in {"td", "th", "caption"}:
            self._into = None

    def handle_data(self, data: str) -> None:
        """Add text to the open cell."""
        if self._into is not None:
            self._into[-1] += data


def parse(fragment: str) -> Cells:
    """Return the parsed cells of an HTML fragment."""
    parser = Cells()
    parser.feed(fragment)
    return parser


class TestHtml:
    """The statement as a notebook shows it."""

    def test_every_part_is_a_table(self, statement: tc.IncentiveStatement) -> None:
        """One captioned table per part, with the figures a reader checks."""
        shown = parse(statement._repr_html_())
        assert shown.captions == [
            "Pay-for-performance statement, measurement year 2008",
            "Measures (§3.10.2-§3.10.4)",
            "Rates against thresholds (§3.10.3, §3.10.5)",
            "Capitation cap (§3.10.1.2)",
            "Parameters the workbook's formulas use (edit them to see the effect)",
            "Minimum effect size by baseline rate (§3.10.5; the library's default bands)",
            "Contract parameters, cited",
        ]
        cells = shown.cells
        assert cells[cells.index("line amount") + 1] == "$64,926.56"
        assert cells[cells.index("earned") + 1] == "$324,632.80"
        row = cells.index("hba1c_testing")
        assert cells[row - 1 : row + 1] == ["1", "hba1c_testing"]
        assert "$64,926.56" in cells[row : row + 12]

    def test_text_is_escaped(self) -> None:
        """Markup in text is shown as text, never interpreted."""

        class Result(Presentable):
            __slots__ = ()

            def tables(self) -> tuple[Table, ...]:
                column = Column("note", ColumnType.TEXT, title="<b>note</b>")
                return (Table("t", "<script>alert(1)</script>", (column,), (("a & <i>b</i>",),)),)

        fragment = Result()._repr_html_()
        assert "<script>" not in fragment
        assert "&lt;script&gt;" in fragment
        assert parse(fragment).cells == ["<b>note</b>", "a & <i>b</i>"]

    def test_profile(self) -> None:
        """The profile shows its record and one row per parameter version."""
        cells = parse(tc.default_profile()._repr_html_()).cells
        assert "p4p.pmpm_amount" in cells
        assert cells[cells.index("p4p.pmpm_amount") + 1] == "0.03"


class TestMarkdownAndCsv:
    """Markdown for reports; CSV for spreadsheets and scripts."""

    def test_markdown(self, statement: tc.IncentiveStatement) -> None:
        """A GitHub table per part; numeric columns right-aligned; pipes escaped."""
        text = statement._repr_markdown_()
        assert text == statement.to_markdown()
        assert "| line amount | $64,926.56 |" in text
        assert "| # | measure | title | section | rule | baseline |" in text
        assert "| ---: | --- | --- | --- | --- | ---: |" in text
        table = Table("t", "T", (Column("x", ColumnType.TEXT),), (("a|b",),))
        assert table.render_markdown().endswith("| a\\|b |")

    def test_csv_round_trips_exactly(self, statement: tc.IncentiveStatement) -> None:
        """CSV values read back equal the library's rows (exact decimal text)."""
        rows = list(csv.DictReader(io.StringIO(statement.to_csv("rates"))))
        expected = statement.rows("rates")
        assert [row["threshold"] for row in rows] == [r["threshold"] or "" for r in expected]
        assert rows[1]["reversed"] == "true"

    @given(st.text(min_size=1, max_size=20))
    def test_no_csv_text_starts_a_formula(self, text: str) -> None:
        """Whatever the text, its CSV field never starts with a formula character unescaped."""
        table = Table("t", "T", (Column("x", ColumnType.TEXT),), ((text,),))
        _, (field,) = csv.reader(io.StringIO(table.render_csv(), newline=""))
        assert not field.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert field in {text, f"'{text}"}
        assert escape_spreadsheet_text(text) == field

    def test_negative_numbers_are_not_escaped(self) -> None:
        """Escaping is for text: a negative amount stays a number."""
        table = Table("t", "T", (Column("x", ColumnType.MONEY),), ((Decimal("-25000.00"),),))
        assert table.render_csv() == "x\r\n-25000.00\r\n"


class TestTable:
    """The table type itself: typed, checked, rendered."""

    def test_wrong_type_is_rejected(self) -> None:
        """A cell of the wrong type cannot be put in a table (bool is not a count)."""
        with pytest.raises(tc.InvalidInputError, match="'n' is count and cannot hold True"):
            Table("t", "T", (Column("n", ColumnType.COUNT),), ((True,),))
        with pytest.raises(tc.InvalidInputError, match="2 cells for 1 columns"):
            Table("t", "T", (Column("n", ColumnType.COUNT),), ((1, 2),))
        with pytest.raises(tc.InvalidInputError, match="exactly one row"):
            Table("t", "T", (Column("n", ColumnType.COUNT),), ((1,), (2,)), record=True)

    #: Cells of every kind a table may be handed, right or wrong for a given column.
    CELLS = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=4),
        st.decimals(allow_nan=False, allow_infinity=False, places=3),
        st.dates(),
        st.datetimes(),
        st.floats(allow_nan=False),
    )

    @given(st.sampled_from(list(ColumnType)), st.lists(CELLS, max_size=8))
    def test_columnwise_checks_agree_with_each_cell(
        self, kind: ColumnType, cells: list[object]
    ) -> None:
        """Tables are checked column-wise exactly as cell by cell; their CSV is unchanged by it.

        A table is accepted exactly when every cell passes Column.check, and its CSV is what
        writing each cell's Column.csv gives; a rejection names the first bad cell.
        """
        column = Column("c", kind)
        first_bad = None
        for number, value in enumerate(cells):
            try:
                column.check(value, table="t", row=number)
            except tc.InvalidInputError as error:
                first_bad = str(error)
                break
        rows = tuple((value,) for value in cells)
        if first_bad is None:
            table = Table("t", "T", (column,), rows)  # type: ignore[arg-type]
            expected = io.StringIO()
            writer = csv.writer(expected, lineterminator="\r\n")
            writer.writerow(["c"])
            for value in cells:
                writer.writerow([csv_field(column, value)])  # type: ignore[arg-type]
            assert table.render_csv() == expected.getvalue()
        else:
            with pytest.raises(tc.InvalidInputError) as caught:
                Table("t", "T", (column,), rows)  # type: ignore[arg-type]
            assert str(caught.value) == first_bad

    @given(st.sampled_from(list(ColumnType)), st.lists(CELLS, max_size=8))
    def test_csv_fields_equal_csv_of_each_cell(self, kind: ColumnType, cells: list[object]) -> None:
        """The whole-column CSV path gives each cell exactly what Column.csv gives it."""
        column = Column("c", kind)
        valid = [value for value in cells if column.accepts(type(value))]
        assert csv_fields(column, valid) == [csv_field(column, value) for value in valid]  # type: ignore[arg-type]

    def test_records_are_json_ready(self) -> None:
        """Records hold exact decimal text, ISO dates, bools and None."""
        columns = (
            Column("m", ColumnType.MONEY),
            Column("d", ColumnType.DATE),
            Column("b", ColumnType.BOOL),
            Column("n", ColumnType.NUMBER),
        )
        table = Table("t", "T", columns, ((Decimal("1E+3"), dt.date(2009, 7, 1), True, None),))
        assert table.records() == [{"m": "1000", "d": "2009-07-01", "b": True, "n": None}]

    def test_brief_text_cuts_long_text(self, statement: tc.IncentiveStatement) -> None:
        """The terminal table leaves out detail columns and cuts long text."""
        brief = statement.table("parameters").render_text(brief=True)
        assert all(len(line) < 200 for line in brief.splitlines())
        assert "…" in brief
        full = statement.table("parameters").render_text()
        assert "description" in full.splitlines()[1]

    def test_unknown_part(self, statement: tc.IncentiveStatement) -> None:
        """Asking for a part that does not exist names the parts."""
        with pytest.raises(tc.InvalidInputError, match=r"parts: \['summary', 'measures'"):
            statement.table("ledger")

    def test_cap_alone(self) -> None:
        """A cap result is one record; its primary part is that record."""
        cap = tc.apply_capitation_cap(300_000, 10_000_000, other_payments=350_000)
        assert cap.rows() == [cap.table("cap").records()[0]]
        assert cap.rows()[0]["payable"] == "150000.00"


class TestFrames:
    """to_frame(): exact by default."""

    def test_decimal_columns_are_exact(self, statement: tc.IncentiveStatement) -> None:
        """Money is Decimal; a column sum equals the earned amount to the cent."""
        frame = statement.to_frame()
        assert frame["amount"].sum() == statement.earned
        assert str(frame["number"].dtype) == "Int64"
        assert str(frame["qualifies"].dtype) == "boolean"
        assert str(frame["payment_date"].dtype) == "datetime64[s]"
        assert frame.attrs["column_types"]["amount"] == "money"
        assert (
            frame.loc[6, "baseline"] is None or frame.loc[6, "baseline"] != frame.loc[6, "baseline"]
        )

    def test_string_and_float(self, statement: tc.IncentiveStatement) -> None:
        """String columns are the exact text; float columns are for charts."""
        text = statement.to_frame("rates", numbers="string")
        assert text["threshold"].tolist()[:2] == ["64.2", "58.7"]
        floats = statement.to_frame("rates", numbers="float")
        assert floats["threshold"].dtype == "float64"
        assert floats["baseline"].isna().sum() == 4

    def test_bad_numbers_option(self, statement: tc.IncentiveStatement) -> None:
        """An unknown numbers option names the choices."""
        with pytest.raises(tc.InvalidInputError, match="'numbers' must be one of"):
            statement.to_frame(numbers="int")  # type: ignore[arg-type]

    @given(st.lists(money(), max_size=20))
    def test_sums_are_exact(self, amounts: list[Decimal]) -> None:
        """Whatever the amounts, a Decimal column sums exactly."""
        table = Table("t", "T", (Column("a", ColumnType.MONEY),), tuple((a,) for a in amounts))
        assert table_to_frame(table)["a"].sum() == sum(amounts, Decimal(0))


class TestPlot:
    """plot() draws each measure's rates against its threshold."""

    @pytest.fixture(autouse=True)
    def _agg(self) -> None:
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")

    def test_statement_plot(self, statement: tc.IncentiveStatement) -> None:
        """One row per rate; qualifying rows green, others grey; thresholds as black bars."""
        ax = statement.plot()
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert labels[0] == "hba1c_testing"
        assert "antidepressant_medication_management: acute" in labels
        assert len(labels) == len(statement.table("rates").rows)
        colours = {
            tuple(line.get_color()) if not isinstance(line.get_color(), str) else line.get_color()
            for line in ax.get_lines()
        }
        assert {"tab:green", "tab:grey", "black"} <= colours
        thresholds = [line.get_xdata()[0] for line in ax.get_lines() if line.get_marker() == "|"]
        assert thresholds[0] == pytest.approx(64.2)
        assert ax.get_title() == "Pay-for-performance measures, 2008"
        plt.close(ax.figure)

    def test_given_axes_and_not_reported(self) -> None:
        """A measure with no rate is labelled not reported; the caller's Axes is used."""
        figure, given_ax = plt.subplots()
        statement = tc.incentive_statement(
            2008,
            member_months=1000,
            physical_health={"hba1c_testing": None, "hba1c_control": None,
                             "ldl_c_screening": None, "adolescent_well_care": None,
                             "breast_cancer_screening": None,
                             "controlling_high_blood_pressure": (60, 65)},
            behavioral_health={"antidepressant_medication_management": None, "adhd_follow_up": None},
            capitation=10**9,
        )  # fmt: skip
        ax = statement.plot(given_ax)
        assert ax is given_ax
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert labels[0] == "hba1c_testing (not reported)"
        plt.close(figure)

    def test_stacked_bars_for_a_ledger(self) -> None:
        """Amounts by month stacked by item, summed exactly; months in date order."""
        columns = (
            Column("month", ColumnType.DATE),
            Column("item", ColumnType.TEXT),
            Column("amount", ColumnType.MONEY),
        )
        rows: Any = (
            (dt.date(2008, 2, 1), "C.6", Decimal("0.10")),
            (dt.date(2008, 1, 1), "C.6", Decimal("0.20")),
            (dt.date(2008, 2, 1), "C.6", Decimal("0.20")),
            (dt.date(2008, 1, 1), "A.2", Decimal(5000)),
        )
        ax = plots.stacked_bars(
            Table("a", "A", columns, rows), x="month", stack="item", value="amount"
        )
        assert [label.get_text() for label in ax.get_xticklabels()] == ["Jan", "Feb"]
        heights = [patch.get_height() for patch in ax.patches]
        assert heights == pytest.approx([0.2, 0.3, 5000, 0])
        plt.close(ax.figure)
        with pytest.raises(tc.InvalidInputError, match="not numeric"):
            plots.stacked_bars(
                Table("a", "A", columns, rows), x="month", stack="item", value="item"
            )
