# Clean PR: the audit search is correct. This checks it against a plain-Python model of the log:
# - since/until compare stored TEXT, which is right because store.format_ts writes every timestamp
#   in one fixed-width UTC form and the search converts its bounds with the same function;
# - `area.*` becomes the range ["area.", "area/"), which holds exactly the names starting "area.";
# - the page fetches limit + 1 rows and `next` is the last shown id: no lost, repeated or empty pages;
# - the tenant comes from the principal, values are bound, and bad input is a 400, never a crash.
import random
from datetime import datetime, timedelta, timezone
from unittest import mock
from urllib.parse import urlencode

from app.audit import store
from app.web.http import Principal, Request
from app.web.routes import dispatch

rng = random.Random(38)
conn = store.connect(":memory:")
model = []  # (id, tenant, moment, actor, action, target)

ACTIONS = [
    "user", "user.login", "user.password.reset", "user.login.failed", "user_admin.created", "username.changed",
    "users.export", "user0.x", "usera.b", "a.user.login", "billing", "billing.card.added", "billing_card.x",
]
START = datetime(2024, 5, 1, tzinfo=timezone.utc)
OFFSETS = [timezone.utc, timezone(timedelta(hours=2)), timezone(timedelta(hours=-7)),
           timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))]


def add(tenant, moment, actor, action, target):
    with mock.patch.object(store, "utcnow", return_value=moment):
        event_id = store.record(conn, tenant, actor, action, target=target)
    model.append((event_id, tenant, moment, actor, action, target))


for _ in range(400):
    moment = START + timedelta(seconds=rng.randrange(3 * 86400), microseconds=rng.choice([0, 0, 1, 500000, 999999]))
    add(rng.choice(["acme", "acme", "globex"]), moment.astimezone(rng.choice(OFFSETS)),
        rng.choice(["u_1", "u_2", "u_3"]), rng.choice(ACTIONS), rng.choice(["doc:1", "doc:2", ""]))
# Moments right on a boundary used below, recorded in a non-UTC zone.
edge = datetime(2024, 5, 2, 0, 0, tzinfo=timezone(timedelta(hours=2)))
for delta in (-1, 0, 1):
    add("acme", edge + timedelta(microseconds=delta), "u_4", "user.login", "edge")


class Recording:
    """Records the SQL text given to execute() (sqlite3's trace callback shows values inlined)."""

    def __init__(self, inner):
        self.inner, self.statements = inner, []

    def execute(self, sql, params=()):
        self.statements.append(sql)
        return self.inner.execute(sql, params)


db = Recording(conn)
AUDITOR = Principal("u_1", "acme", frozenset({"audit.read"}))


def get(query, principal=AUDITOR):
    return dispatch(Request("GET", "/admin/audit", query, principal), db)


def all_pages(query):
    ids, pages, response = [], 0, get(query)
    while True:
        assert response.status == 200, (query, response.status, response.body)
        body = response.json()
        pages += 1
        assert body["events"] or pages == 1, f"an empty page after a next link: {query}"
        ids += [event["id"] for event in body["events"]]
        if body["next"] is None:
            return ids, pages
        response = get(body["next"].partition("?")[2])


def expected(tenant="acme", since=None, until=None, actions=(), prefixes=(), actors=(), targets=(), before=None):
    """The model's answer: ids newest first."""
    return [
        event_id for event_id, t, moment, actor, action, target in sorted(model, reverse=True)
        if t == tenant and (since is None or moment >= since) and (until is None or moment < until)
        and (not actions and not prefixes or action in actions or any(action.startswith(p + ".") for p in prefixes))
        and (not actors or actor in actors) and (not targets or target in targets)
        and (before is None or event_id < before)
    ]


def as_param(moment, style):
    """A bound written the way a client might: in some offset, with or without seconds and fraction."""
    local = moment.astimezone(rng.choice(OFFSETS))
    text = local.isoformat(timespec=style)
    return text.replace("+00:00", "Z") if rng.random() < 0.5 else text


# 1. Time bounds, written in any offset, select exactly the moments in [since, until).
for _ in range(150):
    since = START + timedelta(seconds=rng.randrange(-3600, 3 * 86400), microseconds=rng.choice([0, 1, 999999]))
    until = since + timedelta(seconds=rng.randrange(0, 86400))
    style = "microseconds" if since.microsecond else rng.choice(["minutes", "seconds", "microseconds"])
    if style == "minutes":
        since, until = since.replace(second=0), until.replace(second=0, microsecond=0)
    elif style == "seconds":
        until = until.replace(microsecond=0)
    query = urlencode({"since": as_param(since, style), "until": as_param(until, style), "limit": 200})
    ids, _ = all_pages(query)
    assert ids == expected(since=since, until=until), f"wrong events for {query}"
for text, since in [("2024-05-02", datetime(2024, 5, 2, tzinfo=timezone.utc)),
                    ("2024-05-02T00:00:00%2B02:00", edge), ("2024-05-01T22:00:00.000001Z", edge + timedelta(microseconds=1))]:
    ids, _ = all_pages(f"since={text}&limit=200")
    assert ids == expected(since=since), f"since={text}"
    ids, _ = all_pages(f"until={text}&limit=200")
    assert ids == expected(until=since), f"until={text}"
