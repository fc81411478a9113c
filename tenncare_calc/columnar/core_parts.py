"""Work split into parts run on the cores, the calling thread taking every part not yet started.

numpy and pyarrow let go of the GIL in their loops, so the parts of a long column (ranges of rows)
can run on several cores. :func:`each_part` hands the parts to a pool kept for the process (no
thread is started per call) and works on them itself meanwhile: a part a worker has not started
when the caller is free, on a busy machine, is done by the caller, which never waits for a worker
to be scheduled, only for the parts a worker is doing.

>>> each_part(lambda part: part * 10, 3)
[0, 10, 20]
"""

from __future__ import annotations

__all__ = ["each_part"]

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, TypeVar

from tenncare_calc.core.cores import usable_cores

if TYPE_CHECKING:
    from collections.abc import Callable

Result = TypeVar("Result")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ThreadPoolExecutor:
    """Return the process's pool of workers (one fewer than the cores), made on first use."""
    global _pool  # noqa: PLW0603 - one pool for the process, made when first needed
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max(1, usable_cores(8) - 1), thread_name_prefix="tenncare-calc-parts"
            )
        return _pool


def _forget_pool() -> None:
    """Drop the pool in a forked child: its workers are the parent's threads, not the child's."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_forget_pool)


def each_part(work: Callable[[int], Result], parts: int) -> list[Result]:
    """Return ``work(part)`` for each part from 0 to ``parts - 1``, run on the cores.

    The calling thread takes parts in turn with the pool's workers; an error in any part is
    raised here.

    >>> each_part(str, 1)
    ['0']
    """
    if parts <= 1 or usable_cores(8) <= 1:
        return [work(part) for part in range(parts)]
    results: dict[int, Result] = {}
    taken = iter(range(parts))
    lock = threading.Lock()

    def take_parts() -> None:
        while True:
            with lock:
                part = next(taken, None)
            if part is None:
                return
            results[part] = work(part)

    pool = _workers()
    helpers = [pool.submit(take_parts) for _ in range(min(parts - 1, usable_cores(8) - 1))]
    try:
        take_parts()
    finally:
        # every helper a worker took is waited for, even when one failed, then the first error
        # is raised: no part of this call is left running on the shared pool
        running = [helper for helper in helpers if not helper.cancel()]
        wait(running)
        for helper in running:
            helper.result()
    return [results[part] for part in range(parts)]
