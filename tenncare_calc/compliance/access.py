"""Behavioral-health access and availability (Attachment V): distance and time to appointment.

Attachment V sets, for each behavioral-health service type (identified by its adult and child
service codes), a **geographic access requirement** (within 30, 60 or 100 miles of the member's
residence, sometimes "except in rural areas where community standards and documentation will
apply"; in accordance with Attachment III or IV; or not subject to access standards) and a **maximum
time for admission or appointment** (in hours, calendar days or business days, with urgent,
emergency, involuntary and detoxification variants). The table is contract data
(``access.behavioral_health`` in the profile); the checks here are small functions over it.

>>> finding = access_timeliness("19", requested_at=dt.date(2008, 12, 23),
...     appointment_at=dt.date(2008, 12, 30), urgency="urgent")
>>> finding.outcome.value, finding.standard
('not_met', 'within 3 business days of the request (if urgent)')
>>> access_distance("20", "30.5").margin
Decimal('-0.5')

Time standards are measured from the request (or referral) to the appointment:

* **hours**: ``appointment_at - requested_at`` at most the hours given (both must carry a time of
  day); figures are shown in minutes, to 4 decimal places, while the outcome is decided on the
  exact times;
* **calendar days**: the appointment date at most N days after the request date (the request day
  is day 0);
* **business days**: the appointment date on or before the N-th business day after the request day
  (ruling D1: Mondays to Fridays less the holidays of a calendar, Tennessee state holidays by
  default); an appointment on a weekend or holiday counts as the next business day.
"""

from __future__ import annotations

__all__ = [
    "AccessStandards",
    "Admission",
    "DistanceKind",
    "DistanceStandard",
    "ServiceStandard",
    "TimeLimit",
    "TimeStandard",
    "TimeUnit",
    "Urgency",
    "access_distance",
    "access_distance_table",
    "access_standards_from_records",
    "access_timeliness",
    "access_timeliness_table",
]

import datetime as dt
import enum
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs

from tenncare_calc.compliance.findings import (
    Finding,
    FindingsTable,
    Outcome,
    findings_from_columns,
    minutes_from_micros,
    read_with_carried,
)
from tenncare_calc.contract.calendar import (
    HolidayCalendar,
    add_business_days,
    business_days_between,
    holiday_dates,
    roll_to_business_day,
)
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import format_decimal, to_decimal

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar import Categories, OnError, TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

#: How urgent a request is. A service without an urgent or emergency variant applies its one
#: standard to every request.
Urgency = Literal["routine", "urgent", "emergency"]
#: Admission type for psychiatric inpatient hospital services ("emergency involuntary",
#: "involuntary", "voluntary").
Admission = Literal["voluntary", "involuntary"]

URGENCIES: tuple[str, ...] = get_args(Urgency)
ADMISSIONS: tuple[str, ...] = get_args(Admission)

#: The names a time standard's limits are keyed by in the profile.
VARIANTS = (
    "routine",
    "urgent",
    "emergency",
    "emergency_involuntary",
    "involuntary",
    "voluntary",
    "detoxification_emergency",
    "detoxification",
)
_VARIANT_TEXT = {
    "routine": "",
    "urgent": "if urgent",
    "emergency": "emergency",
    "emergency_involuntary": "emergency involuntary admission",
    "involuntary": "involuntary admission",
    "voluntary": "voluntary admission",
    "detoxification_emergency": "detoxification, emergency",
    "detoxification": "detoxification",
}

_SECTION = "Attachment V"


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("pyarrow", extra="data", purpose="checking access standards over a table")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("numpy", extra="data", purpose="checking access standards over a table")


# --------------------------------------------------------------------------------------------------
# The table as data


class DistanceKind(enum.Enum):
    """What kind of geographic access requirement a service type has."""

    #: Within N miles of the member's residence (possibly with a rural exception).
    MILES = "miles"
    #: "In accordance with Attachment III/IV": a standard set elsewhere, not in the source.
    ATTACHMENT = "attachment"
    #: "Not subject to access standards".
    NOT_SUBJECT = "not_subject"
    #: "Not Applicable", but placement more than N miles away needs the member's prior approval.
    PRIOR_APPROVAL = "prior_approval"


class TimeUnit(enum.Enum):
    """The unit of a maximum time to admission or appointment."""

    HOURS = "hours"
    CALENDAR_DAYS = "calendar days"
    BUSINESS_DAYS = "business days"


@attrs.frozen
class DistanceStandard:
    """A service type's geographic access requirement, with the contract's words."""

    kind: DistanceKind
    text: str
    miles: Decimal | None = None
    #: "except in rural areas where community standards and documentation will apply".
    rural_exception: bool = False
    #: For ``attachment``: the standard referred to ("Attachment III for Hospitals").
    reference: str | None = None

    def describe(self) -> str:
        """Return the requirement in words."""
        if self.kind is DistanceKind.MILES and self.miles is not None:
            rural = " (rural areas: community standards and documentation)" * self.rural_exception
            return f"within {format_decimal(self.miles)} miles of the residence{rural}"
        if self.kind is DistanceKind.PRIOR_APPROVAL and self.miles is not None:
            return (
                f"placement more than {format_decimal(self.miles)} miles from the residence "
                "prior approved by the member or legal representative"
            )
        if self.kind is DistanceKind.ATTACHMENT:
            return f"in accordance with {self.reference}"
        return "not subject to access standards"

    def to_dict(self) -> dict[str, Any]:
        """Return the requirement as JSON-ready data."""
        return {
            "kind": self.kind.value,
            "text": self.text,
            "miles": None if self.miles is None else str(self.miles),
            "rural_exception": self.rural_exception,
            "reference": self.reference,
        }


