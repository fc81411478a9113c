"""The no-utilization report (U3): enrollees continuously enrolled 12 months with no claim or encounter.

:func:`no_utilization_report` lists, as of a report date, the enrollees whose continuous enrollment
began on or before the first day of the 12 months ending on it (the window and its line are in
:mod:`~tenncare_calc.compliance.utilization.no_utilization_window`) and who have no claim or
encounter in that time; the result is a :class:`NoUtilizationReport`. The continuous enrollments are found in
:mod:`~tenncare_calc.compliance.utilization.continuous_enrollment`.
"""

from __future__ import annotations

__all__ = ["NoUtilizationReport", "no_utilization_report"]

import datetime as dt  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tenncare_calc.columnar import check_all_read, named_columns
from tenncare_calc.compliance.findings import UM_CLAUSE
from tenncare_calc.compliance.utilization.continuous_enrollment import (
    _dense_codes,
    _runs_through,
    _whole_months,
)
from tenncare_calc.compliance.utilization.no_utilization_window import no_utilization_window
from tenncare_calc.compliance.utilization.reports import (
    _np,
    _pa,
    _parameters_part,
    _rejected_part,
)
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: Which claims keep an enrollee off the no-utilization report: those in the 12 months ending on
#: the report date (ruling U3, the default) or those in the whole continuous enrollment.
ClaimsWindow = Literal["twelve_months", "enrollment"]


NO_UTILIZATION_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("report_date", ColumnType.DATE, title="report date"),
    Column(
        "window_start",
        ColumnType.DATE,
        title="window start",
        description="the first day of the months ending on the report date",
    ),
    Column(
        "claims_window",
        ColumnType.TEXT,
        title="claims window",
        description="twelve_months: claims in the window count; enrollment: claims in the whole "
        "continuous enrollment count",
    ),
    Column("months", ColumnType.COUNT, description="months of continuous enrollment required"),
    Column("enrollees", ColumnType.COUNT, description="distinct enrollees in the enrollment"),
    Column(
        "continuously_enrolled",
        ColumnType.COUNT,
        title="continuously enrolled",
        description="enrollees enrolled through the whole window",
    ),
    Column(
        "no_utilization",
        ColumnType.COUNT,
        title="no utilization",
        description="of those, enrollees with no claim or encounter (the members part)",
    ),
    Column("enrollment_rows_in", ColumnType.COUNT, title="enrollment rows in"),
    Column("enrollment_rows_rejected", ColumnType.COUNT, title="enrollment rows rejected"),
    Column("claims_rows_in", ColumnType.COUNT, title="claims rows in"),
    Column("claims_rows_rejected", ColumnType.COUNT, title="claims rows rejected"),
    Column("section", ColumnType.TEXT, description="the clause cited"),
)


