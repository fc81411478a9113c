"""Utilization management: the monthly sample, Level III.5 reviews, no-utilization, provider profiles.

These rules come from the second source document: the Utilization Management clause of the
Massachusetts One Care contracts (it is not part of the TennCare CRA and has no section number;
results cite it as "One Care contract (Massachusetts): Utilization Management"). Rulings U1-U3:

* :func:`monthly_sample` / :func:`sample_enrollees` (U1): a random sample of **no fewer than 500**
  enrollees with billed services in the month, uniform without replacement and reproducible from a
  seed; a smaller population is taken whole and flagged.
* :func:`level_iii_5_review` and :func:`level_iii_5_restrictive_decision` (U2): review of Clinical
  Support Services for Substance Use Disorders (Level III.5) no earlier than **day 7** (day 1 is
  the first day of services); no restrictive decision before **14 consecutive days** of clinical
  stabilization services.
* :func:`no_utilization_report` (U3): enrollees continuously enrolled for at least **12 months**
  ending on the report date with no claim or encounter in that time; :func:`no_utilization_window`
  gives the window, ``(report date + 1 day) - 12 months`` through the report date.
* :func:`provider_profiles`: utilization per provider (services per 1,000 member months by service
  category) against comparable providers, flagging over- and under-utilization by configurable
  outlier criteria (percentiles or standard scores).
* :func:`enrollee_profiles`: the same for each enrollee against comparable enrollees (same age
  band and eligibility category by default), by the same outlier criteria.

>>> import datetime as dt
>>> sample = sample_enrollees(range(1, 1201), seed=2008)
>>> len(sample.members), sample.taken_whole, sample_enrollees(range(1, 1201), seed=2008) == sample
(500, False, True)
>>> level_iii_5_review([dt.date(2008, 10, 1)], on=dt.date(2008, 10, 7)).met
True

The rules live in a module per concept: :mod:`.sample` (U1), :mod:`.level_iii_5` (U2),
:mod:`.no_utilization`, :mod:`.no_utilization_window` and :mod:`.continuous_enrollment` (U3),
:mod:`.profiles` and :mod:`.enrollee_profiles` with :mod:`.profile_counts` and :mod:`.outliers`
(provider and enrollee profiles); :mod:`.reports` holds what the
reports share. Each line of the clause (500 enrollees, day 7, 14 consecutive days, the 12-month
window) is one :class:`~tenncare_calc.core.thresholds.Threshold` built from the profile's value.
"""

from __future__ import annotations

__all__ = [
    "EnrolleeProfiles",
    "MonthlySample",
    "NoUtilizationReport",
    "NoUtilizationWindow",
    "ProviderProfiles",
    "enrollee_profiles",
    "level_iii_5_restrictive_decision",
    "level_iii_5_review",
    "monthly_sample",
    "no_utilization_report",
    "no_utilization_window",
    "provider_profiles",
    "sample_enrollees",
]

from tenncare_calc.compliance.utilization.enrollee_profiles import (
    EnrolleeProfiles,
    enrollee_profiles,
)
from tenncare_calc.compliance.utilization.level_iii_5 import (
    level_iii_5_restrictive_decision,
    level_iii_5_review,
)
from tenncare_calc.compliance.utilization.no_utilization import (
    NoUtilizationReport,
    no_utilization_report,
)
from tenncare_calc.compliance.utilization.no_utilization_window import (
    NoUtilizationWindow,
    no_utilization_window,
)
from tenncare_calc.compliance.utilization.profiles import ProviderProfiles, provider_profiles
from tenncare_calc.compliance.utilization.sample import (
    MonthlySample,
    monthly_sample,
    sample_enrollees,
)
