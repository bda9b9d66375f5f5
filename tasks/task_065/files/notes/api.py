"""HTTP handlers of the notes service; the WSGI adapter turns Request and Response into HTTP."""

import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs

from notes.repository import NotFound, NoteRepository


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str = ""
    body: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int
    body: Any = None


class BadRequest(ValueError):
    pass


def _params(query: str, allowed: set[str]) -> dict[str, str]:
    try:
        parsed = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise BadRequest("malformed query string") from None
    unknown = set(parsed) - allowed
    if unknown:
        raise BadRequest(f"unknown parameters: {', '.join(sorted(unknown))}")
    if any(len(values) > 1 for values in parsed.values()):
        raise BadRequest("each parameter may be given once")
    return {name: values[0] for name, values in parsed.items()}


def _int(text: str, name: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise BadRequest(f"{name} must be a non-negative integer")
    return int(text)


def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise BadRequest("body is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object")
    return body


def _list(repo: NoteRepository, query: str) -> Response:
    """GET /notes: the live notes, or with `q` and/or `tag` the live notes that match."""
    params = _params(query, {"offset", "limit", "q", "tag"})
    limit = _int(params.get("limit", "50"), "limit")
    if "q" in params or "tag" in params:
        if "offset" in params:
            raise BadRequest("offset cannot be combined with q or tag")
        notes = repo.search(params.get("q"), params.get("tag"), limit)
    else:
        notes = repo.list_notes(_int(params.get("offset", "0"), "offset"), limit)
    return Response(200, [asdict(note) for note in notes])


def handle(repo: NoteRepository, request: Request) -> Response:
    parts = [part for part in request.path.split("/") if part]
    try:
        if parts == ["notes"] and request.method == "GET":
            return _list(repo, request.query)
        if parts == ["notes"] and request.method == "POST":
            body = _json_body(request)
            note = repo.create(body.get("title"), body.get("body", ""), body.get("tags", []))
            return Response(201, asdict(note))
        if parts == ["trash"] and request.method == "GET":
            limit = _int(_params(request.query, {"limit"}).get("limit", "50"), "limit")
            return Response(200, [asdict(note) for note in repo.trash(limit)])
        if len(parts) == 3 and parts[0] == "notes" and parts[2] == "restore":
            if request.method != "POST":
                return Response(405, {"error": "method not allowed"})
            return Response(200, asdict(repo.restore(_int(parts[1], "note id"))))
        if len(parts) == 2 and parts[0] == "notes":
            note_id = _int(parts[1], "note id")
            if request.method == "GET":
                return Response(200, asdict(repo.get(note_id)))
            if request.method == "PATCH":
                body = _json_body(request)
                fields = {name: body[name] for name in ("title", "body", "tags") if name in body}
                return Response(200, asdict(repo.update(note_id, **fields)))
            if request.method == "DELETE":
                repo.delete(note_id)
                return Response(204)
            return Response(405, {"error": "method not allowed"})
        return Response(404, {"error": "not found"})
    except NotFound:
        return Response(404, {"error": "no such note"})
    except (BadRequest, ValueError) as exc:
        return Response(400, {"error": str(exc)})
