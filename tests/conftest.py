"""Shared test configuration: Hypothesis profiles.

The default profile has no deadline (CI machines are shared and slow; timing is never asserted) and
prints the reproduction blob of any failure. ``HYPOTHESIS_PROFILE=thorough`` runs ten times as many
examples for a local soak. ``HYPOTHESIS_PROFILE=mutation`` is for ``mutmut`` (see
``docs/developers.md``): derandomized, so a mutant is killed or survives the same way on every run,
with no example database, no shrinking of a failing example, and without the health check that
mutmut's function trampolines trip.
"""

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile(
    "thorough",
    deadline=None,
    print_blob=True,
    max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    database=None,
    # a mutant is killed by the first failing example: shrinking it to the smallest one takes
    # minutes under mutmut (and was counted as a timeout), and nothing reads the example
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
