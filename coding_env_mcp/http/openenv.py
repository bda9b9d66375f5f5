"""OpenEnv's reset/step/state protocol over the same env as the MCP tools: the seeds' OpenEnv clients work unchanged.

    WS   /ws          one episode per connection: {"type": "reset" | "step" | "state" | "close", "data": {...}}
    POST /reset       start an episode; the reply names it (`episode_id`)
    POST /step        {"episode_id": ..., "action": {...}, "timeout_s"?: ...}
    GET  /state       ?episode_id=...
    GET  /schema      the action, observation and state JSON schemas
    GET  /metadata    name, description, version

The wire shapes are those of `openenv-core` 0.3.0's server and client. An action is one of:

- a **code action** `{"code": ...}`: runs in the episode's sandbox exactly as the `run_python` tool;
- a **review action** (the seed's `review, file_path, issue_type, severity, bug_type, line_number,
  confidence`, optionally `final` and `verdict`): graded exactly as the `submit_review` tool, its score the
  step's reward (in full feedback mode);
- a **verdict action** `{"verdict": "approve" | "request_changes"}` alone: ends the episode as the
  `finish_episode` tool, its reward the episode's final score.

Observations carry only the seeds' field names (a typed seed client rejects unknown keys); the episode id
and the step count are in `state` and, over HTTP, at the top level of each reply. `step_count` counts every
step, code and review, as the seeds do: it is the MCP `get_state`'s `step_count` (findings) plus its
`run_count` (code runs), so it is derived from the episode itself and agrees on every surface.

Nothing here decides anything about episodes: each message is parsed, one env method is called (in a worker
thread: the env blocks), and its result is reshaped. Episodes played this way are the env's ordinary
episodes: recorded, graded by `GET /grader` and `get_grade`, bounded by the same limits.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Annotated, Any, Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .. import __version__
from ..core.env import CapacityError, EnvError, ReviewEnv
from ..models import (
    MAX_EPISODE_ID_CHARS,
    MAX_PATH_CHARS,
    MAX_REVIEW_CHARS,
    MAX_TAG_CHARS,
    MAX_TASK_ID_CHARS,
    BugType,
    Difficulty,
    EpisodeState,
    FeedbackMode,
    IssueType,
    Observation,
    ReviewAction,
    Severity,
    Split,
    Verdict,
)
from .errors import env_error_response, json_error
from .settings import HttpSettings

log = logging.getLogger(__name__)

ENV_NAME = "coding_env_mcp"
ENV_DESCRIPTION = (
    "Pull-request review episodes: read a PR with planted defects (or none), run Python against its code, "
    "submit findings graded with partial credit, and end with a verdict."
)
DOCUMENTATION = "docs/openenv.md"

_REVIEW_FIELDS = ("review", "file_path", "issue_type", "severity", "bug_type", "line_number", "confidence")
_UNSET_ENUMS = ("issue_type", "severity", "bug_type", "verdict")


class ActionError(ValueError):
    """An action that is none of the three kinds, or mixes them; the message says which fields go together."""


# -- the wire models -------------------------------------------------------------------------------------


class OpenEnvAction(BaseModel):
    """One step: a code action (`code`), a review action (the seed's finding fields), or a verdict alone.

    Empty strings (and a `line_number` of 0) count as not given, so a typed client whose fields default to
    empty values can send every field.
    """

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(description="Python to run in the episode's sandbox (as run_python).")] | None = None
    review: Annotated[str, Field(max_length=MAX_REVIEW_CHARS)] | None = None
    file_path: Annotated[str, Field(max_length=MAX_PATH_CHARS)] | None = None
    issue_type: IssueType | None = None
    severity: Severity | None = None
    bug_type: BugType | None = None
    line_number: Annotated[int, Field(ge=1)] | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    final: bool = Field(False, description="With a review action: this is the last finding (ends the episode).")
    verdict: Verdict | None = Field(
        None, description="approve or request_changes: alone, ends the episode; with a final finding, its verdict."
    )
    metadata: dict[str, Any] = Field(default_factory=dict, description="Ignored (OpenEnv's Action base field).")

    @model_validator(mode="before")
    @classmethod
    def _unset_empty(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name in (*_UNSET_ENUMS, "code", "review", "file_path"):
            if data.get(name) == "":
                data[name] = None
        if data.get("line_number") == 0 and not isinstance(data.get("line_number"), bool):
            data["line_number"] = None
        return data

    @property
    def is_review(self) -> bool:
        return any(getattr(self, name) is not None for name in _REVIEW_FIELDS)

    def kind(self) -> Literal["code", "review", "verdict"]:
        if self.code is not None:
            if self.is_review or self.final or self.verdict is not None:
                raise ActionError(
                    "an action runs code or reviews, not both: send {'code': ...} alone, or the finding's fields "
                    "(file_path, line_number, bug_type, ...) without code"
                )
            return "code"
        if self.is_review:
            return "review"
        if self.final:
            raise ActionError("final=true goes with a finding (file_path, line_number, bug_type, ...)")
        if self.verdict is not None:
            return "verdict"
        raise ActionError(
            "the action is empty: send {'code': ...} to run Python, a finding (file_path, line_number, bug_type, "
            "issue_type, severity, review, confidence), or {'verdict': 'approve' | 'request_changes'} to end"
        )

    def finding(self) -> ReviewAction:
        fields = {name: getattr(self, name) for name in _REVIEW_FIELDS if getattr(self, name) is not None}
        return ReviewAction.model_validate(fields)


class OpenEnvObservation(BaseModel):
    """The observation, with the seeds' field names only (`reward` and `done` travel beside it on the wire)."""

    model_config = ConfigDict(extra="forbid")

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    task_id: str
    difficulty: Difficulty
    task_description: str
    code_snippet: str
    pr_title: str
    pr_description: str
    changed_files: list[str]
    previous_feedback: str = ""
    # OpenEnv's Observation base fields, for the schema; never inside the wire's `observation` object.
    done: bool = False
    reward: float | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class OpenEnvState(BaseModel):
    """The episode's book-keeping: the seeds' state fields first. `step_count` counts code and review steps."""

    episode_id: str | None = None
    step_count: int = 0
    task_id: str | None = None
    difficulty: Difficulty | None = None
    last_score: float = Field(0.0, description="The running episode score after the last graded finding.")
    last_exit_code: int = Field(0, description="Exit code of the last code step (0 before any).")
    done: bool = False
    review_count: int = Field(0, description="Findings submitted (the MCP get_state's step_count).")
    run_count: int = Field(0, description="Code steps run (the MCP get_state's run_count).")
    max_steps: int | None = Field(None, description="Findings an episode accepts.")


class ResetArgs(BaseModel):
    """What `reset` takes. `episode_id` is accepted for OpenEnv compatibility and ignored: the server names
    episodes (an episode id is the capability to play it, so it is never chosen by a client)."""

    model_config = ConfigDict(extra="forbid")

    task_id: Annotated[str, Field(min_length=1, max_length=MAX_TASK_ID_CHARS)] | None = None
    seed: int | None = None
    difficulty: Difficulty | None = None
    split: Split | None = None
    tag: Annotated[str, Field(max_length=MAX_TAG_CHARS)] | None = None
    feedback: FeedbackMode | None = None
    episode_id: Annotated[str, Field(max_length=255)] | None = None


class StepBody(BaseModel):
    """The body of `POST /step`."""

    model_config = ConfigDict(extra="forbid")

    episode_id: Annotated[str, Field(min_length=1, max_length=MAX_EPISODE_ID_CHARS)]
    action: dict[str, Any]
    timeout_s: Annotated[float, Field(gt=0)] | None = None
    request_id: Annotated[str, Field(max_length=255)] | None = None


# -- the adapter: one env call per message ---------------------------------------------------------------


class Reply(BaseModel):
    """One step's or reset's result as OpenEnv serialises it, plus the episode it belongs to."""

    observation: dict[str, Any]
    reward: float | None
    done: bool
    episode_id: str
    step_count: int

    def wire(self) -> dict[str, Any]:
        return {"observation": self.observation, "reward": self.reward, "done": self.done}


def _observation(obs: Observation, *, stdout: str = "", stderr: str = "", exit_code: int = 0) -> dict[str, Any]:
    return OpenEnvObservation(
        stdout=stdout,
        stderr=stderr,
        exit_code=exit_code,
        task_id=obs.task_id,
        difficulty=obs.difficulty,
        task_description=obs.task_description,
        code_snippet=obs.code_snippet,
        pr_title=obs.pr_title,
        pr_description=obs.pr_description,
        changed_files=obs.changed_files,
        previous_feedback=obs.previous_feedback,
    ).model_dump(exclude={"done", "reward", "metadata"})


def _state(state: EpisodeState) -> OpenEnvState:
    return OpenEnvState(
        episode_id=state.episode_id,
        step_count=state.step_count + state.run_count,
        task_id=state.task_id,
        difficulty=state.difficulty,
        last_score=state.last_score if state.last_score is not None else 0.0,
        last_exit_code=state.last_exit_code if state.last_exit_code is not None else 0,
        done=state.done,
        review_count=state.step_count,
        run_count=state.run_count,
        max_steps=state.max_steps,
    )


class OpenEnvAdapter:
    """Turns OpenEnv calls into env calls. Blocking (the env blocks): the routes call it in worker threads."""

    def __init__(self, env: ReviewEnv):
        self.env = env

    def reset(self, data: dict[str, Any]) -> Reply:
        args = ResetArgs.model_validate(data)
        obs = self.env.reset(
            task_id=args.task_id,
            difficulty=args.difficulty,
            seed=args.seed,
            split=args.split,
            tag=args.tag,
            feedback=args.feedback,
        )
        return Reply(observation=_observation(obs), reward=None, done=obs.done, episode_id=obs.episode_id, step_count=0)

    def step(self, episode_id: str, data: dict[str, Any], timeout_s: float | None = None) -> Reply:
        action = OpenEnvAction.model_validate(data)
        kind = action.kind()
        output: dict[str, Any] = {}
        if kind == "code":
            assert action.code is not None
            run = self.env.run_python(episode_id, action.code, timeout_s)
            stderr = run.stderr
            if run.notice:  # e.g. the interpreter's state was lost: the agent must know, and has only stderr
                separator = "\n" if stderr and not stderr.endswith("\n") else ""
                stderr = f"{stderr}{separator}[notice] {run.notice}"
            # A run that never started has no exit code; the seeds' observation needs an int.
            output = {
                "stdout": run.stdout,
                "stderr": stderr,
                "exit_code": -1 if run.exit_code is None else run.exit_code,
            }
            reward: float | None = 0.0
        elif kind == "review":
            finding = action.finding()  # validated before the env sees it, like the tool's arguments
            result = self.env.submit(episode_id, finding, final=action.final, verdict=action.verdict)
            reward = result.reward
        else:
            grade = self.env.finish(episode_id, action.verdict)
            reward = grade.score
        obs = self.env.observe(episode_id)
        state = self.env.state(episode_id)
        return Reply(
            observation=_observation(obs, **output),
            reward=reward,
            done=obs.done,
            episode_id=episode_id,
            step_count=state.step_count + state.run_count,
        )

    def state(self, episode_id: str) -> OpenEnvState:
        return _state(self.env.state(episode_id))

    def close(self, episode_id: str) -> None:
        """End a WebSocket session's episode (as finish_episode without a verdict) unless it already ended.

        This frees its interpreter and its slot at once; the grade is what the findings earned, and the episode
        stays readable (`GET /grader`, `get_grade`) like any finished one."""
        try:
            if not self.env.state(episode_id).done:
                self.env.finish(episode_id)
        except EnvError as exc:
            log.info("could not end OpenEnv episode %s: %s", episode_id, exc)


def schemas() -> dict[str, Any]:
    return {
        "action": OpenEnvAction.model_json_schema(),
        "observation": OpenEnvObservation.model_json_schema(),
        "state": OpenEnvState.model_json_schema(),
    }


def metadata() -> dict[str, Any]:
    return {
        "name": ENV_NAME,
        "description": ENV_DESCRIPTION,
        "readme_content": None,
        "version": __version__,
        "author": None,
        "documentation_url": None,
    }


# -- WebSocket ---------------------------------------------------------------------------------------------


def _error(message: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"type": "error", "data": {"message": message, "code": code, **extra}}


def _validation_error(exc: ValidationError | ActionError) -> dict[str, Any]:
    if isinstance(exc, ActionError):
        return _error(str(exc), "VALIDATION_ERROR", errors=[])
    errors = _plain_errors(exc)
    summary = _summarise(errors, whole="data")
    return _error(f"invalid message: {summary}", "VALIDATION_ERROR", errors=json.loads(json.dumps(errors)))


def _plain_errors(exc: ValidationError) -> list[Any]:
    """pydantic's errors without documentation links, context or the (possibly large) input."""
    return exc.errors(include_url=False, include_context=False, include_input=False)


def _summarise(errors: list[Any], whole: str) -> str:
    """`field: problem; ...`, naming `whole` for an error about the message itself."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or whole}: {e['msg']}" for e in errors)


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["reset", "step", "state", "close"]
    data: dict[str, Any] = Field(default_factory=dict)


class _Session:
    """One WebSocket connection: at most one episode at a time, answered in order."""

    def __init__(self, adapter: OpenEnvAdapter):
        self.adapter = adapter
        self.episode_id: str | None = None

    def handle(self, raw: str) -> tuple[dict[str, Any], bool]:
        """The reply to one text frame, and whether the session ends."""
        try:
            message = json.loads(raw)
        except json.JSONDecodeError as exc:
            return _error(f"Invalid JSON: {exc}", "INVALID_JSON"), False
        if not isinstance(message, dict):
            return _error("a message is a JSON object with a 'type'", "VALIDATION_ERROR", errors=[]), False
        kind = message.get("type")
        if kind not in ("reset", "step", "state", "close"):
            return _error(f"Unknown message type: {kind}; known: reset, step, state, close", "UNKNOWN_TYPE"), False
        try:
            parsed = _Message.model_validate(message)
            if parsed.type == "close":
                return {}, True
            if parsed.type == "state":
                if self.episode_id is None:
                    return {"type": "state", "data": OpenEnvState().model_dump()}, False
                return {"type": "state", "data": self.adapter.state(self.episode_id).model_dump()}, False
            if parsed.type == "reset":
                reply = self.adapter.reset(parsed.data)
                if self.episode_id is not None:
                    self.adapter.close(self.episode_id)
                self.episode_id = reply.episode_id
                return {"type": "observation", "data": reply.wire()}, False
            if self.episode_id is None:
                return _error("no episode yet: send {'type': 'reset'} first", "EXECUTION_ERROR"), False
            return {"type": "observation", "data": self.adapter.step(self.episode_id, parsed.data).wire()}, False
        except (ValidationError, ActionError) as exc:
            return _validation_error(exc), False
        except CapacityError as exc:
            return _error(str(exc), "CAPACITY_REACHED"), False
        except EnvError as exc:
            return _error(str(exc), "EXECUTION_ERROR"), False

    def close(self) -> None:
        if self.episode_id is not None:
            self.adapter.close(self.episode_id)
            self.episode_id = None


# -- HTTP --------------------------------------------------------------------------------------------------


def _invalid(exc: ValidationError | ActionError | ValueError) -> JSONResponse:
    """A refused request: an env error keeps its own status, any other bad input is a 422 naming the fields."""
    if isinstance(exc, EnvError):
        return env_error_response(exc)
    detail = _summarise(_plain_errors(exc), whole="body") if isinstance(exc, ValidationError) else str(exc)
    return json_error(422, "invalid_request", detail)


async def _json_body(request: Request, *, optional: bool = False) -> dict[str, Any]:
    body = await request.body()
    if not body.strip() and optional:
        return {}
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("the body is a JSON object")
    return data


def _reply_response(reply: Reply) -> JSONResponse:
    return JSONResponse({**reply.wire(), "episode_id": reply.episode_id, "step_count": reply.step_count})


def routes(env: ReviewEnv, settings: HttpSettings) -> list[BaseRoute]:
    """OpenEnv's endpoints for `env`."""
    adapter = OpenEnvAdapter(env)

    async def ws(websocket: WebSocket) -> None:
        await websocket.accept()
        session = _Session(adapter)
        try:
            while True:
                raw = await websocket.receive_text()
                reply, end = await anyio.to_thread.run_sync(session.handle, raw)
                if end:
                    break
                await websocket.send_text(json.dumps(reply))
        except WebSocketDisconnect:
            pass
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(session.close)
        # After a "close" message the client closes its end too; whichever close comes first wins.
        with contextlib.suppress(WebSocketDisconnect, RuntimeError):
            await websocket.close()

    async def reset(request: Request) -> Response:
        try:
            data = await _json_body(request, optional=True)
            reply = await anyio.to_thread.run_sync(adapter.reset, data)
        except (ValidationError, ValueError) as exc:
            return _invalid(exc)
        return _reply_response(reply)

    async def step(request: Request) -> Response:
        try:
            body = StepBody.model_validate(await _json_body(request))
            reply = await anyio.to_thread.run_sync(adapter.step, body.episode_id, body.action, body.timeout_s)
        except (ValidationError, ValueError) as exc:
            return _invalid(exc)
        return _reply_response(reply)

    async def state(request: Request) -> Response:
        params = request.query_params
        unknown = sorted(set(params) - {"episode_id"})
        episode_id = params.get("episode_id", "")
        if unknown or len(params.getlist("episode_id")) != 1 or not 0 < len(episode_id) <= MAX_EPISODE_ID_CHARS:
            return json_error(400, "bad_request", "GET /state takes one query parameter: episode_id (from /reset)")
        try:
            current = await anyio.to_thread.run_sync(adapter.state, episode_id)
        except EnvError as exc:
            return env_error_response(exc)
        return JSONResponse(current.model_dump())

    async def schema(request: Request) -> Response:
        return JSONResponse(schemas())

    async def meta(request: Request) -> Response:
        return JSONResponse(metadata())

    return [
        WebSocketRoute("/ws", ws),
        Route("/reset", reset, methods=["POST"]),
        Route("/step", step, methods=["POST"]),
        Route("/state", state, methods=["GET"]),
        Route("/schema", schema, methods=["GET"]),
        Route("/metadata", meta, methods=["GET"]),
    ]
