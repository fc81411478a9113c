"""Live spreadsheet formulas described as templates over a result's own parts and columns.

A result's ``excel_formulas()`` maps part name → column name → a formula *template*. In a template,

* ``{column}`` is the cell of that column in the same row (or the field of a record part);
* ``{part.column}`` is the field ``column`` of the record part ``part``;
* ``{column:*}`` and ``{part.column:*}`` are the whole column of a row part, for ``SUM`` and the like.

The workbook writer (:mod:`tenncare_calc.outputs.workbook`) replaces them with cell references.
The templates are data a rule declares, so this module sits in the core with the tables they refer
to, and the rules never import a writer.

Binary floating point cannot hold every cent exactly, and spreadsheet engines differ in how they
round a result such as ``37037.025`` that float holds as ``37037.02499999...``. The helpers
:func:`round_cents_formula` and :func:`floor_cents_formula` therefore round in cents after removing
float noise (``ROUND(x*100, 6)``), which gives the library's half-up (ruling M3) and round-down cents
in Excel, LibreOffice and the ``formulas`` engine alike:

>>> round_cents_formula("{pmpm_amount}*{member_months}")
'ROUND(ROUND(({pmpm_amount}*{member_months})*100, 6), 0)/100'
"""

from __future__ import annotations

__all__ = ["REFERENCE", "floor_cents_formula", "rename_parts", "round_cents_formula"]

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

#: A reference in a template: ``{column}``, ``{part.column}``, with ``:*`` for a whole column.
REFERENCE = re.compile(r"\{([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?(:\*)?\}")


def round_cents_formula(expression: str) -> str:
    """Return an Excel expression rounding ``expression`` to cents half-up (ruling M3).

    Excel's ``ROUND`` rounds half away from zero, which is half-up for the non-negative amounts
    the contract pays; rounding in cents after stripping float noise makes an exact half cent
    round up in every engine.

    >>> round_cents_formula("B2*B3")
    'ROUND(ROUND((B2*B3)*100, 6), 0)/100'
    """
    return f"ROUND(ROUND(({expression})*100, 6), 0)/100"


def floor_cents_formula(expression: str) -> str:
    """Return an Excel expression rounding ``expression`` down to the cent (``INT`` floors).

    >>> floor_cents_formula("B2-B3")
    'INT(ROUND((B2-B3)*100, 6))/100'
    """
    return f"INT(ROUND(({expression})*100, 6))/100"


def rename_parts(
    formulas: Mapping[str, Mapping[str, str]], names: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """Return formula templates with their parts renamed (``names``: old part name -> new).

    For a result that shows another result's parts under new names (a report of several results):
    the parts of the map and every ``{part.column}`` reference in its templates are renamed; a
    ``{column}`` of the same row is left alone.

    >>> rename_parts({"totals": {"total": "SUM({lines.amount:*})"}}, {"totals": "t", "lines": "l"})
    {'t': {'total': 'SUM({l.amount:*})'}}
    """

    def rename(match: re.Match[str]) -> str:
        first, second, whole = match.group(1), match.group(2), match.group(3) or ""
        if second is None:
            return match.group(0)
        return "{" + names.get(first, first) + "." + second + whole + "}"

    return {
        names.get(part, part): {
            column: REFERENCE.sub(rename, template) for column, template in columns.items()
        }
        for part, columns in formulas.items()
    }
