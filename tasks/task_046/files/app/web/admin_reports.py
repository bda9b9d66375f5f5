"""The report builder's API: GET and POST /admin/reports, and GET /admin/reports/<id>/rows to run one.

Reports are for analysts and admins. A report is seen by its owner, by everyone once it is shared, and
by admins. `?sort=` orders the rows (see app.reports.query).
"""

import sqlite3

from app.auth import Principal
from app.reports import store
from app.reports.query import ReportError, parse_definition, run_report
from app.web.http import HttpError, Request, Response, require_principal

MAX_NAME = 120


def _reports_user(request: Request) -> Principal:
    principal = require_principal(request)
    if principal.role not in ("analyst", "admin"):
        raise HttpError(403, "reports are for analysts and admins")
    return principal


def _can_read(principal: Principal, report: store.SavedReport) -> bool:
    return report.owner_id == principal.user_id or report.shared or principal.is_admin


def _readable_report(db: sqlite3.Connection, principal: Principal, report_id: str) -> store.SavedReport:
    # 404 rather than 403 for someone else's report: ids are sequential, and a 403 would confirm one exists.
    report = store.get(db, int(report_id))
    if report is None or not _can_read(principal, report):
        raise HttpError(404, "no such report")
    return report


def list_reports(request: Request, db: sqlite3.Connection) -> Response:
    principal = _reports_user(request)
    reports = [report for report in store.list_for_tenant(db, principal.tenant_id) if _can_read(principal, report)]
    return Response(200, {"reports": [report.summary() for report in reports]})


def create_report(request: Request, db: sqlite3.Connection) -> Response:
    principal = _reports_user(request)
    data = request.json()
    name, shared = data.get("name"), data.get("shared", False)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise HttpError(400, f"name must be a non-empty string of at most {MAX_NAME} characters")
    if not isinstance(shared, bool):
        raise HttpError(400, "shared must be true or false")
    try:
        definition = parse_definition(data.get("definition"))
    except ReportError as exc:
        raise HttpError(400, str(exc)) from None
    report = store.create(db, principal.tenant_id, principal.user_id, name.strip(), definition, shared)
    return Response(201, report.summary())


def report_rows(request: Request, db: sqlite3.Connection, report_id: str) -> Response:
    principal = _reports_user(request)
    report = _readable_report(db, principal, report_id)
    try:
        rows = run_report(db, report.tenant_id, report.definition, sort=request.query.get("sort"))
    except ReportError as exc:
        raise HttpError(400, str(exc)) from None
    return Response(200, {"report": report.summary(), "rows": rows})
