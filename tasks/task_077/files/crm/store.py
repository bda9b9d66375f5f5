"""Contacts in a TinyDB table: one document per contact, each owned by one user."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from tinydb import Query, TinyDB
from tinydb.queries import QueryInstance

from crm import fields
from crm.fields import FieldError

MAX_LIMIT = 200
MAX_FILTERS = 10

Q = Query()


@dataclass(frozen=True)
class Contact:
    id: int
    owner: str
    fields: dict[str, Any]


class NotFound(LookupError):
    pass


def _to_contact(doc) -> Contact:
    return Contact(doc.doc_id, doc["owner"], {name: value for name, value in doc.items() if name != "owner"})


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")


def _by_id(docs: list, limit: int, offset: int = 0) -> list[Contact]:
    docs.sort(key=lambda doc: doc.doc_id)
    return [_to_contact(doc) for doc in docs[offset : offset + limit]]


def _change(values: dict[str, Any], removed: list[str]):
    """The update for tinydb: removing a field the document lacks is not an error."""

    def transform(doc: dict[str, Any]) -> None:
        for name in removed:
            doc.pop(name, None)
        doc.update(values)

    return transform


class ContactStore:
    def __init__(self, db: TinyDB) -> None:
        self._table = db.table("contacts")
        self._lock = threading.Lock()

    def create(self, owner: str, data: dict[str, Any]) -> Contact:
        values, _ = fields.check_changes(data)
        if not values.get("name"):
            raise FieldError("name is required")
        fields.check_size({}, values, [])
        with self._lock:
            contact_id = self._table.insert({**values, "owner": owner})
        return Contact(contact_id, owner, values)

    def _own_doc(self, owner: str, contact_id: int):
        doc = self._table.get(doc_id=contact_id)
        if doc is None or doc["owner"] != owner:
            raise NotFound(contact_id)
        return doc

    def get(self, owner: str, contact_id: int) -> Contact:
        with self._lock:
            return _to_contact(self._own_doc(owner, contact_id))

    def list_contacts(self, owner: str, offset: int = 0, limit: int = 50) -> list[Contact]:
        _check_limit(limit)
        with self._lock:
            docs = self._table.search(Q.owner == owner)
        return _by_id(docs, limit, offset)

    def _scope(self, owner: str, where: dict[str, Any]) -> QueryInstance:
        """The owner's contacts that have every field of `where`, with exactly that value."""
        if len(where) > MAX_FILTERS:
            raise FieldError(f"at most {MAX_FILTERS} filters")
        for name, value in where.items():
            fields.check_value(fields.check_name(name), value)
        return Q.fragment({"owner": owner, **where})

    def search(self, owner: str, where: dict[str, Any], limit: int = 50) -> list[Contact]:
        """The owner's contacts matching `where` ({"tier": "gold", "renewal_month": 3}), oldest first."""
        _check_limit(limit)
        scope = self._scope(owner, where)
        with self._lock:
            docs = self._table.search(scope)
        return _by_id(docs, limit)

    def update(self, owner: str, contact_id: int, changes: dict[str, Any]) -> Contact:
        values, removed = fields.check_changes(changes)
        with self._lock:
            fields.check_size(self._own_doc(owner, contact_id), values, removed)
            self._table.update(_change(values, removed), doc_ids=[contact_id])
            return _to_contact(self._table.get(doc_id=contact_id))

    def bulk_update(self, owner: str, where: dict[str, Any], changes: dict[str, Any]) -> int:
        """Apply `changes` to every contact of the owner's matching `where`; all of them or none."""
        values, removed = fields.check_changes(changes)
        scope = self._scope(owner, where)
        with self._lock:
            docs = self._table.search(scope)
            for doc in docs:
                fields.check_size(doc, values, removed)
            if docs:
                self._table.update(_change(values, removed), doc_ids=[doc.doc_id for doc in docs])
        return len(docs)

    def delete(self, owner: str, contact_id: int) -> None:
        with self._lock:
            self._own_doc(owner, contact_id)
            self._table.remove(doc_ids=[contact_id])
