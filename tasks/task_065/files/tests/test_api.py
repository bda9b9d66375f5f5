import json
import unittest

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from notes.api import Request, handle
from notes.repository import NoteRepository


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.repo = NoteRepository(TinyDB(storage=MemoryStorage))

    def call(self, method, path, query="", body=None):
        payload = b"" if body is None else json.dumps(body).encode()
        return handle(self.repo, Request(method, path, query, payload))

    def test_create_get_patch_delete(self):
        created = self.call("POST", "/notes", body={"title": "Groceries", "tags": ["home"]})
        self.assertEqual(created.status, 201)
        path = f"/notes/{created.body['id']}"
        self.assertEqual(self.call("GET", path).body["title"], "Groceries")
        self.assertEqual(self.call("PATCH", path, body={"body": "milk"}).body["body"], "milk")
        self.assertEqual(self.call("DELETE", path).status, 204)
        self.assertEqual(self.call("GET", path).status, 404)

    def test_list_and_search(self):
        self.call("POST", "/notes", body={"title": "a", "body": "plan", "tags": ["x"]})
        self.call("POST", "/notes", body={"title": "b", "body": "Plan B"})
        self.assertEqual(len(self.call("GET", "/notes").body), 2)
        self.assertEqual([n["title"] for n in self.call("GET", "/notes", "tag=x").body], ["a"])
        self.assertEqual([n["title"] for n in self.call("GET", "/notes", "q=plan&limit=1").body], ["b"])

    def test_trash_and_restore(self):
        note_id = self.call("POST", "/notes", body={"title": "a"}).body["id"]
        self.assertEqual(self.call("DELETE", f"/notes/{note_id}").status, 204)
        self.assertEqual(self.call("GET", "/notes").body, [])
        trash = self.call("GET", "/trash").body
        self.assertEqual([n["id"] for n in trash], [note_id])
        self.assertIsNotNone(trash[0]["deleted_at"])
        restored = self.call("POST", f"/notes/{note_id}/restore")
        self.assertEqual((restored.status, restored.body["deleted_at"]), (200, None))
        self.assertEqual(self.call("POST", f"/notes/{note_id}/restore").status, 404)
        self.assertEqual(self.call("GET", f"/notes/{note_id}/restore").status, 405)
        self.assertEqual(self.call("GET", "/trash", "limit=0").status, 400)

    def test_bad_requests(self):
        for query in ("limit=0", "limit=abc", "offset=-1", "colour=red", "limit=1&limit=2", "q=", "q=a&offset=1"):
            self.assertEqual(self.call("GET", "/notes", query).status, 400, query)
        self.assertEqual(self.call("GET", "/notes/abc").status, 400)
        self.assertEqual(self.call("POST", "/notes", body={"title": ""}).status, 400)
