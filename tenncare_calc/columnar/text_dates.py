r"""Dates written as text, read a column at a time: ISO, US (month first) and Excel serial days.

:func:`date_cells` reads ``YYYY-MM-DD`` (the fast path: one strict cast), ``M/D/YYYY`` or
``MM/DD/YYYY`` (as US exports write them; day-first is never guessed: ruling IN1), and, when the
caller says so, Excel serial day numbers (1900 date system: serial 1 is 1900-01-01, the fictitious
serial 60 is refused, whole days only). Surrounding spaces are ignored; an empty cell is null. Any
other text is a problem for that row, naming the forms expected.

>>> import pyarrow as pa
>>> dates, bad = date_cells(pa.array(["2008-01-05", "1/5/2008", "39452", None]), "start_date",
...                         excel=True)
>>> dates.to_pylist(), bad
([datetime.date(2008, 1, 5), datetime.date(2008, 1, 5), datetime.date(2008, 1, 5), None], [])
>>> date_cells(pa.array(["5.1.2008"]), "start_date", excel=False)[1]
[(0, "start_date '5.1.2008' is not a date (expected YYYY-MM-DD or M/D/YYYY)")]
"""

from __future__ import annotations

__all__ = [
    "EXCEL_SERIAL_RANGE",
    "FIRST_DAY",
    "before_year_one",
    "date_cells",
    "iso_or_us_days",
    "us_dates",
]

import datetime as dt
from typing import Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import _mask, arrow_numbers, numpy_valid
from tenncare_calc.core.errors import require

#: Excel serial day numbers read: 1 (1900-01-01) to 2958465 (9999-12-31); 60 is refused.
EXCEL_SERIAL_RANGE = (1, 2_958_465)
_EXCEL_LEAP_DAY = 60
_EPOCH = dt.date(1970, 1, 1)
_MONTHS = 12
#: 0001-01-01 as days since 1970-01-01: the first day a date can be (there is no year 0).
FIRST_DAY = (dt.date(1, 1, 1) - _EPOCH).days


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading dates")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading dates")


_US = r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$"
_SERIAL = r"^(?P<whole>\d{1,7})(?:\.(?P<fraction>\d+))?$"


def before_year_one(dates: Any) -> bool:  # noqa: ANN401 - a pyarrow date32 (chunked) array
    """Return whether a date32 column holds a day before 0001-01-01 (the year 0, which is no date).

    pyarrow's ISO readers read ``0000-01-05``; Python's dates, and the single values, have no
    year 0. The days are read from the column's buffers (no copy, and no ``pyarrow.compute``).

    >>> import pyarrow as pa
    >>> days = pa.array([FIRST_DAY - 1, None, 13883], pa.int32()).cast(pa.date32())
    >>> before_year_one(days), before_year_one(days.slice(1)), before_year_one(pa.nulls(2, pa.date32()))
    (True, False, False)
    """
    np = _np()
    for chunk in getattr(dates, "chunks", [dates]):
        buffer = chunk.buffers()[1]
        if buffer is None or not len(chunk):
            continue
        days = np.frombuffer(buffer, dtype=np.int32)[chunk.offset : chunk.offset + len(chunk)]
        if chunk.null_count:
            days = days[numpy_valid(chunk)]
        if len(days) and int(days.min()) < FIRST_DAY:
            return True
    return False


def _days(year: Any, month: Any, day: Any) -> tuple[Any, Any]:  # noqa: ANN401 - numpy arrays
    """Return day numbers since 1970-01-01 of (year, month, day), and which are real days."""
    np = _np()
    month_start = ((year - 1970) * 12 + (month - 1)).astype("datetime64[M]")
    first = month_start.astype("datetime64[D]")
    length = ((month_start + 1).astype("datetime64[D]") - first).astype(np.int64)
    real = (year >= 1) & (month >= 1) & (month <= _MONTHS) & (day >= 1) & (day <= length)
    return (first.astype(np.int64) + day - 1).astype(np.int32), real


def us_dates(text: Any) -> tuple[Any, Any]:  # noqa: ANN401 - pyarrow string array
    """Return ``M/D/YYYY`` text as day numbers (int32) and a numpy mask of the rows that are.

    Month first, as US exports write dates (ruling IN1); ``D/M/YYYY`` is never guessed, so
    ``13/5/2008`` is not a date, nor is a day the month does not have.

    >>> import pyarrow as pa
    >>> days, read = us_dates(pa.array(["1/5/2008", "13/5/2008", "2/30/2008", None]))
    >>> days[0].item(), read.tolist()
    (13883, [True, False, False, False])
    """
    np, pc = _np(), compute
    parts = pc.extract_regex(text, _US)
    matched = _mask(pc.is_valid(parts))
    numbers = [
        pc.fill_null(pc.struct_field(parts, index), "0").cast(_pa().int32()).to_numpy()
        for index in range(3)
    ]
    days, real = _days(numbers[2].astype(np.int64), numbers[0].astype(np.int64), numbers[1])
    return days, matched & real


