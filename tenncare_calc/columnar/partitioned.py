"""The batch computations over a Dask DataFrame, partition by partition, on one machine or a cluster.

:func:`~tenncare_calc.enrollment.member_months` and :func:`~tenncare_calc.enrollment.community_tenure` accept a Dask
DataFrame as well as an in-memory table. Both computations only ever relate rows of the **same
member**, so each partition that holds all of its members' rows can be computed on its own, by the
same single-machine code, into a small partial result (a day-by-day enrollment count, a few episode
counts); the partials are added up on the client. The results are identical to the single-machine
path, including the ``.rejected`` table (rows are 0-based positions in the Dask DataFrame, in
partition order).

Partitioning by member:

* when the frame's index is ``member_id`` with known divisions (``ddf.set_index("member_id")``),
  each member is already in one partition and the partitions are used as they are;
* otherwise the library numbers the rows (one pass to count each partition's rows) and shuffles
  the frame on ``member_id`` first, which costs a full exchange of the data between workers.

The computation runs on whatever Dask scheduler is active: a ``distributed.Client`` connected to a
cluster, or Dask's default local threads. Install the ``distributed`` extra
(``pip install 'tenncare-calc[distributed]'``); see ``docs/data.md`` for running it on a cluster.
"""

from __future__ import annotations

__all__ = ["PartitionResult", "combine_rejected", "is_dask_frame", "run_by_member"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.rejected import OnError, empty_rejected, rejected_error
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: The column the library adds to number rows before a shuffle.
ROW_COLUMN = "__tenncare_row__"


def is_dask_frame(data: object) -> bool:
    """Return whether ``data`` is a Dask DataFrame (without importing Dask).

    >>> is_dask_frame({"member_id": [1]})
    False
    """
    module = type(data).__module__
    return module.split(".")[0] in {"dask", "dask_expr"} and hasattr(data, "to_delayed")


@attrs.frozen
class PartitionResult:
    """One partition's partial result, with its rejected rows as positions in the whole frame."""

    partial: Any = attrs.field(repr=False)
    rows_in: int
    #: The partial's rejected rows are already positions in the whole frame (after a shuffle).
    global_rows: bool = False


def _dask() -> Any:  # noqa: ANN401 - the dask module
    return require("dask", extra="distributed", purpose="computing over a Dask DataFrame")


def _by_member_already(frame: Any) -> bool:  # noqa: ANN401
    return bool(frame.index.name == "member_id" and frame.known_divisions)


def _add_rows(part: Any, offsets: Sequence[int], partition_info: Any = None) -> Any:  # noqa: ANN401
    np = require("numpy", extra="data", purpose="numbering rows")
    number = partition_info["number"] if isinstance(partition_info, dict) else 0
    return part.assign(**{ROW_COLUMN: np.arange(len(part), dtype=np.int64) + offsets[number]})


def _run_part(
    part: Any,  # noqa: ANN401 - a pandas DataFrame
    compute: Callable[..., Any],
    options: dict[str, Any],
) -> PartitionResult:
    pa = require("pyarrow", extra="data", purpose="computing over a Dask DataFrame")
    positions = None
    if ROW_COLUMN in part.columns:
        positions = part[ROW_COLUMN].to_numpy()
        part = part.drop(columns=[ROW_COLUMN])
    partial = compute(part, **options)
    if positions is not None and partial.rejected.num_rows:
        local = partial.rejected.column("row").to_numpy()
        rejected = partial.rejected.set_column(0, "row", pa.array(positions[local]))
        partial = attrs.evolve(partial, rejected=rejected)
    return PartitionResult(partial, int(partial.rows_in), global_rows=positions is not None)


def run_by_member(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    compute: Callable[..., Any],
    **options: Any,  # noqa: ANN401
) -> list[PartitionResult]:
    """Return ``compute(partition, **options)`` for each partition of ``frame``, by member.

    Rejected rows in each partial are made positions in the whole frame.
    """
    dask = _dask()
    if not _by_member_already(frame):
        lengths = frame.map_partitions(len).compute()
        offsets = [0]
        for length in lengths:
            offsets.append(offsets[-1] + int(length))
        np = require("numpy", extra="data", purpose="numbering rows")
        meta = frame._meta.assign(**{ROW_COLUMN: np.zeros(0, dtype=np.int64)})  # noqa: SLF001 - Dask's documented empty frame of the right columns
        numbered = frame.map_partitions(_add_rows, offsets, partition_info=True, meta=meta)
        frame = numbered.shuffle(on="member_id")
    tasks = [dask.delayed(_run_part)(part, compute, options) for part in frame.to_delayed()]
    results: list[PartitionResult] = list(dask.compute(*tasks))
    pa = require("pyarrow", extra="data", purpose="computing over a Dask DataFrame")
    offset = 0
    fixed = []
    for result in results:
        if result.global_rows:
            fixed.append(result)
            continue
        partial = result.partial
        if partial.rejected.num_rows and offset:
            rows = partial.rejected.column("row").to_numpy() + offset
            partial = attrs.evolve(
                partial, rejected=partial.rejected.set_column(0, "row", pa.array(rows))
            )
        fixed.append(PartitionResult(partial, result.rows_in))
        offset += result.rows_in
    return fixed


def combine_rejected(results: Sequence[PartitionResult], *, on_error: OnError, name: str) -> Any:  # noqa: ANN401
    """Return the partitions' rejected rows as one table sorted by row; raise if not collecting."""
    pa = require("pyarrow", extra="data", purpose="computing over a Dask DataFrame")
    tables = [r.partial.rejected for r in results if r.partial.rejected.num_rows]
    rejected = pa.concat_tables(tables).sort_by("row") if tables else empty_rejected()
    rows_in = sum(r.rows_in for r in results)
    if on_error == "raise" and rejected.num_rows:
        raise rejected_error(name, rows_in, rejected)
    return rejected
