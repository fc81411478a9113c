"""Results as named tables of typed columns, and the surfaces every tabular result gets for free.

A result that can show itself as tables implements one method, ``tables()``, returning its parts as
:class:`Table` values: named tables whose columns are typed (:class:`ColumnType`: text, money, rate,
number, count, date, bool). From that one method the :class:`Presentable` mixin gives it

* ``to_markdown()`` and ``_repr_markdown_()`` (Markdown tables),
* ``_repr_html_()`` (escaped HTML tables, which Jupyter shows),
* ``to_csv(part=...)`` (one part as CSV, spreadsheet-safe),
* ``to_frame(part=...)`` (a pandas DataFrame, :mod:`tenncare_calc.outputs.frames`),
* ``to_excel(path)`` (a workbook with live formulas, :mod:`tenncare_calc.outputs.workbook`),

and the command line prints the same tables as aligned text, CSV, Markdown or JSON records. How a
new result type plugs in is described in ``docs/developers.md``.

>>> table = Table(
...     "lines",
...     "Lines",
...     (Column("item", ColumnType.TEXT), Column("amount", ColumnType.MONEY)),
...     (("=cmd", Decimal("5.5")), ("fee", None)),
... )
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
    "REJECTED_COLUMNS",
    "ROW_ACCOUNT_COLUMNS",
    "Cell",
    "Column",
    "ColumnType",
    "Presentable",
    "Table",
    "escape_spreadsheet_text",
]

import csv
import datetime as dt
import enum
import html
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.values import exact_context, format_decimal, format_money

if TYPE_CHECKING:
    import builtins
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

    import pandas as pd

#: What a table cell may hold: its column type's value, or ``None`` for "no value".
Cell = str | Decimal | int | bool | dt.date | None

#: Leading characters a spreadsheet may read as the start of a formula (or a hidden control).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NONE = "—"
#: The widest a text cell is shown in a brief (terminal) table before it is cut with "…".
BRIEF_TEXT_WIDTH = 48


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


def escape_spreadsheet_text(text: str) -> str:
    """Return ``text`` made safe for a spreadsheet cell: a leading ``'`` if it could start a formula.

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is
    read by spreadsheet programs as a formula (CSV or formula injection); the apostrophe makes them
    show it as the text it is.

    >>> print(escape_spreadsheet_text("=1+2"), escape_spreadsheet_text("@SUM(A1)"))
    '=1+2 '@SUM(A1)
    >>> escape_spreadsheet_text("HbA1c Testing")
    'HbA1c Testing'
    """
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


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
    none_text: str = _NONE

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

    def display(self, value: Cell) -> str:  # noqa: PLR0911 - one return per column type
        """Return ``value`` as a person reads it (``$1,234.50``, ``58.2%``, ``yes``)."""
        if value is None:
            return self.none_text
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Decimal):
            value = self._shown(value)
            if self.type is ColumnType.MONEY:
                return format_money(value)
            if self.type is ColumnType.RATE:
                return f"{format_decimal(value, grouping=False)}%"
            return format_decimal(value, grouping=self.grouping)
        if isinstance(value, int):
            return f"{value:,}" if self.grouping else str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def _shown(self, value: Decimal) -> Decimal:
        """Return ``value`` rounded half-up to ``places`` when it has more digits than that."""
        if self.places is None or value.as_tuple().exponent >= -self.places:  # type: ignore[operator]
            return value
        with exact_context():
            return value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)

    def plain(self, value: Cell) -> str | int | bool | None:
        """Return ``value`` as JSON-ready data: exact decimal text, ISO dates, bools, ``None``."""
        if isinstance(value, Decimal):
            return format_decimal(value, grouping=False)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def csv(self, value: Cell) -> str:
        """Return ``value`` as a CSV field: exact numbers, ISO dates, ``true``/``false``, safe text."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return escape_spreadsheet_text(value)
        plain = self.plain(value)
        return str(plain)

    def csv_fields(self, values: Sequence[Cell]) -> list[str]:
        """Return each of ``values`` as :meth:`csv` gives it, a whole column at a time (faster).

        >>> Column("note", ColumnType.TEXT).csv_fields(["=1+2", None, "ok"])
        ["'=1+2", '', 'ok']
        """
        kinds = set(map(type, values)) - {type(None)}
        if kinds <= {int}:
            return ["" if value is None else str(value) for value in values]
        if kinds <= {str}:
            return ["" if value is None else escape_spreadsheet_text(value) for value in values]  # type: ignore[arg-type]
        return list(map(self.csv, values))


