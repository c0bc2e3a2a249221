"""Property tests: the hypothesis profile in use, a tally of the cases run, and the consultant
(``owner``) the consultants' forms are posted as.

The profiles are registered in ``support.py`` (``ci`` when the environment
variable CI is set, else ``dev``; ``HYPOTHESIS_PROFILE`` overrides). At the end
of the run the number of cases each property test really ran is printed, with
the total: at least 10,000 in the ``ci`` profile.
"""

from __future__ import annotations

import pytest

from app.consultants.models import User, Workspace
from app.extensions import db

from . import support
from .forms_support import OWNER, password_hash


@pytest.fixture(autouse=True)
def _name_the_running_test(request):
    support.running_test[0] = request.node.nodeid
    yield
    support.running_test[0] = ""


@pytest.fixture
def owner(app):
    """A consultancy owner (ana@consult.example) and a browser signed in as them.

    Made directly, as `flask create-owner` would, with the password hash computed once per run;
    the session is Flask-Login's for that user. test_sign_in_form signs in through the form."""
    with app.app_context():
        workspace = Workspace(name="Northwind Consulting")
        user = User(workspace=workspace, email=OWNER, role="owner", password_hash=password_hash())
        db.session.add_all([workspace, user])
        db.session.commit()
        ids = {"user": user.id, "workspace": workspace.id, "session_key": user.session_key}
        db.session.remove()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = f"{ids['user']}:{ids['session_key']}"
        session["_fresh"] = True
    assert browser.get("/clients").status_code == 200
    return {**ids, "browser": browser}


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
