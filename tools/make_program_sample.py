"""Write the bundled program sample (three plans, two measurement years), deterministically.

From the project root::

    python tools/make_program_sample.py

writes into ``tenncare_calc/data/samples/program/``:

* ``plans.csv``: the plan facts, one row per plan and year (capitation, other payments, total
  payments under the Agreement, the date the stays are complete through; member months left empty,
  so they are computed from the spans). West's 2009 capitation and other payments leave $50.00 of
  room under the 105% cap, so the cap binds for that plan-year.
* ``rates.csv``: every measure's rates per plan and year; community tenure gives only its baseline
  (the current rate comes from the stays).
* ``spans.csv``: enrollment spans with a plan: members enrolled all along, joining, leaving, coming
  back, duplicated spans, monthly spans, members who switch plans in the middle of a month, and
  members whose spans of two plans overlap for a few days (a cross-plan overlap).
* ``stays.csv``: inpatient mental-health stays with a plan, some readmitted in another plan.
* ``damages.csv``: liquidated-damages observations with a plan, in both years.

The State's figures used by the reconciliation example (``state_figures.csv``) are written by hand
from a letter's point of view and are not generated. ``tests/test_program_sample.py`` checks that
the committed files are exactly what this script writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples" / "program"
PLANS = ("east", "middle", "west")
YEARS = (2008, 2009)
DAY = dt.timedelta(days=1)
MEMBERS_PER_PLAN = 300


def _text(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _day(generator: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + DAY * generator.randrange(max((last - first).days, 0) + 1)


def _other(generator: random.Random, plan: str) -> str:
    return generator.choice([other for other in PLANS if other != plan])


def spans_rows(seed: int = 14) -> list[tuple[str, str, str, str]]:
    """Return enrollment spans (member, start, end, plan) in the shapes real enrollment has."""
    generator = random.Random(seed)
    rows: list[tuple[str, str, str, str]] = []
    start, end = dt.date(2008, 1, 1), dt.date(2009, 12, 31)
    for number in range(MEMBERS_PER_PLAN * len(PLANS)):
        member = str(200001 + number)
        plan = PLANS[number % len(PLANS)]
        shape = generator.randrange(10)
        if shape <= 2:  # enrolled since before the years, open-ended
            rows.append((member, _text(_day(generator, dt.date(2006, 1, 1), start)), "", plan))
        elif shape == 3:  # joins during the years
            rows.append((member, _text(_day(generator, start, end)), "", plan))
        elif shape == 4:  # leaves during the years
            first = _day(generator, dt.date(2007, 1, 1), start)
            rows.append((member, _text(first), _text(_day(generator, start, end)), plan))
        elif shape == 5:  # switches plan in the middle of a month: prorated between the plans
            moves = dt.date(generator.choice(YEARS), generator.randrange(1, 13), 16)
            rows.append((member, "2007-07-01", _text(moves - DAY), plan))
            rows.append((member, _text(moves), "", _other(generator, plan)))
        elif shape == 6:  # switches plan with spans that overlap: a cross-plan overlap
            leaves = _day(generator, start + DAY * 40, end - DAY * 40)
            joins = leaves - DAY * generator.randrange(1, 10)
            rows.append((member, "2007-03-01", _text(leaves), plan))
            rows.append((member, _text(joins), "", _other(generator, plan)))
        elif shape == 7:  # a gap, then back with the same plan; the first span sent twice
            leaves = _day(generator, start, dt.date(2009, 6, 30))
            back = leaves + DAY * generator.randrange(20, 120)
            rows.extend([(member, "2007-10-01", _text(leaves), plan)] * 2)
            rows.append((member, _text(back), "", plan))
        elif shape == 8:  # monthly spans, as some systems store enrolment
            first = dt.date(generator.choice(YEARS), generator.randrange(1, 13), 1)
            for _ in range(generator.randrange(2, 8)):
                following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                rows.append((member, _text(first), _text(following - DAY), plan))
                first = following
        else:  # a short spell, and one span before the years
            begins = _day(generator, start, end)
            rows.append(
                (member, _text(begins), _text(begins + DAY * generator.randrange(0, 60)), plan)
            )
            rows.append((member, "2005-01-01", "2005-12-31", plan))
    return rows


def stays_rows(seed: int = 1014) -> list[tuple[str, str, str, str]]:
    """Return mental-health stays (member, admit, discharge, plan); some readmitted elsewhere."""
    generator = random.Random(seed)
    rows: list[tuple[str, str, str, str]] = []
    gaps = (0, 3, 12, 29, 30, 31, 60, 150)  # days from a discharge to the next admission
    for number in range(240):
        member = str(600001 + number)
        plan = PLANS[number % len(PLANS)]
        admit = _day(generator, dt.date(2007, 12, 1), dt.date(2009, 12, 10))
        for _ in range(generator.randrange(1, 4)):
            discharge: dt.date | None = admit + DAY * generator.randrange(1, 12)
            if discharge is not None and discharge > dt.date(2010, 3, 20):
                discharge = None  # still in hospital when the data was drawn
            rows.append((member, _text(admit), _text(discharge), plan))
            if discharge is None:
                break
            admit = discharge + DAY * generator.choice(gaps)
            if generator.randrange(5) == 0:
                plan = _other(generator, plan)  # readmitted in another plan
    return rows


#: Each measure: (id, rate names, judged by improvement, HEDIS poor-control rate).
MEASURES = (
    ("hba1c_testing", ("",), True, False),
    ("hba1c_control", ("",), True, True),
    ("ldl_c_screening", ("",), True, False),
    ("adolescent_well_care", ("",), True, False),
    ("breast_cancer_screening", ("",), True, False),
    ("controlling_high_blood_pressure", ("",), True, False),
    ("antidepressant_medication_management", ("acute", "continuation"), False, False),
    ("adhd_follow_up", ("initiation", "continuation"), False, False),
)


def _rate(value: float) -> str:
    return f"{value:.1f}"


def rates_rows(seed: int = 2014) -> list[tuple[str, ...]]:
    """Return the rates table: every measure per plan and year (tenure: the baseline only)."""
    generator = random.Random(seed)
    rows: list[tuple[str, ...]] = []
    for plan in PLANS:
        for year in YEARS:
            for measure, names, improvement, reversed_rate in MEASURES:
                for name in names:
                    if improvement:
                        baseline = generator.uniform(40, 78)
                        gain = generator.choice((0.4, 1.5, 3.0, 6.5, 8.0))
                        if plan == "west" and year == 2009:
                            gain = 9.0  # every improvement measure qualifies: the cap binds
                        current = baseline - gain if reversed_rate else baseline + gain
                        rows.append((plan, str(year), measure, "", _rate(baseline),
                                     _rate(current), ""))  # fmt: skip
                    else:
                        percentile = generator.uniform(35, 55)
                        current = percentile + generator.choice((-3.0, -0.5, 0.0, 1.2))
                        rows.append((plan, str(year), measure, name, "", _rate(current),
                                     _rate(percentile)))  # fmt: skip
            rows.append((plan, str(year), "community_tenure", "", _rate(generator.uniform(70, 85)),
                         "", ""))  # fmt: skip
    return rows


def plans_rows() -> list[tuple[str, ...]]:
    """Return the plan facts; west's 2009 payments leave $50.00 of room under the cap."""
    capitation = {"east": "5400000.00", "middle": "5100000.00", "west": "4800000.00"}
    paid = {"east": "10950000.00", "middle": "10340000.00", "west": "9730000.00"}
    rows: list[tuple[str, ...]] = []
    for plan in PLANS:
        for year in YEARS:
            other = "120000.00"
            if plan == "west" and year == 2009:
                other = "239950.00"  # 105% of 4,800,000 = 5,040,000: room 50.00
            total = paid[plan] if year == 2009 else ""
            rows.append((plan, str(year), capitation[plan], other, "", total, "2010-03-31"))
    return rows


