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


#: Started in the command line's process before it runs (a ``sitecustomize`` module): an exit
#: function, and a thread of its own (not a daemon) that says when it ends, half a second on: an
#: interpreter that ends the usual way waits for it, one that exits at once does not.
_WATCHING = (
    "import atexit, os, sys, threading, time\n"
    "atexit.register(lambda: sys.stderr.write('exit function ran\\n'))\n"
    "threading.Thread(target=lambda: time.sleep(0.5) or os.write(2, b'waited for\\n')).start()\n"
)
SPANS_CSV = ("member-months", SPANS, "--year", "2008", "--format", "csv")


def _command_line(
    tmp_path: Path,
    *words: str,
    site: str = _WATCHING,
    before: tuple[str, ...] = (),
    given: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Return ``python [before] -m tenncare_calc WORDS``'s run, ``site`` run as it starts."""
    (tmp_path / "sitecustomize.py").write_text(site, encoding="utf-8")
    path = os.pathsep.join([str(tmp_path), *sys.path])
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, *before, "-m", "tenncare_calc", *words],
        input=given,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
    )


def test_the_process_ends_once_its_output_is_written_without_a_teardown(tmp_path: Path) -> None:
    """``python -m tenncare_calc`` writes the whole output, runs the exit functions, exits at once."""
    import io  # noqa: PLC0415

    done = _command_line(tmp_path, *SPANS_CSV)
    buffer = io.StringIO()
    assert main(list(SPANS_CSV), out=buffer) == 0
    assert done.returncode == 0
    assert done.stdout == buffer.getvalue().replace("\r\n", "\n")  # read as text, line ends as \n
    assert done.stderr == "exit function ran\n"


def test_under_a_trace_function_the_process_ends_the_usual_way(tmp_path: Path) -> None:
    """Coverage or a profiler reports at the interpreter's end: it ends as Python ends, waiting."""
    done = _command_line(
        tmp_path, *SPANS_CSV, site=_WATCHING + "sys.settrace(lambda *args: None)\n"
    )
    assert done.returncode == 0
    assert sorted(done.stderr.splitlines()) == ["exit function ran", "waited for"]


def test_asked_to_stay_interactive_the_process_ends_the_usual_way(tmp_path: Path) -> None:
    """``python -i -m tenncare_calc``: the interpreter goes on to its prompt (here, its input)."""
    done = _command_line(
        tmp_path, *SPANS_CSV, site="", before=("-i",), given="print('the prompt ran')\n"
    )
    assert done.returncode == 0
    assert done.stdout.startswith("month,")
    assert "the prompt ran" in done.stdout


@pytest.mark.parametrize(("set_before", "seen"), [(None, 100_000), (250_000, 250_000)])
def test_the_process_collects_garbage_every_hundred_thousand_allocations(
    tmp_path: Path, set_before: int | None, seen: int
) -> None:
    """While the command runs, the youngest generation's threshold is 100,000 (or the user's more)."""
    site = (
        "import atexit, gc, sys\n"
        + (f"gc.set_threshold({set_before}, 10, 10)\n" if set_before else "")
        + "atexit.register(lambda: sys.stderr.write(repr(gc.get_threshold())))\n"
    )
    done = _command_line(tmp_path, *SPANS_CSV, site=site)
    assert done.returncode == 0
    assert done.stderr == repr((seen, 10, 10))


def test_run_inside_another_program_the_command_line_raises_system_exit() -> None:
    """Run by :mod:`runpy` (as IPython's ``%run -m`` does), the host goes on after it."""
    code = (
        "import contextlib, io, runpy, sys\n"
        f"sys.argv = ['tenncare_calc', *{list(SPANS_CSV)!r}]\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        runpy.run_module('tenncare_calc', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    print('the host goes on', stop.code)\n"
        "import gc\n"
        "print(gc.get_threshold())\n"
    )
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    # the host's garbage collector as it was: (700, 10, 10), Python's own thresholds
    assert (done.returncode, done.stdout) == (0, "the host goes on 0\n(700, 10, 10)\n")


def test_output_a_reader_no_longer_takes_ends_quietly_with_141(tmp_path: Path) -> None:
    """The last output cannot be written (the reader went away): status 141, nothing shown."""
    gone = (
        "import sys\n"
        "class Gone:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): raise BrokenPipeError(32, 'Broken pipe')\n"
        "    def fileno(self): return 1\n"
        "sys.stdout = Gone()\n"
    )
    done = _command_line(tmp_path, *SPANS_CSV, site=gone)
    assert (done.returncode, done.stdout, done.stderr) == (141, "", "")


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the interpreter starts")
@pytest.mark.parametrize("closed", [1, 2])
def test_a_process_started_with_a_stream_closed_ends_with_the_commands_status(
    closed: int, tmp_path: Path
) -> None:
    """Output or errors closed from the start (``>&-``): the command's status, no traceback."""
    out = tmp_path / "spans.csv"
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "tenncare_calc", *SPANS_CSV, "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=120,
        preexec_fn=lambda: os.close(closed),
    )
    assert done.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("month,")


@pytest.mark.parametrize("status", [0, 1, 2, 130])
def test_the_process_ends_with_the_status_given(status: int) -> None:
    """``end_process`` exits with the command's status, the output flushed first."""
    code = (
        "import sys\n"
        "sys.orig_argv = [sys.executable, '-m', 'tenncare_calc']  # as the command line starts\n"
        "from tenncare_calc.cli.own_process import end_process\n"
        "print('written', end='')\n"
        f"end_process({status})\n"
    )
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert (done.returncode, done.stdout) == (status, "written")


def test_the_version_to_a_reader_gone_before_the_start_is_141_without_a_traceback() -> None:
    """``tenncare-calc --version | true``: the reader is gone before anything is written."""
    with subprocess.Popen(
        [sys.executable, "-m", "tenncare_calc", "--version"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # long before the interpreter has started
        errors = process.stderr.read()
        assert (process.wait(timeout=120), errors) == (141, "")
