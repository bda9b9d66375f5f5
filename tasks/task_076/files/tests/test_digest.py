import unittest
from datetime import datetime, timedelta, timezone

from notify import digest
from notify.models import Event

SINCE = datetime(2024, 5, 2, 8, 0, tzinfo=timezone.utc)
NOW = SINCE + timedelta(hours=1)


def at(minutes):
    return SINCE + timedelta(minutes=minutes)


class DigestTest(unittest.TestCase):
    def test_groups_newest_first(self):
        events = [
            Event("comment", "bob", "Q3 plan", at(5)),
            Event("upload", "alice", "q3.pdf", at(20), size=1_500),
            Event("comment", "carol", "Q3 plan", at(30)),
        ]
        self.assertEqual(
            digest.build_digest(events, SINCE, NOW),
            ["bob and carol commented on Q3 plan · 30 minutes ago", "alice uploaded q3.pdf (1.5 kB) · 40 minutes ago"],
        )

    def test_window_is_half_open(self):
        events = [Event("comment", "bob", "Q3 plan", SINCE), Event("comment", "carol", "Q3 plan", NOW)]
        self.assertEqual(digest.build_digest(events, SINCE, NOW), ["bob commented on Q3 plan · an hour ago"])

    def test_overflow_is_counted(self):
        events = [Event("share", "dave", f"doc-{n}", at(n)) for n in range(digest.MAX_LINES + 2)]
        events.append(Event("share", "erin", "doc-0", at(0)))
        lines = digest.build_digest(events, SINCE, NOW)
        self.assertEqual(len(lines), digest.MAX_LINES + 1)
        self.assertEqual(lines[-1], "and 3 more notifications")

    def test_nothing_new(self):
        self.assertEqual(digest.build_digest([], SINCE, NOW), [])


if __name__ == "__main__":
    unittest.main()
