import os
import tempfile
import threading
import unittest

from rollupd import db, rollup
from rollupd.leases import Lease, LeaseKeeper, LeaseLost, LeaseStore, check_fence


class Clock:
    def __init__(self, now=1_000.0):
        self.now = now

    def __call__(self):
        return self.now


class LeaseTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "usage.db")
        self.conn = db.connect(self.path)
        db.init_schema(self.conn)
        self.clock = Clock()
        self.leases = LeaseStore(self.conn, self.clock)

    def tearDown(self):
        self.conn.close()
        self.dir.cleanup()


class LeaseStoreTest(LeaseTestCase):
    def test_one_owner_at_a_time(self):
        lease = self.leases.try_acquire("job", "w1", 10)
        self.assertEqual((lease.owner, lease.token, lease.expires_at), ("w1", 1, 1_010.0))
        self.assertIsNone(self.leases.try_acquire("job", "w2", 10))

    def test_expired_lease_is_taken_over_with_a_new_token(self):
        first = self.leases.try_acquire("job", "w1", 10)
        self.clock.now += 10
        second = self.leases.try_acquire("job", "w2", 10)
        self.assertEqual(second.token, first.token + 1)
        with self.assertRaises(LeaseLost):
            self.leases.renew(first, 10)

    def test_renew_extends(self):
        lease = self.leases.try_acquire("job", "w1", 10)
        self.clock.now += 8
        lease = self.leases.renew(lease, 10)
        self.assertEqual(lease.expires_at, 1_018.0)
        self.clock.now += 5
        self.assertIsNone(self.leases.try_acquire("job", "w2", 10))

    def test_release_frees_the_lease_and_keeps_counting(self):
        lease = self.leases.try_acquire("job", "w1", 10)
        self.assertTrue(self.leases.release(lease))
        self.assertFalse(self.leases.release(lease))
        self.assertEqual(self.leases.try_acquire("job", "w2", 10).token, 2)

    def test_fence_refuses_a_superseded_lease(self):
        first = self.leases.try_acquire("job", "w1", 10)
        self.clock.now += 11
        self.leases.try_acquire("job", "w2", 10)
        with self.assertRaises(LeaseLost):
            rollup.store(self.conn, "2024-05-01", {"a": 1}, lease=first)
        self.assertEqual(self.conn.execute("SELECT COUNT(*) FROM rollups").fetchone()[0], 0)

    def test_fence_refuses_an_unknown_lease(self):
        with self.assertRaises(LeaseLost):
            check_fence(self.conn, Lease("nope", "w1", 1, 0.0))


class KeeperTest(LeaseTestCase):
    def test_keeper_renews_until_stopped(self):
        lease = self.leases.try_acquire("job", "w1", 10)
        self.clock.now += 5
        keeper = LeaseKeeper(self.path, lease, 10, clock=self.clock, interval=0.01).start()
        for _ in range(200):
            if keeper.lease.expires_at == 1_015.0:
                break
            threading.Event().wait(0.01)
        keeper.stop()
        self.assertEqual(keeper.lease.expires_at, 1_015.0)
        self.assertFalse(keeper.lost.is_set())
        self.assertIsNone(self.leases.try_acquire("job", "w2", 10))

    def test_keeper_reports_a_lost_lease(self):
        lease = self.leases.try_acquire("job", "w1", 10)
        self.clock.now += 20
        self.leases.try_acquire("job", "w2", 10)
        keeper = LeaseKeeper(self.path, lease, 10, clock=self.clock, interval=0.01).start()
        self.assertTrue(keeper.lost.wait(2))
        keeper.stop()


class RunExclusiveTest(LeaseTestCase):
    def setUp(self):
        super().setUp()
        self.conn.execute("INSERT INTO usage_events (account_id, day, units) VALUES ('a', '2024-05-01', 5)")

    def test_runs_and_releases(self):
        self.assertEqual(rollup.run_exclusive(self.path, "2024-05-01", "w1", clock=self.clock), {"a": 5})
        self.assertIsNotNone(self.leases.try_acquire("rollup:2024-05-01", "w2", 10))

    def test_skips_a_day_held_elsewhere(self):
        self.leases.try_acquire("rollup:2024-05-01", "w2", 60)
        self.assertIsNone(rollup.run_exclusive(self.path, "2024-05-01", "w1", clock=self.clock))


if __name__ == "__main__":
    unittest.main()
