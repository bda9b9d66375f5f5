"""Students, sections and enrolments: the queries the rest of the app uses."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


@dataclass
class Student:
    id: int
    sis_id: str
    email: str
    name: str
    active: bool
    conn: sqlite3.Connection = field(repr=False, compare=False)

    def section_codes(self, term: str) -> set[str]:
        """Codes of the sections of `term` the student is enrolled in (the student's timetable page)."""
        rows = self.conn.execute(
            "SELECT s.code FROM enrolments e JOIN sections s ON s.id = e.section_id"
            " WHERE e.student_id = ? AND s.term = ?",
            (self.id, term),
        )
        return {code for (code,) in rows}


_STUDENT_COLUMNS = "id, sis_id, email, name, active"


def _student(conn: sqlite3.Connection, row: tuple) -> Student:
    student_id, sis_id, email, name, active = row
    return Student(student_id, sis_id, email, name, bool(active), conn)


def get_student(conn: sqlite3.Connection, sis_id: str) -> Student | None:
    row = conn.execute(f"SELECT {_STUDENT_COLUMNS} FROM students WHERE sis_id = ?", (sis_id,)).fetchone()
    return _student(conn, row) if row else None


def load_students(conn: sqlite3.Connection) -> dict[str, Student]:
    """Every student, active or not, by SIS id, in one query."""
    rows = conn.execute(f"SELECT {_STUDENT_COLUMNS} FROM students")
    return {row[1]: _student(conn, row) for row in rows}


def section_ids(conn: sqlite3.Connection, term: str) -> dict[str, int]:
    """Section id by section code, for one term."""
    return dict(conn.execute("SELECT code, id FROM sections WHERE term = ?", (term,)).fetchall())


def term_enrolments(conn: sqlite3.Connection, term: str) -> dict[int, set[str]]:
    """Section codes by student id for a whole term, in one query (class lists, term reports)."""
    enrolled: dict[int, set[str]] = {}
    rows = conn.execute(
        "SELECT e.student_id, s.code FROM enrolments e JOIN sections s ON s.id = e.section_id WHERE s.term = ?",
        (term,),
    )
    for student_id, code in rows:
        enrolled.setdefault(student_id, set()).add(code)
    return enrolled


def add_student(conn: sqlite3.Connection, sis_id: str, email: str, name: str) -> int:
    cursor = conn.execute(
        "INSERT INTO students (sis_id, email, name, active) VALUES (?, ?, ?, 1)", (sis_id, email, name)
    )
    return cursor.lastrowid


def update_student(conn: sqlite3.Connection, student_id: int, email: str, name: str, *, active: bool) -> None:
    conn.execute(
        "UPDATE students SET email = ?, name = ?, active = ? WHERE id = ?", (email, name, int(active), student_id)
    )


def deactivate(conn: sqlite3.Connection, student_ids: list[int]) -> int:
    """Mark students inactive (their enrolments and grades are kept); returns how many were given."""
    conn.executemany("UPDATE students SET active = 0 WHERE id = ?", [(student_id,) for student_id in student_ids])
    return len(student_ids)


def enrol(conn: sqlite3.Connection, enrolments: list[tuple[int, int]], at: str) -> None:
    """Add (section id, student id) enrolments that do not exist yet, dated `at`."""
    conn.executemany(
        "INSERT INTO enrolments (section_id, student_id, enrolled_at) VALUES (?, ?, ?)",
        [(section_id, student_id, at) for section_id, student_id in enrolments],
    )


def unenrol(conn: sqlite3.Connection, enrolments: list[tuple[int, int]]) -> None:
    """Remove (section id, student id) enrolments."""
    conn.executemany("DELETE FROM enrolments WHERE section_id = ? AND student_id = ?", enrolments)
