"""The monthly sample's draw narrowed with numpy draws the same members, in the same order (U1).

``monthly_sample`` narrows the draw by the keys' first 8 bytes before ordering whole keys (issue
15); the members drawn and their order must be those of the plain draw, whatever the population
and the size, on both sides of the population's size. Its population, whole-number ids close
together flagged in a table, is the distinct ids on both sides of the table's span.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.compliance.utilization import sample
from tenncare_calc.compliance.utilization.sample import _draw


@given(
    st.lists(st.text(max_size=6), max_size=60, unique=True),
    st.integers(-1, 1),
    st.integers(0, 60),
)
def test_the_narrowed_draw_is_the_plain_draw(members: list[str], side: int, size: int) -> None:
    """Any size, and the population's size less one, itself and more one."""
    texts = [f"2008\x1f{member}".encode() for member in members]
    for wanted in (size, max(len(texts) + side, 0)):
        assert _draw(texts, wanted, columnar=True) == _draw(texts, wanted)


def test_a_population_larger_than_the_clauses_minimum() -> None:
    """Three thousand members drawn one, 499, 500 and all but one: the plain draw's members."""
    texts = [f"seed\x1f{number}".encode() for number in range(3_000)]
    for wanted in (1, 499, 500, 2_999):
        assert _draw(texts, wanted, columnar=True) == _draw(texts, wanted)


_TABLE = sample._TABLE_MIN  # noqa: SLF001 - the span below which ids are flagged in a table


@given(
    st.lists(st.integers(-3, 3), min_size=1, max_size=50),
    st.sampled_from([0, _TABLE - 2, _TABLE - 1, 2**40, 2**63 - 4]),
    st.sampled_from([pa.int64(), pa.int32(), pa.uint32(), pa.uint64()]),
)
def test_the_month_population_is_the_distinct_members(
    steps: list[int], spread: int, kind: pa.DataType
) -> None:
    """Whole-number ids spanning less than the table, exactly it or more: the distinct ids.

    ``spread`` puts the largest id that far above the smallest: one short of the table's span,
    the span itself (no table), or far beyond it.
    """
    bits = 32 if kind.bit_width == 32 else 63
    low = 0 if pa.types.is_unsigned_integer(kind) else -(2 ** (bits - 1)) // 2
    spread = min(spread, 2 ** (bits - 1) - 4)
    ids = [low + 3 + step for step in steps] + [low + 3 + spread]
    array = pa.array(ids, kind)
    rows = np.arange(len(ids))
    found = sample._distinct(array, rows)  # noqa: SLF001
    assert found.type == kind
    assert sorted(found.to_pylist()) == sorted(set(ids))


def test_text_ids_and_nulls_are_pyarrows_unique() -> None:
    """Text ids, and whole numbers with a null, are pyarrow's distinct values in first order."""
    for values in (["b", "a", "b"], [3, None, 3, 1]):
        array = pa.array(values)
        found = sample._distinct(array, np.arange(len(values)))  # noqa: SLF001
        assert found.to_pylist() == pc.unique(array).to_pylist()


def test_the_table_stops_at_its_span() -> None:
    """Ids spanning one value less than the table are flagged (ascending); spanning it, hashed."""
    for span, flagged in ((_TABLE - 1, True), (_TABLE, False)):
        ids = [span - 1, 0, span - 1]
        found = sample._distinct(pa.array(ids), np.arange(3)).to_pylist()  # noqa: SLF001
        assert found == ([0, span - 1] if flagged else [span - 1, 0])
