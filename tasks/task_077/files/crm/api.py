"""HTTP handlers of the contacts service. The auth middleware has set `Request.user`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qs

from crm.store import ContactStore, NotFound


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    user: str
    query: str = ""
    body: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int
    body: Any = None


class BadRequest(ValueError):
    pass


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


def _object(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key, {})
    if not isinstance(value, dict):
        raise BadRequest(f"{key} must be a JSON object")
    return value


def _search(store: ContactStore, request: Request) -> Response:
    """POST /contacts/search {"where": {"tier": "gold"}, "limit": 50}"""
    body = _json_body(request)
    limit = body.get("limit", 50)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise BadRequest("limit must be an integer")
    contacts = store.search(request.user, _object(body, "where"), limit)
    return Response(200, [asdict(contact) for contact in contacts])


def _bulk_update(store: ContactStore, request: Request) -> Response:
    """PATCH /contacts {"where": {"tier": "gold"}, "set": {"tier": "platinum", "legacy_id": null}}"""
    body = _json_body(request)
    if "where" not in body or "set" not in body:
        raise BadRequest("where and set are required")
    updated = store.bulk_update(request.user, _object(body, "where"), _object(body, "set"))
    return Response(200, {"updated": updated})


def handle(store: ContactStore, request: Request) -> Response:
    parts = [part for part in request.path.split("/") if part]
    try:
        if parts == ["contacts"] and request.method == "GET":
            params = {name: values[-1] for name, values in parse_qs(request.query).items()}
            offset = _int(params.get("offset", "0"), "offset")
            limit = _int(params.get("limit", "50"), "limit")
            return Response(200, [asdict(c) for c in store.list_contacts(request.user, offset, limit)])
        if parts == ["contacts"] and request.method == "POST":
            return Response(201, asdict(store.create(request.user, _json_body(request))))
        if parts == ["contacts"] and request.method == "PATCH":
            return _bulk_update(store, request)
        if parts == ["contacts", "search"]:
            if request.method != "POST":
                return Response(405, {"error": "method not allowed"})
            return _search(store, request)
        if len(parts) == 2 and parts[0] == "contacts":
            contact_id = _int(parts[1], "contact id")
            if request.method == "GET":
                return Response(200, asdict(store.get(request.user, contact_id)))
            if request.method == "PATCH":
                return Response(200, asdict(store.update(request.user, contact_id, _json_body(request))))
            if request.method == "DELETE":
                store.delete(request.user, contact_id)
                return Response(204)
        return Response(404, {"error": "not found"})
    except NotFound:
        return Response(404, {"error": "not found"})
    except ValueError as exc:  # BadRequest, FieldError and the store's other validation errors
        return Response(400, {"error": str(exc)})
