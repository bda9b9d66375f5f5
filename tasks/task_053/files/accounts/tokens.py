"""Signed, expiring tokens for the links we e-mail: confirming an address and resetting a password.

Tokens are signed, not encrypted: never put anything in one that its recipient may not read.
"""

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accounts.store import User

CONFIRM_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 60 * 60


class InvalidToken(Exception):
    """A link we did not issue, one that has been used, or one for something that has changed."""


class ExpiredToken(InvalidToken):
    def __init__(self, user_id: int):
        super().__init__("this link has expired")
        self.user_id = user_id


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash. Every new password gets a new salt and so a new fingerprint,
    which is what makes a reset link stop working once it has been used."""
    return hashlib.sha256(password_hash.encode("ascii")).hexdigest()[:16]


class AccountTokens:
    def __init__(self, secret_keys: list[str]):
        signer_kwargs = {"digest_method": hashlib.sha256}
        self._confirm = URLSafeTimedSerializer(secret_keys, salt="email-confirm", signer_kwargs=signer_kwargs)
        self._reset = URLSafeTimedSerializer(secret_keys, salt="password-reset", signer_kwargs=signer_kwargs)

    def confirm_token(self, user: User) -> str:
        return self._confirm.dumps({"uid": user.id, "email": user.email})

    def read_confirm_token(self, token: str) -> tuple[int, str]:
        """The user id and address a confirmation link was issued for."""
        try:
            data = self._confirm.loads(token, max_age=CONFIRM_MAX_AGE)
        except SignatureExpired as exc:
            raise ExpiredToken(self._confirm.load_payload(exc.payload)["uid"]) from None
        except BadSignature:
            raise InvalidToken("this link is not valid") from None
        return data["uid"], data["email"]

    def reset_token(self, user: User) -> str:
        return self._reset.dumps({"uid": user.id, "pw": password_fingerprint(user.password_hash)})

    def read_reset_token(self, token: str) -> tuple[int, str]:
        """The user id and password fingerprint a reset link was issued for."""
        try:
            data = self._reset.loads(token, max_age=RESET_MAX_AGE)
        except SignatureExpired:
            raise InvalidToken("this link has expired; ask for a new one") from None
        except BadSignature:
            raise InvalidToken("this link is not valid") from None
        return data["uid"], data["pw"]
