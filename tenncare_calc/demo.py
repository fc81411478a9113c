"""The demo: the library's main jobs on the bundled samples, as one result (``tenncare-calc demo``).

:func:`demo` computes, from the sample files bundled in ``tenncare_calc/data/samples/``,

* the plan-year's pay-for-performance statement with the 105% cap (``plan_year_2008.toml``),
* the year's liquidated damages ledger (``damages_2008.csv``),
* member months of 2008 from enrollment spans (``enrollment_spans_2008.csv``), and
* the community-tenure rate of 2008 from inpatient mental-health stays
  (``mental_health_stays_2008.csv``, data complete through 2009-01-15), and
* the program run of three plans over two years (``program/``: every plan-year's statement and
  damages ledger, member months from spans and community tenure from stays by plan),

and returns them as one :class:`Demo`, which shows itself on every surface like any result (its
parts are the statement's, then the ledger's, member months', community tenure's and the program
run's, each prefixed with its name). The samples are separate small examples: the statement's member months and
community-tenure rate are the plan-year file's own figures, not those of the small samples.

Member months, community tenure and the program run need the ``data`` extra (numpy, pyarrow).
Without it the demo still computes the statement and the ledger, and says what to install for the
rest.

Examples
--------
>>> result = demo()
>>> result.statement.payable, result.ledger.total
(Decimal('324632.80'), Decimal('117050.00'))
>>> [table.name for table in result.tables()][6:8]
['parameters', 'damages_assessments']
"""

from __future__ import annotations

__all__ = ["DATA_THROUGH", "YEAR", "Demo", "demo"]

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from tenncare_calc.columnar import read_columns
from tenncare_calc.core.errors import MissingDependencyError
from tenncare_calc.core.formulas import rename_parts
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable, short_repr
from tenncare_calc.damages import DamagesLedger, ledger_from_csv
from tenncare_calc.enrollment import CommunityTenure, MemberMonths, community_tenure, member_months
from tenncare_calc.p4p import sample_path, statement_from_file
from tenncare_calc.program import ProgramRun, program_from_folder

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.charts import Chart
    from tenncare_calc.p4p import IncentiveStatement

#: The samples' year.
YEAR = 2008
#: The date the sample stays are complete through: December discharges after the 16th have an
#: incomplete 30-day window.
DATA_THROUGH = dt.date(2009, 1, 15)
#: What to install for the data part of the demo.
DATA_EXTRA = "tenncare-calc[data]"

#: Parts each result shows in the demo's terminal view (the others are in every other format).
_BRIEF = {
    "statement": {"summary", "measures", "cap"},
    "damages": {"assessments", "by_quarter", "totals", "rejected"},
    "member_months": {"summary", "by_month", "rejected"},
    "community_tenure": {"summary", "by_plan", "rejected"},
    "program": {"summary", "rejected"},
}
_NOTE_COLUMNS = (Column("install", ColumnType.TEXT, title="they need numpy and pyarrow"),)
_NOT_COMPUTED = "Member months, community tenure and the program run: not computed"