@attrs.frozen
class TimeLimit:
    """A maximum time: an amount of hours, calendar days or business days."""

    amount: int
    unit: TimeUnit

    def describe(self) -> str:
        """Return the limit in words (``3 business days``, ``1 hour``)."""
        unit = self.unit.value
        if self.amount == 1:
            unit = unit.removesuffix("s")
        return f"{self.amount} {unit}"

    @property
    def minutes(self) -> int:
        """Return an hours limit in minutes."""
        return self.amount * 60


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
        raise InvalidInputError(f"{where!r} must be at least 1 (got {raw!r})", field=where)
    word = " ".join(match.group(2).split())
    unit = next(u for u in TimeUnit if word.startswith(u.value.removesuffix("s")))
    return TimeLimit(amount, unit)


@attrs.frozen
class TimeStandard:
    """A service type's maximum time to admission or appointment, by variant, with the words."""

    limits: tuple[tuple[str, TimeLimit], ...]
    text: str
    #: What the time is measured from: "request" or "referral".
    measured_from: str = "request"

    def limit(self, variant: str) -> TimeLimit | None:
        """Return the limit for a variant name, or None when the service has none."""
        return dict(self.limits).get(variant)

    def variants(self) -> tuple[str, ...]:
        """Return the variant names the service has."""
        return tuple(name for name, _ in self.limits)

    def to_dict(self) -> dict[str, Any]:
        """Return the standard as JSON-ready data."""
        return {
            "limits": {name: limit.describe() for name, limit in self.limits},
            "text": self.text,
            "measured_from": self.measured_from,
        }


@attrs.frozen
class ServiceStandard:
    """One row of Attachment V: a service type, its codes, and its two standards."""

    id: str
    service_type: str
    group: str | None
    adult_codes: tuple[str, ...]
    child_codes: tuple[str, ...]
    #: Codes listed without an adult or child label.
    codes: tuple[str, ...]
    distance: DistanceStandard
    time: TimeStandard
    note: str | None = None

    def all_codes(self) -> tuple[str, ...]:
        """Return every service code of the row."""
        return (*self.adult_codes, *self.child_codes, *self.codes)

    def age_group(self, code: str) -> str:
        """Return ``adult``, ``child`` or ``any`` for one of the row's codes."""
        if code in self.adult_codes:
            return "adult"
        if code in self.child_codes:
            return "child"
        return "any"

    def label(self) -> str:
        """Return the service type, under its group when it has one."""
        return f"{self.group}: {self.service_type}" if self.group else self.service_type

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON-ready data."""
        return {
            "id": self.id,
            "service_type": self.service_type,
            "group": self.group,
            "adult_codes": list(self.adult_codes),
            "child_codes": list(self.child_codes),
            "codes": list(self.codes),
            "distance": self.distance.to_dict(),
            "time": self.time.to_dict(),
            "note": self.note,
        }


@attrs.frozen
class AccessStandards:
    """Attachment V as data: the service rows, and the codes listed without a standard."""

    services: tuple[ServiceStandard, ...]
    #: Codes Attachment V lists only for the Provider Enrollment File, with no access standard.
    listed_without_standard: tuple[str, ...] = ()
    _by_code: Mapping[str, ServiceStandard] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        """Index the rows by code (a code in two rows is rejected by the record converter)."""
        index = {code: service for service in self.services for code in service.all_codes()}
        object.__setattr__(self, "_by_code", index)

    def codes(self) -> tuple[str, ...]:
        """Return every service code that has a standard, in table order."""
        return tuple(code for service in self.services for code in service.all_codes())

    def service(self, code: object) -> ServiceStandard:
        """Return the row of a service code; an unknown code is an error, never a silent pass."""
        text = _code(code)
        found = self._by_code.get(text)
        if found is not None:
            return found
        raise InvalidInputError(_unknown_code(text, self), field="service_code", value=code)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the rows as JSON-ready data."""
        return [service.to_dict() for service in self.services]

    def to_dict(self) -> dict[str, Any]:
        """Return the rows and the codes listed without a standard as JSON-ready data."""
        return {
            "services": self.to_records(),
            "listed_without_standard": list(self.listed_without_standard),
        }

    def describe(self) -> str:
        """Return a one-line summary."""
        return f"{len(self.services)} service types, {len(self.codes())} service codes"


def _code(code: object) -> str:
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise InvalidTypeError(
            f"'service_code' must be a code as text or a whole number, such as '19' or 'B5' "
            f"(got {code!r})",
            field="service_code",
            value=code,
        )
    text = str(code).strip().upper()
    if not text:
        raise InvalidValueError("'service_code' is empty", field="service_code", value=code)
    return text


