"""Not-met findings priced (``compliance.findings.pricing``), against the arithmetic done here.

Each check's line is ``not met x amount`` rounded half-up to the cent (ruling M3), and the total
the sum of the rounded lines. The tests count the not-met findings and round in whole cents with
fractions (never with the pricing's code), over findings and batch tables of several checks, and
compare every part of the result (lines, summary, JSON, explanation, workbook formulas) whole.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    load_profile,
)
from tenncare_calc.compliance.findings import (
    CHECKS,
    Finding,
    FindingAmounts,
    Outcome,
    PricingLine,
    finding_amounts_from_records,
    price_findings,
)
from tenncare_calc.compliance.nemt import decision_time_table
from tenncare_calc.core.parts import ColumnType

#: Checks priced in the tests, with the clause each cites (as the explanation prints it).
CITED = {
    "nemt.trip_manifest": "Attachment XI A.5.5.1",
    "nemt.decision_time": "Attachment XI A.5.1.3",
    "nemt.multi_passenger_ride": "Attachment XI A.5.2.2",
}


def found(check: str, outcome: Outcome = Outcome.NOT_MET, *parts: Finding) -> Finding:
    """Return a finding of ``check`` with ``outcome`` (and ``parts``)."""
    return Finding(check=check, outcome=outcome, standard="s", sections=("x",), parts=parts)


def profile_with(amounts: dict[str, object]) -> Any:
    """Return the shipped profile with ``amounts`` per not-met finding."""
    return load_profile(overrides={"compliance.finding_amounts": amounts})


def cents(amount: Decimal, count: int) -> Decimal:
    """Return ``amount x count`` rounded half-up to the cent, in whole cents by fractions."""
    whole = math.floor(Fraction(amount) * count * 100 + Fraction(1, 2))
    return Decimal(whole).scaleb(-2)


def dollars(amount: Decimal) -> str:
    """Return an amount as the explanation prints it: $, thousands, cents (sub-cents kept)."""
    if amount == round(amount, 2):
        return f"${amount:,.2f}"
    return f"${amount:,f}"


#: A sub-cent amount (at most 3 places, at most $99,999.999).
AMOUNTS = st.integers(min_value=0, max_value=99_999_999).map(lambda n: Decimal(n).scaleb(-3))


class TestFindingAmounts:
    """The profile's amounts per not-met finding, by check id."""

    def test_get_to_dict_and_describe(self) -> None:
        """Each amount by its check, JSON-ready text, and one line of money."""
        amounts = FindingAmounts(
            (("nemt.decision_time", Decimal("1250.5")), ("nemt.trip_manifest", Decimal("0.005")))
        )
        assert amounts.get("nemt.decision_time") == Decimal("1250.5")
        assert amounts.get("nemt.trip_manifest") == Decimal("0.005")
        assert amounts.get("nemt.escorts") is None
        assert amounts.to_dict() == {"nemt.decision_time": "1250.5", "nemt.trip_manifest": "0.005"}
        assert amounts.describe() == "nemt.decision_time $1,250.50, nemt.trip_manifest $0.005"

    def test_none(self) -> None:
        """A profile without amounts (the shipped one) says so."""
        assert FindingAmounts().describe() == "none"
        assert FindingAmounts().to_dict() == {}


