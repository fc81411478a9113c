"""Attachment V from plain records: the profile's ``access.behavioral_health`` value, validated."""

from __future__ import annotations

__all__ = ["access_standards_from_records"]

import re
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from tenncare_calc.compliance.access.standards import (
    VARIANTS,
    AccessStandards,
    DistanceKind,
    DistanceStandard,
    ServiceStandard,
    TimeLimit,
    TimeStandard,
    TimeUnit,
    service_code_text,
)
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.values import to_decimal

_LIMIT = re.compile(r"^\s*(\d+)\s+(hours?|calendar\s+days?|business\s+days?)\s*$")


def _time_limit(raw: object, where: str) -> TimeLimit:
    match = _LIMIT.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise InvalidInputError(
            f"{where!r} must be text such as '4 hours', '14 calendar days' or '3 business days' "
            f"(got {raw!r})",
            field=where,
            value=raw,
        )
    amount = int(match.group(1))
    if amount < 1:
        raise InvalidInputError(
            f"{where!r} must be at least 1 (got {raw!r})", field=where, value=raw
        )
    word = " ".join(match.group(2).split())
    unit = next(u for u in TimeUnit if word.startswith(u.value.removesuffix("s")))
    return TimeLimit(amount, unit)


_KEYS = {
    "id",
    "service_type",
    "group",
    "adult_codes",
    "child_codes",
    "codes",
    "distance",
    "time",
    "note",
}
_DISTANCE_KEYS = {"kind", "text", "miles", "rural_exception", "reference"}
_TIME_KEYS = {"limits", "text", "measured_from"}


def _texts(raw: object, where: str) -> tuple[str, ...]:
    # bytes are a Sequence of numbers, not of codes: b"19" would be the codes 49 and 57
    if isinstance(raw, str | bytes | bytearray) or not isinstance(raw, Sequence):
        raise InvalidInputError(
            f"{where!r} must be a list of codes (got {raw!r})", field=where, value=raw
        )
    return tuple(service_code_text(item) for item in raw)


def _required_text(record: Mapping[str, object], key: str, where: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            f"'{where}.{key}' must be non-empty text (got {value!r})",
            field=f"{where}.{key}",
            value=value,
        )
    return value.strip()


def _optional_text(record: Mapping[str, object], key: str, where: str) -> str | None:
    return None if record.get(key) is None else _required_text(record, key, where)


