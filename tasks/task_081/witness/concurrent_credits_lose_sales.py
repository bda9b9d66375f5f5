"""Two sales of one seller credited concurrently (as the consumer's workers do) must both count.

The interleaving is forced: the treasury fetch for EUR->USD waits on an event until a same-currency
sale of the same seller has been credited."""

import asyncio
from decimal import Decimal

from payouts.balances import BalanceBook
from payouts.consumer import run_consumer
from payouts.fx import RateCache
from payouts.money import Sale


async def direct() -> None:
    release = asyncio.Event()

    async def fetch(base, quote):
        await release.wait()
        return Decimal("1.10")

    book = BalanceBook(RateCache(fetch), {"s1": "USD"})
    eur_sale = asyncio.create_task(book.credit(Sale("1", "s1", 1000, "EUR")))
    for _ in range(5):
        await asyncio.sleep(0)  # the EUR credit is now waiting for its rate
    assert not eur_sale.done()
    await book.credit(Sale("2", "s1", 500, "USD"))
    assert book.pending("s1") == 500
    release.set()
    await eur_sale
    assert book.pending("s1") == 1100 + 500, (
        f"pending is {book.pending('s1')}, expected 1600: the USD sale credited while the EUR sale waited "
        "for its rate was overwritten (balance read before the await)"
    )


async def through_consumer() -> None:
    release = asyncio.Event()

    async def fetch(base, quote):
        await release.wait()
        return Decimal("1.10")

    book = BalanceBook(RateCache(fetch), {"s1": "USD"})
    queue, parked = asyncio.Queue(), []
    queue.put_nowait(Sale("1", "s1", 1000, "EUR"))
    queue.put_nowait(Sale("2", "s1", 500, "USD"))
    queue.put_nowait(Sale("3", "s1", 2000, "EUR"))
    consumer = asyncio.create_task(run_consumer(queue, book, parked))
    for _ in range(50):
        await asyncio.sleep(0)
        if book.pending("s1") == 500:
            break
    assert book.pending("s1") == 500, "the USD sale should be credited while the EUR ones wait"
    release.set()
    await queue.join()
    consumer.cancel()
    await asyncio.gather(consumer, return_exceptions=True)
    assert not parked
    assert book.pending("s1") == 1100 + 500 + 2200, (
        f"pending is {book.pending('s1')}, expected 3800: concurrent workers lost credits of the same seller"
    )


asyncio.run(direct())
asyncio.run(through_consumer())
print("ok: concurrent credits all count")
