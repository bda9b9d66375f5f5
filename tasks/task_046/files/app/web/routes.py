"""URL routing for the JSON API."""

import re
import sqlite3
from collections.abc import Callable

from app.web import account, admin_reports
from app.web.http import HttpError, Request, Response

Handler = Callable[..., Response]

# (method, path pattern, handler); named groups of the pattern are passed to the handler as keywords.
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("GET", re.compile(r"/health"), account.health),
    ("GET", re.compile(r"/admin/me"), account.me),
    ("GET", re.compile(r"/admin/reports"), admin_reports.list_reports),
    ("POST", re.compile(r"/admin/reports"), admin_reports.create_report),
    ("GET", re.compile(r"/admin/reports/(?P<report_id>[0-9]{1,18})/rows"), admin_reports.report_rows),
]


def dispatch(request: Request, db: sqlite3.Connection) -> Response:
    path = request.path.rstrip("/") or "/"
    other_method = False
    for method, pattern, handler in ROUTES:
        match = pattern.fullmatch(path)
        if match is None:
            continue
        if method != request.method:
            other_method = True
            continue
        try:
            return handler(request, db, **match.groupdict())
        except HttpError as exc:
            return Response(exc.status, {"error": exc.message})
    return Response(405, {"error": "method not allowed"}) if other_method else Response(404, {"error": "not found"})
