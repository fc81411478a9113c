r"""Reading an input file row by row (CSV, JSON, Parquet), every line accounted for.

:func:`read_rows` returns an :class:`InputRows`: the file's column names and its rows as mappings
of column name to value, in file order. Values stay as the file gives them, to be converted by the
rule that uses them (through :mod:`tenncare_calc.core.values`, so numbers are exact):

* **CSV** (``.csv``): UTF-8 (a byte-order mark is allowed), a header row; every value is text, an
  empty cell is ``None``; CRLF or LF line ends.
* **JSON** (``.json``): a list of objects, or an object with a ``"rows"`` list; numbers with a
  fraction are read as ``Decimal`` (never float).
* **Parquet** (``.parquet``, ``.pq``): needs the ``parquet`` extra (pyarrow), imported only here.

**No row is lost.** A CSV line that cannot be read as a row - too many or too few cells, a quote
that is never closed, a cell over :data:`MAX_CELL_CHARS` characters, bytes that are not UTF-8 - is
kept as a *malformed* row: it has its place in :attr:`InputRows.rows` (every value ``None``) and its
reason in :attr:`InputRows.malformed`, so that ``rows in = rows used + rows rejected`` holds for every
computation that reads the file. A quoted cell may run over several lines (a spreadsheet's line
break in a cell); such a record is accepted only when it closes before the end of the file and has
the header's number of cells. Otherwise its first line alone is the malformed row ("a quote opened
on this line is never closed") and the reading goes on at the next line, so one stray ``"`` cannot
swallow the rest of the file. A JSON object in the list that is not an object, or a value that is
a list or object, is malformed the same way.

A row is named by its line in the file, the header being line 1 (``rates.csv, line 3``; see
:mod:`~tenncare_calc.columnar.row_lines`): :meth:`InputRows.number` gives it (a record whose
quoted cell spans lines is named by its first line), and the ``rejected`` pairs of
:class:`~tenncare_calc.core.errors.RejectedRowsError` hold the same numbers.

``columns=`` renames the file's columns to the library's names while reading: a mapping of the
library's name to the file's column (``{"member_id": "MEMBER_ID"}``); the file's other columns keep
their names. ``excel_dates=`` names the columns whose values are Excel serial day numbers (days
since 1899-12-30; a fraction is the time of day): they are converted to ISO text (``2008-01-05``, or
``2008-01-05 12:00`` with a time) when read; a serial below 1 or the fictitious 1900-02-29 (60) is a
malformed row. Serial numbers are never guessed: only the named columns are converted.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "rates.csv").write_text("measure,baseline,current\nhba1c_testing,58.2,64.5\n")
>>> rows = read_rows(folder / "rates.csv")
>>> rows.columns, rows.rows[0]["baseline"], rows.number(0), rows.where(0)
(('measure', 'baseline', 'current'), '58.2', 2, 'rates.csv, line 2')
>>> _ = (folder / "bad.csv").write_text('a,b\n1,"2\n3,4,5\n6,7\n')
>>> bad = read_rows(folder / "bad.csv")
>>> bad.malformed
((0, 'a quote opened on this line is never closed'), (1, '3 cells for 2 columns'))
>>> bad.malformed_rejections(), bad.rows[2], bad.where(2)
(((2, 'a quote opened on this line is never closed'), (3, '3 cells for 2 columns')), {'a': '6', 'b': '7'}, 'bad.csv, line 4')
"""

from __future__ import annotations

__all__ = ["FORMATS", "MAX_CELL_CHARS", "InputRows", "read_rows", "refuse_non_file"]

import bisect
import csv
import datetime as dt
import io
import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.csv_lines import UNCLOSED_QUOTE as _UNCLOSED
from tenncare_calc.columnar.row_lines import row_number, row_word
from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator, Mapping

#: File extensions read, by format.
FORMATS: Mapping[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}

#: The longest CSV cell read, in characters: Python's ``csv`` limit (``csv.field_size_limit``,
#: left as it is); a longer one is a malformed row.
MAX_CELL_CHARS = 131_072
#: How deeply a JSON input may nest lists and objects.
_JSON_DEPTH = 64
#: The largest whole number a JSON or Parquet cell may hold (as in an int64 column).
_INT_LIMIT = 2**63 - 1
_BLOCK_BYTES = 1 << 20
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - a calendar day count, no time zone
_SERIAL = re.compile(r"^\s*(\d{1,6})(\.\d+)?\s*$")


