"""Quality management: the performance improvement projects of §2.15.3.1.

* :func:`pip_list_check` - three clinical PIPs (diabetes management, maternity management and
  behavioral health, the last relevant to a disease management program for bipolar disorder,
  major depression or schizophrenia) and two non-clinical PIPs.

>>> pip_list_check([{"kind": "non_clinical"}]).met
False
"""

from __future__ import annotations

__all__ = ["pip_list_check"]

from tenncare_calc.compliance.quality.pips import pip_list_check
