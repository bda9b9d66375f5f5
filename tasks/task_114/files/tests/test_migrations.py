import json
import os
import tempfile
import unittest

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from addressbook.migrations import LATEST_VERSION, migrate, schema_version
from addressbook.store import ContactStore


def legacy(owner, name, created, **fields):
    doc = {"name": name, "email": None, "phone": None, "company": None, "notes": None}
    doc.update(fields)
    doc.update(owner=owner, created_at=created, updated_at=created)
    return doc


class MigrateTest(unittest.TestCase):
    def setUp(self):
        self.db = TinyDB(storage=MemoryStorage)
        self.contacts = self.db.table("contacts")

    def test_new_database_is_stamped(self):
        self.assertEqual(migrate(self.db), [1, 2])
        self.assertEqual(schema_version(self.db), LATEST_VERSION)
        self.assertEqual(migrate(self.db), [])

    def test_same_address_is_merged_into_oldest(self):
        self.contacts.insert(legacy("ann", "Bob", 2, email="BOB@example.com", phone="777", company="Acme"))
        self.contacts.insert(legacy("ann", "Bob Smith", 1, email="bob@example.com", phone="555", notes="met at expo"))
        migrate(self.db)
        [bob] = self.contacts.all()
        self.assertEqual((bob["name"], bob["phone"], bob["company"]), ("Bob Smith", "555", "Acme"))
        self.assertEqual(bob["notes"], "met at expo\n\nAlso known as: Bob\n\nPhone: 777")
        self.assertEqual(bob["updated_at"], 2)

    def test_other_addresses_and_owners_untouched(self):
        self.contacts.insert(legacy("ann", "Bob", 1, email="bob@example.com"))
        self.contacts.insert(legacy("ann", "Cat", 2, email="cat@example.com"))
        self.contacts.insert(legacy("dan", "Bob", 3, email="bob@example.com"))
        migrate(self.db)
        self.assertEqual(len(self.contacts), 3)

    def test_running_merge_again_changes_nothing(self):
        self.contacts.insert(legacy("ann", "Bob", 1, email="bob@example.com", notes="a"))
        self.contacts.insert(legacy("ann", "Rob", 2, email="bob@example.com", notes="b"))
        migrate(self.db)
        before = self.contacts.all()
        self.db.table("_meta").truncate()
        migrate(self.db)
        self.assertEqual(self.contacts.all(), before)


class OpenLegacyFileTest(unittest.TestCase):
    def test_store_upgrades_on_open(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "contacts.json")
            with open(path, "w") as f:
                json.dump({"contacts": {
                    "1": legacy("ann", "Bob", 1, email="bob@example.com"),
                    "2": legacy("ann", "Bobby", 2, email="Bob@example.com"),
                }}, f)
            store = ContactStore(path)
            try:
                [bob] = store.list("ann")
                self.assertEqual(bob["id"], 1)
                self.assertEqual(store.find_by_email("ann", "BOB@EXAMPLE.COM")["id"], 1)
            finally:
                store.close()


if __name__ == "__main__":
    unittest.main()