@attrs.frozen
class InputRows:
    """The rows of an input file: column names, and each row as a mapping of name to value.

    ``lines`` are the lines where a CSV file's rows start (header = line 1); ``format`` is
    ``"rows"`` for rows given in Python, which are numbered by their 0-based position.
    ``malformed`` lists, as ``(row, reason)`` with ``row`` 0-based in ``rows``, the rows the file
    could not split into cells (their values are all ``None``): they keep their place, so that
    every line of the file is a row used or a row rejected.
    """

    source: str
    format: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    lines: tuple[int, ...] = attrs.field(default=(), repr=False)
    malformed: tuple[tuple[int, str], ...] = ()

    def number(self, row: int) -> int:
        """Return the number shown for 0-based row ``row``: its line in the file (header = 1).

        Rows given in Python (``format == "rows"``) keep their 0-based position.
        """
        return row_number(self.format, row, self.lines)

    def where(self, row: int) -> str:
        """Return how messages name 0-based row ``row``: ``rates.csv, line 7`` (or ``rates, row 5``)."""
        return f"{Path(self.source).name}, {row_word(self.format)} {self.number(row)}"

    def malformed_rejections(self) -> tuple[tuple[int, str], ...]:
        """Return the malformed rows as ``rejected`` pairs: (shown number, reason)."""
        return tuple((self.number(row), reason) for row, reason in self.malformed)

    def require_columns(self, required: set[str], *, allowed: set[str] | None = None) -> None:
        """Raise :class:`InvalidInputError` naming the file if a column is missing or unknown."""
        if missing := sorted(required - set(self.columns)):
            raise InvalidInputError(
                f"{self.source}: missing column(s) {missing}; the file has {list(self.columns)}",
                field=missing[0],
                value=list(self.columns),
            )
        if allowed is not None and (unknown := sorted(set(self.columns) - allowed)):
            raise InvalidInputError(
                f"{self.source}: unknown column(s) {unknown}; allowed: {sorted(allowed)}",
                field=unknown[0],
                value=list(self.columns),
            )


def file_format(source: Path) -> str:
    """Return the format of an input file by its extension; raise if unknown or not a file.

    >>> file_format(Path("nowhere.xlsx"))
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: nowhere.xlsx: unknown input format; use one of ['.csv', '.json', '.parquet', '.pq']
    """
    kind = FORMATS.get(source.suffix.lower())
    if kind is None:
        raise _fail(source, f"unknown input format; use one of {sorted(FORMATS)}")
    refuse_non_file(source)
    if not source.is_file():
        raise _fail(source, "no such file")
    return kind


def refuse_non_file(source: Path) -> None:
    """Raise naming ``source`` when it exists but is not a file (a folder, pipe or device).

    A pipe cannot be read twice, as the readers read a file (its start, then its rows), and
    waits for ever when nothing writes to it.

    >>> refuse_non_file(Path("nowhere.csv"))  # missing: the reader names it
    >>> refuse_non_file(Path("/"))
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: /: a folder, not a file
    """
    if source.is_dir():
        raise _fail(source, "a folder, not a file")
    if source.exists() and not source.is_file():
        raise _fail(source, "not a file (a pipe or device): save it as a file first")


def _fail(source: Path, reason: str) -> InvalidInputError:
    return InvalidInputError(f"{source}: {reason}", field="path", value=str(source))


def _text_lines(
    source: Path, progress: Callable[[int], None] | None
) -> tuple[list[str | None], list[str]]:
    """Return each line of the file as text (None when it is not UTF-8) and each line's reason.

    The file is read in blocks (``progress`` gets each block's bytes); UTF-8 text is split at
    once, and only a file with a byte that is not UTF-8 is decoded line by line.
    """
    blocks = []
    with source.open("rb") as handle:
        while block := handle.read(_BLOCK_BYTES):
            blocks.append(block)
            if progress is not None:
                progress(len(block))
    data = b"".join(blocks)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        split: list[str | None] = list(io.StringIO(text, newline=""))
        return split, [""] * len(split)
    lines: list[str | None] = []
    reasons: list[str] = []
    for number, raw in enumerate(io.BytesIO(data)):
        line = raw[3:] if number == 0 and raw.startswith(b"\xef\xbb\xbf") else raw
        try:
            lines.append(line.decode("utf-8"))
            reasons.append("")
        except UnicodeDecodeError as error:
            byte = line[error.start]
            lines.append(None)
            reasons.append(f"not UTF-8 text (byte 0x{byte:02x} at character {error.start + 1})")
    return lines, reasons


