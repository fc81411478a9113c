"""Pay-for-performance (§3.10): the effect size, the measures, the cap and the statement."""

import tenncare_calc.p4p.section  # noqa: F401 - declares the p4p section of the profile
