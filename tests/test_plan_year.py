"""Tests of plan-year input files (TOML and JSON)."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

import tenncare_calc as tc
from tenncare_calc.p4p import load_plan_year, sample_path, statement_from_file

if TYPE_CHECKING:
    from pathlib import Path


def _as_json(value: object) -> object:
    """Return TOML-parsed data as JSON-ready data (Decimals as strings, 'not reported' as null)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if value == "not reported":
        return None
    return str(value) if isinstance(value, Decimal) else value


class TestPlanYearFiles:
    """The bundled sample and its JSON twin give the same statement."""

    def test_sample(self) -> None:
        """The sample qualifies on five measures: 5 x $64,926.56 (0.03 x 2,164,218.75 = 64,926.5625)."""
        statement = statement_from_file(sample_path("plan_year_2008.toml"))
        assert statement.line_amount == Decimal("64926.56")
        assert statement.earned == Decimal("324632.80")
        assert len(statement.qualifying) == 5
        assert statement.line("adolescent_well_care").achieved == Decimal("5.99")

    def test_json_twin(self, tmp_path: Path) -> None:
        """A JSON file with the same inputs gives an identical statement."""
        data = tomllib.loads(
            sample_path("plan_year_2008.toml").read_text("utf-8"), parse_float=Decimal
        )
        data["physical_health"]["ldl_c_screening"] = "not reported"
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(_as_json(data)), encoding="utf-8")
        statement = statement_from_file(path)
        assert statement.line("ldl_c_screening").reason.endswith("no audited rate was supplied")
        assert statement.earned == Decimal("324632.80")  # LDL-C did not qualify anyway

    @pytest.mark.parametrize(
        ("name", "text", "match"),
        [
            ("p.toml", "measurement_year = 2008\nmember_month = 1\n", "unknown key"),
            ("p.toml", "measurement_year = 2008\n", "missing key"),
            ("p.toml", "measurement_year = = 1\n", "not valid TOML"),
            ("p.json", "{", "not valid JSON"),
            ("p.json", "[1]", "must hold a table"),
            ("p.csv", "a,b", "must end in .toml or .json"),
        ],
    )
    def test_bad_files(self, tmp_path: Path, name: str, text: str, match: str) -> None:
        """Malformed files are InvalidInputErrors naming the problem."""
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(tc.InvalidInputError, match=match):
            load_plan_year(path)

    def test_missing_file_and_sample(self, tmp_path: Path) -> None:
        """A missing file or sample name is an error, not an OSError."""
        with pytest.raises(tc.InvalidInputError, match="cannot read"):
            load_plan_year(tmp_path / "none.toml")
        with pytest.raises(tc.InvalidInputError, match="no bundled sample"):
            sample_path("none.toml")
