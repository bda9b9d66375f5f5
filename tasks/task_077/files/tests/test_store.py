import unittest

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from crm.fields import MAX_CUSTOM, FieldError
from crm.store import ContactStore, NotFound


class StoreTest(unittest.TestCase):
    def setUp(self):
        self.store = ContactStore(TinyDB(storage=MemoryStorage))

    def test_create_and_get(self):
        contact = self.store.create("alice", {"name": "Ann Lee", "email": "ann@example.com"})
        self.assertEqual(self.store.get("alice", contact.id).fields, {"name": "Ann Lee", "email": "ann@example.com"})

    def test_other_users_contacts_are_hidden(self):
        contact = self.store.create("alice", {"name": "Ann Lee"})
        with self.assertRaises(NotFound):
            self.store.get("bob", contact.id)
        self.assertEqual(self.store.list_contacts("bob"), [])
        self.assertEqual(self.store.search("bob", {"name": "Ann Lee"}), [])

    def test_update(self):
        contact = self.store.create("alice", {"name": "Ann Lee"})
        updated = self.store.update("alice", contact.id, {"company": "Acme"})
        self.assertEqual(updated.fields, {"name": "Ann Lee", "company": "Acme"})

    def test_owner_cannot_be_written(self):
        with self.assertRaises(FieldError):
            self.store.create("alice", {"name": "Ann Lee", "owner": "bob"})
        contact = self.store.create("alice", {"name": "Ann Lee"})
        with self.assertRaises(FieldError):
            self.store.update("alice", contact.id, {"owner": "bob"})

    def test_custom_fields(self):
        contact = self.store.create("alice", {"name": "Ann Lee", "tier": "gold", "renewal_month": 3})
        updated = self.store.update("alice", contact.id, {"tier": None, "vip": True})
        self.assertEqual(updated.fields, {"name": "Ann Lee", "renewal_month": 3, "vip": True})

    def test_custom_field_limit(self):
        contact = self.store.create("alice", {"name": "Ann Lee", **{f"f{n}": n for n in range(MAX_CUSTOM)}})
        with self.assertRaises(FieldError):
            self.store.update("alice", contact.id, {"one_more": 1})

    def test_search(self):
        gold = self.store.create("alice", {"name": "Ann Lee", "tier": "gold", "renewal_month": 3})
        self.store.create("alice", {"name": "Bo Chen", "tier": "silver", "renewal_month": 3})
        self.assertEqual(self.store.search("alice", {"tier": "gold"}), [gold])
        self.assertEqual(len(self.store.search("alice", {"renewal_month": 3})), 2)
        self.assertEqual(len(self.store.search("alice", {})), 2)

    def test_bulk_update(self):
        self.store.create("alice", {"name": "Ann Lee", "tier": "gold", "legacy_id": 7})
        self.store.create("alice", {"name": "Bo Chen", "tier": "gold"})
        self.store.create("alice", {"name": "Cy Diaz", "tier": "silver"})
        updated = self.store.bulk_update("alice", {"tier": "gold"}, {"tier": "platinum", "legacy_id": None})
        self.assertEqual(updated, 2)
        self.assertEqual(
            [c.fields for c in self.store.search("alice", {"tier": "platinum"})],
            [{"name": "Ann Lee", "tier": "platinum"}, {"name": "Bo Chen", "tier": "platinum"}],
        )

    def test_bulk_update_leaves_other_users_alone(self):
        theirs = self.store.create("bob", {"name": "Dee Evans", "tier": "gold"})
        self.store.bulk_update("alice", {"tier": "gold"}, {"tier": "platinum"})
        self.assertEqual(self.store.get("bob", theirs.id).fields["tier"], "gold")

    def test_invalid_filter(self):
        with self.assertRaises(FieldError):
            self.store.search("alice", {"Tier": "gold"})
        with self.assertRaises(FieldError):
            self.store.search("alice", {"tier": ["gold"]})


if __name__ == "__main__":
    unittest.main()
