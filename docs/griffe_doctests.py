r"""A griffe extension for the API page: docstring examples shown as code, prompts and all.

The library's docstrings carry doctests (``>>>`` lines and their output) in the module and function
text, not only under an ``Examples`` heading. Read as Markdown, those lines run together and their
brackets turn into links. This extension wraps every run of doctest lines (a ``>>>`` line, its
``...`` continuations and the output up to a blank line) in a fenced ``pycon`` block before the
docstring is rendered, so the API page shows each example as it runs.

>>> lines = ["Text.", "", ">>> [1][0]", "1", "", "More."]
>>> fence_doctests("\n".join(lines)).split("\n")
['Text.', '', '```pycon', '>>> [1][0]', '1', '```', '', 'More.']
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Return ``text`` with each run of doctest lines at the left margin in a ``pycon`` fence."""
    lines = text.split("\n")
    out: list[str] = []
    inside = False
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and not inside and line.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctests of every docstring the API page renders."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002, ANN401
        """Rewrite the object's docstring before it is parsed and rendered."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
