"""What the rules' own tests write apart from the library: how a finding shows times and figures.

The rule modules' own tests (``tests/test_*_rules.py``) compare each finding whole with the clause
written in the test. These are the pieces the clauses measured in time share: a duration in
minutes to 4 decimal places (the findings' figure), in words as the steps say it, a figure as a
table row shows it, and everything a finding reports, keyed as the tests' ``expected`` key it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenncare_calc.compliance import Finding

_MICROS_PER_MINUTE = Decimal(60_000_000)


def micros_of(elapsed: dt.timedelta) -> int:
    """Return a duration in whole microseconds."""
    return (elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds


def minutes(elapsed: dt.timedelta | int) -> Decimal:
    """Return a duration (or microseconds) in minutes: 4 decimal places, half away from zero."""
    micros = micros_of(elapsed) if isinstance(elapsed, dt.timedelta) else elapsed
    return (Decimal(micros) / _MICROS_PER_MINUTE).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def spoken(elapsed: dt.timedelta) -> str:
    """Return a duration as the steps write it: ``2 h 05 min``, ``0 h 00 min 07 s``."""
    whole = elapsed.days * 86_400 + elapsed.seconds
    text = f"{whole // 3600} h {whole % 3600 // 60:02d} min"
    return f"{text} {whole % 60:02d} s" if whole % 60 else text


def shown(number: Decimal) -> str:
    """Return a figure as a table row or ``Finding.row()`` shows it: ``1440``, ``-0.3333``."""
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def reported(found: Finding) -> dict[str, object]:
    """Return what a finding reports: check, outcome, met, standard, figures, words and subject."""
    return {
        "check": found.check,
        "outcome": found.outcome.value,
        "met": found.met,
        "standard": found.standard,
        "sections": found.sections,
        "measured": found.measured,
        "limit": found.limit,
        "margin": found.margin,
        "unit": found.unit,
        "subject": found.subject,
        "steps": found.steps,
        "note": found.note,
    }
