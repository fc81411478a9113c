"""The observation records of a year's liquidated damages: read from CSV, parsed, dated.

An observation is a plain record (a mapping, or a row of a CSV file read with
:func:`load_observations`) naming its ``item`` and the fields that item takes. Typed values pass
through; text as read from CSV is parsed (dates ``YYYY-MM-DD``, flags ``yes``/``no``, ``;``-separated
lists, ``element=percent`` pairs). Every record is dated by its item's rule or period (see
:mod:`tenncare_calc.damages.year`): the period it covers and the day its damage accrues.

>>> typed_record(clean_record({"end": "2008-02-02", "reference": "", "standards_met": "no"}), set())
{'end': datetime.date(2008, 2, 2), 'standards_met': False}
>>> record_period(RuleKind.PER_COUNT, Period.PER_OCCURRENCE, {"date": dt.date(2008, 2, 14), "count": 2})
(datetime.date(2008, 2, 14), datetime.date(2008, 2, 14), datetime.date(2008, 2, 14), {'count': 2})
"""

from __future__ import annotations

__all__ = [
    "OBSERVATION_FIELDS",
    "PERIOD_FIELDS",
    "clean_record",
    "load_observations",
    "record_period",
    "typed_record",
]

import datetime as dt
import re
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from tenncare_calc.columnar import read_rows
from tenncare_calc.core.dates import date_in_text
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError
from tenncare_calc.core.values import to_date
from tenncare_calc.damages.schedule import Period, RuleKind

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_DATE_FIELDS = {"start", "end", "due", "received", "date"}
_BOOL_FIELDS = {"corrective_action_plan", "standards_met"}
#: The fields that date a record of a counted, monthly or quarterly item.
PERIOD_FIELDS = {"date", "month", "quarter"}
#: Every field an observation of the shipped schedule may fill: the names ``columns=`` maps.
OBSERVATION_FIELDS = (
    "item",
    "reference",
    "date",
    "start",
    "end",
    "amount_paid",
    "due",
    "received",
    "count",
    "month",
    "quarter",
    "unmet",
    "standards_met",
    "confirmed_percent",
    "incorrect_percent_by_element",
    "corrective_action_plan",
    "waived",
    "shortage_waiver",
)


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, str):
        return date_in_text(value, field=field)
    return to_date(value, field=field)


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InvalidInputError(
        f"{field!r} must be true or false (or yes/no, 1/0) (got {value!r})",
        field=field,
        value=value,
    )