def _records(
    lines: list[str | None], reasons: list[str], width: int
) -> Iterator[tuple[int, list[str] | None, str]]:
    """Yield each record as (0-based first line, cells or None, reason when malformed).

    One ``csv.reader`` reads on while records are sound; after a malformed record a new reader
    starts at the line after its first line.
    """
    unreadable = [k for k, line in enumerate(lines) if line is None]
    start = 0
    while start < len(lines):
        if lines[start] is None:
            yield start, None, reasons[start]
            start += 1
            continue
        after = bisect.bisect_left(unreadable, start)
        stop = unreadable[after] if after < len(unreadable) else len(lines)
        chunk = itertools.islice(lines, start, stop)
        reader = csv.reader(chunk)  # type: ignore[arg-type]  # no None before stop
        read = 0
        restart = stop
        try:
            for cells in reader:
                first = start + read
                span, read = reader.line_num - read, reader.line_num
                if (span > 1 and len(cells) != width) or (
                    start + read == stop and _open_at_end(lines, first, stop)
                ):
                    yield first, None, _UNCLOSED
                    restart = first + 1
                    break
                yield first, cells, ""
        except csv.Error as error:
            first = start + read
            reason = str(error)
            if "field larger than field limit" in reason:
                reason = f"a cell over {csv.field_size_limit():,} characters"
            yield first, None, reason
            restart = first + 1
        start = restart