def _unknown_code(text: str, standards: AccessStandards) -> str:
    if text in standards.listed_without_standard:
        return (
            f"service code {text!r} is listed in Attachment V for the Provider Enrollment File "
            "only; the access table sets no distance or time standard for it"
        )
    return (
        f"service code {text!r} is not in Attachment V; known codes: {', '.join(standards.codes())}"
    )


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
    if isinstance(raw, str) or not isinstance(raw, Sequence):
        raise InvalidInputError(
            f"{where!r} must be a list of codes (got {raw!r})", field=where, value=raw
        )
    return tuple(_code(item) for item in raw)


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
            f"{where!r} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}",
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
            f"'{where}.limits' must be a non-empty table of variant = limit", field=where
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
    as ``{services = [...], listed_without_standard = [...]}``. A code in two rows is an error.

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


# --------------------------------------------------------------------------------------------------
# Choosing the limit for a request


def _variant_chain(urgency: str, *, detoxification: bool, admission: str | None) -> tuple[str, ...]:
    """Return the variant names to try, most specific first."""
    if admission is not None:
        chain = (f"emergency_{admission}",) if urgency == "emergency" else ()
        return (*chain, admission)
    if detoxification:
        chain = ("detoxification_emergency",) if urgency == "emergency" else ()
        return (*chain, "detoxification")
    if urgency == "emergency":
        return ("emergency", "urgent", "routine")
    if urgency == "urgent":
        return ("urgent", "routine")
    return ("routine",)


def _choose(
    service: ServiceStandard,
    code: str,
    urgency: str,
    *,
    detoxification: bool,
    admission: str | None,
) -> tuple[str, TimeLimit] | str:
    """Return the variant and limit that apply to a request, or the reason none does."""
    variants = service.time.variants()
    admissions = [v for v in variants if v in ADMISSIONS or v.startswith("emergency_")]
    if admission is None and admissions:
        return (
            f"service code {code} ({service.service_type}) sets its time by admission type; "
            f"give admission 'voluntary' or 'involuntary'"
        )
    if admission is not None and not admissions:
        return (
            f"service code {code} ({service.service_type}) has no admission-type standard; "
            "leave admission empty"
        )
    if detoxification and admission is not None:
        return "give either detoxification or an admission type, not both"
    if detoxification and not any(v.startswith("detoxification") for v in variants):
        return (
            f"service code {code} ({service.service_type}) has no detoxification standard in "
            "Attachment V"
        )
    for name in _variant_chain(urgency, detoxification=detoxification, admission=admission):
        found = service.time.limit(name)
        if found is not None:
            return name, found
    return (
        f"service code {code} ({service.service_type}) has no standard for a {urgency} request; "
        f"its standard is {service.time.text!r}"
    )


def _standard_text(variant: str, limit: TimeLimit, measured_from: str) -> str:
    qualifier = _VARIANT_TEXT[variant]
    suffix = f" ({qualifier})" if qualifier else ""
    return f"within {limit.describe()} of the {measured_from}{suffix}"


# --------------------------------------------------------------------------------------------------
# Scalar checks


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import default_profile  # noqa: PLC0415 - avoids an import cycle

    return default_profile() if profile is None else profile


def _standards(
    profile: ContractProfile | None, on: dt.date | None
) -> tuple[AccessStandards, ParameterValue]:
    parameter = _profile(profile).get("access.behavioral_health", on=on)
    standards: AccessStandards = parameter.value
    return standards, parameter


def _moment(value: object, field: str) -> dt.datetime | dt.date:
    if not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{field!r} must be a datetime.datetime or datetime.date (got {value!r})",
            field=field,
            value=value,
        )
    return value