class TestFromRecords:
    """Amounts read from a profile: a table (or TOML inline-table text) of check id = dollars."""

    def test_sorted_by_check(self) -> None:
        """The amounts are kept in check-id order, whatever order the table gives them in."""
        amounts = finding_amounts_from_records(
            {"nemt.trip_manifest": "2", "access.distance": 1, "nemt.escorts": "$3.50"},
            field="amounts",
        )
        assert amounts.amounts == (
            ("access.distance", Decimal(1)),
            ("nemt.escorts", Decimal("3.50")),
            ("nemt.trip_manifest", Decimal(2)),
        )

    def test_toml_text_keeps_every_digit(self) -> None:
        """Text is a TOML inline table; a TOML float is read as exact decimal, not binary."""
        amounts = finding_amounts_from_records(
            '{"nemt.trip_manifest" = 100.00000000000000000001, "access.distance" = "7"}',
            field="amounts",
        )
        assert amounts.amounts == (
            ("access.distance", Decimal(7)),
            ("nemt.trip_manifest", Decimal("100.00000000000000000001")),
        )

    def test_bad_toml(self) -> None:
        """Text that is not an inline table is an error naming the field and saying the form."""
        with pytest.raises(InvalidInputError) as caught:
            finding_amounts_from_records("{nope", field="compliance.finding_amounts")
        message = str(caught.value)
        assert message.startswith(
            "'compliance.finding_amounts' must be a TOML inline table such as "
            '{"nemt.decision_time" = "100.00"} ('
        )
        assert message.endswith(")")
        assert (caught.value.field, caught.value.value) == ("compliance.finding_amounts", "{nope")

    @pytest.mark.parametrize(("raw", "kind"), [([1, 2], "list"), (5, "int"), ('"text"', "str")])
    def test_not_a_table(self, raw: object, kind: str) -> None:
        """Anything but a table (a list, a number, TOML text of a string) is a type error."""
        with pytest.raises(InvalidTypeError) as caught:
            finding_amounts_from_records(raw, field="amounts")
        assert str(caught.value) == f"'amounts' must be a table of check id = amount (got {kind})"
        assert caught.value.field == "amounts"
        assert caught.value.value == ("text" if kind == "str" else raw)

    def test_unknown_check(self) -> None:
        """A check the library does not have is named, with the checks it has."""
        with pytest.raises(InvalidInputError) as caught:
            finding_amounts_from_records({"nemt.escorts": 1, "nemt.late": 1}, field="amounts")
        assert str(caught.value) == (
            f"'amounts' names an unknown check 'nemt.late'; checks: {sorted(CHECKS)}"
        )
        assert (caught.value.field, caught.value.value) == ("amounts", "nemt.late")

    def test_a_key_that_is_not_text(self) -> None:
        """A key that is not a check id's text is an unknown check, whatever the other keys are."""
        with pytest.raises(InvalidInputError) as caught:
            finding_amounts_from_records({"nemt.escorts": 1, 5: 1}, field="amounts")
        assert str(caught.value).startswith("'amounts' names an unknown check 5; ")
        assert caught.value.value == 5

    def test_bad_amount_names_its_check(self) -> None:
        """A negative amount is an error on the field ``<field>.<check>``."""
        with pytest.raises(InvalidValueError) as caught:
            finding_amounts_from_records({"nemt.escorts": "-1"}, field="amounts")
        assert caught.value.field == "amounts.nemt.escorts"


def batch(minutes: list[int]) -> Any:
    """Return NEMT decision-time findings of requests decided ``minutes`` after the request."""
    requested = dt.datetime(2008, 10, 6, 9)  # noqa: DTZ001 - NEMT times are naive wall-clock
    return decision_time_table(
        {
            "requested_at": [f"{requested:%Y-%m-%d %H:%M}"] * len(minutes),
            "decided_at": [
                f"{requested + dt.timedelta(minutes=m):%Y-%m-%d %H:%M}" for m in minutes
            ],
        }
    )


OUTCOMES = st.sampled_from(list(Outcome))


