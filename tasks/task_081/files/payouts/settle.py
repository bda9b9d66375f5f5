"""Pays sellers their pending balances."""

from typing import Awaitable, Protocol

from payouts.balances import BalanceBook

MIN_PAYOUT_CENTS = 1000


class TransferFailed(Exception):
    pass


class Bank(Protocol):
    def transfer(self, seller_id: str, amount_cents: int, currency: str) -> Awaitable[None]: ...


class PayoutRunner:
    def __init__(self, book: BalanceBook, bank: Bank):
        self._book = book
        self._bank = bank

    async def pay(self, seller_id: str) -> int:
        """Pay out the seller's pending balance; returns the amount paid (0 below the minimum).

        The balance is taken before the transfer, so sales credited while it is in flight count
        towards the next payout instead of being paid twice."""
        amount = self._book.take(seller_id)
        if amount < MIN_PAYOUT_CENTS:
            self._book.restore(seller_id, amount)
            return 0
        try:
            await self._bank.transfer(seller_id, amount, self._book.payout_currency(seller_id))
        except TransferFailed:  # the bank refused it: no money moved
            self._book.restore(seller_id, amount)
            raise
        # Any other exception (a timeout, a cancel) leaves the outcome unknown, so the amount stays
        # taken: the nightly reconciliation settles it against the bank statement.
        return amount
