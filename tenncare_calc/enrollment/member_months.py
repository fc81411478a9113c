"""Member months of a calendar year from enrollment spans (§3.10.2.1, ruling MM1), at state scale.

The pay-for-performance incentive is ``$0.03`` per member month "from the preceding calendar year"
(§3.10.2.1, §3.10.3, §3.10.4). :func:`member_months` computes that number from raw enrollment spans
(``member_id``, ``start_date``, ``end_date``; the end may be null, meaning open-ended) under one of
three conventions (ruling MM1):

* ``prorated`` (the default): each month counts member days ÷ days in the month;
* ``any_day``: 1 for each member and month with at least one enrolled day;
* ``first_of_month``: 1 for each member enrolled on the first day of the month.

Overlapping and duplicate spans of a member never count a day twice; an open-ended span runs to the
end of the requested year. Both ends of a span are enrolled days.

**How exact.** Member days are counted exactly (integers). Under ``prorated``, a month's member
months are ``member days ÷ days in the month``, which is a repeating decimal for most months
(1/31 = 0.032258...); the library rounds each month **half-up to 10 decimal places**
(:data:`MEMBER_MONTH_PLACES`) and the year's ``total`` is the exact sum of the twelve rounded
months, so the figures add up on paper. The rounding moves the total by at most 6e-10 member
months, under 2e-11 dollars at $0.03; ``exact_total`` gives the unrounded total as a
:class:`~fractions.Fraction` for anyone who wants to check. The other conventions are whole numbers.

**How fast.** The spans are clipped to the year, packed into one 64-bit key per span (member code,
start, end), sorted once, and then every step is a linear vectorised pass: a running maximum of the
end dates within each member yields the days each span adds that no earlier span of the member
covered; a difference array over the days of the year gives the members enrolled on each day, and
from it the member days of each month. There is no Python loop per row or per member. See
``docs/performance.md``.

>>> spans = {
...     "member_id": [1, 1, 2, 3],
...     "start_date": ["2008-01-01", "2008-01-10", "2008-02-15", "2007-06-01"],
...     "end_date": ["2008-01-20", "2008-02-10", None, "2008-01-31"],
... }
>>> result = member_months(spans, year=2008)
>>> result.by_month[date(2008, 2, 1)]
Decimal('0.8620689655')
>>> result.total
Decimal('12.8620689655')
>>> member_months(spans, year=2008, convention="any_day").total
Decimal('14')
"""

from __future__ import annotations

__all__ = [
    "CONVENTIONS",
    "MEMBER_MONTH_PLACES",
    "SPAN_COLUMNS",
    "MemberMonths",
    "member_months",
]

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import (
    Column,
    ColumnKind,
    IdCodes,
    OnError,
    check_on_error,
    days_from_date,
    encode_ids,
    explain_rejected,
    read_table,
    rejected_records,
    rejected_table,
)
from tenncare_calc.core.errors import InvalidValueError, require
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as OutputColumn
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import exact_context, format_decimal, to_year

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: The three member-month conventions of ruling MM1.
CONVENTIONS: tuple[str, ...] = ("prorated", "any_day", "first_of_month")

#: Decimal places each month's prorated member months are rounded to (half-up).
MEMBER_MONTH_PLACES = 10
_QUANTUM = Decimal(1).scaleb(-MEMBER_MONTH_PLACES)
_SCALE = 10**MEMBER_MONTH_PLACES

_SUMMARY_COLUMNS = (
    OutputColumn("year", ColumnType.COUNT, grouping=False),
    OutputColumn("convention", ColumnType.TEXT, description="ruling MM1"),
    OutputColumn(
        "total", ColumnType.NUMBER, unit="member months", description="the sum of the months"
    ),
    OutputColumn(
        "members", ColumnType.COUNT, description="members with an enrolled day in the year"
    ),
    OutputColumn("spans_in_year", ColumnType.COUNT, title="spans in the year"),
    *ROW_ACCOUNT_COLUMNS,
    OutputColumn("section", ColumnType.TEXT),
)
_MONTH_COLUMNS = (
    OutputColumn("month", ColumnType.DATE, description="the month's first day"),
    OutputColumn("days_in_month", ColumnType.COUNT, title="days in month"),
    OutputColumn("member_days", ColumnType.COUNT, title="member days", description="exact"),
    OutputColumn(
        "members_counted",
        ColumnType.COUNT,
        title="members counted",
        description="any_day: enrolled on a day of the month; first_of_month: on the 1st",
    ),
    OutputColumn(
        "member_months",
        ColumnType.NUMBER,
        title="member months",
        description="prorated: member days / days in month, half-up to 10 places",
    ),
)

