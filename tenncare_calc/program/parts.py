"""The program run's parts: the summary, the plan-years, the measures, the damages, the sources.

In reading order (``--part NAME`` on the command line, a sheet each in the workbook):

* ``summary`` (the primary part): per plan and for all plans, earned, payable, forfeited, the years
  the cap binds, the payment dates, liquidated damages and the maximum liability check;
* ``statements``: one row per plan and measurement year; ``measures``: one per plan, year and
  measure; ``figures``: every amount keyed by plan, year and item (what a reconciliation reads);
* ``damages_by_item`` and ``damages_by_quarter``; ``liability`` (plan-years whose facts give total
  payments, §3.12.1.1);
* ``member_months`` and ``community_tenure``: per plan-year, what was used and what the spans and
  stays give (when they were given, rulings PR1, PR2);
* one sheet per plan and ``program_totals`` (:mod:`~tenncare_calc.program.sheets`), and
  ``rejected``: every input row not used, with its input, row and reason.
"""

from __future__ import annotations

__all__ = ["program_tables"]

from typing import TYPE_CHECKING

from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.p4p import MeasureGroup
from tenncare_calc.program.line_figures import figures
from tenncare_calc.program.sheets import plan_parts, totals_part

if TYPE_CHECKING:
    from tenncare_calc.program.summary import PlanSummary, Program

_TEXT, _MONEY, _RATE, _NUMBER = (
    ColumnType.TEXT,
    ColumnType.MONEY,
    ColumnType.RATE,
    ColumnType.NUMBER,
)
_COUNT, _DATE, _BOOL = ColumnType.COUNT, ColumnType.DATE, ColumnType.BOOL
_TENURE = MeasureGroup.COMMUNITY_TENURE
_PLAN = Column("plan", _TEXT, none_text="all plans", description="empty: all plans")
_YEAR = Column("year", _COUNT, title="measurement year", grouping=False)

