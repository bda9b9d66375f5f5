"""Users, kept in memory behind one lock (the production build swaps in the Postgres store)."""

import dataclasses
import threading
from dataclasses import dataclass


class DuplicateEmail(Exception):
    pass


@dataclass
class User:
    id: int
    email: str  # always lower case
    password_hash: str
    email_confirmed: bool = False
    confirmation_sent_at: float | None = None  # when the newest confirmation link was sent


class UserStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users: dict[int, User] = {}
        self._by_email: dict[str, int] = {}
        self._next_id = 1

    def add(self, email: str, password_hash: str) -> User:
        with self._lock:
            if email in self._by_email:
                raise DuplicateEmail(email)
            user = User(self._next_id, email, password_hash)
            self._next_id += 1
            self._users[user.id] = user
            self._by_email[email] = user.id
            return dataclasses.replace(user)

    def get(self, user_id: int) -> User | None:
        with self._lock:
            user = self._users.get(user_id)
            return dataclasses.replace(user) if user else None

    def find_by_email(self, email: str) -> User | None:
        with self._lock:
            user_id = self._by_email.get(email)
            return dataclasses.replace(self._users[user_id]) if user_id is not None else None

    def change_email(self, user_id: int, email: str) -> None:
        with self._lock:
            user = self._users[user_id]
            if email == user.email:
                return
            if email in self._by_email:
                raise DuplicateEmail(email)
            del self._by_email[user.email]
            self._by_email[email] = user_id
            user.email = email
            user.email_confirmed = False
            user.confirmation_sent_at = None

    def set_password(self, user_id: int, password_hash: str) -> None:
        with self._lock:
            self._users[user_id].password_hash = password_hash

    def replace_password(self, user_id: int, current_hash: str, new_hash: str) -> bool:
        """Set a new password hash only if the stored one is still `current_hash`."""
        with self._lock:
            user = self._users.get(user_id)
            if user is None or user.password_hash != current_hash:
                return False
            user.password_hash = new_hash
            return True

    def mark_email_confirmed(self, user_id: int, email: str) -> bool:
        """Confirm the user's address if it is still `email`; False if the account has moved on."""
        with self._lock:
            user = self._users.get(user_id)
            if user is None or user.email != email:
                return False
            user.email_confirmed = True
            return True

    def note_confirmation_sent(self, user_id: int, at: float) -> None:
        with self._lock:
            self._users[user_id].confirmation_sent_at = at

    def claim_confirmation_resend(self, user_id: int, now: float, interval: float) -> User | None:
        """For an unconfirmed user whose newest confirmation link is older than `interval` seconds, note
        a new one as sent now and return the user; None otherwise (so only one caller sends it)."""
        with self._lock:
            user = self._users.get(user_id)
            if user is None or user.email_confirmed:
                return None
            if user.confirmation_sent_at is not None and now - user.confirmation_sent_at <= interval:
                return None
            user.confirmation_sent_at = now
            return dataclasses.replace(user)
