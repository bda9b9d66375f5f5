"""Durability as an operator sees it: a real `coding-env-mcp serve --db` process, killed with SIGKILL mid-run.

Finished episodes must give the same `get_grade` after the restart, and open ones must continue (their
sandbox restarts fresh and the first run says so). The server is started through `sh -c 'echo $$ > pid;
exec ...'` so the test knows the pid of the real server process (exec keeps it) and can kill it.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from coding_env_mcp.cli.main import main as cli_main
from coding_env_mcp.records.trajectories import Trajectory

from ..conftest import perfect_findings

pytestmark = pytest.mark.anyio


def server(db: Path, pid_file: Path) -> StdioServerParameters:
    command = shlex.join([sys.executable, "-m", "coding_env_mcp", "serve", "--db", str(db)])
    return StdioServerParameters(
        command="/bin/sh", args=["-c", f"echo $$ > {shlex.quote(str(pid_file))}; exec {command}"]
    )


async def call(client: Client, tool: str, **arguments) -> dict:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content[0].text
    return result.structured_content


async def test_sigkill_keeps_finished_grades_and_open_episodes_continue(tmp_path: Path, registry, capsys):
    db, pid_file = tmp_path / "episodes.db", tmp_path / "server.pid"
    hard, easy = registry.get("task_hard_1"), registry.get("task_easy_1")
    with anyio.fail_after(60):
        async with Client(server(db, pid_file)) as client:
            finished = (await call(client, "reset_episode", task_id=hard.task_id))["episode_id"]
            await call(client, "submit_review", episode_id=finished, **perfect_findings(hard)[0], final=True)
            runner_finished = (await call(client, "reset_episode", task_id="task_medium_1"))["episode_id"]
            await call(client, "finish_episode", episode_id=runner_finished)
            open_id = (await call(client, "reset_episode", task_id=easy.task_id))["episode_id"]
            await call(client, "run_python", episode_id=open_id, code="open('notes.txt', 'w').write('x')")
            await call(client, "submit_review", episode_id=open_id, **{**perfect_findings(easy)[0], "line_number": 1})
            before = {
                eid: await call(client, "get_grade", episode_id=eid) for eid in (finished, runner_finished, open_id)
            }
            observation = await call(client, "get_observation", episode_id=open_id)

            os.kill(int(pid_file.read_text()), signal.SIGKILL)  # no shutdown, no flush: only what was committed
            with pytest.raises(Exception):  # noqa: B017 - whatever the transport raises for a dead peer
                await client.call_tool("get_grade", {"episode_id": finished})

    with anyio.fail_after(60):
        async with Client(server(db, pid_file)) as client:
            after = {eid: await call(client, "get_grade", episode_id=eid) for eid in before}
            assert after == before
            assert after[finished]["done"] and after[finished]["score"] == 0.99
            assert not after[open_id]["done"]
            assert await call(client, "get_observation", episode_id=open_id) == observation
            state = await call(client, "get_state", episode_id=open_id)
            assert (state["step_count"], state["run_count"], state["done"]) == (1, 1, False)

            rerun = await call(
                client, "run_python", episode_id=open_id, code="import os; print(os.path.exists('notes.txt'))"
            )
            # killed with SIGKILL, restarted: the notebook comes back by replaying the recorded cell
            assert rerun["stdout"] == "True\n" and rerun["restored"] and not rerun["restore_failures"]
            assert "1 earlier cell(s) were replayed" in rerun["notice"]
            step = await call(
                client,
                "submit_review",
                episode_id=open_id,
                **{**perfect_findings(easy)[0], "line_number": 1},
                final=True,
            )
            assert step["done"] and step["step_count"] == 2
            unknown = await client.call_tool("get_grade", {"episode_id": "no-such-episode"})
            assert unknown.is_error and "unknown" in unknown.content[0].text

    out = tmp_path / "trajectories.jsonl"
    assert cli_main(["episodes", "export", "--db", str(db), "--output", str(out)]) == 0
    lines = [Trajectory.model_validate_json(line) for line in out.read_text().splitlines()]
    by_id = {item.episode_id: item for item in lines}
    assert set(by_id) == set(before)
    resumed = by_id[open_id]
    assert [step.kind for step in resumed.steps] == ["run_python", "submit_review", "run_python", "submit_review"]
    assert resumed.steps[2].result.restored and "were replayed" in resumed.steps[2].result.notice
    assert resumed.status == "finished" and resumed.reward == resumed.final_grade.score
    assert [step.kind for step in by_id[runner_finished].steps] == ["finish_episode"]
    capsys.readouterr()
