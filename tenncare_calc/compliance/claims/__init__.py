"""Reimbursement checks over paid claims: §2.13.2 (percentage of billed charges), §2.12.7.32.

* :func:`percent_of_billed_charges` / :func:`percent_of_billed_charges_table` - §2.13.2: no
  reimbursement as a percentage of billed charges, unless the service has no Medicare
  reimbursement methodology (§2.13.2.2) or the claim exceeds the stop-loss threshold of an
  arrangement with the provider (§2.13.2.3).
* :func:`global_obstetric_claim` / :func:`global_obstetric_claims_table` - §2.12.7.32: global
  procedure codes for obstetric care are reimbursed only with utilization or encounter data that
  supports the individual services. The amendment names no codes: pass yours or set
  ``claims.global_obstetric_codes`` in your profile.

>>> from tenncare_calc.compliance.claims import percent_of_billed_charges
>>> percent_of_billed_charges(pricing_method="fee_schedule").outcome.value
'not_applicable'
"""

from __future__ import annotations

__all__ = [
    "global_obstetric_claim",
    "global_obstetric_claims_table",
    "percent_of_billed_charges",
    "percent_of_billed_charges_table",
]

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.compliance.claims.global_obstetric import (
        global_obstetric_claim,
        global_obstetric_claims_table,
    )
    from tenncare_calc.compliance.claims.percent_of_billed import (
        percent_of_billed_charges,
        percent_of_billed_charges_table,
    )

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "global_obstetric_claim": "tenncare_calc.compliance.claims.global_obstetric",
        "global_obstetric_claims_table": "tenncare_calc.compliance.claims.global_obstetric",
        "percent_of_billed_charges": "tenncare_calc.compliance.claims.percent_of_billed",
        "percent_of_billed_charges_table": "tenncare_calc.compliance.claims.percent_of_billed",
    },
)
