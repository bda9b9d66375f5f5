import os
import tempfile
import unittest

from rollupd import db, rollup


class RollupTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "usage.db")
        self.conn = db.connect(self.path)
        db.init_schema(self.conn)
        self.conn.executemany(
            "INSERT INTO usage_events (account_id, day, units) VALUES (?, ?, ?)",
            [("a", "2024-05-01", 3), ("a", "2024-05-01", 4), ("b", "2024-05-01", 1), ("a", "2024-05-02", 9)],
        )

    def tearDown(self):
        self.conn.close()
        self.dir.cleanup()

    def test_rollup_sums_units_per_account(self):
        self.assertEqual(rollup.run(self.conn, "2024-05-01"), {"a": 7, "b": 1})
        rows = self.conn.execute("SELECT account_id, units FROM rollups ORDER BY account_id").fetchall()
        self.assertEqual([tuple(r) for r in rows], [("a", 7), ("b", 1)])

    def test_rerun_replaces_the_day(self):
        rollup.run(self.conn, "2024-05-01")
        self.conn.execute("DELETE FROM usage_events WHERE account_id = 'b'")
        rollup.run(self.conn, "2024-05-01")
        rows = self.conn.execute("SELECT account_id FROM rollups").fetchall()
        self.assertEqual([r[0] for r in rows], ["a"])


if __name__ == "__main__":
    unittest.main()
