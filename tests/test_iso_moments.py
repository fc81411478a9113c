"""The fixed-width ISO moment and date readers against the pattern readers they stand before.

A cell the fixed-width reader reads must be one the pattern reader (strptime and its round trip)
reads, to the same microsecond and with the same time-of-day flag; every other cell must be left
to it. Cells are drawn on both sides of every line: the widths, each separator, each field's
range (month 0/1/12/13, day 0/1/last/last + 1, hour 23/24, minute and second 59/60), leap days,
years 999/1000/9999, and stray characters.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc.columnar.column_batches import numpy_valid, text_offsets
from tenncare_calc.columnar.column_kinds import _text_dates
from tenncare_calc.columnar.iso_moments import _cast, iso_moments
from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
from tenncare_calc.columnar.times import _other_forms, _patterns, moments


def _by_patterns(cells: list[str | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return what the pattern reader alone reads of ``cells`` (the reader before this one)."""
    text = pa.array(cells, pa.large_string())
    rows = np.flatnonzero(~np.asarray(text.is_null()))
    read = np.zeros(len(cells), dtype=bool)
    micros = np.zeros(len(cells), dtype=np.int64)
    timed = np.zeros(len(cells), dtype=bool)
    if len(rows):
        _patterns(text.take(pa.array(rows)), rows, micros, timed, read)
    return read, micros, timed


def _field(value: int, width: int) -> st.SearchStrategy[str]:
    """Return a field written with every leading zero, or without them, or one digit too many."""
    return st.sampled_from([f"{value:0{width}d}", str(value), f"{value:0{width + 1}d}"])


