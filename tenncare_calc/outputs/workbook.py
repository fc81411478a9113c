"""Excel workbooks whose amounts are live formulas over the inputs on the sheet (``excel`` extra).

:func:`write_workbook` writes one sheet per part of a :class:`~tenncare_calc.core.presentable.Presentable`
result. Every sheet has the part's title in row 1 and its headings in row 2. A *record* part (a
summary) lists its fields down the sheet (field, value, unit, description from row 3); any other
part has one row per line from row 3. Numbers are stored as numbers (money with a currency format,
rates as percentages such as ``58.2`` shown ``58.2%``, years without a thousands separator), dates
as dates, text as text escaped against formula injection
(:func:`~tenncare_calc.outputs.csv_tables.escape_spreadsheet_text`). The cells a formula reads that
are not formulas themselves are the workbook's **inputs**: they are shaded, so a reader knows what
to edit; every sheet prints landscape, fitted to the page width, with its title and headings
repeated on each page (:mod:`tenncare_calc.outputs.sheet_format`). The same result always writes the
same bytes: the document's timestamps are fixed.

Formulas
--------
A result's ``excel_formulas()`` maps part name → column name → a formula template
(:mod:`tenncare_calc.core.formulas` describes the syntax and the cent-rounding helpers). The writer
replaces the references with absolute cell references (``'Summary'!$B$5``) and writes the formula
instead of the value; the library's own value is kept in the :class:`WorkbookLayout`, so a test can
recompute the file with another engine and compare every formula cell with the library.
"""

from __future__ import annotations

__all__ = [
    "FIXED_TIMESTAMP",
    "SHEET_ROWS",
    "SheetLayout",
    "WorkbookCell",
    "WorkbookLayout",
    "layout",
    "write_workbook",
]

import re
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.formulas import REFERENCE
from tenncare_calc.outputs.csv_tables import escape_spreadsheet_text
from tenncare_calc.outputs.sheet_format import FIXED_TIMESTAMP, SheetStyle, save_reproducibly
from tenncare_calc.outputs.text_tables import display

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.core.parts import Cell, Column, Table
    from tenncare_calc.core.presentable import Presentable

TITLE_ROW = 1
HEADING_ROW = 2
FIRST_ROW = 3
#: Rows an Excel worksheet holds (Excel 2007 and later); a part longer than this, below its title
#: and headings, cannot be written to one sheet and is refused before anything is written.
SHEET_ROWS = 1_048_576
_RECORD_HEADINGS = ("field", "value", "unit", "description")


def _letter(index: int) -> str:
    """Return the column letter of a 1-based column index (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_name(table: Table, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", table.name.replace("_", " ")).strip().capitalize()[:31]
    name, counter = base or "Sheet", 2
    while name.lower() in taken:
        suffix = f" {counter}"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(name.lower())
    return name


@attrs.frozen
class WorkbookCell:
    """One written cell: where, what the library computed, and the formula when it is live."""

    sheet: str
    address: str
    column: Column
    value: Cell
    formula: str | None
    #: Whether a formula reads this value cell: an input of the workbook's model.
    drives: bool = False


@attrs.frozen
class SheetLayout:
    """One sheet: the part it shows and where each of its cells went."""

    name: str
    table: Table
    cells: tuple[WorkbookCell, ...]

    def cell(self, column: str, row: int = 0) -> WorkbookCell:
        """Return the cell of ``column`` in line ``row`` (0-based) of the part."""
        for cell in self.cells:
            if cell.column.name == column and cell.address == self._address(column, row):
                return cell
        raise InvalidInputError(f"sheet {self.name!r} has no cell for {column!r} row {row}")

    def _address(self, column: str, row: int) -> str:
        at = self.table.index(column)
        if self.table.record:
            return f"B{FIRST_ROW + at}"
        return f"{_letter(at + 1)}{FIRST_ROW + row}"


@attrs.frozen
class WorkbookLayout:
    """Every sheet and cell of a workbook, with the library's values for each formula cell."""

    sheets: tuple[SheetLayout, ...]

    def sheet(self, part: str) -> SheetLayout:
        """Return the sheet of the part called ``part``."""
        for sheet in self.sheets:
            if sheet.table.name == part:
                return sheet
        raise InvalidInputError(f"no sheet for part {part!r}", field="part", value=part)

    def formula_cells(self) -> list[WorkbookCell]:
        """Return every cell written as a live formula."""
        return [cell for sheet in self.sheets for cell in sheet.cells if cell.formula is not None]

    def input_cells(self) -> list[WorkbookCell]:
        """Return every value cell a formula reads: what a reader edits to see the model move."""
        return [cell for sheet in self.sheets for cell in sheet.cells if cell.drives]


