"""The shipped profile parsed a parameter at a time gives what the whole file gives."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.contract import loader
from tenncare_calc.contract.profile_blocks import block_table, parameter_blocks, read_toml
from tenncare_calc.contract.schema import SCHEMA
from tenncare_calc.contract.shipped_files import shipped_text
from tenncare_calc.core.errors import ProfileError

if TYPE_CHECKING:
    from pathlib import Path

ORIGIN = "builtin:amendment-3"
TEXT = shipped_text(loader.BUILTIN_PROFILES["amendment-3"])
WHOLE = tomllib.loads(TEXT, parse_float=Decimal)


def _table(data: object, name: str) -> object:
    for key in name.split("."):
        assert isinstance(data, dict)
        data = data[key]
    return data


def _cut() -> tuple[str, dict[str, str]]:
    cut = parameter_blocks(TEXT, SCHEMA)
    assert cut is not None, "the shipped profile is no longer laid out one table per parameter"
    return cut


def test_the_shipped_profile_is_cut_into_every_parameter_it_defines() -> None:
    """The shipped text is cut, into a block for each parameter and its [profile] table."""
    head, blocks = _cut()
    assert set(blocks) == set(SCHEMA)
    assert read_toml(head, ORIGIN) == {"profile": WHOLE["profile"]}
    assert "".join([head, *blocks.values()]) == TEXT  # nothing left out, in order


def test_each_block_gives_its_parameter_what_the_whole_file_gives_it() -> None:
    """Each parameter's block parses to the table the whole file gives it."""
    _, blocks = _cut()
    for name, block in blocks.items():
        assert block_table(name, block, ORIGIN) == _table(WHOLE, name), name


def test_the_shipped_profile_loads_as_the_whole_file_does(tmp_path: Path) -> None:
    """Every parameter of the shipped profile equals the one of its text loaded as a user's file."""
    copy = tmp_path / "amendment_3.toml"
    copy.write_text(TEXT, encoding="utf-8")
    cut = loader.load_profile()
    whole = loader.load_profile(copy)  # a user's file: parsed whole, every parameter built at once
    assert (cut.id, cut.title, cut.source, cut.version) == (
        whole.id,
        whole.title,
        whole.source,
        whole.version,
    )
    assert cut.verified_against_source_on == whole.verified_against_source_on
    assert set(cut.parameters) == set(whole.parameters)
    for name in whole.parameters:
        assert cut.parameters[name] == whole.parameters[name], name


@given(st.permutations(sorted(SCHEMA)), st.integers(min_value=0, max_value=len(SCHEMA)))
def test_any_order_and_any_subset_of_parameters_cut_as_written(order: list[str], keep: int) -> None:
    """Parameters in any order, any of them left out: the blocks are theirs, parsed as the whole."""
    head, blocks = _cut()
    chosen = order[:keep]
    text = head + "".join(blocks[name] for name in chosen)
    cut = parameter_blocks(text, SCHEMA)
    assert cut is not None
    assert cut == (head, {name: blocks[name] for name in chosen})
    whole = tomllib.loads(text, parse_float=Decimal)
    for name in chosen:
        assert block_table(name, blocks[name], ORIGIN) == _table(whole, name)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('[profile]\n[p4p.pmpm_amount]\nnote = """\n[p4p.cap_percent]\n"""\n', "multi-line text"),
        ("[profile]\n[p4p.pmpm_amount]\nnote = '''x'''\n", "multi-line literal text"),
        ('[profile]\n[p4p]\npmpm_amount = {value = "0.03"}\n', "a table that is no parameter"),
        ("[profile]\n[p4p.pmpm_amount]\n[p4p.pmpm_amount]\n", "a parameter twice"),
        ("[profile]\n[p4p.pmpm_amount]\n[[p4p.cap_percent.versions]]\n", "another's sub-table"),
        ("[profile]\n[[p4p.pmpm_amount]]\n", "a parameter as an array of tables"),
        ("[p4p.pmpm_amount]\n[profile]\n", "[profile] after a parameter"),
        ("[p4p.pmpm_amount]\nvalue = 1\n", "no [profile]"),
        ("[[profile]]\n[p4p.pmpm_amount]\n", "[profile] as an array of tables"),
        ('id = "x"\n[profile]\n[p4p.pmpm_amount]\n', "a key before [profile]"),
        ("[ p4p.pmpm_amount ]\n[profile]\n", "a header with spaces"),
        ('[profile]\n["p4p".pmpm_amount]\n', "a quoted key"),
        ("[profile]\n[p4p.pmpm_amount] x\n", "text after a header"),
        ("[profile]\n[profile.more]\n", "a sub-table of [profile]"),
    ],
)
def test_a_text_laid_out_otherwise_is_parsed_whole(text: str, why: str) -> None:
    """A text the cut could misread is not cut (the loader parses it whole)."""
    assert parameter_blocks(text, SCHEMA) is None, why


def test_headers_may_carry_comments_and_blocks_keep_their_sub_tables() -> None:
    """A header's comment is allowed; a parameter's sub-tables stay in its block."""
    text = (
        "# a profile\n\n[profile]  # its facts\nid = 'x'\n"
        "[p4p.measures] # the measures\nunit = ''\n[[p4p.measures.value]]\nid = 1\n"
        "[[p4p.measures.value]]\nid = 2\n[p4p.cap_percent]\nvalue = 105\n"
    )
    cut = parameter_blocks(text, SCHEMA)
    assert cut is not None
    head, blocks = cut
    assert head == "# a profile\n\n[profile]  # its facts\nid = 'x'\n"
    assert list(blocks) == ["p4p.measures", "p4p.cap_percent"]
    assert block_table("p4p.measures", blocks["p4p.measures"], "x") == {
        "unit": "",
        "value": [{"id": 1}, {"id": 2}],
    }
    assert block_table("p4p.cap_percent", blocks["p4p.cap_percent"], "x") == {"value": 105}


def test_a_block_that_is_not_toml_names_the_file_when_its_parameter_is_read() -> None:
    """A block that is not TOML raises the library's ProfileError, naming the file."""
    with pytest.raises(ProfileError, match=r"^builtin:x: not valid TOML \(") as raised:
        block_table("p4p.cap_percent", "[p4p.cap_percent]\nvalue = \n", "builtin:x")
    assert raised.value.field is None


def test_a_block_without_its_parameter_names_it() -> None:
    """A block that does not define its parameter names the parameter."""
    with pytest.raises(ProfileError, match=r"^x: no table 'p4p\.cap_percent' in its block$") as e:
        block_table("p4p.cap_percent", "[p4p.other]\nvalue = 1\n", "x")
    assert e.value.field == "p4p.cap_percent"
