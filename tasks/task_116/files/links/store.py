"""Short links, stored in SQLite; one connection shared by the request threads."""

import sqlite3
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    code: str
    target: str
    owner: str
    disabled: bool


class LinkStore:
    def __init__(self, path=":memory:"):
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5)
        self._lock = threading.Lock()
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS links ("
            " code TEXT PRIMARY KEY, target TEXT NOT NULL, owner TEXT NOT NULL,"
            " disabled INTEGER NOT NULL DEFAULT 0)"
        )

    def close(self):
        self._db.close()

    def get_link(self, code):
        with self._lock:
            row = self._db.execute(
                "SELECT code, target, owner, disabled FROM links WHERE code = ?", (code,)
            ).fetchone()
        if row is None:
            return None
        return Link(row[0], row[1], row[2], bool(row[3]))

    def create(self, code, target, owner):
        """Add a link; False if the code is taken."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO links (code, target, owner) VALUES (?, ?, ?)", (code, target, owner)
                )
            except sqlite3.IntegrityError:
                return False
        return True

    def set_target(self, code, target):
        with self._lock:
            cur = self._db.execute("UPDATE links SET target = ? WHERE code = ?", (target, code))
        return cur.rowcount == 1

    def set_disabled(self, code, disabled):
        with self._lock:
            cur = self._db.execute(
                "UPDATE links SET disabled = ? WHERE code = ?", (int(disabled), code)
            )
        return cur.rowcount == 1