def _day_of(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _choice(value: object, options: tuple[str, ...], field: str) -> str:
    if value not in options:
        raise InvalidValueError(
            f"{field!r} must be one of {list(options)} (got {value!r})", field=field, value=value
        )
    return str(value)


def _minutes(micros: int) -> Decimal:
    return minutes_from_micros(micros)


def _calendar_title(holidays: HolidayCalendar | Iterable[dt.date] | None) -> str:
    if holidays is None:
        return "Tennessee state holidays"
    if isinstance(holidays, HolidayCalendar):
        return holidays.title
    return "the caller's holidays"


def _micros(moment: dt.datetime) -> int:
    naive = moment.replace(tzinfo=None)
    delta = naive - dt.datetime(1970, 1, 1)  # noqa: DTZ001 - wall-clock arithmetic on naive times
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def access_timeliness(
    service_code: str | int,
    *,
    requested_at: dt.datetime | dt.date,
    appointment_at: dt.datetime | dt.date,
    urgency: Urgency = "routine",
    detoxification: bool = False,
    admission: Admission | None = None,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether an appointment met Attachment V's maximum time for its service code.

    Parameters
    ----------
    service_code
        An Attachment V service code (``"19"``, ``"B5"``; an int such as ``19`` is accepted).
        An unknown code raises :class:`~tenncare_calc.core.errors.InvalidInputError`.
    requested_at, appointment_at
        When the appointment was requested (or, for code 41, the referral) and when it took place.
        Dates are enough for day standards; hour standards need datetimes (both naive or both
        time-zone aware).
    urgency
        ``"routine"``, ``"urgent"`` or ``"emergency"``. An emergency falls back to the urgent
        standard and an urgent request to the routine one when the service has no separate
        standard; crisis services (codes 37-39, D8, D9, E1) have no routine standard.
    detoxification
        The request is for detoxification (codes 15, 17, A3, A5, 27, 28, D3, D4).
    admission
        ``"voluntary"`` or ``"involuntary"``: required for psychiatric inpatient hospital services
        (codes 11, 79, 85, A1, H9), whose standard depends on it.
    holidays
        The holiday calendar for business days (ruling D1; Tennessee state holidays by default).
    profile
        The contract profile; the version in force on the request date applies.

    Examples
    --------
    An urgent outpatient appointment requested on Tuesday, December 23, 2008: business day 1 is
    Wednesday 24, Christmas is skipped, day 2 is Friday 26, day 3 is Monday 29.

    >>> finding = access_timeliness("B5", requested_at=dt.date(2008, 12, 23),
    ...     appointment_at=dt.date(2008, 12, 29), urgency="urgent")
    >>> finding.met, finding.margin, finding.unit
    (True, Decimal('0'), 'business days')
    >>> access_timeliness("99", requested_at=dt.date(2008, 1, 2), appointment_at=dt.date(2008, 1, 3))
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: service code '99' is not in Attachment V; known codes: 11, 79, 85, A1, H9, 13, 81, 82, A9, H1, H2, 19, B5, 20, B6, 23, 62, B7, C3, 15, 17, A3, A5, 56, F6, 27, 28, D3, D4, 31, 66, 83, C7, D7, G2, G6, K1, 42, 44, 32, 33, 37, 38, 39, D8, D9, E1, 41

    """
    requested = _moment(requested_at, "requested_at")
    appointment = _moment(appointment_at, "appointment_at")
    urgency_text = _choice(urgency, URGENCIES, "urgency")
    admission_text = None if admission is None else _choice(admission, ADMISSIONS, "admission")
    if not isinstance(detoxification, bool):
        raise InvalidTypeError(
            f"'detoxification' must be True or False (got {detoxification!r})",
            field="detoxification",
            value=detoxification,
        )
    standards, parameter = _standards(profile, _day_of(requested))
    code = _code(service_code)
    service = standards.service(code)
    chosen = _choose(
        service, code, urgency_text, detoxification=detoxification, admission=admission_text
    )
    if isinstance(chosen, str):
        raise InvalidInputError(chosen, field="urgency", value=urgency)
    variant, limit = chosen
    subject = [
        ("service_code", code),
        ("service_type", service.label()),
        ("age_group", service.age_group(code)),
        ("urgency", urgency_text),
    ]
    if detoxification:
        subject.append(("detoxification", "yes"))
    if admission_text is not None:
        subject.append(("admission", admission_text))
    if _day_of(appointment) < _day_of(requested) or (
        isinstance(appointment, dt.datetime)
        and isinstance(requested, dt.datetime)
        and _comparable(requested, appointment)
        and appointment < requested
    ):
        raise InvalidValueError(
            f"'appointment_at' ({appointment.isoformat()}) is before 'requested_at' "
            f"({requested.isoformat()})",
            field="appointment_at",
            value=appointment,
        )
    standard = _standard_text(variant, limit, service.time.measured_from)
    common = {
        "check": "access.timeliness",
        "standard": standard,
        "sections": (_SECTION,),
        "subject": tuple(subject),
        "parameters": (parameter,),
    }
    if limit.unit is TimeUnit.HOURS:
        return _hours_finding(requested, appointment, limit, common)
    request_day, appointment_day = _day_of(requested), _day_of(appointment)
    if limit.unit is TimeUnit.CALENDAR_DAYS:
        deadline = request_day + dt.timedelta(days=limit.amount)
        measured = (appointment_day - request_day).days
        steps = (
            (
                f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
                f"({limit.amount} calendar days after the request day)"
            ),
            f"appointment {appointment.isoformat()}",
        )
    else:
        deadline = add_business_days(request_day, limit.amount, holidays=holidays)
        counted = roll_to_business_day(appointment_day, holidays=holidays)
        measured = business_days_between(request_day, counted, holidays=holidays)
        rolled = (
            f" (not a business day: counted as {counted.isoformat()})"
            if counted != appointment_day
            else ""
        )
        steps = (
            (
                f"requested {requested.isoformat()}; deadline {deadline:%A} {deadline.isoformat()} "
                f"(business day {limit.amount} after the request day; holidays: "
                f"{_calendar_title(holidays)})"
            ),
            f"appointment {appointment.isoformat()}{rolled}: business day {measured}",
        )
    margin = limit.amount - measured
    return Finding(
        outcome=Outcome.MET if margin >= 0 else Outcome.NOT_MET,
        measured=Decimal(measured),
        limit=Decimal(limit.amount),
        margin=Decimal(margin),
        unit=limit.unit.value,
        steps=steps,
        **common,  # type: ignore[arg-type]
    )


def _comparable(first: dt.datetime, second: dt.datetime) -> bool:
    if (first.tzinfo is None) != (second.tzinfo is None):
        raise InvalidTypeError(
            "'requested_at' and 'appointment_at' must both be naive (local time) or both be "
            f"time-zone aware (got {first.isoformat()} and {second.isoformat()})",
            field="appointment_at",
            value=second,
        )
    return True


def _hours_finding(
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
    limit: TimeLimit,
    common: Mapping[str, Any],
) -> Finding:
    for value, field in ((requested, "requested_at"), (appointment, "appointment_at")):
        if not isinstance(value, dt.datetime):
            raise InvalidTypeError(
                f"{field!r} must be a datetime with a time of day: the standard is "
                f"{limit.describe()} (got the date {value.isoformat()})",
                field=field,
                value=value,
            )
    assert isinstance(requested, dt.datetime)  # noqa: S101 - checked just above
    assert isinstance(appointment, dt.datetime)  # noqa: S101 - checked just above
    _comparable(requested, appointment)
    elapsed = appointment - requested
    micros = (elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds
    limit_micros = limit.minutes * 60_000_000
    deadline = requested + dt.timedelta(hours=limit.amount)
    return Finding(
        outcome=Outcome.MET if micros <= limit_micros else Outcome.NOT_MET,
        measured=_minutes(micros),
        limit=Decimal(limit.minutes),
        margin=_minutes(limit_micros - micros),
        unit="minutes",
        steps=(
            (
                f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
                f"({limit.describe()} later)"
            ),
            f"appointment {appointment.isoformat()}: {_duration(elapsed)} after the request",
        ),
        **common,
    )


def _duration(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours} h {minutes:02d} min"
    return f"{sign}{text} {seconds:02d} s" if seconds else f"{sign}{text}"


def access_distance(
    service_code: str | int,
    distance_miles: object,
    *,
    rural: bool = False,
    placement_approved: bool = False,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Finding:
    """Return whether a provider's distance from the member's residence met Attachment V.

    Parameters
    ----------
    service_code
        An Attachment V service code; an unknown code raises
        :class:`~tenncare_calc.core.errors.InvalidInputError`.
    distance_miles
        Miles from the member's residence to the provider (>= 0; exact decimal, ruling M1).
    rural
        The member lives in a rural area. Where Attachment V says "except in rural areas where
        community standards and documentation will apply", the mileage standard then does not
        apply (outcome ``not_applicable``): community standards are not in the source.
    placement_approved
        For codes 32 and 33 ("Not Applicable****"): the member or legal representative prior
        approved a placement more than 60 miles away.
    profile, on
        The contract profile and the date whose table applies (the latest when ``None``).

    Examples
    --------
    >>> access_distance("23", 60).outcome.value, access_distance("23", "60.01").outcome.value
    ('met', 'not_met')
    >>> access_distance("23", 75, rural=True).outcome.value
    'not_applicable'
    >>> access_distance("11", 10).outcome.value  # Attachment III is not in the source
    'not_assessed'

    """
    miles = to_decimal(distance_miles, field="distance_miles")
    if miles < 0:
        raise InvalidValueError(
            f"'distance_miles' must be >= 0 (got {miles!r})", field="distance_miles", value=miles
        )
    for flag, field in ((rural, "rural"), (placement_approved, "placement_approved")):
        if not isinstance(flag, bool):
            raise InvalidTypeError(
                f"{field!r} must be True or False (got {flag!r})", field=field, value=flag
            )
    standards, parameter = _standards(profile, on)
    code = _code(service_code)
    service = standards.service(code)
    subject = (
        ("service_code", code),
        ("service_type", service.label()),
        ("age_group", service.age_group(code)),
        ("rural", "yes" if rural else "no"),
    )
    outcome, note, limit = _distance_outcome(
        service.distance, miles, rural=rural, approved=placement_approved
    )
    return Finding(
        check="access.distance",
        outcome=outcome,
        standard=service.distance.describe(),
        sections=(_SECTION,),
        measured=miles if limit is not None else None,
        limit=limit,
        margin=None if limit is None else limit - miles,
        unit="miles" if limit is not None else "",
        subject=subject,
        steps=(f"distance {format_decimal(miles, grouping=False)} miles",),
        note=note,
        parameters=(parameter,),
    )


def _distance_outcome(  # noqa: PLR0911 - one return per kind of standard and case
    distance: DistanceStandard, miles: Decimal, *, rural: bool, approved: bool
) -> tuple[Outcome, str | None, Decimal | None]:
    if distance.kind is DistanceKind.NOT_SUBJECT:
        return Outcome.NOT_APPLICABLE, "not subject to access standards", None
    if distance.kind is DistanceKind.ATTACHMENT:
        return (
            Outcome.NOT_ASSESSED,
            f"the standard is {distance.reference}, which is not part of the source text",
            None,
        )
    assert distance.miles is not None  # noqa: S101 - the record converter requires miles
    if distance.kind is DistanceKind.PRIOR_APPROVAL:
        if miles <= distance.miles:
            return Outcome.MET, "no prior approval is needed within the distance", distance.miles
        if approved:
            return Outcome.MET, "placement prior approved by the member or representative", None
        return (
            Outcome.NOT_MET,
            "placement beyond the distance was not prior approved by the member or representative",
            distance.miles,
        )
    if rural and distance.rural_exception:
        return (
            Outcome.NOT_APPLICABLE,
            "rural area: community standards and documentation apply instead of the mileage",
            None,
        )
    note = "the text gives no rural exception for this service" if rural else None
    return (Outcome.MET if miles <= distance.miles else Outcome.NOT_MET), note, distance.miles


# --------------------------------------------------------------------------------------------------
# Over a table


def access_timeliness_table(
    appointments: object,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`access_timeliness` over appointment rows (Attachment V).

    ``appointments`` is a pyarrow Table, a pandas or polars DataFrame, or a mapping of columns
    (see :mod:`tenncare_calc.columnar.tables`) with the columns ``service_code``, ``requested_at`` and
    ``appointment_at`` (timestamps, dates, or ``YYYY-MM-DD[ HH:MM[:SS]]`` text), and optionally
    ``urgency`` (routine / urgent / emergency), ``detoxification`` (yes/no) and ``admission``
    (voluntary / involuntary; may be empty). A row that cannot be checked (unknown code, a date
    without a time for an hours standard, an appointment before its request, a missing admission
    type) raises :class:`~tenncare_calc.core.errors.RejectedRowsError`, or with
    ``on_error="collect"`` is listed in ``.rejected`` with its reason.

    Each row's figures equal :func:`access_timeliness`'s for the same inputs. The work is
    columnar: numpy business-day arithmetic with the holiday dates of the span.

    Examples
    --------
    >>> findings = access_timeliness_table({"service_code": ["19", "19", "99"],
    ...     "requested_at": ["2008-12-23", "2008-12-23", "2008-12-23"],
    ...     "appointment_at": ["2008-12-29", "2008-12-30", "2008-12-24"],
    ...     "urgency": ["urgent", "urgent", "routine"]}, on_error="collect")
    >>> [(r["row"], r["outcome"], r["margin"]) for r in findings.rows()]
    [(0, 'met', '0'), (1, 'not_met', '-1')]
    >>> findings.rejected.to_pylist()
    [{'row': 2, 'reason': "service code '99' is not in Attachment V"}]
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
    )

    np = _np()
    mode = check_on_error(on_error)
    inputs = [
        Column("service_code", ColumnKind.LABEL),
        Column("requested_at", ColumnKind.LABEL),
        Column("appointment_at", ColumnKind.LABEL),
        Column("urgency", ColumnKind.LABEL, required=False),
        Column("detoxification", ColumnKind.LABEL, required=False),
        Column("admission", ColumnKind.LABEL, required=False, nullable=True),
    ]
    table = read_with_carried(appointments, inputs, name="appointments", carry=carry)
    table, codes = cols.code_categories(table, "service_code")
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, appointment, appointment_timed = cols.moments(table, "appointment_at")
    table, urgency = cols.choice_categories(table, "urgency", URGENCIES, default="routine")
    table, detox = cols.flags(table, "detoxification")
    table, admission = cols.choice_categories(table, "admission", ADMISSIONS, nullable=True)
    request_day = np.floor_divide(requested, cols.MICROS_PER_DAY)
    appointment_day = np.floor_divide(appointment, cols.MICROS_PER_DAY)
    table = table.reject(
        (appointment_day < request_day)
        | (requested_timed & appointment_timed & (appointment < requested)),
        "appointment_at {appointment_at!s} is before requested_at {requested_at!s}",
    )
    resolved = _profile(profile)
    table, version, parameters = cols.parameter_versions(
        table, resolved, "access.behavioral_health", days=request_day, column="requested_at"
    )
    plan = _plan_rows(
        table,
        codes=codes,
        urgency=urgency,
        detox=detox,
        admission=admission,
        version=version,
        parameters=parameters,
    )
    table = plan.table
    unit = plan.unit[plan.group]
    table = table.reject(
        (unit == 0) & ~(requested_timed & appointment_timed),
        "the standard is in hours but requested_at {requested_at!s} or appointment_at "
        "{appointment_at!s} has no time of day",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    group = plan.group[keep]
    measured, limit, margin, met = _timeliness_figures(
        unit[keep],
        plan.amount[group],
        elapsed=appointment[keep] - requested[keep],
        request_day=request_day[keep],
        appointment_day=appointment_day[keep],
        holidays=holidays,
    )
    pa = _pa()
    columns = {
        "service_code": codes.take(keep),
        "service_type": cols.text_column(group, plan.service_type),
        "urgency": urgency.take(keep),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": pa.array(met, pa.bool_()),
        "standard": cols.text_column(group, plan.standard),
        "measured": measured,
        "limit": limit,
        "margin": margin,
        "unit": cols.text_column(unit[keep], ("minutes", "calendar days", "business days")),
        "section": cols.repeated_text(_SECTION, checked.rows_used),
    }
    used = np.flatnonzero(np.bincount(version[keep], minlength=len(parameters)))
    return findings_from_columns(
        "access.timeliness", checked, columns, (parameters[i] for i in used), carry=carry
    )


@attrs.frozen
class _Plan:
    """The limit of each distinct (version, code, urgency, detoxification, admission) of the rows.

    ``group`` gives each input row's combination; the other arrays and texts are per combination.
    """

    table: TableInput
    group: IntArray
    #: 0 hours, 1 calendar days, 2 business days (-1 rejected).
    unit: IntArray
    amount: IntArray
    standard: tuple[str, ...]
    service_type: tuple[str, ...]


_UNIT_INDEX = {TimeUnit.HOURS: 0, TimeUnit.CALENDAR_DAYS: 1, TimeUnit.BUSINESS_DAYS: 2}


def _plan_rows(
    table: TableInput,
    *,
    codes: Categories,
    urgency: Categories,
    detox: BoolArray,
    admission: Categories,
    version: IntArray,
    parameters: list[ParameterValue],
) -> _Plan:
    """Choose the limit once per distinct (version, code, urgency, detox, admission)."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    code_names, urgency_names = codes.values(), urgency.values()
    admission_names = admission.values()
    group, first = cols.groups(
        (version, len(parameters)),
        (codes.index, len(code_names)),
        (urgency.index, len(urgency_names)),
        (detox.astype(np.int64), 2),
        (admission.index, len(admission_names)),
    )
    unit = np.full(len(first), -1, dtype=np.int64)
    amount = np.zeros(len(first), dtype=np.int64)
    standard = [""] * len(first)
    service_type = [""] * len(first)
    reasons: dict[str, list[int]] = {}
    for index, row in enumerate(first.tolist()):
        code = code_names[codes.index[row]]
        urgency_text = urgency_names[urgency.index[row]]
        if code is None or urgency_text is None:
            continue  # already rejected (null code or urgency)
        standards: AccessStandards = parameters[int(version[row])].value
        try:
            service = standards.service(code)
        except InvalidInputError as error:
            reasons.setdefault(str(error).split(";")[0], []).append(index)
            continue
        chosen = _choose(
            service,
            code,
            urgency_text,
            detoxification=bool(detox[row]),
            admission=admission_names[admission.index[row]],
        )
        if isinstance(chosen, str):
            reasons.setdefault(chosen, []).append(index)
            continue
        variant, limit = chosen
        unit[index] = _UNIT_INDEX[limit.unit]
        amount[index] = limit.amount
        standard[index] = _standard_text(variant, limit, service.time.measured_from)
        service_type[index] = service.label()
    for reason, indices in reasons.items():
        table = table.reject(np.isin(group, indices), reason.replace("{", "{{").replace("}", "}}"))
    return _Plan(table, group, unit, amount, tuple(standard), tuple(service_type))


def _timeliness_figures(
    unit: IntArray,
    amount: IntArray,
    *,
    elapsed: IntArray,
    request_day: IntArray,
    appointment_day: IntArray,
    holidays: HolidayCalendar | Iterable[dt.date] | None,
) -> tuple[Any, Any, Any, BoolArray]:
    """Return measured, limit, margin (exact decimal arrays) and met for the kept rows."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import date_from_days  # noqa: PLC0415 - needs the data extra

    np = _np()
    # hours: exact microseconds (shown in minutes); calendar days: days after the request day
    hours = unit == 0
    measured = np.where(hours, elapsed, appointment_day - request_day)
    limit = np.where(hours, amount * (60 * 60_000_000), amount)
    # business days
    business = unit == 2  # noqa: PLR2004 - the business-days unit index
    if business.any():
        start = request_day[business]
        end = appointment_day[business]
        holiday_list = holiday_dates(
            date_from_days(int(start.min()) - 7),
            date_from_days(int(end.max()) + 400),
            holidays=holidays,
        )
        marks = np.array([d.isoformat() for d in holiday_list], dtype="datetime64[D]")
        # numpy's business-day functions run once per day of the span, the rows look them up:
        # an appointment counts on its day rolled forward to a business day, and the measure is
        # the business days after the request day up to that day
        first = int(start.min())
        rolled = np.busday_offset(
            np.arange(first, int(end.max()) + 1).astype("datetime64[D]"),
            0,
            roll="forward",
            holidays=marks,
        ).astype(np.int64)
        counted = rolled[end - first]
        # business days from the day after the first request day up to (not including) each day
        running = np.busday_count(
            np.datetime64(first + 1, "D"),
            np.arange(first + 1, int(counted.max()) + 2).astype("datetime64[D]"),
            holidays=marks,
        )
        measured[business] = running[counted - first] - running[start - first]
    margin = limit - measured

    # figures in 1/10,000 of the unit: minutes (half-up from microseconds, as the scalar check
    # shows them) or whole days, converted a block of rows at a time
    def shown(figure: IntArray, rows: slice) -> IntArray:
        minutes = cols.ten_thousandths_of_minutes(figure[rows])
        result: IntArray = np.where(hours[rows], minutes, figure[rows] * 10_000)
        return result

    count = len(unit)
    return (
        cols.decimals_by_block(count, lambda rows: shown(measured, rows)),
        cols.decimals_by_block(
            count, lambda rows: amount[rows] * np.where(hours[rows], 600_000, 10_000)
        ),
        cols.decimals_by_block(count, lambda rows: shown(margin, rows)),
        margin >= 0,
    )


def access_distance_table(
    distances: object,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`access_distance` over rows of distances (Attachment V).

    ``distances`` has the columns ``service_code`` and ``distance_miles`` (numbers >= 0), and
    optionally ``rural`` and ``placement_approved`` (yes/no; absent means no). Rows with an
    unknown code, a missing or negative distance are rejected (raised, or listed in ``.rejected``
    with ``on_error="collect"``). Comparisons are exact decimals, done column-wise.

    Examples
    --------
    >>> findings = access_distance_table({"service_code": ["20", "20", "23"],
    ...     "distance_miles": [30, 30.25, 75], "rural": [False, False, True]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-0.25'), ('not_applicable', None)]
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
    )

    np, pa = _np(), _pa()
    import pyarrow.compute as pc  # noqa: PLC0415 - the data extra is loaded by now

    mode = check_on_error(on_error)
    inputs = [
        Column("service_code", ColumnKind.LABEL),
        Column("distance_miles", ColumnKind.LABEL),
        Column("rural", ColumnKind.LABEL, required=False),
        Column("placement_approved", ColumnKind.LABEL, required=False),
    ]
    table = read_with_carried(distances, inputs, name="distances", carry=carry)
    table, codes = cols.code_categories(table, "service_code")
    table, miles = cols.decimal_categories(table, "distance_miles")
    table, rural = cols.flags(table, "rural")
    table, approved = cols.flags(table, "placement_approved")
    standards, parameter = _standards(profile, on)
    table, plan = _plan_distances(table, codes, standards)
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    code, mile = codes.index[keep], miles.index[keep]
    # compare and subtract once per distinct (code, distance), not once per row
    pair, first = cols.groups((code, len(plan.standard)), (mile, len(miles.dictionary)))
    pair_limit = plan.limits.take(pa.array(code[first]))
    pair_miles = miles.dictionary.take(pa.array(mile[first]))
    within = np.asarray(
        pc.fill_null(pc.less_equal(pair_miles, pair_limit), fill_value=False).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )[pair]
    pair_margin = pc.subtract(pair_limit, pair_miles).cast(miles.dictionary.type)
    kinds = plan.kind[code]
    rural_kept, approved_kept = rural[keep], approved[keep]
    not_applicable = (kinds == _KIND_INDEX[DistanceKind.NOT_SUBJECT]) | (
        (kinds == _KIND_INDEX[DistanceKind.MILES]) & rural_kept & plan.rural_exception[code]
    )
    not_assessed = kinds == _KIND_INDEX[DistanceKind.ATTACHMENT]
    approval = kinds == _KIND_INDEX[DistanceKind.PRIOR_APPROVAL]
    met = within | (approval & approved_kept)
    judged = ~not_applicable & ~not_assessed
    # met 0, not met 1, not applicable 2, not assessed 3 (the two kinds of unjudged are apart)
    outcome = np.where(judged, ~met, 2 + not_assessed)
    shown = judged & ~(approval & approved_kept & ~within)
    # a null position takes a null: the figures of rows that show none
    columns = {
        "service_code": codes.take(keep),
        "service_type": cols.text_column(code, plan.service_type),
        "rural": pa.array(rural_kept, pa.bool_()),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_applicable", "not_assessed")),
        "met": pa.array(met & judged, pa.bool_(), mask=~judged),
        "standard": cols.text_column(code, plan.standard),
        "measured": miles.dictionary.take(pa.array(mile, mask=~shown)),
        "limit": plan.limits.take(pa.array(code, mask=~shown)),
        "margin": pair_margin.take(pa.array(pair, mask=~shown)),
        "unit": cols.text_column(shown, ("", "miles")),
        "section": cols.repeated_text(_SECTION, checked.rows_used),
    }
    return findings_from_columns("access.distance", checked, columns, (parameter,), carry=carry)


_KIND_INDEX = {kind: index for index, kind in enumerate(DistanceKind)}


@attrs.frozen
class _DistancePlan:
    """The distance standard of each distinct service code of the rows (by its category)."""

    #: The kind's position in ``DistanceKind`` (-1: an unknown code, rejected).
    kind: IntArray
    standard: tuple[str, ...]
    service_type: tuple[str, ...]
    rural_exception: BoolArray
    #: The miles (null where the kind has none), as a pyarrow decimal array.
    limits: Any


def _plan_distances(
    table: TableInput, codes: Categories, standards: AccessStandards
) -> tuple[TableInput, _DistancePlan]:
    """Look up each distinct code once; reject unknown codes."""
    from tenncare_calc.columnar import decimal_type  # noqa: PLC0415 - needs the data extra

    np, pa = _np(), _pa()
    names = codes.values()
    kind = np.full(len(names), -1, dtype=np.int64)
    standard = [""] * len(names)
    service_type = [""] * len(names)
    rural_exception = np.zeros(len(names), dtype=bool)
    limits: list[Decimal | None] = [None] * len(names)
    for index, code in enumerate(names):
        if code is None:
            continue  # already rejected
        try:
            service = standards.service(code)
        except InvalidInputError as error:
            reason = str(error).split(";")[0]
            table = table.reject(codes.index == index, reason.replace("{", "{{").replace("}", "}}"))
            continue
        distance = service.distance
        kind[index] = _KIND_INDEX[distance.kind]
        standard[index] = distance.describe()
        service_type[index] = service.label()
        rural_exception[index] = distance.rural_exception
        limits[index] = distance.miles
    plan = _DistancePlan(
        kind,
        tuple(standard),
        tuple(service_type),
        rural_exception,
        pa.array(limits, decimal_type()),
    )
    return table, plan
