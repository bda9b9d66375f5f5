"""`coding-env-mcp episodes list|show|export|prune|schema` over a real database, and the export schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coding_env_mcp.cli.main import main
from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.models import ReviewAction
from coding_env_mcp.records.sqlite import SqliteRecords
from coding_env_mcp.records.trajectories import SCHEMA_VERSION, TRAJECTORY_FORMAT, Trajectory
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings

SEED_TASKS = ("task_easy_1", "task_medium_1", "task_hard_1")


@pytest.fixture(scope="module")
def played(registry, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A database with one finished episode per seed task (with a run) and one open episode."""
    db = tmp_path_factory.mktemp("episodes") / "episodes.db"
    ids = {}
    with ReviewEnv(registry, default_sandbox(), recorder=SqliteRecords(db)) as env:
        for task in map(registry.get, SEED_TASKS):
            eid = env.reset(task_id=task.task_id).episode_id
            env.run_python(eid, "print('probe')")
            for number, finding in enumerate(perfect_findings(task), start=1):
                env.submit(eid, ReviewAction(**finding), final=number == len(task.issues))
            ids[task.task_id] = eid
        ids["open"] = env.reset(task_id="task_easy_1").episode_id
    return db, ids


@pytest.fixture(scope="module")
def isolation() -> str:
    """The isolation level the default sandbox runs at on this machine (what `played` recorded)."""
    with default_sandbox() as sandbox:
        return sandbox.isolation


def test_list_shows_episodes_with_filters(played, capsys):
    db, ids = played
    assert main(["episodes", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert all(eid in out for eid in ids.values()) and "4 shown of 4 episode(s)" in out
    assert main(["episodes", "list", "--db", str(db), "--status", "open", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["episode_id"] for row in rows] == [ids["open"]] and rows[0]["score"] is None
    assert main(["episodes", "list", "--db", str(db), "--task", "task_hard_1", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["status"], row["step_count"], row["run_count"], row["score"]) == ("finished", 1, 1, 0.99)


def test_show_renders_every_action_and_the_final_grade(played, isolation, capsys):
    db, ids = played
    assert main(["episodes", "show", ids["task_medium_1"], "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "run_python exit=0" in out and f"isolation={isolation}" in out
    assert "submit_review app/db/users.py:40 security/security high final=True" in out
    assert "final grade 0.9900: 1/1 issue(s) found" in out and "evidence 0.39" in out
    assert main(["episodes", "show", ids["open"], "--db", str(db), "--json"]) == 0
    shown = Trajectory.model_validate_json(capsys.readouterr().out)
    assert shown.status == "open" and shown.final_grade is None and shown.reward is None


def test_export_writes_one_versioned_trajectory_per_episode(played, isolation, tmp_path: Path, capsys):
    db, ids = played
    out = tmp_path / "out.jsonl"
    assert main(["episodes", "export", "--db", str(db), "-o", str(out), "--status", "finished"]) == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and "exported 3 trajectory(ies)" in capsys.readouterr().err
    for line in lines:
        raw = json.loads(line)
        assert raw["format"] == TRAJECTORY_FORMAT and raw["schema_version"] == SCHEMA_VERSION
        item = Trajectory.model_validate(raw)
        assert item.observation.episode_id == item.episode_id
        assert [step.index for step in item.steps] == list(range(len(item.steps)))
        assert item.steps[0].kind == "run_python" and item.steps[0].result.isolation == isolation
        submits = [step for step in item.steps if step.kind == "submit_review"]
        assert submits[-1].done and submits[-1].action.final
        assert item.reward == item.final_grade.score == submits[-1].episode_score
        assert all(step.finding.components.line == 0.3 for step in submits if step.finding.outcome == "matched")
    assert main(["episodes", "export", "--db", str(db), "--episode", ids["open"]]) == 0
    (only,) = capsys.readouterr().out.splitlines()
    assert json.loads(only)["episode_id"] == ids["open"]


def test_schema_is_the_json_schema_of_a_line(capsys):
    assert main(["episodes", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Trajectory"
    assert {"schema_version", "observation", "steps", "final_grade", "reward"} <= set(schema["properties"])
    assert {"episode_id", "observation", "steps"} <= set(schema["required"])
    assert schema["properties"]["format"]["const"] == TRAJECTORY_FORMAT


def test_prune_deletes_only_old_episodes(played, tmp_path: Path, capsys):
    db, _ = played
    copy = tmp_path / "copy.db"
    with SqliteRecords(db) as source:
        source._conn.execute("VACUUM INTO ?", (str(copy),))
    assert main(["episodes", "prune", "--db", str(copy), "--older-than-days", "1"]) == 0
    assert "deleted 0 episode(s)" in capsys.readouterr().out
    with SqliteRecords(copy) as records:
        records._conn.execute("UPDATE episodes SET updated_at = updated_at - 3 * 86400")
    assert main(["episodes", "prune", "--db", str(copy), "--older-than-days", "2"]) == 0
    assert "deleted 4 episode(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["episodes", "show", "nope"], "no episode 'nope'"),
        (["episodes", "export", "--episode", "nope"], "no episode(s) 'nope'"),
        (["episodes", "export", "-o", "/no/such/folder/x.jsonl"], "folder /no/such/folder does not exist"),
    ],
)
def test_bad_requests_exit_2_naming_the_problem(played, argv, message, capsys):
    db, _ = played
    assert main([*argv, "--db", str(db)]) == 2
    assert message in capsys.readouterr().err


def test_bad_db_exits_2(tmp_path: Path, capsys, monkeypatch):
    assert main(["episodes", "list", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no episode database there" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
    monkeypatch.setenv("CODING_ENV_MCP_DB", str(tmp_path))
    assert main(["episodes", "list"]) == 2
    assert "is a directory" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "environment", "message"),
    [
        (["--db", "/no/such/folder/episodes.db"], {}, "folder /no/such/folder does not exist"),
        (["--db", "{tmp}"], {}, "is a directory"),
        (["--retention-days", "-1"], {}, "--retention-days='-1' must be 0 (keep records forever) or a number"),
        ([], {"CODING_ENV_MCP_RETENTION_DAYS": "soon"}, "CODING_ENV_MCP_RETENTION_DAYS='soon' is not a number"),
    ],
)
def test_serve_refuses_a_bad_record_setting_before_serving(argv, environment, message, tmp_path, capsys, monkeypatch):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert main(["serve", *(arg.format(tmp=tmp_path) for arg in argv)]) == 2
    assert message in capsys.readouterr().err


def test_the_commands_read_a_shared_postgresql_record_and_never_print_its_password(registry, postgres_url, capsys):
    from coding_env_mcp.records.postgres import PostgresRecords

    with ReviewEnv(registry, default_sandbox(), recorder=PostgresRecords(postgres_url)) as env:
        task = registry.get("task_easy_1")
        eid = env.reset(task_id=task.task_id).episode_id
        env.submit(eid, ReviewAction(**perfect_findings(task)[0]), final=True)
    with_password = postgres_url.replace("postgres@", "postgres:s3cret-pw@")  # trust auth ignores it
    assert main(["episodes", "list", "--db", with_password]) == 0
    out = capsys.readouterr().out
    assert eid in out and "1 shown of 1 episode(s)" in out and "s3cret-pw" not in out
    assert main(["episodes", "export", "--db", with_password]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["episode_id"] == eid and json.loads(line)["reward"] == 0.99
    empty = postgres_url.rsplit("/", 1)[0] + "/postgres"
    assert main(["episodes", "list", "--db", empty]) == 2
    assert "no episode record in this database" in capsys.readouterr().err