#: The columns a spans table must (or may) have.
SPAN_COLUMNS: tuple[Column, ...] = (
    Column("member_id", ColumnKind.ID),
    Column("start_date", ColumnKind.DATE),
    Column("end_date", ColumnKind.DATE, nullable=True),
)

_SECTION = "3.10.2.1"
_RULING = "ruling MM1"
#: Bits for a day of the year (0..365) inside the packed sort key.
_DAY_BITS = 9
_DAY_MASK = (1 << _DAY_BITS) - 1


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


def _convention(value: object) -> str:
    if value not in CONVENTIONS:
        raise InvalidValueError(
            f"'convention' must be one of {', '.join(map(repr, CONVENTIONS))} (ruling MM1) "
            f"(got {value!r})",
            field="convention",
            value=value,
        )
    return str(value)


def _months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _month_bounds(year: int) -> list[int]:
    """Return the day-of-year offset of each month's first day, and the year's length (13 items)."""
    first = date(year, 1, 1)
    return [(day - first).days for day in [*_months(year), date(year + 1, 1, 1)]]


# --------------------------------------------------------------------------------------------------
# The mergeable partial result: what one machine (or one partition of members) contributes


@attrs.frozen
class _Partial:
    """Sums over a set of members; partials over disjoint members add up to the whole."""

    enrolled_by_day: Any = attrs.field(repr=False)  # int64[days in year]: members enrolled that day
    any_day_by_month: Any = attrs.field(repr=False)  # int64[12]: members with >= 1 day in month
    members: int
    spans_in_year: int
    rows_in: int
    rejected: Any = attrs.field(repr=False)  # pyarrow Table row/reason, rows local to the partial
    per_member: Any = attrs.field(repr=False)  # pyarrow Table or None


def _pieces(key: Any) -> tuple[Any, Any, Any]:  # noqa: ANN401
    """Return the disjoint enrolled pieces (member code, first day, last day) of packed spans.

    ``key`` holds one int64 per span, ``code << 18 | start << 9 | end`` with ``start`` and ``end``
    day offsets in the year; it is sorted here, in place, once. A running maximum of
    ``code << 9 | end`` then tells each span how far the member's earlier spans already reach, and
    the span contributes only the days after that. Work arrays are reused in place so the peak
    stays near three int64 arrays of the spans in the year.
    """
    np = _np()
    key.sort()
    code_end = key >> (2 * _DAY_BITS)
    code_end <<= _DAY_BITS
    code_end |= key & _DAY_MASK  # code << 9 | end
    key >>= _DAY_BITS  # now code << 9 | start
    code_start = key
    reach = np.maximum.accumulate(code_end)
    reach += 1  # the first day not yet covered by the member's spans so far
    # A span of a new member sees a smaller code in ``reach``, so it starts at its own start.
    np.maximum(code_start[1:], reach[:-1], out=code_start[1:])
    del reach
    adds = code_start <= code_end
    first_new = code_start[adds]
    del code_start, key
    piece_end = code_end[adds]
    del code_end, adds
    piece_code = first_new >> _DAY_BITS
    piece_start = first_new
    piece_start &= _DAY_MASK
    piece_end &= _DAY_MASK
    return piece_code, piece_start, piece_end


