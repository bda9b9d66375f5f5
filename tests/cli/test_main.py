"""The `coding-env-mcp` command line: task tooling and configuration errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coding_env_mcp.cli.main import main

from ..conftest import TASKS_DIR, serve_attached


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coding_env_mcp", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_tasks_list(capsys):
    assert main(["tasks", "list", "--difficulty", "hard"]) == 0
    out = capsys.readouterr().out
    assert "task_hard_8" in out and "task_easy_1" not in out
    assert main(["tasks", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"task_easy_1", "task_medium_1", "task_hard_1"} <= {t["task_id"] for t in listed}


def test_tasks_show_hides_the_answer_key_unless_asked(capsys):
    assert main(["tasks", "show", "task_medium_1"]) == 0
    shown = capsys.readouterr().out
    assert "Add user search" in shown and "+++ b/app/db/users.py" in shown and "Answer key" not in shown
    assert main(["tasks", "show", "task_medium_1", "--answer-key"]) == 0
    assert "app/db/users.py:40-40 security/security high" in capsys.readouterr().out


def test_unknown_task_is_a_clear_cli_error(capsys):
    assert main(["tasks", "show", "nope"]) == 2
    assert "unknown task 'nope'; known tasks:" in capsys.readouterr().err


@pytest.fixture
def suite_copy(tmp_path: Path) -> Path:
    for name in ("task_easy_1", "task_hard_1"):
        shutil.copytree(TASKS_DIR / name, tmp_path / name)
    return tmp_path


def test_validate_proves_tasks_and_names_each_failure(suite_copy: Path):
    ok = run_cli("tasks", "validate", "--tasks-dir", str(suite_copy))
    assert ok.returncode == 0, ok.stderr
    assert "2/2 task(s) valid and proven by their witnesses" in ok.stdout
    assert "[1/2] ok   task_easy_1" in ok.stderr

    # A witness that does not detect the defect, and a fix that does not fix it, are both caught.
    (suite_copy / "task_easy_1/witness/partial_last_page.py").write_text("assert True\n")
    hard_fix_noop = suite_copy / "task_hard_1/fix.patch"
    hard_fix_noop.write_text(
        "--- a/app/auth/service_tokens.py\n+++ b/app/auth/service_tokens.py\n@@ -1,1 +1,1 @@\n"
        '-"""Tokens this service presents when it calls other internal services."""\n'
        '+"""Tokens this service presents to other internal services."""\n'
    )
    failed = run_cli("tasks", "validate", "--tasks-dir", str(suite_copy))
    assert failed.returncode == 1
    assert "issue 1's witness passes on the PR's code (it must fail)" in failed.stderr
    assert "task_hard_1: issue 1's witness fails after fix.patch" in failed.stderr
    assert "0/2 task(s) valid" in failed.stdout


def test_validate_reports_format_errors_without_running_witnesses(suite_copy: Path):
    (suite_copy / "task_easy_1/pr.diff").write_text("garbage\n")
    result = run_cli("tasks", "validate", "--no-witnesses", "--tasks-dir", str(suite_copy))
    assert result.returncode == 1
    assert "task_easy_1/pr.diff: the diff touches no file" in result.stderr
    assert "1/2 task(s) valid in" in result.stdout


def test_crashing_witness_is_not_proof(suite_copy: Path):
    (suite_copy / "task_easy_1/witness/partial_last_page.py").write_text("import no_such_module\n")
    result = run_cli("tasks", "validate", "--tasks-dir", str(suite_copy))
    assert result.returncode == 1
    assert "crashed instead of failing an assert" in result.stderr and "ModuleNotFoundError" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CODING_ENV_MCP_MAX_STEPS", "many", "CODING_ENV_MCP_MAX_STEPS='many' is not an integer"),
        ("CODING_ENV_MCP_EPISODE_TTL", "-5", "CODING_ENV_MCP_EPISODE_TTL='-5' must be greater than 0"),
        ("CODING_ENV_MCP_TASKS_DIR", "/nonexistent", "/nonexistent: tasks directory not found"),
    ],
)
def test_bad_configuration_fails_before_serving(variable, value, message):
    import os

    result = run_cli("serve", env={**os.environ, variable: value})
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""


def test_broken_task_suite_refuses_to_serve(suite_copy: Path):
    """The suite is checked just after start-up, with a client attached: a broken task stops the server."""
    (suite_copy / "task_easy_1/answer_key.toml").write_text('[[issues]]\nfile = "x"\n')
    result = serve_attached("--log-level", "ERROR", "serve", "--tasks-dir", str(suite_copy))
    assert result.returncode == 2
    assert "invalid tasks:" in result.stderr and "task_easy_1/answer_key.toml" in result.stderr


def test_validate_a_chosen_task_only(suite_copy: Path):
    (suite_copy / "task_hard_1/pr.diff").write_text("garbage\n")  # broken, but not asked about
    result = run_cli("tasks", "validate", "task_easy_1", "--tasks-dir", str(suite_copy))
    assert result.returncode == 0, result.stderr
    assert "1/1 task(s) valid and proven" in result.stdout
    unknown = run_cli("tasks", "validate", "task_nope", "--tasks-dir", str(suite_copy))
    assert unknown.returncode == 2 and "no task task_nope in" in unknown.stderr
