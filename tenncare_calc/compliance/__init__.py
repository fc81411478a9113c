"""Compliance checks: access (Attachment V), NEMT (Attachment XI), utilization management."""

import tenncare_calc.compliance.section  # noqa: F401 - declares the compliance sections of the profile
