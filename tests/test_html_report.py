"""The self-contained HTML report (``to_html()``, ``--format html``), and a real browser opening it.

The browser test runs when Chromium is installed (Debian's ``chromium``) and is skipped otherwise,
as the LibreOffice test of the workbooks is: it opens the demo's report headless, with every host
name unresolvable (so nothing can be fetched), checks the page drew its tables and charts and that
the browser refused nothing, takes a screenshot and prints the page to PDF.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest

import tenncare_calc as tc
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.demo import demo
from tenncare_calc.outputs.html_report import CONTENT_SECURITY_POLICY, REPORT_ROWS
from tests.test_workbook import ALL_CASES

if TYPE_CHECKING:
    from pathlib import Path

HOSTILE = "<script>alert('x')</script>"


class Page(html.parser.HTMLParser):
    """Collect the tags, captions and resource references of an HTML page."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__()
        self.tags: list[str] = []
        self.references: list[str] = []
        self.captions: list[str] = []
        self._caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note the tag and any attribute that could load something."""
        self.tags.append(tag)
        self.references += [
            value or "" for name, value in attrs if name in {"src", "href", "srcset", "action"}
        ]
        self._caption = tag == "caption"
        if self._caption:
            self.captions.append("")

    def handle_endtag(self, tag: str) -> None:
        """Close a caption."""
        if tag == "caption":
            self._caption = False

    def handle_data(self, data: str) -> None:
        """Add text to an open caption."""
        if self._caption:
            self.captions[-1] += data


def parse(page: str) -> Page:
    """Return the parsed page."""
    parser = Page()
    parser.feed(page)
    return parser


class Titled(Presentable):
    """A result whose every text tries to break out of HTML."""

    __slots__ = ()

    def tables(self) -> tuple[Table, ...]:
        """Return one part with hostile text in its title, a heading and a cell."""
        columns = (Column(HOSTILE, ColumnType.TEXT),)
        return (Table("hostile", HOSTILE, columns, ((HOSTILE,),)),)

    def explain(self) -> str:
        """Return hostile text."""
        return f"explained: {HOSTILE}"


@pytest.mark.parametrize("case", list(ALL_CASES))
def test_every_result_is_one_self_contained_page(case: str) -> None:
    """Each result's report: a whole document, every part, no script, nothing to load."""
    result = ALL_CASES[case]()
    page = result.to_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert f'content="{CONTENT_SECURITY_POLICY}"' in page
    parsed = parse(page)
    assert "script" not in parsed.tags
    assert [reference for reference in parsed.references if not reference.startswith("#")] == []
    assert not re.search(r"url\((?!#)|@import|https?://(?!www\.w3\.org/)", page)
    assert parsed.captions == [table.title for table in result.tables()]
    assert page.count("<svg") == len(result.charts())


def test_the_explanation_and_every_text_are_escaped() -> None:
    """Hostile text in a title, a heading, a cell and the explanation arrives as text."""
    page = Titled().to_html()
    assert "<script>" not in page
    # the page title, its heading, the contents, the caption, the column heading, the cell, the
    # explanation
    assert page.count("&lt;script&gt;") == 7
    assert "explained: &lt;script&gt;" in page


def test_text_from_the_data_in_a_chart_is_escaped() -> None:
    """A plan named with a script tag is a bar's label: the SVG carries it as text only."""
    stays = {
        "member_id": [1, 2],
        "admit_date": ["2008-03-01", "2008-04-01"],
        "discharge_date": ["2008-03-05", "2008-04-03"],
        "plan": [HOSTILE, "--><b>"],
    }
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
    page = result.to_html()
    assert page.count("<svg") == 1
    assert "<script>" not in page
    assert "--><b>" not in page  # not even out of an SVG comment


def test_the_same_result_gives_the_same_page() -> None:
    """Reports are reproducible: no date, fixed SVG ids."""
    assert demo().to_html() == demo().to_html()


def test_a_long_part_shows_its_ends() -> None:
    """A part longer than the report's limit shows its first and last rows and says so."""
    result = Numbers(REPORT_ROWS + 500)
    page = result.to_html()
    assert "… 500 more rows (501 to 1,000 of 1,500) not shown" in page
    assert "The part numbers has 1,500 rows" in page
    assert ">1499<" in page
    assert Numbers(REPORT_ROWS).to_html().count("<tr>") == REPORT_ROWS + 1


class Numbers(Presentable):
    """One part of numbered rows."""

    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        self.count = count

    def tables(self) -> tuple[Table, ...]:
        """Return ``count`` rows."""
        column = Column("n", ColumnType.COUNT, grouping=False)
        return (Table("numbers", "Numbers", (column,), tuple((n,) for n in range(self.count))),)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The launch of a headless browser that reaches no network: no background services, and every
#: host name unresolvable, so that nothing can be fetched whatever a page asked for.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
)


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Return the run of headless Chromium on ``page`` with a fresh profile folder."""
    assert CHROMIUM is not None
    return subprocess.run(  # noqa: S603 - the browser found on PATH, fixed arguments
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_a_browser_opens_the_report_offline(tmp_path: Path) -> None:
    """Chromium draws the demo's report with nothing to fetch; screenshot and print both work."""
    image = pytest.importorskip("PIL.Image")
    page = tmp_path / "demo.html"
    result: Any = demo()
    page.write_text(result.to_html(), encoding="utf-8")

    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Refused to" not in dom.stderr  # the page asked the browser for nothing it forbids
    assert dom.stdout.count("<table") == len(result.tables())
    assert (
        dom.stdout.count("<svg") == len(result.charts()) == 5
    )  # statement, ledger, months, tenure, program
    assert "Pay-for-performance statement, measurement year 2008" in dom.stdout

    shot = tmp_path / "demo.png"
    taken = chromium(
        page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2400",
        "--hide-scrollbars",
    )  # fmt: skip
    assert taken.returncode == 0, taken.stderr[-2000:]
    picture = image.open(shot).convert("L")
    assert picture.size == (1280, 2400)
    histogram = picture.histogram()
    assert sum(histogram[:128]) > 20_000  # dark pixels: text, tables and chart lines were drawn

    pdf = tmp_path / "demo.pdf"
    printed = chromium(page, tmp_path / "profile-pdf", f"--print-to-pdf={pdf}",
                       "--no-pdf-header-footer")  # fmt: skip
    assert printed.returncode == 0, printed.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 792 612\]", data)  # Letter, landscape (@page)
