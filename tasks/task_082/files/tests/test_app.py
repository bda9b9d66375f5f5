import io
import json
import re
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from rsvp import auth, csrf
from rsvp.app import make_app
from rsvp.store import Store

NOW = 1_700_000_000
SECRET = b"test-secret-" + b"x" * 32


class Client:
    def __init__(self, app):
        self.app = app
        self.cookies = {}

    def request(self, method, path, body=b"", content_type=None, headers=()):
        environ = {}
        setup_testing_defaults(environ)
        environ.update(REQUEST_METHOD=method, PATH_INFO=path, CONTENT_LENGTH=str(len(body)))
        environ["wsgi.input"] = io.BytesIO(body)
        if content_type:
            environ["CONTENT_TYPE"] = content_type
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for name, value in headers:
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        result = {}

        def start_response(status, headers, exc_info=None):
            result["status"], result["headers"] = int(status.split()[0]), headers

        result["body"] = b"".join(self.app(environ, start_response)).decode("utf-8")
        for name, value in result["headers"]:
            if name == "Set-Cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return result

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form=None, **kw):
        return self.request("POST", path, urlencode(form or {}).encode(),
                            "application/x-www-form-urlencoded", **kw)


    def put_json(self, path, data, token=None):
        headers = [("Authorization", f"Bearer {token}")] if token else []
        return self.request("PUT", path, json.dumps(data).encode(), "application/json", headers=headers)


def form_token(page):
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page["body"]).group(1)


def setup():
    store = Store(clock=lambda: NOW)
    alice = store.add_user("Alice", "alice@example.org")
    store.add_event("Summer picnic", NOW + 86400 * 10, NOW + 86400 * 7)
    client = Client(make_app(store, SECRET))
    store.add_signin_link(auth.hash_token("alice-link"), alice, 600)
    assert client.get("/signin/alice-link")["status"] == 303
    return store, client, alice


def test_signin_link_works_once():
    store, client, alice = setup()
    assert "Summer picnic" in client.get("/")["body"]
    assert Client(client.app).get("/signin/alice-link")["status"] == 403


def test_pages_need_a_session():
    store, client, alice = setup()
    assert Client(client.app).get("/")["status"] == 401


def test_reply_with_the_form():
    store, client, alice = setup()
    token = form_token(client.get("/events/1"))
    assert client.post("/events/1/rsvp", {"status": "yes", "guests": "2", "csrf_token": token})["status"] == 303
    assert dict(store.rsvp(1, alice)) == {"status": "yes", "guests": 2}
    page = client.get("/events/1")["body"]
    assert "Coming: 3" in page and 'value="yes" checked' in page
    assert client.post("/events/1/rsvp", {"status": "no", "guests": "2", "csrf_token": token})["status"] == 303
    assert dict(store.rsvp(1, alice)) == {"status": "no", "guests": 0}


def test_forms_need_the_sessions_token():
    store, client, alice = setup()
    assert client.post("/events/1/rsvp", {"status": "yes"})["status"] == 403
    other = csrf.token_for(SECRET, "some-other-session")
    assert client.post("/events/1/rsvp", {"status": "yes", "csrf_token": other})["status"] == 403
    assert client.post("/signout")["status"] == 403
    assert store.rsvp(1, alice) is None


def test_bad_replies_are_refused():
    store, client, alice = setup()
    token = form_token(client.get("/events/1"))
    for form in ({"status": "perhaps"}, {"status": "yes", "guests": "5"}, {"status": "yes", "guests": "-1"},
                 {"status": "yes", "guests": "two"}):
        assert client.post("/events/1/rsvp", dict(form, csrf_token=token))["status"] == 400, form
    assert store.rsvp(1, alice) is None


def test_api_tokens_and_replies():
    store, client, alice = setup()
    page = client.post("/settings/tokens", {"label": "Pixel", "csrf_token": form_token(client.get("/settings/tokens"))})
    assert ("Cache-Control", "no-store") in page["headers"]
    token = re.search(r"<code>([^<]+)</code>", page["body"]).group(1)
    api = Client(client.app)
    assert api.put_json("/api/events/1/rsvp", {"status": "maybe"}, token)["status"] == 200
    assert json.loads(api.get("/api/events/1/rsvp", headers=[("Authorization", f"Bearer {token}")])["body"]) == {
        "event_id": 1, "status": "maybe", "guests": 0}
    assert api.put_json("/api/events/1/rsvp", {"status": "yes", "guests": True}, token)["status"] == 400
    assert api.put_json("/api/events/1/rsvp", {"status": "yes"})["status"] == 401

    token_id = store.api_tokens(alice)[0]["id"]
    revoke = client.post(f"/settings/tokens/{token_id}/revoke", {"csrf_token": form_token(page)})
    assert revoke["status"] == 303
    assert api.put_json("/api/events/1/rsvp", {"status": "no"}, token)["status"] == 401


def test_replies_close_at_the_deadline():
    store, client, alice = setup()
    store.clock = lambda: NOW + 86400 * 7 + 1
    token = form_token(client.get("/events/1"))
    assert client.post("/events/1/rsvp", {"status": "yes", "csrf_token": token})["status"] == 409
