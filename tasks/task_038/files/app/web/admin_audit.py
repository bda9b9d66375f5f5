"""GET /admin/audit: search the tenant's audit log from the admin console."""

import dataclasses
import sqlite3
from urllib.parse import parse_qs, urlencode

from app.audit.search import SearchError, parse_filters, search_events
from app.web.http import Request, Response, error_response, json_response

# parse_qs refuses query strings with more fields than this (a search needs far fewer).
MAX_FIELDS = 100


def search_audit_log(request: Request, db: sqlite3.Connection) -> Response:
    """{"events": [...], "next": url or null}: the caller's tenant's events matching the query string
    (see app.audit.search). `next` repeats the search one page further back."""
    principal = request.principal
    if principal is None:
        return error_response(401, "sign in first")
    if "audit.read" not in principal.permissions:
        return error_response(403, "you cannot read the audit log")
    try:
        params = parse_qs(request.query_string, max_num_fields=MAX_FIELDS)
    except ValueError:
        return error_response(400, "too many query parameters")
    try:
        filters = parse_filters(params)
    except SearchError as exc:
        return error_response(400, str(exc))
    events, next_before = search_events(db, principal.tenant_id, filters)
    next_url = None
    if next_before is not None:
        params["before"] = [str(next_before)]
        next_url = "/admin/audit?" + urlencode(params, doseq=True)
    return json_response(200, {"events": [dataclasses.asdict(event) for event in events], "next": next_url})
