"""OpenEnv's protocol end to end: a real server on 127.0.0.1 with a bearer token, driven by openenv-core's own
clients (GenericEnvClient, sync and async), by a typed client written the way the seeds' CodingEnv is, by raw
WebSocket frames and by plain HTTP; every episode is then read back through GET /grader."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest
from openenv.core.client_types import StepResult
from openenv.core.env_client import EnvClient
from openenv.core.env_server.types import Action, Observation, State
from openenv.core.generic_client import GenericEnvClient
from pydantic import Field
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import InvalidStatus

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.openenv import OpenEnvState
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import perfect_findings
from ..live_server import serve_in_thread

TOKEN = "openenv-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEED_OBSERVATION_FIELDS = {
    "stdout",
    "stderr",
    "exit_code",
    "task_id",
    "difficulty",
    "task_description",
    "code_snippet",
    "pr_title",
    "pr_description",
    "changed_files",
    "previous_feedback",
}


@dataclass
class Live:
    url: str  # http://127.0.0.1:PORT
    env: ReviewEnv
    registry: TaskRegistry

    @property
    def token_url(self) -> str:
        """The base URL with the token as the password: what OpenEnv's stock client can pass."""
        return self.url.replace("http://", f"http://openenv:{TOKEN}@")

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/ws"

    def grader(self, episode_id: str) -> dict[str, Any]:
        response = httpx2.get(f"{self.url}/grader", params={"episode_id": episode_id}, headers=AUTH, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def live(registry: TaskRegistry) -> Iterator[Live]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    settings = HttpSettings(host="127.0.0.1", token=TOKEN)
    with serve_in_thread(build_app(env, settings), settings) as url:
        yield Live(url, env, registry)


# -- a typed client, written the way the seeds' CodingEnv is ----------------------------------------------


class CodeAction(Action):
    code: str = ""
    review: str = ""
    file_path: str = ""
    issue_type: str | None = None
    severity: str | None = None
    bug_type: str | None = None
    line_number: int | None = None
    confidence: float | None = None


class CodeObservation(Observation):
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    task_id: str = ""
    difficulty: str = ""
    task_description: str = ""
    code_snippet: str = ""
    pr_title: str = ""
    pr_description: str = ""
    changed_files: list[str] = Field(default_factory=list)
    previous_feedback: str = ""


class CodeState(State):
    last_exit_code: int = 0


class CodingEnv(EnvClient[CodeAction, CodeObservation, CodeState]):
    def _step_payload(self, action: CodeAction) -> dict:
        return action.model_dump(exclude={"metadata"})

    def _parse_result(self, payload: dict) -> StepResult[CodeObservation]:
        obs = CodeObservation(**payload["observation"])  # extra="forbid": unknown keys fail here
        return StepResult(observation=obs, reward=payload.get("reward"), done=bool(payload.get("done", False)))

    def _parse_state(self, payload: dict) -> CodeState:
        return CodeState(
            episode_id=payload.get("episode_id"),
            step_count=payload.get("step_count", 0),
            last_exit_code=payload.get("last_exit_code", 0),
        )


class BearerGenericEnvClient(GenericEnvClient):
    """The other documented way to present the token: a client subclass sending the header."""

    def __init__(self, base_url: str, token: str, **kwargs: Any):
        super().__init__(base_url, **kwargs)
        self._token = token

    async def connect(self) -> BearerGenericEnvClient:
        if self._ws is None:
            self._ws = await ws_connect(
                self._ws_url,
                open_timeout=self._connect_timeout,
                max_size=self._max_message_size,
                additional_headers={"Authorization": f"Bearer {self._token}"},
            )
        return self


def review_of(finding: dict[str, Any], *, final: bool = False) -> dict[str, Any]:
    return {**finding, **({"final": True} if final else {})}


# -- openenv-core's own clients ----------------------------------------------------------------------------


def test_generic_sync_client_plays_a_whole_episode(live: Live) -> None:
    task = live.registry.get("task_easy_1")
    (finding,) = perfect_findings(task)
    with GenericEnvClient(base_url=live.token_url).sync() as client:
        first = client.reset(task_id=task.task_id)
        assert set(first.observation) == SEED_OBSERVATION_FIELDS
        assert (first.observation["task_id"], first.reward, first.done) == (task.task_id, None, False)
        assert first.observation["changed_files"] == list(task.changed_files)

        assert client.step({"code": "x = 6 * 7"}).observation["exit_code"] == 0
        ran = client.step({"code": "print(x)"})  # notebook state survives between code steps
        assert (ran.observation["stdout"].strip(), ran.observation["exit_code"], ran.done) == ("42", 0, False)
        failed = client.step({"code": "raise SystemExit(3)"})
        assert failed.observation["exit_code"] == 3

        reviewed = client.step(review_of(finding, final=True))
        assert reviewed.reward is not None and 0 < reviewed.reward < 1
        assert reviewed.done is True
        assert "matched planted issue" in reviewed.observation["previous_feedback"]
        state = client.state()

    assert state["step_count"] == 4  # three code steps and one review
    assert (state["run_count"], state["review_count"], state["last_exit_code"]) == (3, 1, 3)
    grade = live.grader(state["episode_id"])
    assert grade["done"] is True
    assert grade["task_id"] == task.task_id
    assert grade["score"] == state["last_score"]
    assert grade["findings"][0]["score"] == reviewed.reward
    # the MCP get_state counts findings only; the OpenEnv step_count adds the code runs
    mcp_state = live.env.state(state["episode_id"])
    assert (mcp_state.step_count, mcp_state.run_count) == (1, 3)


@pytest.mark.anyio
async def test_generic_async_client_with_a_bearer_header(live: Live) -> None:
    task = live.registry.get("task_medium_1")
    findings = perfect_findings(task)
    async with BearerGenericEnvClient(live.url, TOKEN) as client:
        await client.reset(task_id=task.task_id)
        for number, finding in enumerate(findings, start=1):
            result = await client.step(review_of(finding, final=number == len(findings)))
            assert 0 < result.reward < 1
        assert result.done
        state = await client.state()
    assert state["step_count"] == len(findings)
    assert live.grader(state["episode_id"])["score"] == state["last_score"] >= 0.9


@pytest.mark.anyio
async def test_typed_seed_style_client(live: Live) -> None:
    """reset -> code steps keep notebook state -> a review step with a reward in (0, 1) -> state."""
    task = live.registry.get("task_hard_1")
    finding = perfect_findings(task)[0]
    async with CodingEnv(base_url=live.token_url) as client:
        first = await client.reset(task_id=task.task_id)
        assert isinstance(first.observation, CodeObservation)
        assert first.observation.pr_title == task.pr_title
        await client.step(CodeAction(code="import sys\ncounter = 1"))
        await client.step(CodeAction(code="counter += 1"))
        ran = await client.step(CodeAction(code="print(counter)"))
        assert ran.observation.stdout.strip() == "2"
        reviewed = await client.step(CodeAction(**finding))
        assert reviewed.reward is not None and 0 < reviewed.reward < 1
        assert reviewed.observation.previous_feedback
        state = await client.state()
    assert isinstance(state, CodeState)
    assert state.step_count == 4
    assert state.last_exit_code == 0
    # closing the connection ended the episode; its grade is what the finding earned
    grade = live.grader(state.episode_id)
    assert grade["done"] is True
    assert grade["findings"][0]["score"] == reviewed.reward


@pytest.mark.anyio
async def test_two_concurrent_sessions_are_isolated(live: Live) -> None:
    async def play(value: int, task_id: str) -> tuple[str, dict[str, Any]]:
        async with GenericEnvClient(base_url=live.token_url) as client:
            await client.reset(task_id=task_id)
            await client.step({"code": f"value = {value}"})
            await asyncio.sleep(0.05)  # let the other session run in between
            printed = await client.step({"code": "print(value)"})
            return printed.observation["stdout"].strip(), await client.state()

    (out_a, state_a), (out_b, state_b) = await asyncio.gather(play(1, "task_easy_1"), play(2, "task_easy_2"))
    assert (out_a, out_b) == ("1", "2")
    assert state_a["episode_id"] != state_b["episode_id"]
    assert (state_a["task_id"], state_b["task_id"]) == ("task_easy_1", "task_easy_2")
    assert state_a["step_count"] == state_b["step_count"] == 2


def test_a_bad_action_is_an_error_and_the_session_goes_on(live: Live) -> None:
    task = live.registry.get("task_easy_1")
    (finding,) = perfect_findings(task)
    with GenericEnvClient(base_url=live.token_url).sync() as client:
        client.reset(task_id=task.task_id)
        bad_actions = [
            ({"bogus": 1}, "VALIDATION_ERROR"),
            ({"code": "print(1)", "file_path": finding["file_path"]}, "VALIDATION_ERROR"),
            ({}, "VALIDATION_ERROR"),
            ({**finding, "severity": "apocalyptic"}, "VALIDATION_ERROR"),
            ({**finding, "file_path": "nope.py"}, "EXECUTION_ERROR"),
        ]
        for action, code in bad_actions:
            with pytest.raises(RuntimeError, match=code):
                client.step(action)
        assert client.state()["step_count"] == 0
        result = client.step(finding)
        assert 0 < result.reward < 1
        with pytest.raises(RuntimeError, match=r"unknown task.*'task_nope'|'task_nope'"):
            client.reset(task_id="task_nope")
        assert client.state()["step_count"] == 1  # the failed reset left the episode as it was


def test_same_seed_and_difficulty_pick_the_same_task(live: Live) -> None:
    with GenericEnvClient(base_url=live.token_url).sync() as client:
        picks = [client.reset(seed=7, difficulty="hard").observation for _ in range(3)]
        other = client.reset(seed=7, difficulty="easy").observation
    assert len({pick["task_id"] for pick in picks}) == 1
    assert picks[0]["difficulty"] == "hard"
    assert other["difficulty"] == "easy"


def test_a_verdict_alone_ends_the_episode(live: Live) -> None:
    clean = next(task for task in live.registry.select(None, None, None) if task.is_clean)
    with GenericEnvClient(base_url=live.token_url).sync() as client:
        client.reset(task_id=clean.task_id)
        ended = client.step({"verdict": "approve"})
        state = client.state()
    assert ended.done is True
    assert ended.reward == live.grader(state["episode_id"])["score"] >= 0.9


# -- the wire, frame by frame -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_raw_frames_get_openenv_error_codes(live: Live) -> None:
    async with ws_connect(live.ws_url, additional_headers=AUTH) as ws:

        async def ask(frame: str | dict[str, Any]) -> dict[str, Any]:
            await ws.send(frame if isinstance(frame, str) else json.dumps(frame))
            return json.loads(await ws.recv())

        assert (await ask("{not json"))["data"]["code"] == "INVALID_JSON"
        assert (await ask({"type": "dance"}))["data"]["code"] == "UNKNOWN_TYPE"
        assert (await ask({"type": "step", "data": {"code": "1"}}))["data"]["code"] == "EXECUTION_ERROR"
        assert await ask({"type": "state"}) == {"type": "state", "data": OpenEnvState().model_dump()}
        assert (await ask({"type": "reset", "data": {"colour": "red"}}))["data"]["code"] == "VALIDATION_ERROR"
        reset = await ask({"type": "reset", "data": {"task_id": "task_easy_1"}})
        assert reset["type"] == "observation"
        assert set(reset["data"]) == {"observation", "reward", "done"}
        step = await ask({"type": "step", "data": {"code": "print('hi')"}})
        assert step["data"]["observation"]["stdout"] == "hi\n"
        state = await ask({"type": "state"})
        assert (state["type"], state["data"]["step_count"]) == ("state", 1)
        await ws.send(json.dumps({"type": "close"}))
    assert live.grader(state["data"]["episode_id"])["done"] is True


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": "Basic b3BlbmVudjp3cm9uZw=="}, 401),  # openenv:wrong
        ({**AUTH, "Origin": "https://evil.example"}, 403),
    ],
)
async def test_the_handshake_is_guarded(live: Live, headers: dict[str, str], status: int) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with ws_connect(live.ws_url, additional_headers=headers):
            pass
    assert refused.value.response.status_code == status


