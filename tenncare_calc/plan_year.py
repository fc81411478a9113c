"""Plan-year input files for the pay-for-performance statement (TOML or JSON).

A plan-year file holds the inputs of :func:`~tenncare_calc.incentives.incentive_statement`:
``measurement_year``, ``member_months``, ``capitation``, optionally ``other_payments`` and
``operations_began``, and the tables ``physical_health``, ``behavioral_health`` and optionally
``community_tenure``. Numbers are read exactly (as ``Decimal``). A measure with no audited rate is
written ``"not reported"`` (or ``null`` in JSON). The bundled sample is
``tenncare_calc/data/samples/plan_year_2008.toml``.

>>> statement = statement_from_file(sample_path("plan_year_2008.toml"))
>>> statement.earned, statement.payable
(Decimal('324632.80'), Decimal('324632.80'))
"""

from __future__ import annotations

__all__ = ["load_plan_year", "sample_path", "statement_from_file"]

import datetime as dt
import json
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenncare_calc.errors import InvalidInputError
from tenncare_calc.incentives import IncentiveStatement, incentive_statement

if TYPE_CHECKING:
    from tenncare_calc.profile import ContractProfile

_KEYS = {
    "measurement_year",
    "member_months",
    "capitation",
    "other_payments",
    "operations_began",
    "physical_health",
    "behavioral_health",
    "community_tenure",
}
_REQUIRED = {
    "measurement_year",
    "member_months",
    "capitation",
    "physical_health",
    "behavioral_health",
}
NOT_REPORTED = "not reported"


def sample_path(name: str) -> Path:
    """Return the path of a bundled sample file by name.

    >>> sample_path("plan_year_2008.toml").name
    'plan_year_2008.toml'
    """
    found = resources.files("tenncare_calc").joinpath("data", "samples", name)
    if not found.is_file():
        raise InvalidInputError(f"no bundled sample named {name!r}", field="name", value=name)
    return Path(str(found))


def _not_reported(value: object) -> object:
    if value == NOT_REPORTED:
        return None
    if isinstance(value, dict):
        return {key: _not_reported(item) for key, item in value.items()}
    return value


def load_plan_year(path: str | Path) -> dict[str, Any]:
    """Return the keyword arguments of ``incentive_statement`` read from a plan-year file.

    The format is chosen by the extension: ``.toml`` or ``.json``. Unknown or missing keys are
    errors that name the file and the key.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(
            f"cannot read plan-year file {str(source)!r}: {error.strerror}",
            field="path",
            value=str(source),
        ) from None
    try:
        if source.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        elif source.suffix.lower() == ".toml":
            data = tomllib.loads(text, parse_float=Decimal)
        else:
            raise InvalidInputError(
                f"plan-year file {str(source)!r} must end in .toml or .json",
                field="path",
                value=str(source),
            )
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(
            f"plan-year file {str(source)!r} is not valid {source.suffix[1:].upper()}: {error}",
            field="path",
            value=str(source),
        ) from None
    if not isinstance(data, dict):
        raise InvalidInputError(
            f"{str(source)!r} must hold a table of inputs", field="path", value=str(source)
        )
    if unknown := sorted(set(data) - _KEYS):
        raise InvalidInputError(
            f"{str(source)!r}: unknown key(s) {unknown}; allowed: {sorted(_KEYS)}",
            field=unknown[0],
            value=unknown,
        )
    if missing := sorted(_REQUIRED - set(data)):
        raise InvalidInputError(
            f"{str(source)!r}: missing key(s) {missing}", field=missing[0], value=missing
        )
    arguments = {key: _not_reported(value) for key, value in data.items()}
    began = arguments.get("operations_began")
    if isinstance(began, str):
        try:
            arguments["operations_began"] = dt.date.fromisoformat(began)
        except ValueError:
            raise InvalidInputError(
                f"{str(source)!r}: 'operations_began' must be a date such as 2007-04-01",
                field="operations_began",
                value=arguments["operations_began"],
            ) from None
    return arguments


def statement_from_file(
    path: str | Path, *, profile: ContractProfile | None = None
) -> IncentiveStatement:
    """Return the pay-for-performance statement for the plan-year file at ``path`` (§3.10)."""
    arguments = load_plan_year(path)
    year = arguments.pop("measurement_year")
    return incentive_statement(year, profile=profile, **arguments)