def _cut(text: str, *, brief: bool) -> str:
    if brief and len(text) > BRIEF_TEXT_WIDTH:
        return text[: BRIEF_TEXT_WIDTH - 1] + "…"
    return text


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

    def _shown(self, *, brief: bool) -> list[Column]:
        return [column for column in self.columns if column.brief or not brief]

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

    def render_text(self, *, brief: bool = False) -> str:
        """Return the table as aligned plain text under its title (numbers right-aligned).

        ``brief`` leaves out the columns not marked ``brief`` (long reasons) for a terminal.
        """
        if self.record:
            row = self.rows[0]
            pairs = [
                (
                    column.heading + (f" ({column.unit})" if column.unit else ""),
                    _cut(column.display(v), brief=brief),
                )
                for column, v in zip(self.columns, row, strict=True)
                if column.brief or not brief
            ]
            width = max((len(label) for label, _ in pairs), default=0)
            lines = [f"{label.ljust(width)}  {value}" for label, value in pairs]
            return "\n".join([self.title, *lines])
        shown = self._shown(brief=brief)
        body = [
            [_cut(column.display(row[self.index(column.name)]), brief=brief) for column in shown]
            for row in self.rows
        ]
        widths = [
            max([len(column.heading), *(len(cells[i]) for cells in body)])
            for i, column in enumerate(shown)
        ]

        def line(cells: Sequence[str]) -> str:
            parts = [
                cell.rjust(width) if column.type.numeric else cell.ljust(width)
                for cell, width, column in zip(cells, widths, shown, strict=True)
            ]
            return "  ".join(parts).rstrip()

        header = line([column.heading for column in shown])
        rule = "  ".join("-" * width for width in widths)
        return "\n".join([self.title, header, rule, *(line(cells) for cells in body)])

    def render_markdown(self) -> str:
        """Return the table as a Markdown (GitHub) table under a bold title."""

        def cell(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

        if self.record:
            head = "| field | value |\n| --- | ---: |"
            lines = [
                f"| {cell(column.heading)} | {cell(column.display(value))} |"
                for column, value in zip(self.columns, self.rows[0], strict=True)
            ]
        else:
            head = (
                "| "
                + " | ".join(cell(column.heading) for column in self.columns)
                + " |\n| "
                + " | ".join("---:" if column.type.numeric else "---" for column in self.columns)
                + " |"
            )
            lines = [
                "| "
                + " | ".join(
                    cell(column.display(value))
                    for column, value in zip(self.columns, row, strict=True)
                )
                + " |"
                for row in self.rows
            ]
        return "\n".join([f"**{cell(self.title)}**", "", head, *lines])

    def render_html(self) -> str:
        """Return the table as an HTML ``<table>`` with a caption; every text is escaped."""
        esc = html.escape

        def td(column: Column, value: Cell) -> str:
            style = ' style="text-align: right"' if column.type.numeric else ""
            return f"<td{style}>{esc(column.display(value))}</td>"

        parts = [f'<table class="tenncare-calc-table" data-part="{esc(self.name)}">']
        parts.append(f"<caption>{esc(self.title)}</caption>")
        if self.record:
            parts.extend(
                f"<tr><th>{esc(column.heading)}</th>{td(column, value)}</tr>"
                for column, value in zip(self.columns, self.rows[0], strict=True)
            )
        else:
            header = "".join(f"<th>{esc(column.heading)}</th>" for column in self.columns)
            parts.append(f"<thead><tr>{header}</tr></thead><tbody>")
            parts.extend(
                "<tr>"
                + "".join(
                    td(column, value) for column, value in zip(self.columns, row, strict=True)
                )
                + "</tr>"
                for row in self.rows
            )
            parts.append("</tbody>")
        parts.append("</table>")
        return "\n".join(parts)

    def render_csv(self) -> str:
        """Return the table as CSV text (RFC 4180: CRLF line ends), text escaped for spreadsheets.

        Fields holding a comma, a quote, a carriage return or a line feed are quoted.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([escape_spreadsheet_text(column.name) for column in self.columns])
        fields = [
            column.csv_fields(values)
            for column, values in zip(self.columns, zip(*self.rows, strict=True), strict=False)
        ]
        writer.writerows(zip(*fields, strict=True))
        return buffer.getvalue()


#: The columns of a part listing rejected input rows: the row (0-based) and the reason.
REJECTED_COLUMNS: tuple[Column, ...] = (
    Column(
        "row",
        ColumnType.COUNT,
        grouping=False,
        description="0-based position in the input, header not counted",
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


class Presentable:
    """Mixin: every surface (Markdown, HTML, CSV, pandas, Excel) from one method, ``tables()``.

    A result class inherits it and implements :meth:`tables`; it may override
    :meth:`excel_formulas` to make amounts live formulas in the workbook. See
    ``docs/developers.md``.
    """

    __slots__ = ()

    #: The most rows of each part a notebook shows (``_repr_html_``, ``_repr_markdown_``), or
    #: ``None`` for every row. A result that can hold many rows (a findings table) sets it, so a
    #: notebook cell stays readable; ``to_markdown()``, ``to_csv()``, ``to_frame()`` and
    #: ``to_excel()`` always have every row.
    notebook_rows: ClassVar[int | None] = None

    def tables(self) -> tuple[Table, ...]:
        """Return the result's parts as named tables, in reading order."""
        raise NotImplementedError  # pragma: no cover - every subclass implements it

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return live Excel formulas by part and column (none by default).

        See :mod:`tenncare_calc.outputs.workbook` for the template syntax.
        """
        return {}

    def table(self, part: str | None = None) -> Table:
        """Return one part by name; ``None`` gives the primary part (the first that has rows)."""
        tables = self.tables()
        if part is None:
            return next((table for table in tables if not table.record), tables[0])
        for table in tables:
            if table.name == part:
                return table
        names = [table.name for table in tables]
        raise InvalidInputError(f"no part named {part!r}; parts: {names}", field="part", value=part)

    def rows(self, part: str | None = None) -> list[dict[str, Any]]:
        """Return one part (the primary part by default) as flat JSON-ready dicts."""
        return self.table(part).records()

    def to_markdown(self) -> str:
        """Return every part as a Markdown table, separated by blank lines."""
        return "\n\n".join(table.render_markdown() for table in self.tables()) + "\n"

    def _notebook_tables(self) -> tuple[Table, ...]:
        limit = self.notebook_rows
        tables = self.tables()
        return tables if limit is None else tuple(table.head(limit) for table in tables)

    def _repr_markdown_(self) -> str:
        if self.notebook_rows is None:
            return self.to_markdown()
        return "\n\n".join(table.render_markdown() for table in self._notebook_tables()) + "\n"

    def _repr_html_(self) -> str:
        body = "\n".join(table.render_html() for table in self._notebook_tables())
        return f'<div class="tenncare-calc">\n{body}\n</div>'

    def to_csv(self, part: str | None = None) -> str:
        """Return one part (the primary part by default) as spreadsheet-safe CSV text."""
        return self.table(part).render_csv()

    def to_frame(
        self,
        part: str | None = None,
        *,
        numbers: Literal["decimal", "string", "float"] = "decimal",
    ) -> pd.DataFrame:
        """Return one part (the primary part by default) as a pandas DataFrame.

        See :func:`tenncare_calc.outputs.frames.table_to_frame` for the column types.
        """
        from tenncare_calc.outputs.frames import table_to_frame  # noqa: PLC0415 - pandas is optional

        return table_to_frame(self.table(part), numbers=numbers)

    def to_excel(self, path: str | Path) -> Path:
        """Return the path of a new workbook: one sheet per part, amounts as live formulas.

        See :func:`tenncare_calc.outputs.workbook.write_workbook`.
        """
        from tenncare_calc.outputs.workbook import write_workbook  # noqa: PLC0415 - openpyxl is optional

        return write_workbook(self, path)
