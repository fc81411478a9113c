"""A contract parameter: its citation, its dated versions, and its value as used on a date.

A :class:`Parameter` holds every dated version of one named value of the profile; asking for it on a
date (:meth:`Parameter.at`) gives a :class:`ParameterValue`, the value with everything needed to cite
it: unit, section, term, and whether a what-if replaced it. A date outside the parameter's term
raises :class:`~tenncare_calc.core.errors.OutsideTermError` instead of silently returning nothing.
"""

from __future__ import annotations

__all__ = [
    "PARAMETER_COLUMNS",
    "Parameter",
    "ParameterValue",
    "ParameterVersion",
    "parameter_values_table",
]

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.dates import to_date
from tenncare_calc.core.errors import OutsideTermError
from tenncare_calc.core.explanation import cite_all
from tenncare_calc.core.missing import is_missing
from tenncare_calc.core.parts import Column, ColumnType, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tenncare_calc.contract.kinds import Kind


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

        >>> from tenncare_calc import default_profile
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
    #: Each version's value as :meth:`at` gives it, built once: it depends on the version alone.
    _built: dict[int, ParameterValue] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def at(self, on: dt.date | None) -> ParameterValue:
        """Return the version in force ``on`` a date (the latest version when ``on`` is None).

        ``on`` may be any form :func:`~tenncare_calc.core.dates.to_date` reads (``"2008-01-01"``,
        a pandas ``Timestamp``); a missing value (NaT) means no date, as ``None`` does.
        """
        if type(on) is not dt.date:  # a date is present and needs no conversion
            on = None if is_missing(on) else to_date(on, field="on")
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
            index = (
                0
                if len(self.versions) == 1
                else max(i for i, v in enumerate(self.versions) if v.effective_from <= on)
            )
        built = self._built.get(index)
        if built is None:
            built = self._built[index] = self._value_of(index)
        return built

    def _value_of(self, index: int) -> ParameterValue:
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
    >>> from tenncare_calc import default_profile
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
