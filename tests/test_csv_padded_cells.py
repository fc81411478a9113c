"""Spaces around a CSV cell are dropped by the column reader, as by the row reader ("Files").

Member months, community tenure and the program read a CSV's identifiers and plans column by
column; ``" 101 "`` and ``"101"`` are one member there as in a row-by-row reading (they were two:
their days counted twice, a readmission missed), and a blank plan is null (it was a plan ``" "``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_messy_files import cli

if TYPE_CHECKING:
    from pathlib import Path

#: What may stand around a cell: spaces, a tab, a no-break space (a Unicode space).
PADDING = st.text(alphabet=" \t\u00a0", max_size=3)


def _member_months(path: Path) -> dict[str, object]:
    status, out, err = cli(
        "member-months", str(path), "--year", "2008", "--on-error", "collect", "--format", "json"
    )
    assert (status, err) == (0, ""), err
    result: dict[str, object] = json.loads(out)
    return result


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["101", "M102", "TN000103"]), PADDING, PADDING),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 3),
)
def test_padded_ids_are_the_same_members(
    tmp_path_factory: object, spans: list[tuple[str, str, str]], shift: int
) -> None:
    """Member months of padded ids are those of the same ids unpadded, per month and member."""
    folder = tmp_path_factory.mktemp("padded")  # type: ignore[attr-defined]
    rows = [
        (f"{before}{member}{after}", f"2008-0{1 + (n + shift) % 3}-01")
        for n, (member, before, after) in enumerate(spans)
    ]
    padded, plain = folder / "padded.csv", folder / "plain.csv"
    header = "member_id,start_date,end_date\n"
    padded.write_text(
        header + "".join(f'"{m}",{s},2008-04-30\n' for m, s in rows), encoding="utf-8"
    )
    plain.write_text(
        header
        + "".join(
            f"{member},{s},2008-04-30\n" for (member, _, _), (_, s) in zip(spans, rows, strict=True)
        ),
        encoding="utf-8",
    )
    assert _member_months(padded) == _member_months(plain)


def test_a_padded_id_is_readmitted_and_a_blank_plan_rejected(tmp_path: Path) -> None:
    """Community tenure: a member's padded id is still the member; a plan of a space is null."""
    path = tmp_path / "stays.csv"
    path.write_text(
        "member_id,admit_date,discharge_date,plan\n"
        " 500001 ,2008-03-01,2008-03-05,AGP\n"
        "500001,2008-03-10,2008-03-12,AGP\n"
        "500002,2008-03-01,2008-03-05, \n",
        encoding="utf-8",
    )
    base = ("community-tenure", str(path), "--year", "2008", "--data-through", "2009-01-20")
    status, out, err = cli(*base, "--on-error", "collect", "--part", "rejected", "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == [{"row": 4, "reason": "plan is null"}]
    status, out, err = cli(*base, "--on-error", "collect", "--format", "json")
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert (result["denominator"], result["readmitted"], result["rows_used"]) == (2, 1, 2)
    assert [plan["plan"] for plan in result["by_plan"]] == ["AGP"]