class TestPricing:
    """Each check with not-met findings is a line; lines are rounded, then added."""

    @given(
        outcomes=st.lists(st.tuples(st.sampled_from(sorted(CITED)), OUTCOMES), max_size=12),
        late=st.lists(st.integers(min_value=0, max_value=2 * 1440), max_size=6),
        trip=AMOUNTS,
        decision=AMOUNTS,
    )
    @example(
        outcomes=[("nemt.trip_manifest", Outcome.NOT_MET)] * 3,
        late=[],
        trip=Decimal("250.005"),
        decision=Decimal(0),
    )
    def test_lines_and_total(
        self,
        outcomes: list[tuple[str, Outcome]],
        late: list[int],
        trip: Decimal,
        decision: Decimal,
    ) -> None:
        """Each line is count x amount rounded half-up; the total adds the rounded lines."""
        table = batch(late)
        counted = Counter(check for check, outcome in outcomes if outcome is Outcome.NOT_MET)
        counted["nemt.decision_time"] += sum(1 for m in late if m > 1440)
        prices = {"nemt.trip_manifest": trip, "nemt.decision_time": decision}
        expected = []
        for check in sorted(check for check, n in counted.items() if n):
            amount = prices.get(check)
            total = None if amount is None else cents(amount, counted[check])
            expected.append(PricingLine(check, counted[check], amount, total))
        priced = price_findings(
            [table, *(found(check, outcome) for check, outcome in outcomes)],
            profile=profile_with({check: str(amount) for check, amount in prices.items()}),
        )
        assert priced.lines == tuple(expected)
        assert priced.total == sum((line.total or 0 for line in expected), Decimal("0.00"))
        assert str(priced.total) == f"{priced.total:.2f}"  # always to the cent
        assert priced.unpriced == tuple(line.check for line in expected if line.amount is None)

    def test_tables_of_one_check_add_up(self) -> None:
        """Two batch tables and single findings of the same check make one line."""
        profile = profile_with({"nemt.decision_time": "0.333"})
        priced = price_findings(
            [batch([1441, 10]), batch([3000]), found("nemt.decision_time")], profile=profile
        )
        assert priced.lines == (
            PricingLine("nemt.decision_time", 3, Decimal("0.333"), Decimal("1.00")),
        )

    def test_a_table_with_none_not_met_is_no_line(self) -> None:
        """A batch table that met every standard adds no line (and no unpriced check)."""
        priced = price_findings([batch([10, 20])])
        assert priced.lines == ()
        assert priced.unpriced == ()
        assert priced.total == Decimal("0.00")
        assert str(priced.total) == "0.00"

    def test_a_composite_counts_once(self) -> None:
        """A not-met composite finding counts once; its not-met parts are not counted again."""
        walk = found("nemt.fixed_route.walk_distance")
        composite = found("nemt.fixed_route", Outcome.NOT_MET, walk, walk)
        priced = price_findings([composite, found("nemt.fixed_route", Outcome.MET, walk)])
        assert [(line.check, line.not_met) for line in priced.lines] == [("nemt.fixed_route", 1)]

    def test_the_amounts_in_force_on_the_date(self) -> None:
        """on= reads the amounts in force on that date: none before the parameter's term."""
        with pytest.raises(OutsideTermError):
            price_findings([found("nemt.escorts")], on=dt.date(2006, 1, 1))
        assert price_findings([found("nemt.escorts")], on=dt.date(2008, 1, 1)).unpriced == (
            "nemt.escorts",
        )

    def test_only_findings(self) -> None:
        """Anything else in the list is a type error naming what it was."""
        with pytest.raises(InvalidTypeError) as caught:
            price_findings([found("nemt.escorts"), 5])  # type: ignore[list-item]
        assert str(caught.value) == (
            "'findings' must hold Finding or FindingsTable values (got int)"
        )
        assert (caught.value.field, caught.value.value) == ("findings", 5)

    def test_text_is_not_a_list_of_findings(self) -> None:
        """One text is refused as the list of findings, naming the field."""
        with pytest.raises(InvalidTypeError) as caught:
            price_findings("late")  # type: ignore[arg-type]
        assert str(caught.value).startswith("'findings' must be a sequence of findings, ")
        assert caught.value.field == "findings"


def priced_example() -> Any:
    """Return 3 late manifests at $1,250.005 and 2 late decisions with no amount."""
    profile = profile_with({"nemt.trip_manifest": "1250.005"})
    late = found("nemt.trip_manifest")
    slow = found("nemt.decision_time")
    return price_findings(
        [slow, late, late, slow, late, found("nemt.escorts", Outcome.MET)], profile=profile
    )


