"""A result's parts: named tables of typed columns, the neutral form every surface renders.

A result that can show itself as tables returns its parts as :class:`Table` values: named tables
whose columns are typed (:class:`ColumnType`: text, money, rate, number, count, date, bool). The
rule packages build these and nothing more; how a table looks as aligned text, Markdown, HTML, CSV,
a DataFrame or an Excel sheet is the business of :mod:`tenncare_calc.outputs`, which installs
itself here (:func:`install_surfaces`) when the package is imported. That keeps the imports one
way: the rules know the neutral description, never a screen.

>>> table = Table(
...     "lines",
...     "Lines",
...     (Column("item", ColumnType.TEXT), Column("amount", ColumnType.MONEY)),
...     (("=cmd", Decimal("5.5")), ("fee", None)),
... )
>>> table.records()
[{'item': '=cmd', 'amount': '5.5'}, {'item': 'fee', 'amount': None}]
>>> print(table.render_text())
Lines
item  amount
----  ------
=cmd   $5.50
fee        —
>>> print(table.render_csv(), end="")
item,amount
'=cmd,5.5
fee,
"""

from __future__ import annotations

__all__ = [
    "NO_VALUE",
    "REJECTED_COLUMNS",
    "ROW_ACCOUNT_COLUMNS",
    "Cell",
    "Column",
    "ColumnType",
    "Surfaces",
    "Table",
    "install_surfaces",
    "surfaces",
]

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from tenncare_calc.core.errors import InvalidInputError, TennCareError
from tenncare_calc.core.values import format_decimal

if TYPE_CHECKING:
    import builtins
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

#: What a table cell may hold: its column type's value, or ``None`` for "no value".
Cell = str | Decimal | int | bool | dt.date | None

#: How an empty cell is shown by default (a column may say what its empty cell means instead).
NO_VALUE = "—"


class ColumnType(enum.Enum):
    """What a column holds, which decides how each surface stores and shows it."""

    #: Free text (str). Escaped against formula injection in CSV and Excel.
    TEXT = "text"
    #: Dollars (Decimal), shown as ``$1,234.50``; stored exactly (never float) in CSV and JSON.
    MONEY = "money"
    #: A percentage in [0, 100] (Decimal): ``58.2`` means 58.2%.
    RATE = "rate"
    #: Any other exact number (Decimal): member months, percentage points.
    NUMBER = "number"
    #: A whole number (int).
    COUNT = "count"
    #: A calendar date (datetime.date), ISO text in CSV and JSON.
    DATE = "date"
    #: True or false (bool).
    BOOL = "bool"

    @property
    def numeric(self) -> bool:
        """Return whether the column holds numbers (right-aligned, stored as numbers)."""
        return self in {ColumnType.MONEY, ColumnType.RATE, ColumnType.NUMBER, ColumnType.COUNT}


_PYTHON_TYPES: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.TEXT: (str,),
    ColumnType.MONEY: (Decimal,),
    ColumnType.RATE: (Decimal,),
    ColumnType.NUMBER: (Decimal,),
    ColumnType.COUNT: (int,),
    ColumnType.DATE: (dt.date,),
    ColumnType.BOOL: (bool,),
}


@attrs.frozen
class Column:
    """A named, typed column: what it holds, its heading and its unit."""

    name: str
    type: ColumnType
    title: str = ""
    unit: str = ""
    description: str = ""
    #: Whether the compact terminal table (``--format table``) shows the column.
    brief: bool = True
    #: Whether numbers are shown with thousands separators (not for years).
    grouping: bool = True
    #: Decimal places a number is shown with in text, Markdown and HTML (rounded half-up, for the
    #: eye only: CSV, JSON, frames and Excel keep the exact value); ``None`` shows every digit.
    places: int | None = None
    #: What an empty cell (``None``) means, shown in text, Markdown and HTML ("all plans").
    none_text: str = NO_VALUE

    @property
    def heading(self) -> str:
        """Return the column's heading: its title, or its name with spaces."""
        return self.title or self.name.replace("_", " ")

    def accepts(self, kind: builtins.type) -> bool:
        """Return whether a cell of type ``kind`` may stand in the column (``NoneType`` always may).

        >>> Column("n", ColumnType.COUNT).accepts(int), Column("n", ColumnType.COUNT).accepts(bool)
        (True, False)
        """
        if kind is type(None):
            return True
        if issubclass(kind, bool) and self.type is not ColumnType.BOOL:
            return False
        if issubclass(kind, dt.datetime):
            return False
        return issubclass(kind, _PYTHON_TYPES[self.type])

    def check(self, value: object, *, table: str, row: int) -> None:
        """Raise if ``value`` is not of the column's type (``None`` is always allowed)."""
        if value is None:
            return
        expected = _PYTHON_TYPES[self.type]
        wrong_bool = isinstance(value, bool) and self.type is not ColumnType.BOOL
        wrong_datetime = isinstance(value, dt.datetime)
        if wrong_bool or wrong_datetime or not isinstance(value, expected):
            raise InvalidInputError(
                f"table {table!r} row {row} column {self.name!r} is {self.type.value} and cannot "
                f"hold {value!r}",
                field=self.name,
                value=value,
            )

    def plain(self, value: Cell) -> str | int | bool | None:
        """Return ``value`` as JSON-ready data: exact decimal text, ISO dates, bools, ``None``."""
        if isinstance(value, Decimal):
            return format_decimal(value, grouping=False)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


