"""Choosing the isolation level: probing, reporting it (`doctor`), and refusing to run below a required level."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coding_env_mcp.sandbox import IsolationError, PoolSettings, SandboxConfig, WorkerSandbox

from ..conftest import TASKS_DIR, serve_attached

HAS_BWRAP = shutil.which("bwrap") is not None
ROOT = os.geteuid() == 0


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coding_env_mcp", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_doctor_reports_every_level_and_the_one_in_force():
    result = cli("doctor", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    levels = {entry["level"]: entry for entry in report["levels"]}
    assert set(levels) == {"bwrap", "uid", "process"}
    for level, entry in levels.items():  # every level that should work here does, or says why not
        expected = level == "process" or (level == "bwrap" and HAS_BWRAP) or (level == "uid" and ROOT)
        assert entry["available"] or not expected, f"{level}: {entry['detail']}"
    assert report["isolation"] == next(level for level in ("bwrap", "uid", "process") if levels[level]["available"])
    assert report["smoke"]["ok"] and report["error"] is None


@pytest.mark.skipif(not ROOT, reason="without root the uid level cannot be the fallback")
def test_without_bubblewrap_the_server_falls_back_and_a_requirement_refuses_to_start():
    no_bwrap = {"PATH": "/nonexistent"}
    doctor = cli("doctor", "--json", env=no_bwrap)
    assert doctor.returncode == 0, doctor.stderr
    report = json.loads(doctor.stdout)
    assert report["isolation"] == "uid"
    assert "bubblewrap is not installed" in report["levels"][0]["detail"]

    refused = cli("doctor", "--require-isolation", "bwrap", env=no_bwrap)
    assert refused.returncode == 1
    assert "isolation 'uid' is below the required 'bwrap'" in refused.stderr
    assert "bubblewrap is not installed" in refused.stderr

    # A required level is checked as the server starts, even if its client leaves at once.
    serve = cli("serve", env={**no_bwrap, "CODING_ENV_MCP_REQUIRE_ISOLATION": "bwrap"})
    assert serve.returncode == 2 and serve.stdout == ""
    assert "coding-env-mcp: error: isolation 'uid' is below the required 'bwrap'" in serve.stderr
    attached = serve_attached("serve", env={**os.environ, **no_bwrap, "CODING_ENV_MCP_REQUIRE_ISOLATION": "bwrap"})
    assert attached.returncode == 2 and attached.stdout == ""
    assert "coding-env-mcp: error: isolation 'uid' is below the required 'bwrap'" in attached.stderr


@pytest.mark.skipif(not ROOT, reason="the refusal concerns servers running as root")
def test_a_root_server_never_falls_back_to_running_code_as_root_by_itself():
    with pytest.raises(IsolationError) as caught:
        WorkerSandbox(SandboxConfig(python="/nonexistent/python3"))
    message = str(caught.value)
    assert "no usable isolation level" in message and "is not an executable file" in message
    assert "not chosen automatically for a server running as root" in message


@pytest.mark.skipif(not ROOT, reason="the uid level needs root")
def test_witnesses_prove_tasks_at_the_fallback_level(tmp_path: Path):
    for name in ("task_easy_1", "task_hard_1"):
        shutil.copytree(TASKS_DIR / name, tmp_path / name)
    result = cli("tasks", "validate", "--tasks-dir", str(tmp_path), "--isolation", "uid")
    assert result.returncode == 0, result.stderr
    assert "2/2 task(s) valid and proven by their witnesses (isolation: uid)" in result.stdout
    assert not os.stat(tmp_path).st_mode & 0o007  # the copy's answer keys were taken out of other users' reach


def test_every_result_at_the_process_level_says_it_is_not_a_sandbox():
    with WorkerSandbox(SandboxConfig(isolation="process", pool=PoolSettings(max_concurrent=1, warm_workers=0))) as box:
        session = box.open_session({"app.py": "x = 1\n"})
        try:
            result = session.run("print(1)", 10)
            assert result.isolation == "process" and "this code ran as the server's own user" in result.notice
        finally:
            session.close()


@pytest.mark.parametrize("level", ["process", "uid", "bwrap"])
def test_no_pth_file_runs_in_a_sandbox_and_exit_still_works(level: str):
    """python -S: no `site`, so a .pth planted in the interpreter's site-packages never runs in a later episode."""
    if level == "bwrap" and shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed")
    if level != "process" and os.geteuid() != 0:
        pytest.skip("the uid and bwrap levels need root here")
    with WorkerSandbox(SandboxConfig(isolation=level, pool=PoolSettings(max_concurrent=1, warm_workers=0))) as box:
        session = box.open_session({"app.py": "x = 1\n"})
        try:
            result = session.run("import sys\nprint('site' in sys.modules)\nexit(4)", 10)
            assert result.stdout == "False\n" and result.exit_code == 4, result
        finally:
            session.close()


def test_a_probe_that_fails_for_a_passing_reason_is_retried_with_longer_limits(monkeypatch, caplog):
    """The level in force must not fall with machine load: a missed deadline is retried, a settled refusal is not."""
    from coding_env_mcp.sandbox import probe as probing

    calls: list[float] = []
    real = probing._probe_uncached
    slow = [True]

    def first_attempt_times_out(level, context, patience):
        calls.append(patience)
        if slow.pop() if slow else False:
            return probing.LevelCheck(level, False, "the worker did not answer in time"), False
        return real(level, context, patience)

    monkeypatch.setattr(probing, "_probe_uncached", first_attempt_times_out)
    config = SandboxConfig(isolation="process", pool=PoolSettings(max_concurrent=1, warm_workers=0))
    box = WorkerSandbox(config, fresh_probe=True)
    box.close()
    assert calls == [1.0, probing.RETRY_PATIENCE] and box.isolation == "process"
    assert "failed its probe once (the worker did not answer in time) and passed with longer limits" in caplog.text

    calls.clear()
    with pytest.raises(IsolationError, match="python"):
        WorkerSandbox(SandboxConfig(isolation="process", python="/nonexistent/python3"), fresh_probe=True)
    assert calls == [1.0]  # a level that cannot work here is not retried
