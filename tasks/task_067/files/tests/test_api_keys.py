import unittest

from app import db, users
from app.auth import api_keys


class ApiKeyTest(unittest.TestCase):
    def setUp(self):
        self.conn = db.connect()
        self.addCleanup(self.conn.close)
        self.alice = users.create_user(self.conn, "alice@example.com", "Alice")
        self.bob = users.create_user(self.conn, "bob@example.com", "Bob")

    def test_created_key_authenticates_and_only_its_digest_is_stored(self):
        key, text = api_keys.create_key(self.conn, self.alice, " CI deploy ", {"read", "write"}, now=1000)
        self.assertTrue(text.startswith(f"ak_{key.id}_"))
        self.assertEqual(key.name, "CI deploy")
        stored = self.conn.execute("SELECT secret_hash FROM api_keys").fetchone()["secret_hash"]
        self.assertNotIn(stored, text)
        found = api_keys.authenticate(self.conn, text)
        self.assertEqual((found.id, found.user_id, found.scopes), (key.id, self.alice, frozenset({"read", "write"})))

    def test_rejects_wrong_malformed_and_revoked_keys(self):
        key, text = api_keys.create_key(self.conn, self.alice, "laptop", {"read"}, now=1000)
        wrong = text[:-1] + ("A" if text[-1] != "A" else "B")
        for presented in (wrong, "", "ak_", f"ak_{key.id}", text + "_x", "xx" + text[2:]):
            self.assertIsNone(api_keys.authenticate(self.conn, presented), presented)
        self.assertFalse(api_keys.revoke_key(self.conn, self.bob, key.id, now=1002))
        self.assertTrue(api_keys.revoke_key(self.conn, self.alice, key.id, now=1002))
        self.assertIsNone(api_keys.authenticate(self.conn, text))
        with self.assertRaises(api_keys.ApiKeyError):
            api_keys.create_key(self.conn, self.alice, "x", {"read", "sudo"}, now=0)


if __name__ == "__main__":
    unittest.main()
