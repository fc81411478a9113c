"""Parts of the work run on the cores (``columnar.core_parts``): every part once, in order.

The calling thread takes parts with the pool's workers and never waits for a worker that has not
started: with every worker busy elsewhere, it does all the parts itself.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.columnar import core_parts
from tenncare_calc.columnar.core_parts import each_part


@given(st.integers(0, 40))
def test_every_part_once_in_order(parts: int) -> None:
    """0, 1 and many parts: each part's result at its place, each part run once."""
    runs: list[int] = []
    lock = threading.Lock()

    def work(part: int) -> int:
        with lock:
            runs.append(part)
        return part * part

    assert each_part(work, parts) == [part * part for part in range(parts)]
    assert sorted(runs) == list(range(parts))


def test_the_caller_does_the_parts_no_worker_started() -> None:
    """With the pool's workers held elsewhere, the caller runs every part (and does not wait)."""
    release = threading.Event()
    pool = core_parts._workers()  # noqa: SLF001 - the pool the parts share
    held = [pool.submit(release.wait) for _ in range(pool._max_workers)]  # noqa: SLF001
    try:
        callers: set[str] = set()

        def work(part: int) -> int:
            callers.add(threading.current_thread().name)
            return part

        assert each_part(work, 8) == list(range(8))
        assert callers == {threading.current_thread().name}
    finally:
        release.set()
        for future in held:
            future.result()


def test_an_error_in_a_part_is_raised() -> None:
    """A part that fails fails the call, whichever thread ran it."""

    def work(part: int) -> int:
        if part == 5:
            message = "part 5"
            raise ValueError(message)
        return part

    with pytest.raises(ValueError, match="part 5"):
        each_part(work, 8)


def test_a_forked_child_makes_its_own_pool() -> None:
    """After a fork the parent's workers are not the child's: the child's first call makes a pool."""
    core_parts._workers()  # noqa: SLF001 - the parent's pool exists
    core_parts._forget_pool()  # noqa: SLF001 - what the child runs after a fork
    assert core_parts._pool is None  # noqa: SLF001
    assert each_part(lambda part: part + 1, 4) == [1, 2, 3, 4]
    assert core_parts._pool is not None  # noqa: SLF001


def test_an_error_is_raised_once_no_part_runs_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """When one part fails, every part a worker started has finished before the error is raised."""
    import time  # noqa: PLC0415

    monkeypatch.setattr(core_parts, "usable_cores", lambda _most: 4)
    monkeypatch.setattr(core_parts, "_pool", None)  # a pool of three workers for this test
    started: set[int] = set()
    finished: set[int] = set()
    lock = threading.Lock()

    def work(part: int) -> int:
        with lock:
            started.add(part)
        if part == 1:
            raise ValueError(part)
        time.sleep(0.05)
        with lock:
            finished.add(part)
        return part

    for _ in range(5):
        started.clear()
        finished.clear()
        with pytest.raises(ValueError, match="1"):
            each_part(work, 8)
        with lock:
            assert started - {1} == finished
