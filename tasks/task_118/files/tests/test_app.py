import tempfile
import time
import unittest
from pathlib import Path

from desk import store
from desk.app import make_app
from tests.client import Client


class DeskCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db_path = str(Path(self.tmp.name) / "desk.db")
        self.app = make_app(self.db_path, str(Path(self.tmp.name) / "uploads"))
        db = store.connect(self.db_path)
        with db:
            db.execute("INSERT INTO users (id, name, is_agent) VALUES (1, 'ann', 0), (2, 'bob', 0), (3, 'eve', 1)")
            for uid in (1, 2, 3):
                db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (f"s{uid}", uid, int(time.time()) + 3600))
        db.close()

    def tearDown(self):
        self.tmp.cleanup()


class TicketTest(DeskCase):

    def test_owner_and_agents_see_a_ticket(self):
        ann = Client(self.app, "s1")
        status, _, body = ann.post_form("/tickets", {"subject": "Printer on fire"})
        self.assertEqual(status, 201)
        ticket = body["id"]
        self.assertEqual(ann.get(f"/tickets/{ticket}")[0], 200)
        self.assertEqual(Client(self.app, "s3").get(f"/tickets/{ticket}")[0], 200)
        self.assertEqual(Client(self.app, "s2").get(f"/tickets/{ticket}")[0], 404)
        self.assertEqual(Client(self.app, None).get(f"/tickets/{ticket}")[0], 401)
        self.assertEqual(ann.get(f"/tickets/{ticket}")[2]["attachments"], [])
