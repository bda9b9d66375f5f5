import json
import unittest

from app.app import build_app
from app.handlers.auth import add_user
from app.http import Request, Response
from app.telemetry.redact import MASK, redact, redact_query
from app.telemetry.request_log import RequestLogger


def json_request(method, path, payload, **kwargs):
    headers = {"content-type": "application/json", **kwargs.pop("headers", {})}
    return Request(method, path, headers=headers, body=json.dumps(payload).encode(), **kwargs)


class RedactTest(unittest.TestCase):
    def test_nested_and_lists(self):
        value = {"user": {"Password": "x", "name": "bob"}, "items": [{"access-token": "t"}], "card": {"number": "4"}}
        self.assertEqual(redact(value), {"user": {"Password": MASK, "name": "bob"}, "items": [{"access-token": MASK}], "card": MASK})

    def test_query(self):
        self.assertEqual(redact_query("page=2&api_key=abc&q=a+b"), "page=2&api_key=%5Bredacted%5D&q=a+b")

    def test_depth_limit(self):
        value = []
        for _ in range(500):
            value = [value]
        self.assertIn("[nested too deep]", json.dumps(redact(value)))


class RequestLoggerTest(unittest.TestCase):
    def setUp(self):
        add_user("bob", "correct horse")

    def lines(self, logs):
        return [json.loads(record.getMessage()) for record in logs.records]

    def test_login_is_logged_without_the_password(self):
        app = build_app(log_bodies=True)
        request = json_request("POST", "/login", {"username": "bob", "password": "hunter2"},
                               query="next=%2Fhome", headers={"user-agent": "ios/5.1", "x-request-id": "abc"})
        with self.assertLogs("api.requests", "INFO") as logs:
            response = app(request)
        self.assertEqual(response.status, 401)
        self.assertEqual(response.headers["x-request-id"], "abc")
        [line] = self.lines(logs)
        self.assertEqual(line["status"], 401)
        self.assertEqual(line["body"], {"username": "bob", "password": MASK})
        self.assertEqual(line["headers"], {"user-agent": "ios/5.1"})
        self.assertEqual(line["query"], "next=%2Fhome")
        self.assertNotIn("hunter2", logs.output[0])

    def test_form_login_still_works(self):
        request = Request("POST", "/login", headers={"content-type": "application/x-www-form-urlencoded"},
                          body=b"username=bob&password=correct+horse")
        with self.assertLogs("api.requests", "INFO"):
            self.assertEqual(build_app()(request).status, 200)

    def test_bodies_can_be_turned_off(self):
        with self.assertLogs("api.requests", "INFO") as logs:
            build_app(log_bodies=False)(json_request("POST", "/login", {"username": "bob"}))
        self.assertNotIn("body", self.lines(logs)[0])

    def test_errors_are_logged_and_raised(self):
        def boom(request):
            raise RuntimeError("boom")

        ticks = iter([10.0, 10.25])
        app = RequestLogger(boom, clock=lambda: next(ticks))
        with self.assertLogs("api.requests", "ERROR") as logs, self.assertRaises(RuntimeError):
            app(Request("GET", "/x"))
        line = self.lines(logs)[0]
        self.assertEqual((line["status"], line["ms"]), (500, 250.0))
        self.assertEqual(len(line["request_id"]), 32)

    def test_get_has_no_body(self):
        app = RequestLogger(lambda request: Response(204))
        with self.assertLogs("api.requests", "INFO") as logs:
            app(Request("GET", "/ping", body=b"ignored"))
        self.assertNotIn("body", self.lines(logs)[0])