def _packed_spans(spans: object, *, year: int, on_error: OnError) -> tuple[Any, IdCodes, Any]:
    """Return the checked spans' packed keys (``code << 18 | start << 9 | end``) in the year.

    Also returns the member codes (to decode ids) and the checked table (rows in, rejected).
    """
    np, pa, pc = _np(), _pa(), require("pyarrow.compute", extra="data", purpose="member months")
    table = read_table(spans, SPAN_COLUMNS, name="spans")
    before = pc.fill_null(
        pc.less(table.column("end_date"), table.column("start_date")), fill_value=False
    )
    table = table.reject(
        before.to_numpy(zero_copy_only=False),
        "end_date {end_date} is before start_date {start_date}",
    )
    checked = table.check(on_error=on_error)
    year_start = days_from_date(date(year, 1, 1))
    year_end = days_from_date(date(year, 12, 31))
    start = checked.days("start_date")
    end = checked.days("end_date", null=year_end)
    ids = checked.column("member_id")
    in_year = start <= year_end
    in_year &= end >= year_start
    if not in_year.all():
        start, end = start[in_year], end[in_year]
        ids = ids.filter(pa.array(in_year))
    del in_year
    id_codes = encode_ids(ids)
    del ids
    # Pack code << 18 | start << 9 | end into the codes array, in place (the codes are ours:
    # encode_ids computed them; only a read-only zero-copy view needs copying first).
    key = id_codes.codes[0]
    if not key.flags.writeable:
        key = key.copy()
    key <<= 2 * _DAY_BITS
    start = np.maximum(start, year_start)
    start -= year_start
    start <<= _DAY_BITS
    key |= start
    end = np.minimum(end, year_end)
    end -= year_start
    key |= end
    return key, id_codes, checked


def _partial(
    spans: object, *, year: int, per_member: bool, convention: str, on_error: OnError
) -> _Partial:
    np = _np()
    key, id_codes, checked = _packed_spans(spans, year=year, on_error=on_error)
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    spans_in_year = len(key)
    piece_code, piece_start, piece_end = _pieces(key)
    del key
    difference = np.bincount(piece_start, minlength=days + 1)
    difference -= np.bincount(piece_end + 1, minlength=days + 1)
    enrolled_by_day = np.cumsum(difference)[:days]

    bounds = np.asarray(_month_bounds(year))
    month_of_day = np.repeat(np.arange(12, dtype=np.int8), np.diff(bounds))
    first_month = month_of_day[piece_start]
    last_month = month_of_day[piece_end]
    # A piece's first month was already counted when the member's previous piece ended in it.
    counted = np.zeros(len(piece_code), dtype=bool)
    counted[1:] = (piece_code[1:] == piece_code[:-1]) & (first_month[1:] == last_month[:-1])
    first_month += counted
    new_months = first_month <= last_month
    month_difference = np.bincount(first_month[new_months], minlength=13)
    month_difference -= np.bincount(last_month[new_months] + 1, minlength=13)
    any_day_by_month = np.cumsum(month_difference)[:12]

    new_member = np.ones(len(piece_code), dtype=bool)
    new_member[1:] = piece_code[1:] != piece_code[:-1]
    members = int(new_member.sum())
    table_per_member = None
    if per_member:
        table_per_member = _per_member_table(
            id_codes.decode(piece_code[new_member]),
            piece_start=piece_start,
            piece_end=piece_end,
            member_first_piece=np.flatnonzero(new_member),
            bounds=bounds,
            convention=convention,
        )
    return _Partial(
        enrolled_by_day=enrolled_by_day.astype(np.int64),
        any_day_by_month=any_day_by_month.astype(np.int64),
        members=members,
        spans_in_year=spans_in_year,
        rows_in=checked.rows_in,
        rejected=checked.rejected,
        per_member=table_per_member,
    )


def _decimal_array(unscaled: Any, scale: int) -> Any:  # noqa: ANN401
    """Return non-negative int64 unscaled values as a pyarrow decimal128 array with ``scale``."""
    np, pa = _np(), _pa()
    words = np.zeros((len(unscaled), 2), dtype=np.int64)
    words[:, 0] = unscaled
    return pa.Array.from_buffers(
        pa.decimal128(18 + scale if scale else 18, scale),
        len(unscaled),
        [None, pa.py_buffer(words)],
    )