@attrs.frozen(repr=False)
class Demo(Presentable):
    """The demo's results: the statement, the ledger, member months, community tenure, a program.

    ``member_months``, ``community_tenure`` and ``program`` are ``None`` when the ``data`` extra is
    missing; ``missing`` then says how to install it.
    """

    report_title: ClassVar[str | None] = (
        "The bundled samples: pay-for-performance, liquidated damages, member months, "
        "community tenure, 2008, and a program run of three plans over 2008-2009"
    )

    statement: IncentiveStatement
    ledger: DamagesLedger
    member_months: MemberMonths | None
    community_tenure: CommunityTenure | None
    missing: str | None = None
    program: ProgramRun | None = None

    def __repr__(self) -> str:
        """Return the results the demo holds, each in its own short form."""
        return short_repr(
            self,
            statement=self.statement,
            ledger=self.ledger,
            member_months=self.member_months,
            community_tenure=self.community_tenure,
            program=self.program,
        )

    def _results(self) -> list[tuple[str, Presentable]]:
        found: list[tuple[str, Presentable]] = [
            ("statement", self.statement),
            ("damages", self.ledger),
        ]
        if self.member_months is not None:
            found.append(("member_months", self.member_months))
        if self.community_tenure is not None:
            found.append(("community_tenure", self.community_tenure))
        if self.program is not None:
            found.append(("program", self.program))
        return found

    @staticmethod
    def _name(prefix: str, part: str) -> str:
        return part if prefix == "statement" else f"{prefix}_{part}"

    def tables(self) -> tuple[Table, ...]:
        """Return every result's parts; the statement's keep their names, the others are prefixed.

        The terminal view (``--format table``) shows the statement's summary, measures and cap,
        the ledger's assessments, quarters and totals, and the summaries of member months and
        community tenure with their months and plans; every other surface shows every part.
        """
        parts: list[Table] = []
        for prefix, result in self._results():
            for table in result.tables():
                brief = table.brief and table.name in _BRIEF[prefix]
                parts.append(attrs.evolve(table, name=self._name(prefix, table.name), brief=brief))
        if self.missing is not None:
            parts.append(
                Table(
                    "data_note",
                    _NOT_COMPUTED,
                    _NOTE_COLUMNS,
                    ((self.missing,),),
                    record=True,
                )
            )
        return tuple(parts)

    def charts(self) -> tuple[Chart, ...]:
        """Return the chart of every result that has one (the statement, the ledger, ...)."""
        return tuple(chart for _, result in self._results() for chart in result.charts())

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return every result's live formulas, under the demo's part names."""
        formulas: dict[str, dict[str, str]] = {}
        for prefix, result in self._results():
            names = {table.name: self._name(prefix, table.name) for table in result.tables()}
            formulas.update(rename_parts(result.excel_formulas(), names))
        return formulas

    def explain(self) -> str:
        """Return each result's explanation, one after the other."""
        texts = [result.explain() for _, result in self._results()]  # type: ignore[attr-defined]
        if self.missing is not None:
            texts.append(f"{_NOT_COMPUTED}\n  they need numpy and pyarrow: {self.missing}")
        return "\n\n".join(texts)

    def to_dict(self) -> dict[str, Any]:
        """Return every result's data under its name (``None`` for a result not computed)."""
        return {
            "demo": "the bundled samples",
            "statement": self.statement.to_dict(),
            "damages_ledger": self.ledger.to_dict(),
            "member_months": None if self.member_months is None else self.member_months.to_dict(),
            "community_tenure": (
                None if self.community_tenure is None else self.community_tenure.to_dict()
            ),
            "program": None if self.program is None else self.program.to_dict(),
            "missing": self.missing,
        }


def demo(*, profile: ContractProfile | None = None) -> Demo:
    """Return the demo's results computed from the bundled samples (see the module docs).

    ``profile`` (the shipped Amendment 3 profile by default) applies to the statement and the
    ledger, with any what-if overrides it carries; the community-tenure window is its
    ``p4p.community_tenure_window_days``.
    """
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    chosen = resolve_profile(profile)
    statement = statement_from_file(sample_path("plan_year_2008.toml"), profile=chosen)
    ledger = ledger_from_csv(sample_path("damages_2008.csv"), YEAR, profile=chosen)
    try:
        spans = read_columns(sample_path("enrollment_spans_2008.csv"))
        stays = read_columns(sample_path("mental_health_stays_2008.csv"))
    except MissingDependencyError:
        return Demo(
            statement,
            ledger,
            None,
            None,
            missing=f"pip install '{DATA_EXTRA}'",
        )
    window = chosen.value("p4p.community_tenure_window_days", int)
    tenure = community_tenure(stays.data, year=YEAR, data_through=DATA_THROUGH, window_days=window)
    shown = chosen.value("p4p.shown_rate_decimals", int)
    return Demo(
        statement,
        ledger,
        member_months(spans.data, year=YEAR),
        attrs.evolve(tenure, shown_decimals=shown),
        program=program_from_folder(sample_path("program/rates.csv").parent, profile=chosen),
    )
