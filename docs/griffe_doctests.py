r"""A griffe extension for the API page: docstring examples shown as code, prompts and all.

The library's docstrings carry doctests (``>>>`` lines and their output) in the module and function
text, not only under an ``Examples`` heading. Read as Markdown, those lines run together and their
brackets turn into links. This extension wraps every run of doctest lines (a ``>>>`` line, its
``...`` continuations and the output up to a blank line) in a fenced ``pycon`` block before the
docstring is rendered, so the API page shows each example as it runs. It also reads the two reST
habits a docstring may have as Markdown would not: a paragraph ending in ``::`` introduces the
indented block after it as code (the block is fenced, the colon kept single), and a line that
starts with ``>`` but is not a prompt (``>= 0 in whole cents``) is text, not a quotation. A Sphinx
role (``:class:`~tenncare_calc.core.parts.Table` ``) becomes a link to the object on the API page
when it is there, and its name in code type when it is not.

>>> lines = ["Text.", "", ">>> [1][0]", "1", "", "More."]
>>> fence_doctests("\n".join(lines)).split("\n")
['Text.', '', '```pycon', '>>> [1][0]', '1', '```', '', 'More.']
>>> fence_doctests("A run::\n\n    >>> 1 + 1\n    2\n\nAfter.").split("\n")
['A run:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'After.']
>>> fence_doctests("dollars\n>= 0 in cents")
'dollars\n\\>= 0 in cents'
>>> fence_doctests("See :func:`~tenncare_calc.p4p.cap.apply_capitation_cap`.")
'See <autoref identifier="tenncare_calc.p4p.cap.apply_capitation_cap" optional><code>apply_capitation_cap</code></autoref>.'
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

import griffe

#: A Sphinx cross-reference role: ``:class:`~a.b.C` ``, ``:func:`title <a.b.f>` ``.
ROLE = re.compile(r":(?:py:)?(?:mod|class|func|meth|attr|data|exc|obj|const):`([^`]+)`")


def _reference(match: re.Match[str]) -> str:
    """Return an optional autorefs link for one role (plain code when the object is not shown)."""
    target = match.group(1).strip()
    title = None
    if found := re.fullmatch(r"(.+?)\s*<(.+)>", target):
        title, target = found.group(1), found.group(2)
    short = target.startswith("~")
    target = target.lstrip("~").lstrip(".")
    shown = title or (target.rsplit(".", 1)[-1] if short else target)
    return (
        f'<autoref identifier="{html.escape(target)}" optional>'
        f"<code>{html.escape(shown)}</code></autoref>"
    )


def _literal_blocks(lines: list[str]) -> list[str]:
    """Return ``lines`` with each reST literal block (after ``::``) dedented and fenced."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        if not line.rstrip().endswith("::") or line.strip() == "::":
            out.append(line)
            at += 1
            continue
        out.append(line.rstrip()[:-1])
        at += 1
        block: list[str] = []
        while at < len(lines) and (not lines[at].strip() or lines[at].startswith((" ", "\t"))):
            block.append(lines[at])
            at += 1
        while block and not block[-1].strip():
            block.pop()
        body = textwrap.dedent("\n".join(block)).strip("\n").split("\n")
        language = "pycon" if body and body[0].startswith(">>>") else "text"
        out += ["", f"```{language}", *body, "```", ""]
    return out


def fence_doctests(text: str) -> str:
    """Return ``text`` with each run of doctest lines at the left margin in a ``pycon`` fence."""
    lines = _literal_blocks(text.split("\n"))
    out: list[str] = []
    inside = False
    fenced = False
    for given in lines:
        line = given
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and not inside and line.startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        elif not fenced and not inside:
            if line.lstrip().startswith(">"):
                line = line.replace(">", "\\>", 1)  # text, not a Markdown quotation
            line = ROLE.sub(_reference, line)
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
