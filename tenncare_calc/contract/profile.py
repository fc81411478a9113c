"""The contract profile: every amount, threshold, list and date the rules read, as cited data.

A profile is a TOML file. Each parameter carries a description, a unit, the contract section it comes
from, and one or more dated versions (``effective_from``, optionally ``effective_through``), so an
amendment is a data change: a new version of the parameter, not new code. The loader rejects unknown
keys, missing parameters and invalid tables, and asking for a parameter on a date outside its term
raises :class:`~tenncare_calc.core.errors.OutsideTermError` instead of silently returning nothing.

The shipped profile is Amendment 3 of the TennCare CRA with Amerigroup Tennessee
(``tenncare_calc/contract/data/amendment_3.toml``). A user can load their own file (which may ``extends`` the
shipped one and replace only some parameters) and can override single values for a what-if run::

    >>> profile = default_profile()
    >>> profile.get("p4p.pmpm_amount").value
    Decimal('0.03')
    >>> what_if = profile.with_overrides({"p4p.pmpm_amount": "0.04"})
    >>> print(what_if.get("p4p.pmpm_amount").provenance())
    p4p.pmpm_amount = 0.04 USD per member month (what-if override; profile value 0.03), §3.10.2.1; §3.10.3; §3.10.4, in force from 2007-04-01

"""

from __future__ import annotations

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

import datetime as dt
import functools
import itertools
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs

from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    OutsideTermError,
    ProfileError,
    TennCareError,
    did_you_mean,
)
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import (
    format_decimal,
    to_count,
    to_decimal,
    to_money,
    to_percent,
    to_rate,
)

T = TypeVar("T")

#: Profiles shipped inside the package, by id.
BUILTIN_PROFILES: Mapping[str, str] = {"amendment-3": "amendment_3.toml"}
DEFAULT_PROFILE_ID = "amendment-3"


# --------------------------------------------------------------------------------------------------
# Kinds: how a parameter's raw TOML value becomes a typed, validated value.


@attrs.frozen
class Kind:
    """How one kind of parameter value is converted from TOML and shown as text."""

    name: str
    convert: Callable[[object, str], object]
    show: Callable[[object], str]


def _show_decimal(value: object) -> str:
    assert isinstance(value, Decimal)  # noqa: S101 - guaranteed by the kind's converter
    return format_decimal(value, grouping=False)


def _to_date(raw: object, field: str) -> dt.date:
    if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date | str):
        raise InvalidTypeError(
            f"{field!r} must be a date such as 2007-04-01 (got {raw!r})", field=field, value=raw
        )
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise InvalidInputError(
                f"{field!r} must be a date such as 2007-04-01 (got {raw!r})", field=field, value=raw
            ) from None
    return raw


def _to_month_day(raw: object, field: str) -> tuple[int, int]:
    text = raw if isinstance(raw, str) else ""
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)  # a leap year, so 02-29 is accepted as a month-day
    except ValueError:
        raise InvalidInputError(
            f"{field!r} must be a month and day written MM-DD, such as '07-01' (got {raw!r})",
            field=field,
            value=raw,
        ) from None
    return (month, day)


def _show_date(value: object) -> str:
    assert isinstance(value, dt.date)  # noqa: S101 - guaranteed by the kind's converter
    return value.isoformat()


def _show_month_day(value: object) -> str:
    assert isinstance(value, tuple)  # noqa: S101 - guaranteed by the kind's converter
    month, day = value
    return f"{month:02d}-{day:02d}"


def _to_time_of_day(raw: object, field: str) -> dt.time:
    text = raw if isinstance(raw, str) else ""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise InvalidInputError(
            f"{field!r} must be a time of day written HH:MM on a 24-hour clock, such as '12:00' "
            f"(got {raw!r})",
            field=field,
            value=raw,
        ) from None


def _show_time_of_day(value: object) -> str:
    assert isinstance(value, dt.time)  # noqa: S101 - guaranteed by the kind's converter
    return value.strftime("%H:%M")


def _to_positive_count(raw: object, field: str) -> int:
    count = to_count(raw, field=field)
    if count < 1:
        raise InvalidInputError(f"{field!r} must be >= 1 (got {count})", field=field, value=count)
    return count


