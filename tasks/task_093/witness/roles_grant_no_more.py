# Clean PR: inheritance and wildcards grant exactly what the roles should, and nobody can hand out
# more than they hold. The spots that look too generous are right:
# - grant_matches zips the segments, but only after requiring equal segment counts, so "tasks.*"
#   never matches "tasks" or "tasks.labels.write", and "*.read" only two-segment reads;
# - _collect shares `seen` across included roles, but a role skipped the second time was already
#   added; role_grants caches per role name with a fresh `seen` each time; cycles terminate;
# - grants() takes every site-wide (workspace_id None) assignment, but store.assign only allows
#   site-wide roles (support: "*.read") there, and never in a workspace;
# - can_assign feeds role grants (possibly "billing.*") to grant_matches as the permission: a `*`
#   there is only matched by a `*`, so it errs on refusing; an unknown role passes vacuously but
#   store.assign refuses it (400), and the current role is re-checked under the store's lock.
from itertools import product
from unittest import mock

from teamhub.acl import policy, roles
from teamhub.acl.policy import allowed, can_assign, grant_matches, role_grants
from teamhub.acl.store import AssignmentStore
from teamhub.web.members import change_role

VIEWER = {"projects.read", "tasks.read", "members.read"}
EDITOR = VIEWER | {"tasks.write", "tasks.comment", "projects.write"}
ADMIN = EDITOR | {"members.invite", "members.manage", "projects.delete", "billing.read"}
BILLING = VIEWER | {"billing.read", "billing.manage"}
OWNER = ADMIN | BILLING | {"workspace.delete"}
SUPPORT = {"projects.read", "tasks.read", "members.read", "billing.read"}
EXPECTED = {"viewer": VIEWER, "editor": EDITOR, "admin": ADMIN, "billing": BILLING, "owner": OWNER,
            "support": SUPPORT}
KNOWN = set().union(*EXPECTED.values())
TRICKY = {"tasks", "tasks.labels.write", "billing.read.raw", "billingx.read", "xbilling.read",
          "read", "workspace.read.all", "members.manage.all", "*", "*.*", "members", "billing..read", ""}
UNIVERSE = KNOWN | TRICKY
# "*.read" is meant to read every area, present and future: exactly the two-segment ".read" names.
EXPECTED["support"] = {p for p in UNIVERSE if len(p.split(".")) == 2 and p.split(".")[1] == "read" and p[0] != "."}
assert SUPPORT <= EXPECTED["support"]

# 1. Each role allows exactly its permissions among all names (real ones and look-alikes).
store = AssignmentStore()
for i, (role, expected) in enumerate(EXPECTED.items()):
    user, ws = f"u{i}", (None if role == "support" else "w1")
    store.assign(user, role, ws)
    got = {p for p in UNIVERSE if allowed(store.for_user(user), p, "w1")}
    assert got == expected, f"{role}: allows {sorted(got - expected)}, misses {sorted(expected - got)}"
    other = {p for p in UNIVERSE if allowed(store.for_user(user), p, "w2")}
    assert other == (expected if role == "support" else set()), f"{role} leaks into w2: {sorted(other)}"

for grant, perm in product(["tasks.*", "*.read", "billing.*", "*.*"], UNIVERSE):
    g, p = grant.split("."), perm.split(".")
    want = len(g) == len(p) and all(x == "*" or x == y for x, y in zip(g, p))
    assert grant_matches(grant, perm) == want, (grant, perm)

# 2. Site-wide assignments only for site-wide roles, and vice versa.
for role in EXPECTED:
    for ws in (None, "w1"):
        site_ok = role in roles.SITE_ROLES
        try:
            AssignmentStore().assign("x", role, ws)
            ok = True
        except ValueError:
            ok = False
        assert ok == ((ws is None) == site_ok), f"assign {role!r} with workspace {ws!r} -> {ok}"

# 3. Diamonds and cycles in `includes`.
diamond = {
    "a": roles.Role(frozenset({"x.a"}), includes=("b", "c")),
    "b": roles.Role(frozenset({"x.b"}), includes=("d",)),
    "c": roles.Role(frozenset({"x.c"}), includes=("d", "a")),
    "d": roles.Role(frozenset({"x.d"}), includes=("b",)),
}
with mock.patch.dict(policy.ROLES, diamond, clear=True):
    role_grants.cache_clear()
    for name in "abcd":
        reach = {"a": "abcd", "b": "bd", "c": "abcd", "d": "bd"}[name]
        assert role_grants(name) == {f"x.{r}" for r in reach}, (name, role_grants(name))
role_grants.cache_clear()
assert role_grants("owner") == frozenset({"workspace.delete", "members.invite", "members.manage", "projects.delete",
                                          "billing.read", "tasks.*", "projects.write", "billing.*", "projects.read",
                                          "tasks.read", "members.read"}), role_grants("owner")

# 4. can_assign never hands out a permission (even a future one) the actor lacks.
FUTURE = UNIVERSE | {"tasks.delete", "billing.refund", "projects.archive", "members.remove", "audit.read"}
for actor_role, target in product(EXPECTED, list(EXPECTED) + ["root"]):
    s = AssignmentStore()
    s.assign("actor", actor_role, None if actor_role == "support" else "w1")
    actor = s.for_user("actor")
    if can_assign(actor, target, "w1"):
        assert allowed(actor, "members.manage", "w1"), (actor_role, target)
        for p in FUTURE:
            if any(grant_matches(g, p) for g in role_grants(target)):
                assert allowed(actor, p, "w1"), f"{actor_role} may assign {target} which allows {p}"
assert can_assign([s.for_user("actor")[0]], "viewer", "w2") is False

# 5. The endpoint: owners are protected, unknown roles are refused, a concurrent change wins.
s = AssignmentStore()
for user, role in [("ann", "owner"), ("cat", "admin"), ("bob", "editor"), ("dan", "owner")]:
    s.assign(user, role, "w1")
s.assign("sue", "support", None)
assert change_role(s, "cat", "w1", "ann", "viewer")[0] == 403 and s.role_in("ann", "w1") == "owner"
assert change_role(s, "cat", "w1", "bob", "owner")[0] == 403 and s.role_in("bob", "w1") == "editor"
assert change_role(s, "cat", "w1", "bob", "root")[0] == 400 and s.role_in("bob", "w1") == "editor"
assert change_role(s, "sue", "w1", "bob", "viewer")[0] == 403, "support must not manage members"
assert change_role(s, "ann", "w1", "sue", "support")[0] == 403 and s.role_in("sue", None) == "support"
real_role_in = s.role_in


def role_in_then_promoted(user_id, workspace_id):
    current = real_role_in(user_id, workspace_id)
    s.assign("bob", "owner", "w1")  # dan promotes bob while cat's request is in flight
    return current


with mock.patch.object(s, "role_in", role_in_then_promoted):
    status, _ = change_role(s, "cat", "w1", "bob", "viewer")
assert status == 409 and s.role_in("bob", "w1") == "owner", "an admin demoted a freshly promoted owner"
print("ok")
