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

__all__ = ["PandasHeldBack", "run"]

import os
import sys
from typing import TYPE_CHECKING

from tenncare_calc.cli.entry_point import main

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

#: The package held back: it and its submodules.
_HELD = "pandas"
#: The variable that sizes OpenBLAS's thread pool (read when numpy is first imported).
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"


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
