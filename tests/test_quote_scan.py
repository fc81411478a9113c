"""The CSV line checker's quick scan for lines that may leave a quote open (``csv_lines``).

The scan decides whether a block's lines are checked one by one; it must say "suspect" for every
block the plain rule would (odd quotes on a line, or a quote not at a cell's edge). It is compared
with that rule written plainly, on any mix of the characters that matter.
"""

from __future__ import annotations

import numpy as np
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
