import unittest

from teamhub.acl.policy import allowed, can_assign, grant_matches, role_grants
from teamhub.acl.store import AssignmentStore
from teamhub.web.members import change_role


class GrantMatchesTest(unittest.TestCase):
    def test_patterns(self):
        self.assertTrue(grant_matches("tasks.write", "tasks.write"))
        self.assertTrue(grant_matches("tasks.*", "tasks.comment"))
        self.assertTrue(grant_matches("*.read", "billing.read"))
        self.assertFalse(grant_matches("tasks.*", "projects.write"))
        self.assertFalse(grant_matches("*.read", "billing.manage"))
        self.assertFalse(grant_matches("tasks.*", "tasks"))
        self.assertFalse(grant_matches("tasks.*", "tasks.labels.write"))

    def test_a_wildcard_is_only_covered_by_a_wildcard(self):
        self.assertTrue(grant_matches("billing.*", "billing.*"))
        self.assertFalse(grant_matches("billing.read", "billing.*"))


class PolicyTest(unittest.TestCase):
    def setUp(self):
        self.store = AssignmentStore()
        self.store.assign("ann", "owner", "w1")
        self.store.assign("bob", "editor", "w1")
        self.store.assign("sue", "support", None)
        self.store.assign("cat", "admin", "w1")

    def test_included_roles(self):
        self.assertLessEqual(role_grants("viewer"), role_grants("editor"))
        self.assertLessEqual(role_grants("admin") | role_grants("billing"), role_grants("owner"))

    def test_roles_are_per_workspace(self):
        bob = self.store.for_user("bob")
        self.assertTrue(allowed(bob, "tasks.write", "w1"))
        self.assertFalse(allowed(bob, "tasks.read", "w2"))

    def test_support_reads_everywhere(self):
        sue = self.store.for_user("sue")
        self.assertTrue(allowed(sue, "billing.read", "w9"))
        self.assertFalse(allowed(sue, "tasks.write", "w9"))

    def test_nobody_hands_out_more_than_they_have(self):
        cat = self.store.for_user("cat")
        self.assertTrue(can_assign(cat, "admin", "w1"))
        self.assertFalse(can_assign(cat, "billing", "w1"))
        self.assertFalse(can_assign(cat, "owner", "w1"))
        self.assertFalse(can_assign(self.store.for_user("bob"), "viewer", "w1"))

    def test_change_role(self):
        self.assertEqual(change_role(self.store, "cat", "w1", "bob", "admin")[0], 200)
        self.assertEqual(change_role(self.store, "cat", "w1", "ann", "viewer")[0], 403)
        self.assertEqual(change_role(self.store, "ann", "w1", "bob", "billing")[0], 200)
        self.assertEqual(change_role(self.store, "ann", "w1", "bob", "support")[0], 403)
        self.assertEqual(change_role(self.store, "ann", "w1", "bob", "root")[0], 400)
        self.assertEqual(self.store.role_in("bob", "w1"), "billing")


if __name__ == "__main__":
    unittest.main()