def _to_optional_count(raw: object, field: str) -> int | None:
    if raw == "none":
        return None
    return to_count(raw, field=field)


def _choice(*options: str) -> Kind:
    def convert(raw: object, field: str) -> str:
        if raw not in options:
            raise InvalidInputError(
                f"{field!r} must be one of {list(options)} (got {raw!r})", field=field, value=raw
            )
        return str(raw)

    return Kind(f"one of {list(options)}", convert, str)


def _to_text(raw: object, field: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidTypeError(
            f"{field!r} must be non-empty text (got {raw!r})", field=field, value=raw
        )
    return raw.strip()


def _effect_size_bands(raw: object, field: str) -> object:
    from tenncare_calc.p4p.effect_size import EffectSizeTable  # noqa: PLC0415 - avoids an import cycle

    return EffectSizeTable.from_records(raw, field=field)


def _show_effect_size_bands(value: object) -> str:
    describe: Callable[[], str] = value.describe  # type: ignore[attr-defined]
    return describe()


def _measures(raw: object, field: str) -> object:
    from tenncare_calc.p4p.measures import measures_from_records  # noqa: PLC0415 - avoids a cycle

    return measures_from_records(raw, field=field)


def _damage_schedule(raw: object, field: str) -> object:
    from tenncare_calc.damages.schedule import schedule_from_records  # noqa: PLC0415 - avoids a cycle

    return schedule_from_records(raw, field=field)


def _show_damage_schedule(value: object) -> str:
    describe: Callable[[], str] = value.describe  # type: ignore[attr-defined]
    return describe()


def _show_measures(value: object) -> str:
    assert isinstance(value, tuple)  # noqa: S101 - guaranteed by the kind's converter
    return ", ".join(measure.id for measure in value)


MONEY = Kind("money", lambda raw, field: to_money(raw, field=field), _show_decimal)
PERCENT = Kind("percent", lambda raw, field: to_percent(raw, field=field), _show_decimal)
RATE = Kind("rate", lambda raw, field: to_rate(raw, field=field), _show_decimal)
POSITIVE_COUNT = Kind("positive whole number", _to_positive_count, str)
OPTIONAL_COUNT = Kind(
    "whole number or 'none'", _to_optional_count, lambda v: "none" if v is None else str(v)
)
DATE = Kind("date", _to_date, _show_date)
MONTH_DAY = Kind("month-day", _to_month_day, _show_month_day)
TEXT = Kind("text", _to_text, str)
EFFECT_SIZE_BANDS = Kind("effect size bands", _effect_size_bands, _show_effect_size_bands)
MEASURES = Kind("measures", _measures, _show_measures)
DAMAGE_SCHEDULE = Kind("damage schedule", _damage_schedule, _show_damage_schedule)


def _access_standards(raw: object, field: str) -> object:
    from tenncare_calc.compliance.access import access_standards_from_records  # noqa: PLC0415 - avoids a cycle

    return access_standards_from_records(raw, field=field)


def _finding_amounts(raw: object, field: str) -> object:
    from tenncare_calc.compliance.findings import finding_amounts_from_records  # noqa: PLC0415 - avoids a cycle

    return finding_amounts_from_records(raw, field=field)


def _show_described(value: object) -> str:
    describe: Callable[[], str] = value.describe  # type: ignore[attr-defined]
    return describe()


def _to_positive_number(raw: object, field: str) -> Decimal:
    number = to_decimal(raw, field=field)
    if number <= 0:
        raise InvalidInputError(f"{field!r} must be > 0 (got {number})", field=field, value=number)
    return number


ACCESS_STANDARDS = Kind("access standards table", _access_standards, _show_described)
FINDING_AMOUNTS = Kind("amounts per not-met finding", _finding_amounts, _show_described)
POSITIVE_NUMBER = Kind("positive number", _to_positive_number, _show_decimal)
COUNT = Kind("whole number", lambda raw, field: to_count(raw, field=field), str)
TIME_OF_DAY = Kind("time of day", _to_time_of_day, _show_time_of_day)
WEEKDAY = _choice("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Every parameter a profile may and must define, with its kind. A profile key not named here is an
#: error; a name here missing from a profile (and from the profile it extends) is an error too.
SCHEMA: Mapping[str, Kind] = {
    "contract.operations_began": DATE,
    "contract.maximum_liability": MONEY,
    "p4p.pmpm_amount": MONEY,
    "p4p.cap_percent": PERCENT,
    "p4p.payment_date": MONTH_DAY,
    "p4p.effect_size_bands": EFFECT_SIZE_BANDS,
    "p4p.reported_rate_decimals": OPTIONAL_COUNT,
    "p4p.measures": MEASURES,
    "p4p.behavioral_rates_rule": _choice("all", "any"),
    "p4p.community_tenure_window_days": POSITIVE_COUNT,
    "damages.schedule": DAMAGE_SCHEDULE,
    "reports.weekly_due_weekday": WEEKDAY,
    "reports.weekly_due_time": TIME_OF_DAY,
    "reports.quarterly_due_days_after_quarter_end": OPTIONAL_COUNT,
    "reports.annual_due_date": MONTH_DAY,
    "reports.annual_first_due": DATE,
    "access.behavioral_health": ACCESS_STANDARDS,
    "compliance.finding_amounts": FINDING_AMOUNTS,
    "nemt.request_lead_time_hours": POSITIVE_COUNT,
    "nemt.short_notice_hours_urban": POSITIVE_COUNT,
    "nemt.short_notice_hours_non_urban": POSITIVE_COUNT,
    "nemt.decision_hours": POSITIVE_COUNT,
    "nemt.fixed_route_walk_miles": POSITIVE_NUMBER,
    "nemt.fixed_route_transfers_per_leg": COUNT,
    "nemt.fixed_route_added_minutes": POSITIVE_COUNT,
    "nemt.fixed_route_early_arrival_minutes": POSITIVE_COUNT,
    "nemt.fixed_route_return_wait_minutes": POSITIVE_COUNT,
    "nemt.multi_passenger_added_minutes": POSITIVE_COUNT,
    "nemt.manifest_days_before": POSITIVE_COUNT,
    "nemt.escorts_per_member": POSITIVE_COUNT,
    "nemt.accompanying_adult_under_age": POSITIVE_COUNT,
    "nemt.child_under_age": POSITIVE_COUNT,
    "utilization.monthly_sample_minimum": POSITIVE_COUNT,
    "utilization.level_iii_5_first_review_day": POSITIVE_COUNT,
    "utilization.level_iii_5_consecutive_days": POSITIVE_COUNT,
    "utilization.no_utilization_months": POSITIVE_COUNT,
    "utilization.outlier_method": _choice("percentile", "standard_score"),
    "utilization.outlier_lower_percentile": RATE,
    "utilization.outlier_upper_percentile": RATE,
    "utilization.outlier_standard_score": POSITIVE_NUMBER,
    "utilization.outlier_minimum_peers": POSITIVE_COUNT,
}


# --------------------------------------------------------------------------------------------------
# Values


@attrs.frozen
class ParameterVersion:
    """One dated value of a parameter: in force from ``effective_from`` until the next version."""

    effective_from: dt.date
    value: object
    section: str | None = None
    note: str | None = None


@attrs.frozen
class ParameterValue:
    """A parameter's value as used on a date, with everything needed to cite it."""

    name: str
    value: Any
    unit: str
    description: str
    section: str
    effective_from: dt.date
    effective_through: dt.date | None
    library_default: bool
    note: str | None
    override: bool
    profile_value: str | None
    shown: str

    def provenance(self) -> str:
        """Return one line naming the parameter, its value, citation and term.

        >>> print(default_profile().get("p4p.cap_percent").provenance())
        p4p.cap_percent = 105 percent of capitation payments, §3.10.1.2; 42 CFR 438.6, in force from 2007-04-01
        """
        flags = []
        if self.override:
            flags.append(f"what-if override; profile value {self.profile_value}")
        if self.library_default:
            flags.append("library default, not contract text")
        flag = f" ({'; '.join(flags)})" if flags else ""
        term = f"in force from {self.effective_from.isoformat()}"
        if self.effective_through is not None:
            term += f" through {self.effective_through.isoformat()}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.name} = {self.shown}{unit}{flag}, {cite_all([self.section])}, {term}"

    def to_dict(self) -> dict[str, Any]:
        """Return the citation data (not the value itself) as JSON-ready data."""
        return {
            "name": self.name,
            "value": self.shown,
            "unit": self.unit,
            "section": self.section,
            "effective_from": self.effective_from.isoformat(),
            "effective_through": (
                None if self.effective_through is None else self.effective_through.isoformat()
            ),
            "library_default": self.library_default,
            "override": self.override,
        }


@attrs.frozen
class Parameter:
    """A named contract parameter with its citation and dated versions."""

    name: str
    kind: Kind
    description: str
    unit: str
    section: str
    versions: tuple[ParameterVersion, ...]
    effective_through: dt.date | None = None
    library_default: bool = False
    note: str | None = None
    #: When a what-if override replaced the values: the profile's values, shown as text.
    profile_values: tuple[str, ...] | None = None

    def at(self, on: dt.date | None) -> ParameterValue:
        """Return the version in force ``on`` a date (the latest version when ``on`` is None)."""
        if on is None:
            index = len(self.versions) - 1
        else:
            if on < self.versions[0].effective_from or (
                self.effective_through is not None and on > self.effective_through
            ):
                through = (
                    "" if self.effective_through is None else f" through {self.effective_through}"
                )
                raise OutsideTermError(
                    f"{self.name!r} is not in force on {on.isoformat()}: its term is from "
                    f"{self.versions[0].effective_from.isoformat()}{through}; use a profile that "
                    "covers that date",
                    field=self.name,
                    value=on,
                )
            index = max(i for i, v in enumerate(self.versions) if v.effective_from <= on)
        version = self.versions[index]
        following = (
            self.versions[index + 1].effective_from if index + 1 < len(self.versions) else None
        )
        through_date = (
            following - dt.timedelta(days=1) if following is not None else self.effective_through
        )
        return ParameterValue(
            name=self.name,
            value=version.value,
            unit=self.unit,
            description=self.description,
            section=version.section or self.section,
            effective_from=version.effective_from,
            effective_through=through_date,
            library_default=self.library_default,
            note=version.note or self.note,
            override=self.profile_values is not None,
            profile_value=None if self.profile_values is None else self.profile_values[index],
            shown=self.kind.show(version.value),
        )


PARAMETER_COLUMNS = (
    Column("name", ColumnType.TEXT),
    Column("value", ColumnType.TEXT),
    Column("unit", ColumnType.TEXT),
    Column("section", ColumnType.TEXT),
    Column("effective_from", ColumnType.DATE, title="effective from"),
    Column("effective_through", ColumnType.DATE, title="effective through"),
    Column("library_default", ColumnType.BOOL, title="library default"),
    Column("override", ColumnType.BOOL, title="what-if"),
    Column("description", ColumnType.TEXT, brief=False),
)


def parameter_values_table(values: Sequence[ParameterValue]) -> Table:
    """Return parameter values as the ``parameters`` part of a result, one row per value.

    Examples
    --------
    >>> table = parameter_values_table([default_profile().get("p4p.cap_percent")])
    >>> table.records()[0]["value"], table.records()[0]["section"]
    ('105', '3.10.1.2; 42 CFR 438.6')
    """
    rows = tuple(
        (
            value.name,
            value.shown,
            value.unit,
            value.section,
            value.effective_from,
            value.effective_through,
            value.library_default,
            value.override,
            value.description,
        )
        for value in values
    )
    return Table("parameters", "Contract parameters, cited", PARAMETER_COLUMNS, rows)


PROFILE_COLUMNS = (
    Column("id", ColumnType.TEXT),
    Column("title", ColumnType.TEXT),
    Column("version", ColumnType.TEXT),
    Column("contract_number", ColumnType.TEXT, title="contract number"),
    Column("source", ColumnType.TEXT),
    Column("verified_against_source_on", ColumnType.DATE, title="verified against the source on"),
    Column("origin", ColumnType.TEXT),
    Column("what_if", ColumnType.TEXT, title="what-if overrides"),
)


@attrs.frozen
class ContractProfile(Presentable):
    """A loaded, validated contract profile: metadata plus every parameter the rules read.

    As tables (``tables()``, HTML in a notebook, ``to_frame()``): a ``profile`` record and a
    ``parameters`` part with one row per dated version of each parameter.
    """

    id: str
    title: str
    source: str
    version: str
    verified_against_source_on: dt.date
    parameters: Mapping[str, Parameter] = attrs.field(repr=False)
    contract_number: str | None = None
    note: str | None = None
    origin: str = "builtin"
    overrides: tuple[tuple[str, str], ...] = ()

    def names(self) -> tuple[str, ...]:
        """Return the names of all parameters, sorted."""
        return tuple(sorted(self.parameters))

    def _parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ProfileError(
                f"profile {self.id!r} has no parameter {name!r}{did_you_mean(name, self.parameters)}",
                field=name,
                value=name,
            ) from None

    def get(self, name: str, *, on: dt.date | None = None) -> ParameterValue:
        """Return parameter ``name`` as in force ``on`` a date, with its citation.

        ``on=None`` gives the latest version. A date outside the parameter's term raises
        :class:`~tenncare_calc.core.errors.OutsideTermError`.

        >>> default_profile().get("p4p.pmpm_amount", on=dt.date(2005, 1, 1))
        Traceback (most recent call last):
        ...
        tenncare_calc.core.errors.OutsideTermError: 'p4p.pmpm_amount' is not in force on 2005-01-01: its term is from 2007-04-01; use a profile that covers that date

        """
        return self._parameter(name).at(on)

    def value(self, name: str, expected: type[T], *, on: dt.date | None = None) -> T:
        """Return the bare value of parameter ``name``, checked to be an instance of ``expected``.

        >>> default_profile().value("p4p.community_tenure_window_days", int)
        30
        """
        found = self.get(name, on=on).value
        if not isinstance(found, expected):
            raise InvalidTypeError(
                f"{name!r} holds a {type(found).__name__}, not the "
                f"{expected.__name__} the caller expected",
                field=name,
                value=found,
            )
        return found

    def optional_value(
        self, name: str, expected: type[T], *, on: dt.date | None = None
    ) -> T | None:
        """Return the value of a parameter that may be ``'none'`` (``None``), else as :meth:`value`.

        >>> default_profile().optional_value("p4p.reported_rate_decimals", int) is None
        True
        """
        if self.get(name, on=on).value is None:
            return None
        return self.value(name, expected, on=on)

    def with_overrides(self, overrides: Mapping[str, object]) -> ContractProfile:
        """Return a copy of this profile with single values replaced, for a what-if run.

        ``overrides`` maps dotted parameter names to values (a string is parsed as the parameter's
        kind; a table-valued parameter accepts a TOML inline value such as ``[{...}, {...}]``). The
        new value replaces every dated version of the parameter, is validated exactly like a
        value in a file, and is marked as an override wherever a result cites it.

        >>> profile = default_profile().with_overrides({"p4p.cap_percent": "110"})
        >>> profile.get("p4p.cap_percent").value, profile.overrides
        (Decimal('110'), (('p4p.cap_percent', '110'),))
        >>> default_profile().with_overrides({"p4p.pmpm": "0.04"})
        Traceback (most recent call last):
        ...
        tenncare_calc.core.errors.ProfileError: profile 'amendment-3' has no parameter 'p4p.pmpm' (did you mean 'p4p.pmpm_amount'?)

        """
        parameters = dict(self.parameters)
        applied = list(self.overrides)
        for name, raw in overrides.items():
            parameter = self._parameter(name)
            value = _convert(
                parameter.kind, _parse_override(raw, parameter.kind, name), name, "override"
            )
            parameters[name] = attrs.evolve(
                parameter,
                versions=tuple(attrs.evolve(v, value=value) for v in parameter.versions),
                profile_values=parameter.profile_values
                or tuple(parameter.kind.show(v.value) for v in parameter.versions),
            )
            applied.append((name, parameter.kind.show(value)))
        return attrs.evolve(self, parameters=parameters, overrides=tuple(applied))

    def to_dict(self) -> dict[str, Any]:
        """Return the profile's metadata and every parameter version as JSON-ready data."""
        parameters: dict[str, Any] = {}
        for name in self.names():
            parameter = self.parameters[name]
            parameters[name] = {
                "description": parameter.description,
                "unit": parameter.unit,
                "section": parameter.section,
                "library_default": parameter.library_default,
                "override": parameter.profile_values is not None,
                "effective_through": (
                    None
                    if parameter.effective_through is None
                    else parameter.effective_through.isoformat()
                ),
                "versions": [
                    {
                        "effective_from": version.effective_from.isoformat(),
                        "value": _jsonable(version.value),
                        "section": version.section or parameter.section,
                    }
                    for version in parameter.versions
                ],
            }
        return {
            "id": self.id,
            "title": self.title,
            "contract_number": self.contract_number,
            "source": self.source,
            "version": self.version,
            "verified_against_source_on": self.verified_against_source_on.isoformat(),
            "origin": self.origin,
            "overrides": [list(pair) for pair in self.overrides],
            "parameters": parameters,
        }

    def tables(self) -> tuple[Table, ...]:
        """Return the profile as a ``profile`` record and its ``parameters``, one row per version.

        Examples
        --------
        >>> "p4p.pmpm_amount" in {row["name"] for row in default_profile().rows()}
        True
        """
        record = (
            self.id,
            self.title,
            self.version,
            self.contract_number,
            self.source,
            self.verified_against_source_on,
            self.origin,
            "; ".join(f"{name} = {shown}" for name, shown in self.overrides) or None,
        )
        values = [
            parameter.at(version.effective_from)
            for name in self.names()
            for parameter in (self.parameters[name],)
            for version in parameter.versions
        ]
        return (
            Table(
                "profile", f"Contract profile {self.id}", PROFILE_COLUMNS, (record,), record=True
            ),
            parameter_values_table(values),
        )

    def explain(self) -> str:
        """Return every parameter with its value, citation and term, as text.

        >>> print(default_profile().explain().splitlines()[0])
        Contract profile amendment-3 (version 3.0.0): TennCare Contractor Risk Agreement, Amendment 3 (Amerigroup Tennessee)
        """
        text = Explanation(f"Contract profile {self.id} (version {self.version}): {self.title}")
        text.add(f"source: {self.source}")
        text.add(f"verified against the source on {self.verified_against_source_on.isoformat()}")
        for name, shown in self.overrides:
            text.add(f"what-if override: {name} = {shown}")
        for name in self.names():
            parameter = self.parameters[name]
            text.add(f"{name}: {parameter.description}")
            for version in parameter.versions:
                value = parameter.at(version.effective_from)
                text.add(value.provenance(), indent=2)
        return text.render()


def _jsonable(value: object) -> object:
    """Return a parameter value as JSON-ready data (via the value's own ``to_dict``/``to_records``)."""
    if isinstance(value, tuple):
        if all(isinstance(item, int) for item in value):
            return _show_month_day(value)
        return [_jsonable(item) for item in value]
    for method in ("to_dict", "to_records"):
        convert = getattr(value, method, None)
        if callable(convert):
            return convert()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


# --------------------------------------------------------------------------------------------------
# Loading


def _convert(kind: Kind, raw: object, name: str, where: str) -> object:
    try:
        return kind.convert(raw, name)
    except TennCareError as error:
        raise ProfileError(
            f"{where}: parameter {name!r}: {error}", field=name, value=raw
        ) from error


def _parse_override(raw: object, kind: Kind, name: str) -> object:
    """Parse a string override of a table-valued parameter as a TOML inline value."""
    if isinstance(raw, str) and kind in (EFFECT_SIZE_BANDS, MEASURES, DAMAGE_SCHEDULE):
        try:
            return tomllib.loads(f"value = {raw}", parse_float=Decimal)["value"]
        except tomllib.TOMLDecodeError as error:
            raise ProfileError(
                f"override of {name!r} must be a TOML inline value such as "
                f"[{{baseline_from = 0, ...}}] ({error})",
                field=name,
                value=raw,
            ) from None
    return raw


_PROFILE_KEYS = {
    "id",
    "title",
    "source",
    "version",
    "verified_against_source_on",
    "contract_number",
    "note",
    "extends",
}
_PARAMETER_KEYS = {
    "description",
    "unit",
    "section",
    "note",
    "library_default",
    "value",
    "effective_from",
    "effective_through",
    "versions",
}
_VERSION_KEYS = {"effective_from", "value", "section", "note"}


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    if unknown := sorted(keys - allowed):
        hint = did_you_mean(unknown[0], sorted(allowed))
        raise ProfileError(
            f"{where}: unknown key(s) {unknown}{hint}; allowed keys are {sorted(allowed)}",
            field=where,
            value=unknown,
        )


def _text(
    table: Mapping[str, object], key: str, where: str, *, required: bool = True
) -> str | None:
    raw = table.get(key)
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ProfileError(
            f"{where}: {key!r} must be non-empty text (got {raw!r})", field=key, value=raw
        )
    return raw.strip()


def _raw_versions(name: str, table: Mapping[str, object], where: str) -> list[object]:
    """Return the raw versions of a parameter table, in either of its two written forms."""
    if "versions" not in table:
        if "value" not in table or "effective_from" not in table:
            raise ProfileError(
                f"{where}: parameter {name!r} needs 'value' and 'effective_from' (or 'versions')",
                field=name,
            )
        return [{"effective_from": table["effective_from"], "value": table["value"]}]
    if "value" in table or "effective_from" in table:
        raise ProfileError(
            f"{where}: parameter {name!r} gives both 'versions' and a single "
            "'value'/'effective_from'; use one form",
            field=name,
        )
    raw_versions = table["versions"]
    if not isinstance(raw_versions, list) or not raw_versions:
        raise ProfileError(f"{where}: {name!r}.versions must be a non-empty list", field=name)
    return raw_versions


def _version(name: str, raw: object, at: str) -> ParameterVersion:
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{at} must be a table", field=name, value=raw)
    _unknown(set(raw), _VERSION_KEYS, at)
    if "value" not in raw or "effective_from" not in raw:
        raise ProfileError(f"{at} needs 'value' and 'effective_from'", field=name, value=raw)
    return ParameterVersion(
        effective_from=_date_of(raw["effective_from"], f"{name}.effective_from", at),
        value=_convert(SCHEMA[name], raw["value"], name, at),
        section=_text(raw, "section", at, required=False),
        note=_text(raw, "note", at, required=False),
    )


def _date_of(raw: object, name: str, where: str) -> dt.date:
    converted = _convert(DATE, raw, name, where)
    assert isinstance(converted, dt.date)  # noqa: S101 - DATE converts to a date
    return converted


def _versions(name: str, table: Mapping[str, object], where: str) -> tuple[ParameterVersion, ...]:
    versions = tuple(
        _version(name, raw, f"{where}: parameter {name!r} version {index + 1}")
        for index, raw in enumerate(_raw_versions(name, table, where))
    )
    for earlier, later in itertools.pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ProfileError(
                f"{where}: parameter {name!r} versions must be in order of strictly increasing "
                f"effective_from ({earlier.effective_from} then {later.effective_from})",
                field=name,
            )
    return versions


def _required_text(table: Mapping[str, object], key: str, where: str) -> str:
    found = _text(table, key, where)
    assert found is not None  # noqa: S101 - _text raises when a required key is missing
    return found


def _parameter(name: str, table: object, where: str) -> Parameter:
    if not isinstance(table, Mapping):
        raise ProfileError(f"{where}: {name!r} must be a table", field=name, value=table)
    at = f"{where}: parameter {name!r}"
    _unknown(set(table), _PARAMETER_KEYS, at)
    unit = table.get("unit", "")
    if not isinstance(unit, str):
        raise ProfileError(f"{at}: 'unit' must be text", field=name, value=unit)
    library_default = table.get("library_default", False)
    if not isinstance(library_default, bool):
        raise ProfileError(f"{at}: 'library_default' must be true or false", field=name)
    versions = _versions(name, table, where)
    through = None
    if "effective_through" in table:
        through = _date_of(table["effective_through"], f"{name}.effective_through", where)
        if through < versions[-1].effective_from:
            raise ProfileError(
                f"{at} ends ({through}) before its last version begins "
                f"({versions[-1].effective_from})",
                field=name,
            )
    return Parameter(
        name=name,
        kind=SCHEMA[name],
        description=_required_text(table, "description", at),
        unit=unit,
        section=_required_text(table, "section", at),
        versions=versions,
        effective_through=through,
        library_default=library_default,
        note=_text(table, "note", at, required=False),
    )


def _collect(
    table: Mapping[str, object], prefix: str, where: str, found: dict[str, Parameter]
) -> None:
    for key, child in table.items():
        name = f"{prefix}{key}"
        if name in SCHEMA:
            found[name] = _parameter(name, child, where)
        elif any(known.startswith(f"{name}.") for known in SCHEMA):
            if not isinstance(child, Mapping):
                raise ProfileError(f"{where}: {name!r} must be a table of parameters", field=name)
            _collect(child, f"{name}.", where, found)
        else:
            raise ProfileError(
                f"{where}: unknown parameter {name!r}{did_you_mean(name, SCHEMA)}",
                field=name,
                value=child,
            )


def _from_toml(data: Mapping[str, Any], origin: str, *, today: dt.date) -> ContractProfile:
    meta = data.get("profile")
    if not isinstance(meta, Mapping):
        raise ProfileError(f"{origin}: the file has no [profile] table", field="profile")
    _unknown(set(meta), _PROFILE_KEYS, f"{origin}: [profile]")
    base: ContractProfile | None = None
    if "extends" in meta:
        extends = meta["extends"]
        if extends not in BUILTIN_PROFILES:
            raise ProfileError(
                f"{origin}: [profile] extends {extends!r}, which is not a shipped profile "
                f"(shipped: {sorted(BUILTIN_PROFILES)})",
                field="extends",
                value=extends,
            )
        base = _builtin(extends)
    verified = _convert(
        DATE,
        meta.get("verified_against_source_on"),
        "verified_against_source_on",
        f"{origin}: [profile]",
    )
    assert isinstance(verified, dt.date)  # noqa: S101 - DATE converts to a date
    if verified > today:
        raise ProfileError(
            f"{origin}: verified_against_source_on {verified} is in the future",
            field="verified_against_source_on",
            value=verified,
        )
    found: dict[str, Parameter] = {}
    _collect({k: v for k, v in data.items() if k != "profile"}, "", origin, found)
    parameters = {**(dict(base.parameters) if base else {}), **found}
    if missing := sorted(set(SCHEMA) - set(parameters)):
        raise ProfileError(
            f"{origin}: missing parameter(s) {missing}; define them, or set extends = "
            f"{DEFAULT_PROFILE_ID!r} in [profile] to take them from the shipped profile",
            field=missing[0],
            value=missing,
        )
    where = f"{origin}: [profile]"
    return ContractProfile(
        id=_required_text(meta, "id", where),
        title=_required_text(meta, "title", where),
        source=_required_text(meta, "source", where),
        version=_required_text(meta, "version", where),
        verified_against_source_on=verified,
        parameters=parameters,
        contract_number=_text(meta, "contract_number", where, required=False),
        note=_text(meta, "note", where, required=False),
        origin=origin,
    )


def _read(text: str, origin: str) -> Mapping[str, Any]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{origin}: not valid TOML ({error})", field=None, value=None) from None


def _today() -> dt.date:
    return dt.datetime.now(tz=dt.UTC).date()


@functools.cache
def _builtin(profile_id: str) -> ContractProfile:
    filename = BUILTIN_PROFILES[profile_id]
    text = (
        resources.files("tenncare_calc.contract")
        .joinpath("data", filename)
        .read_text(encoding="utf-8")
    )
    return _from_toml(_read(text, f"builtin:{profile_id}"), f"builtin:{profile_id}", today=_today())


def default_profile() -> ContractProfile:
    """Return the shipped Amendment 3 profile (loaded once, then cached).

    >>> default_profile().id
    'amendment-3'
    """
    return _builtin(DEFAULT_PROFILE_ID)


def load_profile(
    source: str | Path | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
) -> ContractProfile:
    """Return a validated profile from a shipped id or a TOML file, with optional overrides.

    Parameters
    ----------
    source
        ``None`` for the shipped default, a shipped profile id (``"amendment-3"``), or the path of
        a TOML profile file.
    overrides
        Dotted parameter names mapped to what-if values (see :meth:`ContractProfile.with_overrides`).

    Examples
    --------
    >>> load_profile(overrides={"p4p.pmpm_amount": "0.04"}).get("p4p.pmpm_amount").value
    Decimal('0.04')

    """
    if source is None or (isinstance(source, str) and source in BUILTIN_PROFILES):
        profile = _builtin(DEFAULT_PROFILE_ID if source is None else str(source))
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ProfileError(
                f"cannot read profile file {str(path)!r}: {error.strerror}",
                field="source",
                value=str(path),
            ) from None
        profile = _from_toml(_read(text, str(path)), str(path), today=_today())
    return profile.with_overrides(overrides) if overrides else profile
