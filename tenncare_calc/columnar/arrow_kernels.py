"""Arrow's compute functions called by name, without loading ``pyarrow.compute``.

Importing ``pyarrow.compute`` builds a Python function, with its documentation, for each of the
some 290 functions of Arrow's registry: 30 to 35 ms of a command's process, about as long as
community tenure's whole work on 73 k stays. The functions themselves live in the registry,
which ``pyarrow.compute`` re-exports from its compiled module ``pyarrow._compute``:
:func:`call` calls one there by name, as ``pyarrow.compute.call_function`` does (the same
function). Should a pyarrow release move it, ``pyarrow.compute``'s is used (the import paid).

:data:`compute` stands in for ``pyarrow.compute`` in the modules a command's process reads and
checks its file with: the functions they call, by the same names and with the same arguments
(:data:`_OPTIONS`: the options each takes; ``cast``, ``take``, ``fill_null`` and ``index`` as
``pyarrow.compute`` writes them); any other name is ``pyarrow.compute``'s own, imported then.
``tests/test_arrow_kernels.py`` checks each against ``pyarrow.compute``'s function, and
``tests/test_process_start.py`` that the commands' processes do not import it.

>>> import pyarrow as pa
>>> call("array_sort_indices", pa.array(["b", "a", None])).to_pylist()
[1, 0, 2]
>>> compute.is_in(pa.array(["AGP", "TCS"]), value_set=pa.array(["TCS"])).to_pylist()
[False, True]
"""

from __future__ import annotations

__all__ = ["call", "cast", "compute"]

from typing import Any

from tenncare_calc.core.errors import require

#: What reading a table needs the module for, named in the error when pyarrow is missing.
_PURPOSE = "reading batch input tables"

#: The functions :data:`compute` calls by name, each with the name of its options class (None:
#: it takes none). Python's keywords are spelt ``and_`` and ``or_``, as ``pyarrow.compute`` does.
_OPTIONS: dict[str, str | None] = {
    "and_": None,
    "or_": None,
    "invert": None,
    "equal": None,
    "not_equal": None,
    "less": None,
    "less_equal": None,
    "greater": None,
    "greater_equal": None,
    "if_else": None,
    "is_valid": None,
    "is_null": "NullOptions",
    "is_finite": None,
    "floor": None,
    "abs": None,
    "subtract": None,
    "multiply": None,
    "binary_length": None,
    "utf8_trim_whitespace": None,
    "utf8_lower": None,
    "utf8_upper": None,
    "unique": None,
    "drop_null": None,
    "value_counts": None,
    "replace_with_mask": None,
    "local_timestamp": None,
    "dictionary_encode": "DictionaryEncodeOptions",
    "array_sort_indices": "ArraySortOptions",
    "filter": "FilterOptions",
    "is_in": "SetLookupOptions",
    "index_in": "SetLookupOptions",
    "match_substring": "MatchSubstringOptions",
    "match_substring_regex": "MatchSubstringOptions",
    "starts_with": "MatchSubstringOptions",
    "replace_substring_regex": "ReplaceSubstringOptions",
    "extract_regex": "ExtractRegexOptions",
    "strptime": "StrptimeOptions",
    "strftime": "StrftimeOptions",
    "binary_join_element_wise": "JoinOptions",
    "count_distinct": "CountOptions",
    "min": "ScalarAggregateOptions",
    "max": "ScalarAggregateOptions",
    "all": "ScalarAggregateOptions",
    "any": "ScalarAggregateOptions",
    "round": "RoundOptions",
    "utf8_slice_codeunits": "SliceOptions",
    "struct_field": "StructFieldOptions",
}
#: Registry names that are Python keywords.
_REGISTERED = {"and_": "and", "or_": "or"}


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


def cast(
    arr: Any,  # noqa: ANN401 - pyarrow values
    target_type: Any = None,  # noqa: ANN401 - a pyarrow type
    safe: bool | None = None,
    options: Any = None,  # noqa: ANN401 - CastOptions
    memory_pool: Any = None,  # noqa: ANN401
) -> Any:  # noqa: ANN401
    """Return ``arr`` cast to ``target_type``, as ``pyarrow.compute.cast`` does (safely unless told).

    >>> import pyarrow as pa
    >>> cast(pa.array([7, None]), pa.large_string()).to_pylist()
    ['7', None]
    """
    module = _compute()
    if options is None:
        kind = _pa().lib.ensure_type(target_type)
        options = (
            module.CastOptions.unsafe(kind) if safe is False else module.CastOptions.safe(kind)
        )
    return call("cast", arr, options=options, memory_pool=memory_pool)


