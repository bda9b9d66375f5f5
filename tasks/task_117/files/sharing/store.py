"""Documents, kept in memory for now (the service is a single process)."""

import threading
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Document:
    id: int
    owner: str
    title: str
    body: str
    # Bumped by "stop sharing": every share link carries the version it was made for.
    share_version: int = 1


class DocumentStore:
    def __init__(self):
        self._docs = {}
        self._next_id = 1
        self._lock = threading.Lock()

    def create(self, owner, title, body=""):
        with self._lock:
            doc = Document(self._next_id, owner, title, body)
            self._docs[doc.id] = doc
            self._next_id += 1
            return doc

    def get(self, doc_id):
        return self._docs.get(doc_id)

    def update_body(self, doc_id, body):
        with self._lock:
            self._docs[doc_id] = replace(self._docs[doc_id], body=body)

    def stop_sharing(self, doc_id):
        with self._lock:
            doc = self._docs[doc_id]
            self._docs[doc_id] = replace(doc, share_version=doc.share_version + 1)