def _per_member_table(
    member_ids: Any,  # noqa: ANN401
    *,
    piece_start: Any,  # noqa: ANN401
    piece_end: Any,  # noqa: ANN401
    member_first_piece: Any,  # noqa: ANN401
    bounds: Any,  # noqa: ANN401
    convention: str,
) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return one row per member with an enrolled day: days in the year, months and total."""
    np, pa = _np(), _pa()
    columns: dict[str, Any] = {"member_id": member_ids}
    scale = MEMBER_MONTH_PLACES if convention == "prorated" else 0
    total = np.zeros(len(member_first_piece), dtype=np.int64)
    day_total = np.zeros(len(member_first_piece), dtype=np.int64)
    months: dict[str, Any] = {}
    for month in range(12):
        low, high = int(bounds[month]), int(bounds[month + 1])
        overlap = np.minimum(piece_end, high - 1) - np.maximum(piece_start, low) + 1
        np.maximum(overlap, 0, out=overlap)
        if len(member_first_piece):
            member_days = np.add.reduceat(overlap, member_first_piece)
        else:
            member_days = np.zeros(0, dtype=np.int64)
        day_total += member_days
        if convention == "prorated":
            length = high - low
            unscaled = (member_days * (2 * _SCALE) + length) // (2 * length)  # half-up
        elif convention == "any_day":
            unscaled = (member_days > 0).astype(np.int64)
        else:
            on_first = ((piece_start <= low) & (piece_end >= low)).astype(np.int64)
            unscaled = (
                np.add.reduceat(on_first, member_first_piece)
                if len(member_first_piece)
                else np.zeros(0, dtype=np.int64)
            )
        total += unscaled
        months[f"m{month + 1:02d}"] = _decimal_array(unscaled, scale)
    columns["member_days"] = pa.array(day_total)
    columns["member_months"] = _decimal_array(total, scale)
    columns.update(months)
    return pa.table(columns)


# --------------------------------------------------------------------------------------------------
# The result


@attrs.frozen
class MonthFigure:
    """One month of a member-months result: the count behind it and the member months."""

    month: date
    days_in_month: int
    member_days: int
    #: Members counted under the convention (``any_day``: enrolled at least one day;
    #: ``first_of_month``: enrolled on the 1st); ``None`` for ``prorated``.
    members_counted: int | None
    member_months: Decimal

    def describe(self, convention: str) -> str:
        """Return the month's arithmetic as text."""
        label = self.month.strftime("%Y-%m")
        if convention == "prorated":
            return (
                f"{label}: {self.member_days:,} member days / {self.days_in_month} days = "
                f"{format_decimal(self.member_months)}"
            )
        if convention == "any_day":
            return f"{label}: {self.members_counted:,} members enrolled on at least one day"
        return f"{label}: {self.members_counted:,} members enrolled on {self.month.isoformat()}"


