# The PR's suspicious spots hold: the JSON API ignores the session cookie (so it needs no CSRF
# token), bottle caps the JSON body, odd CSRF tokens are a 403 rather than a crash, token revocation
# is per member, tokens are stored hashed, and guest counts are validated.
import json
import re

from rsvp import auth
from rsvp.app import make_app
from rsvp.store import Store
from tests.test_app import Client

NOW = 1_700_000_000
clock = {"now": NOW}
store = Store(clock=lambda: clock["now"])
alice = store.add_user("Alice", "alice@example.org")
bob = store.add_user("Bob", "bob@example.org")
event = store.add_event("Summer picnic", NOW + 86400 * 10, NOW + 86400 * 7)
app = make_app(store, b"k" * 32)


def signed_in(name, user_id):
    client = Client(app)
    store.add_signin_link(auth.hash_token(name + "-link"), user_id, 600)
    assert client.get(f"/signin/{name}-link")["status"] == 303
    return client


def form_token(page):
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page["body"]).group(1)


a, b = signed_in("alice", alice), signed_in("bob", bob)

# 1. The API authenticates with the bearer token only: the session cookie alone gets nothing done.
cookie_only = a.request("PUT", f"/api/events/{event}/rsvp", json.dumps({"status": "yes"}).encode(), "application/json")
assert cookie_only["status"] == 401, cookie_only
assert a.get(f"/api/events/{event}/rsvp")["status"] == 401
assert a.request("POST", f"/api/events/{event}/rsvp", b"status=yes", "text/plain")["status"] == 405
assert store.rsvp(event, alice) is None, "a cookie-only API call changed the reply"

# Alice creates a token through the form.
page = a.post("/settings/tokens", {"label": "Pixel", "csrf_token": form_token(a.get("/settings/tokens"))})
assert page["status"] == 200, page
token = re.search(r"<code>([^<]+)</code>", page["body"]).group(1)
dump = "\n".join(store.db.iterdump())
assert token not in dump and auth.hash_token(token) in dump, "tokens are stored hashed"
api = Client(app)


def put(data, raw=None, ctype="application/json"):
    body = raw if raw is not None else json.dumps(data).encode()
    return api.request("PUT", f"/api/events/{event}/rsvp", body, ctype,
                       headers=[("Authorization", f"Bearer {token}")])


# 2. bottle caps the JSON body (MEMFILE_MAX) and the handler refuses anything but an object.
huge = put(None, raw=b'{"status": "yes", "pad": "' + b"x" * 200_000 + b'"}')
assert huge["status"] == 413, huge["status"]
assert put(None, raw=b'["yes", 1]')["status"] == 400
assert put(None, raw=b'{"status": "yes"}', ctype="text/plain")["status"] == 400
assert put(None, raw=b'{"status": ')["status"] == 400
assert store.rsvp(event, alice) is None

# 6. Guest counts.
assert put({"status": "yes", "guests": True})["status"] == 400
assert put({"status": "yes", "guests": 5})["status"] == 400
assert put({"status": "yes", "guests": -1})["status"] == 400
assert put({"status": "yes", "guests": 1.5})["status"] == 400
assert put({"status": ["yes"]})["status"] == 400
ok = put({"status": "yes", "guests": 4})
assert ok["status"] == 200 and json.loads(ok["body"])["headcount"]["yes"] == 5, ok
assert put({"status": "maybe", "guests": 3})["status"] == 200
assert dict(store.rsvp(event, alice)) == {"status": "maybe", "guests": 0}

# 3. CSRF: missing, foreign, non-ASCII tokens are a 403 (never a 500); the right one works.
good = form_token(b.get(f"/events/{event}"))
for bad in ("", "é" * 64, form_token(a.get(f"/events/{event}")), good.upper()):
    result = b.post(f"/events/{event}/rsvp", {"status": "yes", "csrf_token": bad})
    assert result["status"] == 403, (bad, result["status"])
assert b.post(f"/events/{event}/rsvp", {"status": "yes"}, headers=[("X-CSRF-Token", "é".encode().decode("latin1") * 32)])["status"] == 403
assert store.rsvp(event, bob) is None
assert b.post(f"/events/{event}/rsvp", {"status": "yes"}, headers=[("X-CSRF-Token", good)])["status"] == 303
assert b.post(f"/events/{event}/rsvp", {"status": "yes", "guests": " 2 ", "csrf_token": good})["status"] == 303
assert dict(store.rsvp(event, bob)) == {"status": "yes", "guests": 2}
assert b.post(f"/events/{event}/rsvp", {"status": "yes", "guests": "²", "csrf_token": good})["status"] == 400

# 4. Bob cannot revoke Alice's token; Alice can.
token_id = store.api_tokens(alice)[0]["id"]
assert b.post(f"/settings/tokens/{token_id}/revoke", {"csrf_token": good})["status"] == 404
assert put({"status": "no"})["status"] == 200, "Alice's token must survive Bob's attempt"
assert a.post(f"/settings/tokens/{token_id}/revoke", {"csrf_token": good})["status"] == 403, "Bob's token is not Alice's"
assert a.post(f"/settings/tokens/{token_id}/revoke",
              {"csrf_token": form_token(a.get("/settings/tokens"))})["status"] == 303
assert put({"status": "yes"})["status"] == 401

# 7. The deadline is inclusive; a new sign-in gets a new CSRF token.
clock["now"] = NOW + 86400 * 7
assert b.post(f"/events/{event}/rsvp", {"status": "no", "csrf_token": good})["status"] == 303
clock["now"] += 1
assert b.post(f"/events/{event}/rsvp", {"status": "yes", "csrf_token": good})["status"] == 409
b2 = signed_in("bob2", bob)
assert b2.post("/signout", {"csrf_token": good})["status"] == 403
assert b2.post("/signout", {"csrf_token": form_token(b2.get("/"))})["status"] == 303
print("ok")