def _names(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == "none":
            return ()
        return tuple(part.strip() for part in text.split(";") if part.strip())
    return value


def _mapping(value: object, field: str) -> object:
    if not isinstance(value, str):
        return value
    found: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        name, equals, percent = part.partition("=")
        if not equals or not name.strip():
            raise InvalidInputError(
                f"{field!r} must be written 'element=percent; element=percent', such as "
                f"'address=12.5; phone=3' (got {value!r})",
                field=field,
                value=value,
            )
        found[name.strip()] = percent.strip()
    return found


def _month(value: object) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        first = value.replace(day=1)
    elif isinstance(value, str) and (match := _MONTH.match(value)) and 1 <= int(match[2]) <= 12:  # noqa: PLR2004
        first = dt.date(int(match[1]), int(match[2]), 1)
    else:
        raise InvalidInputError(
            f"'month' must be a month written YYYY-MM, such as 2008-03 (got {value!r})",
            field="month",
            value=value,
        )
    return first, first + relativedelta(months=+1, days=-1)


def _quarter(value: object) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        first = value.replace(month=3 * ((value.month - 1) // 3) + 1, day=1)
    elif isinstance(value, str) and (match := _QUARTER.match(value)):
        first = dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    else:
        raise InvalidInputError(
            f"'quarter' must be a calendar quarter written YYYY-Qn, such as 2008-Q1 (got {value!r})",
            field="quarter",
            value=value,
        )
    return first, first + relativedelta(months=+3, days=-1)


def clean_record(record: Mapping[str, object]) -> dict[str, object]:
    """Return the record without empty fields (an empty CSV cell or ``None`` means absent).

    >>> clean_record({" count ": "2", "reference": " ", "waived": None})
    {'count': '2'}
    """
    cleaned = {}
    for key, value in record.items():
        if not isinstance(key, str):
            raise InvalidInputError(
                f"record field names must be text (got {key!r})", field="record", value=key
            )
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        cleaned[key.strip()] = value
    return cleaned


def typed_record(record: dict[str, object], waiver_flags: set[str]) -> dict[str, object]:
    """Return the record with its text parsed: dates, flags (and ``waiver_flags``), lists, mappings.

    >>> typed_record({"unmet": "none", "waived": "yes", "count": "2"}, {"waived"})
    {'unmet': (), 'waived': True, 'count': '2'}
    >>> typed_record({"incorrect_percent_by_element": "address=12.5; phone=3"}, set())
    {'incorrect_percent_by_element': {'address': '12.5', 'phone': '3'}}
    """
    typed: dict[str, object] = {}
    for key, value in record.items():
        if key in _DATE_FIELDS:
            typed[key] = _date(value, key)
        elif key in _BOOL_FIELDS or key in waiver_flags:
            typed[key] = _bool(value, key)
        elif key == "unmet":
            typed[key] = _names(value)
        elif key.endswith("_by_element"):
            typed[key] = _mapping(value, key)
        else:
            typed[key] = value
    return typed


def record_period(
    rule: RuleKind, period: Period, record: dict[str, object]
) -> tuple[dt.date, dt.date, dt.date, dict[str, object]]:
    """Return (period start, period end, accrual date, the fields left for the assessment).

    Per calendar day: ``start`` to ``end``, accruing on ``end``; per day late: ``due`` to the later
    of ``due`` and ``received``, accruing then; monthly and quarterly items: the ``month`` or
    ``quarter``, accruing on its last day; other items: their ``date``.

    >>> record_period(RuleKind.PER_PERIOD_WHEN_BREACHED, Period.QUARTERLY, {"quarter": "2008-Q1"})
    (datetime.date(2008, 1, 1), datetime.date(2008, 3, 31), datetime.date(2008, 3, 31), {})
    """
    fields = dict(record)
    if rule is RuleKind.PER_CALENDAR_DAY:
        start, end = fields.get("start"), fields.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            return start, end, end, fields
    elif rule is RuleKind.PER_DAY_LATE:
        due, received = fields.get("due"), fields.get("received")
        if isinstance(due, dt.date) and isinstance(received, dt.date):
            return due, max(due, received), max(due, received), fields
    elif period is Period.MONTHLY:
        if "month" in fields:
            first, last = _month(fields.pop("month"))
            return first, last, last, fields
    elif period is Period.QUARTERLY:
        if "quarter" in fields:
            first, last = _quarter(fields.pop("quarter"))
            return first, last, last, fields
    elif "date" in fields:
        day = fields.pop("date")
        assert isinstance(day, dt.date)  # noqa: S101 - parsed by typed_record
        return day, day, day, fields
    needs = {
        RuleKind.PER_CALENDAR_DAY: "'start' and 'end'",
        RuleKind.PER_DAY_LATE: "'due' and 'received'",
    }.get(rule) or {Period.MONTHLY: "'month'", Period.QUARTERLY: "'quarter'"}.get(period, "'date'")
    raise InvalidInputError(
        f"a ledger record of this item needs {needs} to date it", field="period", value=None
    )


def load_observations(path: str | Path) -> list[dict[str, str]]:
    """Return the observation records of a CSV file (header row of field names; UTF-8).

    Columns are the record fields (``item``, ``reference``, ``date``, ``start``, ``end``,
    ``amount_paid``, ``due``, ``received``, ``count``, ``month``, ``quarter``, ``unmet``,
    ``standards_met``, ``confirmed_percent``, ``incorrect_percent_by_element``,
    ``corrective_action_plan``, ``waived``, ``shortage_waiver``); a row fills the ones its item
    takes and leaves the others empty. Lists are ``;``-separated (``unmet``: ``none`` when every
    standard was met); per-element percentages are ``address=12.5; phone=3``. Row 0 is the first
    line after the header. A line that cannot be read as a row (a stray quote, too many cells,
    bytes that are not UTF-8) is a :class:`~tenncare_calc.core.errors.RejectedRowsError` naming
    its line; a file that cannot be read is an
    :class:`~tenncare_calc.core.errors.InvalidInputError` (see
    :func:`~tenncare_calc.columnar.read_rows`).

    Examples
    --------
    >>> from tenncare_calc.p4p import sample_path
    >>> records = load_observations(sample_path("damages_2008.csv"))
    >>> len(records), records[0]["item"], records[0]["end"]
    (9, 'unlicensed_staff', '2008-02-02')
    """
    rows = read_rows(path)
    if "item" not in rows.columns:
        raise InvalidInputError(
            f"observations file {str(path)!r} needs a header row with an 'item' column "
            f"(got {list(rows.columns)})",
            field="item",
            value=list(rows.columns),
        )
    if rows.malformed:
        raise RejectedRowsError(
            "\n".join(f"{rows.where(row)}: {reason}" for row, reason in rows.malformed),
            field="path",
            rejected=rows.malformed_rejections(),
        )
    return [
        {key: "" if value is None else str(value) for key, value in row.items()}
        for row in rows.rows
    ]