@pytest.mark.anyio
async def test_the_handshake_checks_the_host(live: Live) -> None:
    port = int(live.url.rsplit(":", 1)[1])
    with pytest.raises(InvalidStatus) as refused:
        async with ws_connect(f"ws://evil.example:{port}/ws", host="127.0.0.1", port=port, additional_headers=AUTH):
            pass
    assert refused.value.response.status_code == 421
    assert b"misdirected_request" in refused.value.response.body


def test_stock_client_without_the_token_is_refused(live: Live) -> None:
    with pytest.raises(ConnectionError, match="401"), GenericEnvClient(base_url=live.url).sync() as client:
        client.reset()


# -- plain HTTP ---------------------------------------------------------------------------------------------


def test_http_plays_a_whole_episode(live: Live) -> None:
    task = live.registry.get("task_easy_1")
    (finding,) = perfect_findings(task)
    with httpx2.Client(base_url=live.url, headers=AUTH, timeout=30) as http:
        reset = http.post("/reset", json={"task_id": task.task_id})
        assert reset.status_code == 200, reset.text
        body = reset.json()
        episode_id = body["episode_id"]
        assert set(body) == {"observation", "reward", "done", "episode_id", "step_count"}
        assert set(body["observation"]) == SEED_OBSERVATION_FIELDS

        ran = http.post("/step", json={"episode_id": episode_id, "action": {"code": "print(2 + 2)"}, "timeout_s": 5})
        assert ran.status_code == 200, ran.text
        assert (ran.json()["observation"]["stdout"], ran.json()["step_count"]) == ("4\n", 1)

        bad = http.post("/step", json={"episode_id": episode_id, "action": {"line_number": "x"}})
        assert bad.status_code == 422
        assert bad.json()["error"] == "invalid_request"
        assert "line_number" in bad.json()["detail"]

        reviewed = http.post("/step", json={"episode_id": episode_id, "action": review_of(finding, final=True)})
        assert reviewed.status_code == 200, reviewed.text
        assert 0 < reviewed.json()["reward"] < 1
        assert reviewed.json()["done"] is True

        state = http.get("/state", params={"episode_id": episode_id}).json()
        assert (state["episode_id"], state["step_count"], state["done"]) == (episode_id, 2, True)
        after = http.post("/step", json={"episode_id": episode_id, "action": finding})
        assert (after.status_code, after.json()["error"]) == (409, "episode_done")
    assert live.grader(episode_id)["score"] == state["last_score"]


