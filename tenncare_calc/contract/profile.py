"""The contract profile: every amount, threshold, list and date the rules read, as cited data.

A profile is a TOML file. Each parameter carries a description, a unit, the contract section it comes
from, and one or more dated versions (``effective_from``, optionally ``effective_through``), so an
amendment is a data change: a new version of the parameter, not new code. The loader
(:mod:`tenncare_calc.contract.loader`) rejects unknown keys, missing parameters and invalid tables,
and asking for a parameter on a date outside its term raises
:class:`~tenncare_calc.core.errors.OutsideTermError` instead of silently returning nothing.

The shipped profile is Amendment 3 of the TennCare CRA with Amerigroup Tennessee
(``tenncare_calc/contract/data/amendment_3.toml``). A user can load their own file (which may
``extends`` the shipped one and replace only some parameters) and can override single values for a
what-if run::

    >>> from tenncare_calc import default_profile
    >>> profile = default_profile()
    >>> profile.get("p4p.pmpm_amount").value
    Decimal('0.03')
    >>> what_if = profile.with_overrides({"p4p.pmpm_amount": "0.04"})
    >>> print(what_if.get("p4p.pmpm_amount").provenance())
    p4p.pmpm_amount = 0.04 USD per member month (what-if override; profile value 0.03), §3.10.2.1; §3.10.3; §3.10.4, in force from 2007-04-01

"""

from __future__ import annotations

__all__ = ["PROFILE_COLUMNS", "ContractProfile", "checked_value"]

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import attrs

from tenncare_calc.contract.kinds import convert, parse_override, show_month_day
from tenncare_calc.contract.parameter_map import ParameterMap
from tenncare_calc.contract.parameters import Parameter, ParameterValue, parameter_values_table
from tenncare_calc.core.errors import InvalidTypeError, ProfileError, did_you_mean
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable, short_repr

T = TypeVar("T")


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


@attrs.frozen(repr=False)
class ContractProfile(Presentable):
    """A loaded, validated contract profile: metadata plus every parameter the rules read.

    As tables (``tables()``, HTML in a notebook, ``to_frame()``): a ``profile`` record and a
    ``parameters`` part with one row per dated version of each parameter.
    """

    #: A notebook shows every parameter (a reference list), within the notebook's size budget.
    notebook_rows: ClassVar[int | None] = None

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

    def __repr__(self) -> str:
        """Return the profile's id, version, parameter count and what-if overrides."""
        return short_repr(
            self,
            id=self.id,
            version=self.version,
            parameters=len(self.parameters),
            overrides=self.overrides,
        )

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

        >>> from tenncare_calc import default_profile
        >>> default_profile().get("p4p.pmpm_amount", on=dt.date(2005, 1, 1))
        Traceback (most recent call last):
        ...
        tenncare_calc.OutsideTermError: 'p4p.pmpm_amount' is not in force on 2005-01-01: its term is from 2007-04-01; use a profile that covers that date

        """
        return self._parameter(name).at(on)

    def value(self, name: str, expected: type[T], *, on: dt.date | None = None) -> T:
        """Return the bare value of parameter ``name``, checked to be an instance of ``expected``.

        >>> from tenncare_calc import default_profile
        >>> default_profile().value("p4p.community_tenure_window_days", int)
        30
        """
        return checked_value(name, self.get(name, on=on).value, expected)

    def optional_value(
        self, name: str, expected: type[T], *, on: dt.date | None = None
    ) -> T | None:
        """Return the value of a parameter that may be ``'none'`` (``None``), else as :meth:`value`.

        >>> from tenncare_calc import default_profile
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

        >>> from tenncare_calc import default_profile
        >>> profile = default_profile().with_overrides({"p4p.cap_percent": "110"})
        >>> profile.get("p4p.cap_percent").value, profile.overrides
        (Decimal('110'), (('p4p.cap_percent', '110'),))
        >>> default_profile().with_overrides({"p4p.pmpm": "0.04"})
        Traceback (most recent call last):
        ...
        tenncare_calc.ProfileError: profile 'amendment-3' has no parameter 'p4p.pmpm' (did you mean 'p4p.pmpm_amount'?)

        """
        if not isinstance(overrides, Mapping):
            raise ProfileError(
                "overrides must be a mapping of parameter names to values, such as "
                f"{{'p4p.cap_percent': '110'}} (got {type(overrides).__name__} {overrides!r})",
                field="overrides",
                value=overrides,
            )
        replaced: dict[str, Parameter] = {}
        applied = list(self.overrides)
        for name, raw in overrides.items():
            if not isinstance(name, str):
                raise ProfileError(
                    f"an override names a parameter by its dotted name, as text (got {name!r})",
                    field="overrides",
                    value=name,
                )
            parameter = self._parameter(name)
            value = convert(
                parameter.kind, parse_override(raw, parameter.kind, name), name, "override"
            )
            replaced[name] = attrs.evolve(
                parameter,
                versions=tuple(attrs.evolve(v, value=value) for v in parameter.versions),
                profile_values=parameter.profile_values
                or tuple(parameter.kind.show(v.value) for v in parameter.versions),
            )
            applied.append((name, parameter.kind.show(value)))
        parameters = ParameterMap.of(self.parameters).with_entries(replaced)
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
        >>> from tenncare_calc import default_profile
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

        >>> from tenncare_calc import default_profile
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


def checked_value(name: str, found: object, expected: type[T]) -> T:
    """Return parameter ``name``'s value ``found``, checked to be an instance of ``expected``.

    >>> checked_value("p4p.community_tenure_window_days", 30, int)
    30
    """
    if not isinstance(found, expected):
        raise InvalidTypeError(
            f"{name!r} holds a {type(found).__name__}, not the "
            f"{expected.__name__} the caller expected",
            field=name,
            value=found,
        )
    return found


def _jsonable(value: object) -> object:
    """Return a parameter value as JSON-ready data (via the value's own ``to_dict``/``to_records``)."""
    if isinstance(value, tuple):
        if len(value) == 2 and all(isinstance(item, int) for item in value):  # noqa: PLR2004 - MM-DD
            return show_month_day(value)
        return [_jsonable(item) for item in value]
    for method in ("to_dict", "to_records"):
        convert = getattr(value, method, None)
        if callable(convert):
            return convert()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value
