"""The pay-for-performance measures (§3.10.2-§3.10.4) as contract data.

Which measures earn an incentive, how each is judged and when it is paid are values of the contract
profile (``p4p.measures``), not code: a measure the state eliminates or replaces under §3.10.1.4 is a
new dated version of that list (ruling P9).

Examples
--------
>>> from tenncare_calc import default_profile
>>> measures = default_profile().value("p4p.measures", tuple)
>>> [m.id for m in measures if m.group is MeasureGroup.BEHAVIORAL_HEALTH]
['antidepressant_medication_management', 'adhd_follow_up']
"""

from __future__ import annotations

__all__ = ["Measure", "MeasureGroup", "MeasureRule", "PaymentTiming", "measures_from_records"]

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError


class MeasureGroup(enum.Enum):
    """Which input of the incentive statement a measure is read from."""

    PHYSICAL_HEALTH = "physical_health"
    BEHAVIORAL_HEALTH = "behavioral_health"
    COMMUNITY_TENURE = "community_tenure"


class MeasureRule(enum.Enum):
    """How a measure qualifies."""

    #: Significant improvement over the baseline by the minimum effect size table (§3.10.5).
    SIGNIFICANT_IMPROVEMENT = "significant_improvement"
    #: At or above the national Medicaid 75th percentile the caller supplies (§3.10.3, ruling P3).
    NATIONAL_PERCENTILE = "national_percentile"


class PaymentTiming(enum.Enum):
    """Which July 1 a measure's payment falls on (ruling P5)."""

    #: July 1 of the year after the measurement year (§3.10.2.1, §3.10.3).
    AFTER_MEASUREMENT_YEAR = "after_measurement_year"
    #: July 1 of the year after the first full calendar year of operation (§3.10.4).
    AFTER_FIRST_FULL_YEAR = "after_first_full_year"


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@attrs.frozen
class Measure:
    """One incentive measure: identity, citation, and how it is judged and paid."""

    id: str
    title: str
    group: MeasureGroup
    rule: MeasureRule
    section: str
    #: The measure's value is ``100 - reported rate`` (HbA1c poor control, §3.10.2.3, ruling P2).
    reversed: bool = False
    #: Names of the rates a measure is reported as (ruling P3), e.g. ``("acute", "continuation")``.
    components: tuple[str, ...] = ()
    payment: PaymentTiming = PaymentTiming.AFTER_MEASUREMENT_YEAR

    def to_dict(self) -> dict[str, Any]:
        """Return the measure as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "group": self.group.value,
            "rule": self.rule.value,
            "section": self.section,
            "reversed": self.reversed,
            "components": list(self.components),
            "payment": self.payment.value,
        }


_KEYS = {"id", "title", "group", "rule", "section", "reversed", "components", "payment"}
_REQUIRED = {"id", "title", "group", "rule", "section"}


E = TypeVar("E", bound=enum.Enum)


def _enum(kind: type[E], raw: object, where: str) -> E:
    options = [member.value for member in kind]
    if raw not in options:
        raise InvalidInputError(
            f"{where!r} must be one of {options} (got {raw!r})", field=where, value=raw
        )
    return kind(raw)


def _check_keys(record: Mapping[str, object], where: str) -> None:
    keys = set(record)
    if unknown := keys - _KEYS:
        raise InvalidInputError(
            f"{where!r} has unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}",
            field=where,
            value=record,
        )
    if missing := _REQUIRED - keys:
        raise InvalidInputError(
            f"{where!r} lacks required keys {sorted(missing)}", field=where, value=record
        )
    for key in ("id", "title", "section"):
        text = record[key]
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError(
                f"'{where}.{key}' must be non-empty text (got {text!r})",
                field=f"{where}.{key}",
                value=text,
            )
    if not _ID.match(str(record["id"])):
        raise InvalidInputError(
            f"'{where}.id' must be lower-case letters, digits and underscores (got {record['id']!r})",
            field=f"{where}.id",
            value=record["id"],
        )
    if not isinstance(record.get("reversed", False), bool):
        raise InvalidTypeError(
            f"'{where}.reversed' must be true or false (got {record['reversed']!r})",
            field=f"{where}.reversed",
            value=record["reversed"],
        )


def _components(raw: object, where: str) -> tuple[str, ...]:
    if (
        not isinstance(raw, Sequence)
        or isinstance(raw, str)
        or not all(isinstance(name, str) and _ID.match(name) for name in raw)
    ):
        raise InvalidInputError(
            f"'{where}.components' must be a list of lower-case names (got {raw!r})",
            field=f"{where}.components",
            value=raw,
        )
    names = tuple(str(name) for name in raw)
    if len(set(names)) != len(names):
        raise InvalidInputError(
            f"'{where}.components' repeats a name ({list(names)!r})",
            field=f"{where}.components",
            value=raw,
        )
    return names


def _measure(record: object, where: str) -> Measure:
    if not isinstance(record, Mapping):
        raise InvalidTypeError(f"{where!r} must be a table", field=where, value=record)
    _check_keys(record, where)
    measure = Measure(
        id=str(record["id"]),
        title=str(record["title"]).strip(),
        group=_enum(MeasureGroup, record["group"], f"{where}.group"),
        rule=_enum(MeasureRule, record["rule"], f"{where}.rule"),
        section=str(record["section"]).strip(),
        reversed=bool(record.get("reversed", False)),
        components=_components(record.get("components", []), where),
        payment=_enum(
            PaymentTiming,
            record.get("payment", PaymentTiming.AFTER_MEASUREMENT_YEAR.value),
            f"{where}.payment",
        ),
    )
    if measure.components and measure.rule is not MeasureRule.NATIONAL_PERCENTILE:
        raise InvalidInputError(
            f"'{where}.components' only applies to national-percentile measures",
            field=f"{where}.components",
            value=list(measure.components),
        )
    if (
        measure.group is MeasureGroup.COMMUNITY_TENURE
        and measure.rule is not MeasureRule.SIGNIFICANT_IMPROVEMENT
    ):
        raise InvalidInputError(
            f"'{where}.rule' must be 'significant_improvement' for community tenure (§3.10.4)",
            field=f"{where}.rule",
            value=record["rule"],
        )
    return measure


def measures_from_records(records: object, *, field: str = "measures") -> tuple[Measure, ...]:
    """Return validated measures from plain records (a profile's ``p4p.measures`` value).

    Ids are unique; at most one community-tenure measure exists (§3.10.4 describes one).

    >>> measures_from_records([{"id": "x", "title": "X", "group": "physical_health",
    ...     "rule": "significant_improvement", "section": "3.10.2.2.1"}])[0].payment.value
    'after_measurement_year'
    """
    if not isinstance(records, Sequence) or isinstance(records, str | bytes):
        raise InvalidTypeError(
            f"{field!r} must be a list of measures (got {type(records).__name__})",
            field=field,
            value=records,
        )
    measures = tuple(_measure(record, f"{field}[{index}]") for index, record in enumerate(records))
    ids = [measure.id for measure in measures]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise InvalidInputError(
            f"{field!r} repeats measure ids {duplicates}", field=field, value=duplicates
        )
    tenure = [m.id for m in measures if m.group is MeasureGroup.COMMUNITY_TENURE]
    if len(tenure) > 1:
        raise InvalidInputError(
            f"{field!r} has more than one community-tenure measure ({tenure})",
            field=field,
            value=tenure,
        )
    return measures
