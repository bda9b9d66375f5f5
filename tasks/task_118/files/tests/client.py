"""A tiny WSGI test client for the app (no third-party test tools on the build agents)."""

from __future__ import annotations

import io
import json
import secrets
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults


class Client:
    def __init__(self, app, session: str | None):
        self.app = app
        self.session = session

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "", headers=None):
        environ = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD=method,
            PATH_INFO=path,
            CONTENT_LENGTH=str(len(body)),
            CONTENT_TYPE=content_type,
        )
        environ["wsgi.input"] = io.BytesIO(body)
        if self.session:
            environ["HTTP_COOKIE"] = f"desk_session={self.session}"
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"] = int(status.split()[0])
            captured["headers"] = dict(response_headers)

        chunks = self.app(environ, start_response)
        try:
            data = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if captured["headers"].get("Content-Type", "").startswith("application/json"):
            data = json.loads(data)
        return captured["status"], captured["headers"], data

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict):
        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_file(self, path: str, field: str, filename: str, data: bytes, content_type: str = "application/octet-stream"):
        boundary = "----desk" + secrets.token_hex(8)
        body = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
