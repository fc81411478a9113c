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

>>> from datetime import date
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

__all__ = ["member_months"]

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import (
    OnError,
    check_on_error,
    column_names,
    rejected_error,
    renamed_table,
)
from tenncare_calc.core.errors import InvalidValueError, require
from tenncare_calc.core.values import exact_context, to_year
from tenncare_calc.enrollment.conventions import _QUANTUM, _convention
from tenncare_calc.enrollment.member_days import _month_bounds, _months, _partial
from tenncare_calc.enrollment.month_figures import MemberMonths, MonthFigure
from tenncare_calc.enrollment.span_batches import SpanBatches
from tenncare_calc.enrollment.spans import SPAN_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.enrollment.member_days import _Partial


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


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


def _of_batches(
    spans: SpanBatches,
    *,
    columns: Mapping[str, str] | None,
    year: int,
    convention: str,
    on_error: OnError,
    per_member: bool,
) -> MemberMonths:
    """Return the member months of spans read batch by batch (:class:`SpanBatches`)."""
    if columns:
        raise InvalidValueError(
            "columns: spans read batch by batch were named when read (read_columns(columns=...))",
            field="columns",
            value=dict(columns),
        )
    if to_year(year, field="year") != spans.year:
        raise InvalidValueError(
            f"year: the spans were kept for {spans.year}, not {year}; read them with "
            f"SpanBatches({year})",
            field="year",
            value=year,
        )
    convention = _convention(convention)
    mode = check_on_error(on_error)
    partial = spans.partial(per_member=per_member, convention=convention)
    if mode == "raise" and partial.rejected.num_rows:
        raise rejected_error("spans", partial.rows_in, partial.rejected)
    return _combine([partial], year=year, convention=convention, rejected=partial.rejected)


def member_months(
    spans: object,
    *,
    columns: Mapping[str, str] | None = None,
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
        is open-ended). Other columns are ignored. Or the spans of a CSV file read batch by batch
        (:class:`~tenncare_calc.enrollment.span_batches.SpanBatches`, for ``year``): a key per
        span of the year, whatever the file's size.
    columns
        Your column names for the library's: ``{"member_id": "MEMBER_ID"}``
        (:mod:`tenncare_calc.columnar.column_mapping`).
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

    >>> from datetime import date
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
    if isinstance(spans, SpanBatches):
        return _of_batches(
            spans, columns=columns, year=year, convention=convention, on_error=on_error,
            per_member=per_member,
        )  # fmt: skip
    spans = renamed_table(
        spans,
        column_names(columns, valid=[c.name for c in SPAN_COLUMNS], name="spans"),
        name="spans",
    )
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
