"""`coding-env-mcp eval` end to end: a real CLI process spawns a real server over stdio and plays the
baseline over the whole suite; then re-scoring, task selection, bad arguments, and a streamable-HTTP URL."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coding_env_mcp.cli.main import main
from coding_env_mcp.evaluation.results import RolloutResult
from coding_env_mcp.records.sqlite import SqliteRecords

ROLLOUTS = 2


def eval_cli(*args: str, timeout: float = 180, token: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CODING_ENV_MCP_TOKEN"}
    if token is not None:
        environment["CODING_ENV_MCP_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "coding_env_mcp", "eval", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
    )


def rows_of(folder: Path) -> list[RolloutResult]:
    return [RolloutResult.model_validate_json(line) for line in (folder / "results.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    output = tmp_path_factory.mktemp("runs") / "baseline"
    done = eval_cli("--agent", "baseline", "--output", str(output), "--rollouts", str(ROLLOUTS), "--concurrency", "3")
    return output, done


def test_baseline_over_the_whole_suite_prints_the_table_and_writes_the_files(baseline_run, registry):
    output, done = baseline_run
    assert done.returncode == 0, done.stderr
    ids = registry.ids()
    total = len(ids) * ROLLOUTS
    assert "By task" in done.stdout and "By difficulty" in done.stdout
    assert all(task_id in done.stdout for task_id in ids)
    assert f"{total}/{total}" in done.stderr  # the progress bar reached the end
    assert {"results.jsonl", "summary.json", "report.md", "episodes.db", "server.log"} <= {
        p.name for p in output.iterdir()
    }

    rows = rows_of(output)
    assert len(rows) == total and {(r.task_id, r.rollout) for r in rows} == {(t, n) for t in ids for n in range(2)}
    assert all(r.error is None and r.done and r.grade is not None and r.score == r.grade.score for r in rows)
    assert all(r.agent == "baseline" and r.verdict in ("approve", "request_changes") for r in rows)
    assert all(r.findings[-1].final for r in rows if r.findings)
    by_task = {}
    for row in rows:  # a deterministic agent: every rollout of a task scores the same
        by_task.setdefault(row.task_id, set()).add(row.score)
    assert all(len(scores) == 1 for scores in by_task.values())

    summary = json.loads((output / "summary.json").read_text())
    assert summary["format"] == "coding-env-mcp/eval-summary" and summary["schema_version"] == 1
    assert set(summary["by_task"]) == set(ids) and summary["overall"]["rollouts"] == total
    assert summary["run"]["agent"] == "baseline" and summary["run"]["tasks"] == len(ids)
    assert all(stats["score_std"] == 0.0 for stats in summary["by_task"].values())
    mean = sum(r.score for r in rows) / total
    assert summary["overall"]["score_mean"] == pytest.approx(mean, abs=1e-4)
    report = (output / "report.md").read_text()
    assert "## By task" in report and "## By difficulty" in report
    assert all(f"| {task_id} |" in report for task_id in ids)

    with SqliteRecords(output / "episodes.db", create=False) as records:
        recorded = records.summaries()
    assert {s.episode_id for s in recorded} == {r.episode_id for r in rows}
    assert all(s.status == "finished" for s in recorded)


def test_rescore_recomputes_grades_from_the_recorded_findings(baseline_run, tmp_path: Path, capsys):
    source, done = baseline_run
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    original = {(r.task_id, r.rollout): r.score for r in rows_of(copy)}

    assert main(["eval", "--rescore", str(copy)]) == 0
    rescored = rows_of(copy)
    assert {(r.task_id, r.rollout): r.score for r in rescored} == original
    assert all(r.graded_by == "rescore" for r in rescored)
    summary = json.loads((copy / "summary.json").read_text())
    assert summary["run"]["graded_by"] == "rescore" and summary["run"]["agent"] == "baseline"
    assert "By task" in capsys.readouterr().out

    # Move one finding to a file with no planted issue: re-scoring must grade what is recorded, not copy scores.
    lines = (copy / "results.jsonl").read_text().splitlines()
    index, first = next(
        (number, row) for number, row in enumerate(map(json.loads, lines)) if row["findings"] and row["score"] > 0.5
    )
    first["findings"][0]["file_path"] = "not/a/changed/file.py"
    lines[index] = json.dumps(first)
    (copy / "results.jsonl").write_text("\n".join(lines) + "\n")
    elsewhere = tmp_path / "elsewhere"
    assert main(["eval", "--rescore", str(copy), "--output", str(elsewhere)]) == 0
    changed = rows_of(elsewhere)[index]
    assert changed.score < original[(changed.task_id, changed.rollout)]
    assert changed.grade.findings[0].outcome == "false_positive"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no results.jsonl"),
        ('{"format": "something-else"}\n', "results.jsonl:1: not a coding-env-mcp/eval-result v1 line"),
        ("", "no rollouts in it"),
    ],
)
def test_rescore_refuses_a_malformed_run_folder(tmp_path: Path, capsys, content, message):
    if content is not None:
        (tmp_path / "results.jsonl").write_text(content)
    assert main(["eval", "--rescore", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_rescore_refuses_tasks_the_suite_does_not_have(baseline_run, tmp_path: Path, capsys):
    source, _ = baseline_run
    lines = (source / "results.jsonl").read_text().splitlines()
    row = json.loads(lines[0])
    row["task_id"] = "task_from_elsewhere"
    (tmp_path / "results.jsonl").write_text(json.dumps(row) + "\n")
    assert main(["eval", "--rescore", str(tmp_path)]) == 2
    assert "task_from_elsewhere" in capsys.readouterr().err


def test_selection_filters_and_refuses_unknown_tasks(tmp_path: Path, registry):
    hard = [task.task_id for task in registry.select(difficulty="hard")]
    done = eval_cli("--tasks", ",".join(registry.ids()), "--difficulty", "hard", "--output", str(tmp_path / "a"))
    assert done.returncode == 0, done.stderr
    assert sorted(r.task_id for r in rows_of(tmp_path / "a")) == sorted(hard)

    done = eval_cli("--tasks", "task_easy_1,no_such_task", "--output", str(tmp_path / "b"))
    assert done.returncode == 2
    assert "unknown task(s) no_such_task; the server has: " in done.stderr and "task_easy_1" in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--agent", "nope"], "--agent 'nope': unknown agent; accepted: baseline, openai"),
        (["--url", "ftp://x"], "expected an http(s) URL"),
        (["--rescore", "somewhere", "--tasks", "a"], "--tasks does not apply"),
        (["--agent", "openai"], "set CODING_ENV_MCP_OPENAI_MODEL"),
    ],
)
def test_bad_arguments_exit_2(argv, message, tmp_path: Path, capsys, monkeypatch):
    for variable in ("CODING_ENV_MCP_OPENAI_MODEL", "OPENAI_MODEL"):
        monkeypatch.delenv(variable, raising=False)
    assert main(["eval", "--output", str(tmp_path / "out"), *argv]) == 2
    assert message in capsys.readouterr().err


def test_existing_results_need_force(baseline_run, tmp_path: Path, capsys):
    (tmp_path / "results.jsonl").write_text("")
    assert main(["eval", "--output", str(tmp_path)]) == 2
    assert "already holds results.jsonl; pass --force" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_url_that_nothing_serves_is_a_clear_error(tmp_path: Path, capsys):
    url = f"http://127.0.0.1:{free_port()}/mcp"
    assert main(["eval", "--url", url, "--output", str(tmp_path / "out")]) == 2
    assert f"--url {url}: cannot connect to an MCP server there" in capsys.readouterr().err


def test_eval_against_the_http_app_with_its_bearer_token(tmp_path: Path):
    """The runner as a plain client of a server someone else runs: `coding-env-mcp serve --transport http` behind
    a bearer token, with its own episode record. The token comes from CODING_ENV_MCP_TOKEN, as the server's does."""
    port, server_db = free_port(), tmp_path / "server.db"
    environment = {**os.environ, "CODING_ENV_MCP_TOKEN": "s3cret"}
    command = [sys.executable, "-m", "coding_env_mcp", "serve", "--transport", "http", "--port", str(port)]
    server = subprocess.Popen([*command, "--db", str(server_db)], env=environment, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the HTTP server did not start"
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/mcp"
        output = tmp_path / "remote"
        done = eval_cli("--url", url, "--tasks", "task_medium_1", "--output", str(output), token="s3cret")
        assert done.returncode == 0, done.stderr
        (row,) = rows_of(output)
        assert row.task_id == "task_medium_1" and row.done and row.error is None
        assert not (output / "episodes.db").exists()  # the remote server keeps its own record
        assert json.loads((output / "summary.json").read_text())["run"]["server"] == url

        refused = eval_cli("--url", url, "--output", str(tmp_path / "no-token"))
        assert refused.returncode == 2
        assert f"--url {url}: cannot connect" in refused.stderr and "set CODING_ENV_MCP_TOKEN" in refused.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    with SqliteRecords(server_db, create=False) as records:
        (recorded,) = records.summaries()
    assert recorded.episode_id == row.episode_id and recorded.status == "finished" and recorded.score == row.score


def test_the_cli_does_not_import_mcp_until_a_run_starts():
    """`tasks list`, `episodes ...` and `--help` must not pay mcp's ~1 s import for the eval command existing."""
    probe = "import sys, coding_env_mcp.cli.main; print('mcp' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
