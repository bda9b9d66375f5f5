"""The capabilities deploy/ grants the server (compose's cap_add, the Deployment's securityContext) are the
ones the `uid` isolation level needs, proven with the real sandbox: `coding-env-mcp doctor` runs as root
with only those capabilities in its bounding set and no_new_privs set, as in a container started from
these files, and must bring up `uid` isolation and pass its smoke test. Without SETUID it must not (the
check really restricts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .support import DEPLOY, require_tool

DOCTOR = [
    str(Path(sys.executable).parent / "coding-env-mcp"),
    "doctor",
    "--isolation",
    "uid",
    "--require-isolation",
    "uid",
]


def compose_caps() -> list[str]:
    replica = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["replica"]
    assert replica["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in replica["security_opt"]
    return replica["cap_add"]


def k8s_caps() -> list[str]:
    deployment = yaml.safe_load((DEPLOY / "k8s" / "deployment.yaml").read_text())
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    context = container["securityContext"]
    assert context["capabilities"]["drop"] == ["ALL"]
    assert context["allowPrivilegeEscalation"] is False
    return context["capabilities"]["add"]


def doctor_with(caps: list[str]) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        pytest.skip("only root can run the server with a reduced capability set (CI runs as root)")
    setpriv = require_tool("setpriv", "apt-get install -y util-linux")
    bounding = ",".join(["-all", *(f"+{cap.lower()}" for cap in caps)])
    command = [setpriv, "--no-new-privs", f"--bounding-set={bounding}", "--inh-caps=-all", *DOCTOR]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_compose_and_kubernetes_grant_the_same_capabilities() -> None:
    assert sorted(compose_caps()) == sorted(k8s_caps())


def test_the_uid_level_works_with_exactly_those_capabilities() -> None:
    result = doctor_with(k8s_caps())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in force: uid" in result.stdout
    assert "smoke test: ok" in result.stdout


def test_the_uid_level_refuses_to_start_without_setuid() -> None:
    result = doctor_with([cap for cap in k8s_caps() if cap != "SETUID"])
    assert result.returncode != 0
