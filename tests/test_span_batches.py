"""Spans taken batch by batch (``SpanBatches``) give what the whole table gives, batches anywhere.

The command line reads a CSV file's spans batch by batch and keeps a packed key per span of the
year; these tests cut the rows into batches at drawn places (so a member's spans fall in different
batches, and spans that touch, overlap by one day or leave a one-day gap meet across a cut) and
compare with :func:`tenncare_calc.member_months` given the same rows as one table: the months,
members, spans in the year, rejected rows and the per-member part.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.columnar import read_columns
from tenncare_calc.columnar.compact_columns import CompactColumns
from tenncare_calc.enrollment import SPAN_COLUMNS, span_batches
from tenncare_calc.enrollment.span_batches import SpanBatches
from tests.strategies import YEARS, enrollment_spans
from tests.test_member_months import CONVENTION, reference

if TYPE_CHECKING:
    from pathlib import Path

#: How identifiers are written: numbers kept in keys, or forms that make the spans columns.
ID_FORMS = st.sampled_from(["M number", "number", "a text id later", "a large number later"])


@st.composite
def chained_spans(draw: st.DrawFn, year: int) -> list[tuple[Any, ...]]:
    """Return spans of a member each starting a drawn step after the previous one's end.

    The steps are the boundaries: the next day (touching), the same day (one day of overlap), two
    days on (a one-day gap), before the end (overlap) and before the start (an end before the
    start, rejected).
    """
    member = draw(st.integers(0, 5))
    day = draw(st.dates(dt.date(year - 1, 12, 20), dt.date(year, 12, 31)))
    spans: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.sampled_from([0, 1, 2, 30]))
        end = day + dt.timedelta(days=length)
        if draw(st.integers(0, 9)) == 0:
            end = day - dt.timedelta(days=draw(st.sampled_from([1, 2])))
        spans.append((member, day, end))
        day = max(day, end) + dt.timedelta(days=draw(st.sampled_from([-3, 0, 1, 2])))
    return spans


def _written(spans: list[tuple[Any, ...]], form: str, switch: int) -> list[tuple[Any, ...]]:
    """Return the spans with identifiers as text in ``form`` (from row ``switch`` on, for some)."""
    written = []
    for row, (member, start, end) in enumerate(spans):
        text = f"M{member}"
        if form == "number":
            text = str(member)
        elif form == "a text id later" and row >= switch:
            text = f"M{member}" if member % 2 else f"X{member}"
        elif form == "a large number later" and row >= switch:
            text = f"M{member + (1 << 45)}" if member % 2 else f"M{member}"
        written.append((text, start, end))
    return written


def _text_batch(spans: list[tuple[Any, ...]]) -> Any:
    """Return spans as the CSV reader gives a batch: every cell text, an empty end null."""
    return pa.record_batch(
        {
            "member_id": pa.array([s[0] for s in spans], pa.string()),
            "start_date": pa.array([s[1].isoformat() for s in spans], pa.string()),
            "end_date": pa.array([None if s[2] is None else s[2].isoformat() for s in spans]),
        }
    )


def _by_batches(
    spans: list[tuple[Any, ...]], cuts: list[int], year: int
) -> tuple[SpanBatches, CompactColumns]:
    """Return the spans taken batch by batch, the rows cut into batches at ``cuts``."""
    taken = SpanBatches(year)
    converter = CompactColumns(SPAN_COLUMNS, rows_hint=len(spans) // 2, reduce=taken)
    bounds = [0, *sorted(cut for cut in cuts if 0 < cut < len(spans)), len(spans)]
    for low, high in itertools.pairwise(bounds):
        if high > low:
            converter.add(_text_batch(spans[low:high]))
    return taken, converter


def _table(spans: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    return {
        "member_id": [s[0] for s in spans],
        "start_date": [s[1] for s in spans],
        "end_date": [s[2] for s in spans],
    }


@given(st.data(), YEARS, CONVENTION, ID_FORMS)
def test_batches_give_what_the_table_gives(
    data: st.DataObject, year: int, convention: str, form: str
) -> None:
    """Any cuts, any identifiers, ends before starts: the same figures, rows and members."""
    drawn = data.draw(enrollment_spans(year, max_spans=30))
    chains = data.draw(st.lists(chained_spans(year), max_size=3))
    drawn += [span for chain in chains for span in chain]
    drawn = data.draw(st.permutations(drawn)) if data.draw(st.booleans()) else drawn
    switch = data.draw(st.integers(0, max(len(drawn), 1)))
    written = _written(drawn, form, switch)
    cuts = data.draw(st.lists(st.integers(0, max(len(drawn), 1)), max_size=6))
    grow = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as patch:
        if grow:  # fewer keys reserved than spans come: the keys grow
            patch.setattr(span_batches, "_RESERVED_MIN", 1)
        taken, converter = _by_batches(written, cuts, year)
    per_member = data.draw(st.booleans())
    result = tc.member_months(
        taken, year=year, convention=convention, on_error="collect", per_member=per_member
    )
    whole = tc.member_months(
        _table(written), year=year, convention=convention, on_error="collect", per_member=per_member
    )
    assert result.to_dict() == whole.to_dict()
    assert result.rejected.equals(whole.rejected)
    valid = [s for s in written if s[2] is None or s[2] >= s[1]]
    assert result.by_month == reference(valid, year, convention)
    if per_member:  # identifiers as the file wrote them, in their order as text
        ids = converter.ids["member_id"].decode(result.per_member.column("member_id"))
        assert _as_text(result.per_member, ids) == _as_text(whole.per_member)


def _as_text(members: Any, ids: Any = None) -> list[dict[str, Any]]:
    """Return a per-member table's rows with identifiers as text, sorted by them."""
    ids = members.column("member_id") if ids is None else ids
    table = members.set_column(0, "member_id", ids.cast(pa.large_string()))
    return table.sort_by("member_id").to_pylist()


