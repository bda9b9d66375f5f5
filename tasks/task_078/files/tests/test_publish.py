import os
import stat
import tempfile
import unittest

from pricefeed.publish import publish


class PublishTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.scratch = os.path.join(self.dir.name, "scratch.csv")
        self.dest = os.path.join(self.dir.name, "prices.csv")
        with open(self.scratch, "w", encoding="utf-8") as f:
            f.write("sku,price_cents,currency\nAB-1,1299,EUR\n")

    def tearDown(self):
        self.dir.cleanup()

    def test_publishes_readable_file(self):
        size = publish(self.scratch, self.dest)
        with open(self.dest, encoding="utf-8") as f:
            self.assertEqual(f.read(), "sku,price_cents,currency\nAB-1,1299,EUR\n")
        self.assertEqual(size, len(b"sku,price_cents,currency\nAB-1,1299,EUR\n"))
        self.assertEqual(stat.S_IMODE(os.stat(self.dest).st_mode), 0o644)

    def test_keeps_previous_list(self):
        with open(self.dest, "w", encoding="utf-8") as f:
            f.write("sku,price_cents,currency\nAB-1,999,EUR\n")
        publish(self.scratch, self.dest)
        with open(self.dest + ".prev", encoding="utf-8") as f:
            self.assertEqual(f.read(), "sku,price_cents,currency\nAB-1,999,EUR\n")


if __name__ == "__main__":
    unittest.main()
