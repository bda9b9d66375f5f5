"""Timesheet endpoints of the team admin area."""

import datetime as dt
import re

from ..timesheets.export import ENCODINGS, ExportEncodingError, to_csv
from .http import Response, error

MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(value):
    match = MONTH.fullmatch(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def export_timesheets(request, repo):
    """GET /admin/timesheets/export?month=YYYY-MM[&encoding=excel|utf-8|windows-1252]

    `excel` (the default) opens correctly in Excel; payroll uploads need
    `windows-1252`. A month with text that the encoding cannot hold is refused
    with a 422 naming the cell, rather than exported with characters replaced.
    """
    month = parse_month(request.query.get("month"))
    if month is None:
        return error(400, "month must be YYYY-MM")
    encoding = request.query.get("encoding", "excel")
    if encoding not in ENCODINGS:
        return error(400, "encoding must be one of: " + ", ".join(ENCODINGS))
    entries = repo.entries_for_month(request.team_id, month)
    try:
        body = to_csv(entries, encoding)
    except ExportEncodingError as exc:
        return error(422, f"{exc}; choose another encoding or fix the entry")
    _codec, charset = ENCODINGS[encoding]
    return Response(
        200,
        body,
        {
            "Content-Type": f"text/csv; charset={charset}",
            "Content-Disposition": f'attachment; filename="timesheets-{month:%Y-%m}.csv"',
        },
    )
