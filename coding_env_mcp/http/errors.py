"""One JSON error shape for every HTTP refusal, and the HTTP status of each env-core error.

Every refusal the app itself makes (bad query, unknown episode, wrong Host, missing token, unknown route)
answers `{"error": <short code>, "detail": <what was wrong and what is accepted>}`, so a client can branch
on `error` and a person can read `detail`.
"""

from __future__ import annotations

from starlette.responses import JSONResponse

from ..core.env import CapacityError, EnvError, EpisodeDoneError, UnknownEpisodeError, UnknownTaskError


def json_error(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def env_error_response(exc: EnvError) -> JSONResponse:
    """Map an env-core refusal to its HTTP status: unknown things 404, a finished episode 409, no room 503."""
    if isinstance(exc, UnknownEpisodeError):
        return json_error(404, "unknown_episode", str(exc))
    if isinstance(exc, UnknownTaskError):
        return json_error(404, "unknown_task", str(exc))
    if isinstance(exc, EpisodeDoneError):
        return json_error(409, "episode_done", str(exc))
    if isinstance(exc, CapacityError):
        return json_error(503, "capacity", str(exc))
    return json_error(400, "bad_request", str(exc))
