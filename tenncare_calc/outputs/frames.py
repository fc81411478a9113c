"""Tables as pandas DataFrames, exact by default (the ``pandas`` extra).

:func:`table_to_frame` turns a :class:`~tenncare_calc.core.parts.Table` into a DataFrame whose column
dtypes follow the column types:

========== ========================= ======================== =====================
column     ``numbers="decimal"``     ``numbers="string"``     ``numbers="float"``
========== ========================= ======================== =====================
money      ``object`` of ``Decimal`` ``string`` (exact text)  ``float64``
rate       ``object`` of ``Decimal`` ``string``               ``float64``
number     ``object`` of ``Decimal`` ``string``               ``float64``
count      ``Int64`` (nullable)      ``Int64``                ``Int64``
date       ``datetime64[s]``         ``datetime64[s]``        ``datetime64[s]``
bool       ``boolean`` (nullable)    ``boolean``              ``boolean``
text       ``string``                ``string``               ``string``
========== ========================= ======================== =====================

``"decimal"`` (the default) keeps every cent exact: sums of a money column are ``Decimal``.
``"string"`` is exact text, for writing to files. ``"float"`` is for plotting and statistics only:
never compare a float column against a contract threshold. Missing values are ``None``/``<NA>``/
``NaT``/``NaN`` by dtype. ``frame.attrs`` carries the part's name and title and each column's type
and unit.
"""

from __future__ import annotations

__all__ = ["table_to_frame"]

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.parts import ColumnType

if TYPE_CHECKING:
    import pandas as pd

    from tenncare_calc.core.parts import Column, Table

_NUMBERS = ("decimal", "string", "float")


def _series(  # noqa: PLR0911 - one return per column type
    column: Column, values: list[Any], numbers: str
) -> pd.Series[Any]:
    import pandas as pd  # noqa: PLC0415 - optional; table_to_frame checked it is installed

    kind = column.type
    if kind in {ColumnType.MONEY, ColumnType.RATE, ColumnType.NUMBER}:
        if numbers == "decimal":
            return pd.Series(values, dtype="object", name=column.name)
        if numbers == "string":
            texts = [None if value is None else column.plain(value) for value in values]
            return pd.Series(texts, dtype="string", name=column.name)
        floats = [float("nan") if value is None else float(value) for value in values]
        return pd.Series(floats, dtype="float64", name=column.name)
    if kind is ColumnType.COUNT:
        return pd.Series(values, dtype="Int64", name=column.name)
    if kind is ColumnType.BOOL:
        return pd.Series(values, dtype="boolean", name=column.name)
    if kind is ColumnType.DATE:
        stamps = [
            None if value is None else dt.datetime.combine(value, dt.time()) for value in values
        ]
        return pd.Series(stamps, dtype="datetime64[s]", name=column.name)
    return pd.Series(values, dtype="string", name=column.name)


def table_to_frame(
    table: Table,
    *,
    numbers: Literal["decimal", "string", "float"] = "decimal",
) -> pd.DataFrame:
    """Return ``table`` as a pandas DataFrame with dtypes by column type (see the module docs).

    >>> from decimal import Decimal
    >>> from tenncare_calc.core.parts import Column, ColumnType, Table
    >>> table = Table("lines", "Lines", (Column("amount", ColumnType.MONEY),), ((Decimal("0.10"),), (Decimal("0.20"),)))
    >>> table_to_frame(table)["amount"].sum()
    Decimal('0.30')
    >>> table_to_frame(table, numbers="string")["amount"].tolist()
    ['0.10', '0.20']
    """
    if numbers not in _NUMBERS:
        raise InvalidInputError(
            f"'numbers' must be one of {list(_NUMBERS)} (got {numbers!r})",
            field="numbers",
            value=numbers,
        )
    require("pandas", extra="pandas", purpose="to_frame()")
    import pandas as pd  # noqa: PLC0415 - optional, imported only when a frame is asked for

    columns = {
        column.name: _series(column, table.values(column.name), numbers) for column in table.columns
    }
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(table.rows)))
    frame.attrs.update(
        {
            "part": table.name,
            "title": table.title,
            "numbers": numbers,
            "column_types": {column.name: column.type.value for column in table.columns},
            "units": {column.name: column.unit for column in table.columns if column.unit},
        }
    )
    return frame
