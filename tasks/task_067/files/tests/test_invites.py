import unittest

from app import db, users, workspaces
from app.auth import invites

KEY = b"test-invite-key-0123456789abcdef"


class InviteTest(unittest.TestCase):
    def setUp(self):
        self.conn = db.connect()
        self.addCleanup(self.conn.close)
        self.owner = users.create_user(self.conn, "owner@example.com", "Owner")
        self.guest = users.create_user(self.conn, "guest@example.com", "Guest")
        self.workspace = workspaces.create_workspace(self.conn, "Acme", self.owner, now=0)

    def invite(self, role="member", now=100):
        return invites.create_invite(self.conn, KEY, self.workspace, self.owner, " New@Example.com ", role, now)

    def test_accepting_adds_the_member_once(self):
        invite, token = self.invite()
        self.assertEqual(invite.email, "new@example.com")
        accepted = invites.accept_invite(self.conn, KEY, token, self.guest, now=200)
        self.assertEqual((accepted.accepted_by, accepted.accepted_at), (self.guest, 200))
        self.assertEqual(workspaces.role_of(self.conn, self.workspace, self.guest), "member")
        with self.assertRaises(invites.InviteError):
            invites.accept_invite(self.conn, KEY, token, self.guest, now=201)

    def test_altered_and_expired_links_are_rejected(self):
        invite, token = self.invite()
        other, _ = self.invite(role="guest")
        tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
        for bad in (tampered, f"{other.id}.{token.split('.')[1]}", "", "1", token.upper(), token + "0"):
            with self.assertRaises(invites.InviteNotFound, msg=bad):
                invites.accept_invite(self.conn, KEY, bad, self.guest, now=200)
        with self.assertRaises(invites.InviteError):
            invites.accept_invite(self.conn, KEY, token, self.guest, now=invite.expires_at)

    def test_only_managers_invite_and_roles_are_limited(self):
        invites.accept_invite(self.conn, KEY, self.invite(role="guest")[1], self.guest, now=200)
        with self.assertRaises(invites.InviteError):
            invites.create_invite(self.conn, KEY, self.workspace, self.guest, "x@example.com", "member", 300)
        with self.assertRaises(invites.InviteError):
            self.invite(role="owner")


if __name__ == "__main__":
    unittest.main()