SUMMARY_COLUMNS = (
    _PLAN,
    Column("years", _TEXT, title="measurement years"),
    Column("earned", _MONEY, description="sum of the statements' rounded lines"),
    Column("payable", _MONEY, description="after the 105% cap (§3.10.1.2)"),
    Column("forfeited", _MONEY, description="earned - payable"),
    Column("cap_binds", _TEXT, title="cap binds in", description="years the cap reduced payment"),
    Column("payment_dates", _TEXT, title="payment dates", brief=False),
    Column("damages", _MONEY, title="liquidated damages"),
    Column("damages_lines", _COUNT, title="damage lines"),
    Column("net", _MONEY, description="payable - liquidated damages", brief=False),
    Column(
        "within_maximum_liability",
        _BOOL,
        title="within maximum liability",
        description="total payments <= the maximum (§3.12.1.1), the plan's last year with them",
    ),
    Column("headroom", _MONEY, description="maximum liability - total payments", brief=False),
)
STATEMENT_COLUMNS = (
    Column("plan", _TEXT),
    _YEAR,
    Column("member_months", _NUMBER, title="member months"),
    Column("member_months_source", _TEXT, title="member months from", brief=False),
    Column("line_amount", _MONEY, title="line amount"),
    Column("qualifying_measures", _COUNT, title="qualifying"),
    Column("earned", _MONEY),
    Column("capitation", _MONEY, brief=False),
    Column("other_payments", _MONEY, title="other payments", brief=False),
    Column("room", _MONEY, description="under the 105% cap, rounded down", brief=False),
    Column("payable", _MONEY),
    Column("forfeited", _MONEY),
    Column("cap_binds", _BOOL, title="cap binds"),
    Column("payment_date", _DATE, title="payment date"),
    Column("community_tenure_source", _TEXT, title="community tenure from", brief=False),
    Column("damages", _MONEY, title="liquidated damages"),
)
MEASURE_COLUMNS = (
    Column("plan", _TEXT),
    _YEAR,
    Column("measure", _TEXT),
    Column("section", _TEXT, brief=False),
    Column("qualifies", _BOOL),
    Column("amount", _MONEY),
    Column("payment_date", _DATE, title="payment date", brief=False),
    Column("reason", _TEXT, brief=False),
)
FIGURE_COLUMNS = (
    Column("plan", _TEXT),
    Column("year", _COUNT, grouping=False),
    Column("item", _TEXT, description="a measure id, earned/payable/forfeited, or a damage item"),
    Column("kind", _TEXT, description="measure, statement or damages"),
    Column("amount", _MONEY),
    Column("qualifies", _BOOL, description="measures only"),
)
_LEDGER_YEAR = Column("year", _COUNT, grouping=False, description="the year the damage accrues")
_ITEM_COLUMNS = (
    Column("plan", _TEXT),
    _LEDGER_YEAR,
    Column("item", _TEXT),
    Column("section", _TEXT),
    Column("title", _TEXT, brief=False),
    Column("lines", _COUNT),
    Column("amount", _MONEY),
)
_QUARTER_COLUMNS = (
    Column("plan", _TEXT),
    Column("quarter", _TEXT),
    Column("lines", _COUNT),
    Column("amount", _MONEY),
)
_LIABILITY_COLUMNS = (
    Column("plan", _TEXT),
    _LEDGER_YEAR,
    Column("total_payments", _MONEY, title="total payments", description="as given"),
    Column("maximum_liability", _MONEY, title="maximum liability"),
    Column("headroom", _MONEY, description="maximum liability - total payments"),
    Column("within", _BOOL, description="total payments <= maximum liability"),
    Column("damages", _MONEY, title="liquidated damages"),
    Column("net_payments", _MONEY, title="payments net of damages"),
)
_MONTHS_COLUMNS = (
    Column("plan", _TEXT),
    _YEAR,
    Column("member_months", _NUMBER, title="used", description="in the statement"),
    Column("source", _TEXT, title="from"),
    Column("from_spans", _NUMBER, title="from the spans", description="ruling PR1"),
    Column("member_days", _COUNT, title="member days"),
    Column("overlap_days", _COUNT, title="cross-plan days", description="also another plan's"),
)
_TENURE_COLUMNS = (
    Column("plan", _TEXT),
    _YEAR,
    Column("source", _TEXT, title="current rate from"),
    Column("baseline", _RATE, places=6),
    Column("current", _RATE, places=6, description="in the statement"),
    Column("data_through", _DATE, title="data through"),
    Column("index_episodes", _COUNT, title="index episodes", description="from the stays"),
    Column("incomplete", _COUNT),
    Column("denominator", _COUNT),
    Column("readmitted", _COUNT),
    Column("rate", _RATE, places=6, title="rate from the stays", description="ruling PR2"),
)
_REJECTED_COLUMNS = (
    Column("input", _TEXT),
    Column(
        "row",
        _COUNT,
        description="the row's line in its file (header = line 1); for rows given in Python, "
        "its 0-based position",
    ),
    Column("reason", _TEXT),
)


def _summary_row(summary: PlanSummary) -> tuple[Cell, ...]:
    years = summary.years
    check = summary.liability
    return (
        summary.plan,
        str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}",
        summary.earned,
        summary.payable,
        summary.forfeited,
        ", ".join(map(str, summary.binding_years)) or None,
        "; ".join(day.isoformat() for day in summary.payment_dates),
        summary.damages,
        summary.damages_lines,
        summary.net,
        None if check is None else check.within,
        None if check is None else check.headroom,
    )


def _statement_rows(run: Program) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            e.plan,
            e.year,
            e.statement.member_months,
            e.member_months_source,
            e.statement.line_amount,
            len(e.statement.qualifying),
            e.earned,
            e.statement.cap.capitation,
            e.statement.cap.other_payments,
            e.statement.cap.room,
            e.payable,
            e.forfeited,
            e.statement.cap.binding,
            e.statement.payment_date,
            e.tenure_source,
            e.damages,
        )
        for e in run.plan_years
    )


def _measure_rows(run: Program) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (e.plan, e.year, line.measure.id, line.measure.section, line.qualifies, line.amount,
         line.payment_date, line.reason)
        for e in run.plan_years
        for line in e.statement.lines
    )  # fmt: skip


