"""Findings: what a compliance check concluded, the standard it applied, by how much, and the clause.

Every compliance check of the library (behavioral-health access, Attachment V; non-emergency
transportation, Attachment XI; the utilization-management clause) returns a :class:`Finding`, and
every batch check a :class:`FindingsTable` of them. The modules, one per concept:

* :mod:`~tenncare_calc.compliance.findings.checks`: the catalogue of checks (:data:`CHECKS`, by
  id, with their clauses);
* :mod:`~tenncare_calc.compliance.findings.finding`: a :class:`Finding` and its :class:`Outcome`;
* :mod:`~tenncare_calc.compliance.findings.durations`: how a finding shows a time, in minutes
  (:func:`minutes_from_micros`; :func:`minutes_beside_line`, never rounded onto its line) and in
  words (:func:`duration_text`);
* :mod:`~tenncare_calc.compliance.findings.table`: the :class:`FindingsTable` of a batch check, and
  how a batch check reads its input (:func:`read_with_carried`) and builds its findings
  (:func:`findings_from_columns`);
* :mod:`~tenncare_calc.compliance.findings.deferred`: the columns of a findings table, each
  computed when first read (:class:`DeferredColumns`: the verdict at once, the figures on demand);
* :mod:`~tenncare_calc.compliance.findings.summary`: a check's summary part, and a
  :class:`FindingsSummary` kept without the findings (:func:`summarised`: of a file read in
  chunks);
* :mod:`~tenncare_calc.compliance.findings.pricing`: not-met findings priced with the profile's
  amounts (:func:`price_findings`; Exhibit F is not in the source).

The names are imported here when the package is (the checks of the package need them all), but
those of :mod:`~tenncare_calc.compliance.findings.pricing`, imported when first used: a check does
not price its findings.

>>> from tenncare_calc.compliance.findings import CHECKS
>>> CHECKS["access.timeliness"].title
'Time to appointment'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

__all__ = [
    "CHECKS",
    "UM_CLAUSE",
    "Check",
    "Deferred",
    "DeferredColumns",
    "Finding",
    "FindingAmounts",
    "FindingsSummary",
    "FindingsTable",
    "Outcome",
    "PricedFindings",
    "PricingLine",
    "carried_columns",
    "duration_text",
    "finding_amounts_from_records",
    "findings_from_columns",
    "minutes_beside_line",
    "minutes_from_micros",
    "price_findings",
    "read_with_carried",
    "summarised",
]

from tenncare_calc.compliance.findings.checks import CHECKS, UM_CLAUSE, Check
from tenncare_calc.compliance.findings.deferred import Deferred, DeferredColumns
from tenncare_calc.compliance.findings.durations import (
    duration_text,
    minutes_beside_line,
    minutes_from_micros,
)
from tenncare_calc.compliance.findings.finding import Finding, Outcome
from tenncare_calc.compliance.findings.summary import FindingsSummary, summarised
from tenncare_calc.compliance.findings.table import (
    FindingsTable,
    carried_columns,
    findings_from_columns,
    read_with_carried,
)

if TYPE_CHECKING:
    from tenncare_calc.compliance.findings.pricing import (
        FindingAmounts,
        PricedFindings,
        PricingLine,
        finding_amounts_from_records,
        price_findings,
    )

__getattr__, __dir__ = lazy_exports(
    __name__,
    dict.fromkeys(
        (
            "FindingAmounts",
            "PricedFindings",
            "PricingLine",
            "finding_amounts_from_records",
            "price_findings",
        ),
        "tenncare_calc.compliance.findings.pricing",
    ),
)