@given(st.data(), YEARS)
def test_reading_anew_forgets_the_first_read(data: st.DataObject, year: int) -> None:
    """``start`` begins again: a file read a second time counts its spans once."""
    drawn = data.draw(enrollment_spans(year, max_spans=20))
    taken, _converter = _by_batches(_written(drawn, "M number", 0), [], year)
    again = CompactColumns(SPAN_COLUMNS, reduce=taken)
    again.add(_text_batch(_written(drawn, "M number", 0)))
    result = tc.member_months(taken, year=year, on_error="collect")
    assert result.by_month == reference(drawn, year, "prorated")
    assert result.rows_in == len(drawn)


def test_a_file_read_batch_by_batch_names_its_lines(tmp_path: Path) -> None:
    """Rejected rows are the file's: a malformed line before them moves their numbers on."""
    path = tmp_path / "spans.csv"
    path.write_text(
        "member_id,start_date,end_date\n"
        "M1,2008-01-01,2008-01-31\n"
        "M1,2008-01-05\n"  # one cell short: line 3 left out by the reader
        "M2,2008-03-01,2008-02-28\n"  # line 4: ends before it starts
        "M2,2009-03-01,2009-02-28\n"  # line 5: outside the year, ends before it starts
        "M3,2008-13-01,\n"  # line 6: not a date
        "M4,2007-12-31,2008-01-01\n"
    )
    spans = SpanBatches(2008)
    columns = read_columns(path, kinds=SPAN_COLUMNS, reduce=spans)
    result = tc.member_months(spans, year=2008, on_error="collect")
    rows = columns.file_rows_of(result.rejected.column("row").to_numpy()).tolist()
    assert columns.lines_of(rows) == [4, 5]
    assert result.rejected.column("reason").to_pylist() == [
        "end_date 2008-02-28 is before start_date 2008-03-01",
        "end_date 2009-02-28 is before start_date 2009-03-01",
    ]
    assert [row for row, _ in columns.malformed] == [1, 4]
    assert columns.rows_in == 6
    assert columns.data.num_rows == 0
    assert result.member_days[dt.date(2008, 1, 1)] == 31 + 1
    assert (result.spans_in_year, result.members) == (2, 2)


def test_the_year_and_columns_are_those_read() -> None:
    """Spans kept for one year are not counted for another; their columns were named when read."""
    spans = SpanBatches(2008)
    with pytest.raises(tc.InvalidValueError, match="kept for 2008, not 2009"):
        tc.member_months(spans, year=2009)
    with pytest.raises(tc.InvalidValueError, match="named when read"):
        tc.member_months(spans, year=2008, columns={"member_id": "MEMBER"})


def test_raise_names_the_rows_that_end_before_they_start() -> None:
    """``on_error='raise'`` raises for a span that ends before it starts, as for a table."""
    taken, _ = _by_batches([("M1", dt.date(2008, 2, 1), dt.date(2008, 1, 1))], [], 2008)
    with pytest.raises(tc.RejectedRowsError, match="row 0: end_date 2008-01-01 is before"):
        tc.member_months(taken, year=2008)
