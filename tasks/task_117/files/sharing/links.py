"""Share links: signed, expiring URLs that open one document for one invited address.

A link carries the document id, the address it was sent to, the permission ("view" or
"comment") and the document's share version, signed with URLSafeTimedSerializer under
its own salt. "Stop sharing" bumps the document's share version, which voids its links.
"""

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

LINK_MAX_AGE = 14 * 24 * 3600
PERMISSIONS = ("view", "comment")


class InvalidLink(Exception):
    """Not a share link we made, or sharing of the document was stopped."""


class LinkExpired(Exception):
    """A genuine link past LINK_MAX_AGE; the page offers to send a fresh one."""


@dataclass(frozen=True)
class Grant:
    doc_id: int
    email: str
    permission: str


class ShareLinks:
    def __init__(self, secret_key, store, outbox, base_url, max_age=LINK_MAX_AGE):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="share-link")
        self._store = store
        self._outbox = outbox
        self._base_url = base_url.rstrip("/")
        self._max_age = max_age

    def url(self, doc, email, permission):
        if permission not in PERMISSIONS:
            raise ValueError(f"permission must be one of {PERMISSIONS}")
        token = self._serializer.dumps(
            {"doc": doc.id, "to": email, "perm": permission, "v": doc.share_version}
        )
        return f"{self._base_url}/s/{token}"

    def share(self, doc, email, permission):
        """Mail a link for ``doc`` to ``email``."""
        link = self.url(doc, email, permission)
        self._outbox.send(
            email,
            f"{doc.owner} shared \"{doc.title}\" with you",
            f"Open it here (the link works for {self._max_age // 86400} days):\n{link}\n",
        )

    def _grant(self, payload):
        if not isinstance(payload, dict):
            raise InvalidLink()
        doc = self._store.get(payload.get("doc"))
        if doc is None or payload.get("v") != doc.share_version:
            raise InvalidLink()
        if payload.get("perm") not in PERMISSIONS or not isinstance(payload.get("to"), str):
            raise InvalidLink()
        return doc, Grant(doc.id, payload["to"], payload["perm"])

    def open(self, token):
        """The grant ``token`` gives; LinkExpired or InvalidLink otherwise."""
        try:
            payload = self._serializer.loads(token, max_age=self._max_age)
        except SignatureExpired:
            raise LinkExpired() from None
        except BadSignature:
            raise InvalidLink() from None
        return self._grant(payload)[1]

    def renew(self, token):
        """Send a fresh link to the address an expired link was sent to.

        The new link goes to that address only, never to whoever asks, so a forwarded
        expired link can't be turned into access.
        """
        # loads() refuses a link past max_age; read it without the age check instead.
        _, payload = self._serializer.loads_unsafe(token)
        doc, grant = self._grant(payload)
        self.share(doc, grant.email, grant.permission)
        return grant.email
