"""Credits sales from the marketplace's event stream to seller balances."""

import asyncio
import logging

from payouts.balances import BalanceBook
from payouts.money import Sale

log = logging.getLogger(__name__)

# A sale in a currency whose rate is not cached waits for the treasury service; more workers keep
# the other sales moving meanwhile.
WORKERS = 4


async def _worker(queue: "asyncio.Queue[Sale]", book: BalanceBook, parked: list[Sale]) -> None:
    while True:
        sale = await queue.get()
        try:
            await book.credit(sale)
        except Exception:
            # Parked sales are credited again by the hourly retry job; nothing is lost.
            log.exception("could not credit sale %s; parked for retry", sale.id)
            parked.append(sale)
        finally:
            queue.task_done()


async def run_consumer(
    queue: "asyncio.Queue[Sale]", book: BalanceBook, parked: list[Sale], workers: int = WORKERS
) -> None:
    """Credit sales from `queue` with `workers` concurrent workers until cancelled."""
    tasks = [asyncio.create_task(_worker(queue, book, parked), name=f"sales-worker-{n}") for n in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
