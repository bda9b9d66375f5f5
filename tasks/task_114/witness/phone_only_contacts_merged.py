"""Upgrading a database whose user has two phone-only contacts must keep both of them.

Contacts without an e-mail address are valid (validation.check_complete: an e-mail address
or a phone number), and migration v1 gives them email_key None. Migration v2 must only fold
contacts that really share an address.
"""
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from addressbook.migrations import migrate
from addressbook.store import ContactStore


def legacy(name, created, **fields):
    doc = {"name": name, "email": None, "phone": None, "company": None, "notes": None}
    doc.update(fields)
    doc.update(owner="ann", created_at=created, updated_at=created)
    return doc


db = TinyDB(storage=MemoryStorage)
contacts = db.table("contacts")
contacts.insert(legacy("Plumber", 1, phone="+44 20 7946 0000"))
contacts.insert(legacy("Dentist", 2, phone="+44 20 7946 1111", company="Smile Ltd"))
contacts.insert(legacy("Bob", 3, email="bob@example.com"))
migrate(db)

names = sorted(d["name"] for d in contacts.all())
assert names == ["Bob", "Dentist", "Plumber"], (
    f"migration removed contacts that have no e-mail address: left {names}"
)
plumber = contacts.get(doc_id=1)
assert plumber["notes"] is None and plumber["phone"] == "+44 20 7946 0000", (
    f"the Plumber contact was changed by the merge: {dict(plumber)}"
)

# The store itself keeps accepting several phone-only contacts after the upgrade.
store = ContactStore(storage=MemoryStorage)
store.add("ann", {"name": "Plumber", "phone": "1"})
store.add("ann", {"name": "Dentist", "phone": "2"})
assert len(store.list("ann")) == 2
print("ok")