def test_http_refusals(live: Live) -> None:
    with httpx2.Client(base_url=live.url, headers=AUTH, timeout=30) as http:
        unknown_task = http.post("/reset", json={"task_id": "task_nope"})
        assert unknown_task.status_code == 404
        assert "task_nope" in unknown_task.json()["detail"]
        assert http.post("/reset", content=b"[1]").status_code == 422
        assert http.post("/step", json={"action": {"code": "1"}}).status_code == 422  # no episode_id
        missing = http.post("/step", json={"episode_id": "nope", "action": {"code": "1"}})
        assert (missing.status_code, missing.json()["error"]) == (404, "unknown_episode")
        assert http.get("/state").status_code == 400
        assert http.get("/state", params={"episode_id": "nope"}).status_code == 404
        assert http.post("/reset").status_code == 200  # an empty body: a random task


def test_schema_and_metadata(live: Live) -> None:
    with httpx2.Client(base_url=live.url, headers=AUTH, timeout=10) as http:
        schema = http.get("/schema").json()
        metadata = http.get("/metadata").json()
    assert set(schema) == {"action", "observation", "state"}
    assert {"code", "review", "file_path", "line_number", "bug_type"} <= set(schema["action"]["properties"])
    assert set(schema["observation"]["properties"]) >= SEED_OBSERVATION_FIELDS
    assert {"episode_id", "step_count"} <= set(schema["state"]["properties"])
    assert metadata["name"] == "coding_env_mcp"
    assert metadata["version"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/reset"), ("POST", "/step"), ("GET", "/state"), ("GET", "/schema"), ("GET", "/metadata")],
)
def test_new_routes_need_the_token_and_an_allowed_host(live: Live, method: str, path: str) -> None:
    with httpx2.Client(base_url=live.url, timeout=10) as http:
        assert http.request(method, path).status_code == 401
        # Basic credentials are for WebSocket handshakes only
        basic = http.request(method, path, auth=("openenv", TOKEN))
        assert basic.status_code == 401
        foreign = http.request(method, path, headers={**AUTH, "Host": "evil.example"})
        assert (foreign.status_code, foreign.json()["error"]) == (421, "misdirected_request")
