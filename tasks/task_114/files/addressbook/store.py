"""Contacts, one TinyDB table shared by all users; every call is scoped to an owner."""

import threading
import time

from tinydb import Query, TinyDB

from .migrations import email_key, migrate
from .validation import FIELDS, ValidationError, check_complete, clean_contact

Contact = Query()


class NotFound(LookupError):
    """No contact with that id belongs to the user."""


class DuplicateEmail(ValidationError):
    """The user already has a contact with that e-mail address."""

    def __init__(self, existing_id):
        super().__init__("you already have a contact with this e-mail address")
        self.existing_id = existing_id


def _public(doc):
    out = {field: doc.get(field) for field in FIELDS}
    out["id"] = doc.doc_id
    out["created_at"] = doc["created_at"]
    out["updated_at"] = doc["updated_at"]
    return out


class ContactStore:
    def __init__(self, path=None, *, storage=None, clock=time.time):
        if storage is not None:
            self.db = TinyDB(storage=storage)
        else:
            self.db = TinyDB(path)
        # Older databases are upgraded before first use (see migrations.py).
        migrate(self.db)
        self.contacts = self.db.table("contacts")
        self._clock = clock
        # Serialises writes, so the address check and the write that follows it are one step.
        self._lock = threading.Lock()

    def close(self):
        self.db.close()

    def _check_address_free(self, owner, key, contact_id=None):
        if key is None:
            return
        for doc in self.contacts.search((Contact.owner == owner) & (Contact.email_key == key)):
            if doc.doc_id != contact_id:
                raise DuplicateEmail(doc.doc_id)

    def add(self, owner, data):
        fields = clean_contact(data)
        key = email_key(fields.get("email"))
        with self._lock:
            self._check_address_free(owner, key)
            now = self._clock()
            doc = {**fields, "email_key": key, "owner": owner, "created_at": now, "updated_at": now}
            return self.contacts.insert(doc)

    def _owned(self, owner, contact_id):
        doc = self.contacts.get(doc_id=contact_id)
        if doc is None or doc["owner"] != owner:
            raise NotFound(contact_id)
        return doc

    def get(self, owner, contact_id):
        return _public(self._owned(owner, contact_id))

    def find_by_email(self, owner, email):
        """The user's contact with this address (compared ignoring case), or None."""
        key = email_key(email)
        if key is None:
            return None
        doc = self.contacts.get((Contact.owner == owner) & (Contact.email_key == key))
        return _public(doc) if doc is not None else None

    def list(self, owner):
        docs = self.contacts.search(Contact.owner == owner)
        docs.sort(key=lambda d: (d["name"].lower(), d.doc_id))
        return [_public(d) for d in docs]

    def update(self, owner, contact_id, changes):
        fields = clean_contact(changes, partial=True)
        with self._lock:
            current = self._owned(owner, contact_id)
            check_complete({**current, **fields})
            if "email" in fields:
                key = email_key(fields["email"])
                self._check_address_free(owner, key, contact_id)
                fields["email_key"] = key
            fields["updated_at"] = self._clock()
            self.contacts.update(fields, doc_ids=[contact_id])
        return self.get(owner, contact_id)

    def delete(self, owner, contact_id):
        with self._lock:
            self._owned(owner, contact_id)
            self.contacts.remove(doc_ids=[contact_id])
