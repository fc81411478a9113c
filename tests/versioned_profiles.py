"""Profiles whose parameters change value on a date, to pin that a rule reads the version in force.

The shipped profile has one version of every P4P parameter, so a rule that dropped its ``on=`` date
would still pass every test that uses it. :func:`with_later_version` adds a second dated version.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.contract.kinds import convert, parse_override
from tenncare_calc.contract.parameters import ParameterVersion

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

#: The day the later version takes effect in these tests.
CHANGE_DATE = dt.date(2010, 1, 1)


def with_later_version(
    profile: ContractProfile, name: str, raw: object, effective_from: dt.date = CHANGE_DATE
) -> ContractProfile:
    """Return ``profile`` with parameter ``name`` taking value ``raw`` from ``effective_from``."""
    parameter = profile.parameters[name]
    value = convert(parameter.kind, parse_override(raw, parameter.kind, name), name, "test")
    versions = (*parameter.versions, ParameterVersion(effective_from=effective_from, value=value))
    evolved = attrs.evolve(parameter, versions=versions)
    return attrs.evolve(profile, parameters={**profile.parameters, name: evolved})


def as_contract_text(profile: ContractProfile, name: str) -> ContractProfile:
    """Return ``profile`` with parameter ``name`` marked as contract text, not a library default."""
    evolved = attrs.evolve(profile.parameters[name], library_default=False)
    return attrs.evolve(profile, parameters={**profile.parameters, name: evolved})
