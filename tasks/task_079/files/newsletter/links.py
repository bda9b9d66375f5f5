"""The signed links in our e-mails: "view in browser" and one-click unsubscribe.

Links are signed, not encrypted, so they carry ids only.
"""

import hashlib

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from newsletter.settings import Settings
from newsletter.store import Subscriber

# Unsubscribe links must keep working in old mails for a good while (RFC 8058 senders are expected to
# honour them), but not forever: a year covers everyone who reads their mail at all.
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600


class InvalidLink(Exception):
    """A link we did not sign, an expired one, or one for something else."""


class LinkSigner:
    def __init__(self, settings: Settings):
        self._base_url = settings.base_url
        keys = settings.signing_keys()
        signer_kwargs = {"digest_method": hashlib.sha256}
        # "view in browser" links were never timed; keep their format so links in sent mails still work.
        self._view = URLSafeSerializer(keys, salt="view-in-browser", signer_kwargs=signer_kwargs)
        self._unsubscribe = URLSafeTimedSerializer(keys, salt="list-unsubscribe", signer_kwargs=signer_kwargs)

    def view_url(self, issue_id: int, subscriber: Subscriber) -> str:
        token = self._view.dumps({"issue": issue_id, "sub": subscriber.id})
        return f"{self._base_url}/issues/{issue_id}/view?t={token}"

    def read_view_token(self, token: str, issue_id: int) -> int:
        """The subscriber a "view in browser" link for `issue_id` was sent to."""
        try:
            data = self._view.loads(token)
        except BadSignature:
            raise InvalidLink("bad signature") from None
        if data.get("issue") != issue_id:
            raise InvalidLink("link is for another issue")
        return data["sub"]

    def unsubscribe_url(self, subscriber: Subscriber, list_id: str) -> str:
        token = self._unsubscribe.dumps({"sub": subscriber.id, "list": list_id})
        return f"{self._base_url}/unsubscribe/{token}"

    def read_unsubscribe_token(self, token: str) -> tuple[int, str]:
        """The subscriber and list an unsubscribe link was sent for."""
        try:
            data = self._unsubscribe.loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
        except BadSignature:  # SignatureExpired is a BadSignature too
            raise InvalidLink("bad or expired signature") from None
        return data["sub"], data["list"]
