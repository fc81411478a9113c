"""Trip rows: how the NEMT table checks read times, blanks and each row's profile parameter.

The table checks (:func:`~tenncare_calc.compliance.nemt.requests.request_lead_time_table` and
the others) read trip rows with the columnar readers; these are the steps they share: rejecting a
moment without a time of day, finding blank cells, looking up each row's version of a profile
parameter by its day, and writing a text column made once per distinct key.

>>> _texts_by(_np().array([3, 4, 3]), lambda key: f"{key} hours").to_pylist()
['3 hours', '4 hours', '3 hours']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenncare_calc.columnar import TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


def _np() -> Any:  # noqa: ANN401 - the numpy module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("numpy", extra="data", purpose="checking NEMT trips over a table")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("pyarrow", extra="data", purpose="checking NEMT trips over a table")


def _timed(table: TableInput, column: str, timed: Any) -> TableInput:  # noqa: ANN401 - numpy bool
    return table.reject(~timed, f"{column} {{{column}!s}} has no time of day")


def _per_row(
    table: TableInput,
    profile: ContractProfile,
    name: str,
    *,
    days: Any,  # noqa: ANN401 - numpy int64 array, or a function returning one
    column: str,
    span: tuple[int, int] | None = None,
) -> tuple[TableInput, Any, list[ParameterValue]]:
    """Return each row's value of an integer parameter (by the row's day), and the versions.

    When every row's day falls in one version's span (the usual case: a table of a few months),
    that version applies to all of them and no row is looked up: the value comes back as one
    number (a numpy ``int64``, which numpy spreads over the rows; :func:`_kept` takes the rows of
    either form); the versions are the same. ``days`` may be a function computing the days, called
    only when the versions must be looked up row by row; ``span`` is then the first and last day
    (:func:`_day_span`).
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    parameter = profile.parameters[name]
    if span is None and callable(days):
        days = days()
    if span is not None or len(days):
        first, last = span if span is not None else (int(days.min()), int(days.max()))
        starts = [cols.days_from_date(version.effective_from) for version in parameter.versions]
        ends = [start - 1 for start in starts[1:]]
        through = parameter.effective_through
        ends.append(last if through is None else cols.days_from_date(through))
        for start, end in zip(starts, ends, strict=True):
            if start <= first and last <= end:
                versions = [parameter.at(version.effective_from) for version in parameter.versions]
                value = versions[starts.index(start)].value
                return table, np.int64(value), versions
    if callable(days):
        days = days()
    table, index, versions = cols.parameter_versions(table, profile, name, days=days, column=column)
    values = np.array([version.value for version in versions], dtype=np.int64)[index]
    return table, values, versions


def _day_span(moments: Any) -> tuple[int, int] | None:  # noqa: ANN401 - numpy int64 array
    """Return the first and last day of moments in microseconds (None for no moments).

    The days of the earliest and the latest moment: the day is monotonic in the moment, so no
    row's day need be computed.

    >>> _day_span(_np().array([86_400_000_000 * 3 + 5, -1]))
    (-1, 3)
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    if not len(moments):
        return None
    return int(moments.min()) // cols.MICROS_PER_DAY, int(moments.max()) // cols.MICROS_PER_DAY


def _kept(values: Any, keep: Any) -> Any:  # noqa: ANN401 - numpy arrays or a numpy number
    """Return the kept rows of a column of ``_per_row`` values (a single value stays one).

    >>> np = _np()
    >>> _kept(np.int64(24), slice(None)), _kept(np.array([1, 2, 3]), np.array([0, 2])).tolist()
    (np.int64(24), [1, 3])
    """
    np = _np()
    return values if np.ndim(values) == 0 else values[keep]


def _blockwise(rows: int, judge: Any) -> Any:  # noqa: ANN401 - a callable; a numpy bool array
    """Return ``judge(block)`` for every block of rows, as one bool array ``rows`` long.

    ``block`` is a slice of at most 65,536 rows: the figures a verdict is computed from (a lead
    time: one time minus another) stay in the processor's cache instead of filling new arrays of
    a million.

    >>> np = _np()
    >>> times = np.arange(5)
    >>> _blockwise(5, lambda block: times[block] - 1 >= 2).tolist()
    [False, False, False, True, True]
    """
    np = _np()
    result = np.empty(rows, dtype=bool)
    for begin in range(0, rows, _BLOCK):
        block = slice(begin, min(begin + _BLOCK, rows))
        result[block] = judge(block)
    return result


def _part(values: Any, block: slice) -> Any:  # noqa: ANN401 - numpy arrays or a numpy number
    """Return a block of a column of ``_per_row`` values (a single value stays one)."""
    np = _np()
    return values if np.ndim(values) == 0 else values[block]


#: Rows judged at a time by :func:`_blockwise`.
_BLOCK = 1 << 16


def _texts_by(keys: Any, make: Any) -> Any:  # noqa: ANN401 - numpy int64 array and a callable
    """Return a text column of ``make(key)`` for each row's key, made once per distinct key."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    if not len(keys):
        return cols.repeated_text("", 0)
    low, high = int(keys.min()), int(keys.max())
    if low == high:
        return cols.repeated_text(make(low), len(keys))
    if high - low < _FEW_KEYS:
        # a few keys (hours): counted in a table of them, numbered in their order, as groups
        # numbers them, without grouping the rows
        np = _np()
        offset = keys - low
        present = np.flatnonzero(np.bincount(offset, minlength=high - low + 1))
        number = np.zeros(high - low + 1, dtype=np.int32)
        number[present] = np.arange(len(present), dtype=np.int32)
        return cols.text_column(
            np.take(number, offset), [make(int(key) + low) for key in present.tolist()]
        )
    group, row = cols.groups((keys - low, high - low + 1))
    return cols.text_column(group, [make(key) for key in keys[row].tolist()])


#: Keys spanning fewer values than this are counted in a table by :func:`_texts_by`.
_FEW_KEYS = 1 << 12
