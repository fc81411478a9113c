"""The liquidated damages schedule as contract data (ruling L7).

Each item of §4.20.2.2.7 and Attachment VII is a record in the profile's ``damages.schedule``: its
id, section, the contract's words, a rule kind, amounts, the period it is assessed for, tiers, the
reduction an accepted corrective action plan allows and the waiver the State may grant. A later
amendment replaces an item (or adds one of an existing rule kind) by a new dated version of the
schedule, without code changes.

>>> from tenncare_calc import default_profile
>>> schedule = default_profile().value("damages.schedule", DamageSchedule)
>>> item = schedule.item("late_provider_enrollment_file")
>>> item.section, item.rule.value, item.amount
('4.20.2.2.7 C.6', 'per_day_late', Decimal('250'))
"""

from __future__ import annotations

__all__ = [
    "DamageItem",
    "DamageSchedule",
    "ElementRule",
    "Period",
    "Reduction",
    "RuleKind",
    "Waiver",
    "schedule_from_records",
]

import enum
import itertools
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean
from tenncare_calc.core.values import format_money, to_money, to_rate
from tenncare_calc.damages.rules import Comparison, Tier


class RuleKind(enum.Enum):
    """The rule kinds shared by all items (``tenncare_calc.damages.rules``)."""

    #: ``amount`` per calendar day of a period, both ends counted (L1), plus amounts paid (A.2).
    PER_CALENDAR_DAY = "per_calendar_day"
    #: ``amount`` per thing counted (agreements, providers).
    PER_COUNT = "per_count"
    #: ``amount`` per day after the due date (L2).
    PER_DAY_LATE = "per_day_late"
    #: ``amount`` for a period (month, quarter) in which a standard was not met.
    PER_PERIOD_WHEN_BREACHED = "per_period_when_breached"
    #: the amount of the tier a percentage falls in.
    TIERED_BY_PERCENT = "tiered_by_percent"


class Period(enum.Enum):
    """What one assessment of an item covers."""

    PER_DAY = "per_day"
    PER_OCCURRENCE = "per_occurrence"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class ElementRule(enum.Enum):
    """How a percentage measured per data element is assessed (ruling L3)."""

    #: once for the period, at the tier of the worst element (the default).
    WORST_ELEMENT = "worst_element"
    #: once per failing element (the switchable alternative).
    PER_ELEMENT = "per_element"


