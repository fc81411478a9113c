r"""The data lines of a CSV file, checked before pyarrow parses them: one line is one row, always.

pyarrow's CSV parser is fast, but three kinds of bad line break it for every later line or for the
whole file: a quote that is never closed swallows the lines after it into one value, a byte that
is not UTF-8 fails the whole block, and a line longer than a block fails the read. :class:`LineStream`
sits between the file and pyarrow: it hands pyarrow whole lines, block by block, and replaces each
such line by a *stand-in* (a line with one cell too many, which pyarrow's invalid-row handler
recognises), remembering the line's reason. A row is therefore always exactly one line of the file,
so data row ``i`` (0-based) is line ``i + 2`` (the header is line 1), and every bad line is one
rejected row with its reason:

* a line on which a quoted value is not closed: ``a quote opened on this line is never closed``;
* a line with a byte that is not UTF-8: ``not UTF-8 text (byte 0xe9 at column 4)``;
* a line longer than :data:`LONGEST_LINE` bytes: ``line longer than 1,048,576 bytes``;
* a line with a carriage return not followed by a line feed (pyarrow would split it in two).

A value therefore cannot span lines (a quoted line break rejects both lines). The checks cost
almost nothing on clean files: a block without a quote is never scanned for quotes, and an ASCII
block is never decoded.

>>> import io
>>> raw = io.BytesIO(b'1,"a,b",3\n2,"open,4\n3,x,5\n')
>>> stream = LineStream(raw, columns=3)
>>> stream.read().decode()
'1,"a,b",3\n,,,\n3,x,5\n'
>>> stream.reasons
{1: 'a quote opened on this line is never closed'}
"""

from __future__ import annotations

__all__ = [
    "LONE_CARRIAGE_RETURN",
    "LONGEST_LINE",
    "UNCLOSED_QUOTE",
    "CheckedBlock",
    "LineStream",
    "last_line_open",
]

