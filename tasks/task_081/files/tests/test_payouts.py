import asyncio
import unittest
from decimal import Decimal

from payouts.balances import BalanceBook
from payouts.consumer import run_consumer
from payouts.fx import FxUnavailable, RateCache
from payouts.money import Sale
from payouts.settle import PayoutRunner, TransferFailed

RATES = {("EUR", "USD"): Decimal("1.0850"), ("GBP", "USD"): Decimal("1.2710"), ("USD", "EUR"): Decimal("0.9217")}
SELLERS = {"s1": "USD", "s2": "USD", "s3": "EUR"}


class FakeTreasury:
    def __init__(self):
        self.calls = []

    async def fetch(self, base, quote):
        self.calls.append((base, quote))
        await asyncio.sleep(0)
        if (base, quote) not in RATES:
            raise FxUnavailable(f"no rate for {base}/{quote}")
        return RATES[(base, quote)]


class FakeBank:
    def __init__(self, fail=False):
        self.fail = fail
        self.transfers = []

    async def transfer(self, seller_id, amount_cents, currency):
        if self.fail:
            raise TransferFailed("bank said no")
        self.transfers.append((seller_id, amount_cents, currency))


class PayoutTests(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.treasury = FakeTreasury()
        self.rates = RateCache(self.treasury.fetch)
        self.book = BalanceBook(self.rates, SELLERS)

    async def test_credit_converts_to_the_payout_currency(self):
        await self.book.credit(Sale("1", "s1", 1000, "EUR"))
        await self.book.credit(Sale("2", "s1", 999, "GBP"))
        await self.book.credit(Sale("3", "s1", 250, "USD"))
        self.assertEqual(self.book.pending("s1"), 1085 + 1270 + 250)  # 1269.729 rounds to 1270
        await self.book.credit(Sale("4", "s3", 1000, "USD"))
        self.assertEqual(self.book.pending("s3"), 922)

    async def test_rates_are_cached_and_shared(self):
        first, second = await asyncio.gather(self.rates.rate("EUR", "USD"), self.rates.rate("EUR", "USD"))
        self.assertEqual(first, second)
        await self.rates.rate("EUR", "USD")
        self.assertEqual(self.treasury.calls, [("EUR", "USD")])

    async def test_expired_rate_is_fetched_again(self):
        now = [0.0]
        rates = RateCache(self.treasury.fetch, ttl=300, clock=lambda: now[0])
        await rates.rate("EUR", "USD")
        now[0] = 301.0
        await rates.rate("EUR", "USD")
        self.assertEqual(len(self.treasury.calls), 2)

    async def test_consumer_credits_sales(self):
        queue, parked = asyncio.Queue(), []
        for i, (seller, amount, currency) in enumerate(
            [("s1", 500, "USD"), ("s1", 700, "USD"), ("s2", 1000, "EUR"), ("s3", 300, "EUR"), ("s2", 100, "CAD")]
        ):
            queue.put_nowait(Sale(str(i), seller, amount, currency))
        consumer = asyncio.create_task(run_consumer(queue, self.book, parked))
        await queue.join()
        consumer.cancel()
        self.assertEqual(self.book.pending("s1"), 1200)
        self.assertEqual(self.book.pending("s2"), 1085)
        self.assertEqual(self.book.pending("s3"), 300)
        self.assertEqual([sale.id for sale in parked], ["4"])  # no CAD rate: parked for the retry job

    async def test_failed_transfer_keeps_the_balance(self):
        await self.book.credit(Sale("1", "s3", 5000, "EUR"))
        with self.assertRaises(TransferFailed):
            await PayoutRunner(self.book, FakeBank(fail=True)).pay("s3")
        self.assertEqual(self.book.pending("s3"), 5000)
        bank = FakeBank()
        self.assertEqual(await PayoutRunner(self.book, bank).pay("s3"), 5000)
        self.assertEqual(bank.transfers, [("s3", 5000, "EUR")])
        self.assertEqual(self.book.pending("s3"), 0)


if __name__ == "__main__":
    unittest.main()
