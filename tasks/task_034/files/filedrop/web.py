"""The WSGI app behind https://files.<domain>/.

    GET    /files[?folder=<folder>]   list the tenant's files, or those in one folder
    PUT    /files/<key>               upload (the request body is the file; Content-Length required)
    GET    /files/<key>               download
    DELETE /files/<key>               delete

It runs behind the API gateway, which authenticates the caller and puts their tenant id in
environ["filedrop.tenant"].
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote
from wsgiref.util import FileWrapper

from filedrop import names
from filedrop.names import InvalidName
from filedrop.store import CHUNK_SIZE, Conflict, IncompleteUpload, NotFound, Store, TooLarge

PREFIX = "/files"


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _content_length(environ) -> int | None:
    value = environ.get("CONTENT_LENGTH", "")
    return int(value) if value.isascii() and value.isdigit() else None


def content_disposition(name: str) -> str:
    """Download under the original name: RFC 6266 filename*, plus an ASCII filename for old clients."""
    return f"attachment; filename=\"{names.ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def _download(store: Store, tenant: str, key: str, environ, start_response):
    src, size = store.open_file(tenant, key)
    try:
        start_response("200 OK", [
            ("Content-Type", "application/octet-stream"),
            ("Content-Length", str(size)),
            ("Content-Disposition", content_disposition(key.rsplit("/", 1)[-1])),
        ])
        return environ.get("wsgi.file_wrapper", FileWrapper)(src, CHUNK_SIZE)
    except BaseException:
        src.close()
        raise


def make_app(store: Store):
    def app(environ, start_response):
        tenant = environ.get("filedrop.tenant")
        if not tenant:
            return _json(start_response, "401 Unauthorized", {"error": "no tenant"})
        method = environ["REQUEST_METHOD"]
        try:
            # PEP 3333 hands over the decoded path as latin-1; clients send UTF-8.
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return _json(start_response, "400 Bad Request", {"error": "path is not UTF-8"})
        try:
            if path == PREFIX and method == "GET":
                folder = parse_qs(environ.get("QUERY_STRING", "")).get("folder", [""])[0]
                files, truncated = store.list_files(tenant, folder)
                listed = [{"key": f.key, "size": f.size} for f in files]
                return _json(start_response, "200 OK", {"files": listed, "truncated": truncated})
            if not path.startswith(PREFIX + "/"):
                return _json(start_response, "404 Not Found", {"error": "no such route"})
            key = path[len(PREFIX) + 1 :]
            if method == "PUT":
                length = _content_length(environ)
                if length is None:
                    return _json(start_response, "411 Length Required", {"error": "Content-Length required"})
                stored = store.save(tenant, key, environ["wsgi.input"], length)
                return _json(start_response, "201 Created", {"key": stored.key, "size": stored.size})
            if method == "GET":
                return _download(store, tenant, key, environ, start_response)
            if method == "DELETE":
                store.delete(tenant, key)
                start_response("204 No Content", [])
                return []
            return _json(start_response, "405 Method Not Allowed", {"error": f"{method} not allowed"})
        except (InvalidName, IncompleteUpload) as exc:
            return _json(start_response, "400 Bad Request", {"error": str(exc)})
        except NotFound:
            return _json(start_response, "404 Not Found", {"error": "no such file"})
        except Conflict as exc:
            return _json(start_response, "409 Conflict", {"error": str(exc)})
        except TooLarge:
            return _json(start_response, "413 Content Too Large", {"error": "file too large"})

    return app
