"""The optional packages Attachment V's table checks read with (the ``data`` extra), asked for once.

:mod:`.distance_table` and :mod:`.timeliness_table` ask for numpy and pyarrow here, so the message
of a missing package (what it was needed for, which extra installs it) is written once.

>>> _np().__name__, _pa().__name__
('numpy', 'pyarrow')
"""

from __future__ import annotations

from typing import Any

from tenncare_calc.core.errors import require

#: What the packages are for, in the message of a missing one.
_PURPOSE = "checking access standards over a table"


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose=_PURPOSE)


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose=_PURPOSE)
