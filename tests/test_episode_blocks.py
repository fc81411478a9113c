"""Episodes swept a block of stays at a time give what one block gives, blocks of any size.

The sweep that merges each member's stays into episodes carries the furthest discharge so far
from block to block; with blocks of one, two or three stays a member's stays, a transfer on the
discharge day and a readmission the next day fall across block bounds. Compared with the counts
and the index episodes of one block, and with the reference built stay by stay.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.enrollment import episodes
from tests.strategies import YEARS, inpatient_stays
from tests.test_community_tenure import THROUGH_DAYS, as_table, reference


@given(st.data(), YEARS, THROUGH_DAYS, st.sampled_from([1, 2, 3, 7]))
def test_any_block_size_gives_the_same_episodes(
    data: st.DataObject, year: int, through_days: int, block: int
) -> None:
    """Counts, episodes and the index episodes' rows do not depend on the block size."""
    stays = data.draw(inpatient_stays(year, max_stays=30))
    through = dt.date(year, 12, 31) + dt.timedelta(days=through_days)
    options = {"year": year, "data_through": through, "window_days": 30, "index_episodes": True}
    whole = tc.community_tenure(as_table(stays), **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(episodes, "_BLOCK", block)
        blocked = tc.community_tenure(as_table(stays), **options)
    assert blocked.to_dict() == whole.to_dict()
    assert blocked.index_episodes.equals(whole.index_episodes)
    expected = reference(stays, year, through, 30).pop("all")
    assert [blocked.denominator, blocked.readmitted, blocked.incomplete] == expected
