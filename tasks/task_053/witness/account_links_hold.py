# Clean PR: the confirmation and reset links are sound. This checks the spots that look risky:
# - the password fingerprint is compared with `!=`, but only on payloads itsdangerous has already
#   verified (Signer.verify_signature uses hmac.compare_digest): a forged token never gets that far;
# - the expired-link branch reads the payload out of SignatureExpired, which TimestampSigner raises
#   only after the signature checked out, so a tampered expired token is simply invalid;
# - reset links have no "used" table, yet cannot be replayed: every new hash has a fresh salt, and
#   replace_password is a compare-and-set, so two concurrent uses of one link change it once;
# - key rotation: itsdangerous signs with the last key and accepts any, and signing_keys() puts the
#   current key last; the two purposes use different salts, so one link cannot stand in for the other.
import base64
import hashlib
import importlib.util
import json
import os
import string
import threading
import zlib
import unittest
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import itsdangerous
from accounts import service as service_module
from accounts.jobs import JobQueue
from accounts.mail import Outbox
from accounts.service import AccountService
from accounts.settings import Settings
from accounts.store import UserStore
from accounts.tokens import CONFIRM_MAX_AGE, RESET_MAX_AGE, AccountTokens, InvalidToken

assert itsdangerous.__file__.startswith(os.getcwd()), "the task's copy of itsdangerous is used"

OLD_KEY, KEY = "o" * 40, "c" * 40
now = [1_717_200_000.0]
time_patch = mock.patch("time.time", lambda: now[0])
time_patch.start()

users, outbox, jobs = UserStore(), Outbox(), JobQueue()


def make(settings, queue=None):
    return AccountService(users, outbox, queue or JobQueue(), settings, clock=lambda: now[0])


service = make(Settings(KEY, "https://app.test", old_secret_keys=(OLD_KEY,)), jobs)


def take_token(subject, to=None):
    mails = [m for m in outbox.take_all() if m.subject == subject and (to is None or m.to == to)]
    assert mails, f"no {subject!r} mail"
    return parse_qs(urlsplit(mails[-1].body.rsplit(" ", 1)[1]).query)["token"][0]


def invalid(call, *args):
    try:
        call(*args)
    except InvalidToken as exc:
        return exc
    raise AssertionError(f"{call.__name__}{args!r} was accepted")


def reset_link(email):
    service.request_password_reset(email)
    jobs.run_pending()
    return take_token("Reset your password", email)


def forge(token, **changes):
    """The token with its payload rewritten, keeping the timestamp and the original signature."""
    payload, stamp, signature = token.rsplit(".", 2)
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    data = json.loads(zlib.decompress(raw) if compressed else raw)
    data.update(changes)
    body = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"{body}.{stamp}.{signature}"


ada = service.register("ada@example.com", "correct horse 1")
ada_confirm = take_token("Confirm your e-mail address")
eve = service.register("eve@example.com", "correct horse 2")
eve_confirm = take_token("Confirm your e-mail address")

# 1. Forged and cross-purpose tokens never reach the fingerprint comparison or the store.
compared = []
real_fingerprint = service_module.password_fingerprint
service_module.password_fingerprint = lambda h: compared.append(h) or real_fingerprint(h)
eve_reset = reset_link("eve@example.com")
for bad in [forge(eve_reset, uid=ada.id), forge(eve_reset, pw="0" * 16), eve_confirm, ada_confirm, "", "x.y.z",
            eve_reset[:-5] + ("A" if eve_reset[-5] != "A" else "B") + eve_reset[-4:], eve_reset + ".", "é" * 40]:
    invalid(service.reset_password, bad, "new password 123")
for bad in [forge(eve_confirm, uid=ada.id, email="eve@example.com"), eve_reset, "...", "a.b"]:
    invalid(service.confirm_email, bad)
assert compared == [], "the fingerprint comparison ran for a token that is not ours"
assert service.authenticate("ada@example.com", "correct horse 1") and not users.get(ada.id).email_confirmed

# 2. Expired links: the payload is trusted only when the signature was good.
now[0] += CONFIRM_MAX_AGE + 1
tampered = forge(ada_confirm, uid=eve.id, email="eve@example.com")
exc = invalid(service.confirm_email, tampered)
assert type(exc) is InvalidToken, exc
assert outbox.take_all() == [], "a tampered expired link triggered a mail"
other_key = AccountTokens(["z" * 40]).confirm_token(users.get(eve.id))
now[0] += CONFIRM_MAX_AGE + 1
invalid(service.confirm_email, other_key)
assert outbox.take_all() == []
assert service.confirm_email(ada_confirm) == "resent"
fresh = take_token("Confirm your e-mail address", "ada@example.com")
assert service.confirm_email(ada_confirm) == "expired" and outbox.take_all() == [], "one new link per expiry"
clicks = []
barrier = threading.Barrier(4)


