"""Results as a notebook shows them: bounded HTML and Markdown, short reprs, safe text, rates to places.

Issue 17: a 100,000-line damages ledger left at the end of a cell must not hang the tab; every
result's rich display stays under about 100 KB whatever the data, showing the first and last rows
of each part with a line saying how many are hidden; ``repr()`` is a line, not an attrs dump;
Markdown lets no HTML through; a computed rate is shown to the profile's places.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import attrs
import markdown
import pytest

import tenncare_calc as tc
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import NOTEBOOK_BYTES, NOTEBOOK_TEXT, Presentable
from tenncare_calc.damages import damages_ledger
from tenncare_calc.enrollment import TenureCounts
from tenncare_calc.p4p import load_plan_year, sample_path
from tests.test_workbook import ALL_CASES

LIMIT = 100_000
LINES = 100_000


@pytest.fixture(scope="module")
def big_ledger() -> tc.damages.DamagesLedger:
    """Return a ledger of 100,000 lines, each with its own reference (one per observation)."""
    observations = [
        {
            "item": "unlicensed_staff",
            "reference": f"LIC-{number:06d}",
            "start": "2008-01-30",
            "end": "2008-02-02",
            "amount_paid": "800.00",
        }
        for number in range(LINES)
    ]
    return damages_ledger(2008, observations)


class TestBounded:
    """The rich display is bounded whatever the data; every other surface has every row."""

    def test_html_of_a_100000_line_ledger_is_under_100_kb(self, big_ledger: Any) -> None:
        """The HTML repr of 100,000 lines: under 100 KB, first and last lines, the gap counted."""
        shown = big_ledger._repr_html_()
        assert len(shown.encode()) < LIMIT
        assert "LIC-000000" in shown
        assert "LIC-099999" in shown
        assert "LIC-050000" not in shown
        assert "… 99,980 more rows (11 to 99,990 of 100,000) not shown" in shown
        assert len(big_ledger.tables()[0].rows) == LINES  # the result itself keeps every line

    def test_markdown_of_a_100000_line_ledger_is_under_100_kb(self, big_ledger: Any) -> None:
        """The Markdown repr is bounded the same way; to_markdown() has every line."""
        shown = big_ledger._repr_markdown_()
        assert len(shown.encode()) < LIMIT
        assert "| *… 99,980 more rows (11 to 99,990 of 100,000) not shown* |" in shown
        assert "LIC-099999" in shown

    @pytest.mark.parametrize("case", list(ALL_CASES))
    def test_every_result_is_bounded_and_short(self, case: str) -> None:
        """Each result's HTML and Markdown reprs are under 100 KB and its repr() one short line."""
        result = ALL_CASES[case]()
        assert len(result._repr_html_().encode()) < LIMIT
        assert len(result._repr_markdown_().encode()) < LIMIT
        shown = repr(result)
        # the demo holds five results, each shown by its own short repr
        assert len(shown) < (800 if case == "demo" else 600)
        assert "\n" not in shown
        assert shown.startswith(type(result).__name__)

    def test_long_texts_and_many_parts_stay_within_the_budget(self) -> None:
        """Huge text cells are cut; parts past the budget lose rows but keep their caption."""
        result = Wide()
        html = result._repr_html_()
        assert len(html.encode()) <= NOTEBOOK_BYTES + 2_000
        assert len(result._repr_markdown_().encode()) <= NOTEBOOK_BYTES + 2_000
        assert html.count("<caption>") == Wide.PARTS
        assert "x" * NOTEBOOK_TEXT not in html
        assert "x" * (NOTEBOOK_TEXT - 1) + "…" in html
        last = html.rsplit("<caption>", 1)[1]
        assert "more rows" in last  # the last part is cut to a line saying how many it has

    def test_a_short_part_is_shown_whole(self) -> None:
        """A part within the row limit has no gap line."""
        statement = ALL_CASES["sample"]()
        assert "not shown" not in statement._repr_html_()


class Wide(Presentable):
    """Many parts of long rows of long texts: more than any notebook view can hold."""

    __slots__ = ()
    PARTS = 12

    def tables(self) -> tuple[Table, ...]:
        """Return :attr:`PARTS` parts of 40 rows of 8 cells of 10,000 characters."""
        columns = tuple(Column(f"c{n}", ColumnType.TEXT) for n in range(8))
        rows = tuple(tuple("x" * 10_000 for _ in columns) for _ in range(40))
        return tuple(Table(f"p{n}", f"Part {n}", columns, rows) for n in range(self.PARTS))


HOSTILE = "<script>alert('x')</script>"


