"""Citations and the plain-text explanations every result prints.

A result explains itself as indented lines of text that a person can check with a calculator: the
rule applied, the clause it cites, and the intermediate values. The pieces here are shared by every
result type so that all explanations read alike.

>>> cite("3.10.2.1")
'§3.10.2.1'
>>> cite("Attachment VII")
'Attachment VII'
>>> print(Explanation("Example").add("a line", cites=("3.10.1.2", "42 CFR 438.6")).render())
Example
  a line  [§3.10.1.2; 42 CFR 438.6]
"""

from __future__ import annotations

__all__ = ["Explainable", "Explanation", "cite", "cite_all"]

import re
from typing import TYPE_CHECKING, Any, Protocol

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

# A numbered contract section such as 3.10.2.1 (at least one dot), not a citation like 42 CFR 438.6.
_NUMBERED = re.compile(r"^\d+(\.\d+)+\b")


def cite(section: str) -> str:
    """Return the printed form of a contract reference: ``§`` before a numbered section.

    >>> cite("4.20.2.2.7 A.2"), cite("42 CFR 438.6")
    ('§4.20.2.2.7 A.2', '42 CFR 438.6')
    """
    text = section.strip()
    return f"§{text}" if _NUMBERED.match(text) else text


def cite_all(sections: Iterable[str]) -> str:
    """Return several references joined for printing, each in :func:`cite` form.

    Sections may themselves be ``;``- or ``,``-separated lists (``"3.10.2.2.2; 3.10.2.3"``).

    >>> cite_all(["3.10.2.2.2; 3.10.2.3", "42 CFR 438.6"])
    '§3.10.2.2.2; §3.10.2.3; 42 CFR 438.6'
    """
    parts: list[str] = []
    for section in sections:
        for piece in section.replace(",", ";").split(";"):
            if piece.strip() and cite(piece) not in parts:
                parts.append(cite(piece))
    return "; ".join(parts)


class Explainable(Protocol):
    """What every result offers: text a person can check, and deterministic JSON-ready data."""

    def explain(self) -> str:
        """Return the result as text, with rule, citation and intermediate values."""
        ...  # pragma: no cover

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data with Decimals as strings."""
        ...  # pragma: no cover


@attrs.frozen
class _Line:
    indent: int
    text: str


@attrs.define
class Explanation:
    """Return-builder for indented explanation text; :meth:`render` gives the final string."""

    title: str
    _lines: list[_Line] = attrs.field(factory=list, init=False)

    def add(self, text: str, *, indent: int = 1, cites: Iterable[str] = ()) -> Explanation:
        """Add a line of ``text`` at ``indent`` levels, followed by its citations if any."""
        sections = cite_all(cites)
        suffix = f"  [{sections}]" if sections else ""
        self._lines.append(_Line(indent, f"{text}{suffix}"))
        return self

    def extend(self, text: str, *, indent: int = 1) -> Explanation:
        """Add a multi-line block (another result's explanation), indented ``indent`` levels."""
        for line in text.splitlines():
            self._lines.append(_Line(indent, line))
        return self

    def render(self) -> str:
        """Return the explanation as text, two spaces per indent level, no trailing newline."""
        body = [("  " * line.indent + line.text).rstrip() for line in self._lines]
        return "\n".join([self.title, *body])
