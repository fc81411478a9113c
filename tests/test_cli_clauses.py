"""The commands of the clauses of issue 16: ``claims ...`` and ``nemt exclusions|notification|minor-denials``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.test_cli import assert_bad_input, run
from tests.test_cli_compliance import call, findings_of

if TYPE_CHECKING:
    from pathlib import Path


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


CLAIMS = """claim_id,pricing_method,billed_amount,stop_loss_threshold,service_code,procedure_code,encounters
C1,fee_schedule,1200,,99213,59400,2
C2,percent_of_billed_charges,95000,80000,0450,59510,0
C3,percent_of_billed_charges,80000,80000,0450,99213,0
C4,percent_of_billed_charges,400,,A0999,59400,1
"""


class TestClaims:
    """§2.13.2 and §2.12.7.32 over a claims file, rows numbered from 1."""

    def test_percent_of_billed(self, tmp_path: Path) -> None:
        """Not applicable, the stop-loss exception, exactly at the threshold, no Medicare method."""
        path = _file(tmp_path, "claims.csv", CLAIMS)
        findings = findings_of(
            call(
                "claims",
                "percent-of-billed",
                path,
                "--no-medicare-codes",
                "A0999",
                "--carry",
                "claim_id",
                "--format",
                "json",
            )
        )
        assert [
            (f["row"], f["claim_id"], f["outcome"], f["exception"], f["margin"]) for f in findings
        ] == [
            (2, "C1", "not_applicable", None, None),
            (3, "C2", "met", "2.13.2.3", "15000"),
            (4, "C3", "not_met", None, "0"),
            (5, "C4", "met", "2.13.2.2", None),
        ]

    def test_global_obstetric(self, tmp_path: Path) -> None:
        """With --codes: one finding per claim; without codes anywhere: exit 2, one line."""
        path = _file(tmp_path, "claims.csv", CLAIMS)
        findings = findings_of(
            call("claims", "global-obstetric", path, "--codes", "59400, 59510", "--format", "json")
        )
        assert [(f["outcome"], f["margin"]) for f in findings] == [
            ("met", "1"),
            ("not_met", "-1"),
            ("not_applicable", None),
            ("met", "0"),
        ]
        assert_bad_input(
            run("claims", "global-obstetric", path),
            "tenncare-calc: error: the amendment names no global obstetric codes",
            "--codes on the command line",
        )

    def test_an_empty_no_medicare_method_cell_is_not_stated(self, tmp_path: Path) -> None:
        """An empty ``no_medicare_method`` cell is no mark (the codes decide), not a bad row."""
        path = _file(
            tmp_path,
            "marks.csv",
            "claim_id,pricing_method,service_code,no_medicare_method\n"
            "C1,percent_of_billed_charges,A0999,\nC2,percent_of_billed_charges,99213,\n"
            "C3,percent_of_billed_charges,99213,yes\n",
        )
        findings = findings_of(
            call(
                "claims",
                "percent-of-billed",
                path,
                "--no-medicare-codes",
                "A0999",
                "--carry",
                "claim_id",
                "--format",
                "json",
            )
        )
        assert [(f["claim_id"], f["outcome"], f["exception"]) for f in findings] == [
            ("C1", "met", "2.13.2.2"),
            ("C2", "not_met", None),
            ("C3", "met", "2.13.2.2"),
        ]

    def test_bad_rows_are_named(self, tmp_path: Path) -> None:
        """A threshold without a billed amount: the file's row, exit 2; collected with --on-error."""
        path = _file(
            tmp_path,
            "bad.csv",
            "pricing_method,billed_amount,stop_loss_threshold\n"
            "percent_of_billed_charges,,80000\nfee_schedule,10,\n",
        )
        result = call("claims", "percent-of-billed", path)
        assert result.returncode == 2
        assert (
            "bad.csv, line 2: stop_loss_threshold 80000 is given without billed_amount"
            in result.stderr
        )
        collected = findings_of(
            call("claims", "percent-of-billed", path, "--on-error", "collect", "--format", "json")
        )
        assert [f["row"] for f in collected] == [3]


class TestNemt:
    """§2.6.1.2 exclusions, A.5.4 notification and A.4.1.1 denials over files."""

    def test_exclusions(self, tmp_path: Path) -> None:
        """A trip, a car rental, a separate escort payment to a NEMT provider."""
        path = _file(
            tmp_path,
            "claims.csv",
            "category,mode\ntrip,nemt_provider\ncar_rental,nemt_provider\nescort,nemt_provider\n",
        )
        findings = findings_of(call("nemt", "exclusions", path, "--format", "json"))
        assert [(f["outcome"], f["exclusion"]) for f in findings] == [
            ("met", None),
            ("not_met", "private automobile reimbursement"),
            ("not_met", "separate escort or accompanying-adult payment"),
        ]

    def test_notification(self, tmp_path: Path) -> None:
        """Exactly 24 hours is in time; a minute later is not; not told at all is not met."""
        path = _file(
            tmp_path,
            "requests.csv",
            "requested_at,service_date,notified_at\n2008-10-06 09:00,2008-10-09,2008-10-07 09:00\n"
            "2008-10-06 09:00,2008-10-09,2008-10-07 09:01\n2008-10-06 09:00,2008-10-09,\n",
        )
        findings = findings_of(call("nemt", "notification", path, "--format", "json"))
        assert [(f["outcome"], f["margin"]) for f in findings] == [
            ("met", "0"),
            ("not_met", "-1"),
            ("not_met", None),
        ]

    def test_minor_denials(self, tmp_path: Path) -> None:
        """15 may be denied case by case; 16 has consented; before A.4.1.1's term is an error."""
        path = _file(
            tmp_path,
            "denials.csv",
            "member_age,reason,mental_health_service\n15,no_accompanying_adult,yes\n16,no_accompanying_adult,yes\n",
        )
        findings = findings_of(call("nemt", "minor-denials", path, "--format", "json"))
        assert [(f["outcome"], f["margin"]) for f in findings] == [("met", "1"), ("not_met", "0")]
        early = call("nemt", "minor-denials", path, "--on", "2008-01-01")
        assert early.returncode == 2
        assert "is not in force on 2008-01-01" in early.stderr
