"""Shared fixtures: the real task suite, a real env core, and the real MCP server over it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry, default_tasks_dir
from coding_env_mcp.sandbox import default_sandbox

REPO = Path(__file__).resolve().parent.parent
TASKS_DIR = default_tasks_dir()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A scratch HOME for the whole run: servers the tests spawn record episodes in the per-user default
    database (~/.local/share/coding-env-mcp/episodes.db) and cache the suite in ~/.cache/coding-env-mcp, which
    must never be the real ones."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))  # the servers' task cache too
        for variable in ("CODING_ENV_MCP_DB", "CODING_ENV_MCP_RETENTION_DAYS", "CODING_ENV_MCP_TASK_CACHE"):
            patch.delenv(variable, raising=False)
        yield home


@pytest.fixture(scope="session")
def registry() -> TaskRegistry:
    return TaskRegistry.load(TASKS_DIR)


@pytest.fixture
def env(registry: TaskRegistry) -> Iterator[ReviewEnv]:
    with ReviewEnv(registry, default_sandbox(), EnvConfig()) as review_env:
        yield review_env


def perfect_verdict(task) -> str:
    """The verdict a perfect review ends with."""
    return "approve" if task.is_clean else "request_changes"


def perfect_findings(task) -> list[dict]:
    """The answer key written as submit_review arguments, with every evidence concept mentioned (none for a
    clean PR: its perfect review is the `approve` verdict alone)."""
    return [
        {
            "file_path": issue.file,
            "line_number": issue.start_line,
            "issue_type": issue.issue_type,
            "bug_type": issue.bug_type,
            "severity": issue.severity,
            "confidence": 0.9,
            "review": " ".join(group[0] for group in issue.evidence),
        }
        for issue in task.issues
    ]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """A scratch PostgreSQL cluster for the whole run (its admin URL). Skips without PostgreSQL's server
    binaries, except under CI, which installs them (.ci/run) and must run the shared-record tests."""
    from .postgres_server import postgres_bin, postgres_cluster

    if postgres_bin() is None:
        reason = "no PostgreSQL server binaries (initdb, pg_ctl)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the shared-record tests and .ci/run installs postgresql")
        pytest.skip(reason)
    with postgres_cluster() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_cluster: str, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the scratch cluster for one test."""
    from .postgres_server import fresh_database

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[-50:].lower()
    return fresh_database(postgres_cluster, name)


def serve_attached(
    *args: str, until: str | None = None, env: dict[str, str] | None = None, timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `coding-env-mcp <args>` over stdio with a silent client attached (stdin held open, as a client that
    has finished its handshake holds it) until the server exits by itself or writes `until` to stderr; then the
    client leaves (stdin closes) and the server's exit status and output are returned.

    A server left alone this way loads its task suite and starts its sandbox shortly after start-up; one whose
    stdin closes at once builds neither, so the start-up checks are seen only with a client attached.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "coding_env_mcp", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    watchdog = threading.Timer(timeout_s, process.kill)
    watchdog.start()
    try:
        stderr = []
        for line in process.stderr:
            stderr.append(line)
            if until is not None and until in line:
                break
        process.stdin.close()
        stdout = process.stdout.read()
        stderr.append(process.stderr.read())
        process.wait()
    finally:
        watchdog.cancel()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, "".join(stderr))
