"""What the utilization reports share: their parts, the profile, and the data libraries they need.

Each report of the utilization-management clause (the monthly sample, the no-utilization report,
the provider profiles) shows its enrollees or providers as a part, the input rows it could not use
as a ``rejected`` part and the profile parameters it applied as a ``parameters`` part.

>>> [column.type.name for column in (_member_column([1, 2]), _member_column(["a"]))]
['COUNT', 'TEXT']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import require
from tenncare_calc.core.parts import REJECTED_COLUMNS, Column, ColumnType, Table

if TYPE_CHECKING:
    from collections.abc import Hashable, Mapping, Sequence

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="utilization reports over tables")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="utilization reports over tables")


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    return resolve_profile(profile)


def _member_column(members: Sequence[Hashable], name: str = "member_id") -> Column:
    """Return the column of member ids: whole numbers shown plainly, or text."""
    whole = all(isinstance(m, int) and not isinstance(m, bool) for m in members)
    kind = ColumnType.COUNT if whole and members else ColumnType.TEXT
    return Column(name, kind, grouping=False, description="the enrollee's id")


def _rejected_part(rejected: Mapping[str, Any]) -> Table:
    """Return the ``rejected`` part over the inputs that were read (none for a plain population)."""
    from tenncare_calc.columnar import rejected_table  # noqa: PLC0415 - needs the data extra

    present = {name: table for name, table in rejected.items() if table is not None}
    if not present:
        return Table("rejected", "Rejected input rows", REJECTED_COLUMNS, (), brief=False)
    return rejected_table(present)


def _rejected_count(rejected: Any) -> int | None:  # noqa: ANN401 - a pyarrow Table or None
    return None if rejected is None else int(rejected.num_rows)


def _parameters_part(parameters: Sequence[ParameterValue]) -> Table:
    from tenncare_calc.contract.parameters import parameter_values_table  # noqa: PLC0415 - avoids a cycle

    return parameter_values_table(parameters)
