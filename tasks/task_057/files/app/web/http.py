"""A small WSGI layer: requests, responses and redirects."""

from http import HTTPStatus
from urllib.parse import parse_qs, quote

# Characters a redirect location keeps as they are; everything else (spaces, control characters,
# backslashes, non-ASCII) is percent-encoded, as a browser would do.
URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"
MAX_BODY = 64 * 1024


class Request:
    def __init__(self, method="GET", path="/", query=None, form=None, cookies=None):
        self.method = method
        self.path = path
        self.query = query or {}
        self.form = form or {}
        self.cookies = cookies or {}

    @classmethod
    def from_environ(cls, environ):
        form = {}
        if environ.get("REQUEST_METHOD") == "POST":
            length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
            form = _first_values(environ["wsgi.input"].read(length).decode("utf-8", "replace"))
        return cls(
            method=environ.get("REQUEST_METHOD", "GET"),
            path=environ.get("PATH_INFO") or "/",
            query=_first_values(environ.get("QUERY_STRING", "")),
            form=form,
            cookies=parse_cookies(environ.get("HTTP_COOKIE", "")),
        )


class Response:
    def __init__(self, body="", status=200, headers=None, content_type="text/html; charset=utf-8"):
        self.body = body
        self.status = status
        self.headers = list(headers or [])
        self.content_type = content_type

    def header(self, name):
        """Every value of header `name`, in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def __call__(self, environ, start_response):
        body = self.body.encode("utf-8")
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(body)))] + self.headers
        start_response(f"{self.status} {HTTPStatus(self.status).phrase}", headers)
        return [body]


def redirect(location, status=303):
    return Response("", status, [("Location", quote(location, safe=URL_SAFE))])


def parse_cookies(header):
    cookies = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            cookies.setdefault(name, value)
    return cookies


def _first_values(text):
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}