def click():
    barrier.wait(5)
    clicks.append(service.confirm_email(eve_confirm))


threads = [threading.Thread(target=click) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(5)
assert sorted(clicks) == ["expired"] * 3 + ["resent"], clicks
assert len([m for m in outbox.take_all() if m.to == "eve@example.com"]) == 1
assert service.confirm_email(fresh) == "confirmed" and service.confirm_email(ada_confirm) == "already-confirmed"

# 3. Reset links work once: a second use, the same new password again, concurrent uses, a changed password.
link = reset_link("ada@example.com")
service.reset_password(link, "battery staple 1")
invalid(service.reset_password, link, "battery staple 1")
assert service.authenticate("ada@example.com", "battery staple 1")
link = reset_link("ada@example.com")
service.reset_password(link, "battery staple 1")  # the same password again still gets a new salt
invalid(service.reset_password, link, "battery staple 1")
# a differently spelled copy of a used link (base64's unused low bits) is refused as well: nothing is keyed
# on the token's text
alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
twin = link[:-1] + alphabet[alphabet.index(link[-1]) ^ 1]
assert twin != link
invalid(service.reset_password, twin, "battery staple 1")

link = reset_link("ada@example.com")
real_get = users.get
gate = threading.Barrier(2)


def get_then_wait(user_id):
    user = real_get(user_id)
    if threading.current_thread().name.startswith("reset-"):
        gate.wait(5)
    return user


users.get = get_then_wait
results = {}


def use(password):
    try:
        service.reset_password(link, password)
        results[password] = "ok"
    except InvalidToken:
        results[password] = "refused"


racers = [threading.Thread(target=use, args=(p,), name=f"reset-{p}") for p in ("first choice 1", "second choice 2")]
for thread in racers:
    thread.start()
for thread in racers:
    thread.join(5)
users.get = real_get
assert sorted(results.values()) == ["ok", "refused"], results
winner = next(p for p, r in results.items() if r == "ok")
assert service.authenticate("ada@example.com", winner)
link = reset_link("ada@example.com")
service.change_password(ada.id, winner, "changed in settings")
invalid(service.reset_password, link, "battery staple 9")
assert compared, "the fingerprint check ran for genuine links"

# 4. Expiry boundaries of reset links.
link = reset_link("ada@example.com")
now[0] += RESET_MAX_AGE
service.reset_password(link, "just in time 1")
link = reset_link("ada@example.com")
now[0] += RESET_MAX_AGE + 1
invalid(service.reset_password, link, "too late 1234")

# 5. Rotation: current key signs, old keys verify until dropped; salts keep the purposes apart.
assert Settings(KEY, "x", (OLD_KEY,)).signing_keys()[-1] == KEY
old_service = make(Settings(OLD_KEY, "https://app.test"))
bob = old_service.register("bob@example.com", "correct horse 3")
bob_old = take_token("Confirm your e-mail address")
link = reset_link("bob@example.com")
only_current = itsdangerous.URLSafeTimedSerializer(KEY, salt="password-reset", signer_kwargs={"digest_method": hashlib.sha256})
only_old = itsdangerous.URLSafeTimedSerializer(OLD_KEY, salt="password-reset", signer_kwargs={"digest_method": hashlib.sha256})
assert only_current.loads(link)["uid"] == bob.id, "new links are signed with the current key"
try:
    only_old.loads(link)
except itsdangerous.BadSignature:
    pass
else:
    raise AssertionError("a new link was signed with a retired key")
assert service.confirm_email(bob_old) == "confirmed", "a link signed before the rotation still works"
invalid(make(Settings(KEY, "https://app.test")).confirm_email, bob_old)
env = {"APP_SECRET_KEY": KEY, "APP_OLD_SECRET_KEYS": f"{OLD_KEY}, {'p' * 40}"}
assert Settings.from_env(env).signing_keys() == [OLD_KEY, "p" * 40, KEY]

# 6. Asking for a reset link does the same work whatever the address.
looked_up = []
real_find = users.find_by_email
users.find_by_email = lambda email: looked_up.append(email) or real_find(email)
service.request_password_reset("nobody@example.com")
service.request_password_reset("Bob@Example.com")
assert looked_up == [] and outbox.take_all() == [], "the request itself looked the address up or sent mail"
assert jobs.run_pending() == 2 and [m.to for m in outbox.take_all()] == ["bob@example.com"]
users.find_by_email = real_find
service_module.password_fingerprint = real_fingerprint
time_patch.stop()

# 7. The PR's own tests pass.
spec = importlib.util.spec_from_file_location("test_account_links", "tests/test_account_links.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromModule(module))
assert result.wasSuccessful() and result.testsRun == 8, result
print("ok")