@attrs.frozen
class _Place:
    sheet: str
    table: Table

    def field(self, column: str) -> str:
        """Return the absolute address of a record part's field."""
        return f"$B${FIRST_ROW + self.table.index(column)}"

    def column_range(self, column: str) -> str:
        letter = _letter(self.table.index(column) + 1)
        last = FIRST_ROW + max(len(self.table.rows), 1) - 1
        return f"${letter}${FIRST_ROW}:${letter}${last}"


#: What a formula reads: (sheet, column letter, first row, last row).
_Read = tuple[str, str, int, int]


def _resolve(
    template: str, places: Mapping[str, _Place], part: str, row: int, reads: set[_Read]
) -> str:
    here = places[part]

    def replace(match: re.Match[str]) -> str:
        first, second, whole = match.group(1), match.group(2), match.group(3)
        target, column = (places.get(first), second) if second else (here, first)
        if target is None or column is None:
            raise InvalidInputError(f"formula {template!r} refers to unknown part {first!r}")
        target.table.column(column)  # raises for an unknown column
        prefix = "" if target is here else f"'{target.sheet}'!"
        letter = _letter(target.table.index(column) + 1)
        if whole:
            if target.table.record:
                raise InvalidInputError(f"formula {template!r}: {match.group(0)} is a record field")
            reads.add((target.sheet, letter, FIRST_ROW, FIRST_ROW + len(target.table.rows) - 1))
            return prefix + target.column_range(column)
        if target.table.record:
            at = FIRST_ROW + target.table.index(column)
            reads.add((target.sheet, "B", at, at))
            return prefix + target.field(column)
        if target is not here:
            raise InvalidInputError(
                f"formula {template!r}: {match.group(0)} names a row of another part; use :*"
            )
        reads.add((target.sheet, letter, FIRST_ROW + row, FIRST_ROW + row))
        return f"{letter}{FIRST_ROW + row}"

    text = REFERENCE.sub(replace, template)
    return text if text.startswith("=") else f"={text}"


def layout(result: Presentable) -> WorkbookLayout:
    """Return where every part, value and formula of ``result`` goes in its workbook.

    >>> from tenncare_calc.p4p import sample_path, statement_from_file
    >>> book = layout(statement_from_file(sample_path("plan_year_2008.toml")))
    >>> cell = book.sheet("summary").cell("line_amount")
    >>> cell.address, cell.value, cell.formula
    ('B7', Decimal('64926.56'), '=ROUND(ROUND(($B$6*$B$5)*100, 6), 0)/100')
    """
    tables = result.tables()
    formulas = result.excel_formulas()
    taken: set[str] = set()
    places = {table.name: _Place(_sheet_name(table, taken), table) for table in tables}
    for part, columns in formulas.items():
        if part not in places:
            raise InvalidInputError(f"excel_formulas() names unknown part {part!r}")
        for name in columns:
            places[part].table.column(name)
    reads: set[_Read] = set()
    sheets = []
    for table in tables:
        _check_fits(table)
        place = places[table.name]
        templates = formulas.get(table.name, {})
        cells = []
        for number, row in enumerate(table.rows):
            for at, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                template = templates.get(column.name)
                formula = (
                    None
                    if template is None
                    else _resolve(template, places, table.name, number, reads)
                )
                address = (
                    f"B{FIRST_ROW + at}"
                    if table.record
                    else f"{_letter(at + 1)}{FIRST_ROW + number}"
                )
                cells.append(WorkbookCell(place.sheet, address, column, value, formula))
        sheets.append(SheetLayout(place.sheet, table, tuple(cells)))
    return WorkbookLayout(tuple(_mark_inputs(sheet, reads) for sheet in sheets))


