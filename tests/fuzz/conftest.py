"""Hypothesis profiles of the fuzz tests.

* ``ci`` (chosen when ``CI=true``): derandomized, so CI runs the same cases every time and never turns red
  on a case nobody changed code for; no example database; no shrinking.
* ``dev`` (otherwise): random cases, and hypothesis' example database in ``.hypothesis/`` replays earlier
  failures first.

``EVCAT_FUZZ_EXAMPLES`` is the total number of cases over all fuzz tests (default 1,500, about a minute
under ``-n 2``); e.g. ``EVCAT_FUZZ_EXAMPLES=50000`` for a long local run. ``HYPOTHESIS_PROFILE`` picks a
profile by name.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

FUZZ_TESTS = 6  # the test functions of test_pipeline_fuzz.py share the budget
TOTAL_EXAMPLES = int(os.environ.get("EVCAT_FUZZ_EXAMPLES", "1500"))

_common = {
    "max_examples": max(1, TOTAL_EXAMPLES // FUZZ_TESTS),
    # One case builds a small site (about 0.1 s); its time varies with the machine's load, so no deadline.
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    "print_blob": True,
}
# CI does not shrink: a failing case there is already reproducible (derandomized, and the blob printed for
# @reproduce_failure), and shrinking one takes minutes; shrink it locally.
settings.register_profile("ci", derandomize=True, database=None,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target], **_common)
settings.register_profile("dev", **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or
                      ("ci" if os.environ.get("CI", "").lower() == "true" else "dev"))
