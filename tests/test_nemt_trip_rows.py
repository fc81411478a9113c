"""How the NEMT table checks read trip rows (``compliance.nemt.trip_rows``), against its mutants.

The steps the table checks share, each compared with what is computed here apart from the
library: the first and last day of moments in microseconds (as ``datetime`` counts them), and a
text column made once per distinct key, whatever the keys span (a few hours, or keys far apart);
and, without the data extra, the error naming it.
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import MissingDependencyError
from tenncare_calc.compliance.nemt.trip_rows import _day_span, _np, _pa, _texts_by

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: Moments from 1900 to 2100, in microseconds from the epoch.
MOMENTS = st.integers(-(70 * 366 * 86_400_000_000), 130 * 366 * 86_400_000_000)


def _day(micros: int) -> int:
    """Return the day (from the epoch) of a moment in microseconds, as ``datetime`` counts it."""
    return ((EPOCH + dt.timedelta(microseconds=micros)).date() - EPOCH.date()).days


@given(st.lists(MOMENTS, max_size=20))
def test_the_day_span_is_the_days_of_the_first_and_last_moment(moments: list[int]) -> None:
    """Whole days (before the epoch too), or None for no moments."""
    found = _day_span(np.array(moments, dtype=np.int64))
    if not moments:
        assert found is None
        return
    assert found == (_day(min(moments)), _day(max(moments)))
    assert all(isinstance(day, int) for day in found)


@given(
    st.one_of(
        st.lists(st.integers(0, 48), max_size=30),  # hours: a few keys
        st.lists(st.integers(-(10**12), 10**12), max_size=30),  # keys far apart
        st.lists(st.sampled_from([7, 4_100, 9_000]), max_size=30),  # just over the few
    )
)
def test_each_row_has_the_text_of_its_key_made_once_per_key(keys: list[int]) -> None:
    """Row by row ``make(key)``; ``make`` called once for each distinct key."""
    made: list[int] = []

    def make(key: int) -> str:
        made.append(key)
        return f"{key} hours"

    found = _texts_by(np.array(keys, dtype=np.int64), make)
    assert found.to_pylist() == [f"{key} hours" for key in keys]
    assert sorted(made) == sorted(set(keys))


@pytest.mark.parametrize("package", ["numpy", "pyarrow"])
def test_without_the_data_extra(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Without numpy or pyarrow, the NEMT table checks name the extra to install and the purpose."""
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(MissingDependencyError) as raised:
        {"numpy": _np, "pyarrow": _pa}[package]()
    assert raised.value.extra == "data"
    assert str(raised.value) == (
        f"checking NEMT trips over a table needs the optional package {package!r}, which is not "
        "installed; install it with: pip install 'tenncare-calc[data]'"
    )