def _mark_inputs(sheet: SheetLayout, reads: set[_Read]) -> SheetLayout:
    """Return ``sheet`` with the value cells some formula reads marked as inputs (``drives``)."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for name, letter, first, last in reads:
        if name == sheet.name:
            ranges.setdefault(letter, []).append((first, last))
    if not ranges:
        return sheet

    def read(cell: WorkbookCell) -> bool:
        letters = cell.address.rstrip("0123456789")
        number = int(cell.address[len(letters) :])
        return any(first <= number <= last for first, last in ranges.get(letters, ()))

    cells = tuple(
        attrs.evolve(cell, drives=True) if cell.formula is None and read(cell) else cell
        for cell in sheet.cells
    )
    return attrs.evolve(sheet, cells=cells)


def _check_fits(table: Table) -> None:
    room = SHEET_ROWS - FIRST_ROW + 1
    rows = len(table.columns) if table.record else len(table.rows)
    if rows > room:
        raise InvalidInputError(
            f"part {table.name!r} has {rows:,} rows, more than the {room:,} an Excel sheet holds "
            "below its title and headings; write it as CSV or JSON instead (--format csv), or "
            "check fewer rows at a time",
            field=table.name,
            value=rows,
        )


def _stored(value: Cell) -> Cell:
    if isinstance(value, str):
        return escape_spreadsheet_text(value)
    return value


def write_workbook(result: Presentable, path: str | Path) -> Path:
    """Return ``path`` after writing ``result`` there as an .xlsx workbook, one sheet per part.

    Amounts a result declares in ``excel_formulas()`` are live formulas over the inputs on the
    sheets (shaded), so a reviewer can audit the arithmetic, and edit an input to see what follows,
    in the spreadsheet; everything else is stored as a typed value (see the module docs). The same
    result always gives the same bytes.
    """
    openpyxl = require("openpyxl", extra="excel", purpose="to_excel()")
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInputError(
            f"an Excel workbook path must end in .xlsx (got {str(target)!r})",
            field="path",
            value=str(target),
        )
    book = openpyxl.Workbook()
    book.remove(book.active)
    style = SheetStyle()
    for sheet in layout(result).sheets:
        table = sheet.table
        ws = book.create_sheet(sheet.name)
        headings = (
            _RECORD_HEADINGS if table.record else tuple(column.heading for column in table.columns)
        )
        style.title(ws.cell(TITLE_ROW, 1, escape_spreadsheet_text(table.title)))
        for at, heading in enumerate(headings, start=1):
            style.heading(ws.cell(HEADING_ROW, at, escape_spreadsheet_text(heading)))
        widths: dict[int, int] = {at: len(h) for at, h in enumerate(headings, start=1)}
        for cell in sheet.cells:
            target_cell = ws[cell.address]
            target_cell.value = cell.formula if cell.formula is not None else _stored(cell.value)
            style.number(target_cell, cell.column)
            if cell.drives:
                style.input(target_cell)
            shown = len(display(cell.column, cell.value))
            index = target_cell.column
            widths[index] = max(widths.get(index, 0), shown)
        if table.record:
            for at, column in enumerate(table.columns):
                ws.cell(FIRST_ROW + at, 1, escape_spreadsheet_text(column.heading))
                ws.cell(FIRST_ROW + at, 3, escape_spreadsheet_text(column.unit) or None)
                ws.cell(FIRST_ROW + at, 4, escape_spreadsheet_text(column.description) or None)
                widths[1] = max(widths[1], len(column.heading))
                widths[3] = max(widths.get(3, 0), len(column.unit))
        else:
            ws.freeze_panes = ws.cell(FIRST_ROW, 1)
        if any(cell.drives for cell in sheet.cells):
            style.input_note(ws, len(headings) + 1)
        style.columns(ws, widths)
        style.print_setup(ws, last_row=HEADING_ROW, last_column=len(headings))
    save_reproducibly(book, target)
    return target
