"""A profile's parameters by name, the shipped profile's each built from its table when first read.

Building a parameter converts its values with its kind, and a table-valued kind (Attachment V,
the damage schedule, the measures) imports the rule module that defines the value's class. A
command reads a few parameters: ``tenncare-calc member-months`` reads none of the compliance,
damages or pay-for-performance tables, and should not import their rules to start. So the shipped
profile's parameters (its names checked against the schema at once: none unknown, none missing)
are each built the first time they are read, and then kept. A user's profile file is built whole
when it is loaded, so a mistake in it is reported at once, naming the file; the shipped profile's
tables are held valid by the tests, which build every one.

>>> built = []
>>> def build():
...     built.append("p4p.pmpm_amount")
...     return "the parameter"
>>> parameters = ParameterMap({"p4p.pmpm_amount": Deferred(build)})
>>> list(parameters), built
(['p4p.pmpm_amount'], [])
>>> parameters["p4p.pmpm_amount"], parameters["p4p.pmpm_amount"], built
('the parameter', 'the parameter', ['p4p.pmpm_amount'])
"""

from __future__ import annotations

__all__ = ["Deferred", "ParameterMap"]

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import Parameter


class Deferred:
    """A parameter not built yet: ``build()`` makes it, once, whichever map asks first.

    No lock: building imports modules, and a lock held across an import could wait on a thread
    that holds the import's lock. Two threads that read the parameter at the same moment may
    both build it (the same, equal value); the first one kept is the one every later read gets.
    """

    __slots__ = ("_build", "_built")

    def __init__(self, build: Callable[[], Parameter]) -> None:
        """Keep ``build``, called the first time the parameter is read."""
        self._build = build
        self._built: Parameter | None = None

    def __call__(self) -> Parameter:
        """Return the parameter, built on the first call."""
        if self._built is None:
            built = self._build()
            if self._built is None:
                self._built = built
        return self._built


class ParameterMap(Mapping[str, "Parameter"]):
    """A read-only mapping of parameter names to parameters, some built on first read."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Mapping[str, Parameter | Deferred]) -> None:
        """Keep ``entries`` (a copy): built parameters, or :class:`Deferred` ones."""
        self._entries: dict[str, Parameter | Deferred] = dict(entries)

    @classmethod
    def of(cls, parameters: Mapping[str, Parameter]) -> ParameterMap:
        """Return ``parameters`` as a map: itself when it is one, else a copy."""
        return parameters if isinstance(parameters, ParameterMap) else cls(parameters)

    def with_entries(self, entries: Mapping[str, Parameter | Deferred]) -> ParameterMap:
        """Return a new map: these parameters, with ``entries`` added or put in their place.

        A parameter neither map has built yet stays unbuilt, and is built once for both.
        """
        return ParameterMap({**self._entries, **entries})

    def __getitem__(self, name: str) -> Parameter:
        """Return the parameter ``name``, built now if it was not yet."""
        entry = self._entries[name]
        if isinstance(entry, Deferred):
            entry = self._entries[name] = entry()
        return entry

    def __contains__(self, name: object) -> bool:
        """Return whether the map has a parameter ``name`` (without building it)."""
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        """Return the names, in the order the profile gave them."""
        return iter(self._entries)

    def __len__(self) -> int:
        """Return the number of parameters."""
        return len(self._entries)

    def __repr__(self) -> str:
        """Return the names, as a mapping of names to parameters would show them briefly."""
        return f"ParameterMap({list(self._entries)!r})"
