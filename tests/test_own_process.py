"""The command line as its own process holds pandas back; called from Python, it does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tenncare_calc.cli import main
from tenncare_calc.cli.own_process import PandasHeldBack, run

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
SPANS = str(SAMPLES / "enrollment_spans_2008.csv")


def test_the_process_never_loads_pandas_and_gives_the_same_result() -> None:
    """``run`` in a fresh process: pandas never loaded, the JSON equals main()'s in this one."""
    code = (
        "import io, sys, contextlib\n"
        "from tenncare_calc.cli.own_process import run\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = run(['member-months', {SPANS!r}, '--year', '2008', '--format', 'json'])\n"
        "print(status, 'pandas' in sys.modules)\n"
        "print(out.getvalue())\n"
    )
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    first, _, rest = done.stdout.partition("\n")
    assert first == "0 False"
    pytest.importorskip("pandas")  # the test process itself may use pandas: main() is unchanged
    import io  # noqa: PLC0415

    buffer = io.StringIO()
    assert main(["member-months", SPANS, "--year", "2008", "--format", "json"], out=buffer) == 0
    assert json.loads(rest) == json.loads(buffer.getvalue())


def test_no_guard_when_pandas_is_loaded_already() -> None:
    """In a process that has pandas (a notebook, a script), ``run`` adds no finder."""
    pytest.importorskip("pandas")
    before = list(sys.meta_path)
    assert run(["profile", "show", "--part", "parameters", "--format", "csv"]) == 0
    assert sys.meta_path == before
    assert not any(isinstance(finder, PandasHeldBack) for finder in sys.meta_path)


def test_the_finder_holds_back_pandas_and_its_modules_only() -> None:
    """Pandas and pandas.* are refused as not installed; any other module is left to the others."""
    finder = PandasHeldBack()
    for name in ("pandas", "pandas.core.api"):
        with pytest.raises(ModuleNotFoundError, match="held back") as caught:
            finder.find_spec(name, None)
        assert caught.value.name == name
    for name in ("numpy", "pandasx", "pyarrow.pandas_compat"):
        assert finder.find_spec(name, None) is None


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("3", "3")])
def test_the_process_asks_openblas_for_one_thread_unless_told(given: str | None, seen: str) -> None:
    """``run`` sets OPENBLAS_NUM_THREADS=1 before numpy loads; a value the user set is kept."""
    code = (
        "import io, os, sys, contextlib\n"
        "from tenncare_calc.cli.own_process import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    run(['member-months', {SPANS!r}, '--year', '2008', '--format', 'csv'])\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    assert done.stdout.strip() == seen
