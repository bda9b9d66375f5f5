"""HTTP handlers for /account/exports."""

from __future__ import annotations

import mimetypes
from datetime import datetime, timezone

from app.http import Request, Response, file_response, json_response
from app.storage import ExportStorage


def handle_request_export(request: Request, storage: ExportStorage, enqueue) -> Response:
    """POST /account/exports: queue a new export of the signed-in user's data."""
    if request.user_id is None:
        return json_response(401, {"error": "sign in first"})
    kind = request.query.get("kind", "transactions")
    if kind not in ("transactions", "statements", "profile"):
        return json_response(400, {"error": "unknown export kind"})
    enqueue(request.user_id, kind)
    return json_response(202, {"status": "queued"})


def handle_list_exports(request: Request, storage: ExportStorage) -> Response:
    """GET /account/exports: the signed-in user's exports that are ready to download."""
    if request.user_id is None:
        return json_response(401, {"error": "sign in first"})
    exports = [
        {
            "file": item.name,
            "size": item.size,
            "created": datetime.fromtimestamp(item.modified, timezone.utc).isoformat(),
        }
        for item in storage.list_exports(request.user_id)
    ]
    return json_response(200, {"exports": exports})


def handle_download_export(request: Request, storage: ExportStorage) -> Response:
    """GET /account/exports/download?file=2025/transactions-03.csv"""
    if request.user_id is None:
        return json_response(401, {"error": "sign in first"})
    relative = request.query.get("file", "")
    if not relative:
        return json_response(400, {"error": "file is required"})
    path = storage.find_export(request.user_id, relative)
    if path is None:
        return json_response(404, {"error": "no such export"})
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return file_response(path, path.name, content_type)
