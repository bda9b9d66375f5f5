import json
import unittest

from wallet import db
from wallet.api import get_transactions
from wallet.cursors import CursorCodec

KEY = b"k" * 32


class TransactionListTests(unittest.TestCase):
    def setUp(self):
        self.conn = db.connect()
        self.cursors = CursorCodec(KEY)
        for day in range(1, 4):
            db.add_transaction(self.conn, 1, f"2024-05-0{day}T09:00:00.000000Z", 100 * day, f"day {day}")
        # two rows with the same timestamp and amount: id orders them
        db.add_transaction(self.conn, 1, "2024-05-02T09:00:00.000000Z", 200, "day 2 again")
        db.add_transaction(self.conn, 2, "2024-05-02T10:00:00.000000Z", 999, "someone else")

    def get(self, **query):
        status, body = get_transactions(self.conn, self.cursors, 1, query)
        return status, json.loads(body)

    def walk(self, sort, limit):
        seen, query = [], {"sort": sort, "limit": str(limit)}
        while True:
            status, body = self.get(**query)
            self.assertEqual(status, 200)
            seen += [t["description"] for t in body["items"]]
            if body["next_cursor"] is None:
                return seen
            query["cursor"] = body["next_cursor"]

    def test_newest_first_and_own_account_only(self):
        status, body = self.get()
        self.assertEqual(status, 200)
        self.assertEqual(
            [t["description"] for t in body["items"]], ["day 3", "day 2 again", "day 2", "day 1"]
        )
        self.assertIsNone(body["next_cursor"])

    def test_pages_in_every_order(self):
        self.assertEqual(self.walk("newest", 1), ["day 3", "day 2 again", "day 2", "day 1"])
        self.assertEqual(self.walk("oldest", 3), ["day 1", "day 2", "day 2 again", "day 3"])
        self.assertEqual(self.walk("largest", 2), ["day 3", "day 2 again", "day 2", "day 1"])

    def test_edited_cursor_is_refused(self):
        cursor = self.get(limit="2")[1]["next_cursor"]
        body, mac = cursor.split(".")
        self.assertEqual(self.get(cursor=body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac)[0], 400)
        self.assertEqual(self.get(cursor="not a cursor")[0], 400)

    def test_cursor_is_bound_to_its_sort(self):
        cursor = self.get(limit="2")[1]["next_cursor"]
        self.assertEqual(self.get(sort="largest", cursor=cursor)[0], 400)

    def test_bad_parameters(self):
        self.assertEqual(self.get(sort="amount_cents")[0], 400)
        self.assertEqual(self.get(limit="x")[0], 400)
        self.assertEqual(self.get(limit="0")[0], 400)
        self.assertEqual(self.get(limit="101")[0], 400)


if __name__ == "__main__":
    unittest.main()
