import json
import unittest

from app.app import build_app
from app.handlers.auth import add_user
from app.http import Request


class AppTest(unittest.TestCase):
    def setUp(self):
        add_user("bob", "correct horse")
        self.app = build_app()

    def test_form_login(self):
        request = Request("POST", "/login", headers={"content-type": "application/x-www-form-urlencoded"},
                          body=b"username=bob&password=correct+horse")
        self.assertEqual(self.app(request).status, 200)

    def test_json_login_wrong_password(self):
        request = Request("POST", "/login", headers={"content-type": "application/json"},
                          body=json.dumps({"username": "bob", "password": "nope"}).encode())
        self.assertEqual(self.app(request).status, 401)

    def test_unknown_route(self):
        self.assertEqual(self.app(Request("GET", "/nope")).status, 404)
