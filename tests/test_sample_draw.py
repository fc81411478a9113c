"""The monthly sample's draw narrowed with numpy draws the same members, in the same order (U1).

``monthly_sample`` narrows the draw by the keys' first 8 bytes before ordering whole keys (issue
15); the members drawn and their order must be those of the plain draw, whatever the population
and the size, on both sides of the population's size.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
