r"""The shipped profile's text cut into one TOML block per parameter, each parsed when first read.

Parsing the whole shipped profile (44 kB, a hundred parameters) with :mod:`tomllib` is a few
milliseconds of every command line's start, for the two or three parameters a command reads.
:func:`parameter_blocks` cuts the text where each parameter's table begins (``[p4p.pmpm_amount]``,
with its own sub-tables such as ``[[p4p.measures.value]]`` after it), so that the loader parses the
``[profile]`` table at once and each parameter's block the first time the parameter is read
(:class:`~tenncare_calc.contract.parameter_map.Deferred`). :func:`block_table` parses one block.

The cut is made only where it cannot change what the file says; otherwise it returns ``None`` and
the loader parses the whole file, as it does a user's profile:

* every line that begins with ``[`` is a table header naming ``profile`` (before any parameter),
  a parameter of ``names`` (once), or a sub-table of the parameter above it;
* no multi-line string (``\"\"\"`` or ``'''``), whose lines could look like headers;
* nothing but comments and blank lines before ``[profile]``.

``tests/test_profile_blocks.py`` checks that every parameter of the shipped profile built from its
block equals the one built from the whole file.

>>> text = '[profile]\nid = "x"\n\n[p4p.pmpm_amount]\nvalue = "0.03"\n'
>>> head, blocks = parameter_blocks(text, {"p4p.pmpm_amount"})
>>> head
'[profile]\nid = "x"\n\n'
>>> block_table("p4p.pmpm_amount", blocks["p4p.pmpm_amount"], "builtin:x")
{'value': '0.03'}
>>> parameter_blocks('[profile]\n[p4p]\npmpm_amount = {value = "0.03"}\n', {"p4p.pmpm_amount"})
"""

from __future__ import annotations

__all__ = ["block_table", "parameter_blocks", "read_toml"]

import re
import tomllib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import ProfileError

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

#: A table header, ``[a.b]`` or ``[[a.b.c]]``, with bare keys, and an optional comment after it.
_HEADER = re.compile(r"\[\[?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]\]?[ \t]*(?:#.*)?")
#: The table of the profile's own facts (id, title, source), before every parameter.
_PROFILE = "profile"


def read_toml(text: str, origin: str) -> Mapping[str, Any]:
    """Return the TOML ``text`` parsed, numbers with a fraction as ``Decimal``.

    >>> read_toml('value = 0.1', "x")
    {'value': Decimal('0.1')}
    >>> read_toml('value = ', "builtin:x")
    Traceback (most recent call last):
    ...
    tenncare_calc.ProfileError: builtin:x: not valid TOML (Invalid value (at end of document))
    """
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{origin}: not valid TOML ({error})", field=None, value=None) from None


def parameter_blocks(text: str, names: Collection[str]) -> tuple[str, dict[str, str]] | None:
    r"""Return the text before the first parameter and each parameter's block, or None.

    None when the text is not laid out one table per parameter (see the module). A block begins
    at its parameter's header and runs to the next parameter's.

    >>> head, blocks = parameter_blocks("[profile]\n[a.b]\nvalue = 1\n[[a.b.value]]\n", {"a.b"})
    >>> blocks
    {'a.b': '[a.b]\nvalue = 1\n[[a.b.value]]\n'}
    >>> parameter_blocks("[profile]\n[a.b]\n[a.c]\n", {"a.b"}) is None  # not a parameter
    True
    """
    if '"""' in text or "'''" in text:
        return None
    lines = text.splitlines(keepends=True)
    starts: list[tuple[int, str]] = []  # (line, parameter) where each block begins
    begun: set[str] = set()
    current: str | None = None
    seen_profile = False
    for at, line in enumerate(lines):
        if not line.startswith("["):
            if current is None and not seen_profile and line.strip()[:1] not in ("", "#"):
                return None  # a key outside [profile] before it
            continue
        header = _HEADER.fullmatch(line.rstrip("\r\n"))
        if header is None:
            return None
        name = header.group(1)
        if name == _PROFILE and not seen_profile and current is None and not line.startswith("[["):
            seen_profile = True
        elif name in names and not line.startswith("[[") and name not in begun:
            current = name
            begun.add(name)
            starts.append((at, name))
        elif current is None or not name.startswith(f"{current}."):
            return None
    if not seen_profile:
        return None
    bounds = [at for at, _ in starts] + [len(lines)]
    blocks = {name: "".join(lines[at : bounds[i + 1]]) for i, (at, name) in enumerate(starts)}
    return "".join(lines[: bounds[0]]), blocks


def block_table(name: str, block: str, origin: str) -> object:
    r"""Return the table a parameter's block gives the parameter ``name`` (its dotted path).

    >>> block_table("a.b", "[a.b]\nvalue = 2.50\n", "x")
    {'value': Decimal('2.50')}
    """
    table: object = read_toml(block, origin)
    for key in name.split("."):
        if not isinstance(table, dict) or key not in table:
            raise ProfileError(f"{origin}: no table {name!r} in its block", field=name, value=None)
        table = table[key]
    return table
