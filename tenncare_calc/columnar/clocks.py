"""Clocks: a row's moments from columns in different time zones, compared as the one-value checks compare them.

:func:`~tenncare_calc.columnar.times.moments` reads a timestamp column with a zone on its local
wall clock. The one-value checks subtract Python ``datetime`` values: two in one zone are measured
on its wall clock, two in different zones as the instants they are. A table's check does the
same: :func:`on_clock_of` gives a column's moments on the wall clock of the check's first moment
column (``requested_at``), converted when the two columns' zones differ, so that the time between
them is the time between the instants; a column in the same zone, or two columns without zones,
are read as written. A row that has a zone in one column and none in the other is rejected with
the reason the one-value check gives as an error: neither can be measured against the other.

>>> import datetime as dt
>>> import pyarrow as pa
>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
>>> utc, central = pa.timestamp("us", tz="UTC"), pa.timestamp("us", tz="America/Chicago")
>>> table = read_table(
...     pa.table({"requested_at": pa.array([dt.datetime(2008, 10, 6, 15)], utc),
...               "decided_at": pa.array([dt.datetime(2008, 10, 8, 14)], central)}),  # instants, in UTC
...     [Column("requested_at", ColumnKind.LABEL), Column("decided_at", ColumnKind.LABEL)],
...     name="requests")
>>> from tenncare_calc.columnar.times import moments
>>> table, requested, _ = moments(table, "requested_at")
>>> table, decided, _ = moments(table, "decided_at")
>>> (decided - requested) // 3_600_000_000  # 15:00 UTC to 09:00 Central, two days on: wall clocks
array([42])
>>> table, decided = on_clock_of(table, "decided_at", decided, "requested_at")
>>> (decided - requested) // 3_600_000_000  # 09:00 Central (CDT) is 14:00 UTC: 47 hours
array([47])
"""

from __future__ import annotations

__all__ = ["on_clock_of", "zone_of"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def _timestamps(table: TableInput, column: str) -> Any:  # noqa: ANN401 - a pyarrow array or None
    pa = _pa()
    array = table.column(column)
    kind = array.type.value_type if pa.types.is_dictionary(array.type) else array.type
    if not pa.types.is_timestamp(kind):  # text or dates: no zone, and nothing decoded
        return None
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array


def zone_of(table: TableInput, column: str) -> str | None:
    """Return the time zone of a table's timestamp column; ``None`` for one without, text or dates.

    >>> import datetime as dt
    >>> import pyarrow as pa
    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> at = pa.array([dt.datetime(2008, 10, 6, 9)], pa.timestamp("us", tz="America/Chicago"))
    >>> table = read_table(pa.table({"at": at}), [Column("at", ColumnKind.LABEL)], name="t")
    >>> zone_of(table, "at")
    'America/Chicago'
    """
    array = _timestamps(table, column)
    zone: str | None = None if array is None else array.type.tz
    return zone


def _offsets(table: TableInput, column: str) -> IntArray:
    """Return each row's local wall clock minus its instant, in microseconds (0 for a null)."""
    np, pa = _np(), _pa()
    array = _timestamps(table, column)
    micros = pa.timestamp("us")
    instants = compute.cast(compute.cast(array, micros), pa.int64())
    local = compute.cast(compute.cast(compute.local_timestamp(array), micros), pa.int64())
    shift = compute.fill_null(compute.subtract(local, instants), 0)
    if isinstance(shift, pa.ChunkedArray):
        shift = shift.combine_chunks()
    offsets: IntArray = np.asarray(shift.to_numpy(), dtype=np.int64)
    return offsets


def on_clock_of(
    table: TableInput,
    column: str,
    micros: IntArray,
    reference: str,
    *,
    rows: BoolArray | None = None,
) -> tuple[TableInput, IntArray]:
    """Return a column's moments on the wall clock of the ``reference`` column, row by row.

    ``micros`` are the column's moments as :func:`~tenncare_calc.columnar.times.moments` read
    them (each on its own wall clock). When both columns are timestamps with different zones,
    each row's moment is moved by the difference of the two zones' offsets at that row, so the
    time between the two columns is the time between the instants, as the one-value checks
    measure two ``datetime`` values in different zones; otherwise the moments come back as they
    are. A row with a zone in one column and none in the other (text and timestamps without a
    zone have none) is rejected, as the one-value checks refuse a naive moment beside an aware
    one; ``rows`` (a mask) limits that to the rows whose check measures one against the other.

    >>> import numpy as np
    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"a": ["2008-10-06 09:00"], "b": ["2008-10-06 10:00"]},
    ...     [Column("a", ColumnKind.LABEL), Column("b", ColumnKind.LABEL)], name="t")
    >>> on_clock_of(table, "b", np.array([5]), "a")[1].tolist()  # no zones: as read
    [5]
    """
    np = _np()
    zone, reference_zone = zone_of(table, column), zone_of(table, reference)
    if zone == reference_zone:
        return table, micros
    if zone is None or reference_zone is None:
        aware, naive = (column, reference) if zone is not None else (reference, column)
        has_zone = zone if zone is not None else reference_zone
        reason = (
            f"{naive} {{{naive}!s}} has no time zone and {aware} {{{aware}!s}} is in {has_zone}: "
            "give both columns a zone or neither"
        )
        mixed = np.ones(table.rows_in, dtype=bool) if rows is None else rows
        return table.reject(mixed, reason), micros
    moved: IntArray = micros - _offsets(table, column) + _offsets(table, reference)
    return table, moved