@attrs.frozen
class MemberMonths(Presentable):
    """Member months of one calendar year from enrollment spans (§3.10.2.1, ruling MM1).

    ``by_month`` maps the first day of each of the twelve months to Decimal member months;
    ``total`` is their sum. ``rejected`` is a pyarrow table (``row``, ``reason``) of the input rows
    not used; ``rows_in == rows_used + rejected.num_rows``. ``per_member`` is a pyarrow table (one
    row per member with at least one enrolled day in the year) when asked for, else ``None``.
    """

    year: int
    convention: str
    months: tuple[MonthFigure, ...]
    total: Decimal
    members: int
    spans_in_year: int
    rows_in: int
    rejected: Any = attrs.field(repr=False, eq=False)
    per_member: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def by_month(self) -> dict[date, Decimal]:
        """Return member months by month (first day of the month -> Decimal), all twelve months."""
        return {figure.month: figure.member_months for figure in self.months}

    @property
    def member_days(self) -> dict[date, int]:
        """Return enrolled member days by month (exact integers, whatever the convention)."""
        return {figure.month: figure.member_days for figure in self.months}

    @property
    def rows_used(self) -> int:
        """Return how many input rows were used."""
        return self.rows_in - int(self.rejected.num_rows)

    @property
    def exact_total(self) -> Fraction:
        """Return the total before any rounding, as an exact fraction."""
        if self.convention != "prorated":
            return Fraction(self.total)
        return sum(
            (Fraction(figure.member_days, figure.days_in_month) for figure in self.months),
            Fraction(0),
        )

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary`` (one record), ``by_month`` (the primary part), ``rejected``.

        Examples
        --------
        >>> result = member_months({"member_id": [1], "start_date": ["2008-02-10"],
        ...                         "end_date": [None]}, year=2008)
        >>> result.rows()[1]
        {'month': '2008-02-01', 'days_in_month': 29, 'member_days': 20, 'members_counted': None, 'member_months': '0.6896551724'}
        >>> result.rows("summary")[0]["total"]
        '10.6896551724'
        """
        summary: dict[str, Cell] = {
            "year": self.year,
            "convention": self.convention,
            "total": self.total,
            "members": self.members,
            "spans_in_year": self.spans_in_year,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rows_rejected": int(self.rejected.num_rows),
            "section": f"{_SECTION}; {_RULING}",
        }
        months = tuple(
            (f.month, f.days_in_month, f.member_days, f.members_counted, f.member_months)
            for f in self.months
        )
        title = f"Member months of {self.year} ({self.convention})"
        return (
            Table.from_records("summary", title, _SUMMARY_COLUMNS, [summary], record=True),
            Table("by_month", f"Member months of {self.year} by month", _MONTH_COLUMNS, months),
            rejected_table(
                {"spans": self.rejected}, title=f"Member months of {self.year}: rejected rows"
            ),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return each month's member months and the total as Excel formulas.

        Prorated: ``ROUND(member days / days in month, 10)`` (half-up to 10 places, like the
        library; the spreadsheet's binary floating point keeps about 15 significant digits, so at
        state scale the tenth decimal place may differ); the other conventions: the members
        counted. The total is the ``SUM`` of the months.
        """
        month = (
            f"ROUND({{member_days}}/{{days_in_month}}, {MEMBER_MONTH_PLACES})"
            if self.convention == "prorated"
            else "{members_counted}"
        )
        return {
            "by_month": {"member_months": month},
            "summary": {"total": "SUM({by_month.member_months:*})"},
        }

    def explain(self) -> str:
        """Return the member months as text: convention, each month's arithmetic, total, rows."""
        rule = {
            "prorated": "member days / days in the month, each month rounded half-up to "
            f"{MEMBER_MONTH_PLACES} decimal places",
            "any_day": "1 for each member and month with at least one enrolled day",
            "first_of_month": "1 for each member enrolled on the first of the month",
        }[self.convention]
        text = Explanation(f"Member months of {self.year} ({self.convention})")
        text.add(f"Convention {self.convention}: {rule}", cites=[_SECTION, _RULING])
        text.add(
            "Overlapping or duplicate spans of a member count each day once; an open-ended span "
            f"runs to {self.year}-12-31"
        )
        for figure in self.months:
            text.add(figure.describe(self.convention), indent=2)
        text.add(
            f"Total: {format_decimal(self.total)} member months "
            f"({self.members:,} members with an enrolled day; {self.spans_in_year:,} spans touch "
            f"{self.year})",
            cites=[_SECTION],
        )
        explain_rejected(text, self.rejected, self.rows_in)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as deterministic JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "computation": "member_months",
            "section": _SECTION,
            "year": self.year,
            "convention": self.convention,
            "by_month": {f.month.isoformat(): str(f.member_months) for f in self.months},
            "member_days": {f.month.isoformat(): f.member_days for f in self.months},
            "total": str(self.total),
            "members": self.members,
            "spans_in_year": self.spans_in_year,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rejected": rejected_records(self.rejected),
        }


def _combine(
    partials: Sequence[_Partial],
    *,
    year: int,
    convention: str,
    rejected: Any,  # noqa: ANN401
) -> MemberMonths:
    np, pa = _np(), _pa()
    bounds = _month_bounds(year)
    days = bounds[-1]
    enrolled = np.zeros(days, dtype=np.int64)
    any_day = np.zeros(12, dtype=np.int64)
    for partial in partials:
        enrolled += partial.enrolled_by_day
        any_day += partial.any_day_by_month
    figures = []
    with exact_context():
        for month, first in enumerate(_months(year)):
            low, high = bounds[month], bounds[month + 1]
            member_days = int(enrolled[low:high].sum())
            counted: int | None
            if convention == "prorated":
                counted = None
                value = (Decimal(member_days) / Decimal(high - low)).quantize(
                    _QUANTUM, rounding=ROUND_HALF_UP
                )
            elif convention == "any_day":
                counted = int(any_day[month])
                value = Decimal(counted)
            else:
                counted = int(enrolled[low]) if high > low else 0
                value = Decimal(counted)
            figures.append(MonthFigure(first, high - low, member_days, counted, value))
        total = sum((figure.member_months for figure in figures), Decimal(0))
    per_member = None
    tables = [p.per_member for p in partials if p.per_member is not None]
    if tables:
        per_member = pa.concat_tables(tables).sort_by("member_id")
    return MemberMonths(
        year=year,
        convention=convention,
        months=tuple(figures),
        total=total,
        members=sum(p.members for p in partials),
        spans_in_year=sum(p.spans_in_year for p in partials),
        rows_in=sum(p.rows_in for p in partials),
        rejected=rejected,
        per_member=per_member,
    )