def take(data: Any, indices: Any, *, boundscheck: bool = True, memory_pool: Any = None) -> Any:  # noqa: ANN401
    """Return the values of ``data`` at ``indices``, as ``pyarrow.compute.take`` does.

    >>> import pyarrow as pa
    >>> take(pa.array(["a", "b", "c"]), pa.array([2, 0])).to_pylist()
    ['c', 'a']
    """
    options = _compute().TakeOptions(boundscheck=boundscheck)
    return call("take", data, indices, options=options, memory_pool=memory_pool)


def fill_null(values: Any, fill_value: Any) -> Any:  # noqa: ANN401 - pyarrow values
    """Return ``values`` with each null replaced by ``fill_value``, as ``pyarrow.compute`` does.

    >>> import pyarrow as pa
    >>> fill_null(pa.array([1, None]), 0).to_pylist()
    [1, 0]
    """
    pa = _pa()
    if not isinstance(fill_value, pa.Array | pa.ChunkedArray | pa.Scalar):
        fill_value = pa.scalar(fill_value, type=values.type)
    elif values.type != fill_value.type:
        fill_value = pa.scalar(fill_value.as_py(), type=values.type)
    return call("coalesce", values, fill_value)


def index(data: Any, value: Any, start: int | None = None, end: int | None = None) -> Any:  # noqa: ANN401
    """Return the first position of ``value`` in ``data`` (-1: none), as ``pyarrow.compute`` does.

    >>> import pyarrow as pa
    >>> index(pa.array([5, 7, 5]), 5, start=1).as_py()
    2
    """
    pa = _pa()
    if start is not None:
        data = data.slice(start, None if end is None else end - start)
    elif end is not None:
        data = data.slice(0, end)
    if not isinstance(value, pa.Scalar):
        value = pa.scalar(value, type=data.type)
    elif data.type != value.type:
        value = pa.scalar(value.as_py(), type=data.type)
    found = call("index", data, options=_compute().IndexOptions(value=value))
    if start is not None and found.as_py() >= 0:
        found = pa.scalar(found.as_py() + start, type=pa.int64())
    return found


class Kernels:
    """Arrow's compute functions by ``pyarrow.compute``'s names and arguments (see the module)."""

    cast = staticmethod(cast)
    take = staticmethod(take)
    fill_null = staticmethod(fill_null)
    index = staticmethod(index)

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - a function, or pyarrow.compute's
        """Return the function ``name`` (made once, then kept), or ``pyarrow.compute``'s ``name``."""
        if name not in _OPTIONS:
            return getattr(require("pyarrow.compute", extra="data", purpose=_PURPOSE), name)
        made = _by_name(name, _OPTIONS[name])
        setattr(self, name, made)
        return made


def _by_name(name: str, options_class: str | None) -> Any:  # noqa: ANN401 - a function
    """Return a function calling the registry's ``name`` as ``pyarrow.compute``'s wrapper does.

    Arguments past the function's arity, and keywords, make its options object.
    """
    registered = _REGISTERED.get(name, name)
    arity: list[Any] = []

    def function(
        *arguments: Any,  # noqa: ANN401
        options: Any = None,  # noqa: ANN401
        memory_pool: Any = None,  # noqa: ANN401
        **keywords: Any,  # noqa: ANN401
    ) -> Any:  # noqa: ANN401
        module = _compute()
        if not arity:
            arity.append(module.get_function(registered).arity)
        given, extra = (
            (arguments, ())
            if arity[0] is Ellipsis
            else (arguments[: arity[0]], arguments[arity[0] :])
        )
        if extra or keywords:
            if options_class is None:
                message = f"{name} takes no options (got {extra!r}, {sorted(keywords)})"
                raise TypeError(message)
            if options is not None:
                message = f"{name}: options given twice"
                raise TypeError(message)
            options = getattr(module, options_class)(*extra, **keywords)
        elif isinstance(options, dict) and options_class is not None:
            options = getattr(module, options_class)(**options)
        return module.call_function(registered, list(given), options, memory_pool)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (
        f"Return Arrow's ``{registered}`` of the arguments (``pyarrow.compute.{name}``)."
    )
    return function


#: ``pyarrow.compute``'s functions as the command's paths call them (see the module).
compute = Kernels()


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose=_PURPOSE)


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
