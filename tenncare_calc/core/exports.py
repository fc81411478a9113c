"""A package's public names, handed on from its modules when first used (lazy re-exports).

Each package of the library hands on the public names of its modules (``tenncare_calc.p4p``
gives ``incentive_statement``, defined in ``tenncare_calc.p4p.incentives``). Importing every module
eagerly would make ``import tenncare_calc`` pay for code a script never calls, so a package's
``__init__`` lists where each name lives and lets :func:`lazy_exports` import the module when the
name is first asked for (PEP 562). Type checkers and readers see the same names through an
``if TYPE_CHECKING:`` block of ordinary imports, which ``tests/test_architecture.py`` holds equal to
the list.

>>> getattr_, dir_ = lazy_exports("decimal", {"Context": "decimal"})
>>> getattr_("Context").__name__
'Context'
>>> getattr_("nothing")
Traceback (most recent call last):
...
AttributeError: module 'decimal' has no attribute 'nothing'
"""

from __future__ import annotations

__all__ = ["lazy_exports"]

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, homes: Mapping[str, str], *, modules: Mapping[str, str] | None = None
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return the ``__getattr__`` and ``__dir__`` of ``package`` for its lazily imported names.

    ``homes`` maps each name to the module that defines it; ``modules`` maps names that are
    themselves modules (``tc.calendar``) to their module. A name is imported on first use and then
    kept in the package's namespace, so later uses cost a dictionary lookup.
    """
    submodules = dict(modules or {})

    def __getattr__(name: str) -> object:  # noqa: N807 - the module-level hook of PEP 562
        if name in submodules:
            value: object = importlib.import_module(submodules[name])
        elif name in homes:
            value = getattr(importlib.import_module(homes[name]), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module-level hook of PEP 562
        return sorted({*vars(sys.modules[package]), *homes, *submodules})

    return __getattr__, __dir__
