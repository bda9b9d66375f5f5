"""Nightly roster sync: bring students and their enrolments in line with the SIS export.

The export has one row per enrolment of the term being synced, so a student in five sections
appears on five rows. Students who are missing from the export are deactivated rather than
deleted: their enrolments and grades stay, and they are reactivated if they come back.
"""

import csv
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TextIO

from lms import roster

REQUIRED_COLUMNS = ("sis_id", "email", "name", "term", "section")

# A run that would deactivate more than this share of the active students is refused: it is far
# more likely to be a truncated export than a real change.
MAX_DEACTIVATE_SHARE = 0.2


class ExportFormatError(ValueError):
    """The SIS export is not in the format we expect; nothing was changed."""


class SyncAborted(RuntimeError):
    """The sync was refused before it changed anything."""


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    enrolled: int = 0
    dropped: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportRow:
    sis_id: str
    email: str
    name: str
    term: str
    section: str


def read_export(stream: TextIO) -> tuple[list[ExportRow], list[str]]:
    """Parse the SIS export; returns the usable rows and a note for each row that was left out."""
    reader = csv.DictReader(stream)
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise ExportFormatError(f"missing columns: {', '.join(missing)}")
    rows, problems = [], []
    for line_no, record in enumerate(reader, start=2):
        sis_id = (record["sis_id"] or "").strip()
        email = (record["email"] or "").strip().lower()
        name = " ".join((record["name"] or "").split())
        term = (record["term"] or "").strip()
        section = (record["section"] or "").strip().upper()
        if not sis_id or "@" not in email or not name or not term or not section:
            problems.append(f"line {line_no}: incomplete row")
            continue
        rows.append(ExportRow(sis_id, email, name, term, section))
    return rows, problems


def sync_roster(
    conn: sqlite3.Connection,
    rows: list[ExportRow],
    term: str,
    *,
    max_deactivate_share: float = MAX_DEACTIVATE_SHARE,
    now: datetime | None = None,
) -> SyncReport:
    """Apply the export to `term`: create and update students, enrol them in the sections the
    export lists and drop them from the others, and deactivate students the export no longer has.

    Everything happens in one transaction; a run that would deactivate too many students raises
    SyncAborted before anything is written.
    """
    report = SyncReport()
    sections = roster.section_ids(conn, term)
    people: dict[str, ExportRow] = {}
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.term != term:
            report.skipped.append(f"{row.sis_id}: row for another term ({row.term})")
            continue
        people[row.sis_id] = row
        if row.section in sections:
            wanted[row.sis_id].add(row.section)
        else:
            report.skipped.append(f"{row.sis_id}: unknown section {row.section}")

    students = roster.load_students(conn)
    active = [student for student in students.values() if student.active]
    leaving = [student.id for student in active if student.sis_id not in people]
    if len(leaving) > max_deactivate_share * len(active):
        raise SyncAborted(
            f"the export would deactivate {len(leaving)} of {len(active)} active students; "
            "check the export, or run with a higher --max-deactivate"
        )

    adds: list[tuple[int, int]] = []
    drops: list[tuple[int, int]] = []
    with conn:
        for sis_id, row in people.items():
            student_id, current = _upsert_student(conn, students.get(sis_id), row, term, report)
            adds += [(sections[code], student_id) for code in sorted(wanted[sis_id] - current)]
            drops += [(sections[code], student_id) for code in sorted(current - wanted[sis_id])]
        roster.enrol(conn, adds, at=(now or datetime.now(timezone.utc)).isoformat(timespec="seconds"))
        roster.unenrol(conn, drops)
        report.deactivated = roster.deactivate(conn, leaving)
    report.enrolled, report.dropped = len(adds), len(drops)
    return report


def _upsert_student(
    conn: sqlite3.Connection, student: roster.Student | None, row: ExportRow, term: str, report: SyncReport
) -> tuple[int, set[str]]:
    """Create or update the student; return their id and the codes of the term's sections they are in."""
    if student is None:
        report.created += 1
        return roster.add_student(conn, row.sis_id, row.email, row.name), set()
    if (student.email, student.name, student.active) != (row.email, row.name, True):
        roster.update_student(conn, student.id, row.email, row.name, active=True)
        report.updated += 1
    return student.id, student.section_codes(term)
