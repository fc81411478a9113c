"""Time to appointment over a table of appointments (Attachment V), column by column.

Each row's figures equal :func:`~tenncare_calc.compliance.access.timeliness.access_timeliness`'s
for the same inputs: the limit of each distinct request is chosen once, and both forms evaluate
the same :attr:`~tenncare_calc.compliance.access.standards.TimeLimit.threshold`.
"""

from __future__ import annotations

__all__ = ["access_timeliness_table"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.access.standards import (
    ATTACHMENT_V,
    AccessStandards,
    TimeLimit,
    TimeUnit,
    profile_or_default,
)
from tenncare_calc.compliance.access.table_packages import _np
from tenncare_calc.compliance.access.variants import (
    ADMISSIONS,
    URGENCIES,
    choose_limit,
    standard_text,
)
from tenncare_calc.compliance.findings import (
    Deferred,
    FindingsTable,
    findings_from_columns,
    read_with_carried,
)
from tenncare_calc.contract.calendar import HolidayCalendar, holiday_dates
from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar import Categories, OnError, TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]


#: The appointments' columns :func:`access_timeliness_table` reads (the command line parses only these, and the columns carried).
TIMELINESS_COLUMNS: tuple[Column, ...] = (
    Column("service_code", ColumnKind.LABEL),
    Column("requested_at", ColumnKind.LABEL),
    Column("appointment_at", ColumnKind.LABEL),
    Column("urgency", ColumnKind.LABEL, required=False),
    Column("detoxification", ColumnKind.LABEL, required=False),
    Column("admission", ColumnKind.LABEL, required=False, nullable=True),
)


