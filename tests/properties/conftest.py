"""Property tests: the hypothesis profile in use, and a tally of the cases run.

The profiles are registered in ``support.py`` (``ci`` when the environment
variable CI is set, else ``dev``; ``HYPOTHESIS_PROFILE`` overrides). At the end
of the run the number of cases each property test really ran is printed, with
the total: at least 10,000 in the ``ci`` profile.
"""
from __future__ import annotations

import pytest

from . import support


@pytest.fixture(autouse=True)
def _name_the_running_test(request):
    support.running_test[0] = request.node.nodeid
    yield
    support.running_test[0] = ""


def pytest_terminal_summary(terminalreporter):
    if not support.CASES:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"property cases (hypothesis profile {support.PROFILE!r})")
    for nodeid, count in sorted(support.CASES.items()):
        write(f"{count:7,d}  {nodeid}")
    total = sum(support.CASES.values())
    write(f"{total:7,d}  total")
    if support.PROFILE == "ci" and total < support.CI_TARGET:
        write(f"fewer than {support.CI_TARGET:,} cases: only some property tests were selected?", red=True)
