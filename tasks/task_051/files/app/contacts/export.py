"""Job "contacts.export": the owner's contacts as a CSV file, downloaded from the jobs page."""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3

from app.contacts.model import to_csv_cell
from app.jobs import JobError
from app.jobs.store import Job

COLUMNS = ("email", "name", "phone", "company")
MAX_EXPORT_ROWS = 100_000


class ExportTooLarge(JobError):
    pass


def export_dir(ctx) -> str:
    return os.path.join(ctx.data_dir, "exports")


def write_csv(conn: sqlite3.Connection, owner_id: int, path: str) -> int:
    """Write the owner's contacts to a new CSV file at `path`; the number of rows written."""
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as out, contextlib.closing(
        conn.execute(
            "SELECT email, name, phone, company FROM contacts WHERE owner_id = ? ORDER BY email", (owner_id,)
        )
    ) as rows:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([to_csv_cell(value) for value in row])
            written += 1
    return written


def run(ctx, job: Job) -> dict:
    """Export to <data_dir>/exports/contacts-<owner>-<job>.csv. The file is written under a
    temporary name and renamed when complete, so the download link never serves half a file."""
    os.makedirs(export_dir(ctx), exist_ok=True)
    final_path = os.path.join(export_dir(ctx), f"contacts-{job.owner_id}-{job.id}.csv")
    temp_path = final_path + ".part"

    conn = ctx.pool.acquire()
    (total,) = conn.execute("SELECT COUNT(*) FROM contacts WHERE owner_id = ?", (job.owner_id,)).fetchone()
    if total > MAX_EXPORT_ROWS:
        raise ExportTooLarge(f"You have {total} contacts; an export can hold at most {MAX_EXPORT_ROWS}.")
    try:
        written = write_csv(conn, job.owner_id, temp_path)
        os.replace(temp_path, final_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp_path)
        raise
    finally:
        ctx.pool.release(conn)
    return {"file": os.path.basename(final_path), "rows": written}
