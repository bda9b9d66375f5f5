"""The WSGI entry point: `application = make_app(Settings.from_env())`."""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import quote

from app.settings import Settings
from app.web import sessions
from app.web.http import Request
from app.web.routes import dispatch
from app.web.services import build_services


def raw_path(environ: dict) -> str:
    """The request path as sent, still percent-encoded.

    PATH_INFO is already decoded, which loses the difference between "/" and "%2F", so the raw
    request line is used where the server provides it (gunicorn: RAW_URI, others: REQUEST_URI).
    """
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return raw.split("?", 1)[0]
    # PEP 3333: PATH_INFO holds the decoded bytes as latin-1 characters.
    return quote(environ.get("PATH_INFO", "").encode("latin-1")) or "/"


def make_app(settings: Settings):
    services = build_services(settings)

    def application(environ, start_response):
        request = Request(
            method=environ["REQUEST_METHOD"],
            path=raw_path(environ),
            query_string=environ.get("QUERY_STRING", ""),
            principal=sessions.principal_for(environ, services.db),
        )
        response = dispatch(request, services)
        status = f"{response.status} {HTTPStatus(response.status).phrase}"
        start_response(status, list(response.headers.items()))
        if isinstance(response.body, bytes):
            return [response.body]
        return response.body  # the server calls its close(), if it has one, when it is done

    return application
