"""The P4P measure records and rate inputs, pinned: every rejected input names its field.

A profile's ``p4p.measures`` records (``p4p/measures.py``) and the rates a statement is given
(``p4p/rates.py``) are validated; each test below gives one defect and checks the error class, the
field it names and the message (except where the message is a value check's own, from
``core/values.py``, which its tests pin).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import tenncare_calc as tc


def _error(call: Any) -> tc.TennCareError:
    """Return the library error ``call()`` raises."""
    with pytest.raises(tc.TennCareError) as caught:
        call()
    return caught.value


BASE = {
    "id": "x",
    "title": "X",
    "group": "physical_health",
    "rule": "significant_improvement",
    "section": "3.10.2.2.1",
}
GROUPS = "['physical_health', 'behavioral_health', 'community_tenure']"
KEYS = "['components', 'group', 'id', 'payment', 'reversed', 'rule', 'section', 'title']"


class TestMeasureRecords:
    """A profile's ``p4p.measures`` records are validated; each error names the record and key."""

    @pytest.mark.parametrize(
        ("records", "error", "field", "message"),
        [
            (
                "x",
                tc.InvalidTypeError,
                "measures",
                "'measures' must be a list of measures (got str)",
            ),
            (
                b"x",
                tc.InvalidTypeError,
                "measures",
                "'measures' must be a list of measures (got bytes)",
            ),
            (["x"], tc.InvalidTypeError, "measures[0]", "'measures[0]' must be a table"),
            (
                [{**BASE, "extra": 1}],
                tc.InvalidInputError,
                "measures[0]",
                f"'measures[0]' has unknown keys ['extra']; allowed: {KEYS}",
            ),
            (
                [{"id": "x"}],
                tc.InvalidInputError,
                "measures[0]",
                "'measures[0]' lacks required keys ['group', 'rule', 'section', 'title']",
            ),
            (
                [{**BASE, "id": ""}],
                tc.InvalidInputError,
                "measures[0].id",
                "'measures[0].id' must be non-empty text (got '')",
            ),
            (
                [{**BASE, "title": "  "}],
                tc.InvalidInputError,
                "measures[0].title",
                "'measures[0].title' must be non-empty text (got '  ')",
            ),
            (
                [{**BASE, "section": 3}],
                tc.InvalidInputError,
                "measures[0].section",
                "'measures[0].section' must be non-empty text (got 3)",
            ),
            (
                [{**BASE, "id": "X1"}],
                tc.InvalidInputError,
                "measures[0].id",
                "'measures[0].id' must be lower-case letters, digits and underscores (got 'X1')",
            ),
            (
                [{**BASE, "reversed": "yes"}],
                tc.InvalidTypeError,
                "measures[0].reversed",
                "'measures[0].reversed' must be true or false (got 'yes')",
            ),
            (
                [{**BASE, "group": "mental"}],
                tc.InvalidInputError,
                "measures[0].group",
                f"'measures[0].group' must be one of {GROUPS} (got 'mental')",
            ),
            (
                [{**BASE, "rule": "best"}],
                tc.InvalidInputError,
                "measures[0].rule",
                (
                    "'measures[0].rule' must be one of ['significant_improvement', "
                    "'national_percentile'] (got 'best')"
                ),
            ),
            (
                [{**BASE, "payment": "never"}],
                tc.InvalidInputError,
                "measures[0].payment",
                (
                    "'measures[0].payment' must be one of ['after_measurement_year', "
                    "'after_first_full_year'] (got 'never')"
                ),
            ),
            (
                [{**BASE, "components": "ab"}],
                tc.InvalidInputError,
                "measures[0].components",
                "'measures[0].components' must be a list of lower-case names (got 'ab')",
            ),
            (
                [{**BASE, "components": ["A"]}],
                tc.InvalidInputError,
                "measures[0].components",
                "'measures[0].components' must be a list of lower-case names (got ['A'])",
            ),
            (
                [{**BASE, "components": [1]}],
                tc.InvalidInputError,
                "measures[0].components",
                "'measures[0].components' must be a list of lower-case names (got [1])",
            ),
            (
                [{**BASE, "components": ["a", "a"], "rule": "national_percentile"}],
                tc.InvalidInputError,
                "measures[0].components",
                "'measures[0].components' repeats a name (['a', 'a'])",
            ),
            (
                [{**BASE, "components": ["a"]}],
                tc.InvalidInputError,
                "measures[0].components",
                "'measures[0].components' only applies to national-percentile measures",
            ),
            (
                [{**BASE, "group": "community_tenure", "rule": "national_percentile"}],
                tc.InvalidInputError,
                "measures[0].rule",
                (
                    "'measures[0].rule' must be 'significant_improvement' for community tenure "
                    "(§3.10.4)"
                ),
            ),
            (
                [BASE, BASE],
                tc.InvalidInputError,
                "measures",
                "'measures' repeats measure ids ['x']",
            ),
            (
                [
                    {**BASE, "group": "community_tenure"},
                    {**BASE, "id": "y", "group": "community_tenure"},
                ],
                tc.InvalidInputError,
                "measures",
                "'measures' has more than one community-tenure measure (['x', 'y'])",
            ),
        ],
    )
    def test_rejected_records(
        self, records: object, error: type[Exception], field: str, message: str
    ) -> None:
        """Each defect: its error class, the field it names, and a message saying what to fix."""
        caught = _error(lambda: tc.p4p.measures.measures_from_records(records))
        assert (type(caught), caught.field, str(caught)) == (error, field, message)
        assert caught.value is not None

    def test_second_record_is_named_by_index_and_field(self) -> None:
        """Errors name the record by its index under the caller's field name."""
        caught = _error(
            lambda: tc.p4p.measures.measures_from_records([BASE, {**BASE, "id": "Y"}], field="m")
        )
        assert caught.field == "m[1].id"

    def test_a_full_record(self) -> None:
        """Every key read, text stripped, defaults applied when absent."""
        (measure,) = tc.p4p.measures.measures_from_records(
            [
                {
                    **BASE,
                    "title": " X ",
                    "section": " 3.10.3 ",
                    "rule": "national_percentile",
                    "reversed": True,
                    "components": ["a", "b"],
                    "payment": "after_first_full_year",
                }
            ]
        )
        assert measure.to_dict() == {
            "id": "x",
            "title": "X",
            "group": "physical_health",
            "rule": "national_percentile",
            "section": "3.10.3",
            "reversed": True,
            "components": ["a", "b"],
            "payment": "after_first_full_year",
        }
        (plain,) = tc.p4p.measures.measures_from_records([BASE])
        assert (plain.reversed, plain.components, plain.payment.value) == (
            False,
            (),
            "after_measurement_year",
        )