def access_timeliness_table(
    appointments: object,
    *,
    columns: Mapping[str, str] | None = None,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`access_timeliness` over appointment rows (Attachment V).

    ``appointments`` is a pyarrow Table, a pandas or polars DataFrame, or a mapping of columns
    (see :mod:`tenncare_calc.columnar.tables`) with the columns ``service_code``, ``requested_at`` and
    ``appointment_at`` (timestamps, dates, or ``YYYY-MM-DD[ HH:MM[:SS]]`` text), and optionally
    ``urgency`` (routine / urgent / emergency), ``detoxification`` (yes/no) and ``admission``
    (voluntary / involuntary; may be empty). A row that cannot be checked (unknown code, a date
    without a time for an hours standard, an appointment before its request, a missing admission
    type) raises :class:`~tenncare_calc.core.errors.RejectedRowsError`, or with
    ``on_error="collect"`` is listed in ``.rejected`` with its reason.

    Each row's figures equal :func:`access_timeliness`'s for the same inputs. The work is
    columnar: numpy business-day arithmetic with the holiday dates of the span.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = access_timeliness_table({"service_code": ["19", "19", "99"],
    ...     "requested_at": ["2008-12-23", "2008-12-23", "2008-12-23"],
    ...     "appointment_at": ["2008-12-29", "2008-12-30", "2008-12-24"],
    ...     "urgency": ["urgent", "urgent", "routine"]}, on_error="collect")
    >>> [(r["row"], r["outcome"], r["margin"]) for r in findings.rows()]
    [(0, 'met', '0'), (1, 'not_met', '-1')]
    >>> findings.rejected.to_pylist()
    [{'row': 2, 'reason': "service code '99' is not in Attachment V"}]
    """
    appointments = named_columns(appointments, columns, name="appointments")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - the data extra
        flag_column,
        read_flags,
    )

    np = _np()
    mode = check_on_error(on_error)
    table = read_with_carried(appointments, TIMELINESS_COLUMNS, name="appointments", carry=carry)
    table, codes = cols.code_categories(table, "service_code")
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, appointment, appointment_timed = cols.moments(table, "appointment_at")
    table, urgency = cols.choice_categories(table, "urgency", URGENCIES, default="routine")
    table, detox = read_flags(table, "detoxification")
    table, admission = cols.choice_categories(table, "admission", ADMISSIONS, nullable=True)
    request_day = np.floor_divide(requested, cols.MICROS_PER_DAY)
    # each moment's day on its own wall clock, as one by one
    appointment_day = np.floor_divide(appointment, cols.MICROS_PER_DAY)
    # two times of day compared on the request's clock: the time between instants, as
    # access_timeliness measures them (each row's days stay on its own wall clock)
    table, appointment = cols.on_clock_of(
        table,
        "appointment_at",
        appointment,
        "requested_at",
        rows=requested_timed & appointment_timed,
    )
    table = table.reject(
        (appointment_day < request_day)
        | (requested_timed & appointment_timed & (appointment < requested)),
        "appointment_at {appointment_at!s} is before requested_at {requested_at!s}",
    )
    resolved = profile_or_default(profile)
    version: IntArray | int | None = _one_version(resolved, "access.behavioral_health", request_day)
    if version is None:
        table, version, parameters = cols.parameter_versions(
            table, resolved, "access.behavioral_health", days=request_day, column="requested_at"
        )
    else:
        parameters = _versions(resolved, "access.behavioral_health")
    plan = _plan_rows(
        table,
        codes=codes,
        urgency=urgency,
        detox=detox,
        admission=admission,
        version=version,
        parameters=parameters,
    )
    table = plan.table
    unit = plan.unit[plan.group]
    table = table.reject(
        (unit == 0) & ~(requested_timed & appointment_timed),
        "the standard is in hours but requested_at {requested_at!s} or appointment_at "
        "{appointment_at!s} has no time of day",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    group = plan.group[keep]
    kept_unit = unit[keep]
    limit = plan.limit[group]
    measured = _measures(
        kept_unit,
        requested=requested[keep],
        appointment=appointment[keep],
        request_day=request_day[keep],
        appointment_day=appointment_day[keep],
        holidays=holidays,
    )
    # judged by the line of every time limit's threshold, as the one-value check judges them
    comparison = TimeLimit.comparison
    met = comparison.holds(measured, limit)
    hours = kept_unit == 0
    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "service_code": lambda: codes.encoded(keep),
        "service_type": lambda: plan.texts(group, plan.service_type),
        "urgency": lambda: urgency.encoded(keep),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": flag_column(met),
        "standard": lambda: plan.texts(group, plan.standard),
        "measured": lambda: _shown(measured, hours, line=limit),
        "limit": lambda: _shown(limit, hours),
        "margin": lambda: _shown(comparison.margin(measured, limit), hours, line=0),
        "unit": cols.text_column(kept_unit, ("minutes", "calendar days", "business days")),
        "section": lambda: cols.repeated_text(ATTACHMENT_V, checked.rows_used),
    }
    used = (
        [version]
        if isinstance(version, int)
        else np.flatnonzero(np.bincount(version[keep], minlength=len(parameters)))
    )
    return findings_from_columns(
        "access.timeliness", checked, found, (parameters[i] for i in used), carry=carry
    )


@attrs.frozen
class _Plan:
    """The limit of each distinct (version, code, urgency, detoxification, admission) of the rows.

    ``group`` gives each input row's combination; the other arrays and texts are per combination.
    """

    table: TableInput
    group: IntArray
    #: 0 hours, 1 calendar days, 2 business days (-1 rejected).
    unit: IntArray
    #: The limit of the standard's threshold (:attr:`TimeLimit.threshold`), in the unit the check
    #: counts: microseconds for an hours limit, days for a days limit.
    limit: IntArray
    standard: tuple[str, ...]
    service_type: tuple[str, ...]

    def texts(self, group: IntArray, texts: tuple[str, ...]) -> Any:  # noqa: ANN401
        """Return the text of each row's combination, ``group`` being the kept rows' ones.

        The texts stored are those of the combinations the input rows hold, in the order of
        their keys: a dictionary column as the rows' own combinations, grouped, give it.
        """
        from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

        np = _np()
        present = np.flatnonzero(np.bincount(self.group, minlength=len(texts)))
        number = np.zeros(len(texts), dtype=np.int64)
        number[present] = np.arange(len(present))
        return cols.text_column(number[group], [texts[at] for at in present])


_UNIT_INDEX = {TimeUnit.HOURS: 0, TimeUnit.CALENDAR_DAYS: 1, TimeUnit.BUSINESS_DAYS: 2}


def _plan_rows(
    table: TableInput,
    *,
    codes: Categories,
    urgency: Categories,
    detox: BoolArray,
    admission: Categories,
    version: IntArray | int,
    parameters: list[ParameterValue],
) -> _Plan:
    """Choose the limit once per distinct (version, code, urgency, detox, admission).

    ``version`` is each row's version, or the one version of every row.
    """
    np = _np()
    code_names, urgency_names = codes.values(), urgency.values()
    admission_names = admission.values()
    group, each = _combinations(
        (
            version if isinstance(version, int) else (version, len(parameters)),
            (codes.index, len(code_names)),
            (urgency.index, len(urgency_names)),
            (detox, 2 if detox.any() else 1),
            (admission.index, len(admission_names)),
        )
    )
    count = len(each["code"])
    unit = np.full(count, -1, dtype=np.int64)
    limits = np.zeros(count, dtype=np.int64)
    standard = [""] * count
    service_type = [""] * count
    reasons: dict[str, list[int]] = {}
    versions = np.broadcast_to(np.asarray(each["version"]), (count,))
    for index in range(count):
        code = code_names[each["code"][index]]
        urgency_text = urgency_names[each["urgency"][index]]
        if code is None or urgency_text is None:
            continue  # already rejected (null code or urgency)
        standards: AccessStandards = parameters[int(versions[index])].value
        try:
            service = standards.service(code)
        except InvalidInputError as error:
            reasons.setdefault(str(error).split(";")[0], []).append(index)
            continue
        chosen = choose_limit(
            service,
            code,
            urgency_text,
            detoxification=bool(each["detox"][index]),
            admission=admission_names[each["admission"][index]],
        )
        if isinstance(chosen, str):
            reasons.setdefault(chosen, []).append(index)
            continue
        variant, limit = chosen
        unit[index] = _UNIT_INDEX[limit.unit]
        limits[index] = limit.threshold.limit
        standard[index] = standard_text(variant, limit, service.time.measured_from)
        service_type[index] = service.label()
    for reason, indices in reasons.items():
        table = table.reject(np.isin(group, indices), reason.replace("{", "{{").replace("}", "}}"))
    return _Plan(table, group, unit, limits, tuple(standard), tuple(service_type))


def _combinations(columns: tuple[Any, ...]) -> tuple[IntArray, dict[str, Any]]:
    """Return each row's combination of the columns' values, and every combination's values.

    ``columns`` are the version (each row's with the count of versions, or the one version), then
    (codes, count) of the service code, urgency, detoxification and admission. Each row's
    combination is its key in the table of every combination of the distinct values (a few
    dozen: no grouping of the rows), the last column varying fastest; with more combinations than
    :data:`_DENSE_COMBINATIONS` the rows' own combinations are grouped instead. The values are by
    column name (``version``, ``code``, ...), one per combination (the version may be one number).
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    one_version = columns[0] if isinstance(columns[0], int) else None
    factors = list(columns[1:] if one_version is not None else columns)
    names = _COLUMNS[-len(factors) :]
    size = 1
    for _, count in factors:
        size *= count
    if size > _DENSE_COMBINATIONS:
        group, first = cols.groups(*[(np.asarray(v, dtype=np.int64), c) for v, c in factors])
        each = {name: values[first] for name, (values, _) in zip(names, factors, strict=True)}
    else:
        group = np.zeros(len(factors[0][0]), dtype=np.int64)
        for values, count in factors:
            if count > 1:  # a column of one value splits nothing
                group = group * count + values
        combination = np.arange(size)
        each = {}
        for name, (_, count) in reversed(list(zip(names, factors, strict=True))):
            combination, each[name] = np.divmod(combination, count)
    if one_version is not None:
        each["version"] = one_version
    each["detox"] = np.asarray(each["detox"], dtype=bool)
    return group, each


#: The columns of a combination, in the order of its key (the version first, when it varies).
_COLUMNS = ("version", "code", "urgency", "detox", "admission")
#: More combinations of the distinct values than this are found among the rows instead.
_DENSE_COMBINATIONS = 4096


def _one_version(profile: ContractProfile, name: str, days: IntArray) -> int | None:
    """Return the index of the one version of ``name`` in force on every day, else None.

    None too when a day is outside the parameter's term (the rows are then looked up one by one,
    and those rejected).
    """
    from tenncare_calc.columnar import days_from_date  # noqa: PLC0415 - needs the data extra

    if not len(days):
        return None
    parameter = profile.parameters[name]
    first, last = int(days.min()), int(days.max())
    starts = [days_from_date(version.effective_from) for version in parameter.versions]
    through = parameter.effective_through
    if first < starts[0] or (through is not None and last > days_from_date(through)):
        return None
    at = max(index for index, start in enumerate(starts) if start <= first)
    if at + 1 < len(starts) and starts[at + 1] <= last:
        return None
    return at


def _versions(profile: ContractProfile, name: str) -> list[ParameterValue]:
    """Return every version of ``name``, as :func:`parameter_versions` gives them."""
    parameter = profile.parameters[name]
    return [parameter.at(version.effective_from) for version in parameter.versions]


def _measures(
    unit: IntArray,
    *,
    requested: IntArray,
    appointment: IntArray,
    request_day: IntArray,
    appointment_day: IntArray,
    holidays: HolidayCalendar | Iterable[dt.date] | None,
) -> IntArray:
    """Return each kept row's measure in the unit its limit counts (microseconds for hours, days).

    Hours: the exact microseconds; calendar days: the days after the request day; business days:
    the business days after the request day up to the appointment day rolled forward to one.
    A block of 32,768 rows at a time, by arithmetic on the 0/1 of the unit (numpy's where
    branches on each row), every row looking its days up in a calendar of the span's days.
    """
    np = _np()
    rows = len(unit)
    business = unit == 2  # noqa: PLR2004 - the business-days unit index
    calendar = None
    measured: IntArray = np.empty(rows, dtype=np.int64)
    if business.any():
        span = int(appointment_day.max()) - int(request_day.min())
        if span <= max(rows, _CALENDAR_DAYS):
            calendar = _calendar(int(request_day.min()), int(appointment_day.max()), holidays)
    for begin in range(0, rows, _BLOCK):
        block = slice(begin, begin + _BLOCK)
        days = appointment_day[block] - request_day[block]
        elapsed = appointment[block] - requested[block]
        figure = days + (elapsed - days) * (unit[block] == 0)
        if calendar is not None:
            counted = _business_days(calendar, request_day[block], appointment_day[block])
            figure += (counted - figure) * business[block]
        measured[block] = figure
    if business.any() and calendar is None:  # a long span: the business-day rows alone
        start, end = request_day[business], appointment_day[business]
        measured[business] = _business_days(
            _calendar(int(start.min()), int(end.max()), holidays), start, end
        )
    return measured


#: A span of up to this many days (or up to the rows) is looked up for every row at once.
_CALENDAR_DAYS = 1 << 16
#: Rows measured at a time by :func:`_measures`.
_BLOCK = 1 << 15


def _calendar(
    first: int, last: int, holidays: HolidayCalendar | Iterable[dt.date] | None
) -> tuple[int, IntArray, IntArray]:
    """Return the business-day tables of the days ``first`` to ``last`` (day numbers).

    ``first``; each day rolled forward to a business day; and the business days from the day
    after ``first`` up to (not including) each day. numpy's business-day functions run once per
    day of the span, and the rows look them up (:func:`_business_days`).
    """
    from tenncare_calc.columnar import date_from_days  # noqa: PLC0415 - needs the data extra

    np = _np()
    holiday_list = holiday_dates(
        date_from_days(first - 7), date_from_days(last + 400), holidays=holidays
    )
    marks = np.array([d.isoformat() for d in holiday_list], dtype="datetime64[D]")
    rolled = np.busday_offset(
        np.arange(first, last + 1).astype("datetime64[D]"), 0, roll="forward", holidays=marks
    ).astype(np.int64)
    running = np.busday_count(
        np.datetime64(first + 1, "D"),
        np.arange(first + 1, int(rolled.max()) + 2).astype("datetime64[D]"),
        holidays=marks,
    )
    return first, rolled, running


def _business_days(
    calendar: tuple[int, IntArray, IntArray], start: IntArray, end: IntArray
) -> IntArray:
    """Return the business days after each ``start`` day up to its ``end`` day rolled forward.

    An appointment counts on its day rolled forward to a business day; ``calendar`` is
    :func:`_calendar` of days covering every start and end.
    """
    first, rolled, running = calendar
    counted = rolled[end - first]
    result: IntArray = running[counted - first] - running[start - first]
    return result


def _shown(figure: IntArray, hours: BoolArray, *, line: IntArray | int | None = None) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return figures as exact decimals: minutes (half-up from microseconds) or whole days.

    ``figure`` is in the unit the check counts (microseconds where ``hours``, else days); the
    decimals are in 1/10,000 of the unit shown, converted a block of rows at a time. A figure in
    minutes measured against ``line`` (the limit, or 0 for a margin) is never rounded onto it, as
    :func:`~tenncare_calc.compliance.findings.minutes_beside_line` shows it; days are exact.
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()

    def block(rows: slice) -> IntArray:
        at = line if line is None or isinstance(line, int) else line[rows]
        minutes = cols.ten_thousandths_of_minutes(figure[rows], line=at)
        result: IntArray = np.where(hours[rows], minutes, figure[rows] * 10_000)
        return result

    return cols.decimals_by_block(len(figure), block)
