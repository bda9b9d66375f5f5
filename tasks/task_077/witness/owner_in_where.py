"""A user cannot reach another user's contacts by putting "owner" in `where`."""

import json

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from crm.api import Request, handle
from crm.store import ContactStore

store = ContactStore(TinyDB(storage=MemoryStorage))
alice = store.create("alice", {"name": "Ann Lee", "email": "ann@acme.example", "tier": "gold"})


def call(method, path, body, user):
    return handle(store, Request(method, path, user, body=json.dumps(body).encode()))


# bob reads
response = call("POST", "/contacts/search", {"where": {"owner": "alice"}}, "bob")
leaked = [] if response.status != 200 else [c for c in response.body if c["owner"] != "bob"]
assert not leaked, f"bob's search returned alice's contacts: {leaked}"

# bob writes
call("PATCH", "/contacts", {"where": {"owner": "alice"}, "set": {"email": "bob@evil.example", "tier": None}}, "bob")
fields = store.get("alice", alice.id).fields
assert fields == {"name": "Ann Lee", "email": "ann@acme.example", "tier": "gold"}, (
    f"bob's bulk edit changed alice's contact: {fields}"
)
print("ok")