@st.composite
def cells(draw: st.DrawFn) -> str | None:
    """Return a cell near one of the lines the readers draw."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.none(), st.text(alphabet="0123456789-: T/x", max_size=20)))
    year = draw(st.sampled_from([999, 1000, 1970, 2000, 2008, 2100, 9999]))
    month = draw(st.sampled_from([0, 1, 2, 11, 12, 13]))
    day = draw(st.sampled_from([0, 1, 28, 29, 30, 31, 32]))
    text = f"{draw(_field(year, 4))}-{draw(_field(month, 2))}-{draw(_field(day, 2))}"
    form = draw(st.sampled_from(["date", "minutes", "seconds"]))
    if form != "date":
        hour = draw(st.sampled_from([0, 9, 23, 24]))
        minute = draw(st.sampled_from([0, 59, 60]))
        separator = draw(st.sampled_from([" ", "T", "_", "  "]))
        text += f"{separator}{draw(_field(hour, 2))}:{draw(_field(minute, 2))}"
        if form == "seconds":
            text += f":{draw(_field(draw(st.sampled_from([0, 30, 59, 60])), 2))}"
    return text + draw(st.sampled_from(["", "", "", "Z", "x"]))


@st.composite
def padded_cells(draw: st.DrawFn) -> str | None:
    """Return a cell as :func:`cells` draws it, sometimes blank or with spaces around it."""
    cell = draw(cells())
    pad = draw(st.sampled_from(["", "", " ", "\t", "  "]))
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["", " ", "\t"]))
    if cell is None:
        return None
    return draw(st.sampled_from([pad + cell, cell + pad, pad + cell + pad]))


def _moments_before(drawn: list[str | None]) -> tuple[np.ndarray, ...]:
    """Return what the reader before this one made of a column (read, micros, time, null).

    Every cell trimmed (a blank one null) and read by pattern, then in the other forms.
    """
    text = pa.array(drawn, pa.large_string())
    trimmed = pc.utf8_trim_whitespace(text)
    trimmed = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
    read = np.zeros(len(drawn), dtype=bool)
    micros = np.zeros(len(drawn), dtype=np.int64)
    timed = np.zeros(len(drawn), dtype=bool)
    null = np.asarray(trimmed.is_null())
    rows = np.flatnonzero(~null)
    if len(rows):
        _patterns(trimmed.take(pa.array(rows)), rows, micros, timed, read)
    left = rows[~read[rows]]
    if len(left):
        _other_forms(trimmed.take(pa.array(left)), left, micros, timed, read)
    return read, micros, timed, null


_FIRST = dt.datetime.fromisoformat("1000-01-01T00:00")
_LAST = dt.datetime.fromisoformat("9999-12-31T23:59:59")


class TestIsoMoments:
    """What the fixed-width reader reads, the pattern reader reads the same."""

    @given(st.lists(cells(), min_size=1, max_size=40))
    @example(["2008-02-29", "2009-02-29", "2008-12-31 23:59:59", "1000-01-01T00:00", "0999-01-01"])
    def test_read_cells_are_the_pattern_readers(self, drawn: list[str | None]) -> None:
        """Each cell read here is read there with the same microseconds and time of day."""
        read, micros, timed = iso_moments(pa.array(drawn, pa.large_string()))
        want_read, want_micros, want_timed = _by_patterns(drawn)
        assert not (read & ~want_read).any(), [
            c for c, r in zip(drawn, read & ~want_read, strict=True) if r
        ]
        assert (micros[read] == want_micros[read]).all()
        assert (timed[read] == want_timed[read]).all()

    @given(
        st.datetimes(min_value=_FIRST, max_value=_LAST),
        st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]),
    )
    def test_every_canonical_cell_is_read_here(self, moment: dt.datetime, form: str) -> None:
        """A moment written in one of the forms, every field in range, is read here, exactly."""
        text = moment.strftime(form)
        read, micros, timed = iso_moments(pa.array([text], pa.large_string()))
        assert read.tolist() == [True]
        shown = dt.datetime.strptime(text, form)  # noqa: DTZ007 - naive, as contract data
        assert micros[0] == (shown - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)  # noqa: DTZ001
        assert timed[0] == (form != "%Y-%m-%d")

    @given(st.lists(cells(), min_size=1, max_size=40))
    def test_moments_read_as_before(self, drawn: list[str | None]) -> None:
        """A column of moments reads as the pattern reader alone read it (then the other forms)."""
        table = read_table({"at": drawn}, [Column("at", ColumnKind.LABEL, nullable=True)], name="t")
        _, micros, timed = moments(table, "at", nullable=True)
        want_read, want_micros, want_timed = _by_patterns(drawn)
        assert (micros[want_read] == want_micros[want_read]).all()
        assert (timed[want_read] == want_timed[want_read]).all()

    @pytest.mark.parametrize(
        "canonical", ["2008-12-31", "2008-12-31 23:59", "2008-12-31T23:59", "2008-12-31 23:59:59"]
    )
    def test_one_stray_character_anywhere(self, canonical: str) -> None:
        """A cell with any one character replaced is read here only as the pattern reader reads it.

        Every position of every form, with each separator, a digit, a letter and the next byte
        above the digits: a check of one separator or one field's range left out reads a cell
        here that the pattern reader refuses, or reads it to another microsecond.
        """
        drawn = [
            canonical[:at] + stray + canonical[at + 1 :]
            for at in range(len(canonical))
            for stray in "x:- T/0369" + chr(ord("9") + 1) + chr(ord("0") - 1)
        ] + [canonical[:-2] + "60", canonical.replace("23", "24"), canonical]
        read, micros, timed = iso_moments(pa.array(drawn, pa.large_string()))
        want_read, want_micros, want_timed = _by_patterns(drawn)
        # a year before 1000 ("0008") is left to the pattern reader on purpose
        want_read &= np.array([not cell.startswith("0") for cell in drawn])
        assert (read == want_read).all(), [
            cell for cell, r, w in zip(drawn, read, want_read, strict=True) if r != w
        ]
        assert (micros[read] == want_micros[read]).all()
        assert (timed[read] == want_timed[read]).all()

    @given(st.lists(cells(), min_size=1, max_size=20))
    @example(["2008-12-31 23", "2008-12-31T23", "0000-01-01 10:00", "0999-12-31", "2008-02-29"])
    @example(["2008-12-31 23:59+01", "2008-12-31 23:59Z", "2008-12-31 23:59:59.5", "2009-02-29"])
    def test_a_cell_alone_reads_as_in_a_column_of_others(self, drawn: list[str | None]) -> None:
        """A cell alone (pyarrow's ISO cast reads the column if it reads the cell) reads as the digits do.

        With a cell the cast refuses after it (``x``), the column is read digit by digit: the
        cast's reading must be that one, cell for cell (a width-13 ``HH`` form, a year before
        1000 and year 0 are left to the pattern reader either way).
        """
        for cell in drawn:
            alone = iso_moments(pa.array([cell], pa.large_string()))
            among = iso_moments(pa.array([cell, "x"], pa.large_string()))
            assert [part.tolist() for part in alone] == [part[:1].tolist() for part in among], cell

    @given(
        st.lists(
            st.one_of(
                st.none(),
                st.builds(
                    dt.datetime.strftime,
                    st.datetimes(min_value=_FIRST, max_value=_LAST),
                    st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]),
                ),
            ),
            min_size=1,
            max_size=40,
        )
    )
    def test_a_column_the_cast_reads_reads_as_the_digits(self, drawn: list[str | None]) -> None:
        """A column of well-formed cells and nulls, read by the cast, reads as digit by digit."""
        text = pa.array(drawn, pa.large_string())
        read = np.zeros(len(drawn), dtype=bool)
        micros = np.zeros(len(drawn), dtype=np.int64)
        timed = np.zeros(len(drawn), dtype=bool)
        widths = np.diff(np.asarray(text_offsets(text), dtype=np.int64))
        assert _cast(text, widths, numpy_valid(text), read=read, micros=micros, timed=timed)
        among = iso_moments(pa.array([*drawn, "x"], pa.large_string()))
        assert [read.tolist(), micros.tolist(), timed.tolist()] == [
            part[:-1].tolist() for part in among
        ]

    def test_a_sliced_column_is_read_at_its_offset(self) -> None:
        """A slice of a larger array reads its own cells, not the array's first ones."""
        text = pa.array(["2008-01-01", "2008-01-02 10:00", None, "x"], pa.large_string())
        read, micros, timed = iso_moments(text.slice(1, 3))
        assert read.tolist() == [True, False, False]
        cast = iso_moments(text.slice(1, 2))  # no "x": read by the cast
        assert [part.tolist() for part in cast] == [
            part[:2].tolist() for part in (read, micros, timed)
        ]
        assert timed.tolist() == [True, False, False]
        assert micros[0] == (dt.datetime(2008, 1, 2, 10) - dt.datetime(1970, 1, 1)) // dt.timedelta(  # noqa: DTZ001
            microseconds=1
        )


