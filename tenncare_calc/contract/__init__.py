"""The contract as data: the profile of cited, dated parameters, its schema, and the calendar.

Nothing here knows a rule: the rule packages declare the profile sections they read
(:mod:`tenncare_calc.contract.schema`) and read their values through
:class:`~tenncare_calc.contract.profile.ContractProfile`.
"""

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
