"""The HTTP app end to end: a real uvicorn server on 127.0.0.1, real MCP clients over streamable HTTP and SSE,
and plain HTTP on /health, /tasks and /grader, all over one env."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings
from ..live_server import serve_in_thread

pytestmark = pytest.mark.anyio

CALL_TIMEOUT_S = 30


@dataclass
class Live:
    url: str
    env: ReviewEnv
    registry: TaskRegistry


@pytest.fixture(scope="module")
def live(registry: TaskRegistry) -> Iterator[Live]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    app = build_app(env, HttpSettings(host="127.0.0.1"))
    with serve_in_thread(app) as url:
        yield Live(url, env, registry)


def mcp_client(live: Live, transport: str, mode: str) -> Client:
    if transport == "sse":
        return Client(sse_client(f"{live.url}/sse"), mode=mode)
    return Client(f"{live.url}/mcp", mode=mode)


async def call(client: Client, tool: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments or {})
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


async def play(client: Client, task, *, run_code: bool = False) -> dict[str, Any]:
    """Play `task` to the end with its perfect findings; returns the final grade."""
    observation = await call(client, "reset_episode", {"task_id": task.task_id})
    episode_id = observation["episode_id"]
    assert observation["task_id"] == task.task_id
    assert (await call(client, "get_observation", {"episode_id": episode_id}))["step_count"] == 0
    if run_code:
        run = await call(client, "run_python", {"episode_id": episode_id, "code": "print(6 * 7)"})
        assert (run["exit_code"], run["stdout"].strip()) == (0, "42")
    findings = perfect_findings(task)
    for number, finding in enumerate(findings, start=1):
        step = await call(
            client, "submit_review", {"episode_id": episode_id, **finding, "final": number == len(findings)}
        )
        assert step["episode_id"] == episode_id
        assert step["step_count"] == number
    grade = await call(client, "get_grade", {"episode_id": episode_id})
    assert grade["episode_id"] == episode_id
    assert grade["done"] is True
    return grade


@pytest.mark.parametrize(("mode", "protocol"), [("auto", "2026-07-28"), ("legacy", "2025-11-25")])
async def test_streamable_http_client_plays_an_episode(live: Live, mode: str, protocol: str) -> None:
    task = live.registry.get("task_medium_1")
    with anyio.fail_after(CALL_TIMEOUT_S):
        async with mcp_client(live, "streamable-http", mode) as client:
            assert client.session.protocol_version == protocol
            grade = await play(client, task, run_code=True)
    assert grade["task_id"] == task.task_id
    assert grade["score"] >= 0.9
    assert grade["issues_found"] == len(task.issues)


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_sse_client_plays_an_episode(live: Live, mode: str) -> None:
    task = live.registry.get("task_easy_1")
    with anyio.fail_after(CALL_TIMEOUT_S):
        async with mcp_client(live, "sse", mode) as client:
            grade = await play(client, task, run_code=True)
    assert grade["score"] >= 0.9


async def test_concurrent_clients_play_their_own_episodes(live: Live) -> None:
    """Four clients on both transports and both protocol eras play at once, two of them the same task;
    each sees only its own episode, and every episode's grade is the same over MCP and over /grader."""
    tasks = [live.registry.get(task_id) for task_id in ("task_easy_1", "task_medium_1", "task_hard_1", "task_easy_1")]
    clients = [("streamable-http", "auto"), ("streamable-http", "legacy"), ("sse", "legacy"), ("sse", "auto")]
    grades: list[dict[str, Any]] = [{} for _ in clients]
    started = anyio.Event()
    ready = 0

    async def player(index: int) -> None:
        nonlocal ready
        transport, mode = clients[index]
        task = tasks[index]
        async with mcp_client(live, transport, mode) as client:
            observation = await call(client, "reset_episode", {"task_id": task.task_id})
            episode_id = observation["episode_id"]
            ready += 1
            if ready == len(clients):
                started.set()
            await started.wait()  # every episode is open before anyone submits: the steps interleave
            findings = perfect_findings(task)
            for number, finding in enumerate(findings, start=1):
                await call(
                    client, "submit_review", {"episode_id": episode_id, **finding, "final": number == len(findings)}
                )
                await anyio.sleep(0)
                state = await call(client, "get_state", {"episode_id": episode_id})
                assert (state["task_id"], state["step_count"]) == (task.task_id, number)
            grades[index] = await call(client, "get_grade", {"episode_id": episode_id})

    with anyio.fail_after(CALL_TIMEOUT_S * 2):
        async with anyio.create_task_group() as group:
            for index in range(len(clients)):
                group.start_soon(player, index)

    assert len({grade["episode_id"] for grade in grades}) == len(clients)
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        for task, grade in zip(tasks, grades, strict=True):
            assert grade["task_id"] == task.task_id
            assert len(grade["findings"]) == len(perfect_findings(task))
            assert grade["score"] >= 0.9
            over_http = (await http.get("/grader", params={"episode_id": grade["episode_id"]})).json()
            assert over_http == grade


