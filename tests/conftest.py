"""Shared pytest fixtures for deckgen's tests."""

import os

import pytest

from realclient import soffice_available


def _running_in_ci() -> bool:
    # CI=true is set by GitHub/GitLab and by .ci/run; treat "0"/"false" as unset.
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(autouse=True)
def realclient_gate(request):
    """Gate tests marked ``realclient``: skip them without soffice, but fail in CI.

    Locally a missing LibreOffice is a setup gap; in CI it would silently turn
    the rendering checks into no-ops, so there it is an error.
    """
    if request.node.get_closest_marker("realclient") is None or soffice_available():
        return
    reason = "needs LibreOffice: soffice not on PATH (install libreoffice-impress or run `make setup`)"
    if _running_in_ci():
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)
