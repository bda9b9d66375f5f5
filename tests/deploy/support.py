"""What the deployment tests share: where deploy/ is, and how a missing system tool is treated.

A tool the tests need (haproxy, setpriv) skips its tests on a developer's machine that lacks it, with the
command that installs it, and fails them under CI (`CI` set), which installs it: a green CI run has always
validated the deployment files.
"""

from __future__ import annotations

import os
import shutil

import pytest

from ..conftest import REPO

DEPLOY = REPO / "deploy"

__all__ = ["DEPLOY", "REPO", "require_tool"]


def require_tool(name: str, install: str) -> str:
    """The path of the executable `name`; skip (or under CI, fail) when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    reason = f"{name} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the deployment tests")
    pytest.skip(reason)
