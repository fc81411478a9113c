"""What the rules' own tests write apart from the library: how a finding shows times and figures.

The rule modules' own tests (``tests/test_*_rules.py``) compare each finding whole with the clause
written in the test. These are the pieces the clauses measured in time share: a duration in
minutes to 4 decimal places (the findings' figure; a figure measured against a line, a margin or
the time measured, is never shown at the line's own figure unless it is exactly at the line), in
words as the steps say it (exactly, to the microsecond), a figure as a table row shows it, and
everything a finding reports, keyed as the tests' ``expected`` key it; for a finding of several
parts, everything with its parts and parameters (:func:`reported_whole`), and a finding written
apart in that form (:func:`finding_of`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenncare_calc.compliance import Finding

_MICROS_PER_MINUTE = Decimal(60_000_000)
#: The last place of a figure in minutes.
_PLACE = Decimal("0.0001")


def micros_of(elapsed: dt.timedelta) -> int:
    """Return a duration in whole microseconds."""
    return (elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds


def minutes(elapsed: dt.timedelta | int) -> Decimal:
    """Return a duration (or microseconds) in minutes: 4 decimal places, half away from zero."""
    micros = micros_of(elapsed) if isinstance(elapsed, dt.timedelta) else elapsed
    return (Decimal(micros) / _MICROS_PER_MINUTE).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def beside(elapsed: dt.timedelta | int, line: dt.timedelta | int = 0) -> Decimal:
    """Return a time measured against a line in minutes, as a finding shows it.

    :func:`minutes`, except that a time that is not exactly at ``line`` never shows the line's own
    figure: it is one place (1/10,000 minute) from it on its own side. So a margin (``line`` 0)
    is 0 only exactly at the limit, and a late time never reads as at the limit.
    """
    time = micros_of(elapsed) if isinstance(elapsed, dt.timedelta) else elapsed
    at = micros_of(line) if isinstance(line, dt.timedelta) else line
    figure, line_figure = minutes(time), minutes(at)
    if time == at or figure != line_figure:
        return figure
    return line_figure + _PLACE if time > at else line_figure - _PLACE


def spoken(elapsed: dt.timedelta) -> str:
    """Return a duration as the steps write it, exactly: ``2 h 05 min``, ``0 h 00 min 07.25 s``."""
    whole = elapsed.days * 86_400 + elapsed.seconds
    text = f"{whole // 3600} h {whole % 3600 // 60:02d} min"
    if elapsed.microseconds:
        fraction = format(Decimal(elapsed.microseconds).scaleb(-6).normalize(), "f")  # "0.25"
        return f"{text} {whole % 60:02d}{fraction[1:]} s"
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


def reported_whole(found: Finding) -> dict[str, object]:
    """Return :func:`reported` with the parts, each reported whole, and the parameters read."""
    return {
        **reported(found),
        "parts": tuple(reported_whole(part) for part in found.parts),
        "parameters": tuple((p.name, p.value) for p in found.parameters),
    }


def finding_of(
    check: str, outcome: str, standard: str, sections: tuple[str, ...], **fields: object
) -> dict[str, object]:
    """Return a finding as :func:`reported_whole` reports it: no figures, words or parts unless given."""
    return {
        "check": check,
        "outcome": outcome,
        "met": {"met": True, "not_met": False}.get(outcome),
        "standard": standard,
        "sections": sections,
        "measured": None,
        "limit": None,
        "margin": None,
        "unit": "",
        "subject": (),
        "steps": (),
        "note": None,
        "parts": (),
        "parameters": (),
        **fields,
    }
