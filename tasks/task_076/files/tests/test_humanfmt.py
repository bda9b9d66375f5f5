import unittest
from datetime import datetime, timedelta, timezone

from notify import humanfmt

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc)


class RelativeTest(unittest.TestCase):
    def test_recent(self):
        self.assertEqual(humanfmt.relative(NOW - timedelta(minutes=5), NOW), "5 minutes ago")
        self.assertEqual(humanfmt.relative(NOW - timedelta(days=2), NOW), "2 days ago")

    def test_just_now(self):
        self.assertEqual(humanfmt.relative(NOW, NOW), "now")

    def test_a_week_or_more_is_a_date(self):
        self.assertEqual(humanfmt.relative(NOW - timedelta(days=7), NOW), "Apr 25")
        self.assertEqual(humanfmt.relative(datetime(2023, 12, 30, tzinfo=timezone.utc), NOW), "Dec 30, 2023")


class FilesizeTest(unittest.TestCase):
    def test_sizes(self):
        self.assertEqual(humanfmt.filesize(1), "1 Byte")
        self.assertEqual(humanfmt.filesize(999), "999 Bytes")
        self.assertEqual(humanfmt.filesize(2_400_000), "2.4 MB")

    def test_negative(self):
        with self.assertRaises(ValueError):
            humanfmt.filesize(-1)


class PeopleTest(unittest.TestCase):
    def test_few(self):
        self.assertEqual(humanfmt.people(["alice"]), "alice")
        self.assertEqual(humanfmt.people(["alice", "bob"]), "alice and bob")
        self.assertEqual(humanfmt.people(["alice", "bob", "carol"]), "alice, bob and carol")

    def test_many(self):
        self.assertEqual(humanfmt.people(["alice", "bob", "carol", "dave"]), "alice, bob and 2 others")

    def test_repeated_names(self):
        self.assertEqual(humanfmt.people(["alice", "bob", "alice"]), "alice and bob")

    def test_none(self):
        with self.assertRaises(ValueError):
            humanfmt.people([])


if __name__ == "__main__":
    unittest.main()