edge_ids = [event_id for event_id, *_, target in model if target == "edge"]
ids, _ = all_pages("target=edge&since=2024-05-02T00:00%2B02:00&until=2024-05-01T17:00:00.000001-05:00")
assert ids == [edge_ids[1]], "since is inclusive and until exclusive, to the microsecond"

# 2. `area.*` matches the names under "area." and nothing else; exact names and patterns combine with OR.
for prefix in ["user", "user.login", "user_admin", "username", "users", "a", "a.user", "billing", "u", "use"]:
    ids, _ = all_pages(urlencode({"action": prefix + ".*", "limit": 200}))
    assert ids == expected(prefixes=[prefix]), f"{prefix}.* matched the wrong actions"
ids, _ = all_pages("action=user&action=billing.*&action=username.changed&actor=u_2&limit=7")
assert ids == expected(actions={"user", "username.changed"}, prefixes=["billing"], actors={"u_2"})
# The range holds for any text, not only names record() accepts (rows written straight into the table).
for odd in ["user/x", "user-x", "user.", "user..x", "user.\u00e9", "userZ.x", "USER.login", "user"]:
    cursor = conn.execute("INSERT INTO audit_events (tenant_id, occurred_at, actor, action) VALUES "
                          "('odd', '2024-05-01T00:00:00.000000+00:00', 'u', ?)", (odd,))
    model.append((cursor.lastrowid, "odd", START, "u", odd, ""))
ODD = Principal("u", "odd", frozenset({"audit.read"}))
body = get("action=user.*&limit=200", ODD).json()
assert sorted(e["action"] for e in body["events"]) == sorted(["user.", "user..x", "user.\u00e9"]), body

# 3. Pages: every matching event exactly once, in order, with no empty last page, for any size.
searches = {
    "actor=u_3&action=user.login": expected(actors={"u_3"}, actions={"user.login"}),
    "target=doc:2&action=billing.*": expected(targets={"doc:2"}, prefixes=["billing"]),
    "actor=u_4": expected(actors={"u_4"}),  # exactly 3 events
    "actor=nobody": [],
}
assert [len(want) for want in searches.values()] == [4, 5, 3, 0], "the model data changed"
for query, want in searches.items():
    for limit in (1, 2, 3, 4, 200):
        ids, pages = all_pages(f"{query}&limit={limit}")
        assert ids == want, (query, limit)
        assert pages == max(1, -(-len(want) // limit)), (query, limit, pages, len(want))
# Events recorded between two pages do not shift the pages that follow.
first = get("actor=u_1&limit=5").json()
add("acme", datetime(2024, 6, 1, tzinfo=timezone.utc), "u_1", "user.login", "")
rest, _ = all_pages(first["next"].partition("?")[2])
assert [e["id"] for e in first["events"]] + rest == expected(actors={"u_1"}, before=model[-1][0])

# 4. The tenant is the principal's; values never reach the SQL text; limits hold.
db.statements.clear()
injections = ["u_1' OR '1'='1", "x') OR 1=1 --", "doc:1'; DROP TABLE audit_events; --", "globex"]
for value in injections:
    for name in ("actor", "target"):
        assert get(urlencode({name: value})).json()["events"] == [], (name, value)
assert all("'" not in sql and "globex" not in sql and "DROP" not in sql for sql in db.statements), db.statements
assert all(e["id"] in expected() for e in get("limit=200").json()["events"])
assert not set(all_pages("limit=200")[0]) & set(expected(tenant="globex"))
many = "&".join([f"actor=a{i}" for i in range(20)] + [f"target=t{i}" for i in range(20)]
                + [f"action=x{i}.*" for i in range(20)] + ["since=2024-01-01", "until=2025-01-01", "before=99999"])
assert get(many + "&limit=200").status == 200, "the largest accepted search runs"

# 5. Bad input is answered with 400, never an exception or a silently ignored filter.
bad = ["tenant=globex", "tenant_id=globex", "limit=0", "limit=201", "limit=-1", "limit=1e2", "limit=%2B5",
       "before=0", "before=-3", "before=1.5", "before=" + "9" * 19, "before=" + "9" * 5000, "before=%D9%A3",
       "action=User.Login", "action=user.", "action=.*", "action=*", "action=user.*.*", "action=user%",
       "since=yesterday", "since=2024-05-01T10:00", "since=20240501T1000", "until=2024-02-30",
       "since=0001-01-01T00:00%2B01:00", "until=9999-12-31T23:59-01:00", "since=2024-05-01T10:00 02:00",
       "limit=5&limit=6", "since=2024-05-01&since=2024-05-02", "&".join(["actor=a"] * 21), "&".join(["x=1"] * 101)]
for query in bad:
    response = get(query)
    assert response.status == 400 and "error" in response.json(), (query, response.status, response.body)
pieces = ["actor=", "action=", "target=", "since=", "until=", "before=", "limit=", "tenant=", "&", "%", "%2B", "+",
          "user.*", "9", "0", "-", ":", "Z", "T", "2024-05-01", "%00", "%FF", "'", ".", "*", "=", ";"]
for _ in range(3000):
    query = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
    assert get(query).status in (200, 400), query
assert get("", principal=None).status == 401
assert get("", principal=Principal("u_5", "acme", frozenset({"users.read"}))).status == 403
assert conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0] == len(model)
print("ok")
