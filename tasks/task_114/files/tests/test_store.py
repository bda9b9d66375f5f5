import unittest

from tinydb.storages import MemoryStorage

from addressbook.api import create_contact, list_contacts, update_contact
from addressbook.store import ContactStore, DuplicateEmail, NotFound
from addressbook.validation import ValidationError


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        self.now += 1
        return self.now


class ContactStoreTest(unittest.TestCase):
    def setUp(self):
        self.store = ContactStore(storage=MemoryStorage, clock=Clock())

    def test_add_and_get(self):
        cid = self.store.add("ann", {"name": " Bob ", "email": "bob@example.com"})
        contact = self.store.get("ann", cid)
        self.assertEqual(contact["name"], "Bob")
        self.assertEqual(contact["email"], "bob@example.com")
        self.assertIsNone(contact["phone"])

    def test_phone_only_contact(self):
        cid = self.store.add("ann", {"name": "Plumber", "phone": "+44 20 7946 0000"})
        self.assertEqual(self.store.get("ann", cid)["phone"], "+44 20 7946 0000")

    def test_needs_a_way_to_reach(self):
        with self.assertRaises(ValidationError):
            self.store.add("ann", {"name": "Nobody"})

    def test_scoped_to_owner(self):
        cid = self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        with self.assertRaises(NotFound):
            self.store.get("carl", cid)
        self.assertEqual(self.store.list("carl"), [])

    def test_list_sorted_by_name(self):
        self.store.add("ann", {"name": "zed", "phone": "1"})
        self.store.add("ann", {"name": "Amy", "phone": "2"})
        self.assertEqual([c["name"] for c in self.store.list("ann")], ["Amy", "zed"])

    def test_update(self):
        cid = self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        updated = self.store.update("ann", cid, {"phone": "555"})
        self.assertEqual(updated["phone"], "555")
        self.assertGreater(updated["updated_at"], updated["created_at"])

    def test_update_cannot_remove_last_contact_method(self):
        cid = self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        with self.assertRaises(ValidationError):
            self.store.update("ann", cid, {"email": None})

    def test_address_is_unique_per_owner(self):
        cid = self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        with self.assertRaises(DuplicateEmail) as caught:
            self.store.add("ann", {"name": "Robert", "email": " BOB@example.com"})
        self.assertEqual(caught.exception.existing_id, cid)
        self.store.add("carl", {"name": "Bob", "email": "bob@example.com"})

    def test_update_to_taken_address(self):
        self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        cid = self.store.add("ann", {"name": "Cat", "email": "cat@example.com"})
        with self.assertRaises(DuplicateEmail):
            self.store.update("ann", cid, {"email": "Bob@Example.com"})
        self.store.update("ann", cid, {"email": "CAT@example.com"})
        self.assertEqual(self.store.find_by_email("ann", "cat@example.com")["id"], cid)

    def test_api_conflict(self):
        status, body = create_contact(self.store, "ann", {"name": "Bob", "email": "bob@example.com"})
        self.assertEqual(status, 201)
        status, conflict = create_contact(self.store, "ann", {"name": "B", "email": "bob@example.com"})
        self.assertEqual((status, conflict["existing_id"]), (409, body["id"]))
        other = create_contact(self.store, "ann", {"name": "Cat", "phone": "1"})[1]
        self.assertEqual(update_contact(self.store, "ann", other["id"], {"email": "bob@example.com"})[0], 409)
        self.assertEqual(list_contacts(self.store, "ann", email="BOB@example.com")[1]["contacts"], [body])

    def test_delete(self):
        cid = self.store.add("ann", {"name": "Bob", "email": "bob@example.com"})
        self.store.delete("ann", cid)
        with self.assertRaises(NotFound):
            self.store.get("ann", cid)


if __name__ == "__main__":
    unittest.main()
