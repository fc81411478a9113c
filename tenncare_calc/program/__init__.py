"""Programs: every plan's statement and damages for every year, scenarios and reconciliations.

The compositions above the rule packages (which may not import one another): a program run turns
one rates table, one plan facts table and, optionally, enrollment spans, mental-health stays and
damages observations, each carrying a ``plan`` column, into every plan-year's pay-for-performance
statement and damages ledger with the program summary (rulings PR1-PR3); a comparison lines up a
what-if against its baseline; a reconciliation lines up someone else's figures against the
library's. The public names of the package's modules, importable from ``tenncare_calc.program``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.program.comparison import ComparedLine, Comparison, compare
    from tenncare_calc.program.line_figures import Figure, figures
    from tenncare_calc.program.plan_facts import PLAN_FACT_COLUMNS, PlanFacts, plan_facts_from_rows
    from tenncare_calc.program.plan_results import PlanYear
    from tenncare_calc.program.reconciliation import (
        ReconciledLine,
        Reconciliation,
        reconcile,
    )
    from tenncare_calc.program.result import ProgramRun
    from tenncare_calc.program.run import FOLDER_FILES, program_from_folder, program_run
    from tenncare_calc.program.summary import PlanSummary


__all__ = [
    "FOLDER_FILES",
    "PLAN_FACT_COLUMNS",
    "ComparedLine",
    "Comparison",
    "Figure",
    "PlanFacts",
    "PlanSummary",
    "PlanYear",
    "ProgramRun",
    "ReconciledLine",
    "Reconciliation",
    "compare",
    "figures",
    "plan_facts_from_rows",
    "program_from_folder",
    "program_run",
    "reconcile",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ComparedLine": "tenncare_calc.program.comparison",
        "Comparison": "tenncare_calc.program.comparison",
        "compare": "tenncare_calc.program.comparison",
        "Figure": "tenncare_calc.program.line_figures",
        "figures": "tenncare_calc.program.line_figures",
        "PLAN_FACT_COLUMNS": "tenncare_calc.program.plan_facts",
        "PlanFacts": "tenncare_calc.program.plan_facts",
        "plan_facts_from_rows": "tenncare_calc.program.plan_facts",
        "PlanYear": "tenncare_calc.program.plan_results",
        "ReconciledLine": "tenncare_calc.program.reconciliation",
        "Reconciliation": "tenncare_calc.program.reconciliation",
        "reconcile": "tenncare_calc.program.reconciliation",
        "ProgramRun": "tenncare_calc.program.result",
        "FOLDER_FILES": "tenncare_calc.program.run",
        "program_from_folder": "tenncare_calc.program.run",
        "program_run": "tenncare_calc.program.run",
        "PlanSummary": "tenncare_calc.program.summary",
    },
)
