"""read_columns leaves no Python object to pyarrow's threads, so the interpreter exits cleanly.

pyarrow's streaming CSV reader (``open_csv``) handed the Python file and the bad-row handler to its
pool threads; a pool thread that let go of them last needed the GIL, and at interpreter exit that
aborted the process ("terminate called without an active exception", about 1 run in 20 of the
program run). The abort itself shows only in a loop of subprocesses, too slow and too random for
the suite; what these tests pin is its cause: the Python callbacks of a read run only on the
calling thread or on a reader thread that is joined before ``read_columns`` returns.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest

from tenncare_calc.columnar import read_columns
from tenncare_calc.enrollment import SPAN_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from tenncare_calc.columnar import Column

pytest.importorskip("pyarrow")


def _spans(folder: Path) -> Path:
    """Return a spans file of several 4 MiB blocks, with a malformed row in the second block."""
    lines = [f"{n},2008-01-01,2008-12-31\n" for n in range(400_000)]
    lines[250_000] = "250000,2008-01-01\n"
    path = folder / "spans.csv"
    path.write_text("member_id,start_date,end_date\n" + "".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("kinds", [None, SPAN_COLUMNS], ids=["text", "kinds"])
def test_callbacks_run_on_threads_that_are_joined(
    tmp_path: Path, kinds: Sequence[Column] | None
) -> None:
    """Progress is reported from Python threads only, none of them alive once the read returns."""
    threads: set[threading.Thread] = set()

    def progress(_: int) -> None:
        threads.add(threading.current_thread())

    columns = read_columns(_spans(tmp_path), kinds=kinds, progress=progress)
    assert columns.rows_in == 400_000
    assert [row for row, _ in columns.malformed] == [250_000]
    assert threads
    # A thread pyarrow started shows in Python as a dummy thread, alive until the process ends.
    assert all(t is threading.main_thread() or not t.is_alive() for t in threads), threads


def test_a_consumer_that_stops_early_joins_the_reader(tmp_path: Path) -> None:
    """The reader thread ends with the read even when the caller's code fails midway."""
    path = _spans(tmp_path)
    before = set(threading.enumerate())

    def where(_: Mapping[str, Any]) -> Any:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        read_columns(path, kinds=SPAN_COLUMNS, where=where)
    assert set(threading.enumerate()) <= before