def rendered(text: str) -> str:
    """Return Markdown rendered to HTML as a site or a notebook would (tables on)."""
    return markdown.markdown(text, extensions=["tables"])


class TestMarkdownEscapesHtml:
    """Markdown passes raw HTML to the page; the library's Markdown carries none from the data."""

    def test_an_id_arrives_as_text(self) -> None:
        """A carried id holding a script tag is text in to_markdown() and in the rendered page."""
        findings = tc.access_distance_table(
            {"service_code": ["20"], "distance_miles": ["3"], "site": [HOSTILE]}, carry="site"
        )
        page = rendered(findings.to_markdown())
        assert "<script>" not in page
        assert "&lt;script&gt;" in page or "&lt;script>" in page
        assert "<script>" not in rendered(findings._repr_markdown_())

    def test_a_profile_title_arrives_as_text(self) -> None:
        """A profile whose title holds HTML shows it as text."""
        profile = tc.default_profile()
        hostile = type(profile)(**{**profile.__getstate__(), "title": HOSTILE})  # type: ignore[misc]
        page = rendered(hostile.to_markdown())
        assert "<script>" not in page
        assert "alert(" in page

    def test_html_escapes_too(self) -> None:
        """The HTML repr escapes the same text."""
        findings = tc.access_distance_table(
            {"service_code": ["20"], "distance_miles": ["3"], "site": [HOSTILE]}, carry="site"
        )
        assert "<script>" not in findings._repr_html_()


#: The sample stays' community-tenure rate, 101 of 156 not readmitted: 64.743589743589... (60 digits).
TENURE = TenureCounts(denominator=156, readmitted=55, incomplete=0).rate


def tenure_fed_statement() -> tc.IncentiveStatement:
    """Return the sample statement with a computed community-tenure rate (60 digits) as current."""
    arguments = load_plan_year(sample_path("plan_year_2008.toml"))
    arguments["community_tenure"] = (Decimal("81.4"), TENURE)
    year = arguments.pop("measurement_year")
    return tc.incentive_statement(year, **arguments)


class TestRatesToPlaces:
    """A computed rate is shown to the profile's places; data outputs keep every digit."""

    def test_tables_and_reasons_show_six_places(self) -> None:
        """The HTML, Markdown, text and reason show ~64.743590, never 60 digits."""
        statement = tenure_fed_statement()
        long_number = re.compile(r"\d+\.\d{7,}")
        for shown in (
            statement._repr_html_(),
            statement.to_markdown(),
            statement.explain(),
            statement.table("measures").render_text(),
        ):
            assert not long_number.search(shown), long_number.search(shown)
        assert "64.743590%" in statement._repr_html_()
        assert "-16.656410" in statement._repr_html_()
        assert "(~64.743590 - 81.4)" in statement.line("community_tenure").reason

    def test_data_outputs_keep_every_digit(self) -> None:
        """JSON, rows and CSV keep the exact decimal."""
        statement = tenure_fed_statement()
        exact = str(statement.line("community_tenure").assessment.current)  # type: ignore[union-attr]
        assert len(exact) > 50
        assert statement.to_dict()["lines"][8]["assessment"]["current"] == exact
        assert statement.rows()[8]["current"] == exact
        assert exact in statement.to_csv()

    def test_the_profile_says_how_many_places(self) -> None:
        """A what-if of p4p.shown_rate_decimals changes what is shown, not what is computed."""
        arguments = load_plan_year(sample_path("plan_year_2008.toml"))
        arguments["community_tenure"] = (Decimal("81.4"), TENURE)
        year = arguments.pop("measurement_year")
        profile = tc.load_profile(overrides={"p4p.shown_rate_decimals": "2"})
        statement = tc.incentive_statement(year, profile=profile, **arguments)
        assert "64.74%" in statement.table("measures").render_text()
        assert statement.payable == tenure_fed_statement().payable

    def test_community_tenure_rate_to_the_profile_places(self) -> None:
        """CommunityTenure shows its rate to ``shown_decimals`` places (6 unless the profile says)."""
        stays = {
            "member_id": [1, 2, 2],
            "admit_date": ["2008-01-01", "2008-02-01", "2008-02-20"],
            "discharge_date": ["2008-01-03", "2008-02-05", "2008-02-21"],
        }
        result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
        assert "66.666667%" in result.table().render_text()
        assert "x 100 ~ 66.666667%" in result.explain()
        two = attrs.evolve(result, shown_decimals=2)
        assert "66.67%" in two.table().render_text()
        assert "x 100 ~ 66.67%" in two.explain()
