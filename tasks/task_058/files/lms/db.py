"""The LMS database: one SQLite file shared by the web app and the nightly jobs."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY,
    sis_id TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS sections (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    UNIQUE (term, code)
);
CREATE TABLE IF NOT EXISTS enrolments (
    section_id INTEGER NOT NULL REFERENCES sections (id),
    student_id INTEGER NOT NULL REFERENCES students (id),
    enrolled_at TEXT NOT NULL,
    PRIMARY KEY (section_id, student_id)
);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn
