import os
import sqlite3
import tempfile
import unittest

from app.storage.homes import Homes, NotFound
from app.web.files import content_disposition
from app.web.http import Principal, Request
from app.web.routes import dispatch
from app.web.services import Services

ALICE = Principal(user_id=7, email="alice@example.com")


class FilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.root = self.tmp.name
        self.write("7/notes.txt", b"hello")
        self.write("7/photos/2024/beach day.jpg", b"\xff\xd8jpeg")
        self.write("8/secret.txt", b"not alice's")
        self.services = Services(db=sqlite3.connect(":memory:"), homes=Homes(self.root))

    def write(self, relative, data):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def get(self, path, principal=ALICE):
        return dispatch(Request("GET", path, principal=principal), self.services)

    def body(self, response):
        try:
            return b"".join(response.body)
        finally:
            response.body.close()

    def test_list(self):
        response = self.get("/me/files")
        self.assertEqual(response.status, 200)
        self.assertEqual(
            response.json(),
            {
                "files": [
                    {"path": "notes.txt", "size": 5, "url": "/me/files/notes.txt"},
                    {"path": "photos/2024/beach day.jpg", "size": 6, "url": "/me/files/photos/2024/beach%20day.jpg"},
                ],
                "truncated": False,
            },
        )

    def test_list_empty_home(self):
        response = self.get("/me/files/", principal=Principal(user_id=9, email="new@example.com"))
        self.assertEqual(response.json(), {"files": [], "truncated": False})

    def test_download(self):
        response = self.get("/me/files/photos/2024/beach%20day.jpg")
        self.assertEqual(response.status, 200)
        self.assertEqual(self.body(response), b"\xff\xd8jpeg")
        self.assertEqual(response.headers["Content-Length"], "6")
        self.assertEqual(
            response.headers["Content-Disposition"],
            "attachment; filename=\"beach day.jpg\"; filename*=UTF-8''beach%20day.jpg",
        )

    def test_download_needs_sign_in(self):
        self.assertEqual(self.get("/me/files/notes.txt", principal=None).status, 401)
        self.assertEqual(dispatch(Request("POST", "/me/files/notes.txt", principal=ALICE), self.services).status, 405)

    def test_other_users_files_are_not_found(self):
        for path in ["/me/files/../8/secret.txt", "/me/files/%2e%2e/8/secret.txt", "/me/files/" + self.root + "/8/secret.txt"]:
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status, 404)

    def test_missing_and_folders_are_not_found(self):
        for path in ["/me/files/nope.txt", "/me/files/photos", "/me/files/notes.txt/x", "/me/files/%00"]:
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status, 404)

    def test_resolve_stays_in_home(self):
        homes = Homes(self.root)
        self.assertEqual(homes.resolve(7, "photos/../notes.txt"), os.path.join(os.path.realpath(self.root), "7", "notes.txt"))
        with self.assertRaises(NotFound):
            homes.resolve(7, "")

    def test_content_disposition_fallback(self):
        self.assertEqual(
            content_disposition('r\u00e9sum\u00e9 "final".pdf'),
            "attachment; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf",
        )