async def test_health_reports_the_env(live: Live) -> None:
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        before = (await http.get("/health")).json()
        async with mcp_client(live, "streamable-http", "auto") as client:
            await call(client, "reset_episode", {"task_id": "task_easy_1"})
        after = await http.get("/health")
    assert after.status_code == 200
    body = after.json()
    assert body["status"] == "ok"
    assert body["tasks"] == len(live.registry)
    assert body["isolation"] == live.env.sandbox.isolation
    assert body["open_episodes"] == live.env.open_episodes == before["open_episodes"] + 1
    assert body["transports"] == ["sse", "streamable-http"]
    assert body["stateless"] is False
    assert body["version"]


async def test_tasks_route_is_the_list_tasks_tool(live: Live) -> None:
    async with (
        httpx2.AsyncClient(base_url=live.url, timeout=10) as http,
        mcp_client(live, "streamable-http", "auto") as client,
    ):
        everything = (await http.get("/tasks")).json()
        assert everything == await call(client, "list_tasks")
        assert everything["count"] == len(live.registry)
        assert {"task_id", "difficulty", "split", "tags", "pr_title", "changed_files"} <= set(everything["tasks"][0])
        easy = (await http.get("/tasks", params={"difficulty": "easy"})).json()
        assert easy == await call(client, "list_tasks", {"difficulty": "easy"})
        assert easy["count"] >= 1
        assert {task["difficulty"] for task in easy["tasks"]} == {"easy"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"difficulty": "trivial"}, "difficulty"),
        ({"split": "dev"}, "split"),
        ({"limit": "3"}, "limit"),
        ({"tag": "x" * 101}, "tag"),
    ],
)
async def test_tasks_route_refuses_bad_filters(live: Live, params: dict[str, str], named: str) -> None:
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        response = await http.get("/tasks", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_request"
    assert named in body["detail"]
    assert "difficulty, split, tag" in body["detail"]


async def test_seed_style_flow(live: Live) -> None:
    """GET /tasks, start an episode over MCP, submit over MCP, then read the score from GET /grader."""
    with anyio.fail_after(CALL_TIMEOUT_S):
        async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
            catalog = (await http.get("/tasks")).json()
            hard = [task["task_id"] for task in catalog["tasks"] if task["difficulty"] == "hard"]
            task_id = next(t for t in hard if not live.registry.get(t).is_clean)
            task = live.registry.get(task_id)
            async with mcp_client(live, "streamable-http", "auto") as client:
                episode_id = (await call(client, "reset_episode", {"task_id": task_id}))["episode_id"]
                midway = (await http.get("/grader", params={"task_id": task_id, "episode_id": episode_id})).json()
                assert (midway["done"], midway["findings"], midway["issues"]) == (False, [], None)
                finding = perfect_findings(task)[0]
                step = await call(client, "submit_review", {"episode_id": episode_id, **finding, "final": True})
                grade = await call(client, "get_grade", {"episode_id": episode_id})
            response = await http.get("/grader", params={"task_id": task_id, "episode_id": episode_id})
    assert response.status_code == 200
    graded = response.json()
    assert (graded["task_id"], graded["episode_id"]) == (task_id, episode_id)
    assert graded["score"] == grade["score"] == step["episode_score"]
    assert 0.0 < graded["score"] < 1.0
    assert graded["done"] is True
    assert graded["findings"][0]["components"]["line"] > 0
    assert graded == grade


async def test_grader_refusals(live: Live) -> None:
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        unknown = await http.get("/grader", params={"episode_id": "no-such-episode", "task_id": "task_easy_1"})
        assert unknown.status_code == 404
        assert unknown.json()["error"] == "unknown_episode"
        assert "no-such-episode" in unknown.json()["detail"]

        missing = await http.get("/grader", params={"task_id": "task_easy_1"})
        assert missing.status_code == 400
        assert "episode_id" in missing.json()["detail"]

        async with mcp_client(live, "streamable-http", "auto") as client:
            episode_id = (await call(client, "reset_episode", {"task_id": "task_easy_1"}))["episode_id"]
        mismatch = await http.get("/grader", params={"episode_id": episode_id, "task_id": "task_hard_1"})
        assert mismatch.status_code == 400
        assert mismatch.json()["error"] == "task_mismatch"
        assert "task_easy_1" in mismatch.json()["detail"]
        assert (await http.get("/grader", params={"episode_id": episode_id})).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/health"), ("GET", "/tasks"), ("POST", "/mcp"), ("GET", "/sse"), ("POST", "/messages/")],
)
async def test_a_foreign_host_header_is_refused(live: Live, method: str, path: str) -> None:
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        response = await http.request(
            method, path, headers={"Host": "attacker.example:80"}, json={} if method == "POST" else None
        )
    assert response.status_code == 421
    assert response.json()["error"] == "misdirected_request"
    assert "--allowed-host" in response.json()["detail"]


