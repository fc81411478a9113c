"""The command line in a process of its own: ``tenncare-calc`` and ``python -m tenncare_calc``.

No command needs pandas, but pyarrow imports it, when it is installed, the first time it builds an
array (to recognise pandas objects): a quarter of a second and some 37 MB for every run, a third
of the time of a small file. :func:`run` starts the command line with pandas held back, so pyarrow
finds it absent and goes on without it; results are the same. The guard is installed only in a
process the command line starts, and only when pandas is not loaded already: :func:`main` called
from Python (a notebook, a test, a script that uses pandas) runs as it always did.

>>> import sys
>>> finder = PandasHeldBack()
>>> finder.find_spec("pandas", None) is None
Traceback (most recent call last):
...
ModuleNotFoundError: pandas is held back in the tenncare-calc command line, which does not need it
>>> finder.find_spec("numpy", None) is None
True
"""

from __future__ import annotations

__all__ = ["PandasHeldBack", "command_line", "end_process", "run"]

import atexit
import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tenncare_calc.cli.entry_point import _reader_gone, main

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

#: The package held back: it and its submodules.
_HELD = "pandas"
#: The interpreter's options that take a value of their own (``-X importtime``, ``-W error``).
_VALUED = ("-X", "-W")
#: The variable that sizes OpenBLAS's thread pool (read when numpy is first imported).
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"
#: The garbage collector's youngest threshold in the command line's process (Python's: 700).
_YOUNGEST = 100_000


class PandasHeldBack:
    """An import finder that refuses pandas, as if it were not installed (see the module)."""

    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None,  # noqa: ARG002 - the finder protocol's arguments
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> ModuleSpec | None:
        """Return None for every module but pandas, for which raise ``ModuleNotFoundError``."""
        if name == _HELD or name.startswith(f"{_HELD}."):
            message = (
                f"{_HELD} is held back in the tenncare-calc command line, which does not need it"
            )
            raise ModuleNotFoundError(message, name=name)
        return None


def run(argv: Sequence[str] | None = None) -> int:
    """Return the exit status of the command line run as its own process (pandas held back).

    The console script ``tenncare-calc`` and ``python -m tenncare_calc`` call this; see the module.
    No command does linear algebra, so numpy's OpenBLAS is asked for one thread
    (``OPENBLAS_NUM_THREADS=1``, unless the environment sets it or numpy is loaded already, as in
    a test or a notebook): the pool it otherwise starts
    when numpy is imported spins on every core, a tenth of a second of CPU taken from the
    parsing threads of a small file.
    """
    if "numpy" not in sys.modules:  # read at numpy's import: a process that has it is left alone
        os.environ.setdefault(_BLAS_THREADS, "1")
    if _HELD not in sys.modules:
        sys.meta_path.insert(0, PandasHeldBack())
    return main(argv)


def command_line() -> NoReturn:
    """Run the command line as its own process and end the process with its exit status.

    The console script ``tenncare-calc`` and ``python -m tenncare_calc`` call this: :func:`run`,
    then :func:`end_process`.

    Meanwhile the cyclic garbage collector runs after every 100,000 net allocations of container
    objects rather than every 700 (:data:`_YOUNGEST`; the older generations' thresholds are
    kept). A command's start imports numpy, pyarrow and its own modules: tens of thousands of
    long-lived objects and no garbage, over which the default ran some forty collections (2 % of
    a ten-row command's instructions, measured in ``docs/performance.md``). A file read in
    batches allocates few objects a batch, so the command's memory does not grow from it, and
    cycles are still collected. The process ends without collecting; when it goes on instead
    (:func:`end_process` raises :class:`SystemExit`), the thresholds are put back.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], _YOUNGEST), *thresholds[1:])
    try:
        end_process(run())
    finally:  # reached only when the process goes on
        gc.set_threshold(*thresholds)


def end_process(status: int) -> NoReturn:
    """End the process with ``status`` once its output is written, without tearing it down.

    A Python process that ends the usual way takes every module apart and frees every object
    before it exits: numpy's and pyarrow's teardown is 15 to 25 ms, a tenth of a small file's
    command (measured in ``docs/performance.md``). The command is done by now, its files written
    and closed; so the standard streams are flushed, the functions registered with
    :mod:`atexit` run, and the process exits at once (:func:`os._exit`), not waiting for a
    thread some other code left running (the command's own are joined). Output a reader no
    longer takes (``tenncare-calc ... | head``) ends the process quietly with status 141, as
    :func:`~tenncare_calc.cli.entry_point.main` does when the pipe closes while it writes.

    Only a process that is the command line and nothing else ends so (:func:`_alone`): one that
    runs it inside something else (IPython's ``%run -m``, :mod:`runpy`, ``python -i``), or
    under a trace or profile function (coverage, ``python -m cProfile``), which reports at the
    interpreter's end, gets :class:`SystemExit` as before.
    """
    if sys.stdout is not None:  # None: the process started with its output closed
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away before the last of the output
            status = _reader_gone(None)
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):  # closed: nothing more can be told
            sys.stderr.flush()
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is None or not _alone():
        raise SystemExit(status)
    run_exit_functions()
    os._exit(status)


def _alone() -> bool:
    """Return whether this interpreter runs the command line and nothing else, untraced.

    It does when started as ``tenncare-calc`` (the console script) or ``python -m
    tenncare_calc``, not asked to stay interactive (``-i``) and with no trace or profile function.

    >>> _alone()  # the interpreter running these examples
    False
    """
    given = list(getattr(sys, "orig_argv", ()))[1:]  # the interpreter's own arguments
    at = 0  # past its options (``-X importtime``, ``-u``) to what it runs
    while at < len(given) and given[at].startswith("-") and given[at] not in ("-m", "-c"):
        at += 2 if given[at] in _VALUED else 1
    runs = given[at : at + 2]
    started = runs == ["-m", "tenncare_calc"] or (
        bool(runs) and Path(runs[0]).name.startswith("tenncare-calc")
    )
    interactive = bool(sys.flags.inspect or os.environ.get("PYTHONINSPECT"))
    traced = sys.gettrace() is not None or sys.getprofile() is not None
    return started and not interactive and not traced
