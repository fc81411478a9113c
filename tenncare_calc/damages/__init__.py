"""Liquidated damages of Amendment 3 (§4.20.2.2.7 A.2, B.23, C.6; Attachment VII; rulings L1-L7).

Users assess, or check an assessment of, one damage or a whole year, to the cent, with the clause
cited and every reduction or waiver stated. The schedule is contract data (``damages.schedule`` in
the profile, ruling L7); the rule kinds are small pure functions (:mod:`.rules`); each public
function returns an :class:`Assessment` with ``.amount``, the item, the section, what was applied,
``explain()`` and ``to_dict()``. :func:`damages_ledger` assesses a year of observations.
Attachment VII measures can also be computed from data: :func:`geographic_access_from_findings`
(the month's Attachment V findings, given as data), :func:`specialist_network_from_contracts` (a
table of executed contracts), and :func:`statistically_valid_sample_size` /
:func:`sample_is_large_enough` (the accuracy measures' sample).

>>> from datetime import date
>>> from tenncare_calc import damages
>>> damages.late_provider_enrollment_file(date(2008, 3, 20), date(2008, 4, 2)).amount
Decimal('3250.00')
>>> damages.specialist_network(["physician_specialists"], corrective_action_plan=True).amount
Decimal('5000.00')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tenncare_calc.damages.section  # noqa: F401 - declares its section of the profile
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.damages.accrual import accrual_date
    from tenncare_calc.damages.assessment import (
        Assessment,
        ElementResult,
    )
    from tenncare_calc.damages.derived import DerivedAssessment
    from tenncare_calc.damages.distance_findings import geographic_access_from_findings
    from tenncare_calc.damages.duplicates import (
        DUPLICATES_CHOICES,
        Duplicates,
        check_duplicates,
        repeated_rows,
    )
    from tenncare_calc.damages.items import (
        SpecialistStandard,
        assess_item,
        geographic_access,
        late_provider_enrollment_file,
        missing_signature_pages,
        noncompliant_provider_agreements,
        provider_information_accuracy,
        provider_participation_accuracy,
        specialist_network,
        unlicensed_staff,
    )
    from tenncare_calc.damages.ledger import DamagesLedger
    from tenncare_calc.damages.ledger_line import LedgerLine
    from tenncare_calc.damages.liability import LiabilityCheck, check_maximum_liability
    from tenncare_calc.damages.observations import OBSERVATION_FIELDS, load_observations
    from tenncare_calc.damages.rules import (
        Comparison,
        Tier,
    )
    from tenncare_calc.damages.sample_size import (
        SampleCheck,
        SampleSize,
        sample_is_large_enough,
        statistically_valid_sample_size,
    )
    from tenncare_calc.damages.schedule import (
        DamageItem,
        DamageSchedule,
        ElementRule,
        Period,
        Reduction,
        RuleKind,
        Waiver,
        schedule_from_records,
    )
    from tenncare_calc.damages.specialist_contracts import specialist_network_from_contracts
    from tenncare_calc.damages.year import damages_ledger, ledger_from_csv


__all__ = [
    "DUPLICATES_CHOICES",
    "OBSERVATION_FIELDS",
    "Assessment",
    "Comparison",
    "DamageItem",
    "DamageSchedule",
    "DamagesLedger",
    "DerivedAssessment",
    "Duplicates",
    "ElementResult",
    "ElementRule",
    "LedgerLine",
    "LiabilityCheck",
    "Period",
    "Reduction",
    "RuleKind",
    "SampleCheck",
    "SampleSize",
    "SpecialistStandard",
    "Tier",
    "Waiver",
    "accrual_date",
    "assess_item",
    "check_duplicates",
    "check_maximum_liability",
    "damages_ledger",
    "geographic_access",
    "geographic_access_from_findings",
    "late_provider_enrollment_file",
    "ledger_from_csv",
    "load_observations",
    "missing_signature_pages",
    "noncompliant_provider_agreements",
    "provider_information_accuracy",
    "provider_participation_accuracy",
    "repeated_rows",
    "sample_is_large_enough",
    "schedule_from_records",
    "specialist_network",
    "specialist_network_from_contracts",
    "statistically_valid_sample_size",
    "unlicensed_staff",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "accrual_date": "tenncare_calc.damages.accrual",
        "Assessment": "tenncare_calc.damages.assessment",
        "ElementResult": "tenncare_calc.damages.assessment",
        "DerivedAssessment": "tenncare_calc.damages.derived",
        "geographic_access_from_findings": "tenncare_calc.damages.distance_findings",
        "SpecialistStandard": "tenncare_calc.damages.items",
        "assess_item": "tenncare_calc.damages.items",
        "geographic_access": "tenncare_calc.damages.items",
        "late_provider_enrollment_file": "tenncare_calc.damages.items",
        "missing_signature_pages": "tenncare_calc.damages.items",
        "noncompliant_provider_agreements": "tenncare_calc.damages.items",
        "provider_information_accuracy": "tenncare_calc.damages.items",
        "provider_participation_accuracy": "tenncare_calc.damages.items",
        "specialist_network": "tenncare_calc.damages.items",
        "unlicensed_staff": "tenncare_calc.damages.items",
        "DamagesLedger": "tenncare_calc.damages.ledger",
        "LedgerLine": "tenncare_calc.damages.ledger_line",
        "LiabilityCheck": "tenncare_calc.damages.liability",
        "check_maximum_liability": "tenncare_calc.damages.liability",
        "load_observations": "tenncare_calc.damages.observations",
        "OBSERVATION_FIELDS": "tenncare_calc.damages.observations",
        "DUPLICATES_CHOICES": "tenncare_calc.damages.duplicates",
        "Duplicates": "tenncare_calc.damages.duplicates",
        "repeated_rows": "tenncare_calc.damages.duplicates",
        "check_duplicates": "tenncare_calc.damages.duplicates",
        "Comparison": "tenncare_calc.damages.rules",
        "Tier": "tenncare_calc.damages.rules",
        "SampleCheck": "tenncare_calc.damages.sample_size",
        "SampleSize": "tenncare_calc.damages.sample_size",
        "sample_is_large_enough": "tenncare_calc.damages.sample_size",
        "statistically_valid_sample_size": "tenncare_calc.damages.sample_size",
        "DamageItem": "tenncare_calc.damages.schedule",
        "DamageSchedule": "tenncare_calc.damages.schedule",
        "ElementRule": "tenncare_calc.damages.schedule",
        "Period": "tenncare_calc.damages.schedule",
        "Reduction": "tenncare_calc.damages.schedule",
        "RuleKind": "tenncare_calc.damages.schedule",
        "Waiver": "tenncare_calc.damages.schedule",
        "schedule_from_records": "tenncare_calc.damages.schedule",
        "specialist_network_from_contracts": "tenncare_calc.damages.specialist_contracts",
        "damages_ledger": "tenncare_calc.damages.year",
        "ledger_from_csv": "tenncare_calc.damages.year",
    },
)