async def test_loopback_host_names_are_accepted(live: Live) -> None:
    port = live.url.rsplit(":", 1)[1]
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", "LOCALHOST", f"[::1]:{port}"):
            assert (await http.get("/health", headers={"Host": host})).status_code == 200, host


async def test_foreign_origin_is_refused_and_no_cors_headers_by_default(live: Live) -> None:
    port = live.url.rsplit(":", 1)[1]
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        foreign = await http.get("/tasks", headers={"Origin": "https://attacker.example"})
        assert foreign.status_code == 403
        assert foreign.json()["error"] == "forbidden_origin"
        same_site = await http.get("/tasks", headers={"Origin": f"http://localhost:{port}"})
        assert same_site.status_code == 200
        assert "access-control-allow-origin" not in same_site.headers
        preflight = await http.options(
            "/mcp", headers={"Origin": f"http://localhost:{port}", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in preflight.headers


async def test_oversized_bodies_are_refused(live: Live) -> None:
    body = b"x" * (1024 * 1024 + 1)
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        for path in ("/mcp", "/messages/?session_id=00000000000000000000000000000000"):
            response = await http.post(path, content=body, headers={"Content-Type": "application/json"})
            assert response.status_code == 413, path
        # the server keeps serving
        assert (await http.get("/health")).status_code == 200


async def test_unknown_route_and_method_answer_json(live: Live) -> None:
    async with httpx2.AsyncClient(base_url=live.url, timeout=10) as http:
        missing = await http.get("/nope")
        assert missing.status_code == 404
        detail = missing.json()["detail"]
        assert (
            "routes: /mcp, /sse, /messages/, /health, /tasks, /grader, /ws, /reset, /step, /state, /schema, /metadata, /web"
            in detail
        ), detail
        wrong = await http.post("/health")
        assert wrong.status_code == 405
        assert wrong.json()["error"] == "method_not_allowed"


async def test_tool_errors_reach_http_clients_as_messages(live: Live) -> None:
    async with mcp_client(live, "streamable-http", "auto") as client:
        result = await client.call_tool("get_grade", {"episode_id": "does-not-exist"})
    assert result.is_error
    assert "unknown or expired episode" in result.content[0].text


@pytest.mark.parametrize(
    ("transport", "served", "absent"), [("sse", "/sse", "/mcp"), ("streamable-http", "/mcp", "/sse")]
)
async def test_a_single_transport_serves_only_its_endpoint(
    registry: TaskRegistry, transport: str, served: str, absent: str
) -> None:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings(transport=transport))) as url:
        single = Live(url, env, registry)
        with anyio.fail_after(CALL_TIMEOUT_S):
            async with mcp_client(single, transport, "legacy") as client:
                assert (await call(client, "list_tasks"))["count"] == len(registry)
            async with httpx2.AsyncClient(base_url=url, timeout=10) as http:
                assert (await http.get("/health")).json()["transports"] == [transport]
                missing = await http.get(absent)
                assert missing.status_code == 404
                assert absent not in missing.json()["detail"].split("; routes: ")[1], (
                    "the 404 names only what is served"
                )
                assert (await http.get("/tasks")).status_code == 200
