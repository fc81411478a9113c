"""Charts of the results with a natural picture: member months, community tenure, findings, ledger."""

from __future__ import annotations

import datetime as dt

import pytest

import tenncare_calc as tc
from tenncare_calc.columnar import read_columns
from tenncare_calc.damages import ledger_from_csv
from tenncare_calc.p4p import sample_path

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def _close_figures() -> object:
    """Close every figure a test opened."""
    yield
    plt.close("all")


def heights(ax: object) -> list[float]:
    """Return the height of every bar drawn on ``ax``."""
    return [patch.get_height() for patch in ax.patches]  # type: ignore[attr-defined]


def ticks(ax: object) -> list[str]:
    """Return the x tick labels of ``ax``."""
    return [label.get_text() for label in ax.get_xticklabels()]  # type: ignore[attr-defined]


def test_member_months_by_month() -> None:
    """One bar per month, as high as the month's member months, labelled Jan to Dec."""
    result = tc.member_months(
        read_columns(sample_path("enrollment_spans_2008.csv")).data, year=2008
    )
    ax = result.plot()
    assert heights(ax) == [float(value) for value in result.by_month.values()]
    assert ticks(ax) == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                         "Nov", "Dec"]  # fmt: skip
    assert ax.get_title() == "Member months of 2008 by month (prorated)"


def test_community_tenure_by_plan() -> None:
    """All plans first, then each plan, each bar its rate, labelled to the shown places."""
    stays = read_columns(sample_path("mental_health_stays_2008.csv")).data
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 1, 15))
    ax = result.plot()
    assert ticks(ax) == ["all plans", "east", "middle", "west"]
    assert heights(ax)[0] == pytest.approx(float(result.rate))
    assert [float(c.rate) for c in result.by_plan.values()] == pytest.approx(heights(ax)[1:])
    written = [text.get_text() for text in ax.texts]
    assert "64.743590%" in written


def test_a_plan_without_a_rate_has_no_bar() -> None:
    """A plan whose only index episode is incomplete has an empty bar, labelled undefined."""
    stays = {
        "member_id": [1, 2],
        "admit_date": ["2008-03-01", "2008-12-20"],
        "discharge_date": ["2008-03-05", "2008-12-30"],
        "plan": ["a", "c"],
    }
    result = tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 1, 15))
    ax = result.plot()
    assert ticks(ax) == ["all plans", "a", "c (undefined)"]
    assert heights(ax) == [100.0, 100.0, 0.0]


def test_findings_by_outcome() -> None:
    """One bar per outcome (every outcome, zeros too), as high as its count."""
    pandas = pytest.importorskip("pandas")
    findings = tc.access_timeliness_table(pandas.read_csv(sample_path("access_appointments.csv")))
    ax = findings.plot()
    assert ticks(ax) == list(findings.counts())
    assert heights(ax) == [float(count) for count in findings.counts().values()]
    assert all(float(tick).is_integer() for tick in ax.get_yticks())


def test_the_ledger_legend_covers_no_bar() -> None:
    """The legend stands beside the plot: December's bar (and every other) is in the clear."""
    ledger = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
    ax = ledger.plot()
    figure = ax.figure
    figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    bars = [patch.get_window_extent() for patch in ax.patches if patch.get_height() > 0]
    assert bars
    assert not [bar for bar in bars if bar.overlaps(legend)]
    assert legend.x0 >= ax.get_window_extent().x1
