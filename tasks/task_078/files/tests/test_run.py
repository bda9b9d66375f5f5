import os
import tempfile
import unittest
from datetime import date

from pricefeed.loader import PriceList
from pricefeed.run import FeedRejected, run

FEED = "SKU,Price,Currency\nab-1,12.99,EUR\nAB-2,\"3,50\",usd\n"
DAY = date(2024, 5, 2)


class RunTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.feed = os.path.join(self.dir.name, "feed.csv")
        self.dest = os.path.join(self.dir.name, "prices.csv")

    def tearDown(self):
        self.dir.cleanup()

    def write_feed(self, text):
        with open(self.feed, "w", encoding="utf-8") as f:
            f.write(text)

    def test_publishes(self):
        self.write_feed(FEED)
        self.assertEqual(run(self.feed, self.dest, "acme", DAY).published, 2)
        prices = PriceList(self.dest)
        prices.refresh()
        self.assertEqual(prices.prices, {"AB-1": (1299, "EUR"), "AB-2": (350, "USD")})

    def test_a_few_bad_rows_are_left_out(self):
        good = "".join(f"AB-{n},1.00\n" for n in range(40))
        self.write_feed("SKU,Price\n" + good + "AB-X,free\n")
        result = run(self.feed, self.dest, "acme", DAY)
        self.assertEqual((result.published, result.rejected), (40, [(42, "AB-X: price 'free' is not a number")]))

    def test_too_many_bad_rows_publish_nothing(self):
        self.write_feed("SKU,Price\nAB-1,1.00\nAB-2,free\n")
        with self.assertRaises(FeedRejected) as caught:
            run(self.feed, self.dest, "acme", DAY)
        self.assertEqual(caught.exception.result.published, 1)
        self.assertFalse(os.path.exists(self.dest))

    def test_empty_feed_is_rejected(self):
        self.write_feed("SKU,Price\n")
        with self.assertRaises(FeedRejected):
            run(self.feed, self.dest, "acme", DAY)

    def test_scratch_file_is_removed(self):
        self.write_feed(FEED)
        before = set(os.listdir(tempfile.gettempdir()))
        run(self.feed, self.dest, "acme", DAY)
        self.assertEqual(set(os.listdir(tempfile.gettempdir())) - before, set())

    def test_invalid_feed_name(self):
        self.write_feed(FEED)
        with self.assertRaises(ValueError):
            run(self.feed, self.dest, "../acme", DAY)


if __name__ == "__main__":
    unittest.main()
