"""How many threads a columnar pass may use: the cores this process may run on.

>>> 1 <= usable_cores(4) <= 4
True
"""

from __future__ import annotations

__all__ = ["usable_cores"]

import os


def usable_cores(at_most: int) -> int:
    """Return the cores this process may run on (its CPU affinity), from 1 to ``at_most``.

    >>> usable_cores(1)
    1
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, at_most))
