# The invitation link's signature must be checked in constant time. A remote timing measurement cannot be
# made reliable inside a short sandbox run, so this witness checks the mechanism: the presented signature
# has to be compared with hmac.compare_digest (secrets.compare_digest is the same function), not with
# == / != which stop at the first differing character and so reveal, through response time, how much of
# a guessed signature is right.
import hmac
import secrets

calls = []
_real_compare = hmac.compare_digest


def recording_compare(a, b):
    calls.append((a, b))
    return _real_compare(a, b)


hmac.compare_digest = recording_compare
secrets.compare_digest = recording_compare

from app import db, users, workspaces  # noqa: E402
from app.auth import invites  # noqa: E402

KEY = b"k" * 32
conn = db.connect()
owner = users.create_user(conn, "owner@example.com", "Owner")
mallory = users.create_user(conn, "mallory@example.com", "Mallory")
workspace = workspaces.create_workspace(conn, "Acme", owner, now=0)
invite, token = invites.create_invite(conn, KEY, workspace, owner, "new.admin@example.com", "admin", now=10)

real_signature = token.split(".")[1]
guess = real_signature[:10] + ("0" if real_signature[10] != "0" else "1") + real_signature[11:]
calls.clear()
try:
    invites.accept_invite(conn, KEY, f"{invite.id}.{guess}", mallory, now=20)
    raise AssertionError("a wrong signature was accepted")
except invites.InviteNotFound:
    pass
assert workspaces.role_of(conn, workspace, mallory) is None

presented = {guess, guess.encode()}
assert any(a in presented or b in presented for a, b in calls), (
    "the invitation signature is compared with == / != (early exit, timing-dependent) instead of "
    "hmac.compare_digest"
)