MEASURES = {m.id: m for m in tc.default_profile().value("p4p.measures", tuple)}


class TestRateInputs:
    """Rates given to the statement are parsed strictly; each error names the measure and rate."""

    @pytest.mark.parametrize(
        ("call", "error", "field", "message"),
        [
            (
                lambda: tc.p4p.rates.ImprovementRates.parse("x", field="m"),
                tc.InvalidInputError,
                "m",
                (
                    "'m' must be (baseline, current) rates or a mapping with 'baseline' and 'current' "
                    "(got 'x')"
                ),
            ),
            (
                lambda: tc.p4p.rates.ImprovementRates.parse((1, 2, 3), field="m"),
                tc.InvalidInputError,
                "m",
                (
                    "'m' must be (baseline, current) rates or a mapping with 'baseline' and 'current' "
                    "(got (1, 2, 3))"
                ),
            ),
            (
                lambda: tc.p4p.rates.ImprovementRates.parse({"baseline": 1}, field="m"),
                tc.InvalidInputError,
                "m",
                "'m' must have exactly the keys ['baseline', 'current'] (got ['baseline'])",
            ),
            (
                lambda: tc.p4p.rates.ImprovementRates.parse((1, 200), field="m"),
                tc.InvalidValueError,
                "m.current",
                None,
            ),
            (
                lambda: tc.p4p.rates.ImprovementRates.parse(
                    {"baseline": 200, "current": 1}, field="m"
                ),
                tc.InvalidValueError,
                "m.baseline",
                None,
            ),
            (
                lambda: tc.p4p.rates.PercentileRate.parse("x", field="m"),
                tc.InvalidInputError,
                "m",
                (
                    "'m' must be (rate, percentile_75) or a mapping with 'rate' and 'percentile_75' "
                    "(got 'x')"
                ),
            ),
            (
                lambda: tc.p4p.rates.PercentileRate.parse({"rate": 1}, field="m"),
                tc.InvalidInputError,
                "m",
                "'m' must have exactly the keys ['percentile_75', 'rate'] (got ['rate'])",
            ),
            (
                lambda: tc.p4p.rates.PercentileRate.parse((200, 1), field="m"),
                tc.InvalidValueError,
                "m.rate",
                None,
            ),
            (
                lambda: tc.p4p.rates.PercentileRate.parse(
                    {"rate": 1, "percentile_75": 200}, field="m"
                ),
                tc.InvalidValueError,
                "m.percentile_75",
                None,
            ),
            (
                lambda: tc.p4p.rates.PercentileRate(1, 200),
                tc.InvalidValueError,
                "percentile_75",
                None,
            ),
            (
                lambda: tc.p4p.rates.PercentileRate(200, 1),
                tc.InvalidValueError,
                "rate",
                None,
            ),
            (
                lambda: tc.p4p.rates.ImprovementRates(1, 200),
                tc.InvalidValueError,
                "current",
                None,
            ),
            (
                lambda: tc.p4p.rates.percentile_rates(MEASURES["adhd_follow_up"], {}, "adhd"),
                tc.InvalidInputError,
                "adhd",
                (
                    "'adhd' must map one or more of the measure's rates ['initiation', "
                    "'continuation'] to (rate, percentile_75) (got {})"
                ),
            ),
            (
                lambda: tc.p4p.rates.percentile_rates(
                    MEASURES["adhd_follow_up"], {"nope": (1, 2)}, "adhd"
                ),
                tc.InvalidInputError,
                "adhd",
                (
                    "'adhd' must map one or more of the measure's rates ['initiation', "
                    "'continuation'] to (rate, percentile_75) (got {'nope': (1, 2)})"
                ),
            ),
            (
                lambda: tc.p4p.rates.percentile_rates(
                    MEASURES["adhd_follow_up"], {"initiation": (1, 200)}, "adhd"
                ),
                tc.InvalidValueError,
                "adhd.initiation.percentile_75",
                None,
            ),
            (
                lambda: tc.p4p.rates.rates_by_measure(
                    "x", [MEASURES["hba1c_testing"]], "physical_health"
                ),
                tc.InvalidTypeError,
                "physical_health",
                "'physical_health' must be a mapping from measure id to rates (got str)",
            ),
            (
                lambda: tc.p4p.rates.rates_by_measure(
                    {"hba1c_testin": 1}, [MEASURES["hba1c_testing"]], "physical_health"
                ),
                tc.InvalidInputError,
                "physical_health",
                (
                    "'physical_health' names 'hba1c_testin', which is not a physical-health measure "
                    "in force (did you mean 'hba1c_testing'?); measures: ['hba1c_testing']"
                ),
            ),
        ],
    )
    def test_rejected_rates(
        self, call: Any, error: type[Exception], field: str, message: str | None
    ) -> None:
        """Each defect: its error class, the field it names, and the message.

        ``None``: the message is the value check's (``core/values.py``), pinned by its own tests.
        """
        caught = _error(call)
        assert (type(caught), caught.field) == (error, field)
        if message is not None:
            assert str(caught) == message
        assert caught.value is not None

    def test_accepted_forms(self) -> None:
        """A pair, a mapping, an instance, and an object carrying ``.rate``."""

        class Tenure:
            rate = Decimal("81.5")

        parse = tc.p4p.rates.ImprovementRates.parse
        expected = tc.p4p.rates.ImprovementRates(80, "81.5")
        assert parse((80, Tenure()), field="m") == expected
        assert parse({"baseline": 80, "current": "81.5"}, field="m") == expected
        assert parse(expected, field="m") is expected
        assert tc.p4p.rates.ImprovementRates(80, Tenure()) == expected
        rate = tc.p4p.rates.PercentileRate(Tenure(), 80)
        assert tc.p4p.rates.PercentileRate.parse(rate, field="m") is rate
        assert tc.p4p.rates.PercentileRate.parse([Tenure(), 80], field="m") == rate
        single = tc.p4p.rates.percentile_rates(
            MEASURES["antidepressant_medication_management"], {"acute": (1, 2)}, "a"
        )
        assert list(single) == ["acute"]