def member_months(
    spans: object,
    *,
    year: int,
    convention: str = "prorated",
    on_error: OnError = "raise",
    per_member: bool = False,
) -> MemberMonths:
    """Return the member months of ``year`` from enrollment spans (§3.10.2.1, ruling MM1).

    Parameters
    ----------
    spans
        A pyarrow Table, a pandas or polars DataFrame, a mapping of column name to values, or a
        Dask DataFrame (computed partition by partition; see ``docs/data.md``), with columns
        ``member_id`` (whole numbers or text), ``start_date`` and ``end_date`` (dates; a null end
        is open-ended). Other columns are ignored.
    year
        The calendar year whose member months are counted (for the incentive, the measurement
        year preceding the July 1 payment).
    convention
        ``"prorated"`` (default: member days / days in the month), ``"any_day"`` or
        ``"first_of_month"`` (ruling MM1).
    on_error
        ``"raise"`` (default): any bad row (null or empty member, null start, unparseable date, end
        before start) raises :class:`~tenncare_calc.core.errors.RejectedRowsError` naming the first rows.
        ``"collect"``: compute with the valid rows; the others are in ``.rejected``.
    per_member
        Also return ``.per_member``: a pyarrow table with one row per member with an enrolled day
        in ``year``, sorted by ``member_id``: ``member_days`` (enrolled days in the year),
        ``member_months`` and ``m01``..``m12`` (decimal128; prorated months rounded like
        ``by_month``, so they may not add up to ``by_month`` in the last decimal place).

    Examples
    --------
    One member enrolled all of February 2008 by two overlapping spans, one on 2008-03-01 only:

    >>> result = member_months(
    ...     {"member_id": ["a", "a", "b"],
    ...      "start_date": [date(2008, 2, 1), date(2008, 2, 10), date(2008, 3, 1)],
    ...      "end_date": [date(2008, 2, 20), date(2008, 2, 29), date(2008, 3, 1)]},
    ...     year=2008,
    ... )
    >>> result.by_month[date(2008, 2, 1)], result.by_month[date(2008, 3, 1)], result.total
    (Decimal('1.0000000000'), Decimal('0.0322580645'), Decimal('1.0322580645'))
    >>> member_months({"member_id": [1], "start_date": ["2008-02-01"], "end_date": ["2008-01-01"]},
    ...               year=2008)
    Traceback (most recent call last):
    ...
    tenncare_calc.RejectedRowsError: 1 of 1 rows of 'spans' cannot be used: row 0: end_date 2008-01-01 is before start_date 2008-02-01. Fix them, or pass on_error='collect' to compute with the valid rows and get these in .rejected

    """
    year = to_year(year, field="year")
    convention = _convention(convention)
    mode = check_on_error(on_error)
    from tenncare_calc.columnar import partitioned  # noqa: PLC0415 - only for Dask inputs

    if partitioned.is_dask_frame(spans):
        results = partitioned.run_by_member(
            spans,
            _partial,
            year=year,
            per_member=per_member,
            convention=convention,
            on_error="collect",
        )
        rejected = partitioned.combine_rejected(results, on_error=mode, name="spans")
        return _combine(
            [r.partial for r in results], year=year, convention=convention, rejected=rejected
        )
    partial = _partial(
        spans, year=year, per_member=per_member, convention=convention, on_error=mode
    )
    return _combine([partial], year=year, convention=convention, rejected=partial.rejected)