import functools
import io
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: The reason of a line that leaves a quote open (the words :func:`~tenncare_calc.columnar.read_rows`
#: uses too).
UNCLOSED_QUOTE = "a quote opened on this line is never closed"
#: The reason of a line with a carriage return not followed by a line feed (the row reader, with
#: Python's csv, takes it for a line break).
LONE_CARRIAGE_RETURN = "a carriage return inside the line"
#: A data line longer than this many bytes is rejected (not read).
LONGEST_LINE = 1 << 20
_CHUNK = 4 << 20
_QUOTE = ord('"')
_NEWLINE = ord("\n")


@functools.cache
def _edges() -> Any:  # noqa: ANN401 - a numpy bool array
    """Return, for each byte, whether a quote next to it may open or close a cell."""
    np = require("numpy", extra="data", purpose="reading CSV tables")
    table = np.zeros(256, dtype=bool)
    table[[ord(","), _NEWLINE, _QUOTE, ord("\r")]] = True
    return table


def _ends_quoted(line: bytes) -> bool:
    """Return whether a quoted value is still open at the end of ``line`` (pyarrow's rules).

    A quote opens a value only at the start of a cell; inside, ``""`` is a quote and ``"`` closes.
    """
    quoted = False
    at_start = True
    index = 0
    while index < len(line):
        byte = line[index]
        if quoted:
            if byte == _QUOTE:
                if index + 1 < len(line) and line[index + 1] == _QUOTE:
                    index += 2
                    continue
                quoted = False
        elif byte == _QUOTE and at_start:
            quoted = True
            at_start = False
        else:
            at_start = byte == ord(",")
        index += 1
    return quoted


def _bad_utf8(line: bytes) -> str | None:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (byte 0x{line[error.start]:02x} at column {error.start + 1})"
    return None


class LineStream(io.RawIOBase):
    """A binary stream of a CSV file's data lines, with each bad line replaced by a stand-in.

    ``raw`` is positioned after the header; ``columns`` is the header's cell count (a stand-in has
    one cell more, so pyarrow hands it to the invalid-row handler). ``reasons`` maps each replaced
    line's 0-based data row to its reason; ``progress`` gets the bytes read from ``raw`` (the
    first time with the ``header``'s bytes added).
    """

    def __init__(
        self,
        raw: Any,  # noqa: ANN401 - a binary file
        *,
        columns: int,
        progress: Callable[[int], None] | None = None,
        header: int = 0,
    ) -> None:
        super().__init__()
        self._raw = raw
        self._progress = progress
        self._unreported = header
        self.stand_in = b"," * columns + b"\n"
        self.reasons: dict[int, str] = {}
        self._lines = 0  # data lines handed on so far
        self._replaced = 0  # of them, lines replaced by a stand-in
        self._pending = b""  # the start of a line not yet ended
        self._skipping = False  # inside a line too long to read
        self._out: list[Any] = []  # checked pieces (bytes or memoryview), in order
        self._deferred = False  # reading checked_blocks: lines counted, checked with their block
        self._jobs: list[tuple[Any, ...]] = []  # the lines of the next block, to check
        self._done = False
        # a file that can seek reads a line begun at the end of a read again with the next one:
        # each read then holds whole lines only, handed on where they are (no join of pieces)
        self._seekable = bool(getattr(raw, "seekable", lambda: False)())

    @property
    def lines(self) -> int:
        """Return how many data lines have been handed on (a block's last line included)."""
        return self._lines

    @property
    def replaced(self) -> int:
        """Return how many of the lines handed on were replaced by a stand-in (a bad line)."""
        return self._replaced

    def readable(self) -> bool:
        """Return True: the stream is read."""
        return True

    def read(self, size: int = -1) -> Any:  # noqa: ANN401 - bytes or a memoryview
        """Return up to ``size`` bytes of checked lines (all of them if ``size`` is negative).

        Pieces are handed on without copying (pyarrow takes any buffer), so a read may return
        fewer bytes than asked for; an empty result is the end of the stream.
        """
        if size is None or size < 0:
            pieces = []
            while piece := self.read(_CHUNK):
                pieces.append(bytes(piece))
            return b"".join(pieces)
        while not self._out and not self._done:
            self._fill()
        if not self._out:
            return b""
        piece = self._out[0]
        if len(piece) <= size:
            self._out.pop(0)
            return piece
        view = memoryview(piece)
        self._out[0] = view[size:]
        return view[:size]

    def blocks(self) -> Iterator[bytes]:
        r"""Yield the checked lines in blocks of whole lines, each ending with a line break.

        About one block for each read of the file (4 MiB), for a parser that takes whole lines; a
        last line without a line break comes in a block of its own:

        >>> stream = LineStream(io.BytesIO(b'1,a\n2,"b\n3,c'), columns=2)
        >>> list(stream.blocks()), stream.reasons
        ([b'1,a\n,,\n', b'3,c\n'], {1: 'a quote opened on this line is never closed'})
        """
        while True:
            while not self._out and not self._done:
                self._fill()
            if not self._out:
                return
            pieces, self._out = self._out, []
            yield b"".join(pieces)

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 - a writable buffer
        """Fill ``buffer`` with checked lines; return the bytes written (0 at the end)."""
        target = memoryview(buffer).cast("B")
        piece = self.read(len(target))
        target[: len(piece)] = piece
        return len(piece)

    def _fill(self) -> None:
        raw = self._raw.read(_CHUNK)
        again = self._unfinished(raw)
        if self._progress is not None and (raw or self._unreported):
            self._progress(len(raw) - again + self._unreported)
            self._unreported = 0
        if again:
            self._raw.seek(-again, io.SEEK_CUR)
            self._hand_on(raw, 0, len(raw) - again, ascii_only=raw.isascii())
            return
        if not raw:
            self._done = True
            if self._pending and not self._skipping:
                last = self._pending + b"\n"
                self._hand_on(last, 0, len(last), ascii_only=last.isascii())
            self._pending = b""
            return
        if self._skipping:
            end = raw.find(b"\n")
            if end < 0:
                return
            raw = raw[end + 1 :]
            self._skipping = False
        cut = raw.rfind(b"\n") + 1
        if cut:
            # The line begun in the last read ends first; the rest is handed on without a copy.
            first = raw.find(b"\n") + 1
            head = self._pending + raw[:first]
            self._hand_on(head, 0, len(head), ascii_only=head.isascii())
            if first < cut:
                self._hand_on(raw, first, cut, ascii_only=raw.isascii())
            self._pending = raw[cut:]
        else:
            self._pending += raw
        if len(self._pending) > LONGEST_LINE:
            self._stand_in(f"line longer than {LONGEST_LINE:,} bytes")
            self._pending = b""
            self._skipping = True

    def _unfinished(self, raw: bytes) -> int:
        """Return the bytes of the line begun at the end of ``raw``, to read again with the next read.

        0 when ``raw`` ends a line, holds no line break, follows a line not yet ended, or the file
        cannot seek (the line's start is then kept and joined to the next read's bytes).
        """
        if not raw or not self._seekable or self._pending or self._skipping:
            return 0
        cut = raw.rfind(b"\n") + 1
        return len(raw) - cut if 0 < cut < len(raw) else 0

    def _hand_on(self, data: bytes, start: int, end: int, *, ascii_only: bool) -> None:
        """Append the whole lines ``data[start:end]`` to the output, bad ones replaced.

        Reading :meth:`checked_blocks`, the lines are counted and their checks left to the block.
        """
        if self._deferred:
            self._jobs.append((data, start, end, ascii_only, self._lines))
            self._lines += _line_breaks(data, start, end)
            return
        pieces, found = _check_lines(data, start, end, ascii_only=ascii_only, first=self._lines)
        self._out.extend(self.stand_in if isinstance(piece, int) else piece for piece in pieces)
        self.reasons.update(found)
        self._replaced += len(found)
        self._lines += _line_breaks(data, start, end)

    def _stand_in(self, reason: str) -> None:
        """Hand on a stand-in for the next line, which is bad for ``reason``."""
        if self._deferred:
            self._jobs.append((None, 0, 0, True, self._lines, reason))
        else:
            self.reasons[self._lines] = reason
            self._replaced += 1
            self._out.append(self.stand_in)
        self._lines += 1

    def checked_blocks(self) -> Iterator[CheckedBlock]:
        r"""Yield the lines in blocks of whole lines, each checked when it is asked for.

        As :meth:`blocks`, but only the line breaks are counted here: a block's checks (and the
        stand-ins of its bad lines) run in :meth:`CheckedBlock.checked`, on the thread that parses
        it, so several blocks are checked at once.

        >>> stream = LineStream(io.BytesIO(b'1,a\n2,"b\n3,c\n'), columns=2)
        >>> [(block.first, block.checked(stream.reasons)) for block in stream.checked_blocks()]
        [(0, (b'1,a\n,,\n3,c\n', 1))]
        >>> stream.reasons
        {1: 'a quote opened on this line is never closed'}
        """
        self._deferred = True
        while True:
            while not self._jobs and not self._done:
                self._fill()
            if not self._jobs:
                return
            jobs, self._jobs = self._jobs, []
            yield CheckedBlock(jobs, self.stand_in, self._lines - jobs[0][4])


class CheckedBlock:
    """A block of whole lines of a :class:`LineStream`, checked when :meth:`checked` is called."""

    __slots__ = ("_jobs", "_stand_in", "first", "lines")

    def __init__(self, jobs: list[tuple[Any, ...]], stand_in: bytes, lines: int) -> None:
        """Keep the block's pieces of lines, how many lines they are, and the stand-in."""
        self._jobs = jobs
        self._stand_in = stand_in
        #: The 0-based data row of the block's first line.
        self.first: int = jobs[0][4]
        #: How many lines the block holds.
        self.lines = lines

    def unless_quotes_open(self) -> tuple[bytes, int, int] | None:
        r"""Return the block's lines (bytes, start, end) if every check but the quotes' finds nothing, else None.

        The quotes are left to the parse: a line that leaves a quote open makes pyarrow read the
        line break after it as text, so it gives fewer rows than the block has lines (or, on the
        block's last line, the line itself says so: :func:`last_line_open`). A parser that gets
        as many rows as lines from a block whose last line is closed has met no open quote, and
        the scan for quotes (a few passes over every byte) is spared. A block of one piece (one
        read of a file that can seek) is given where it was read, without a copy.

        >>> stream = LineStream(io.BytesIO(b'1,"a"\n2,"b\n'), columns=2)
        >>> [block.unless_quotes_open() for block in stream.checked_blocks()]
        [(b'1,"a"\n2,"b\n', 0, 11)]
        >>> stream = LineStream(io.BytesIO(b"1,\xe9\n"), columns=2)
        >>> [block.unless_quotes_open() for block in stream.checked_blocks()]
        [None]
        """
        pieces: list[tuple[Any, int, int]] = []
        for job in self._jobs:
            if job[0] is None:  # a line too long to read
                return None
            data, start, end, ascii_only, _ = job
            if _suspect(data, start, end, ascii_only=ascii_only, quotes=False):
                return None
            pieces.append((data, start, end))
        if len(pieces) == 1:
            return pieces[0]
        joined = b"".join(
            data if start == 0 and end == len(data) else memoryview(data)[start:end]
            for data, start, end in pieces
        )
        return joined, 0, len(joined)

    def checked(self, reasons: dict[int, str], *, exact: bool = False) -> tuple[bytes, int]:
        """Return the block's lines, each bad one replaced, and how many were; note their reasons.

        With ``exact``, every line holding a quote is followed quote by quote (the quick look at
        a block's quotes, :func:`_quotes_suspect`, is skipped).
        """
        pieces: list[Any] = []
        replaced = 0
        for job in self._jobs:
            if job[0] is None:  # a line too long to read, replaced as it was read
                reasons[job[4]] = job[5]
                pieces.append(self._stand_in)
                replaced += 1
                continue
            data, start, end, ascii_only, first = job
            lines, found = _check_lines(
                data, start, end, ascii_only=ascii_only, first=first, exact=exact
            )
            pieces.extend(self._stand_in if isinstance(line, int) else line for line in lines)
            reasons.update(found)
            replaced += len(found)
        return b"".join(pieces), replaced


def _check_lines(
    data: bytes, start: int, end: int, *, ascii_only: bool, first: int, exact: bool = False
) -> tuple[list[Any], dict[int, str]]:
    """Return the whole lines ``data[start:end]`` as pieces, each bad line a stand-in, and why.

    A stand-in is given as the line's 0-based data row (an ``int``); ``first`` is the row of the
    first line. When no line is bad, the one piece is the lines themselves, without a copy.
    ``exact``: a line with a quote is followed quote by quote, whatever the quick look says.
    """
    quoted = exact and data.find(b'"', start, end) >= 0
    if not quoted and not _suspect(data, start, end, ascii_only=ascii_only):
        whole = start == 0 and end == len(data)
        return [data if whole else memoryview(data)[start:end]], {}
    pieces: list[Any] = []
    found: dict[int, str] = {}
    for number, line in enumerate(data[start:end].split(b"\n")[:-1], start=first):
        # a line too long is told so first, as when it runs past a read (the reason is the same
        # wherever the file's reads end, and for a pipe)
        reason = f"line longer than {LONGEST_LINE:,} bytes" if len(line) > LONGEST_LINE else None
        if reason is None:
            reason = _bad_utf8(line)
        if reason is None and b"\r" in line[:-1]:
            reason = LONE_CARRIAGE_RETURN
        if reason is None and b'"' in line and _ends_quoted(line):
            reason = UNCLOSED_QUOTE
        if reason is None:
            pieces.append(line + b"\n")
        else:
            found[number] = reason
            pieces.append(number)
    return pieces, found


def _suspect(data: bytes, start: int, end: int, *, ascii_only: bool, quotes: bool = True) -> bool:
    """Return whether a line of ``data[start:end]`` may be bad (the quotes' scan only if ``quotes``)."""
    return (
        (not ascii_only and _bad_utf8(data[start:end]) is not None)
        or (quotes and data.find(b'"', start, end) >= 0 and _quotes_suspect(data, start, end))
        or _has_long_line(data, start, end)
        or (
            data.find(b"\r", start, end) >= 0
            and data.count(b"\r", start, end) != data.count(b"\r\n", start, end)
        )
    )


def last_line_open(block: bytes, start: int = 0, end: int | None = None) -> bool:
    r"""Return whether the last line of ``block[start:end]`` (whole lines) leaves a quote open.

    >>> last_line_open(b'1,"a"\n2,"b\n'), last_line_open(b'1,"a\n2,"b"\n')
    (True, False)
    >>> last_line_open(b'1,"a\n2,"b"\n', 0, 5)
    True
    """
    stop = len(block) if end is None else end
    before = block.rfind(b"\n", start, stop - 1)  # the line break before the last line's
    line = block[start if before < 0 else before + 1 : stop]
    return b'"' in line and _ends_quoted(line)


def _line_breaks(data: bytes, start: int, end: int) -> int:
    """Return how many line feeds ``data[start:end]`` holds (numpy: 5x ``bytes.count``, no GIL)."""
    np = require("numpy", extra="data", purpose="reading CSV tables")
    return int(np.count_nonzero(np.frombuffer(data, np.uint8, end - start, start) == _NEWLINE))


def _has_long_line(data: bytes, start: int, end: int) -> bool:
    if end - start <= LONGEST_LINE:
        return False
    half = LONGEST_LINE // 2
    # Every stretch of half the limit holding a line break: no line reaches the limit.
    return any(data.find(b"\n", at, min(at + half, end)) < 0 for at in range(start, end, half))


def _quotes_suspect(data: bytes, start: int, end: int) -> bool:
    """Return whether a line of ``data[start:end]`` may leave a quote open.

    Odd quotes on a line leave one open; an even count can too (``x"y,"z``), so a line whose quotes
    are not each at a cell's start or end is suspect as well; the exact rule then runs line by line.
    The quotes of each line are counted in one pass over the lines (``np.add.reduceat``) and the
    characters around each quote looked up in a table: a quoted extract (every text cell between
    quotes, as spreadsheets and SAS write them) costs a few milliseconds a block.
    """
    np = require("numpy", extra="data", purpose="reading CSV tables")
    text = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    is_quote = text == _QUOTE
    quotes = np.flatnonzero(is_quote)
    if not len(quotes):
        return False
    ends = np.flatnonzero(text == _NEWLINE)
    starts = np.concatenate(([0], ends + 1))
    starts = starts[starts < len(text)]  # a segment after the last line break, if any
    if (np.add.reduceat(is_quote, starts, dtype=np.int32) & 1).any():
        return True
    before = text[np.maximum(quotes - 1, 0)]
    before[quotes == 0] = _NEWLINE
    after = text[np.minimum(quotes + 1, len(text) - 1)]
    edges = _edges()
    return not bool((edges[before] | edges[after]).all())
