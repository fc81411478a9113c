"""§2.15.3.1's PIP list check, whole, against the clause read apart in plain Python.

"The CONTRACTOR shall perform three (3) clinical and two (2) non-clinical PIPs. The three (3)
clinical PIPs shall include one (1) in the area of diabetes management, one (1) in the area of
maternity management and one (1) in the area of behavioral health. The behavioral health PIP shall
be relevant to one of the behavioral health disease management programs for bipolar disorder,
major depression, or schizophrenia."

:func:`expected_finding` builds the whole finding (every part, its figures, notes and the steps)
from the clause: counts compared by hand, areas and programs matched without regard to case or the
spaces around them, and each PIP's kind read as ``clinical`` or ``non-clinical`` whatever its case,
hyphen or space. Any difference from :func:`pip_list_check` fails the comparison.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, default_profile
from tenncare_calc.compliance import pip_list_check
from tenncare_calc.compliance.findings import Finding, Outcome
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

NAMES = (
    "quality.pip_clinical_count",
    "quality.pip_non_clinical_count",
    "quality.pip_clinical_areas",
    "quality.pip_behavioral_health_programs",
    "quality.pip_behavioral_health_area",
)
KIND_SPELLINGS = {
    "clinical": ["clinical", "Clinical", " CLINICAL "],
    "non_clinical": ["non_clinical", "non-clinical", "Non Clinical", " NON-clinical"],
}


def _text(value: object) -> str | None:
    """Return a cell as the check reads it: text with the spaces around it removed, blank as none."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _kind(value: object) -> str:
    """'clinical' or 'non_clinical' from any case, hyphen or space."""
    text = (_text(value) or "").lower()
    for kind in ("clinical", "non_clinical"):
        if text in (kind, kind.replace("_", "-"), kind.replace("_", " ")):
            return kind
    raise AssertionError(f"not a kind: {value!r}")


def expected_finding(
    plan: list[dict[str, Any]], profile: ContractProfile, on: dt.date | None = None
) -> Finding:
    """Return the finding §2.15.3.1 gives ``plan``, from the clause and the profile's values."""
    values = {name: profile.get(name, on=on) for name in NAMES}
    clinical_line = values["quality.pip_clinical_count"].value
    non_clinical_line = values["quality.pip_non_clinical_count"].value
    areas = [a.lower() for a in values["quality.pip_clinical_areas"].value]
    programs = [p.lower() for p in values["quality.pip_behavioral_health_programs"].value]
    behavioral = values["quality.pip_behavioral_health_area"].value.lower()

    rows = [
        {
            "kind": _kind(row.get("kind")),
            "title": _text(row.get("title")),
            "area": _text(row.get("area")),
            "program": _text(row.get("program")),
        }
        for row in plan
    ]
    clinical = [row for row in rows if row["kind"] == "clinical"]
    non_clinical = [row for row in rows if row["kind"] == "non_clinical"]
    clinical_areas = [(row["area"] or "").lower() for row in clinical]

    parts = []
    for words, count, line in (
        ("clinical", len(clinical), clinical_line),
        ("non-clinical", len(non_clinical), non_clinical_line),
    ):
        parts.append(
            Finding(
                check="quality.pips",
                outcome=Outcome.MET if count >= line else Outcome.NOT_MET,
                standard=f"at least {line} {words} PIPs",
                sections=("2.15.3.1",),
                measured=Decimal(count),
                limit=Decimal(line),
                margin=Decimal(count) - Decimal(line),
                unit="PIPs",
            )
        )
    for area in areas:
        present = area in clinical_areas
        parts.append(
            Finding(
                check="quality.pips",
                outcome=Outcome.MET if present else Outcome.NOT_MET,
                standard="a clinical PIP in the area of " + area,
                sections=("2.15.3.1",),
                subject=(("area", area),),
                note=None if present else "no clinical PIP in this area",
            )
        )
    in_area = [row for row in clinical if (row["area"] or "").lower() == behavioral]
    named = [row for row in in_area if (row["program"] or "").lower() in programs]
    if not in_area:
        outcome, note = Outcome.NOT_APPLICABLE, "no behavioral health PIP (see the area above)"
    elif named:
        outcome, note = Outcome.MET, None
    else:
        outcome, note = Outcome.NOT_MET, "no behavioral health PIP names one of the programs"
    parts.append(
        Finding(
            check="quality.pips",
            outcome=outcome,
            standard="the behavioral health PIP is relevant to a disease management program for "
            + ", ".join(programs),
            sections=("2.15.3.1",),
            note=note,
        )
    )

    steps = []
    for row in rows:
        line = ("clinical" if row["kind"] == "clinical" else "non-clinical") + " PIP: "
        line += row["title"] if row["title"] is not None else "untitled"
        if row["area"] is not None:
            line += " (" + row["area"] + ")"
        if row["program"] is not None:
            line += ", program " + row["program"]
        steps.append(line)
    failed = [part for part in parts if part.outcome is Outcome.NOT_MET]
    return Finding(
        check="quality.pips",
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard=(
            f"{clinical_line} clinical PIPs (one each in {', '.join(areas)}) and "
            f"{non_clinical_line} non-clinical PIPs"
        ),
        sections=("2.15.3.1",),
        subject=(("pips", str(len(rows))),),
        steps=tuple(steps),
        parts=tuple(parts),
        parameters=tuple(values[name] for name in NAMES),
    )


