import unittest
from datetime import datetime, timedelta, timezone

from notify.models import Event
from notify.render import render, render_group

AT = datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc)


class RenderTest(unittest.TestCase):
    def test_upload_shows_size(self):
        event = Event("upload", "alice", "q3.pdf", AT, size=2_400_000)
        self.assertEqual(render(event, AT + timedelta(minutes=5)), "alice uploaded q3.pdf (2.4 MB) · 5 minutes ago")

    def test_empty_upload_shows_size(self):
        event = Event("upload", "alice", "empty.txt", AT, size=0)
        self.assertEqual(render(event, AT + timedelta(hours=3)), "alice uploaded empty.txt (0 Bytes) · 3 hours ago")

    def test_comment(self):
        event = Event("comment", "bob", "Q3 plan", AT)
        self.assertEqual(render(event, AT + timedelta(seconds=40)), "bob commented on Q3 plan · 40 seconds ago")

    def test_share(self):
        event = Event("share", "carol", "roadmap.xlsx", AT)
        self.assertEqual(render(event, AT + timedelta(days=1, hours=2)), "carol shared roadmap.xlsx with you · a day ago")

    def test_old_event_shows_date(self):
        event = Event("mention", "dave", "Q3 plan", AT)
        self.assertEqual(render(event, AT + timedelta(days=9)), "dave mentioned you in Q3 plan · May 02")

    def test_group_names_everyone_once(self):
        events = [
            Event("comment", "bob", "Q3 plan", AT),
            Event("comment", "alice", "Q3 plan", AT + timedelta(minutes=1)),
            Event("comment", "bob", "Q3 plan", AT + timedelta(minutes=2)),
        ]
        self.assertEqual(
            render_group(events, AT + timedelta(minutes=12)), "bob and alice commented on Q3 plan · 10 minutes ago"
        )

    def test_naive_time_is_refused(self):
        with self.assertRaises(ValueError):
            Event("comment", "bob", "Q3 plan", datetime(2024, 5, 2, 9, 30))


if __name__ == "__main__":
    unittest.main()
