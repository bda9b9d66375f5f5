"""The plain HTTP routes of the seed env, over the same env core the MCP tools call.

    GET /health                              liveness and what is being served
    GET /tasks[?difficulty=&split=&tag=]     the task catalogue (the `list_tasks` tool's result)
    GET /grader?episode_id=[&task_id=]       an episode's normalized score and breakdown (the `get_grade`
                                             tool's result); task_id, when given, must be the episode's task

Nothing here decides anything about tasks or episodes: each route validates its query, calls one env method
and returns the same model the MCP tool returns, so the two surfaces cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .. import __version__
from ..core.env import EnvError, ReviewEnv
from ..models import MAX_EPISODE_ID_CHARS, MAX_TAG_CHARS, MAX_TASK_ID_CHARS, Difficulty, Split, TaskCatalog
from .errors import env_error_response, json_error
from .settings import HttpSettings


class _TasksQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    difficulty: Difficulty | None = None
    split: Split | None = None
    tag: Annotated[str, Field(max_length=MAX_TAG_CHARS)] | None = None


class _GraderQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    episode_id: Annotated[str, Field(min_length=1, max_length=MAX_EPISODE_ID_CHARS)]
    task_id: Annotated[str, Field(min_length=1, max_length=MAX_TASK_ID_CHARS)] | None = None


Q = TypeVar("Q", bound=BaseModel)


def _query(model: type[Q], request: Request) -> Q | JSONResponse:
    """The request's query string as `model`, or a 400 naming each bad parameter and what it accepts."""
    params = request.query_params
    repeated = sorted({key for key in params if len(params.getlist(key)) > 1})
    if repeated:
        return json_error(400, "bad_request", f"query parameter(s) {', '.join(repeated)} given more than once")
    try:
        return model.model_validate(dict(params))
    except ValidationError as exc:
        accepted = ", ".join(model.model_fields)
        problems = "; ".join(f"{'.'.join(map(str, error['loc'])) or 'query'}: {error['msg']}" for error in exc.errors())
        return json_error(400, "bad_request", f"{problems} (this route accepts: {accepted})")


def _model_response(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def routes(env: ReviewEnv, settings: HttpSettings) -> list[BaseRoute]:
    """The seed env's routes for `env`."""
    served = (("sse", settings.serves_sse), ("streamable-http", settings.serves_streamable_http))
    transports = [name for name, on in served if on]

    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "tasks": len(env.registry),
                "isolation": env.sandbox.isolation,
                "open_episodes": env.open_episodes,
                "transports": transports,
                "stateless": settings.stateless,
            }
        )

    async def tasks(request: Request) -> Response:
        query = _query(_TasksQuery, request)
        if isinstance(query, JSONResponse):
            return query
        return _model_response(TaskCatalog.of(env.list_tasks(query.difficulty, query.split, query.tag)))

    async def grader(request: Request) -> Response:
        query = _query(_GraderQuery, request)
        if isinstance(query, JSONResponse):
            return query
        try:
            grade = env.grade(query.episode_id)
        except EnvError as exc:
            return env_error_response(exc)
        if query.task_id is not None and query.task_id != grade.task_id:
            return json_error(
                400,
                "task_mismatch",
                f"episode {query.episode_id!r} plays task {grade.task_id!r}, not {query.task_id!r}; "
                "drop task_id or pass the episode's own",
            )
        return _model_response(grade)

    return [
        Route("/health", health, methods=["GET"]),
        Route("/tasks", tasks, methods=["GET"]),
        Route("/grader", grader, methods=["GET"]),
    ]