_AREA_TEXT = st.sampled_from(
    [
        "diabetes management",
        "Diabetes Management",
        " maternity management ",
        "MATERNITY MANAGEMENT",
        "behavioral health",
        "Behavioral Health ",
        "oncology",
        "diabetes",
        "",
        "   ",
    ]
)
_PROGRAM_TEXT = st.sampled_from(
    ["bipolar disorder", "Major Depression", " schizophrenia ", "anxiety", "depression", "", " "]
)
_TITLE_TEXT = st.sampled_from(["HbA1c testing", " Call answer time ", "", "  "])


@st.composite
def pip_rows(draw: st.DrawFn) -> dict[str, Any]:
    """One PIP: a kind spelt any way; title, area and program present, blank, or left out."""
    kind = draw(st.sampled_from(["clinical", "non_clinical"]))
    row: dict[str, Any] = {"kind": draw(st.sampled_from(KIND_SPELLINGS[kind]))}
    for key, text in (("title", _TITLE_TEXT), ("area", _AREA_TEXT), ("program", _PROGRAM_TEXT)):
        if draw(st.booleans()):
            row[key] = draw(st.none() | text)
    return row


def _complete(program: str = "bipolar disorder") -> list[dict[str, Any]]:
    """Three clinical PIPs, one per area, the behavioral one naming ``program``; two others."""
    return [
        {"title": "A1c", "kind": "clinical", "area": "diabetes management"},
        {"title": "Prenatal", "kind": "clinical", "area": "maternity management"},
        {"title": "Follow-up", "kind": "clinical", "area": "behavioral health", "program": program},
        {"title": "Calls", "kind": "non_clinical"},
        {"title": "Claims", "kind": "non-clinical"},
    ]


class TestWholeFinding:
    """Every field of the finding and its parts, against the clause read apart."""

    @given(st.lists(pip_rows(), max_size=9))
    def test_any_plan(self, plan: list[dict[str, Any]]) -> None:
        """Any list of PIPs: counts, areas, the program, steps, notes and outcome."""
        profile = default_profile()
        assert pip_list_check(plan) == expected_finding(plan, profile)

    @given(st.lists(pip_rows(), max_size=9))
    def test_a_frame_reads_like_records(self, plan: list[dict[str, Any]]) -> None:
        """The same PIPs as a pandas DataFrame: the same finding."""
        frame = pd.DataFrame(plan, columns=["title", "kind", "area", "program"], dtype=object)
        assert pip_list_check(frame) == expected_finding(plan, default_profile())

    @pytest.mark.parametrize("program", ["bipolar disorder", "Major Depression", " schizophrenia "])
    def test_a_complete_plan_is_met(self, program: str) -> None:
        """Three clinical PIPs in the three areas, a program named, two non-clinical: met."""
        found = pip_list_check(_complete(program))
        assert found.outcome is Outcome.MET
        assert [part.outcome for part in found.parts] == [Outcome.MET] * 6
        assert found == expected_finding(_complete(program), default_profile())

    @pytest.mark.parametrize(
        ("dropped", "failing"),
        [
            ("A1c", [0, 2]),  # three clinical, and the diabetes area
            ("Prenatal", [0, 3]),
            ("Calls", [1]),
        ],
    )
    def test_one_pip_fewer_fails_its_parts(self, dropped: str, failing: list[int]) -> None:
        """One PIP fewer: only the count and area it filled are not met, and so the whole."""
        found = pip_list_check([row for row in _complete() if row["title"] != dropped])
        assert found.outcome is Outcome.NOT_MET
        assert [n for n, part in enumerate(found.parts) if part.outcome is not Outcome.MET] == (
            failing
        )


class TestBehavioralHealthProgram:
    """The program must be named on the clinical PIP in the behavioral health area."""

    def test_program_on_another_area_does_not_count(self) -> None:
        """A program named on the diabetes PIP leaves the behavioral health PIP without one."""
        plan = _complete(program="")
        plan[0] = {**plan[0], "program": "bipolar disorder"}
        found = pip_list_check(plan)
        assert (found.parts[-1].outcome, found.parts[-1].note) == (
            Outcome.NOT_MET,
            "no behavioral health PIP names one of the programs",
        )
        assert found.outcome is Outcome.NOT_MET

    def test_a_non_clinical_pip_in_the_area_does_not_count(self) -> None:
        """A non-clinical PIP with the area and a program is not the clinical PIP the clause asks."""
        plan = [row for row in _complete() if row.get("area") != "behavioral health"]
        plan.append(
            {"kind": "non_clinical", "area": "behavioral health", "program": "schizophrenia"}
        )
        found = pip_list_check(plan)
        assert [part.outcome for part in found.parts[2:]] == [
            Outcome.MET,
            Outcome.MET,
            Outcome.NOT_MET,
            Outcome.NOT_APPLICABLE,
        ]
        assert found.parts[-1].note == "no behavioral health PIP (see the area above)"

    def test_one_of_two_behavioral_pips_naming_a_program_is_enough(self) -> None:
        """Two behavioral health PIPs, only the second naming a program: met."""
        plan = [*_complete(program="anxiety"), {"kind": "clinical", "area": "Behavioral Health",
                                                 "program": "Schizophrenia"}]  # fmt: skip
        found = pip_list_check(plan)
        assert (found.parts[-1].outcome, found.parts[-1].note) == (Outcome.MET, None)


