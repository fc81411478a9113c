"""The example notebook, executed from top to bottom as a user runs it."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "examples" / "plan_year.ipynb"


@pytest.fixture(scope="module")
def executed() -> Any:
    """Return the notebook after running every cell in a fresh kernel."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return notebook


def outputs(notebook: Any, kind: str) -> list[str]:
    """Return every output of a MIME type, in cell order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if kind in data:
                found.append(data[kind])
            elif kind == "text/plain" and output.get("name") == "stdout":
                found.append(output["text"])
    return found


def test_committed_without_outputs() -> None:
    """The notebook is stored clean: no outputs or execution counts to go stale."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_runs_without_errors(executed: Any) -> None:
    """Every cell runs (its own asserts check the figures) and none raises."""
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_shows_the_statement_as_html_and_the_chart(executed: Any) -> None:
    """The statement displays as HTML tables and the chart as an image."""
    html = outputs(executed, "text/html")
    assert any("<caption>Measures (§3.10.2-§3.10.4)</caption>" in page for page in html)
    assert any("$324,632.80" in page for page in html)
    assert outputs(executed, "image/png")


def test_prints_the_checks_and_the_what_ifs(executed: Any) -> None:
    """The explanation lines, the formulas and the what-if results are shown."""
    text = "\n".join(outputs(executed, "text/plain"))
    assert "Line amount per qualifying measure = $0.03 x 2,164,218.75" in text
    assert "=ROUND(ROUND(($B$6*$B$5)*100, 6), 0)/100" in text
    assert "'432843.75'" in text
    assert "Capitation cap (§3.10.1.2)" in "\n".join(outputs(executed, "text/html"))


def test_shows_the_ledger_member_months_and_community_tenure(executed: Any) -> None:
    """The damages ledger, its chart, member months and community tenure are shown."""
    html = "\n".join(outputs(executed, "text/html"))
    assert "<caption>Liquidated damages 2008: assessments</caption>" in html
    assert "$117,050.00" in html
    assert "<caption>Member months of 2008 by month</caption>" in html
    assert "697.5285873194" in html
    assert len(outputs(executed, "image/png")) == 4  # the ledger, member months, community tenure
    text = "\n".join(outputs(executed, "text/plain"))
    assert "=IF(T5, 0, IF(ISBLANK(S5), R5, MIN(R5, S5)))" in text
    assert "one qualifying measure at this size pays 20.93" in text
    assert "statement_2008.html: " in text


def test_the_documented_command_runs_it(tmp_path: Path) -> None:
    """The `jupyter nbconvert` command docs/outputs.md gives runs the notebook (notebook extra)."""
    page = (NOTEBOOK.parent.parent / "outputs.md").read_text("utf-8")
    command = next(line for line in page.splitlines() if line.startswith("jupyter nbconvert"))
    words = shlex.split(command)
    copy = tmp_path / "docs" / "examples"
    copy.mkdir(parents=True)
    shutil.copy(NOTEBOOK, copy / NOTEBOOK.name)
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run(  # noqa: S603 - the environment's jupyter, the page's arguments
        [str(jupyter), *words[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run = nbformat.read(copy / "plan_year_run.ipynb", as_version=4)
    assert [o for c in run.cells for o in c.get("outputs", []) if o.output_type == "error"] == []
    assert outputs(run, "image/png")