def _keys(record: object, allowed: set[str], required: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(record, Mapping):
        raise InvalidTypeError(f"{where!r} must be a table", field=where, value=record)
    if unknown := set(record) - allowed:
        raise InvalidInputError(
            # sorted as text: Python records may mix keys of other types with text
            f"{where!r} has unknown keys {sorted(unknown, key=str)}; allowed: {sorted(allowed)}",
            field=where,
            value=record,
        )
    present = {key: value for key, value in record.items() if value is not None}
    if missing := required - set(present):
        raise InvalidInputError(
            f"{where!r} lacks required keys {sorted(missing)}", field=where, value=record
        )
    return present


def _distance(raw: object, where: str) -> DistanceStandard:
    record = _keys(raw, _DISTANCE_KEYS, {"kind", "text"}, where)
    options = [kind.value for kind in DistanceKind]
    if record["kind"] not in options:
        raise InvalidInputError(
            f"'{where}.kind' must be one of {options} (got {record['kind']!r})",
            field=f"{where}.kind",
            value=record["kind"],
        )
    kind = DistanceKind(record["kind"])
    miles = None
    if kind in (DistanceKind.MILES, DistanceKind.PRIOR_APPROVAL):
        if "miles" not in record:
            raise InvalidInputError(
                f"{where!r} of kind {kind.value!r} needs 'miles'", field=where, value=record
            )
        miles = to_decimal(record["miles"], field=f"{where}.miles")
        if miles <= 0:
            raise InvalidInputError(
                f"'{where}.miles' must be > 0 (got {miles})", field=f"{where}.miles", value=miles
            )
    elif "miles" in record:
        raise InvalidInputError(
            f"{where!r} of kind {kind.value!r} takes no 'miles'", field=where, value=record
        )
    rural = record.get("rural_exception", False)
    if not isinstance(rural, bool) or (rural and kind is not DistanceKind.MILES):
        raise InvalidInputError(
            f"'{where}.rural_exception' must be true or false, and true only for kind 'miles' "
            f"(got {rural!r})",
            field=f"{where}.rural_exception",
            value=rural,
        )
    reference = _optional_text(record, "reference", where)
    if (kind is DistanceKind.ATTACHMENT) != (reference is not None):
        raise InvalidInputError(
            f"{where!r} needs 'reference' exactly when its kind is 'attachment'",
            field=where,
            value=record,
        )
    return DistanceStandard(kind, _required_text(record, "text", where), miles, rural, reference)


def _time(raw: object, where: str) -> TimeStandard:
    record = _keys(raw, _TIME_KEYS, {"limits", "text"}, where)
    limits = record["limits"]
    if not isinstance(limits, Mapping) or not limits:
        raise InvalidInputError(
            f"'{where}.limits' must be a non-empty table of variant = limit",
            field=f"{where}.limits",
            value=limits,
        )
    parsed: list[tuple[str, TimeLimit]] = []
    for name, limit in limits.items():
        if name not in VARIANTS:
            raise InvalidInputError(
                f"'{where}.limits' names an unknown variant {name!r}; variants: {list(VARIANTS)}",
                field=f"{where}.limits",
                value=name,
            )
        parsed.append((str(name), _time_limit(limit, f"{where}.limits.{name}")))
    measured_from = record.get("measured_from", "request")
    if measured_from not in ("request", "referral"):
        raise InvalidInputError(
            f"'{where}.measured_from' must be 'request' or 'referral' (got {measured_from!r})",
            field=f"{where}.measured_from",
            value=measured_from,
        )
    order = {name: index for index, name in enumerate(VARIANTS)}
    return TimeStandard(
        tuple(sorted(parsed, key=lambda pair: order[pair[0]])),
        _required_text(record, "text", where),
        str(measured_from),
    )


def _service(raw: object, where: str) -> ServiceStandard:
    record = _keys(raw, _KEYS, {"id", "service_type", "distance", "time"}, where)
    service = ServiceStandard(
        id=_required_text(record, "id", where),
        service_type=_required_text(record, "service_type", where),
        group=_optional_text(record, "group", where),
        adult_codes=_texts(record.get("adult_codes", []), f"{where}.adult_codes"),
        child_codes=_texts(record.get("child_codes", []), f"{where}.child_codes"),
        codes=_texts(record.get("codes", []), f"{where}.codes"),
        distance=_distance(record["distance"], f"{where}.distance"),
        time=_time(record["time"], f"{where}.time"),
        note=_optional_text(record, "note", where),
    )
    if not service.all_codes():
        raise InvalidInputError(f"{where!r} lists no service codes", field=where, value=record)
    return service


def access_standards_from_records(raw: object, *, field: str) -> AccessStandards:
    """Return Attachment V from plain records (a profile's ``access.behavioral_health`` value).

    Each record has ``id``, ``service_type``, optional ``group``, ``adult_codes``, ``child_codes``
    and ``codes`` (unlabelled), a ``distance`` table (``kind`` = miles / attachment / not_subject
    / prior_approval, ``text``, ``miles``, ``rural_exception``, ``reference``) and a ``time``
    table (``limits`` by variant, ``text``, ``measured_from``). The record list may also be given
    as ``{services = [...], listed_without_standard = [...]}``. A code in two rows is an error. A
    list of codes must be a list (or tuple): text or bytes is refused, never read character by
    character or byte by byte. Each error names where in the records it is (``access[0].time``).

    >>> table = access_standards_from_records([{"id": "x", "service_type": "X",
    ...     "codes": ["1"], "distance": {"kind": "miles", "miles": 30, "text": "Within 30 miles"},
    ...     "time": {"limits": {"routine": "7 calendar days"}, "text": "Within 7 calendar days"}}],
    ...     field="access")
    >>> table.service(1).time.limit("routine").describe()
    '7 calendar days'
    """
    if isinstance(raw, str):
        try:
            raw = tomllib.loads(f"value = {raw}", parse_float=Decimal)["value"]
        except tomllib.TOMLDecodeError as error:
            raise InvalidInputError(
                f"{field!r} must be a TOML inline value ({error})", field=field, value=raw
            ) from None
    listed: tuple[str, ...] = ()
    if isinstance(raw, Mapping):
        record = _keys(raw, {"services", "listed_without_standard"}, {"services"}, field)
        listed = _texts(
            record.get("listed_without_standard", []), f"{field}.listed_without_standard"
        )
        raw = record["services"]
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence) or not raw:
        raise InvalidTypeError(
            f"{field!r} must be a non-empty list of service types (got {type(raw).__name__})",
            field=field,
            value=raw,
        )
    services = tuple(_service(record, f"{field}[{index}]") for index, record in enumerate(raw))
    seen: dict[str, str] = {}
    for service in services:
        for code in service.all_codes():
            if code in seen or code in listed:
                raise InvalidInputError(
                    f"{field!r}: service code {code!r} appears twice ({seen.get(code, 'listed')} "
                    f"and {service.id})",
                    field=field,
                    value=code,
                )
            seen[code] = service.id
    ids = [service.id for service in services]
    if len(set(ids)) != len(ids):
        raise InvalidInputError(f"{field!r} repeats a service id", field=field, value=ids)
    return AccessStandards(services, listed)
