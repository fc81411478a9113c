"""Tests of the documentation as a reader meets it: the site builds, the shell examples run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tenncare_calc" / "data" / "samples"
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A file an example uses, shown on the page: the file name in backticks, then a fenced block.
SHOWN_FILE = re.compile(
    r"`([\w.-]+\.(?:csv|json|toml))`:\n\n```\w*\n(.*?)^```", re.MULTILINE | re.DOTALL
)


def test_site_builds_strictly(tmp_path: Path) -> None:
    """`mkdocs build --strict` passes: every page in the nav, every link and API page resolves."""
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text("utf-8")
    assert "apply_capitation_cap" in api
    assert "Presentable" in api
    changelog = (tmp_path / "site" / "changelog" / "index.html").read_text("utf-8")
    assert "Keep a Changelog" in changelog
    check_api_page(api)
    check_notebook_page((tmp_path / "site" / "examples" / "plan_year" / "index.html").read_text())


def check_api_page(api: str) -> None:
    """Check that the API page shows every example as code, prompts kept, and no reST left over."""
    prose = re.sub(r"<pre.*?</pre>", "", api, flags=re.DOTALL)
    assert "&gt;&gt;&gt;" not in prose  # every prompt is inside a code block
    assert api.count("&gt;&gt;&gt;") > 300
    assert "<blockquote" not in api  # no docstring line read as a Markdown quotation
    assert not re.search(r":(mod|class|func|meth|attr|data|exc):`", prose)  # roles became links
    assert "::</p>" not in api  # a reST literal block is a code block
    assert 'href="#tenncare_calc.p4p.cap.apply_capitation_cap"' in api


def check_notebook_page(page: str) -> None:
    """Check that the notebook is on the site, run: its tables, charts and printed checks."""
    assert "A plan-year, end to end" in page
    # the charts: the statement, the ledger, member months, community tenure
    assert len(re.findall(r'<img[^>]*src="data:image/png', page)) == 4
    assert "Measures (§3.10.2-§3.10.4)" in page
    assert "one qualifying measure at this size pays 20.93" in page
    assert "Traceback" not in page


def examples(page: Path) -> list[tuple[str, str]]:
    """Return each (command, expected output) of a page's console blocks."""
    found = []
    for block in CONSOLE.findall(page.read_text("utf-8")):
        chunks = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
        for chunk in chunks:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


CLI_EXAMPLES = examples(ROOT / "docs" / "cli.md")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the bundled samples and the files the page shows."""
    work = tmp_path_factory.mktemp("cli-examples")
    for sample in SAMPLES.iterdir():
        if sample.is_dir():  # the program sample: a folder of tables
            shutil.copytree(sample, work / sample.name)
        else:
            shutil.copy(sample, work)
    for name, content in SHOWN_FILE.findall((ROOT / "docs" / "cli.md").read_text("utf-8")):
        (work / name).write_text(content, encoding="utf-8")
    return work


@pytest.mark.parametrize(("command", "expected"), CLI_EXAMPLES, ids=[c for c, _ in CLI_EXAMPLES])
def test_cli_page_examples(command: str, expected: str, folder: Path) -> None:
    """Each `$ tenncare-calc ...` example of docs/cli.md prints exactly what the page shows."""
    program, *arguments = shlex.split(command)
    assert program == "tenncare-calc"
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests, the page's arguments
        [sys.executable, "-m", "tenncare_calc", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    shown = result.stdout + result.stderr
    assert [line.rstrip() for line in shown.splitlines()] == [
        line.rstrip() for line in expected.splitlines()
    ]
    assert result.returncode == (2 if "tenncare-calc: error:" in expected else 0)


def test_every_page_is_in_the_nav() -> None:
    """Each Markdown page of docs/ is listed in mkdocs.yml (strict builds warn otherwise too)."""
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    pages = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert [page for page in pages if f": {page}" not in nav] == []