class TestProfile:
    """The lines, areas and programs come from the profile, in force on ``on``."""

    def test_other_areas_and_programs(self) -> None:
        """A profile naming other areas, another behavioral area and programs."""
        profile = default_profile().with_overrides(
            {
                "quality.pip_clinical_areas": ["Asthma", "Mental Health"],
                "quality.pip_behavioral_health_area": "Mental Health",
                "quality.pip_behavioral_health_programs": ["Psychosis", "Anxiety"],
                "quality.pip_clinical_count": 2,
                "quality.pip_non_clinical_count": 1,
            }
        )
        plans = [
            [{"kind": "clinical", "area": "asthma"}, {"kind": "non_clinical"},
             {"kind": "clinical", "area": "mental health", "program": "anxiety"}],
            [{"kind": "clinical", "area": "asthma"},
             {"kind": "clinical", "area": "mental health", "program": "bipolar disorder"}],
        ]  # fmt: skip
        met = [pip_list_check(plan, profile=profile) for plan in plans]
        assert [found.outcome for found in met] == [Outcome.MET, Outcome.NOT_MET]
        for plan, found in zip(plans, met, strict=True):
            assert found == expected_finding(plan, profile)

    @pytest.mark.parametrize("on", [CHANGE_DATE - dt.timedelta(days=1), CHANGE_DATE])
    def test_the_version_in_force_on_the_day(self, on: dt.date) -> None:
        """Four clinical PIPs from the change date: the day before, three are enough."""
        profile = with_later_version(default_profile(), "quality.pip_clinical_count", 4)
        found = pip_list_check(_complete(), on=on, profile=profile)
        assert found.met is (on < CHANGE_DATE)
        assert found.parts[0].limit == (4 if on >= CHANGE_DATE else 3)
        assert found == expected_finding(_complete(), profile, on)

    def test_columns_are_mapped(self) -> None:
        """Your column names, mapped by ``columns=``."""
        plan = [
            {"Type": row["kind"], "Name": row["title"], **{k: v for k, v in row.items()
             if k in ("area", "program")}}
            for row in _complete()
        ]  # fmt: skip
        found = pip_list_check(plan, columns={"kind": "Type", "title": "Name"})
        assert found == expected_finding(_complete(), default_profile())


class TestErrors:
    """A kind that is neither: the PIP's number and title, the field and the value given."""

    @pytest.mark.parametrize(
        ("plan", "message", "value"),
        [
            (
                [{"kind": "clinical"}, {"title": "Calls", "kind": "quality"}],
                "PIP 2 (Calls): 'kind' must be one of ['clinical', 'non_clinical'] (got 'quality')",
                "quality",
            ),
            (
                [{"title": "  ", "kind": 5}],
                "PIP 1 (untitled): 'kind' must be one of ['clinical', 'non_clinical'] (got 5)",
                5,
            ),
            (
                [{"title": "A", "area": "behavioral health"}],
                "PIP 1 (A): 'kind' must be one of ['clinical', 'non_clinical'] (got None)",
                None,
            ),
            (
                [{"kind": "non - clinical"}],
                (
                    "PIP 1 (untitled): 'kind' must be one of ['clinical', 'non_clinical'] "
                    "(got 'non - clinical')"
                ),
                "non - clinical",
            ),
        ],
    )
    def test_unknown_kind(self, plan: list[dict[str, Any]], message: str, value: object) -> None:
        """The message names the PIP, the kinds and the value; field and value are kept."""
        with pytest.raises(InvalidInputError) as raised:
            pip_list_check(plan)
        assert str(raised.value) == message
        assert (raised.value.field, raised.value.value) == ("kind", value)

    @pytest.mark.parametrize(
        ("pips", "columns", "field"),
        [
            (5, None, "pips"),
            (["clinical"], None, "pips"),
            ([{"kind": "clinical"}], {"kind": "Type"}, "columns"),
        ],
    )
    def test_the_table_is_named_pips(
        self, pips: object, columns: dict[str, str] | None, field: str
    ) -> None:
        """Not a table, a row not a mapping, a mapped column not there: the table is 'pips'."""
        with pytest.raises((InvalidInputError, InvalidTypeError)) as raised:
            pip_list_check(pips, columns=columns)
        assert raised.value.field == field
        assert "'pips'" in str(raised.value)
