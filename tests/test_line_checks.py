"""The CSV line checker (``csv_lines``): its quick scan for quotes, and blocks checked later.

The scan decides whether a block's lines are checked one by one; it must say "suspect" for every
block the plain rule would (odd quotes on a line, or a quote not at a cell's edge). It is compared
with that rule written plainly, on any mix of the characters that matter. Blocks whose lines are
checked on the parser's thread (``checked_blocks``) must come out as blocks checked as they are
read.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc.columnar.csv_lines import _quotes_suspect


def _plainly_suspect(data: bytes) -> bool:
    """Return the rule line by line: odd quotes, or a quote with no cell edge on either side."""
    edges = {ord(","), ord("\n"), ord('"'), ord("\r")}
    lines = data.split(b"\n")
    if any(line.count(b'"') % 2 for line in lines):
        return True
    for at in np.flatnonzero(np.frombuffer(data, np.uint8) == ord('"')).tolist():
        before = data[at - 1] if at > 0 else ord("\n")
        after = data[at + 1] if at + 1 < len(data) else data[at]
        if before not in edges and after not in edges:
            return True
    return False


@given(st.binary(max_size=60).map(lambda raw: bytes(b'a,"\n\rx'[b % 6] for b in raw)))
@example(b'1,"a,b",3\n2,"open,4\n')
@example(b'x"y,"z\n')
@example(b'"a","b"\n"c",d\n')
@example(b'"')
def test_the_scan_is_the_plain_rule(data: bytes) -> None:
    """Suspect exactly when the plain rule finds an odd line or a quote off a cell's edge."""
    assert _quotes_suspect(data, 0, len(data)) == _plainly_suspect(data)


@given(st.binary(min_size=1, max_size=60).map(lambda raw: bytes(b'a,"\n'[b % 4] for b in raw)))
def test_a_slice_is_scanned_alone(data: bytes) -> None:
    """Scanning ``data[start:end]`` of a larger buffer is scanning those bytes on their own."""
    padded = b'"x' + data + b'y"'
    assert _quotes_suspect(padded, 2, 2 + len(data)) == _quotes_suspect(data, 0, len(data))


@given(
    st.lists(
        st.sampled_from(
            [b"1,a\n", b'2,"b"\n', b'3,"c\n', b"4,\xe9\n", b"5,a\rb\n", b'x"y,"z\n', b"6,d"]
        ),
        max_size=15,
    )
)
def test_blocks_checked_later_are_the_blocks_checked_at_once(lines: list[bytes]) -> None:
    """Checking each block on the parser's thread gives the same lines, stand-ins and reasons."""
    import io  # noqa: PLC0415

    from tenncare_calc.columnar.csv_lines import LineStream  # noqa: PLC0415

    data = b"".join(lines)
    at_once = LineStream(io.BytesIO(data), columns=2)
    later = LineStream(io.BytesIO(data), columns=2)
    reasons: dict[int, str] = {}
    checked = [block.checked(reasons) for block in later.checked_blocks()]
    assert b"".join(text for text, _ in checked) == b"".join(at_once.blocks())
    assert reasons == at_once.reasons
    assert sum(replaced for _, replaced in checked) == at_once.replaced


_CELLS = [b"1", b'"a"', b'"a,b"', b'"c', b'd"', b'x"y', b'""', b'"e""f"', b"", b'"g\r']


@given(
    st.lists(
        st.lists(st.sampled_from(_CELLS), min_size=1, max_size=3).map(b",".join),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
@example(lines=[b'1,"a', b"2,b"], last_break=False)
@example(lines=[b'"c', b'd",1'], last_break=True)
@example(lines=[b"1,a", b'2,"b'], last_break=True)
@example(lines=[b'"c,d"', b'x"y,"z'], last_break=True)
def test_a_block_parsed_as_is_reads_as_a_block_checked_first(
    lines: list[bytes], last_break: bool
) -> None:
    """Parsing a block before its quotes are scanned gives the rows and reasons the scan gives.

    The parse is kept only when pyarrow gets a row from every line and the last line closes its
    quotes; otherwise the block is checked line by line, as it always was before.
    """
    import io  # noqa: PLC0415
    from unittest import mock  # noqa: PLC0415

    from tenncare_calc.columnar import csv_blocks  # noqa: PLC0415
    from tenncare_calc.columnar.csv_blocks import _Blocks  # noqa: PLC0415

    data = b"\n".join(lines) + (b"\n" if last_break else b"")

    def read() -> tuple[list[dict[str, object]], list[tuple[int, str]]]:
        left_out: list[tuple[int, str]] = []
        raw = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
        batches = csv_blocks.csv_blocks(
            raw, ["p", "q"], ["p", "q"], progress=None, left_out=left_out
        )
        return [row for batch in batches for row in batch.to_pylist()], sorted(left_out)

    as_is = read()
    with mock.patch.object(_Blocks, "_parsed_as_is", return_value=None):
        checked_first = read()
    assert as_is == checked_first


class _Pipe:
    """A file that cannot seek (a pipe, standard input): reads only."""

    def __init__(self, data: bytes) -> None:
        import io  # noqa: PLC0415

        self._raw = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` bytes."""
        return self._raw.read(size)

    def seekable(self) -> bool:
        """Return False: a pipe."""
        return False


_LINES = [
    b"1,a\n", b'2,"b"\n', b'3,"c\n', b"4,\xe9\n", b"5,a\rb\n", b"6," + b"x" * 40 + b"\n",
    b"9,\xe9" + b"z" * 30 + b"\n",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_LINES), max_size=20),
    st.sampled_from([b"", b"7,d", b"8," + b"y" * 30]),
    st.sampled_from([5, 8, 13, 36, 64, 4 << 20]),
    st.sampled_from([20, 1 << 20]),
)
@example(lines=[b"1,a\n", b"6," + b"x" * 40 + b"\n"], last=b"7,d", chunk=8, longest=1 << 20)
@example(lines=[b"6," + b"x" * 40 + b"\n", b"1,a\n", b"2,b\n"], last=b"", chunk=13, longest=20)
@example(lines=[b"1,a\n", b"9,\xe9" + b"z" * 30 + b"\n"], last=b"", chunk=36, longest=20)
def test_a_file_that_seeks_reads_as_a_pipe(
    lines: list[bytes], last: bytes, chunk: int, longest: int
) -> None:
    """A file read again from each read's unfinished line gives the blocks a pipe's reading gives.

    Reads of a few bytes put a read's end inside lines of every kind (longer than a read, and
    longer than the longest line read, too), and the last line may have no line break: the same checked lines, reasons and line counts,
    and the progress reports sum to the file's bytes, none read again counted twice.
    """
    import io  # noqa: PLC0415

    from tenncare_calc.columnar import csv_lines  # noqa: PLC0415
    from tenncare_calc.columnar.csv_lines import LineStream  # noqa: PLC0415

    data = b"".join(lines) + last

    def read(raw: object) -> tuple[object, ...]:
        reported: list[int] = []
        stream = LineStream(raw, columns=2, progress=reported.append)
        reasons: dict[int, str] = {}
        blocks = [
            (block.first, block.lines, block.checked(reasons)) for block in stream.checked_blocks()
        ]
        text = b"".join(checked for _, _, (checked, _) in blocks)
        return text, reasons, stream.lines, sum(reported)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_lines, "_CHUNK", chunk)
        patch.setattr(csv_lines, "LONGEST_LINE", longest)
        seeks = read(io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
        pipe = read(_Pipe(data))
    assert seeks == pipe
    assert seeks[3] == len(data)
