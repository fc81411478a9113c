"""Column values beyond ids and dates: moments, exact numbers, flags, choices and codes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Context, Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError
from tenncare_calc.columnar import (
    MICROS_PER_DAY,
    Column,
    ColumnKind,
    TableInput,
    choice_categories,
    choices,
    code_categories,
    codes,
    decimal_categories,
    decimals,
    decimals_by_block,
    flags,
    groups,
    kept_rows,
    minutes_decimals,
    moments,
    read_table,
    repeated_text,
    scaled_decimals,
    ten_thousandths_of_minutes,
    text_column,
    texts,
)
from tenncare_calc.columnar.columns import _cast_flags
from tenncare_calc.columnar.fixed_point import _scaled_by_pyarrow
from tenncare_calc.compliance import minutes_from_micros


def _table(values: object, name: str = "x") -> TableInput:
    return read_table({name: values}, [Column(name, ColumnKind.LABEL, nullable=True)], name="t")


def _rejected(table: TableInput) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = table.check(on_error="collect").rejected.to_pylist()
    return rows


class TestMoments:
    """Moments from text, dates and timestamps; rows without a readable value are rejected."""

    def test_text_forms(self) -> None:
        """Date-only text has no time; the four time forms do; bad text and nulls reject.

        ``12/23/2008`` (month first, as US exports write it) is read as the single-value reader
        reads it.
        """
        table, micros, timed = moments(
            _table(
                [
                    "2008-12-23",
                    "2008-12-23 09:30",
                    "2008-12-23T09:30",
                    "2008-12-23 09:30:15",
                    "2008-12-23T09:30:15",
                    " 2008-12-23 ",
                    "2008-02-30",
                    "12/23/2008",
                    None,
                    "",
                ]
            ),
            "x",
        )
        day = (dt.date(2008, 12, 23) - dt.date(1970, 1, 1)).days * MICROS_PER_DAY
        minute = 60_000_000
        assert micros[:6].tolist() == [
            day,
            day + 570 * minute,
            day + 570 * minute,
            day + 570 * minute + 15_000_000,
            day + 570 * minute + 15_000_000,
            day,
        ]
        assert timed[:6].tolist() == [False, True, True, True, True, False]
        assert micros[7] == day
        assert not timed[7]
        assert [r["row"] for r in _rejected(table)] == [6, 8, 9]
        assert _rejected(table)[1]["reason"] == "x is null"

    def test_dates_and_timestamps(self) -> None:
        """Arrow dates have no time of day; timestamps do (zone-aware gives local time)."""
        _, micros, timed = moments(_table(pa.array([dt.date(1970, 1, 2)])), "x")
        assert (micros.tolist(), timed.tolist()) == ([MICROS_PER_DAY], [False])
        aware = pa.array(
            [dt.datetime(2008, 7, 1, 12, tzinfo=dt.UTC)], pa.timestamp("s", tz="America/Chicago")
        )
        _, micros, timed = moments(_table(aware), "x")
        local = dt.datetime(2008, 7, 1, 7) - dt.datetime(1970, 1, 1)  # noqa: DTZ001 - CDT = UTC-5
        assert micros.tolist() == [int(local.total_seconds()) * 1_000_000]
        assert timed.tolist() == [True]

    def test_all_null_and_wrong_type(self) -> None:
        """An all-null column rejects every row; numbers are not moments."""
        table, _, _ = moments(_table([None, None]), "x")
        assert len(_rejected(table)) == 2
        with pytest.raises(InvalidInputError, match="must hold dates or times"):
            moments(_table([1, 2]), "x")


class TestDecimals:
    """Numbers are exact decimals; floats through their shortest text (M1)."""

    @given(st.decimals(0, 10**12, places=8))
    def test_text_round_trips(self, number: Decimal) -> None:
        """Any decimal text with up to 30 digits a side reads back exactly."""
        _, values = decimals(_table([str(number)]), "x")
        assert values.to_pylist()[0] == number

    @given(st.floats(0, 1e12, allow_nan=False))
    def test_floats_use_their_shortest_text(self, number: float) -> None:
        """58.2 means Decimal('58.2'); a value needing more than 30 decimals is rejected."""
        table, values = decimals(_table([number]), "x")
        exact = Decimal(repr(number))
        if exact == exact.quantize(Decimal("1E-30"), context=Context(prec=80)):
            assert values.to_pylist()[0] == exact
            assert _rejected(table) == []
        else:
            assert [r["row"] for r in _rejected(table)] == [0]

    def test_bad_numbers(self) -> None:
        """Null, negative, non-finite and unreadable values reject their rows; bools are errors."""
        table, values = decimals(_table(pd.Series([1.5, None, -1.0, float("inf")])), "x")
        assert values.to_pylist()[0] == Decimal("1.5")
        assert [r["reason"] for r in _rejected(table)] == [
            "x is null",
            "x must be >= 0 (got -1)",
            "x inf is not a finite number",
        ]
        table, _ = decimals(_table(["1e40", "0.1", "1e-40", "abc"]), "x")
        assert [r["row"] for r in _rejected(table)] == [0, 2, 3]
        with pytest.raises(InvalidInputError, match="must hold numbers"):
            decimals(_table([True]), "x")
        table, _ = decimals(_table(pa.array([1, 2], pa.int32())), "x")
        assert _rejected(table) == []


class TestFlagsChoicesCodes:
    """Yes/no flags, choices from a list, and codes."""

    def test_flags(self) -> None:
        """Booleans, 0/1 and the usual words, in any case; others reject; absent means default."""
        table, values = flags(_table(["Yes", "n", "TRUE", "0", "1", "maybe", None]), "x")
        assert values[:5].tolist() == [True, False, True, False, True]
        assert [r["row"] for r in _rejected(table)] == [5, 6]
        _, values = flags(_table([1.0, 0.0]), "x")
        assert values.tolist() == [True, False]
        _, values = flags(_table(["a"]), "absent", default=True)
        assert values.tolist() == [True]

    @given(
        st.lists(
            st.one_of(
                st.none(),
                st.sampled_from(["yes", " No ", "TRUE", "f", "1", "0", "Y", "maybe", "", "nO"]),
                st.text(alphabet="yesnotrufalYESNO 01", max_size=6),
            ),
            max_size=40,
        )
    )
    @example(["true", "FALSE", "1", "0", "tRuE", None])
    @example(["true", "false", "yes"])
    def test_flags_of_text_are_each_row_read_alone(self, texts: list[str | None]) -> None:
        """A text column's flags (read once per distinct text) are each row's own reading."""
        table, values = flags(_table(pa.array(texts, pa.string())), "x")
        words = [None if text is None else text.strip().lower() for text in texts]
        truthy = ("true", "yes", "y", "1", "t")
        known = (*truthy, "false", "no", "n", "0", "f")
        assert values.tolist() == [word in truthy for word in words]
        assert [r["row"] for r in _rejected(table)] == [
            row for row, word in enumerate(words) if word not in known
        ]

    def test_flags_of_a_slice_with_nulls(self) -> None:
        """A sliced text column read by the cast reads its own rows; a null row is false."""
        text = pa.array(["false", "true", None, "TRUE", "0"], pa.string()).slice(1, 3)
        table, values = flags(_table(text), "x")
        assert values.tolist() == [True, False, True]
        assert [r["row"] for r in _rejected(table)] == [1]

    def test_flags_cast_from_a_chunked_column(self) -> None:
        """A column given as chunks (not one array) is read by the cast as one (review, stop 24)."""
        chunked = pa.chunked_array([["true", None], ["FALSE", "1"]])
        assert _cast_flags(chunked).tolist() == [True, False, False, True]

    def test_choices(self) -> None:
        """Trimmed, lower-cased; nulls give None when allowed, else reject."""
        table, values = choices(
            _table([" Urgent", "emergency", "later", None]), "x", ("urgent", "emergency")
        )
        assert values[:2].tolist() == ["urgent", "emergency"]
        assert [r["reason"] for r in _rejected(table)] == [
            "x 'later' is not one of urgent, emergency",
            "x is null",
        ]
        table, values = choices(_table([None]), "x", ("a",), nullable=True)
        assert (values.tolist(), _rejected(table)) == ([None], [])

    def test_codes(self) -> None:
        """11, 11.0, ' 11 ' and 'a1' read as '11' and 'A1'; 11.5 and empty reject."""
        table, values = codes(_table(pd.Series([11.0, 11.5, None])), "x")
        assert values[0] == "11"
        assert [r["row"] for r in _rejected(table)] == [1, 2]
        _, values = codes(_table([" a1 ", "11"]), "x")
        assert values.tolist() == ["A1", "11"]

    def test_texts(self) -> None:
        """Labels keep their case; whole numbers read as text; empty rejects."""
        table, values = texts(_table([" Office ", "er", ""]), "x")
        assert values[:2].tolist() == ["Office", "er"]
        assert [r["row"] for r in _rejected(table)] == [2]
        _, values = texts(_table([7.0, 8.5]), "x")
        assert values.tolist() == ["7", "8.5"]


#: Labels as they come in data: padded, mixed case, blank, whole-number floats, repeated.
LABELS = st.one_of(
    st.none(),
    st.sampled_from([" a1 ", "A1", "a1", "19", " 19", "", "  ", "Urgent", "urgent ", "routine"]),
    st.text(alphabet=" aAbB1\u00df\u00a0", max_size=3),
)


def _obvious_text(array: pa.Array, case: str) -> list[str | None]:
    """Return labels read row by row: trimmed, cased, blank as None (as the checks read them)."""
    text = pc.utf8_trim_whitespace(array.cast(pa.large_string()))
    text = pc.utf8_upper(text) if case == "upper" else pc.utf8_lower(text)
    return [None if value == "" else value for value in text.to_pylist()]


def _float(text: str | None) -> float | None:
    try:
        return float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class TestColumnarFastPaths:
    """The fast paths the batch checks use give what the obvious row-by-row way gives."""

    @given(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=40))
    def test_scaled_decimals_are_exact(self, values: list[int]) -> None:
        """Every int64 in 1/10,000 is the exact decimal, as Python's Decimal writes it."""
        array = np.array(values, dtype=np.int64)
        result = scaled_decimals(array)
        assert result.type == pa.decimal128(19, 4)
        assert result.to_pylist() == [Decimal(value).scaleb(-4) for value in values]
        assert result.equals(_scaled_by_pyarrow(array))

    def test_scaled_decimals_over_several_blocks(self) -> None:
        """Rows beyond the first block are written too (70,000 rows, extremes included)."""
        values = np.random.default_rng(5).integers(-(2**63), 2**63 - 1, 70_000, dtype=np.int64)
        values[[0, 32_767, 32_768, 69_999]] = [-(2**63), 2**63 - 1, -1, 0]
        assert scaled_decimals(values).equals(_scaled_by_pyarrow(values))
        assert scaled_decimals(values[::2]).equals(_scaled_by_pyarrow(values[::2]))

    def test_decimals_by_block(self) -> None:
        """The blocks cover every row once, in order; each block's values land on its rows."""
        rows = 100_000
        seen: list[slice] = []

        def values(block: slice) -> np.ndarray:
            seen.append(block)
            return np.arange(rows, dtype=np.int64)[block] * 3 - 7

        column = decimals_by_block(rows, values)
        assert [(b.start, b.stop) for b in seen] == [
            (start, min(start + 32_768, rows)) for start in range(0, rows, 32_768)
        ]
        assert column.equals(scaled_decimals(np.arange(rows, dtype=np.int64) * 3 - 7))
        assert decimals_by_block(0, values).equals(pa.array([], pa.decimal128(19, 4)))

    @given(st.lists(st.integers(-(10**17), 10**17), max_size=40))
    def test_minutes_decimals(self, micros: list[int]) -> None:
        """Microseconds as minutes: as the scalar findings show them, and as the two steps give."""
        array = np.array(micros, dtype=np.int64)
        result = minutes_decimals(array)
        assert result.to_pylist() == [minutes_from_micros(value) for value in micros]
        assert result.equals(scaled_decimals(ten_thousandths_of_minutes(array)))

    @given(
        st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=1, max_size=4),
        st.data(),
    )
    def test_text_column(self, texts_: list[str | None], data: st.DataObject) -> None:
        """Row i holds texts[index[i]], as a large_string column built row by row would.

        Each text is stored once: the column is dictionary-encoded, and decodes to those rows.
        """
        index = data.draw(st.lists(st.integers(0, len(texts_) - 1), max_size=30))
        result = text_column(np.array(index, dtype=np.int64), texts_)
        assert result.type == pa.dictionary(pa.int32(), pa.large_string())
        expected = pa.array([texts_[i] for i in index], pa.large_string())
        assert result.dictionary_decode().equals(expected)
        assert result.to_pylist() == expected.to_pylist()

    @given(st.lists(st.booleans(), max_size=20))
    def test_text_column_from_a_condition(self, met: list[bool]) -> None:
        """A boolean index picks the second text where true."""
        result = text_column(np.array(met, dtype=bool), ("not_met", "met"))
        assert result.to_pylist() == ["met" if m else "not_met" for m in met]

    @given(st.text(max_size=5), st.integers(0, 30))
    def test_repeated_text(self, text: str, rows: int) -> None:
        """The same as a list of the text, rows times (the text stored once)."""
        result = repeated_text(text, rows)
        assert result.type == pa.dictionary(pa.int32(), pa.large_string())
        assert result.dictionary_decode().equals(pa.array([text] * rows, pa.large_string()))

    @given(
        st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), max_size=30),
        st.sampled_from([(3, 4), (3, 10**6), (10**6, 10**6), (1, 4), (1, 1)]),
    )
    def test_groups(self, drawn: list[tuple[int, int]], counts: tuple[int, int]) -> None:
        """Rows share a group exactly when their codes agree; groups follow the codes' order."""
        pairs = [(a % counts[0], b % counts[1]) for a, b in drawn]
        first = np.array([a for a, _ in pairs], dtype=np.int64)
        second = np.array([b for _, b in pairs], dtype=np.int64)
        group, row = groups((first, counts[0]), (second, counts[1]))
        distinct = sorted(set(pairs))
        assert group.tolist() == [distinct.index(pair) for pair in pairs]
        assert list(zip(first[row].tolist(), second[row].tolist(), strict=True)) == distinct

    @given(st.lists(st.booleans(), max_size=20))
    def test_kept_rows(self, rejected: list[bool]) -> None:
        """Indexing with kept_rows picks the usable rows, as their positions do."""
        values = np.arange(len(rejected)) * 10
        table = _table(list(range(len(rejected))))
        checked = table.reject(np.array(rejected, dtype=bool), "no").check(on_error="collect")
        kept = kept_rows(checked)
        assert values[kept].tolist() == values[checked.positions()].tolist()
        assert isinstance(kept, slice) == (not any(rejected))

    @given(st.lists(LABELS, max_size=25), st.booleans())
    def test_code_categories(self, labels: list[str | None], encoded: bool) -> None:
        """Codes read once per distinct value equal codes read row by row; so do the rejections."""
        array = pa.array(labels, pa.string())
        table, found = code_categories(_table(array.dictionary_encode() if encoded else array), "x")
        expected = _obvious_text(array, "upper")
        assert found.to_numpy().tolist() == expected
        assert found.column().to_pylist() == expected
        assert len(set(found.values())) == len(found.values())
        assert _rejected(table) == [
            {"row": i, "reason": "x is null"} for i, v in enumerate(expected) if v is None
        ]
        assert codes(_table(array), "x")[1].tolist() == expected

    @given(st.lists(LABELS, max_size=25), st.booleans())
    def test_choice_categories(self, labels: list[str | None], nullable: bool) -> None:
        """Choices read once per distinct value equal choices read row by row."""
        array = pa.array(labels, pa.string())
        options = ("urgent", "routine")
        table, found = choice_categories(_table(array), "x", options, nullable=nullable)
        expected = _obvious_text(array, "lower")
        assert found.to_numpy().tolist() == expected
        reasons = []
        for row, value in enumerate(expected):
            if value is None and not nullable:
                reasons.append({"row": row, "reason": "x is null"})
            elif value is not None and value not in options:
                reason = f"x '{labels[row]}' is not one of urgent, routine"
                reasons.append({"row": row, "reason": reason})
        assert _rejected(table) == reasons

    @given(
        st.lists(
            st.one_of(
                st.none(),
                st.sampled_from(["30", " 30.0", "1e2", "-3", "abc", "0.1", "1e-40"]),
                # forms pyarrow's cast of a whole column reads too, or refuses (read alone then)
                st.sampled_from(
                    [".5", "+1.5", "5.", "1E3", "1,000", "$5", "00.50", "1.e2", "", "1e400"]
                ),
                st.sampled_from(["-.5", "-0", "1" * 31, "0." + "1" * 31, "1.5e+2", "0x10"]),
                # an exponent pyarrow's cast would read as 0 (found by Hypothesis)
                st.sampled_from(["7.593511982797345e-252", "1e-300", "2E+400"]),
                st.floats(-5, 200, allow_nan=False).map(str),
            ),
            max_size=25,
        ),
        st.booleans(),
    )
    def test_decimal_categories(self, numbers: list[str | None], as_floats: bool) -> None:
        """Numbers read once per distinct value equal each number read on its own row."""
        array = pa.array(numbers, pa.string())
        if as_floats:
            array = pa.array([_float(number) for number in numbers], pa.float64())
        table, found = decimal_categories(_table(array), "x")
        column_table, column = decimals(_table(array), "x")
        assert column.equals(found.column())
        alone = [decimals(_table(array.slice(i, 1)), "x") for i in range(len(array))]
        assert column.to_pylist() == [values.to_pylist()[0] for _, values in alone]
        assert (
            _rejected(table)
            == _rejected(column_table)
            == [
                {"row": i, "reason": _rejected(one)[0]["reason"]}
                for i, (one, _) in enumerate(alone)
                if _rejected(one)
            ]
        )


def test_the_package_imports_without_the_data_extra() -> None:
    """The package and its scalar checks import and run without numpy or pyarrow."""
    script = (
        "import sys\n"
        "for name in ('numpy', 'pyarrow', 'pandas', 'polars'):\n"
        "    sys.modules[name] = None\n"
        "import datetime as dt\n"
        "import tenncare_calc as tc\n"
        "f = tc.access_timeliness('20', requested_at=dt.date(2008, 10, 1),"
        " appointment_at=dt.date(2008, 10, 2))\n"
        "assert f.met\n"
        "assert tc.sample_enrollees(range(10), seed=1).taken_whole\n"
        "try:\n"
        "    tc.access_distance_table({'service_code': ['20'], 'distance_miles': [1]})\n"
        "except tc.MissingDependencyError as error:\n"
        "    assert error.extra == 'data'\n"
        "else:\n"
        "    raise AssertionError('expected MissingDependencyError')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)  # noqa: S603 - a constant script