def _dates_by_pattern(cells: list[str | None]) -> tuple[list[object], list[bool]]:
    """Return what ``strptime`` and its round trip alone make of date cells (the reader before)."""
    text = pa.array(cells, pa.large_string())
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True).cast(pa.date32())
    canonical = pc.fill_null(
        pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text), fill_value=False
    )
    bad = pc.and_(pc.is_valid(text), pc.invert(canonical))
    return pc.if_else(bad, pa.scalar(None, pa.date32()), parsed).to_pylist(), bad.to_pylist()


class TestTextDates:
    """A date column read from text reads as the pattern reader alone read it."""

    @given(st.lists(cells(), min_size=1, max_size=40))
    @example(["2008-02-30", "2008-1-5", "0999-01-01", "2008-02-29", "2008-01-01 10:00", None])
    def test_dates_read_as_before(self, drawn: list[str | None]) -> None:
        """The same cells are dates, the same dates, and the same cells are refused."""
        dates, refused = _text_dates(pa.array(drawn, pa.large_string()))
        want_dates, want_refused = _dates_by_pattern(drawn)
        assert dates.to_pylist() == want_dates
        assert refused.tolist() == want_refused


@given(st.lists(padded_cells(), min_size=1, max_size=30))
@example(["2008-01-01 10:00", " 2008-01-01", "", "  ", None, "1/5/2008", " 1/5/2008 "])
def test_a_column_reads_as_before(drawn: list[str | None]) -> None:
    """Every cell is read, refused or null as before, to the same microsecond and time of day."""
    table = read_table({"at": drawn}, [Column("at", ColumnKind.LABEL, nullable=True)], name="t")
    table, micros, timed = moments(table, "at", nullable=True)
    read, want_micros, want_timed, null = _moments_before(drawn)
    refused = table.check(on_error="collect").rejected.column("row").to_pylist()
    assert refused == np.flatnonzero(~read & ~null).tolist()
    assert (micros[read] == want_micros[read]).all()
    assert (timed[read] == want_timed[read]).all()
    assert not timed[null].any()
