"""Role assignments: which user holds which role, in which workspace."""
import threading
from dataclasses import dataclass

from teamhub.acl.roles import ROLES, SITE_ROLES

ANY = object()


class RoleChanged(Exception):
    """The member's role changed since the caller looked at it."""


@dataclass(frozen=True)
class Assignment:
    user_id: str
    role: str
    workspace_id: str | None  # None: site-wide (SITE_ROLES only)


class AssignmentStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._by_user = {}

    def assign(self, user_id, role, workspace_id, *, if_current=ANY):
        """Give `user_id` `role` in `workspace_id`, replacing their previous role there.

        With `if_current`, only if their role there is still `if_current` (None: no role);
        RoleChanged otherwise.
        """
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if workspace_id is None and role not in SITE_ROLES:
            raise ValueError(f"role {role!r} can only be assigned in a workspace")
        if workspace_id is not None and role in SITE_ROLES:
            raise ValueError(f"role {role!r} can only be assigned site-wide")
        with self._lock:
            if if_current is not ANY and self._role_in(user_id, workspace_id) != if_current:
                raise RoleChanged(user_id)
            held = [a for a in self._by_user.get(user_id, []) if a.workspace_id != workspace_id]
            held.append(Assignment(user_id, role, workspace_id))
            self._by_user[user_id] = held

    def revoke(self, user_id, workspace_id):
        with self._lock:
            held = self._by_user.get(user_id, [])
            self._by_user[user_id] = [a for a in held if a.workspace_id != workspace_id]

    def role_in(self, user_id, workspace_id):
        """The role `user_id` holds in `workspace_id` itself, or None."""
        with self._lock:
            return self._role_in(user_id, workspace_id)

    def _role_in(self, user_id, workspace_id):
        for a in self._by_user.get(user_id, []):
            if a.workspace_id == workspace_id:
                return a.role
        return None

    def for_user(self, user_id):
        with self._lock:
            return list(self._by_user.get(user_id, []))