def _open_at_end(lines: list[str | None], first: int, stop: int) -> bool:
    """Return whether the record from line ``first`` to ``stop`` ends with its quote open."""
    text = "".join(line or "" for line in lines[first:stop])
    try:
        list(csv.reader([text], strict=True))
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _csv(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    lines, reasons = _text_lines(source, progress)
    if not lines:
        raise _fail(source, "the file is empty; a header row is required")
    if lines[0] is None:
        raise _fail(source, f"the header is {reasons[0]}")
    try:
        header = next(csv.reader([lines[0]]), [])
    except csv.Error as error:
        raise _fail(source, f"the header cannot be read ({error})") from None
    columns = tuple(name.strip() for name in header)
    if not columns or "" in columns or len(set(columns)) != len(columns):
        raise _fail(source, f"the header must name each column once (got {list(header)})")
    width = len(columns)
    rows: list[dict[str, Any]] = []
    malformed: list[tuple[int, str]] = []
    numbers: list[int] = []
    body, body_reasons = lines[1:], reasons[1:]
    for first, cells, reason in _records(body, body_reasons, width):
        numbers.append(first + 2)
        if cells is None:
            malformed.append((len(rows), reason))
            rows.append(dict.fromkeys(columns))
            continue
        values = [cell.strip() or None for cell in cells]
        if not any(values):
            rows.append(dict.fromkeys(columns))
            continue
        if len(cells) != width:
            malformed.append((len(rows), f"{len(cells)} cells for {width} columns"))
            rows.append(dict.fromkeys(columns))
            continue
        rows.append(dict(zip(columns, values, strict=True)))
    return InputRows(
        str(source), "csv", columns, tuple(rows), lines=tuple(numbers), malformed=tuple(malformed)
    )


def _depth_ok(value: object, depth: int = 0) -> bool:
    if depth > _JSON_DEPTH:
        return False
    if isinstance(value, list):
        return all(_depth_ok(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(_depth_ok(item, depth + 1) for item in value.values())
    return True


def _cell_problem(name: str, value: object) -> str:
    """Return why a JSON or Parquet cell cannot be read as a cell ("" when it can)."""
    if isinstance(value, list | dict):
        return f"{name}: a cell must be a single value, not a {type(value).__name__}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _INT_LIMIT:
        return f"{name}: the whole number {value} is too large (at most {_INT_LIMIT})"
    return ""


def _checked_rows(
    data: list[Any], columns: list[str]
) -> tuple[tuple[dict[str, Any], ...], tuple[tuple[int, str], ...]]:
    rows: list[dict[str, Any]] = []
    malformed: list[tuple[int, str]] = []
    for number, item in enumerate(data):
        if not isinstance(item, dict):
            malformed.append(
                (number, f"must be an object of column names to values (got {item!r:.60})")
            )
            rows.append(dict.fromkeys(columns))
            continue
        row = {name: item.get(name) for name in columns}
        problems = [p for name, value in row.items() if (p := _cell_problem(name, value))]
        if problems:
            malformed.append((number, "; ".join(problems)))
            row = dict.fromkeys(columns)
        rows.append(row)
    return tuple(rows), tuple(malformed)


def _json(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    import json  # noqa: PLC0415 - only for a JSON file: not every run's start

    text = source.read_text(encoding="utf-8-sig")
    if progress is not None:
        progress(len(text))
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise _fail(source, f"not valid JSON ({error})") from None
    except RecursionError:
        raise _fail(source, f"JSON nested more than {_JSON_DEPTH} levels deep") from None
    if not _depth_ok(data):
        raise _fail(source, f"JSON nested more than {_JSON_DEPTH} levels deep")
    if isinstance(data, dict) and set(data) == {"rows"}:
        data = data["rows"]
    if not isinstance(data, list):
        raise _fail(source, 'a JSON input must be a list of objects, or {"rows": [...]}')
    columns: list[str] = []
    for item in data:
        if isinstance(item, dict):
            columns.extend(str(key) for key in item if str(key) not in columns)
    rows, malformed = _checked_rows(data, columns)
    return InputRows(str(source), "json", tuple(columns), rows, malformed=malformed)


def _parquet(source: Path, progress: Callable[[int], None] | None) -> InputRows:
    require("pyarrow", extra="parquet", purpose="reading Parquet files")
    import pyarrow.parquet as pq  # noqa: PLC0415 - optional, imported only for Parquet

    try:
        table = pq.read_table(source)
        data = table.to_pylist()
    except Exception as error:  # noqa: BLE001 - pyarrow raises many kinds for a bad file
        raise _fail(source, f"not a readable Parquet file ({error})") from None
    if progress is not None:
        progress(source.stat().st_size)
    columns = [str(name) for name in table.column_names]
    rows, malformed = _checked_rows(data, columns)
    return InputRows(str(source), "parquet", tuple(columns), rows, malformed=malformed)


def _renamed(rows: InputRows, columns: Mapping[str, str]) -> InputRows:
    """Return ``rows`` with the file's columns renamed to the library's names."""
    if not hasattr(columns, "items"):
        raise InvalidInputError(
            f"'columns' must map the library's column names to the file's (got {columns!r})",
            field="columns",
            value=columns,
        )
    mapping = {str(name): str(source) for name, source in columns.items()}
    if missing := sorted(source for source in mapping.values() if source not in rows.columns):
        raise InvalidInputError(
            f"{rows.source}: no column {missing[0]!r} to read (columns=); the file has "
            f"{list(rows.columns)}",
            field="columns",
            value=missing[0],
        )
    if len(set(mapping.values())) != len(mapping):
        raise InvalidInputError(
            f"'columns' maps two names to one column ({mapping})", field="columns", value=mapping
        )
    back = {source: name for name, source in mapping.items()}
    taken = set(mapping)
    names = tuple(
        back.get(column, column if column not in taken else f"{column} (file)")
        for column in rows.columns
    )
    renamed = tuple(
        {names[index]: row[column] for index, column in enumerate(rows.columns)}
        for row in rows.rows
    )
    return attrs.evolve(rows, columns=names, rows=renamed)


def _excel_date(value: object) -> str | None:
    """Return the ISO text of an Excel serial day number, or None when it is not one."""
    text = str(value)
    match = _SERIAL.match(text)
    if match is None:
        return None
    days = int(match.group(1))
    if days < 1 or days == 60:  # noqa: PLR2004 - Excel's fictitious 1900-02-29
        raise ValueError(text)
    moment = _EXCEL_EPOCH + dt.timedelta(days=days)
    if match.group(2) is None:
        return moment.date().isoformat()
    minutes = int((Decimal(match.group(2)) * 1440).to_integral_value())
    return (moment + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def _with_excel_dates(rows: InputRows, names: Collection[str]) -> InputRows:
    """Return ``rows`` with the serial numbers of the named columns as ISO dates."""
    if unknown := sorted(set(names) - set(rows.columns)):
        names = [name for name in names if name not in unknown]
    bad = dict(rows.malformed)
    converted: list[Mapping[str, Any]] = []
    for index, row in enumerate(rows.rows):
        if index in bad:
            converted.append(row)
            continue
        new = dict(row)
        for name in names:
            value = row.get(name)
            if value is None or isinstance(value, dt.date):
                continue
            try:
                iso = _excel_date(value)
            except ValueError:
                bad[index] = f"{name}: {value} is not an Excel serial date (1, or 61 and above)"
                new = dict.fromkeys(rows.columns)
                break
            if iso is not None:
                new[name] = iso
        converted.append(new)
    return attrs.evolve(rows, rows=tuple(converted), malformed=tuple(sorted(bad.items())))


def read_rows(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    excel_dates: Collection[str] = (),
    progress: Callable[[int], None] | None = None,
) -> InputRows:
    """Return the rows of a CSV, JSON or Parquet file, chosen by its extension.

    ``columns`` maps the library's column names to the file's (renamed while reading);
    ``excel_dates`` names the columns (library names) holding Excel serial dates. ``progress`` is
    called with the number of bytes read since its last call, for a progress indicator. A file
    that cannot be read, or is not of its format, raises
    :class:`~tenncare_calc.core.errors.InvalidInputError` naming the file; a row that cannot be
    split into the header's columns is listed in :attr:`InputRows.malformed` (see the module
    documentation).
    """
    source = Path(path)
    kind = file_format(source)
    readers = {"csv": _csv, "json": _json, "parquet": _parquet}
    try:
        rows = readers[kind](source, progress)
    except UnicodeDecodeError as error:
        raise _fail(source, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror})") from None
    if columns is not None:
        rows = _renamed(rows, columns)
    if excel_dates:
        rows = _with_excel_dates(rows, excel_dates)
    return rows
