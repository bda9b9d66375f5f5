"""The tenant-facing HTTP API for job specs (mounted under /api by the web server).

The web server authenticates each request and hands over its Principal; everything here is
scoped to the principal's tenant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from taskq.codec import CodecError
from taskq.specs import SpecError, export_specs, import_specs, spec_from_json, spec_to_json
from taskq.store import SpecStore

MAX_BODY = 64 * 1024
MAX_IMPORT_BODY = 1024 * 1024  # a whole workspace's export
_JOB = re.compile(r"^/jobs/([a-z0-9][a-z0-9_-]{0,63})$")


@dataclass(frozen=True)
class Principal:
    user_id: str
    tenant: str
    scopes: frozenset[str]


@dataclass
class Request:
    method: str
    path: str
    principal: Principal | None
    body: bytes = b""
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, value: Any) -> Response:
        return cls(status, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def json_body(self) -> Any:
        return json.loads(self.body)


def _error(status: int, message: str) -> Response:
    return Response.json(status, {"error": message})


def dispatch(request: Request, store: SpecStore) -> Response:
    principal = request.principal
    if principal is None:
        return _error(401, "authentication required")
    if len(request.body) > (MAX_IMPORT_BODY if request.path == "/job-import" else MAX_BODY):
        return _error(413, "request body too large")
    scope = "jobs:read" if request.method == "GET" else "jobs:write"
    if scope not in principal.scopes:
        return _error(403, f"missing scope {scope}")

    if request.path == "/job-export" and request.method == "GET":
        return _export(principal, request, store)
    if request.path == "/job-import" and request.method == "POST":
        return _import(principal, request, store)
    if request.path == "/jobs":
        if request.method == "GET":
            return Response.json(200, [spec_to_json(spec) for spec in store.list(principal.tenant)])
        if request.method == "POST":
            return _create(principal, request, store)
        return _error(405, "method not allowed")
    match = _JOB.match(request.path)
    if match is None:
        return _error(404, "not found")
    name = match.group(1)
    if request.method == "GET":
        spec = store.get(principal.tenant, name)
        return Response.json(200, spec_to_json(spec)) if spec else _error(404, f"no job {name}")
    if request.method == "DELETE":
        return Response(204) if store.delete(principal.tenant, name) else _error(404, f"no job {name}")
    return _error(405, "method not allowed")


def _create(principal: Principal, request: Request, store: SpecStore) -> Response:
    try:
        spec = spec_from_json(principal.tenant, json.loads(request.body))
    except json.JSONDecodeError:
        return _error(400, "the body is not JSON")
    except SpecError as exc:
        return _error(400, str(exc))
    if not store.create(spec):
        return _error(409, f"job {spec.name} already exists")
    return Response.json(201, spec_to_json(spec))


def _export(principal: Principal, request: Request, store: SpecStore) -> Response:
    """GET /job-export[?name=...]: one job, or every job of the workspace, as an export file."""
    name = request.query.get("name")
    if name is None:
        specs = store.list(principal.tenant)
    else:
        spec = store.get(principal.tenant, name)
        if spec is None:
            return _error(404, f"no job {name}")
        specs = [spec]
    try:
        blob = export_specs(specs)
    except SpecError as exc:
        return _error(400, str(exc))
    filename = f"{name or principal.tenant}.taskq-jobs"
    return Response(
        200,
        blob,
        {"Content-Type": "application/octet-stream", "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _import(principal: Principal, request: Request, store: SpecStore) -> Response:
    """POST /job-import[?overwrite=1]: create the jobs of an export file in this workspace."""
    try:
        specs = import_specs(principal.tenant, request.body)
    except (SpecError, CodecError) as exc:
        return _error(400, f"cannot import this file: {exc}")
    overwrite = request.query.get("overwrite") == "1"
    if not store.create_all(specs, overwrite=overwrite):
        taken = sorted(store.names(principal.tenant) & {spec.name for spec in specs})
        return _error(409, f"jobs already exist: {', '.join(taken)}; import with overwrite=1 to replace them")
    return Response.json(200 if overwrite else 201, {"imported": [spec.name for spec in specs]})