DAMAGE_COLUMNS = ("plan", "item", "reference", "date", "start", "end", "amount_paid", "due",
                  "received", "count", "month", "quarter", "unmet", "standards_met",
                  "confirmed_percent", "incorrect_percent_by_element", "corrective_action_plan")  # fmt: skip


def damages_rows() -> list[tuple[str, ...]]:
    """Return the damages observations: a few per plan and year, each item's fields filled."""

    def row(plan: str, item: str, reference: str, **fields: str) -> tuple[str, ...]:
        cells = {"plan": plan, "item": item, "reference": reference, **fields}
        return tuple(cells.get(column, "") for column in DAMAGE_COLUMNS)

    return [
        row("east", "unlicensed_staff", "LIC-E-0801", start="2008-01-30", end="2008-02-02",
            amount_paid="800.00"),
        row("east", "late_provider_enrollment_file", "PEF-E-0803", due="2008-03-20",
            received="2008-04-02"),
        row("east", "geographic_access", "GEO-E-0902", month="2009-02", standards_met="no",
            corrective_action_plan="yes"),
        row("middle", "noncompliant_provider_agreements", "AUD-M-0802", date="2008-02-14",
            count="2"),
        row("middle", "provider_information_accuracy", "PIA-M-08Q1", quarter="2008-Q1",
            incorrect_percent_by_element="address=35; phone=12"),
        row("middle", "late_provider_enrollment_file", "PEF-M-0812", due="2008-12-22",
            received="2009-01-06"),
        row("west", "specialist_network", "SPN-W-0804", month="2008-04",
            unmet="physician_specialists"),
        row("west", "provider_participation_accuracy", "PPA-W-09Q4", quarter="2009-Q4",
            confirmed_percent="89.5"),
        row("west", "missing_signature_pages", "REQ-W-0909", date="2009-09-30", count="3"),
    ]  # fmt: skip


def _csv(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def sample_texts() -> dict[str, str]:
    """Return each generated file's name and its text."""
    return {
        "plans.csv": _csv(
            ("plan", "year", "capitation", "other_payments", "member_months", "total_payments",
             "data_through"),
            plans_rows(),
        ),
        "rates.csv": _csv(
            ("plan", "measurement_year", "measure", "rate", "baseline", "current", "percentile_75"),
            rates_rows(),
        ),
        "spans.csv": _csv(("member_id", "start_date", "end_date", "plan"), list(spans_rows())),
        "stays.csv": _csv(("member_id", "admit_date", "discharge_date", "plan"), stays_rows()),
        "damages.csv": _csv(DAMAGE_COLUMNS, damages_rows()),
    }  # fmt: skip


def main() -> None:
    """Write the sample into the package's samples folder."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, text in sample_texts().items():
        (FOLDER / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
