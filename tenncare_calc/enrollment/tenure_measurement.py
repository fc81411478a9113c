"""Community tenure: the 30-day mental-health readmission rate (§3.10.4, ruling P7), at state scale.

§3.10.4 pays an incentive when the rate at which members hospitalized for mental illness "remain in
the community (i.e. are not readmitted ...) within thirty (30) days of discharge" improves
significantly. :func:`community_tenure` computes that rate from inpatient mental-health stays
(``member_id``, ``admit_date``, ``discharge_date``, optionally ``plan``) as ruling P7 reads it:

* stays of one member that overlap, or where a stay is admitted on or before the previous stay's
  discharge day (a transfer), form one **episode**, discharged on its latest discharge date;
* **index episodes** are those discharged in the measurement year;
* an index episode is **readmitted** when the member's next episode is admitted 1 to
  ``window_days`` (30) days after its discharge;
* an index episode whose window ends after ``data_through`` (``discharge + window_days >
  data_through``) is **incomplete**: reported, and left out of numerator and denominator whatever
  was seen, never counted as "not readmitted";
* the **rate** is the percentage of the denominator (complete index episodes) *not* readmitted.

A stay with no discharge date is still in hospital: it can be a readmission (and joins an episode it
overlaps), but an episode containing it has not been discharged, so it is never an index episode.

**How exact.** Counts are integers; ``rate = (denominator - readmitted) x 100 / denominator`` is a
Decimal computed in the library's 60-digit context: exact when the decimal terminates, otherwise
correct to 60 significant digits. It is not rounded here: the incentive statement applies the
profile's ``p4p.reported_rate_decimals`` (none by default) when it compares rates.

**How fast.** Stays that cannot matter (discharged before the year, admitted after the last possible
window) are dropped; the rest are packed into one 64-bit key (member, admit, discharge, plan),
sorted once, and episodes, readmissions and counts follow from linear vectorised passes.

>>> from datetime import date
>>> stays = {
...     "member_id": [1, 1, 1, 2, 3],
...     "admit_date": ["2008-03-01", "2008-03-05", "2008-04-04", "2008-06-01", "2008-12-20"],
...     "discharge_date": ["2008-03-05", "2008-03-10", "2008-04-09", "2008-06-03", "2008-12-24"],
... }
>>> result = community_tenure(stays, year=2008, data_through=date(2009, 1, 15))
>>> result.denominator, result.readmitted, result.incomplete, result.rate
(3, 1, 1, Decimal('66.6666666666666666666666666666666666666666666666666666666667'))
"""

from __future__ import annotations

__all__ = ["community_tenure"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import OnError, check_on_error, column_names, renamed_table
from tenncare_calc.core.errors import InvalidValueError, require
from tenncare_calc.core.values import to_date, to_days, to_year
from tenncare_calc.enrollment.readmissions import _partial
from tenncare_calc.enrollment.stays import STAY_COLUMNS
from tenncare_calc.enrollment.tenure_counts import TenureCounts
from tenncare_calc.enrollment.tenure_rate import CommunityTenure

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import date

    from tenncare_calc.enrollment.readmissions import _Partial


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="community tenure")


def _window(value: object) -> int:
    """Return the readmission window: a whole number of days from 1 to 10^5 (``to_days``)."""
    days = to_days(value, field="window_days")
    if days < 1:
        raise InvalidValueError(
            f"'window_days' must be at least 1 (got {value})", field="window_days", value=value
        )
    return days


def _plan_order(plan: object) -> tuple[int, Any]:
    """Order plans by value: numbers numerically, then text, then anything else as text."""
    if isinstance(plan, int | float) and not isinstance(plan, bool):
        return (0, plan)
    return (1, str(plan)) if isinstance(plan, str) else (2, repr(plan))


