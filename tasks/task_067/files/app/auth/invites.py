"""Workspace invitations.

The link in the invitation e-mail carries `<invitation id>.<signature>`, an HMAC-SHA256 under the
server's invite key over the invitation's fields: no token is stored, and the members page can show the
link again while the invitation is pending. Whoever follows the link accepts it with their own account.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
from dataclasses import dataclass

from app import workspaces

INVITE_TTL_S = 7 * 24 * 3600
INVITABLE_ROLES = ("admin", "member", "guest")
_TOKEN = re.compile(r"([0-9]{1,18})\.([0-9a-f]{64})")


class InviteError(ValueError):
    """The invitation cannot be created or used; the message is shown to the user."""


class InviteNotFound(InviteError):
    """No invitation matches the link (unknown, or the link was altered)."""


@dataclass(frozen=True)
class Invitation:
    id: int
    workspace_id: int
    email: str
    role: str
    invited_by: int
    created_at: int
    expires_at: int
    accepted_by: int | None = None
    accepted_at: int | None = None


def _load(conn: sqlite3.Connection, invite_id: int) -> Invitation | None:
    row = conn.execute("SELECT * FROM invitations WHERE id = ?", (invite_id,)).fetchone()
    return Invitation(**dict(row)) if row else None


def _signature(key: bytes, invite: Invitation) -> str:
    if len(key) < 32:
        raise ValueError("the invite key must be at least 32 bytes")
    fields = [invite.id, invite.workspace_id, invite.email, invite.role, invite.created_at, invite.expires_at]
    return hmac.new(key, json.dumps(fields).encode(), hashlib.sha256).hexdigest()


def invite_token(key: bytes, invite: Invitation) -> str:
    """The token for the invitation's link: `/join?token=<token>`."""
    return f"{invite.id}.{_signature(key, invite)}"


def create_invite(
    conn: sqlite3.Connection, key: bytes, workspace_id: int, inviter_id: int, email: str, role: str, now: int
) -> tuple[Invitation, str]:
    """Invite `email` to the workspace; returns the invitation and its link token."""
    if workspaces.role_of(conn, workspace_id, inviter_id) not in workspaces.MANAGER_ROLES:
        raise InviteError("only the workspace's owners and admins can invite people")
    if role not in INVITABLE_ROLES:
        raise InviteError(f"role must be one of {', '.join(INVITABLE_ROLES)}")
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254:
        raise InviteError("enter a valid e-mail address")
    with conn:
        invite_id = conn.execute(
            "INSERT INTO invitations (workspace_id, email, role, invited_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (workspace_id, email, role, inviter_id, now, now + INVITE_TTL_S),
        ).lastrowid
    invite = Invitation(invite_id, workspace_id, email, role, inviter_id, now, now + INVITE_TTL_S)
    return invite, invite_token(key, invite)


def accept_invite(conn: sqlite3.Connection, key: bytes, token: str, user_id: int, now: int) -> Invitation:
    """Add the signed-in user to the invitation's workspace with its role, and use up the invitation."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise InviteNotFound("this invitation link is not valid")
    invite = _load(conn, int(match.group(1)))
    if invite is None or match.group(2) != _signature(key, invite):
        raise InviteNotFound("this invitation link is not valid")
    if invite.accepted_at is not None:
        raise InviteError("this invitation has already been used")
    if now >= invite.expires_at:
        raise InviteError("this invitation has expired; ask for a new one")
    with conn:
        cursor = conn.execute(
            "UPDATE invitations SET accepted_by = ?, accepted_at = ? WHERE id = ? AND accepted_at IS NULL",
            (user_id, now, invite.id),
        )
        if cursor.rowcount != 1:
            raise InviteError("this invitation has already been used")
        workspaces.add_member(conn, invite.workspace_id, user_id, invite.role, now)
    return _load(conn, invite.id)
