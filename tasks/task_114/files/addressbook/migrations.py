"""Versioned, in-place upgrades of the contacts database.

The version is kept in the ``_meta`` table (0 for databases from before versioning).
``migrate`` runs the newer steps in order and records each as soon as it has run, so an
interrupted upgrade resumes at the step it stopped in; every step can safely run twice.
"""

from collections import defaultdict

from tinydb.table import Document

META_TABLE = "_meta"
CONTACTS_TABLE = "contacts"
_META_ID = 1

# Where the contact we keep has no value, it takes one from the contacts merged into it;
# where it has a different one, that value is kept in its notes instead.
_MERGE_FIELDS = (("name", "Also known as"), ("phone", "Phone"), ("company", "Company"))


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the service."""


def email_key(email):
    """The form addresses are compared in: trimmed and lower case; None for no address."""
    if not email:
        return None
    return email.strip().lower()


def schema_version(db):
    meta = db.table(META_TABLE).get(doc_id=_META_ID)
    return meta["schema_version"] if meta else 0


def _set_schema_version(db, version):
    db.table(META_TABLE).upsert(Document({"schema_version": version}, doc_id=_META_ID))


def _with_email_key(doc):
    doc["email_key"] = email_key(doc.get("email"))


def add_email_keys(db):
    """v1: store each contact's comparison key next to its address (one write)."""
    db.table(CONTACTS_TABLE).update(_with_email_key)


def _add_note(parts, text):
    for part in (text or "").split("\n\n"):
        if part and part not in parts:
            parts.append(part)


def _merge_changes(keep, others):
    changes = {}
    notes = []
    _add_note(notes, keep.get("notes"))
    for doc in others:
        for field, label in _MERGE_FIELDS:
            value = doc.get(field)
            if not value or value == keep.get(field):
                continue
            if not keep.get(field) and field not in changes:
                changes[field] = value
            elif value != changes.get(field):
                _add_note(notes, f"{label}: {value}")
        _add_note(notes, doc.get("notes"))
    merged_notes = "\n\n".join(notes) or None
    if merged_notes != keep.get("notes"):
        changes["notes"] = merged_notes
    latest = max(d["updated_at"] for d in [keep, *others])
    if latest != keep["updated_at"]:
        changes["updated_at"] = latest
    return changes


def merge_duplicate_emails(db):
    """v2: fold each user's contacts that share an address into the oldest of them.

    The oldest keeps its fields, takes phone and company from the others where it has
    none, and gets their differing values and their notes added to its notes; the others
    are then removed, so that addresses can be unique from now on.
    """
    contacts = db.table(CONTACTS_TABLE)
    by_address = defaultdict(list)
    for doc in contacts.all():
        by_address[doc["owner"], doc.get("email_key")].append(doc)
    merged_away = []
    for docs in by_address.values():
        if len(docs) < 2:
            continue
        docs.sort(key=lambda d: (d["created_at"], d.doc_id))
        keep, others = docs[0], docs[1:]
        changes = _merge_changes(keep, others)
        if changes:
            contacts.update(changes, doc_ids=[keep.doc_id])
        merged_away.extend(d.doc_id for d in others)
    if merged_away:
        contacts.remove(doc_ids=merged_away)


MIGRATIONS = (
    (1, add_email_keys),
    (2, merge_duplicate_emails),
)
LATEST_VERSION = MIGRATIONS[-1][0]


def migrate(db):
    """Bring ``db`` up to LATEST_VERSION; return the list of versions applied."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise SchemaTooNew(
            f"database is at schema {current}, this version knows up to {LATEST_VERSION}"
        )
    applied = []
    for version, step in MIGRATIONS:
        if version > current:
            step(db)
            _set_schema_version(db, version)
            applied.append(version)
    return applied