@attrs.frozen
class Reduction:
    """An accepted corrective action plan lowers the damage to ``amount`` (never raises it; L5)."""

    amount: Decimal
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the reduction as JSON-ready data (in the profile's form; no text: no key)."""
        record: dict[str, Any] = {"amount": str(self.amount)}
        if self.text:
            record["text"] = self.text
        return record


@attrs.frozen
class Waiver:
    """A waiver the State may grant; ``flag`` is the keyword the caller sets when it was granted.

    ``only_when_unmet``: the waiver applies only when the unmet standards are among these (L6).
    ``only_for_amount``: the waiver applies only to a damage of this amount before any reduction
    (the $25,000 Provider Information Accuracy damage, ruling L5a); ``None``: to any amount.
    """

    flag: str
    text: str = ""
    only_when_unmet: tuple[str, ...] = ()
    only_for_amount: Decimal | None = None

    def blocked(self, base: Decimal) -> str | None:
        """Return why the waiver does not apply to a damage of ``base`` (ruling L5a), or None.

        >>> Waiver("waived", only_for_amount=Decimal(25000)).blocked(Decimal("5000.00"))
        'it applies only to the $25,000.00 damage, not to this $5,000.00 damage (ruling L5a)'
        >>> Waiver("waived", only_for_amount=Decimal(25000)).blocked(Decimal("25000.00")) is None
        True
        """
        if self.only_for_amount is None or base == self.only_for_amount:
            return None
        return (
            f"it applies only to the {format_money(self.only_for_amount)} damage, not to this "
            f"{format_money(base)} damage (ruling L5a)"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the waiver as JSON-ready data (in the profile's form; no text: no key)."""
        record: dict[str, Any] = {"flag": self.flag}
        if self.text:
            record["text"] = self.text
        if self.only_when_unmet:
            record["only_when_unmet"] = list(self.only_when_unmet)
        if self.only_for_amount is not None:
            record["only_for_amount"] = str(self.only_for_amount)
        return record


@attrs.frozen
class DamageItem:
    """One liquidated damage of the schedule: identity, citation, the contract's words, its rule."""

    id: str
    title: str
    section: str
    description: str
    damage_text: str
    rule: RuleKind
    period: Period
    unit: str
    amount: Decimal | None = None
    requirement: str | None = None
    plus_amount_paid: bool = False
    measure: str | None = None
    element_rule: ElementRule | None = None
    tiers: tuple[Tier, ...] = ()
    standards: tuple[str, ...] = ()
    reduction: Reduction | None = None
    waiver: Waiver | None = None
    note: str | None = None

    @property
    def citation(self) -> str:
        """Return the sections to cite: the damage's own and the requirement it enforces."""
        return self.section if not self.requirement else f"{self.section}; {self.requirement}"

    def describe(self) -> str:
        """Return the item in one line: id, section, title and amount."""
        if self.tiers:
            money = "; ".join(tier.describe() for tier in self.tiers)
        else:
            money = f"{format_money(self.amount or Decimal(0))} per {self.unit}"
        return f"{self.id} ({self.section}, {self.title}): {money}"

    def to_dict(self) -> dict[str, Any]:
        """Return the item as a JSON-ready record in the profile's form (read back by the loader).

        Decimals are strings and keys that do not apply are left out, so
        ``schedule_from_records([item.to_dict()])`` gives the item back.
        """
        record: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "requirement": self.requirement,
            "description": self.description,
            "damage_text": self.damage_text,
            "rule": self.rule.value,
            "period": self.period.value,
            "unit": self.unit,
            "amount": None if self.amount is None else str(self.amount),
            "plus_amount_paid": self.plus_amount_paid or None,
            "measure": self.measure,
            "element_rule": None if self.element_rule is None else self.element_rule.value,
            "tiers": [tier.to_record() for tier in self.tiers] or None,
            "standards": list(self.standards) or None,
            "reduction": None if self.reduction is None else self.reduction.to_dict(),
            "waiver": None if self.waiver is None else self.waiver.to_dict(),
            "note": self.note,
        }
        return {key: value for key, value in record.items() if value is not None}


@attrs.frozen
class DamageSchedule:
    """The items of the schedule in force, in the profile's order, looked up by id."""

    items: tuple[DamageItem, ...]

    def ids(self) -> tuple[str, ...]:
        """Return the item ids in order."""
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> DamageItem:
        """Return the item with id ``item_id``; an unknown id is an error listing the known ones."""
        for item in self.items:
            if isinstance(item_id, str) and item.id == item_id:
                return item
        raise InvalidInputError(
            f"no damage item {item_id!r} in the schedule{did_you_mean(str(item_id), self.ids())}; "
            f"items: {list(self.ids())}",
            field="item",
            value=item_id,
        )

    def describe(self) -> str:
        """Return the item ids, comma-separated (how the profile shows the value)."""
        return ", ".join(self.ids())

    def to_records(self) -> list[dict[str, Any]]:
        """Return the items as JSON-ready records in the profile's form (read back by the loader)."""
        return [item.to_dict() for item in self.items]


# --------------------------------------------------------------------------------------------------
# Reading records (the profile's TOML tables)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KEYS = {
    "id",
    "title",
    "section",
    "requirement",
    "description",
    "damage_text",
    "rule",
    "period",
    "unit",
    "amount",
    "plus_amount_paid",
    "measure",
    "element_rule",
    "tiers",
    "standards",
    "reduction",
    "waiver",
    "note",
}
_REQUIRED = {"id", "title", "section", "description", "damage_text", "rule", "period", "unit"}
_RESERVED_FLAGS = {"corrective_action_plan"}

E = TypeVar("E", bound=enum.Enum)


def _fail(where: str, message: str, value: object) -> InvalidInputError:
    return InvalidInputError(f"{where!r} {message} (got {value!r})", field=where, value=value)


def _text(record: Mapping[str, object], key: str, where: str, *, required: bool) -> str | None:
    raw = record.get(key)
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(f"{where}.{key}", "must be non-empty text", raw)
    return " ".join(raw.split())


def _enum(kind: type[E], raw: object, where: str) -> E:
    options = [member.value for member in kind]
    if raw not in options:
        raise _fail(where, f"must be one of {options}", raw)
    return kind(raw)


def _names(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise _fail(where, "must be a non-empty list of lower-case names", raw)
    names = tuple(raw)
    if not all(isinstance(name, str) and _ID.match(name) for name in names):
        raise _fail(where, "must be a non-empty list of lower-case names", raw)
    if len(set(names)) != len(names):
        raise _fail(where, "repeats a name", raw)
    return tuple(str(name) for name in names)


def _tiers(raw: object, where: str) -> tuple[Tier, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise _fail(where, "must be a non-empty list of tiers", raw)
    tiers = []
    for index, table in enumerate(raw):
        at = f"{where}[{index}]"
        if not isinstance(table, Mapping):
            raise _fail(at, "must be a table such as {more_than = 10, amount = 5000}", table)
        keys = set(table)
        comparisons = [c for c in Comparison if c.value in keys]
        if len(comparisons) != 1 or keys - {"amount"} != {comparisons[0].value}:
            raise _fail(
                at,
                f"must have 'amount' and exactly one of {[c.value for c in Comparison]}",
                dict(table),
            )
        comparison = comparisons[0]
        tiers.append(
            Tier(
                comparison,
                to_rate(table[comparison.value], field=f"{at}.{comparison.value}"),
                to_money(table.get("amount"), field=f"{at}.amount"),
            )
        )
    if len({tier.comparison.upward for tier in tiers}) != 1:
        raise _fail(where, "mixes upward (more than, at least) and downward tiers", raw)
    # A tier further along the scale must not cost less (the higher tier wins, ruling L3).
    ordered = sorted(tiers, key=lambda tier: tier.threshold, reverse=not tiers[0].comparison.upward)
    if any(later.amount < earlier.amount for earlier, later in itertools.pairwise(ordered)):
        raise _fail(where, "must not cost less further along the scale", raw)
    return tuple(tiers)


def _reduction(raw: object, where: str) -> Reduction:
    if not isinstance(raw, Mapping) or set(raw) - {"amount", "text"} or "amount" not in raw:
        raise _fail(where, "must be a table {amount = ..., text = '...'}", raw)
    return Reduction(
        to_money(raw["amount"], field=f"{where}.amount"),
        _text(raw, "text", where, required=False) or "",
    )


def _waiver(
    raw: object, where: str, standards: tuple[str, ...], amounts: tuple[Decimal, ...]
) -> Waiver:
    if not isinstance(raw, Mapping) or set(raw) - {
        "flag",
        "text",
        "only_when_unmet",
        "only_for_amount",
    }:
        raise _fail(
            where,
            "must be a table {flag = '...', text = '...', only_when_unmet = [...], "
            "only_for_amount = ...}",
            raw,
        )
    flag = raw.get("flag")
    if not isinstance(flag, str) or not _ID.match(flag) or flag in _RESERVED_FLAGS:
        raise _fail(
            f"{where}.flag", "must be a lower-case keyword name (not corrective_action_plan)", flag
        )
    only: tuple[str, ...] = ()
    if "only_when_unmet" in raw:
        only = _names(raw["only_when_unmet"], f"{where}.only_when_unmet")
        if unknown := [name for name in only if name not in standards]:
            raise _fail(
                f"{where}.only_when_unmet",
                f"names standards not in 'standards' {list(standards)}",
                unknown,
            )
    amount = None
    if "only_for_amount" in raw:
        amount = to_money(raw["only_for_amount"], field=f"{where}.only_for_amount")
        if amount not in amounts:
            raise _fail(
                f"{where}.only_for_amount",
                f"must be an amount the item assesses {[str(a) for a in amounts]}",
                raw["only_for_amount"],
            )
    return Waiver(flag, _text(raw, "text", where, required=False) or "", only, amount)


def _check_rule_keys(
    record: Mapping[str, object],
    rule: RuleKind,
    where: str,
    *,
    plus: bool,
    standards: tuple[str, ...],
) -> None:
    """Check that the record has exactly the keys its rule kind uses."""
    tiered = rule is RuleKind.TIERED_BY_PERCENT
    if tiered == ("amount" in record):
        raise _fail(
            where,
            "needs 'tiers' (tiered_by_percent) or 'amount' (every other rule), not both",
            dict(record),
        )
    if tiered != ("tiers" in record) or tiered != ("measure" in record):
        raise _fail(
            where,
            "has 'tiers' and 'measure' exactly when its rule is tiered_by_percent",
            dict(record),
        )
    if "element_rule" in record and not tiered:
        raise _fail(
            f"{where}.element_rule",
            "applies only to tiered_by_percent items",
            record["element_rule"],
        )
    if plus and rule is not RuleKind.PER_CALENDAR_DAY:
        raise _fail(f"{where}.plus_amount_paid", "applies only to per_calendar_day items", plus)
    if standards and rule is not RuleKind.PER_PERIOD_WHEN_BREACHED:
        raise _fail(
            f"{where}.standards", "applies only to per_period_when_breached items", list(standards)
        )


def _item(record: object, where: str) -> DamageItem:
    if not isinstance(record, Mapping):
        raise InvalidTypeError(f"{where!r} must be a table", field=where, value=record)
    if unknown := sorted(set(record) - _KEYS):
        raise _fail(where, f"has unknown keys {unknown}; allowed: {sorted(_KEYS)}", dict(record))
    if missing := sorted(_REQUIRED - set(record)):
        raise _fail(where, f"lacks required keys {missing}", dict(record))
    item_id = _text(record, "id", where, required=True)
    assert item_id is not None  # noqa: S101 - required text is never None
    if not _ID.match(item_id):
        raise _fail(f"{where}.id", "must be lower-case letters, digits and underscores", item_id)
    rule = _enum(RuleKind, record["rule"], f"{where}.rule")
    plus = record.get("plus_amount_paid", False)
    if not isinstance(plus, bool):
        raise _fail(f"{where}.plus_amount_paid", "must be true or false", plus)
    standards = _names(record["standards"], f"{where}.standards") if "standards" in record else ()
    _check_rule_keys(record, rule, where, plus=plus, standards=standards)
    tiered = rule is RuleKind.TIERED_BY_PERCENT
    tiers = _tiers(record["tiers"], f"{where}.tiers") if tiered else ()
    amount = None if tiered else to_money(record["amount"], field=f"{where}.amount")
    measure = _text(record, "measure", where, required=False)
    if measure is not None and not _ID.match(measure):
        raise _fail(
            f"{where}.measure", "must be a lower-case name such as 'confirmed_percent'", measure
        )
    return DamageItem(
        id=item_id,
        title=str(_text(record, "title", where, required=True)),
        section=str(_text(record, "section", where, required=True)),
        description=str(_text(record, "description", where, required=True)),
        damage_text=str(_text(record, "damage_text", where, required=True)),
        rule=rule,
        period=_enum(Period, record["period"], f"{where}.period"),
        unit=str(_text(record, "unit", where, required=True)),
        amount=amount,
        requirement=_text(record, "requirement", where, required=False),
        plus_amount_paid=plus,
        measure=measure,
        element_rule=(
            _enum(ElementRule, record["element_rule"], f"{where}.element_rule")
            if "element_rule" in record
            else None
        ),
        tiers=tiers,
        standards=standards,
        reduction=_reduction(record["reduction"], f"{where}.reduction")
        if "reduction" in record
        else None,
        waiver=_waiver(
            record["waiver"],
            f"{where}.waiver",
            standards,
            tuple(tier.amount for tier in tiers) or ((amount,) if amount is not None else ()),
        )
        if "waiver" in record
        else None,
        note=_text(record, "note", where, required=False),
    )


def schedule_from_records(records: object, *, field: str = "damages.schedule") -> DamageSchedule:
    """Return a validated schedule from plain records (the profile's ``damages.schedule`` value).

    Ids are unique; an item has an ``amount`` or (tiered by percent) ``tiers`` and a ``measure``;
    tiers all point one way and never cost less further along the scale.

    >>> schedule_from_records([{"id": "x", "title": "X", "section": "4.20.2.2.7 Z.1",
    ...     "description": "d", "damage_text": "$10 per widget", "rule": "per_count",
    ...     "period": "per_occurrence", "unit": "widget", "amount": 10}]).item("x").amount
    Decimal('10')
    """
    if not isinstance(records, Sequence) or isinstance(records, str | bytes):
        raise InvalidTypeError(
            f"{field!r} must be a list of damage items (got {type(records).__name__})",
            field=field,
            value=records,
        )
    items = tuple(_item(record, f"{field}[{index}]") for index, record in enumerate(records))
    ids = [item.id for item in items]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise InvalidInputError(
            f"{field!r} repeats item ids {duplicates}", field=field, value=duplicates
        )
    return DamageSchedule(items)