def _combine(
    partials: Sequence[_Partial],
    *,
    year: int,
    data_through: date,
    window_days: int,
    rejected: Any,  # noqa: ANN401
) -> CommunityTenure:
    pa = _pa()
    totals: dict[Any, list[int]] = {}
    for partial in partials:
        for plan, values in partial.counts.items():
            running = totals.setdefault(plan, [0, 0, 0])
            for slot, value in enumerate(values):
                running[slot] += value
    overall = [sum(values[slot] for values in totals.values()) for slot in range(3)]
    by_plan = {}
    if any(p.has_plan for p in partials):
        for plan in sorted(totals, key=_plan_order):
            denominator, readmitted, incomplete = totals[plan]
            by_plan[plan] = TenureCounts(denominator, readmitted, incomplete, plan=plan)
    tables = [p.index_episodes for p in partials if p.index_episodes is not None]
    episodes = None
    if tables:
        episodes = pa.concat_tables(tables, promote_options="permissive").sort_by(
            [("member_id", "ascending"), ("discharge_date", "ascending")]
        )
    return CommunityTenure(
        year=year,
        data_through=data_through,
        window_days=window_days,
        counts=TenureCounts(*overall),
        by_plan=by_plan,
        episodes=sum(p.episodes for p in partials),
        stays_considered=sum(p.stays_considered for p in partials),
        rows_in=sum(p.rows_in for p in partials),
        rejected=rejected,
        index_episodes=episodes,
    )


def community_tenure(
    stays: object,
    *,
    columns: Mapping[str, str] | None = None,
    year: int,
    data_through: date,
    window_days: int = 30,
    on_error: OnError = "raise",
    index_episodes: bool = False,
) -> CommunityTenure:
    """Return the community-tenure rate of ``year`` from inpatient mental-health stays (§3.10.4, P7).

    Parameters
    ----------
    stays
        A pyarrow Table, a pandas or polars DataFrame, a mapping of column name to values, or a
        Dask DataFrame (see ``docs/data.md``), with columns ``member_id`` (whole numbers or text),
        ``admit_date``, ``discharge_date`` (null: still in hospital) and optionally ``plan`` (any
        value; then ``by_plan`` gives each plan's counts).
    columns
        Your column names for the library's: ``{"member_id": "MEMBER_ID"}``
        (:mod:`tenncare_calc.columnar.column_mapping`).
    year
        The measurement year: index episodes are those discharged in it.
    data_through
        The date the data is complete through; an index episode whose window ends after it is
        incomplete and excluded (ruling P7).
    window_days
        Days after discharge within which an admission is a readmission (30 in §3.10.4; the same
        value as the profile's ``p4p.community_tenure_window_days``).
    on_error
        ``"raise"`` (default) or ``"collect"``, as for :func:`~tenncare_calc.enrollment.member_months`. Bad
        rows: null or empty member, null admit date, unparseable dates, discharge before admit, and
        (with a ``plan`` column) a null plan.
    index_episodes
        Also return ``.index_episodes``: a pyarrow table of the index episodes (``member_id``,
        ``admit_date``, ``discharge_date``, ``readmission_date``, ``status`` and ``plan``) sorted by
        member and discharge.

    Examples
    --------
    A transfer (admitted the day of the previous discharge) is one episode; a readmission on day 30
    counts, one on day 31 does not:

    >>> from datetime import date
    >>> stays = {
    ...     "member_id": ["a", "a", "a", "b", "b"],
    ...     "admit_date": [date(2008, 1, 1), date(2008, 1, 10), date(2008, 2, 19),
    ...                    date(2008, 5, 1), date(2008, 6, 5)],
    ...     "discharge_date": [date(2008, 1, 10), date(2008, 1, 20), date(2008, 2, 20),
    ...                        date(2008, 5, 5), date(2008, 6, 6)],
    ... }
    >>> result = community_tenure(stays, year=2008, data_through=date(2009, 3, 31))
    >>> result.denominator, result.readmitted, result.rate
    (4, 1, Decimal('75'))

    """
    stays = renamed_table(
        stays,
        column_names(columns, valid=[c.name for c in STAY_COLUMNS], name="stays"),
        name="stays",
    )
    year = to_year(year, field="year")
    through = to_date(data_through, field="data_through")
    window = _window(window_days)
    mode = check_on_error(on_error)
    options = {
        "year": year,
        "data_through": through,
        "window_days": window,
        "index_episodes": index_episodes,
    }
    from tenncare_calc.columnar import partitioned  # noqa: PLC0415 - only for Dask inputs

    if partitioned.is_dask_frame(stays):
        results = partitioned.run_by_member(stays, _partial, on_error="collect", **options)
        rejected = partitioned.combine_rejected(results, on_error=mode, name="stays")
        partials = [r.partial for r in results]
    else:
        partials = [_partial(stays, on_error=mode, **options)]  # type: ignore[arg-type]
        rejected = partials[0].rejected
    return _combine(
        partials,
        year=year,
        data_through=through,
        window_days=window,
        rejected=rejected,
    )