def _excel_dates(text: Any) -> tuple[Any, Any, Any]:  # noqa: ANN401 - pyarrow string array
    """Return serial day numbers as day numbers, the rows that are valid, and those that look so."""
    np, pc = _np(), compute
    parts = pc.extract_regex(text, _SERIAL)
    looks = _mask(pc.is_valid(parts))
    whole = pc.fill_null(pc.struct_field(parts, 0), "0").cast(_pa().int64()).to_numpy()
    fraction = pc.fill_null(pc.struct_field(parts, 1), "")
    whole_days = _mask(pc.equal(pc.utf8_ltrim(fraction, characters="0"), ""))
    low, high = EXCEL_SERIAL_RANGE
    valid = looks & whole_days & (whole >= low) & (whole <= high) & (whole != _EXCEL_LEAP_DAY)
    # Serial 1 is 1900-01-01 (Excel counts a 1900-02-29 that never was, serial 60).
    offset = np.where(whole < _EXCEL_LEAP_DAY, (dt.date(1899, 12, 31) - _EPOCH).days, 0)
    offset = np.where(whole > _EXCEL_LEAP_DAY, (dt.date(1899, 12, 30) - _EPOCH).days, offset)
    return (whole + offset).astype(np.int32), valid, looks


def _reason(column: str, value: str, *, excel: bool, looks_serial: bool) -> str:
    if excel and looks_serial:
        whole, _, fraction = value.strip().partition(".")
        if fraction.strip("0"):
            return (
                f"{column} {value!r} is an Excel serial with a fraction (a time of day); give "
                "whole days"
            )
        if int(whole) == _EXCEL_LEAP_DAY:
            return (
                f"{column} {value!r} is Excel serial 60, the day 1900-02-29 that never was "
                "(Excel's 1900 leap-year error); correct the cell"
            )
        low, high = EXCEL_SERIAL_RANGE
        return (
            f"{column} {value!r} is not an Excel serial day number from {low} (1900-01-01) to "
            f"{high} (9999-12-31)"
        )
    if excel:
        return (
            f"{column} {value!r} is not a date (expected YYYY-MM-DD, M/D/YYYY or an Excel "
            "serial day number)"
        )
    if looks_serial:
        return (
            f"{column} {value!r} is not a date (expected YYYY-MM-DD or M/D/YYYY; if the column "
            "holds Excel serial day numbers, say so: excel_dates=True, --excel-dates)"
        )
    return f"{column} {value!r} is not a date (expected YYYY-MM-DD or M/D/YYYY)"


def iso_or_us_days(cells: Any) -> tuple[Any, Any]:  # noqa: ANN401 - pyarrow text -> numpy
    """Return text cells (trimmed) as day numbers (int32) and which are dates: ISO or ``M/D/YYYY``.

    Ruling IN1, from the year 1 (there is no year 0). ``strptime`` rolls impossible days over
    (2008-02-30) and takes unpadded fields, so a round trip through the canonical text rejects
    both; the cells that are not ISO may be US dates, month first (:func:`us_dates`). A cell that
    is no date has any day number.

    >>> import pyarrow as pa
    >>> days, read = iso_or_us_days(pa.array(["2008-01-05", "1/5/2008", "2008-1-5", "0000-01-05"]))
    >>> days[:2].tolist(), read.tolist()
    ([13883, 13883], [True, True, False, False])
    """
    pa, pc, np = _pa(), compute, _np()
    parsed = compute.cast(
        pc.strptime(cells, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32()
    )
    iso = _mask(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), cells))
    days = np.array(pc.fill_null(parsed.cast(pa.int32()), 0).to_numpy(zero_copy_only=False))
    iso &= days >= FIRST_DAY  # the year 0 is no date
    us_days, us = us_dates(cells)
    us &= ~iso
    days[us] = us_days[us]
    return days.astype(np.int32, copy=False), iso | us


def date_cells(
    text: Any,  # noqa: ANN401 - a pyarrow string array
    column: str,
    *,
    excel: bool,
) -> tuple[Any, list[tuple[int, str]]]:
    """Return text cells as a date32 array (bad cells null) and the bad cells' rows and reasons.

    Cells the reader already parsed as dates (a date32 array) are returned as they are.
    """
    pa = _pa()
    if pa.types.is_date32(text.type):
        return text, []
    pc, np = compute, _np()
    try:
        dates = compute.cast(text, pa.date32())  # the fast path: every cell ISO (or empty)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    else:  # unless one is in the year 0, which is no date (the slow path says so)
        if not before_year_one(dates):
            return dates, []
    trimmed = pc.utf8_trim_whitespace(text)
    trimmed = pc.if_else(pc.equal(trimmed, ""), pa.nulls(1, trimmed.type)[0], trimmed)
    days, good = iso_or_us_days(trimmed)
    serial_days, serial, looks_serial = _excel_dates(trimmed)
    if excel:
        serial &= ~good
        days[serial] = serial_days[serial]
        good |= serial
    present = _mask(pc.is_valid(trimmed))
    bad = present & ~good
    rows = np.flatnonzero(bad)
    values = compute.take(text, arrow_numbers(rows)).to_pylist() if len(rows) else []
    reasons = [
        (int(row), _reason(column, value, excel=excel, looks_serial=bool(looks_serial[row])))
        for row, value in zip(rows, values, strict=True)
    ]
    dates = arrow_numbers(days, pa.date32(), good)
    return dates, reasons
