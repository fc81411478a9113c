"""How a workbook's sheets look and print, and how the file is saved the same way every time.

The workbook writer (:mod:`tenncare_calc.outputs.workbook`) decides what goes in which cell; this
module decides how it looks (number formats by column type, bold titles and headings, shaded input
cells), how each sheet prints (landscape, fitted to the page width, the title and headings repeated
on every page, page numbers in the footer) and how the file is saved: with fixed document
timestamps, so that the same result always gives the same bytes (a workbook can be checked into
version control or compared by its hash).

>>> number_format(Column("year", ColumnType.COUNT, grouping=False))
'0'
>>> number_format(Column("rate", ColumnType.RATE, places=6))
'0.0#####"%"'
"""

from __future__ import annotations

__all__ = ["FIXED_TIMESTAMP", "SheetStyle", "number_format", "save_reproducibly"]

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.parts import Column, ColumnType

if TYPE_CHECKING:
    from pathlib import Path

#: The creation and modification time written into every workbook (and its zip entries): fixed,
#: so that writing the same result twice gives the same file.
FIXED_TIMESTAMP = dt.datetime(1980, 1, 1)  # noqa: DTZ001 - a fixed stamp, the zip format's epoch
#: Input cells: blue text on a pale yellow ground, the spreadsheet modeller's usual sign.
INPUT_FONT_COLOUR = "1F3F99"
INPUT_FILL_COLOUR = "FFF2CC"
INPUT_NOTE = "Shaded cells are inputs: edit one and every formula that reads it follows."
_MONEY = '"$"#,##0.00##;-"$"#,##0.00##'
#: Booleans as TRUE/FALSE where a spreadsheet stores them as 1/0 (LibreOffice); Excel shows its own.
_BOOLEAN = '"TRUE";"TRUE";"FALSE"'
_WIDEST = 60
#: The height of a line of text in points, for rows holding wrapped text.
_LINE_HEIGHT = 15


def _decimals(places: int | None, *, required: int, optional: int) -> str:
    """Return the decimal part of a number format: ``required`` zeros, then optional digits."""
    if places is not None:
        required, optional = min(required, places), max(places - required, 0)
    digits = "0" * required + "#" * optional
    return f".{digits}" if digits else ""


def number_format(column: Column) -> str | None:
    """Return the Excel number format of a column's cells (``None`` for text).

    Money as dollars and cents (sub-cent digits shown when there are any); a rate as a
    percentage of a number such as ``58.2`` (the percent sign is text: the value is not scaled);
    a year or another number without ``grouping`` without a thousands separator; a date as ISO.
    A column's ``places`` is the most decimal places shown.

    >>> number_format(Column("paid", ColumnType.MONEY))
    '"$"#,##0.00##;-"$"#,##0.00##'
    >>> number_format(Column("n", ColumnType.NUMBER)), number_format(Column("n", ColumnType.COUNT))
    ('#,##0.00####', '#,##0')
    """
    whole = "#,##0" if column.grouping else "0"
    formats = {
        ColumnType.MONEY: _MONEY,
        ColumnType.RATE: "0" + _decimals(column.places, required=1, optional=3) + '"%"',
        ColumnType.NUMBER: whole + _decimals(column.places, required=2, optional=4),
        ColumnType.COUNT: whole,
        ColumnType.DATE: "yyyy-mm-dd",
        ColumnType.BOOL: _BOOLEAN,
    }
    return formats.get(column.type)


class SheetStyle:
    """The fonts, fills, widths and print setup every sheet of a workbook gets (openpyxl)."""

    def __init__(self) -> None:
        """Make the styles once per workbook."""
        styles = require("openpyxl.styles", extra="excel", purpose="to_excel()")
        self._styles = styles
        self._title = styles.Font(bold=True, size=13)
        self._bold = styles.Font(bold=True)
        self._input_font = styles.Font(color=INPUT_FONT_COLOUR)
        self._input_fill = styles.PatternFill("solid", fgColor=INPUT_FILL_COLOUR)
        self._wrap = styles.Alignment(wrap_text=True, vertical="top")

    def title(self, cell: Any) -> None:  # noqa: ANN401 - an openpyxl cell
        """Style the sheet's title cell."""
        cell.font = self._title

    def heading(self, cell: Any) -> None:  # noqa: ANN401 - an openpyxl cell
        """Style a heading cell."""
        cell.font = self._bold

    def number(self, cell: Any, column: Column) -> None:  # noqa: ANN401 - an openpyxl cell
        """Give a value or formula cell its column's number format; wrap a long text."""
        chosen = number_format(column)
        if chosen is not None:
            cell.number_format = chosen
        if column.type is ColumnType.TEXT and isinstance(cell.value, str):
            lines = -(-len(cell.value) // _WIDEST)
            if lines > 1:
                cell.alignment = self._wrap
                row = cell.parent.row_dimensions[cell.row]
                row.height = max(row.height or 0, _LINE_HEIGHT * lines)

    def input(self, cell: Any) -> None:  # noqa: ANN401 - an openpyxl cell
        """Shade a cell a formula reads: an input of the model."""
        cell.font = self._input_font
        cell.fill = self._input_fill

    def input_note(self, sheet: Any, column: int) -> None:  # noqa: ANN401 - an openpyxl sheet
        """Say on the title row, right of the table, what the shaded cells are."""
        note = sheet.cell(1, column, INPUT_NOTE)
        note.font = self._input_font
        note.fill = self._input_fill

    def columns(self, sheet: Any, widths: dict[int, int]) -> None:  # noqa: ANN401 - openpyxl
        """Set each column's width from its widest cell (between 8 and 60 characters)."""
        utils = require("openpyxl.utils", extra="excel", purpose="to_excel()")
        for index, width in widths.items():
            sheet.column_dimensions[utils.get_column_letter(index)].width = min(
                max(width + 2, 8), _WIDEST
            )

    def print_setup(self, sheet: Any, *, last_row: int, last_column: int) -> None:  # noqa: ANN401 - openpyxl
        """Print landscape on Letter paper, fitted to one page wide, title and headings repeated.

        The print area is the table (``last_column`` columns wide), without the inputs note.
        """
        properties = require("openpyxl.worksheet.properties", extra="excel", purpose="to_excel()")
        utils = require("openpyxl.utils", extra="excel", purpose="to_excel()")
        sheet.print_area = f"A1:{utils.get_column_letter(last_column)}{max(sheet.max_row, 1)}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = properties.PageSetupProperties(fitToPage=True)
        sheet.print_title_rows = f"1:{last_row}"
        sheet.oddFooter.center.text = "&A, page &P of &N"


def save_reproducibly(book: Any, target: Path) -> None:  # noqa: ANN401 - an openpyxl Workbook
    """Save ``book`` at ``target`` with fixed timestamps, so equal workbooks are equal files.

    openpyxl stamps the document with the time of saving and its zip entries with the time of
    writing; both are set to :data:`FIXED_TIMESTAMP` here.
    """
    excel = require("openpyxl.writer.excel", extra="excel", purpose="to_excel()")
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    book.properties.creator = "tenncare_calc"
    written = io.BytesIO()
    archive = zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    excel.ExcelWriter(book, archive).save()  # closes the archive
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w") as copy:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            copy.writestr(info, source.read(entry.filename))
    try:
        target.write_bytes(fixed.getvalue())
    except OSError as error:
        raise InvalidInputError(
            f"cannot write the workbook {str(target)!r}: {error.strerror}",
            field="path",
            value=str(target),
        ) from None
