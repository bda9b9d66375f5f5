"""Two server replicas on one PostgreSQL record behind a real HAProxy balancing round-robin (tests/cluster.py).

Round-robin sends consecutive calls of one episode to different replicas, so everything here holds without
affinity: an episode started on one replica continues on the other with its notebook, 32 clients play 100
calls each without an error or a crossed wire, and a replica killed with SIGKILL mid-run loses no finding
while its episodes finish on the survivor. Clients speak the sessionless 2026-07-28 protocol, the one a
balancer may spread freely.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from ..cluster import Cluster, cluster, haproxy_bin
from ..conftest import perfect_findings
from ..postgres_server import fresh_database

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
ROUNDS = 24  # of 4 calls, plus the reset, 4 findings, the grade and the state: 103 calls per client


def require_haproxy() -> None:
    """Skip without HAProxy, except under CI, which installs it (.ci/run) and must run these tests."""
    if haproxy_bin() is None:
        reason = "no haproxy (apt-get install -y haproxy)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the replica tests and .ci/run installs it")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def replicas(postgres_cluster: str) -> Iterator[Cluster]:
    require_haproxy()
    with cluster(fresh_database(postgres_cluster, "replicas")) as running:
        yield running


@asynccontextmanager
async def client_of(running: Cluster) -> AsyncIterator[Client]:
    async with (
        running.http_client() as http,
        Client(streamable_http_client(f"{running.url}/mcp", http_client=http)) as c,
    ):
        yield c


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def test_an_episode_started_on_one_replica_continues_on_the_other_and_grades_on_either(
    replicas: Cluster, registry
):
    task = registry.get("task_easy_1")
    replicas.served_by.clear()
    async with client_of(replicas) as client:
        episode_id = (await call(client, "reset_episode", task_id=task.task_id))["episode_id"]
        await call(client, "run_python", episode_id=episode_id, code="kept = 41")
        reads = [await call(client, "run_python", episode_id=episode_id, code="print(kept + 1)") for _ in range(3)]
        for finding in perfect_findings(task):
            await call(client, "submit_review", episode_id=episode_id, **finding, final=True)
    assert {r["stdout"] for r in reads} == {"42\n"}
    assert any(r["restored"] for r in reads)  # one replica rebuilt the notebook the other started
    assert {"replica1", "replica2"} <= set(replicas.served_by)

    async with replicas.http_client() as http:
        grades = [
            (await http.get(f"{replica.url}/grader", params={"episode_id": episode_id})).json()
            for replica in replicas.replicas
        ]
    assert grades[0] == grades[1] and grades[0]["done"] and grades[0]["score"] >= 0.95


async def test_32_clients_play_100_calls_each_through_the_balancer_without_errors_or_cross_talk(
    replicas: Cluster, registry
):
    tasks = [t for t in registry.select() if not t.is_clean][:32]
    problems: list[str] = []

    async def play(number: int) -> None:
        task = tasks[number % len(tasks)]
        async with client_of(replicas) as client:
            episode_id = (await call(client, "reset_episode", task_id=task.task_id))["episode_id"]
            calls, stored = 1, []
            for i in range(ROUNDS):  # store, read back an earlier value, look at the episode
                value = f"client{number}-value{i}"
                await call(client, "run_python", episode_id=episode_id, code=f"v{i} = {value!r}")
                stored.append(value)
                j = (i * 7) % len(stored)
                read = await call(client, "run_python", episode_id=episode_id, code=f"print(v{j})")
                if read["stdout"] != f"{stored[j]}\n":
                    problems.append(f"client {number}: v{j} read {read['stdout']!r}, stored {stored[j]!r}")
                state = await call(client, "get_state", episode_id=episode_id)
                observation = await call(client, "get_observation", episode_id=episode_id)
                if (state["episode_id"], observation["episode_id"], observation["task_id"]) != (
                    episode_id,
                    episode_id,
                    task.task_id,
                ):
                    problems.append(f"client {number}: another episode's state or observation came back")
                calls += 4
                if i % 5 == 4:
                    finding = {**perfect_findings(task)[0], "line_number": i}
                    step = await call(client, "submit_review", episode_id=episode_id, **finding)
                    if step["step_count"] != (i + 1) // 5:
                        problems.append(f"client {number}: finding {(i + 1) // 5} counted as {step['step_count']}")
                    calls += 1
            grade = await call(client, "get_grade", episode_id=episode_id)
            state = await call(client, "get_state", episode_id=episode_id)
            calls += 2
            assert calls >= 100
            if (grade["episode_id"], grade["task_id"]) != (episode_id, task.task_id):
                problems.append(f"client {number}: the grade of another episode")
            if (state["step_count"], state["run_count"]) != (4, 2 * ROUNDS):
                problems.append(f"client {number}: {state['step_count']} findings, {state['run_count']} runs recorded")

    async with anyio.create_task_group() as group:
        for number in range(32):
            group.start_soon(play, number)
    assert problems == []


async def test_a_replica_killed_mid_run_loses_no_finding_and_its_episodes_finish_on_the_other(
    postgres_cluster: str, registry
):
    require_haproxy()
    task = registry.get("task_medium_1")
    with cluster(fresh_database(postgres_cluster, "replica_loss")) as running:
        acknowledged: dict[int, list[int]] = {}
        episodes: dict[int, str] = {}
        half_done = anyio.Event()
        started = [0]

        async def submit_until_recorded(number: int, line: int) -> None:
            """Submit one finding; when the reply is lost with its replica, look before submitting again."""
            for _ in range(5):
                try:
                    async with client_of(running) as client:
                        before = acknowledged[number]
                        state = await call(client, "get_state", episode_id=episodes[number])
                        if state["step_count"] > len(before):  # the lost reply's finding was recorded
                            acknowledged[number].append(line)
                            return
                        finding = {**perfect_findings(task)[0], "line_number": line}
                        await call(client, "submit_review", episode_id=episodes[number], **finding)
                        acknowledged[number].append(line)
                        return
                except Exception:  # the connection went down with the killed replica
                    await anyio.sleep(0.2)
            raise AssertionError(f"client {number}: finding at line {line} could not be submitted")

        async def play(number: int) -> None:
            async with client_of(running) as client:
                episodes[number] = (await call(client, "reset_episode", task_id=task.task_id))["episode_id"]
                await call(client, "run_python", episode_id=episodes[number], code=f"mine = {number}")
            acknowledged[number] = []
            for line in range(1, 5):
                await submit_until_recorded(number, line)
                started[0] += 1
                if started[0] == 16:
                    half_done.set()
                await anyio.sleep(0.05)

        async def kill_at_half_time() -> None:
            await half_done.wait()
            running.kill("replica1")

        async with anyio.create_task_group() as group:
            group.start_soon(kill_at_half_time)
            for number in range(8):
                group.start_soon(play, number)

        async with client_of(running) as client:  # only replica2 is left
            for number, episode_id in episodes.items():
                run = await call(client, "run_python", episode_id=episode_id, code="print(mine)")
                assert run["stdout"] == f"{number}\n"
                grade = await call(client, "finish_episode", episode_id=episode_id)
                assert grade["done"]
                state = await call(client, "get_state", episode_id=episode_id)
                assert state["step_count"] == len(acknowledged[number]) == 4
        assert running.replicas[0].process.returncode == -9


async def test_a_replica_stopped_with_sigterm_finishes_its_calls_while_the_other_takes_the_new_ones(
    postgres_cluster: str, registry
):
    require_haproxy()
    with cluster(fresh_database(postgres_cluster, "replica_drain")) as running:
        draining = running.replicas[0]
        async with client_of(running) as client:
            episode_id = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
            await call(client, "run_python", episode_id=episode_id, code="kept = 5")
        slow_code = "import time\ntime.sleep(3)\nprint('finished', kept)"
        slow: dict[str, Any] = {}
        async with (
            running.http_client() as http,
            Client(streamable_http_client(f"{draining.url}/mcp", http_client=http)) as direct,
            anyio.create_task_group() as group,
        ):

            async def slow_call() -> None:
                slow.update(await call(direct, "run_python", episode_id=episode_id, code=slow_code))

            await call(direct, "get_state", episode_id=episode_id)  # connected, and the tool list fetched
            group.start_soon(slow_call)
            await anyio.sleep(1.0)
            draining.process.terminate()  # SIGTERM while the slow call runs on it
            async with client_of(running) as client:
                for _ in range(10):
                    state = await call(client, "get_state", episode_id=episode_id)
                    assert state["episode_id"] == episode_id
                    await anyio.sleep(0.1)
        assert slow["stdout"] == "finished 5\n"
        assert await anyio.to_thread.run_sync(draining.process.wait, 30) is not None
        async with client_of(running) as client:  # the episode goes on, on the other replica
            assert (await call(client, "run_python", episode_id=episode_id, code="print(kept)"))["stdout"] == "5\n"
            assert (await call(client, "get_state", episode_id=episode_id))["run_count"] == 3


async def test_with_episode_affinity_every_call_of_an_episode_reaches_one_replica(postgres_cluster: str, registry):
    require_haproxy()
    with cluster(fresh_database(postgres_cluster, "replica_affinity"), affinity="episode") as running:
        homes: dict[str, set[str]] = {}
        async with client_of(running) as client:
            for _ in range(16):  # all 16 hashed to one replica: well under 1 in 1,000 at a 60/40 split
                episode_id = (await call(client, "reset_episode", task_id="task_easy_1"))["episode_id"]
                running.served_by.clear()
                for code in ("kept = 1", "print(kept)", "print(kept + 1)"):
                    run = await call(client, "run_python", episode_id=episode_id, code=code)
                    assert not run["restored"], "an episode's calls moved between replicas"
                await call(client, "get_state", episode_id=episode_id)
                homes[episode_id] = set(running.served_by)
        assert all(len(home) == 1 for home in homes.values()), homes
        assert set().union(*homes.values()) == {"replica1", "replica2"}  # episodes spread over both replicas
