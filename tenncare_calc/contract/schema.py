"""The profile's schema: every parameter a profile may and must define, declared by its reader.

The contract package does not know the rules. Each rule package declares the section of the profile
it reads, with the kind of each parameter, when it is imported (``p4p.*`` in
:mod:`tenncare_calc.p4p.section`, ``damages.*`` in :mod:`tenncare_calc.damages.section`, the
compliance sections in :mod:`tenncare_calc.compliance.section`); the contract declares its own
(``contract.*`` here, ``reports.*`` with the calendar). Importing :mod:`tenncare_calc` imports every
rule package's section, so by the time a profile is loaded the schema is whole; a section imports
the kinds and this module, not its rules (a table's kind imports its reader when a value is first
converted), so declaring costs a command nothing it does not use. The loader then rejects a key
no one declared and a declared parameter the profile lacks.

>>> SCHEMA["contract.maximum_liability"].name
'money'
>>> declare("contract", {"maximum_liability": DATE})
Traceback (most recent call last):
...
tenncare_calc.ProfileError: parameter 'contract.maximum_liability' is declared twice, as money and as date
"""

from __future__ import annotations

__all__ = ["SCHEMA", "declare"]

from types import MappingProxyType
from typing import TYPE_CHECKING

from tenncare_calc.contract.kinds import DATE, MONEY
from tenncare_calc.core.errors import ProfileError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.contract.kinds import Kind

_DECLARED: dict[str, Kind] = {}

#: Every declared parameter, by dotted name, with its kind (read-only; grows as packages declare).
SCHEMA: Mapping[str, Kind] = MappingProxyType(_DECLARED)


def declare(section: str, parameters: Mapping[str, Kind]) -> None:
    """Declare the parameters of a profile section (``section.key``) with their kinds.

    Declaring the same parameter again with the same kind is harmless (a module imported twice);
    with another kind it is an error, so two readers cannot disagree about one value.
    """
    for key, kind in parameters.items():
        name = f"{section}.{key}"
        known = _DECLARED.get(name)
        if known is not None and known is not kind:
            raise ProfileError(
                f"parameter {name!r} is declared twice, as {known.name} and as {kind.name}",
                field=name,
                value=kind.name,
            )
        _DECLARED[name] = kind


declare(
    "contract",
    {
        "operations_began": DATE,
        "maximum_liability": MONEY,
    },
)