class TestPricedFindings:
    """Every part of the priced result, written out."""

    def test_lines_part(self) -> None:
        """One row per check with not-met findings: check, title, count, amount, total."""
        priced = priced_example()
        assert repr(priced) == (
            "PricedFindings(checks=2, total=Decimal('3750.02'), unpriced=('nemt.decision_time',))"
        )
        lines = priced.table("lines")
        assert (lines.name, lines.title, lines.record) == ("lines", "Priced lines, by check", False)
        assert [(c.name, c.type, c.title, c.unit, c.description) for c in lines.columns] == [
            ("check", ColumnType.TEXT, "", "", "the check's id"),
            ("title", ColumnType.TEXT, "", "", "the check's title"),
            ("not_met", ColumnType.COUNT, "not met", "", "not-met findings"),
            (
                "amount",
                ColumnType.MONEY,
                "",
                "per finding",
                (
                    "the profile's amount per not-met finding (compliance.finding_amounts); "
                    "empty when the profile gives none"
                ),
            ),
            (
                "total",
                ColumnType.MONEY,
                "",
                "",
                "not met x amount, rounded to cents half-up (ruling M3); empty when unpriced",
            ),
        ]
        assert lines.rows == (
            ("nemt.decision_time", "NEMT decision time", 2, None, None),
            (
                "nemt.trip_manifest",
                "NEMT trip manifest",
                3,
                Decimal("1250.005"),
                Decimal("3750.02"),
            ),
        )
        assert priced.table() is not None
        assert priced.table().name == "lines"  # the primary part

    def test_summary_part(self) -> None:
        """One record: not-met findings of all checks, the total, the unpriced checks."""
        summary = priced_example().table("summary")
        assert (summary.name, summary.title, summary.record) == (
            "summary",
            "Findings priced with the profile's amounts",
            True,
        )
        assert [(c.name, c.type, c.title, c.description) for c in summary.columns] == [
            ("not_met", ColumnType.COUNT, "not met", "not-met findings, all checks"),
            ("total", ColumnType.MONEY, "", "the sum of the priced lines (each rounded)"),
            (
                "unpriced",
                ColumnType.TEXT,
                "",
                "checks with not-met findings but no amount in the profile",
            ),
        ]
        assert summary.rows == ((5, Decimal("3750.02"), "nemt.decision_time"),)
        nothing = price_findings([]).table("summary")
        assert nothing.rows == ((0, Decimal("0.00"), None),)
        two = price_findings([found("nemt.escorts"), found("nemt.decision_time")])
        assert two.table("summary").rows[0][2] == "nemt.decision_time; nemt.escorts"

    def test_parameters_part(self) -> None:
        """The amounts are cited once."""
        priced = priced_example()
        assert [table.name for table in priced.tables()] == ["summary", "lines", "parameters"]
        assert [row[0] for row in priced.table("parameters").rows] == ["compliance.finding_amounts"]

    def test_to_dict(self) -> None:
        """The lines, the total, the unpriced checks and the amounts' citation, JSON-ready."""
        priced = priced_example()
        data = priced.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data == {
            "lines": [
                {
                    "check": "nemt.decision_time",
                    "title": "NEMT decision time",
                    "not_met": 2,
                    "amount": None,
                    "total": None,
                },
                {
                    "check": "nemt.trip_manifest",
                    "title": "NEMT trip manifest",
                    "not_met": 3,
                    "amount": "1250.005",
                    "total": "3750.02",
                },
            ],
            "total": "3750.02",
            "unpriced": ["nemt.decision_time"],
            "amounts": priced.amounts.to_dict(),
        }
        assert data["amounts"]["name"] == "compliance.finding_amounts"
        assert [line.to_dict() for line in priced.lines] == data["lines"]

    def test_explain(self) -> None:
        """Each line's arithmetic with its clause, the total, the parameter, and what to do."""
        priced = priced_example()
        assert priced.explain().splitlines() == [
            "Findings priced with the profile's amounts",
            "  NEMT decision time: 2 not met; no amount in the profile (unpriced)",
            (
                f"  NEMT trip manifest: 3 not met x {dollars(Decimal('1250.005'))} = "
                f"{dollars(Decimal('3750.02'))}  [{CITED['nemt.trip_manifest']}]"
            ),
            "  total = $3,750.02 (sum of the rounded lines)",
            f"  parameter: {priced.amounts.provenance()}",
            (
                "  Exhibit F to Attachment XI is not in the source; enter its amounts in your "
                "profile (compliance.finding_amounts) to price these checks"
            ),
        ]

    def test_explain_all_priced(self) -> None:
        """With every line priced, no line says what to do."""
        profile = profile_with({"nemt.multi_passenger_ride": "10"})
        priced = price_findings([found("nemt.multi_passenger_ride")], profile=profile)
        assert priced.explain().splitlines() == [
            "Findings priced with the profile's amounts",
            (
                f"  Multi-passenger ride time: 1 not met x $10.00 = $10.00  "
                f"[{CITED['nemt.multi_passenger_ride']}]"
            ),
            "  total = $10.00 (sum of the rounded lines)",
            f"  parameter: {priced.amounts.provenance()}",
        ]

    def test_excel_formulas(self) -> None:
        """Each line's total is amount x not met rounded half-up in cents; the summary sums."""
        formulas = priced_example().excel_formulas()
        assert formulas == {
            "lines": {
                "total": 'IF({amount}="", "", ROUND(ROUND(({amount}*{not_met})*100, 6), 0)/100)'
            },
            "summary": {"not_met": "SUM({lines.not_met:*})", "total": "SUM({lines.total:*})"},
        }