def _damages_parts(run: Program) -> tuple[Table, Table, Table]:
    items, quarters, liability = [], [], []
    for e in run.plan_years:
        ledger = e.ledger
        counts: dict[str, int] = {}
        for line in ledger.lines:
            counts[line.item_id] = counts.get(line.item_id, 0) + 1
            counts[line.quarter] = counts.get(line.quarter, 0) + 1
        titles = {
            i.id: (i.section, i.title) for i in (ledger.schedule.items if ledger.schedule else ())
        }
        for line in ledger.lines:
            titles.setdefault(
                line.item_id, (line.assessment.item.section, line.assessment.item.title)
            )
        items += [
            (e.plan, e.year, item, *titles[item], counts[item], amount)
            for item, amount in ledger.by_item.items()
            if item in counts
        ]
        quarters += [
            (e.plan, quarter, counts.get(quarter, 0), amount)
            for quarter, amount in ledger.by_quarter.items()
        ]
        if (check := ledger.liability) is not None:
            liability.append(
                (e.plan, e.year, check.total_payments, check.maximum_liability.value,
                 check.headroom, check.within, check.damages, check.net_payments)
            )  # fmt: skip
    return (
        Table("damages_by_item", "Liquidated damages by plan, year and item", _ITEM_COLUMNS,
              tuple(items)),
        Table("damages_by_quarter", "Liquidated damages by plan and quarter", _QUARTER_COLUMNS,
              tuple(quarters), brief=False),
        Table("liability", "Maximum liability check by plan and year (§3.12.1.1)",
              _LIABILITY_COLUMNS, tuple(liability), brief=bool(liability)),
    )  # fmt: skip


def _source_parts(run: Program) -> list[Table]:
    parts = []
    if run.enrollment is not None:
        rows = []
        for e in run.plan_years:
            months = run.enrollment.of(e.plan, e.year)
            rows.append((e.plan, e.year, e.statement.member_months, e.member_months_source,
                         months.total, months.member_days, months.overlap_days))  # fmt: skip
        parts.append(
            Table(
                "member_months",
                "Member months by plan and year (§3.10.2.1, ruling PR1)",
                _MONTHS_COLUMNS,
                tuple(rows),
            )
        )
    if run.stays is not None:
        tenure_rows: list[tuple[Cell, ...]] = []
        for e in run.plan_years:
            tenure = run.stays.of(e.plan, e.year)
            line = next((x for x in e.statement.lines if x.measure.group is _TENURE), None)
            reported = dict(line.reported) if line is not None else {}
            counts = tenure.counts
            tenure_rows.append(
                (e.plan, e.year, e.tenure_source, reported.get("baseline", e.tenure_baseline),
                 reported.get("current"), tenure.data_through, counts.index_episodes,
                 counts.incomplete, counts.denominator, counts.readmitted, tenure.rate)
            )  # fmt: skip
        parts.append(
            Table(
                "community_tenure",
                "Community tenure by plan and year (§3.10.4, ruling PR2)",
                _TENURE_COLUMNS,
                tuple(tenure_rows),
            )
        )
    return parts


def program_tables(run: Program) -> tuple[Table, ...]:
    """Return the run's parts, in reading order (see the module documentation)."""
    summaries = [*run.summaries, run.totals]
    title = f"Program summary: {len(run.plans)} plan(s), {', '.join(map(str, run.years))}"
    figure_rows = tuple(
        (f.plan, f.year, f.item, f.kind, f.amount, f.qualifies) for f in figures(run)
    )
    return (
        Table("summary", title, SUMMARY_COLUMNS, tuple(_summary_row(s) for s in summaries)),
        Table("statements", "Statements by plan and measurement year (§3.10)", STATEMENT_COLUMNS,
              _statement_rows(run)),
        Table("measures", "Measures by plan and year (§3.10.2-§3.10.4)", MEASURE_COLUMNS,
              _measure_rows(run), brief=False),
        Table("figures", "Every figure by plan, year and item (for a reconciliation)",
              FIGURE_COLUMNS, figure_rows, brief=False),
        *_damages_parts(run),
        *_source_parts(run),
        *plan_parts(run),
        totals_part(run),
        Table("rejected", "Input rows not used (in no figure)", _REJECTED_COLUMNS, run.rejected,
              brief=bool(run.rejected)),
    )  # fmt: skip
