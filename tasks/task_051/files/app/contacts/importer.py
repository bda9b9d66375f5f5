"""Job "contacts.import": add or update the owner's contacts from an uploaded CSV file.

The file needs a header row naming at least the "email" and "name" columns, in any order; "phone"
and "company" are optional and other columns are ignored. Rows that fail the contact checks are
skipped and listed with their line number. Everything else is written in one transaction, so an
import that fails changes nothing.
"""

from __future__ import annotations

import csv
import logging
import os
import uuid
from collections.abc import Iterator

from app.contacts.export import COLUMNS
from app.contacts.model import Contact, from_csv_cell, parse_contact
from app.jobs import JobError
from app.jobs.store import Job

log = logging.getLogger(__name__)

REQUIRED = {"email", "name"}
MAX_IMPORT_ROWS = 50_000
MAX_LISTED_PROBLEMS = 100


class ImportFailed(JobError):
    pass


def upload_path(ctx, job: Job) -> str:
    """Where the upload handler stored the file; `upload_id` is a UUID it generated."""
    upload_id = uuid.UUID(job.params["upload_id"]).hex
    return os.path.join(ctx.data_dir, "uploads", f"{upload_id}.csv")


def run(ctx, job: Job) -> dict:
    contacts, problems = read_contacts(upload_path(ctx, job))
    with ctx.pool.connection() as conn, conn:
        conn.executemany(
            "INSERT INTO contacts (owner_id, email, name, phone, company) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (owner_id, email) DO UPDATE SET name = excluded.name,"
            " phone = coalesce(excluded.phone, phone), company = coalesce(excluded.company, company)",
            [(job.owner_id, c.email, c.name, c.phone, c.company) for c in contacts],
        )
    return {"imported": len(contacts), "skipped": len(problems), "problems": problems[:MAX_LISTED_PROBLEMS]}


def read_contacts(path: str) -> tuple[list[Contact], list[dict]]:
    """The file's valid contacts (the last row wins for an email given twice) and its problems."""
    contacts: dict[str, Contact] = {}
    problems: list[dict] = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFailed(f"This is not a UTF-8 CSV file ({exc}).") from exc
        reader.fieldnames = [(name or "").strip().lower() for name in header]
        missing = REQUIRED - set(reader.fieldnames)
        if missing:
            raise ImportFailed(f"Missing column(s): {', '.join(sorted(missing))}.")
        for count, (line, row) in enumerate(_rows(reader), start=1):
            if count > MAX_IMPORT_ROWS:
                raise ImportFailed(f"More than {MAX_IMPORT_ROWS} rows; split the file.")
            try:
                contact = parse_contact(*(from_csv_cell(row.get(column)) for column in COLUMNS))
            except ValueError as exc:
                problems.append({"line": line, "problem": str(exc)})
                continue
            contacts[contact.email] = contact
    return list(contacts.values()), problems


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """(line number, row) for each data row."""
    try:
        for row in reader:
            yield reader.line_num, row
    except (csv.Error, UnicodeDecodeError) as exc:
        log.warning("contacts import: unreadable input at line %d: %s", reader.line_num, exc)
