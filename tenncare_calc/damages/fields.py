"""The fields of an observation a damage item takes: which they are, how they are read and shown.

Each rule kind takes its own fields (``start`` and ``end`` per calendar day, ``count`` per count,
``due`` and ``received`` per day late, ``unmet`` or ``standards_met`` per period when breached, the
item's measure when tiered by a percentage), plus ``corrective_action_plan`` and the item's waiver
flag where the item has a reduction or a waiver (ruling L5). A field the item does not take is an
error, never ignored.

>>> from tenncare_calc import default_profile
>>> from tenncare_calc.damages.schedule import DamageSchedule
>>> schedule = default_profile().value("damages.schedule", DamageSchedule)
>>> [sorted(fields) for fields in item_fields(schedule.item("specialist_network"))]
[['unmet'], ['corrective_action_plan', 'shortage_waiver']]
>>> shown_inputs(("count", 3), ("corrective_action_plan", True))
(('count', '3'), ('corrective_action_plan', 'yes'))
"""

from __future__ import annotations

__all__ = [
    "check_fields",
    "flag",
    "item_fields",
    "percent_by_element",
    "shown_inputs",
    "unmet_standards",
]

import datetime as dt
import enum
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean
from tenncare_calc.core.values import format_decimal, to_rate
from tenncare_calc.damages.schedule import RuleKind

if TYPE_CHECKING:
    from tenncare_calc.damages.schedule import DamageItem


def flag(value: object, field: str) -> bool:
    """Return ``value`` when it is True or False; anything else is an error (no truthiness).

    >>> flag(True, "corrective_action_plan")
    True
    >>> flag("yes", "corrective_action_plan")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'corrective_action_plan' must be True or False (got 'yes')
    """
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be True or False (got {value!r})", field=field, value=value
        )
    return value


def unmet_standards(value: object, standards: tuple[str, ...]) -> tuple[str, ...]:
    """Return the unmet standards named in ``value``, in the order of ``standards`` (ruling L6).

    >>> unmet_standards(["b", "a"], ("a", "b", "c"))
    ('a', 'b')
    """
    if isinstance(value, str | bytes) or not isinstance(value, Collection):
        raise InvalidTypeError(
            "'unmet' must be a collection of standard names, such as "
            f"['physician_specialists'] (got {value!r})",
            field="unmet",
            value=value,
        )
    found = []
    for name in value:
        text = name.value if isinstance(name, enum.Enum) else name
        if text not in standards:
            raise InvalidInputError(
                f"'unmet' names {name!r}, which is not a standard of this measure"
                f"{did_you_mean(str(text), standards)}; standards: {list(standards)}",
                field="unmet",
                value=name,
            )
        found.append(str(text))
    return tuple(name for name in standards if name in found)


def percent_by_element(value: object, field: str) -> dict[str, Decimal]:
    """Return the percentage incorrect of each data element audited, by name (ruling L3).

    >>> percent_by_element({" address ": "12.5"}, "incorrect_percent_by_element")
    {'address': Decimal('12.5')}
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"{field!r} must be a mapping of data element name to percentage incorrect "
            f"(got {type(value).__name__})",
            field=field,
            value=value,
        )
    if not value:
        raise InvalidInputError(
            f"{field!r} is empty; give the percentage incorrect for each data element audited",
            field=field,
            value=value,
        )
    found = {}
    for name, percent in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                f"{field!r} has a data element name that is not text ({name!r})",
                field=field,
                value=name,
            )
        found[name.strip()] = to_rate(percent, field=f"{field}[{name!r}]")
    return found


def item_fields(item: DamageItem) -> tuple[set[str], set[str]]:
    """Return (required, optional) observation fields of an item's rule kind.

    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.damages.schedule import DamageSchedule
    >>> item = default_profile().value("damages.schedule", DamageSchedule).item("unlicensed_staff")
    >>> [sorted(fields) for fields in item_fields(item)]
    [['amount_paid', 'end', 'start'], []]
    """
    optional: set[str] = set()
    if item.reduction is not None:
        optional.add("corrective_action_plan")
    if item.waiver is not None:
        optional.add(item.waiver.flag)
    if item.rule is RuleKind.PER_CALENDAR_DAY:
        required = {"start", "end"} | ({"amount_paid"} if item.plus_amount_paid else set())
    elif item.rule is RuleKind.PER_COUNT:
        required = {"count"}
    elif item.rule is RuleKind.PER_DAY_LATE:
        required = {"due", "received"}
    elif item.rule is RuleKind.PER_PERIOD_WHEN_BREACHED:
        required = {"unmet"} if item.standards else {"standards_met"}
    else:
        assert item.measure is not None  # noqa: S101 - tiered items always name their measure
        suffix = "_by_element" if item.element_rule is not None else ""
        required = {f"{item.measure}{suffix}"}
    return required, optional


def check_fields(item: DamageItem, observation: Mapping[str, object]) -> None:
    """Check that ``observation`` has every field ``item`` needs and none that it does not take.

    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.damages.schedule import DamageSchedule
    >>> item = default_profile().value("damages.schedule", DamageSchedule).item("missing_signature_pages")
    >>> check_fields(item, {"count": 2})
    >>> check_fields(item, {})
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: damage item 'missing_signature_pages' (Attachment VII) needs ['count']
    """
    required, optional = item_fields(item)
    if unknown := sorted(set(observation) - required - optional):
        raise InvalidInputError(
            f"{unknown} do(es) not apply to damage item {item.id!r} ({item.section}, rule "
            f"{item.rule.value}); it takes {sorted(required)}"
            + (f" and optionally {sorted(optional)}" if optional else ""),
            field=unknown[0],
            value=unknown,
        )
    if missing := sorted(required - set(observation)):
        raise InvalidInputError(
            f"damage item {item.id!r} ({item.section}) needs {missing}",
            field=missing[0],
            value=missing,
        )


def shown_inputs(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    """Return ``(name, value)`` pairs as an assessment shows its inputs: text, flags as yes/no.

    >>> shown_inputs(("due", dt.date(2008, 3, 20)), ("amount_paid", Decimal("12345.60")))
    (('due', '2008-03-20'), ('amount_paid', '12345.60'))
    """
    shown = []
    for name, value in pairs:
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, dt.date):
            text = value.isoformat()
        elif isinstance(value, Decimal):
            text = format_decimal(value, grouping=False)
        else:
            text = str(value)
        shown.append((name, text))
    return tuple(shown)
