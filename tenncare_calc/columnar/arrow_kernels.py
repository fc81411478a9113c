"""Arrow's compute functions called by name, without loading ``pyarrow.compute``.

Importing ``pyarrow.compute`` builds a Python function, with its documentation, for each of the
some 290 functions of Arrow's registry: 30 to 35 ms of a command's process, about as long as
community tenure's whole work on 73 k stays. The functions themselves live in the registry,
which ``pyarrow.compute`` re-exports from its compiled module ``pyarrow._compute``:
:func:`call` calls one there by name, as ``pyarrow.compute.call_function`` does (the same
function). Should a pyarrow release move it, ``pyarrow.compute``'s is used (the import paid).

The paths a command's process runs on use this module, not ``pyarrow.compute``, where a step of
them needs Arrow's hashing or sorting (``tests/test_process_start.py`` keeps them so); the rest
of the library uses ``pyarrow.compute`` as usual.

>>> import pyarrow as pa
>>> call("array_sort_indices", pa.array(["b", "a", None])).to_pylist()
[1, 0, 2]
"""

from __future__ import annotations

__all__ = ["call", "cast"]

from typing import Any

from tenncare_calc.core.errors import require

#: What reading a table needs the module for, named in the error when pyarrow is missing.
_PURPOSE = "reading batch input tables"


def call(name: str, *arguments: Any, options: Any = None, memory_pool: Any = None) -> Any:  # noqa: ANN401 - pyarrow values
    """Return Arrow's compute function ``name`` applied to ``arguments`` (pyarrow values).

    ``options`` is the function's options object (``None``: its defaults), ``memory_pool`` the
    pool its result is allocated from (``None``: Arrow's default).

    >>> import pyarrow as pa
    >>> encoded = call("dictionary_encode", pa.array(["AGP", "TCS", "AGP"]))
    >>> encoded.indices.to_pylist(), encoded.dictionary.to_pylist()
    ([0, 1, 0], ['AGP', 'TCS'])
    """
    return _compute().call_function(name, list(arguments), options, memory_pool)


def cast(values: Any, kind: Any) -> Any:  # noqa: ANN401 - pyarrow values and type
    """Return ``values`` cast to the Arrow type ``kind``, as ``values.cast(kind)`` does (safely).

    >>> import pyarrow as pa
    >>> cast(pa.array([7, None]), pa.large_string()).to_pylist()
    ['7', None]
    """
    return call("cast", values, options=_compute().CastOptions.safe(kind))


def _compute() -> Any:  # noqa: ANN401 - a module
    """Return the module with Arrow's ``call_function`` and options: the compiled one, if it has them.

    Else (no pyarrow, or a release that moved them) ``pyarrow.compute``, which re-exports them
    and names the extra to install when pyarrow is missing.
    """
    try:
        from pyarrow import _compute as compiled  # noqa: PLC0415 - loaded with pyarrow
    except ImportError:
        compiled = None
    if compiled is not None and all(
        hasattr(compiled, name) for name in ("call_function", "CastOptions")
    ):
        return compiled
    return require("pyarrow.compute", extra="data", purpose=_PURPOSE)
