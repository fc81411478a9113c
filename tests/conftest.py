"""Shared test configuration: Hypothesis profiles.

The default profile has no deadline (CI machines are shared and slow; timing is never asserted) and
prints the reproduction blob of any failure. ``HYPOTHESIS_PROFILE=thorough`` runs ten times as many
examples for a local soak.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile(
    "thorough",
    deadline=None,
    print_blob=True,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
