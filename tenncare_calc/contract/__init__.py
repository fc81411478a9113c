"""The contract as data: the profile of cited, dated parameters, its schema, and the calendar.

Nothing here knows a rule: the rule packages declare the profile sections they read
(:mod:`tenncare_calc.contract.schema`) and read their values through
:class:`~tenncare_calc.contract.profile.ContractProfile`. The names below are imported when first
used: a rule package's section needs the kinds and the schema, not the loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.contract.loader import (
        BUILTIN_PROFILES,
        DEFAULT_PROFILE_ID,
        default_profile,
        load_profile,
    )
    from tenncare_calc.contract.parameters import (
        Parameter,
        ParameterValue,
        ParameterVersion,
        parameter_values_table,
    )
    from tenncare_calc.contract.profile import ContractProfile

__all__ = [
    "BUILTIN_PROFILES",
    "DEFAULT_PROFILE_ID",
    "ContractProfile",
    "Parameter",
    "ParameterValue",
    "ParameterVersion",
    "default_profile",
    "load_profile",
    "parameter_values_table",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "BUILTIN_PROFILES": "tenncare_calc.contract.loader",
        "DEFAULT_PROFILE_ID": "tenncare_calc.contract.loader",
        "default_profile": "tenncare_calc.contract.loader",
        "load_profile": "tenncare_calc.contract.loader",
        "Parameter": "tenncare_calc.contract.parameters",
        "ParameterValue": "tenncare_calc.contract.parameters",
        "ParameterVersion": "tenncare_calc.contract.parameters",
        "parameter_values_table": "tenncare_calc.contract.parameters",
        "ContractProfile": "tenncare_calc.contract.profile",
    },
)