@attrs.frozen
class NoUtilizationReport(Presentable):
    """Enrollees continuously enrolled 12 months or more with no claim or encounter (U3).

    As tables: ``summary`` (the window and the counts), ``members`` (the primary part: member id,
    start of the continuous enrollment, months enrolled), ``rejected`` (enrollment and claims rows
    that could not be used) and ``parameters``.
    """

    report_date: dt.date
    window_start: dt.date
    claims_window: str
    #: One row per listed enrollee: member_id, enrolled_since (start of the continuous enrollment).
    members: Any = attrs.field(repr=False)
    enrollees: int
    continuously_enrolled: int
    enrollment_rows_in: int
    enrollment_rejected: Any = attrs.field(repr=False, eq=False)
    claims_rows_in: int
    claims_rejected: Any = attrs.field(repr=False, eq=False)
    months: ParameterValue = attrs.field(repr=False)

    @property
    def count(self) -> int:
        """Return how many enrollees are on the report."""
        return int(self.members.num_rows)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``members`` (one row per listed enrollee), ``rejected``, ``parameters``.

        ``rows()`` gives the members as flat dicts (dates ISO).
        """
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        summary: tuple[Cell, ...] = (
            self.report_date,
            self.window_start,
            self.claims_window,
            self.months.value,
            self.enrollees,
            self.continuously_enrolled,
            self.count,
            self.enrollment_rows_in,
            int(self.enrollment_rejected.num_rows),
            self.claims_rows_in,
            int(self.claims_rejected.num_rows),
            self.months.section,
        )
        columns = {
            "enrolled_since": Column(
                "enrolled_since",
                ColumnType.DATE,
                title="enrolled since",
                description="the first day of the continuous enrollment reaching the report date",
            ),
            "months_enrolled": Column(
                "months_enrolled",
                ColumnType.COUNT,
                title="months enrolled",
                description="whole months from then through the report date",
            ),
        }
        return (
            Table(
                "summary",
                f"No-utilization report as of {self.report_date.isoformat()}",
                NO_UTILIZATION_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            arrow_part(
                self.members,
                "members",
                "Enrollees with no claim or encounter",
                columns=columns,
            ),
            _rejected_part(
                {"enrollment": self.enrollment_rejected, "claims": self.claims_rejected}
            ),
            _parameters_part((self.months,)),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the listed count and the rejected counts as counts of the other sheets."""
        return {
            "summary": {
                "no_utilization": "COUNTA({members.member_id:*})",
                "enrollment_rows_rejected": 'COUNTIF({rejected.input:*}, "enrollment")',
                "claims_rows_rejected": 'COUNTIF({rejected.input:*}, "claims")',
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the report, its counts and the rejected rows as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "report_date": self.report_date.isoformat(),
            "window_start": self.window_start.isoformat(),
            "claims_window": self.claims_window,
            "months": self.months.value,
            "enrollees": self.enrollees,
            "continuously_enrolled": self.continuously_enrolled,
            "no_utilization": self.count,
            "members": self.rows(),
            "enrollment": {
                "rows_in": self.enrollment_rows_in,
                "rejected": rejected_records(self.enrollment_rejected),
            },
            "claims": {
                "rows_in": self.claims_rows_in,
                "rejected": rejected_records(self.claims_rejected),
            },
            "section": self.months.section,
        }

    def explain(self) -> str:
        """Return the report's rule, window and counts."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        text = Explanation(
            f"No-utilization report as of {self.report_date.isoformat()}  [{UM_CLAUSE}]"
        )
        text.add("enrollment:")
        explain_rejected(text, self.enrollment_rejected, self.enrollment_rows_in, indent=2)
        text.add("claims and encounters:")
        explain_rejected(text, self.claims_rejected, self.claims_rows_in, indent=2)
        text.add(
            f"window: {self.window_start.isoformat()} to {self.report_date.isoformat()} "
            f"({self.months.value} months ending on the report date)"
        )
        where = (
            "in the window"
            if self.claims_window == "twelve_months"
            else "in the continuous enrollment"
        )
        text.add(f"enrollees: {self.enrollees:,}")
        text.add(f"continuously enrolled through the whole window: {self.continuously_enrolled:,}")
        text.add(f"of those, with no claim or encounter {where}: {self.count:,}")
        text.add(f"parameter: {self.months.provenance()}")
        return text.render()


def no_utilization_report(
    enrollment: object,
    claims: object,
    *,
    columns: Mapping[str, str] | None = None,
    report_date: dt.date,
    claims_window: ClaimsWindow = "twelve_months",
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> NoUtilizationReport:
    """Return the enrollees continuously enrolled 12+ months up to a date with no utilization (U3).

    Parameters
    ----------
    enrollment
        Enrollment spans: ``member_id``, ``start_date``, ``end_date`` (empty for an open span, which
        runs through the report date). A member's overlapping or adjacent spans (one ending the day
        before the next begins) are one continuous enrollment; a gap of a day breaks it.
    claims
        Claims and encounters: ``member_id`` and ``service_date``. Claims of members not in
        ``enrollment`` are ignored.
    report_date
        The report's date. The window is the 12 months ending on it (ruling U3): from
        ``(report_date + 1 day) - 12 months`` through ``report_date``, so a report on 2009-02-28
        looks back to 2008-03-01 (:func:`~tenncare_calc.compliance.utilization.no_utilization_window.no_utilization_window`).
    claims_window
        ``"twelve_months"`` (ruling U3): a claim in the window removes the enrollee. ``"enrollment"``:
        a claim anywhere in the continuous enrollment does.
    on_error
        ``"raise"`` (default) or ``"collect"``, as for every batch input: rows with a missing id or
        date, an unreadable date, or an end before the start are rejected.
    columns
        Your column names for the library's, in every table it reads
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> spans = {"member_id": [1, 2, 3, 3], "start_date": ["2007-01-01", "2008-03-01",
    ...     "2007-06-01", "2008-01-01"], "end_date": [None, None, "2007-12-31", None]}
    >>> claims = {"member_id": [1], "service_date": ["2006-12-31"]}
    >>> report = no_utilization_report(spans, claims, report_date=dt.date(2008, 12, 31))
    >>> [row["member_id"] for row in report.rows()], report.window_start
    ([1, 3], datetime.date(2008, 1, 1))

    """
    enrollment = named_columns(enrollment, columns, name="enrollment", strict=False)
    claims = named_columns(claims, columns, name="claims", strict=False)
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        days_from_date,
        encode_ids,
        kept_rows,
        read_table,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    report = to_date(report_date, field="report_date")
    if not isinstance(claims_window, str) or claims_window not in ("twelve_months", "enrollment"):
        raise InvalidValueError(
            f"'claims_window' must be 'twelve_months' or 'enrollment' (got {claims_window!r})",
            field="claims_window",
            value=claims_window,
        )
    window = no_utilization_window(report, profile=profile)
    months, window_start = window.months, window.start
    spans_in = read_table(
        enrollment,
        [
            Column("member_id", ColumnKind.ID),
            Column("start_date", ColumnKind.DATE),
            Column("end_date", ColumnKind.DATE, nullable=True),
        ],
        name="enrollment",
    )
    ends_raw = spans_in.days("end_date", null=2**31 - 1)  # open: after any report date
    spans_in = spans_in.reject(
        ends_raw < spans_in.days("start_date"),
        "end_date {end_date} is before start_date {start_date}",
    )
    spans = spans_in.check(on_error=mode)
    claim_rows = read_table(
        claims,
        [Column("member_id", ColumnKind.ID), Column("service_date", ColumnKind.DATE)],
        name="claims",
    ).check(on_error=mode)
    report_day = days_from_date(report)
    member, claim_member, count, decode = _dense_codes(
        encode_ids(spans.column("member_id"), claim_rows.column("member_id"))
    )
    seen = np.zeros(count, dtype=bool)
    seen[member] = True
    enrollees = int(np.count_nonzero(seen))
    # the runs reaching the report date (spans starting after it left out, ends after it cut)
    run_member, run_start = _runs_through(
        member, spans.days("start_date"), ends_raw[kept_rows(spans)], report_day
    )
    window_day = days_from_date(window_start)
    # rows picked by np.flatnonzero and taken: numpy's boolean indexing is several times slower
    long_enough = np.flatnonzero(window.line.met(run_start))
    candidates, since = run_member.take(long_enough), run_start.take(long_enough)
    claim_day = claim_rows.days("service_date")
    if claims_window == "twelve_months":  # the same days for every member: the window's
        used = (claim_day >= window_day) & (claim_day <= report_day)
    else:
        lower = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
        lower[candidates] = since
        used = (claim_day >= lower[claim_member]) & (claim_day <= report_day)
    utilized = np.zeros(count, dtype=bool)
    utilized[claim_member.take(np.flatnonzero(used))] = True
    keep = np.flatnonzero(~utilized.take(candidates))
    listed, listed_since = candidates.take(keep), since.take(keep)
    ids = decode(listed)
    order = np.asarray(pa.compute.sort_indices(ids).to_numpy(zero_copy_only=False), dtype=np.int64)
    listed_since = listed_since[order]
    members = pa.table(
        {
            "member_id": ids.take(pa.array(order)),
            "enrolled_since": pa.array(listed_since.astype(np.int32), pa.date32()),
            "months_enrolled": pa.array(_whole_months(listed_since, report), pa.int64()),
        }
    )
    check_all_read((enrollment, claims), columns, name="no utilization report")
    return NoUtilizationReport(
        report_date=report,
        window_start=window_start,
        claims_window=claims_window,
        members=members,
        enrollees=enrollees,
        continuously_enrolled=len(candidates),
        enrollment_rows_in=spans.rows_in,
        enrollment_rejected=spans.rejected,
        claims_rows_in=claim_rows.rows_in,
        claims_rejected=claim_rows.rejected,
        months=months,
    )