@attrs.frozen
class Table:
    """One named part of a result: typed columns and rows of cells.

    A ``record`` table has exactly one row and is shown as field/value pairs (a summary); other
    tables are shown as rows (lines of a statement, assessments of a ledger, findings).
    ``brief=False`` leaves the part out of the terminal view of the whole result (``--format
    table`` without ``--part``), as ``Column.brief`` does for a column; every other surface shows it.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    record: bool = False
    brief: bool = True
    #: In an excerpt (:meth:`excerpt`): where rows were left out (the position of the gap among
    #: ``rows``) and how many; every surface shows a line saying so there.
    hidden: tuple[int, int] | None = None

    def __attrs_post_init__(self) -> None:
        """Check every row against the columns, so a malformed table cannot exist."""
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"table {self.name!r} repeats a column name: {names}")
        if self.record and len(self.rows) != 1:
            raise InvalidInputError(f"record table {self.name!r} must have exactly one row")
        # Whole columns are checked by the set of their cells' types (fast on large tables); only
        # when one is wrong are the cells walked, to name the first bad one.
        width = len(self.columns)
        shaped = all(len(row) == width for row in self.rows)
        if shaped and all(
            all(map(column.accepts, set(map(type, values))))
            for column, values in zip(self.columns, zip(*self.rows, strict=True), strict=False)
        ):
            return
        for number, row in enumerate(self.rows):
            if len(row) != width:
                raise InvalidInputError(
                    f"table {self.name!r} row {number} has {len(row)} cells for {width} columns"
                )
            for column, value in zip(self.columns, row, strict=True):
                column.check(value, table=self.name, row=number)

    @classmethod
    def from_records(
        cls,
        name: str,
        title: str,
        columns: Sequence[Column],
        records: Iterable[Mapping[str, Cell]],
        *,
        record: bool = False,
    ) -> Table:
        """Return a table from mappings of column name to value (missing names are ``None``)."""
        rows = tuple(tuple(item.get(column.name) for column in columns) for item in records)
        return cls(name, title, tuple(columns), rows, record=record)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        known = [column.name for column in self.columns]
        raise InvalidInputError(
            f"table {self.name!r} has no column {name!r}; columns: {known}", field=name, value=name
        )

    def index(self, name: str) -> int:
        """Return the position of the column called ``name``."""
        return self.columns.index(self.column(name))

    def values(self, name: str) -> list[Cell]:
        """Return the cells of one column, top to bottom."""
        at = self.index(name)
        return [row[at] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as flat JSON-ready dicts (Decimals as exact text, dates ISO)."""
        return [
            {
                column.name: column.plain(value)
                for column, value in zip(self.columns, row, strict=True)
            }
            for row in self.rows
        ]

    def head(self, rows: int) -> Table:
        """Return the first ``rows`` rows of a row part, its title saying so (a record as it is).

        >>> table = Table("t", "Lines", (Column("n", ColumnType.COUNT),), ((1,), (2,), (3,)))
        >>> short = table.head(2)
        >>> short.title, short.rows
        ('Lines (the first 2 of 3 rows)', ((1,), (2,)))
        """
        if self.record or len(self.rows) <= rows:
            return self
        return attrs.evolve(
            self,
            title=f"{self.title} (the first {rows:,} of {len(self.rows):,} rows)",
            rows=self.rows[:rows],
        )

    def excerpt(self, rows: int) -> Table:
        """Return at most ``rows`` rows of a row part: its first and last, the gap marked (``hidden``).

        A record part, or one with no more than ``rows`` rows, is returned as it is. A notebook
        shows a result's parts this way, so a cell stays small whatever the data.

        >>> table = Table("t", "Lines", (Column("n", ColumnType.COUNT),), tuple((n,) for n in range(9)))
        >>> short = table.excerpt(4)
        >>> short.rows, short.hidden
        (((0,), (1,), (7,), (8,)), (2, 5))
        >>> print(short.render_text())
        Lines
        n
        -
        0
        1
        … 5 more rows (3 to 7 of 9) not shown
        7
        8
        """
        total = len(self.rows)
        if self.record or total <= rows:
            return self
        first = (rows + 1) // 2
        last = rows - first
        kept = self.rows[:first] + (self.rows[total - last :] if last else ())
        return attrs.evolve(self, rows=kept, hidden=(first, total - rows))

    def clipped(self, width: int) -> Table:
        """Return the part with every text cell longer than ``width`` cut short with ``…``.

        >>> table = Table("t", "Notes", (Column("note", ColumnType.TEXT),), (("abcdefgh",),))
        >>> table.clipped(5).rows
        (('abcd…',),)
        """

        def clip(value: Cell) -> Cell:
            if isinstance(value, str) and len(value) > width:
                return value[: width - 1] + "…"
            return value

        if not any(isinstance(v, str) and len(v) > width for row in self.rows for v in row):
            return self
        return attrs.evolve(self, rows=tuple(tuple(map(clip, row)) for row in self.rows))

    def hidden_note(self) -> str | None:
        """Return the line an excerpt shows where rows were left out, or ``None`` if none were.

        >>> table = Table("t", "Lines", (Column("n", ColumnType.COUNT),), tuple((n,) for n in range(9)))
        >>> table.excerpt(4).hidden_note()
        '… 5 more rows (3 to 7 of 9) not shown'
        """
        if self.hidden is None:
            return None
        at, count = self.hidden
        total = len(self.rows) + count
        rows = "row" if count == 1 else "rows"
        return f"… {count:,} more {rows} ({at + 1:,} to {at + count:,} of {total:,}) not shown"

    def render_text(self, *, brief: bool = False) -> str:
        """Return the table as aligned plain text under its title (numbers right-aligned).

        ``brief`` leaves out the columns not marked ``brief`` (long reasons) for a terminal.
        Rendered by :func:`tenncare_calc.outputs.text_tables.render_text`.
        """
        return surfaces().text(self, brief=brief)

    def render_markdown(self) -> str:
        """Return the table as a Markdown (GitHub) table under a bold title."""
        return surfaces().markdown(self)

    def render_html(self) -> str:
        """Return the table as an HTML ``<table>`` with a caption; every text is escaped."""
        return surfaces().html(self)

    def render_csv(self) -> str:
        """Return the table as CSV text (RFC 4180: CRLF line ends), text escaped for spreadsheets."""
        return surfaces().csv(self)


