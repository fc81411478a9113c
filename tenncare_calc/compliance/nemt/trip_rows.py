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
    days: Any,  # noqa: ANN401 - numpy int64 array
    column: str,
) -> tuple[TableInput, Any, list[ParameterValue]]:
    """Return each row's value of an integer parameter (by the row's day), and the versions.

    When every row's day falls in one version's span (the usual case: a table of a few months),
    that version applies to all of them and no row is looked up; the versions are the same.
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    parameter = profile.parameters[name]
    if len(days):
        first, last = int(days.min()), int(days.max())
        starts = [cols.days_from_date(version.effective_from) for version in parameter.versions]
        ends = [start - 1 for start in starts[1:]]
        through = parameter.effective_through
        ends.append(last if through is None else cols.days_from_date(through))
        for start, end in zip(starts, ends, strict=True):
            if start <= first and last <= end:
                versions = [parameter.at(version.effective_from) for version in parameter.versions]
                value = versions[starts.index(start)].value
                return table, np.full(len(days), value, dtype=np.int64), versions
    table, index, versions = cols.parameter_versions(table, profile, name, days=days, column=column)
    values = np.array([version.value for version in versions], dtype=np.int64)[index]
    return table, values, versions


def _texts_by(keys: Any, make: Any) -> Any:  # noqa: ANN401 - numpy int64 array and a callable
    """Return a text column of ``make(key)`` for each row's key, made once per distinct key."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    if not len(keys):
        return cols.repeated_text("", 0)
    low, high = int(keys.min()), int(keys.max())
    if low == high:
        return cols.repeated_text(make(low), len(keys))
    group, row = cols.groups((keys - low, high - low + 1))
    return cols.text_column(group, [make(key) for key in keys[row].tolist()])


def _empty(array: Any) -> Any:  # noqa: ANN401 - pyarrow array in, numpy bool out
    """Return which values are null or blank text."""
    np, pa = _np(), _pa()
    import pyarrow.compute as pc  # noqa: PLC0415 - the data extra is loaded by now

    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        blank = pc.equal(pc.utf8_trim_whitespace(array), "")
        return np.asarray(
            pc.fill_null(pc.or_kleene(pc.is_null(array), blank), fill_value=True).to_numpy(
                zero_copy_only=False
            ),
            dtype=bool,
        )
    return np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
