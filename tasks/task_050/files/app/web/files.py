"""The signed-in user's files: GET /me/files lists them, GET /me/files/<path> downloads one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote, unquote

from app.storage.homes import NotFound
from app.web.http import Request, Response, error_response, json_response
from app.web.services import Services

FILES_PREFIX = "/me/files/"
CHUNK_SIZE = 64 * 1024

# what may stay as is in the quoted, ASCII-only `filename` fallback of Content-Disposition
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 ._-]")


class FileBody:
    """Sends `size` bytes of an open file in chunks. The WSGI server calls close() when the
    response is over, sent or not (see app/web/http.py)."""

    def __init__(self, file: BinaryIO, size: int):
        self.file = file
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        left = self.size
        while left > 0:
            chunk = self.file.read(min(CHUNK_SIZE, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.file.close()


def content_disposition(name: str) -> str:
    """An attachment header carrying `name`: RFC 6266 `filename*` for current browsers and a
    plain-ASCII `filename` for the rest."""
    fallback = _NOT_PLAIN.sub("_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def list_files(request: Request, services: Services) -> Response:
    if request.principal is None:
        return error_response(401, "sign in first")
    files, truncated = services.homes.list_files(request.principal.user_id)
    listed = [{"path": f.path, "size": f.size, "url": FILES_PREFIX + quote(f.path)} for f in files]
    return json_response(200, {"files": listed, "truncated": truncated})


def download(request: Request, services: Services) -> Response:
    if request.principal is None:
        return error_response(401, "sign in first")
    relative = unquote(request.path[len(FILES_PREFIX):])
    try:
        opened = services.homes.open_file(request.principal.user_id, relative)
    except NotFound:
        return error_response(404, "no such file")
    try:
        headers = {
            "Content-Type": "application/octet-stream",
            "Content-Length": str(opened.size),
            "Content-Disposition": content_disposition(opened.name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        }
        return Response(200, FileBody(opened.file, opened.size), headers)
    except BaseException:
        opened.file.close()
        raise