#: The columns of a part listing rejected input rows: the row and the reason.
REJECTED_COLUMNS: tuple[Column, ...] = (
    Column(
        "row",
        ColumnType.COUNT,
        grouping=False,
        description="the row's line in its file (header = line 1); for rows given in Python, "
        "its 0-based position",
    ),
    Column("reason", ColumnType.TEXT, description="why the row could not be used"),
)

#: The row accounting every batch result's summary carries: rows in = rows used + rows rejected.
ROW_ACCOUNT_COLUMNS: tuple[Column, ...] = (
    Column("rows_in", ColumnType.COUNT, title="rows in", description="rows used + rows rejected"),
    Column("rows_used", ColumnType.COUNT, title="rows used", description="input rows computed"),
    Column(
        "rows_rejected",
        ColumnType.COUNT,
        title="rows rejected",
        description="input rows that could not be used (see the rejected part)",
    ),
)


class Surfaces(Protocol):
    """What renders tables and results: installed by :mod:`tenncare_calc.outputs` on import.

    The rule packages describe their results as :class:`Table` parts, formula templates and chart
    specifications (:mod:`tenncare_calc.core.charts`); the surfaces turn them into text and files.
    """

    def text(self, table: Table, *, brief: bool) -> str:
        """Return ``table`` as aligned plain text."""

    def markdown(self, table: Table) -> str:
        """Return ``table`` as a Markdown table."""

    def html(self, table: Table) -> str:
        """Return ``table`` as an escaped HTML table."""

    def html_document(self, tables: Sequence[Table]) -> str:
        """Return several tables as one HTML fragment (a notebook's rich display)."""

    def csv(self, table: Table) -> str:
        """Return ``table`` as spreadsheet-safe CSV text."""

    def frame(self, table: Table, *, numbers: Literal["decimal", "string", "float"]) -> Any:  # noqa: ANN401 - a pandas DataFrame, an optional dependency
        """Return ``table`` as a pandas DataFrame."""

    def workbook(self, result: object, path: str | Path) -> Path:
        """Return the path of a workbook written from ``result``'s parts and formulas."""

    def plot(self, chart: object, ax: Any) -> Any:  # noqa: ANN401 - matplotlib Axes, optional
        """Return the matplotlib Axes with ``chart`` drawn on them."""

    def report(self, result: Any) -> str:  # noqa: ANN401 - a Presentable (defined above parts)
        """Return ``result`` as a self-contained HTML document."""


_INSTALLED: list[Surfaces] = []


def install_surfaces(renderer: Surfaces) -> None:
    """Make ``renderer`` the surfaces every table and result renders through (the last one wins).

    :mod:`tenncare_calc.outputs` calls it when the package is imported.
    """
    _INSTALLED[:] = [renderer]


def surfaces() -> Surfaces:
    """Return the installed surfaces, or raise when none is (``tenncare_calc.outputs`` not imported).

    >>> type(surfaces()).__module__
    'tenncare_calc.outputs.surfaces'
    """
    if not _INSTALLED:
        raise TennCareError(
            "no output surfaces are installed: import tenncare_calc (or tenncare_calc.outputs) "
            "before rendering a result"
        )
    return _INSTALLED[0]
