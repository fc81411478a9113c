"""The text of a file shipped in the contract package's ``data`` folder (a profile, a calendar).

Read beside this module's file, as an installed or editable package has it; from a package that is
not on a file system (a zip file) through :mod:`importlib.resources`, which is imported only then:
its readers cost a command line a few milliseconds of its start.

>>> shipped_text("holidays", "tennessee.toml").startswith("#")
True
"""

from __future__ import annotations

__all__ = ["shipped_text"]

import os


def shipped_text(*parts: str) -> str:
    """Return the UTF-8 text of the shipped file ``data/<parts...>`` of :mod:`tenncare_calc.contract`.

    >>> "[profile]" in shipped_text("amendment_3.toml")
    True
    """
    folder = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120 - os.path, as the loader read it
    try:
        with open(os.path.join(folder, "data", *parts), encoding="utf-8") as file:  # noqa: PTH118, PTH123
            return file.read()
    except OSError:  # a package in a zip file
        from importlib import resources  # noqa: PLC0415 - only for a zipped package (module text)

        return (
            resources.files("tenncare_calc.contract")
            .joinpath("data", *parts)
            .read_text(encoding="utf-8")
        )
