"""POST /s/<token>/renew must refuse a token we did not sign.

The attacker signs a payload of their choosing with a key of their own (so the signature is wrong)
naming someone else's document and their own address. renew() must not mail a genuinely signed
link for it to that address.
"""
from itsdangerous import URLSafeTimedSerializer

from sharing.links import InvalidLink, ShareLinks
from sharing.mailer import Outbox
from sharing.store import DocumentStore
from sharing.web import App

store = DocumentStore()
outbox = Outbox()
links = ShareLinks("the-real-secret", store, outbox, "https://docs.example")
app = App(store, links)
secret_doc = store.create("ann", "Acquisition term sheet", "confidential")

forged = URLSafeTimedSerializer("attacker-guess", salt="share-link").dumps(
    {"doc": secret_doc.id, "to": "mallory@evil.test", "perm": "comment", "v": 1}
)
status, _, _ = app.handle("POST", f"/s/{forged}/renew")

to_mallory = [m for m in outbox.sent if m.to == "mallory@evil.test"]
assert not to_mallory, (
    f"a forged share token (status {status}) got a validly signed link to document "
    f"{secret_doc.id} mailed to the attacker: renew() reads the token with loads_unsafe and "
    "never checks the signature"
)
assert status == 404, f"forged token answered {status}, expected 404"
try:
    links.renew(forged)
except InvalidLink:
    pass
else:
    raise AssertionError("renew() accepted a token with a bad signature")
print("ok")
