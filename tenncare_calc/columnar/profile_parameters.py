"""Profile parameters by row: which version of a contract parameter applies on each row's day.

A parameter of the contract profile (``nemt.decision_hours``) may change over the contract's term;
a batch check reads, for each row, the version in force on the row's day, and rejects a row outside
the parameter's term.
"""

from __future__ import annotations

__all__ = ["parameter_versions"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.column_kinds import days_from_date
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

    IntArray = npt.NDArray[np.int64]


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def parameter_versions(
    table: TableInput,
    profile: ContractProfile,
    name: str,
    *,
    days: IntArray,
    column: str,
) -> tuple[TableInput, IntArray, list[ParameterValue]]:
    """Return which version of a profile parameter applies to each row, by the row's day.

    ``days`` are day numbers since 1970-01-01 (of ``column``); a row outside the parameter's term
    is rejected naming the term. Returns the table, each row's version index, and the versions.

    >>> import numpy as np
    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.columnar import Column, ColumnKind, days_from_date, read_table
    >>> import datetime as dt
    >>> table = read_table({"at": ["2008-10-01", "2008-01-01"]}, [Column("at", ColumnKind.LABEL)],
    ...     name="t")
    >>> days = np.array([days_from_date(dt.date(2008, 10, 1)), days_from_date(dt.date(2008, 1, 1))])
    >>> table, index, versions = parameter_versions(table, default_profile(),
    ...     "nemt.decision_hours", days=days, column="at")
    >>> versions[index[0]].value, table.check(on_error="collect").rejected.to_pylist()
    (24, [{'row': 1, 'reason': 'at 2008-01-01 is outside the term of nemt.decision_hours (from 2008-09-01)'}])
    """
    np = _np()
    parameter = profile.parameters[name]
    starts = np.array([days_from_date(v.effective_from) for v in parameter.versions])
    index = np.searchsorted(starts, days, side="right") - 1
    outside = index < 0
    if parameter.effective_through is not None:
        outside |= days > days_from_date(parameter.effective_through)
    term = f"from {parameter.versions[0].effective_from.isoformat()}"
    if parameter.effective_through is not None:
        term += f" through {parameter.effective_through.isoformat()}"
    table = table.reject(outside, f"{column} {{{column}!s}} is outside the term of {name} ({term})")
    values = [parameter.at(version.effective_from) for version in parameter.versions]
    result: IntArray = np.clip(index, 0, None)
    return table, result, values
