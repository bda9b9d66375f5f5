"""Sign-up, sign-in, confirming an e-mail address and resetting a forgotten password."""

import re
import time
from collections.abc import Callable

from accounts.jobs import JobQueue
from accounts.mail import Outbox
from accounts.passwords import DUMMY_HASH, hash_password, verify_password
from accounts.settings import Settings
from accounts.store import DuplicateEmail, User, UserStore
from accounts.tokens import CONFIRM_MAX_AGE, AccountTokens, ExpiredToken, InvalidToken, password_fingerprint

EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024


class AccountError(ValueError):
    """Shown to the user as is."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"passwords are {MIN_PASSWORD} to {MAX_PASSWORD} characters")


class AccountService:
    def __init__(
        self,
        users: UserStore,
        outbox: Outbox,
        jobs: JobQueue,
        settings: Settings,
        clock: Callable[[], float] = time.time,
    ):
        self._users = users
        self._outbox = outbox
        self._jobs = jobs
        self._settings = settings
        self._clock = clock
        self._tokens = AccountTokens(settings.signing_keys())
        jobs.register("send_reset_link", self._send_reset_link)

    def register(self, email: str, password: str) -> User:
        email = normalise_email(email)
        if not EMAIL_RE.fullmatch(email):
            raise AccountError("that does not look like an e-mail address")
        check_new_password(password)
        try:
            user = self._users.add(email, hash_password(password))
        except DuplicateEmail:
            raise AccountError("an account with that address exists; sign in instead") from None
        self._users.note_confirmation_sent(user.id, self._clock())
        self._send_confirmation(user)
        return user

    def authenticate(self, email: str, password: str) -> User | None:
        user = self._users.find_by_email(normalise_email(email))
        if user is None:
            verify_password(password, DUMMY_HASH)
            return None
        return user if verify_password(password, user.password_hash) else None

    def change_password(self, user_id: int, current: str, new: str) -> None:
        user = self._users.get(user_id)
        if user is None or not verify_password(current, user.password_hash):
            raise AccountError("your current password is not right")
        check_new_password(new)
        self._users.set_password(user_id, hash_password(new))

    # --- e-mail confirmation -------------------------------------------------------------------

    def _send_confirmation(self, user: User) -> None:
        link = f"{self._settings.base_url}/confirm-email?token={self._tokens.confirm_token(user)}"
        self._outbox.send(user.email, "Confirm your e-mail address", f"Confirm your address: {link}")

    def confirm_email(self, token: str) -> str:
        """Confirm the address a link was sent to: "confirmed", "already-confirmed", or for an expired
        link "resent" (a new link is on its way) or "expired" (a newer link is still valid)."""
        try:
            user_id, email = self._tokens.read_confirm_token(token)
        except ExpiredToken as exc:
            return self._confirm_expired(exc.user_id)
        if not self._users.mark_email_confirmed(user_id, email):
            raise InvalidToken("this link is for an address the account no longer uses")
        return "confirmed"

    def _confirm_expired(self, user_id: int) -> str:
        resend_to = self._users.claim_confirmation_resend(user_id, self._clock(), CONFIRM_MAX_AGE)
        if resend_to is not None:
            self._send_confirmation(resend_to)
            return "resent"
        user = self._users.get(user_id)
        if user is None:
            raise InvalidToken("this link is not valid")
        return "already-confirmed" if user.email_confirmed else "expired"

    # --- password reset ------------------------------------------------------------------------

    def request_password_reset(self, email: str) -> None:
        """Always accepted: whether the address has an account is decided by the job, off the request."""
        self._jobs.enqueue("send_reset_link", email=normalise_email(email))

    def _send_reset_link(self, email: str) -> None:
        user = self._users.find_by_email(email)
        if user is None:
            return
        link = f"{self._settings.base_url}/reset-password?token={self._tokens.reset_token(user)}"
        self._outbox.send(user.email, "Reset your password", f"Choose a new password (valid for an hour): {link}")

    def reset_password(self, token: str, new_password: str) -> None:
        user_id, fingerprint = self._tokens.read_reset_token(token)
        check_new_password(new_password)
        user = self._users.get(user_id)
        if user is None or fingerprint != password_fingerprint(user.password_hash):
            raise InvalidToken("this link has already been used")
        if not self._users.replace_password(user.id, user.password_hash, hash_password(new_password)):
            raise InvalidToken("this link has already been used")
        self._outbox.send(user.email, "Your password was changed", "Your password was just reset.")
