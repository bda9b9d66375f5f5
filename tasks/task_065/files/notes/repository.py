"""Notes stored in a TinyDB table, one document per note."""

import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from tinydb import Query, TinyDB
from tinydb.operations import delete

from notes import clock

MAX_TITLE = 200
MAX_BODY = 100_000
MAX_TAGS = 20
MAX_LIMIT = 200
MAX_SEARCH = 100
TRASH_RETENTION = timedelta(days=30)

N = Query()
# A note in the trash carries deleted_at; restoring it removes the field again. Notes written before
# the trash existed have no deleted_at either, and are live.
LIVE = ~N.deleted_at.exists()
TRASHED = N.deleted_at.exists()


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    body: str
    tags: tuple[str, ...]
    created_at: str
    updated_at: str
    deleted_at: str | None = None


class NotFound(LookupError):
    pass


def _to_note(doc) -> Note:
    return Note(
        doc.doc_id,
        doc["title"],
        doc["body"],
        tuple(doc["tags"]),
        doc["created_at"],
        doc["updated_at"],
        doc.get("deleted_at"),
    )


def _newest_first(docs: list, field: str = "updated_at") -> list[Note]:
    docs.sort(key=lambda doc: (doc[field], doc.doc_id), reverse=True)
    return [_to_note(doc) for doc in docs]


def _check(title: str, body: str, tags) -> None:
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise ValueError(f"title must be 1 to {MAX_TITLE} characters")
    if not isinstance(body, str) or len(body) > MAX_BODY:
        raise ValueError(f"body must be text of at most {MAX_BODY} characters")
    if not isinstance(tags, (list, tuple)) or len(tags) > MAX_TAGS:
        raise ValueError(f"tags must be a list of at most {MAX_TAGS} tags")
    if not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise ValueError("tags must be non-empty strings")


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIMIT}")


class NoteRepository:
    """The notes table. TinyDB is not thread-safe, so every method holds the repository's lock."""

    def __init__(self, db: TinyDB):
        self._table = db.table("notes")
        self._lock = threading.RLock()

    def create(self, title: str, body: str = "", tags=()) -> Note:
        _check(title, body, tags)
        stamp = clock.to_text(clock.now())
        doc = {"title": title, "body": body, "tags": list(tags), "created_at": stamp, "updated_at": stamp}
        with self._lock:
            note_id = self._table.insert(doc)
        return Note(note_id, title, body, tuple(tags), stamp, stamp)

    def _live_doc(self, note_id: int):
        doc = self._table.get(doc_id=note_id)
        if doc is None or not LIVE(doc):
            raise NotFound(note_id)
        return doc

    def get(self, note_id: int) -> Note:
        with self._lock:
            return _to_note(self._live_doc(note_id))

    def update(self, note_id: int, *, title: str | None = None, body: str | None = None, tags=None) -> Note:
        with self._lock:
            current = self.get(note_id)
            title = current.title if title is None else title
            body = current.body if body is None else body
            tags = current.tags if tags is None else tags
            _check(title, body, tags)
            stamp = clock.to_text(clock.now())
            self._table.update(
                {"title": title, "body": body, "tags": list(tags), "updated_at": stamp}, doc_ids=[note_id]
            )
        return Note(note_id, title, body, tuple(tags), current.created_at, stamp)

    def delete(self, note_id: int) -> None:
        """Move the note to the trash; purge_trash deletes it for good once TRASH_RETENTION has passed."""
        with self._lock:
            self._live_doc(note_id)
            self._table.update({"deleted_at": clock.to_text(clock.now())}, doc_ids=[note_id])

    def restore(self, note_id: int) -> Note:
        with self._lock:
            doc = self._table.get(doc_id=note_id)
            if doc is None or not TRASHED(doc):
                raise NotFound(note_id)
            self._table.update(delete("deleted_at"), doc_ids=[note_id])
            return _to_note(self._table.get(doc_id=note_id))

    def trash(self, limit: int = 50) -> list[Note]:
        """Notes in the trash, most recently deleted first."""
        _check_limit(limit)
        with self._lock:
            docs = self._table.search(TRASHED)
        return _newest_first(docs, "deleted_at")[:limit]

    def purge_trash(self, now: datetime | None = None) -> int:
        """Delete for good the notes trashed more than TRASH_RETENTION ago (the service's nightly task)."""
        cutoff = clock.to_text((now or clock.now()) - TRASH_RETENTION)
        with self._lock:
            return len(self._table.remove(N.deleted_at < cutoff))

    def list_notes(self, offset: int = 0, limit: int = 50) -> list[Note]:
        """Live notes, most recently updated first."""
        _check_limit(limit)
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValueError("offset must be a non-negative integer")
        with self._lock:
            docs = self._table.search(LIVE)
        return _newest_first(docs)[offset : offset + limit]

    def search(self, text: str | None = None, tag: str | None = None, limit: int = 50) -> list[Note]:
        """Live notes whose title or body contains `text`, ignoring case, and that carry `tag`."""
        _check_limit(limit)
        cond = LIVE
        if text is not None:
            if not isinstance(text, str) or not 1 <= len(text.strip()) <= MAX_SEARCH:
                raise ValueError(f"search text must be 1 to {MAX_SEARCH} characters")
            pattern = re.escape(text.strip())
            cond &= N.title.search(pattern, flags=re.IGNORECASE) | N.body.search(pattern, flags=re.IGNORECASE)
        if tag is not None:
            cond &= N.tags.any([tag])
        with self._lock:
            docs = self._table.search(cond)
        return _newest_first(docs)[:limit]
